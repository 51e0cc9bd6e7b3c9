"""Display rules shared by every output: people's names and affiliations, room and session order.

The programme page, its PDF, the feeds, the calendars, the emails and the badges all show
the same people in the same order: the rules live here once, so that two outputs of one
build can never disagree. Functions take the full `Event` or its public view alike: they
read only what both have.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from urllib.parse import quote


# --- People -------------------------------------------------------------------------------------

def personal_name(first: str, last: str) -> str:
    """First and last name, whichever are filled in."""
    return " ".join(part for part in (first, last) if part)


def person_name(first: str, last: str, job_title: str, organisation: str) -> str:
    """The personal name, or `Avocat (Cabinet Bensussan)` for someone known only by role: with a
    comma between them the role and the organisation read as two people in a list of names."""
    if name := personal_name(first, last):
        return name
    return f"{job_title} ({organisation})" if job_title and organisation else job_title or organisation


def affiliation(first: str, last: str, job_title: str, organisation: str) -> str:
    """`job title, organisation`; empty for someone known only by them, whose name it already is."""
    if not (first or last):
        return ""
    return ", ".join(part for part in (job_title, organisation) if part)


def badge_name(badge: str, first: str, last: str, job_title: str) -> str:
    """The name a badge prints big: the chosen badge name, the personal name, else the job title
    (the organisation has a line of its own on a badge)."""
    return badge or personal_name(first, last) or job_title


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    affiliation: str  # "job title, organisation"; empty when that already is the name


def person(speaker: Any) -> Person:
    """A speaker (or registrant) as every output names them."""
    parts = (speaker.first_name, speaker.last_name, speaker.job_title, speaker.organisation)
    return Person(person_name(*parts), affiliation(*parts))


def introduced(speaker: Any) -> str:
    """`Name, job title, organisation` on one line (calendars, where there is no layout)."""
    who = person(speaker)
    return ", ".join(part for part in (who.name, who.affiliation) if part)


def on_stage(session: Any) -> tuple[Any, ...]:
    """Speakers then the moderator, each once."""
    everyone = tuple(session.speakers) + ((session.moderator,) if session.moderator else ())
    return tuple({someone.id: someone for someone in everyone}.values())


SPEAKER_INVITEE = "speaker+"  # invitation ids of speakers who did not register: `+` is in no workbook id


def stage_sessions(event: Any, person: Any) -> tuple[Any, ...]:
    """The sessions `person` (a registrant, or a speaker invited as `speaker+<id>`) speaks in or moderates,
    in the programme's order; a registrant is a speaker when their email is the speaker's."""
    by_email, by_speaker = _stage_index(event)
    email = (person.email or "").strip().casefold()
    speakers = set(by_email.get(email, ())) if email else set()
    if person.id.startswith(SPEAKER_INVITEE):
        speakers.add(person.id[len(SPEAKER_INVITEE):])
    if not speakers:
        return ()
    return tuple(ordered(event, {s.id: s for sid in speakers for s in by_speaker.get(sid, ())}.values()))


_KEPT: dict[str, tuple] = {}


def per_event(event: Any, name: str, make: Callable[[Any], Any]) -> Any:
    """`make(event)`, kept under `name` for the one event last asked about: each of 20,000 invitations
    asks the same questions of the same event."""
    kept = _KEPT.get(name)
    if kept is None or kept[0] is not event:
        kept = _KEPT[name] = (event, make(event))
    return kept[1]


def _stage_index(event: Any) -> tuple[dict, dict]:
    """(email -> speaker ids, speaker id -> sessions they are on stage in)."""
    def make(event: Any) -> tuple[dict, dict]:
        by_email: dict[str, list[str]] = {}
        for speaker in event.speakers:
            if speaker.email.strip():
                by_email.setdefault(speaker.email.strip().casefold(), []).append(speaker.id)
        by_speaker: dict[str, list] = {}
        for session in event.sessions:
            for someone in on_stage(session):
                by_speaker.setdefault(someone.id, []).append(session)
        return by_email, by_speaker
    return per_event(event, "stage", make)


def by_name(people: Iterable[Any]) -> tuple[Any, ...]:
    """People as a printed list of speakers has them: by last name, then first name, accents folded."""
    from confkit.identity import fold

    return tuple(sorted(people, key=lambda p: (fold(p.last_name or person(p).name), fold(p.first_name), p.id)))


# --- Order --------------------------------------------------------------------------------------

PROGRAMME_PAGE = "programme.html"


def programme_url(event: Any) -> str:
    """The published programme's address, or '' without a website (`base_url`)."""
    return f"{event.site}{PROGRAMME_PAGE}" if event.site else ""


def session_url(event: Any, session_id: str) -> str:
    """A session's anchor in the published programme, or '' without a website."""
    return f"{programme_url(event)}#session-{quote(session_id, safe='')}" if event.site else ""


def room_order(event: Any) -> tuple[str, ...]:
    """Rooms in the order of the Rooms sheet, then of first use: row order never reorders a sheet."""
    return event.room_names


def room_rank(event: Any) -> dict[str, int]:
    """Each room's place; a session without a room comes before the named ones."""
    return {"": -1} | {name: rank for rank, name in enumerate(room_order(event))}


def ordered(event: Any, sessions: Iterable[Any] | None = None) -> tuple[Any, ...]:
    """Sessions (all of the event's by default) by start, room, end, then id."""
    rank = room_rank(event)
    chosen = event.sessions if sessions is None else sessions
    return tuple(sorted(chosen, key=lambda s: (s.start, rank.get(s.room, len(rank)), s.end, s.id)))


# --- The programme by day, slot and room ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SessionView:
    session: Any  # the model's Session, or its public view
    speakers: tuple[Person, ...]
    moderator: Person | None
    time: str  # `14:00 – 15:30`: every session shows its own start and end
    starts: str  # ISO 8601 with the offset in force that day, for the page's script
    ends: str


@dataclass(frozen=True, slots=True)
class Slot:
    label: str
    sessions: tuple[SessionView, ...]


@dataclass(frozen=True, slots=True)
class Placed:
    """A session on the day's grid: rows are the spans between the day's distinct times (1-based),
    column 0 means across every room (a break, a plenary: nothing else runs then)."""

    view: SessionView
    row: int
    rows: int
    column: int


@dataclass(frozen=True, slots=True)
class Grid:
    rooms: tuple[str, ...]  # one column each, in the event's room order ("" for sessions without a room)
    times: tuple[str, ...]  # the start of each row, `09:30`
    placed: tuple[Placed, ...]  # in the programme's order: by start, then room

    def rows(self) -> tuple[tuple[tuple[int, Placed | None], ...], ...]:
        """For a table: each row's cells as (column, session or None for an empty cell), leaving out
        the cells that a session from an earlier row or column covers."""
        covered: set[tuple[int, int]] = set()
        starting = {(p.row, 1 if p.column == 0 else p.column): p for p in self.placed}
        table = []
        for row in range(1, len(self.times) + 1):
            cells = []
            for column in range(1, len(self.rooms) + 1):
                if (row, column) in covered:
                    continue
                placed = starting.get((row, column))
                width = len(self.rooms) if placed and placed.column == 0 else 1
                for r in range(row, row + (placed.rows if placed else 1)):
                    covered.update((r, c) for c in range(column, column + width))
                cells.append((column, placed))
            table.append(tuple(cells))
        return tuple(table)


@dataclass(frozen=True, slots=True)
class Day:
    index: int
    anchor: str
    title: str
    short_title: str
    slots: tuple[Slot, ...]
    sessions: tuple[SessionView, ...]  # by start, then room
    room: str  # the day's one room, named once; "" when sessions use several rooms or none
    grid: Grid | None  # when sessions run in parallel in more than one room; else a timeline


def days(event: Any) -> tuple[Day, ...]:
    """Sessions by day, then by start time; parallel sessions in the order of the rooms."""
    result = []
    for index, (day, group) in enumerate(groupby(ordered(event), key=lambda s: s.start.date()), start=1):
        sessions = tuple(session_view(s, event.zone) for s in group)
        starting = (tuple(same) for _start, same in groupby(sessions, key=lambda view: view.session.start))
        slots = tuple(Slot(_slot_label(same), same) for same in starting)
        rooms = {view.session.room for view in sessions}
        result.append(_day(index, day, slots, sessions, next(iter(rooms)) if len(rooms) == 1 else "",
                           grid(event, sessions), event.language))
    return tuple(result)


def grid(event: Any, sessions: tuple[SessionView, ...]) -> Grid | None:
    """The day as a grid of rooms, or None when at most one room has sessions running alongside others."""
    alone = {view.session.id for view in sessions if not _overlapping(view.session, sessions)}
    used = {view.session.room for view in sessions if view.session.id not in alone}
    rooms = tuple(name for name in room_order(event) if name in used) + (("",) if "" in used else ())
    if len(rooms) < 2:
        return None
    starts = _row_starts(sessions)
    row = {time: number for number, time in enumerate(starts, start=1)}
    placed = tuple(Placed(view, row[view.session.start], _rows_until(starts, view.session) or 1,
                          0 if view.session.id in alone else rooms.index(view.session.room) + 1)
                   for view in sessions)
    return Grid(rooms, tuple(f"{time:%H:%M}" for time in starts), placed)


def _row_starts(sessions: tuple[SessionView, ...]) -> list[dt.datetime]:
    """Every start and end of the day begins a row, unless nothing runs then (a gap between slots)."""
    times = sorted({t for view in sessions for t in (view.session.start, view.session.end)})
    return [time for time in times
            if any(view.session.start <= time < view.session.end for view in sessions)]


def _rows_until(starts: list[dt.datetime], session: Any) -> int:
    return sum(1 for time in starts if session.start <= time < session.end)


def _overlapping(session: Any, sessions: tuple[SessionView, ...]) -> bool:
    return any(other.session.start < session.end and session.start < other.session.end
               for other in sessions if other.session is not session)


def _day(index: int, day: dt.date, slots: tuple[Slot, ...], sessions: tuple[SessionView, ...], room: str,
         grid: Grid | None, lang: str) -> Day:
    from confkit.text import dates  # Babel: imported when a programme is made, not for `--help`

    return Day(index, f"day-{index}", dates.weekday(day, lang), dates.short(day, lang), slots, sessions, room, grid)


def _slot_label(views: tuple[SessionView, ...]) -> str:
    """`09:30 – 10:15` when the sessions end together, else the start alone (each shows its own)."""
    first = views[0].session
    together = len({view.session.end for view in views}) == 1
    return f"{first.start:%H:%M}" + (f" – {first.end:%H:%M}" if together else "")


def session_view(session: Any, zone: Any = None) -> SessionView:
    moderator = person(session.moderator) if session.moderator else None
    starts, ends = (t.replace(tzinfo=zone).isoformat() if zone else t.isoformat() for t in (session.start, session.end))
    return SessionView(session, tuple(map(person, session.speakers)), moderator,
                       f"{session.start:%H:%M} – {session.end:%H:%M}", starts, ends)
