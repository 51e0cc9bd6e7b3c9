"""The sample's text outputs, compared whole with the files in tests/golden/.

After an intended change, rebuild them with:  UPDATE_GOLDEN=1 scripts/test tests/test_golden.py
and read the diff before committing it.
"""

import os
from pathlib import Path

import pytest

from confkit import pipeline
from confkit.outputs import BY_NAME, NoOptions, ProgrammeOptions

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "sample"
TEXT_OUTPUTS = ["programme.html", "schedule/schedule.xml", "schedule/schedule.json"]


@pytest.fixture(scope="module")
def outputs():
    context = pipeline.load(pipeline.checked(ROOT / "sample_event").event, None)
    programme = BY_NAME["programme"].render(context, ProgrammeOptions()).files
    feeds = BY_NAME["feeds"].render(context, NoOptions()).files
    return dict(programme) | dict(feeds)


@pytest.mark.parametrize("name", TEXT_OUTPUTS)
def test_sample_output_matches_golden_file(outputs, name):
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(outputs[name])
    assert outputs[name].decode() == golden.read_text(encoding="utf-8")


def test_the_invitation_text_keeps_its_lines_as_the_golden_file(tmp_path):
    """The plain-text part a speaker reads: every line break where it belongs, the place said once, the
    access note with its room, the start time, their own session first."""
    import shutil
    from email import message_from_bytes, policy

    from conftest import run

    folder = tmp_path / "event"  # a copy: invitations keep state in the event folder
    shutil.copytree(ROOT / "sample_event", folder, ignore=shutil.ignore_patterns(".confkit"))
    assert run("invites", folder, "-o", tmp_path / "out", "--quiet").exit_code == 0
    event = pipeline.checked(folder).event
    from confkit import views

    first = next(r for r in event.registrants if views.stage_sessions(event, r))  # a speaker who registered
    message = message_from_bytes((tmp_path / "out" / "invites" / f"{first.id}.eml").read_bytes(), policy=policy.default)
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    golden = GOLDEN / "invitation.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_invitation_eml_and_ics_match_the_golden_files(tmp_path, monkeypatch, lang):
    """One person's message and calendar whole, French (the sample's speaker Hélène Allaire) and English (the
    sample turned English), at a fixed time: read the diff of any change to them."""
    import shutil

    from confkit import views
    from conftest import run

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1286000000")
    folder = tmp_path / "event"
    shutil.copytree(ROOT / "sample_event", folder, ignore=shutil.ignore_patterns(".confkit"))
    if lang == "en":
        from openpyxl import load_workbook

        book = load_workbook(folder / "event.xlsx")
        sheet = book.worksheets[0]
        row = next(r for r in sheet.iter_rows() if str(r[0].value).strip().lower() in ("language", "langue"))
        row[1].value = "en"
        book.save(folder / "event.xlsx")
    assert run("invites", folder, "-o", tmp_path / "out", "--quiet").exit_code == 0
    event = pipeline.checked(folder).event
    person = next(r for r in event.registrants if views.stage_sessions(event, r))
    for suffix in ("eml", "ics"):
        made = (tmp_path / "out" / "invites" / f"{person.id}.{suffix}").read_bytes()
        golden = GOLDEN / f"invitation-{lang}.{suffix}"
        if os.environ.get("UPDATE_GOLDEN"):
            golden.write_bytes(made)
        assert made == golden.read_bytes()
