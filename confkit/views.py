"""Display rules shared by every output: people's names and affiliations, room and session order.

The programme page, its PDF, the feeds, the calendars, the emails and the badges all show
the same people in the same order: the rules live here once, so that two outputs of one
build can never disagree. Functions take the full `Event` or its public view alike: they
read only what both have.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from urllib.parse import quote


# --- People -------------------------------------------------------------------------------------

def personal_name(first: str, last: str) -> str:
    """First and last name, whichever are filled in."""
    return " ".join(part for part in (first, last) if part)


def person_name(first: str, last: str, job_title: str, organisation: str) -> str:
    """The personal name, or the job and organisation of someone known only by them."""
    return personal_name(first, last) or ", ".join(part for part in (job_title, organisation) if part)


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


# --- The programme by day and slot ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SessionView:
    session: Any  # the model's Session, or its public view
    speakers: tuple[Person, ...]
    moderator: Person | None


@dataclass(frozen=True, slots=True)
class Slot:
    label: str
    sessions: tuple[SessionView, ...]


@dataclass(frozen=True, slots=True)
class Day:
    index: int
    anchor: str
    title: str
    short_title: str
    slots: tuple[Slot, ...]


def days(event: Any) -> tuple[Day, ...]:
    """Sessions by day, then by start time; parallel sessions in the order of the rooms."""
    result = []
    for index, (day, sessions) in enumerate(groupby(ordered(event), key=lambda s: s.start.date()), start=1):
        slots = tuple(_slot(tuple(group)) for _start, group in groupby(sessions, key=lambda s: s.start))
        result.append(_day(index, day, slots, event.language))
    return tuple(result)


def _day(index: int, day: dt.date, slots: tuple[Slot, ...], lang: str) -> Day:
    from confkit.text import dates  # Babel: imported when a programme is made, not for `--help`

    return Day(index, f"day-{index}", dates.weekday(day, lang), dates.short(day, lang), slots)


def _slot(sessions: tuple[Any, ...]) -> Slot:
    """`09:30 – 10:15` when the sessions end together, else the start alone."""
    ends = {s.end for s in sessions}
    label = f"{sessions[0].start:%H:%M}" + (f" – {sessions[0].end:%H:%M}" if len(ends) == 1 else "")
    return Slot(label, tuple(session_view(s) for s in sessions))


def session_view(session: Any) -> SessionView:
    moderator = person(session.moderator) if session.moderator else None
    return SessionView(session, tuple(map(person, session.speakers)), moderator)
