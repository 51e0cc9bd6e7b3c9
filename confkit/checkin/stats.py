"""The arrivals so far, for the organiser: `confkit checkin EVENT --stats` (and --json for machines).

Unlike the recap site's attendance (aggregates only, no group under five), these figures are for
the organiser's own screen during the day: small groups are shown, and no-shows are listed by id.
"""

from __future__ import annotations

from collections import Counter

from confkit.checkin import journal, roster
from confkit.identity import fold
from confkit.model import Event
from confkit.text.labels import LABELS

LATE_AFTER_MINUTES = 15  # arriving this long after the day's first session began is late


def figures(event: Event, journal_path, session: str = "") -> dict:
    """Arrived / expected, by category, organisation and quarter-hour, no-shows, late arrivals, and
    per session the count of each room-door desk."""
    _columns, entries = journal.read(journal_path)
    people = {person.id: person for person in roster.roster(event)}
    first = {pid: entry for pid, entry in journal.first_arrivals(entries, session).items() if pid in people}
    labels = LABELS[event.language]
    categories = Counter(labels.get(f"category_{people[pid].category}", people[pid].category) for pid in first)
    organisations = _spelt(people[pid].organisation for pid in first)
    quarters = Counter(_quarter(entry) for entry in first.values() if entry.moment)
    late_after = _late_after(event)
    late = sum(1 for entry in first.values() if entry.moment and late_after
               and entry.moment.astimezone(event.zone).replace(tzinfo=None) > late_after)
    sessions = {s.id: len([pid for pid in journal.first_arrivals(entries, s.id) if pid in people])
                for s in event.sessions}
    return {"arrived": len(first), "expected": len(people),
            "by_category": dict(categories.most_common()), "by_organisation": organisations,
            "by_quarter_hour": dict(sorted(quarters.items())),
            "no_shows": sorted(pid for pid in people if pid not in first),
            "late": late, "late_after": late_after.strftime("%H:%M") if late_after else "",
            "by_session": {sid: n for sid, n in sessions.items() if n}}


def _spelt(names) -> dict[str, int]:
    """Organisations counted as one whatever their spelling (accents, case), largest first."""
    counts: dict[str, Counter] = {}
    for name in names:
        if fold(name):
            counts.setdefault(fold(name), Counter())[name.strip()] += 1
    shown = {counter.most_common(1)[0][0]: counter.total() for counter in counts.values()}
    return dict(sorted(shown.items(), key=lambda item: (-item[1], fold(item[0]))))


def _quarter(entry: journal.Entry) -> str:
    moment = entry.moment
    return f"{moment:%Y-%m-%d} {moment.hour:02d}:{moment.minute // 15 * 15:02d}"


def _late_after(event: Event):
    import datetime as dt

    if not event.sessions:
        return None
    return min(s.start for s in event.sessions) + dt.timedelta(minutes=LATE_AFTER_MINUTES)
