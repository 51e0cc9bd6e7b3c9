"""Badges: who gets one, in what order, on which sheet; the PDF streamed page by page.

Everyone in Registrants gets a badge, and so does every speaker or moderator who is
not there. Pages are drawn in worker processes (QR codes are the costly part) and
written in order as they come, so memory stays flat whatever the number of badges.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from functools import lru_cache, partial
from types import SimpleNamespace
from pathlib import Path
from typing import BinaryIO

from confkit import images, views, workers
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


def files(context, options: BadgeOptions, editions: Mapping[str, int] | None = None) -> dict:
    """{file name: bytes or a function streaming it}: the PDFs, the preview and the public key.
    `editions`: holder id -> the edition of their current badge, for those reissued."""
    event, env = context.event, context.env
    sheet = layouts.load(options.layout, env)
    if options.calibrate:
        from confkit.badges.calibration import write_calibration

        return {"badges-calibration.pdf": lambda stream: write_calibration(stream, event, sheet)}
    if options.start_at > sheet.per_page:
        raise LayoutProblem("start_at_beyond_sheet", "--start-at", sheet=sheet.name, labels=sheet.per_page,
                            start_at=options.start_at)
    key = context.signing_key() if options.qr == "checkin" else None
    people, payload = chosen(context, options), payloads(event, options.qr, key, editions)
    job = job_for(event, sheet)
    drawn = context.memo[("badges drawn", options)] = Drawn(event.language)
    files = {name: _writer(event, job, group, options.start_at, payload, drawn)
             for name, group in groups(people, options.split_by).items()}
    files.update(preview_files(event, env, job, people, payload, drawn))  # after the PDFs: they draw it
    if options.qr == "checkin":
        files["checkin-public-key.txt"] = tokens.public_key_text(key).encode()
    return files


def own_badge(context) -> Callable:
    """Each person's own badge, one A6 page, to print at home (attached to their invitation)."""
    import io

    event = context.event
    job = job_for(event, layouts.load("a6", context.env))
    holder_of = _holder_of_invitee(event)
    payload = payloads(event, "checkin", context.signing_key(), context.state.badge_editions())
    glyphs = _event_glyphs(event, job)

    def render(person) -> bytes | None:  # called where the invitation is made: in a worker, for a congress
        if (holder := holder_of(person.id)) is None:
            return None
        buffer = io.BytesIO()
        write_pdf(buffer, event, job, [holder], payload=payload, glyphs=glyphs)
        return buffer.getvalue()
    return render


def _holder_of_invitee(event: Event) -> Callable[[str], Holder | None]:
    """The badge of an invitee: a registrant's own, and a speaker's invited as `speaker+<id>` when they have
    one. A speaker the badges took for a registrant of the same name gets none: their pass is mailed to the
    registrant's address, never to another one on the strength of a name."""
    by_id = {holder.id: holder for holder in holders(event)}

    def holder_of(invitee_id: str) -> Holder | None:
        if invitee_id.startswith(views.SPEAKER_INVITEE):
            return by_id.get(speaker_badge_id(invitee_id.removeprefix(views.SPEAKER_INVITEE)))
        return by_id.get(invitee_id)
    return holder_of


COMMON = 0.01  # a character on this share of the badges is embedded in everyone's


def _event_glyphs(event: Event, job: Job) -> dict[str, dict[int, str]]:
    """The glyphs every person's own badge embeds, in each DejaVu face: the event's own texts and the
    characters common on its badges. A badge drawing only these has the same fonts as the others, subset
    once per process instead of once per person (100 ms each: 2,000 invitations with their badges took
    160 s); a rarer letter makes that badge's subset alone, so that an attachment does not carry every
    script of the congress. Not the fallback font, subset for the badges that need it."""
    faces = {resource: face for resource, face in badge_draw.fonts(job.fallback_font).items()
             if resource != badge_draw.FALLBACK}
    people = holders(event)
    used = Counter(char for person in people for char in set("".join(
        badge_draw.display(text) for text in (*badge_draw.names(person), person.job_title, person.organisation,
                                              person.city, person.category))))
    shared = "".join(badge_draw.display(text) for text in (
        job.event_title, job.event_date, "…", *job.category_labels.values(),
        *(label.upper() for label in job.category_labels.values())))
    characters = set(shared) | {char for char, count in used.items() if count >= max(2, COMMON * len(people))}
    glyphs: dict[str, dict[int, str]] = {}
    for resource, face in faces.items():
        glyphs[resource] = {}
        face.encode("".join(sorted(c for c in characters if face.covers(c))), glyphs[resource])
    return glyphs


def _writer(event: Event, job: Job, people: list[Holder], start_at: int, payload: Callable, drawn: Drawn):
    return lambda stream: write_pdf(stream, event, job, people, start_at, payload, drawn)


class Drawn:
    """What the PDF's pages drew for the preview and the console, kept as they are written.

    Each badge is laid out once, where its page is drawn (in the workers, for a congress):
    the page also returns its badges' preview entries, which wait here in a temporary file
    (45 MB for 20,000: memory stays flat) until the preview's pages are written,
    and what wrapped or shrank, which the console's warning counts. A badge not drawn here
    (a preview written alone) is laid out again where it is needed.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.spool = tempfile.TemporaryFile()
        self.at: dict[str, tuple[int, int, int]] = {}  # holder id -> (offset, length, index) of its page's entries
        self.squeezed: dict[str, tuple] = {}  # holder id -> what wrapped or shrank, for those drawn
        self.read = (-1, [])

    def add(self, ids: tuple[str, ...], entries: bytes, squeezed: tuple[tuple, ...]) -> None:
        offset = self.spool.seek(0, os.SEEK_END)
        self.spool.write(entries)
        self.at.update((holder_id, (offset, len(entries), index)) for index, holder_id in enumerate(ids))
        self.squeezed.update(zip(ids, squeezed))

    def entry(self, holder_id: str) -> dict | None:
        """The preview's entry of a badge drawn, or None. Pages are read whole and in order: one read a page."""
        if (found := self.at.get(holder_id)) is None:
            return None
        offset, length, index = found
        if self.read[0] != offset:
            self.spool.seek(offset)
            self.read = offset, pickle.loads(self.spool.read(length))
        return self.read[1][index]


def preview_files(event: Event, env, job: Job, people: list[Holder], payload: Callable = lambda p: p,
                  drawn: Drawn | None = None) -> dict:
    """{file name: streaming function}: the preview's pages, badges-preview.html the first."""
    from confkit.badges import preview

    count = preview.page_count(people)
    return {preview.file_name(number): partial(write_preview, event=event, env=env, job=job, people=people,
                                                number=number, payload=payload, drawn=drawn)
            for number in range(1, count + 1)}


def write_preview(stream: BinaryIO, event: Event, env, job: Job, people: list[Holder], number: int = 1,
                  payload: Callable = lambda p: p, drawn: Drawn | None = None) -> None:
    """Page `number` of the preview: its badges drawn as they print, each with its person and what its code
    carries (`payload` gives it them), and links to its neighbours (streamed). Badges the PDF drew (`drawn`)
    come as it drew them."""
    from babel.numbers import format_decimal

    from confkit.badges import preview
    from confkit.text.messages import say

    lang, per = event.language, preview.PER_PAGE
    grouped = partial(format_decimal, locale=lang)  # 20,144 badges; 20 144 in French
    count, pages = len(people), preview.page_count(people)
    up = "" if number == 1 else "../"
    shown = people[(number - 1) * per:number * per]
    template = env.get_template("badges/preview.html")
    for chunk in template.generate(
            event=event, lang=lang, t=LABELS[lang], sheet=job.sheet, count=count, number=number,
            summary=say("preview_summary", lang, count=grouped(count), sheet=job.sheet.name, per=per),
            heading=say("preview_page", lang, first=grouped((number - 1) * per + 1),
                        last=grouped((number - 1) * per + len(shown))),
            links=[(n, up + preview.file_name(n) if n else "") for n in preview.page_links(number, pages)],
            contents=[(n, up + preview.file_name(n), first, last) for n, first, last in preview.contents(people)]
            if number == 1 and pages > 1 else [], pages=grouped(pages),
            badges=_preview_badges(job, shown, lang, payload, drawn),
            say=lambda key, **params: say(key, lang, **params),
            logo=_logo_data(event), logo_size=job.logo_size):
        stream.write(chunk.encode())


def _preview_badges(job: Job, people: list[Holder], lang: str, payload: Callable,
                    drawn: Drawn | None) -> Iterator[dict]:
    from confkit.badges import preview

    for person in people:
        found = drawn.entry(person.id) if drawn is not None else None
        yield found or next(preview.badges(job, [payload(person)], lang))


def _logo_data(event: Event) -> str:
    """The logo as a data: URL, drawn once in the preview and reused by every badge."""
    if not _logo(event):
        return ""
    import base64

    kind = "png" if event.logo.lower().endswith(".png") else "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode((event.folder / event.logo).read_bytes()).decode()


def warnings(context, options: BadgeOptions, lang: str) -> list[str]:
    """What the console says about badges whose text wrapped or shrank, each at its person's cell."""
    from confkit.badges import preview

    event = context.event
    people = chosen(context, options)
    drawn = context.memo.get(("badges drawn", options))
    job = job_for(event, layouts.load(options.layout, context.env))
    faces = badge_draw.fonts(job.fallback_font)

    def squeezed(person: Holder) -> tuple:  # what the PDF's pages found; laid out again if not drawn
        if drawn is not None and person.id in drawn.squeezed:
            return drawn.squeezed[person.id]
        return preview.personal(badge_draw.lay_out(job, replace(person, payload=""), faces))  # no code: costly, no help
    return preview.warnings(((person, squeezed(person)) for person in people), partial(_where, _origins(event)), lang)


def _origins(event: Event) -> dict:
    """Holder id -> the record it came from (a registrant, or a speaker who did not register)."""
    return {**{speaker_badge_id(s.id): s.origin for s in event.speakers}, **{r.id: r.origin for r in event.registrants}}


def _where(origins: dict, holder: Holder, field: str) -> str:
    """The cell of the text that had to wrap or shrink; for the big line, the column it was read from."""
    origin = origins.get(holder.id)
    if field == "first_name":
        field = next(key for key in ("badge_name", "first_name", "last_name", "job_title") if getattr(holder, key))
    return origin.cell(field) if origin else holder.id


def holders(event: Event) -> list[Holder]:
    """Registrants, then the speakers and moderators on stage who did not register."""
    people = [Holder(r.id, r.first_name, r.last_name, r.badge_name, r.job_title, r.organisation, r.category, r.city)
              for r in event.registrants]
    on_stage = {pid for s in event.sessions for pid in s.people_ids}
    registered = _registered(event)
    for speaker in event.speakers:
        if speaker.id in on_stage and speaker.id not in registered:
            people.append(Holder(speaker_badge_id(speaker.id), speaker.first_name, speaker.last_name, "",
                                 speaker.job_title, speaker.organisation, "speaker", ""))
    return people


def _registered(event: Event) -> set[str]:
    """Ids of the speakers who are in Registrants: the same email, else the same name when only one
    registrant and one speaker bear it. A big congress has namesakes (three Marie Martin): matching
    any of them would leave the speaker without a badge, and a second badge costs less than none."""
    by_email = {r.email.casefold(): r.id for r in event.registrants if r.email}
    claimed = {s.id: by_email[s.email.casefold()] for s in event.speakers
               if s.email and s.email.casefold() in by_email}
    taken = set(claimed.values())
    free = Counter(_identity(r) for r in event.registrants if r.id not in taken)
    unmatched = {s.id: _identity(s) for s in event.speakers if s.id not in claimed}
    namesakes = Counter(unmatched.values())
    return set(claimed) | {i for i, name in unmatched.items() if name and free[name] == namesakes[name] == 1}


def speaker_badge_id(speaker_id: str) -> str:
    """`speaker:<id>`: a colon no workbook id holds, so no registrant shares the speaker's check-in code."""
    return f"speaker:{speaker_id}"


def _identity(person) -> tuple[str, ...]:
    """Who a person is when emails do not tell: their name, or their job and organisation; empty when
    the row holds neither (it then matches no one). First and last name are read as one, so that
    "Jean-Marc | Aubert" in one sheet is "Jean | Marc Aubert" in the other."""
    if name := fold(person.first_name + person.last_name):
        return "name", name
    return ("role", role) if (role := fold(person.job_title + person.organisation)) else ()


def chosen(context, options: BadgeOptions) -> list[Holder]:
    """The badges `options` asks for, found once per run: the reissue, the files and the console all ask."""
    key = ("badge holders", options)
    if key not in context.memo:
        context.memo[key] = select(context.event, holders(context.event), options)
    return context.memo[key]


def select(event: Event, people: list[Holder], options: BadgeOptions) -> list[Holder]:
    """Those `options` ask for, in print order: everyone, or the holders of `--ids` (ids or emails) and
    those `--find` finds; then only `--category`. An id, an email or a search that finds no one is
    refused, so a typo never quietly prints one badge fewer."""
    chosen = people
    if options.ids or options.find is not None:
        emails = _emails(event)
        wanted = _by_ids(people, emails, options.ids) | _found(people, emails, options.find)
        chosen = [p for p in people if p.id in wanted]
    chosen = [p for p in chosen if options.category is None or p.category == options.category]
    if not chosen:
        raise LayoutProblem("no_one_to_badge", "--category", unknown=options.category)
    return sorted(chosen, key=_sort_key(options.sort))


def _emails(event: Event) -> dict[str, str]:
    """Holder id -> email, case aside: registrants', and speakers' for their speaker badges."""
    found = {speaker_badge_id(s.id): s.email.casefold() for s in event.speakers if s.email}
    return found | {r.id: r.email.casefold() for r in event.registrants if r.email}


def _by_ids(people: list[Holder], emails: Mapping[str, str], ids: tuple[str, ...]) -> set[str]:
    """Holder ids for `--ids`, each an id or an email (case aside); refused naming those no one holds."""
    known = {p.id for p in people}
    by_email = {email: holder_id for holder_id, email in emails.items() if holder_id in known}
    wanted = {i: i if i in known else by_email.get(i.casefold()) for i in ids}
    if unknown := [i for i, holder_id in wanted.items() if holder_id is None]:
        raise LayoutProblem("no_one_to_badge", "--ids", unknown=", ".join(unknown))
    return set(wanted.values())


def _found(people: list[Holder], emails: Mapping[str, str], fragment: str | None) -> set[str]:
    """Holder ids whose name holds every word of `fragment` (accents and case aside, as the check-in desk
    searches), or whose email holds it (case aside); refused when none does. Names only, not employers:
    a search for "CCI" must not reprint half the congress."""
    if fragment is None:
        return set()
    from confkit.checkin.roster import Person, _words, search

    wanted = _words(fragment)
    named = {p.id: _named(p) for p in people}
    likely = tuple(Person(i, "", "", "", "", _words(name), ()) for i, name in named.items()
                   if all(word in fold(name) for word in wanted))  # a quick sieve before the word by word search
    found = {person.id for person in search(likely, fragment, limit=len(likely))}
    if typed := fragment.strip().casefold():
        found |= {holder_id for holder_id, email in emails.items() if typed in email and holder_id in named}
    if not found:
        raise LayoutProblem("find_no_match", "--find", fragment=fragment)
    return found


def _named(person: Holder) -> str:
    """What --find reads of a person: every name they go by, or the role of someone known by it."""
    return " ".join(part for part in (person.first_name, person.last_name, person.badge_name) if part) \
        or f"{person.job_title} {person.organisation}"


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


def reissued(context, editions: Mapping[str, int], options: BadgeOptions) -> dict[str, int]:
    """The editions once the badges `options` selects (`--ids`, `--find`) are reissued: each one more
    than its current."""
    return {**editions, **{holder.id: editions.get(holder.id, 1) + 1 for holder in chosen(context, options)}}


def with_payloads(event: Event, people: list[Holder], qr: str, key=None,
                  editions: Mapping[str, int] | None = None) -> list[Holder]:
    """Each person with what their QR code carries: a signed token (of their badge's edition), or a
    public vCard."""
    return list(map(payloads(event, qr, key, editions), people))


def payloads(event: Event, qr: str, key=None, editions: Mapping[str, int] | None = None) -> Callable[[Holder], Holder]:
    """The function giving a person what their QR code carries. Badge pages call it where they are drawn,
    so that signing 20,000 tokens is shared by the workers (forked: they inherit the key) instead of
    being paid by this process before the first page; Ed25519 signs deterministically, so a token is
    the same wherever it is made."""
    if qr == "vcard":
        return partial(_with_vcard, {r.id: r for r in event.registrants})
    return partial(_with_token, key, event.id, dict(editions or {}))


def _with_token(key, event_id: str, editions: Mapping[str, int], person: Holder) -> Holder:
    return replace(person, payload=tokens.issue(key, event_id, person.id, editions.get(person.id, 1)))


def _with_vcard(registrants: Mapping, person: Holder) -> Holder:
    found = registrants.get(person.id)
    return replace(person, payload=tokens.vcard(found) if found else _speaker_vcard(person))


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
               logo[:2] if logo else None, fallback, event.brand_colour or badge_draw.BRAND)


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


def write_pdf(stream: BinaryIO, event: Event, job: Job, people: list[Holder], start_at: int = 1,
              payload: Callable[[Holder], Holder] | None = None, drawn: Drawn | None = None,
              glyphs: dict | None = None) -> None:
    """Stream the badges of `people` into `stream`, page by page; `payload` gives each person what their
    code carries where their page is drawn, when `people` do not have it yet (see `payloads`); `drawn`
    keeps what the preview and the console need of each badge; `glyphs` are embedded whatever is drawn."""
    logo = _logo(event)
    writer = pdfwriter.Writer(stream, badge_draw.fonts(job.fallback_font), {"Im1": logo} if logo else {},
                              title=event.title, glyphs=glyphs)
    width, height = (v * pdfwriter.MM for v in job.sheet.page)
    task = partial(_deflated_page, job, payload, drawn.lang if drawn is not None else None)
    for content, used, for_preview in workers.imap(task, _slots(people, job.sheet, start_at),
                                                   len(people) >= workers.PARALLEL_FROM):
        writer.add_page(width, height, content, used, deflated=True)
        if drawn is not None:
            drawn.add(*for_preview)
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


def _deflated_page(job: Job, payload: Callable | None, lang: str | None, page: list) -> tuple[bytes, dict, tuple]:
    """A page's content, its people given their codes and the page compressed where it was drawn (the
    results that cross processes stay small; level 3 is a third of level 6's time for a quarter more
    bytes); with `lang`, also its badges for the preview and what wrapped or shrank (see `Drawn`)."""
    if payload is not None:
        page = [(slot, payload(person)) for slot, person in page]
    content, used, faces = badge_draw.page(job, page)
    if lang is None:
        return zlib.compress(content, 3), used, ()
    from confkit.badges import preview

    people = [person for _slot, person in page]
    entries = pickle.dumps([preview.entry(job, p, face, lang) for p, face in zip(people, faces)], protocol=5)
    return zlib.compress(content, 3), used, (tuple(p.id for p in people), entries,
                                             tuple(preview.personal(face) for face in faces))
