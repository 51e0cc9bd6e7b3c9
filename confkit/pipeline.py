"""One pipeline, read top to bottom: read once, check, load state, render, write once, commit state.

`build` is what `confkit build` runs, and every single command (`programme`, `badges`,
`invites`) is the same call with fewer outputs. Loading the state never creates
anything; what a run keeps (a new signing key, the invitations issued) is committed
once every file is written, just before OUT is replaced, so that a refused or killed
run changes neither OUT nor the event folder's state.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from confkit import checks, files, workbook, workers
from confkit.errors import UserError, template_failure
from confkit.model import Event
from confkit.outputs import Context, InvitationOptions, Output, Rendered
from confkit.problems import Problem, errors, sort
from confkit.state import State


@dataclass(frozen=True)
class Inspection:
    event: Event | None
    problems: list[Problem]

    def failed(self, strict: bool = False) -> bool:
        return self.event is None or bool(errors(self.problems, strict))


class CheckFailed(UserError):
    """The event has errors (or warnings, with --strict): nothing is written."""

    def __init__(self, inspection: Inspection, strict: bool):
        super().__init__("check_failed_strict" if strict and not errors(inspection.problems) else "check_failed")
        self.inspection = inspection

    def render(self, lang: str) -> str:
        from confkit.problems import summary

        lines = [problem.render(lang) for problem in self.inspection.problems]
        return "\n".join([*lines, summary(self.inspection.problems, lang), self.message(lang)])


class Progress:
    """What a run tells as it goes; the CLI shows it (rich on a terminal, lines otherwise)."""

    def read(self, event: Event) -> None:
        """The event is read and clean: from here on, speak its language."""

    def phase(self, name: str) -> None:
        """reading, rendering, writing, replacing."""

    def start(self, output: str, total: int | None) -> None:
        """An output begins; `total` files are coming."""

    def advance(self, output: str, count: int = 1) -> None:
        """`count` more files of that output are written."""


@dataclass(frozen=True)
class Done:
    """What one output wrote, for the summary."""

    files: int
    size: int
    seconds: float


@dataclass(frozen=True)
class Result:
    inspection: Inspection
    out: Path
    outputs: dict[str, Done]
    reports: dict[str, Any]  # what outputs tell afterwards (the invitations' plan)
    removed: list[str]  # files that were not confkit's, removed from OUT because of --force
    new_key: Path | None  # the signing key this run made, if it made one
    exposed_key: Path | None  # the signing key, if others could read it (made owner-only again)
    warnings: tuple = ()  # Rendered.warnings of each output that has some
    read_seconds: float = 0.0  # reading, checking and loading the state, before any output


def inspect(path: Path) -> Inspection:
    """Read the event and run every check; raises Unusable for input that cannot be read at all."""
    event, problems = workbook.read(path)
    if event is not None:
        problems += checks.check(event)
    return Inspection(event, sort(problems))


def checked(path: Path, strict: bool = False) -> Inspection:
    inspection = inspect(path)
    if inspection.failed(strict):
        raise CheckFailed(inspection, strict)
    return inspection


def build(path: Path, out: Path, selection: Sequence[tuple[Output, Any]], templates: Path | None = None,
          strict: bool = False, force: bool = False, progress: Progress = Progress()) -> Result:
    """Check the event and, only if it is clean, render the selected outputs and replace them in OUT.

    Outputs that work on one core (`Output.beside`: the programme's PDF, the site ...) are
    rendered and staged in a side process while this one drives the pool (badges,
    invitations), into the same staging folder: both cores work, and OUT is still swapped once.
    """
    begun = time.perf_counter()
    progress.phase("reading")
    inspection = checked(path, strict)
    progress.read(inspection.event)
    files.refuse_foreign(out, force)
    context = load(inspection.event, templates)
    _refuse_unwritable_state(context, selection)
    read = time.perf_counter() - begun
    here, there = _split(selection)
    progress.phase("rendering")
    rendered, seconds = {}, {}
    with _template_errors(), workers.settled():
        for output, options in here:  # first: what the side's outputs read (the plan, a new key) is made here
            begun = time.perf_counter()
            rendered[output.name] = output.render(context, options)
            seconds[output.name] = time.perf_counter() - begun  # the rest, rendered lazily, is the writer's time
        progress.phase("writing")
        for name, result in rendered.items():
            progress.start(name, result.count)
        side = _Beside(context, there, progress)
        written, removed = files.write(out, {name: result.files for name, result in rendered.items()}, force,
                                       before_swap=lambda: _commit(context, rendered, progress),
                                       progress=side.advance, beside=side.staging if there else None)
    done = {o.name: Done(len(w.files), w.size, seconds.get(o.name, 0) + w.seconds)
            for o, _ in selection for w in [written[o.name]]}
    return Result(inspection, Path(out), done, {n: r.report for n, r in rendered.items() if r.report is not None},
                  removed, context.state.key_path if context.key_is_new else None,
                  context.state.key_path if context.key_was_exposed else None,
                  tuple(r.warnings for r in rendered.values() if r.warnings), read)


def _split(selection: Sequence[tuple[Output, Any]]) -> tuple[list, list]:
    """The outputs rendered here and those rendered beside (only when both cores and both kinds are there)."""
    here = [chosen for chosen in selection if not chosen[0].beside]
    there = [chosen for chosen in selection if chosen[0].beside]
    if not here or not there or not workers.can_fork():
        return list(selection), []
    return here, there


class _Beside:
    """The outputs rendered and staged in the side process; the progress of both sides, told here."""

    def __init__(self, context: Context, selection: Sequence[tuple[Output, Any]], progress: Progress):
        self.context, self.selection, self.progress = context, selection, progress
        self.process = workers.Beside(told=lambda message: getattr(progress, message[0])(*message[1:]))

    def advance(self, name: str, count: int) -> None:
        self.progress.advance(name, count)
        self.process.listen()

    @contextmanager
    def staging(self, stage: files.Stage):
        with self.process.running(partial(self._task, stage)) as result:
            yield result

    def _task(self, stage: files.Stage, tell) -> dict[str, files.Written]:
        """In the side process: each output rendered, then staged; its time is both."""
        written = {}
        for output, options in self.selection:
            begun = time.perf_counter()
            result = output.render(self.context, options)
            if result.commit or result.report is not None or result.warnings:
                raise RuntimeError(f"{output.name} keeps state or reports: it cannot be rendered beside")
            tell(("start", output.name, result.count))
            staged = stage.output(output.name, result.files, lambda name, count: tell(("advance", name, count)))
            written[output.name] = replace(staged, seconds=time.perf_counter() - begun)
        return written


@contextmanager
def _template_errors():
    """A jinja error (most likely in the user's own template) becomes a TemplateFailed naming file and line."""
    try:
        yield
    except Exception as error:
        failed = template_failure(error, error.__traceback__)
        if failed is None:
            raise
        raise failed from None


def load(event: Event, templates: Path | None) -> Context:
    """The context every output renders from: templates, the state as it is, the build's time."""
    from confkit.templates import environment

    state = State(event.folder)
    exposed = state.secure_key()
    return Context(event, environment(templates, event.language), state, stamp(), key=state.signing_key(),
                   key_was_exposed=exposed)


def _refuse_unwritable_state(context: Context, selection: Sequence[tuple[Output, Any]]) -> None:
    """A run that must keep state (invitations issued, a first key) checks it can, before writing anything."""
    kept = {kept for output, _options in selection for kept in output.commits}
    if context.key is not None:
        kept.discard("signing key")
    if kept and not context.state.writable():
        raise UserError("event_read_only", str(context.event.folder))


def _commit(context: Context, rendered: dict[str, Rendered], progress: Progress) -> None:
    """Keep what this run decided, once every file is written and before OUT is replaced."""
    progress.phase("replacing")
    if context.key_is_new:
        kept = context.state.save_new_key(context.key)
        if kept is not context.key:
            raise UserError("key_raced", str(context.state.key_path))
    for result in rendered.values():
        if result.commit:
            result.commit()


def plan_invitations(path: Path, options: InvitationOptions = InvitationOptions(), templates: Path | None = None,
                     strict: bool = False):
    """What `confkit invites` would write and send, writing nothing (for --changes and --dry-run)."""
    from confkit.invites import plan

    inspection = checked(path, strict)
    context = load(inspection.event, templates)
    return inspection, context, plan.issued(context, options)


def stamp() -> dt.datetime:
    """The build's time: SOURCE_DATE_EPOCH when set (reproducible builds), else now; whole seconds, UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise UserError("source_date_epoch", "SOURCE_DATE_EPOCH", value=repr(epoch))
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0)
