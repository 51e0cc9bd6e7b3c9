"""Who may be admitted: every badge holder, with what a desk shows and the short code of the paper list.

A desk, a phone and the paper list all work from this one roster, so that a person found by name at
one, by code at another and by badge at a third is the same entry, and no email is ever part of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from confkit import views
from confkit.identity import fold
from confkit.model import Event

# Letters and digits nobody misreads on paper or mistypes on a keypad: no 0/O, 1/I/L, U/V.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 6  # 29**6 ≈ 595 million: two people of a 20,000-person congress rarely share one


@dataclass(frozen=True, slots=True)
class Person:
    id: str  # the holder id a badge carries: a registrant's id, or speaker:<id>
    name: str
    organisation: str
    category: str
    code: str  # the paper list's short code, `K7M2QX`
    name_words: tuple[str, ...]  # folded (accents, case and punctuation aside), for the search by name
    organisation_words: tuple[str, ...]

    @property
    def shown_code(self) -> str:
        """`K7M-2QX`: read aloud and typed in two halves."""
        return f"{self.code[:3]}-{self.code[3:]}"


def roster(event: Event) -> tuple[Person, ...]:
    """Badge holders (registrants, then speakers who did not register), sorted by name as on the list;
    made once per event (the paper list and the scanner's page both ask, 1.2 s for 20,000)."""
    return views.per_event(event, "roster", _roster)


def _roster(event: Event) -> tuple[Person, ...]:
    from confkit.badges.render import holders

    people = holders(event)
    codes = short_codes(event.id, [holder.id for holder in people])
    found = []
    for holder in people:
        name = " ".join(part for part in (holder.first_name, holder.last_name) if part.strip()) \
            or holder.badge_name or " ".join(p for p in (holder.job_title, holder.organisation) if p)
        person = Person(holder.id, name, holder.organisation, holder.category, codes[holder.id],
                        _words(name), _words(holder.organisation))
        surname = fold(holder.last_name or holder.badge_name or holder.job_title)
        found.append(((surname, fold(holder.first_name), holder.id), person))
    return tuple(person for _key, person in sorted(found, key=lambda pair: pair[0]))


def short_codes(event_id: str, ids: list[str]) -> dict[str, str]:
    """A code per holder, derived from the event and the holder (stable between builds), made longer for
    every holder whose code another one shares, until none does."""
    codes = {}
    for holder_id in ids:
        digest = int.from_bytes(hashlib.blake2b(f"{event_id}\n{holder_id}".encode(), digest_size=16,
                                                person=b"confkit-code").digest(), "big")
        letters = []
        for _ in range(12):
            digest, digit = divmod(digest, len(CODE_ALPHABET))
            letters.append(CODE_ALPHABET[digit])
        codes[holder_id] = "".join(letters)
    shown = {holder_id: code[:CODE_LENGTH] for holder_id, code in codes.items()}
    for length in range(CODE_LENGTH + 1, 13):
        seen: dict[str, list[str]] = {}
        for holder_id, code in shown.items():
            seen.setdefault(code, []).append(holder_id)
        clashes = [holder_id for same in seen.values() if len(same) > 1 for holder_id in same]
        if not clashes:
            break
        for holder_id in clashes:
            shown[holder_id] = codes[holder_id][:length]
    return shown


def normal_code(typed: str) -> str:
    """What a volunteer typed as a code, as the list prints it: case, dashes and spaces aside."""
    return "".join(c for c in typed.upper() if c.isalnum())


def _words(text: str) -> tuple[str, ...]:
    folded = (fold(word) for word in text.replace("-", " ").replace("'", " ").replace("’", " ").split())
    return tuple(word for word in folded if word)


def search(people: tuple[Person, ...], fragment: str, limit: int = 9) -> list[Person]:
    """People matching every word of `fragment` (accents and case aside): those whose name has words
    starting so first, then names holding it, then organisations; in list order within each."""
    wanted = _words(fragment)
    if not wanted:
        return []
    ranked = []
    for index, person in enumerate(people):
        ranks = [_rank(word, person) for word in wanted]
        if None not in ranks:
            ranked.append((max(ranks), index, person))
    return [person for _rank_, _index, person in sorted(ranked)[:limit]]


def _rank(word: str, person: Person) -> int | None:
    if any(w.startswith(word) for w in person.name_words):
        return 0
    if any(word in w for w in person.name_words):
        return 1
    if any(w.startswith(word) for w in person.organisation_words):
        return 2
    return 3 if any(word in w for w in person.organisation_words) else None
