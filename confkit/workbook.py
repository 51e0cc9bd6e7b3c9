"""Read an event workbook into the model, with every problem found on the way.

Sheets and columns are found by any of their names (English or French, any
case, accents or spacing); the header row may sit below a title. Unknown
columns are kept as extra data. Each record remembers its origin; `records` builds
them from the parsed rows.
"""

from __future__ import annotations

import datetime as dt
from itertools import chain
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, available_timezones

from confkit import cells, columns, records
from confkit.columns import Column, Sheet
from confkit.identity import fold
from confkit.model import Event, Layout, Origin, column_letter
from confkit.problems import WARNING, Problem, at, at_sheet, did_you_mean, nearest
from confkit.records import Row
from confkit.sheets import HEAD_ROWS, RawSheet, load, locate
from confkit.text.messages import WORDS

_FALLBACK_DAY = dt.date(2000, 1, 1)


def read(path: Path) -> tuple[Event | None, list[Problem]]:
    """The event at `path` (a folder or a workbook) and the problems met while reading it.

    The event is None when its sheets or core fields are missing; the problems then say why.
    Raises sheets.Unusable when the file cannot be read at all.
    """
    workbook = locate(path)
    return assemble(load(workbook), workbook.parent)


def assemble(raw: list[RawSheet], folder: Path) -> tuple[Event | None, list[Problem]]:
    problems: list[Problem] = []
    found = _match_sheets(raw, problems)
    info, cells_at = _event_info(found.get("event"), problems)
    language = info.get("language") or _language_of(found.get("event"))
    read = {spec.key: _table(spec, found[spec.key], problems) if spec.key in found else None
            for spec in columns.SHEETS[1:]}
    tables = {key: rows or [] for key, rows in read.items()}
    speakers = records.built(tables["speakers"], records.speaker, problems)
    days = _event_days(info)
    dateless = _date_column(tables["sessions"], days, problems)
    by_id = {speaker.id: speaker for speaker in speakers}
    builders = {"rooms": records.room, "sessions": lambda row, p: records.session(row, p, days, by_id),
                "registrants": records.registrant, "figures": records.figure, "quotes": records.quote,
                "links": records.link, "photos": records.photo}
    built = {key: records.built(tables[key], build, problems) for key, build in builders.items()}
    if not info.get("title") or not info.get("start_date"):
        return None, problems
    event = Event(
        id=info.get("id") or _slug(info["title"], info["start_date"]),
        **{key: info.get(key) or "" for key in _EVENT_TEXT},
        start_date=days[0], end_date=info.get("end_date") or days[0], timezone=info.get("timezone", ""),
        language=language, folder=folder, cells=MappingProxyType(cells_at), speakers=speakers,
        **built, extra=tuple(info.get("extra", ())), unread_ids=_unread_ids(tables),
        unread_sheets=frozenset(key for key, rows in read.items() if rows is None) | dateless)
    return event, problems


_EVENT_TEXT = ("title", "subtitle", "venue", "address", "city", "organiser", "organiser_email",
               "base_url", "hashtag", "brand_colour", "logo", "description")


# --- Sheets -------------------------------------------------------------------------------

def _match_sheets(raw: list[RawSheet], problems: list[Problem]) -> dict[str, RawSheet]:
    """Our sheets by key. A required one not found is one problem, at the sheet that most likely holds it
    (renamed): the other sheets that refer to it are not checked against it (Event.unread_sheets)."""
    by_name = {fold(sheet.name): sheet for sheet in reversed(raw)}
    found = {}
    for spec in columns.SHEETS:
        sheet = next((by_name[fold(n)] for n in spec.names() if fold(n) in by_name), None)
        if sheet is not None:
            found[spec.key] = sheet
    others = [sheet for sheet in raw if all(sheet is not mine for mine in found.values())]
    for rank, spec in enumerate(columns.SHEETS):
        if spec.required and spec.key not in found:
            renamed = _renamed(spec, others)
            problems.append(at_sheet(renamed.name if renamed else spec.en, rank, "missing_sheet",
                                     sheet={"en": spec.en, "fr": spec.fr}, found=", ".join(s.name for s in raw) or "-",
                                     suggestion=did_you_mean(renamed.name if renamed else None)))
    return found


def _renamed(spec: Sheet, others: list[RawSheet]) -> RawSheet | None:
    """The sheet that names most of `spec`'s required columns in its header, else the one named like it."""
    required = {column.key for column in spec.columns if column.required}
    best, best_count = None, 0
    for sheet in others:
        count = len(required & _find_header(spec, sheet.head)[1].keys())
        if count > best_count and count * 2 >= len(required):
            best, best_count = sheet, count
    if best is not None:
        return best
    names = {sheet.name: sheet for sheet in others}
    guess = next((match for name in spec.names() if (match := nearest(name, names))), None)
    return names[guess] if guess else None


def _language_of(sheet: RawSheet | None) -> str:
    """Without a Language field, the language the Event sheet is named in."""
    return "fr" if sheet is not None and fold(sheet.name) in {fold(columns.EVENT.fr), "evenement"} else "en"


# --- The Event sheet: field / value rows --------------------------------------------------

def _event_info(sheet: RawSheet | None, problems: list[Problem]) -> tuple[dict, dict[str, Origin]]:
    if sheet is None:
        return {}, {}
    lookup = columns.EVENT.lookup()
    rows = list(sheet.rows())
    last = max((index + 1 for index, row in enumerate(rows) if any(cells.text(v) for v in row[:2])), default=0)
    layout = Layout(sheet.name, 0, MappingProxyType({"field": "A", "value": "B"}), last=last)
    info: dict = {"extra": []}
    cells_at: dict[str, Origin] = {}
    for index, row in enumerate(rows):
        name = cells.text(row[0]) if row else ""
        if not name or fold(name) in {"champ", "field"}:
            continue
        value = row[1] if len(row) > 1 else ""
        origin = Origin(layout, index + 1)
        column = lookup.get(fold(name))
        if column is None:
            info["extra"].append((name, cells.text(value)))
            problems.append(at(origin, "field", "unknown_field", WARNING, field=name,
                               expected=_titles(columns.EVENT.columns)))
        elif column.key not in info:
            cells_at[column.key] = origin
            info[column.key] = _parse(column, value, origin, "value", problems)
    _require_fields(layout, cells_at, problems)
    _check_timezone(info, cells_at, problems)
    return info, cells_at


def _require_fields(layout: Layout, cells_at: dict[str, Origin], problems: list[Problem]) -> None:
    """Required fields without a row at all, each at a free row below the others (an empty value is
    reported at its own cell)."""
    missing = [column for column in columns.EVENT.columns if column.required and column.key not in cells_at]
    for row, column in enumerate(missing, start=layout.last + 1):
        problems.append(at(Origin(layout, row), "field", "missing_field", column=_title(column)))


def _check_timezone(info: dict, cells_at: dict[str, Origin], problems: list[Problem]) -> None:
    name = info.get("timezone")
    if not name:
        return
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        match = {zone.casefold(): zone for zone in available_timezones()}.get(name.casefold())
        suggestion = {lang: WORDS["did_you_mean"][lang].format(match) if match else "" for lang in ("en", "fr")}
        problems.append(at(cells_at["timezone"], "value", "bad_timezone", value=name, suggestion=suggestion))
        info["timezone"] = ""


def _event_days(info: dict) -> tuple[dt.date, ...]:
    start = info.get("start_date") or _FALLBACK_DAY
    end = info.get("end_date") or start
    # An end date years away is reported by checks.event_dates; the days themselves stay few.
    count = min(max((end - start).days + 1, 1), cells.LONGEST_EVENT + 1)
    return tuple(start + dt.timedelta(days=n) for n in range(count))


def _slug(title: str, day: dt.date) -> str:
    words = "-".join(fold(word) for word in title.split()[:5] if fold(word))
    return f"{words}-{day.year}" if words else f"event-{day.isoformat()}"


# --- Table sheets --------------------------------------------------------------------------

def _table(spec: Sheet, sheet: RawSheet, problems: list[Problem]) -> list[Row] | None:
    """The sheet's rows, or None when it cannot be read (no header, a required column missing)."""
    rank = columns.SHEETS.index(spec)
    header_at, keys = _find_header(spec, sheet.head)
    if header_at is None:
        problems.append(at_sheet(f"{sheet.name}!A1", rank, "no_header", expected=_titles(spec.columns)))
        return None
    guesses = _guesses(spec, keys, sheet.head[header_at])
    layout, extra_columns = _layout(spec, sheet, rank, header_at, keys, guesses, problems)
    if _missing_columns(spec, layout, sheet.head[header_at], guesses, problems):
        return None
    # Optional text columns (most cells) cannot fail: they skip _parse's bookkeeping.
    readers = [(column, index, column.type == "text" and not column.required and not column.choices)
               for key, index in keys.items() for column in (spec.column(key),)]
    essential = {column.key for column in spec.columns if column.required} | {"date"}
    shared: dict[str, str] = {}
    return [_row(values, readers, essential, extra_columns, Origin(layout, number), problems, shared)
            for number, values in enumerate(chain(sheet.head[header_at + 1:], sheet.rest), start=header_at + 2)
            if values.count("") + values.count(None) < len(values)]  # a row with any value (C-speed counts)


def _find_header(spec: Sheet, rows: list[list]) -> tuple[int | None, dict[str, int]]:
    """The row, among the first ones, that names the most of our columns."""
    lookup = spec.lookup()
    best, best_keys = None, {}
    for index, row in enumerate(rows[:HEAD_ROWS]):
        keys: dict[str, int] = {}
        for position, value in enumerate(row):
            column = lookup.get(fold(cells.text(value)))
            if column is not None:
                keys.setdefault(column.key, position)
        if len(keys) > len(best_keys):
            best, best_keys = index, keys
    return best, best_keys


def _layout(spec, sheet, rank, header_at, keys, guesses, problems):
    """Where each column is, and the unknown ones (kept as extra data, each with a warning unless it is
    most likely a required column renamed: the error about that column is enough)."""
    lookup = spec.lookup()
    header = sheet.head[header_at]
    known = set(keys.values())
    renamed = {guesses[c.key] for c in spec.columns if c.required and c.key in guesses}
    extras = []
    for position, value in enumerate(header):
        name = cells.text(value)
        if not name or position in known:
            continue
        if position in renamed:
            extras.append((name, position))
            continue
        origin = Origin(Layout(sheet.name, rank, {"h": column_letter(position)}), header_at + 1)
        column = lookup.get(fold(name))
        if column is not None:
            problems.append(at(origin, "h", "duplicate_column", WARNING, header=name,
                               first=column_letter(keys[column.key])))
        else:
            extras.append((name, position))
            problems.append(at(origin, "h", "unknown_column", WARNING, header=name, expected=_titles(spec.columns)))
    letters = MappingProxyType({key: column_letter(index) for key, index in keys.items()})
    width = max((position + 1 for position, value in enumerate(header) if cells.text(value)), default=0)
    guessed = MappingProxyType({key: column_letter(position) for key, position in guesses.items()})
    return Layout(sheet.name, rank, letters, column_letter(width), header_at + 1, guesses=guessed), tuple(extras)


def _guesses(spec: Sheet, keys: dict[str, int], header: list) -> dict[str, int]:
    """Column key -> position of the unknown header that is most likely that column renamed: one of its
    names but for a typo, or holding one (`E-mail address` for Email)."""
    unknown = {position: fold(cells.text(value)) for position, value in enumerate(header)
               if position not in keys.values() and cells.text(value)}
    found: dict[str, int] = {}
    for column in (column for column in spec.columns if column.key not in keys):
        names = [fold(name) for name in column.names() if len(fold(name)) > 3]  # `de`, `to` are in any header
        position = next((position for position, name in unknown.items() if position not in found.values()
                         and (nearest(name, names) or any(n in name for n in names))), None)
        if position is not None:
            found[column.key] = position
    return found


def _missing_columns(spec, layout, header, guesses, problems) -> bool:
    """Each required column missing, at the header it may have been renamed to, else where to add it."""
    found = ", ".join(cells.text(v) for v in header if cells.text(v)) or "-"
    missing = [c for c in spec.columns if c.required and c.key not in layout.letters]
    for column in missing:
        origin = Origin(layout, layout.header)
        if column.key in guesses:
            problems.append(at(origin, column.key, "renamed_column", column=_title(column),
                               header=cells.text(header[guesses[column.key]])))
        else:
            problems.append(at(origin, column.key, "missing_column", column=_title(column), found=found))
    return bool(missing)


def _date_column(rows: list[Row], days: tuple[dt.date, ...], problems: list[Problem]) -> frozenset[str]:
    """A multi-day event needs each session's day: without a Date column, one error for the sheet rather
    than one a row; the sessions are then unread ({"sessions"}), and not "unknown" where chosen."""
    if len(days) < 2 or not rows or "date" in rows[0].origin.layout.letters:
        return frozenset()
    layout = rows[0].origin.layout
    problems.append(at(Origin(layout, layout.header), "date", "no_date_column"))
    return frozenset({"sessions"})


def _row(values: list, readers, essential: set[str], extra_columns, origin: Origin, problems: list[Problem],
         shared: dict[str, str]) -> Row:
    """One row parsed; equal texts (organisations, job titles, first names) share one string."""
    parsed: dict = {}
    ok = True
    width = len(values)
    text = cells.text
    for column, index, plain_text in readers:
        value = values[index] if index < width else ""
        if plain_text:
            value = text(value)
            parsed[column.key] = shared.setdefault(value, value) if value else None
            continue
        before = len(problems)
        value = _parse(column, value, origin, column.key, problems)
        parsed[column.key] = shared.setdefault(value, value) if column.type == "text" and value else value
        ok = ok and (len(problems) == before or column.key not in essential)
    extra = tuple((name, cells.text(values[index])) for name, index in extra_columns
                  if index < width and cells.text(values[index]))
    return Row(parsed, extra, origin, ok)


def _parse(column: Column, value, origin: Origin, key: str, problems: list[Problem]):
    if value == "" or value is None:
        if column.required:
            problems.append(at(origin, key, "required", column=_title(column)))
        return None
    try:
        parsed = (cells.choice(value, column.choices) if column.choices and cells.text(value)
                  else cells.PARSERS[column.type](value))
    except cells.BadCell as bad:
        params = dict(bad.params)
        if "expected" in params:
            params["expected"] = {lang: ", ".join(columns.choice_label(c, lang) for c in column.choices)
                                  for lang in ("en", "fr")}
        problems.append(at(origin, key, bad.code, **params))
        # Keep what was typed where text will do, so that no later check calls it missing.
        return cells.text(value) if column.type in _TEXTUAL else None
    if column.required and parsed in ("", None, ()):
        problems.append(at(origin, key, "required", column=_title(column)))
    return parsed


_TEXTUAL = {"email", "url", "colour", "id", "file", "text"}


def _title(column: Column) -> dict[str, str]:
    return {"en": column.en, "fr": column.fr}


def _titles(specs) -> dict[str, str]:
    return {lang: ", ".join(c.title(lang) for c in specs) for lang in ("en", "fr")}


def _unread_ids(tables: dict[str, list[Row]]) -> frozenset[str]:
    """Ids of speakers and sessions whose rows could not be built (already reported): other sheets
    may still name them without being told they are unknown."""
    return frozenset(row.values["id"] for key in ("speakers", "sessions") for row in tables[key]
                     if not row.ok and row.values.get("id"))
