"""Names that cannot collide: no two people, sessions or speakers share a file or a check-in code."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from confkit import workbook
from confkit.badges import render, tokens
from confkit.invites import plan
from confkit.templates import environment
from conftest import run

NOW = dt.datetime(2010, 10, 1, 12, tzinfo=dt.timezone.utc)
# Ids chosen to meet each other's derived names: `x`'s agenda was invites/x-agenda.ics, the invitation
# of `x-agenda`; `speaker-bour` was the badge id of speaker bour; the others try the suffixes and folders.
ADVERSARIAL = ("x", "x-agenda", "x.agenda", "x-agenda.ics", "x.ics", "x.eml", "agendas", "agenda", "speaker-bour",
               "speaker-avocat", "speaker", "event", "s1", "sessions")


def _adversarial(event):
    event.sheets["Registrants"] = [["id", "first_name", "last_name", "email", "organisation", "sessions"]] + [
        [rid, "Ann", f"Person {n}", f"p{n}@example.org", "ACME", "s1, s2"] for n, rid in enumerate(ADVERSARIAL)]
    # the speakers did not register (no same email or name): each gets a badge of their own
    loaded, problems = workbook.read(event.write())
    assert [p.render("en") for p in problems if p.severity == "error"] == []
    return loaded


def _counted(names) -> dict[str, int]:
    return {name: count for name, count in Counter(names).items() if count > 1}


def test_invitation_files_of_adversarial_ids_are_all_distinct(event):
    issued = plan.plan(_adversarial(event), environment(), {}, NOW)
    names = [*issued.calendar_files, *(name for name, _data in issued.invitation_files())]
    assert (_counted(names), len(names)) == ({}, 3 + 3 * len(ADVERSARIAL))


def test_each_agenda_is_in_its_own_folder_and_belongs_to_its_registrant(event):
    issued = plan.plan(_adversarial(event), environment(), {}, NOW)
    assert (issued.agendas.keys() & {f"invites/{rid}.ics" for rid in ADVERSARIAL},
            sorted(issued.agendas)) == (set(), sorted(f"invites/agendas/{rid}.ics" for rid in ADVERSARIAL))


def test_invites_written_through_the_cli_keep_one_file_per_name(event, tmp_path):
    _adversarial(event)
    result = run("invites", event.folder, "-o", tmp_path / "out")
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert (result.exit_code, len(written)) == (0, 3 + 3 * len(ADVERSARIAL))


def test_a_registrant_named_like_a_speakers_badge_gets_a_code_of_their_own(event):
    loaded = _adversarial(event)
    key = Ed25519PrivateKey.generate()
    people = render.with_payloads(loaded, render.holders(loaded), "checkin", key)
    scanned = [tokens.verify(person.payload, key, loaded.id) for person in people]
    assert (_counted(p.id for p in people), _counted(p.payload for p in people), scanned) == (
        {}, {}, [p.id for p in people])
    assert [p.id for p in people if p.category == "speaker"] == ["speaker:bour", "speaker:avocat"]


def test_a_speakers_vcard_is_never_a_registrant_whose_id_looks_like_theirs(event):
    loaded = _adversarial(event)
    cards = {p.id: p.payload for p in render.with_payloads(loaded, render.holders(loaded), "vcard")}
    assert ("p8@example.org" in cards["speaker-bour"], "FN:Ludovic Bour" in cards["speaker:bour"],
            "Person" in cards["speaker:bour"]) == (False, True, False)


def test_no_workbook_id_can_take_the_form_of_a_speakers_badge_id(event):
    event.sheets["Registrants"] = [["id", "first_name", "last_name", "email"], ["speaker:bour", "A", "B", "a@b.org"]]
    _loaded, problems = workbook.read(event.write())
    assert [p.code for p in problems if p.severity == "error"] == ["bad_id"]
