"""Text hygiene for outputs, in one place: what no reader shows, and text that must stay on one line."""

import re

# What XML cannot carry and no reader shows, C1 controls and lone surrogates included.
INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def one_line(text: str) -> str:
    """Controls and line breaks become spaces, runs of spaces one: a name can never add a mail header."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())
