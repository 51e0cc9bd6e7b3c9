"""The offline phone scanner (OUT/checkin/index.html) as a volunteer meets it: opened from file:// in
Debian's Chromium with the network off, badges typed into its manual field or shown to a fake camera.

Expectations come from Python (confkit.badges.tokens, confkit.checkin.roster), never from the page's
own script; each verification case runs through WebCrypto's Ed25519 and through the vendored
noble-ed25519 (WebCrypto's Ed25519 taken away by an init script, as an older browser lacks it).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import numpy as np
import pytest

from confkit import workbook
from confkit.badges import tokens
from confkit.checkin import journal, roster, scanner
from confkit.state import new_key
from confkit.templates import environment
from conftest import CHROMIUM, SAMPLE, run

ROOT = Path(__file__).resolve().parent.parent
ARTEFACTS = ROOT / "test-artifacts"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PASSPHRASE = "verveine menthe 1789"
HEADER = "scan_id,registrant_id,checked_in_at,desk,how,session"
# 2010-10-19 08:42:05 in Paris (UTC+2 that day): the study day's morning
ARRIVAL = dt.datetime(2010, 10, 19, 6, 42, 5, tzinfo=dt.UTC)
EMAIL = re.compile(rb"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# What an older browser has: WebCrypto, but no Ed25519 in it.
WITHOUT_ED25519 = """
(() => {
  const refuse = (algorithm) => /^ed25519$/i.test(typeof algorithm === 'string' ? algorithm : (algorithm && algorithm.name) || '');
  const importKey = SubtleCrypto.prototype.importKey;
  SubtleCrypto.prototype.importKey = function (format, key, algorithm, ...rest) {
    if (refuse(algorithm)) return Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'));
    return importKey.call(this, format, key, algorithm, ...rest);
  };
  const verify = SubtleCrypto.prototype.verify;
  SubtleCrypto.prototype.verify = function (algorithm, ...rest) {
    if (refuse(algorithm)) return Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'));
    return verify.call(this, algorithm, ...rest);
  };
})();
"""
ENGINES = {"webcrypto": None, "noble": WITHOUT_ED25519}


class Sample:
    """The sample study day (French), its key and roster, and its scanner pages written to disk."""

    def __init__(self, folder: Path):
        self.event, _ = workbook.read(SAMPLE)
        self.key = new_key()
        self.people = roster.roster(self.event)
        self.env = environment(language=self.event.language)
        self.labels = scanner.labels("fr")
        self.reissued = self.people[0]
        self.pages = {}
        for name, editions, passphrase in (("plain", {}, None), ("reissued", {self.reissued.id: 2}, None),
                                           ("locked", {}, PASSPHRASE)):
            path = folder / name / "index.html"
            path.parent.mkdir()
            path.write_bytes(scanner.page(self.event, self.env, self.key.public_key(), self.people, editions,
                                          passphrase))
            self.pages[name] = path

    def token(self, holder_id: str, event_id: str | None = None) -> str:
        return tokens.issue(self.key, event_id or self.event.id, holder_id)

    def person(self, name: str) -> roster.Person:
        return next(p for p in self.people if p.name == name)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Sample:
    return Sample(tmp_path_factory.mktemp("scanner"))


def _signed(key, event_id: str, holder_id: str) -> str:
    """A token of any holder id, `holder/2` included, made by hand from the format of confkit.badges.tokens."""
    raw = holder_id.encode("utf-8")
    body = hashlib.sha256(event_id.encode("utf-8")).digest()[:4] + bytes([len(raw)]) + raw
    return "CK1:" + tokens.b45encode(body + key.sign(b"CK1:" + body))


def _forged(sample: Sample, token: str) -> str:
    """`token` with one character of its signature changed, still decodable (Python is the judge)."""
    for position in range(len(token) - 10, len(token) - 60, -1):
        for char in tokens.B45:
            if char == token[position]:
                continue
            altered = token[:position] + char + token[position + 1:]
            try:
                tokens.verify(altered, sample.key, sample.event.id)
            except tokens.InvalidToken as error:
                if error.reason == "signature":
                    return altered
    raise AssertionError("no one-character forgery found")


def _open(browser, path: Path, width: int = 390, engine: str = "webcrypto", clock: dt.datetime | None = ARRIVAL,
          context=None, state: str = "ready"):
    """A new phone (its own storage), offline, in Paris; the page loaded and ready (or locked)."""
    context = context or browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900},
                                             offline=True, accept_downloads=True, timezone_id="Europe/Paris",
                                             locale="fr-FR", device_scale_factor=1)
    if ENGINES[engine]:
        context.add_init_script(ENGINES[engine])
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    if clock:
        page.clock.set_fixed_time(clock)
    page.goto(path.as_uri())
    page.wait_for_selector(f"html[data-scanner={state}]")
    return context, page


def _enter(page, text: str) -> str:
    """Type `text` into the manual field and submit it, as a volunteer does; the answer's kind."""
    page.evaluate("document.getElementById('answer').dataset.answer = 'pending'")
    page.fill("#entry", text)
    page.press("#entry", "Enter")
    page.wait_for_function("() => document.getElementById('answer').dataset.answer !== 'pending'")
    return page.get_attribute("#answer", "data-answer")


def _answer(page) -> list[str]:
    return page.eval_on_selector_all("#answer > p", "ps => ps.map(p => p.innerText.trim())")


def _count(page) -> tuple[str, str]:
    return page.inner_text("#arrived"), page.inner_text("#registered")


def _stored(page, sample: Sample) -> list[dict]:
    kept = page.evaluate("key => localStorage.getItem(key)", f"confkit-scanner:{sample.event.id}")
    return json.loads(kept)["scans"] if kept else []


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _shoot(page, name: str, width: int) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"checkin-scanner-{name}-{width}.png"), full_page=True, animations="disabled")


# --- What the page holds -------------------------------------------------------------------------------

def test_hand_made_tokens_follow_the_format_of_tokens_issue(sample):
    person = sample.people[3]
    assert _signed(sample.key, sample.event.id, person.id) == sample.token(person.id)


def test_scanner_page_holds_no_email_address(sample, event):
    folder = event.write()
    english, _ = workbook.read(folder)
    pages = [path.read_bytes() for path in sample.pages.values()]
    pages.append(scanner.page(english, environment(language="en"), new_key(), roster.roster(english), {}))
    emails = {r.email for r in sample.event.registrants} | {s.email for s in sample.event.speakers if s.email} \
        | {sample.event.organiser_email} | {r.email for r in english.registrants} | {english.organiser_email}
    assert len(emails) > 200
    for data in pages:
        assert [m.group(0) for m in EMAIL.finditer(data)] == []
        assert [email for email in emails if email and email.encode() in data] == []


def test_locked_page_holds_no_name_id_or_code_of_anyone(sample):
    plain, locked = sample.pages["plain"].read_bytes(), sample.pages["locked"].read_bytes()

    def found(data: bytes) -> list[str]:
        return [text for p in sample.people for text in (p.name, p.id, p.code, p.shown_code)
                if text.encode() in data or json.dumps(text).encode() in data]

    assert len(found(plain)) == 3 * len(sample.people)  # name, id, code: the search can find what is there
    assert found(locked) == []


def test_english_page_speaks_english_with_its_lang(event):
    folder = event.write()
    english, _ = workbook.read(folder)
    html = scanner.page(english, environment(language="en"), new_key(), roster.roster(english), {}).decode()
    assert '<html lang="en">' in html
    assert "<title>Check-in · Study day</title>" in html
    assert '"scan_admitted": "Admitted"' in html


def test_scanner_page_is_valid_html(sample, event):
    """html-validate's recommended rules, as for the recap site (tests/test_site_validate.py)."""
    node = Path(__file__).resolve().parent / "node"
    validator = node / "node_modules" / ".bin" / "html-validate"
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed (Debian's nodejs and npm, which scripts/system-deps installs)")
    if not validator.exists():
        pytest.fail("html-validate is not installed: run `npm ci --prefix tests/node`", pytrace=False)
    english, _ = workbook.read(event.write())
    path = sample.pages["plain"].parent.parent / "english.html"
    path.write_bytes(scanner.page(english, environment(language="en"), new_key(), roster.roster(english), {}))
    pages = [sample.pages["plain"], sample.pages["locked"], path]
    result = subprocess.run([validator, "--config", node / "htmlvalidate.json", "--formatter", "text", *pages],
                            capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stdout) == (0, "")


def test_each_text_of_the_page_exists_in_both_languages():
    assert sorted(scanner.labels("en")) == sorted(scanner.labels("fr"))
    assert scanner.labels("fr")["scan_matches"] == "Touchez la personne à enregistrer\u00a0:"


def test_editions_must_be_whole_numbers_from_one(sample):
    with pytest.raises(ValueError) as raised:
        scanner.page(sample.event, sample.env, sample.key, sample.people, {sample.reissued.id: 0})
    assert str(raised.value) == f"edition of {sample.reissued.id!r} must be a whole number from 1, not 0"


def test_an_empty_passphrase_is_refused(sample):
    with pytest.raises(ValueError) as raised:
        scanner.page(sample.event, sample.env, sample.key, sample.people, {}, passphrase="  ")
    assert str(raised.value) == "the scanner's passphrase is empty"


def test_sealed_roster_uses_a_fresh_salt_and_iv_and_enough_iterations(sample):
    first = scanner.seal([["a"]], PASSPHRASE, sample.event.id)
    second = scanner.seal([["a"]], PASSPHRASE, sample.event.id)
    assert first["iterations"] >= 200_000
    assert (len(base64.b64decode(first["salt"])), len(base64.b64decode(first["iv"]))) == (16, 12)
    assert first["salt"] != second["salt"] and first["iv"] != second["iv"] and first["data"] != second["data"]


def test_a_light_brand_colour_gives_way_to_a_readable_one():
    assert (scanner._brand("#FFEE00"), scanner._brand("#7a1f3d"), scanner._brand("red")) == \
        ("#1F4E79", "#7A1F3D", "#1F4E79")


def test_vendored_files_are_the_registry_files_named_in_the_readme():
    readme = (scanner.VENDOR / "README.md").read_text(encoding="utf-8")
    listed = dict(line.split()[::-1] for line in readme.split("```\n")[1].strip().splitlines())
    assert listed == {path.relative_to(scanner.VENDOR).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                      for path in sorted(scanner.VENDOR.rglob("*")) if path.is_file() and path.name != "README.md"}
    for name, version, licence, _file, _licence in scanner.VENDORED:
        assert f"| {version} | {licence} |" in readme


# --- Verification: every answer, through both engines -----------------------------------------------------

@pytest.mark.parametrize("engine", ["webcrypto", "noble"])
def test_each_badge_gets_its_own_answer(browser, sample, engine):
    first, second = sample.person("Hélène Allaire"), sample.people[5]
    context, page = _open(browser, sample.pages["plain"], engine=engine)
    try:
        assert page.evaluate("confkitScanner.engine()") == engine
        assert _enter(page, sample.token(first.id)) == "admitted"
        assert _answer(page) == [sample.labels["scan_admitted"], "Hélène Allaire", "ESCP Europe\nIntervenant"]
        assert _count(page) == ("1", str(len(sample.people)))
        assert _enter(page, sample.token(first.id)) == "already"
        assert _answer(page)[0::3] == [sample.labels["scan_already"], "à 08:42 (phone)"]
        assert _enter(page, _forged(sample, sample.token(second.id))) == "forged"
        assert _enter(page, _signed(new_key(), sample.event.id, second.id)) == "forged"  # another key
        assert _enter(page, sample.token(second.id, "another-event-2011")) == "other_event"
        assert _enter(page, sample.token("nobody12345")) == "unknown"
        assert _answer(page) == [sample.labels["scan_unknown"], sample.labels["scan_unknown_detail"]]
        assert _enter(page, sample.token(second.id)[:-6]) == "damaged"
        assert _enter(page, "CK2:" + sample.token(second.id)[4:]) == "damaged"
        assert _enter(page, _signed(sample.key, sample.event.id, f"{second.id}/2")) == "admitted"  # a newer badge
        assert _count(page) == ("2", str(len(sample.people)))
        assert page.errors == [] and page.requests == [sample.pages["plain"].as_uri()]
    finally:
        context.close()


@pytest.mark.parametrize("engine", ["webcrypto", "noble"])
def test_a_replaced_badge_is_refused_and_its_new_edition_admitted(browser, sample, engine):
    person = sample.reissued
    context, page = _open(browser, sample.pages["reissued"], engine=engine)
    try:
        assert _enter(page, sample.token(person.id)) == "replaced"
        assert _answer(page)[1] == person.name
        if engine == "webcrypto":
            _shoot(page, "replaced", 390)
        assert _enter(page, _signed(sample.key, sample.event.id, f"{person.id}/1")) == "replaced"
        assert _enter(page, _signed(sample.key, sample.event.id, f"{person.id}/2")) == "admitted"
        assert [scan["registrant_id"] for scan in _stored(page, sample)] == [person.id]
    finally:
        context.close()


@pytest.mark.parametrize("engine", ["webcrypto", "noble"])
def test_page_verification_agrees_with_python_on_every_case(browser, sample, engine):
    good = sample.token(sample.people[7].id)
    cases = [good, f"  {good}\n", _forged(sample, good), good[:-1], good + "0", good.lower(), "CK1:", "CK1",
             "CK9:" + good[4:], sample.token(sample.people[7].id, "other"), _signed(new_key(), sample.event.id, "x"),
             "BEGIN:VCARD", "", "CK1:" + tokens.b45encode(b"\0" * 69), "CK1:" + tokens.b45encode(bytes(5) + bytes(64)),
             _signed(sample.key, sample.event.id, "speaker:bour"), _signed(sample.key, sample.event.id, "a b"),
             sample.token(f"{sample.people[7].id}/2"), sample.token("speaker:bour/9999"),
             *(_signed(sample.key, sample.event.id, f"{sample.people[7].id}/{n}") for n in ("0", "01", "10000", ""))]
    expected = []
    for case in cases:
        try:
            expected.append({"status": "valid", "id": tokens.verify(case, sample.key, sample.event.id)})
        except tokens.InvalidToken as error:
            expected.append({"status": error.reason})
    context, page = _open(browser, sample.pages["plain"], engine=engine)
    try:
        found = page.evaluate("cases => Promise.all(cases.map(c => confkitScanner.verify(c)))", cases)
        assert [{k: v for k, v in f.items() if k in ("status", "id")} for f in found] == expected
        assert expected[0] == {"status": "valid", "id": sample.people[7].id}
        assert {e["status"] for e in expected} == {"valid", "format", "version", "event", "signature"}
    finally:
        context.close()


def test_base45_decoding_is_as_strict_as_pythons(browser, sample):
    rng = np.random.default_rng(45)
    blobs = [bytes(rng.integers(0, 256, size, dtype=np.uint8)) for size in (0, 1, 2, 3, 5, 8, 64, 101)]
    blobs += [b"\xff\xff", b"\xff", b"\0\0"]
    bad = ["A", "GGW", ":::", "ZZ", "a00", "00 A", "000 ", "0", "é00", "0000"]
    for text in bad:
        with pytest.raises(ValueError):
            tokens.b45decode(text)
    context, page = _open(browser, sample.pages["plain"])
    try:
        decoded = page.evaluate("texts => texts.map(t => Array.from(confkitScanner.b45decode(t)))",
                                [tokens.b45encode(blob) for blob in blobs])
        assert [bytes(d) for d in decoded] == blobs
        refused = page.evaluate("""texts => texts.map(t => {
            try { confkitScanner.b45decode(t); return false; } catch (e) { return true; } })""", bad)
        assert refused == [True] * len(bad)
    finally:
        context.close()


# --- Finding people by code and by name -------------------------------------------------------------

def test_short_code_admits_whatever_its_case_and_dashes(browser, sample):
    person = sample.people[10]
    context, page = _open(browser, sample.pages["plain"])
    try:
        assert _enter(page, f"  {person.shown_code.lower()} ") == "admitted"
        assert _answer(page)[1] == person.name
        assert _enter(page, person.code[:3] + " " + person.code[3:]) == "already"
        assert [(s["registrant_id"], s["how"]) for s in _stored(page, sample)] == [(person.id, "code")]
    finally:
        context.close()


@pytest.mark.parametrize("fragment", ["helene", "ALLAIRE", "jean marc", "cci nice", "ë", "morbihan", "zzqx"])
def test_name_fragment_lists_the_people_roster_search_finds(browser, sample, fragment):
    context, page = _open(browser, sample.pages["plain"])
    try:
        expected = [p.name for p in roster.search(sample.people, fragment)]
        answer = _enter(page, fragment)
        if expected:
            assert answer == "idle"
            assert page.is_visible("#matches")
            assert page.locator("#match-list .match-name").all_inner_texts() == expected
        else:
            assert answer == "nomatch"
            assert _answer(page) == [sample.labels["scan_no_match"].format(query=fragment)]
    finally:
        context.close()


def test_tapping_a_person_found_by_name_admits_them(browser, sample):
    person = sample.person("Hélène Allaire")
    context, page = _open(browser, sample.pages["plain"])
    try:
        assert _enter(page, "hélène all") == "idle"
        page.locator("#match-list button", has_text=person.name).click()
        page.wait_for_selector("#answer[data-answer=admitted]")
        assert page.is_hidden("#matches")
        assert _answer(page)[1] == person.name
        _enter(page, "allaire")
        assert page.locator("#match-list .match-done").all_inner_texts() == ["✓ 08:42"]
        assert [(s["registrant_id"], s["how"]) for s in _stored(page, sample)] == [(person.id, "name")]
    finally:
        context.close()


# --- Check-ins kept, exported --------------------------------------------------------------------------

def test_check_ins_survive_a_reload(browser, sample):
    first, second = sample.people[20], sample.people[21]
    context, page = _open(browser, sample.pages["plain"])
    try:
        _enter(page, sample.token(first.id))
        _enter(page, second.code)
        page.clock.set_fixed_time(ARRIVAL + dt.timedelta(minutes=30))
        page.reload()
        page.wait_for_selector("html[data-scanner=ready]")
        assert _count(page) == ("2", str(len(sample.people)))
        assert page.locator("#recent-list .recent-name").all_inner_texts() == [second.name, first.name]
        assert _enter(page, sample.token(first.id)) == "already"
        assert _answer(page)[3] == "à 08:42 (phone)"  # the first check-in's time, not the reload's
    finally:
        context.close()


def test_two_tabs_of_the_page_on_one_phone_lose_no_check_in(browser, sample):
    first, second = sample.people[25], sample.people[26]
    context, page = _open(browser, sample.pages["plain"])
    try:
        other = context.new_page()
        other.goto(sample.pages["plain"].as_uri())
        other.wait_for_selector("html[data-scanner=ready]")
        assert _enter(page, sample.token(first.id)) == "admitted"
        assert _enter(other, sample.token(second.id)) == "admitted"
        assert _enter(other, sample.token(first.id)) == "already"
        assert _count(page) == _count(other) == ("2", str(len(sample.people)))
        assert sorted(s["registrant_id"] for s in _stored(page, sample)) == sorted([first.id, second.id])
    finally:
        context.close()


def test_export_csv_has_one_row_per_check_in_and_defuses_formulas(browser, sample, tmp_path):
    badge, code, name = sample.people[30], sample.people[31], sample.person("Hélène Allaire")
    context, page = _open(browser, sample.pages["plain"])
    try:
        _enter(page, sample.token(badge.id))
        page.fill("#desk", "=Accueil, porte B")
        page.press("#desk", "Tab")
        page.clock.set_fixed_time(ARRIVAL + dt.timedelta(minutes=3, seconds=10))
        _enter(page, code.shown_code)
        _enter(page, "helene allaire")
        page.locator("#match-list button").first.click()
        page.wait_for_selector("#answer[data-answer=admitted]")
        with page.expect_download() as download:
            page.click("#export")
        text = Path(download.value.path()).read_bytes().decode("utf-8")
        assert download.value.suggested_filename == "checkins-Accueil-porte-B-20101019-0845.csv"
        assert page.inner_text("#export-message") == sample.labels["scan_exported"].format(n=3)
    finally:
        context.close()
    lines = text.split("\r\n")
    assert lines[0] == HEADER and lines[-1] == ""
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["registrant_id"], r["checked_in_at"], r["desk"], r["how"], r["session"]) for r in rows] == [
        (badge.id, "2010-10-19T08:42:05+02:00", "phone", "phone", ""),
        (code.id, "2010-10-19T08:45:15+02:00", "'=Accueil, porte B", "code", ""),
        (name.id, "2010-10-19T08:45:15+02:00", "'=Accueil, porte B", "name", ""),
    ]
    assert len({uuid.UUID(r["scan_id"]).hex for r in rows}) == 3
    assert dt.datetime.fromisoformat(rows[0]["checked_in_at"]) == ARRIVAL
    folder = tmp_path / "event"  # the phone's export folded into a desk's journal: once, however often
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns(".confkit", "checkins.csv"))
    (tmp_path / "phone.csv").write_text(text, encoding="utf-8")
    for added in ("3", "0"):
        merged = run("checkin", folder, "--merge", tmp_path / "phone.csv")
        assert merged.exit_code == 0 and f"phone.csv : {added} nouvelle(s)" in merged.output, merged.output
    _, entries = journal.read(folder / "checkins.csv")
    assert sorted(e.registrant_id for e in entries) == sorted(r["registrant_id"] for r in rows)
    assert {e.desk for e in entries} == {"phone", "=Accueil, porte B"}


# --- The camera ---------------------------------------------------------------------------------------------

def _camera_video(path: Path, token: str) -> Path:
    """A Y4M video of a badge's QR code held still, for Chromium's fake camera."""
    import qrcode
    from PIL import Image

    code = qrcode.QRCode(border=4, box_size=6)
    code.add_data(token)
    picture = code.make_image().get_image().convert("L")
    frame = Image.new("L", (640, 480), 200)
    frame.paste(picture, ((640 - picture.width) // 2, (480 - picture.height) // 2))
    luma, chroma = np.asarray(frame, dtype=np.uint8).tobytes(), bytes([128]) * (320 * 240)
    path.write_bytes(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n" + (b"FRAME\n" + luma + chroma + chroma) * 3)
    return path


@pytest.fixture(scope="module")
def camera(browser, sample, tmp_path_factory):
    """A second Chromium whose camera films the first person's badge."""
    video = _camera_video(tmp_path_factory.mktemp("camera") / "badge.y4m", sample.token(sample.people[0].id))
    with_camera = browser.browser_type.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    yield with_camera
    with_camera.close()


def _filming(camera, sample, width=390, script=None):
    context = camera.new_context(viewport={"width": width, "height": 844}, offline=True, permissions=["camera"],
                                 timezone_id="Europe/Paris")
    if script:
        context.add_init_script(script)
    context, page = _open(camera, sample.pages["plain"], context=context, clock=None)
    page.click("#camera")
    page.wait_for_selector("#answer[data-answer=admitted]", timeout=20_000)
    return context, page


def test_camera_reads_a_badge_with_jsqr_and_counts_it_once_while_it_stays_in_view(camera, sample):
    context, page = _filming(camera, sample)
    try:
        assert page.get_attribute("#viewfinder", "data-decoder") == "jsQR"
        assert _answer(page)[1] == sample.people[0].name
        page.wait_for_timeout(3_600)  # still filmed, more than 3 s on
        assert page.get_attribute("#answer", "data-answer") == "admitted"
        assert [(s["registrant_id"], s["how"]) for s in _stored(page, sample)] == [(sample.people[0].id, "phone")]
        assert page.inner_text("#camera-label") == sample.labels["scan_stop_camera"]
        assert _overflow(page) == 0
        _shoot(page, "camera", 390)
        page.click("#camera")
        assert page.is_hidden("#viewfinder")
        assert page.errors == [] and page.requests == [sample.pages["plain"].as_uri()]
    finally:
        context.close()


def test_camera_prefers_barcode_detector_where_the_browser_has_one(camera, sample):
    """Chromium on Linux has no BarcodeDetector: a stand-in gives what Android's would, the first badge."""
    token = json.dumps(sample.token(sample.people[0].id))
    stand_in = f"""window.BarcodeDetector = class {{
        static async getSupportedFormats() {{ return ['qr_code', 'ean_13']; }}
        constructor(options) {{ window.asked = options; }}
        async detect(source) {{ return source instanceof HTMLVideoElement ? [{{rawValue: {token}, format: 'qr_code'}}] : []; }}
    }};"""
    context, page = _filming(camera, sample, script=stand_in)
    try:
        assert page.get_attribute("#viewfinder", "data-decoder") == "BarcodeDetector"
        assert page.evaluate("window.asked") == {"formats": ["qr_code"]}
        assert page.evaluate("typeof window.jsQR") == "undefined"  # never evaluated when not needed
    finally:
        context.close()


def test_the_same_code_read_within_3_seconds_counts_once(browser, sample):
    token = sample.token(sample.people[40].id)
    context, page = _open(browser, sample.pages["plain"])
    try:
        read = page.evaluate("""async token => {
            const at = [0, 1000, 2900, 5500, 8600];
            const kinds = [];
            for (const now of at) kinds.push(await confkitScanner.cameraRead(token, now));
            return kinds; }""", token)
        # each read within 3 s of the one before is the badge still in view; 3.1 s after the last, it is shown again
        assert read == ["admitted", None, None, None, "already"]
        assert len(_stored(page, sample)) == 1
    finally:
        context.close()


# --- The passphrase -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["webcrypto", "noble"])
def test_locked_page_refuses_a_wrong_passphrase_then_opens_with_the_right_one(browser, sample, engine, tmp_path):
    person = sample.people[50]
    context, page = _open(browser, sample.pages["locked"], engine=engine, state="locked")
    try:
        assert page.is_hidden("#app") and page.is_visible("#lock")
        page.fill("#passphrase", "verveine menthe 1788")
        page.click("#unlock")
        page.wait_for_function("() => document.getElementById('lock-message').className === 'message wrong'")
        assert page.inner_text("#lock-message") == sample.labels["scan_wrong_passphrase"]
        assert page.is_hidden("#app") and page.get_attribute("#passphrase", "aria-invalid") == "true"
        _shoot(page, "locked", 390)
        page.fill("#passphrase", f" {PASSPHRASE} ")
        page.press("#passphrase", "Enter")
        page.wait_for_selector("html[data-scanner=ready]")
        assert page.is_hidden("#lock")
        assert _count(page) == ("0", str(len(sample.people)))
        assert _enter(page, sample.token(person.id)) == "admitted"
        assert _answer(page)[1] == person.name
        assert _enter(page, person.name.split()[-1].lower()) == "idle"
        assert person.name in page.locator("#match-list .match-name").all_inner_texts()
        assert _enter(page, _forged(sample, sample.token(sample.people[51].id))) == "forged"
        page.reload()  # locked again, and once unlocked its scans are still there
        page.wait_for_selector("html[data-scanner=locked]")
        page.fill("#passphrase", PASSPHRASE)
        page.press("#passphrase", "Enter")
        page.wait_for_selector("html[data-scanner=ready]")
        assert _count(page) == ("1", str(len(sample.people)))
        with page.expect_download() as download:
            page.click("#export")
        exported = Path(download.value.path()).read_text(encoding="utf-8")
    finally:
        context.close()
    folder = tmp_path / "event"  # folded into a desk's journal once, however often
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns(".confkit", "checkins.csv"))
    (tmp_path / "phone.csv").write_text(exported, encoding="utf-8")
    for added in ("1", "0"):
        assert f"phone.csv : {added} nouvelle(s)" in run("checkin", folder, "--merge", tmp_path / "phone.csv").output
    assert [e.registrant_id for e in journal.read(folder / "checkins.csv")[1]] == [person.id]


# --- On a phone and on a laptop -------------------------------------------------------------------------

def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [{"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]


@pytest.mark.parametrize("width", [390, 1280])
def test_every_state_fits_the_screen_and_passes_axe(browser, sample, width):
    holder, other = sample.person("Hélène Allaire"), sample.people[60]
    context, page = _open(browser, sample.pages["plain"], width=width)
    try:
        overflow = {"idle": _overflow(page)}
        _shoot(page, "idle", width)
        _enter(page, sample.token(holder.id))
        overflow["admitted"] = _overflow(page)
        _shoot(page, "admitted", width)
        _enter(page, sample.token(holder.id))
        overflow["already"] = _overflow(page)
        _shoot(page, "already", width)
        _enter(page, _forged(sample, sample.token(other.id)))
        overflow["forged"] = _overflow(page)
        _shoot(page, "forged", width)
        _enter(page, sample.token(other.id, "another-event-2011"))
        overflow["other_event"] = _overflow(page)
        _shoot(page, "other-event", width)
        _enter(page, sample.token("nobody12345"))
        overflow["unknown"] = _overflow(page)
        _shoot(page, "unknown", width)
        _enter(page, "zzqx")
        overflow["nomatch"] = _overflow(page)
        _shoot(page, "nomatch", width)
        _enter(page, "jean")
        overflow["matches"] = _overflow(page)
        _shoot(page, "matches", width)
        assert overflow == dict.fromkeys(overflow, 0)
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.get_attribute("#answer", "aria-live") == "assertive"
        small = page.evaluate("""() => Array.from(document.querySelectorAll('button, input'))
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 48).map(e => e.id || e.className)""")
        assert small == []
        violations = _axe(page)
        assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
    finally:
        context.close()
