"""The check-in desk as a volunteer runs it: codes read from the sample's own badges, a desk killed
mid-stream, every kind of bad badge, several desks merged."""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from confkit import state, workbook
from confkit.badges import tokens
from confkit.checkin import desk as desks
from confkit.checkin import journal as journals
from confkit.checkin import keyboards, roster
from conftest import SAMPLE, run


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, list[str]]:
    """A copy of the sample without its check-ins, its badges printed, and the codes zxing-cpp reads
    off the first three pages of badges.pdf."""
    import pypdfium2
    import zxingcpp

    folder = tmp_path_factory.mktemp("desk") / "event"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns(".confkit", "checkins.csv"))
    assert run("badges", folder, "-o", folder / "out", "--quiet").exit_code == 0
    document = pypdfium2.PdfDocument(folder / "out" / "badges.pdf")
    codes = [r.text for index in range(3) for r in zxingcpp.read_barcodes(
        document[index].render(scale=200 / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode)]
    assert len(codes) == 24 and all(code.startswith("CK1:") for code in codes)
    return folder, codes


@pytest.fixture
def fresh(sample, tmp_path) -> Path:
    """The sample's folder for one test: its key and workbook, an empty journal."""
    folder = tmp_path / "event"
    shutil.copytree(sample[0], folder, ignore=shutil.ignore_patterns("out"))
    return folder


class Desk:
    """`confkit checkin` as a real process, answering line by line."""

    def __init__(self, folder: Path, *args: str):
        self.process = subprocess.Popen([sys.executable, "-m", "confkit", "checkin", str(folder), *args],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, encoding="utf-8", env={**os.environ, "COLUMNS": "200"})
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()
        self.greeting = "".join(self.wait_for("arrivés"))

    def wait_for(self, text: str) -> list[str]:
        seen = []
        while True:
            line = self.lines.get(timeout=30)
            seen.append(line)
            if text in line:
                return seen

    def scan(self, code: str) -> str:
        """The answer to one code (what comes before the count line)."""
        self.process.stdin.write(code + "\n")
        self.process.stdin.flush()
        return "".join(self.wait_for("arrivés"))


def test_a_desk_killed_mid_stream_loses_no_arrival_and_repairs_a_torn_line(sample, fresh):
    codes = sample[1]
    desk = Desk(fresh, "--desk", "A")
    for code in codes[:10]:
        assert "BIENVENUE" in desk.scan(code)
    desk.process.stdin.write(codes[10] + "\n" + codes[11][:50])  # one being answered, one half-read
    desk.process.stdin.flush()
    desk.process.send_signal(signal.SIGKILL)
    desk.process.wait(timeout=10)
    path = fresh / "checkins.csv"
    with open(path, "ab") as file:  # what a kill in the middle of a write leaves
        file.write(b"deadbeef,xwbn3oy3tg,2010-10-19T08:4")
    _, entries = journals.read(path)
    first_ten = {roster_id(code) for code in codes[:10]}
    assert first_ten <= {e.registrant_id for e in entries}
    again = Desk(fresh, "--desk", "A")
    assert "coupée par un arrêt brutal" in again.greeting
    for code in codes:
        answer = again.scan(code)
        assert ("BIENVENUE" in answer) != ("DÉJÀ ENREGISTRÉ" in answer)
    again.process.stdin.close()
    assert again.process.wait(timeout=10) == 0
    text = path.read_bytes()
    assert text.endswith(b"\n") and b"deadbeef" not in text
    assert (fresh / "checkins.csv.torn").read_bytes() == b"deadbeef,xwbn3oy3tg,2010-10-19T08:4\n"
    _, entries = journals.read(path)
    admitted = [e.registrant_id for e in entries]
    assert sorted(admitted) == sorted({roster_id(code) for code in codes}) and len(admitted) == 24
    assert all(e.desk == "A" and e.how == "scan" and e.moment.utcoffset() for e in entries)


def roster_id(code: str) -> str:
    data = tokens.b45decode(code[4:])
    return tokens.holder(data[5:5 + data[4]].decode())[0]


@pytest.fixture
def counter(fresh):
    """A desk in this process, its clock moving a minute a call."""
    event, _ = workbook.read(fresh)
    times = iter(dt.datetime(2010, 10, 19, 8, 30, tzinfo=event.zone) + dt.timedelta(minutes=n) for n in range(999))
    ticks = iter(range(0, 99999, 10))
    with desks.open_desk(event, fresh / "checkins.csv", "B") as desk:
        desk.clock, desk.monotonic = lambda: next(times), lambda: next(ticks)
        yield event, desk, state.State(fresh).signing_key()


def test_each_bad_badge_gets_its_own_answer(counter):
    event, desk, key = counter
    people = [p for p in desk.people if not p.id.startswith("speaker:")]
    good = tokens.issue(key, event.id, people[0].id)
    assert desk.answer(good).kind == "admitted"
    again = desk.answer(good)
    assert again.kind == "already" and again.first.checked_in_at.startswith("2010-10-19T08:30") and again.first.desk == "B"
    altered = tokens.issue(key, event.id, people[1].id)
    assert desk.answer(altered[:-5] + ("AAAAA" if altered[-5:] != "AAAAA" else "BBBBB")).kind == "forged"
    assert desk.answer(altered[:-12]).kind == "forged"  # truncated
    assert desk.answer(tokens.issue(state.new_key(), event.id, people[1].id)).kind == "forged"  # another key
    assert desk.answer(tokens.issue(key, "another-event", people[1].id)).kind == "other_event"
    assert desk.answer(tokens.issue(key, event.id, "nobody")).kind == "unknown"
    assert desk.answer("CK2:" + "A" * 100).kind == "version"
    desk.editions[people[2].id] = 2
    assert desk.answer(tokens.issue(key, event.id, people[2].id)).kind == "replaced"
    assert desk.answer(tokens.issue(key, event.id, people[2].id, edition=2)).kind == "admitted"
    assert desk.count == (2, len(desk.people))


@pytest.mark.parametrize("layout", ["uk", "de", "fr", "it"])
def test_a_code_typed_under_another_keyboard_layout_is_repaired(counter, layout):
    event, desk, key = counter
    code = tokens.issue(key, event.id, desk.people[5].id)
    desk.monotonic = lambda: 0.0  # one moment: the second read below is the scanner's echo
    typed = keyboards.mangle(code, layout)
    assert (typed != code) == (layout != "uk")  # UK keeps the base45 alphabet where US has it
    answer = desk.answer(typed)
    assert answer.kind == "admitted" and answer.person == desk.people[5]
    assert answer.repaired == ("" if layout == "uk" else layout)
    assert desk.answer(keyboards.mangle(code, layout)).kind == "read_twice"  # within 3 s: counted once
    assert len(desk.journal.entries) == 1


def test_a_scanner_sending_a_code_twice_counts_once_but_a_later_scan_is_already_in(counter):
    event, desk, key = counter
    code = tokens.issue(key, event.id, desk.people[0].id)
    desk.monotonic = lambda: 100.0
    assert [desk.answer(code).kind, desk.answer(code).kind] == ["admitted", "read_twice"]
    desk.monotonic = lambda: 100.0 + desks.TWICE_WITHIN
    assert desk.answer(code).kind == "already"
    assert len(desk.journal.entries) == 1


def test_people_without_badge_are_found_by_name_or_list_code(counter):
    event, desk, key = counter
    found = desk.answer("helene")
    assert found.kind == "matches" and all("Hélène" in p.name for p in found.matches)
    chosen = desk.answer("1")
    assert chosen.kind == "admitted" and chosen.person == found.matches[0] and chosen.how == "name"
    person = desk.people[7]
    by_code = desk.answer(person.shown_code.lower())
    assert by_code.kind == "admitted" and by_code.person == person and by_code.how == "code"
    assert desk.answer("zzzzqqq").kind == "no_match"
    assert [e.how for e in desk.journal.entries] == ["name", "code"]


def test_short_codes_are_unique_and_stable_even_for_a_congress():
    ids = [f"r{n}" for n in range(20_000)]
    codes = roster.short_codes("congress", ids)
    assert len(set(codes.values())) == 20_000 and codes == roster.short_codes("congress", ids)
    assert set("".join(codes.values())) <= set(roster.CODE_ALPHABET)


def test_journal_cells_are_neutralised_for_spreadsheets(fresh):
    with journals.Journal(fresh / "checkins.csv") as journal:
        journal.append(journals.Entry("s1", "abc", "2010-10-19T08:00:00+02:00", "=HYPERLINK(1)", "scan", ""))
        journal.append(journals.Entry("s2", "abd", "2010-10-19T08:01:00+02:00", "@desk", "scan", ""))
    text = (fresh / "checkins.csv").read_text()
    assert text.splitlines()[0] == ",".join(journals.COLUMNS)
    assert "'=HYPERLINK(1)" in text and "'@desk" in text
    _, entries = journals.read(fresh / "checkins.csv")
    assert [e.desk for e in entries] == ["=HYPERLINK(1)", "@desk"]


def _journal(path: Path, rows) -> Path:
    with journals.Journal(path) as journal:
        for row in rows:
            journal.append(journals.Entry(*row))
    return path


def test_merging_desks_is_a_union_by_scan_id_in_any_order_and_reports_double_admissions(fresh, tmp_path):
    event, _ = workbook.read(fresh)
    people = [p for p in roster.roster(event)]
    one = _journal(tmp_path / "one.csv", [("a1", people[0].id, "2010-10-19T08:40:00+02:00", "1", "scan", ""),
                                          ("a2", people[1].id, "2010-10-19T08:41:00+02:00", "1", "scan", "")])
    two = _journal(tmp_path / "two.csv", [("b1", people[1].id, "2010-10-19T08:47:00+02:00", "2", "scan", ""),
                                          ("b2", people[2].id, "2010-10-19T08:48:00+02:00", "2", "name", "")])
    results = []
    for order in ((one, two), (two, one)):
        journal = tmp_path / f"merged-{len(results)}.csv"
        report = desks.merge(event, journal, list(order))
        again = desks.merge(event, journal, list(order))  # repeated: nothing more
        assert [added for _, added, _ in again.files] == [0, 0]
        results.append(sorted(journals.read(journal)[1], key=lambda e: e.scan_id))
        (first, later, name), = report.doubles
        assert (first.desk, later.desk, name) == ("1", "2", people[1].name)
    assert results[0] == results[1] and len(results[0]) == 4
    assert journals.first_arrivals(results[0])[people[1].id].desk == "1"  # the first arrival wins
    result = run("checkin", fresh, "--merge", one, "--merge", two)
    assert result.exit_code == 0 and "6 min" in result.output and people[1].name in result.output


def test_stats_count_arrivals_by_category_quarter_hour_and_session(fresh, tmp_path):
    event, _ = workbook.read(fresh)
    people = roster.roster(event)
    session = event.sessions[1].id
    _journal(fresh / "checkins.csv", [("a1", people[0].id, "2010-10-19T08:40:00+02:00", "1", "scan", ""),
                                      ("a2", people[1].id, "2010-10-19T09:50:00+02:00", "1", "scan", ""),
                                      ("a3", people[1].id, "2010-10-19T10:00:00+02:00", "door", "scan", session)])
    result = run("checkin", fresh, "--stats", "--json")
    assert result.exit_code == 0
    figures = json.loads(result.output)
    assert figures["arrived"] == 2 and figures["expected"] == len(people) and len(figures["no_shows"]) == len(people) - 2
    assert figures["by_quarter_hour"] == {"2010-10-19 08:30": 1, "2010-10-19 09:45": 1}
    assert figures["late"] == 1 and figures["by_session"] == {session: 1}
    assert "2 / " in run("checkin", fresh, "--stats").output


def test_a_desk_never_makes_a_key_and_works_from_the_public_key_alone(sample, tmp_path):
    bare = tmp_path / "bare"
    shutil.copytree(sample[0], bare, ignore=shutil.ignore_patterns(".confkit", "out"))
    result = run("checkin", bare, "--scan", _file(tmp_path, sample[1][:1]))
    assert result.exit_code == 1 and "confkit badges" in result.stderr and "Traceback" not in result.stderr
    assert not (bare / ".confkit").exists() and not (bare / "checkins.csv").exists()
    result = run("checkin", bare, "--key", sample[0] / "out" / "checkin-public-key.txt",
                 "--scan", _file(tmp_path, sample[1][:2]))
    assert result.exit_code == 0 and result.output.count("BIENVENUE") == 2


def _file(folder: Path, lines) -> Path:
    path = folder / "scans.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_paper_list_has_every_holder_a_box_and_a_code_in_letter_ranges_and_no_email(fresh, tmp_path):
    from confkit.badges.render import holders
    from confkit.checkin import paper
    from confkit.identity import fold

    event, _ = workbook.read(fresh)
    people = roster.roster(event)
    surnames = {h.id: fold(h.last_name or h.badge_name or h.job_title) for h in holders(event)}
    parts = paper.parts(people, surnames, 3)
    assert [len(p.people) for p in parts] and sum(len(p.people) for p in parts) == len(people)
    assert max(len(p.people) for p in parts) < len(people) / 2  # about equal
    for part, following in zip(parts, parts[1:]):  # ranges in order, not overlapping
        assert surnames[part.people[-1].id] <= surnames[following.people[0].id]
    result = run("checkin", fresh, "--export-scanner", tmp_path / "out", "--desks", "3")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "checkin" / "list.pdf"
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert all(person.shown_code in text for person in people)
    assert all(f"{p.first} – {p.last}" in text for p in parts) and "Poste 3" in text
    emails = [r.email for r in event.registrants if r.email] + [s.email for s in event.speakers if s.email]
    page = (tmp_path / "out" / "checkin" / "index.html").read_text(encoding="utf-8")
    assert [e for e in emails if e in text or e in page] == []
    code = people[3].shown_code  # a tick on paper, typed back afterwards
    result = run("checkin", fresh, "--scan", _file(tmp_path, [code]))
    assert result.exit_code == 0 and "BIENVENUE" in result.output and people[3].name in result.output


def test_a_reissued_badge_refuses_the_old_one_at_desks_set_up_after_it(sample, fresh, tmp_path):
    event, _ = workbook.read(fresh)
    person = roster.roster(event)[4]
    old = tokens.issue(state.State(fresh).signing_key(), event.id, person.id)  # as badges.pdf printed it
    result = run("badges", fresh, "-o", tmp_path / "reprint", "--ids", person.id, "--reissue", "--quiet")
    assert result.exit_code == 0, result.output
    assert state.State(fresh).badge_editions() == {person.id: 2}
    import pypdfium2
    import zxingcpp

    page = pypdfium2.PdfDocument(tmp_path / "reprint" / "badges.pdf")[0].render(scale=200 / 72).to_pil()
    new, = [r.text for r in zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)]
    answers = run("checkin", fresh, "--scan", _file(tmp_path, [old, new])).output
    assert "BADGE REMPLACÉ" in answers and "BIENVENUE" in answers.split("BADGE REMPLACÉ")[1]
    assert run("badges", fresh, "-o", tmp_path / "again", "--reissue").exit_code != 0  # whose? refused


def test_every_code_survives_each_layout_including_qwertz_dead_accents():
    key = state.new_key()
    codes = [tokens.issue(key, "ev", f"id{n:05d}") for n in range(400)]
    assert any(set("ÀÈÌÒÙ") & set(keyboards.mangle(code, "de")) for code in codes)  # `+` then a vowel: one letter
    for layout in ("de", "fr", "it"):
        assert all(code in keyboards.repairs(keyboards.mangle(code, layout)).values() for code in codes), layout


def test_a_room_door_desk_counts_its_session_on_the_site_not_the_arrivals(fresh, tmp_path):
    event, _ = workbook.read(fresh)
    people = [p for p in roster.roster(event) if not p.id.startswith("speaker:")]
    session = event.sessions[2].id
    rows = [(f"d{n}", p.id, "2010-10-19T08:40:00+02:00", "1", "scan", "") for n, p in enumerate(people[:8])]
    rows += [(f"r{n}", p.id, "2010-10-19T10:40:00+02:00", "door", "scan", session) for n, p in enumerate(people[:6])]
    rows += [("r9", people[0].id, "2010-10-19T10:41:00+02:00", "door", "scan", session)]  # twice: one person
    _journal(fresh / "checkins.csv", rows)
    site = tmp_path / "out" / "site"
    assert run("site", fresh, "-o", tmp_path / "out").exit_code == 0
    assert "6 personnes ont assisté à cette session." in (site / "sessions" / f"{session}.html").read_text()
    assert "<strong>8</strong> présents" in (site / "index.html").read_text()
    _journal(fresh / "checkins.csv", [("r10", people[7].id, "x", "door", "scan", event.sessions[3].id)])
    assert run("site", fresh, "-o", tmp_path / "out").exit_code == 0  # one person: withheld
    assert "assisté" not in (site / "sessions" / f"{event.sessions[3].id}.html").read_text()


def test_a_workbook_without_an_event_is_told_not_a_traceback(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Nothing"
    book.save(tmp_path / "event.xlsx")
    for args in (("--stats",), ("--merge", tmp_path / "event.xlsx"), ()):
        result = run("checkin", tmp_path, *args)
        assert result.exit_code == 1 and "Traceback" not in result.output and result.stderr.strip()
