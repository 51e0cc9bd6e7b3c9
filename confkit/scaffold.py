"""`confkit new`: a template workbook that a person fills in without reading any documentation.

Headers, comments, dropdowns and examples all come from the declarations in
`columns.py`, so the template can never disagree with the reader.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from confkit import columns
from confkit.columns import Column, Sheet
from confkit.errors import UserError
from confkit.text.messages import say

GITIGNORE = "# confkit's private state (signing key, sending journal): never publish it\n.confkit/\n"


class AlreadyExists(UserError):
    """`confkit new` never overwrites an event."""

    def __init__(self, path: Path):
        super().__init__("scaffold_exists", path=path)
        self.path = path


def scaffold(folder: Path, lang: str, today: dt.date | None = None) -> Path:
    """Create `folder` with event.xlsx, photos/ and a .gitignore; refuse to touch an existing event."""
    workbook = folder / "event.xlsx"
    for existing in (workbook, folder / "event.ods"):
        if existing.exists():
            raise AlreadyExists(existing)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "photos").mkdir(exist_ok=True)
    if not (folder / ".gitignore").exists():
        (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    day = _next_tuesday(today or dt.date.today())
    book = template(lang, day)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".xlsx", delete=False) as temporary:
        book.save(temporary.name)
    os.replace(temporary.name, workbook)
    return workbook


def _next_tuesday(today: dt.date) -> dt.date:
    """A plausible date two months ahead."""
    day = today + dt.timedelta(days=60)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


def template(lang: str, day: dt.date):
    from openpyxl import Workbook

    book = Workbook()
    _instructions(book.active, lang)
    examples = _examples(lang, day)
    for spec in columns.SHEETS:
        sheet = book.create_sheet(spec.title(lang))
        if spec is columns.EVENT:
            _event_sheet(sheet, lang, examples["event"])
        else:
            _table_sheet(sheet, spec, lang, examples.get(spec.key, []))
    for sheet in book:
        _printable(sheet, lang, titles=sheet is not book.active)
    return book


# --- Styling -------------------------------------------------------------------------------

def _header_style(cell) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor="1F4E79")
    cell.alignment = Alignment(vertical="center", wrap_text=True)


EXAMPLE_GREY = "767676"  # the lightest grey that keeps 4.5:1 on white


def _example_style(cell) -> None:
    """Grey and italic, as the Instructions say: an example to replace, not data. `check` does not go by
    this style (people copy styles to their own rows) but by the content (`example_rows`)."""
    from openpyxl.styles import Font

    if cell.value not in (None, ""):
        cell.font = Font(italic=True, color=EXAMPLE_GREY)


def _printable(sheet, lang: str, titles: bool) -> None:
    """Landscape, as wide as the page, the header row on every page, the sheet and page in the footer:
    left to the spreadsheet, the template printed as 27 mostly empty pages of column strips. No print
    area: it would leave out the rows people add."""
    from openpyxl.worksheet.page import PageMargins

    setup = sheet.page_setup
    setup.orientation, setup.fitToWidth, setup.fitToHeight = "landscape", 1, 0
    if lang == "fr":  # in English, the spreadsheet's own paper (Letter or A4)
        setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
    sheet.oddFooter.center.text = "&A - &P / &N"
    if titles:
        sheet.print_title_rows = "1:1"


def _comment(column: Column, lang: str, example: object):
    from openpyxl.comments import Comment

    label = say("workbook_example", lang)
    required = say("workbook_required", lang) if column.required else ""
    colon = " :" if lang == "fr" else ":"
    shown = example.strftime("%d/%m/%Y" if isinstance(example, dt.date) else "%H:%M") if isinstance(example, (dt.date, dt.time)) else example
    text = column.help(lang) + required + (f"\n{label}{colon} {shown}" if example not in (None, "") else "")
    comment = Comment(text, "confkit")
    comment.width, comment.height = 300, 110
    return comment


def _dropdown(sheet, column: Column, lang: str, cells: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    if column.choices:
        options = [columns.choice_label(value, lang) for value in column.choices]
    elif column.type == "bool":
        options = ["oui", "non"] if lang == "fr" else ["yes", "no"]
    else:
        return
    validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    validation.error = say("workbook_choose", lang)
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add(cells)


# --- Sheets --------------------------------------------------------------------------------

def _instructions(sheet, lang: str) -> None:
    sheet.title = say("workbook_instructions", lang)
    sheet.column_dimensions["A"].width = 110
    for index, line in enumerate(INSTRUCTIONS[lang], start=1):
        sheet.cell(index, 1, line)
    _header_style(sheet["A1"])


def _event_sheet(sheet, lang: str, values: dict) -> None:
    header = (say("workbook_field", lang), say("workbook_value", lang))
    sheet.append(header)
    for cell in sheet[1]:
        _header_style(cell)
    for row, column in enumerate(columns.EVENT.columns, start=2):
        name = sheet.cell(row, 1, column.title(lang))
        name.comment = _comment(column, lang, values.get(column.key))
        _example_style(_write(sheet.cell(row, 2), values.get(column.key)))
        _dropdown(sheet, column, lang, f"B{row}")
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 28, 60
    sheet.freeze_panes = "A2"


def _table_sheet(sheet, spec: Sheet, lang: str, rows: list[dict]) -> None:
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(1, index, column.title(lang))
        _header_style(cell)
        cell.comment = _comment(column, lang, rows[0].get(column.key) if rows else None)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _width(column, lang, rows)
        _dropdown(sheet, column, lang, f"{letter}2:{letter}5000")
        for row_number, row in enumerate(rows, start=2):
            _example_style(_write(sheet.cell(row_number, index), row.get(column.key)))
    sheet.freeze_panes = "A2"


_WIDE = {"title", "abstract", "recap", "bio", "organisation", "text", "description", "url", "notes"}


def _width(column: Column, lang: str, rows: list[dict]) -> int:
    """Room for the header and the examples, no more: fit to the page's width, a wider sheet prints
    smaller. Long texts get 30 characters, and run on into the next column while it is empty."""
    if column.key in _WIDE:
        return 30
    longest = max([len(column.title(lang))] + [len(str(row.get(column.key) or "")) for row in rows])
    return min(max(longest + 3, 10), 26)


def _write(cell, value):
    cell.value = value
    if isinstance(value, dt.time):
        cell.number_format = "hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "dd/mm/yyyy"
    return cell


# --- Content -------------------------------------------------------------------------------

INSTRUCTIONS = {
    "en": (
        "How to fill in this workbook",
        "One workbook holds the whole event. Fill in the sheets from left to right; the examples, in grey italics, show the way.",
        "Event: one row per field (title, dates, time zone, venue ...). Rooms: one row per room (optional).",
        "Speakers: one row per person on stage; give each a short id (e.g. dupont) that Sessions refers to.",
        "Sessions: one row per slot of the programme; list speaker ids separated by commas.",
        "Registrants: one row per person coming; the id may stay empty, confkit derives a stable one from the email.",
        "Figures, Quotes, Links, Photos: optional, for the recap website after the event.",
        "Every column header has a comment (hover over it) saying what to type, with an example.",
        "Replace or delete the examples, then run: confkit check <this folder>. It points at every cell to fix, and at examples left.",
        "Personal data: emails are never published; registrants appear publicly only when Listed is yes.",
    ),
    "fr": (
        "Comment remplir ce classeur",
        "Un seul classeur décrit tout l'événement. Remplissez les feuilles de gauche à droite ; les exemples, en italique gris, montrent la voie.",
        "Événement : une ligne par champ (titre, dates, fuseau horaire, lieu ...). Salles : une ligne par salle (facultatif).",
        "Intervenants : une ligne par personne à la tribune ; donnez à chacune un identifiant court (p. ex. dupont) repris dans Sessions.",
        "Sessions : une ligne par créneau du programme ; indiquez les identifiants des intervenants séparés par des virgules.",
        "Inscrits : une ligne par personne attendue ; l'identifiant peut rester vide, confkit en déduit un stable de l'e-mail.",
        "Chiffres, Citations, Liens, Photos : facultatifs, pour le site bilan après l'événement.",
        "Chaque en-tête de colonne porte un commentaire (survolez-le) qui dit quoi saisir, avec un exemple.",
        "Remplacez ou supprimez les exemples, puis lancez : confkit check <ce dossier>. Il signale chaque cellule à "
        "corriger, et les exemples restants.",
        "Données personnelles : les e-mails ne sont jamais publiés ; un inscrit n'apparaît publiquement que si Visible vaut oui.",
    ),
}


# --- Examples left in a workbook ----------------------------------------------------------

# What makes a row one of the template's examples, per sheet (see example_rows).
EXAMPLE_FIELDS = {"rooms": ("name", "notes"), "speakers": ("id", "organisation"), "sessions": ("id", "title"),
                  "registrants": ("email",), "figures": ("group", "label"), "quotes": ("text",),
                  "links": ("url",)}
# In the Event sheet each distinctive field is a row of its own (a date or a time zone is no tell, nor is
# contact@example.org: the sender's address, written as a placeholder far beyond this template).
EXAMPLE_EVENT_FIELDS = ("title", "base_url", "description")


def _fold(value) -> str:
    return " ".join(str(value or "").split()).casefold()


@functools.cache
def _example_values() -> dict[str, frozenset[tuple[str, ...]]]:
    """Per sheet, the identifying values of the template's examples, in every language of the template."""
    found: dict[str, set] = {}
    for lang in ("en", "fr"):
        examples = _examples(lang, dt.date(2000, 1, 1))
        for key, fields in EXAMPLE_FIELDS.items():
            found.setdefault(key, set()).update(tuple(_fold(row.get(f)) for f in fields) for row in examples[key])
        found.setdefault("event", set()).update((f, _fold(examples["event"][f])) for f in EXAMPLE_EVENT_FIELDS)
    return {key: frozenset(values) for key, values in found.items()}


@functools.cache
def example_emails() -> frozenset[str]:
    """The template's example addresses (folded): nobody reads them, so no invitation is written to them."""
    return frozenset(_fold(row["email"]) for lang in ("en", "fr")
                     for key in ("speakers", "registrants") for row in _examples(lang, dt.date(2000, 1, 1))[key]
                     if row.get("email"))


def is_example_email(email: str) -> bool:
    return _fold(email) in example_emails()


def example_rows(event) -> Iterator[tuple[str, list]]:
    """Per sheet that still holds examples of the template, its key and the Origins of those rows.

    A row is an example while its EXAMPLE_FIELDS hold the example's values (case and spacing aside),
    in either language of the template, whatever else was edited: the example address under a real
    name is still an example (an invitation to it would reach nobody: see plan.invitees), while the
    speaker `dupont` with an organisation of their own is a real speaker. The grey italic style plays
    no part: people copy it to their own rows, and delete it from examples they keep."""
    values = _example_values()
    event_rows = sorted((event.cells[f] for f in EXAMPLE_EVENT_FIELDS
                         if f in event.cells and (f, _fold(getattr(event, f))) in values["event"]),
                        key=lambda origin: origin.row)
    if event_rows:
        yield "event", event_rows
    for key, fields in EXAMPLE_FIELDS.items():
        rows = [record.origin for record in getattr(event, key)
                if tuple(_fold(getattr(record, f)) for f in fields) in values[key]]
        if rows:
            yield key, rows


def _examples(lang: str, day: dt.date) -> dict:
    """The template's examples: what it writes, and what `example_rows` recognises."""
    t = dt.time
    fr = lang == "fr"
    label = lambda value: columns.choice_label(value, lang)  # noqa: E731
    yes = "oui" if fr else "yes"
    return {
        "event": {
            "id": "journee-etude" if fr else "study-day", "start_date": day, "end_date": day,
            "title": "Les réseaux sociaux : quels usages ?" if fr else "Social networks: what for?",
            "subtitle": "Journée d'étude" if fr else "Study day", "timezone": "Europe/Paris",
            "language": lang, "venue": "Palais des congrès", "address": "2 place de la Porte Maillot",
            "city": "75017 Paris", "organiser": "ACFCI", "organiser_email": "contact@example.org",
            "base_url": "https://events.example.org/", "hashtag": "#etude" if fr else "#studyday",
            "brand_colour": "#1F4E79",
            "description": ("Une journée pour partager les expériences des réseaux sociaux." if fr
                            else "A day to share experience of social networks."),
        },
        "rooms": [{"name": "Amphithéâtre" if fr else "Main hall", "capacity": 250,
                   "notes": "Niveau 2, ascenseur à gauche" if fr else "Level 2, lift on the left"}],
        "speakers": [
            {"id": "dupont", "first_name": "Jeanne", "last_name": "Dupont", "job_title": "Community manager",
             "organisation": "CCI de Paris", "email": "jeanne.dupont@example.org",
             "bio": ("Anime la présence de la CCI sur les réseaux sociaux." if fr
                     else "Runs the chamber's presence on social networks.")},
            {"id": "avocat", "job_title": "Avocat" if fr else "Lawyer", "organisation": "Cabinet Exemple",
             "bio": ("Conseille les entreprises sur leur e-réputation." if fr
                     else "Advises companies on their online reputation.")},
        ],
        "sessions": [
            {"id": "accueil" if fr else "welcome", "date": day, "start": t(9), "end": t(9, 30),
             "room": "Amphithéâtre" if fr else "Main hall", "kind": label("welcome"),
             "title": "Accueil café" if fr else "Welcome coffee"},
            {"id": "s1", "date": day, "start": t(9, 30), "end": t(10, 15), "room": "Amphithéâtre" if fr else "Main hall",
             "kind": label("talk"), "title": "Pourquoi les réseaux sociaux ?" if fr else "Why social networks?",
             "speakers": "dupont",
             "abstract": "Ce que les réseaux changent." if fr else "What social networks change."},
            {"id": "s2", "date": day, "start": t(10, 30), "end": t(11, 30), "room": "Amphithéâtre" if fr else "Main hall",
             "kind": label("round_table"), "title": "E-réputation" if fr else "Online reputation",
             "speakers": "avocat", "moderator": "dupont"},
        ],
        "registrants": [
            {"first_name": "Anaïs", "last_name": "Le Gall", "email": "anais.legall@example.org",
             "organisation": "CCI Nice Côte d'Azur", "job_title": "Conseillère TIC" if fr else "Digital adviser",
             "category": label("participant"), "city": "Nice", "listed": yes},
            {"first_name": "Jeanne", "last_name": "Dupont", "email": "jeanne.dupont@example.org",
             "organisation": "CCI de Paris", "category": label("speaker"), "city": "Paris", "listed": yes},
            {"first_name": "Loïc", "last_name": "Martin", "email": "loic.martin@example.org",
             "organisation": "ACFCI", "category": label("organiser"), "city": "Paris",
             "listed": "non" if fr else "no"},
        ],
        "figures": [
            {"group": "Enquête" if fr else "Survey", "label": "CCI interrogées" if fr else "chambers surveyed",
             "value": 116, "session": "s1"},
            {"group": "Enquête" if fr else "Survey", "label": "présentes sur les réseaux" if fr
             else "present on social networks", "value": 78, "unit": "%", "session": "s1"},
        ],
        "quotes": [{"speaker": "dupont", "session": "s1",
                    "text": "Il faut écouter avant de parler." if fr else "Listen before you speak."}],
        "links": [{"title": "Article" if fr else "Press article", "url": "https://example.org/article",
                   "kind": label("press")}],
    }
