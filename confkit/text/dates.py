"""Dates as people read them, in the event's language (Babel); cached, as each invitation asks again."""

import datetime as dt
from functools import lru_cache

from babel.dates import format_date, format_interval

# British English writes the day first, as the French do: "19 October 2010".
LOCALES = {"en": "en_GB", "fr": "fr_FR"}


@lru_cache(maxsize=4096)
def day(value: dt.date, lang: str) -> str:
    """`19 October 2010` / `19 octobre 2010`."""
    return format_date(value, format="long", locale=LOCALES[lang])


@lru_cache(maxsize=4096)
def weekday(value: dt.date, lang: str) -> str:
    """`Tuesday 19 October 2010` / `mardi 19 octobre 2010` (CLDR's British form has a comma)."""
    return format_date(value, format="EEEE d MMMM y", locale=LOCALES[lang])


@lru_cache(maxsize=4096)
def short(value: dt.date, lang: str) -> str:
    """`Tue 19 Oct` / `mar. 19 oct.`: for day tabs."""
    return format_date(value, format="EEE d MMM", locale=LOCALES[lang])


@lru_cache(maxsize=4096)
def span(first: dt.date, last: dt.date, lang: str) -> str:
    """The event's dates: one day in full, several as `8–10 June 2027`."""
    if first == last:
        return weekday(first, lang)
    return format_interval(first, last, "yMMMMd", locale=LOCALES[lang])


def moment(value: dt.datetime, lang: str) -> str:
    """`Tue 8 Jun, 14:00` / `mar. 8 juin, 14 h 00`: a session's day and time in one, read without doubt."""
    return f"{short(value.date(), lang)}, {time(value, lang)}"


def time(value: dt.datetime | dt.time, lang: str) -> str:
    """`14:00` / `14 h 00` (no-break spaces: the hour is never split from its minutes)."""
    return f"{value.hour}\u00a0h\u00a0{value.minute:02d}" if lang == "fr" else f"{value.hour:02d}:{value.minute:02d}"
