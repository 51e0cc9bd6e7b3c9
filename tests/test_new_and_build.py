"""`confkit new` writes a template that passes its own check; `confkit build` refuses a broken event."""

import datetime as dt

import openpyxl
import pytest

from confkit import columns
from confkit import workbook
from conftest import run


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_new_template_passes_check(tmp_path, lang):
    folder = tmp_path / "demo"
    assert run("new", folder, "--lang", lang).exit_code == 0
    result = run("check", folder)
    assert result.exit_code == 0
    assert ": error" not in result.output and ": erreur" not in result.output
    assert (folder / "photos").is_dir() and ".confkit/" in (folder / ".gitignore").read_text()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_new_template_explains_every_column(tmp_path, lang):
    run("new", tmp_path / "demo", "--lang", lang)
    book = openpyxl.load_workbook(tmp_path / "demo" / "event.xlsx")
    instructions = {"en": "Instructions", "fr": "Mode d'emploi"}[lang]
    assert book.sheetnames == [instructions] + [spec.title(lang) for spec in columns.SHEETS]
    for spec in columns.SHEETS[1:]:
        sheet = book[spec.title(lang)]
        headers = [cell.value for cell in sheet[1]]
        assert headers == [column.title(lang) for column in spec.columns]
        assert all(cell.comment and cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        if spec is not columns.PHOTOS:  # a photo example would name a file that does not exist
            assert sheet.max_row >= 2, spec.key
    event_sheet = book[columns.EVENT.title(lang)]
    assert all(event_sheet.cell(row, 1).comment for row in range(2, event_sheet.max_row + 1))


def test_new_template_offers_dropdowns_for_choices(tmp_path):
    run("new", tmp_path / "demo", "--lang", "fr")
    book = openpyxl.load_workbook(tmp_path / "demo" / "event.xlsx")
    lists = {(sheet.title, str(v.sqref)): v.formula1 for sheet in book for v in sheet.data_validations.dataValidation}
    assert lists[("Sessions", "F2:F5000")] == '"accueil,intervention,plénière,table ronde,pause,repas,clôture,autre"'
    assert lists[("Inscrits", "G2:G5000")] == '"participant,intervenant,organisateur,presse,équipe,exposant"'
    assert lists[("Inscrits", "J2:J5000")] == '"oui,non"'
    assert lists[("Événement", "B8")] == '"fr,en"'


def test_new_template_values_read_back_as_typed(tmp_path):
    scaffold_folder = tmp_path / "demo"
    run("new", scaffold_folder, "--lang", "fr")
    event, _ = workbook.read(scaffold_folder)
    assert event.language == "fr" and event.start_date > dt.date.today()
    assert [s.kind for s in event.sessions] == ["welcome", "talk", "round_table"]
    assert event.speaker_by_id["avocat"].name == "Avocat (Cabinet Exemple)"


def test_new_refuses_to_overwrite_an_event(tmp_path):
    folder = tmp_path / "demo"
    run("new", folder)
    (folder / "event.xlsx").write_bytes(b"precious")
    result = run("new", folder)
    assert result.exit_code == 1
    assert result.output == f"{folder / 'event.xlsx'} already exists: nothing was overwritten; choose another folder\n"
    assert (folder / "event.xlsx").read_bytes() == b"precious"


def test_build_writes_nothing_when_the_check_fails(event, tmp_path):
    event.set("Registrants!C3", "jean.dupont@")
    out = tmp_path / "out"
    result = run("build", event.write(), "-o", out)
    assert result.exit_code == 1
    assert 'Registrants!C3: error: "jean.dupont@" is not an email address' in result.output
    assert not out.exists()


def test_build_strict_refuses_warnings(event, tmp_path):
    event.set("Speakers!F2", "")
    assert run("build", event.write(), "-o", tmp_path / "out", "--strict").exit_code == 1
    assert not (tmp_path / "out").exists()


def test_build_clean_event_writes_every_output(event, tmp_path):
    from confkit.identity import registrant_id

    out = tmp_path / "out"
    result = run("build", event.write(), "-o", out)
    assert result.exit_code == 0
    ids = [registrant_id(email) for email in ("zoe.durand@cci-paris.fr", "jean.dupont@cci-nice.fr")]
    expected = ["badges-preview.html", "badges.pdf", "calendar/event.ics", "calendar/sessions/s1.ics",
                "calendar/sessions/s2.ics", "checkin-public-key.txt", "checkin/index.html", "checkin/list.pdf"]
    expected += [f"invites/{rid}.{suffix}" for rid in ids for suffix in ("eml", "ics")]
    expected += ["programme.html", "programme.pdf", "schedule/schedule.json", "schedule/schedule.xml"]
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    site = [name for name in written if name.startswith("site/")]
    assert [name for name in written if name not in site] == sorted(expected + [".confkit-manifest.json"])
    assert {"site/index.html", "site/programme.html", "site/sessions/s1.html", "site/sessions/s2.html",
            "site/speakers/avocat.html", "site/speakers/bour.html", "site/cards/index.png"} <= set(site)
    assert result.stdout.splitlines()[-2:] == [f"{len(written) - 1} file(s) written to {out}",
                                               f"open first: {out / 'programme.html'}"]


def test_build_unreadable_input_exits_2(tmp_path):
    assert run("build", tmp_path / "missing", "-o", tmp_path / "out").exit_code == 2


def test_build_into_a_file_says_why_it_cannot_write(event, tmp_path):
    out = tmp_path / "out"
    out.write_text("not a folder")
    result = run("build", event.write(), "-o", out)
    assert (result.exit_code, result.stderr) == (
        1, f"{out}: nothing was written: this is a file, not a folder; choose another output folder\n")
    assert out.read_text() == "not a folder"


def test_build_replaces_nothing_in_an_out_holding_files_of_its_own(event, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "programme.html").write_text("old page")
    (out / "schedule").write_text("a file where a folder goes")
    result = run("build", event.write(), "-o", out)
    assert (result.exit_code, result.stderr) == (
        1, f"{out}: nothing was written: this folder holds 2 file(s) that confkit did not write (programme.html, "
           "schedule); choose an empty or new folder, or add --force to replace them\n")
    assert (out / "programme.html").read_text() == "old page"
    assert sorted(p.name for p in out.iterdir()) == ["programme.html", "schedule"]
