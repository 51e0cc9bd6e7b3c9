"""Cell values as people really type them, turned into Python values.

Each parser takes what the spreadsheet library gives (str, float, bool, date,
datetime, time) and returns a clean value, or raises `BadCell` with the code of
the message that explains how to fix it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from email_validator import EmailNotValidError, validate_email
from email_validator import SPECIAL_USE_DOMAIN_NAMES

from confkit.identity import fold
from confkit.text.clean import REMOVED


class BadCell(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def text(value: object) -> str:
    """Any cell as clean text: NFC, no control characters or bidi overrides (`clean.REMOVED`), no stray
    spaces, 12 not 12.0."""
    if value is None or value == "":
        return ""
    if type(value) is str:
        stripped = value.strip()
        # Printable excludes controls, bidi overrides and no-break spaces: only NFC is left to do.
        if stripped.isprintable() and (stripped.isascii() or unicodedata.is_normalized("NFC", stripped)):
            return stripped
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, (dt.date, dt.time)):
        value = value.isoformat()
    cleaned = REMOVED.sub("", str(value)).replace("\xa0", " ").strip()
    return unicodedata.normalize("NFC", cleaned)


_ID = re.compile(r"[\w\-][\w.\-]*")  # no leading dot: ids become file names


def identifier(value: object) -> str:
    found = text(value)
    if found and (len(found) > 64 or not _ID.fullmatch(found)):
        raise BadCell("bad_id", value=found)
    return found


def identifiers(value: object) -> tuple[str, ...]:
    """`s1, s2; s3` -> ('s1', 's2', 's3')."""
    return tuple(identifier(part) for part in re.split(r"[,;\n]", text(value)) if part.strip())


def number(value: object) -> float | None:
    if isinstance(value, bool):
        raise BadCell("bad_number", value=text(value))
    if isinstance(value, (int, float)):
        return float(value)
    found = text(value)
    if not found:
        return None
    digits = re.sub(r"[\s\u202f%]", "", found).replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        raise BadCell("bad_number", value=found) from None


def integer(value: object) -> int | None:
    try:
        found = number(value)
    except BadCell:
        found = 0.5
    if found is None:
        return None
    if not found.is_integer():
        raise BadCell("bad_int", value=text(value))
    return int(found)


_TRUE = {"yes", "y", "oui", "o", "x", "1", "true", "vrai", "ok", "✓", "✔"}
_FALSE = {"no", "n", "non", "0", "false", "faux", "-", ""}


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    found = text(value).casefold()
    if found in _TRUE:
        return True
    if found in _FALSE:
        return False
    raise BadCell("bad_bool", value=text(value))


def choice(value: object, choices: dict[str, tuple[str, ...]]) -> str:
    """The canonical value for any of its spellings (`Table ronde` -> round_table)."""
    found = text(value)
    spellings = _SPELLINGS.get(id(choices))
    if spellings is None:
        spellings = _SPELLINGS[id(choices)] = {fold(spelling): canonical for canonical, names in choices.items()
                                               for spelling in names}
    canonical = spellings.get(found) or spellings.get(fold(found))
    if canonical is None:
        raise BadCell("bad_choice", value=found, expected=choices)
    return canonical


_SPELLINGS: dict[int, dict[str, str]] = {}  # id of a choices table -> folded spelling -> canonical


_MONTHS = {fold(name): number for number, names in enumerate((
    ("janvier", "january", "jan", "janv"), ("février", "february", "feb", "fév", "fev", "févr"),
    ("mars", "march", "mar"), ("avril", "april", "apr", "avr"), ("mai", "may"),
    ("juin", "june", "jun"), ("juillet", "july", "jul", "juil"), ("août", "august", "aug", "aou"),
    ("septembre", "september", "sep", "sept"), ("octobre", "october", "oct"),
    ("novembre", "november", "nov"), ("décembre", "december", "dec", "déc")), start=1) for name in names}
_NUMERIC_DATE = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")
_WORDY_DATE = re.compile(r"(?:\w+,?\s+)??(\d{1,2})(?:er|st|nd|rd|th)?\.?\s+(\w+)\.?,?\s+(\d{4})")
_ENGLISH_DATE = re.compile(r"(?:\w+,?\s+)?(\w+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


FIRST_YEAR, LAST_YEAR = 1900, 2200  # an event's dates; anything else is a typo (9999-12-31, 20100)
LONGEST_EVENT = 366  # days; longer is a typo too, and would make feeds of a day per day (hundreds of MB)


def date(value: object) -> dt.date | None:
    """Real date cells, ISO dates, day/month/year, and dates in words (fr or en), from 1900 to 2200."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        found = value
    elif not (typed := text(value)):
        return None
    else:
        try:
            found = _date_from_text(typed)
        except (ValueError, KeyError):
            raise BadCell("bad_date", value=typed) from None
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise BadCell("implausible_date", value=text(value), first=FIRST_YEAR, last=LAST_YEAR)
    return found


def _date_from_text(found: str) -> dt.date:
    if match := _NUMERIC_DATE.fullmatch(found):
        first, month, last = match.groups()
        if len(first) == 4:
            return dt.date(int(first), int(month), int(last))
        year = int(last) + (2000 if len(last) == 2 else 0)
        return dt.date(year, int(month), int(first))
    if match := _WORDY_DATE.fullmatch(found):
        day, month, year = match.groups()
        return dt.date(int(year), _MONTHS[fold(month)], int(day))
    if match := _ENGLISH_DATE.fullmatch(found):
        month, day, year = match.groups()
        return dt.date(int(year), _MONTHS[fold(month)], int(day))
    raise ValueError(found)


_CLOCK = re.compile(r"(\d{1,2})\s*(?:[h:.]\s*(\d{2})?)?(?::\d{2})?\s*(?:([ap])\.?\s*m\.?)?", re.IGNORECASE)


def time(value: object) -> dt.time | None:
    """Real time cells, fractions of a day, and 9h30, 09:30, 9.30, 9:30 AM, 14 h."""
    value = _duration(value)
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, dt.timedelta):
        if not dt.timedelta(0) <= value < dt.timedelta(days=1):
            raise BadCell("bad_time", value=_clock(value))
        return (dt.datetime.min + value).time().replace(second=0, microsecond=0)
    if isinstance(value, float) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    found = text(value)
    if not found:
        return None
    match = _CLOCK.fullmatch(found)
    if not match or (match.group(2) is None and match.group(3) is None and not re.search(r"h", found, re.I)):
        raise BadCell("bad_time", value=found)
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half and not 1 <= hour <= 12:
        raise BadCell("bad_time", value=found)
    hour = hour % 12 + (12 if half == "p" else 0) if half else hour
    if hour > 23 or minute > 59:
        raise BadCell("bad_time", value=found)
    return dt.time(hour, minute)


_EXCEL_DAY_ZERO = dt.datetime(1899, 12, 31)  # a duration of 25:00 under an hh:mm format reads as 1900-01-01 01:00
_ISO_DURATION = re.compile(r"(-?)PT(\d+)H(\d+)M(\d+(?:\.\d+)?)S")  # an .ods time of 24:00 or more, or negative


def _duration(value: object) -> object:
    """What a spreadsheet gives for a time past midnight, as one timedelta whatever the format: an .xlsx
    gives a timedelta or a date in January 1900, an .ods the text of its ISO duration (PT25H00M00S)."""
    if isinstance(value, dt.datetime) and value < dt.datetime(1900, 3, 1) and value >= _EXCEL_DAY_ZERO:
        return value - _EXCEL_DAY_ZERO
    if isinstance(value, str) and (match := _ISO_DURATION.fullmatch(value.strip())):
        sign, hours, minutes, seconds = match.groups()
        found = dt.timedelta(hours=int(hours), minutes=int(minutes), seconds=float(seconds))
        return -found if sign else found
    return value


def _clock(duration: dt.timedelta) -> str:
    """25:00 or -01:00, as the cell shows it."""
    minutes = round(abs(duration).total_seconds() / 60)
    return f"{'-' if duration < dt.timedelta(0) else ''}{minutes // 60:02}:{minutes % 60:02}"


# A strict subset of what email-validator accepts, checked in microseconds;
# anything else gets email-validator's full verdict (about 40 µs an address).
_PLAIN_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})", re.IGNORECASE)
_SPECIAL_DOMAINS = frozenset(SPECIAL_USE_DOMAIN_NAMES)


def email(value: object) -> str:
    found = text(value)
    if not found or is_plain_email(found):
        return found
    try:
        validate_email(found, check_deliverability=False)
    except EmailNotValidError as error:
        raise BadCell("bad_email", value=found, reason=str(error).rstrip(".")) from None
    return found


def is_plain_email(address: str) -> bool:
    match = _PLAIN_EMAIL.fullmatch(address)
    if not match or len(address) > 254 or address.index("@") > 64:
        return False
    domain = match.group(1).lower()
    if "--" in domain:  # xn-- and other reserved label forms: let email-validator judge
        return False
    labels = domain.split(".")
    return not any(".".join(labels[index:]) in _SPECIAL_DOMAINS for index in range(len(labels)))


_WEB = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:", re.IGNORECASE)  # javascript:, data:, ftp:, file:, C: ...
_MEANT_AS_WEB = re.compile(r"www\.|//", re.IGNORECASE)  # an address typed without its https:


def is_url(value: str) -> bool:
    """True for a full http(s) address, as a `url` cell accepts it; a `link` cell that is not one is the
    relative path of a file in the event folder (`slides/enquete.pdf`)."""
    return bool(_WEB.fullmatch(value))


def url(value: object) -> str:
    found = text(value)
    if found and not is_url(found):
        raise BadCell("bad_url", value=found)
    return found


def link(value: object) -> str:
    """An http(s) address, or the relative path of a file in the event folder (checks.py looks for it).

    Any other scheme (javascript:, data:, ftp:, file:) and absolute Windows paths are refused; so is
    `www.…` typed without its https://, which was meant as an address."""
    found = text(value)
    if not found or is_url(found):
        return found
    if _MEANT_AS_WEB.match(found):
        raise BadCell("bad_url", value=found)
    if _SCHEME.match(found):
        raise BadCell("bad_link", value=found)
    return found


def colour(value: object) -> str:
    """`#1f4e79`, `1F4E79` or `#abc` -> `#1F4E79`-style upper-case hex."""
    found = text(value)
    if not found:
        return ""
    hex_digits = found.removeprefix("#")
    if not re.fullmatch(r"[0-9a-fA-F]{3}|[0-9a-fA-F]{6}", hex_digits):
        raise BadCell("bad_colour", value=found)
    if len(hex_digits) == 3:
        hex_digits = "".join(digit * 2 for digit in hex_digits)
    return "#" + hex_digits.upper()


# A choice cell reaches its parser only when it holds no text (spaces, or controls only): it is empty.
PARSERS = {"text": text, "file": text, "choice": text, "id": identifier, "ids": identifiers, "int": integer,
           "number": number, "date": date, "time": time, "bool": boolean, "email": email,
           "url": url, "link": link, "colour": colour}
