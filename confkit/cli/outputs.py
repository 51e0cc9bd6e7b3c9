"""`confkit build`, `programme` and `badges`: the pipeline, with all its outputs or some."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from confkit.cli.app import (EventArg, ForceOpt, Lang, LangOpt, OutOpt, QuietOpt, StrictOpt, TemplatesOpt, app,
                             fallback_lang, guarded)
from confkit.outputs import BY_NAME, BadgeOptions, InvitationOptions, NoOptions, ProgrammeOptions


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


PaperOpt = Annotated[Paper, typer.Option("--paper", help="Paper size of the PDF.")]
BookletOpt = Annotated[bool, typer.Option("--booklet", help="Also write an A5 booklet imposed on A4 sheets.")]


def run(event: Path, out: Path, selection, templates, strict: bool, lang: Optional[Lang], quiet: bool = False,
        force: bool = False):
    """Check, render and write with a progress display, then the summary; returns the pipeline's result."""
    from confkit.cli import display
    from confkit.pipeline import build

    shown = lang.value if lang else fallback_lang()
    holder, progress = display.progress_for(shown, lang is not None, quiet)
    with holder:
        result = guarded(lambda: build(event, out, selection, templates, strict, force, progress), lang)
    display.summary(result, lang.value if lang else result.inspection.event.language, quiet)
    return result


def names(value: Optional[str]) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip()) if value else ()


@app.command()
def build(event: EventArg, out: OutOpt, paper: PaperOpt = Paper.a4, booklet: BookletOpt = False,
          only: Annotated[Optional[str], typer.Option("--only", help="Only these outputs, comma-separated: "
                                                      + ", ".join(BY_NAME) + ".")] = None,
          skip: Annotated[Optional[str], typer.Option("--skip", help="Every output but these.")] = None,
          templates: TemplatesOpt = None, strict: StrictOpt = False, quiet: QuietOpt = False, force: ForceOpt = False,
          lang: LangOpt = None) -> None:
    """Check the event, then write every output that needs no network into OUT.

    Outputs: programme, feeds, badges, calendars, invitations, checkin, site. OUT is replaced only once
    every selected output succeeded; with --only or --skip, the other outputs' files stay.
    Nothing is written when the check finds errors.

    Example: confkit build sample_event -o out --only badges,programme

    Example: confkit build sample_event -o out --skip invitations --quiet
    """
    from confkit.outputs import select

    options = {"programme": ProgrammeOptions(paper.value, booklet), "badges": BadgeOptions(),
               "invitations": InvitationOptions()}
    chosen = guarded(lambda: select(names(only), names(skip)), lang)
    run(event, out, [(o, options.get(o.name) or o.options()) for o in chosen], templates, strict, lang, quiet, force)


@app.command()
def programme(event: EventArg, out: OutOpt, paper: PaperOpt = Paper.a4, booklet: BookletOpt = False,
              templates: TemplatesOpt = None, strict: StrictOpt = False, quiet: QuietOpt = False,
              force: ForceOpt = False, lang: LangOpt = None) -> None:
    """Write the programme (programme.html, programme.pdf) and the schedule feeds for conference apps.

    Nothing is written when the check finds errors.

    Example: confkit programme sample_event -o out --booklet
    """
    selection = [(BY_NAME["programme"], ProgrammeOptions(paper.value, booklet)), (BY_NAME["feeds"], NoOptions())]
    run(event, out, selection, templates, strict, lang, quiet, force)


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
           ids: Annotated[Optional[str], typer.Option("--ids", help="Only these people, by id or email, "
                                                      "comma-separated (to reprint a lost badge).")] = None,
           find: Annotated[Optional[str], typer.Option("--find", help="Only the people whose name or email holds "
                                                       "this, accents and case aside (to reprint by name).")] = None,
           split_by: Annotated[Optional[SplitBy], typer.Option("--split-by", help="One PDF per initial or category.")]
           = None,
           start_at: Annotated[int, typer.Option("--start-at", min=1, help="First label to use on a partly used sheet.")]
           = 1,
           calibrate: Annotated[bool, typer.Option("--calibrate", help="Only a page of outlines and rulers, to check "
                                                   "the printer's alignment.")] = False,
           reissue: Annotated[bool, typer.Option("--reissue", help="With --ids or --find: new badges for a lost or "
                                                 "misspelt one; check-in desks set up afterwards refuse the old "
                                                 "badge.")] = False,
           templates: TemplatesOpt = None, strict: StrictOpt = False, quiet: QuietOpt = False, force: ForceOpt = False,
           lang: LangOpt = None) -> None:
    """Write print-ready badges (badges.pdf), a preview and the check-in public key.

    Example: confkit badges sample_event -o out --layout avery-l7418 --start-at 3

    Example: confkit badges sample_event -o reprint --find "olivier berard" --reissue

    Example: confkit badges sample_event -o reprint --ids 4bjetnlm4k,hallaire@escpeurope.eu
    """
    if reissue and not (ids or find is not None):
        raise typer.BadParameter("--reissue needs --ids or --find (whose badges to reissue)", param_hint="--reissue")
    from confkit.cells import BadCell, choice
    from confkit.columns import CATEGORIES

    try:
        chosen = choice(category, CATEGORIES) if category else None
    except BadCell:
        raise typer.BadParameter(f"expected one of: {', '.join(CATEGORIES)}", param_hint="--category") from None
    options = BadgeOptions(layout, qr.value, sort.value, chosen, names(ids), find, split_by.value if split_by else None,
                           start_at, calibrate, reissue)
    result = run(event, out, [(BY_NAME["badges"], options)], templates, strict, lang, quiet, force)
    if "badges" in result.reports and not quiet:
        _tell_whom(result.reports["badges"], lang.value if lang else result.inspection.event.language)


def _tell_whom(people, lang: str) -> None:
    """Whose badges --ids or --find wrote, by name and id: the volunteer sees the right person was found."""
    from confkit.text.messages import say
    from confkit.views import person_name

    typer.echo(say("badges_for_one" if len(people) == 1 else "badges_for_other", lang, count=len(people)))
    for person in people:
        name = person_name(person.first_name, person.last_name, person.job_title, person.organisation)
        typer.echo(f"  {name or person.badge_name} — {person.id}")


@app.command()
def site(event: EventArg, out: OutOpt, templates: TemplatesOpt = None, strict: StrictOpt = False,
         quiet: QuietOpt = False, force: ForceOpt = False, lang: LangOpt = None) -> None:
    """Write the recap website into OUT/site/: home, programme, a page per session and per speaker.

    It reads from file://, from a sub-path or from any static host; nothing in it makes a
    request elsewhere. Nothing is written when the check finds errors.

    Example: confkit site sample_event -o out
    """
    run(event, out, [(BY_NAME["site"], NoOptions())], templates, strict, lang, quiet, force)
