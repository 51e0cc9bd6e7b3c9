"""Calendars (.ics): the programme, one file per session, each registrant's invitation and agenda.

Pure and deterministic: UIDs come from ids and DTSTAMP from the caller, never from icalendar.
icalendar writes what calendars share once per build (the VTIMEZONE, each session's VEVENT, the
lines every invitation has); a person's own lines (UID, SEQUENCE, ATTENDEE, DESCRIPTION) are
spliced in, escaped and folded as icalendar does it: tests/test_ics_skeleton.py holds them to the
bytes icalendar gives for the whole.
The VTIMEZONE block, shaped for Outlook, comes from `timezones`; names and order from `views`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from confkit import __version__, views
from confkit.invites.timezones import vtimezone
from confkit.model import Event, Registrant, Session
from confkit.text import dates as babel_dates
from confkit.text.labels import LABELS, french_spacing
from confkit.text.clean import INVISIBLE

PRODID = f"-//confkit//confkit {__version__}//EN"
_DAY = dt.timedelta(days=1)


def _domain(event: Event) -> str:
    """A host-like label from the event id; hashed when slugging it lost something, to stay unique."""
    slug = re.sub(r"[^a-z0-9]+", "-", event.id.lower()).strip("-") or "event"
    return f"{slug if slug == event.id else slug + '-' + hashlib.sha256(event.id.encode()).hexdigest()[:8]}.confkit"


def session_uid(event: Event, session_id: str) -> str:
    """`session.<id>@<event>.confkit`: stable across renders and row order; ASCII, no spaces."""
    return f"session.{quote(session_id, safe='-_~')}@{_domain(event)}"


def invitation_uid(event: Event, registrant_id: str) -> str:
    """`invitation.<id>@<event>.confkit`: one UID for every update of a person's invitation."""
    return f"invitation.{quote(registrant_id, safe='-_~')}@{_domain(event)}"


def _span(event: Event) -> tuple[dt.date, dt.date]:
    """The sessions' dates (only timed events need the zone), and a day more for sessions ending at
    midnight; the event's first day when there is none. Not the end date itself: a typo there
    (2110 for 2010) had the zone checked hour by hour for a century."""
    def make(event: Event) -> tuple[dt.date, dt.date]:
        days = [d for s in event.sessions for d in (s.start.date(), s.end.date())] or [event.start_date]
        return min(days), max(days) + _DAY
    return views.per_event(event, "span", make)


def _parallel(event: Event) -> bool:
    """Whether sessions run in several rooms (asked once per event, not once per invitation)."""
    return views.per_event(event, "parallel", lambda event: len(views.room_order(event)) > 1)


def _text(value: str, lines: bool = False) -> str:
    """Workbook text without control characters; on one line unless `lines` (descriptions)."""
    value = INVISIBLE.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return value if lines else " ".join(value.split())


def _word(event: Event, key: str) -> str:
    language = event.language if event.language in LABELS else "en"
    return LABELS[language].get(key, key)


def _heading(event: Event, key: str) -> str:
    return french_spacing(f"{_word(event, key)} :") if event.language == "fr" else f"{_word(event, key)}:"


def _place(event: Event, *middle: str) -> str:
    """Venue, `middle` (the room), address, city, the city left out when the address ends with it."""
    city = _text(event.city)
    parts = [_text(p) for p in (event.venue, *middle, event.address) if _text(p)]
    return ", ".join(parts + [city] * bool(city and not (parts and parts[-1].casefold().endswith(city.casefold()))))


def _session_description(event: Event, session: Session) -> str:
    lines = [_heading(event, "speakers"), *(f"- {_text(views.introduced(s))}" for s in session.speakers)] if session.speakers else []
    if session.moderator:
        lines.append(f"{_heading(event, 'moderator')} {_text(views.introduced(session.moderator))}")
    if _text(session.abstract):
        lines += [""] * bool(lines) + [_text(session.abstract, lines=True)]
    return "\n".join(lines)


def _glance(event: Event, sessions: Iterable[Session]) -> list[str]:
    """`09:30–10:15 Title — Speaker, Speaker` per session (room when parallel), days headed if several."""
    lines, day = [], None
    for s in sessions:
        if s.start.date() != day and (heading := _day_heading(event, s.start.date())):
            lines += [""] * bool(lines) + [heading]
        day = s.start.date()
        lines.append(_glance_line(event, s))
    return lines


def _day_heading(event: Event, day: dt.date) -> str:
    """The weekday heading a day's sessions in a glance, when the event has several days."""
    return _memo(event, ("day", day), lambda: babel_dates.weekday(day, event.language) if len(event.days) > 1 else "")


def _glance_line(event: Event, s: Session) -> str:
    """One session's line of a glance, made once per session: every invitation holding it repeats it."""
    def make() -> str:
        people = " — " + ", ".join(_text(views.person(p).name) for p in s.speakers) if s.speakers else ""
        room = f" ({_text(s.room)})" if _parallel(event) and s.room else ""
        return f"{s.start:%H:%M}–{s.end:%H:%M} {_text(s.title)}{people}{room}"
    return _memo(event, ("glance", s.id), make)


def _ordered(event: Event, sessions: Iterable[Session]) -> list[Session]:
    """In the programme's order: the workbook's row order never shows in the output."""
    return list(views.ordered(event, sessions))


def _facts(fields: Mapping[str, object]) -> dict[str, str]:
    days = {"days": " ".join(f"{start.isoformat()}/{end.isoformat()}" for start, end in fields["days"])} \
        if fields.get("days") else {}
    return {"start": fields["dtstart"].isoformat(), "end": fields["dtend"].isoformat(),
            **{key: fields[key] for key in ("location", "summary", "description")}, **days}


# --- Serialisation: icalendar once for what calendars share, lines spliced in for each person ---

_END = b"END:VCALENDAR\r\n"


def _memo(event: Event, key, make):
    """`make()`, kept for this event under `key`: a build serialises the VTIMEZONE, each session and the
    invitation's common lines once, before the workers fork, and every calendar reuses the bytes."""
    kept = views.per_event(event, "ics", lambda event: {})
    if key not in kept:
        kept[key] = make()
    return kept[key]


def _head(event: Event, method: str, name: str) -> bytes:
    """`BEGIN:VCALENDAR` to the end of the VTIMEZONE, as icalendar writes them."""
    def make() -> bytes:
        calendar = Calendar()
        for key, value in (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", method),
                           ("x-wr-calname", name)):
            if value:
                calendar.add(key, value)
        zone = _memo(event, "vtimezone", lambda: vtimezone(event.timezone, *_span(event)).to_ical())
        return calendar.to_ical()[:-len(_END)] + zone
    return _memo(event, ("head", method, name), make)


def _calendar(event: Event, method: str, vevents: Iterable[bytes], name: str = "") -> bytes:
    """A calendar of serialised VEVENTs: the bytes icalendar gives for the whole (a component's lines
    do not depend on what surrounds them)."""
    return b"".join((_head(event, method, name), *vevents, _END))


def _escape(text: str) -> str:
    """TEXT escaping as icalendar does it (RFC 5545 3.3.11), `\\N` read as a line break included."""
    return (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> bytes:
    """A content line folded as icalendar folds it (RFC 5545 3.1): pieces of at most 74 octets joined by
    CRLF and a space, never inside a UTF-8 sequence, a trailing `\\` or `^` carried over so that no escape
    is split (icalendar issue 1501); CRLF at the end."""
    data, pieces, start = line.encode(), [], 0
    while len(data) - start > 74:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the character starts before
            end -= 1
        end -= data[end - 1] in b"\\^"
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces) + b"\r\n"


def _line(name: str, value: str) -> bytes:
    """`NAME:value` of a TEXT property, escaped and folded."""
    return fold(f"{name}:{_escape(value)}")


_shared_line = functools.lru_cache(maxsize=512)(_line)  # thousands of people share one description


def _vevent(uid: str, stamp: dt.datetime, sequence: int, fields: Mapping[str, object]) -> VEvent:
    if stamp.utcoffset() is None:
        raise ValueError("the calendar stamp must be an aware datetime (UTC)")
    component = VEvent()
    component.add("uid", uid)
    component.add("dtstamp", stamp.astimezone(dt.UTC).replace(microsecond=0))
    component.add("sequence", sequence)
    for key in ("dtstart", "dtend", "summary", "location", "description", "url", "categories", "status"):
        if fields.get(key):
            component.add(key, fields[key])
    return component


def _session_fields(event: Event, session: Session) -> dict[str, object]:
    url = views.session_url(event, session.id)
    return {"dtstart": session.start.replace(tzinfo=event.zone), "dtend": session.end.replace(tzinfo=event.zone),
            "summary": _text(session.title), "description": _session_description(event, session),
            "location": _place(event, session.room), "url": url, "categories": [_word(event, session.kind)]}


def _session_event(event: Event, session: Session, stamp: dt.datetime, sequence: int) -> bytes:
    """A session's VEVENT, serialised once per build (a session is known by its id within its event):
    event.ics, the session's own calendar and every agenda holding it share the bytes."""
    return _memo(event, ("session", session.id, stamp, sequence), lambda: _vevent(
        session_uid(event, session.id), stamp, sequence, _session_fields(event, session)).to_ical())


def calendar(event: Event, stamp: dt.datetime, sequences: Mapping[str, int],
             stamps: Mapping[str, dt.datetime] | None = None) -> bytes:
    """`calendar/event.ics`: every session, METHOD:PUBLISH, for subscribing or importing. `stamps`: when
    each session's version was issued, where it is not `stamp`."""
    stamps = stamps or {}
    events = (_session_event(event, s, stamps.get(s.id, stamp), sequences.get(s.id, 0))
              for s in _ordered(event, event.sessions))
    return _calendar(event, "PUBLISH", events, _text(event.title))


def session_calendar(event: Event, session: Session, stamp: dt.datetime, sequence: int) -> bytes:
    """`calendar/sessions/<id>.ics`: one session, with the UID it has in the whole calendar."""
    return _calendar(event, "PUBLISH", [_session_event(event, session, stamp, sequence)], _text(session.title))


def agenda(event: Event, registrant: Registrant, stamp: dt.datetime, sequences: Mapping[str, int],
           stamps: Mapping[str, dt.datetime] | None = None) -> bytes:
    """`invites/agendas/<id>.ics`: the sessions the registrant chose, with the sessions' own UIDs (and
    stamps, as in `calendar`)."""
    stamps = stamps or {}
    events = (_session_event(event, s, stamps.get(s.id, stamp), sequences.get(s.id, 0))
              for s in _chosen(event, registrant))
    return _calendar(event, "PUBLISH", events, f"{_text(event.title)} — {_word(event, 'agenda')}")


def session_facts(event: Event, session: Session) -> dict[str, str]:
    """What decides whether a session changed, and what its cancellation needs: JSON-ready text."""
    return _facts(_session_fields(event, session))


def cancelled_session(event: Event, session_id: str, facts: Mapping[str, str], stamp: dt.datetime,
                      sequence: int) -> bytes:
    """METHOD:CANCEL for a session gone from the workbook, from the facts kept when it was published."""
    start, end = (dt.datetime.fromisoformat(facts[key]).astimezone(event.zone) for key in ("start", "end"))
    fields = {"dtstart": start, "dtend": end, "summary": facts.get("summary"), "location": facts.get("location"),
              "status": "CANCELLED"}
    component = _vevent(session_uid(event, session_id), stamp, sequence, fields)
    if event.organiser_email:
        component.add("organizer", _address(event.organiser_email, event.organiser))
    return _calendar(event, "CANCEL", [component.to_ical()])


def _chosen(event: Event, registrant: Registrant) -> list[Session]:
    """The registrant's sessions in the programme's order, by their place in it (sorting the programme
    once, not each person's sessions by start, room and end)."""
    place = _memo(event, "place", lambda: {s.id: n for n, s in enumerate(_programme(event)[0])})
    return [event.session_by_id[i] for i in sorted(set(registrant.session_ids) & place.keys(), key=place.get)]


def _event_fields(event: Event) -> dict[str, object]:
    """What every invitation of the event says alike: its days, title, place and website."""
    def make(event: Event) -> dict[str, object]:
        _sessions, days = _programme(event)
        start, end = days[0] if days else (event.start_date, event.end_date + _DAY)  # all day; DTEND is exclusive
        fields = {"dtstart": start, "dtend": end, "summary": _text(event.title), "location": _place(event),
                  "url": event.site}
        return fields | ({"days": days} if len(days) > 1 else {})
    return views.per_event(event, "invitation", make)


def _invitation_description(event: Event, registrant: Registrant) -> str:
    sessions, _days = _programme(event)
    return "\n".join(_invitation_lines(event, sessions, _chosen(event, registrant), registrant))


def _programme(event: Event) -> tuple[list[Session], list[tuple[dt.datetime, dt.datetime]]]:
    """(sessions in the programme's order, the spans of its days), made once per event."""
    def make(event: Event) -> tuple:
        sessions = _ordered(event, event.sessions)
        return sessions, _day_spans(event, sessions)
    return views.per_event(event, "programme", make)


def _day_spans(event: Event, sessions: list[Session]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Each day with sessions, from its first start to its last end (aware): a 3-day congress is three
    entries in the calendar, not one block running across two nights."""
    by_day: dict[dt.date, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(session.start.date(), []).append(session)
    return [(min(s.start for s in day).replace(tzinfo=event.zone), max(s.end for s in day).replace(tzinfo=event.zone))
            for _date, day in sorted(by_day.items())]


def _repeated_daily(component: VEvent, days: list[tuple[dt.datetime, dt.datetime]]) -> list[VEvent]:
    """The invitation of a multi-day event as one series (one UID, as iTIP wants one event per message):
    daily from the first day, days without sessions excluded, and each day whose hours differ from the
    first's given as its own instance (RECURRENCE-ID)."""
    first_start, first_end = days[0]
    count = (days[-1][0].date() - first_start.date()).days + 1
    component.add("rrule", {"freq": "daily", "count": count})
    dated = {start.date(): (start, end) for start, end in days}
    hour = first_start.timetz()
    missing = [dt.datetime.combine(first_start.date() + _DAY * n, hour) for n in range(count)
               if first_start.date() + _DAY * n not in dated]
    if missing:
        component.add("exdate", missing)
    instances = []
    for start, end in days[1:]:
        if (start.time(), end.time()) != (first_start.time(), first_end.time()):
            instance = VEvent()
            for key in ("uid", "dtstamp", "sequence", "summary", "location", "description", "url", "status",
                        "organizer", "attendee"):
                if key in component:
                    instance[key] = component[key]
            instance.add("recurrence-id", dt.datetime.combine(start.date(), hour))
            instance.add("dtstart", start)
            instance.add("dtend", end)
            instances.append(instance)
    return [component, *instances]


def _invitation_lines(event: Event, sessions: list[Session], chosen: list[Session],
                      registrant: Registrant) -> list[str]:
    """One room: the whole day at a glance, everyone attends it. Parallel rooms: the person's own
    sessions and the programme's address; 144 sessions would make every invitation 11 KB long and
    change all of them whenever one session moves."""
    stage = list(views.stage_sessions(event, registrant))
    mine = [_heading(event, "your_talks"), *_glance(event, stage), ""] if stage else []
    mine += [_heading(event, "your_sessions"), *_glance(event, chosen), ""] if chosen else []
    if not _parallel(event):
        return mine + ([_heading(event, "programme")] if mine else []) + _glance(event, sessions)
    lines = mine + ([f"{_heading(event, 'programme')} {views.programme_url(event)}"] if event.site else [])
    return lines[:-1] if lines and not lines[-1] else lines


def invitation_facts(event: Event, registrant: Registrant) -> dict[str, str]:
    """What decides whether an invitation changed: its time, place or content (all but the content
    the same for everyone)."""
    shared = _memo(event, "facts", lambda: _facts(_event_fields(event) | {"description": ""}))
    return shared | {"description": _invitation_description(event, registrant)}


def _cn(name: str) -> str:
    """A parameter cannot hold `"`, and the RFC 6868 escapes icalendar writes (`^'`, `^^`) show as such
    in Outlook and vobject: so `"` becomes `'` and `^` goes."""
    return _text(name).replace('"', "'").replace("^", "")


def _address(email: str, name: str, **params: str) -> vCalAddress:
    """`mailto:` with a CN."""
    address, name = vCalAddress(f"mailto:{_text(email)}"), _cn(name)
    address.params.update(params | ({"CN": name} if name else {}))
    return address


_ATTENDING = {"CUTYPE": "INDIVIDUAL", "PARTSTAT": "NEEDS-ACTION", "ROLE": "REQ-PARTICIPANT", "RSVP": "TRUE"}  # sorted


def _attendee_address(registrant: Registrant) -> vCalAddress:
    return _address(registrant.email, registrant.name, **_ATTENDING)


_QUOTED = re.compile("[ ',;:\u2019]")  # icalendar quotes a CN holding any of them


def _attendee(registrant: Registrant) -> bytes:
    """The line icalendar writes for `_attendee_address(registrant)`: parameters sorted, CN quoted as it does."""
    name = _cn(registrant.name)
    cn = [f'CN="{name}"' if _QUOTED.search(name) else f"CN={name}"] if name else []
    params = ";".join(cn + [f"{key}={value}" for key, value in _ATTENDING.items()])
    return fold(f"ATTENDEE;{params}:mailto:{_text(registrant.email)}")


def _invitation_events(event: Event, fields: Mapping[str, object], uid: str, stamp: dt.datetime, sequence: int,
                       method: str, attendee) -> list[VEvent]:
    """The invitation as icalendar components: one VEVENT, or a daily series and its instances."""
    component = _vevent(uid, stamp, sequence, fields)
    component.add("organizer", _address(event.organiser_email, event.organiser))
    component.add("attendee", attendee)
    if fields.get("days") and method == "REQUEST":  # a CANCEL of the series withdraws every day
        return _repeated_daily(component, fields["days"])
    if fields.get("days"):
        count = (fields["days"][-1][0].date() - fields["dtstart"].date()).days + 1
        component.add("rrule", {"freq": "daily", "count": count})
    return [component]


_MARK = re.compile(rb"(?m)^[A-Z-]+:\x00([a-z]+)\x00\r\n")


def _mark(name: str) -> vText:
    return vText(f"\x00{name}\x00")


def _invitation_skeleton(event: Event, stamp: dt.datetime, method: str) -> list[bytes]:
    """The invitation icalendar writes, with a placeholder line where a person's UID, SEQUENCE, ATTENDEE
    and DESCRIPTION go (in icalendar's order of properties), cut there: [bytes, name, bytes, ..., bytes]."""
    fields = _event_fields(event) | {"description": _mark("description"),
                                     "status": "CANCELLED" if method == "CANCEL" else ""}
    components = _invitation_events(event, fields, _mark("uid"), stamp, 0, method, _mark("attendee"))
    for component in components:
        component["SEQUENCE"] = _mark("sequence")
    return _MARK.split(_calendar(event, method, [component.to_ical() for component in components]))


def invitation(event: Event, registrant: Registrant, stamp: dt.datetime, sequence: int,
               method: str = "REQUEST") -> bytes:
    """`invites/<id>.ics`: one VEVENT for the event (a daily series for several days), sent (REQUEST)
    or withdrawn (CANCEL). The event's own lines are made once; the person's are spliced in.

    iTIP (RFC 5546) requires an ORGANIZER in both, so an event without organiser_email cannot
    have one: ValueError, whose message the caller shows.
    """
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"invitation method: expected one of: REQUEST, CANCEL, received: {method}")
    if not _text(event.organiser_email):
        raise ValueError("invitations need the organiser's email: fill in organiser_email in the Event sheet")
    skeleton = _memo(event, ("invitation", stamp, method), lambda: _invitation_skeleton(event, stamp, method))
    description = _invitation_description(event, registrant)
    lines = {b"uid": _line("UID", invitation_uid(event, registrant.id)), b"sequence": b"SEQUENCE:%d\r\n" % sequence,
             b"attendee": _attendee(registrant),
             b"description": _shared_line("DESCRIPTION", description) if description else b""}
    return b"".join(part if n % 2 == 0 else lines[part] for n, part in enumerate(skeleton))
