"""The `confkit` command: the only module that prints or exits."""

from __future__ import annotations

import json
import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .messages import UNUSABLE

app = typer.Typer(help="confkit: one spreadsheet in, everything a study day or a conference needs out.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


class Lang(str, Enum):
    fr = "fr"
    en = "en"


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


class Format(str, Enum):
    text = "text"
    json = "json"


EventArg = Annotated[Path, typer.Argument(help="Event folder (holding event.xlsx or event.ods) or a workbook.",
                                          show_default=False)]
LangOpt = Annotated[Optional[Lang], typer.Option("--lang", help="Language of messages (default: the event's).")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")]


def _fallback_lang() -> str:
    return "fr" if os.environ.get("LANG", "").startswith("fr") else "en"


def _inspect(event: Path, lang: Optional[Lang]):
    """Read and check, or exit 2 with one line when the input cannot be read at all."""
    from .build import inspect
    from .sheets import Unusable

    try:
        return inspect(event)
    except Unusable as unusable:
        _exit_unusable(unusable, lang)


def _exit_unusable(unusable, lang: Optional[Lang]):
    language = lang.value if lang else _fallback_lang()
    typer.echo(UNUSABLE[unusable.code][language].format(**unusable.params), err=True)
    raise typer.Exit(2)


def _language(inspection, lang: Optional[Lang]) -> str:
    if lang:
        return lang.value
    return inspection.event.language if inspection.event else _fallback_lang()


def _print_problems(problems, language: str, err: bool = False) -> None:
    from .problems import summary

    for problem in problems:
        typer.echo(problem.render(language), err=err)
    typer.echo(summary(problems, language), err=err)


@app.command()
def check(event: EventArg, format: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
          strict: StrictOpt = False, lang: LangOpt = None) -> None:
    """Validate an event: every problem located as Sheet!Cell, errors and warnings.

    Exit code 0 when clean, 1 on errors (or warnings with --strict), 2 when the input cannot be read.

    Example: confkit check sample_event --format json
    """
    inspection = _inspect(event, lang)
    language = _language(inspection, lang)
    if format is Format.json:
        counts = {"errors": sum(p.severity == "error" for p in inspection.problems)}
        counts["warnings"] = len(inspection.problems) - counts["errors"]
        typer.echo(json.dumps({**counts, "problems": [p.as_dict(language) for p in inspection.problems]},
                              ensure_ascii=False, indent=2))
    else:
        _print_problems(inspection.problems, language)
    raise typer.Exit(1 if inspection.failed(strict) else 0)


@app.command()
def new(folder: Annotated[Path, typer.Argument(help="Folder to create.", show_default=False)],
        lang: Annotated[Lang, typer.Option("--lang", help="Language of the template.")] = Lang.en) -> None:
    """Create an event folder: a template event.xlsx to fill in, and photos/.

    Example: confkit new my-study-day --lang fr
    """
    from .scaffold import AlreadyExists, scaffold

    try:
        workbook = scaffold(folder, lang.value)
    except AlreadyExists as exists:
        typer.echo(_SCAFFOLD_EXISTS[lang.value].format(path=exists.path), err=True)
        raise typer.Exit(1) from None
    typer.echo(_SCAFFOLD_DONE[lang.value].format(path=workbook, folder=folder))


_SCAFFOLD_EXISTS = {"en": "{path} already exists: nothing was overwritten; choose another folder",
                    "fr": "{path} existe déjà : rien n'a été écrasé ; choisissez un autre dossier"}
_SCAFFOLD_DONE = {"en": "Created {path}: fill it in, then run `confkit check {folder}`.",
                  "fr": "{path} créé : remplissez-le, puis lancez `confkit check {folder}`."}


OutOpt = Annotated[Path, typer.Option("-o", "--out", help="Output folder.", show_default=False)]
TemplatesOpt = Annotated[Optional[Path], typer.Option(
    "--templates", help="Folder of your own templates; each file replaces ours (see templates/README.md).",
    exists=True, file_okay=False)]
PaperOpt = Annotated[Paper, typer.Option("--paper", help="Paper size of the PDF.")]
BookletOpt = Annotated[bool, typer.Option("--booklet", help="Also write an A5 booklet imposed on A4 sheets.")]


@app.command()
def programme(event: EventArg, out: OutOpt, paper: PaperOpt = Paper.a4, booklet: BookletOpt = False,
              templates: TemplatesOpt = None, strict: StrictOpt = False, lang: LangOpt = None) -> None:
    """Write the programme (programme.html, programme.pdf) and the schedule feeds for conference apps.

    Nothing is written when the check finds errors.

    Example: confkit programme sample_event -o out --booklet
    """
    from .build import Options, render_programme

    _run(event, out, Options(paper.value, booklet, templates, strict), lang, (render_programme,))


class QrContent(str, Enum):
    checkin = "checkin"
    vcard = "vcard"


class Sort(str, Enum):
    name = "name"
    organisation = "organisation"
    category = "category"


class SplitBy(str, Enum):
    letter = "letter"
    category = "category"


@app.command()
def badges(event: EventArg, out: OutOpt,
           layout: Annotated[str, typer.Option("--layout", help="Sheet preset (a4-8, a4-4-a6, a6, a4-fold, letter-6, "
                                               "avery-l7418, herma-4412, durable-54x90) or your own .json file.")] = "a4-8",
           qr: Annotated[QrContent, typer.Option("--qr", help="checkin: a signed check-in code; vcard: a contact card.")]
           = QrContent.checkin,
           sort: Annotated[Sort, typer.Option("--sort", help="Order of the badges.")] = Sort.name,
           category: Annotated[Optional[str], typer.Option("--category", help="Only this category (speaker, press ...).")]
           = None,
           ids: Annotated[Optional[str], typer.Option("--ids", help="Only these registrant ids, comma-separated "
                                                      "(to reprint a lost badge).")] = None,
           split_by: Annotated[Optional[SplitBy], typer.Option("--split-by", help="One PDF per initial or category.")]
           = None,
           start_at: Annotated[int, typer.Option("--start-at", min=1, help="First label to use on a partly used sheet.")]
           = 1,
           calibrate: Annotated[bool, typer.Option("--calibrate", help="Only a page of outlines and rulers, to check "
                                                   "the printer's alignment.")] = False,
           templates: TemplatesOpt = None, strict: StrictOpt = False, lang: LangOpt = None) -> None:
    """Write print-ready badges (badges.pdf), a preview and the check-in public key.

    Example: confkit badges sample_event -o out --layout avery-l7418 --start-at 3
    """
    from .build import Options, render_badges
    from .cells import BadCell, choice
    from .columns import CATEGORIES

    try:
        chosen = choice(category, CATEGORIES) if category else None
    except BadCell:
        raise typer.BadParameter(f"expected one of: {', '.join(CATEGORIES)}", param_hint="--category") from None
    choices = {"qr": qr.value, "sort": sort.value, "category": chosen, "start_at": start_at, "calibrate": calibrate,
               "ids": tuple(i.strip() for i in ids.split(",") if i.strip()) if ids else (),
               "split_by": split_by.value if split_by else None}
    _run(event, out, Options(templates=templates, strict=strict, layout=layout, badges=choices), lang, (render_badges,))


@app.command()
def build(event: EventArg, out: OutOpt, paper: PaperOpt = Paper.a4, booklet: BookletOpt = False,
          templates: TemplatesOpt = None, strict: StrictOpt = False, lang: LangOpt = None) -> None:
    """Check the event, then write every output that needs no network into OUT.

    Nothing is written when the check finds errors.

    Example: confkit build sample_event -o out
    """
    from .build import OUTPUTS, Options

    _run(event, out, Options(paper.value, booklet, templates, strict), lang, OUTPUTS)


def _run(event: Path, out: Path, options, lang: Optional[Lang], outputs) -> None:
    """Check, render and write; every user mistake ends in a message and an exit code."""
    from .badge_layouts import LayoutProblem
    from .build import CheckFailed, TemplateFailed, build as build_event
    from .sheets import Unusable
    from .tokens import KeyProblem

    try:
        inspection, written = build_event(event, out, options, outputs)
    except Unusable as unusable:
        _exit_unusable(unusable, lang)
    except CheckFailed as failed:
        _print_problems(failed.inspection.problems, _language(failed.inspection, lang), err=True)
        raise typer.Exit(1) from None
    except TemplateFailed as failed:
        typer.echo(f"{failed.where}: {failed.message}", err=True)
        raise typer.Exit(1) from None
    except LayoutProblem as problem:
        typer.echo(f"{problem.where}: {problem.message}", err=True)
        raise typer.Exit(1) from None
    except KeyProblem as problem:
        typer.echo(problem.message(lang.value if lang else _fallback_lang()), err=True)
        raise typer.Exit(1) from None
    except OSError as error:  # OUT is a file, read-only, on a full disk ...
        typer.echo(f"{error.filename or out}: {error.strerror or error}", err=True)
        raise typer.Exit(1) from None
    language = _language(inspection, lang)
    _print_problems(inspection.problems, language)
    typer.echo(_BUILT[language].format(count=len(written), out=out))


_BUILT = {"en": "{count} file(s) written to {out}", "fr": "{count} fichier(s) écrit(s) dans {out}"}


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"confkit {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """confkit: one spreadsheet in, everything a study day or a conference needs out."""
