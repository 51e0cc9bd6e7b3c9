"""The invitation .eml is written from prepared pieces (confkit.invites.mail.written): these tests prove it
writes the very bytes the email package's classes wrote before, for the sample's people and for hostile ones,
and that those bytes read back as what the letter says."""

import email
import shutil
from email import charset, policy
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from confkit import pipeline
from confkit.invites import ics, mail
from confkit.invites.plan import issued
from confkit.outputs import InvitationOptions

SAMPLE = Path(__file__).resolve().parent.parent / "sample_event"
WIRE = policy.compat32.clone(linesep="\r\n")
UTF8 = charset.Charset("utf-8")
UTF8.body_encoding = charset.QP


def by_the_email_package(letter: mail.Letter) -> bytes:
    """The message as confkit wrote it with the email package's classes until the writer: the reference."""
    alternative = MIMEMultipart("alternative", boundary=f"=_confkit_{letter.seed}_1")
    alternative.attach(MIMEText(letter.text, "plain", UTF8))
    alternative.attach(MIMEText(letter.html, "html", UTF8))
    calendar = MIMEText(letter.calendar.decode(), "calendar", UTF8)
    calendar.set_param("method", letter.method)
    alternative.attach(calendar)
    message = MIMEMultipart("mixed", boundary=f"=_confkit_{letter.seed}_0")
    message.attach(alternative)
    for subtype, filename, data in letter.attachments:
        part = MIMEApplication(data, subtype)
        part.add_header("Content-Disposition", "attachment", filename=filename)
        message.attach(part)
    message["Subject"] = Header(letter.subject, "utf-8") if not letter.subject.isascii() else letter.subject
    message["From"] = letter.sender
    message["To"] = letter.recipient
    message["Date"] = letter.date
    message["Message-ID"] = letter.message_id
    return message.as_bytes(policy=WIRE)


def reading(raw: bytes) -> tuple:
    """What a mail client reads: decoded headers of every part, the part tree, each payload's bytes."""
    message = email.message_from_bytes(raw, policy=policy.default)
    return [([(name, str(value)) for name, value in part.items()], part.get_content_type(),
             None if part.is_multipart() else part.get_payload(decode=True)) for part in message.walk()]


def assert_same_and_well_formed(letter: mail.Letter) -> bytes:
    """The writer's message reads as the email package's, is the same bytes, and keeps RFC 5322's lengths."""
    written, reference = mail.written(letter), by_the_email_package(letter)
    assert reading(written) == reading(reference)
    assert written == reference
    head, body = written.split(b"\r\n\r\n", 1)
    assert all(len(line) <= 998 for line in written.split(b"\r\n"))
    for line in head.split(b"\r\n"):  # 78 columns, but for a word that no fold can cut
        assert len(line) <= 78 or len(line.split(b": ", 1)[-1].split()) == 1, line
    assert all(len(line) <= 76 for line in body.split(b"\r\n") if not line.startswith(b"Content-"))
    return written


def people_messages(folder: Path, attach_badge: bool = False, most: int | None = None):
    """(the plan's message, its letter) for each invitee; the first ten updated and cancelled too."""
    context = pipeline.load(pipeline.checked(folder).event, None)
    plan = issued(context, InvitationOptions(attach_badge=attach_badge))
    build = plan.builder
    for number, (person, _sequence, _method, stamp) in enumerate(plan.invitations[:most]):
        for sequence, method in ((0, "REQUEST"), (2, "REQUEST"), (3, "CANCEL"))[:3 if number < 10 else 1]:
            calendar, message = build(person, sequence, method, stamp)
            badge = build.badge(person) if build.badge and method == "REQUEST" else None
            yield message, mail.compose(build.event, person, calendar, build.env, sequence, method, stamp,
                                       ics.invitation_uid(build.event, person.id), badge, build.glance)


@pytest.mark.parametrize("attach_badge, most", [(False, None), (True, 2)])  # a badge takes long to draw
def test_the_sample_messages_are_the_email_packages_bytes(tmp_path, attach_badge, most):
    folder = tmp_path / "event"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns(".confkit"))
    count = 0
    for message, letter in people_messages(folder, attach_badge, most):
        assert message == assert_same_and_well_formed(letter)
        assert any(subtype == "pdf" for subtype, _name, _data in letter.attachments) == (
            attach_badge and letter.method == "REQUEST")
        count += 1
    assert count == (3 * most if most else 209 + 2 * 10)  # the sample's registrants and speakers with an email


HOSTILE_NAMES = [("Jean \"J\", l'ami", "Dupont, PhD"), ("Zoé", "O’Brien-Élisabeth de la Côte d’Azur"),
                 ("张伟", "欧阳"), ("😀 Ünïcödé", "🎉🎉🎉 Пётр Ильич Чайковский"),
                 ("Maximilian-Alexander Konstantin", "von und zu Hohenzollern-Sigmaringen-Württemberg-Baden"),
                 ("A" * 90, "B"), ("Tab\there", "Bcc: evil@example.org"), ("Ünïcöd" + "é" * 30, "X")]


def test_hostile_people_in_a_real_plan_get_the_email_packages_bytes(event, tmp_path):
    for row, (first, last) in enumerate(HOSTILE_NAMES, start=2):
        event.set(f"Registrants!A{row}", first).set(f"Registrants!B{row}", last)
        event.set(f"Registrants!C{row}", f"first.last+tag{row}@sub.example-domain.org")
        event.set(f"Registrants!E{row}", "participant").set(f"Registrants!F{row}", "yes")
    event.set("Event!B2", "Journée « réseaux », \"sociaux\" ; l’été 2010 — 研讨会 🎉" + " très long titre" * 6)
    event.set("Event!A8", "organiser").set("Event!B8", "Assemblée des chambres, \"ACFCI\" — Paris")
    count = 0
    for message, letter in people_messages(event.write()):
        written = assert_same_and_well_formed(letter)
        assert message == written
        to = email.message_from_bytes(written, policy=policy.default)["To"].addresses[0]
        assert to.addr_spec.startswith("first.last+tag")
        count += 1
    assert count == 3 * len(HOSTILE_NAMES)


LINES = ["From the start", ".", ". a dot", "..", "trailing space ", "trailing tab\t", "  ", "tab\tinside",
         "x" * 2000, "é" * 300, "=" * 100, "a=b=c=", "🎉" * 40, "CJK 中文字符" * 20, "<p>déjà vu</p>",
         "NUL\x00 BEL\x07 DEL\x7f NEL\x85 LS\u2028 PS\u2029 FF\x0c VT\x0b"]  # no line end to the encoder
# every way a line can meet the 76-column cut: a plain, an encoded, a 2-, 3- and 4-byte character, a space
EDGES = [("a" * n) + end for n in range(68, 80) for end in ("", "é", "€", "😀", " ", "\t", "=", " x", "From ")]
BODIES = ["", "\n", "\r\n", "\r", "one line without end", "\n".join(LINES), "\r\n".join(LINES) + "\r\n",
          "\r".join(LINES) + "\r", "mixed\r\nends\nand\rmore\r\n\r\n\n", "\n".join(EDGES),
          "\n".join(" " + e for e in EDGES) + "\n", "From the first line\nFrom the second\n"]


@pytest.mark.parametrize("body", BODIES)
def test_hostile_bodies_are_encoded_as_the_email_package_encodes_them(body, monkeypatch):
    monkeypatch.setattr(mail, "_KEEP", 5)  # the remembered lines are forgotten, and learnt again, on the way
    lines = body.replace("\r", "").replace("\n", "\r\n")
    calendar = ("BEGIN:VCALENDAR\r\n" + lines + "\r\nEND:VCALENDAR\r\n").encode()
    subject = "Invitation\u00a0: " + body[:200].replace("\n", " ").replace("\r", " ")
    letter = mail.Letter(
        subject, mail.address("Zoé “Z”", "z@example.org"),
        mail.address("Jean, \"J\"", "jean+x@example.org"), "Sat, 02 Oct 2010 06:13:20 +0000",
        "<0.request.invitation.abc@example.confkit>", "0123456789abcdef", "REQUEST", body, body, calendar,
        (("ics", "invite.ics", calendar), ("pdf", "badges.pdf", bytes(range(256)) * 3), ("pdf", "é.pdf", b"")))
    for _ in range(2):  # the second time from the remembered lines
        written = assert_same_and_well_formed(letter)
    message = email.message_from_bytes(written, policy=policy.default)
    text, html, part = (p.get_payload(decode=True) for p in message.walk() if p.get_content_maintype() == "text")
    crlf = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n").encode()
    assert text == html == crlf and part == calendar  # what the letter says, whatever the reference does


@pytest.mark.parametrize("value", [
    "<0.request.invitation.xwbn3oy3tg@acfci-reseaux-sociaux-2010.confkit>", "x" * 66, "x" * 72, "x" * 73, "x" * 74,
    "x" * 75, "x" * 200, "Jean Dupont <jean@example.org>", "a " * 40, "a  b", "a,b" * 30, "a;b" * 30,
    " leading", "trailing ", "tab\tin", "=?utf-8?b?SMOpbMOobmU=?= Allaire <hallaire@escpeurope.eu>",
    "=?utf-8?q?Assembl=C3=A9e?= des chambres =?utf-8?q?fran=C3=A7aises?= de commerce et d <l@a.fr>",
    "\"Maximilian-Alexander Konstantin von und zu Hohenzollern-Sigmaringen\" <max+tag@example.org>",
    "Zoé <zoe@exämple.org>", "line\nbreak", ""])
@pytest.mark.parametrize("name", ["To", "Message-ID", "From"])
def test_a_header_written_at_once_is_the_one_the_email_package_folds(name, value):
    assert mail._header(name, value) == WIRE.fold_binary(name, value)


def test_each_persons_sessions_are_listed_in_the_programmes_order(event):
    """The ranks `mail` looks up once give views.ordered's order: by start, then room, whatever the choice's."""
    from confkit import views

    event.sheets["Sessions"].append(["s3", "09:30", "10:00", "Annex", "talk", "Side room", "", ""])
    event.set("Registrants!G1", "sessions").set("Registrants!G2", "s2, s3, s1")
    model = pipeline.checked(event.write()).event
    person = model.registrants[0]
    listed = [entry["session"].id for entry in mail._context(model, person, 0, "REQUEST", "")["chosen"]]
    assert listed == [s.id for s in views.ordered(model, [model.session_by_id[i] for i in person.session_ids])]
    assert listed == ["s1", "s3", "s2"]
