"""Badge codes typed by a USB scanner under another keyboard layout, and their repair.

A USB scanner is a keyboard: it sends the key positions a US keyboard would use for each character,
and the computer reads them through its own layout. Under AZERTY `CK1:` arrives as `CK&M`, under
QWERTZ `Y` and `Z` swap and `:` becomes `Ö`. Each table below maps what a US scanner means to what
the layout shows, for the base45 alphabet of the codes (`0-9A-Z $%*+-./:`); the desk reads a code
back through each, and keeps a repair only when exactly one verifies (see confkit.checkin.desk).
"""

from __future__ import annotations

from confkit.badges.tokens import B45

_DIGIT_ROW_FR = dict(zip("1234567890", "&é\"'(-è_çà"))

# Layout -> {what the scanner meant: what the computer shows}; characters not listed arrive as meant.
LAYOUTS: dict[str, dict[str, str]] = {
    "uk": {},  # the base45 alphabet sits where a US keyboard has it (UK moves @ " # £, none of them ours)
    "de": {"Y": "Z", "Z": "Y", "*": "(", "+": "`", "-": "ß", "/": "-", ":": "Ö"},
    "fr": {**_DIGIT_ROW_FR, "A": "Q", "Q": "A", "Z": "W", "W": "Z", "M": "?", ":": "M", "$": "4", "%": "5",
           "*": "8", "-": ")", ".": ":", "/": "!"},
    "it": {"*": "(", "+": "^", "-": "'", "/": "-", ":": "ç"},
}

# QWERTZ's `+` key is a dead grave accent: before a vowel it makes one letter (`` `A `` -> `À`).
_DEAD_GRAVE = {"À": "`A", "È": "`E", "Ì": "`I", "Ò": "`O", "Ù": "`U"}  # as typed: the accent, the vowel


def repairs(typed: str) -> dict[str, str]:
    """Layout -> the code `typed` would be if the scanner typed it under that layout; only layouts that
    change something, and only readings made of the code alphabet."""
    found = {}
    for name, table in LAYOUTS.items():
        if not table:
            continue
        back = {shown: meant for meant, shown in table.items()}
        text = "".join(_DEAD_GRAVE.get(c, c) for c in typed) if name == "de" else typed
        meant = "".join(back.get(c, c if c not in table else "\0") for c in text)
        if meant != typed and all(c in B45 for c in meant[4:]) and meant.startswith("CK"):
            found[name] = meant
    return found


def mangle(code: str, layout: str) -> str:
    """What a US scanner's `code` shows under `layout` (for tests and for the desk's own check)."""
    table = LAYOUTS[layout]
    shown = "".join(table.get(c, c) for c in code)
    if layout == "de":
        for letter, keys in _DEAD_GRAVE.items():
            shown = shown.replace("`" + keys[1], letter)
    return shown
