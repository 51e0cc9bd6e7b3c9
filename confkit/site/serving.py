"""A static file server on 127.0.0.1 for previewing the site, and for the browser tests."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from confkit.errors import UserError


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the terminal shows the address, not every request
        pass


def server(folder: Path, port: int = 8000) -> http.server.ThreadingHTTPServer:
    """A server of `folder`'s files bound to the loopback address only (never 0.0.0.0)."""
    if not (folder / "index.html").is_file():
        raise UserError("not_a_site", str(folder))
    handler = functools.partial(_Quiet, directory=str(folder))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        raise UserError("port_busy", f"127.0.0.1:{port}", reason=error.strerror or str(error)) from error
