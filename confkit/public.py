"""The public view of an event: all that public outputs (programme, PDF, feeds, recap site) receive.

A privacy boundary rather than a convention: the view's records have no field for an email
address, an unknown column or a registrant who did not consent, so a template (ours or a
user's) that asks for one fails loudly instead of publishing it. Registrants who did not
agree to be listed appear only in counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from confkit.model import Event, EventLookups, Figure, Link, Photo, Quote, Registrant, Room, Session, Speaker
from confkit.views import person_name


@dataclass(frozen=True, slots=True)
class PublicSpeaker:
    """A speaker as the public sees them: no email, no unknown columns."""

    id: str
    first_name: str
    last_name: str
    job_title: str
    organisation: str
    bio: str
    photo: str
    links: tuple[tuple[str, str], ...]  # (network, url) pairs that are filled in

    @property
    def name(self) -> str:
        return person_name(self.first_name, self.last_name, self.job_title, self.organisation)


@dataclass(frozen=True, slots=True)
class PublicSession:
    id: str
    start: dt.datetime
    end: dt.datetime
    room: str
    kind: str
    title: str
    abstract: str
    recap: str
    slides: str
    video: str
    speakers: tuple[PublicSpeaker, ...]
    moderator: PublicSpeaker | None


@dataclass(frozen=True, slots=True)
class PublicRegistrant:
    """Someone who agreed to be listed, by the fields a list of participants shows."""

    first_name: str
    last_name: str
    job_title: str
    organisation: str
    category: str
    city: str

    @property
    def name(self) -> str:
        return person_name(self.first_name, self.last_name, self.job_title, self.organisation)


@dataclass(frozen=True)
class PublicEvent(EventLookups):
    """The event without anything private. Not slotted, so that lookups can be cached."""

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
    base_url: str
    hashtag: str
    brand_colour: str
    logo: str
    description: str
    rooms: tuple[Room, ...]
    room_names: tuple[str, ...]  # rooms in use, in the event's order (see views.room_order)
    speakers: tuple[PublicSpeaker, ...]
    sessions: tuple[PublicSession, ...]
    registrants: tuple[PublicRegistrant, ...]  # those who agreed to be listed, only
    registrant_count: int  # everyone, listed or not
    category_counts: Mapping[str, int]  # everyone, by category
    figures: tuple[Figure, ...]
    quotes: tuple[Quote, ...]
    links: tuple[Link, ...]
    photos: tuple[Photo, ...]

    @property
    def unlisted_count(self) -> int:
        return self.registrant_count - len(self.registrants)



def public(event: Event) -> PublicEvent:
    """The public view of `event`; the full event stays with the private outputs."""
    speakers = {speaker.id: _speaker(speaker) for speaker in event.speakers}
    everyone = event.registrants
    return PublicEvent(
        id=event.id, title=event.title, subtitle=event.subtitle, start_date=event.start_date,
        end_date=event.end_date, timezone=event.timezone, language=event.language, venue=event.venue,
        address=event.address, city=event.city, organiser=event.organiser, base_url=event.base_url,
        hashtag=event.hashtag, brand_colour=event.brand_colour, logo=event.logo, description=event.description,
        rooms=event.rooms, room_names=event.room_names, speakers=tuple(speakers.values()),
        sessions=tuple(_session(session, speakers) for session in event.sessions),
        registrants=tuple(_registrant(r) for r in everyone if r.listed), registrant_count=len(everyone),
        category_counts=MappingProxyType(dict(sorted(Counter(r.category for r in everyone).items()))),
        figures=event.figures, quotes=event.quotes, links=event.links, photos=event.photos)


def _speaker(speaker: Speaker) -> PublicSpeaker:
    return PublicSpeaker(speaker.id, speaker.first_name, speaker.last_name, speaker.job_title, speaker.organisation,
                         speaker.bio, speaker.photo, speaker.links)


def _session(session: Session, speakers: Mapping[str, PublicSpeaker]) -> PublicSession:
    """The session with its people's public views (a speaker unknown to the sheet is left out)."""
    people = tuple(speakers[s.id] for s in session.speakers if s.id in speakers)
    moderator = speakers.get(session.moderator.id) if session.moderator else None
    return PublicSession(session.id, session.start, session.end, session.room, session.kind, session.title,
                         session.abstract, session.recap, session.slides, session.video, people, moderator)


def _registrant(registrant: Registrant) -> PublicRegistrant:
    return PublicRegistrant(registrant.first_name, registrant.last_name, registrant.job_title,
                            registrant.organisation, registrant.category, registrant.city)
