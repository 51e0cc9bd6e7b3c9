"""The paper check-in list, `OUT/checkin/list.pdf`: for when the batteries die.

Alphabetical by surname, a box to tick, and each person's short code, which a desk admits when it is
typed back afterwards (so ticks on paper reach the journal). With several desks the list is cut into
letter ranges, one per desk, each starting a page headed by its range.
"""

from __future__ import annotations

from dataclasses import dataclass

from confkit.checkin import roster
from confkit.identity import fold
from confkit.model import Event
from confkit.pdf import html as printing
from confkit.text import dates


@dataclass(frozen=True)
class Part:
    desk: int
    first: str  # the range's letters: "A" ... "F", or "Ma" ... "Mo" when a letter is split between desks
    last: str
    people: tuple[roster.Person, ...]


def parts(people: tuple[roster.Person, ...], surnames: dict[str, str], desks: int) -> list[Part]:
    """`people` in `desks` ranges of about equal length, each cut where the surname's initial changes when
    one does nearby (so that a desk holds whole letters), named by the letters they run from and to."""
    desks = max(1, min(desks, len(people) or 1))
    cuts = [0]
    for n in range(1, desks):
        target = round(n * len(people) / desks)
        cuts.append(max(cuts[-1] + 1, _nearest_letter_change(people, surnames, target, len(people) // (4 * desks))))
    cuts.append(len(people))
    found = []
    for number, (start, end) in enumerate(zip(cuts, cuts[1:]), start=1):
        chunk = people[start:end]
        if not chunk:
            continue
        before = surnames[people[start - 1].id] if start else ""
        after = surnames[people[end].id] if end < len(people) else ""
        found.append(Part(number, _letters(surnames[chunk[0].id], before), _letters(surnames[chunk[-1].id], after), chunk))
    return found


def _nearest_letter_change(people, surnames, target: int, reach: int) -> int:
    for distance in range(reach + 1):
        for index in (target - distance, target + distance):
            if 0 < index < len(people) and surnames[people[index].id][:1] != surnames[people[index - 1].id][:1]:
                return index
    return target


def _letters(surname: str, neighbour: str) -> str:
    """The fewest first letters of `surname` that tell it from the neighbouring range's."""
    size = 1
    while size < len(surname) and surname[:size] == neighbour[:size]:
        size += 1
    return surname[:size].capitalize() or "?"


def render(event: Event, env, desks: int = 1) -> bytes:
    from confkit.badges.render import holders
    from confkit.text.labels import LABELS

    people = roster.roster(event)
    surnames = {h.id: fold(h.last_name or h.badge_name or h.job_title) for h in holders(event)}
    lang = event.language
    page = env.get_template("checkin/list.html").render(
        event=event, lang=lang, t=LABELS[lang], parts=parts(people, surnames, desks), desks=desks,
        dates=dates.span(event.days[0], event.days[-1], lang))
    return printing.pdf(page)
