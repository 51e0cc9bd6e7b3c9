"""Invitation emails: text and HTML in the event's language, with the invitation inside.

The structure is the one that Outlook, Gmail and Apple Mail all show as an invitation
with Accept / Decline: multipart/mixed holding a multipart/alternative (text, HTML and
a `text/calendar; method=REQUEST` part) and the same .ics as an attachment. A name
containing a line break cannot add a header (controls become spaces first), and
non-ASCII names and subjects are encoded as RFC 2047 words. Boundaries derive from the
invitation, so the same input gives the same bytes.

A message is rendered into a `Letter`, then written as bytes from prepared pieces: the
headers of every part, folded once by the email package, and bodies encoded line by
line with the email package's own quoted-printable, each distinct line once per run.
The bytes are those the email package's classes write (tests/test_eml_writer.py), in a
twentieth of the time: 20,000 invitations spent half their time in MIME classes.
"""

from __future__ import annotations

import binascii
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from email import charset, policy, quoprimime
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.message import Message
from email.utils import format_datetime, formataddr
from functools import lru_cache

from markupsafe import Markup

from confkit import views
from confkit.identity import fold
from confkit.model import Event, Registrant
from confkit.text import dates as babel_dates
from confkit.text.labels import LABELS
from confkit.text.clean import one_line

_UTF8 = charset.Charset("utf-8")
_UTF8.body_encoding = charset.QP  # readable in any mail source view, and 7-bit safe
_WIRE = policy.compat32.clone(linesep="\r\n")


@dataclass(frozen=True, slots=True)
class Letter:
    """Everything one message says, rendered: what `written` turns into bytes."""

    subject: str
    sender: str  # the From address, as `address` writes it
    recipient: str  # the To address
    date: str
    message_id: str
    seed: str  # the boundaries' stem: the same invitation, the same bytes
    method: str  # REQUEST or CANCEL, on the calendar part
    text: str
    html: str
    calendar: bytes
    attachments: tuple[tuple[str, str, bytes], ...]  # (application/ subtype, file name, data)


def invitation(event: Event, person: Registrant, ics: bytes, env, sequence: int, method: str,
               now: dt.datetime, uid: str, badge: bytes | None = None, glance: dict | None = None) -> bytes:
    """The whole message, as bytes with CRLF line ends, ready for SMTP.

    `glance` is the programme at a glance, rendered once for all (see `glance_of`)."""
    return written(compose(event, person, ics, env, sequence, method, now, uid, badge, glance))


def compose(event: Event, person: Registrant, ics: bytes, env, sequence: int, method: str,
           now: dt.datetime, uid: str, badge: bytes | None = None, glance: dict | None = None) -> Letter:
    """The message rendered: its headers' values, its text and HTML, its attachments."""
    subject_line = subject(event, sequence, method)
    context = _context(event, person, sequence, method, subject_line) | {"glance": glance or glance_of(event, env)}
    attachments = (("ics", "invite.ics", ics),)
    if badge is not None:
        attachments += (("pdf", LABELS[event.language]["badges"].lower() + ".pdf", badge),)
    return Letter(subject_line, _sender(event.organiser or event.title, event.organiser_email),
                  _address(context["name"], person.email), _date(now), f"<{sequence}.{method.lower()}.{uid}>",
                  hashlib.sha256(f"{uid}/{sequence}/{method}".encode()).hexdigest()[:16], method,
                  env.get_template("mail/invitation.txt").render(context),
                  env.get_template("mail/invitation.html").render(context), ics, attachments)


def written(letter: Letter) -> bytes:
    """The message's bytes: multipart/mixed > multipart/alternative > text/plain, text/html, text/calendar,
    then the attachments, as the email package's compat32 generator writes them."""
    seed = letter.seed.encode()
    calendar = _calendar_head(letter.method) + _quoted_printable(letter.calendar.decode())
    alternative = [_TEXT + _quoted_printable(letter.text), _HTML + _quoted_printable(letter.html), calendar]
    parts = [_ALTERNATIVE.replace(_SEED, seed) + _multipart(seed + b"_1", alternative)]
    parts += [_attachment_head(subtype, name) + _base64(data) for subtype, name, data in letter.attachments]
    head = (_MIXED.replace(_SEED, seed), _subject_header(letter.subject), _same_header("From", letter.sender),
            _header("To", letter.recipient), _same_header("Date", letter.date),
            _header("Message-ID", letter.message_id))
    return b"".join(head) + b"\r\n" + _multipart(seed + b"_0", parts)


def _multipart(stem: bytes, parts: list[bytes]) -> bytes:
    """A multipart body: each part after its boundary line, then the closing one."""
    boundary = b"--=_confkit_" + stem
    return boundary + b"\r\n" + (b"\r\n" + boundary + b"\r\n").join(parts) + b"\r\n" + boundary + b"--\r\n"


def _head(part: Message) -> bytes:
    """A part's headers and the blank line after them, folded by the email package."""
    return b"".join(_WIRE.fold_binary(name, value) for name, value in part.raw_items()) + b"\r\n"


_SEED = b"0" * 16  # a seed's length: the prepared multipart headers fold as the real ones do
_MIXED = _head(MIMEMultipart("mixed", boundary=f"=_confkit_{_SEED.decode()}_0"))[:-2]  # more headers follow
_ALTERNATIVE = _head(MIMEMultipart("alternative", boundary=f"=_confkit_{_SEED.decode()}_1"))
_TEXT = _head(MIMEText("", "plain", _UTF8))
_HTML = _head(MIMEText("", "html", _UTF8))


@lru_cache(maxsize=4)
def _calendar_head(method: str) -> bytes:
    calendar = MIMEText("", "calendar", _UTF8)
    calendar.set_param("method", method)
    return _head(calendar)


@lru_cache(maxsize=16)
def _attachment_head(subtype: str, filename: str) -> bytes:
    part = MIMEApplication(b"", subtype)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return _head(part)


@lru_cache(maxsize=64)
def _subject_header(line: str) -> bytes:
    """The same for everyone invited the same way: folded once."""
    return _WIRE.fold_binary("Subject", Header(line, "utf-8") if not line.isascii() else line)


_date = lru_cache(maxsize=256)(format_datetime)  # when each version was issued: a few times for all
_FOLDS_AT = re.compile(r"[;, \t]")  # where the email package's compat32 folding may cut a header


def _header(name: str, value: str) -> bytes:
    """`Name: value` as the email package folds it at 78 columns: written at once when it fits or when the
    value is one printable word (then alone on the next line), by the email package otherwise."""
    if value.isascii() and value.isprintable() and value == value.strip():
        if len(name) + 2 + len(value) <= 78:
            return f"{name}: {value}\r\n".encode()
        if not _FOLDS_AT.search(value):
            return f"{name}: \r\n {value}\r\n".encode()
    return _WIRE.fold_binary(name, value)


_same_header = lru_cache(maxsize=256)(_header)  # From and Date: shared by most messages of a run


class _Encoded(dict):
    """line -> its quoted-printable lines, each line encoded when first met: the templates', the
    programme's and the time zone's lines recur in every message."""

    def __missing__(self, line: str) -> str:
        encoded = self[line] = quoprimime.body_encode(line.encode().decode("latin-1"), eol="\r\n")
        return encoded


_ENCODED = _Encoded()
_KEEP = 4096  # lines remembered at most (about 2 MB); then forgotten all at once, and learnt again


def _quoted_printable(text: str) -> bytes:
    """`text` in UTF-8 as the email package's quoted-printable body (email.quoprimime, 76 columns, CRLF).

    That encoder works on each line alone, so each line is looked up. A line is cut at LF and CRLF only,
    never at Unicode's separators; a lone CR left inside is a line end to the encoder as to the email package."""
    if len(_ENCODED) > _KEEP:
        _ENCODED.clear()
    return "\r\n".join(map(_ENCODED.__getitem__, text.replace("\r\n", "\n").split("\n"))).encode("ascii")


def _base64(data: bytes) -> bytes:
    """`data` in base64 lines of 76 columns, as base64.encodebytes writes them but with CRLF."""
    encoded = binascii.b2a_base64(data, newline=False)
    return b"".join([encoded[i:i + 76] + b"\r\n" for i in range(0, len(encoded), 76)])


def address(name: str, email: str) -> str:
    """`"Name" <a@b>`, RFC 2047-encoded; line breaks and controls in the name become spaces first,
    so no name can add a header."""
    return _address(one_line(name), email)


def _address(name: str, email: str) -> str:
    """`address` of a name already on one line."""
    if name.isascii():
        return formataddr((name, email))
    return f"{' '.join(_encoded_words(name))} <{email}>"


_sender = lru_cache(maxsize=16)(address)  # the organiser's: the same in every message
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")  # RFC 5322 atext: a word that needs no encoding


def _encoded_words(name: str, most: int = 40) -> list[str]:
    """`name` as a phrase of plain words and RFC 2047 encoded words, each run of words that need
    encoding (accents, punctuation) one encoded word with its spaces inside. Readers drop the blanks
    between two encoded words (RFC 2047) or keep them (Python's email package): only a blank beside a
    plain word means the same to both, so "d’industrie" is never cut and no space is lost or doubled."""
    runs: list[tuple[bool, list[str]]] = []
    for word in name.split(" "):
        plain = bool(_ATOM.fullmatch(word))
        if runs and runs[-1][0] == plain and (plain or len(" ".join(runs[-1][1] + [word])) <= most):
            runs[-1][1].append(word)
        else:
            runs.append((plain, [word]))
    return [" ".join(words) if plain else _encoded_word(" ".join(words)) for plain, words in runs]


@lru_cache(maxsize=4096)
def _encoded_word(text: str) -> str:
    """One RFC 2047 word, by the email package; first and last names recur among thousands of people."""
    return Header(text, "utf-8").encode(maxlinelen=998)


def _is(speaker, person: Registrant) -> bool:
    """Whether a speaker of the Speakers sheet is this invitee (by email, or as `speaker+<id>`)."""
    return person.id == views.SPEAKER_INVITEE + speaker.id or bool(
        person.email and speaker.email and speaker.email.strip().casefold() == person.email.strip().casefold())


def place(event: Event) -> str:
    """Venue, address and city, each said once: "75017 Paris" already names Paris."""
    parts: list[str] = []
    for part in (event.venue, event.address, event.city):
        if part and not any(fold(part) in fold(said) for said in parts):
            parts.append(part)
    return ", ".join(parts)


def access_notes(event: Event) -> list[tuple[str, str]]:
    """(rooms, note): each access note once, with the rooms it is for, in the Rooms sheet's order."""
    notes: dict[str, list[str]] = {}
    for room in event.rooms:
        if room.notes:
            notes.setdefault(room.notes.strip(), []).append(room.name)
    return [(", ".join(rooms), note) for note, rooms in notes.items()]


def glance_of(event: Event, env) -> dict:
    """The programme at a glance, as text and HTML, the same in every email of an event: rendered once.

    Only for one room: with parallel tracks the whole programme would make each email huge,
    and the link to the programme serves better.
    """
    if len(views.room_order(event)) > 1:
        return _Fields(text="", html=Markup(""))
    context = {"event": event, "lang": event.language, "t": LABELS[event.language], "days": views.days(event),
               "brand": event.brand_colour or "#1F4E79"}
    return _Fields(text=env.get_template("mail/glance.txt").render(**context),
                   html=Markup(env.get_template("mail/glance.html").render(**context)))


class _Fields(dict):
    """A dict whose keys read as attributes too: Jinja finds `t.hello` at once, where on a plain dict it
    fails getattr first (a sixth of a message's rendering). One per event: its self-reference is no cost."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__ = self


def subject(event: Event, sequence: int, method: str) -> str:
    t = LABELS[event.language]
    word = t["subject_cancel"] if method == "CANCEL" else t["subject_update"] if sequence else t["subject_invite"]
    colon = "\u00a0: " if event.language == "fr" else ": "
    shared = _shared(event)
    return f"{word}{colon}{shared['title']} — {shared['context']['dates']}"


def _shared(event: Event) -> dict:
    """What every email of an event says alike, worked out once per event (Babel's dates, the place,
    the first start time, each session's moment and place in the programme)."""
    def make(event: Event) -> dict:
        lang = event.language
        context = {"event": event, "lang": lang, "t": _Fields(LABELS[lang]),
                   "dates": babel_dates.span(event.start_date, event.end_date, lang),
                   "starts": babel_dates.time(min(s.start for s in event.sessions), lang) if event.sessions else "",
                   "place": place(event), "access": access_notes(event),
                   "programme_url": views.programme_url(event), "brand": event.brand_colour or "#1F4E79"}
        return {"context": context, "title": one_line(event.title),
                "when": {s.id: babel_dates.moment(s.start, lang) for s in event.sessions},
                "rank": {s.id: rank for rank, s in enumerate(views.ordered(event))}}
    return views.per_event(event, "mail", make)


def _context(event: Event, person: Registrant, sequence: int, method: str, subject_line: str) -> dict:
    shared = _shared(event)
    when = shared["when"]
    chosen = sorted((event.session_by_id[i] for i in person.session_ids if i in event.session_by_id),
                    key=lambda s: shared["rank"][s.id])  # views.ordered's order, its ranks looked up once
    return shared["context"] | {
        "name": one_line(person.name), "sequence": sequence, "method": method, "subject": subject_line,
        "chosen": [{"session": s, "when": when[s.id]} for s in chosen],
        "stage": [{"session": s, "when": when[s.id],
                   "with": [views.person(p).name for p in s.speakers if not _is(p, person)],
                   "moderator": views.person(s.moderator).name if s.moderator and not _is(s.moderator, person)
                   else ""} for s in views.stage_sessions(event, person)]}
