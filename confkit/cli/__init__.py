"""The `confkit` command: the only package that prints or exits. Each command parses, calls the library, prints."""

from confkit.cli.app import app
from confkit.cli import event, outputs, invites, checkin, serve  # noqa: F401, E402  (each adds its commands to `app`, in this order)

__all__ = ["app"]
