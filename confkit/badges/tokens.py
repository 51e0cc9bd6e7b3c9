"""Signed check-in tokens for badge QR codes, and the vCard of networking badges.

A badge carries `CK1:` + base45(event tag | id length | holder id | Ed25519 signature).
The check-in desk verifies it offline with the public key alone (as pretix does), so a
badge cannot be forged from another one without the event's private key, which stays
in `EVENT/.confkit/signing.key` and never leaves the organiser's machine.

Format version 1, in bytes after base45 decoding (the prefix carries the version, so
there is no version byte):
    event tag   4 bytes   sha256(event id, UTF-8)[:4]: tells events apart, prints no name
    id length   1 byte    n, 1..255
    id          n bytes   holder id, UTF-8 (ASCII for every generated id): a registrant's id, or
                          `speaker:<id>` for a speaker who did not register; workbook ids hold no
                          colon, so no registrant can share a speaker's code. A reissued badge
                          (lost, misspelt) adds its edition, `<id>/2`: desks that know of edition 2
                          refuse edition 1 as replaced (workbook ids hold no slash either)
    signature  64 bytes   Ed25519 over b"CK1:" + all of the above
Base45 (RFC 9285) keeps the token in the QR alphanumeric set (upper case, digits,
` $%*+-./:`), denser than bytes mode. It never starts or ends with a space (a pair's
last digit is at most 5, a triple's at most 32), so stripping whitespace is safe.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from confkit.errors import UserError

PREFIX = "CK1:"
ALGORITHM = "Ed25519"
_ID = re.compile(r"[\w.-]+(?::[\w.-]+)?(?:/[1-9][0-9]{0,3})?")  # id, or kind:id, and /edition (see above)
_VERSIONED = re.compile(r"CK(\d+):")

class KeyProblem(UserError):
    """A key file that cannot be read, written or used."""


class InvalidToken(UserError):
    """A scanned code that is refused; `reason` is format, version, event or signature."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"token_{reason}")


# Base45, RFC 9285: two bytes -> three characters, a last lone byte -> two.
B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_B45_INDEX = {char: value for value, char in enumerate(B45)}


def b45encode(data: bytes) -> str:
    """RFC 9285: each two bytes (big-endian) as three digits, least significant first; a last lone byte
    as two. The first two digits of a pair come from a table: a congress encodes a million pairs."""
    even = len(data) - len(data) % 2
    low = _low_digits()
    text = "".join([low[n % 2025] + B45[n // 2025] for n in struct.unpack(f">{even // 2}H", data[:even])])
    return text + low[data[-1]] if even < len(data) else text


@lru_cache(maxsize=1)
def _low_digits() -> tuple[str, ...]:
    """The two least significant base45 digits of every number under 45 × 45."""
    return tuple(B45[n % 45] + B45[n // 45] for n in range(2025))


def b45decode(text: str) -> bytes:
    """Strict: refuses foreign characters, a dangling character and out-of-range groups,
    so that each byte string has exactly one encoding (no altered token decodes alike)."""
    if len(text) % 3 == 1:
        raise ValueError("base45 length")
    out = bytearray()
    for i in range(0, len(text), 3):
        chunk = text[i:i + 3]
        try:
            n = sum(_B45_INDEX[char] * 45 ** k for k, char in enumerate(chunk))
        except KeyError:
            raise ValueError("base45 character") from None
        size = 2 if len(chunk) == 3 else 1
        if n >> (8 * size):
            raise ValueError("base45 group out of range")
        out += n.to_bytes(size, "big")
    return bytes(out)


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """What a scanner, or anyone, needs to verify tokens: never the private key."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return (
        "confkit check-in public key: verifies the signed codes on badges, cannot create them.\n"
        f"algorithm: {ALGORITHM}\n"
        f"token-format: {PREFIX} + base45 (RFC 9285) of event-tag[4] | id-length[1] "
        f"| id[UTF-8: registrant id, or speaker:<speaker id>] | signature[64]; event-tag = sha256(event id)[:4]; "
        f"signature over '{PREFIX}' and the bytes before it\n"
        f"public-key-base64: {base64.b64encode(raw).decode('ascii')}\n"
        f"public-key-hex: {raw.hex()}\n"
    )


def load_public_key(text: str) -> Ed25519PublicKey:
    """Read back `public_key_text` (the base64 line, else the hex line)."""
    fields = dict(line.partition(":")[::2] for line in text.splitlines())
    for name, decode in (("public-key-base64", lambda v: base64.b64decode(v, validate=True)),
                         ("public-key-hex", bytes.fromhex)):
        try:
            return Ed25519PublicKey.from_public_bytes(decode(fields[name].strip()))
        except (KeyError, ValueError):
            continue
    raise KeyProblem("public_key_invalid")


@lru_cache(maxsize=8)
def _event_tag(event_id: str) -> bytes:
    return hashlib.sha256(event_id.encode("utf-8")).digest()[:4]


def issue(key: Ed25519PrivateKey, event_id: str, registrant_id: str, edition: int = 1) -> str:
    """The badge's check-in token (123 characters for a 10-character id); `edition` 2 and on for a
    badge reissued to the same person."""
    if edition > 1:
        registrant_id = f"{registrant_id}/{edition}"
    raw_id = registrant_id.encode("utf-8")
    if not _ID.fullmatch(registrant_id) or len(raw_id) > 255:
        raise ValueError(f"registrant id {registrant_id!r} cannot go into a check-in token")
    body = _event_tag(event_id) + bytes([len(raw_id)]) + raw_id
    return PREFIX + b45encode(body + key.sign(PREFIX.encode("ascii") + body))


def verify(token: str, public_key: Ed25519PublicKey | Ed25519PrivateKey, event_id: str) -> str:
    """The registrant id of a genuine token of this event, or InvalidToken."""
    token = token.strip() if isinstance(token, str) else ""
    versioned = _VERSIONED.match(token)
    if versioned and versioned.group(1) != PREFIX[2:-1]:
        raise InvalidToken("version")
    if not versioned:
        raise InvalidToken("format")
    try:
        data = b45decode(token[len(PREFIX):])
        size = data[4] if len(data) > 4 else 0
        registrant_id = data[5:5 + size].decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise InvalidToken("format") from None
    if size == 0 or len(data) != 5 + size + 64 or not _ID.fullmatch(registrant_id):
        raise InvalidToken("format")
    if data[:4] != _event_tag(event_id):
        raise InvalidToken("event")
    public = public_key.public_key() if isinstance(public_key, Ed25519PrivateKey) else public_key
    try:
        public.verify(data[-64:], PREFIX.encode("ascii") + data[:-64])
    except InvalidSignature:
        raise InvalidToken("signature") from None
    return registrant_id


def holder(token_id: str) -> tuple[str, int]:
    """(holder id, edition) of the id a verified token carries: `ab12/2` -> ("ab12", 2)."""
    found, _, edition = token_id.partition("/")
    return found, int(edition) if edition else 1


# Longest value of each vCard field, in UTF-8 bytes before escaping: what a person shows on a badge
# fits, and the card, whatever the workbook holds, stays under 1,400 bytes (QR version 40 holds 2,331).
_NAME_BYTES, _FULL_NAME_BYTES, _FIELD_BYTES, _EMAIL_BYTES = 60, 120, 80, 254


def _vcard_text(value: str, limit: int) -> str:
    """RFC 6350 escaping, newlines kept as \\n, other control characters dropped; cut to `limit` bytes."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _clipped("".join(c for c in value if c == "\n" or not (ord(c) < 32 or 127 <= ord(c) < 160)).strip(), limit)
    for plain, escaped in (("\\", "\\\\"), (",", "\\,"), (";", "\\;"), ("\n", "\\n")):
        value = value.replace(plain, escaped)
    return value


def _clipped(value: str, limit: int) -> str:
    """`value` if it fits in `limit` UTF-8 bytes, else its longest start that does, on a word if one ends
    in the last third, with an ellipsis (an organisation of 3,000 characters must still fit a QR code)."""
    if len(value.encode()) <= limit:
        return value
    cut = value.encode()[:limit - 3].decode("utf-8", "ignore")  # "…" is 3 bytes; no character split
    word = cut.rstrip().rfind(" ")
    return (cut[:word] if word > 2 * len(cut) // 3 else cut).rstrip(" ,;-") + "…"


def vcard(registrant) -> str:
    """A vCard 3.0 of what the person shows on their badge anyway; the email only with
    their consent (`listed`). Lines are not folded: shorter for the QR code. Each field is
    cut to a length that keeps the card well within a QR code's capacity."""
    name = registrant.name
    lines = ["BEGIN:VCARD", "VERSION:3.0",
             f"N:{_vcard_text(registrant.last_name, _NAME_BYTES)};{_vcard_text(registrant.first_name, _NAME_BYTES)};;;",
             f"FN:{_vcard_text(name, _FULL_NAME_BYTES)}"]
    if registrant.organisation.strip():
        lines.append(f"ORG:{_vcard_text(registrant.organisation, _FIELD_BYTES)}")
    if registrant.job_title.strip():
        lines.append(f"TITLE:{_vcard_text(registrant.job_title, _FIELD_BYTES)}")
    email = registrant.email.strip()
    if registrant.listed and email and len(email.encode()) <= _EMAIL_BYTES:  # a cut address would be wrong
        lines.append(f"EMAIL:{_vcard_text(email, _EMAIL_BYTES)}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
