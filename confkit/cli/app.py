"""The typer application, the options every command shares, and the one place user errors become messages."""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer

from confkit import __version__

app = typer.Typer(help="confkit: one spreadsheet in, everything a study day or a conference needs out.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
T = TypeVar("T")


class Lang(str, Enum):
    fr = "fr"
    en = "en"


EventArg = Annotated[Path, typer.Argument(help="Event folder (holding one workbook, event.xlsx or any name) or a workbook file.",
                                          show_default=False)]
LangOpt = Annotated[Optional[Lang], typer.Option("--lang", help="Language of messages (default: the event's).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]
OutOpt = Annotated[Path, typer.Option("-o", "--out", help="Output folder.", show_default=False)]
TemplatesOpt = Annotated[Optional[Path], typer.Option(
    "--templates", help="Folder of your own templates; each file replaces ours (see templates/README.md).",
    exists=True, file_okay=False)]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace OUT even if it holds files confkit did not write "
                                        "(they are removed, and named).")]


def say(key: str, lang: str, **params) -> str:
    """A sentence of the catalogue, in `lang`."""
    from confkit.text.messages import CATALOGUE

    return CATALOGUE[key][lang].format(**params)


def fallback_lang() -> str:
    return "fr" if os.environ.get("LANG", "").startswith("fr") else "en"


def language(inspection, lang: Optional[Lang]) -> str:
    if lang:
        return lang.value
    return inspection.event.language if inspection and inspection.event else fallback_lang()


def guarded(action: Callable[[], T], lang: Optional[Lang]) -> T:
    """Run a library call; a user's mistake ends in its message and exit code, never a traceback."""
    from confkit.errors import UserError

    try:
        return action()
    except UserError as error:
        inspection = getattr(error, "inspection", None)
        typer.echo(error.render(language(inspection, lang)), err=True)
        raise typer.Exit(error.exit_code) from None
    except OSError as error:  # OUT on a full disk or read-only, a folder in the way ...
        typer.echo(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "), err=True)
        raise typer.Exit(1) from None


def print_problems(problems, lang: str, err: bool = False) -> None:
    from confkit.problems import summary

    for problem in problems:
        typer.echo(problem.render(lang), err=err)
    typer.echo(summary(problems, lang), err=err)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"confkit {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """confkit: one spreadsheet in, everything a study day or a conference needs out."""
