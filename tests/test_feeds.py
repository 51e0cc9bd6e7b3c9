"""Schedule feeds for conference apps: valid against upstream's XSD and JSON Schema, stable ids."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

import pytest
from jsonschema import Draft6Validator, FormatChecker
from lxml import etree

from confkit.programme import feeds
from confkit import synthetic, views
from confkit import workbook
from confkit.public import public

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "tests" / "data" / "voc-schedule"
XML, JSON = "schedule/schedule.xml", "schedule/schedule.json"
EMAIL = re.compile(rb"[\w.+-]+@[\w-]+(\.[\w-]+)+")
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def _format_checker() -> FormatChecker:
    """All of jsonschema's checks, plus date-time and uri, whose checkers need packages we lack."""
    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def date_time(value) -> bool:
        if isinstance(value, str) and not (RFC3339.fullmatch(value) and dt.datetime.fromisoformat(value)):
            raise ValueError(f"{value!r} is not an RFC 3339 date-time with offset")
        return True

    @checker.checks("uri")
    def uri(value) -> bool:
        return not isinstance(value, str) or re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:\S+", value) is not None

    return checker


FORMATS = _format_checker()
JSON_SCHEMA = Draft6Validator(json.loads((SCHEMAS / "schema.json").read_text()), format_checker=FORMATS)
XSD = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))


def _read(folder: Path):
    event, problems = workbook.read(folder)
    assert problems == []
    return event


def _render(folder: Path) -> dict[str, bytes]:
    return feeds.render(_read(folder))


def _json_errors(document: dict) -> list[tuple[str, str]]:
    return sorted((error.json_path, error.validator) for error in JSON_SCHEMA.iter_errors(document))


def _sessions(document: dict) -> list[dict]:
    return [session for day in document["schedule"]["conference"]["days"]
            for sessions in day["rooms"].values() for session in sessions]


@pytest.fixture(scope="module")
def sample_event():
    return _read(ROOT / "sample_event")


@pytest.fixture(scope="module")
def sample(sample_event) -> dict[str, bytes]:
    return feeds.render(sample_event)


@pytest.fixture(scope="module")
def congress_event(tmp_path_factory):
    folder = tmp_path_factory.mktemp("congress")
    synthetic.write(folder / "event.xlsx", registrants=50, rooms=8, days=3)
    return _read(folder)


@pytest.fixture(scope="module")
def congress(congress_event) -> dict[str, bytes]:
    return feeds.render(congress_event)


@pytest.fixture(params=["sample", "congress"])
def feed(request) -> dict[str, bytes]:
    return request.getfixturevalue(request.param)


@pytest.fixture(params=["sample", "congress"])
def source(request):
    """The event as read, and its feeds."""
    return request.getfixturevalue(f"{request.param}_event"), request.getfixturevalue(request.param)


def test_render_returns_exactly_the_xml_and_json_feeds(sample):
    assert sorted(sample) == ["schedule/schedule.json", "schedule/schedule.xml"]


def test_feeds_validate_against_the_upstream_xsd_and_json_schema(feed):
    XSD.assertValid(etree.fromstring(feed[XML]))
    assert _json_errors(json.loads(feed[JSON])) == []


def test_validator_rejects_upstreams_invalid_example():
    invalid = json.loads((SCHEMAS / "example-invalid.json").read_text())
    assert _json_errors(invalid) == [
        ("$.schedule", None),  # `"rooms": false`: no room list beside the conference
        ("$.schedule.conference.days[0].rooms.Winterchaos[0]", "additionalProperties"),
        ("$.schedule.conference.days[0].rooms.Winterchaos[0].id", "type"),
        ("$.schedule.conference.days[0].rooms.Winterchaos[0].persons[0]", "oneOf"),
        ("$.schedule.conference.days[0].rooms.Winterchaos[0].persons[0].id", "type"),
    ]


def test_validator_checks_uuid_date_and_date_time_formats(sample):
    document = json.loads(sample[JSON])
    day = document["schedule"]["conference"]["days"][0]
    session = _sessions(document)[0]
    day["date"], session["guid"], session["date"] = "19/10/2010", "not-a-uuid", "2010-10-19T09:00:00"
    assert _json_errors(document) == [
        ("$.schedule.conference.days[0].date", "format"),
        ("$.schedule.conference.days[0].rooms['Amphithéâtre Bordeaux'][0].date", "format"),
        ("$.schedule.conference.days[0].rooms['Amphithéâtre Bordeaux'][0].guid", "format"),
    ]


def test_xsd_rejects_a_day_without_start(sample):
    root = etree.fromstring(sample[XML])
    del root.find("day").attrib["start"]
    assert XSD.validate(root) is False


def test_conference_header_of_the_sample(sample):
    conference = json.loads(sample[JSON])["schedule"]["conference"]
    header = {key: value for key, value in conference.items() if key not in {"days", "rooms"}}
    assert header == {
        "acronym": "acfci_reseaux_sociaux_2010",
        "title": "Les réseaux sociaux pour les CCI : Quels enjeux ? Quels usages ?",
        "start": "2010-10-19", "end": "2010-10-19", "daysCount": 1, "timeslot_duration": "00:05",
        "time_zone_name": "Europe/Paris", "url": "https://evenements.acfci.cci.fr/reseaux-sociaux-2010/"}
    xml_conference = etree.fromstring(sample[XML]).find("conference")
    assert [(child.tag, child.text) for child in xml_conference] == [
        ("title", "Les réseaux sociaux pour les CCI : Quels enjeux ? Quels usages ?"),
        ("acronym", "acfci_reseaux_sociaux_2010"), ("start", "2010-10-19"), ("end", "2010-10-19"),
        ("days", "1"), ("timeslot_duration", "00:05"),
        ("base_url", "https://evenements.acfci.cci.fr/reseaux-sociaux-2010/"),
        ("url", "https://evenements.acfci.cci.fr/reseaux-sociaux-2010/"), ("time_zone_name", "Europe/Paris")]


def test_sample_times_carry_the_paris_summer_offset(sample):
    document = json.loads(sample[JSON])
    day = document["schedule"]["conference"]["days"][0]
    first = _sessions(document)[0]
    assert (day["index"], day["date"], day["day_start"], day["day_end"]) == (
        1, "2010-10-19", "2010-10-19T09:00:00+02:00", "2010-10-19T17:30:00+02:00")
    assert (first["date"], first["end"], first["start"], first["duration"]) == (
        "2010-10-19T09:00:00+02:00", "2010-10-19T09:30:00+02:00", "09:00", "00:30")
    xml_day = etree.fromstring(sample[XML]).find("day")
    assert dict(xml_day.attrib) == {"index": "1", "date": "2010-10-19", "start": "2010-10-19T09:00:00+02:00",
                                    "end": "2010-10-19T17:30:00+02:00"}
    assert xml_day.findtext("room/event/date") == "2010-10-19T09:00:00+02:00"


def test_winter_sessions_carry_the_winter_offset(event):
    event.set("Event!B3", dt.date(2011, 1, 18))
    document = json.loads(_render(event.write())[JSON])
    assert [s["date"] for s in _sessions(document)] == ["2011-01-18T09:30:00+01:00", "2011-01-18T10:30:00+01:00"]


def test_congress_has_three_indexed_days_of_eight_rooms(congress):
    document = json.loads(congress[JSON])
    days = document["schedule"]["conference"]["days"]
    assert [(d["index"], d["date"], d["day_start"], d["day_end"], list(d["rooms"])) for d in days] == [
        (n, f"2027-06-{7 + n:02d}", f"2027-06-{7 + n:02d}T09:00:00+02:00", f"2027-06-{7 + n:02d}T17:30:00+02:00",
         [f"Room {letter}" for letter in "ABCDEFGH"]) for n in (1, 2, 3)]
    xml_days = etree.fromstring(congress[XML]).findall("day")
    assert [(d.get("index"), d.get("date"), d.get("start"), d.get("end"), len(d.findall("room")))
            for d in xml_days] == [(str(d["index"]), d["date"], d["day_start"], d["day_end"], 8) for d in days]
    assert len(_sessions(document)) == 3 * 6 * 8


def test_ids_are_unique_positive_31_bit_integers_matching_the_xml(congress):
    sessions = _sessions(json.loads(congress[JSON]))
    ids = [session["id"] for session in sessions]
    assert len(set(ids)) == len(ids) == 144
    assert [n for n in ids if not (isinstance(n, int) and 0 < n < 2**31)] == []
    xml_ids = [(e.get("guid"), e.get("id")) for e in etree.fromstring(congress[XML]).iter("event")]
    assert xml_ids == [(s["guid"], str(s["id"])) for s in sessions]


def test_guid_and_id_are_pinned_for_the_sample(sample):
    first = _sessions(json.loads(sample[JSON]))[0]
    assert (first["title"], first["guid"], first["id"], first["slug"]) == (
        "Accueil des participants et café", "d6ba0435-1fa3-535d-a62c-d5a9eb997df0", 916695008,
        "acfci_reseaux_sociaux_2010-916695008-accueil-des-participants-et-cafe")


def test_guids_and_ids_survive_reversed_session_rows(event):
    before = _sessions(json.loads(_render(event.write())[JSON]))
    event.sheets["Sessions"][1:] = event.sheets["Sessions"][1:][::-1]
    after = _sessions(json.loads(_render(event.write())[JSON]))
    assert {s["title"]: (s["guid"], s["id"]) for s in after} == {s["title"]: (s["guid"], s["id"]) for s in before}
    assert before[0]["guid"] == str(feeds.guid(workbook.read(event.folder)[0], "sessions", "s1"))


def test_allocate_ids_moves_the_later_key_of_a_clash_to_the_next_free_id():
    assert feeds.allocate_ids({"b": 10_000, "a": 10_000, "c": 10_001}) == {"a": 10_000, "b": 10_001, "c": 10_002}
    top = 2**31 - 1
    assert feeds.allocate_ids({"y": top, "x": top}) == {"x": top, "y": 10_000}


def test_breaks_meals_and_welcome_are_listed_with_their_kind(sample):
    assert [(s["start"], s["type"]) for s in _sessions(json.loads(sample[JSON]))] == [
        ("09:00", "welcome"), ("09:30", "keynote"), ("09:45", "talk"), ("10:30", "talk"), ("11:15", "break"),
        ("11:30", "talk"), ("12:30", "meal"), ("14:00", "round_table"), ("15:30", "break"),
        ("15:50", "round_table"), ("17:00", "closing")]


def test_persons_are_speakers_then_moderator_by_public_name(sample):
    round_table = _sessions(json.loads(sample[JSON]))[9]
    names = ["Hélène Allaire", "Avocat (Cabinet Bensussan)", "Ludovic Bour", "Frédéric Bascunana"]
    assert [p["name"] for p in round_table["persons"]] == names
    assert sorted(round_table["persons"][0]) == ["biography", "guid", "name", "public_name"]
    xml_event = list(etree.fromstring(sample[XML]).iter("event"))[9]
    assert [p.text for p in xml_event.iter("person")] == names


def test_no_email_address_reaches_either_feed(feed):
    assert [m.group() for m in EMAIL.finditer(feed[XML])] == []
    assert [m.group() for m in EMAIL.finditer(feed[JSON])] == []


def test_title_with_markup_and_quotes_round_trips_escaped(event):
    event.set("Sessions!F2", 'Opening <b>& "quotes"')
    files = _render(event.write())
    assert b"<title>Opening &lt;b&gt;&amp; \"quotes\"</title>" in files[XML]
    assert [e.findtext("title") for e in etree.fromstring(files[XML]).iter("event")] == [
        'Opening <b>& "quotes"', "E-reputation"]
    assert [s["title"] for s in _sessions(json.loads(files[JSON]))] == ['Opening <b>& "quotes"', "E-reputation"]
    XSD.assertValid(etree.fromstring(files[XML]))


def test_control_characters_are_stripped_from_both_feeds(event):
    read, _ = workbook.read(event.write())  # a spreadsheet cannot hold them, but a .ods or a paste can
    first = dataclasses.replace(read.sessions[0], title="Open\x01ing\x0b", abstract="Tab\tand\x7f line\nkept")
    files = feeds.render(dataclasses.replace(read, sessions=(first, *read.sessions[1:])))
    xml_event = next(etree.fromstring(files[XML]).iter("event"))
    assert (xml_event.findtext("title"), xml_event.findtext("abstract")) == ("Opening", "Tab\tand line\nkept")
    json_event = _sessions(json.loads(files[JSON]))[0]
    assert (json_event["title"], json_event["abstract"]) == ("Opening", "Tab\tand line\nkept")


def test_links_and_session_url_come_from_the_workbook_and_website(event):
    event.set("Event!A7", "base_url").set("Event!B7", "https://example.org/day")
    event.set("Sessions!I1", "slides").set("Sessions!J1", "video")
    event.set("Sessions!I2", "https://example.org/day/slides/opening.pdf")
    event.set("Sessions!J2", "https://video.example.net/v/1")
    files = _render(event.write())
    first = _sessions(json.loads(files[JSON]))[0]
    assert (first["url"], first["links"]) == ("https://example.org/day/programme.html#session-s1", [
        {"type": "slides", "url": "https://example.org/day/slides/opening.pdf", "title": "Slides"},
        {"type": "media", "url": "https://video.example.net/v/1", "title": "Video"}])
    xml_event = next(etree.fromstring(files[XML]).iter("event"))
    assert [(link.get("href"), link.get("type"), link.text) for link in xml_event.iter("link")] == [
        ("https://example.org/day/slides/opening.pdf", "slides", "Slides"),
        ("https://video.example.net/v/1", "media", "Video")]
    assert _json_errors(json.loads(files[JSON])) == []


def test_slides_kept_in_the_event_folder_link_to_the_sites_download_when_there_is_a_website(event):
    (event.folder / "slides").mkdir()
    (event.folder / "slides" / "Ouverture.PDF").write_bytes(b"%PDF-1.4\n")
    event.set("Event!A8", "base_url").set("Event!B8", "https://example.org/day")
    event.set("Sessions!I1", "slides").set("Sessions!I2", "slides/Ouverture.PDF")
    files = _render(event.write())
    first = _sessions(json.loads(files[JSON]))[0]
    assert first["links"] == [
        {"type": "slides", "url": "https://example.org/day/site/downloads/slides/s1.pdf", "title": "Slides"}]
    xml_event = next(etree.fromstring(files[XML]).iter("event"))
    assert [(link.get("href"), link.get("type")) for link in xml_event.iter("link")] == [
        ("https://example.org/day/site/downloads/slides/s1.pdf", "slides")]
    assert _json_errors(json.loads(files[JSON])) == []
    XSD.assertValid(etree.fromstring(files[XML]))


def test_slides_kept_in_the_event_folder_are_left_out_without_a_website(event):
    event.set("Sessions!I1", "slides").set("Sessions!J1", "video").set("Sessions!I2", "slides/ouverture.pdf")
    event.set("Sessions!J2", "https://video.example.net/v/1")
    files = _render(event.write())
    assert _sessions(json.loads(files[JSON]))[0]["links"] == [
        {"type": "media", "url": "https://video.example.net/v/1", "title": "Video"}]
    assert [link.get("type") for link in etree.fromstring(files[XML]).iter("link")] == ["media"]
    assert b"ouverture" not in files[XML] + files[JSON]


@pytest.mark.parametrize("session_id, name, path", [
    ("s1", "slides/Enquête.PDF", "downloads/slides/s1.pdf"),
    ("table-ronde.2", "deck.pptx", "downloads/slides/table-ronde.2.pptx"),
    ("s3", "slides/no suffix", "downloads/slides/s3"), ("s4", "odd.p df", "downloads/slides/s4")])
def test_slides_download_names_the_file_after_its_session(session_id, name, path):
    assert feeds.slides_download(session_id, name) == path


def test_slides_url_quotes_the_session_id_and_keeps_web_addresses(event):
    site = public(_read(event.set("Event!A8", "base_url").set("Event!B8", "https://example.org/day/").write()))
    assert feeds.slides_url(site, "séance", "slides/s.pdf") == (
        "https://example.org/day/site/downloads/slides/s%C3%A9ance.pdf")
    assert feeds.slides_url(site, "s1", "https://example.org/s.pdf") == "https://example.org/s.pdf"
    assert feeds.slides_url(site, "s1", "") == ""


def test_without_a_website_sessions_are_named_by_urn_and_xml_has_no_url(event):
    files = _render(event.write())
    first = _sessions(json.loads(files[JSON]))[0]
    assert first["url"] == f"urn:uuid:{first['guid']}"
    assert [e.find("url") for e in etree.fromstring(files[XML]).iter("event")] == [None, None]


def test_version_follows_the_content(event):
    version = json.loads(_render(event.write())[JSON])["schedule"]["version"]
    assert json.loads(_render(event.write())[JSON])["schedule"]["version"] == version
    event.set("Sessions!C3", "11:45")
    changed = _render(event.write())
    assert re.fullmatch(r"[0-9a-f]{12}", version)
    assert json.loads(changed[JSON])["schedule"]["version"] != version
    assert etree.fromstring(changed[XML]).findtext("version") == json.loads(changed[JSON])["schedule"]["version"]


def test_render_is_byte_identical_across_two_renders(congress, tmp_path):
    synthetic.write(tmp_path / "event.xlsx", registrants=50, rooms=8, days=3)
    assert _render(tmp_path) == congress


# --- Persons as the apps read them ----------------------------------------------------------

def _confclerk_presenters(xml: bytes) -> dict[str, list[str]]:
    """Each event's presenters by event GUID, found the way ConfClerk 0.7.1 finds them.

    Its parser stores every `<person>` as a row (its `id` attribute, its text) of a table keyed by
    that id, and a link (event id, person id); a row it cannot store is skipped without a word. Its
    "Presenter:" line is then the join of the two on the person id. So a person without `id` (a
    NULL key) or two people sharing one id lose their name, as they do in the app.
    """
    db = sqlite3.connect(":memory:")
    db.executescript("""
        CREATE TABLE person (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR NOT NULL);
        CREATE TABLE event_person (xid_event INTEGER NOT NULL, xid_person INTEGER NOT NULL,
                                   UNIQUE (xid_event, xid_person) ON CONFLICT REPLACE);
    """)
    guids = {}
    for event in etree.fromstring(xml).iterfind("day/room/event"):
        guids[event.get("id")] = event.get("guid")
        for person in event.iterfind("persons/person"):
            for row in (("INSERT INTO person (id, name) VALUES (?, ?)", (person.get("id"), person.text)),
                        ("INSERT INTO event_person VALUES (?, ?)", (event.get("id"), person.get("id")))):
                try:
                    db.execute(*row)
                except sqlite3.IntegrityError:
                    pass  # as ConfClerk does: the failed insert is ignored
    query = ("SELECT person.name FROM person JOIN event_person ON person.id = event_person.xid_person"
             " AND event_person.xid_event = ?")
    return {guid: sorted(name for (name,) in db.execute(query, (number,))) for number, guid in guids.items()}


def _speaker_names(event) -> dict[str, list[str]]:
    """Each session's speakers and moderator by session GUID, as the programme names them."""
    shown = public(event)
    return {str(feeds.guid(shown, "sessions", s.id)): sorted(views.person(p).name for p in views.on_stage(s))
            for s in shown.sessions}


def _person_ids(xml: bytes) -> dict[str, str]:
    """Each person's id attribute by GUID; fails if one person carries two ids."""
    ids = {}
    for person in etree.fromstring(xml).iter("person"):
        assert ids.setdefault(person.get("guid"), person.get("id")) == person.get("id")
    return ids


def test_every_person_has_an_integer_id_and_a_guid(feed):
    persons = list(etree.fromstring(feed[XML]).iter("person"))
    assert persons
    assert [dict(p.attrib) for p in persons if sorted(p.attrib) != ["guid", "id"]] == []
    assert [p.get("id") for p in persons if not (p.get("id").isdigit() and 0 < int(p.get("id")) < 2**31)] == []
    assert [p.get("guid") for p in persons if not re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}",
                                                               p.get("guid"))] == []


def test_one_id_per_person_and_one_person_per_id(feed):
    ids = _person_ids(feed[XML])
    assert len(set(ids.values())) == len(ids)


def test_a_reader_keying_persons_by_id_as_confclerk_does_finds_every_speaker(source):
    event, files = source
    expected = _speaker_names(event)
    assert sum(map(len, expected.values())) >= {11: 15, 144: 144}[len(expected)]  # the check is not empty
    assert _confclerk_presenters(files[XML]) == expected


def test_the_confclerk_reader_loses_the_names_of_persons_without_id(sample):
    root = etree.fromstring(sample[XML])
    for person in root.iter("person"):
        person.attrib.pop("id", None)
    assert set(map(tuple, _confclerk_presenters(etree.tostring(root)).values())) == {()}


def test_person_ids_are_pinned_for_the_sample(sample):
    bour = next(p for p in etree.fromstring(sample[XML]).iter("person") if p.text == "Ludovic Bour")
    assert (bour.get("guid"), bour.get("id")) == ("c0594f55-7081-51ca-99eb-825b060902ac", "1685343580")


def test_person_ids_survive_reversed_speaker_and_session_rows(event):
    before = _person_ids(_render(event.write())[XML])
    event.sheets["Speakers"][1:] = event.sheets["Speakers"][1:][::-1]
    event.sheets["Sessions"][1:] = event.sheets["Sessions"][1:][::-1]
    after = _person_ids(_render(event.write())[XML])
    assert after == before and len(before) == 2
    read = public(workbook.read(event.folder)[0])
    assert before == {str(feeds.guid(read, "speakers", key)): str(number)
                      for key, number in feeds.person_ids(read).items()}


def test_person_ids_follow_the_speaker_id_not_the_row(congress_event):
    shown = public(congress_event)
    ids = feeds.person_ids(shown)
    assert sorted(ids) == sorted(p.id for p in shown.speakers)
    assert ids["sp1"] == feeds.ID_FLOOR + feeds.guid(shown, "speakers", "sp1").int % feeds.ID_SPAN


def test_no_event_element_says_more_than_the_workbook(feed):
    """No description beside the abstract, no recording policy, no feedback form: none is typed."""
    said = {child.tag for event in etree.fromstring(feed[XML]).iterfind("day/room/event") for child in event}
    assert said & {"description", "recording", "feedback_url", "logo"} == set()


# --- Rooms in the programme's order ---------------------------------------------------------

def _programme_rooms(event) -> list[str]:
    """The page's room order, after the room-less sessions' "" when there are any."""
    return [""] * any(not s.room for s in event.sessions) + list(views.room_order(event))


def _columns_by_first_sight(xml: bytes, empty_rooms_count: bool = True) -> list[list[str]]:
    """Each day's room columns as Giggity and EventFahrplan draw them: rooms numbered in the order
    of their first `<room>` in the file, empty or not; a day shows the rooms that have sessions.
    ConfClerk's Rooms tab numbers a room when it first meets it beside an event
    (`empty_rooms_count=False`)."""
    root = etree.fromstring(xml)
    number = {}
    for room in root.iterfind("day/room"):
        if empty_rooms_count or room.find("event") is not None:
            number.setdefault(room.get("name"), len(number))
    return [sorted({room.get("name") for room in day.findall("room") if room.find("event") is not None}, key=number.get)
            for day in root.iter("day")]


@pytest.fixture
def late_room(event):
    """Three rooms over two days, the Rooms sheet ordering them C, A, B, and Room C unused on the
    first day: neither the names' order nor first use gives the programme's order."""
    event.sheets = synthetic.sheets(registrants=0, rooms=3, days=2)
    rooms = event.sheets["Rooms"]
    rooms[1:] = [rooms[3], rooms[1], rooms[2]]
    first_day = event.sheets["Sessions"][1][1]
    event.sheets["Sessions"][1:] = [row for row in event.sheets["Sessions"][1:]
                                    if not (row[1] == first_day and row[4] == "Room C")]
    return event


def test_every_day_lists_the_rooms_in_the_programmes_order(source):
    event, files = source
    rooms = _programme_rooms(event)
    assert [[room.get("name") for room in day.findall("room")] for day in etree.fromstring(files[XML]).iter("day")] == [
        rooms] * len({s.start.date() for s in event.sessions})
    used = [[name for name in rooms if any(s.room == name and s.start.date() == day for s in event.sessions)]
            for day in sorted({s.start.date() for s in event.sessions})]
    assert _columns_by_first_sight(files[XML]) == _columns_by_first_sight(files[XML], False) == used
    days = json.loads(files[JSON])["schedule"]["conference"]["days"]
    assert [list(day["rooms"]) for day in days] == [rooms] * len(days)
    assert [room["name"] for room in json.loads(files[JSON])["schedule"]["conference"]["rooms"]] == rooms


def test_a_room_first_used_on_a_later_day_keeps_its_place_in_the_apps(late_room):
    event = _read(late_room.write())
    assert views.room_order(event) == ("Room C", "Room A", "Room B")
    files = feeds.render(event)
    assert _columns_by_first_sight(files[XML]) == [["Room A", "Room B"], ["Room C", "Room A", "Room B"]]
    # ConfClerk passes empty rooms over, so it alone still puts Room C last: nothing in the file can
    # number a room there before its first session.
    assert _columns_by_first_sight(files[XML], False)[1] == ["Room A", "Room B", "Room C"]
    days = json.loads(files[JSON])["schedule"]["conference"]["days"]
    assert [list(day["rooms"]) for day in days] == [["Room C", "Room A", "Room B"]] * 2
    assert [len(sessions) for sessions in days[0]["rooms"].values()] == [0, 6, 6]
    XSD.assertValid(etree.fromstring(files[XML]))
    assert _json_errors(json.loads(files[JSON])) == []


def test_room_less_sessions_come_first_on_every_day(event):
    files = _render(event.set("Sessions!D3", "").write())
    assert [room.get("name") for room in etree.fromstring(files[XML]).iterfind("day/room")] == ["", "Hall"]
    day = json.loads(files[JSON])["schedule"]["conference"]["days"][0]
    assert [(name, [s["title"] for s in sessions]) for name, sessions in day["rooms"].items()] == [
        ("", ["E-reputation"]), ("Hall", ["Opening"])]
    XSD.assertValid(etree.fromstring(files[XML]))
