"""The calendars made from a prepared skeleton are the calendars icalendar makes.

`ics` serialises what calendars share once (the VTIMEZONE, each session's VEVENT, an invitation's
common lines) and splices in each person's lines, escaped and folded by its own small folder.
Here the same calendars are built the old way, as icalendar objects serialised whole with
`to_ical`, and must come out byte for byte the same, on the sample and on hostile text; and both
parsers must read the hostile text back as it was written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from pathlib import Path

import icalendar
import pytest
import vobject
from icalendar.parser import Contentline

from confkit import synthetic, workbook
from confkit.invites import ics, plan
from confkit.invites.timezones import vtimezone
from confkit.templates import environment

STAMPS = (dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC), dt.datetime(2024, 6, 2, 8, 15, 59, 999, tzinfo=dt.UTC))

# Text that escaping, quoting and folding must get right: separators, backslashes (`\N` too), line breaks,
# quotes and carets in a parameter, emoji, CJK, and multi-byte characters on the 75-octet boundary.
HOSTILE = (
    'Zoé "Zo" Durand^, CCI; Paris',
    "Jean\\Luc O'Brien : l’avocat",
    "C:\\Nouveau\\dossier; a,b\\,c",
    "李小龙 " * 12,
    "😀" * 30,
    "a" * 62 + "é" * 20,
    "b" * 61 + "中文" * 9,
    "c" * 60 + "\\" + "d" * 40,
    "e" * 59 + "^" + "😀" * 5,
    "line one\nline two\r\nline three\rfour\ttab",
)


# --- the old way: icalendar objects, serialised whole --------------------------------------------

def _old_calendar(event, method: str, components, name: str = "") -> bytes:
    calendar = icalendar.Calendar()
    for key, value in (("prodid", ics.PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", method),
                       ("x-wr-calname", name)):
        if value:
            calendar.add(key, value)
    calendar.add_component(vtimezone(event.timezone, *ics._span(event)))
    for component in components:
        calendar.add_component(component)
    return calendar.to_ical()


def _old_session(event, session, stamp, sequence):
    return ics._vevent(ics.session_uid(event, session.id), stamp, sequence, ics._session_fields(event, session))


def old_invitation(event, registrant, stamp, sequence, method="REQUEST") -> bytes:
    fields = ics._event_fields(event) | {"description": ics._invitation_description(event, registrant),
                                         "status": "CANCELLED" if method == "CANCEL" else ""}
    components = ics._invitation_events(event, fields, ics.invitation_uid(event, registrant.id), stamp, sequence,
                                        method, ics._attendee_address(registrant))
    return _old_calendar(event, method, components)


def old_agenda(event, registrant, stamp, sequences) -> bytes:
    components = [_old_session(event, s, stamp, sequences.get(s.id, 0)) for s in ics._chosen(event, registrant)]
    return _old_calendar(event, "PUBLISH", components, f"{ics._text(event.title)} — {ics._word(event, 'agenda')}")


def old_calendar(event, stamp, sequences) -> bytes:
    components = [_old_session(event, s, stamp, sequences.get(s.id, 0)) for s in ics._ordered(event, event.sessions)]
    return _old_calendar(event, "PUBLISH", components, ics._text(event.title))


def old_session_calendar(event, session, stamp, sequence) -> bytes:
    return _old_calendar(event, "PUBLISH", [_old_session(event, session, stamp, sequence)], ics._text(session.title))


# --- events -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    event, problems = workbook.read(Path(__file__).parent.parent / "sample_event")
    assert problems == []
    return event


@pytest.fixture(scope="module")
def congress(tmp_path_factory):
    folder = tmp_path_factory.mktemp("congress")
    synthetic.write(folder / "event.xlsx", registrants=12, rooms=3, days=3)
    event, problems = workbook.read(folder)
    assert [p for p in problems if p.severity == "error"] == []
    return event


def _hostile(event, texts=HOSTILE):
    """Every text the calendars show replaced by hostile text, people and sessions alike; every other
    registrant chooses three sessions."""
    text = itertools.cycle(texts)
    ids = [s.id for s in event.sessions]

    def speaker(person):
        return dataclasses.replace(person, first_name=next(text), last_name=next(text), organisation=next(text))

    sessions = tuple(dataclasses.replace(s, title=next(text), abstract="\n\n".join(texts), room=next(text)[:40],
                                         speakers=tuple(map(speaker, s.speakers)),
                                         moderator=s.moderator and speaker(s.moderator))
                     for s in event.sessions)
    registrants = tuple(dataclasses.replace(r, badge_name=next(text), email=f"{next(text)[:20]}@example.org",
                                            session_ids=tuple(ids[n % len(ids)] for n in range(n, n + 3 * (n % 2))))
                        for n, r in enumerate(event.registrants))
    return dataclasses.replace(event, title=next(text), venue=next(text), address=next(text), organiser=HOSTILE[0],
                               sessions=sessions, registrants=registrants, rooms=())


def _series(event):
    """One room over three days, the middle one without sessions (EXDATE) and the last one shorter
    (an instance of its own, RECURRENCE-ID): the invitation is a daily series."""
    first = event.sessions[0].start.date()
    moved = [dataclasses.replace(s, id=f"{s.id}-{n}", start=s.start + dt.timedelta(days=2 * n),
                                 end=s.end + dt.timedelta(days=2 * n) - dt.timedelta(minutes=15 * n))
             for n in (0, 1) for s in event.sessions]
    return dataclasses.replace(event, sessions=tuple(moved), end_date=first + dt.timedelta(days=2))


def _moved(event):
    """Every session half an hour later: the same UIDs, other times."""
    return dataclasses.replace(event, sessions=tuple(dataclasses.replace(
        s, start=s.start + dt.timedelta(minutes=30), end=s.end + dt.timedelta(minutes=30)) for s in event.sessions))


def _variants(sample, congress):
    return {"sample": sample, "congress": congress, "hostile sample": _hostile(sample),
            "hostile congress": _hostile(congress), "series": _series(sample), "hostile series": _hostile(_series(sample)),
            "moved": _moved(sample)}


# --- byte for byte ------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["sample", "congress", "hostile sample", "hostile congress", "series",
                                   "hostile series", "moved"])
def test_every_calendar_is_the_one_icalendar_writes(sample, congress, which):
    event = _variants(sample, congress)[which]
    sequences = {s.id: n % 4 for n, s in enumerate(event.sessions)}
    for stamp in (*STAMPS, STAMPS[0]):  # kept parts never leak from one stamp into another
        assert ics.calendar(event, stamp, sequences) == old_calendar(event, stamp, sequences)
        for session in event.sessions:
            assert ics.session_calendar(event, session, stamp, 2) == old_session_calendar(event, session, stamp, 2)
        for registrant in event.registrants[:16]:  # the sample's 210 alike
            for sequence, method in ((0, "REQUEST"), (7, "REQUEST"), (8, "CANCEL")):
                assert ics.invitation(event, registrant, stamp, sequence, method) == \
                    old_invitation(event, registrant, stamp, sequence, method), (registrant.id, method)
            assert ics.agenda(event, registrant, stamp, sequences) == old_agenda(event, registrant, stamp, sequences)


def test_the_variants_reach_what_they_are_meant_to(sample, congress):
    """Series with an EXDATE and an instance, cancellations, folds next to multi-byte characters: the
    comparison above covers each of them."""
    variants = _variants(sample, congress)
    request = ics.invitation(variants["hostile series"], variants["hostile series"].registrants[1], STAMPS[0], 1)
    cancel = ics.invitation(variants["hostile congress"], variants["hostile congress"].registrants[0], STAMPS[0], 2,
                            "CANCEL")
    assert (b"RRULE:FREQ=DAILY;COUNT=3" in request, b"EXDATE" in request, b"RECURRENCE-ID" in request) == (
        True, True, True)
    assert (b"METHOD:CANCEL" in cancel, b"STATUS:CANCELLED" in cancel, b"RRULE:FREQ=DAILY;COUNT=3" in cancel) == (
        True, True, True)
    lines = request.split(b"\r\n")
    cut_short = [line for line, after in zip(lines, lines[1:])  # a fold moved before a character or an escape
                 if after.startswith(b" ") and len(line) < (75 if line.startswith(b" ") else 74)]
    assert len(cut_short) > 10 and any(line.startswith(b"ATTENDEE") for line in cut_short)


def test_a_session_cancelled_keeps_the_lines_icalendar_writes(sample):
    event = _hostile(sample)
    session = event.sessions[0]
    facts = ics.session_facts(event, session)
    start, end = (dt.datetime.fromisoformat(facts[key]).astimezone(event.zone) for key in ("start", "end"))
    component = ics._vevent(ics.session_uid(event, session.id), STAMPS[1], 3, {
        "dtstart": start, "dtend": end, "summary": facts["summary"], "location": facts["location"],
        "status": "CANCELLED"})
    component.add("organizer", ics._address(event.organiser_email, event.organiser))
    assert ics.cancelled_session(event, session.id, facts, STAMPS[1], 3) == _old_calendar(event, "CANCEL", [component])


# --- read back by both parsers ----------------------------------------------------------------

def test_hostile_text_reads_back_the_same_in_icalendar_and_vobject(sample):
    """All but `\\N`, which icalendar writes as a line break (`\\n`) wherever it is, session titles
    included, and `\\,` in a name, which icalendar reads in a parameter as `,` (vobject as written): the
    calendars keep what icalendar writes, and the workbook's text rarely holds them."""
    event = _hostile(_series(sample), tuple(text.replace("\\N", "\\n").replace("\\,", ",") for text in HOSTILE))
    for registrant in event.registrants:
        data = ics.invitation(event, registrant, STAMPS[0], 3)
        ours = icalendar.Calendar.from_ical(data).walk("VEVENT")
        theirs = vobject.readOne(data.decode()).vevent_list
        expected = ics._invitation_description(event, registrant)
        assert [str(e["DESCRIPTION"]) for e in ours] == [e.description.value for e in theirs] == \
            [expected] * len(ours), registrant.id
        assert [e["ATTENDEE"].params["CN"] for e in ours] == [e.attendee.params["CN"][0] for e in theirs] == \
            [ics._cn(registrant.name)] * len(ours)
        assert [str(e["ATTENDEE"]) for e in ours] == [e.attendee.value for e in theirs] == \
            [f"mailto:{ics._text(registrant.email)}"] * len(ours)
        assert {e["SEQUENCE"] for e in ours} == {int(e.sequence.value) for e in theirs} == {3}


# --- the folder ---------------------------------------------------------------------------------

def _lines() -> list[str]:
    """Each kind of character ending up on each side of every fold of a long line."""
    found = []
    for filler, char in itertools.product(range(140, 160), ("é", "中", "😀", "\\", "^", ",", "a")):
        found += [f"DESCRIPTION:{'x' * (filler - 150 + 60)}{char * 40}", f"X:{char * filler}",
                  f"SUMMARY:{('ab' + char) * (filler // 3)}"]
    return found + ["", "A:b", "X:" + "y" * 72, "X:" + "y" * 73, "X:" + "é" * 36 + "y", "X:" + "\\" * 200]


def test_the_folder_folds_as_icalendar_does():
    for line in _lines():
        assert ics.fold(line) == Contentline(line).to_ical() + b"\r\n", line


def test_folded_lines_are_at_most_75_octets_whole_characters_and_unfold_to_the_line():
    for line in _lines():
        folded = ics.fold(line)
        pieces = folded[:-2].split(b"\r\n")
        assert folded.endswith(b"\r\n") and max(len(piece) for piece in pieces) <= 75, line
        assert all(piece.startswith(b" ") for piece in pieces[1:]), line
        assert [piece.decode() for piece in pieces]  # no piece starts or ends inside a character
        assert b"".join(piece[1:] if n else piece for n, piece in enumerate(pieces)).decode() == line


# --- the plan ---------------------------------------------------------------------------------

def test_the_plan_makes_each_agenda_with_its_invitation_as_icalendar_would(congress):
    hostile = _hostile(congress)  # with addresses the .eml can carry
    event = dataclasses.replace(hostile, registrants=tuple(dataclasses.replace(r, email=f"o'brien.{n}@example.org")
                                                           for n, r in enumerate(hostile.registrants)))
    issued = plan.plan(event, environment(), {"sessions": {event.sessions[0].id: {"sequence": 4, "facts": {}}}},
                       STAMPS[0])
    files = dict(issued.invitation_files())
    sequences = {s.id: 5 if s is event.sessions[0] else 0 for s in event.sessions}
    agendas = {plan.agenda_path(r.id): old_agenda(event, r, STAMPS[0], sequences) for r in event.registrants
               if r.session_ids}
    assert len(files) == issued.invitation_count and sorted(issued.agendas) == sorted(agendas)
    assert {name: files[name] for name in agendas} == agendas
    assert files[f"invites/{event.registrants[0].id}.ics"] == old_invitation(event, event.registrants[0], STAMPS[0], 0)
