"""One jinja environment per run: the user's templates first, ours second.

A user's `programme/page.html` replaces ours; `{% extends "default:programme/page.html" %}`
inside it extends ours instead (Pelican's `!simple/` idea). Autoescaping is on and
undefined variables are errors, so a misspelt variable never prints as nothing.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined,
                    select_autoescape)

BUILTIN = Path(str(files("confkit.default_templates")))


def environment(user_folder: Path | None = None) -> Environment:
    builtin = FileSystemLoader(BUILTIN)
    loaders = [FileSystemLoader(user_folder)] if user_folder else []
    loader = ChoiceLoader([*loaders, builtin, PrefixLoader({"default": builtin}, delimiter=":")])
    return Environment(loader=loader, undefined=StrictUndefined, autoescape=select_autoescape(
        enabled_extensions=("html", "xml", "svg"), default_for_string=True), trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, auto_reload=False)  # one run: no need to stat templates at every use

