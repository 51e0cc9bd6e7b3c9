"""The `confkit` command: the only module that prints or exits."""

from __future__ import annotations

import json
import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from confkit import __version__
from confkit.text.messages import UNUSABLE

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
    from confkit.build import inspect

    return _guarded(lambda: inspect(event), lang)


def _guarded(action, lang: Optional[Lang]):
    """Run a library call, turning the user's mistakes into messages and exit codes, never tracebacks."""
    from confkit.badges.layouts import LayoutProblem
    from confkit.build import CheckFailed, TemplateFailed
    from confkit.sheets import Unusable
    from confkit.badges.tokens import KeyProblem

    language = lang.value if lang else _fallback_lang()
    try:
        return action()
    except Unusable as unusable:
        typer.echo(UNUSABLE[unusable.code][language].format(**unusable.params), err=True)
        raise typer.Exit(2) from None
    except CheckFailed as failed:
        _print_problems(failed.inspection.problems, _language(failed.inspection, lang), err=True)
        raise typer.Exit(1) from None
    except LayoutProblem as problem:
        typer.echo(f"{problem.where}{' :' if language == 'fr' else ':'} {problem.text(language)}", err=True)
        raise typer.Exit(1) from None
    except TemplateFailed as problem:  # jinja's own words: English
        typer.echo(f"{problem.where}: {problem.message}", err=True)
        raise typer.Exit(1) from None
    except KeyProblem as problem:
        typer.echo(problem.message(language), err=True)
        raise typer.Exit(1) from None
    except OSError as error:  # OUT is a file, read-only, on a full disk ...
        typer.echo(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "), err=True)
        raise typer.Exit(1) from None


def _language(inspection, lang: Optional[Lang]) -> str:
    if lang:
        return lang.value
    return inspection.event.language if inspection.event else _fallback_lang()


def _print_problems(problems, language: str, err: bool = False) -> None:
    from confkit.problems import summary

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
    from confkit.scaffold import AlreadyExists, scaffold

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
    from confkit.build import Options, render_programme

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
    from confkit.build import Options, render_badges
    from confkit.cells import BadCell, choice
    from confkit.columns import CATEGORIES

    try:
        chosen = choice(category, CATEGORIES) if category else None
    except BadCell:
        raise typer.BadParameter(f"expected one of: {', '.join(CATEGORIES)}", param_hint="--category") from None
    choices = {"qr": qr.value, "sort": sort.value, "category": chosen, "start_at": start_at, "calibrate": calibrate,
               "ids": tuple(i.strip() for i in ids.split(",") if i.strip()) if ids else (),
               "split_by": split_by.value if split_by else None}
    _run(event, out, Options(templates=templates, strict=strict, layout=layout, badges=choices), lang, (render_badges,))


class Security(str, Enum):
    starttls = "starttls"
    tls = "tls"
    none = "none"


@app.command()
def invites(event: EventArg, out: OutOpt,
            send: Annotated[bool, typer.Option("--send", help="Send the invitations not sent yet, over SMTP.")] = False,
            dry_run: Annotated[bool, typer.Option("--dry-run", help="With --send: say what would be sent, "
                                                  "send and write nothing.")] = False,
            changes: Annotated[bool, typer.Option("--changes", help="Only list who must receive what since the "
                                                  "last run; write nothing.")] = False,
            attach_badge: Annotated[bool, typer.Option("--attach-badge", help="Attach each person's badge (A6 PDF).")]
            = False,
            rate: Annotated[Optional[float], typer.Option("--rate", min=0.1, help="Messages per minute at most.")]
            = None,
            smtp_host: Annotated[Optional[str], typer.Option("--smtp-host", help="Default: $CONFKIT_SMTP_HOST.")] = None,
            smtp_port: Annotated[Optional[int], typer.Option("--smtp-port", help="Default: $CONFKIT_SMTP_PORT, or "
                                                             "587 / 465 / 25 by security.")] = None,
            smtp_security: Annotated[Optional[Security], typer.Option("--smtp-security", help="starttls, tls or "
                                                                      "none. Default: $CONFKIT_SMTP_SECURITY or "
                                                                      "starttls.")] = None,
            smtp_user: Annotated[Optional[str], typer.Option("--smtp-user", help="Default: $CONFKIT_SMTP_USER. The "
                                                             "password comes from $CONFKIT_SMTP_PASSWORD or a "
                                                             "prompt, never from the command line.")] = None,
            templates: TemplatesOpt = None, strict: StrictOpt = False, lang: LangOpt = None) -> None:
    """Write calendars (calendar/), invitations and emails (invites/); with --send, send them.

    Nothing leaves the machine without --send. Sending is resumable: run it again after an
    interruption and each person receives each version of their invitation once.

    Example: confkit invites sample_event -o out --send --smtp-host smtp.example.org --rate 60
    """
    from confkit.build import Options, Pending, plan_invites, render_invites
    from confkit.invites.plan import describe

    options = Options(templates=templates, strict=strict, invites={"attach_badge": attach_badge})
    if changes or dry_run:
        inspection, rendered = _guarded(lambda: plan_invites(event, options), lang)
        language = _language(inspection, lang)
        _report_changes(rendered, Pending(inspection.event, rendered), language)
        raise typer.Exit(0)
    inspection, renders = _run(event, out, options, lang, (render_invites,))
    language = _language(inspection, lang)
    for line in describe(renders[0].plan.changes, language):
        typer.echo(line)
    if send:
        _send(inspection.event, Pending(inspection.event, renders[0]), rate,
              (smtp_host, smtp_port, smtp_security.value if smtp_security else None, smtp_user), language)


def _report_changes(rendered, waiting: list, language: str) -> None:
    from confkit.invites.plan import WORDS, describe

    for line in describe(rendered.plan.changes, language):
        typer.echo(line)
    words = WORDS[language]
    typer.echo(words["pending"].format(count=len(waiting)) if waiting else words["sent_all"])
    for key, recipient in waiting.listing():
        typer.echo(f"  {recipient}  ({key})")


def _send(event, waiting: list, rate, smtp: tuple, language: str) -> None:

    from confkit.invites import sending
    from confkit.build import JOURNAL

    try:
        settings = sending.settings_from(*smtp)
        if settings.user and not settings.password:
            settings = sending.SmtpSettings(settings.host, settings.port, settings.security, settings.user,
                                            typer.prompt(f"SMTP password for {settings.user}", hide_input=True),
                                            settings.timeout)
        journal = sending.Journal(event.folder / JOURNAL)
        with typer.progressbar(length=len(waiting), label=_SENDING[language]) as bar:
            report = sending.send(waiting, event.organiser_email, settings, journal, rate,
                                  progress=lambda item, status: bar.update(1))
    except sending.SendingProblem as problem:
        typer.echo(sending.MESSAGES[problem.code][language].format(**problem.params), err=True)
        raise typer.Exit(1) from None
    typer.echo(_SENT[language].format(sent=len(report.sent), skipped=len(report.skipped), failed=len(report.failed)))
    for key, reason in report.failed:
        typer.echo(f"  {key}: {reason}", err=True)
    if report.interrupted:
        typer.echo(_INTERRUPTED[language], err=True)
    raise typer.Exit(1 if report.failed or report.interrupted else 0)


_SENDING = {"en": "Sending", "fr": "Envoi"}
_SENT = {"en": "{sent} sent, {skipped} already sent before, {failed} failed",
         "fr": "{sent} envoyé(s), {skipped} déjà envoyé(s) auparavant, {failed} en échec"}
_INTERRUPTED = {"en": "the server went away: run the same command again to send the rest",
                "fr": "le serveur ne répond plus : relancez la même commande pour envoyer le reste"}


@app.command()
def build(event: EventArg, out: OutOpt, paper: PaperOpt = Paper.a4, booklet: BookletOpt = False,
          templates: TemplatesOpt = None, strict: StrictOpt = False, lang: LangOpt = None) -> None:
    """Check the event, then write every output that needs no network into OUT.

    Nothing is written when the check finds errors.

    Example: confkit build sample_event -o out
    """
    from confkit.build import OUTPUTS, Options

    _run(event, out, Options(paper.value, booklet, templates, strict), lang, OUTPUTS)


def _run(event: Path, out: Path, options, lang: Optional[Lang], outputs):
    """Check, render and write; every user mistake ends in a message and an exit code."""
    from confkit.build import build as build_event

    inspection, written, renders = _guarded(lambda: build_event(event, out, options, outputs), lang)
    language = _language(inspection, lang)
    _print_problems(inspection.problems, language)
    typer.echo(_BUILT[language].format(count=len(written), out=out))
    return inspection, renders


_BUILT = {"en": "{count} file(s) written to {out}", "fr": "{count} fichier(s) écrit(s) dans {out}"}


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"confkit {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """confkit: one spreadsheet in, everything a study day or a conference needs out."""
