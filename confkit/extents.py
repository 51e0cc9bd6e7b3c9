"""How far each sheet of a workbook reaches, found by streaming its XML before calamine lays it out.

Calamine lays each sheet out as one block from its first to its last cell: a 3 KB file with
one cell at XFD1048576 asks for 512 GiB, and an .ods row repeated a million times is a
million rows. So `extents` reads the cell references of an .xlsx and the repeat counts of an
.ods, chunk by chunk, and `sheets.load` refuses a workbook beyond the limits here.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

MAX_ROWS = 200_000  # a sheet's last row, titles and header included
MAX_COLUMNS = 200  # a sheet's last column (GR)
MAX_CELLS = 5_000_000  # rows × columns, summed over the sheets


@dataclass(slots=True)
class Extent:
    """The last row and column (from A1) that a sheet's cells reach; an upper bound unless `exact`."""

    sheet: str
    part: str = ""
    rows: int = 0
    columns: int = 0
    exact: bool = True

    def reach(self, row: int, column: int) -> None:
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)

    def beyond(self) -> bool:
        return self.rows > MAX_ROWS or self.columns > MAX_COLUMNS


def extents(archive: zipfile.ZipFile, kind: str) -> list[Extent]:
    """Every sheet's extent. In an .xlsx any part may be named a sheet by the relationships, so
    every part holding a sheetData is read; in an .ods, content.xml holds every table."""
    if kind == "OpenDocument":
        return _ods_extents(_chunks(archive, "content.xml")) if "content.xml" in archive.namelist() else []
    names = _xlsx_sheet_names(archive)
    found = [extent for part in archive.namelist()
             if (extent := _xlsx_extent(archive, part, names.get(part, part))) is not None]
    if sum(e.rows * e.columns for e in found) > MAX_CELLS and not any(e.beyond() for e in found):
        # Bounds may be loose: count exactly before refusing.
        found = [e if e.exact else _xlsx_extent(archive, e.part, e.sheet, exact=True) for e in found]
    return found


def column_name(number: int) -> str:
    """1 -> A, 27 -> AA (calamine's own reading of a reference's letters)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number(digits: bytes) -> int:
    return int(digits) if 0 < len(digits) < 10 else (0 if not digits else 10**10)


def _column_number(letters: bytes) -> int:
    if len(letters) > 4:
        return 10**10
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


_CHUNK = 1 << 20


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's bytes in pieces that each end before a `<`: no tag is cut in two."""
    with archive.open(part) as stream:
        carry = b""
        while piece := stream.read(_CHUNK):
            piece = carry + piece
            cut = piece.rfind(b"<")
            if cut > 0 or (cut == 0 and len(piece) < 8 * _CHUNK):
                piece, carry = piece[:cut], piece[cut:]
            else:  # no tag starts here (or one absurdly long tag): nothing to keep whole
                carry = b""
            if piece:
                yield piece
        if carry:
            yield carry


# .xlsx: cells carry their reference (`<c r="XFD1048576">`), or follow the previous one in its row.

_SHAPES = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", b"A" * 26 + b"0" * 10)
_RICH_TEXT = (b"<color", b"<charset", b"<condense")  # the other tags that start with <c in sheetData
_PREFIXED_CELL = re.compile(rb"<[\w.\-]+:c[\s/>]")
_REF = re.compile(rb'<c r="([A-Za-z]+)(\d+)"([^>]*)>')
_TAG = re.compile(rb"<(/?)(?:[\w.\-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_R = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d*)""")
_END = re.compile(rb"</(?:[\w.\-]+:)?")


def _xlsx_extent(archive: zipfile.ZipFile, part: str, sheet: str, exact: bool = False) -> Extent | None:
    """Cells as calamine places them; the common shape (every cell starting `<c r="A1"`) is read
    with byte counts and searches, anything else tag by tag."""
    extent = Extent(sheet, part)
    regions = _sheet_data(_chunks(archive, part))
    first = next(regions, None)
    if first is None:
        return None
    for region in chain((first,), regions):
        shapes = region.translate(_SHAPES)
        if not _plain(region, shapes):
            return _tags_extent(_sheet_data(_chunks(archive, part)), Extent(sheet, part))
        _plain_reach(region, shapes, extent, exact)
        if extent.beyond():
            break
    return extent


def _sheet_data(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks from the first mention of sheetData to the end of the element (calamine reads cells
    only there)."""
    started = False
    for chunk in chunks:
        at = chunk.find(b"sheetData")
        if not started:
            if at < 0:
                continue
            started, chunk = True, chunk[max(chunk.rfind(b"<", 0, at), 0):]
            at = chunk.find(b"sheetData", chunk.find(b">") + 1)
        while at >= 0:
            tag = chunk.rfind(b"<", 0, at)
            if tag >= 0 and _END.fullmatch(chunk, tag, at):
                yield chunk[:tag]
                return
            at = chunk.find(b"sheetData", at + 1)
        yield chunk


def _plain(region: bytes, shapes: bytes) -> bool:
    refs = shapes.count(b'<c r="A')
    cells = region.count(b"<c")
    if cells != refs and cells != refs + sum(region.count(tag) for tag in _RICH_TEXT):
        return False
    return b":c" not in region or not _PREFIXED_CELL.search(region)


def _plain_reach(region: bytes, shapes: bytes, extent: Extent, exact: bool) -> None:
    """References of one letter and up to five digits are bounds enough (99,999 rows of 26 columns);
    longer ones are read exactly."""
    if exact or b'<c r="AA' in shapes or b'<c r="A000000' in shapes:
        rows = columns = 0
        for letters, digits, rest in _REF.findall(region):
            if not rest.endswith(b"/"):  # an empty cell, which calamine skips
                rows, columns = max(rows, _number(digits)), max(columns, _column_number(letters))
        extent.reach(rows, columns)
        return
    known = len(str(extent.rows)) if extent.rows else 0
    digits = next((n for n in range(5, known, -1) if b'<c r="A' + b"0" * n in shapes), 0)
    if digits:
        extent.reach(10**digits - 1, 26)
        extent.exact = False


def _tags_extent(regions: Iterator[bytes], extent: Extent) -> Extent:
    """Calamine's placing, tag by tag: a row's `r` sets the row, `</row>` moves to the next, a cell
    without `r` follows the previous one."""
    row = column = 0
    for region in regions:
        for closing, name, attributes in _TAG.findall(region):
            if closing or attributes.endswith(b"/"):
                if closing and name == b"row":
                    row, column = row + 1, 0
                continue
            ref = _R.search(attributes)
            if name == b"row":
                row = _number(ref[2]) - 1 if ref and ref[2] else row
                continue
            at_row = row
            if ref and ref[2]:
                at_row, column = _number(ref[2]) - 1, _column_number(ref[1]) - 1
            extent.reach(at_row + 1, column + 1)
            column += 1
        if extent.beyond():
            break
    return extent


def _xlsx_sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part name -> sheet name, for messages; a part the relationships do not name keeps its own."""
    try:
        ids = {element.get(_RID): element.get("name") for element in _parts(archive, "xl/workbook.xml")
               if element.tag.endswith("}sheet")}
        targets = {element.get("Id"): element.get("Target", "") for element in
                   _parts(archive, "xl/_rels/workbook.xml.rels")}
    except (KeyError, SyntaxError, DefusedXmlException):
        return {}
    return {(target.lstrip("/") if target.startswith("/") else "xl/" + target): ids[rid]
            for rid, target in targets.items() if rid in ids}


_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _parts(archive: zipfile.ZipFile, name: str) -> list:
    with archive.open(name) as stream:
        return [element for _event, element in iterparse(stream, forbid_dtd=True)]


# .ods: a row or a cell may stand for many (table:number-rows-repeated, number-columns-repeated).

_ODS_ITEM = re.compile(rb"<table:table(?:\s([^>]*))?>|<table:table-row(?=[\s>])([^>]*?)(?<!/)>(.*?)"
                       rb"</table:table-row\s*>", re.S)
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])([^>]*)>")
_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated\s*=\s*["\'](\d+)')
_COLUMNS_REPEATED = re.compile(rb'table:number-columns-repeated\s*=\s*["\'](\d+)')
_NAME = re.compile(rb'table:name\s*=\s*"([^"]*)"')
_VALUED = (b"office:value", b"<text:", b"formula")  # what makes a cell non-empty for calamine


def _ods_extents(chunks: Iterator[bytes]) -> list[Extent]:
    found: list[Extent] = []
    row = 0
    for item in _ods_items(chunks):
        if item[2] is None:  # a table starts
            name = _NAME.search(item[1] or b"")
            found.append(Extent(_xml_text(name[1]) if name else f"#{len(found) + 1}"))
            row = 0
        elif found:
            repeat = _ROWS_REPEATED.search(item[1])
            row += _number(repeat[1]) if repeat else 1
            width = _ods_width(item[2])
            if width:
                found[-1].reach(row, width)
                if found[-1].beyond():
                    break
    return found


def _ods_items(chunks: Iterator[bytes]) -> Iterator[tuple]:
    """Table starts (kind, attributes, None) and whole rows (kind, attributes, content), in order."""
    pending: list[bytes] = []
    for chunk in chunks:
        if pending and chunk.find(b"</table:table-row") < 0:
            pending.append(chunk)
            continue
        text, pending, last = b"".join(pending) + chunk, [], 0
        for match in _ODS_ITEM.finditer(text):
            last = match.end()
            yield (0, match[1], None) if match[2] is None else (1, match[2], match[3])
        unfinished = text.find(b"<table:table-row", last)
        if unfinished >= 0:
            pending = [text[unfinished:]]


def _ods_width(content: bytes) -> int:
    """Up to the last non-empty cell (a non-empty cell may be repeated)."""
    if not any(marker in content for marker in _VALUED):
        return 0
    if b"repeated" not in content:
        return content.count(b"<table:table-cell") + content.count(b"<table:covered-table-cell")
    width = position = 0
    for match in _ODS_CELL.finditer(content):
        attributes = match[1]
        repeat = _COLUMNS_REPEATED.search(attributes)
        position += _number(repeat[1]) if repeat else 1
        if not attributes.endswith(b"/") or any(marker in attributes for marker in _VALUED):
            width = position
    return width


def _xml_text(raw: bytes) -> str:
    from xml.sax.saxutils import unescape

    return unescape(raw.decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})
