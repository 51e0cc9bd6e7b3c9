"""Input that is no workbook at all: one clear line and exit 2, never a traceback."""

import shutil
import zipfile

import pytest

from conftest import run

BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (n, b"&lol%d;" % (n - 1) * 10 if n > 1 else b"&lol;" * 10)
                   for n in range(1, 10))
        + b']>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol9;</workbook>')


def _with_part(source, target, part: str, data: bytes):
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            copy.writestr(item, data if item.filename == part else original.read(item.filename))


def test_check_missing_path_exits_2(tmp_path):
    result = run("check", tmp_path / "nowhere")
    assert (result.exit_code, result.output) == (2, f"{tmp_path / 'nowhere'}: no such file or folder\n")


def test_check_folder_without_workbook_exits_2(tmp_path):
    (tmp_path / "notes.txt").write_text("not a workbook")
    (tmp_path / "~$event.xlsx").write_bytes(b"lock")  # the lock file Excel leaves beside an open workbook
    result = run("check", tmp_path)
    assert result.exit_code == 2
    assert result.output == f"{tmp_path}: no workbook (.xlsx or .ods) in this folder; create one with `confkit new`\n"
    assert run("check", tmp_path, "--lang", "fr").output == (
        f"{tmp_path} : aucun classeur (.xlsx ou .ods) dans ce dossier ; créez-en un avec `confkit new`\n")


def test_check_folder_with_two_workbooks_exits_2_naming_them(event):
    folder = event.write()
    shutil.copy(folder / "event.xlsx", folder / "event.ods")
    result = run("check", folder)
    assert (result.exit_code, result.output) == (2, f"{folder}: several workbooks in this folder (event.ods, "
                                                    f'event.xlsx); keep only one, or give the one to read: '
                                                    f'confkit check "{folder / "event.ods"}"\n')


def test_a_folder_holding_one_workbook_of_any_name_is_read(event):
    folder = event.set("Sessions!C2", "09:00").write()
    (folder / "event.xlsx").rename(folder / "Inscriptions 2027.xlsx")
    (folder / ".~lock.Inscriptions 2027.xlsx#").write_text("LibreOffice's lock file")
    result = run("check", folder)
    assert (result.exit_code, [line for line in result.output.splitlines() if ": error: " in line]) == (1, [
        "Sessions!C2: error: end 09:00 is before start 09:30; swap them or correct one"])


def test_a_folder_holding_workbooks_of_other_names_says_which_to_choose(event):
    folder = event.write()
    for name in ("Inscriptions 2027.xlsx", "Inscriptions 2026.ods"):
        shutil.copy(folder / "event.xlsx", folder / name)
    (folder / "event.xlsx").unlink()
    result = run("check", folder, "--lang", "fr")
    assert (result.exit_code, result.output) == (2, (
        f"{folder} : plusieurs classeurs dans ce dossier (Inscriptions 2026.ods, Inscriptions 2027.xlsx) ; n'en "
        f'gardez qu\'un, ou indiquez celui à lire : confkit check "{folder / "Inscriptions 2026.ods"}"\n'))


def test_event_xlsx_is_read_beside_a_copy_under_another_name(event):
    folder = event.write()
    shutil.copy(folder / "event.xlsx", folder / "event (old copy).xlsx")
    assert run("check", folder).exit_code == 0


def test_check_empty_file_exits_2(tmp_path):
    path = tmp_path / "event.xlsx"
    path.write_bytes(b"")
    assert run("check", path).output == f"{path}: the file is empty\n"


def test_check_pdf_renamed_xlsx_exits_2(tmp_path):
    path = tmp_path / "event.xlsx"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    result = run("check", path)
    assert result.exit_code == 2
    assert result.output == (f"{path}: not a readable Excel workbook (File is not a zip file); "
                             "open it in your spreadsheet and save it again\n")


def test_check_unsupported_suffix_exits_2(tmp_path):
    path = tmp_path / "event.csv"
    path.write_text("a,b\n")
    assert run("check", path).output == f"{path}: not a workbook confkit reads; save it as .xlsx or .ods\n"


@pytest.mark.parametrize("part", ["xl/workbook.xml", "[Content_Types].xml"])
def test_check_refuses_an_entity_bomb_before_parsing(event, tmp_path, part):
    source = event.write() / "event.xlsx"
    hostile = tmp_path / "hostile.xlsx"
    _with_part(source, hostile, part, BOMB)
    result = run("check", hostile)
    assert result.exit_code == 2
    assert result.output == (f"{hostile}: refused: {part} declares an XML document type (DTD), "
                             "which spreadsheets never need and attacks use\n")


def test_check_refuses_an_entity_bomb_in_ods(event, tmp_path):
    source = event.write(".ods") / "event.ods"
    hostile = tmp_path / "hostile.ods"
    _with_part(source, hostile, "content.xml", BOMB)
    assert run("check", hostile).exit_code == 2


def test_check_truncated_workbook_exits_2(event, tmp_path):
    data = (event.write() / "event.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    result = run("check", path)
    assert result.exit_code == 2
    assert result.output.startswith(f"{path}: not a readable Excel workbook (")
    assert len(result.output.splitlines()) == 1
