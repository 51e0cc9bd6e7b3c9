"""Dates as people read them, in the event's language (Babel)."""

import datetime as dt

from babel.dates import format_date


def day(value: dt.date, lang: str) -> str:
    """`19 October 2010` / `19 octobre 2010`."""
    return format_date(value, format="long", locale=lang)
