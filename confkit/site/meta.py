"""What the recap site tells machines: schema.org JSON-LD, sitemap.xml, robots.txt, an Atom feed.

Pure functions of the event's public view; the caller writes their results (under `OUT/site/`).
The site lives at `{event.site}site/` online, so every absolute address here is built on it;
without `base_url` there is no absolute address, and what needs one (the sitemap, an image,
a `url`) is left out rather than guessed.

Session times are naive local datetimes; they are given the event's zone (`event.zone`) so that
every date published carries its offset (`2010-10-19T09:30:00+02:00`).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

from confkit import views
from confkit.site import markdown

SCHEDULED = "https://schema.org/EventScheduled"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SITEMAP = "sitemap.xml"  # inside site/
_NAMESPACE = uuid.UUID("5b0c3f4e-8a51-4c1e-9a7e-2f6c0d1e7a10")  # confkit's own: ids stay stable across builds

# In a <script> element, `</script>` or `<!--` would end or change it; `&` matters in XHTML.
# U+2028/9 are line ends to older JavaScript parsers.
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def site_url(event: Any) -> str:
    """The site's top online (`{site}site/`), or '' without `base_url`."""
    return f"{event.site}site/" if event.site else ""


def page_url(event: Any, path: str) -> str:
    """A page of the site by its absolute address, or '' without `base_url`."""
    return site_url(event) + path if event.site else ""


def session_path(session_id: str) -> str:
    return f"sessions/{quote(session_id, safe='')}.html"


# --- JSON-LD ------------------------------------------------------------------------------------

def json_ld(event: Any, image_url: str = "") -> str:
    """The event, its sessions (`subEvent`) and its speakers as schema.org JSON-LD, ready to be put
    as is inside `<script type="application/ld+json">`: `<`, `>` and `&` are written `\\u003c`…,
    which JSON reads back as the same characters but HTML cannot take for a closing tag.

    `image_url` is an absolute address or a path inside the site (`cards/index.png`); a path is
    made absolute with `base_url`, and left out without it (schema.org wants absolute URLs)."""
    place = _place(event, event.venue)
    sessions = list(views.ordered(event))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": markdown.plain(event.description) or event.subtitle or event.title,
        "startDate": _when(event, sessions[0].start) if sessions else event.start_date.isoformat(),
        "endDate": _when(event, max(s.end for s in sessions)) if sessions else event.end_date.isoformat(),
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": OFFLINE,
        "location": place,
        "inLanguage": event.language,
    }
    if event.organiser:
        organiser: dict[str, Any] = {"@type": "Organization", "name": event.organiser}
        if event.site:
            organiser["url"] = event.site
        data["organizer"] = organiser
    image = _absolute(event, image_url)
    if image:
        data["image"] = [image]
    if event.site:
        data["url"] = site_url(event)
    if event.speakers:
        data["performer"] = [_person(speaker) for speaker in views.by_name(event.speakers)]
    data["subEvent"] = [_session(event, session) for session in sessions]
    text = json.dumps(data, ensure_ascii=False, indent=2)
    for char, escaped in _SCRIPT_SAFE.items():
        text = text.replace(char, escaped)
    return text


def _session(event: Any, session: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "Event",
        "name": session.title,
        "startDate": _when(event, session.start),
        "endDate": _when(event, session.end),
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": OFFLINE,
        "location": _place(event, session.room or event.venue),
    }
    about = markdown.plain(session.abstract)
    if about:
        item["description"] = about
    people = views.on_stage(session)
    if people:
        item["performer"] = [_person(someone) for someone in people]
    if event.site:
        item["url"] = page_url(event, session_path(session.id))
    return item


def _place(event: Any, name: str) -> dict[str, Any]:
    place: dict[str, Any] = {"@type": "Place", "name": name or event.city}
    address = {key: value for key, value in (("streetAddress", event.address), ("addressLocality", event.city))
               if value}
    if address:
        place["address"] = {"@type": "PostalAddress", **address}
    return place


def _person(speaker: Any) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
    if speaker.job_title:
        person["jobTitle"] = speaker.job_title
    if speaker.organisation:
        person["worksFor"] = {"@type": "Organization", "name": speaker.organisation}
    return person


def _when(event: Any, moment: dt.datetime) -> str:
    """A local time with the event's offset on that day (ISO 8601)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=event.zone)
    return moment.isoformat()


def _absolute(event: Any, url: str) -> str:
    if not url:
        return ""
    if url.startswith(("https://", "http://")):
        return url
    return page_url(event, url.lstrip("/")) if event.site else ""


# --- sitemap.xml and robots.txt -----------------------------------------------------------------

def sitemap(event: Any, paths: list[str], lastmod: dt.date | dt.datetime) -> bytes | None:
    """`site/sitemap.xml` listing `paths` (inside site/) with `lastmod`, or None without `base_url`:
    a sitemap's addresses must be absolute, and a relative one would be rejected by every crawler."""
    if not event.site:
        return None
    ET.register_namespace("", SITEMAP_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    stamp = _when(event, lastmod) if isinstance(lastmod, dt.datetime) else lastmod.isoformat()
    for path in paths:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page_url(event, path)
        ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = stamp
    return _xml(root)


def robots(event: Any) -> str:
    """`robots.txt`: everything may be crawled; the sitemap is named when there is a `base_url`."""
    lines = ["User-agent: *", "Allow: /"]
    if event.site:
        lines.append(f"Sitemap: {page_url(event, SITEMAP)}")
    return "\n".join(lines) + "\n"


# --- Atom ---------------------------------------------------------------------------------------

def atom(event: Any, updated: dt.datetime) -> bytes:
    """An Atom 1.0 feed of the recaps: one entry per session that has one, in programme order.

    Ids are `urn:uuid:` names derived from the event's and the session's ids, so that a rebuild
    does not show readers old recaps as new ones. Links are absolute with `base_url` (and the
    feed gets it as `xml:base`); without it they are relative (`sessions/<id>.html`), which
    resolves against the feed's own address when the feed is at the site's top (`site/`)."""
    ET.register_namespace("", ATOM_NS)
    a = lambda tag: f"{{{ATOM_NS}}}{tag}"  # noqa: E731
    stamp = _when(event, updated)
    feed = ET.Element(a("feed"))
    if event.site:
        feed.set(f"{{{XML_NS}}}base", site_url(event))
    ET.SubElement(feed, a("title")).text = event.title
    if event.subtitle:
        ET.SubElement(feed, a("subtitle")).text = event.subtitle
    ET.SubElement(feed, a("id")).text = _urn(event.id)
    ET.SubElement(feed, a("updated")).text = stamp
    ET.SubElement(ET.SubElement(feed, a("author")), a("name")).text = event.organiser or event.title
    ET.SubElement(feed, a("link"), {"rel": "alternate", "type": "text/html",
                                    "href": site_url(event) or "index.html"})
    for session in views.ordered(event):
        if not session.recap.strip():
            continue
        entry = ET.SubElement(feed, a("entry"))
        ET.SubElement(entry, a("title")).text = session.title
        ET.SubElement(entry, a("id")).text = _urn(event.id, session.id)
        ET.SubElement(entry, a("updated")).text = stamp
        href = page_url(event, session_path(session.id)) if event.site else session_path(session.id)
        ET.SubElement(entry, a("link"), {"rel": "alternate", "type": "text/html", "href": href})
        ET.SubElement(entry, a("summary"), {"type": "text"}).text = markdown.plain(session.recap)
    return _xml(feed)


def _urn(*parts: str) -> str:
    return uuid.uuid5(_NAMESPACE, "\x1f".join(parts)).urn


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
