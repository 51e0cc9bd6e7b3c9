"""The reference study day: complete, clean, and reproducible from its script."""

import csv
import dataclasses
import importlib.util
from pathlib import Path

from confkit import workbook
from conftest import run

SAMPLE = Path(__file__).resolve().parent.parent / "sample_event"


def _sample():
    event, problems = workbook.read(SAMPLE)
    return event, problems


def test_sample_checks_clean():
    result = run("check", SAMPLE)
    assert result.exit_code == 0
    assert ": erreur" not in result.output


def test_sample_names_everyone_from_the_article_in_their_role():
    event, _ = _sample()
    names = {speaker.id: speaker.name for speaker in event.speakers}
    for person in ("Frédéric Bascunana", "Emmanuel Maksymiw", "Bertrand Duperrin", "Jérôme Wallut",
                   "Alexandre Commergnat", "Marie-Laure Vie", "Grégory Maubon", "Stéphanie Durville",
                   "Hélène Allaire", "Ludovic Bour", "Philippe Clerc", "Avocat (Cabinet Bensussan)"):
        assert person in names.values()
    round_tables = [s for s in event.sessions if s.kind == "round_table"]
    assert len(round_tables) == 2
    assert {s.moderator.name for s in round_tables} == {"Frédéric Bascunana"}
    assert len(round_tables[0].speakers) == 4 and len(round_tables[1].speakers) == 3
    assert (event.venue, event.timezone, event.language) == ("Palais des congrès de Paris", "Europe/Paris", "fr")


def test_sample_carries_the_surveys_figures():
    event, _ = _sample()
    assert sorted(f.value for f in event.figures) == [5, 18, 21, 23, 78, 116, 4600]


def test_sample_has_about_210_registrants_and_their_checkins():
    event, _ = _sample()
    ids = {r.id for r in event.registrants}
    assert 200 <= len(ids) == len(event.registrants) <= 220
    with open(SAMPLE / "checkins.csv", newline="", encoding="utf-8") as handle:
        checked_in = [row["registrant_id"] for row in csv.DictReader(handle)]
    assert set(checked_in) <= ids and 150 <= len(set(checked_in)) == len(checked_in)


def test_sample_is_what_its_script_makes(tmp_path):
    spec = importlib.util.spec_from_file_location("make_sample", SAMPLE / "make_sample_event.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main([str(tmp_path)])
    # Models, not bytes: openpyxl serialises differently with and without lxml installed.
    fresh, _ = workbook.read(tmp_path)
    committed, _ = _sample()
    assert dataclasses.replace(fresh, folder=SAMPLE) == committed, f"run {SAMPLE.name}/make_sample_event.py"
    assert (tmp_path / "checkins.csv").read_bytes() == (SAMPLE / "checkins.csv").read_bytes()
