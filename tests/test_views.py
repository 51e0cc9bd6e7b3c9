"""Display rules shared by every output: names, affiliations, room and session order."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from confkit import views, workbook
from confkit.invites import ics
from confkit.programme import feeds
from confkit.templates import environment


def _read(folder: Path):
    event, problems = workbook.read(folder)
    assert problems == []
    return event


def test_person_has_job_and_organisation_as_affiliation(event):
    speaker = _read(event.write()).speaker_by_id["bour"]
    assert views.person(speaker) == views.Person("Ludovic Bour", "Head of innovation, ACFCI")
    assert views.introduced(speaker) == "Ludovic Bour, Head of innovation, ACFCI"


def test_person_known_by_job_only_reads_as_one_person_in_a_list_of_names(event):
    speaker = _read(event.write()).speaker_by_id["avocat"]
    assert views.person(speaker) == views.Person("Lawyer (Cabinet Bensussan)", "")
    assert views.introduced(speaker) == "Lawyer (Cabinet Bensussan)"
    assert [views.person_name("", "", "Lawyer", ""), views.person_name("", "", "", "Cabinet Bensussan")] == [
        "Lawyer", "Cabinet Bensussan"]


def test_badge_name_prefers_the_chosen_name_then_the_personal_name_then_the_job():
    assert [views.badge_name("Ludo", "Ludovic", "Bour", "Head"), views.badge_name("", "Ludovic", "Bour", "Head"),
            views.badge_name("", "", "", "Lawyer")] == ["Ludo", "Ludovic Bour", "Lawyer"]


def _two_rooms(event):
    """Parallel sessions in Zeta (first used) and Alpha, with no Rooms sheet: order of first use."""
    event.sheets["Sessions"][1:] = [
        ["s1", "09:30", "10:15", "Zeta", "talk", "Opening", "bour", ""],
        ["s2", "09:30", "10:15", "Alpha", "talk", "Parallel", "avocat", ""],
        ["s3", "10:30", "11:30", "Alpha", "round_table", "E-reputation", "avocat", "bour"]]
    return _read(event.write())


def test_room_order_is_first_use_without_a_rooms_sheet(event):
    assert views.room_order(_two_rooms(event)) == ("Zeta", "Alpha")


def test_room_order_follows_the_rooms_sheet_first(event):
    event.sheets["Rooms"] = [["name", "capacity"], ["Alpha", 100]]
    assert views.room_order(_two_rooms(event)) == ("Alpha", "Zeta")


def test_feeds_and_page_order_rooms_and_sessions_alike(event):
    loaded = _two_rooms(event)
    document = json.loads(feeds.render(loaded)["schedule/schedule.json"])
    conference = document["schedule"]["conference"]
    page_order = [s.session.id for day in views.days(loaded) for slot in day.slots for s in slot.sessions]
    assert [room["name"] for room in conference["rooms"]] == ["Zeta", "Alpha"]
    assert list(conference["days"][0]["rooms"]) == ["Zeta", "Alpha"]
    assert page_order == [s.id for s in views.ordered(loaded)] == ["s1", "s2", "s3"]


def test_calendar_lists_sessions_in_the_programme_order(event):
    import datetime as dt

    loaded = _two_rooms(event)
    calendar = ics.calendar(loaded, dt.datetime(2010, 10, 1, tzinfo=dt.UTC), {}).decode()
    uids = [line.split(":", 1)[1].split(".")[1].split("@")[0] for line in calendar.splitlines()
            if line.startswith("UID:")]
    assert uids == ["s1", "s2", "s3"]


def test_mail_glance_uses_the_views_not_the_programme():
    import subprocess

    code = "import sys, confkit.invites.mail; print('confkit.programme.page' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_filters_exist_before_any_programme_is_rendered():
    env = environment(None, "fr")
    template = env.from_string("{{ 'Programme'|colon }} {{ 'Quels usages ?'|typo }}")
    assert template.render() == "Programme\u00a0: Quels usages\u202f?"
    assert environment().from_string("{{ 'Moderator'|colon }}").render() == "Moderator:"
    assert environment().from_string("{{ 'Modération'|colon }}").render(lang="fr") == "Modération\u00a0:"
