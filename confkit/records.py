"""One record per data row: the builders that turn a parsed row into the model's frozen records.

`workbook` finds the sheets, their header and columns and parses each cell into a `Row`;
this module only decides what a record needs (a name, a session's date) and builds it.
"""

from __future__ import annotations

import datetime as dt

from confkit.identity import registrant_id
from confkit.model import Figure, Link, Origin, Photo, Quote, Registrant, Room, Session, Speaker
from confkit.problems import Problem, at


class Row:
    """One data row: its parsed values by column key, its extras, its origin.

    `ok` is false when a value the record cannot do without (a required one, or a
    session's date) failed: such a row is reported, not built. A row whose other
    cells failed is still built, so that one typo does not hide the record from
    every later check (and report it again as an unknown id).
    """

    __slots__ = ("values", "extra", "origin", "ok")

    def __init__(self, values: dict, extra: tuple, origin: Origin, ok: bool):
        self.values, self.extra, self.origin, self.ok = values, extra, origin, ok


def built(rows: list[Row], build, problems: list[Problem]) -> tuple:
    """Build a record from each row that parsed cleanly; the others are already reported."""
    return tuple(record for row in rows if row.ok and (record := build(row, problems)) is not None)



def _get(row: Row, key: str, default=""):
    value = row.values.get(key)
    return default if value is None else value


def room(row: Row, problems) -> Room:
    return Room(_get(row, "name"), row.values.get("capacity"), _get(row, "notes"), row.origin)


def speaker(row: Row, problems) -> Speaker:
    v = {key: _get(row, key) for key in ("id", "first_name", "last_name", "job_title", "organisation",
                                          "bio", "photo", "email", "website", "twitter", "linkedin", "viadeo")}
    _require_identity(row, v, problems)
    return Speaker(**v, extra=row.extra, origin=row.origin)


def _require_identity(row: Row, v: dict, problems: list[Problem]) -> None:
    """A person needs a name, or a job title and an organisation (the article's unnamed lawyer)."""
    if not (v["first_name"] or v["last_name"] or (v["job_title"] and v["organisation"])):
        letters = row.origin.layout.letters
        problems.append(at(row.origin, next((key for key in _NAMES if key in letters), "last_name"), "no_name"))


_NAMES = ("last_name", "first_name", "job_title", "organisation")  # where a missing name is pointed at


def session(row: Row, problems, days: tuple[dt.date, ...], speakers: dict) -> Session | None:
    day = row.values.get("date")
    if day is None:
        if len(days) > 1:
            if "date" in row.origin.layout.letters:  # without the column: one error for the sheet (workbook)
                problems.append(at(row.origin, "date", "missing_session_date"))
            return None
        day = days[0]
    ids = _get(row, "speakers", ())
    moderator = _get(row, "moderator")
    return Session(
        id=row.values["id"], start=dt.datetime.combine(day, row.values["start"]),
        end=dt.datetime.combine(day, row.values["end"]), room=_get(row, "room"),
        kind=row.values.get("kind") or ("talk" if ids else "other"), title=row.values["title"],
        speaker_ids=ids, moderator_id=moderator,
        **{key: _get(row, key) for key in ("abstract", "recap", "slides", "video")},
        extra=row.extra, origin=row.origin,
        speakers=tuple(speakers[i] for i in ids if i in speakers), moderator=speakers.get(moderator))


def registrant(row: Row, problems) -> Registrant:
    v = {key: _get(row, key) for key in ("first_name", "last_name", "email", "organisation",
                                          "job_title", "city", "badge_name")}
    _require_identity(row, v, problems)
    given = _get(row, "id")
    return Registrant(
        id=given or registrant_id(v["email"], v["first_name"], v["last_name"], v["organisation"]),
        id_derived=not given, **v, category=row.values.get("category") or "participant",
        listed=bool(row.values.get("listed")), session_ids=_get(row, "sessions", ()),
        extra=row.extra, origin=row.origin)


def figure(row: Row, problems) -> Figure:
    return Figure(_get(row, "group"), row.values["label"], row.values["value"], _get(row, "unit"),
                  _get(row, "source"), _get(row, "session"), row.origin)


def quote(row: Row, problems) -> Quote:
    return Quote(_get(row, "speaker"), _get(row, "session"), row.values["text"], row.origin)


def link(row: Row, problems) -> Link:
    return Link(row.values["title"], row.values["url"], row.values.get("kind") or "other", row.origin)


def photo(row: Row, problems) -> Photo:
    return Photo(row.values["file"], _get(row, "caption"), _get(row, "credit"), row.origin)
