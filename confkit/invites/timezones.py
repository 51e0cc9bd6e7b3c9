"""The VTIMEZONE of a calendar, written the way Outlook, Google and Apple write their own.

One STANDARD and at most one DAYLIGHT observance, each a yearly RRULE. Outlook reads nothing
else of a VTIMEZONE ([MS-OXCICAL] 2.1.3.1.1.19: DTSTART, RRULE, TZOFFSETFROM/TO; RDATE ignored)
and takes its base offset from STANDARD, so a block holding only the DAYLIGHT part of the
event's dates (what `Timezone.from_tzinfo` gives for a summer event) puts an Outlook
invitation hours off. Apart from the calendars so that each reads in one sitting.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import dateutil.rrule
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_MINUTE, _HOUR, _DAY, _WEEK = (dt.timedelta(minutes=n) for n in (1, 60, 1440, 10080))
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
Change = tuple[dt.datetime, dt.timedelta, dt.timedelta]  # first UTC instant, offset before, after


def _offset(zone: ZoneInfo, instant: dt.datetime) -> dt.timedelta:
    return instant.astimezone(zone).utcoffset()


def _changes(zone: ZoneInfo, year: int) -> list[Change]:
    """Each change of offset in `year`, narrowed down by day, hour, then minute."""
    instant, end, found = dt.datetime(year, 1, 1, tzinfo=dt.UTC), dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC), []
    while instant < end:
        if _offset(zone, instant + _DAY) == _offset(zone, instant):
            instant += _DAY
            continue
        for step in (_HOUR, _MINUTE):
            while _offset(zone, instant + step) == _offset(zone, instant):
                instant += step
        instant += _MINUTE
        found.append((instant, _offset(zone, instant - _MINUTE), _offset(zone, instant)))
    return found


def _observance(zone: ZoneInfo, change: Change) -> TimezoneStandard | TimezoneDaylight:
    """A yearly observance: the onset's month and n-th (or last) weekday, first onset in 1970."""
    instant, before, after = change
    onset = (instant + before).replace(tzinfo=None)  # DTSTART is local time before the change
    nth = -1 if (onset + _WEEK).month != onset.month else (onset.day - 1) // 7 + 1
    rule = vRecur(freq="YEARLY", bymonth=onset.month, byday=f"{nth}{_WEEKDAYS[onset.weekday()]}")
    start = dateutil.rrule.rrulestr(rule.to_ical().decode(), dtstart=onset.replace(year=1970, month=1, day=1))[0]
    return _observed(TimezoneDaylight() if after > before else TimezoneStandard(), start, before, after,
                     instant.astimezone(zone).tzname(), rule)


def _observed(component, start: dt.datetime, before: dt.timedelta, after: dt.timedelta, name: str | None,
              rule: vRecur | None = None):
    for key, value in (("dtstart", start), ("rrule", rule), ("tzoffsetfrom", before), ("tzoffsetto", after),
                       ("tzname", name)):
        if value is not None:
            component.add(key, value)
    return component


def _yearly(zone: ZoneInfo, year: int) -> list:
    """STANDARD then DAYLIGHT, when the year has one change each way; else nothing."""
    changes = sorted(_changes(zone, year), key=lambda change: change[2] > change[1])
    if [change[2] > change[1] for change in changes] != [False, True]:
        return []
    return [_observance(zone, change) for change in changes]


def _fixed(zone: ZoneInfo, day: dt.date) -> list:
    """One STANDARD holding the offset at the start of `day`: Outlook reads a zone without DST."""
    moment = dt.datetime.combine(day, dt.time(), zone)
    return [_observed(TimezoneStandard(), dt.datetime(1970, 1, 1), moment.utcoffset(), moment.utcoffset(),
                      moment.tzname())]


@functools.lru_cache(maxsize=64)
def vtimezone(tzid: str, first: dt.date, last: dt.date) -> Timezone:
    """The first shape giving zoneinfo's offsets over the event's dates: the first year's yearly rules,
    one fixed offset, else icalendar's exact RDATE form. Cached, shared: never mutate it."""
    zone = ZoneInfo(tzid)
    for observances in (_yearly(zone, first.year), _fixed(zone, first)):
        block = Timezone()
        block.add("tzid", tzid)
        for observance in observances:
            block.add_component(observance)
        if observances and _agrees(block, zone, first, last):
            return block
    return Timezone.from_tzinfo(zone, tzid, first, last)


def _agrees(block: Timezone, zone: ZoneInfo, first: dt.date, last: dt.date) -> bool:
    """Whether the block gives zoneinfo's offset at every hour; not in hours a change skips or repeats,
    on which readers legitimately differ."""
    ours = block.to_tz(lookup_tzid=False)
    moment, end = dt.datetime.combine(first, dt.time(), zone), dt.datetime.combine(last, dt.time(), zone)
    while moment <= end:
        if moment.utcoffset() == moment.replace(fold=1).utcoffset() != moment.replace(tzinfo=ours).utcoffset():
            return False
        moment += _HOUR
    return True
