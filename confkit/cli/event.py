"""`confkit new` and `confkit check`: the event folder itself."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from confkit.cli.app import EventArg, Lang, LangOpt, StrictOpt, app, guarded, language, print_problems, say


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command()
def check(event: EventArg, format: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
          strict: StrictOpt = False, lang: LangOpt = None) -> None:
    """Validate an event: every problem located as Sheet!Cell, errors and warnings.

    Exit code 0 when clean, 1 on errors (or warnings with --strict), 2 when the input cannot be read.

    Example: confkit check sample_event --format json
    """
    from confkit.pipeline import inspect

    inspection = guarded(lambda: inspect(event), lang)
    chosen = language(inspection, lang)
    if format is Format.json:
        counts = {"errors": sum(p.severity == "error" for p in inspection.problems)}
        counts["warnings"] = len(inspection.problems) - counts["errors"]
        typer.echo(json.dumps({**counts, "problems": [p.as_dict(chosen) for p in inspection.problems]},
                              ensure_ascii=False, indent=2))
    else:
        print_problems(inspection.problems, chosen)
    raise typer.Exit(1 if inspection.failed(strict) else 0)


@app.command()
def new(folder: Annotated[Path, typer.Argument(help="Folder to create.", show_default=False)],
        lang: Annotated[Lang, typer.Option("--lang", help="Language of the template.")] = Lang.en) -> None:
    """Create an event folder: a template event.xlsx to fill in, and photos/.

    Example: confkit new my-study-day --lang fr
    """
    from confkit.scaffold import scaffold

    workbook = guarded(lambda: scaffold(folder, lang.value), lang)
    typer.echo(say("scaffold_done", lang.value, path=workbook, folder=folder))
