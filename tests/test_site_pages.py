"""What the recap site's pages hold beyond their crawl: highlights, downloads, share links, arrivals,
and a cache that keeps one site's worth of cards."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from confkit import state, workbook
from confkit.site import attendance, cards, pages
from conftest import SAMPLE, run


def _built(folder, out, *args) -> dict:
    result = run(*args, folder, "-o", out)
    assert result.exit_code == 0, result.output
    return {p.relative_to(out / "site").as_posix(): p.read_bytes() for p in (out / "site").rglob("*") if p.is_file()}


def test_the_home_page_gives_the_day_in_numbers_and_the_recaps_highlights(tmp_path):
    site = _built(SAMPLE, tmp_path / "out", "site")
    home = site["index.html"].decode()
    event, _ = workbook.read(SAMPLE)
    with_recap = [s for s in sorted(event.sessions, key=lambda s: s.start) if s.recap]
    shown = re.findall(r'<h3><a href="sessions/([^"]+)\.html">', home.split('class="highlights"')[1])
    assert len(with_recap) > 4 and shown == [s.id for s in with_recap[:4]]
    figures = attendance.summary(event, attendance.read_checkins(event))
    for number, word in ((figures.attended, "présents"), (figures.organisations, "organismes"),
                         (figures.cities, "villes")):
        assert f"<strong>{number}</strong> {word}" in home
    assert figures.attended == 185 and figures.cities > 1


def test_downloads_are_the_files_the_same_build_writes(event, tmp_path):
    folder = event.set("Event!A9", "base_url").set("Event!B9", "https://example.org/day/").write()
    out = tmp_path / "out"
    site = _built(folder, out, "build", "--only", "programme,calendars,site")
    assert site["downloads/programme.pdf"] == (out / "programme.pdf").read_bytes()
    assert site["downloads/event.ics"] == (out / "calendar" / "event.ics").read_bytes()
    links = site["links.html"].decode()
    for name in ("programme.pdf", "event.ics", "schedule.xml", "schedule.json"):
        assert f'href="downloads/{name}"' in links
    alone = _built(folder, tmp_path / "alone", "site")  # built alone: the feeds, not the other outputs' files
    assert "downloads/programme.pdf" not in alone and "downloads/event.ics" not in alone
    assert alone["downloads/schedule.xml"] == site["downloads/schedule.xml"]
    assert 'href="downloads/programme.pdf"' not in alone["links.html"].decode()


def test_share_links_are_plain_links_to_the_pages_own_address(event, tmp_path):
    folder = (event.set("Event!A9", "base_url").set("Event!B9", "https://example.org/day/")
              .set("Event!A10", "hashtag").set("Event!B10", "#day2010").write())
    site = _built(folder, tmp_path / "out", "site")
    page = site["sessions/s2.html"].decode()
    links = [unescape(href) for href in re.findall(r'<p class="share">(.*?)</p>', page, re.S)[0].split('href="')[1:]]
    targets = [urlsplit(link.split('"')[0]) for link in links]
    assert {t.netloc for t in targets} == {"www.linkedin.com", "bsky.app", "x.com", "www.facebook.com", ""}
    address = "https://example.org/day/site/sessions/s2.html"
    assert parse_qs(targets[0].query)["url"] == [address] and parse_qs(targets[3].query)["u"] == [address]
    assert parse_qs(targets[2].query)["text"] == ["E-reputation — Study day #day2010"]
    assert targets[4].scheme == "mailto" and parse_qs(targets[4].query)["body"] == [address]
    scripts = [name for name, html in site.items() if name.endswith(".html")
               and re.search(r"<script(?! type=\"application/ld\+json\")", html.decode())]
    assert scripts == []  # data for machines only: no script runs
    without = _built(event.set("Event!B9", "").write(), tmp_path / "none", "site")  # no address: nothing to share
    assert all(b'class="share"' not in html for name, html in without.items() if name.endswith(".html"))


def test_arrivals_are_drawn_as_bars_with_their_numbers(tmp_path):
    site = _built(SAMPLE, tmp_path / "out", "site")
    page = site["attendance.html"].decode()
    event, _ = workbook.read(SAMPLE)
    spans = attendance.summary(event, attendance.read_checkins(event)).arrivals.spans
    chart = re.search(r'<svg[^>]*id="arrivals-chart".*?</svg>', page, re.S).group(0)
    assert len(spans) > 3 and chart.count('class="bar"') == sum(1 for s in spans if s.count)
    assert [int(v) for v in re.findall(r'class="value"[^>]*>(\d+)<', chart)] == [s.count for s in spans]
    assert 'role="img"' in chart and '<title id="arrivals-chart-title">Arrivées</title>' in chart


def test_the_cache_keeps_what_the_last_build_used_and_no_more(event, tmp_path):
    folder = event.write()
    state.State(folder).cache.mkdir(parents=True)
    (state.State(folder).cache / "notes.txt").write_text("not ours")
    _built(folder, tmp_path / "one", "site")
    cache = state.State(folder).cache
    first = {p.name for p in cache.iterdir()}
    for entry in cache.iterdir():  # as if the build were a day old
        if entry.name != "notes.txt":
            import os
            os.utime(entry, (entry.stat().st_atime - 86400, entry.stat().st_mtime - 86400))
    _built(event.set("Sessions!F3", "E-reputation, revisited").write(), tmp_path / "two", "site")
    second = {p.name for p in cache.iterdir()}
    assert len(second) == len(first) and "notes.txt" in second and len(first - second) == 1
    assert cards.prune(None, 0) == 0 and cards.prune(tmp_path / "missing", 0) == 0


def test_share_links_need_a_public_address():
    assert pages.share_links("", "Title", "#tag", "By email") == ()
    links = dict(pages.share_links("https://example.org/a b.html", "T & U", "", "By email"))
    assert "url=https%3A%2F%2Fexample.org%2Fa%20b.html" in links["LinkedIn"]
    assert links["By email"] == "mailto:?subject=T%20%26%20U&body=https%3A%2F%2Fexample.org%2Fa%20b.html"


def test_slides_kept_in_the_event_folder_are_offered_from_the_site(event, tmp_path):
    event.set("Sessions!I1", "slides").set("Sessions!I2", "slides/Opening.PDF").set("Sessions!I3", "https://example.org/s.pdf")
    folder = event.write()
    (folder / "slides").mkdir()
    (folder / "slides" / "Opening.PDF").write_bytes(b"%PDF-1.4 the opening's slides")
    site = _built(folder, tmp_path / "out", "site")
    assert site["downloads/slides/s1.pdf"] == b"%PDF-1.4 the opening's slides"
    assert 'href="../downloads/slides/s1.pdf" download' in site["sessions/s1.html"].decode()
    assert 'href="https://example.org/s.pdf" rel="nofollow noopener"' in site["sessions/s2.html"].decode()
    assert 'href="downloads/slides/s1.pdf" download>Opening<' in site["links.html"].decode()
    assert "Opening.PDF" not in "".join(html.decode() for name, html in site.items() if name.endswith(".html"))


def test_the_built_site_s_json_ld_atom_and_sitemap_parse_and_agree_with_its_pages(tmp_path):
    import json
    import xml.etree.ElementTree as ET

    site = _built(SAMPLE, tmp_path / "out", "site")
    html = site["index.html"].decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    for key in ("name", "startDate", "endDate", "location", "organizer", "image", "eventStatus",
                "eventAttendanceMode", "subEvent", "performer", "description"):
        assert data.get(key), key
    assert data["location"]["address"]["addressLocality"] == "Paris"
    event, _ = workbook.read(SAMPLE)
    assert len(data["subEvent"]) == len(event.sessions)
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(site["recaps.atom"])
    assert len(feed.findall(f"{atom}entry")) == sum(1 for s in event.sessions if s.recap)
    urls = ET.fromstring(site["sitemap.xml"]).findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url")
    listed = {u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for u in urls}
    pages_built = {name for name in site if name.endswith(".html")}
    assert listed == {event.base_url + "site/" + name for name in pages_built}
    assert all(u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod") for u in urls)
