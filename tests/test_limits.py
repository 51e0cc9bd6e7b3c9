"""Workbooks beyond the stated limits are refused from their declared extent, before any cell is laid out."""

import re
import zipfile

import pytest

from confkit import extents, sheets
from conftest import run

HEADER = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>first_name</t></is></c>'
          b'<c r="B1" t="inlineStr"><is><t>last_name</t></is></c></row>')
ODS_HEADER = (b'<table:table-row><table:table-cell office:value-type="string"><text:p>first_name</text:p>'
              b'</table:table-cell><table:table-cell office:value-type="string"><text:p>last_name</text:p>'
              b"</table:table-cell></table:table-row>")
ODS_CELL = b'<table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>'


def _xlsx(event, tmp_path, sheet_data: bytes, dimension: str = "") -> str:
    """The event's workbook with its Registrants sheet replaced by `sheet_data`."""
    source = event.write() / "event.xlsx"
    target = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet4.xml":
                data = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        + (b'<dimension ref="%s"/>' % dimension.encode() if dimension else b"")
                        + b"<sheetData>" + sheet_data + b"</sheetData></worksheet>")
            copy.writestr(item.filename, data)
    return target


def _ods(event, tmp_path, table: bytes) -> str:
    source = event.write(".ods") / "event.ods"
    target = tmp_path / "hostile.ods"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "content.xml":
                data = re.sub(rb'(<table:table table:name="Registrants">).*?(</table:table>)',
                              lambda m: m[1] + table + m[2], data, flags=re.S)
            copy.writestr(item.filename, data)
    return target


def _refused(path) -> str:
    result = run("check", path)
    assert result.exit_code == 2
    assert len(result.output.splitlines()) == 1
    return result.output.removeprefix(f"{path}: ").rstrip("\n")


ROWS = ('refused: sheet "Registrants" has a cell in row {}, and confkit reads at most 200,000 rows a sheet; '
        "delete the rows below your data")
COLUMNS = ('refused: sheet "Registrants" has a cell in column {}, and confkit reads at most 200 columns a sheet; '
           "delete the columns right of your data")


def test_check_refuses_one_cell_in_the_far_corner(event, tmp_path):
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    assert _refused(_xlsx(event, tmp_path, HEADER + far)) == ROWS.format("1,048,576")


def test_check_refuses_a_far_cell_whatever_the_declared_dimension(event, tmp_path):
    far = b'<row r="2"><c r="ZZ2" t="inlineStr"><is><t>x</t></is></c></row>'
    assert _refused(_xlsx(event, tmp_path, HEADER + far, dimension="A1:B2")) == COLUMNS.format("ZZ")


def test_check_refuses_cells_placed_without_references(event, tmp_path):
    """A cell without `r` follows the one before it in its row: 300 of them reach column KN."""
    wide = b'<row r="2">' + b'<c t="inlineStr"><is><t>x</t></is></c>' * 300 + b"</row>"
    assert _refused(_xlsx(event, tmp_path, HEADER + wide)) == COLUMNS.format("KN")


def test_check_refuses_a_row_reference_under_cells_without_one(event, tmp_path):
    far = b'<row r="300000"><c t="inlineStr"><is><t>x</t></is></c></row>'
    assert _refused(_xlsx(event, tmp_path, HEADER + far)) == ROWS.format("300,000")


def test_check_refuses_a_real_sheet_of_too_many_rows(event, tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2, 200_003))
    assert _refused(_xlsx(event, tmp_path, HEADER + rows)).startswith('refused: sheet "Registrants" has a cell in row')


def test_check_refuses_too_many_cells_across_the_sheets(event, tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c><c r="GR%d"><v>1</v></c></row>' % (n, n, n)
                    for n in range(2, 25_002, 1000)) + b'<row r="25001"><c r="GR25001"><v>1</v></c></row>'
    # 25,001 rows × 200 columns, and the other sheets' few cells
    assert _refused(_xlsx(event, tmp_path, HEADER + rows)) == (
        "refused: its sheets span 5,000,259 cells (rows × columns), and confkit reads at most 5,000,000; "
        "delete the sheets, rows and columns it does not need")


def test_check_ignores_empty_styled_cells_far_away(event, tmp_path):
    """Calamine skips `<c r=... s=.../>`; so does the count (Excel writes them for formatted ranges)."""
    styled = b'<row r="900000"><c r="ZZ900000" s="1"/></row>'
    result = run("check", _xlsx(event, tmp_path, HEADER + b'<row r="2"><c r="A2" t="inlineStr"><is><t>Zoe</t>'
                                b"</is></c></row>" + styled))
    assert result.exit_code in (0, 1)


def test_check_refuses_an_ods_row_repeated_a_million_times(event, tmp_path):
    repeated = b'<table:table-row table:number-rows-repeated="1000000">' + ODS_CELL * 2 + b"</table:table-row>"
    assert _refused(_ods(event, tmp_path, ODS_HEADER + repeated)) == ROWS.format("1,000,001")


def test_check_refuses_an_ods_cell_repeated_across_the_sheet(event, tmp_path):
    repeated = (b'<table:table-row><table:table-cell table:number-columns-repeated="16384" '
                b'office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row>')
    assert _refused(_ods(event, tmp_path, ODS_HEADER + repeated)) == COLUMNS.format("XFD")


def test_check_reads_the_empty_rows_and_cells_an_ods_ends_with(event, tmp_path):
    """LibreOffice ends a formatted sheet with empty cells repeated to the last row and column."""
    trailing = (b'<table:table-row>' + ODS_CELL * 2 + b'<table:table-cell table:number-columns-repeated="1022"/>'
                b'</table:table-row><table:table-row table:number-rows-repeated="1048574">'
                b'<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    result = run("check", _ods(event, tmp_path, ODS_HEADER + trailing))
    assert result.exit_code == 1  # one registrant named "a a" without email: located errors, not a refusal
    assert "refused" not in result.output


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_extents_of_the_sample_sized_event_are_exact_enough(event, suffix):
    path = event.write(suffix) / f"event{suffix}"
    with zipfile.ZipFile(path) as archive:
        found = {extent.sheet: extent for extent in extents.extents(archive, sheets.SUFFIXES[suffix])}
    assert found["Registrants"].rows >= 3 and found["Registrants"].columns >= 6
    assert sum(extent.rows * extent.columns for extent in found.values()) <= sheets.MAX_CELLS
