"""Text hygiene, in one place: what no reader shows, what reorders a line, and text that must stay on one line.

Input (`cells.text`) and every output share these classes: a cell never carries a control
character or a bidi override into the model, and an output strips what still reaches it
(from templates, files or the organiser's own settings).
"""

import re

# C0 controls but tab and line feed (kept in abstracts), DEL, and the C1 controls that mojibake makes (U+0092).
CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Embeddings, overrides and isolates turn the rest of a line around ("gpj.exe" shown as "exe.jpg"). The marks
# U+200E/U+200F and U+061C only set the direction of neutral characters next to them: kept.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"

# What XML cannot carry and no reader shows, C1 controls, bidi overrides and lone surrogates included.
INVISIBLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff\ufffe\uffff]")
# What a cell loses on input (a carriage return too: cells keep line feeds only).
REMOVED = re.compile(f"[{CONTROLS}{BIDI_CONTROLS}\ud800-\udfff]")


def one_line(text: str) -> str:
    """Controls and line breaks become spaces, runs of spaces one: a name can never add a mail header."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())
