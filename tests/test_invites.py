"""Invitations end to end: written, sent to a real SMTP server on 127.0.0.1, resumed, updated, cancelled."""

import datetime
import email
import os
import re
import shutil
from collections import Counter
from email import policy
from pathlib import Path

import pytest
from icalendar import Calendar

from confkit import synthetic
from confkit import workbook
from confkit.writing import write_xlsx
from conftest import run

SAMPLE = Path(__file__).resolve().parent.parent / "sample_event"


@pytest.fixture
def sample(tmp_path) -> Path:
    folder = tmp_path / "event"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns(".confkit"))
    return folder


def _use(server, monkeypatch) -> None:
    for name, value in server.environ().items():
        monkeypatch.setenv(name, value)


def _calendar_part(raw: bytes) -> Calendar:
    message = email.message_from_bytes(raw, policy=policy.default)
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return Calendar.from_ical(part.get_content())


def _vevent(raw: bytes):
    return next(c for c in _calendar_part(raw).walk() if c.name == "VEVENT")


def test_sample_invitations_arrive_exactly_as_written(sample, tmp_path, smtp_server, monkeypatch):
    _use(smtp_server, monkeypatch)
    out = tmp_path / "out"
    result = run("invites", sample, "-o", out, "--send")
    assert result.exit_code == 0, result.output
    event, _ = workbook.read(sample)
    with_email = {r.id: r.email for r in event.registrants if r.email}
    written = {path.stem: path.read_bytes() for path in (out / "invites").glob("*.eml")}
    assert set(written) == set(with_email)
    received = {tuple(r.rcpt_tos): r.content for r in smtp_server.received}
    assert received == {(with_email[rid],): content for rid, content in written.items()}
    for rid, content in written.items():
        calendar = _calendar_part(content)
        vevent = _vevent(content)
        assert (str(calendar["METHOD"]), int(vevent["SEQUENCE"])) == ("REQUEST", 0)
        assert str(vevent["ATTENDEE"]) == f"mailto:{with_email[rid]}"
        assert vevent["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert "209 nouvelle(s) invitation(s)" in result.output


def test_without_send_nothing_leaves_the_machine(sample, tmp_path, smtp_server, monkeypatch):
    _use(smtp_server, monkeypatch)
    assert run("invites", sample, "-o", tmp_path / "out").exit_code == 0
    assert smtp_server.received == []
    dry = run("invites", sample, "-o", tmp_path / "dry", "--send", "--dry-run")
    assert dry.exit_code == 0 and smtp_server.received == [] and not (tmp_path / "dry").exists()
    assert "209 message(s) pas encore envoyé(s)" in dry.output


def test_interrupted_sending_resumes_and_everyone_gets_one_copy(sample, tmp_path, make_smtp_server, monkeypatch):
    server = make_smtp_server(drop_after=50)
    _use(server, monkeypatch)
    first = run("invites", sample, "-o", tmp_path / "out", "--send")
    assert first.exit_code == 1
    assert "relancez la même commande" in first.output
    assert len(server.received) == 50
    server.restart()
    second = run("invites", sample, "-o", tmp_path / "out", "--send")
    assert second.exit_code == 0, second.output
    copies = Counter(r.rcpt_tos[0] for r in server.received)
    assert len(copies) == 209 and set(copies.values()) == {1}
    assert "159 envoyé(s), 50 déjà envoyé(s) auparavant, 0 en échec" in second.output  # counted across runs


def _congress(folder: Path) -> dict:
    folder.mkdir()
    sheets = synthetic.sheets(registrants=40, rooms=3, days=2)
    sheets["Event"].append(["base_url", "https://events.example.org/congress/"])
    write_xlsx(folder / "event.xlsx", sheets)
    return sheets


def test_a_moved_session_resends_only_the_invitations_that_changed(tmp_path, smtp_server, monkeypatch):
    _use(smtp_server, monkeypatch)
    folder = tmp_path / "congress"
    sheets = _congress(folder)
    assert run("invites", folder, "-o", tmp_path / "out", "--send").exit_code == 0
    speakers = {row[0]: row[6] for row in sheets["Speakers"][1:]}  # not registered: invited as speakers
    first = len(smtp_server.received)
    assert first == 40 + len(speakers)
    registrants = sheets["Registrants"][1:]
    moved = next(row[7].split(", ")[1] for row in registrants if row[7])  # a session someone chose
    row = next(r for r in sheets["Sessions"][1:] if r[0] == moved)
    speaker = speakers[row[7]]
    concerned = {r[2] for r in registrants if moved in r[7].split(", ")} | {speaker}
    to_speaker = next(r for r in smtp_server.received if r.rcpt_tos[0] == speaker)
    assert row[6] in str(_vevent(to_speaker.content)["DESCRIPTION"])  # their own session
    row[2], row[3] = _shift(row[2], 15), _shift(row[3], 15)
    write_xlsx(folder / "event.xlsx", sheets)
    changes = run("invites", folder, "-o", tmp_path / "out", "--changes")
    first_line = changes.output.splitlines()[0]
    assert first_line.startswith(f"{len(concerned)} invitation(s) to send again: start moved from "
                                 f"{_shift(row[2], -15):%H:%M} to {row[2]:%H:%M}") and f"“{row[6]}”" in first_line and "(speaker)" in first_line
    golden = Path(__file__).parent / "golden" / "changes-moved-session.txt"  # read as the organiser reads it
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(changes.output, encoding="utf-8")
    assert changes.output == golden.read_text(encoding="utf-8")
    assert run("invites", folder, "-o", tmp_path / "out", "--send").exit_code == 0
    again = smtp_server.received[first:]
    assert {r.rcpt_tos[0] for r in again} == concerned
    assert {int(_vevent(r.content)["SEQUENCE"]) for r in again} == {1}
    assert all(moved_line(r.content, row) for r in again)


def _shift(moment, minutes: int):
    return (datetime.datetime.combine(datetime.date.min, moment) + datetime.timedelta(minutes=minutes)).time()


def moved_line(content: bytes, row) -> bool:
    return f"{row[2]:%H:%M}–{row[3]:%H:%M} {row[6]}" in str(_vevent(content)["DESCRIPTION"])


def test_a_removed_registrant_gets_a_cancellation_once(event, tmp_path, smtp_server, monkeypatch):
    _use(smtp_server, monkeypatch)
    folder = event.write()
    assert run("invites", folder, "-o", tmp_path / "out", "--send").exit_code == 0
    event.sheets["Registrants"].pop()  # Jean Dupont leaves
    folder = event.write()
    result = run("invites", folder, "-o", tmp_path / "out", "--send")
    assert result.exit_code == 0, result.output
    assert "1 invitation(s) cancelled (no longer in the workbook): Jean Dupont" in result.output
    cancel = smtp_server.received[2:]
    assert [tuple(r.rcpt_tos) for r in cancel] == [("jean.dupont@cci-nice.fr",)]
    assert str(_calendar_part(cancel[0].content)["METHOD"]) == "CANCEL"
    assert int(_vevent(cancel[0].content)["SEQUENCE"]) == 1
    assert run("invites", folder, "-o", tmp_path / "out", "--send").exit_code == 0
    assert len(smtp_server.received) == 3  # cancelled once, not at every run


def test_names_cannot_inject_headers_and_are_encoded(event, tmp_path, smtp_server, monkeypatch):
    _use(smtp_server, monkeypatch)
    event.set("Registrants!A3", 'Jean "J", l\'ami').set("Registrants!B3", "Dupont\nBcc: evil@example.org")
    event.set("Registrants!A2", "Дмитрий").set("Event!B2", 'Journée « réseaux », "sociaux"')
    event.set("Event!A7", "organiser").set("Event!B7", "ACFCI, Paris")
    assert run("invites", event.write(), "-o", tmp_path / "out", "--send").exit_code == 0
    assert sorted(r.rcpt_tos[0] for r in smtp_server.received) == ["jean.dupont@cci-nice.fr", "zoe.durand@cci-paris.fr"]
    for received in smtp_server.received:
        head = received.content.split(b"\r\n\r\n", 1)[0]
        assert head.isascii() and b"\nBcc" not in head and not re.search(rb"^Bcc:", head, re.M | re.I)
    messages = {r.rcpt_tos[0]: email.message_from_bytes(r.content, policy=policy.default)
                for r in smtp_server.received}
    jean = messages["jean.dupont@cci-nice.fr"]
    assert jean["To"].addresses[0].display_name == 'Jean "J", l\'ami Dupont Bcc: evil@example.org'
    assert jean["To"].addresses[0].addr_spec == "jean.dupont@cci-nice.fr"
    assert str(jean["From"]) == '"ACFCI, Paris" <contact@example.org>'
    assert str(jean["Subject"]) == "Invitation: Journée « réseaux », \"sociaux\" — Tuesday 19 October 2010"
    assert messages["zoe.durand@cci-paris.fr"]["To"].addresses[0].display_name == "Дмитрий Durand"


def test_email_has_text_html_calendar_and_attachment(event, tmp_path):
    out = tmp_path / "out"
    assert run("invites", event.write(), "-o", out).exit_code == 0
    raw = next((out / "invites").glob("*.eml")).read_bytes()
    message = email.message_from_bytes(raw, policy=policy.default)
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar", "application/ics"]
    calendar_part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert calendar_part.get_param("method") == "REQUEST"
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_content()
    assert "09:30 – 10:15  Opening — Ludovic Bour" in text
    attachment = next(p for p in message.walk() if p.get_content_type() == "application/ics")
    assert attachment.get_filename() == "invite.ics" and attachment.get_content() == calendar_part.get_content().encode()


def test_attach_badge_adds_the_persons_own_badge(event, tmp_path):
    from pypdf import PdfReader
    import io

    out = tmp_path / "out"
    common = [("Anne", "Dupont"), ("Denis", "Dupont"), ("Anne", "Denis"), ("Denis", "Anne")]
    event.sheets["Registrants"][1:] = [[first, last, f"p{n}@cci-nice.fr", "CCI Nice", "participant", "no"]
                                       for n, (first, last) in enumerate([*common, ("Øyvind", "Ødegård")])]
    assert run("invites", event.write(), "-o", out, "--attach-badge").exit_code == 0
    programs = {}
    for sent in sorted((out / "invites").glob("*.eml")):
        message = email.message_from_bytes(sent.read_bytes(), policy=policy.default)
        badge = next(p for p in message.walk() if p.get_content_type() == "application/pdf")
        pages = PdfReader(io.BytesIO(badge.get_content())).pages
        assert len(pages) == 1 and round(float(pages[0].mediabox.width) / 72 * 25.4) == 105
        name = message["To"].addresses[0].display_name
        assert name.split()[0] in pages[0].extract_text(), (name, pages[0].extract_text())
        fonts = pages[0]["/Resources"]["/Font"]
        programs[name] = tuple(fonts[face]["/DescendantFonts"][0].get_object()["/FontDescriptor"]["/FontFile2"]
                               .get_data() for face in ("/F1", "/F2"))
    assert len(programs) == 5
    # letters on two badges or more are everyone's: those badges' fonts are one subset, made once; the
    # rarer Ø and å make that badge's subset its own, rather than every attachment carrying them
    assert len({programs[" ".join(name)] for name in common}) == 1
    assert programs["Øyvind Ødegård"] != programs["Anne Dupont"]


def test_attach_badge_gives_speakers_invited_as_speakers_their_badge(event, tmp_path):
    """Bour did not register: his speaker badge. The lawyer registered under his name with another email: he
    is invited twice (as a registrant, and as a speaker at the Speakers sheet's email), his badge with the
    first only."""
    from pypdf import PdfReader
    import io

    speakers = event.sheets["Speakers"]
    speakers[0].append("email")
    speakers[1].append("ludovic.bour@acfci.fr")
    speakers[2].append("office@bensussan.fr")
    event.sheets["Registrants"].append(["", "", "maitre@bensussan.fr", "Cabinet Bensussan", "speaker", "no"])
    event.sheets["Registrants"][0].append("job_title")
    event.sheets["Registrants"][-1].append("Lawyer")
    out = tmp_path / "out"
    result = run("invites", event.write(), "-o", out, "--attach-badge")
    assert result.exit_code == 0, result.output
    badges = {}
    for sent in (out / "invites").glob("*.eml"):
        message = email.message_from_bytes(sent.read_bytes(), policy=policy.default)
        pdf = next((p for p in message.walk() if p.get_content_type() == "application/pdf"), None)
        text = pdf and PdfReader(io.BytesIO(pdf.get_content())).pages[0].extract_text()
        badges[message["To"].addresses[0].addr_spec] = text
    assert "Ludovic" in badges["ludovic.bour@acfci.fr"] and "Bour" in badges["ludovic.bour@acfci.fr"]
    assert "Lawyer" in badges["maitre@bensussan.fr"]
    assert badges["office@bensussan.fr"] is None  # matched by name only: the registrant's pass is not mailed elsewhere


def test_same_input_same_output_with_source_date_epoch(event, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1287446400")
    folder = event.write()
    outputs = []
    for name in ("one", "two"):
        shutil.rmtree(folder / ".confkit", ignore_errors=True)
        assert run("invites", folder, "-o", tmp_path / name).exit_code == 0
        outputs.append({p.relative_to(tmp_path / name): p.read_bytes() for p in (tmp_path / name).rglob("*")
                        if p.is_file()})
    assert outputs[0] == outputs[1]
    assert b"DTSTAMP:20101019T000000Z" in next(v for k, v in outputs[0].items() if k.suffix == ".ics")


def test_without_organiser_email_no_invitation_is_written_and_check_warns(event, tmp_path):
    event.sheets["Event"] = [row for row in event.sheets["Event"] if row[0] != "organiser_email"]
    folder = event.write()
    check = run("check", folder)
    assert "Event!A7: warning: no organiser email: invitations need one" in check.output
    out = tmp_path / "out"
    result = run("invites", folder, "-o", out)
    assert result.exit_code == 0
    assert "no invitation written: the Event sheet has no organiser email" in result.output
    assert not (out / "invites").exists() and (out / "calendar" / "event.ics").exists()


def test_a_missing_organiser_email_keeps_the_invitations_history(event, tmp_path):
    out = tmp_path / "out"
    assert run("invites", event.write(), "-o", out).exit_code == 0
    organiser = next(row for row in event.sheets["Event"] if row[0] == "organiser_email")
    event.sheets["Event"].remove(organiser)
    assert run("invites", event.write(), "-o", out).exit_code == 0
    event.sheets["Event"].append(organiser)
    again = run("invites", event.write(), "-o", out, "--changes")  # unchanged, but never sent: says so
    assert again.output.splitlines()[0] == "2 message(s) not sent yet" and "no change" not in again.output


def test_a_removed_session_is_published_as_cancelled(event, tmp_path):
    out = tmp_path / "out"
    assert run("invites", event.write(), "-o", out).exit_code == 0
    event.sheets["Sessions"].pop()  # E-reputation is dropped
    folder = event.write()
    changes = run("invites", folder, "-o", out, "--changes")
    assert "session cancelled: E-reputation" in changes.output.splitlines()
    assert run("invites", folder, "-o", out).exit_code == 0
    cancelled = Calendar.from_ical((out / "calendar" / "sessions" / "s2.ics").read_bytes())
    vevent = next(c for c in cancelled.walk() if c.name == "VEVENT")
    assert (str(cancelled["METHOD"]), str(vevent["STATUS"]), int(vevent["SEQUENCE"])) == ("CANCEL", "CANCELLED", 1)
    assert "E-reputation" not in (out / "calendar" / "event.ics").read_text(encoding="utf-8")


@pytest.mark.parametrize("flag", ["--changes", "--dry-run"])
def test_unreadable_sent_journal_is_a_message_when_only_listing(event, tmp_path, flag):
    folder = event.write()
    journal = folder / ".confkit" / "sent.jsonl"
    journal.mkdir(parents=True)  # a folder where the journal goes: it cannot be read
    args = ["invites", folder, "-o", tmp_path / "out", flag] + (["--send"] if flag == "--dry-run" else [])
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("cannot read the sent-journal")


@pytest.mark.parametrize("name", ["Assemblée des chambres françaises de commerce et d’industrie (ACFCI)",
                                  "Ludovic Bour Élodie", "Ünïcödé Ünïcödé", 'Zoé "Z" O’Brien, PhD', "Zoé"])
def test_a_display_name_reads_whole_in_python_and_in_rfc_2047_readers(name):
    from email import header, message_from_bytes, policy

    from confkit.invites import mail

    written = mail.address(name, "contact@example.org")
    parsed = message_from_bytes(f"From: {written}\r\n\r\n".encode(), policy=policy.default)
    assert parsed["From"].addresses[0].display_name == name
    decoded = "".join(part.decode(charset or "ascii") if isinstance(part, bytes) else part
                      for part, charset in header.decode_header(written.rsplit(" <", 1)[0]))
    assert decoded == name
    assert all(len(word) <= 75 for word in written.split())


def test_a_throttled_send_counts_down_to_the_next_message(event, tmp_path, smtp_server, monkeypatch):
    _use(smtp_server, monkeypatch)
    result = run("invites", event.write(), "-o", tmp_path / "out", "--send", "--rate", "40")
    assert result.exit_code == 0 and len(smtp_server.received) == 2
    assert "Sending (next message in 2 s)" in result.output and result.output.index("Sending") < result.output.index(
        "next message")
    assert "2 sent, 0 already sent before, 0 failed" in result.output


def test_a_rebuild_keeps_each_unchanged_version_byte_for_byte_and_links_it(tmp_path, monkeypatch):
    """The night before the congress: a moved session rewrites the files it concerns, with the time of this
    run; every other invitation and calendar keeps the bytes (DTSTAMP, Date) of the run that issued it,
    and the writer links it from the previous OUT instead of writing it again."""
    folder, out = tmp_path / "congress", tmp_path / "out"
    sheets = _congress(folder)

    def build(epoch: int) -> dict[str, tuple[int, bytes]]:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        assert run("invites", folder, "-o", out).exit_code == 0
        return {str(p.relative_to(out)): (p.stat().st_ino, p.read_bytes()) for p in out.rglob("*")
                if p.is_file() and p.name != ".confkit-manifest.json"}

    first = build(1_000_000_000)  # 2001-09-09T01:46:40Z
    again = build(1_100_000_000)  # 2004-11-09: nothing changed since
    assert again == first  # the same bytes, and the same files: linked, not rewritten

    registrants = sheets["Registrants"][1:]
    chosen = {sid for r in registrants for sid in r[7].split(", ") if sid}
    row = next(r for r in sheets["Sessions"][1:] if r[0] in chosen and r[2] == datetime.time(11))  # mid-day:
    moved = row[0]  # the day's span, which every invitation gives, stays the same
    row[2], row[3] = _shift(row[2], 15), _shift(row[3], 15)
    write_xlsx(folder / "event.xlsx", sheets)
    moved_on = build(1_200_000_000)  # 2008-01-10
    changed = {name for name in first if moved_on[name] != first[name]}
    concerned = {r[2] for r in registrants if moved in r[7].split(", ")}
    recipients = {email.message_from_bytes(moved_on[name][1], policy=policy.default)["To"].addresses[0].addr_spec
                  for name in changed if name.endswith(".eml")}
    assert concerned <= recipients and len(recipients) == len(concerned) + 1  # and the session's speaker
    assert f"calendar/sessions/{moved}.ics" in changed and "calendar/event.ics" in changed
    assert len(changed) < len(first) / 3
    for name in changed:
        assert moved_on[name][0] != first[name][0]
        if name.endswith(".ics"):
            assert b"DTSTAMP:20080110T" in moved_on[name][1]
    kept = next(name for name in first if name.endswith(".eml") and name not in changed)
    assert "Date: Sun, 09 Sep 2001 01:46:40 +0000" in moved_on[kept][1].decode()
    other_session = next(name for name in first if name.startswith("calendar/sessions/") and name not in changed)
    assert b"DTSTAMP:20010909T014640Z" in moved_on[other_session][1]


@pytest.mark.parametrize("kept", ["2010-10-19T08:00:00", "not a time", ["a", "list"], None])
def test_an_issue_time_the_state_cannot_give_is_now(kept):
    """A state written before confkit kept issue times, or edited by hand: the version is stamped now."""
    import datetime as dt
    from confkit.invites.plan import _issued

    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    assert _issued({"sequence": 2, "issued": kept}, 2, now) == now
    assert _issued({"sequence": 2, "issued": "2010-10-19T08:00:00+00:00"}, 2, now).year == 2010
    assert _issued({"sequence": 1, "issued": "2010-10-19T08:00:00+00:00"}, 2, now) == now  # a new version
