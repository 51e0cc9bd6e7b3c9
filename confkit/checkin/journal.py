"""The journal of arrivals, `EVENT/checkins.csv`: the one module that writes it.

One line per admission, appended, flushed and fsynced before the desk answers, never rewritten:
a desk killed at any moment loses at most the scan it was answering. A line torn by such a kill
(the file does not end with a newline) is cut off when the journal is next opened, and kept aside in
`checkins.csv.torn`, so that the lines before it stay whole. Each line has its own scan id, so that
journals of several desks (and the phones' exports) fold into one without counting anyone twice.

The recap site reads the same file (confkit.site.attendance): its columns are found by name, so a
journal of an older confkit (`registrant_id,checked_in_at`) keeps working and is appended to in its
own columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from confkit import state
from confkit.errors import UserError

FILE = "checkins.csv"
COLUMNS = ("scan_id", "registrant_id", "checked_in_at", "desk", "how", "session")
_RISKY = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting so as a formula


@dataclass(frozen=True, slots=True)
class Entry:
    scan_id: str
    registrant_id: str
    checked_in_at: str  # ISO 8601 with its offset, as written
    desk: str = ""
    how: str = ""
    session: str = ""

    @property
    def moment(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.checked_in_at)
        except ValueError:
            return None


def neutral(cell: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ gets a leading apostrophe."""
    return "'" + cell if cell.startswith(_RISKY) else cell


def _plain(cell: str) -> str:
    """Back from `neutral`, for what confkit reads (ids and times never start so)."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in _RISKY else cell


def new_scan_id() -> str:
    return uuid.uuid4().hex


class Journal:
    """An open journal: its entries so far, and `append`, which returns once the line is on disk.

    One process at a time holds it (another desk on the same file is refused, not interleaved)."""

    def __init__(self, path: Path):
        self.path = path
        self.repaired = 0  # bytes of a torn last line cut off on opening
        try:
            self._lock = state.lock(path)
        except BlockingIOError:
            raise UserError("journal_busy", str(path)) from None
        self.repaired = _repair(path)
        self.columns, self.entries = read(path)
        self._file = open(path, "a", encoding="utf-8", newline="")
        if not self.columns:
            self.columns = COLUMNS
            self._write_line(COLUMNS)
            state.fsync_folder(path.parent)

    def append(self, entry: Entry) -> None:
        values = {"scan_id": entry.scan_id, "registrant_id": entry.registrant_id,
                  "checked_in_at": entry.checked_in_at, "desk": entry.desk, "how": entry.how,
                  "session": entry.session}
        self._write_line([neutral(values.get(column, "")) for column in self.columns])
        self.entries.append(entry)

    def _write_line(self, cells: Iterable[str]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(list(cells))
        self._file.write(buffer.getvalue())
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()
        self._lock.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _repair(path: Path) -> int:
    """Cut a torn last line (no newline at the end) off the journal, keeping it in `<name>.torn`."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return 0
    if not size:
        return 0
    with open(path, "r+b") as file:
        file.seek(-1, os.SEEK_END)
        if file.read(1) == b"\n":
            return 0
        file.seek(0)
        whole = file.read()
        keep = whole.rfind(b"\n") + 1
        torn = whole[keep:]
        state.append_line(path.with_name(path.name + ".torn"), torn)
        file.truncate(keep)
        file.flush()
        os.fsync(file.fileno())
        return len(torn)


def read(path: Path) -> tuple[tuple[str, ...], list[Entry]]:
    """(columns, entries) of a journal or a phone's export; ([], []) for a file that does not exist.

    Lines without a registrant are skipped (`confkit check` reports them); a journal without scan ids
    (an older confkit's, or typed by hand) gets ids derived from each line, stable between reads."""
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except FileNotFoundError:
        return (), []
    return parse(text, path.name)


def parse(text: str, name: str) -> tuple[tuple[str, ...], list[Entry]]:
    header = text.splitlines()[0] if text.strip() else ""
    delimiter = max((",", ";", "\t"), key=header.count) if header else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = tuple(cell.strip().lower() for cell in next(rows, []))
    if columns and ("registrant_id" not in columns or "checked_in_at" not in columns):
        raise UserError("journal_header", f"{name}:1", found=", ".join(columns)[:120] or "—")
    entries = []
    for number, cells in enumerate(rows, start=2):
        values = dict(zip(columns, (_plain(cell.strip()) for cell in cells)))
        if not values.get("registrant_id"):
            continue
        scan_id = values.get("scan_id") or _derived_id(values)
        entries.append(Entry(scan_id, values["registrant_id"], values.get("checked_in_at", ""),
                             values.get("desk", ""), values.get("how", ""), values.get("session", "")))
    return columns, entries


def _derived_id(values: dict) -> str:
    """A line without scan id is known by what it says: the same line read twice is one scan."""
    key = "\n".join(values.get(column, "") for column in ("registrant_id", "checked_in_at", "desk", "session"))
    return "line-" + uuid.uuid5(uuid.NAMESPACE_URL, key).hex


def first_arrivals(entries: Iterable[Entry], session: str = "") -> dict[str, Entry]:
    """Registrant -> their first admission (at the door, or to `session`): the first arrival wins."""
    first: dict[str, Entry] = {}
    for entry in entries:
        if entry.session != session:
            continue
        known = first.get(entry.registrant_id)
        if known is None or _order(entry) < _order(known):
            first[entry.registrant_id] = entry
    return first


def _order(entry: Entry) -> tuple:
    moment = entry.moment
    return (moment.timestamp() if moment and moment.tzinfo else float("inf"), entry.scan_id)


def doubles(entries: Iterable[Entry]) -> Iterator[tuple[Entry, Entry]]:
    """(first, later) for each admission of a person already admitted (at the door, or to the same
    session) by another scan: two desks let the same badge in, or one desk was asked twice."""
    first: dict[tuple[str, str], Entry] = {}
    for entry in sorted(entries, key=_order):
        key = (entry.registrant_id, entry.session)
        if key in first:
            yield first[key], entry
        else:
            first[key] = entry
