"""The template's examples cannot slip through (grey, warned of, never invited), and the template prints."""

import shutil
from copy import copy
import subprocess
from pathlib import Path

import openpyxl
import pytest

from confkit import columns
from confkit.checks import _spans
from conftest import run

EXAMPLE_ADDRESSES = ("jeanne.dupont@example.org", "loic.martin@example.org", "anais.legall@example.org")


def _new(tmp_path: Path, lang: str = "en") -> Path:
    folder = tmp_path / f"new-{lang}"
    assert run("new", folder, "--lang", lang).exit_code == 0
    return folder


def _edit(folder: Path, change) -> None:
    """Change the workbook as a person would in their spreadsheet: `change(book)`, then save."""
    book = openpyxl.load_workbook(folder / "event.xlsx")
    change(book)
    book.save(folder / "event.xlsx")


def _example_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "example" in line or "exemple" in line]


def test_fresh_template_warns_once_a_sheet_in_english(tmp_path):
    result = run("check", _new(tmp_path, "en"))
    assert result.exit_code == 0
    assert _example_lines(result.output) == [
        "Event!B3: warning: 3 example values are still in Event (rows 3, 14, 18); replace them with your event's",
        "Rooms!A2: warning: 1 example row is still in Rooms (row 2); replace or delete it",
        "Speakers!A2: warning: 2 example rows are still in Speakers (rows 2, 3); replace or delete them",
        "Sessions!A2: warning: 3 example rows are still in Sessions (rows 2-4); replace or delete them",
        "Registrants!A2: warning: 3 example rows are still in Registrants (rows 2-4); replace or delete them "
        "(no invitation is written to an example address)",
        "Figures!A2: warning: 2 example rows are still in Figures (rows 2, 3); replace or delete them",
        "Quotes!A2: warning: 1 example row is still in Quotes (row 2); replace or delete it",
        "Links!A2: warning: 1 example row is still in Links (row 2); replace or delete it",
    ]


def test_fresh_template_warns_once_a_sheet_in_french(tmp_path):
    lines = _example_lines(run("check", _new(tmp_path, "fr")).output)
    assert lines[0] == ("Événement!B3 : avertissement : 3 valeurs d'exemple sont encore dans Événement (lignes 3, "
                        "14, 18) ; remplacez-les par celles de votre événement")
    assert lines[1] == ("Salles!A2 : avertissement : 1 ligne d'exemple est encore dans Salles (ligne 2) ; "
                        "remplacez-la ou supprimez-la")
    assert lines[4] == ("Inscrits!A2 : avertissement : 3 lignes d'exemple sont encore dans Inscrits (lignes 2 à 4) ; "
                        "remplacez-les ou supprimez-les (aucune invitation n'est écrite pour une adresse d'exemple)")
    assert len(lines) == 8


def test_rows_apart_are_listed_and_runs_shortened():
    assert _spans([9, 2, 3, 4, 7, 10]) == {"en": "2-4, 7, 9, 10", "fr": "2 à 4, 7, 9, 10"}
    assert _spans([5]) == {"en": "5", "fr": "5"}


def test_examples_among_real_rows_are_found_by_content_not_style(tmp_path):
    folder = _new(tmp_path)

    def add_people(book):
        sheet = book["Registrants"]
        sheet.insert_rows(3, 2)  # the examples move to rows 2, 5 and 6, the real people keep the grey style
        for row, (first, email) in enumerate((("Ada", "ada@cci.fr"), ("Bo", "bo@cci.fr")), start=3):
            sheet.cell(row, 2, first).font = copy(sheet["B2"].font)
            sheet.cell(row, 3, "Real")
            sheet.cell(row, 4, email)
            sheet.cell(row, 5, "CCI")
        sheet["B2"] = "Someone"  # an example edited in its name only keeps the example's address

    _edit(folder, add_people)
    result = run("check", folder)
    assert ("Registrants!A2: warning: 3 example rows are still in Registrants (rows 2, 5, 6); replace or delete "
            "them (no invitation is written to an example address)") in result.output.splitlines()


def test_rows_deleted_or_rewritten_leave_no_warning(tmp_path):
    folder = _new(tmp_path)

    def clear(book):
        for spec in columns.SHEETS[1:]:
            sheet = book[spec.title("en")]
            sheet.delete_rows(2, sheet.max_row)
        event = book["Event"]
        for row, value in ((3, "Harbour days"), (14, "https://harbour.fr/"), (18, "Three days by the sea.")):
            event.cell(row, 2, value)

    _edit(folder, clear)
    result = run("check", folder)
    assert result.exit_code == 0
    assert _example_lines(result.output) == []


def test_speaker_with_the_example_id_but_their_own_organisation_is_real(tmp_path):
    folder = _new(tmp_path)
    _edit(folder, lambda book: book["Speakers"].cell(2, 5, "Cabinet Real"))
    assert ("Speakers!A3: warning: 1 example row is still in Speakers (row 3); replace or delete it"
            in run("check", folder).output.splitlines())


def test_build_of_a_fresh_template_invites_no_example(tmp_path):
    folder = _new(tmp_path, "fr")
    out = tmp_path / "out"
    result = run("build", folder, "-o", out)
    assert result.exit_code == 0
    assert not (out / "invites").exists()
    assert ("Inscrits!A2 : avertissement : 3 lignes d'exemple sont encore dans Inscrits (lignes 2 à 4) ; "
            "remplacez-les ou supprimez-les (aucune invitation n'est écrite pour une adresse d'exemple)"
            in result.output.splitlines())


def test_build_invites_the_real_people_beside_the_examples(tmp_path):
    folder = _new(tmp_path)

    def add(book):
        book["Registrants"].append([None, "Ada", "Real", "ada@cci.fr", "CCI"])
        book["Speakers"]["B2"] = "Renamed"  # the example speaker stays uninvited under another name

    _edit(folder, add)
    out = tmp_path / "out"
    assert run("build", folder, "-o", out).exit_code == 0
    files = sorted(path.name for path in (out / "invites").rglob("*") if path.is_file())
    assert len(files) == 2 and {name.rpartition(".")[2] for name in files} == {"eml", "ics"}
    text = "\n".join(path.read_text() for path in (out / "invites").iterdir())
    assert "ada@cci.fr" in text and not any(address in text for address in EXAMPLE_ADDRESSES)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_example_cells_are_grey_and_italic_and_headers_are_not(tmp_path, lang):
    book = openpyxl.load_workbook(_new(tmp_path, lang) / "event.xlsx")
    examples = [cell for spec in columns.SHEETS[1:] for row in book[spec.title(lang)].iter_rows(min_row=2)
                for cell in row if cell.value is not None]
    examples += [row[1] for row in book[columns.EVENT.title(lang)].iter_rows(min_row=2) if row[1].value]
    assert len(examples) > 60
    assert {(cell.font.italic, cell.font.color.rgb) for cell in examples} == {(True, "00767676")}
    headers = [cell for spec in columns.SHEETS for cell in book[spec.title(lang)][1]]
    assert not any(cell.font.italic for cell in headers)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_sheet_prints_landscape_fit_to_width_with_its_header(tmp_path, lang):
    book = openpyxl.load_workbook(_new(tmp_path, lang) / "event.xlsx")
    for sheet in book:
        setup = sheet.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == (None if sheet is book.worksheets[0] else "$1:$1"), sheet.title
        assert sheet.page_margins.left == 0.4 and sheet.oddFooter.center.text == "&A - &P / &N"
        assert setup.paperSize == (9 if lang == "fr" else None)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install "
                                            "libreoffice-calc-nogui); the page setup is still read back above")
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_template_prints_one_page_a_sheet_with_every_column(tmp_path, lang):
    """Printed by LibreOffice, each sheet fills one page with all its columns (it was 27 pages of strips)."""
    folder = _new(tmp_path, lang)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(folder / "event.xlsx")],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "event.pdf"
    book = openpyxl.load_workbook(folder / "event.xlsx")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert f"Pages:           {len(book.sheetnames)}" in info.splitlines()
    for number, sheet in enumerate(book, start=1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              check=True, capture_output=True, text=True).stdout
        assert f"{sheet.title} - {number} / {len(book.sheetnames)}" in text
        for cell in sheet[1]:
            assert cell.value in text, (sheet.title, cell.value)
