"""Stable identifiers derived from what a person is, not where their row stands."""

import hashlib
import unicodedata


def fold(text: str) -> str:
    """Compare-friendly form: no accents, no case, no spacing or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.casefold() if c.isalnum())


def registrant_id(email: str, first_name: str = "", last_name: str = "", organisation: str = "") -> str:
    """A short id that survives rows being sorted, inserted or deleted.

    The email identifies a person best; without one, name and organisation do.
    """
    key = email.strip().casefold() if email.strip() else "|".join(
        fold(part) for part in (first_name, last_name, organisation))
    digest = hashlib.blake2b(key.encode(), digest_size=8, person=b"confkit-reg").digest()
    # The first 10 letters of the digest's lower-case base32, without base64's pure-Python loop.
    bits = int.from_bytes(digest, "big") >> 14
    return "".join(_BASE32[(bits >> shift) & 31] for shift in range(45, -1, -5))


_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
