"""Stable identifiers derived from what a person is, not where their row stands."""

import hashlib
import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Compare-friendly form: no accents, no case, no spacing or punctuation. Remembered: a congress
    folds the same first names, surnames and employers by the thousand (sorting, the desk's roster)."""
    return _NOT_ALPHANUMERIC.sub("", unicodedata.normalize("NFKD", text).casefold())


_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")  # \w is what str.isalnum() accepts, and _


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
