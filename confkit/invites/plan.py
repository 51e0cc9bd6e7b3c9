"""Invitations over time: what changed since the last run, and what is still to be sent.

`EVENT/.confkit/invitations.json` keeps the last version issued of every invitation and
session (its SEQUENCE and the facts that decide whether it changed). A run compares
the workbook with it: a changed time, place or content raises SEQUENCE; a registrant or
session gone from the workbook gets a METHOD:CANCEL. Sending is tracked apart, in the
sent-journal (sending.Journal), so that writing files and sending them stay independent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from confkit.invites import ics
from confkit.invites import mail
from confkit.badges.layouts import LayoutProblem
from confkit.model import Event, Registrant

STATE = Path(".confkit") / "invitations.json"


@dataclass
class Plan:
    """Everything one run decides: files to write, the state to keep, messages to send, changes to tell."""

    files: dict = field(default_factory=dict)  # path -> bytes, or a function writing the file
    state: dict = field(default_factory=lambda: {"sessions": {}, "invitations": {}})
    outgoing: list[tuple[str, str, Callable[[], bytes]]] = field(default_factory=list)  # key, recipient, message
    changes: list[tuple[str, dict]] = field(default_factory=list)  # (kind, details) to tell in plain words


def stamp() -> dt.datetime:
    """The build's time: SOURCE_DATE_EPOCH when set (reproducible builds), else now; whole seconds, UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise LayoutProblem("SOURCE_DATE_EPOCH", f"expected a number of seconds since 1970, received {epoch!r}",
                            f"un nombre de secondes depuis 1970 était attendu, reçu {epoch!r}")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0)


def load_state(folder: Path) -> dict:
    path = folder / STATE
    if not path.exists():
        return {"sessions": {}, "invitations": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as error:
        raise LayoutProblem(str(path), f"unreadable ({error}); restore it from a backup: it records which "
                                       "invitations were issued, so that changes and cancellations reach people",
                            f"illisible ({error}) ; restaurez-le depuis une sauvegarde : il garde la trace des "
                            "invitations émises, pour que modifications et annulations parviennent") from None
    return state


def save_state(folder: Path, state: dict) -> None:
    """Written whole then renamed: an interrupted run leaves the previous state intact."""
    path = folder / STATE
    path.parent.mkdir(mode=0o700, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def plan(event: Event, env, previous: dict, now: dt.datetime, badge=None) -> Plan:
    """Files, new state, messages and changes, from the event and the previous state.

    Invitations are decided here but built only when their file is written or their
    message sent: 20,000 emails held at once would take over a gigabyte.
    """
    result = Plan()
    sequences = _sessions(event, previous.get("sessions", {}), now, result)
    result.files["calendar/event.ics"] = ics.calendar(event, now, sequences)
    if not event.organiser_email:  # an invitation needs an ORGANIZER (iTIP); `check` warns of it
        result.changes.append(("no_organiser", {}))
        result.state["invitations"] = previous.get("invitations", {})  # history kept for when it returns
        return result
    build = _Builder(event, env, now, badge)
    current = {r.id: r for r in event.registrants if r.email}
    for person in current.values():
        _invite(event, person, previous.get("invitations", {}).get(person.id), sequences, build, result)
    for rid, old in sorted(previous.get("invitations", {}).items()):
        if rid not in current:
            _cancel(rid, old, build, result)
    return result


class _Builder:
    """Makes a person's .ics and .eml on demand, remembering the last one (asked for twice in a row)."""

    def __init__(self, event: Event, env, now: dt.datetime, badge):
        self.event, self.env, self.now, self.badge = event, env, now, badge
        self.glance = mail.glance_of(event, env)
        self.last: tuple = (None, b"", b"")

    def __call__(self, person: Registrant, sequence: int, method: str) -> tuple[bytes, bytes]:
        key = (person.id, sequence, method)
        if self.last[0] != key:
            calendar = ics.invitation(self.event, person, self.now, sequence, method)
            badge = self.badge(person) if self.badge and method == "REQUEST" else None
            message = mail.invitation(self.event, person, calendar, self.env, sequence, method, self.now,
                                      ics.invitation_uid(self.event, person.id), badge, self.glance)
            self.last = (key, calendar, message)
        return self.last[1], self.last[2]

    def files(self, person: Registrant, sequence: int, method: str) -> dict:
        """The person's two files, each written by a function that builds it when its turn comes;
        `independent`: files.write may build many of them at once in worker processes."""
        def part(index: int):
            def write(stream) -> None:
                stream.write(self(person, sequence, method)[index])
            write.independent = True
            return write
        return {f"invites/{person.id}.ics": part(0), f"invites/{person.id}.eml": part(1)}


def _sessions(event: Event, before: dict, now: dt.datetime, result: Plan) -> dict[str, int]:
    sequences = {}
    for session in event.sessions:
        facts = ics.session_facts(event, session)
        old = before.get(session.id)
        sequence = _next_sequence(old, facts)
        if old and sequence != old["sequence"]:
            result.changes.append(("session_changed", {"title": session.title, "old": old["facts"], "new": facts}))
        sequences[session.id] = sequence
        result.state["sessions"][session.id] = {"sequence": sequence, "facts": facts, "cancelled": False}
        result.files[f"calendar/sessions/{session.id}.ics"] = ics.session_calendar(event, session, now, sequence)
    for sid, old in sorted(before.items()):
        if sid not in sequences:
            sequence = _cancel_sequence(old)
            if not old.get("cancelled"):
                result.changes.append(("session_cancelled", {"title": old["facts"].get("summary", sid)}))
            result.state["sessions"][sid] = {**old, "sequence": sequence, "cancelled": True}
            result.files[f"calendar/sessions/{sid}.ics"] = ics.cancelled_session(event, sid, old["facts"], now, sequence)
    return sequences


def _cancel_sequence(old: dict) -> int:
    """A cancellation is one more version, issued once: a later run repeats it unchanged."""
    return old["sequence"] + (0 if old.get("cancelled") else 1)


def _next_sequence(old: dict | None, facts: dict) -> int:
    if old is None:
        return 0
    return old["sequence"] + (1 if old.get("cancelled") or old["facts"] != facts else 0)


def _invite(event: Event, person: Registrant, old: dict | None, sequences, build: _Builder, result: Plan) -> None:
    facts = ics.invitation_facts(event, person)
    sequence = _next_sequence(old, facts)
    if old is None:
        result.changes.append(("new", {"name": person.name}))
    elif sequence != old["sequence"]:
        result.changes.append(("changed", {"name": person.name, "old": old["facts"], "new": facts}))
    result.state["invitations"][person.id] = {"sequence": sequence, "facts": facts, "cancelled": False,
                                              "email": person.email, "name": person.name}
    result.files |= build.files(person, sequence, "REQUEST")
    if person.session_ids:
        result.files[f"invites/{person.id}-agenda.ics"] = ics.agenda(event, person, build.now, sequences)
    result.outgoing.append((f"{person.id}/{sequence}/REQUEST", person.email,
                            lambda: build(person, sequence, "REQUEST")[1]))


def _cancel(rid: str, old: dict, build: _Builder, result: Plan) -> None:
    """A registrant gone from the sheet: their calendar entry is cancelled (once)."""
    sequence = _cancel_sequence(old)
    if not old.get("cancelled"):
        result.changes.append(("cancelled", {"name": old["name"]}))
    result.state["invitations"][rid] = {**old, "sequence": sequence, "cancelled": True}
    gone = Registrant(rid, "", "", old["email"], "", "", "participant", "", old["name"], False, (), (), None)
    result.files |= build.files(gone, sequence, "CANCEL")
    result.outgoing.append((f"{rid}/{sequence}/CANCEL", old["email"], lambda: build(gone, sequence, "CANCEL")[1]))


# --- Changes in plain words ----------------------------------------------------------------

WORDS = {
    "en": {"new": "{count} new invitation(s)", "changed": "{count} invitation(s) changed: {what}",
           "cancelled": "{count} invitation(s) cancelled (no longer in the workbook): {names}",
           "session_changed": "session changed: {title}: {what}", "session_cancelled": "session cancelled: {title}",
           "start": "start moved from {old} to {new}", "end": "end moved from {old} to {new}",
           "location": "place changed from {old} to {new}", "summary": "title changed from {old} to {new}",
           "description": "content changed", "nothing": "no change since the last run",
           "pending": "{count} message(s) not sent yet", "sent_all": "every message has been sent",
           "no_organiser": "no invitation written: the Event sheet has no organiser email"},
    "fr": {"new": "{count} nouvelle(s) invitation(s)", "changed": "{count} invitation(s) modifiée(s) : {what}",
           "cancelled": "{count} invitation(s) annulée(s) (plus dans le classeur) : {names}",
           "session_changed": "session modifiée : {title} : {what}", "session_cancelled": "session annulée : {title}",
           "start": "début déplacé de {old} à {new}", "end": "fin déplacée de {old} à {new}",
           "location": "lieu changé de {old} à {new}", "summary": "titre changé de {old} à {new}",
           "description": "contenu modifié", "nothing": "aucun changement depuis la dernière fois",
           "pending": "{count} message(s) pas encore envoyé(s)", "sent_all": "tous les messages ont été envoyés",
           "no_organiser": "aucune invitation écrite : la feuille Événement n'a pas d'e-mail d'organisateur"},
}


def describe(changes: list[tuple[str, dict]], lang: str) -> list[str]:
    """`12 invitation(s) changed: start moved from 09:30 to 10:00`, grouped by what changed."""
    words = WORDS[lang]
    lines, grouped = [], {}
    for kind, details in changes:
        if kind in ("session_changed", "session_cancelled", "no_organiser"):
            lines.append(words[kind].format(title=details.get("title"), what=_what(details, words)))
        else:
            key = (kind, _what(details, words) if kind == "changed" else "")
            grouped.setdefault(key, []).append(details["name"])
    for (kind, what), names in grouped.items():
        lines.append(words[kind].format(count=len(names), what=what, names=", ".join(names[:10])
                                        + (" ..." if len(names) > 10 else "")))
    return lines or [words["nothing"]]


def _what(details: dict, words: dict) -> str:
    old, new = details.get("old", {}), details.get("new", {})
    parts = []
    for key in ("start", "end", "location", "summary", "description"):
        if old.get(key) != new.get(key):
            shown = (_clock(old.get(key, "")), _clock(new.get(key, ""))) if key in ("start", "end") else (
                old.get(key, ""), new.get(key, ""))
            parts.append(words[key].format(old=shown[0], new=shown[1]))
    return "; ".join(dict.fromkeys(parts))


def _clock(iso: str) -> str:
    """`2010-10-19T09:30:00+02:00` -> `19/10 09:30`: the local time people set their watches by."""
    try:
        return f"{dt.datetime.fromisoformat(iso):%d/%m %H:%M}"
    except ValueError:
        return iso
