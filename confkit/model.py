"""The event, as read once from the workbook: typed, immutable, and all a renderer touches.

Times are local to the event's time zone (naive datetimes); `Event.zone` gives it.
Every record keeps its `Origin` so that any later check can point at its cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from confkit.views import person_name  # the naming rule lives with the other display rules


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Layout:
    """One sheet as found in the file: its name there, its rank among ours, its columns' letters.

    `free` is the first column right of the header (where a missing column would be added), `header`
    the header's row, `last` the sheet's last row read (the Event sheet's: a missing field goes below),
    `guesses` the column letter of an unknown header that is most likely a missing column renamed."""

    name: str
    rank: int
    letters: Mapping[str, str]
    free: str = "A"
    header: int = 1
    last: int = 0
    guesses: Mapping[str, str] = field(default_factory=dict)  # a missing column -> the header it may be


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from, so that any check can point at its cell."""

    layout: Layout
    row: int

    @property
    def sheet(self) -> str:
        return self.layout.name

    def letter(self, key: str | None) -> str:
        """The column of `key`; for a column the sheet lacks, the header it was most likely renamed to,
        else the free column where it would be added."""
        return self.layout.letters.get(key) or self.layout.guesses.get(key) or self.layout.free

    def cell(self, key: str | None = None) -> str:
        """`Sessions!E7`: always a cell, never a bare row that leaves the user looking for the column."""
        return f"{self.layout.name}!{self.letter(key)}{self.row}"


@dataclass(frozen=True, slots=True)
class Room:
    name: str
    capacity: int | None
    notes: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Speaker:
    id: str
    first_name: str
    last_name: str
    job_title: str
    organisation: str
    bio: str
    photo: str
    email: str
    website: str
    twitter: str
    linkedin: str
    viadeo: str
    extra: tuple[tuple[str, str], ...]
    origin: Origin

    @property
    def name(self) -> str:
        return person_name(self.first_name, self.last_name, self.job_title, self.organisation)

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """(network, url) pairs that are filled in."""
        pairs = (("website", self.website), ("twitter", self.twitter),
                 ("linkedin", self.linkedin), ("viadeo", self.viadeo))
        return tuple((kind, url) for kind, url in pairs if url)


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    start: dt.datetime
    end: dt.datetime
    room: str
    kind: str
    title: str
    speaker_ids: tuple[str, ...]
    moderator_id: str
    abstract: str
    recap: str
    slides: str
    video: str
    extra: tuple[tuple[str, str], ...]
    origin: Origin
    speakers: tuple[Speaker, ...] = ()
    moderator: Speaker | None = None

    @property
    def people_ids(self) -> tuple[str, ...]:
        """Everyone on stage: speakers and moderator."""
        return self.speaker_ids + ((self.moderator_id,) if self.moderator_id else ())


@dataclass(frozen=True, slots=True)
class Registrant:
    id: str
    first_name: str
    last_name: str
    email: str
    organisation: str
    job_title: str
    category: str
    city: str
    badge_name: str
    listed: bool
    session_ids: tuple[str, ...]
    extra: tuple[tuple[str, str], ...]
    origin: Origin
    id_derived: bool = False  # no id in the sheet: derived from the email (or name)

    @property
    def name(self) -> str:
        """The badge name if given."""
        return self.badge_name or person_name(self.first_name, self.last_name, self.job_title, self.organisation)


@dataclass(frozen=True, slots=True)
class Figure:
    group: str
    label: str
    value: float
    unit: str
    source: str
    session_id: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Quote:
    speaker_id: str
    session_id: str
    text: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str
    kind: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Photo:
    file: str
    caption: str
    credit: str
    origin: Origin


class EventLookups:
    """What the full event and its public view (public.PublicEvent) both derive from their fields."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def site(self) -> str:
        """The website as a folder URL (`https://…/`), or '' without one (the reader lets only http(s) in)."""
        return self.base_url.rstrip("/") + "/" if self.base_url else ""

    @property
    def days(self) -> tuple[dt.date, ...]:
        count = (self.end_date - self.start_date).days + 1
        return tuple(self.start_date + dt.timedelta(days=n) for n in range(max(count, 1)))

    @cached_property
    def speaker_by_id(self) -> Mapping[str, Any]:
        return MappingProxyType({speaker.id: speaker for speaker in self.speakers})

    @cached_property
    def session_by_id(self) -> Mapping[str, Any]:
        return MappingProxyType({session.id: session for session in self.sessions})


@dataclass(frozen=True)
class Event(EventLookups):
    """The whole event. Not slotted, so that lookups can be cached on first use."""

    id: str
    title: str
    subtitle: str
    start_date: dt.date
    end_date: dt.date
    timezone: str
    language: str
    venue: str
    address: str
    city: str
    organiser: str
    organiser_email: str
    base_url: str
    hashtag: str
    brand_colour: str
    logo: str
    description: str
    folder: Path
    cells: Mapping[str, Origin]  # field -> its row in the Event sheet, for messages
    rooms: tuple[Room, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    sessions: tuple[Session, ...] = ()
    registrants: tuple[Registrant, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    links: tuple[Link, ...] = ()
    photos: tuple[Photo, ...] = ()
    extra: tuple[tuple[str, str], ...] = field(default=())
    unread_ids: frozenset[str] = frozenset()  # ids of rows with errors: not "unknown" elsewhere
    unread_sheets: frozenset[str] = frozenset()  # keys of sheets not found or unreadable (already reported)

    @cached_property
    def room_names(self) -> tuple[str, ...]:
        """Rooms in use, in the order of the Rooms sheet, then of first use (views.room_order); kept,
        as every list of a person's sessions asks it again."""
        names = dict.fromkeys(room.name for room in self.rooms)
        names.update(dict.fromkeys(s.room for s in self.sessions if s.room))
        return tuple(names)
