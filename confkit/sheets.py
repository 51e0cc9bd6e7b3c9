"""Open a workbook file (.xlsx or .ods) safely and hand back its sheets as rows of values.

Reading goes through python-calamine (Rust), about twenty times faster than
openpyxl. Calamine does not use Python's XML parsers, so the defusedxml guard
is applied here: every XML part is refused if it declares a DTD, before any
cell is read; the archive's unpacked size is bounded too.

Calamine lays each sheet out as one block from its first to its last cell: a 3 KB
file with one cell at XFD1048576 asks for 512 GiB, and an .ods row repeated a
million times is a million rows. So before calamine sees the file, `extents`
streams every sheet's XML and finds how far its cells reach (the cell references
of an .xlsx, the repeat counts of an .ods), and a workbook beyond the limits below
is refused.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from confkit.errors import Unusable
from confkit.extents import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, Extent, column_name, extents
from confkit.text.clean import REMOVED

MAX_UNPACKED = 1024 * 1024 * 1024
# Far beyond a 100,000-registrant congress, and within about 200 MB for calamine's layout.
HEAD_ROWS = 20  # the header row is looked for among these
SUFFIXES = {".xlsx": "Excel", ".xlsm": "Excel", ".ods": "OpenDocument"}


@dataclass(frozen=True, slots=True)
class RawSheet:
    """A sheet's first rows (where headers are looked for), then the rest, read once, lazily.

    Rows start at A1. Keeping 100,000 rows as Python lists at once cost 60 MB at the peak.
    """

    name: str
    head: list[list]
    rest: Iterator[list]

    def rows(self) -> Iterator[list]:
        return chain(self.head, self.rest)


def locate(path: Path) -> Path:
    """The workbook of an event: the path itself, or the one workbook of a folder, whatever its name
    ("Inscriptions 2027.xlsx"); event.xlsx or event.ods first, beside a copy kept under another name."""
    if not path.exists():
        raise Unusable("not_found", str(path))
    if path.is_file():
        return path
    found = sorted(child for child in path.iterdir() if _workbook(child))
    named = [child for child in found if child.name.lower() in ("event.xlsx", "event.ods")]
    if not found:
        raise Unusable("no_workbook", str(path))
    if len(named) == 1 or len(found) == 1:
        return (named or found)[0]
    several = named or found
    raise Unusable("two_workbooks", str(path), names=", ".join(child.name for child in several),
                   example=str(several[0]))


def _workbook(path: Path) -> bool:
    """A workbook, not the lock file an open one leaves (~$event.xlsx, .~lock.event.ods#) nor a hidden copy."""
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(("~$", ".")) and path.is_file()


def load(path: Path) -> list[RawSheet]:
    """Every sheet of the workbook at `path`, as rows of cell values starting at A1."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise Unusable("unsupported", str(path))
    if path.stat().st_size == 0:
        raise Unusable("empty", str(path))
    _refuse_hostile_archive(path, kind)
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        return [_raw(name, book.get_sheet_by_name(name)) for name in book.sheet_names]
    except Exception as error:  # calamine raises its own error types for any broken file
        raise Unusable("corrupt", str(path), kind=kind, detail=_first_line(error)) from None


def _raw(name: str, sheet) -> RawSheet:
    """Calamine pads rows from row 1 but starts columns at the first used one: pad them to A."""
    first_column = sheet.start[1] if sheet.start else 0
    rows = sheet.iter_rows()
    if first_column:
        rows = ([""] * first_column + row for row in rows)
    name = " ".join(REMOVED.sub("", name).split())  # a sheet name is echoed on one line
    return RawSheet(name, list(islice(rows, HEAD_ROWS)), rows)


def _refuse_hostile_archive(path: Path, kind: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_UNPACKED:
                raise Unusable("too_large", str(path), limit=MAX_UNPACKED // 2**20)
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    _refuse_dtd(archive, member.filename, path)
            _refuse_oversized(extents(archive, kind), path)
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as error:
        raise Unusable("corrupt", str(path), kind=kind, detail=_first_line(error)) from None


def _refuse_dtd(archive: zipfile.ZipFile, name: str, path: Path) -> None:
    """Parse up to the root element only: a DTD can only stand before it."""
    with archive.open(name) as stream:
        try:
            for _event, _element in iterparse(stream, events=("start",), forbid_dtd=True):
                return
        except DefusedXmlException:
            raise Unusable("unsafe_xml", str(path), part=name) from None
        except SyntaxError as error:  # ParseError
            raise Unusable("corrupt", str(path), kind="XML", detail=f"{name}: {error}") from None


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


def _refuse_oversized(found: list[Extent], path: Path) -> None:
    for extent in found:
        if extent.rows > MAX_ROWS:
            raise Unusable("too_many_rows", str(path), sheet=extent.sheet, rows=_figure(extent.rows),
                           limit=_figure(MAX_ROWS))
        if extent.columns > MAX_COLUMNS:
            raise Unusable("too_many_columns", str(path), sheet=extent.sheet, limit=_figure(MAX_COLUMNS),
                           column=column_name(min(extent.columns, 10**6)))
    if (cells := sum(extent.rows * extent.columns for extent in found)) > MAX_CELLS:
        raise Unusable("too_many_cells", str(path), cells=_figure(cells), limit=_figure(MAX_CELLS))


def _figure(number: int) -> dict[str, str]:
    return {"en": f"{number:,}", "fr": f"{number:,}".replace(",", "\u202f")}
