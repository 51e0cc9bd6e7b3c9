"""The recap website as a visitor meets it: served on 127.0.0.1 and opened from file://, in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest

from confkit import workbook
from conftest import SAMPLE, run

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")  # a copy: the calendars keep state in the event folder
    shutil.copytree(SAMPLE, root / "event", ignore=shutil.ignore_patterns(".confkit"))
    out = root / "out"  # as `confkit build` makes it: with the programme's PDF and the calendar
    assert run("build", root / "event", "-o", out, "--only", "programme,calendars,site").exit_code == 0
    return out / "site"


@pytest.fixture(scope="module")
def served(site):
    from confkit.site import serving

    server = serving.server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def _crawl(browser, start: str, width: int = 1280, axe: bool = False) -> dict[str, dict]:
    """Every page reachable from `start` by its links: what a visitor meets on each."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors, failed = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    seen, queue, found, files = set(), [start], {}, []
    try:
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            page.goto(url)
            page.wait_for_load_state("load")
            links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
            anchors = page.eval_on_selector_all("[id]", "es => es.map(e => e.id)")
            images = page.eval_on_selector_all("img", "is => is.map(i => i.complete && i.naturalWidth > 0)")
            found[url] = {"title": page.title(), "links": links, "ids": anchors, "images": images,
                          "overflow": page.evaluate("document.documentElement.scrollWidth - innerWidth"),
                          "axe": _axe(page) if axe else []}
            for href in links:
                target, _fragment = urldefrag(urljoin(url, href))
                if target.startswith(start.rsplit("/", 1)[0]) and target not in seen:
                    if target.endswith(".html"):
                        queue.append(target)
                    else:
                        files.append(target)
    finally:
        context.close()
    return {"pages": found, "errors": errors, "failed": failed, "files": sorted(set(files))}


def _axe(page) -> list:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _internal(url: str, href: str) -> bool:
    return not re.match(r"^[a-z]+:", href) or href.startswith(url.split("/site/")[0])


@pytest.mark.parametrize("how", ["http", "file"])
def test_every_page_is_reached_and_every_link_and_anchor_resolves(browser, site, served, how):
    start = served + "index.html" if how == "http" else (site / "index.html").as_uri()
    crawl = _crawl(browser, start)
    pages = crawl["pages"]
    files = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert sorted(url.split("/", 3)[-1] if how == "http" else url.split("/site/")[-1] for url in pages) == files
    assert crawl["failed"] == [] and crawl["errors"] == []
    for url in crawl["files"]:  # the downloads linked from the pages are in the site too
        assert (site / (url.split("/", 3)[-1] if how == "http" else url.split("/site/")[-1])).is_file(), url
    for url, seen in pages.items():
        assert seen["title"] and all(seen["images"]), url
        for href in seen["links"]:
            target, fragment = urldefrag(urljoin(url, href))
            if fragment and target in pages:
                assert fragment in pages[target]["ids"], (url, href)
            if not re.match(r"^(https?|mailto):", href):
                assert not href.startswith("/"), (url, href)  # relative: works from file:// and a sub-path


@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_scrolls_sideways_or_has_a_serious_accessibility_fault(browser, site, served, width):
    crawl = _crawl(browser, served + "index.html", width, axe=True)
    assert {url: seen["overflow"] for url, seen in crawl["pages"].items() if seen["overflow"] > 0} == {}
    assert {url: seen["axe"] for url, seen in crawl["pages"].items() if seen["axe"]} == {}
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(served + "index.html")
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"site-home-{width}.png"), full_page=True)
    context.close()


def test_every_page_has_a_title_description_canonical_and_opengraph(site):
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for pattern in (r"<title>[^<]+</title>", r'<meta name="description" content="[^"]+">',
                        r'<link rel="canonical" href="https://[^"]+">', r'<meta property="og:title" content="[^"]+">',
                        r'<meta property="og:description" content="[^"]+">'):
            assert re.search(pattern, html), (path.name, pattern)


def test_no_email_and_no_unlisted_registrant_is_anywhere_in_the_site(site):
    event, _ = workbook.read(SAMPLE)
    everything = b"".join(_readable(path) for path in site.rglob("*") if path.is_file()).decode("utf-8", "replace")
    assert b"Bour" in _readable(site / "downloads" / "programme.pdf").split(b"%%EOF")[-1]  # the PDF's text too
    emails = [r.email for r in event.registrants if r.email] + [s.email for s in event.speakers if s.email]
    assert [email for email in emails if email in everything] == []
    speakers = {s.name for s in event.speakers}
    unlisted = [f"{r.first_name} {r.last_name}" for r in event.registrants
                if not r.listed and f"{r.first_name} {r.last_name}" not in speakers]
    assert unlisted and [name for name in unlisted if name in everything] == []


def _readable(path: Path) -> bytes:
    """A file's bytes, and a PDF's text too (its streams are compressed)."""
    if path.suffix != ".pdf":
        return path.read_bytes()
    return path.read_bytes() + subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True).stdout


def test_serve_refuses_a_folder_that_is_no_site_and_listens_on_loopback_only(tmp_path, site):
    from confkit.site import serving

    result = run("serve", tmp_path)
    assert result.exit_code == 1 and "index.html" in result.stderr and "Traceback" not in result.stderr
    server = serving.server(site, 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_workbook_markdown_cannot_run_or_fetch_anything_in_the_site(event, tmp_path):
    event.set("Sessions!I1", "abstract").set("Sessions!I2", '<script>alert(1)</script> [x](javascript:alert(2)) '
                                             '<img src=x onerror=alert(3)> ![t](http://127.0.0.1:9/t.png)')
    event.set("Speakers!F2", "[site](https://example.org) <iframe src=http://127.0.0.1:9/>")
    out = tmp_path / "out"
    assert run("site", event.write(), "-o", out).exit_code == 0
    pages = "".join(p.read_text(encoding="utf-8") for p in (out / "site").rglob("*.html"))
    assert "<script>alert" not in pages and "<img src=x" not in pages and "<iframe" not in pages
    assert 'href="javascript:' not in pages and 'src="http://127.0.0.1:9' not in pages
    assert 'href="https://example.org"' in pages


@pytest.mark.parametrize("width", [1280, 390])
def test_a_congress_programme_is_a_grid_of_rooms_readable_on_a_phone(browser, programmes, tmp_path, width):
    source, _out = programmes["rooms3"]
    out = tmp_path / "out"
    assert run("site", source, "-o", out).exit_code == 0
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto((out / "site" / "programme.html").as_uri())
    try:
        heads = page.locator(".room-head")
        assert heads.count() == 3 * 2 and heads.first.is_visible() == (width == 1280)
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
        assert _axe(page) == []
        links = page.locator(".grid .cell a")
        event, _ = workbook.read(source)
        assert links.count() == len(event.sessions)
    finally:
        context.close()
