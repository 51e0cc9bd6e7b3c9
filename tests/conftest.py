"""Inline workbook fixtures: a small clean event, changed cell by cell in each test."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from confkit.cli import app
from confkit.writing import write_ods, write_xlsx

pytest_plugins = ["smtp_server"]  # the real SMTP server fixtures, for every test module

BASE = {
    "Event": [["field", "value"], ["title", "Study day"], ["start_date", dt.date(2010, 10, 19)],
              ["timezone", "Europe/Paris"], ["language", "en"], ["organiser_email", "contact@example.org"],
              ["id", "study-day-2010"]],
    "Speakers": [["id", "first_name", "last_name", "job_title", "organisation", "bio", "photo"],
                 ["bour", "Ludovic", "Bour", "Head of innovation", "ACFCI", "Organiser.", "photos/bour.jpg"],
                 ["avocat", "", "", "Lawyer", "Cabinet Bensussan", "A lawyer.", "photos/avocat.jpg"]],
    "Sessions": [["id", "start", "end", "room", "kind", "title", "speakers", "moderator"],
                 ["s1", "09:30", "10:15", "Hall", "talk", "Opening", "bour", ""],
                 ["s2", "10:30", "11:30", "Hall", "round_table", "E-reputation", "avocat", "bour"]],
    "Registrants": [["first_name", "last_name", "email", "organisation", "category", "listed"],
                    ["Zoé", "Durand", "zoe.durand@cci-paris.fr", "CCI Paris", "participant", "yes"],
                    ["Jean", "Dupont", "jean.dupont@cci-nice.fr", "CCI Nice", "press", "no"]],
}


def photo(path: Path, colour: str, size: tuple[int, int] = (600, 800)) -> Path:
    """A real JPEG portrait (a plain colour): the programme decodes and shrinks speakers' photos."""
    from PIL import Image

    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


class EventFolder:
    """An event folder whose workbook the test edits before writing it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.sheets = copy.deepcopy(BASE)
        (folder / "photos").mkdir(parents=True)
        for name, colour in (("bour.jpg", "#1F4E79"), ("avocat.jpg", "#C0392B")):
            photo(folder / "photos" / name, colour)

    def set(self, cell: str, value) -> EventFolder:
        """Set `Sheet!B3` (A1 notation), growing the sheet as needed."""
        sheet, ref = cell.split("!")
        column = ord(ref[0]) - 65
        row = int(ref[1:]) - 1
        rows = self.sheets[sheet]
        while len(rows) <= row:
            rows.append([])
        while len(rows[row]) <= column:
            rows[row].append("")
        rows[row][column] = value
        return self

    def write(self, suffix: str = ".xlsx") -> Path:
        path = self.folder / f"event{suffix}"
        (write_ods if suffix == ".ods" else write_xlsx)(path, self.sheets)
        return self.folder


@pytest.fixture
def event(tmp_path) -> EventFolder:
    return EventFolder(tmp_path / "event")


def run(*args: str):
    """Run the CLI in-process; a user mistake must never end in a traceback."""
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result
