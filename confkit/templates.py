"""One jinja environment per run: the user's templates first, ours second.

A user's `programme/page.html` replaces ours; `{% extends "default:programme/page.html" %}`
inside it extends ours instead (Pelican's `!simple/` idea). Autoescaping is on and
undefined variables are errors, so a misspelt variable never prints as nothing.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from jinja2 import (ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader,
                    StrictUndefined, pass_context, select_autoescape)
from markupsafe import Markup, escape

from confkit.text.labels import NBSP, french_spacing

BUILTIN = Path(str(files("confkit.default_templates")))


def environment(user_folder: Path | None = None, language: str = "en") -> Environment:
    """The environment, its filters registered here: every template has them, whatever renders first."""
    builtin = FileSystemLoader(BUILTIN)
    loaders = [FileSystemLoader(user_folder)] if user_folder else []
    loader = ChoiceLoader([*loaders, builtin, PrefixLoader({"default": builtin}, delimiter=":")])
    env = Environment(loader=loader, undefined=StrictUndefined, autoescape=select_autoescape(
        enabled_extensions=("html", "xml", "svg"), default_for_string=True), trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, auto_reload=False,  # one run: no need to stat templates at every use
        bytecode_cache=_compiled())
    env.filters.update(typo=_typography(language), colon=_colon(language), md=_markdown(language))
    return env


def _compiled() -> FileSystemBytecodeCache | None:
    """Templates compiled by earlier runs, in the user's cache (~/.cache/confkit): compiling them is a
    quarter of a second of every build. Jinja knows a template by its name and the digest of its
    source, so an edited template is compiled again; the folder is per Python version and per version
    of this file, whose options shape the compiled code too. None where no cache can be kept."""
    import hashlib
    import os
    import sys

    this = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=6).hexdigest()
    try:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = root / "confkit" / f"templates-py{sys.version_info[0]}{sys.version_info[1]}-{this}"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home, or a read-only one
        return None
    return FileSystemBytecodeCache(str(folder))


def _markdown(default: str):
    @pass_context
    def md(context, text) -> Markup:
        """Workbook text (recaps, bios, abstracts) as Markdown without raw HTML (see confkit.site.markdown),
        French text with its typography."""
        from confkit.site import markdown

        return markdown.render(str(text), french=_language(context, default) == "fr")
    return md


def _language(context, default: str) -> str:
    """The language of the text being rendered: the template's `lang` when it has one."""
    lang = context.get("lang")
    return lang if isinstance(lang, str) else default


def _typography(default: str):
    @pass_context
    def typo(context, value) -> Markup:
        """French typography (non-breaking spaces before : ; ? ! and inside « ») in French text."""
        text = str(value)
        return escape(french_spacing(text) if _language(context, default) == "fr" else text)
    return typo


def _colon(default: str):
    @pass_context
    def colon(context, value) -> Markup:
        """A label and its colon: `Modération :` in French, `Moderator:` in English."""
        return escape(f"{value}{NBSP}:" if _language(context, default) == "fr" else f"{value}:")
    return colon
