"""Who came, as the recap site may say it: check-ins read from `checkins.csv`, then aggregates only.

`checkins.csv` is what the door's scanner (or a ticked list) leaves behind: one line a
check-in, `registrant_id,checked_in_at`. It is optional: without it the site shows the
registrations alone. A line that cannot be counted (an id that is not a registrant, a time
that is not one) is skipped with a warning at its line, `checkins.csv:14`, so that one bad
scan never stops the site; a file that is not a list of check-ins at all is a UserError at
`checkins.csv:1`.

The summary is the page's only source, and it is built so that no one can be picked out:
counts by category, organisation, city and arrival time, where any group of fewer than
`minimum` people is merged into "other", and an "other" still too small is withheld (its
size is given, never its members). Arrivals are merged with their neighbours in time rather
than into "other". Nothing in it names anyone: no name, no email, no registrant id.

Times are local to the event's zone and naive, as everywhere in `confkit.model`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from confkit.errors import UserError
from confkit.identity import fold
from confkit.model import Event, Registrant
from confkit.problems import WARNING, Problem
from confkit.text.labels import LABELS
from confkit.text.messages import say, words

FILE = "checkins.csv"
ID, TIME = "registrant_id", "checked_in_at"
BIN = dt.timedelta(minutes=15)
_RANK = 1000  # problems of checkins.csv sort after the workbook's sheets


@dataclass(frozen=True, slots=True)
class Checkins:
    """Who checked in, once each: registrant id -> first arrival (local, naive; None when not known)."""

    times: Mapping[str, dt.datetime | None]
    problems: tuple[Problem, ...] = ()  # warnings, one a skipped or doubtful line
    repeated: int = 0  # check-ins of someone already checked in (counted once)
    sessions: Mapping[str, int] = field(default_factory=dict)  # session id -> people a room-door desk admitted

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self.times)


@dataclass(frozen=True, slots=True)
class Count:
    label: str
    count: int
    other: bool = False  # the bucket that small groups were merged into


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Groups of at least `minimum` people, largest first, then "other"; `withheld` people are in neither."""

    counts: tuple[Count, ...]
    withheld: int = 0


@dataclass(frozen=True, slots=True)
class Span:
    """Arrivals between `start` and `end` (local): one 15-minute bin, or neighbours merged to reach the minimum."""

    start: dt.datetime
    end: dt.datetime
    count: int


@dataclass(frozen=True, slots=True)
class Arrivals:
    spans: tuple[Span, ...]  # in time order; a 0 is shown as such (it singles no one out)
    withheld: int = 0  # on a day with fewer arrivals than the minimum
    untimed: int = 0  # attended, but without a usable time


@dataclass(frozen=True, slots=True)
class Attendance:
    """The day in numbers, aggregates only.

    The breakdowns count those who attended when check-ins were read (`basis` "attended"),
    else everyone registered ("registered"): one population, so that no two tables can be
    subtracted from each other to reveal a small group.
    """

    registered: int
    attended: int
    basis: str
    by_category: Breakdown
    by_organisation: Breakdown
    by_city: Breakdown
    arrivals: Arrivals
    organisations: int  # distinct organisations represented in the basis (accents and case aside)
    cities: int
    minimum: int
    by_session: Mapping[str, int] = field(default_factory=dict)  # session id -> attendance, when at least `minimum`


# --- Reading checkins.csv -------------------------------------------------------------------------

def read_checkins(event: Event) -> Checkins:
    """The check-ins of `event.folder / checkins.csv`; none when the file is absent."""
    path = event.folder / FILE
    if not path.is_file():
        return Checkins(MappingProxyType({}))
    return parse_checkins(path.read_bytes(), event)


def parse_checkins(data: bytes, event: Event) -> Checkins:
    """The check-ins in `data`, a CSV file's bytes (comma, semicolon or tab separated)."""
    text = _decoded(data)
    lines = text.splitlines()
    header = lines[0] if lines else ""
    delimiter = _delimiter(header)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = [fold(cell) for cell in next(reader, [])]
        if fold(ID) not in columns or fold(TIME) not in columns:
            found = ", ".join(cell.strip() for cell in header.split(delimiter) if cell.strip())[:120]
            raise UserError("checkins_header", f"{FILE}:1", found=found or "—")
        at_id, at_time = columns.index(fold(ID)), columns.index(fold(TIME))
        at_session = columns.index("session") if "session" in columns else None
        at_door, in_rooms = [], {}
        for cells in reader:
            room = cells[at_session].strip() if at_session is not None and at_session < len(cells) else ""
            if room:  # a room-door desk's admission (confkit checkin --session): not an arrival
                registrant = cells[at_id].strip() if at_id < len(cells) else ""
                in_rooms.setdefault(room, set()).add(registrant)
            else:
                at_door.append((reader.line_num, cells))
        found = _checkins(at_door, at_id, at_time, event)
        known = {r.id for r in event.registrants}
        sessions = {room: len(people & known) for room, people in in_rooms.items()}
        return Checkins(found.times, found.problems, found.repeated, MappingProxyType(sessions))
    except csv.Error as error:
        raise UserError("checkins_not_text", f"{FILE}:{max(reader.line_num, 1)}", detail=_detail(error)) from None


def _detail(error: csv.Error) -> dict[str, str] | str:
    """What the csv module found, in both languages for the one error its lenient reader raises on text."""
    if str(error).startswith("field larger than field limit"):
        return words("checkins_long_field", limit=csv.field_size_limit())
    return str(error)


def _decoded(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as older spreadsheets export; NUL bytes mean binary."""
    if b"\x00" in data[:4096]:
        raise UserError("checkins_not_text", f"{FILE}:1", detail=words("checkins_binary"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(header: str) -> str:
    """The separator the header uses: spreadsheets in French write `;`."""
    return max((",", ";", "\t"), key=header.count) if header else ","


def _checkins(rows: Iterable[tuple[int, list[str]]], at_id: int, at_time: int, event: Event) -> Checkins:
    known = {registrant.id for registrant in event.registrants}
    times: dict[str, dt.datetime | None] = {}
    problems: list[Problem] = []
    repeated = 0
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        where = f"{FILE}:{line}"
        registrant = cells[at_id].strip() if at_id < len(cells) else ""
        written = cells[at_time].strip() if at_time < len(cells) else ""
        if not registrant:
            problems.append(_warning(where, line, "checkins_no_id"))
            continue
        if registrant not in known:
            if registrant.startswith("speaker:"):  # a speaker's badge (they did not register): no registrant
                continue
            if registrant not in event.unread_ids:  # a row with errors, already reported at its cell
                problems.append(_warning(where, line, "checkins_unknown", value=registrant))
            continue
        try:
            time = _local(written, event) if written else None
        except ValueError:
            problems.append(_warning(where, line, "checkins_bad_time", value=written))
            continue
        if time is not None and time.date() not in event.days:
            problems.append(_warning(where, line, "checkins_outside", value=written, first=event.days[0].isoformat(),
                                     last=event.days[-1].isoformat()))
            time = None
        if registrant in times:
            repeated += 1
            earlier = times[registrant]
            time = min(earlier, time) if earlier and time else earlier or time
        times[registrant] = time
    return Checkins(MappingProxyType(times), tuple(problems), repeated)


def _local(written: str, event: Event) -> dt.datetime:
    """An ISO 8601 time in the event's zone, naive; a time without offset is taken as the event's own."""
    moment = dt.datetime.fromisoformat(written)
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(event.zone).replace(tzinfo=None)


def _warning(where: str, line: int, code: str, **params) -> Problem:
    return Problem(WARNING, code, where, params, (_RANK, line, 0, ""))


# --- The summary ----------------------------------------------------------------------------------

def summary(event: Event, checkins: Checkins, minimum: int = 5) -> Attendance:
    """The day in numbers, with every group of fewer than `minimum` people merged or withheld."""
    minimum = max(1, minimum)
    lang = event.language
    attended = [r for r in event.registrants if r.id in checkins.times]
    basis = attended if checkins.times else list(event.registrants)
    other = say("attendance_other", lang)
    labels = LABELS.get(lang, LABELS["en"])
    organisations = _groups(basis, lambda r: r.organisation)
    cities = _groups(basis, lambda r: r.city)
    categories = _groups(basis, lambda r: labels.get(f"category_{r.category}", r.category))
    times = [checkins.times[r.id] for r in attended]
    return Attendance(
        registered=len(event.registrants), attended=len(attended), basis="attended" if checkins.times else "registered",
        by_category=_breakdown(categories, len(basis), minimum, other),
        by_organisation=_breakdown(organisations, len(basis), minimum, other),
        by_city=_breakdown(cities, len(basis), minimum, other),
        arrivals=_arrivals([t for t in times if t is not None], minimum, untimed=times.count(None)),
        organisations=len(organisations), cities=len(cities), minimum=minimum,
        by_session=MappingProxyType({sid: n for sid, n in checkins.sessions.items() if n >= minimum}))


def _groups(people: Iterable[Registrant], value: Callable[[Registrant], str]) -> dict[str, int]:
    """Shown name -> people, spellings of one name (accents, case, spacing aside) counted as one.

    The name shown is the group's most common spelling; people with none are in no group.
    """
    spellings: dict[str, Counter[str]] = {}
    for person in people:
        written = " ".join(value(person).split())
        if fold(written):
            spellings.setdefault(fold(written), Counter())[written] += 1
    return {counter.most_common(1)[0][0]: counter.total() for counter in spellings.values()}


def _breakdown(groups: Mapping[str, int], total: int, minimum: int, other: str) -> Breakdown:
    """Groups of `minimum` or more, largest first; the rest (and those in no group) as "other", if it is big enough."""
    shown = sorted(((label, n) for label, n in groups.items() if n >= minimum), key=lambda g: (-g[1], fold(g[0]), g[0]))
    rest = total - sum(n for _, n in shown)
    counts = tuple(Count(label, n) for label, n in shown)
    if rest >= minimum:
        return Breakdown(counts + (Count(other, rest, other=True),))
    return Breakdown(counts, withheld=rest)


def _arrivals(times: list[dt.datetime], minimum: int, untimed: int) -> Arrivals:
    """15-minute bins of arrival, day by day; a bin under `minimum` is merged with the following ones until
    the span reaches it, and a day's last small span with the one before (a day too small is withheld)."""
    bins = Counter(_bin(t) for t in times)
    spans: list[Span] = []
    withheld = 0
    for day in sorted({start.date() for start in bins}):
        starts = sorted(start for start in bins if start.date() == day)
        day_spans: list[Span] = []
        pending: Span | None = None
        moment = starts[0]
        while moment <= starts[-1]:
            count = bins.get(moment, 0)
            if pending is None and count == 0:
                day_spans.append(Span(moment, moment + BIN, 0))
            else:
                pending = (Span(pending.start, moment + BIN, pending.count + count) if pending
                           else Span(moment, moment + BIN, count))
                if pending.count >= minimum:
                    day_spans.append(pending)
                    pending = None
            moment += BIN
        if pending is not None:
            shown = [n for n, span in enumerate(day_spans) if span.count]
            if shown:
                last = day_spans[shown[-1]]
                day_spans[shown[-1]:] = [Span(last.start, pending.end, last.count + pending.count)]
            else:
                withheld += pending.count
                day_spans = []
        spans += day_spans
    return Arrivals(tuple(spans), withheld, untimed)


def _bin(moment: dt.datetime) -> dt.datetime:
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)
