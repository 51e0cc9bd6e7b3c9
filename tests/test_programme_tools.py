"""The programme page's tools in a real browser (Debian's Chromium driven by Playwright): the room and kind
filter, "now and next", the starred agenda and its .ics; the page without JavaScript; axe-core.

The expectations come from the workbook (confkit.workbook.read), never from the page's own script.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from confkit import views, workbook
from confkit.invites import ics
from conftest import run

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "programme"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = ROOT / "test-artifacts"
WIDTHS = [1280, 390]
UTC = dt.UTC

browser_only = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


class Built:
    def __init__(self, source: Path, out: Path):
        self.event, _ = workbook.read(source)
        self.page = out / "programme.html"
        self.sessions = {s.id: s for s in self.event.sessions}

    def utc(self, moment: dt.datetime) -> dt.datetime:
        return moment.replace(tzinfo=self.event.zone).astimezone(UTC)

    def alone(self) -> set[str]:
        """Sessions during which no other runs: across every room's column, kept by a room filter."""
        return {s.id for s in self.event.sessions
                if not any(o is not s and o.start < s.end and s.start < o.end for o in self.event.sessions)}


@pytest.fixture(scope="module")
def built(programmes) -> dict[str, Built]:
    """The sample (French, one room), a 2-day 3-room congress and a 3-day 8-room one, each built once."""
    return {name: Built(source, out) for name, (source, out) in programmes.items()}


def _open(browser, built: Built, width: int, context=None, **options):
    context = context or browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1,
                                             accept_downloads=True, **options)
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return context, page


def _go(page, built: Built):
    page.goto(built.page.as_uri())
    page.wait_for_load_state("load")


def _shown(page) -> set[str]:
    """Ids of the session cards that take up room on the screen."""
    return set(page.evaluate("""Array.from(document.querySelectorAll('article.session'))
        .filter(card => card.getClientRects().length).map(card => card.dataset.session)"""))


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _star(page, ids):
    for session_id in ids:
        page.locator(f"article[data-session='{session_id}'] button.star").click()


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


# --- the files -----------------------------------------------------------------------------------------

def test_script_and_styles_carry_no_jinja_markup_and_the_tools_never_print():
    for name in ("script.js", "tools.css"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert not re.search(r"\{\{|\{%|\{#", text), name  # included by Jinja: it would be read as a template
        assert "</script" not in text.lower(), name
    css = (TEMPLATES / "tools.css").read_text(encoding="utf-8")
    printing = css[css.index("@media print"):]
    assert all(selector in printing for selector in (".tools", ".now", ".star"))
    assert (TEMPLATES / "script.js").read_text(encoding="utf-8").lstrip().startswith("/*")
    assert '"use strict";' in (TEMPLATES / "script.js").read_text(encoding="utf-8")


def test_the_vendored_axe_core_is_the_pinned_release():
    import hashlib

    readme = (AXE.parent / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(AXE.read_bytes()).hexdigest()
    assert digest in readme
    assert AXE.read_text(encoding="utf-8").startswith("/*! axe v4.10.2")
    assert "Mozilla Public License" in (AXE.parent / "LICENSE").read_text(encoding="utf-8")


# --- the filter ------------------------------------------------------------------------------------------

@browser_only
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["rooms3", "rooms8"])
def test_filter_by_room_and_kind_hides_exactly_the_right_cards(browser, built, which, width):
    b = built[which]
    context, page = _open(browser, b, width)
    try:
        _go(page, b)
        every = set(b.sessions)
        assert _shown(page) == every
        rooms = page.locator("#tools-room option").all_inner_texts()
        assert rooms[1:] == [r for r in views.room_order(b.event) if r]  # the Rooms sheet's order, as the grid
        alone = b.alone()
        assert alone and alone == set(page.evaluate(
            "Array.from(document.querySelectorAll('.cell.across article')).map(a => a.dataset.session)"))

        room = rooms[2]
        page.select_option("#tools-room", room)
        expected = {i for i, s in b.sessions.items() if s.room == room} | alone
        assert _shown(page) == expected != every
        # every hidden card takes its grid cell with it; the shown ones keep their room's column
        assert page.evaluate("""Array.from(document.querySelectorAll('article.session[hidden]'))
            .every(card => !card.parentElement.getClientRects().length)""")
        if width == 1280:
            head = page.locator(".room-head", has_text=re.compile(f"^{room}$")).first.bounding_box()
            for session_id in expected - alone:
                card = page.locator(f"#session-{session_id}").bounding_box()
                if card:  # on the first day's grid, and on the others
                    assert head["x"] - 1 <= card["x"] and card["x"] + card["width"] <= head["x"] + head["width"] + 1
        assert _overflow(page) <= 0

        page.select_option("#tools-kind", "keynote")
        assert _shown(page) == {i for i, s in b.sessions.items()
                                if s.kind == "keynote" and (s.room == room or i in alone)}
        page.select_option("#tools-room", "")
        keynotes = {i for i, s in b.sessions.items() if s.kind == "keynote"}
        assert _shown(page) == keynotes and keynotes
        page.select_option("#tools-kind", "talk")
        assert _shown(page) == {i for i, s in b.sessions.items() if s.kind == "talk"}
        assert _overflow(page) <= 0
        page.select_option("#tools-kind", "")
        assert _shown(page) == every
        assert page.errors == []
        if which == "rooms3":
            page.select_option("#tools-room", room)
            ARTEFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTEFACTS / f"tools-{which}-filtered-{width}.png"))
    finally:
        context.close()


@browser_only
def test_one_room_offers_no_room_filter_but_filters_kinds(browser, built):
    b = built["sample"]
    context, page = _open(browser, b, 390)
    try:
        _go(page, b)
        assert page.locator("#tools").is_visible()
        assert page.locator("#tools-room").count() == 0
        labels = page.locator("#tools-kind option").all_inner_texts()
        assert labels[0] == "Tous les types" and "Table ronde" in labels  # the page's language
        page.select_option("#tools-kind", "round_table")
        assert _shown(page) == {i for i, s in b.sessions.items() if s.kind == "round_table"}
        # the timeline's slot goes with its session: no time left alone
        assert page.evaluate("""Array.from(document.querySelectorAll('.slot'))
            .filter(slot => slot.getClientRects().length).every(slot => slot.querySelector('article:not([hidden])'))""")
    finally:
        context.close()


# --- the agenda ------------------------------------------------------------------------------------------

@browser_only
@pytest.mark.parametrize("width", WIDTHS)
def test_stars_persist_across_a_reload_and_only_my_agenda_shows_them(browser, built, width):
    b = built["rooms8"]
    chosen = ["s3", "s12", "k1"]
    context, page = _open(browser, b, width)
    try:
        _go(page, b)
        star = page.locator("#session-s3 button.star")
        assert star.get_attribute("aria-pressed") == "false"
        assert "Talk 3" in star.get_attribute("aria-label") and star.get_attribute("aria-label").startswith("Add to")
        box = star.bounding_box()
        assert box["width"] >= (44 if width == 390 else 32) and box["height"] >= (44 if width == 390 else 32)
        _star(page, chosen)
        assert page.locator(".tools-count").inner_text() == "3 session(s) starred"
        _star(page, ["s12"])  # and off again
        _star(page, ["s12"])
        page.reload()
        page.wait_for_load_state("load")
        pressed = set(page.evaluate("""Array.from(document.querySelectorAll('button.star[aria-pressed=true]'))
            .map(b => b.closest('article').dataset.session)"""))
        assert pressed == set(chosen)
        assert page.locator(".tools-count").inner_text() == "3 session(s) starred"
        keys = page.evaluate("Object.keys(localStorage)")
        assert len(keys) == 1 and b.event.id in keys[0]
        page.check("#tools-only")
        assert _shown(page) == set(chosen)
        page.select_option("#tools-room", "Room C")
        assert _shown(page) == {"s3", "k1"}  # k1, a keynote, runs alone
        assert _overflow(page) <= 0
        ARTEFACTS.mkdir(exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ARTEFACTS / f"tools-rooms8-agenda-{width}.png"))
    finally:
        context.close()
    other = browser.new_context()
    try:  # another event in the same browser has its own agenda
        page = other.new_page()
        _go(page, built["sample"])
        assert page.locator("button.star[aria-pressed=true]").count() == 0
    finally:
        other.close()


def _download(page) -> bytes:
    with page.expect_download() as info:
        page.click("#tools-download")
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    return Path(download.path()).read_bytes()


def _check_lines(data: bytes):
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    text = data.decode("utf-8")  # folding never splits a character
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    return text


@browser_only
@pytest.mark.parametrize("which", ["sample", "rooms8"])
def test_the_downloaded_ics_holds_exactly_the_starred_sessions(browser, built, which):
    b = built[which]
    chosen = ["ouverture", "communaute", "e-reputation"] if which == "sample" else ["s1", "s40", "k2", "s140"]
    context, page = _open(browser, b, 1280)
    try:
        _go(page, b)
        assert page.locator("#tools-download").is_disabled()
        _star(page, chosen)
        before = dt.datetime.now(UTC).replace(microsecond=0)
        data = _download(page)
        assert page.errors == []
    finally:
        context.close()
    _check_lines(data)
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == len(chosen)
    for component in events:
        assert str(component["uid"]).startswith("session.")
    by_uid = {str(e["uid"]): e for e in events}
    assert set(by_uid) == {ics.session_uid(b.event, i) for i in chosen}  # the calendars' own UIDs
    for session_id in chosen:
        session, component = b.sessions[session_id], by_uid[ics.session_uid(b.event, session_id)]
        assert component["dtstart"].dt == b.utc(session.start) and component["dtstart"].dt.tzinfo is not None
        assert component["dtend"].dt == b.utc(session.end)
        assert _plain(str(component["summary"])) == session.title
        assert str(component["location"]) == session.room
        assert before - dt.timedelta(seconds=5) <= component["dtstamp"].dt <= dt.datetime.now(UTC)
    assert re.search(r"^DTSTART:\d{8}T\d{6}Z\r$", data.decode(), re.M)


@browser_only
def test_the_ics_escapes_folds_and_uses_the_uid_of_an_event_id_that_is_no_host_name(browser, event, tmp_path):
    title = "Réseaux, usages; et \\ limites : une très longue intervention sur l’e-réputation des CCI ★"
    event.set("Event!B7", "Journée_2010").set("Sessions!A3", "Été.2").set("Sessions!F3", title)
    event.set("Sessions!D3", "Salle 1, étage 2")
    out = tmp_path / "out"
    assert run("programme", event.write(), "-o", out).exit_code == 0
    b = Built(event.folder, out)
    assert b.event.id == "Journée_2010"
    context, page = _open(browser, b, 390)
    try:
        _go(page, b)
        _star(page, ["s1", "Été.2"])
        data = _download(page)
    finally:
        context.close()
    text = _check_lines(data)
    assert "Réseaux\\, usages\\; et \\\\ limites" in text.replace("\r\n ", "")
    assert "LOCATION:Salle 1\\, étage 2" in text
    assert re.search(rb"\r\n [^\r]", data)  # the long summary was folded
    events = {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    assert set(events) == {ics.session_uid(b.event, "s1"), ics.session_uid(b.event, "Été.2")}
    uid = ics.session_uid(b.event, "Été.2")
    assert re.search(r"^session\.%C3%89t%C3%A9\.2@journ-e-2010-[0-9a-f]{8}\.confkit$", uid)  # the hashed host
    assert str(events[ics.session_uid(b.event, "Été.2")]["summary"]) == title
    assert str(events[ics.session_uid(b.event, "Été.2")]["location"]) == "Salle 1, étage 2"


# --- now and next ------------------------------------------------------------------------------------------

def _now_links(page, heading: str) -> list[str]:
    return page.evaluate("""heading => {
        const part = Array.from(document.querySelectorAll('#now .now-part'))
            .find(p => p.querySelector('h2').textContent === heading);
        return part ? Array.from(part.querySelectorAll('a'), a => a.getAttribute('href')) : [];
    }""", heading)


@browser_only
@pytest.mark.parametrize("width", WIDTHS)
def test_now_and_next_show_the_running_and_coming_sessions_and_refresh(browser, built, width):
    b = built["rooms3"]
    sessions = b.event.sessions
    moment = b.utc(min(s.start for s in sessions)) + dt.timedelta(minutes=80)

    def expect(at: dt.datetime):
        running = sorted(s.id for s in sessions if b.utc(s.start) <= at < b.utc(s.end))
        later = [s for s in sessions if b.utc(s.start) > at]
        soonest = min(b.utc(s.start) for s in later)
        return running, sorted(s.id for s in later if b.utc(s.start) == soonest)

    context, page = _open(browser, b, width)
    try:
        page.clock.install(time=moment)
        _go(page, b)
        running, coming = expect(moment)
        assert running and coming
        assert page.locator("#now").is_visible()
        assert sorted(h.removeprefix("#session-") for h in _now_links(page, "Now")) == running
        assert sorted(h.removeprefix("#session-") for h in _now_links(page, "Next")) == coming
        assert _overflow(page) <= 0
        ARTEFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / f"tools-rooms3-now-{width}.png"))
        # a link to a session that the filter hides shows the programme whole again
        page.select_option("#tools-room", b.sessions[coming[0]].room)
        hidden = next(i for i in coming if i not in _shown(page))
        page.click(f"#now a[href='#session-{hidden}']")
        assert hidden in _shown(page)
        # a minute later, and then an hour later
        page.clock.run_for(60 * 1000)
        assert sorted(h.removeprefix("#session-") for h in _now_links(page, "Now")) == running
        page.clock.run_for(60 * 60 * 1000)
        later = moment + dt.timedelta(minutes=61)
        shown = (sorted(h.removeprefix("#session-") for h in _now_links(page, "Now")),
                 sorted(h.removeprefix("#session-") for h in _now_links(page, "Next")))
        assert shown == expect(later) != (running, coming)
        assert page.errors == []
    finally:
        context.close()


@browser_only
@pytest.mark.parametrize("offset", ["before", "after"])
def test_now_and_next_stay_hidden_outside_the_event(browser, built, offset):
    b = built["rooms3"]
    first = b.utc(min(s.start for s in b.event.sessions))
    last = b.utc(max(s.end for s in b.event.sessions))
    moment = first - dt.timedelta(minutes=1) if offset == "before" else last
    context, page = _open(browser, b, 1280)
    try:
        page.clock.set_fixed_time(moment)
        _go(page, b)
        assert page.locator("#tools").is_visible()
        assert not page.locator("#now").is_visible()
        assert page.locator("#now a").count() == 0
    finally:
        context.close()
    context, page = _open(browser, b, 1280)
    try:  # the first minute of the event shows it
        page.clock.set_fixed_time(first)
        _go(page, b)
        assert page.locator("#now").is_visible()
        assert [h.removeprefix("#session-") for h in _now_links(page, "Now")] == [
            s.id for s in b.event.sessions if b.utc(s.start) == first]
    finally:
        context.close()


# --- the page alone ------------------------------------------------------------------------------------------

@browser_only
def test_the_page_makes_no_request_but_its_own_file(browser, built):
    b = built["rooms8"]
    context, page = _open(browser, b, 390)
    try:
        page.clock.install(time=b.utc(b.event.sessions[3].start))
        _go(page, b)
        _star(page, ["s1", "k1"])
        page.select_option("#tools-room", "Room B")
        page.check("#tools-only")
        page.uncheck("#tools-only")
        _download(page)
        page.reload()
        page.wait_for_load_state("load")
        page.clock.run_for(120 * 1000)
        others = [url for url in page.requests if url != b.page.as_uri() and not url.startswith("blob:")]
        assert others == [] and page.requests.count(b.page.as_uri()) == 2
        assert page.errors == []
    finally:
        context.close()


@browser_only
@pytest.mark.parametrize("which", ["sample", "rooms8"])
def test_without_javascript_every_session_shows_and_no_tool(browser, built, which):
    b = built[which]
    context, page = _open(browser, b, 390, java_script_enabled=False)
    try:
        _go(page, b)
        assert _shown(page) == set(b.sessions)
        assert not page.locator("#tools").is_visible() and not page.locator("#now").is_visible()
        assert page.locator("button, select, input").count() == 0
        assert _overflow(page) <= 0
    finally:
        context.close()


@browser_only
def test_the_tools_do_not_print(browser, built):
    b = built["rooms3"]
    context, page = _open(browser, b, 1280)
    try:
        page.clock.set_fixed_time(b.utc(b.event.sessions[3].start))
        _go(page, b)
        _star(page, ["s1"])
        assert page.locator("#now").is_visible() and page.locator("button.star").first.is_visible()
        page.emulate_media(media="print")
        assert not page.locator("#tools").is_visible() and not page.locator("#now").is_visible()
        assert not page.locator("button.star").first.is_visible()
        assert _shown(page) == set(b.sessions)
    finally:
        context.close()


# --- accessibility ----------------------------------------------------------------------------------------------

def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"rule": v["id"], "impact": v["impact"], "nodes": tuple(tuple(n["target"]) for n in v["nodes"])[:5]}
            for v in result["violations"]]


@browser_only
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["sample", "rooms8"])
def test_axe_core_finds_no_serious_or_critical_violation_with_the_tools_active(browser, built, which, width):
    b = built[which]
    context, page = _open(browser, b, width)
    try:
        page.clock.set_fixed_time(b.utc(b.event.sessions[4].start))
        _go(page, b)
        _star(page, [s.id for s in b.event.sessions if s.kind not in ("break", "meal")][:3])
        assert page.locator("#tools").is_visible() and page.locator("#now").is_visible()
        violations = _axe(page)
        ARTEFACTS.mkdir(exist_ok=True)
        (ARTEFACTS / f"axe-{which}-{width}.json").write_text(json.dumps(violations, indent=1), encoding="utf-8")
        assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
    finally:
        context.close()


@browser_only
def test_axe_core_does_find_a_violation_when_there_is_one(browser, built):
    """The check above can fail: a star button without a name is caught."""
    b = built["sample"]
    context, page = _open(browser, b, 1280)
    try:
        _go(page, b)
        page.evaluate("const star = document.querySelector('button.star'); star.removeAttribute('aria-label');"
                      "star.removeAttribute('title')")
        assert "button-name" in {v["rule"] for v in _axe(page) if v["impact"] in ("serious", "critical")}
    finally:
        context.close()
