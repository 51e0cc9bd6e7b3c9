"""The site's machine-readable files: JSON-LD, sitemap.xml, robots.txt and the Atom feed of recaps."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from confkit import workbook
from confkit.public import public
from confkit.site import meta
from confkit.site.markdown import plain

SAMPLE = Path(__file__).resolve().parent.parent / "sample_event"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
A = "{http://www.w3.org/2005/Atom}"
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def view():
    return public(workbook.read(SAMPLE)[0])


@pytest.fixture(scope="module")
def offline(view):
    return dataclasses.replace(view, base_url="")


def test_json_ld_describes_the_event_with_everything_google_asks(view):
    data = json.loads(meta.json_ld(view, "cards/index.png"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == view.title and data["description"]
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": view.venue, "address": {
        "@type": "PostalAddress", "streetAddress": view.address, "addressLocality": view.city}}
    assert data["organizer"] == {"@type": "Organization", "name": view.organiser, "url": view.site}
    assert data["image"] == [view.site + "site/cards/index.png"]
    assert data["url"] == view.site + "site/"
    assert data["inLanguage"] == "fr"
    assert {p["name"] for p in data["performer"]} == {s.name for s in view.speakers}
    assert all(p["@type"] == "Person" for p in data["performer"])


def test_json_ld_dates_carry_the_paris_offset_of_october(view):
    data = json.loads(meta.json_ld(view))
    assert data["startDate"] == "2010-10-19T09:00:00+02:00"
    assert dt.datetime.fromisoformat(data["endDate"]).utcoffset() == dt.timedelta(hours=2)
    for sub in data["subEvent"]:
        for key in ("startDate", "endDate"):
            assert sub[key].endswith("+02:00"), sub
            assert dt.datetime.fromisoformat(sub[key]).tzinfo is not None


def test_json_ld_has_one_sub_event_per_session_with_its_people_and_page(view):
    data = json.loads(meta.json_ld(view))
    subs = data["subEvent"]
    assert len(subs) == len(view.sessions) == 11
    by_name = {s["name"]: s for s in subs}
    opening = next(s for s in view.sessions if s.id == "ouverture")
    sub = by_name[opening.title]
    assert sub["@type"] == "Event"
    assert sub["url"] == view.site + "site/sessions/ouverture.html"
    assert sub["location"]["@type"] == "Place" and sub["location"]["name"] == opening.room
    assert sub["location"]["address"]["streetAddress"] == view.address
    assert [p["name"] for p in sub["performer"]] == [s.name for s in opening.speakers]
    first = opening.speakers[0]
    person = sub["performer"][0]
    assert person["jobTitle"] == first.job_title
    assert person["worksFor"] == {"@type": "Organization", "name": first.organisation}


def test_json_ld_without_site_leaves_out_addresses_it_cannot_make_absolute(offline):
    data = json.loads(meta.json_ld(offline, "cards/index.png"))
    assert "image" not in data and "url" not in data and "url" not in data["organizer"]
    assert all("url" not in sub for sub in data["subEvent"])
    assert json.loads(meta.json_ld(offline, "https://cdn.example/x.png"))["image"] == ["https://cdn.example/x.png"]


def test_json_ld_cannot_close_its_script(view):
    session = dataclasses.replace(view.sessions[0], title="</script><script>alert(1)</script> & <!--")
    hostile = dataclasses.replace(view, title="A </SCRIPT> B", sessions=(session, *view.sessions[1:]))
    text = meta.json_ld(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text
    data = json.loads(text)
    assert data["name"] == "A </SCRIPT> B"
    assert session.title in {s["name"] for s in data["subEvent"]}
    assert "é" in text  # not ASCII-escaped otherwise


def test_sitemap_lists_absolute_pages_with_lastmod(view, offline):
    paths = ["index.html", "programme.html", "sessions/ouverture.html"]
    body = meta.sitemap(view, paths, dt.date(2010, 10, 20))
    root = ET.fromstring(body)
    assert root.tag == f"{SM}urlset"
    urls = root.findall(f"{SM}url")
    assert [u.findtext(f"{SM}loc") for u in urls] == [view.site + "site/" + p for p in paths]
    assert {u.findtext(f"{SM}lastmod") for u in urls} == {"2010-10-20"}
    stamped = ET.fromstring(meta.sitemap(view, paths[:1], dt.datetime(2010, 10, 20, 18, 0)))
    assert stamped.findtext(f"{SM}url/{SM}lastmod") == "2010-10-20T18:00:00+02:00"
    assert meta.sitemap(offline, paths, dt.date(2010, 10, 20)) is None


def test_robots_names_the_sitemap_only_with_a_site(view, offline):
    text = meta.robots(view)
    assert "User-agent: *" in text and "Allow: /" in text
    assert re.search(r"^Sitemap: " + re.escape(view.site + "site/sitemap.xml") + "$", text, re.M)
    assert "Sitemap" not in meta.robots(offline)
    assert "Disallow" not in text


def test_atom_has_one_entry_per_recap(view):
    updated = dt.datetime(2010, 10, 20, 18, 0, tzinfo=PARIS)
    root = ET.fromstring(meta.atom(view, updated))
    assert root.tag == f"{A}feed"
    for tag in ("title", "id", "updated", "author"):
        assert root.find(f"{A}{tag}") is not None, tag
    recapped = [s for s in view.sessions if s.recap.strip()]
    entries = root.findall(f"{A}entry")
    assert len(entries) == len(recapped) == 7
    by_title = {e.findtext(f"{A}title"): e for e in entries}
    assert set(by_title) == {s.title for s in recapped}
    for session in recapped:
        entry = by_title[session.title]
        assert entry.findtext(f"{A}summary") == plain(session.recap)
        assert entry.find(f"{A}link").get("href") == f"{view.site}site/sessions/{session.id}.html"
        assert entry.findtext(f"{A}updated") == "2010-10-20T18:00:00+02:00"
        assert entry.findtext(f"{A}id").startswith("urn:uuid:")
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == len(ids)
    again = ET.fromstring(meta.atom(view, updated + dt.timedelta(days=1)))
    assert [e.findtext(f"{A}id") for e in again.findall(f"{A}entry")] == ids  # stable across builds


def test_atom_without_site_links_relatively(offline):
    root = ET.fromstring(meta.atom(offline, dt.datetime(2010, 10, 20, 18, 0)))
    hrefs = [e.find(f"{A}link").get("href") for e in root.findall(f"{A}entry")]
    assert hrefs and all(re.fullmatch(r"sessions/[^/]+\.html", h) for h in hrefs)
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") is None
    assert root.findtext(f"{A}updated") == "2010-10-20T18:00:00+02:00"


def test_atom_escapes_what_the_workbook_holds(view):
    session = dataclasses.replace(view.sessions[1], title="<b>&amp; ]]>", recap="Un **récap** <script>x</script>")
    hostile = dataclasses.replace(view, sessions=(view.sessions[0], session, *view.sessions[2:]))
    root = ET.fromstring(meta.atom(hostile, dt.datetime(2010, 10, 20, tzinfo=PARIS)))
    entry = next(e for e in root.findall(f"{A}entry") if e.findtext(f"{A}title") == "<b>&amp; ]]>")
    assert "**" not in entry.findtext(f"{A}summary")
