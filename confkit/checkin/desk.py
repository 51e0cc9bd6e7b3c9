"""The desk's decisions: what a scanned code, a typed name or a paper code means, and who is admitted.

A line in, an answer out, and the journal written before the answer is given. The terminal (cli/checkin)
shows the answers; the phone scanner makes the same decisions in its page (templates/checkin).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from confkit.badges import tokens
from confkit.checkin import keyboards, roster
from confkit.checkin.journal import Entry, Journal, first_arrivals, new_scan_id
from confkit.model import Event

TWICE_WITHIN = 3.0  # seconds: a scanner that sends one code twice, or a badge held a moment too long


@dataclass(frozen=True, slots=True)
class Answer:
    kind: str  # admitted, already, read_twice, unknown, forged, other_event, version, replaced, matches, no_match
    person: roster.Person | None = None
    first: Entry | None = None  # already: where and when they were first admitted
    matches: tuple[roster.Person, ...] = ()
    repaired: str = ""  # the keyboard layout a mangled code was read back through
    how: str = ""  # scan, name or code (the journal's `how`)


class Desk:
    """One desk's state: the roster, who has arrived (from the journal), the last reads and searches."""

    def __init__(self, event: Event, public_key, journal: Journal, desk: str = "desk", session: str = "",
                 editions: Mapping[str, int] | None = None, clock: Callable[[], dt.datetime] | None = None,
                 monotonic: Callable[[], float] = time.monotonic):
        self.event, self.key, self.journal, self.desk, self.session = event, public_key, journal, desk, session
        self.people = roster.roster(event)
        self.by_id = {person.id: person for person in self.people}
        self.by_code = {person.code: person for person in self.people}
        self.editions = dict(editions or {})
        self.clock = clock or (lambda: dt.datetime.now(event.zone))
        self.monotonic = monotonic
        self.arrived = first_arrivals(journal.entries, session)
        self.last_read: dict[str, tuple[float, Answer]] = {}
        self.choices: tuple[roster.Person, ...] = ()

    @property
    def count(self) -> tuple[int, int]:
        """(arrived, expected): registrants and speakers with a badge."""
        return sum(1 for pid in self.arrived if pid in self.by_id), len(self.people)

    def answer(self, line: str) -> Answer | None:
        text = line.strip()
        if not text:
            return None
        if text.isdigit() and self.choices and 1 <= int(text) <= len(self.choices):
            return self._admit(self.choices[int(text) - 1], "name")
        if _looks_like_code(text):
            return self._scanned(text)
        if (person := self.by_code.get(roster.normal_code(text))) and len(roster.normal_code(text)) >= 4:
            return self._admit(person, "code")
        found = tuple(roster.search(self.people, text))
        self.choices = found
        return Answer("matches" if found else "no_match", matches=found)

    def _scanned(self, text: str) -> Answer:
        now = self.monotonic()
        seen = self.last_read.get(text)
        if seen and now - seen[0] < TWICE_WITHIN:
            return Answer("read_twice", seen[1].person, seen[1].first, how="scan")
        answer = self._token(text)
        self.last_read = {code: read for code, read in self.last_read.items() if now - read[0] < TWICE_WITHIN}
        self.last_read[text] = (now, answer)
        return answer

    def _token(self, text: str) -> Answer:
        layout, token_id = "", None
        try:
            token_id = tokens.verify(text, self.key, self.event.id)
        except tokens.InvalidToken as refused:
            reason = refused.reason
            if reason in ("format", "signature"):
                layout, token_id = _repaired(text, self.key, self.event.id)
            if token_id is None:
                return Answer({"event": "other_event", "version": "version"}.get(reason, "forged"))
        holder, edition = tokens.holder(token_id)
        person = self.by_id.get(holder)
        if person is None:
            return Answer("unknown", repaired=layout)
        if edition < self.editions.get(holder, 1):
            return Answer("replaced", person, repaired=layout)
        answer = self._admit(person, "scan")
        return Answer(answer.kind, answer.person, answer.first, repaired=layout, how="scan")

    def _admit(self, person: roster.Person, how: str) -> Answer:
        self.choices = ()
        if person.id in self.arrived:
            return Answer("already", person, self.arrived[person.id], how=how)
        moment = self.clock().astimezone(self.event.zone).replace(microsecond=0)
        entry = Entry(new_scan_id(), person.id, moment.isoformat(), self.desk, how, self.session)
        self.journal.append(entry)  # on disk before the answer is shown
        self.arrived[person.id] = entry
        return Answer("admitted", person, entry, how=how)


def _looks_like_code(text: str) -> bool:
    """A badge code, or one a keyboard layout mangled: `CK1:`, `CK&M` (AZERTY), `CK1Ö` (QWERTZ) ..."""
    return len(text) > 40 and text[:2].upper() == "CK"


def _repaired(text: str, key, event_id: str) -> tuple[str, str | None]:
    """(layout, token id) when exactly one reading of `text` through a keyboard layout (or without caps
    lock) verifies; else ("", None): two readings that verify would be a guess."""
    readings = {**keyboards.repairs(text), **{f"{name}+caps": code for name, code in
                                              keyboards.repairs(text.upper()).items()}}
    if text.upper() != text:
        readings["caps"] = text.upper()
    verified: dict[str, str] = {}
    for layout, code in readings.items():
        try:
            verified.setdefault(tokens.verify(code, key, event_id), layout)
        except tokens.InvalidToken:
            continue
    if len(verified) == 1:
        token_id, layout = next(iter(verified.items()))
        return layout, token_id
    return "", None


# --- Opening a desk, merging desks, the figures ------------------------------------------------------

def event_of(path):
    """The event a desk works for, read from its workbook: its checks are `confkit check`'s business, and a
    desk must work on the morning even if a photo went missing overnight."""
    from confkit import pipeline

    inspection = pipeline.inspect(path)
    if inspection.event is None:  # no event to read a roster from: its problems, located, as `check` says them
        raise pipeline.CheckFailed(inspection, False)
    return inspection.event


def public_key(event: Event, key_file=None):
    """The key that verifies badges: the public key file given, else the event's own. Never made here:
    a desk with a new key would refuse every badge printed."""
    from confkit.errors import UserError
    from confkit.state import State

    if key_file is not None:
        return tokens.load_public_key(key_file.read_text(encoding="utf-8", errors="replace"))
    key = State(event.folder).signing_key()
    if key is None:
        raise UserError("desk_no_key")
    return key.public_key()


class open_desk:
    """`with open_desk(...) as desk:` a desk on its journal, closed (and unlocked) however it ends."""

    def __init__(self, event: Event, journal_path, desk: str, session: str = "", key_file=None):
        from confkit.errors import UserError
        from confkit.state import State

        if session and session not in {s.id for s in event.sessions}:
            raise UserError("desk_unknown_session", "--session", value=session,
                            known=", ".join(s.id for s in event.sessions)[:300])
        key = public_key(event, key_file)
        self.journal = Journal(journal_path)
        self.desk = Desk(event, key, self.journal, desk, session, State(event.folder).badge_editions())

    def __enter__(self) -> Desk:
        return self.desk

    def __exit__(self, *exc) -> None:
        self.journal.close()


@dataclass(frozen=True)
class Merged:
    files: tuple[tuple[str, int, int], ...]  # (file, admissions added, already there)
    doubles: tuple[tuple[Entry, Entry, str], ...]  # (first, later, name): one person admitted twice


def merge(event: Event, journal_path, files) -> Merged:
    """Fold other journals (desks, phones) into this one: union by scan id, appended, never rewritten; the
    same lines whatever the order and however often. Reports each double admission."""
    from confkit.checkin import journal as journals
    from confkit.errors import UserError

    added = []
    with Journal(journal_path) as mine:
        for file in files:
            if not file.is_file():
                raise UserError("merge_missing", file=str(file))
        known = {entry.scan_id for entry in mine.entries}
        for file in files:
            _columns, entries = journals.read(file)
            fresh = [entry for entry in entries if entry.scan_id not in known]
            for entry in fresh:
                mine.append(entry)
                known.add(entry.scan_id)
            added.append((str(file), len(fresh), len(entries) - len(fresh)))
        everyone = {person.id: person.name for person in roster.roster(event)}
        doubles = tuple((first, later, everyone.get(first.registrant_id, first.registrant_id))
                        for first, later in journals.doubles(mine.entries))
    return Merged(tuple(added), doubles)
