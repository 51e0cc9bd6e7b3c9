"""Badges: who gets one, in what order, on which sheet; the PDF streamed page by page.

Everyone in Registrants gets a badge, and so does every speaker or moderator who is
not there. Pages are drawn in worker processes (QR codes are the costly part) and
written in order as they come, so memory stays flat whatever the number of badges.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from functools import lru_cache, partial
from types import SimpleNamespace
from pathlib import Path
from typing import BinaryIO

from confkit import images, workers
from confkit.badges import draw as badge_draw
from confkit.badges import layouts, tokens
from confkit.badges.draw import Holder, Job
from confkit.badges.layouts import LayoutProblem, Sheet
from confkit.identity import fold
from confkit.model import Event
from confkit.outputs import BadgeOptions
from confkit.pdf import writer as pdfwriter
from confkit.text import dates as babel_dates
from confkit.text.labels import LABELS, french_spacing
from confkit.text.messages import say


def files(context, options: BadgeOptions, editions: Mapping[str, int] | None = None) -> dict:
    """{file name: bytes or a function streaming it}: the PDFs, the preview and the public key.
    `editions`: holder id -> the edition of their current badge, for those reissued."""
    event, env = context.event, context.env
    sheet = layouts.load(options.layout, env)
    if options.calibrate:
        return {"badges-calibration.pdf": lambda stream: write_calibration(stream, event, sheet)}
    if options.start_at > sheet.per_page:
        raise LayoutProblem("start_at_beyond_sheet", "--start-at", sheet=sheet.name, labels=sheet.per_page,
                            start_at=options.start_at)
    chosen = select(holders(event), options)
    if not chosen:
        unknown = ", ".join(options.ids) if options.ids else options.category
        raise LayoutProblem("no_one_to_badge", "--ids" if options.ids else "--category", unknown=unknown)
    key = context.signing_key() if options.qr == "checkin" else None
    people = with_payloads(event, chosen, options.qr, key, editions)
    job = job_for(event, sheet)
    files = {name: _writer(event, job, group, options.start_at) for name, group in groups(people, options.split_by).items()}
    files["badges-preview.html"] = lambda stream: write_preview(stream, event, env, job, people)
    if options.qr == "checkin":
        files["checkin-public-key.txt"] = tokens.public_key_text(key).encode()
    return files


def own_badge(context) -> Callable:
    """Each person's own badge, one A6 page, to print at home (attached to their invitation)."""
    import io

    event = context.event
    job = job_for(event, layouts.load("a6", context.env))
    holders_by_id = {h.id: h for h in with_payloads(event, holders(event), "checkin", context.signing_key(),
                                                    context.state.badge_editions())}

    def render(person) -> bytes:
        buffer = io.BytesIO()
        write_pdf(buffer, event, job, [holders_by_id[person.id]])
        return buffer.getvalue()
    return render


def _writer(event: Event, job: Job, people: list[Holder], start_at: int):
    return lambda stream: write_pdf(stream, event, job, people, start_at)


def write_preview(stream: BinaryIO, event: Event, env, job: Job, people: list[Holder]) -> None:
    """Every badge small, with its QR code's content spelled out and shrunk names flagged (streamed)."""
    fit = _name_fitter(job)
    flagged = sum(fit(person).too_small for person in people)
    rows = ({"holder": person, "fitted": fit(person)} for person in people)
    template = env.get_template("badges/preview.html")
    for chunk in template.generate(event=event, lang=event.language, t=LABELS[event.language], sheet=job.sheet,
                                   badges=rows, count=len(people), flagged=flagged):
        stream.write(chunk.encode())


def _name_fitter(job: Job) -> Callable[[Holder], badge_draw.Fitted]:
    """How a person's name fits the sheet's name box: the same sum as the drawing does."""
    name = next(e for e in job.sheet.layout.elements if e.type == "name")
    scale = min(job.sheet.badge[0] / job.sheet.layout.width, job.sheet.badge[1] / job.sheet.layout.height)
    faces, resource = badge_draw.fonts(job.fallback_font), badge_draw.font_resource(name)
    width, height = name.width * scale * pdfwriter.MM, name.height * scale * pdfwriter.MM
    return lambda person: badge_draw.fit_name(person, faces, resource, width, height, name.size * scale,
                                              name.min_size * scale)


def holders(event: Event) -> list[Holder]:
    """Registrants, then speakers and moderators who did not register (matched by email or name)."""
    people = [Holder(r.id, r.first_name, r.last_name, r.badge_name, r.job_title, r.organisation, r.category, r.city)
              for r in event.registrants]
    emails = {r.email.casefold() for r in event.registrants if r.email}
    names = {_identity(r) for r in event.registrants}
    on_stage = {pid for s in event.sessions for pid in s.people_ids}
    for speaker in event.speakers:
        known = (speaker.email and speaker.email.casefold() in emails) or _identity(speaker) in names
        if speaker.id in on_stage and not known:
            people.append(Holder(speaker_badge_id(speaker.id), speaker.first_name, speaker.last_name, "",
                                 speaker.job_title, speaker.organisation, "speaker", ""))
    return people


def speaker_badge_id(speaker_id: str) -> str:
    """`speaker:<id>`: a colon no workbook id holds, so no registrant shares the speaker's check-in code."""
    return f"speaker:{speaker_id}"


def _identity(person) -> str:
    """Who a person is when emails do not tell: their name, or their job and organisation."""
    return fold(person.first_name + person.last_name or person.job_title + person.organisation)


def select(people: list[Holder], options: BadgeOptions) -> list[Holder]:
    chosen = [p for p in people if (options.category is None or p.category == options.category)
              and (not options.ids or p.id in options.ids)]
    return sorted(chosen, key=_sort_key(options.sort))


def _surname(person: Holder) -> str:
    return fold(person.last_name or person.badge_name or person.job_title)


def _sort_key(sort: str) -> Callable[[Holder], tuple]:
    def by_name(p: Holder) -> tuple:
        return _surname(p), fold(p.first_name), p.id
    if sort == "organisation":
        return lambda p: (fold(p.organisation), *by_name(p))
    if sort == "category":
        return lambda p: (p.category, *by_name(p))
    return by_name


def groups(people: list[Holder], split_by: str | None) -> dict[str, list[Holder]]:
    """badges.pdf, or one file per initial or category (for print shops and check-in desks)."""
    if split_by is None:
        return {"badges.pdf": people}
    grouped: dict[str, list[Holder]] = {}
    for person in people:
        key = person.category if split_by == "category" else (_surname(person)[:1].upper() or "_")
        grouped.setdefault(f"badges-{key}.pdf", []).append(person)
    return grouped


def reissued(event: Event, editions: Mapping[str, int], options: BadgeOptions) -> dict[str, int]:
    """The editions once the badges of `options.ids` are reissued: each one more than its current."""
    chosen = {holder.id for holder in select(holders(event), options)}
    return {**editions, **{holder_id: editions.get(holder_id, 1) + 1 for holder_id in chosen}}


def with_payloads(event: Event, people: list[Holder], qr: str, key=None,
                  editions: Mapping[str, int] | None = None) -> list[Holder]:
    """Each person with what their QR code carries: a signed token (of their badge's edition), or a
    public vCard."""
    if qr == "vcard":
        by_id = {r.id: r for r in event.registrants}
        return [replace(p, payload=tokens.vcard(by_id[p.id]) if p.id in by_id else _speaker_vcard(p))
                for p in people]
    editions = editions or {}
    return [replace(p, payload=tokens.issue(key, event.id, p.id, editions.get(p.id, 1))) for p in people]


def _speaker_vcard(person: Holder) -> str:
    """A speaker who did not register never consented to share an email: public details only."""
    return tokens.vcard(SimpleNamespace(first_name=person.first_name, last_name=person.last_name,
                                        name=badge_draw.full_name(person), organisation=person.organisation,
                                        job_title=person.job_title, badge_name="", listed=False, email=""))


def job_for(event: Event, sheet: Sheet) -> Job:
    labels = {key: LABELS[event.language][f"category_{key}"] for key in
              ("participant", "speaker", "organiser", "press", "staff", "exhibitor")}
    title = french_spacing(event.title) if event.language == "fr" else event.title
    fallback, _missing = badge_draw.find_fallback(_printed_texts(event))
    logo = _logo(event)
    return Job(sheet, title, babel_dates.span(event.start_date, event.end_date, event.language), labels,
               logo[:2] if logo else None, fallback)


def _printed_texts(event: Event):
    yield event.title
    for person in (*event.registrants, *event.speakers):
        yield from (person.first_name, person.last_name, person.job_title, person.organisation)
    yield from (r.badge_name for r in event.registrants)


def _logo(event: Event):
    """Badges print PNG and JPEG logos (`check` verified the file); SVG ones only on the programme."""
    if not event.logo or not event.logo.lower().endswith((".png", ".jpg", ".jpeg")):
        return None
    path = event.folder / event.logo
    images.require_small(path, event.logo, event.cells["logo"].cell("value"))
    return _decoded(path)


@lru_cache(maxsize=4)
def _decoded(path: Path):
    """Decoded once per run, not once per badge PDF (--attach-badge makes one per person)."""
    return pdfwriter.image_xobject(path.read_bytes())


def write_pdf(stream: BinaryIO, event: Event, job: Job, people: list[Holder], start_at: int = 1) -> None:
    """Stream the badges of `people` into `stream`, page by page."""
    logo = _logo(event)
    writer = pdfwriter.Writer(stream, badge_draw.fonts(job.fallback_font), {"Im1": logo} if logo else {},
                              title=event.title)
    width, height = (v * pdfwriter.MM for v in job.sheet.page)
    for content, used in _pages(job, _slots(people, job.sheet, start_at), len(people)):
        writer.add_page(width, height, content, used, deflated=True)
    writer.close()


def _slots(people: list[Holder], sheet: Sheet, start_at: int) -> Iterator[list[tuple[int, Holder]]]:
    """People in pages of (slot, person); the first page skips the labels already used."""
    skip = (start_at - 1) % sheet.per_page
    iterator = iter(people)
    first = list(zip(range(skip, sheet.per_page), iterator))
    if first or not people:
        yield first
    while chunk := list(zip(range(sheet.per_page), iterator)):
        yield chunk


def _pages(job: Job, pages: Iterator[list], count: int) -> Iterator[tuple]:
    """Drawn pages in order: in worker processes when there are many badges."""
    return workers.imap(partial(_deflated_page, job), pages, count >= workers.PARALLEL_FROM)


def _deflated_page(job: Job, page: list) -> tuple[bytes, dict]:
    """A page's content, compressed where it was drawn: the results that cross processes stay small."""
    content, used, _fitted = badge_draw.page(job, page)
    return zlib.compress(content, 6), used


def write_calibration(stream: BinaryIO, event: Event, sheet: Sheet) -> None:
    """One page: every badge's outline and millimetre rulers along two edges."""
    faces = badge_draw.fonts()
    used = {resource: {} for resource in faces}
    mm, height = pdfwriter.MM, sheet.page[1]
    ops = [b"q 0.3 w 0.85 0.1 0.1 RG"]
    for slot in range(sheet.per_page):
        left, top = sheet.position(slot)
        ops.append(b"%s %s %s %s re S" % tuple(pdfwriter.num(v * mm).encode() for v in (
            left, height - top - sheet.unit[1], sheet.unit[0], sheet.unit[1])))
    ops.append(b"0 0 0 RG 0.2 w")
    for millimetre in range(0, int(max(sheet.page)) + 1):
        tick = 5 if millimetre % 10 == 0 else 3 if millimetre % 5 == 0 else 1.5
        if millimetre <= sheet.page[0]:
            ops.append(badge_draw._segment(millimetre, 0, millimetre, tick, height))
        if millimetre <= height:
            ops.append(badge_draw._segment(0, millimetre, tick, millimetre, height))
    face = faces["F1"]
    for millimetre in range(10, int(max(sheet.page)), 10):
        label = face.encode(str(millimetre), used["F1"])
        if millimetre < sheet.page[0] - 5:
            ops.append(b"BT /F1 6 Tf %s %s Td %s Tj ET" % (pdfwriter.num(millimetre * mm + 1).encode(),
                                                           pdfwriter.num((height - 8) * mm).encode(), label))
        if millimetre < height - 5:
            ops.append(b"BT /F1 6 Tf %s %s Td %s Tj ET" % (pdfwriter.num(6 * mm).encode(),
                                                           pdfwriter.num((height - millimetre) * mm - 2).encode(), label))
    note = face.encode(f"{sheet.name}: {say('calibration_note', event.language)}", used["F1"])
    ops.append(b"BT /F1 7 Tf %s %s Td %s Tj ET Q" % (pdfwriter.num(12 * mm).encode(), pdfwriter.num(4 * mm).encode(),
                                                     note))
    writer = pdfwriter.Writer(stream, faces, title=f"{event.title} — {sheet.name}")
    writer.add_page(sheet.page[0] * mm, sheet.page[1] * mm, b"\n".join(ops), used)
    writer.close()
