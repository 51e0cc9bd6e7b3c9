"""The recap website: every page of `OUT/site/`, from the event's public view.

Each page is a template of `templates/site/` and the values it needs; links between pages
are relative (`root` leads back to the site's top), so that the folder works from file://,
from a sub-path and from any static host. `base_url` gives only the canonical and
OpenGraph addresses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from confkit import cells, views
from confkit.programme import feeds
from confkit.model import Event
from confkit.public import PublicEvent, public
from confkit.site import attendance, cards, charts, markdown, media, meta
from confkit.text import dates
from confkit.text.labels import LABELS

BRAND = "#1F4E79"
PARALLEL_PHOTOS = 8  # photos to re-encode from which the worker pool pays for itself (35 to 400 ms each)


@dataclass(frozen=True)
class Page:
    path: str  # inside site/, `sessions/enquete.html`
    template: str
    title: str
    description: str
    values: dict = field(default_factory=dict)

    @property
    def card(self) -> str:
        """Its share card inside site/: `cards/sessions-enquete.png`."""
        return f"cards/{self.path.removesuffix('.html').replace('/', '-')}.png"

    @property
    def root(self) -> str:
        """From this page back to the site's top: `` or `../`."""
        return "../" * self.path.count("/")


def pages(view: PublicEvent, extra: dict) -> list[Page]:
    """Every page of the site, home first; `extra` holds what the public view cannot give (charts,
    attendance, photos), made from the full event by `render`."""
    t = LABELS[view.language]
    days = views.days(view)
    result = [Page("index.html", "site/home.html", view.title, _summary(view.subtitle or view.description) or view.title),
              Page("programme.html", "site/programme.html", t["programme"], f"{t['programme']} — {view.title}",
                   {"days": days})]
    for day in days:
        for item in day.sessions:
            session = item.session
            result.append(Page(f"sessions/{session.id}.html", "site/session.html", session.title,
                               _summary(session.abstract or session.recap) or session.title,
                               {"s": item, "day": day}))
    speakers = views.by_name(view.speakers)
    result.append(Page("speakers/index.html", "site/speakers.html", t["speakers"], f"{t['speakers']} — {view.title}",
                       {"speakers": speakers}))
    for speaker in speakers:
        result.append(Page(f"speakers/{speaker.id}.html", "site/speaker.html", speaker.name,
                           _summary(speaker.bio) or speaker.name, {"speaker": speaker}))
    if extra["charts"]:
        result.append(Page("figures.html", "site/figures.html", t["figures_title"], f"{t['figures_title']} — {view.title}"))
    result.append(Page("attendance.html", "site/attendance.html", t["attendance_title"],
                       f"{t['attendance_title']} — {view.title}"))
    if extra["photos"]:
        result.append(Page("photos.html", "site/photos.html", t["photos_title"], f"{t['photos_title']} — {view.title}"))
    result.append(Page("links.html", "site/links.html", t["links_title"], f"{t['links_title']} — {view.title}"))
    return result


def _sessions_by_speaker(view: PublicEvent) -> dict[str, tuple]:
    """Speaker id -> the sessions they are on stage in, in the programme's order."""
    found: dict[str, list] = {}
    for session in views.ordered(view):
        for person in dict.fromkeys(p.id for p in views.on_stage(session)):
            found.setdefault(person, []).append(session)
    return {speaker: tuple(sessions) for speaker, sessions in found.items()}


def _summary(text: str, limit: int = 200) -> str:
    """One line for a meta description: `text` without its Markdown, cut at a word."""
    return markdown.plain(text, limit)


def render(event: Event, env, stamp, cache: Path | None = None,
           downloads: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """`site/<path>` → bytes: every page, its share card, the photos, the favicons, the stylesheet and
    the files for machines (JSON-LD in each page, Atom, sitemap, robots). `stamp` is the build's time
    (SOURCE_DATE_EPOCH honoured); `cache` (EVENT/.confkit/cache, when it may be written) keeps cards
    and photos made before; `downloads` (name → bytes: the schedule feeds, the programme PDF, the event's
    calendar) are offered in `downloads/` beside the slides kept in the event folder."""
    begun = time.time() - 2  # file systems that keep mtimes to 2 s (FAT) still see this build's uses
    view = public(event)
    lang = view.language
    brand = view.brand_colour or BRAND
    logo = (event.folder / event.logo).read_bytes() if event.logo else None
    files = {f"site/{name}": data for name, data in zip(("favicon.png", "apple-touch-icon.png"),
                                                        media.favicon(logo, brand=brand, letter=view.title[:1]))}
    photos = _photos(event, cache, files)
    portraits = _portraits(event, cache, files)
    files |= {f"site/downloads/{name}": data for name, data in (downloads or {}).items()}
    present = attendance.summary(event, attendance.read_checkins(event))
    extra = {"charts": charts.charts(event.figures, lang, brand), "photos": photos, "attendance": present,
             "arrivals_chart": _arrivals_chart(present.arrivals, lang, brand), "slides": _slides(event, files),
             "downloads": sorted(name for name in files if name.startswith("site/downloads/"))}
    common = {"json_ld": meta.json_ld(view, (view.site + "site/cards/index.png") if view.site else ""),
              "event": view, "lang": lang, "t": LABELS[lang], "dates": dates.span(view.start_date, view.end_date, lang),
              "sessions_of": lambda speaker_id, on=_sessions_by_speaker(view): on.get(speaker_id, ()), "favicon": True,
              "portraits": portraits, "initials": initials, "highlights": highlights(view),
              "share": lambda url, title: share_links(url, title, view.hashtag, LABELS[lang]["share_email"]),
              "figures_of": lambda session_id: tuple(
                  charts.row(figure, lang) for figure in event.figures if figure.session_id == session_id), **extra}
    date_line = dates.span(view.start_date, view.end_date, lang) + (f" · {view.venue}" if view.venue else "")
    every = pages(view, extra)
    texts = [(page.title, view.subtitle if page.path == "index.html" else view.title, date_line) for page in every]
    for page, made in zip(every, cards.cached_cards(cache, texts, brand, logo, lang, logo_name=event.logo or "logo")):
        files[f"site/{page.card}"] = made
    for page in every:
        card = page.card
        canonical = view.site + "site/" + page.path if view.site else ""
        html = env.get_template(page.template).render(
            **common, **page.values, page=page, root=page.root, canonical=canonical,
            card=(view.site + "site/" + card) if view.site else page.root + card)
        files[f"site/{page.path}"] = html.encode()
    grids = [day.grid for day in views.days(view) if day.grid]
    files["site/style.css"] = env.get_template("site/style.css").render(
        brand=readable(brand), grid_rooms=max((len(g.rooms) for g in grids), default=0),
        grid_rows=max((len(g.times) for g in grids), default=0)).encode()
    files |= _machine_readable(view, [page.path for page in every], stamp)
    cards.prune(cache, begun)
    return files


def highlights(view: PublicEvent, limit: int = 4) -> tuple[tuple, ...]:
    """The home page's highlights: the first sessions with a recap, in the programme's order, each
    with the opening of its recap."""
    chosen = [s for s in views.ordered(view) if s.recap][:limit]
    return tuple((session, markdown.plain(session.recap, 240)) for session in chosen)


SHARE = (("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
         ("Bluesky", "https://bsky.app/intent/compose?text={text}%20{url}"),
         ("X", "https://x.com/intent/post?url={url}&text={text}"),
         ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"))


def share_links(url: str, title: str, hashtag: str, by_email: str) -> tuple[tuple[str, str], ...]:
    """Plain links that open each network's own share form, and the reader's mail: no script, no button
    loaded from them, nothing reaches them unless the reader clicks. Only a page with a public address
    (`base_url`) can be shared."""
    if not url:
        return ()
    text = quote(f"{title} {hashtag}".strip())
    links = [(name, pattern.format(url=quote(url, safe=""), text=text)) for name, pattern in SHARE]
    return (*links, (by_email, f"mailto:?subject={quote(title)}&body={quote(url, safe='')}"))


def _slides(event: Event, files: dict) -> dict[str, str]:
    """Slides kept in the event folder, copied into `downloads/slides/`: session id → path in the site."""
    shown = {}
    for session in event.sessions:
        if session.slides and not cells.is_url(session.slides):
            name = feeds.slides_download(session.id, session.slides)
            files[f"site/{name}"] = (event.folder / session.slides).read_bytes()
            shown[session.id] = name
    return shown


def _arrivals_chart(arrivals: attendance.Arrivals, lang: str, brand: str):
    """Arrivals over time as bars, one per span ("08:30 – 08:45"), the day named when there are several."""
    several = len({span.start.date() for span in arrivals.spans}) > 1
    pairs = [((dates.short(span.start.date(), lang) + " " if several else "")
              + f"{span.start:%H:%M} – {span.end:%H:%M}", span.count) for span in arrivals.spans]
    return charts.bars(LABELS[lang]["arrivals_title"], pairs, lang, brand, "arrivals-chart") if pairs else None


def _machine_readable(view: PublicEvent, paths: list[str], stamp) -> dict[str, bytes]:
    """robots.txt, the Atom feed of the recaps and, with a website, sitemap.xml (it needs absolute URLs)."""
    files = {"site/robots.txt": meta.robots(view).encode(), "site/recaps.atom": meta.atom(view, stamp)}
    if (sitemap := meta.sitemap(view, paths, stamp)) is not None:
        files["site/sitemap.xml"] = sitemap
    return files


def readable(brand: str) -> str:
    """The brand colour, darkened until text in it (and white text on it) reaches 4.5:1 against white."""
    red, green, blue = cards.rgb(brand)
    for step in range(21):
        shade = cards.hex_colour(tuple(round(c * (1 - step / 20)) for c in (red, green, blue)))
        if cards.contrast(shade, "#ffffff") >= 4.5:
            return shade
    return "#000000"


def _portraits(event: Event, cache: Path | None, files: dict) -> dict[str, dict]:
    """Each speaker's photo as the site shows it (`speakers/<id>.jpg`, no EXIF), by speaker id."""
    shown = {}
    pictured = [speaker for speaker in event.speakers if speaker.photo and not _svg(speaker.photo)]
    for speaker, made in zip(pictured, _made(event, cache, [(s.photo, s.origin.cell("photo")) for s in pictured],
                                             full=False)):
        files[f"site/speakers/{speaker.id}.jpg"] = made.thumbnail
        width, height = made.thumbnail_size
        shown[speaker.id] = {"file": f"{speaker.id}.jpg", "width": width, "height": height}
    return shown


def _made(event: Event, cache: Path | None, named: list[tuple[str, str]], full: bool = True) -> list[media.SitePhoto]:
    """media.photo_files of each (file, cell), on every core when there are many: a congress's first
    build re-encodes 150 portraits, half a minute on one core."""
    from confkit import workers

    def make(index: int) -> media.SitePhoto:  # an index crosses to a worker (names and cells are in its memory)
        name, cell = named[index]
        return media.photo_files(event.folder / name, name, cell, cache, full=full)

    return list(workers.imap(make, range(len(named)), len(named) >= PARALLEL_PHOTOS, chunksize=2))


def _svg(name: str) -> bool:
    """An SVG cannot be stripped of what it carries, nor trusted opened alone: the site leaves it out
    (initials stand in for a speaker's), where the programme, which inlines it, still shows it."""
    return name.lower().endswith(".svg")


def initials(speaker) -> str:
    """Up to two letters standing in for a photo: first and last name, else the words of the role."""
    words = [speaker.first_name, speaker.last_name] if speaker.first_name or speaker.last_name else speaker.name.split()
    return "".join(word.strip()[:1].upper() for word in words if word.strip())[:2]


def _photos(event: Event, cache: Path | None, files: dict) -> tuple[dict, ...]:
    """The Photos sheet's pictures, re-encoded without EXIF (GPS, camera) into `files`."""
    shown = []
    kept = [photo for photo in event.photos if not _svg(photo.file)]
    made_all = _made(event, cache, [(photo.file, photo.origin.cell("file")) for photo in kept])
    for number, (photo, made) in enumerate(zip(kept, made_all), start=1):
        name = f"photos/{number:03d}"
        files[f"site/{name}-small.jpg"], files[f"site/{name}.jpg"] = made.thumbnail, made.full
        width, height = made.thumbnail_size
        shown.append({"small": f"{name}-small.jpg", "full": f"{name}.jpg", "width": width, "height": height,
                      "caption": photo.caption, "credit": photo.credit})
    return tuple(shown)
