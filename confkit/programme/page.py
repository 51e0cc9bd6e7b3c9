"""The programme: one self-contained web page, the same page printed to PDF, and a booklet.

One source of truth: `templates/programme/page.html` is what people open on their
phones and what WeasyPrint prints, through a print stylesheet (see confkit.pdf.html).
The templates receive the event's public view only (confkit.public): no email address,
no registrant who did not consent, whatever a template asks for.
"""

from __future__ import annotations

import base64
import mimetypes
from functools import partial

from markupsafe import Markup

from confkit import images, views
from confkit.model import Event
from confkit.pdf import booklet as imposition
from confkit.pdf import html as printing
from confkit.public import PublicEvent, public
from confkit.columns import KINDS
from confkit.errors import UserError
from confkit.invites.ics import session_uid
from confkit.text import dates
from confkit.text.labels import LABELS

PAPERS = {"a4": "A4", "letter": "letter"}
FEEDS = {"xml": "schedule/schedule.xml", "json": "schedule/schedule.json"}
BRAND = "#1F4E79"
# Labels the page's script needs (it adds the filter, "now and next" and the starred agenda).
SCRIPT_LABELS = ("filter", "kind", "all_rooms", "all_kinds", "now", "next", "star", "unstar", "my_agenda",
                 "download_ics", "starred_none", "starred_count", "only_starred", "room", "agenda")
PHOTO_PIXELS = 320  # a speaker's photo, inlined: sharp at 3 cm printed and on a phone, a few kB each


def render(event: Event, env, paper: str = "a4", booklet: bool = False) -> dict[str, bytes]:
    """programme.html and programme.pdf (and programme-booklet.pdf, A5 imposed on A4)."""
    view, logo, photos = public(event), _logo(event), speaker_photos(event)
    outputs = {views.PROGRAMME_PAGE: page(view, env, PAPERS[paper], logo, photos=photos).encode(),
               "programme.pdf": printing.pdf(page(view, env, PAPERS[paper], logo, True, photos))}
    if booklet:
        a5 = printing.pdf(page(view, env, "A5", logo, True, photos))
        outputs["programme-booklet.pdf"] = imposition.impose_booklet(a5)
    return outputs


def html(event: Event, env, paper: str, printed: bool = False) -> str:
    """The page of `event` for screens (or, `printed`, for the PDF) on `paper`."""
    return page(public(event), env, paper, _logo(event), printed, speaker_photos(event))


def page(view: PublicEvent, env, paper: str, logo: str | None, printed: bool = False,
         photos: dict[str, str] | None = None) -> str:
    context = context_for(view, logo, printed, photos)
    css = env.get_template("programme/style.css").render(paper=paper, brand=view.brand_colour or BRAND,
                                                         t=context["t"], lang=context["lang"])
    return env.get_template("programme/page.html").render(css=Markup(css), **context)


def context_for(view: PublicEvent, logo: str | None, printed: bool = False,
                photos: dict[str, str] | None = None) -> dict:
    """Everything page.html receives (documented in templates/programme/README.md)."""
    lang = view.language
    labels = LABELS[lang]
    return {
        "event": view, "lang": lang, "t": labels, "days": views.days(view), "printed": printed,
        "multi_room": len(views.room_order(view)) > 1, "dates": dates.span(view.start_date, view.end_date, lang),
        "logo": logo, "photos": photos or {}, "speakers": views.by_name(view.speakers),
        "feeds": feed_links(view, printed), "qr": _qr(view.site + FEEDS["xml"]) if view.site else None,
        "website": _website(view) if printed else None,
        "uid": partial(session_uid, view),  # the calendars' UID of a session, for the starred agenda
        "script_labels": {key: labels[key] for key in SCRIPT_LABELS} | {"kinds": {k: labels[k] for k in KINDS}},
    }


def feed_links(view: PublicEvent, printed: bool) -> dict[str, str] | None:
    """Beside the page, relative links; none on paper, which carries the website's address instead
    (`website`): a PDF travels alone, and a relative link there would resolve to the reader's own disk."""
    return None if printed else FEEDS


def _logo(event: Event) -> str | None:
    """The logo inlined as a data URI: the page makes no request of its own."""
    if not event.logo:
        return None
    path = event.folder / event.logo
    data = path.read_bytes()
    images.require_small(data, event.logo, event.cells["logo"].cell("value"))  # before a browser or the PDF decodes it
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def speaker_photos(event: Event) -> dict[str, str]:
    """Each speaker's photo, made small and inlined as a data: URI (JPEG), by speaker id."""
    return {speaker.id: _thumbnail(event.folder / speaker.photo, speaker.photo, speaker.origin.cell("photo"))
            for speaker in event.speakers if speaker.photo}


def _thumbnail(path, name: str, cell: str) -> str:
    """At most PHOTO_PIXELS on a side; an SVG is inlined as it is. Checked before decoding (confkit.images)."""
    import io

    from PIL import ImageOps

    data = path.read_bytes()
    images.require_small(data, name, cell)
    if path.suffix.lower() == ".svg":
        return f"data:image/svg+xml;base64,{base64.b64encode(data).decode()}"
    try:
        with images.opened(data, name, cell) as image:
            picture = ImageOps.exif_transpose(image).convert("RGB")
            picture.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
    except (OSError, SyntaxError, ValueError) as error:  # truncated or corrupt past its header
        raise UserError("not_an_image", cell, value=name) from error
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=82, optimize=True)
    return f"data:image/jpeg;base64,{base64.b64encode(output.getvalue()).decode()}"


def _website(view: PublicEvent) -> dict | None:
    """On paper, where nothing is clickable: the programme's address, written out and as a QR code."""
    url = views.programme_url(view)
    return {"url": url, "qr": _qr(url)} if url else None


def _qr(url: str) -> Markup:
    """An inline SVG QR code of `url` (the page makes no request of its own)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(url, image_factory=SvgPathImage, border=4)
    svg = image.to_string(encoding="unicode")
    return Markup(svg[svg.index("<svg"):])
