"""Stable identifiers derived from what a person is, not where their row stands."""

import base64
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
    return base64.b32encode(digest).decode("ascii").lower()[:10]
