"""The paper check-in list, `OUT/checkin/list.pdf`: for when the batteries die.

Alphabetical by surname, a box to tick, and each person's short code, which a desk admits when it is
typed back afterwards (so ticks on paper reach the journal). With several desks the list is cut into
letter ranges, one per desk, each starting a page headed by its range.

Drawn with confkit's streaming PDF writer, as the badges are: every row is laid out from the fonts'
own metrics (a text wraps to two lines before it shrinks, never under 7 pt, and is cut with "…" only
past that), pages go to disk as they are drawn, so 20,000 rows cost a few seconds and no more memory
than 200. Only the rows' heights are kept between the two passes (paging, for "page n / N"; drawing).
An organiser's own `checkin/list.html` in their templates folder is still printed through WeasyPrint,
with the variables `event, lang, t, parts, desks, dates` (each part: desk, first, last, people; each
person: name, organisation, category, shown_code).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import BinaryIO

from confkit import workers
from confkit.badges import draw
from confkit.checkin import roster
from confkit.identity import fold
from confkit.model import Event
from confkit.pdf import writer as pdfwriter
from confkit.pdf.writer import MM
from confkit.text import dates
from confkit.text.labels import LABELS, french_spacing

PAGE = (210 * MM, 297 * MM)  # A4, as the list always was
MARGIN = 12 * MM  # left and right
TOP, BOTTOM = 297 * MM - 16 * MM, 18 * MM  # the table's room; the running header and footer sit outside it
PAD = 1.6 * MM  # inside each cell, left and right
ROW_PAD = 1.6 * MM  # above and below a row's text
SLICE = 1000  # rows measured at once
INK, GREY, RULE, ZEBRA = "#111111", "#555555", "#BBBBBB", "#F0F0F0"


@dataclass(frozen=True)
class Part:
    desk: int
    first: str  # the range's letters: "A" ... "F", or "Ma" ... "Mo" when a letter is split between desks
    last: str
    people: tuple[roster.Person, ...]


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table: `x` and `width` in points, its text's font and largest size."""

    key: str
    x: float
    width: float
    resource: str = "F1"
    size: float = 9.0
    colour: str = INK
    lines: int = 1  # at most


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a cell as drawn: `width` is its advance, which never exceeds its column's room."""

    text: str
    resource: str
    size: float
    width: float


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[tuple[Line, ...], ...]  # per text column (name, organisation, category, code), its lines
    height: float


def _columns() -> tuple[Column, ...]:
    """Box, name (bold: what the eye looks for), organisation, category (grey), code (bold: typed back)."""
    box, category, code = 8 * MM, 22 * MM, 26 * MM
    rest = PAGE[0] - 2 * MARGIN - box - category - code
    widths = (("name", rest * .47, "F2", 10.0, INK, 3), ("organisation", rest * .53, "F1", 9.0, INK, 3),
              ("category", category, "F1", 8.5, GREY, 2), ("code", code, "F2", 10.0, INK, 1))
    x, found = MARGIN + box, []
    for key, width, resource, size, colour, lines in widths:
        found.append(Column(key, x, width, resource, size, colour, lines))
        x += width
    return tuple(found)


COLUMNS = _columns()


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


def render(event: Event, env, desks: int = 1):
    """The list as a function streaming the PDF; bytes when the organiser's own template prints it."""
    from jinja2 import TemplateNotFound

    from confkit.badges.render import holders

    people = roster.roster(event)
    everyone = holders(event)
    surnames = {h.id: fold(h.last_name or h.badge_name or h.job_title) for h in everyone}
    found = parts(people, surnames, desks)
    span = dates.span(event.days[0], event.days[-1], event.language)
    try:
        template = env.get_template("checkin/list.html")
    except TemplateNotFound:
        written = {h.id: h.last_name or h.badge_name or h.job_title for h in everyone}
        return lambda stream: write(stream, event, found, desks, span, written)
    from confkit.pdf import html as printing

    return printing.pdf(template.render(event=event, lang=event.language, t=LABELS[event.language], parts=found,
                                        desks=desks, dates=span))


# --- Laying rows out ------------------------------------------------------------------------------

def clean(text: str) -> str:
    """One line of text as the PDF draws it: spaces and newlines of a cell as single spaces, right-to-left
    scripts in visual order."""
    return draw.display(" ".join(text.split()))


def row(person: roster.Person, labels: dict, fallback: str | None) -> Row:
    """The person's row: each text fitted to its column, its height that of its tallest cell. `fallback`:
    the font for what DejaVu lacks (see confkit.badges.draw.find_fallback)."""
    texts = (person.name, person.organisation, labels.get(f"category_{person.category}", person.category),
             person.shown_code)
    cells = tuple(_cell(fallback, column, text) for column, text in zip(COLUMNS, texts))
    tallest = max(len(lines) * lines[0].size if lines else 0 for lines in cells)
    return Row(cells, 2 * ROW_PAD + draw.LINE * max(tallest, COLUMNS[0].size))


_faces = draw.fonts  # one dict per fallback, the same for every cell


@lru_cache(maxsize=4096)
def _cell(fallback: str | None, column: Column, text: str) -> tuple[Line, ...]:
    """A cell's lines. The same text in the same column is fitted once (organisations and categories
    repeat all down the list, and each row is laid out twice), in a cache of bounded size."""
    text = clean(text)
    if not text:
        return ()
    faces = _faces(fallback)
    lines, size = _fit(faces, column, text)
    return tuple(_line(faces, column.resource, line, size) for line in lines)


def _fit(faces, column: Column, text: str) -> tuple[tuple[str, ...], float]:
    """`text` at its column's size, on as many lines as the column allows (a list keeps one size for
    everyone: wrapping comes first); smaller only when that does not hold it, down to 7 pt, where what
    still does not fit is cut with "…"."""
    room, size = column.width - 2 * PAD, column.size
    if draw._width(faces, column.resource, text, size) <= room:
        return (text,), size
    while True:
        lines = draw._filled(faces, column.resource, text, room, size, column.lines)
        if " ".join(lines) == text or size <= draw.SMALLEST:
            return lines, size
        size = max(draw.SMALLEST, size - .5)


def _line(faces, resource: str, text: str, size: float) -> Line:
    chosen = draw.pick(faces, resource, text)
    return Line(text, chosen, size, faces[chosen].width(text, size))


# --- Pages ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    """What every page of the document shares: the fonts, the texts of the event, the parts. Worker
    processes inherit it (forked), so that only page numbers and drawn pages cross between them."""

    faces: dict
    fallback: str | None
    labels: dict
    lang: str
    title: str
    span: str  # the event's dates
    desks: int
    found: tuple[Part, ...]
    surnames: dict[str, str]  # holder id -> surname as written, for the guide words


def pages(heights: list[float], first_room: float, room: float) -> list[tuple[int, int]]:
    """Rows (start, end) on each page: as many whole rows as fit, the first page of a part having less
    room (its heading). A page always holds at least one row, so a heading is never left alone."""
    found, start = [], 0
    while start < len(heights):
        left, end = first_room if not found else room, start
        while end < len(heights) and (heights[end] <= left or end == start):
            left -= heights[end]
            end += 1
        found.append((start, end))
        start = end
    return found or [(0, 0)]


def write(stream: BinaryIO, event: Event, found: list[Part], desks: int, span: str,
          surnames: dict[str, str]) -> None:
    """Stream the list: every row laid out once to page the parts, then again as each page is drawn;
    both in worker processes when the list is long."""
    lang = event.language
    found = found or [Part(1, "A", "Z", ())]  # no one yet: the heading and an empty table
    texts = (event.title, *(text for part in found for p in part.people for text in (p.name, p.organisation)))
    fallback, _missing = draw.find_fallback(texts)
    title = french_spacing(event.title) if lang == "fr" else event.title
    sheet = Sheet(_faces(fallback), fallback, LABELS[lang], lang, clean(title), span, desks, tuple(found), surnames)
    parallel = sum(len(part.people) for part in found) >= workers.PARALLEL_FROM
    jobs = _jobs(sheet, _heights(sheet, parallel))
    writer = pdfwriter.Writer(stream, sheet.faces, title=f"{sheet.labels['list_title']} — {event.title}")
    for content, used in workers.imap(partial(_drawn, sheet, len(jobs)), enumerate(jobs, start=1), parallel):
        writer.add_page(*PAGE, content, used, deflated=True)
    writer.close()


def _heights(sheet: Sheet, parallel: bool) -> list[list[float]]:
    """Each part's rows' heights, measured in slices of `SLICE` rows (each a message between processes)."""
    slices = [(index, start) for index, part in enumerate(sheet.found) for start in range(0, len(part.people), SLICE)]
    measured = workers.imap(partial(_slice_heights, sheet), slices, parallel, chunksize=1)
    heights: list[list[float]] = [[] for _part in sheet.found]
    for (index, _start), found in zip(slices, measured):
        heights[index].extend(found)
    return heights


def _slice_heights(sheet: Sheet, where: tuple[int, int]) -> list[float]:
    index, start = where
    people = sheet.found[index].people[start:start + SLICE]
    return [row(person, sheet.labels, sheet.fallback).height for person in people]


def _jobs(sheet: Sheet, heights: list[list[float]]) -> list[tuple[int, int, int, bool]]:
    """Every page as (part, first row, end, whether it is the part's first page)."""
    head = _table_head_height()
    found = []
    for index, part in enumerate(sheet.found):
        room = TOP - BOTTOM - head
        ranges = pages(heights[index], room - _heading_height(sheet, part), room)
        found += [(index, start, end, number == 0) for number, (start, end) in enumerate(ranges)]
    return found


def _drawn(sheet: Sheet, total: int, numbered: tuple[int, tuple[int, int, int, bool]]) -> tuple[bytes, dict]:
    """A page drawn and compressed where it was drawn: what crosses processes stays small."""
    number, (index, start, end, first) = numbered
    part = sheet.found[index]
    content, used = _page(sheet, part, part.people[start:end], first, (number, total))
    return zlib.compress(content, 6), used


def _range(sheet: Sheet, part: Part) -> tuple[str, ...]:
    """`Poste 2 · Ma – Z`, or `A – Z` with one desk; in pieces, each drawn in the font that has it (a
    range may end in 王, which DejaVu lacks and the fallback font has, without the dash)."""
    letters = (clean(part.first), " – ", clean(part.last))
    return (f"{sheet.labels['list_desk']} {part.desk} · ", *letters) if sheet.desks > 1 else letters


def _how(sheet: Sheet, part: Part) -> str:
    t = sheet.labels
    how = f"{sheet.title} · {sheet.span} · {len(part.people)} {t['list_people']} · {t['list_how']}"
    return clean(french_spacing(how) if sheet.lang == "fr" else how)


HEADING, HOW = 14.0, 8.0  # sizes of a part's heading and of the line under it


def _how_lines(sheet: Sheet, part: Part) -> tuple[str, ...]:
    return draw._filled(sheet.faces, "F1", _how(sheet, part), PAGE[0] - 2 * MARGIN, HOW, 3)


def _heading_height(sheet: Sheet, part: Part) -> float:
    return draw.LINE * HEADING + draw.LINE * HOW * len(_how_lines(sheet, part)) + 3 * MM


def _table_head_height() -> float:
    return draw.LINE * 7.5 + 2 * MM


_rgb = draw._rgb  # a handful of colours, on every line (remembered there)


class _Ops:
    """PDF operators for one page, and the glyphs its text used. Coordinates to a hundredth of a point,
    written straight as bytes: a list of 20,000 rows draws half a million of them."""

    def __init__(self, faces):
        self.faces, self.parts, self.x = faces, [], 0.0  # x: where the last text ended
        self.used = {resource: {} for resource in faces}

    def text(self, text: str, resource: str, size: float, x: float, y: float, colour: str = INK,
             chosen: bool = False) -> None:
        """`text` in `resource`, or in the fallback font when that lacks a character (unless `chosen`)."""
        chosen = resource if chosen else draw.pick(self.faces, resource, text)
        self.x = x + self.faces[chosen].width(text, size)
        self.parts.append(b"BT %s rg /%s %.2f Tf %.2f %.2f Td %s Tj ET" % (
            _rgb(colour), chosen.encode(), size, x, y, self.faces[chosen].encode(text, self.used[chosen])))

    def pieces(self, texts, resource: str, size: float, x: float, y: float, colour: str = INK) -> float:
        """Texts one after the other, each in the font that has it; returns where the last ends."""
        for text in texts:
            self.text(text, resource, size, x, y, colour)
            x = self.x
        return x

    def fill(self, x: float, y: float, width: float, height: float, colour: str) -> None:
        self.parts.append(b"%s rg %.2f %.2f %.2f %.2f re f" % (_rgb(colour), x, y, width, height))

    def rule(self, y: float, weight: float, colour: str) -> None:
        self.parts.append(b"%.2f w %s RG %.2f %.2f m %.2f %.2f l S" % (weight, _rgb(colour), MARGIN, y,
                                                                         PAGE[0] - MARGIN, y))

    def box(self, x: float, y: float, side: float) -> None:
        self.parts.append(b"1 w 0 0 0 RG %.2f %.2f %.2f %.2f re S" % (x, y, side, side))

    def content(self) -> bytes:
        return b"\n".join(self.parts)


def _page(sheet: Sheet, part: Part, people, first: bool, numbering: tuple[int, int]) -> tuple[bytes, dict]:
    """One page: running header (range, first and last surname on it, event), the part's heading on its
    first page, the table's head, the rows, and the page's number."""
    ops = _Ops(sheet.faces)
    _running(ops, sheet, part, people, numbering)
    y = TOP
    if first:
        y -= draw.LINE * HEADING
        ops.pieces(_range(sheet, part), "F2", HEADING, MARGIN, y + HEADING * .22)
        for line in _how_lines(sheet, part):
            y -= draw.LINE * HOW
            ops.text(line, "F1", HOW, MARGIN, y + HOW * .22, GREY)
        y -= 3 * MM
    y = _table_head(ops, sheet, y)
    for index, person in enumerate(people):
        y = _row(ops, row(person, sheet.labels, sheet.fallback), y, zebra=index % 2 == 1)
    return ops.content(), ops.used


def _running(ops: _Ops, sheet: Sheet, part: Part, people, numbering) -> None:
    """Above the table: the range and the page's first and last surname (as a dictionary's guide words,
    to find the page at a glance); the event on the right. Below it: the list's name and `n / N`."""
    faces, top, foot = sheet.faces, PAGE[1] - 10 * MM, 9 * MM
    x = ops.pieces(_range(sheet, part), "F2", 10, MARGIN, top) + 4 * MM
    if people:
        first, last = (draw._cut(faces, "F1", clean(sheet.surnames[p.id]), 38 * MM, 9) for p in (people[0], people[-1]))
        x = ops.pieces((first, " → ", last), "F1", 9, x, top) + 4 * MM
    title = draw._cut(faces, "F1", sheet.title, PAGE[0] - MARGIN - x, 8)
    ops.text(title, "F1", 8, PAGE[0] - MARGIN - faces[draw.pick(faces, "F1", title)].width(title, 8), top, GREY)
    ops.text(clean(sheet.labels["list_title"]), "F1", 8, MARGIN, foot, GREY)
    page = f"{numbering[0]} / {numbering[1]}"
    ops.text(page, "F1", 8, PAGE[0] - MARGIN - faces["F1"].width(page, 8), foot, GREY)


def _table_head(ops: _Ops, sheet: Sheet, y: float) -> float:
    """The columns' names in small capitals over a strong rule, on every page."""
    t = sheet.labels
    height = _table_head_height()
    for column in COLUMNS:
        label = clean(t[f"list_{column.key}"].upper())
        label = draw._cut(sheet.faces, "F2", label, column.width - 2 * PAD, 7)
        ops.text(label, "F2", 7, column.x + PAD, y - height + 1.2 * MM, GREY)
    ops.rule(y - height, 1.2, INK)
    return y - height


def _row(ops: _Ops, laid: Row, y: float, zebra: bool) -> float:
    """A row below `y`: its band (every other one shaded), the box, each cell's lines centred on the
    row's height, the rule under it; returns the row's bottom."""
    bottom = y - laid.height
    if zebra:
        ops.fill(MARGIN, bottom, PAGE[0] - 2 * MARGIN, laid.height, ZEBRA)
    middle = bottom + laid.height / 2
    side = 4 * MM
    ops.box(MARGIN + PAD, middle - side / 2, side)
    for column, lines in zip(COLUMNS, laid.cells):
        if not lines:
            continue
        size = lines[0].size
        first = middle + draw.LINE * size * (len(lines) - 1) / 2 - size * .35  # optical middle of a line
        for number, line in enumerate(lines):
            ops.text(line.text, line.resource, size, column.x + PAD, first - draw.LINE * size * number, column.colour,
                     chosen=True)
    ops.rule(bottom, .4, RULE)
    return bottom

