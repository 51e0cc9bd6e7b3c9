"""Calendars and invitations: two independent parsers agree, the time zone gives the right UTC
time (also as Outlook reads it), UIDs are stable, and text from the workbook comes back unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from pathlib import Path

import icalendar
import pytest
import vobject

from confkit.invites import ics
from confkit import synthetic
from confkit import workbook

STAMP = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NAMES = itertools.count()


@pytest.fixture(scope="module")
def sample():
    event, problems = workbook.read(Path(__file__).parent.parent / "sample_event")
    assert problems == []
    return event


@pytest.fixture(scope="module")
def congress(tmp_path_factory):
    folder = tmp_path_factory.mktemp("congress")
    synthetic.write(folder / "event.xlsx", registrants=30, rooms=8, days=3)
    event, problems = workbook.read(folder)
    assert [p for p in problems if p.severity == "error"] == []
    return event


def _read(folder: Path):
    event, problems = workbook.read(folder)
    assert [p for p in problems if p.severity == "error"] == []
    return event


def _files(event) -> dict[str, bytes]:
    """Every .ics that `confkit invites` and `build` write for the event, plus a cancellation per session."""
    files = {"calendar/event.ics": ics.calendar(event, STAMP, {})}
    for session in event.sessions:
        files[f"calendar/sessions/{session.id}.ics"] = ics.session_calendar(event, session, STAMP, 0)
        files[f"cancelled/{session.id}.ics"] = ics.cancelled_session(
            event, session.id, ics.session_facts(event, session), STAMP, 1)
    for registrant in event.registrants:
        files[f"invites/{registrant.id}.ics"] = ics.invitation(event, registrant, STAMP, 0)
        files[f"invites/{registrant.id}-cancel.ics"] = ics.invitation(event, registrant, STAMP, 1, "CANCEL")
        files[f"invites/{registrant.id}-agenda.ics"] = ics.agenda(event, registrant, STAMP, {})
    return files


def _renamed(data: bytes, tzid: str) -> bytes:
    """The zone under a name no parser knows and none has cached: they must read our VTIMEZONE.

    icalendar uses its own zoneinfo for a known IANA name, and both libraries cache a parsed
    VTIMEZONE by TZID for the whole process.
    """
    name = f"Confkit-Test/Zone-{next(_NAMES)}".encode()
    return data.replace(f"TZID={tzid}:".encode(), b"TZID=" + name + b":").replace(
        f"TZID:{tzid}\r".encode(), b"TZID:" + name + b"\r")


def _starts_utc(data: bytes, tzid: str) -> tuple[list[dt.datetime], list[dt.datetime]]:
    """Each VEVENT's DTSTART in UTC, by icalendar and by vobject, both from the VTIMEZONE's content."""
    parsed = icalendar.Calendar.from_ical(_renamed(data, tzid))
    by_icalendar = [e.DTSTART.astimezone(dt.UTC) for e in parsed.walk("VEVENT")]
    other = vobject.readOne(_renamed(data, tzid).decode())
    by_vobject = [e.dtstart.value.astimezone(dt.UTC) for e in other.vevent_list]
    return by_icalendar, by_vobject


def _outlook_utc(vtimezone, local: dt.datetime) -> dt.datetime:
    """UTC as Outlook computes it ([MS-OXCICAL] 2.1.3.1.1.19): the base offset from the one STANDARD,
    one yearly change each way from RRULE (BYMONTH, BYDAY) and DTSTART's hour; RDATE ignored."""
    standards, daylights = vtimezone.walk("STANDARD"), vtimezone.walk("DAYLIGHT")
    assert (len(standards), len(daylights) <= 1) == (1, True)
    assert [c for c in standards + daylights if "RDATE" in c] == []
    offset = standards[0]["TZOFFSETTO"].td
    if daylights:
        begins, ends = _onset(daylights[0], local.year), _onset(standards[0], local.year)
        summer = begins <= local < ends if begins < ends else not ends <= local < begins
        offset = daylights[0]["TZOFFSETTO"].td if summer else offset
    return (local - offset).replace(tzinfo=dt.UTC)


def _onset(observance, year: int) -> dt.datetime:
    rule = observance["RRULE"]
    assert (rule["FREQ"], len(rule["BYMONTH"]), len(rule["BYDAY"])) == (["YEARLY"], 1, 1)
    month, byday = rule["BYMONTH"][0], rule["BYDAY"][0]
    days = [day for day in (dt.date(year, month, 1) + dt.timedelta(days=n) for n in range(31))
            if day.month == month and WEEKDAYS[day.weekday()] == byday[-2:]]
    nth = int(byday[:-2] or 1)
    return dt.datetime.combine(days[nth - 1] if nth > 0 else days[nth], observance.DTSTART.time())


# --- every file parses ------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["sample", "congress"])
def test_every_file_parses_with_icalendar_and_vobject(which, request):
    event = request.getfixturevalue(which)
    for name, data in _files(event).items():
        lines = data.split(b"\r\n")
        assert (lines[-1], [line for line in lines if b"\n" in line or b"\r" in line]) == (b"", []), name
        assert max(len(line) for line in lines) <= 75, name
        parsed, other = icalendar.Calendar.from_ical(data), vobject.readOne(data.decode())
        uids = [str(e["UID"]) for e in parsed.walk("VEVENT")]
        assert [e.uid.value for e in getattr(other, "vevent_list", [])] == uids, name
        assert [e.dtstamp.value for e in getattr(other, "vevent_list", [])] == [STAMP] * len(uids), name
        used = {p.params.get("TZID") for e in parsed.walk("VEVENT") for p in (e["DTSTART"], e["DTEND"])}
        assert ([str(z["TZID"]) for z in parsed.walk("VTIMEZONE")], used - {None}) == (
            [event.timezone], {event.timezone} if uids else set()), name


def test_calendar_has_one_vevent_per_session_with_uid_stamp_and_sequence(congress):
    parsed = icalendar.Calendar.from_ical(ics.calendar(congress, STAMP, {"s1": 3}))
    events = parsed.walk("VEVENT")
    assert len(events) == 144 == len(congress.sessions)
    assert sorted(str(e["UID"]) for e in events) == sorted(ics.session_uid(congress, s.id) for s in congress.sessions)
    assert {e.DTSTAMP for e in events} == {STAMP}
    assert [(str(e["UID"]), e["SEQUENCE"]) for e in events if e["SEQUENCE"]] == [
        ("session.s1@synthetic-0.confkit", 3)]
    assert (str(parsed["METHOD"]), str(parsed["PRODID"]), str(parsed["X-WR-CALNAME"])) == (
        "PUBLISH", "-//confkit//confkit 0.1.0//EN", "Synthetic congress")


# --- time zone --------------------------------------------------------------------------------

def test_sample_first_session_is_seven_utc_in_both_parsers_and_as_outlook_reads_it(sample):
    data = ics.calendar(sample, STAMP, {})
    by_icalendar, by_vobject = _starts_utc(data, "Europe/Paris")
    assert by_icalendar[0] == by_vobject[0] == dt.datetime(2010, 10, 19, 7, 0, tzinfo=dt.UTC)
    assert by_icalendar == by_vobject
    vtimezone = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0]
    assert _outlook_utc(vtimezone, dt.datetime(2010, 10, 19, 9, 0)) == dt.datetime(2010, 10, 19, 7, 0, tzinfo=dt.UTC)


def test_sample_vtimezone_is_the_yearly_rule_outlook_understands(sample):
    vtimezone = icalendar.Calendar.from_ical(ics.calendar(sample, STAMP, {})).walk("VTIMEZONE")[0]
    assert [(c.name, c["DTSTART"].to_ical(), c["RRULE"].to_ical(), c["TZOFFSETFROM"].to_ical(),
             c["TZOFFSETTO"].to_ical()) for c in vtimezone.subcomponents] == [
        ("STANDARD", b"19701025T030000", b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "+0200", "+0100"),
        ("DAYLIGHT", b"19700329T020000", b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "+0100", "+0200")]


def test_winter_session_is_eight_utc_in_both_parsers_and_as_outlook_reads_it(event):
    event.set("Event!B3", dt.date(2010, 11, 16)).set("Sessions!B2", "09:00")
    data = ics.calendar(_read(event.write()), STAMP, {})
    by_icalendar, by_vobject = _starts_utc(data, "Europe/Paris")
    winter = [dt.datetime(2010, 11, 16, 8, 0, tzinfo=dt.UTC), dt.datetime(2010, 11, 16, 9, 30, tzinfo=dt.UTC)]
    assert by_icalendar == by_vobject == winter
    vtimezone = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0]
    assert _outlook_utc(vtimezone, dt.datetime(2010, 11, 16, 9, 0)) == winter[0]


@pytest.mark.parametrize("tzid, days, expected, outlook", [
    # across the start of US summer time (9 March 2025)
    ("America/New_York", ("2025-03-08", "2025-03-10"), ["2025-03-08T14:30", "2025-03-10T13:30"], True),
    # across the end of Australian summer time (6 April 2025), southern hemisphere
    ("Australia/Sydney", ("2025-04-05", "2025-04-07"), ["2025-04-04T22:30", "2025-04-06T23:30"], True),
    # no summer time at all
    ("Asia/Tokyo", ("2025-07-01", "2025-07-01"), ["2025-07-01T00:30", "2025-07-01T00:30"], True),
    # Brazil's last change (17 February 2019): no yearly rule, so the exact form for those dates
    ("America/Sao_Paulo", ("2019-02-16", "2019-02-18"), ["2019-02-16T11:30", "2019-02-18T12:30"], False),
])
def test_sessions_across_a_change_of_offset_get_the_right_utc_time(event, tzid, days, expected, outlook):
    first, last = (dt.date.fromisoformat(day) for day in days)
    event.set("Event!B4", tzid).set("Event!A7", "end_date").set("Event!B7", last).set("Event!B3", first)
    event.sheets["Sessions"] = [["id", "date", "start", "end", "room", "kind", "title"],
                                ["a", first, "09:30", "10:00", "Hall", "talk", "First day"],
                                ["b", last, "09:30", "10:00", "Hall", "talk", "Last day"]]
    data = ics.calendar(_read(event.write()), STAMP, {})
    utc = [dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC) for value in expected]
    assert _starts_utc(data, tzid) == (utc, utc)
    if outlook:
        vtimezone = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0]
        locals_ = [dt.datetime.combine(day, dt.time(9, 30)) for day in (first, last)]
        assert [_outlook_utc(vtimezone, local) for local in locals_] == utc


def test_a_wrong_vtimezone_would_be_caught_by_the_parsers(sample):
    """The checks above read our VTIMEZONE, not a zone database: a wrong offset shows."""
    data = ics.calendar(sample, STAMP, {}).replace(b"TZOFFSETTO:+0200", b"TZOFFSETTO:+0300")
    assert _starts_utc(data, "Europe/Paris")[0][0] == dt.datetime(2010, 10, 19, 6, 0, tzinfo=dt.UTC)
    assert _starts_utc(data, "Europe/Paris")[1][0] == dt.datetime(2010, 10, 19, 6, 0, tzinfo=dt.UTC)


# --- stable output ----------------------------------------------------------------------------

def test_uids_are_stable_and_output_identical_after_reordering_sessions(event):
    before = ics.calendar(_read(event.write()), STAMP, {})
    again = ics.calendar(_read(event.write()), STAMP, {})
    header, *rows = event.sheets["Sessions"]
    event.sheets["Sessions"] = [header, *reversed(rows)]
    reordered = _read(event.write())
    assert [s.id for s in reordered.sessions] == ["s2", "s1"]
    assert before == again == ics.calendar(reordered, STAMP, {})
    assert [str(e["UID"]) for e in icalendar.Calendar.from_ical(before).walk("VEVENT")] == [
        "session.s1@study-day-2010.confkit", "session.s2@study-day-2010.confkit"]


def test_uids_are_ascii_without_spaces_for_any_id(event):
    strange = dataclasses.replace(_read(event.write()), id="Journée d'étude")
    assert ics.session_uid(strange, "séance 1@x") == "session.s%C3%A9ance%201%40x@journ-e-d-tude-b396c87f.confkit"
    assert ics.invitation_uid(strange, "zoe") == "invitation.zoe@journ-e-d-tude-b396c87f.confkit"


def test_only_dtstamp_changes_with_the_stamp(sample):
    later = STAMP + dt.timedelta(days=1)
    assert ics.calendar(sample, later, {}).replace(b"DTSTAMP:20240502T123000Z", b"DTSTAMP:20240501T123000Z") == \
        ics.calendar(sample, STAMP, {})


# --- sessions ---------------------------------------------------------------------------------

def test_session_calendar_describes_speakers_moderator_and_abstract_in_french(sample):
    data = ics.session_calendar(sample, sample.session_by_id["e-reputation"], STAMP, 2)
    vevent = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert (str(vevent["SUMMARY"]), vevent["SEQUENCE"], vevent.categories, str(vevent["URL"])) == (
        "Table ronde : e-réputation et identité numérique des CCI", 2, ["Table ronde"],
        "https://evenements.acfci.cci.fr/reseaux-sociaux-2010/programme.html#session-e-reputation")
    assert str(vevent["LOCATION"]) == (
        "Palais des congrès de Paris, Amphithéâtre Bordeaux, 2 place de la Porte Maillot, 75017 Paris")
    head = str(vevent["DESCRIPTION"]).split("\n\n")[0]
    assert head == ("Intervenants\u00a0:\n- Hélène Allaire, Community manager, ESCP Europe\n"
                    "- Avocat (Cabinet Bensussan)\n"
                    "- Ludovic Bour, Responsable Intelligence économique, innovation et TIC, ACFCI\n"
                    "Modération\u00a0: Frédéric Bascunana, Animateur, TechToc TV")


def test_session_facts_are_local_times_with_offset(event):
    facts = ics.session_facts(_read(event.write()), _read(event.write()).sessions[1])
    assert facts == {"start": "2010-10-19T10:30:00+02:00", "end": "2010-10-19T11:30:00+02:00",
                     "location": "Hall", "summary": "E-reputation",
                     "description": "Speakers:\n- Lawyer (Cabinet Bensussan)\nModerator: Ludovic Bour, "
                                    "Head of innovation, ACFCI"}


def test_cancelled_session_keeps_its_uid_and_time(event):
    study = _read(event.write())
    facts = ics.session_facts(study, study.sessions[0])
    parsed = icalendar.Calendar.from_ical(ics.cancelled_session(study, "s1", facts, STAMP, 4))
    vevent = parsed.walk("VEVENT")[0]
    assert (str(parsed["METHOD"]), str(vevent["STATUS"]), str(vevent["UID"]), vevent["SEQUENCE"],
            vevent.DTSTART.isoformat(), str(vevent["SUMMARY"]), str(vevent["ORGANIZER"])) == (
        "CANCEL", "CANCELLED", "session.s1@study-day-2010.confkit", 4, "2010-10-19T09:30:00+02:00", "Opening",
        "mailto:contact@example.org")


# --- invitations ------------------------------------------------------------------------------

def test_invitation_is_a_request_with_organizer_and_one_attendee(sample):
    zoe = sample.registrants[0]
    parsed = icalendar.Calendar.from_ical(ics.invitation(sample, zoe, STAMP, 3))
    vevent = parsed.walk("VEVENT")[0]
    organizer, attendees = vevent["ORGANIZER"], vevent.get("ATTENDEE")
    assert (str(parsed["METHOD"]), vevent["SEQUENCE"], str(vevent["UID"])) == (
        "REQUEST", 3, f"invitation.{zoe.id}@acfci-reseaux-sociaux-2010.confkit")
    assert (str(organizer), organizer.params["CN"]) == (
        "mailto:l.bour@acfci.cci.fr", "Assemblée des chambres françaises de commerce et d’industrie (ACFCI)")
    assert (str(attendees), dict(attendees.params)) == ("mailto:hallaire@escpeurope.eu", {
        "CN": "Hélène Allaire", "CUTYPE": "INDIVIDUAL", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION",
        "RSVP": "TRUE"})
    assert (vevent.DTSTART.isoformat(), vevent.DTEND.isoformat(), str(vevent["SUMMARY"]), str(vevent["URL"])) == (
        "2010-10-19T09:00:00+02:00", "2010-10-19T17:30:00+02:00", sample.title,
        "https://evenements.acfci.cci.fr/reseaux-sociaux-2010/")
    assert str(vevent["LOCATION"]) == "Palais des congrès de Paris, 2 place de la Porte Maillot, 75017 Paris"
    other = vobject.readOne(ics.invitation(sample, zoe, STAMP, 3).decode()).vevent
    assert [(a.value, a.params["CN"], a.params["RSVP"]) for a in other.attendee_list] == [
        ("mailto:hallaire@escpeurope.eu", ["Hélène Allaire"], ["TRUE"])]


def test_invitation_cancel_has_method_and_status_cancelled(sample):
    parsed = icalendar.Calendar.from_ical(ics.invitation(sample, sample.registrants[0], STAMP, 4, "CANCEL"))
    vevent = parsed.walk("VEVENT")[0]
    assert (str(parsed["METHOD"]), str(vevent["STATUS"]), vevent["SEQUENCE"]) == ("CANCEL", "CANCELLED", 4)


def test_invitation_description_is_the_day_at_a_glance(event):
    study = _read(event.write())
    vevent = icalendar.Calendar.from_ical(ics.invitation(study, study.registrants[0], STAMP, 0)).walk("VEVENT")[0]
    assert str(vevent["DESCRIPTION"]) == ("09:30–10:15 Opening — Ludovic Bour\n"
                                          "10:30–11:30 E-reputation — Lawyer (Cabinet Bensussan)")


def test_invitation_description_lists_chosen_sessions_first(event):
    event.set("Registrants!G1", "sessions").set("Registrants!G2", "s2")
    study = _read(event.write())
    chooser, other = study.registrants
    description = str(icalendar.Calendar.from_ical(ics.invitation(study, chooser, STAMP, 0)).walk("VEVENT")[0]
                      ["DESCRIPTION"])
    assert description == ("Your sessions:\n10:30–11:30 E-reputation — Lawyer (Cabinet Bensussan)\n\n"
                           "Programme:\n09:30–10:15 Opening — Ludovic Bour\n"
                           "10:30–11:30 E-reputation — Lawyer (Cabinet Bensussan)")
    assert ics.invitation_facts(study, other)["description"] == (
        "09:30–10:15 Opening — Ludovic Bour\n10:30–11:30 E-reputation — Lawyer (Cabinet Bensussan)")


def test_invitation_in_french_heads_the_chosen_sessions_in_french(event):
    event.set("Event!B5", "fr").set("Registrants!G1", "sessions").set("Registrants!G2", "s1")
    study = _read(event.write())
    assert ics.invitation_facts(study, study.registrants[0])["description"].split("\n")[:3] == [
        "Vos sessions\u00a0:", "09:30–10:15 Opening — Ludovic Bour", ""]


def test_a_naive_stamp_is_refused(event):
    study = _read(event.write())
    with pytest.raises(ValueError) as raised:
        ics.calendar(study, dt.datetime(2024, 5, 1, 12, 30), {})
    assert str(raised.value) == "the calendar stamp must be an aware datetime (UTC)"


def test_invitation_without_sessions_is_all_day(event):
    event.sheets["Sessions"] = event.sheets["Sessions"][:1]
    study = _read(event.write())
    facts = ics.invitation_facts(study, study.registrants[0])
    vevent = icalendar.Calendar.from_ical(ics.invitation(study, study.registrants[0], STAMP, 0)).walk("VEVENT")[0]
    assert (facts["start"], facts["end"], vevent.DTSTART, vevent.DTEND) == (
        "2010-10-19", "2010-10-20", dt.date(2010, 10, 19), dt.date(2010, 10, 20))


def test_invitation_without_organiser_email_is_refused(event):
    event.sheets["Event"] = [row for row in event.sheets["Event"] if row[0] != "organiser_email"]
    study = _read(event.write())
    with pytest.raises(ValueError) as raised:
        ics.invitation(study, study.registrants[0], STAMP, 0)
    assert str(raised.value) == ("invitations need the organiser's email: fill in organiser_email in the Event sheet")


def test_agenda_lists_only_the_chosen_sessions_with_their_uids(congress):
    choosers = [r for r in congress.registrants if r.session_ids]
    assert len(choosers) == 8 and {len(r.session_ids) for r in choosers} == {3}
    for registrant in congress.registrants:
        parsed = icalendar.Calendar.from_ical(ics.agenda(congress, registrant, STAMP, {}))
        assert sorted(str(e["UID"]) for e in parsed.walk("VEVENT")) == sorted(
            ics.session_uid(congress, i) for i in registrant.session_ids)
        description = ics.invitation_facts(congress, registrant)["description"]
        assert description.startswith("Your sessions:\n") == bool(registrant.session_ids)


# --- text from the workbook -------------------------------------------------------------------

def test_awkward_text_round_trips_through_both_parsers(event):
    study = _read(event.write())
    title = 'Risks, "e-reputation"; <script>alert(1)</script> \\ back\x07slash\nsecond line'
    abstract = "Line one, with a comma; a semicolon.\n\nLine three: <b>bold</b> \\n not a newline\x00"
    session = dataclasses.replace(study.sessions[0], title=title, abstract=abstract, speakers=())
    data = ics.session_calendar(dataclasses.replace(study, sessions=(session,)), session, STAMP, 0)
    expected_title = 'Risks, "e-reputation"; <script>alert(1)</script> \\ backslash second line'
    expected_abstract = "Line one, with a comma; a semicolon.\n\nLine three: <b>bold</b> \\n not a newline"
    vevent = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    other = vobject.readOne(data.decode()).vevent
    assert (str(vevent["SUMMARY"]), str(vevent["DESCRIPTION"])) == (expected_title, expected_abstract)
    assert (other.summary.value, other.description.value) == (expected_title, expected_abstract)
    assert b"\\, \"e-reputation\"\\; <script>" in data  # escaped by icalendar, not by us


def test_names_in_attendee_parameters_read_the_same_in_both_parsers(event):
    """`"` cannot be in a parameter; RFC 6868's escapes are not read by Outlook or vobject."""
    study = _read(event.write())
    person = dataclasses.replace(study.registrants[0], badge_name='Zoé "Zo" Durand^, CCI; Paris')
    data = ics.invitation(study, person, STAMP, 0)
    attendee = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]["ATTENDEE"]
    other = vobject.readOne(data.decode()).vevent.attendee
    assert attendee.params["CN"] == "Zoé 'Zo' Durand, CCI; Paris"
    assert other.params["CN"] == ["Zoé 'Zo' Durand, CCI; Paris"]


def _occurrences(data: bytes) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) in UTC of each day of an invitation: the series as vobject expands it (dateutil), with
    its instances (RECURRENCE-ID) put in place as icalendar reads them."""
    series = vobject.readOne(data.decode()).vevent
    length = series.dtend.value - series.dtstart.value
    days = {start.astimezone(dt.UTC): (start.astimezone(dt.UTC), (start + length).astimezone(dt.UTC))
            for start in series.getrruleset(addRDate=True)}
    for component in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        if "RECURRENCE-ID" in component:
            replaced = component.decoded("RECURRENCE-ID").astimezone(dt.UTC)
            days[replaced] = (component.decoded("DTSTART").astimezone(dt.UTC),
                              component.decoded("DTEND").astimezone(dt.UTC))
    return sorted(days.values())


def test_a_three_day_invitation_is_one_entry_a_day_with_that_days_hours(congress):
    shorter = [dataclasses.replace(s, end=s.end - dt.timedelta(hours=1)) if s.start.date() == congress.days[-1]
               and s.end == max(x.end for x in congress.sessions if x.start.date() == congress.days[-1]) else s
               for s in congress.sessions]
    event = dataclasses.replace(congress, sessions=tuple(shorter))
    data = ics.invitation(event, event.registrants[0], dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 0)
    expected = [(min(s.start for s in day).replace(tzinfo=event.zone).astimezone(dt.UTC),
                 max(s.end for s in day).replace(tzinfo=event.zone).astimezone(dt.UTC))
                for day in ([s for s in event.sessions if s.start.date() == date] for date in event.days)]
    assert len(expected) == 3 and expected[2][1] - expected[2][0] < expected[0][1] - expected[0][0]
    assert _occurrences(data) == expected
    assert all(end - start < dt.timedelta(hours=12) for start, end in _occurrences(data))  # no night inside
    cancelled = ics.invitation(event, event.registrants[0], dt.datetime(2026, 1, 2, tzinfo=dt.UTC), 1, "CANCEL")
    parsed = icalendar.Calendar.from_ical(cancelled)
    assert [c.get("STATUS") for c in parsed.walk("VEVENT")] == ["CANCELLED"] and b"RRULE:FREQ=DAILY;COUNT=3" in cancelled
