"""The library's entry points: read and check an event, then render and write its outputs.

The CLI only translates these calls. Every output is rendered in memory first and
written by files.write, so a failure leaves OUT as it was.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from confkit.badges import layouts as badge_layouts
from confkit.badges import render as badges
from confkit import checks
from confkit.programme import feeds
from confkit import files
from confkit.invites import plan as invites
from confkit.programme import page as programme
from confkit import templates
from confkit import workbook
from confkit.model import Event
from confkit.problems import Problem, errors, sort


@dataclass(frozen=True)
class Inspection:
    event: Event | None
    problems: list[Problem]

    def failed(self, strict: bool = False) -> bool:
        return self.event is None or bool(errors(self.problems, strict))


@dataclass(frozen=True)
class Options:
    """What the user chose for the outputs."""

    paper: str = "a4"
    booklet: bool = False
    templates: Path | None = None
    strict: bool = False
    layout: str = "a4-8"  # a badge sheet preset, or the path of the user's own
    badges: dict = field(default_factory=dict)  # badges.Options beyond the sheet (qr, sort, ids ...)
    invites: dict = field(default_factory=dict)  # attach_badge


class CheckFailed(Exception):
    """The event has errors: nothing is written."""

    def __init__(self, inspection: Inspection):
        super().__init__(f"{len(inspection.problems)} problems")
        self.inspection = inspection


class TemplateFailed(Exception):
    """A template (most likely the user's own) could not be rendered; `where` is file:line."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


def inspect(path: Path) -> Inspection:
    """Read the event and run every check; raises sheets.Unusable for unreadable input."""
    event, problems = workbook.read(path)
    if event is not None:
        problems += checks.check(event)
    return Inspection(event, sort(problems))


def checked(path: Path, strict: bool = False) -> Inspection:
    """The inspection of a clean event; raises CheckFailed otherwise."""
    inspection = inspect(path)
    if inspection.failed(strict):
        raise CheckFailed(inspection)
    return inspection


@dataclass
class Rendered:
    """Files, and what to do once they are written (save state); `plan` for the CLI to report."""

    files: dict
    after: object = None
    plan: object = None


def render_programme(event: Event, options: Options) -> dict[str, bytes]:
    env = templates.environment(options.templates)
    with _template_errors():
        return programme.render(event, env, options.paper, options.booklet) | feeds.render(event)


def render_badges(event: Event, options: Options) -> dict:
    env = templates.environment(options.templates)
    sheet = badge_layouts.load(options.layout, env)
    with _template_errors():
        return badges.outputs(event, env, badges.Options(sheet, **options.badges))


def render_invites(event: Event, options: Options) -> Rendered:
    """Calendars, invitations and emails; the invitations' state is saved once they are written."""
    env = templates.environment(options.templates)
    previous = invites.load_state(event.folder)
    badge = _own_badge(event, env) if options.invites.get("attach_badge") else None
    with _template_errors():
        plan = invites.plan(event, env, previous, invites.stamp(), badge)
    return Rendered(plan.files, lambda: invites.save_state(event.folder, plan.state), plan)


def _own_badge(event: Event, env):
    """Each person's own badge, one A6 page, to print at home."""
    import io

    job = badges.job_for(event, badge_layouts.load("a6", env))
    holders = {h.id: h for h in badges.with_payloads(event, badges.holders(event), "checkin")}

    def render(person) -> bytes:
        buffer = io.BytesIO()
        badges.write_pdf(buffer, event, job, [holders[person.id]])
        return buffer.getvalue()
    return render


# Each output of `confkit build`, in order; later issues add theirs.
OUTPUTS = (render_programme, render_badges, render_invites)


def plan_invites(path: Path, options: Options = Options()) -> tuple[Inspection, Rendered]:
    """What `confkit invites` would write and send, without writing anything (for --changes)."""
    inspection = checked(path, options.strict)
    return inspection, render_invites(inspection.event, options)


JOURNAL = Path(".confkit") / "sent.jsonl"


class Pending:
    """The messages of a plan that the sent-journal does not hold yet, each built only when sent."""

    def __init__(self, event: Event, rendered: Rendered):
        from confkit.invites import sending

        done = sending.Journal(event.folder / JOURNAL).sent()
        self.items = [item for item in rendered.plan.outgoing if item[0] not in done]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        from confkit.invites import sending

        return (sending.Outgoing(key, recipient, build()) for key, recipient, build in self.items)

    def listing(self) -> list[tuple[str, str]]:
        return [(key, recipient) for key, recipient, _build in self.items]


def build(path: Path, out: Path, options: Options = Options(), outputs=OUTPUTS
          ) -> tuple[Inspection, list[Path], list[Rendered]]:
    """Check the event and, only if it is clean, render then write the outputs under `out`.

    Returns the inspection, the paths written and the renders that carry more (the invitations' plan).
    """
    inspection = checked(path, options.strict)
    rendered: dict = {}
    afterwards = []
    for render in outputs:
        result = render(inspection.event, options)
        if isinstance(result, Rendered):
            rendered |= result.files
            afterwards.append(result)
        else:
            rendered |= result
    with _template_errors():  # some files (emails, preview) render their templates only now
        written = files.write(out, rendered)
    for result in afterwards:
        if result.after:
            result.after()
    return inspection, written, afterwards


class _template_errors:
    """Turn jinja's exceptions into TemplateFailed with the template's file and line."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if isinstance(error, UnicodeDecodeError):
            raise TemplateFailed("template", "a template file is not UTF-8 text; save it as UTF-8") from None
        if not isinstance(error, jinja2.TemplateError):
            return False
        if isinstance(error, jinja2.TemplateSyntaxError):
            raise TemplateFailed(f"{error.filename or error.name}:{error.lineno}", error.message) from None
        frames = [f for f in traceback.extract_tb(trace) if f.filename.endswith((".html", ".css", ".txt", ".xml"))]
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "template"
        raise TemplateFailed(where, str(error)) from None
