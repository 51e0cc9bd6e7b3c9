"""Drawing badges as PDF operators: pure functions from people and a sheet to page contents.

Runs in worker processes too, so it depends only on its arguments: a `Job` (the sheet,
the event's texts, the QR mode and key) and the people on one page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from confkit import views
from confkit.badges import qr
from confkit.badges.layouts import QUIET, Element, Sheet
from confkit.pdf.writer import MM, Font, font, num

FONT_FILES = {"regular": ("F1", "DejaVuSans.ttf"), "bold": ("F2", "DejaVuSans-Bold.ttf")}
FONT_FOLDER = Path(__file__).parent.parent / "pdf" / "fonts"
LINE = 1.18  # line height, in font sizes
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


@dataclass(frozen=True, slots=True)
class Fitted:
    """How a name came out: its lines, its size, and whether it shrank below readable."""

    lines: tuple[str, ...]
    size: float
    too_small: bool


FALLBACK = "F3"


def fonts(fallback: str | None = None) -> dict[str, Font]:
    """Our fonts by resource name, and F3: an installed font for what DejaVu lacks (CJK), if any."""
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


def page(job: Job, people: list[tuple[int, Holder]]) -> tuple[bytes, dict[str, dict[int, str]], list[Fitted]]:
    """The content stream of one page: each (slot, person) drawn at its place, then the marks."""
    used: dict[str, dict[int, str]] = {resource: {} for resource, _file in FONT_FILES.values()}
    faces = fonts(job.fallback_font)
    used.update({resource: {} for resource in faces if resource not in used})
    parts, fitted = [], []
    sheet = job.sheet
    for slot, person in people:
        left, top = sheet.position(slot)
        x, y = left * MM, (sheet.page[1] - top - sheet.unit[1]) * MM
        ops, fit = badge(job, person, faces, used)
        fitted.append(fit)
        parts.append(b"q 1 0 0 1 %s %s cm\n%s\nQ\n" % (num(x).encode(), num(y).encode(), ops))
        if sheet.fold:  # the back face, above the fold, upside down so that it reads upright once folded
            parts.append(b"q -1 0 0 -1 %s %s cm\n%s\nQ\n" % (num(x + sheet.badge[0] * MM).encode(),
                                                             num(y + 2 * sheet.badge[1] * MM).encode(), ops))
    parts.append(marks(sheet))
    return b"".join(parts), used, fitted


def badge(job: Job, person: Holder, faces, used) -> tuple[bytes, Fitted]:
    """One badge, its origin at the badge's bottom-left corner."""
    sheet, layout = job.sheet, job.sheet.layout
    sx, sy = sheet.badge[0] / layout.width, sheet.badge[1] / layout.height
    scale = min(sx, sy)
    out, fit = [], Fitted((), 0.0, False)
    for element in layout.elements:
        box = (element.x * sx * MM, (layout.height - element.y - element.height) * sy * MM,
               element.width * sx * MM, element.height * sy * MM)
        if element.type == "name":
            fit = fit_name(person, faces, font_resource(element), box[2], box[3], element.size * scale,
                           element.min_size * scale)
            out.append(_lines(fit.lines, fit.size, element, box, faces, used))
        elif element.type == "text":
            value = _field(job, person, element.field)
            if value:
                out.append(_line(value, element, box, element.size * scale, element.colour, faces, used))
        elif element.type == "band":
            out.append(_band(job, person, element, box, scale, faces, used))
        elif element.type == "qr" and person.payload:
            out.append(_qr(person.payload, box, element.width * scale * MM))
        elif element.type == "logo" and job.logo_size:
            out.append(_logo(box, job.logo_size))
    return b"\n".join(out), fit


def fit_name(person: Holder, faces, resource: str, width: float, height: float, largest: float,
             readable: float) -> Fitted:
    """The largest size that fits: on one line, or first name over last name; never clipped."""
    options = [(display(full_name(person)),)]
    split = _two_lines(person)
    if split:
        options.append(tuple(display(line) for line in split))
    best = max(((lines, _fitting_size(faces, resource, lines, width, height, largest)) for lines in options),
               key=lambda option: option[1])
    return Fitted(best[0], best[1], best[1] < readable)


def _fitting_size(faces, resource: str, lines: tuple[str, ...], width: float, height: float, largest: float) -> float:
    widest = max(faces[pick(faces, resource, line)].width(line, 1) for line in lines) or 1
    return min(largest, width / widest, height / (LINE * len(lines)))


def pick(faces, resource: str, text: str) -> str:
    """The element's font, or the fallback font when the element's lacks a character of `text`."""
    return resource if FALLBACK not in faces or faces[resource].covers(text) else FALLBACK


def full_name(person: Holder) -> str:
    """The name printed big (views.badge_name): the job title for someone known only by it."""
    return views.badge_name(person.badge_name, person.first_name, person.last_name, person.job_title)


def _two_lines(person: Holder) -> tuple[str, str] | None:
    if not person.badge_name and person.first_name and person.last_name:
        return person.first_name, person.last_name
    name = full_name(person)
    return tuple(name.rsplit(" ", 1)) if " " in name else None


def display(text: str) -> str:
    """NFC, and right-to-left scripts shaped and put in visual order (the PDF draws left to right)."""
    text = unicodedata.normalize("NFC", text)
    if not _RTL.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))


def _field(job: Job, person: Holder, field: str) -> str:
    if field == "event_title":
        return job.event_title
    if field == "event_date":
        return job.event_date
    if field == "category":
        return job.category_labels.get(person.category, person.category)
    if field == "job_title" and not (views.personal_name(person.first_name, person.last_name) or person.badge_name):
        return ""  # someone known only by their job: it is already their name
    return display(getattr(person, field))


def font_resource(element: Element) -> str:
    return FONT_FILES[element.font][0]


def _lines(lines, size, element: Element, box, faces, used) -> bytes:
    face = faces[font_resource(element)]  # DejaVu's vertical metrics place every line, fallback or not
    block = LINE * size * len(lines)
    top = box[1] + box[3] - (box[3] - block) / 2
    ops = []
    for number, line in enumerate(lines):
        baseline = top - LINE * size * number - size * face.ascent / face.units
        ops.append(_text(line, element, box, size, baseline, element.colour, faces, used))
    return b"\n".join(ops)


def _line(value: str, element: Element, box, largest: float, colour: str, faces, used) -> bytes:
    face = faces[pick(faces, font_resource(element), value)]
    size = min(largest, box[2] / (face.width(value, 1) or 1), box[3] / LINE)
    baseline = box[1] + (box[3] - size * face.cap_height / face.units) / 2
    return _text(value, element, box, size, baseline, colour, faces, used)


def _text(value: str, element: Element, box, size: float, baseline: float, colour: str, faces, used) -> bytes:
    resource = pick(faces, font_resource(element), value)
    face = faces[resource]
    spare = box[2] - face.width(value, size)
    x = box[0] + {"left": 0, "center": spare / 2, "right": spare}[element.align]
    return b"BT %s rg /%s %s Tf %s %s Td %s Tj ET" % (
        _rgb(colour), resource.encode(), num(size).encode(), num(x).encode(), num(baseline).encode(),
        face.encode(value, used[resource]))


def _band(job: Job, person: Holder, element: Element, box, scale: float, faces, used) -> bytes:
    colour = job.sheet.layout.colours.get(person.category, "#1F4E79")
    label = job.category_labels.get(person.category, person.category).upper()
    fill = b"%s rg %s %s %s %s re f" % (_rgb(colour), *(num(v).encode() for v in box))
    return fill + b"\n" + _line(label, element, box, element.size * scale, "#FFFFFF", faces, used)


def _qr(payload: str, box, size: float) -> bytes:
    """The code as one vector path, scaled so that modules are whole units (short operators)."""
    matrix = qr.matrix(payload)
    module = size / (len(matrix) + 2 * QUIET)
    x, y = box[0], box[1] + box[3] - size
    return b"q 0 0 0 rg %s 0 0 %s %s %s cm\n%s Q" % (num(module).encode(), num(module).encode(), num(x).encode(),
                                                     num(y).encode(), qr.path_ops(matrix, 0, 0, 1, QUIET))


def _logo(box, size: tuple[int, int]) -> bytes:
    """The logo as large as fits its box, in proportion, centred vertically, against the box's left."""
    scale = min(box[2] / size[0], box[3] / size[1])
    width, height = size[0] * scale, size[1] * scale
    return b"q %s 0 0 %s %s %s cm /Im1 Do Q" % tuple(num(v).encode() for v in (
        width, height, box[0], box[1] + (box[3] - height) / 2))


def _rgb(colour: str) -> bytes:
    return b" ".join(num(int(colour[i:i + 2], 16) / 255).encode() for i in (1, 3, 5))


def marks(sheet: Sheet) -> bytes:
    """Cut marks in the page margins at every column and row edge; fold lines dashed."""
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
