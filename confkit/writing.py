"""Write plain workbooks (.xlsx and .ods) from rows of Python values.

Used by the sample-event script, the synthetic generator and the tests: one
description of a workbook, saved in either format, must read back the same.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

Sheets = Mapping[str, Sequence[Sequence[object]]]

_FIXED_TIME = dt.datetime(2010, 1, 1)


def write_xlsx(path: Path, sheets: Sheets) -> None:
    """Save rows as .xlsx (first row of each sheet bold), with real date and time cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for index, row in enumerate(rows):
            sheet.append([_xlsx_cell(sheet, value, bold if index == 0 else None) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(reproducible(buffer.getvalue()))


def reproducible(xlsx: bytes) -> bytes:
    """The same workbook with fixed dates inside, so that the same rows give the same bytes."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(zipfile.ZipInfo(item.filename, _FIXED_TIME.timetuple()[:6]), data,
                            compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def _xlsx_cell(sheet, value, font):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if isinstance(value, dt.time):
        cell.number_format = "hh:mm"
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd"
    return cell


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"'
)
_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '</manifest:manifest>'
)


def write_ods(path: Path, sheets: Sheets) -> None:
    """Save rows as OpenDocument (.ods), with typed cells as LibreOffice writes them."""
    tables = "".join(_ods_table(name, rows) for name, rows in sheets.items())
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODS_NS}>'
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", _FIXED_TIME.timetuple()[:6]),
                         "application/vnd.oasis.opendocument.spreadsheet")
        for name, data in (("META-INF/manifest.xml", _ODS_MANIFEST), ("content.xml", content)):
            archive.writestr(zipfile.ZipInfo(name, _FIXED_TIME.timetuple()[:6]), data,
                             compress_type=zipfile.ZIP_DEFLATED)


def _ods_table(name: str, rows: Sequence[Sequence[object]]) -> str:
    body = "".join("<table:table-row>" + "".join(map(_ods_cell, row)) + "</table:table-row>"
                   for row in rows)
    return f"<table:table table:name={quoteattr(name)}>{body}</table:table>"


def _ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        attrs = f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    elif isinstance(value, (int, float)):
        attrs = f'office:value-type="float" office:value="{value}"'
    elif isinstance(value, dt.datetime):
        attrs = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    elif isinstance(value, dt.date):
        attrs = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    elif isinstance(value, dt.time):
        attrs = f'office:value-type="time" office:time-value="PT{value.hour:02}H{value.minute:02}M{value.second:02}S"'
    else:
        attrs = 'office:value-type="string"'
    return f"<table:table-cell {attrs}><text:p>{escape(str(value))}</text:p></table:table-cell>"
