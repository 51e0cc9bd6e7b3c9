"""The recap website: every page of `OUT/site/`, from the event's public view.

Each page is a template of `templates/site/` and the values it needs; links between pages
are relative (`root` leads back to the site's top), so that the folder works from file://,
from a sub-path and from any static host. `base_url` gives only the canonical and
OpenGraph addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from confkit import views
from confkit.public import PublicEvent
from confkit.text import dates
from confkit.text.labels import LABELS


@dataclass(frozen=True)
class Page:
    path: str  # inside site/, `sessions/enquete.html`
    template: str
    title: str
    description: str
    values: dict = field(default_factory=dict)

    @property
    def root(self) -> str:
        """From this page back to the site's top: `` or `../`."""
        return "../" * self.path.count("/")


def pages(view: PublicEvent) -> list[Page]:
    """Every page of the site, home first."""
    t = LABELS[view.language]
    days = views.days(view)
    result = [Page("index.html", "site/home.html", view.title, view.subtitle or view.title),
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
    return result


def sessions_of(view: PublicEvent, speaker_id: str) -> tuple:
    """The sessions a speaker is on stage in, in the programme's order."""
    return tuple(s for s in views.ordered(view) if any(p.id == speaker_id for p in views.on_stage(s)))


def _summary(text: str, limit: int = 200) -> str:
    """One line for a meta description: the first sentences of `text`, cut at a word."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + "…"


def render(view: PublicEvent, env) -> dict[str, bytes]:
    """`site/<path>` → bytes for every page and the stylesheet."""
    lang = view.language
    common = {"favicon": False, "event": view, "lang": lang, "t": LABELS[lang], "dates": dates.span(view.start_date, view.end_date, lang),
              "sessions_of": lambda speaker_id: sessions_of(view, speaker_id)}
    files = {}
    all_pages = pages(view)
    for page in all_pages:
        template = env.get_template(page.template)
        html = template.render(**common, **page.values, page=page, root=page.root,
                               canonical=view.site + "site/" + page.path if view.site else "")
        files[f"site/{page.path}"] = html.encode()
    files["site/style.css"] = env.get_template("site/style.css").render(brand=view.brand_colour or "#1F4E79").encode()
    return files
