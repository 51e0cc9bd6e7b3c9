"""Schedule feeds for conference apps: frab `schedule.xml` and c3voc `schedule.json` (v1).

Giggity, ConfClerk, EventFahrplan and the c3voc tools read these. Both files come from one
dict shaped like schedule.json, so they cannot disagree; the XML adds only the persons' integer
ids, which the JSON schema cannot take beside the names (see `_person`). Ids are derived, never
allocated by row order, so that an app that saved a favourite keeps it when the workbook is
re-sorted.

What the apps read, from their parsers:
- ConfClerk (`ScheduleXmlParser::parseData`, `SqlEngine::addPersonToDB`/`addRoomToDB`) keeps each
  `<person>` in a table keyed by its `id` attribute and links events to that id, so a person
  without `id` shows as an empty "Presenter:". It numbers rooms in the order it first meets them
  beside an event, and lists the same-time sessions of its day view by event id (see
  `_session_ids`).
- Giggity (`Schedule.PentabarfParser`) and EventFahrplan (`ParserTask.parseFahrplan`, and
  `toRoomIndexByRoomName` for the JSON) read persons by their text alone. They number rooms in
  the order of their first `<room>` in the file, an empty one too, and draw the columns of every
  day in that order: hence every room on every day (see `_day`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from urllib.parse import quote

from confkit import views
from confkit.cells import is_url
from confkit.model import Event
from confkit.public import PublicEvent, PublicSession, PublicSpeaker, public
from confkit.text.labels import LABELS
from confkit.text.clean import INVISIBLE

XML_PATH = "schedule/schedule.xml"
JSON_PATH = "schedule/schedule.json"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"

# GUIDs follow voc/schedule (voc/tools.py): `gen_uuid(value) = uuid5(NAMESPACE_VOC, str(value))`.
# We reuse that namespace rather than invent one, so that our GUIDs are made the way the c3voc
# tools make theirs; the name "<event id>/<kind>/<id>" keeps sessions, rooms and speakers of
# different events apart (pretalx, likewise, uuid5s the submission code in a per-instance space).
# Changing the namespace or the name format would change every GUID apps have stored.
NAMESPACE_VOC = uuid.UUID("0C9A24B4-72AA-4202-9F91-5A2B6BFF2E6F")

# Session ids are legacy positive integers (the XSD says xs:positiveInteger; old apps use them
# as keys). Kept within 31 bits for apps that store a signed int, and at least five digits so
# that the slug's part after the acronym is long enough for the XSD's `voc-slug-new`.
ID_FLOOR = 10_000
ID_SPAN = 2**31 - ID_FLOOR  # ids run from ID_FLOOR to 2**31 - 1

# The schema's own pattern for time_zone_name (a search, as JSON Schema does); zones it refuses
# (Etc/GMT+2 ...) are left out of the JSON rather than making the file invalid.
TIME_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
_MINUTE = dt.timedelta(minutes=1)
LINK_LABELS = {"slides": "link_slides", "media": "link_video"}  # link type -> its label in LABELS
_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")  # a slides file's suffix kept in its download's name


def render(event: Event) -> dict[str, bytes]:
    """Both feeds of `event`, by output path, made from its public view; the same event always
    gives the same bytes."""
    shown = public(event)
    document = schedule(shown)
    numbers = {str(guid(shown, "speakers", key)): number for key, number in person_ids(shown).items()}
    return {XML_PATH: _xml(document, numbers), JSON_PATH: _json(document)}


def schedule(event: PublicEvent) -> dict:
    """The schedule.json document; `version` hashes the content, so apps see every change."""
    conference = _clean(_conference(event))
    digest = hashlib.sha256(json.dumps(conference, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    body = {"version": digest[:12], **_if("base_url", event.site), "conference": conference}
    return {"$schema": SCHEMA_URL, "generator": {"name": "confkit"}, "schedule": body}


def guid(event: PublicEvent, kind: str, key: str) -> uuid.UUID:
    """A GUID that depends on the event and the record's id only, never on its row."""
    return uuid.uuid5(NAMESPACE_VOC, f"{event.id}/{kind}/{key}")


def allocate_ids(wanted: Mapping[str, int]) -> dict[str, int]:
    """Give each key its wanted id; on a clash the key later in sort order takes the next free one."""
    ids: dict[str, int] = {}
    taken: set[int] = set()
    for key in sorted(wanted):
        number = wanted[key]
        while number in taken:
            number = ID_FLOOR + (number - ID_FLOOR + 1) % ID_SPAN
        taken.add(number)
        ids[key] = number
    return ids


def acronym(event_id: str) -> str:
    """The event id in the schema's acronym alphabet: `^[a-z0-9_-][a-z0-9_]{3,}`, so no inner '-'."""
    return (re.sub(r"[^a-z0-9]+", "_", _ascii(event_id)).strip("_") or "event").ljust(4, "_")


# --- The document --------------------------------------------------------------------------

def person_ids(event: PublicEvent) -> dict[str, int]:
    """Integer ids of the speakers by speaker id, made as the session ids are: from the GUID, clashes
    settled by sort order. Every speaker of the sheet takes part, on stage or not, so that a
    speaker's id does not change when a session is added or dropped."""
    return allocate_ids({p.id: ID_FLOOR + guid(event, "speakers", p.id).int % ID_SPAN for p in event.speakers})


def _conference(event: PublicEvent) -> dict:
    days, ids = _days(event), _session_ids(event)
    zone = {"time_zone_name": event.timezone} if TIME_ZONE_NAME.search(event.timezone) else {}
    return {
        "acronym": acronym(event.id), "title": event.title,
        "start": days[0].isoformat(), "end": days[-1].isoformat(), "daysCount": len(days),
        "timeslot_duration": _timeslot(event.sessions), **zone, **_if("url", event.site),
        "rooms": [_room(event, name) for name in _room_order(event)],
        "days": [_day(event, index, day, ids) for index, day in enumerate(days, 1)],
    }


def _days(event: PublicEvent) -> list[dt.date]:
    """The event's days, plus any day a session falls on: a session is never silently dropped."""
    return sorted(set(event.days) | {session.start.date() for session in event.sessions})


def _timeslot(sessions: Iterable[PublicSession]) -> str:
    """The grid step apps draw: the largest one every start and end falls on, at most an hour."""
    step = math.gcd(60, *(t.hour * 60 + t.minute for s in sessions for t in (s.start, s.end)))
    return _hours_minutes(step)


def _room_order(event: PublicEvent) -> list[str]:
    """The rooms as the programme orders them, and the room-less sessions' "" first, if any:
    a session is never dropped."""
    unnamed = [""] if any(not s.room for s in event.sessions) else []
    return unnamed + list(views.room_order(event))


def _room(event: PublicEvent, name: str) -> dict:
    capacity = next((room.capacity for room in event.rooms if room.name == name), None)
    return {"name": name, "guid": str(guid(event, "rooms", name)), "capacity": capacity}


def _session_ids(event: PublicEvent) -> dict[str, int]:
    """Integer ids from the session GUIDs (like voc's get_id(guid)), clashes settled by sort order.

    ConfClerk's day view sorts by start and duration only, and SQLite hands the ties over in
    event-id order: sessions at the same time show in the order of these ids, not of the rooms.
    Ids made to follow the rooms would change whenever a session moves or the Rooms sheet is
    re-sorted, and the apps keep favourites and alarms by id (ConfClerk updates the event of the
    same id in place), so a starred talk would pass its star to another. Stable ids win; the
    room columns, which the apps take from the rooms' order, follow the programme.
    """
    return allocate_ids({s.id: ID_FLOOR + guid(event, "sessions", s.id).int % ID_SPAN for s in event.sessions})


def _day(event: PublicEvent, index: int, day: dt.date, ids: Mapping[str, int]) -> dict:
    """The day's sessions room by room, rooms in the programme's order, sessions in its order.

    Every room of the event, those empty that day too, as frab writes them: Giggity and
    EventFahrplan number rooms by first sight in the file, so a room first used on a later day
    would otherwise take a column after the rooms of the first day, whatever the programme's
    order. (ConfClerk numbers only rooms it meets beside an event, and passes empty ones over.)
    """
    sessions = views.ordered(event, (s for s in event.sessions if s.start.date() == day))
    start = min((s.start for s in sessions), default=dt.datetime.combine(day, dt.time(0)))
    end = max((s.end for s in sessions), default=dt.datetime.combine(day, dt.time(23, 59, 59)))
    rooms = {name: [_session(event, s, ids[s.id]) for s in sessions if s.room == name] for name in _room_order(event)}
    return {"index": index, "date": day.isoformat(), "day_start": _local(event, start),
            "day_end": _local(event, end), "rooms": rooms}


def _session(event: PublicEvent, session: PublicSession, number: int) -> dict:
    key = str(guid(event, "sessions", session.id))
    return {
        "guid": key, "id": number, "date": _local(event, session.start), "end": _local(event, session.end),
        "start": f"{session.start:%H:%M}", "duration": _hours_minutes((session.end - session.start) // _MINUTE),
        "room": session.room, "slug": _slug(event, session, number),
        # `url` is required by the JSON schema; without a website, a URN names the session instead.
        "url": views.session_url(event, session.id) or f"urn:uuid:{key}",
        "title": session.title, "subtitle": "", "track": None, "type": session.kind,
        "language": event.language, "abstract": session.abstract,
        "persons": [_person(event, person) for person in views.on_stage(session)],
        "links": _links(event, session),
    }


def _slug(event: PublicEvent, session: PublicSession, number: int) -> str:
    """`acronym-id-title`, as pretalx and voc make them; fits both the XSD and the JSON pattern."""
    title = re.sub(r"[^a-z0-9]+", "-", _ascii(session.title))[:48].strip("-")
    return "-".join(part for part in (acronym(event.id), str(number), title) if part)


def _person(event: PublicEvent, person: PublicSpeaker) -> dict:
    """Name (or job and organisation) only: a public speaker has no email to leak.

    Both `name` and `public_name` for old and new readers, and no integer `id`: the schema's person
    is a oneOf of a frab shape (`id` and `public_name` required) and a pretalx one (`name`
    required), so an `id` beside both names matches both and makes the file invalid (frab's own
    JSON, which writes all four, fails it so). Dropping a name instead would cost a reader:
    EventFahrplan's JSON model takes `guid` and `name` and prefers `public_name`. No JSON reader we
    know of keys persons by the integer id; ConfClerk, which does, reads the XML, which has it.
    """
    name = views.person(person).name
    return {"name": name, "public_name": name, "guid": str(guid(event, "speakers", person.id)),
            "biography": person.bio or None}


def _links(event: PublicEvent, session: PublicSession) -> list[dict]:
    """Slides and video (the reader accepts only full http(s) addresses there)."""
    labels = LABELS.get(event.language, LABELS["en"])
    pairs = (("slides", slides_url(event, session.id, session.slides)), ("media", session.video))
    return [{"type": kind, "url": url, "title": labels[LINK_LABELS[kind]]} for kind, url in pairs if url]


def slides_download(session_id: str, name: str) -> str:
    """Where the recap site offers the slides file `name` of the event folder, inside site/:
    `downloads/slides/<session id><suffix>` (`slides/Enquete.PDF` of s3 -> `downloads/slides/s3.pdf`).
    Named after the session, whose id is already a safe file name, so that two sessions' `slides.pdf`
    cannot clash and the folder's own file names stay out of the site."""
    suffix = PurePosixPath(name).suffix.lower()
    return f"downloads/slides/{session_id}" + (suffix if _SUFFIX.fullmatch(suffix) else "")


def slides_url(event: Event | PublicEvent, session_id: str, slides: str) -> str:
    """The slides' address: a web address as it is; a file of the event folder at its place in the
    published recap site, or '' without a website (`base_url`) to say where that is."""
    if not slides or is_url(slides):
        return slides
    return event.site + "site/" + quote(slides_download(session_id, slides)) if event.site else ""


# --- Small helpers -------------------------------------------------------------------------


def _local(event: PublicEvent, naive: dt.datetime) -> str:
    """ISO datetime with the offset in force that day (+02:00 in a Paris October, +01:00 in winter)."""
    return naive.replace(tzinfo=event.zone).isoformat()


def _hours_minutes(minutes: int) -> str:
    return "%02d:%02d" % divmod(max(minutes, 0), 60)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _if(key: str, value) -> dict:
    return {key: value} if value else {}


def _clean(value):
    """Every string without control characters, which XML cannot carry and no reader shows."""
    if isinstance(value, str):
        return INVISIBLE.sub("", value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


# --- Writers -------------------------------------------------------------------------------

def _json(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _xml(document: dict, person_numbers: Mapping[str, int]) -> bytes:
    """frab's layout: days beside the conference, rooms as elements; ElementTree does the escaping.
    `person_numbers` gives each person's integer id by GUID."""
    body = document["schedule"]
    conference = body["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=document["generator"]["name"])
    _text(root, "version", body["version"])
    _xml_conference(ET.SubElement(root, "conference"), {**conference, **_if("base_url", body.get("base_url"))})
    rooms = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        node = ET.SubElement(root, "day", index=str(day["index"]), date=day["date"],
                             start=day["day_start"], end=day["day_end"])
        for name, sessions in day["rooms"].items():
            room = ET.SubElement(node, "room", name=name, guid=rooms[name])
            for session in sessions:
                _xml_session(room, session, person_numbers)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _xml_conference(node: ET.Element, conference: dict) -> None:
    for key in ("title", "acronym", "start", "end", "daysCount", "timeslot_duration", "base_url", "url",
                "time_zone_name"):
        if key in conference:
            _text(node, "days" if key == "daysCount" else key, conference[key])


def _xml_session(parent: ET.Element, session: dict, person_numbers: Mapping[str, int]) -> None:
    """The elements the apps read that the workbook fills. Left out for want of data: `description`
    (the abstract is our only text, and ConfClerk and EventFahrplan would show it twice),
    `recording` (an `optout` of false would tell EventFahrplan's users that a talk is filmed),
    `feedback_url` and `logo`."""
    node = ET.SubElement(parent, "event", guid=session["guid"], id=str(session["id"]))
    for key in ("date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type",
                "language", "abstract"):
        if key != "url" or not session[key].startswith("urn:"):  # the XSD wants an http(s) url or none
            _text(node, key, session[key])
    persons = ET.SubElement(node, "persons")
    for person in session["persons"]:  # `id` first, as frab writes it; ConfClerk keys persons by it
        number = str(person_numbers[person["guid"]])
        ET.SubElement(persons, "person", id=number, guid=person["guid"]).text = person["name"]
    links = ET.SubElement(node, "links")
    for link in session["links"]:
        ET.SubElement(links, "link", href=link["url"], type=link["type"]).text = link["title"]


def _text(parent: ET.Element, tag: str, value) -> None:
    ET.SubElement(parent, tag).text = "" if value is None else str(value)
