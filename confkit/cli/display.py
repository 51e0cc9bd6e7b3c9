"""How a run shows itself: live bars on a terminal, plain lines otherwise, only problems with --quiet;
and the summary at the end (each output, files, size, time; the path to open first)."""

from __future__ import annotations

import sys

import typer

from confkit.cli.app import say
from confkit.pipeline import Progress, Result

FIRST_TO_OPEN = ("programme.html", "badges.pdf", "badges-preview.html", "calendar/event.ics")


class _Speaking(Progress):
    """Speaks the language chosen with --lang, else the event's once it is read."""

    def __init__(self, lang: str, chosen: bool):
        self.lang, self.chosen = lang, chosen

    def read(self, event) -> None:
        if not self.chosen:
            self.lang = event.language


class Plain(_Speaking):
    """One line per phase and per output: readable in a log or a CI run (problems go to standard error)."""

    def phase(self, name: str) -> None:
        typer.echo(say(f"phase_{name}", self.lang))

    def start(self, output: str, total: int | None) -> None:
        typer.echo(f"  {output}" + (f" ({total})" if total else ""))


class Live(_Speaking):
    """rich's live display: a bar per output, with counts."""

    def __init__(self, lang: str, chosen: bool):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bars, TextColumn, TimeElapsedColumn

        super().__init__(lang, chosen)
        self.tasks = {}
        self.bars = Bars(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
                         TimeElapsedColumn(), console=Console(stderr=True), transient=True)

    def __enter__(self):
        self.bars.start()
        self.status = self.bars.add_task(say("phase_reading", self.lang), total=None)
        return self

    def __exit__(self, *exc):
        self.bars.stop()

    def phase(self, name: str) -> None:
        self.bars.update(self.status, description=say(f"phase_{name}", self.lang))

    def start(self, output: str, total: int | None) -> None:
        self.tasks[output] = self.bars.add_task(output, total=total)

    def advance(self, output: str, count: int = 1) -> None:
        self.bars.advance(self.tasks[output], count)


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


def progress_for(lang: str, chosen: bool, quiet: bool):
    """The display that suits where the output goes, and what to hold it open with."""
    if quiet:
        return _Nothing(), Progress()
    if sys.stderr.isatty():
        live = Live(lang, chosen)
        return live, live
    return _Nothing(), Plain(lang, chosen)


def summary(result: Result, lang: str, quiet: bool) -> None:
    """Each output's files, size and time; files removed by --force; a new key; the file to open first."""
    from confkit.cli.app import print_problems

    _keep_timings(result)
    if result.inspection.problems:
        print_problems(result.inspection.problems, lang, err=quiet)
    for told in result.warnings:
        for line in told(lang):
            typer.echo(line, err=True)
    if quiet:
        return
    for name, done in result.outputs.items():
        typer.echo(f"  {name:<12} {done.files:>6} {say('files', lang)}  {_size(done.size):>9}  {done.seconds:6.1f} s")
    if result.removed:
        typer.echo(say("removed_foreign", lang, count=len(result.removed), files=", ".join(result.removed[:10])))
    if result.new_key:
        typer.echo(say("new_key", lang, path=result.new_key))
    if result.exposed_key:
        typer.echo(say("key_exposed", lang, path=result.exposed_key), err=True)
    total = sum(done.files for done in result.outputs.values())
    typer.echo(say("built", lang, count=total, out=result.out))
    first = next((result.out / name for name in FIRST_TO_OPEN if (result.out / name).is_file()), None)
    if first:
        typer.echo(say("open_first", lang, path=first))


def _keep_timings(result: Result) -> None:
    """With CONFKIT_TIMINGS=FILE, what the summary shows, as JSON in FILE (for benchmarks/run.py)."""
    import json
    import os

    path = os.environ.get("CONFKIT_TIMINGS")
    if path:
        outputs = {name: {"files": d.files, "size": d.size, "seconds": d.seconds} for name, d in result.outputs.items()}
        with open(path, "w", encoding="utf-8") as stream:
            json.dump({"read": result.read_seconds, "outputs": outputs}, stream)


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return ""
