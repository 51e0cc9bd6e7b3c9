"""`confkit checkin`: the terminal desk (a USB scanner types on standard input), merging desks, the figures."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from confkit.cli.app import EventArg, LangOpt, app, fallback_lang, guarded, say


@app.command()
def checkin(event: EventArg,
            desk: Annotated[str, typer.Option("--desk", help="This desk's name, written with each arrival.")] = "1",
            scan: Annotated[Optional[Path], typer.Option("--scan", help="Read the scans from this file instead of "
                                                         "standard input.", exists=True, dir_okay=False)] = None,
            session: Annotated[Optional[str], typer.Option("--session", help="A desk at a room's door: count "
                                                           "attendance of this session (its id).")] = None,
            journal: Annotated[Optional[Path], typer.Option("--journal", help="The journal to write (default: "
                                                            "checkins.csv beside the workbook).")] = None,
            key: Annotated[Optional[Path], typer.Option("--key", help="The public key (OUT/checkin-public-key.txt), "
                                                        "for a desk without the event's private key.",
                                                        exists=True, dir_okay=False)] = None,
            merge: Annotated[Optional[list[Path]], typer.Option("--merge", help="Fold in other desks' journals or "
                                                                "phone exports, then stop.")] = None,
            stats: Annotated[bool, typer.Option("--stats", help="Print the arrivals so far, then stop.")] = False,
            as_json: Annotated[bool, typer.Option("--json", help="With --stats: as JSON.")] = False,
            export_scanner: Annotated[Optional[Path], typer.Option(
                "--export-scanner", help="Write the phone scanner and the paper list into OUT/checkin/, then stop.",
                show_default=False)] = None,
            desks: Annotated[int, typer.Option("--desks", min=1, max=26, help="With --export-scanner: the paper "
                                               "list cut into this many letter ranges.")] = 1,
            passphrase: Annotated[bool, typer.Option("--passphrase", help="With --export-scanner: lock the phone "
                                                     "scanner's list with a passphrase (asked, or "
                                                     "CONFKIT_PASSPHRASE).")] = False,
            lang: LangOpt = None) -> None:
    """Check people in: each line a scanned badge, a name to search or a paper-list code.

    Every admission is written to the journal (EVENT/checkins.csv) and fsynced before it is
    shown. A desk never creates a key: it needs the badges' key or --key.

    Example: confkit checkin sample_event --desk 2

    Example: confkit checkin sample_event --merge desk2/checkins.csv phone.csv

    Example: confkit checkin sample_event --export-scanner out --desks 3 --passphrase
    """
    from confkit.checkin import desk as desk_of

    if export_scanner is not None:
        _export(event, export_scanner, desks, _passphrase() if passphrase else None, lang)
        return
    opened = guarded(lambda: desk_of.event_of(event), lang)
    shown = lang.value if lang else opened.language
    path = journal or opened.folder / "checkins.csv"
    if stats:
        from confkit.checkin import stats as figures

        _stats(guarded(lambda: figures.figures(opened, path, session or ""), lang), shown, as_json)
    elif merge:
        _merged(guarded(lambda: desk_of.merge(opened, path, merge), lang), shown)
    else:
        lines = scan.open(encoding="utf-8", errors="replace") if scan else sys.stdin
        with guarded(lambda: desk_of.open_desk(opened, path, desk, session or "", key), lang) as ready:
            _run(ready, lines, shown)


def _passphrase() -> str:
    import os

    return os.environ.get("CONFKIT_PASSPHRASE") or typer.prompt("Passphrase", hide_input=True,
                                                                confirmation_prompt=True)


def _export(event: Path, out: Path, desks: int, passphrase: str | None, lang) -> None:
    """The checkin output alone, through the pipeline; refused before anything is written when the event
    has no key yet (badges not printed: a new key would not match them)."""
    from confkit.checkin import desk as desk_of
    from confkit.cli.outputs import run
    from confkit.outputs import BY_NAME, CheckinOptions

    guarded(lambda: desk_of.public_key(desk_of.event_of(event)), lang)
    run(event, out, [(BY_NAME["checkin"], CheckinOptions(desks, passphrase))], None, False, lang)


STYLES = {"admitted": "bold white on green", "already": "bold black on yellow", "read_twice": "dim",
          "matches": "bold", "no_match": "bold yellow"}


def _run(ready, lines, lang: str) -> None:
    """Answer each line as it comes: flushed at once, since the person is waiting at the desk."""
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=True)
    if ready.journal.repaired:
        console.print(say("desk_journal_repaired", lang, path=ready.journal.path, size=ready.journal.repaired,
                          torn=ready.journal.path.name + ".torn"), style="yellow")
    arrived, expected = ready.count
    console.print(say("desk_ready", lang, desk=ready.desk, arrived=arrived, expected=expected))
    for line in iter(lines.readline, ""):
        answer = ready.answer(line)
        if answer is not None:
            _show(console, answer, ready, lang, line.strip())
        sys.stdout.flush()


def _show(console, answer, ready, lang: str, typed: str) -> None:
    person = answer.person
    name = person.name if person else ""
    if answer.kind in ("matches", "no_match"):
        console.print(say("desk_" + answer.kind, lang, count=len(answer.matches), text=typed),
                      style=STYLES[answer.kind])
        for number, match in enumerate(answer.matches, start=1):
            console.print(f"  {number}. {match.name} — {match.organisation} ({match.shown_code})")
        return
    params = {"name": name}
    kind = answer.kind
    if answer.first is not None:
        params |= {"time": answer.first.checked_in_at[11:16], "desk": answer.first.desk}
        kind = "already_here" if kind == "already" and not answer.first.desk else kind
    text = say("desk_" + kind, lang, **params)
    if person and answer.kind == "admitted":
        text += "".join(f"  ·  {part}" for part in (person.organisation, _category(person.category, lang)) if part)
    console.print(f" {text} ", style=STYLES.get(answer.kind, "bold white on red"))
    if answer.repaired:
        console.print(say("desk_repaired", lang, layout=answer.repaired.upper()), style="dim")
    arrived, expected = ready.count
    console.print(say("desk_count", lang, arrived=arrived, expected=expected), style="dim")


def _category(category: str, lang: str) -> str:
    from confkit.text.labels import LABELS

    return LABELS[lang].get(f"category_{category}", category)


def _merged(report, lang: str) -> None:
    for file, added, known in report.files:
        typer.echo(say("merge_added", lang, file=file, added=added, known=known))
    for first, later, name in report.doubles:
        minutes = round(abs((later.moment - first.moment).total_seconds()) / 60) if first.moment and later.moment else "?"
        typer.echo(say("merge_double", lang, name=name, first_time=first.checked_in_at[11:16], first_desk=first.desk
                       or "?", later_time=later.checked_in_at[11:16], later_desk=later.desk or "?", minutes=minutes))


def _stats(figures: dict, lang: str, as_json: bool) -> None:
    import json

    if as_json:
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    from confkit.text.labels import LABELS

    t = LABELS[lang]
    typer.echo(say("desk_count", lang, arrived=figures["arrived"], expected=figures["expected"]))
    for title, key in ((t["by_category"], "by_category"), (t["by_organisation"], "by_organisation"),
                       (t["arrivals_title"], "by_quarter_hour")):
        typer.echo(f"\n{title}")
        for label, count in figures[key].items():
            typer.echo(f"  {label:<50} {count:>6}")
    typer.echo(f"\n{say('stats_no_shows', lang, count=len(figures['no_shows']))}")
    typer.echo(say("stats_late", lang, count=figures["late"], time=figures["late_after"]))
