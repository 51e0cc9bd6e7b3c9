"""Invitations over time: what changed since the last run, and what is still to be sent.

`EVENT/.confkit/invitations.json` keeps the last version issued of every invitation and
session (its SEQUENCE, when it was issued, and the facts that decide whether it changed).
A run compares the workbook with it: a changed time, place or content raises SEQUENCE; a
registrant or session gone from the workbook gets a METHOD:CANCEL. A version keeps the time
it was first issued (its DTSTAMP, its email's Date), so that building it again gives the same
bytes: the night before a congress, a changed room rewrites the few files it concerns, and the
writer links the 45,000 others from the previous OUT. Sending is tracked apart, in the
sent-journal (sending.Journal), so that writing files and sending them stay independent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial

from confkit import views, workers
from confkit.invites import ics, mail
from confkit.model import Event, Registrant
from confkit.scaffold import is_example_email
from confkit.text import dates as babel_dates
from confkit.text.messages import CATALOGUE


@dataclass
class Plan:
    """Everything one run decides: files to write, the state to keep, messages to send, changes to tell."""

    calendar_files: dict = field(default_factory=dict)  # path -> bytes
    agendas: dict = field(default_factory=dict)  # path -> the registrant, whose agenda is made with their invitation
    # person, sequence, method, and when that version was issued
    invitations: list[tuple[Registrant, int, str, dt.datetime]] = field(default_factory=list)
    state: dict = field(default_factory=lambda: {"sessions": {}, "invitations": {}})
    changes: list[tuple[str, dict]] = field(default_factory=list)  # (kind, details) to tell in plain words
    builder: _Builder | None = None

    @property
    def outgoing(self) -> list[tuple[str, str, Callable[[], bytes]]]:
        """(key, recipient, a function making the message) of each invitation, made when asked: sending
        needs them, a build does not (held for all, they took 30 MB at 100,000 people)."""
        return [(f"{person.id}/{sequence}/{method}", person.email, partial(self._message, number))
                for number, (person, sequence, method, _issued) in enumerate(self.invitations)]

    def _message(self, number: int) -> bytes:
        return self.builder(*self.invitations[number])[1]

    @property
    def invitation_count(self) -> int:
        return 2 * len(self.invitations) + len(self.agendas)

    def invitation_files(self) -> Iterator[tuple[str, bytes]]:
        """Each person's .ics, .eml and agenda, built as the writer asks for them: on every core when many."""
        if not self.invitations:
            return
        parallel = len(self.invitations) >= workers.PARALLEL_FROM
        numbers = workers.slices(range(len(self.invitations)), 32)  # numbers cross to the workers, not people
        for batch in workers.imap(self._build_batch, numbers, parallel, chunksize=1):
            yield from batch

    def _build_batch(self, numbers: range) -> list[tuple[str, bytes]]:
        files = []
        for number in numbers:
            person, sequence, method, issued = self.invitations[number]
            calendar, message = self.builder(person, sequence, method, issued)
            files += [(f"invites/{person.id}.ics", calendar), (f"invites/{person.id}.eml", message)]
            if (path := agenda_path(person.id)) in self.agendas:
                files.append((path, self.builder.agenda(person)))
        return files

    def state_for_calendars(self, context) -> dict:
        """Sessions as issued now, invitations as before: only the calendars were written."""
        return {**self.state, "invitations": context.previous_invitations.get("invitations", {})}


def issued(context, options) -> Plan:
    """The plan of this run, made once for the calendars and the invitations alike."""
    key = ("invitations", options.attach_badge)
    if key not in context.memo:
        from confkit.badges.render import own_badge

        badge = own_badge(context) if options.attach_badge else None
        context.memo[key] = plan(context.event, context.env, context.previous_invitations, context.now, badge)
    return context.memo[key]


def plan(event: Event, env, previous: dict, now: dt.datetime, badge=None) -> Plan:
    """Files, new state, messages and changes, from the event and the previous state.

    Invitations are decided here but built only when their file is written or their
    message sent: 20,000 emails held at once would take over a gigabyte.
    """
    result = Plan()
    sequences, stamps = _sessions(event, previous.get("sessions", {}), now, result)
    result.calendar_files["calendar/event.ics"] = ics.calendar(event, now, sequences, stamps)  # sessions made once
    if not event.organiser_email:  # an invitation needs an ORGANIZER (iTIP); `check` warns of it
        result.changes.append(("no_organiser", {}))
        result.state["invitations"] = previous.get("invitations", {})  # history kept for when it returns
        return result
    build = result.builder = _Builder(event, env, now, badge, sequences, stamps)
    current = {person.id: person for person in invitees(event)}
    for person in current.values():
        _invite(event, person, previous.get("invitations", {}).get(person.id), build, result)
    for rid, old in sorted(previous.get("invitations", {}).items()):
        if rid not in current and not is_example_email(old["email"]):  # invited by an older confkit: no CANCEL
            _cancel(rid, old, build, result)
    return result


def invitees(event: Event) -> list[Registrant]:
    """Registrants with an email, then everyone on stage with an email who did not register (matched by
    email), invited as `speaker+<id>`: a speaker is told of their own sessions, registered or not.
    Never the template's example addresses (jeanne.dupont@example.org...), whatever name goes with
    them: nobody reads them, and `check` warns while they remain."""
    people = [r for r in event.registrants if r.email and not is_example_email(r.email)]
    emails = {r.email.strip().casefold() for r in people}
    on_stage = {pid for s in event.sessions for pid in s.people_ids}
    for speaker in event.speakers:
        if (speaker.email and speaker.id in on_stage and speaker.email.strip().casefold() not in emails
                and not is_example_email(speaker.email)):
            emails.add(speaker.email.strip().casefold())
            people.append(Registrant(views.SPEAKER_INVITEE + speaker.id, speaker.first_name, speaker.last_name,
                                     speaker.email, speaker.organisation, speaker.job_title, "speaker", "", "",
                                     False, (), (), speaker.origin))
    return people


class _Builder:
    """Makes a person's .ics and .eml on demand, remembering the last one (asked for twice in a row),
    and their agenda."""

    def __init__(self, event: Event, env, now: dt.datetime, badge, sequences: dict[str, int],
                 stamps: dict[str, dt.datetime]):
        self.event, self.env, self.now, self.badge = event, env, now, badge
        self.sequences, self.stamps = sequences, stamps
        self.glance = mail.glance_of(event, env)
        self.last: tuple = (None, b"", b"")

    def __call__(self, person: Registrant, sequence: int, method: str, issued: dt.datetime) -> tuple[bytes, bytes]:
        key = (person.id, sequence, method)
        if self.last[0] != key:
            calendar = ics.invitation(self.event, person, issued, sequence, method)
            badge = self.badge(person) if self.badge and method == "REQUEST" else None
            message = mail.invitation(self.event, person, calendar, self.env, sequence, method, issued,
                                      ics.invitation_uid(self.event, person.id), badge, self.glance)
            self.last = (key, calendar, message)
        return self.last[1], self.last[2]

    def agenda(self, person: Registrant) -> bytes:
        return ics.agenda(self.event, person, self.now, self.sequences, self.stamps)


def _sessions(event: Event, before: dict, now: dt.datetime,
              result: Plan) -> tuple[dict[str, int], dict[str, dt.datetime]]:
    """Each session's version and when it was issued; their calendars and state."""
    sequences, stamps = {}, {}
    for session in event.sessions:
        facts = ics.session_facts(event, session)
        old = before.get(session.id)
        sequence = _next_sequence(old, facts)
        if old and sequence != old["sequence"]:
            result.changes.append(("session_changed", {"title": session.title, "old": old["facts"], "new": facts}))
        sequences[session.id], stamps[session.id] = sequence, _issued(old, sequence, now)
        result.state["sessions"][session.id] = {"sequence": sequence, "facts": facts, "cancelled": False,
                                                "issued": _iso(stamps[session.id])}
        result.calendar_files[f"calendar/sessions/{session.id}.ics"] = ics.session_calendar(
            event, session, stamps[session.id], sequence)
    for sid, old in sorted(before.items()):
        if sid not in sequences:
            sequence = _cancel_sequence(old)
            if not old.get("cancelled"):
                result.changes.append(("session_cancelled", {"title": old["facts"].get("summary", sid)}))
            issued = _issued(old, sequence, now)  # a first cancellation is a new version: now
            result.state["sessions"][sid] = {**old, "sequence": sequence, "cancelled": True, "issued": _iso(issued)}
            result.calendar_files[f"calendar/sessions/{sid}.ics"] = ics.cancelled_session(
                event, sid, old["facts"], issued, sequence)
    return sequences, stamps


def _issued(old: dict | None, sequence: int, now: dt.datetime) -> dt.datetime:
    """When this version was first issued: as the state remembers it when the version is unchanged, else now.
    A rebuild of the same version then gives the same bytes."""
    if old is None or old.get("sequence") != sequence or not isinstance(old.get("issued"), str):
        return now
    return _moment(old["issued"]) or now


@lru_cache(maxsize=256)
def _moment(text: str) -> dt.datetime | None:
    """A time the state kept (ISO 8601, aware); None for a state written before confkit kept it, or edited."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else None


@lru_cache(maxsize=256)
def _iso(moment: dt.datetime) -> str:
    return moment.isoformat()  # one string for every row issued at that time: 100,000 rows share a few


def _cancel_sequence(old: dict) -> int:
    """A cancellation is one more version, issued once: a later run repeats it unchanged."""
    return old["sequence"] + (0 if old.get("cancelled") else 1)


def _next_sequence(old: dict | None, facts: dict) -> int:
    if old is None:
        return 0
    return old["sequence"] + (1 if old.get("cancelled") or old["facts"] != facts else 0)


def _invite(event: Event, person: Registrant, old: dict | None, build: _Builder, result: Plan) -> None:
    facts = ics.invitation_facts(event, person)
    sequence = _next_sequence(old, facts)
    if old is None:
        result.changes.append(("new", {"name": _shown(event, person)}))
    elif sequence != old["sequence"]:
        result.changes.append(("changed", {"name": _shown(event, person), "old": old["facts"], "new": facts}))
    issued = _issued(old, sequence, build.now)
    row = {"sequence": sequence, "facts": facts, "cancelled": False, "email": person.email, "name": person.name,
           "issued": _iso(issued)}
    result.state["invitations"][person.id] = old if row == old else row  # unchanged: one row, not two
    result.invitations.append((person, sequence, "REQUEST", issued))
    if person.session_ids:
        result.agendas[agenda_path(person.id)] = person


def agenda_path(registrant_id: str) -> str:
    """In a folder of its own: `invites/<id>-agenda.ics` was also the invitation of a registrant `<id>-agenda`."""
    return f"invites/agendas/{registrant_id}.ics"


def _cancel(rid: str, old: dict, build: _Builder, result: Plan) -> None:
    """A registrant gone from the sheet: their calendar entry is cancelled (once)."""
    sequence = _cancel_sequence(old)
    if not old.get("cancelled"):
        result.changes.append(("cancelled", {"name": old["name"]}))
    issued = _issued(old, sequence, build.now)  # a first cancellation is a new version: now
    result.state["invitations"][rid] = {**old, "sequence": sequence, "cancelled": True, "issued": _iso(issued)}
    gone = Registrant(rid, "", "", old["email"], "", "", "participant", "", old["name"], False, (), (), None)
    result.invitations.append((gone, sequence, "CANCEL", issued))


# --- Changes in plain words ----------------------------------------------------------------

def _shown(event: Event, person: Registrant) -> str:
    """The person as the organiser's list names them: `Priya Shah (speaker)` when they are on stage."""
    role = f" ({CATALOGUE['changes_speaker'][event.language]})" if views.stage_sessions(event, person) else ""
    return person.name + role


def describe(changes: list[tuple[str, dict]], lang: str) -> list[str]:
    """Who must receive what, in plain words, grouped by reason: a moved session with the people it
    concerns first ("3 invitation(s) to send again: start moved from 14:00 to 14:30 in 'Atelier B' —
    Priya Shah (speaker), Karim Benali, Léa Martin"), then the other changes; long lists shortened."""
    words = _Words(lang)
    lines: list[str] = []
    changed = [details for kind, details in changes if kind == "changed"]
    told: set[int] = set()
    for kind, details in changes:
        if kind == "session_changed":
            title = details["title"]
            who = [d for d in changed if id(d) not in told and any(title in d[side].get("description", "")
                                                                    for side in ("old", "new"))]
            told |= {id(d) for d in who}
            key = "session_people" if who else "session_changed"
            lines.append(words[key].format(title=title, what=_what(details, words, lang), count=len(who),
                                           names=_names([d["name"] for d in who], words)))
        elif kind in ("session_cancelled", "no_organiser"):
            lines.append(words[kind].format(title=details.get("title")))
    grouped: dict[tuple[str, str], list[str]] = {}
    for kind, details in changes:
        if kind in ("new", "cancelled") or (kind == "changed" and id(details) not in told):
            key = (kind, _what(details, words, lang) if kind == "changed" else "")
            grouped.setdefault(key, []).append(details["name"])
    for (kind, what), names in grouped.items():
        lines.append(words[kind].format(count=len(names), what=what, names=_names(names, words)))
    return lines or [words["nothing"]]


def _names(names: list[str], words: _Words, most: int = 8) -> str:
    """`A, B, C` or `A, B ... and 12 more`."""
    shown = ", ".join(names[:most])
    return shown + (" " + words["more"].format(count=len(names) - most) if len(names) > most else "")


class _Words:
    """The catalogue's `changes_*` sentences in one language, looked up as words[kind]."""

    def __init__(self, lang: str):
        self.lang = lang

    def __getitem__(self, kind: str) -> str:
        return CATALOGUE[f"changes_{kind}"][self.lang]


def _what(details: dict, words: _Words, lang: str) -> str:
    old, new = details.get("old", {}), details.get("new", {})
    parts = []
    for key in ("start", "end", "location", "summary", "description"):
        if old.get(key) != new.get(key):
            shown = _moments(old.get(key, ""), new.get(key, ""), lang) if key in ("start", "end") else (
                old.get(key, ""), new.get(key, ""))
            parts.append(words[key].format(old=shown[0], new=shown[1]))
    return "; ".join(dict.fromkeys(parts))


def _moments(old: str, new: str, lang: str) -> tuple[str, str]:
    """The local times people set their watches by: `14:00` to `14:30` on one day, with the day when it
    changes too (`mar. 8 juin, 14 h 00`)."""
    try:
        before, after = dt.datetime.fromisoformat(old), dt.datetime.fromisoformat(new)
    except ValueError:
        return old, new
    if before.date() == after.date():
        return babel_dates.time(before, lang), babel_dates.time(after, lang)
    return babel_dates.moment(before, lang), babel_dates.moment(after, lang)


def waiting_lines(plan: Plan, waiting: "Pending", lang: str, most: int = 10) -> list[str]:
    """What is not sent yet (by the sent-journal, not by the last build), person by person, shortened."""
    names = {person.id: person.name for person, *_version in plan.invitations}
    lines = []
    for key, recipient in waiting.listing()[:most]:
        person, sequence, method = key.split("/")
        kind = "cancel" if method == "CANCEL" else "update" if int(sequence) else "invite"
        lines.append(f"  {names.get(person, '')} <{recipient}>: {CATALOGUE[f'changes_kind_{kind}'][lang]}")
    if len(waiting) > most:
        lines.append("  " + CATALOGUE["changes_more"][lang].format(count=len(waiting) - most))
    return lines


class Pending:
    """The messages of a plan that the sent-journal does not hold yet, each built only when sent."""

    def __init__(self, plan: Plan, journal):
        done = journal.sent()
        self.items = [item for item in plan.outgoing if item[0] not in done]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        from confkit.invites.sending import Outgoing

        return (Outgoing(key, recipient, build()) for key, recipient, build in self.items)

    def listing(self) -> list[tuple[str, str]]:
        return [(key, recipient) for key, recipient, _build in self.items]
