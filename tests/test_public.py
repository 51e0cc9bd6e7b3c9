"""The public view: what the programme, its PDF and the feeds receive, and nothing private."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from confkit import workbook
from confkit.programme import feeds, page
from confkit.public import public
from confkit.templates import environment
from conftest import run

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
SPEAKER_EMAIL = "ludovic.bour@acfci.example"


def _with_speaker_email(event):
    return event.set("Speakers!H1", "email").set("Speakers!H2", SPEAKER_EMAIL)


def _read(folder: Path):
    loaded, problems = workbook.read(folder)
    assert [p for p in problems if p.severity == "error"] == []
    return loaded


def test_public_view_holds_no_email_address(event):
    view = public(_read(_with_speaker_email(event).write()))
    assert EMAIL.findall(repr(view)) == []
    assert [hasattr(view, "organiser_email"), hasattr(view.speakers[0], "email"),
            hasattr(view.sessions[0].speakers[0], "email"), hasattr(view.registrants[0], "email")] == [False] * 4


def test_registrants_who_did_not_consent_are_only_counted(event):
    view = public(_read(event.write()))
    assert [r.name for r in view.registrants] == ["Zoé Durand"]
    assert (view.registrant_count, view.unlisted_count, dict(view.category_counts)) == (
        2, 1, {"participant": 1, "press": 1})


def test_public_view_keeps_what_the_programme_shows(event):
    loaded = _read(event.write())
    view = public(loaded)
    assert [(s.id, s.title, [p.name for p in s.speakers], s.moderator and s.moderator.name)
            for s in view.sessions] == [("s1", "Opening", ["Ludovic Bour"], None),
                                        ("s2", "E-reputation", ["Lawyer (Cabinet Bensussan)"], "Ludovic Bour")]
    assert (view.room_names, view.days, view.site) == (loaded.room_names, loaded.days, loaded.site)


def test_programme_and_feeds_carry_no_email_address(event):
    loaded = _read(_with_speaker_email(event).write())
    outputs = page.render(loaded, environment(), booklet=True) | feeds.render(loaded)
    texts = {name: data.decode() for name, data in outputs.items() if not name.endswith(".pdf")}
    texts |= {name: " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
              for name, data in outputs.items() if name.endswith(".pdf")}
    uids = re.compile(r'data-uid="session\.[^"@]+@[^"]+\.confkit"')  # the calendars' UIDs, which look like one
    assert {name: EMAIL.findall(uids.sub("", text)) for name, text in texts.items()} == {name: [] for name in outputs}


@pytest.mark.parametrize("file, text, missing", [
    ("page.html", "{% for registrant in event.registrants %}\n{{ registrant.email }}{% endfor %}",
     "'confkit.public.PublicRegistrant object' has no attribute 'email'"),
    ("session.html", "<p>\n{% for person in s.session.speakers %}{{ person.email }}{% endfor %}</p>",
     "'confkit.public.PublicSpeaker object' has no attribute 'email'"),
    ("page.html", "{{ event.organiser_email }}", "'confkit.public.PublicEvent object' has no attribute 'organiser_email'"),
])
def test_user_template_asking_for_an_email_gets_a_template_error(event, tmp_path, file, text, missing):
    templates = tmp_path / "mine" / "programme"
    templates.mkdir(parents=True)
    (templates / file).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run("programme", _with_speaker_email(event).write(), "-o", out, "--templates", tmp_path / "mine")
    line = 1 if "organiser_email" in text else 2
    assert (result.exit_code, result.output.strip().splitlines()[-1]) == (1, f"{templates / file}:{line}: {missing}")
    assert EMAIL.findall(result.output) == []
    assert not out.exists()
