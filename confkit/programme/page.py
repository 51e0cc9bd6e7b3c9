"""The programme: one self-contained web page, the same page printed to PDF, and a booklet.

One source of truth: `templates/programme/page.html` is what people open on their
phones and what WeasyPrint prints, through a print stylesheet (see confkit.pdf.html).
The templates receive the event's public view only (confkit.public): no email address,
no registrant who did not consent, whatever a template asks for.
"""

from __future__ import annotations

import base64
import mimetypes

from markupsafe import Markup

from confkit import images, views
from confkit.model import Event
from confkit.pdf import booklet as imposition
from confkit.pdf import html as printing
from confkit.public import PublicEvent, public
from confkit.text import dates
from confkit.text.labels import LABELS

PAPERS = {"a4": "A4", "letter": "letter"}
FEEDS = {"xml": "schedule/schedule.xml", "json": "schedule/schedule.json"}
BRAND = "#1F4E79"


def render(event: Event, env, paper: str = "a4", booklet: bool = False) -> dict[str, bytes]:
    """programme.html and programme.pdf (and programme-booklet.pdf, A5 imposed on A4)."""
    view, logo = public(event), _logo(event)
    outputs = {views.PROGRAMME_PAGE: page(view, env, PAPERS[paper], logo).encode(),
               "programme.pdf": printing.pdf(page(view, env, PAPERS[paper], logo, printed=True))}
    if booklet:
        a5 = printing.pdf(page(view, env, "A5", logo, printed=True))
        outputs["programme-booklet.pdf"] = imposition.impose_booklet(a5)
    return outputs


def html(event: Event, env, paper: str, printed: bool = False) -> str:
    """The page of `event` for screens (or, `printed`, for the PDF) on `paper`."""
    return page(public(event), env, paper, _logo(event), printed)


def page(view: PublicEvent, env, paper: str, logo: str | None, printed: bool = False) -> str:
    context = context_for(view, logo, printed)
    css = env.get_template("programme/style.css").render(paper=paper, brand=view.brand_colour or BRAND,
                                                         t=context["t"], lang=context["lang"])
    return env.get_template("programme/page.html").render(css=Markup(css), **context)


def context_for(view: PublicEvent, logo: str | None, printed: bool = False) -> dict:
    """Everything page.html receives (documented in templates/programme/README.md)."""
    lang = view.language
    return {"event": view, "lang": lang, "t": LABELS[lang], "days": views.days(view),
            "multi_room": len(views.room_order(view)) > 1, "dates": dates.span(view.start_date, view.end_date, lang),
            "logo": logo, "feeds": feed_links(view, printed), "qr": _schedule_qr(view)}


def feed_links(view: PublicEvent, printed: bool) -> dict[str, str] | None:
    """Beside the page, relative links; in the PDF, the website's addresses, or none without one:
    a PDF travels alone, and a relative link there would resolve to the reader's own disk."""
    if not printed:
        return FEEDS
    return {kind: view.site + path for kind, path in FEEDS.items()} if view.site else None


def _logo(event: Event) -> str | None:
    """The logo inlined as a data URI: the page makes no request of its own."""
    if not event.logo:
        return None
    path = event.folder / event.logo
    data = path.read_bytes()
    images.require_small(data, event.logo, event.cells["logo"].cell("value"))  # before a browser or the PDF decodes it
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _schedule_qr(view: PublicEvent) -> Markup | None:
    """An inline SVG QR code of the schedule feed's address, for conference apps."""
    if not view.site:
        return None
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(view.site + FEEDS["xml"], image_factory=SvgPathImage, border=4)
    svg = image.to_string(encoding="unicode")
    return Markup(svg[svg.index("<svg"):])
