"""programme.html in a real browser (Debian's Chromium driven by Playwright), on a laptop and a phone."""

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from confkit import workbook
from conftest import run

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample and the synthetic congress, each built once."""
    from confkit import synthetic

    root = tmp_path_factory.mktemp("programmes")
    congress = root / "congress"
    congress.mkdir()
    synthetic.write(congress / "event.xlsx", registrants=20, rooms=8, days=3)
    sample = Path(__file__).resolve().parent.parent / "sample_event"
    for name, source in (("sample", sample), ("congress", congress)):
        assert run("programme", source, "-o", root / name / "out").exit_code == 0
    return {"sample": (sample, root / "sample" / "out"), "congress": (congress, root / "congress" / "out")}


def _open(browser, page_path: Path, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    return context, page, requests


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("which", ["sample", "congress"])
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
