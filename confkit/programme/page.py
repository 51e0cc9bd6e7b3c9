"""The programme: one self-contained web page, the same page printed to PDF, and a booklet.

One source of truth: `templates/programme/page.html` is what people open on their
phones and what WeasyPrint prints, through a print stylesheet. Fonts: the bundled
DejaVu Sans covers Latin (Polish, Czech, Vietnamese ...), Greek, Cyrillic, Arabic and
Hebrew; for anything else (CJK) pango falls back, glyph by glyph, to any installed
font that has it (Noto Sans CJK from fonts-noto-cjk) and embeds that too.
"""

from __future__ import annotations

import base64
import io
import mimetypes
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from markupsafe import Markup, escape

from confkit.text import dates
from confkit.text.labels import LABELS, NBSP, french_spacing
from confkit.model import Event, Session, Speaker

FONTS = Path(__file__).parent.parent / "pdf" / "fonts"
PAPERS = {"a4": "A4", "letter": "letter"}
FEEDS = {"xml": "schedule/schedule.xml", "json": "schedule/schedule.json"}


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: str  # "job title, organisation"; empty when that already is the name


@dataclass(frozen=True)
class SessionView:
    session: Session
    speakers: tuple[Person, ...]
    moderator: Person | None


@dataclass(frozen=True)
class Slot:
    label: str
    sessions: tuple[SessionView, ...]


@dataclass(frozen=True)
class Day:
    index: int
    anchor: str
    title: str
    short_title: str
    slots: tuple[Slot, ...]


def render(event: Event, env, paper: str = "a4", booklet: bool = False) -> dict[str, bytes]:
    """programme.html and programme.pdf (and programme-booklet.pdf, A5 imposed on A4)."""
    page = html(event, env, PAPERS[paper])
    outputs = {"programme.html": page.encode(), "programme.pdf": pdf(page, event.folder)}
    if booklet:
        outputs["programme-booklet.pdf"] = impose_booklet(pdf(html(event, env, "A5"), event.folder))
    return outputs


def html(event: Event, env, paper: str) -> str:
    env.filters.update(typo=_typography(event.language), colon=_colon(event.language))
    context = context_for(event)
    css = env.get_template("programme/style.css").render(paper=paper, brand=event.brand_colour or "#1F4E79",
                                                         t=context["t"])
    return env.get_template("programme/page.html").render(css=Markup(css), **context)


def context_for(event: Event) -> dict:
    """Everything page.html receives (documented in templates/programme/README.md)."""
    lang = event.language
    return {"event": event, "lang": lang, "t": LABELS[lang], "days": days(event),
            "multi_room": len(event.room_names) > 1, "dates": dates.span(event.start_date, event.end_date, lang), "logo": _logo(event),
            "feeds": FEEDS, "qr": _schedule_qr(event)}


def days(event: Event) -> tuple[Day, ...]:
    """Sessions by day, then by start time; parallel sessions in the order of the rooms."""
    room_rank = {name: rank for rank, name in enumerate(event.room_names)}
    ordered = sorted(event.sessions, key=lambda s: (s.start, room_rank.get(s.room, -1), s.end, s.id))
    lang = event.language
    result = []
    for index, (day, sessions) in enumerate(groupby(ordered, key=lambda s: s.start.date()), start=1):
        slots = tuple(_slot(tuple(group)) for _start, group in groupby(sessions, key=lambda s: s.start))
        result.append(Day(index, f"day-{index}", dates.weekday(day, lang), dates.short(day, lang), slots))
    return tuple(result)


def _slot(sessions: tuple[Session, ...]) -> Slot:
    ends = {s.end for s in sessions}
    label = f"{sessions[0].start:%H:%M}" + (f" – {sessions[0].end:%H:%M}" if len(ends) == 1 else "")
    return Slot(label, tuple(SessionView(s, tuple(map(_person, s.speakers)),
                                         _person(s.moderator) if s.moderator else None) for s in sessions))


def _person(speaker: Speaker) -> Person:
    named = speaker.first_name or speaker.last_name
    affiliation = ", ".join(p for p in (speaker.job_title, speaker.organisation) if p) if named else ""
    return Person(speaker.name, affiliation)


def _logo(event: Event) -> str | None:
    """The logo inlined as a data URI: the page makes no request of its own."""
    if not event.logo:
        return None
    path = event.folder / event.logo
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _schedule_qr(event: Event) -> Markup | None:
    """An inline SVG QR code of the schedule feed's address, for conference apps."""
    if not event.base_url:
        return None
    import qrcode
    from qrcode.image.svg import SvgPathImage

    url = event.site + FEEDS["xml"]
    image = qrcode.make(url, image_factory=SvgPathImage, border=4)
    svg = image.to_string(encoding="unicode")
    return Markup(svg[svg.index("<svg"):])


def _typography(lang: str):
    def typo(value) -> Markup:
        text = str(value)
        return escape(french_spacing(text) if lang == "fr" else text)
    return typo


def _colon(lang: str):
    def colon(value) -> Markup:
        return escape(f"{value}{NBSP}:" if lang == "fr" else f"{value}:")
    return colon


# --- PDF ---------------------------------------------------------------------------------------

def pdf(page: str, folder: Path) -> bytes:
    """Print the page with WeasyPrint, embedding the bundled fonts (subsetted)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    faces = "".join(
        f'@font-face {{ font-family: "DejaVu Sans"; font-weight: {weight}; src: url("{(FONTS / name).as_uri()}"); }}'
        for weight, name in (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf")))
    document = HTML(string=page, base_url=str(folder), media_type="print")
    return document.write_pdf(stylesheets=[CSS(string=faces, font_config=fonts)], font_config=fonts)


def impose_booklet(a5: bytes) -> bytes:
    """A5 pages two by two on A4 landscape sheets, in printer's order for saddle stitching.

    Sheet k (from 0) carries pages n-2k and 2k+1 on its front, 2k+2 and n-2k-1 on its back,
    n being the page count rounded up to a multiple of four (the rest stay blank).
    """
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    pages = PdfReader(io.BytesIO(a5)).pages
    width, height = 841.89, 595.28  # A4 landscape, in points
    writer = PdfWriter()
    for pair in booklet_order(len(pages)):
        side = PageObject.create_blank_page(width=width, height=height)
        for half, number in enumerate(pair):
            if number:
                page = pages[number - 1]
                offset = half * width / 2 + (width / 2 - float(page.mediabox.width)) / 2
                side.merge_transformed_page(page, Transformation().translate(offset, 0))
        writer.add_page(side)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def booklet_order(page_count: int) -> list[tuple[int, int]]:
    """(left, right) page numbers of each printed side; 0 for a blank half."""
    total = -(-page_count // 4) * 4
    sides = []
    for sheet in range(total // 4):
        for pair in ((total - 2 * sheet, 2 * sheet + 1), (2 * sheet + 2, total - 2 * sheet - 1)):
            sides.append(tuple(n if n <= page_count else 0 for n in pair))
    return sides
