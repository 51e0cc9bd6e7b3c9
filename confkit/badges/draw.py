"""Drawing badges: each badge is laid out once into placed items, which the PDF and the preview draw.

Runs in worker processes too, so it depends only on its arguments: a `Job` (the sheet, the
event's texts and colours) and the people on one page. `lay_out` decides every size and
position (a text wraps to its box's lines before it shrinks, and never goes below 7 pt);
`ops` turns the items into PDF operators and confkit.badges.preview into SVG, so that the
preview shows exactly what prints.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from confkit import views
from confkit.badges import qr
from confkit.badges.layouts import QUIET, Element, Sheet
from confkit.pdf.writer import MM, Font, font, num

FONT_FILES = {"regular": ("F1", "DejaVuSans.ttf"), "bold": ("F2", "DejaVuSans-Bold.ttf")}
FONT_FOLDER = Path(__file__).parent.parent / "pdf" / "fonts"
FALLBACK = "F3"
LINE = 1.18  # line height, in font sizes
SMALLEST = 7.0  # points: nothing on a badge is set smaller
BRAND = "#1F4E79"  # the badge's colour when the event names none
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True, slots=True)
class Holder:
    """One person to badge, with only what a badge may print."""

    id: str
    first_name: str
    last_name: str
    badge_name: str
    job_title: str
    organisation: str
    category: str
    city: str
    payload: str = ""  # what the QR code carries


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a page needs besides its people; picklable for worker processes."""

    sheet: Sheet
    event_title: str
    event_date: str
    category_labels: dict
    logo_size: tuple[int, int] | None  # pixels of the logo image, None without one
    fallback_font: str | None = None  # path of a font for characters DejaVu lacks
    brand: str = BRAND  # the event's colour, for the bands marked "brand"


@dataclass(frozen=True, slots=True)
class Fitted:
    """How a text came out in its box: its lines, its size, and what it cost."""

    lines: tuple[str, ...]
    size: float
    shrunk: bool = False  # smaller than the layout asks
    cut: bool = False  # too long even at the smallest size: ends with "…"

    @property
    def wrapped(self) -> bool:
        return len(self.lines) > 1


# --- What a laid-out badge is made of (points, from the badge's bottom-left corner) -------------

@dataclass(frozen=True, slots=True)
class Run:
    """One line of text: `y` is its baseline, `width` its advance (the preview stretches to it)."""

    text: str
    resource: str
    size: float
    x: float
    y: float
    width: float
    colour: str


@dataclass(frozen=True, slots=True)
class Fill:
    x: float
    y: float
    width: float
    height: float
    colour: str


@dataclass(frozen=True, slots=True)
class Code:
    """A QR code: `x, y` the bottom-left of its quiet zone, `module` the side of one module."""

    x: float
    y: float
    module: float
    matrix: object  # numpy bool array, row 0 at the top


@dataclass(frozen=True, slots=True)
class Picture:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Face:
    """A badge laid out: its items in drawing order, and the texts that had to wrap or shrink."""

    items: tuple
    squeezed: tuple[tuple[str, Fitted], ...]  # (field, how it came out)


# --- Fonts ----------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def fonts(fallback: str | None = None) -> dict[str, Font]:
    """Our fonts by resource name, and F3: an installed font for what DejaVu lacks (CJK), if any.
    One dict per fallback for the whole run (read only): laid-out texts are remembered by it."""
    faces = {resource: font(FONT_FOLDER / file) for resource, file in FONT_FILES.values()}
    if fallback:
        faces[FALLBACK] = font(Path(fallback))
    return faces


def find_fallback(texts) -> tuple[str | None, set[str]]:
    """A TrueType font installed here that has the characters DejaVu lacks (fontconfig decides).

    Returns its path (None when nothing is missing or nothing has them) and the characters
    that no font covers. Only TrueType outlines: they embed as CIDFontType2 like DejaVu.
    """
    import subprocess

    regular = font(FONT_FOLDER / FONT_FILES["regular"][1])
    missing = {c for c in set("".join(texts)) if not c.isspace() and ord(c) not in regular.gids}
    if not missing:
        return None, set()
    query = ":fontformat=TrueType:charset=" + " ".join(f"{ord(c):x}" for c in sorted(missing)[:50])
    try:
        listed = subprocess.run(["fc-list", query, "file"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None, missing
    candidates = sorted(line.split(":")[0] for line in listed.splitlines() if line.split(":")[0].endswith(".ttf"))
    if not candidates:
        return None, missing
    return candidates[0], {c for c in missing if ord(c) not in font(Path(candidates[0])).gids}


def pick(faces, resource: str, text: str) -> str:
    """The element's font, or the fallback font when the element's lacks a character of `text`."""
    return resource if FALLBACK not in faces or faces[resource].covers(text) else FALLBACK


def font_resource(element: Element) -> str:
    return FONT_FILES[element.font][0]


# --- Pages ----------------------------------------------------------------------------------------

def page(job: Job, people: list[tuple[int, Holder]]) -> tuple[bytes, dict[str, dict[int, str]], list[Face]]:
    """The content stream of one page: each (slot, person) drawn at its place, then the marks."""
    faces = fonts(job.fallback_font)
    used: dict[str, dict[int, str]] = {resource: {} for resource in faces}
    parts, laid = [], []
    sheet = job.sheet
    codes = _codes_of([person for _slot, person in people])
    for slot, person in people:
        left, top = sheet.position(slot)
        x, y = left * MM, (sheet.page[1] - top - sheet.unit[1]) * MM
        face = lay_out(job, person, faces, codes.get(person.payload))
        laid.append(face)
        parts.append(b"q 1 0 0 1 %s %s cm\n%s\nQ\n" % (num(x).encode(), num(y).encode(), ops(face, faces, used)))
        if sheet.fold:  # the back face, above the fold, upside down so that it reads upright once folded
            parts.append(b"q -1 0 0 -1 %s %s cm\n%s\nQ\n" % (num(x + sheet.badge[0] * MM).encode(),
                                                             num(y + 2 * sheet.badge[1] * MM).encode(),
                                                             ops(face, faces, used, turned=True)))
    parts.append(marks(sheet))
    return b"".join(parts), used, laid


# --- Laying a badge out ---------------------------------------------------------------------------

def _codes_of(people: list[Holder]) -> dict:
    """Payload -> its QR matrix, for a page's people, encoded together (see qr.matrices)."""
    payloads = [person.payload for person in people if person.payload]
    return dict(zip(payloads, qr.matrices(payloads)))


def lay_out(job: Job, person: Holder, faces, code=None) -> Face:
    """Every element of the layout, placed for `person`; sizes scale with the sheet's badge. `code`: the
    matrix of the person's QR code when it is made already."""
    sheet, layout = job.sheet, job.sheet.layout
    sx, sy = sheet.badge[0] / layout.width, sheet.badge[1] / layout.height
    scale = min(sx, sy)
    items, squeezed = [], []
    for element in layout.elements:
        moved = job.logo_size is None and element.x_without_logo is not None
        x = (element.x_without_logo if moved else element.x) * sx * MM
        box = (x, (layout.height - element.y - element.height) * sy * MM,
               (element.x + element.width) * sx * MM - x, element.height * sy * MM)
        if element.type == "band":
            background, _ink = band_colours(job, person, element)
            items.append(Fill(*box, background))
        elif element.type == "qr" and person.payload:
            items.append(_code(qr.matrix(person.payload) if code is None else code, box, element.width * scale * MM))
        elif element.type == "logo" and job.logo_size:
            items.append(_picture(box, job.logo_size))
        text = _text_of(job, person, element)
        if text:
            runs, fitted, warned = _placed(faces, element, box, scale, text, _ink_of(job, person, element))
            items.extend(runs)
            if warned:
                squeezed.append((_field_name(element), fitted))
    return Face(tuple(items), tuple(squeezed))


_PLACED: dict[tuple, tuple[tuple[Run, ...], Fitted, bool]] = {}
_PLACED_MOST = 50_000  # entries; a congress repeats first names, employers, the event's own lines


def _placed(faces, element: Element, box: tuple, scale: float, text: str,
            ink: str) -> tuple[tuple[Run, ...], Fitted, bool]:
    """(the runs of `text` fitted in `box`, how it fitted, whether to say so): remembered, since every
    badge sets the event's title and date alike and a congress has many a Marie and many a CNRS."""
    key = (id(faces), element, box, scale, text, ink)
    if (found := _PLACED.get(key)) is None:
        fitted = fit(faces, font_resource(element), text, box[2], box[3], element.size * scale,
                     max(element.min_size * scale, SMALLEST), element.lines)
        warned = fitted.wrapped or fitted.size < (element.warn_below or element.size) * scale - 1e-9
        if len(_PLACED) >= _PLACED_MOST:
            _PLACED.clear()
        found = _PLACED[key] = tuple(_runs(fitted, element, box, faces, ink)), fitted, warned
    return found


def _field_name(element: Element) -> str:
    return {"name": "first_name", "surname": "last_name", "band": "category"}.get(element.type, element.field)


def band_colours(job: Job, person: Holder, element: Element) -> tuple[str, str]:
    """(background, text) of a band: the event's colour or the category's."""
    return legible(job.brand if element.field == "brand" else job.sheet.layout.colours.get(person.category, BRAND))


@lru_cache(maxsize=64)
def legible(colour: str) -> tuple[str, str]:
    """(background, text): `colour` with white or near-black text on it, whichever contrasts more,
    shaded until the pair reaches WCAG's 4.5:1 (the recap site's share cards do the same)."""
    from confkit.site.cards import legible as shaded

    return shaded(colour)


def _ink_of(job: Job, person: Holder, element: Element) -> str:
    """A text's colour: its own, or the legible one on the band it sits on ("on-brand")."""
    if element.type == "band":
        return band_colours(job, person, element)[1]
    return legible(job.brand)[1] if element.colour == "on-brand" else element.colour


def names(person: Holder) -> tuple[str, str]:
    """(the line printed largest, the line below it): the first name over the last name. A badge
    name replaces both; someone known by one name or by their job alone gets it on the first line."""
    if person.badge_name:
        return person.badge_name, ""
    if person.first_name:
        return person.first_name, person.last_name
    return person.last_name or person.job_title, ""


def full_name(person: Holder) -> str:
    """The name printed big (views.badge_name): the job title for someone known only by it."""
    return views.badge_name(person.badge_name, person.first_name, person.last_name, person.job_title)


def _text_of(job: Job, person: Holder, element: Element) -> str:
    if element.type == "name":
        return display(names(person)[0])
    if element.type == "surname":
        return display(names(person)[1])
    if element.type == "band":
        return "" if element.field == "brand" else job.category_labels.get(person.category, person.category).upper()
    if element.type != "text":
        return ""
    if element.field == "event_title":
        return job.event_title
    if element.field == "event_date":
        return job.event_date
    if element.field == "category":
        return job.category_labels.get(person.category, person.category)
    if element.field == "job_title" and not (views.personal_name(person.first_name, person.last_name)
                                             or person.badge_name):
        return ""  # someone known only by their job: it is already their name
    return display(getattr(person, element.field))


def display(text: str) -> str:
    """NFC, and right-to-left scripts shaped and put in visual order (the PDF draws left to right)."""
    text = unicodedata.normalize("NFC", text)
    if not _RTL.search(text):
        return text
    from bidi import get_display

    return get_display(_reshaper().reshape(text))


@lru_cache(maxsize=1)
def _reshaper():
    """Joined letter forms without ligatures such as ﷲ (U+FDF2), which DejaVu lacks: a name holding
    "الله" would otherwise be set in the fallback font, which has no Arabic at all."""
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper(configuration={"support_ligatures": False})


# --- Fitting a text to its box --------------------------------------------------------------------

def fit(faces, resource: str, text: str, width: float, height: float, largest: float, smallest: float,
        most_lines: int = 1) -> Fitted:
    """The largest size at which `text` fits its box, on as many lines as that needs (up to `most_lines`):
    wrapping comes before shrinking. Below `smallest` it is set at `smallest` and cut with "…"."""
    best = (text,), _size(faces, resource, (text,), width, height, largest)
    if best[1] < largest and most_lines > 1:
        wrapped = _two_lines(faces, resource, text)
        if wrapped:
            size = _size(faces, resource, wrapped, width, height, largest)
            best = max(best, (wrapped, size), key=lambda option: option[1])
    lines, size = best
    if size >= smallest - 1e-9:
        return Fitted(lines, size, shrunk=size < largest - 1e-9)
    lines = min(most_lines, max(1, int(height / (LINE * smallest) + 1e-9)))
    return Fitted(_filled(faces, resource, text, width, smallest, lines), smallest, shrunk=True, cut=True)


def _size(faces, resource: str, lines: tuple[str, ...], width: float, height: float, largest: float) -> float:
    widest = max(faces[pick(faces, resource, line)].width(line, 1) for line in lines) or 1
    return min(largest, width / widest, height / (LINE * len(lines)))


def _breaks(text: str) -> list[tuple[str, str]]:
    """Every way to put `text` on two lines: at a space (dropped) or after a hyphen (kept)."""
    options = [(text[:i], text[i + 1:]) for i, c in enumerate(text) if c == " "]
    options += [(text[:i + 1], text[i + 1:]) for i, c in enumerate(text[:-1]) if c in "-‐"]
    return [(a.strip(), b.strip()) for a, b in options if a.strip() and b.strip()]


def _two_lines(faces, resource: str, text: str) -> tuple[str, str] | None:
    """The two-line break whose wider line is the narrowest."""
    options = _breaks(text)
    if not options:
        return None
    return min(options, key=lambda pair: max(faces[pick(faces, resource, line)].width(line, 1) for line in pair))


def _filled(faces, resource: str, text: str, width: float, size: float, lines: int) -> tuple[str, ...]:
    """`text` poured into `lines` lines of `width` at `size`, word by word, the last line cut with "…"."""
    words, out = text.split(" "), []
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and _width(faces, resource, f"{line} {words[0]}", size) <= width:
            line += " " + words.pop(0)
        out.append(_cut(faces, resource, line, width, size))
    if words:
        out.append(_cut(faces, resource, " ".join(words), width, size))
    return tuple(out)


def _cut(faces, resource: str, line: str, width: float, size: float) -> str:
    """`line`, shortened and ended with "…" when it is wider than `width`."""
    if _width(faces, resource, line, size) <= width:
        return line
    while line and _width(faces, resource, line.rstrip() + "…", size) > width:
        line = line[:-1]
    return line.rstrip() + "…"


def _width(faces, resource: str, text: str, size: float) -> float:
    return faces[pick(faces, resource, text)].width(text, size)


def _runs(fitted: Fitted, element: Element, box, faces, colour: str) -> list[Run]:
    """The lines of a fitted text, the block centred on the box's height (DejaVu's ascent places
    each line, fallback or not) and each line aligned as the element says."""
    face = faces[font_resource(element)]
    size = fitted.size
    top = box[1] + box[3] - (box[3] - LINE * size * len(fitted.lines)) / 2
    runs = []
    for number, line in enumerate(fitted.lines):
        resource = pick(faces, font_resource(element), line)
        width = faces[resource].width(line, size)
        spare = box[2] - width
        x = box[0] + {"left": 0, "center": spare / 2, "right": spare}[element.align]
        baseline = top - LINE * size * number - size * face.ascent / face.units
        runs.append(Run(line, resource, size, x, baseline, width, colour))
    return runs


def _code(matrix, box, size: float) -> Code:
    return Code(box[0], box[1] + box[3] - size, size / (len(matrix) + 2 * QUIET), matrix)


def _picture(box, size: tuple[int, int]) -> Picture:
    """The logo as large as fits its box, in proportion, centred vertically, against the box's left."""
    scale = min(box[2] / size[0], box[3] / size[1])
    width, height = size[0] * scale, size[1] * scale
    return Picture(box[0], box[1] + (box[3] - height) / 2, width, height)


# --- As PDF operators -----------------------------------------------------------------------------

def ops(face: Face, faces, used, turned: bool = False) -> bytes:
    """The badge's items as PDF operators, in the coordinates they were laid out in; `turned`: for a
    face drawn under a half turn. A text or a band drawn once is remembered: the event's own lines and
    bands are the same on every badge."""
    out = []
    for item in face.items:
        if isinstance(item, Run):
            drawn, glyphs = _run_ops(faces[item.resource], item)
            record = used[item.resource]
            for glyph, char in glyphs:
                record.setdefault(glyph, char)
            out.append(drawn)
        elif isinstance(item, Fill):
            out.append(_fill_ops(item))
        elif isinstance(item, Code):
            out.append(_code_ops(item, turned))
        elif isinstance(item, Picture):
            out.append(b"q %s 0 0 %s %s %s cm /Im1 Do Q" % tuple(num(v).encode() for v in (
                item.width, item.height, item.x, item.y)))
    return b"\n".join(out)


def _code_ops(code: Code, turned: bool) -> bytes:
    """The code's image in the square its modules cover; `turned`, for a face drawn upside down, placed
    from the opposite corner so that the page sees it upright (see qr.image_ops)."""
    side = len(code.matrix) * code.module
    x, y = code.x + QUIET * code.module, code.y + QUIET * code.module
    cm = (-side, -side, x + side, y + side) if turned else (side, side, x, y)
    return b"q 0 0 0 rg %s 0 0 %s %s %s cm %s Q" % (*(num(v).encode() for v in cm),
                                                   qr.image_ops(code.matrix, turned=turned))


@lru_cache(maxsize=20_000)
def _run_ops(face: Font, run: Run) -> tuple[bytes, tuple[tuple[int, str], ...]]:
    """(a line's operators, the (glyph, character) pairs it draws)."""
    glyphs: dict[int, str] = {}
    drawn = b"BT %s rg /%s %s Tf %s %s Td %s Tj ET" % (
        _rgb(run.colour), run.resource.encode(), num(run.size).encode(), num(run.x).encode(),
        num(run.y).encode(), face.encode(run.text, glyphs))
    return drawn, tuple(glyphs.items())


@lru_cache(maxsize=256)
def _fill_ops(fill: Fill) -> bytes:
    return b"%s rg %s %s %s %s re f" % (_rgb(fill.colour), *(num(v).encode() for v in (
        fill.x, fill.y, fill.width, fill.height)))


@lru_cache(maxsize=64)
def _rgb(colour: str) -> bytes:
    return b" ".join(num(int(colour[i:i + 2], 16) / 255).encode() for i in (1, 3, 5))


_MARKS: dict[tuple, bytes] = {}


def marks(sheet: Sheet) -> bytes:
    """Cut marks in the page margins at every column and row edge; fold lines dashed. The same on every
    page: remembered by the sheet's geometry (a sheet holds its layout's colours, a dict, so is no key)."""
    key = (sheet.page, sheet.badge, sheet.columns, sheet.rows, sheet.margin, sheet.gap, sheet.cut_marks, sheet.fold)
    if (found := _MARKS.get(key)) is None:
        found = _MARKS[key] = _marks(sheet)
    return found


def _marks(sheet: Sheet) -> bytes:
    if not sheet.cut_marks:
        return b""
    xs = sorted({sheet.position(c)[0] + d for c in range(sheet.columns) for d in (0, sheet.unit[0])})
    ys = sorted({sheet.position(r * sheet.columns)[1] + d for r in range(sheet.rows) for d in (0, sheet.unit[1])})
    width, height = sheet.page
    ops = [b"q 0.25 w 0 0 0 RG"]
    for x in xs:
        for y0, y1 in ((max(ys[0] - 6, 0), ys[0] - 1.5), (ys[-1] + 1.5, min(ys[-1] + 6, height))):
            ops.append(_segment(x, y0, x, y1, height))
    for y in ys:
        for x0, x1 in ((max(xs[0] - 6, 0), xs[0] - 1.5), (xs[-1] + 1.5, min(xs[-1] + 6, width))):
            ops.append(_segment(x0, y, x1, y, height))
    if sheet.fold:
        ops.append(b"[2 2] 0 d")
        for row in range(sheet.rows):
            middle = sheet.position(row * sheet.columns)[1] + sheet.badge[1]
            ops.append(_segment(xs[0], middle, xs[-1], middle, height))
    ops.append(b"Q\n")
    return b"\n".join(ops)


def _segment(x0: float, y0: float, x1: float, y1: float, page_height: float) -> bytes:
    """A line between two points given in mm from the page's top-left."""
    points = (x0 * MM, (page_height - y0) * MM, x1 * MM, (page_height - y1) * MM)
    return b"%s %s m %s %s l S" % tuple(num(v).encode() for v in points)
