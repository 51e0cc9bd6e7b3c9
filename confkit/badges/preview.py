"""The badges preview: every badge drawn as it prints, from the same laid-out items as the PDF.

Each badge is an inline SVG at its real size, its texts stretched to the widths the PDF
measured (so a browser without DejaVu still shows what fits), its QR code a tiny 1-bit PNG.
Badges come in pages of `PER_PAGE`, one file each (badges-preview.html, then
badges-preview/page-2.html ...), so that 20,000 badges open like 60. Under each badge, in
words: the person, and what the code carries (never the code itself).
"""

from __future__ import annotations

import base64
import struct
import zlib
from collections.abc import Iterator
from functools import lru_cache
from html import escape

import numpy as np

from confkit.badges import draw
from confkit.badges.draw import FALLBACK, Code, Face, Fill, Holder, Picture, Run
from confkit.badges.layouts import QUIET
from confkit.pdf.writer import MM
from confkit.text.messages import counted, say

PER_PAGE = 60
NEIGHBOURS = 3  # pages linked on each side of the one shown, besides the first and the last
FONT_ATTRIBUTES = {"F1": "", "F2": ' font-weight="bold"', FALLBACK: ' font-family="sans-serif"'}  # DejaVu: the page's


def svg(face: Face, width: float, height: float, label: str) -> str:
    """One badge as SVG, in points like the PDF, y flipped; `width`, `height` in mm."""
    top = height * MM
    parts = [f'<svg class="face" viewBox="0 0 {_n(width * MM)} {_n(top)}" width="{_n(width)}mm" '
             f'height="{_n(height)}mm" role="img" aria-label="{escape(label)}">']
    for item in face.items:
        if isinstance(item, Run):
            parts.append(_text(item, top))
        elif isinstance(item, Fill):
            parts.append(_rect(item, top))
        elif isinstance(item, Code):
            side = len(item.matrix) * item.module
            parts.append(f'<image x="{_n(item.x + QUIET * item.module)}" '
                         f'y="{_n(top - item.y - (len(item.matrix) + QUIET) * item.module)}" width="{_n(side)}" '
                         f'height="{_n(side)}" href="data:image/png;base64,{png(item.matrix)}"/>')
        elif isinstance(item, Picture):
            parts.append(f'<use href="#logo" x="{_n(item.x)}" y="{_n(top - item.y - item.height)}" '
                         f'width="{_n(item.width)}" height="{_n(item.height)}"/>')
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=20_000)
def _text(item: Run, top: float) -> str:
    """A line of text, remembered: the event's lines and many names are the same on many badges."""
    return (f'<text x="{_n(item.x)}" y="{_n(top - item.y)}" font-size="{_n(item.size)}" '
            f'textLength="{_n(item.width)}" lengthAdjust="spacingAndGlyphs" fill="{item.colour}"'
            f'{FONT_ATTRIBUTES[item.resource]}>{escape(item.text)}</text>')


@lru_cache(maxsize=256)
def _rect(item: Fill, top: float) -> str:
    return (f'<rect x="{_n(item.x)}" y="{_n(top - item.y - item.height)}" width="{_n(item.width)}" '
            f'height="{_n(item.height)}" fill="{item.colour}"/>')


def png(matrix) -> str:
    """The code's modules as a 1-bit greyscale PNG, one pixel a module (the browser scales it up); stored,
    not deflated: 300 bytes instead of 250, in a tenth of the time."""
    size = len(matrix)
    rows = np.zeros((size, 1 + (size + 7) // 8), np.uint8)  # each row: filter byte 0, then the pixels
    rows[:, 1:] = np.packbits(~np.asarray(matrix, dtype=bool), axis=1)
    raw = rows.tobytes()
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0))
                            + _chunk(b"IDAT", zlib.compress(raw, 0)) + _chunk(b"IEND", b"")).decode()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def carries(person: Holder, lang: str) -> str:
    """What the person's QR code holds, in words: a signed check-in pass, or a contact card's fields."""
    name = draw.full_name(person)
    if not person.payload.startswith("BEGIN:VCARD"):
        return say("preview_code_checkin", lang, name=name)
    fields = [line.split(":", 1)[1] for line in person.payload.splitlines()
              if line.split(":", 1)[0] in ("FN", "ORG", "TITLE", "EMAIL")]
    return say("preview_code_vcard", lang, details=", ".join(fields))


def file_name(number: int) -> str:
    """Page 1 is badges-preview.html, the one to open; the others are beside it in badges-preview/."""
    return "badges-preview.html" if number == 1 else f"badges-preview/page-{number}.html"


def page_count(people: list[Holder]) -> int:
    return max(1, -(-len(people) // PER_PAGE))


def page_links(number: int, pages: int) -> list[int | None]:
    """The pages page `number`'s bar links to: the first, the last and its neighbours, None for a gap.
    Linking every page from every page made the preview quadratic: at 100,000 badges, 1,667 pages of
    1,667 links each (200 MB). Page 1 lists them all once instead (`contents`)."""
    if pages == 1:
        return []
    shown = sorted({1, pages, *range(max(1, number - NEIGHBOURS), min(pages, number + NEIGHBOURS) + 1)})
    links, previous = [], 0
    for page in shown:
        if page > previous + 1:
            links.append(previous + 1 if page == previous + 2 else None)  # a gap of one page shows the page
        links.append(page)
        previous = page
    return links


def contents(people: list[Holder]) -> list[tuple[int, str, str]]:
    """(page, the first name on it, the last), for every page: page 1's list of them all."""
    def named(person: Holder) -> str:
        return draw.full_name(person) or person.organisation or person.id

    return [(number, named(people[start]), named(people[min(start + PER_PAGE, len(people)) - 1]))
            for number, start in enumerate(range(0, len(people), PER_PAGE), start=1)]


def badges(job: draw.Job, people: list[Holder], lang: str) -> Iterator[dict]:
    """Each badge laid out and drawn (people with their payloads): see `entry`."""
    faces = draw.fonts(job.fallback_font)
    for person in people:
        yield entry(job, person, draw.lay_out(job, person, faces), lang)


def entry(job: draw.Job, person: Holder, face: Face, lang: str) -> dict:
    """One badge of the preview from its laid-out face: {id, name, svg, carries, squeezed}."""
    name = draw.full_name(person)
    return {"id": person.id, "name": name, "svg": svg(face, *job.sheet.badge, name),
            "carries": carries(person, lang), "squeezed": squeezed_text(face.squeezed, lang)}


# --- Telling which badges had to wrap or shrink ---------------------------------------------------

PERSONAL = ("first_name", "last_name", "job_title", "organisation")  # event texts wrap on every badge alike


def personal(face: Face) -> tuple[tuple[str, draw.Fitted], ...]:
    """What wrapped or shrank among the person's own texts: event texts wrap on every badge alike."""
    return tuple((field, fitted) for field, fitted in face.squeezed if field in PERSONAL)


def squeezed_text(squeezed: tuple[tuple[str, draw.Fitted], ...], lang: str) -> str:
    """`last name: on 2 lines; organisation: cut short (…) at 7 pt`; empty when everything fit."""
    return say("squeeze_and", lang).join(
        say("squeeze_item", lang, field=say(f"field_{field}", lang), how=_how(fitted, lang))
        for field, fitted in squeezed if field in PERSONAL)


def _how(fitted: draw.Fitted, lang: str) -> str:
    size = _points(fitted.size, lang)
    if fitted.cut:
        return say("squeeze_cut", lang, size=size)
    if fitted.wrapped and fitted.shrunk:
        return say("squeeze_wrapped_shrunk", lang, lines=len(fitted.lines), size=size)
    if fitted.wrapped:
        return say("squeeze_wrapped", lang, lines=len(fitted.lines))
    return say("squeeze_shrunk", lang, size=size)


def _points(size: float, lang: str) -> str:
    text = f"{size:.1f}".removesuffix(".0")
    return text.replace(".", ",") if lang == "fr" else text


def warnings(squeezed: Iterator[tuple[Holder, tuple]], where, lang: str, shown: int = 20) -> list[str]:
    """The console's lines: how many badges had text wrap or shrink, then `shown` of them, each with
    the cell of the first text that had to (`where(holder, field)`), the name, and what happened.
    `squeezed`: each person with what wrapped or shrank on their badge (`personal`)."""
    found = [say("squeeze_badge", lang, where=where(person, texts[0][0]), name=draw.full_name(person),
                 what=squeezed_text(texts, lang)) for person, texts in squeezed if texts]
    if not found:
        return []
    more = [say("squeeze_more", lang, count=len(found) - shown)] if len(found) > shown else []
    return [counted("squeezed", len(found), lang), *(f"  {line}" for line in found[:shown]), *more]
