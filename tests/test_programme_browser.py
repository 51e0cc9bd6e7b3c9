"""programme.html in a real browser (Debian's Chromium driven by Playwright), on a laptop and a phone."""

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from confkit import workbook

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def built(programmes):
    return programmes


def _open(browser, page_path: Path, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    return context, page, requests


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("which", ["sample", "rooms8", "rooms3"])
def test_programme_page_shows_every_session_without_horizontal_scroll(browser, built, which, width):
    source, out = built[which]
    event, _ = workbook.read(source)
    context, page, requests = _open(browser, out / "programme.html", width)
    try:
        shown = page.locator("article.session h3").all_inner_texts()
        assert sorted(t.replace("\u202f", " ").replace("\xa0", " ") for t in shown) == sorted(
            s.title for s in event.sessions)
        assert all(page.locator("article.session h3").nth(i).is_visible() for i in range(len(shown)))
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        assert requests == [(out / "programme.html").as_uri()]  # self-contained: no other request
        ARTEFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / f"programme-{which}-{width}.png"), full_page=which == "sample")
    finally:
        context.close()


def _box(locator) -> dict:
    box = locator.bounding_box()
    assert box, "not laid out"
    return box


@pytest.mark.parametrize("which", ["rooms8", "rooms3"])
def test_every_session_sits_in_its_rooms_column_and_its_starting_row(browser, built, which):
    """At 1280 px: under its room's header (or across all of them when nothing runs beside it), level
    with the time it starts at, with its own start and end written on it."""
    source, out = built[which]
    event, _ = workbook.read(source)
    hours = {s.id: f"{s.start:%H:%M} – {s.end:%H:%M}" for s in event.sessions}
    context, page, _ = _open(browser, out / "programme.html", 1280)
    try:
        checked = 0
        for day in page.locator("section.day").all():
            heads = {head.inner_text(): _box(head) for head in day.locator(".room-head").all()}
            times = {time.inner_text(): _box(time) for time in day.locator(".row-time").all()}
            assert list(heads) == [name for name in event.room_names if name in heads] and len(heads) == min(
                len(event.room_names), 8)
            left = min(h["x"] for h in heads.values())
            right = max(h["x"] + h["width"] for h in heads.values())
            for cell in day.locator(".cell").all():
                article, box = cell.locator("article.session"), _box(cell)
                session = article.get_attribute("data-session")
                if "across" in cell.get_attribute("class"):
                    span = (left, right)
                else:
                    head = heads[article.get_attribute("data-room")]
                    span = (head["x"], head["x"] + head["width"])
                assert abs(box["x"] - span[0]) < 1.5 and abs(box["x"] + box["width"] - span[1]) < 1.5, session
                assert abs(box["y"] - times[hours[session][:5]]["y"]) < 1.5, session
                shown = article.locator(".when .hours")
                assert shown.is_visible() and shown.inner_text() == hours[session]
                checked += 1
        assert checked == len(event.sessions)
    finally:
        context.close()


@pytest.mark.parametrize("which", ["rooms8", "rooms3"])
def test_on_a_phone_the_grid_stacks_by_time_with_the_room_on_each_card(browser, built, which):
    source, out = built[which]
    event, _ = workbook.read(source)
    context, page, _ = _open(browser, out / "programme.html", 390)
    try:
        assert not page.locator(".room-head").first.is_visible()
        tops = []
        for article in page.locator(".grid article.session").all():
            room = article.get_attribute("data-room")
            if room:
                label = article.locator(".room-label")
                assert label.is_visible() and label.inner_text() == room
            assert article.locator(".when .hours").is_visible()
            tops.append((article.get_attribute("data-start"), _box(article)["y"]))
        assert [start for start, _y in sorted(tops, key=lambda pair: pair[1])] == sorted(start for start, _ in tops)
    finally:
        context.close()


def test_a_one_room_day_is_a_timeline_naming_its_room_once(browser, built):
    _source, out = built["sample"]
    context, page, _ = _open(browser, out / "programme.html", 1280)
    try:
        assert page.locator(".grid").count() == 0
        assert page.locator("section.day h2").inner_text().endswith("· Amphithéâtre Bordeaux")
        assert page.locator("article.session .room-label").count() == 0
        assert page.locator(".slot .time").first.inner_text() == "09:00 – 09:30"
    finally:
        context.close()


def test_programme_page_prints_on_a4_pages(browser, built):
    _source, out = built["sample"]
    context, page, _ = _open(browser, out / "programme.html", 1280)
    try:
        page.emulate_media(media="print")
        printed = page.pdf(prefer_css_page_size=True)
    finally:
        context.close()
    reader = PdfReader(io.BytesIO(printed))
    assert len(reader.pages) >= 2
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(595, 842)}
    (ARTEFACTS / "programme-sample-print.pdf").write_bytes(printed)
