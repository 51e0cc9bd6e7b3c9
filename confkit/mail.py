"""Invitation emails: text and HTML in the event's language, with the invitation inside.

The structure is the one that Outlook, Gmail and Apple Mail all show as an invitation
with Accept / Decline: multipart/mixed holding a multipart/alternative (text, HTML and
a `text/calendar; method=REQUEST` part) and the same .ics as an attachment. Headers
are built with the email package's Address objects, so that a name containing a line
break cannot add a header (it is folded into spaces first), and non-ASCII names and
subjects are encoded as RFC 2047 words (RFC 6532 UTF-8 when an address needs it).
"""

from __future__ import annotations

import datetime as dt
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from . import babel_dates, programme
from .labels import LABELS
from .model import Event, Registrant


def invitation(event: Event, person: Registrant, ics: bytes, env, sequence: int, method: str,
               now: dt.datetime, uid: str, badge: bytes | None = None) -> bytes:
    """The whole message, as bytes with CRLF line ends, ready for SMTP."""
    t = LABELS[event.language]
    message = EmailMessage(policy=_policy(event, person))
    message["Subject"] = subject(event, sequence, method)
    message["From"] = address(event.organiser or event.title, event.organiser_email)
    message["To"] = address(person.name, person.email)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = f"<{sequence}.{method.lower()}.{uid}>"
    context = _context(event, person, sequence, method, message["Subject"])
    message.set_content(env.get_template("mail/invitation.txt").render(**context))
    message.add_alternative(env.get_template("mail/invitation.html").render(**context), subtype="html")
    message.add_alternative(ics.decode(), subtype="calendar", params={"method": method})
    message.make_mixed()
    message.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    if badge is not None:
        message.add_attachment(badge, maintype="application", subtype="pdf", filename=t["badges"].lower() + ".pdf")
    _stable_boundaries(message, uid, sequence)
    return message.as_bytes()


def _stable_boundaries(message: EmailMessage, uid: str, sequence: int) -> None:
    """MIME boundaries derived from the message, not random: same input, same bytes."""
    import hashlib

    seed = hashlib.sha256(f"{uid}/{sequence}".encode()).hexdigest()[:16]
    for number, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_confkit_{seed}_{number}")


def subject(event: Event, sequence: int, method: str) -> str:
    t = LABELS[event.language]
    word = t["subject_cancel"] if method == "CANCEL" else t["subject_update"] if sequence else t["subject_invite"]
    colon = "\u00a0: " if event.language == "fr" else ": "
    return f"{word}{colon}{one_line(event.title)} — {babel_dates.span(event.start_date, event.end_date, event.language)}"


def address(name: str, email: str) -> Address:
    """An address whose display name can carry no header: line breaks and controls become spaces."""
    local, _, domain = email.partition("@")
    return Address(display_name=one_line(name), username=local, domain=domain)


def one_line(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _policy(event: Event, person: Registrant):
    """SMTP's policy; its UTF-8 variant (RFC 6532) only when an address is not ASCII."""
    plain = (event.organiser_email + person.email).isascii()
    return (policy.SMTP if plain else policy.SMTPUTF8).clone(max_line_length=78)


def _context(event: Event, person: Registrant, sequence: int, method: str, subject_line: str) -> dict:
    chosen = [event.session_by_id[i] for i in person.session_ids if i in event.session_by_id]
    return {"event": event, "lang": event.language, "t": LABELS[event.language], "name": one_line(person.name),
            "sequence": sequence, "method": method, "subject": subject_line,
            "dates": babel_dates.span(event.start_date, event.end_date, event.language),
            "days": programme.days(event), "chosen": sorted(chosen, key=lambda s: s.start),
            "access": [room.notes for room in event.rooms if room.notes],
            "programme_url": event.base_url.rstrip("/") + "/programme.html" if event.base_url else "",
            "brand": event.brand_colour or "#1F4E79"}
