"""Every sentence confkit says to the user, in English and French: one catalogue.

The sentences are declared in `workbook_messages.py` (problems of a workbook) and
`output_messages.py` (making outputs); this module joins them and looks them up.

`CATALOGUE[key]["en" | "fr"]` is a `str.format` template; `{value}` is what the user typed.
Each problem says what was found and how to fix it. Keys are stable: problem codes appear
in `confkit check --format json`. Entries are declared as tuples, not dict literals, so that
a key declared twice stops the import instead of silently replacing the first.
"""

from __future__ import annotations

from confkit.text.output_messages import (_BADGES, _CHANGES, _COMMANDS, _LAYOUTS, _NEW_WORKBOOK, _RUN, _SENDING,
                                          _TOKENS, _WORDS)
from confkit.text.checkin_messages import _DESK
from confkit.text.workbook_messages import _CELLS, _FILES, _REFERENCES, _STRUCTURE, _SUSPICIOUS, _TIMES, _UNUSABLE

LANGUAGES = ("en", "fr")


def _catalogue(*sections) -> dict[str, dict[str, str]]:
    catalogue: dict[str, dict[str, str]] = {}
    for key, en, fr in (entry for section in sections for entry in section):
        if key in catalogue:
            raise ValueError(f"message key {key!r} is declared twice")
        catalogue[key] = {"en": en, "fr": fr}
    return catalogue


CATALOGUE = _catalogue(_STRUCTURE, _CELLS, _TIMES, _REFERENCES, _FILES, _SUSPICIOUS, _WORDS, _UNUSABLE, _TOKENS,
                       _SENDING, _LAYOUTS, _BADGES, _CHANGES, _COMMANDS, _NEW_WORKBOOK, _RUN, _DESK)
MESSAGES = WORDS = CATALOGUE  # the names the problem codes and did_you_mean were first read under


def say(key: str, lang: str, **params) -> str:
    """The sentence `key` in `lang`; a {"en": ..., "fr": ...} parameter is shown in `lang` too."""
    shown = {name: value[lang] if isinstance(value, dict) and lang in value else value
             for name, value in params.items()}
    return CATALOGUE[key][lang].format(**shown)


def words(key: str, **params) -> dict[str, str]:
    """The sentence `key` in every language: a parameter of another message."""
    return {lang: say(key, lang, **params) for lang in LANGUAGES}


def counted(key: str, count: int, lang: str) -> str:
    """`{count} error` or `{count} errors` (`key` is "errors"): French keeps 0 singular, English does not."""
    one = count <= 1 if lang == "fr" else count == 1
    return say(f"{key}_{'one' if one else 'other'}", lang, count=count)
