"""The printed programme as a reader holds it: pages counted, read back as text, and kept as images."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from confkit import views, workbook
from confkit.public import public

ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
HOURS = re.compile(r"^\d\d:\d\d – \d\d:\d\d")


@pytest.fixture(scope="module")
def printed(programmes):
    """Each event, its programme.pdf's pages as text, and its OUT."""
    result = {}
    for name, (source, out) in programmes.items():
        event, _ = workbook.read(source)
        result[name] = (event, [page.extract_text() for page in PdfReader(out / "programme.pdf").pages], out)
    return result


def _squeezed(text: str) -> str:
    """Text without any space or line break: a title wrapped (or broken) in a table cell still matches."""
    return re.sub(r"\s+", "", text.replace("\u202f", " ").replace("\xa0", " "))


def _body_lines(page: str, event) -> list[str]:
    """A page's lines without the running head (the title) and the page number."""
    return [line for line in page.splitlines()
            if line.strip() and line.strip() != event.title and not re.fullmatch(r"Page \d+ / \d+", line.strip())]


def test_the_study_day_fits_two_a4_pages(printed):
    _event, pages, out = printed["sample"]
    reader = PdfReader(out / "programme.pdf")
    assert len(pages) == 2
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(595, 842)}


def test_the_study_day_names_its_room_its_speakers_and_what_the_organiser_wrote(printed):
    event, pages, _out = printed["sample"]
    text = _squeezed("".join(pages))
    room = event.rooms[0]
    for expected in [room.name, room.notes, "250places", event.description[:80]] + [
            s.bio[:60] for s in event.speakers if s.bio]:
        assert _squeezed(expected) in text


def test_the_booklet_fills_its_a5_pages(printed):
    """Four A5 pages, none blank: one A4 sheet printed on both sides, folded once."""
    from confkit.pdf import html as printing
    from confkit.programme import page
    from confkit.templates import environment

    event, _pages, out = printed["sample"]
    a5 = PdfReader(io.BytesIO(printing.pdf(page.html(event, environment(language=event.language), "A5", True))))
    assert len(a5.pages) == 4
    assert all(len(p.extract_text()) > 1200 for p in a5.pages)
    assert len(PdfReader(out / "programme-booklet.pdf").pages) == 2  # the sheet's two sides


@pytest.mark.parametrize("which", ["rooms8", "rooms3"])
def test_each_parallel_day_has_a_glance_page_holding_every_title_of_that_day(printed, which):
    event, pages, _out = printed[which]
    for day in views.days(public(event)):
        heading = f"The programme at a glance — {day.title}"
        glance = [page for page in pages if heading in page]
        assert len(glance) == 1, heading
        for view in day.sessions:
            assert _squeezed(view.session.title) in _squeezed(glance[0]), view.session.title


@pytest.mark.parametrize("which", ["rooms8", "rooms3"])
def test_no_detailed_page_begins_with_a_card_without_its_time_and_no_card_is_split(printed, which):
    event, pages, _out = printed[which]
    days = views.days(public(event))
    session_pages = []  # from the first page after the glance to the rooms and speakers, which follow
    for page in (page for page in pages if "The programme at a glance" not in page):
        lines = [line.strip() for line in _body_lines(page, event)]
        if "Rooms" in lines:
            session_pages += ["\n".join(lines[:lines.index("Rooms")])] if lines.index("Rooms") else []
            break
        session_pages.append(page)
    headings = {day.title for day in days}
    assert len(session_pages) >= len(days)  # each day begins a page
    for page in session_pages:
        first = _body_lines(page, event)[0].strip()
        assert HOURS.match(first) or first in headings, first
    text = [_squeezed(page) for page in session_pages]
    titles = [session.title for session in event.sessions]
    for session in (session for session in event.sessions if titles.count(session.title) == 1):
        card = _squeezed(session.title)
        where = [number for number, page in enumerate(text) if card in page]
        assert len(where) == 1, session.title  # on one page only: whole


def test_page_images_are_kept_as_artefacts(printed):
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils is not installed")
    ARTEFACTS.mkdir(exist_ok=True)
    for name in ("sample", "rooms8"):
        _event, pages, out = printed[name]
        prefix = ARTEFACTS / f"programme-{name}-page"
        for old in ARTEFACTS.glob(f"{prefix.name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(out / "programme.pdf"), str(prefix)], check=True)
        assert len(list(ARTEFACTS.glob(f"{prefix.name}-*.png"))) == len(pages)


def test_a_landscape_glance_page_is_turned_to_fit_its_half_of_the_booklet_sheet():
    """An A5 landscape page (a glance at eight rooms) on an A4 sheet's half: turned a quarter, inside."""
    from pypdf import PageObject

    from confkit.pdf.booklet import A4_LANDSCAPE, _placed

    width, height = A4_LANDSCAPE
    landscape = PageObject.create_blank_page(width=595.28, height=419.53)
    for half in (0, 1):
        corners = [_placed(landscape, half, width).apply_on(point)
                   for point in ((0, 0), (595.28, 0), (0, 419.53), (595.28, 419.53))]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        assert half * width / 2 - 0.01 <= min(xs) and max(xs) <= (half + 1) * width / 2 + 0.01
        assert -0.01 <= min(ys) and max(ys) <= height + 0.01
        assert round(max(ys) - min(ys)) == 595  # upright now: its long side runs down the sheet


def test_the_congress_booklet_keeps_every_glance_whole_on_one_page(printed):
    from confkit.pdf import html as printing
    from confkit.programme import page
    from confkit.templates import environment

    event, _pages, _out = printed["rooms8"]
    a5 = [p.extract_text() for p in PdfReader(io.BytesIO(printing.pdf(page.html(event, environment(), "A5", True)))).pages]
    for day in views.days(public(event)):
        glance = [text for text in a5 if f"The programme at a glance — {day.title}" in text]
        assert len(glance) == 1
        assert all(_squeezed(view.session.title) in _squeezed(glance[0]) for view in day.sessions)
