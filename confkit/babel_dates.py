"""Dates as people read them, in the event's language (Babel)."""

import datetime as dt

from babel.dates import format_date

# British English writes the day first, as the French do: "19 October 2010".
LOCALES = {"en": "en_GB", "fr": "fr_FR"}


def day(value: dt.date, lang: str) -> str:
    """`19 October 2010` / `19 octobre 2010`."""
    return format_date(value, format="long", locale=LOCALES[lang])
