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


# --- Programmes built once for the page, print and browser tests ---------------------------------

SAMPLE = Path(__file__).resolve().parent.parent / "sample_event"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def programmes(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """(event folder, OUT) of `confkit programme --booklet` for the sample (French, one room), a 2-day
    3-room congress (`rooms3`) and a 3-day 8-room one (`rooms8`), with keynotes, breaks and a workshop."""
    from confkit import synthetic

    root = tmp_path_factory.mktemp("programmes")
    sources = {"sample": SAMPLE}
    for name, rooms, days in (("rooms3", 3, 2), ("rooms8", 8, 3)):
        sources[name] = root / name
        sources[name].mkdir()
        synthetic.write(sources[name] / "event.xlsx", registrants=20, rooms=rooms, days=days, plenaries=True)
    for name, source in sources.items():
        assert run("programme", source, "-o", root / name / "out", "--booklet").exit_code == 0
    return {name: (source, root / name / "out") for name, source in sources.items()}


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`: nothing is downloaded)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()
