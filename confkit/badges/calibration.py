"""The calibration page: every label's outline, numbered as `--start-at` counts, and millimetre rulers.

Held against a sheet of labels, it shows whether the printer shifts or scales; on a partly used
sheet, the number of the first free label is what to give `--start-at`.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from confkit.badges.layouts import Sheet
from confkit.model import Event
from confkit.pdf.writer import MM, Writer, font, num
from confkit.text.messages import say

FONTS = Path(__file__).parent.parent / "pdf" / "fonts"
NOTE_SIZE = 7  # points, the notes at the page's foot


def write_calibration(stream: BinaryIO, event: Event, sheet: Sheet) -> None:
    """One page: the outlines with their numbers, the rulers, and how to read them."""
    faces = {"F1": font(FONTS / "DejaVuSans.ttf"), "F2": font(FONTS / "DejaVuSans-Bold.ttf")}
    used = {resource: {} for resource in faces}
    ops = [b"q", *_outlines(sheet), *_numbers(sheet, faces["F2"], used["F2"]),
           *_rulers(sheet, faces["F1"], used["F1"])]
    notes = [line for note in (f"{sheet.name}: {say('calibration_note', event.language)}",
                               say("calibration_numbers", event.language))
             for line in _wrapped(faces["F1"], note, (sheet.page[0] - 16) * MM)]
    for line, text in enumerate(reversed(notes)):  # upwards from the foot of the page
        ops.append(_text(faces["F1"], used["F1"], "F1", NOTE_SIZE, text, 12 * MM, (4 + 3.5 * line) * MM))
    ops.append(b"Q")
    writer = Writer(stream, faces, title=f"{event.title} — {sheet.name}")
    writer.add_page(sheet.page[0] * MM, sheet.page[1] * MM, b"\n".join(ops), used)
    writer.close()


def _outlines(sheet: Sheet) -> list[bytes]:
    ops = [b"0.3 w 0.85 0.1 0.1 RG"]
    for slot in range(sheet.per_page):
        left, top = sheet.position(slot)
        ops.append(b"%s %s %s %s re S" % tuple(num(v * MM).encode() for v in (
            left, sheet.page[1] - top - sheet.unit[1], sheet.unit[0], sheet.unit[1])))
    return ops


def _numbers(sheet: Sheet, face, used: dict) -> list[bytes]:
    """Each label's number (1 = the first, row by row), large and grey in its middle."""
    size = min(36.0, sheet.unit[1] * MM / 3)
    ops = [b"0.55 0.55 0.55 rg"]
    for slot in range(sheet.per_page):
        left, top = sheet.position(slot)
        label = str(slot + 1)
        x = (left + sheet.unit[0] / 2) * MM - face.width(label, size) / 2
        y = (sheet.page[1] - top - sheet.unit[1] / 2) * MM - size * 0.36  # digits' middle on the centre
        ops.append(_text(face, used, "F2", size, label, x, y))
    return ops + [b"0 0 0 rg"]


def _rulers(sheet: Sheet, face, used: dict) -> list[bytes]:
    """Ticks every millimetre along the top and left edges, longer every 5 and 10, labelled every 10."""
    width, height = sheet.page
    ops = [b"0 0 0 RG 0.2 w"]
    for millimetre in range(0, int(max(sheet.page)) + 1):
        tick = 5 if millimetre % 10 == 0 else 3 if millimetre % 5 == 0 else 1.5
        if millimetre <= width:
            ops.append(_segment(millimetre, 0, millimetre, tick, height))
        if millimetre <= height:
            ops.append(_segment(0, millimetre, tick, millimetre, height))
    for millimetre in range(10, int(max(sheet.page)), 10):
        if millimetre < width - 5:
            ops.append(_text(face, used, "F1", 6, str(millimetre), millimetre * MM + 1, (height - 8) * MM))
        if millimetre < height - 5:
            ops.append(_text(face, used, "F1", 6, str(millimetre), 6 * MM, (height - millimetre) * MM - 2))
    return ops


def _wrapped(face, text: str, width: float) -> list[str]:
    """`text` in lines no wider than `width` points at the notes' size (an A6 page is narrow)."""
    lines = [""]
    for word in text.split():
        tried = f"{lines[-1]} {word}".strip()
        if lines[-1] and face.width(tried, NOTE_SIZE) > width:
            lines.append(word)
        else:
            lines[-1] = tried
    return lines


def _segment(x0: float, y0: float, x1: float, y1: float, page_height: float) -> bytes:
    """A line between two points given in mm from the page's top-left."""
    points = (x0 * MM, (page_height - y0) * MM, x1 * MM, (page_height - y1) * MM)
    return b"%s %s m %s %s l S" % tuple(num(v).encode() for v in points)


def _text(face, used: dict, resource: str, size: float, text: str, x: float, y: float) -> bytes:
    return b"BT /%s %s Tf %s %s Td %s Tj ET" % (resource.encode(), num(size).encode(), num(x).encode(),
                                                num(y).encode(), face.encode(text, used))
