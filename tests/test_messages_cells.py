"""Issue 14, messages: every location a cell, the cell that must change, the nearest known name, one cause
one error, any workbook name, the same value giving the same message from .xlsx and .ods."""

import datetime as dt
import re
import shutil
import subprocess
import zipfile

import pytest

from confkit import pipeline
from conftest import run

CELL = re.compile(r"[^!]+![A-Z]+[0-9]+")


def _lines(event, lang="en", kind="error", suffix=".xlsx"):
    """The error (or warning) lines `confkit check` prints, in `lang`."""
    result = run("check", event.write(suffix), "--lang", lang)
    label = {("en", "error"): "error", ("fr", "error"): "erreur", ("en", "warning"): "warning",
             ("fr", "warning"): "avertissement"}[lang, kind]
    return [line for line in result.output.splitlines() if f": {label} : " in line or f": {label}: " in line]


def _wheres(event) -> list[str]:
    return [problem.where for problem in pipeline.inspect(event.write()).problems]


# --- Every location is a cell ---------------------------------------------------------------

ROW_LOCATED = [  # each used to be located at a bare row (`Sessions!2`) or a sheet (`Event`)
    ("a missing column", lambda e: [row.pop(2) for row in e.sheets["Sessions"]]),
    ("a missing Event field", lambda e: e.sheets["Event"].pop(1)),
    ("no event id", lambda e: e.sheets["Event"].pop()),
    ("a multi-day event without Date column", lambda e: e.set("Event!A8", "end_date")
     .set("Event!B8", dt.date(2010, 10, 20))),
    ("a nameless person without Last name column", lambda e: [row.pop(1) for row in e.sheets["Registrants"]]
     and e.set("Registrants!A3", "")),
    ("a derived id clash", lambda e: e.set("Registrants!C2", "").set("Registrants!C3", "").set("Registrants!A3", "Zoé")
     .set("Registrants!B3", "Durand").set("Registrants!D3", "CCI Paris")),
    ("a room overlap", lambda e: e.set("Sessions!B3", "10:00").set("Sessions!H3", "")),
    ("a renamed Email column", lambda e: e.set("Registrants!C1", "Courriel pro")),
    ("an Email column gone", lambda e: [row.pop(2) for row in e.sheets["Registrants"]]),
    ("no header", lambda e: e.sheets.update(Rooms=[["Salle des fêtes"], ["250"]])),
]


@pytest.mark.parametrize("change", [case[1] for case in ROW_LOCATED], ids=[case[0] for case in ROW_LOCATED])
def test_every_problem_is_located_at_a_cell(event, change):
    change(event)
    wheres = _wheres(event)
    assert wheres and [where for where in wheres if not CELL.fullmatch(where)] == []


def test_a_missing_event_field_points_at_the_free_row_where_to_add_it(event):
    event.sheets["Event"].pop(1)
    assert _lines(event) == ["Event!A7: error: no Title row; add one here: Title in column A, its value in column B"]
    assert _lines(event, "fr") == ["Event!A7 : erreur : pas de ligne Titre ; ajoutez-la ici : Titre en colonne A, sa "
                                   "valeur en colonne B"]


def test_a_missing_column_points_at_the_header_it_was_most_likely_renamed_to(event):
    event.set("Sessions!C1", "Heure de fn")
    result = run("check", event.write())
    assert [line for line in result.output.splitlines() if "Sessions!" in line] == [
        "Sessions!C1: error: missing column 'End' (did you mean \"Heure de fn\"?); rename this header End, or add a "
        "column with that header"]  # and no "unknown column" warning at the same cell: one cause, one problem
    assert _lines(event, "fr") == [
        "Sessions!C1 : erreur : colonne « Fin » absente (vouliez-vous dire « Heure de fn » ?) ; renommez cet "
        "en-tête Fin, ou ajoutez une colonne avec cet en-tête"]


def test_a_renamed_email_column_is_pointed_at(event):
    event.set("Registrants!C1", "Courriel pro")
    assert _lines(event) == [
        "Registrants!C1: error: no Email column, so nobody can be invited (the event has an organiser email); name "
        "the column of addresses one of: Email, E-mail, e-mail, mail, courriel, adresse e-mail"]


def test_a_multi_day_event_without_date_column_is_one_error_at_the_header(event):
    event.set("Event!A8", "end_date").set("Event!B8", dt.date(2010, 10, 20))
    event.set("Registrants!G1", "sessions").set("Registrants!G2", "s1")  # not "unknown" once more
    assert _lines(event) == ["Sessions!I1: error: no Date column while the event lasts several days; add one, with "
                             "each session's day"]
    assert _lines(event, "fr") == ["Sessions!I1 : erreur : pas de colonne Date alors que l'événement dure plusieurs "
                                   "jours ; ajoutez-en une, avec le jour de chaque session"]


def test_a_sheet_without_a_column_gets_no_warning_a_row_for_it(event):
    for row in event.sheets["Speakers"]:
        del row[5]  # Bio
    assert [line for line in _lines(event, kind="warning") if "Speakers!" in line] == []


# --- The cell that must change --------------------------------------------------------------

def test_two_sessions_in_one_room_at_once_point_at_the_room(event):
    event.set("Sessions!B3", "10:00").set("Sessions!H3", "")
    assert _lines(event) == ['Sessions!D3: error: "E-reputation" (10:00–11:30) overlaps "Opening" (09:30–10:15, '
                             'Sessions!D2) in room "Hall"; move one of them']
    assert _lines(event, "fr") == ["Sessions!D3 : erreur : « E-reputation » (10:00–11:30) chevauche « Opening » "
                                   "(09:30–10:15, Sessions!D2) dans la salle « Hall » ; déplacez l'une des deux"]


def test_a_moderator_on_two_stages_points_at_the_moderator_cell(event):
    event.set("Sessions!B3", "10:00").set("Sessions!D3", "Annex")
    assert _lines(event) == ['Sessions!H3: error: Ludovic Bour is in "E-reputation" and in "Opening" (Sessions!G2) '
                             "at the same time; change one of the sessions"]


# --- Did you mean ---------------------------------------------------------------------------

def test_an_id_typed_in_another_case_is_told_the_known_one(event):
    event.set("Speakers!A2", "a1").set("Sessions!G2", "A1").set("Sessions!H3", "a1")
    assert _lines(event) == ['Sessions!G2: error: unknown speaker id "A1" (did you mean "a1"?); it must be an id of '
                             "the Speakers sheet"]
    assert _lines(event, "fr") == ["Sessions!G2 : erreur : identifiant d'intervenant inconnu « A1 » (vouliez-vous "
                                   "dire « a1 » ?) ; ce doit être un identifiant de la feuille Intervenants"]


@pytest.mark.parametrize("typed", ["Okafor", "okafr", "Okáfor"])
def test_a_moderator_id_off_by_case_accent_or_a_letter_is_told_the_known_one(event, typed):
    event.set("Speakers!A2", "okafor").set("Sessions!G2", "okafor").set("Sessions!H3", typed)
    assert _lines(event) == [f'Sessions!H3: error: unknown moderator id "{typed}" (did you mean "okafor"?); it must '
                             "be an id of the Speakers sheet"]


def test_a_session_id_differing_in_its_digits_gets_no_guess(event):
    event.set("Registrants!G1", "sessions").set("Registrants!G2", "s9, S2")
    assert _lines(event) == [
        'Registrants!G2: error: unknown session id "S2" (did you mean "s2"?); it must be an id of the Sessions sheet',
        'Registrants!G2: error: unknown session id "s9"; it must be an id of the Sessions sheet']


def test_a_room_typo_is_an_error_told_the_room_meant(event):
    event.sheets["Rooms"] = [["name"], ["Room a"], ["Hall"]]
    event.set("Sessions!D2", "Room  a")
    assert _lines(event) == ['Sessions!D2: error: room "Room  a" is not in the Rooms sheet (known: Room a, Hall) '
                             '(did you mean "Room a"?); correct the name or add the room there']
    assert _lines(event, "fr") == ["Sessions!D2 : erreur : la salle « Room  a » n'est pas dans la feuille Salles "
                                   "(salles connues : Room a, Hall) (vouliez-vous dire « Room a » ?) ; corrigez le "
                                   "nom ou ajoutez-y la salle"]


def test_a_room_missing_from_the_rooms_sheet_is_an_error(event):
    event.sheets["Rooms"] = [["name"], ["Main hall"]]
    assert _lines(event)[-1] == ('Sessions!D3: error: room "Hall" is not in the Rooms sheet (known: Main hall); '
                                 "correct the name or add the room there")


# --- French ---------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, column", [("Sessions!F2", "Titre"), ("Sessions!A2", "Identifiant")])
def test_an_empty_required_cell_reads_right_in_french_whatever_the_columns_gender(event, cell, column):
    event.set(cell, "")
    assert _lines(event, "fr")[-1] == f"{cell} : erreur : la cellule {column} est vide ; remplissez-la"
    assert _lines(event)[-1] == f"{cell}: error: {'Title' if column == 'Titre' else 'Id'} is empty; fill it in"


def test_a_non_ascii_address_reads_right_in_french(event):
    event.set("Registrants!C3", "jérôme@cci-nice.fr")
    assert _lines(event, "fr", "warning")[-1] == (
        "Registrants!C3 : avertissement : « jérôme@cci-nice.fr » contient des lettres hors ASCII avant le @ : "
        "l'expéditeur SMTP de confkit ne peut pas écrire à cette adresse ; donnez une adresse en ASCII")


# --- One cause, one error -------------------------------------------------------------------

def test_a_renamed_sessions_sheet_is_one_error_naming_the_sheets_found(event):
    event.sheets["Programme 2027"] = event.sheets.pop("Sessions")
    event.set("Registrants!G1", "sessions").set("Registrants!G2", "s1").set("Registrants!G3", "s1, s2")
    event.sheets["Figures"] = [["label", "value", "session"], ["CCIs", 78, "s1"]]
    assert _lines(event) == [
        'Programme 2027: error: missing sheet "Sessions" (found sheets: Event, Speakers, Registrants, Programme 2027, '
        'Figures) (did you mean "Programme 2027"?); add it, or rename the sheet that holds it']
    assert _lines(event, "fr") == [
        "Programme 2027 : erreur : feuille « Sessions » absente (feuilles trouvées : Event, Speakers, Registrants, "
        "Programme 2027, Figures) (vouliez-vous dire « Programme 2027 » ?) ; ajoutez-la, ou renommez celle qui la "
        "contient"]


def test_a_sheet_renamed_past_recognition_is_one_error_too(event):
    event.sheets["Speakerz"] = [["x"], ["y"]]
    event.sheets.pop("Speakers")
    assert _lines(event) == ['Speakerz: error: missing sheet "Speakers" (found sheets: Event, Sessions, Registrants, '
                             'Speakerz) (did you mean "Speakerz"?); add it, or rename the sheet that holds it']


def test_a_speakers_sheet_without_its_id_column_is_one_error(event):
    for row in event.sheets["Speakers"]:
        del row[0]
    assert _lines(event) == ["Speakers!G1: error: missing column 'Id' (found: first_name, last_name, job_title, "
                             "organisation, bio, photo); add a column with this header"]


def test_a_missing_registrants_sheet_does_not_call_every_check_in_unknown(event):
    (event.folder / "checkins.csv").write_text("registrant_id,checked_in_at\nabc,2010-10-19T09:00:00+02:00\n",
                                               encoding="utf-8")
    event.sheets.pop("Registrants")
    assert [line for line in run("check", event.write()).output.splitlines() if "checkins.csv" in line] == []


# --- The same value, the same message from .xlsx and .ods ------------------------------------

TIME_PAST_MIDNIGHT = 'Sessions!C2: error: "25:00" is not a time; type a time such as 09:30, 9h30 or 2:30 PM'


def _xlsx_with(event, value, number_format):
    """The workbook with Sessions!C2 holding `value` under `number_format`, as Excel saves a typed 25:00."""
    import openpyxl

    folder = event.write()
    book = openpyxl.load_workbook(folder / "event.xlsx")
    cell = book["Sessions"]["C2"]
    cell.value, cell.number_format = value, number_format
    book.save(folder / "event.xlsx")
    return folder


@pytest.mark.parametrize("number_format", ["hh:mm", "[h]:mm:ss"])
def test_a_time_past_midnight_in_xlsx_is_told_as_typed(event, number_format):
    result = run("check", _xlsx_with(event, 25 / 24, number_format))
    assert [line for line in result.output.splitlines() if ": error: " in line] == [TIME_PAST_MIDNIGHT]


def test_a_time_past_midnight_in_ods_is_told_as_in_xlsx(event):
    """LibreOffice saves a typed 25:00 as `office:time-value="PT25H00M00S"`, which calamine gives as text."""
    folder = event.set("Sessions!C2", dt.time(10, 15)).write(".ods")
    path = folder / "event.ods"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["content.xml"] = parts["content.xml"].replace(b"PT10H15M00S", b"PT25H00M00S")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = run("check", folder)
    assert [line for line in result.output.splitlines() if ": error: " in line] == [TIME_PAST_MIDNIGHT]
    assert [line for line in run("check", folder, "--lang", "fr").output.splitlines() if "erreur :" in line] == [
        "Sessions!C2 : erreur : « 25:00 » n'est pas une heure ; saisissez une heure comme 9h30, 09:30 ou 14:30"]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice is not installed")
def test_an_xlsx_converted_to_ods_by_libreoffice_gives_the_same_message(event, tmp_path):
    folder = _xlsx_with(event, 25 / 24, "[h]:mm:ss")
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "ods",
                    "--outdir", str(tmp_path), str(folder / "event.xlsx")], check=True, capture_output=True,
                   timeout=180)
    (folder / "event.xlsx").unlink()
    shutil.move(tmp_path / "event.ods", folder / "event.ods")
    with zipfile.ZipFile(folder / "event.ods") as archive:
        assert b'office:time-value="PT25H00M00S"' in archive.read("content.xml")
    result = run("check", folder)
    assert [line for line in result.output.splitlines() if ": error: " in line] == [TIME_PAST_MIDNIGHT]
