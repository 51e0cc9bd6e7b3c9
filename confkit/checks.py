"""Rules across sheets, run on the model once it is read."""

from __future__ import annotations

import errno
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from confkit import images
from confkit.cells import LONGEST_EVENT, is_url
from confkit.errors import UserError
from confkit.text.dates import day as format_day
from confkit.model import Event, Origin, Session
from confkit.problems import ERROR, WARNING, Problem, at, suggestion
from confkit.text.messages import LANGUAGES, say, words


def check(event: Event) -> list[Problem]:
    """Every cross-sheet problem of the event."""
    return [problem for rule in RULES for problem in rule(event)]


def duplicate_ids(event: Event) -> Iterator[Problem]:
    # Ids become file names, and macOS and Windows ignore case in those: Ab and ab clash.
    for records in (event.speakers, event.sessions):
        yield from _duplicates(records, lambda r: r.id.casefold(), "id", "duplicate_id")
    yield from _duplicates(event.rooms, lambda r: r.name.casefold(), "name", "duplicate_room")
    given = [r for r in event.registrants if not r.id_derived]
    yield from _duplicates(given, lambda r: r.id.casefold(), "id", "duplicate_id")
    yield from _derived_id_clashes(event)


def duplicate_emails(event: Event) -> Iterator[Problem]:
    with_email = [r for r in event.registrants if r.email]
    yield from _duplicates(with_email, lambda r: r.email.casefold(), "email", "duplicate_email")


def _duplicates(records: Iterable, key, column: str, code: str) -> Iterator[Problem]:
    first_seen = {}
    for record in records:
        first = first_seen.setdefault(key(record), record)
        if first is not record:
            yield at(record.origin, column, code, value=getattr(record, column),
                     first=first.origin.cell(column))


def _derived_id_clashes(event: Event) -> Iterator[Problem]:
    """Two rows given the same derived id without sharing an email (reported apart)."""
    first_seen = {}
    for registrant in event.registrants:
        first = first_seen.setdefault(registrant.id.casefold(), registrant)  # file names: case ignored
        same_email = registrant.email and registrant.email.casefold() == first.email.casefold()
        if first is not registrant and (registrant.id_derived or first.id_derived) and not same_email:
            yield at(registrant.origin, "id", "derived_id_clash", first=first.origin.cell("id"))


LONGEST_EVENT_DAYS = 31  # longer is worth a word


def event_dates(event: Event) -> Iterator[Problem]:
    if event.end_date < event.start_date:
        yield at(event.cells["end_date"], "value", "event_end_before_start",
                 end=event.end_date.isoformat(), start=event.start_date.isoformat())
    elif (days := (event.end_date - event.start_date).days + 1) > LONGEST_EVENT:
        yield at(event.cells["end_date"], "value", "event_too_long", days=days, end=event.end_date.isoformat(),
                 limit=LONGEST_EVENT)
    elif days > LONGEST_EVENT_DAYS:
        yield at(event.cells["end_date"], "value", "long_event", WARNING, days=days,
                 end=event.end_date.isoformat())


def session_times(event: Event) -> Iterator[Problem]:
    first, last = event.start_date, max(event.end_date, event.start_date)
    for session in event.sessions:
        if session.end <= session.start:
            yield at(session.origin, "end", "end_before_start",
                     end=f"{session.end:%H:%M}", start=f"{session.start:%H:%M}")
        if not first <= session.start.date() <= last:
            yield at(session.origin, "date", "outside_dates", **{
                name: {lang: format_day(value, lang) for lang in ("en", "fr")}
                for name, value in (("date", session.start.date()), ("first", first), ("last", last))})


def references(event: Event) -> Iterator[Problem]:
    """Every id that points into another sheet must exist there, unless that sheet could not be read (one
    error already says why); an unknown id is told the known one nearest to it (`A1` for `a1`)."""
    speakers = event.speaker_by_id.keys() | event.unread_ids
    sessions = event.session_by_id.keys() | event.unread_ids
    if "speakers" not in event.unread_sheets:
        for session in event.sessions:
            yield from _unknown(session, session.speaker_ids, speakers, "speakers", "unknown_speaker")
            yield from _unknown(session, (session.moderator_id,), speakers, "moderator", "unknown_moderator")
        for quote in event.quotes:
            yield from _unknown(quote, (quote.speaker_id,), speakers, "speaker", "unknown_speaker")
    if "sessions" not in event.unread_sheets:
        for registrant in event.registrants:
            yield from _unknown(registrant, registrant.session_ids, sessions, "sessions", "unknown_session")
        for record in (*event.figures, *event.quotes):
            yield from _unknown(record, (record.session_id,), sessions, "session", "unknown_session")


def _unknown(record, ids, known, column: str, code: str) -> Iterator[Problem]:
    for value in ids:
        if value and value not in known:
            yield at(record.origin, column, code, value=value, suggestion=suggestion(value, known))


def room_overlaps(event: Event) -> Iterator[Problem]:
    by_room = defaultdict(list)
    single = len(event.room_names) <= 1  # one room: a session without a room is in it too
    for session in event.sessions:
        if session.room or single:
            by_room[session.room.casefold() if not single else ""].append(session)
    for sessions in by_room.values():
        for session, other in _overlapping(sessions):
            key = "room" if session.room else "start"  # the cell that must change: the room, or the time
            yield at(session.origin, key, "room_overlap", room=session.room or "-", **_pair(session, other, key))


def double_bookings(event: Event) -> Iterator[Problem]:
    """A speaker (or moderator) on two stages at once."""
    by_person = defaultdict(list)
    for session in event.sessions:
        for person in dict.fromkeys(session.people_ids):
            by_person[person].append(session)
    for person, sessions in by_person.items():
        speaker = event.speaker_by_id.get(person)
        for session, other in _overlapping(sessions):
            yield at(session.origin, _role(session, person), "double_booked",
                     speaker=speaker.name if speaker else person, **_pair(session, other, _role(other, person)))


def _role(session: Session, person: str) -> str:
    """The column that names `person` in `session`."""
    return "speakers" if person in session.speaker_ids else "moderator"


def chosen_overlaps(event: Event) -> Iterator[Problem]:
    """A registrant who chose two sessions at the same time will miss one: worth a word."""
    for registrant in event.registrants:
        if len(registrant.session_ids) > 1:
            chosen = [event.session_by_id[i] for i in dict.fromkeys(registrant.session_ids) if i in event.session_by_id]
            for session, other in _overlapping(chosen):
                yield at(registrant.origin, "sessions", "chosen_overlap", WARNING, name=registrant.name,
                         title=session.title, other=other.title)


def _overlapping(sessions: list[Session]) -> Iterator[tuple[Session, Session]]:
    """Each session that starts before an earlier-starting one has ended, with that one."""
    ordered = sorted((s for s in sessions if s.end > s.start), key=lambda s: (s.start, s.end, s.origin.row))
    latest = None
    for session in ordered:
        if latest is not None and session.start < latest.end:
            yield session, latest
        if latest is None or session.end > latest.end:
            latest = session


def _pair(session: Session, other: Session, key: str) -> dict:
    return {"title": session.title, "start": f"{session.start:%H:%M}", "end": f"{session.end:%H:%M}",
            "other": other.title, "other_start": f"{other.start:%H:%M}", "other_end": f"{other.end:%H:%M}",
            "other_where": other.origin.cell(key)}


def rooms(event: Event) -> Iterator[Problem]:
    """With a Rooms sheet, a session's room must be one of it: a typo (`Room  a`) would open a column of
    its own in the programme's grid; told the nearest room."""
    known = {room.name.casefold() for room in event.rooms}
    names = event.room_names
    for session in event.sessions:
        if session.room and known and session.room.casefold() not in known:
            listed = [room.name for room in event.rooms]
            yield at(session.origin, "room", "unknown_room", value=session.room, expected=", ".join(listed),
                     suggestion=suggestion(session.room, listed))
        elif not session.room and len(names) > 1 and session.kind not in ("break", "meal"):
            yield at(session.origin, "room", "no_room", WARNING, expected=", ".join(names))


def files(event: Event) -> Iterator[Problem]:
    """Photos, logo and the slides kept in the folder must be inside the event folder and exist; images
    must be small enough to decode, slides of a kind the recap site may publish."""
    folder = event.folder.resolve()
    if event.logo:
        yield from _image_file(folder, event.logo, event.cells["logo"], "value")
    for speaker in event.speakers:
        if speaker.photo:
            yield from _image_file(folder, speaker.photo, speaker.origin, "photo", svg="svg_portrait")
    for photo in event.photos:
        if photo.file:
            yield from _image_file(folder, photo.file, photo.origin, "file", svg="svg_photo")
    for session in event.sessions:
        if session.slides and not is_url(session.slides):
            yield from _slides_file(folder, session.slides, session.origin)


def _image_file(folder: Path, name: str, origin, key: str, svg: str = "") -> Iterator[Problem]:
    """The size is read from the header before the image is verified: verifying decodes. Logos go on
    badges, speakers' photos into the programme, the Photos sheet's into the recap site. The site
    leaves SVG photos out (it cannot strip them, and opened alone one may run a script): `svg` is the
    warning that says so."""
    if problem := _file_problem(folder, name):
        yield at(origin, key, problem, value=name)
    elif costly := images.too_large(folder / name, name):
        yield at(origin, key, costly[0], **costly[1])
    elif problem := _image_problem(folder / name):
        yield at(origin, key, problem, value=name)
    elif svg and name.lower().endswith(".svg"):
        yield at(origin, key, svg, WARNING, value=name)


# What the recap site copies into downloads/slides/: documents only. No web page or SVG (the site's
# own address would run its scripts), no workbook or CSV (personal data), whatever a link names.
SLIDES_SUFFIXES = frozenset((".pdf", ".pptx", ".ppt", ".ppsx", ".pps", ".odp", ".key"))
SLIDES_LIMIT_MB = 100  # GitHub Pages refuses larger files (some hosts less); a slide deck rarely passes 20 MB


def _slides_file(folder: Path, name: str, origin) -> Iterator[Problem]:
    """A slides file of the event folder, which the recap site offers for download as it is."""
    if problem := _file_problem(folder, name):
        yield at(origin, "slides", problem, value=name)
        return
    path = (folder / name).resolve()
    if {PurePosixPath(name).suffix.lower(), path.suffix.lower()} - SLIDES_SUFFIXES:
        yield at(origin, "slides", "slides_kind", value=name)
    elif (size := path.stat().st_size) > SLIDES_LIMIT_MB * 1_000_000:
        yield at(origin, "slides", "slides_too_large", WARNING, value=name, size=round(size / 1_000_000),
                 limit=SLIDES_LIMIT_MB)


def _file_problem(folder: Path, name: str) -> str | None:
    try:
        path = (folder / name).resolve()
        if not path.is_relative_to(folder):
            return "file_outside"
        return None if path.is_file() else "file_missing"
    except RuntimeError:  # Python 3.11's resolve() on a symlink loop (3.13 raises OSError ELOOP)
        return "file_link_loop"
    except OSError as error:  # a name the file system cannot even look up
        return "file_link_loop" if error.errno == errno.ELOOP else "file_missing"
    except ValueError:
        return "file_missing"


def _image_problem(path: Path) -> str | None:
    """PNG and JPEG are decoded to be sure; SVG, GIF and WebP are taken as browsers show them."""
    if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        return None if path.suffix.lower() in (".svg", ".gif", ".webp") else "not_an_image"
    from PIL import Image, UnidentifiedImageError

    images.strict()
    try:
        with Image.open(path) as picture:
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        return "not_an_image"
    return None


def suspicious(event: Event) -> Iterator[Problem]:
    """Legal but probably unintended: warnings."""
    free = Origin(event.cells["title"].layout, event.cells["title"].layout.last + 1)  # where a new row goes
    if not event.organiser_email and any(r.email for r in event.registrants):
        yield at(event.cells.get("organiser_email", free), "value" if "organiser_email" in event.cells else "field",
                 "no_organiser_email", WARNING)
    if "id" not in event.cells:
        yield at(free, "field", "no_event_id", WARNING, value=event.id)
    # A column the sheet lacks is a choice (or a renamed header, warned at its cell): no warning a row.
    for speaker in event.speakers:
        if not speaker.bio and _has(speaker, "bio"):
            yield at(speaker.origin, "bio", "no_bio", WARNING, name=speaker.name)
        if not speaker.photo and _has(speaker, "photo"):
            yield at(speaker.origin, "photo", "no_photo", WARNING, name=speaker.name)
    for photo in event.photos:
        if photo.file and not photo.caption and _has(photo, "caption"):
            yield at(photo.origin, "caption", "no_caption", WARNING, value=photo.file)
    for registrant in event.registrants:
        if not registrant.organisation and _has(registrant, "organisation"):
            yield at(registrant.origin, "organisation", "no_organisation", WARNING, name=registrant.name)
        if not registrant.email and _has(registrant, "email"):  # no column: one problem (email_column)
            yield at(registrant.origin, "email", "no_email", WARNING, name=registrant.name)


def _has(record, key: str) -> bool:
    """Whether the record's sheet has the column."""
    return key in record.origin.layout.letters


def email_column(event: Event) -> Iterator[Problem]:
    """Invitations are wanted (the event has an organiser email) but Registrants has no Email column, most
    likely renamed: one error naming it and the headers it may have, where each row would only warn."""
    from confkit.columns import REGISTRANTS

    if not event.organiser_email or not event.registrants:
        return
    layout = event.registrants[0].origin.layout
    if "email" not in layout.letters:
        column = REGISTRANTS.column("email")
        names = ", ".join(dict.fromkeys((column.en, column.fr, *column.aliases)))
        yield at(Origin(layout, layout.header), "email", "email_column_missing",
                 column={"en": column.en, "fr": column.fr}, names=names)


def unsendable_emails(event: Event) -> Iterator[Problem]:
    """Internationalised addresses (RFC 6531) pass as addresses, but confkit's SMTP sender refuses them."""
    if not event.organiser_email.partition("@")[0].isascii():
        yield at(event.cells["organiser_email"], "value", "unsendable_email", WARNING, value=event.organiser_email)
    for registrant in event.registrants:
        if not registrant.email.isascii() and not registrant.email.partition("@")[0].isascii():
            yield at(registrant.origin, "email", "unsendable_email", WARNING, value=registrant.email)


def examples(event: Event) -> Iterator[Problem]:
    """The template's examples left in, one warning a sheet at the first one's first cell: left alone they
    would be printed on badges and listed as real people (no invitation is written to them, see plan)."""
    from confkit.scaffold import example_rows

    for key, origins in example_rows(event):
        first, letters = origins[0], origins[0].layout.letters
        column = "value" if key == "event" else min(letters, key=lambda k: (len(letters[k]), letters[k]))
        code = f"example_{'values' if key == 'event' else 'rows'}_{'one' if len(origins) == 1 else 'other'}"
        yield at(first, column, code, WARNING, count=len(origins), sheet=first.sheet,
                 rows=_spans([o.row for o in origins]),
                 note=words("example_rows_uninvited") if key == "registrants" else "")


def _spans(rows: list[int]) -> dict[str, str]:
    """`2-4, 7, 9` in each language: three rows or more in a run are shown as a span."""
    runs: list[list[int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    return {lang: ", ".join(say("example_rows_span", lang, first=run[0], last=run[-1]) if len(run) > 2
                            else ", ".join(map(str, run)) for run in runs) for lang in LANGUAGES}


def checkins(event: Event) -> Iterator[Problem]:
    """The lines of checkins.csv the recap site skips (unknown registrant, unreadable time), shown by
    `check` and every build rather than dropped in silence; a broken header (or a file that is no CSV
    text) stops both, located: an error among the others, told in the event's language."""
    from confkit.site import attendance

    if "registrants" in event.unread_sheets:  # every line would be unknown: the sheet's error says why
        return
    try:
        found = attendance.read_checkins(event)
    except UserError as error:  # its `where` is checkins.csv:<line>
        line = int(error.where.rpartition(":")[2] or 1)
        yield Problem(ERROR, error.key, error.where, error.params, (attendance._RANK, line, 0, ""))
        return
    yield from found.problems


RULES = (event_dates, duplicate_ids, duplicate_emails, session_times, references, room_overlaps,
         double_bookings, chosen_overlaps, rooms, files, suspicious, email_column, unsendable_emails, checkins,
         examples)
