"""The paper check-in list as a volunteer uses it: everyone in order with their code, one letter range a
desk each starting its own page, hostile names kept inside their columns, pages in proportion to people,
and an organiser's own template still honoured."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from confkit import workbook
from confkit.badges import draw
from confkit.checkin import paper, roster
from confkit.templates import environment
from confkit.text.labels import LABELS
from conftest import run

HOSTILE = [  # first name, last name, organisation
    ("Maximilian-Alexander", "von Hohenzollern-Sigmaringen",
     "Chambre de commerce et d'industrie territoriale de Nice Côte d'Azur, délégation de Grasse et du pays"),
    ("Anne-Charlotte-Éléonore", "de La Rochefoucauld-Montmorency-Laval d'Aubigny de Saint-Simon",
     "Université Paris-Saclay"),
    ("Александра", "Константинопольская", "Московский государственный университет имени М. В. Ломоносова"),
    ("محمد", "عبد الرحمن العبدالله", "جامعة الملك عبد العزيز"),
    ("小明", "王", "北京大学国际关系学院北京大学国际关系学院北京大学国际关系学院"),
    ("Zoë 🎉", "O'Brien;\nSmith, Jr.", "ACME\tInc.;\r\nWorld, Ltd."),
    ("", "W" * 90, "M" * 200),
    ("Jean-Baptiste Marie", "de La Tour d'Auvergne de Montesquiou de Fezensac", "ACFCI"),
]


def _pdf_text(pdf: Path, *pages: int) -> str:
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(["pdftotext", "-layout", *span, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _listed(event_folder: Path, out: Path, desks: int = 1) -> tuple[Path, tuple[roster.Person, ...], list]:
    """The list of the event written to `out`, its roster and its parts."""
    event, _ = workbook.read(event_folder)
    content = paper.render(event, environment(None, event.language), desks)
    with out.open("wb") as stream:
        content(stream)
    people = roster.roster(event)
    return out, people, paper.parts(people, _surnames(event), desks)


def _surnames(event) -> dict[str, str]:
    from confkit.badges.render import holders
    from confkit.identity import fold

    return {h.id: fold(h.last_name or h.badge_name or h.job_title) for h in holders(event)}


def _crowd(event, count: int, people=()):
    rows = event.sheets["Registrants"]
    surnames = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
                "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"]
    for number in range(count):
        rows.append([f"Prénom{number}", surnames[number % len(surnames)], f"p{number}@example.org", "CCI",
                     "participant", "no"])
    for number, (first, last, organisation) in enumerate(people):
        rows.append([first, last, f"h{number}@example.org", organisation, "speaker", "no"])
    return event.write()


def test_everyone_is_listed_once_in_alphabetical_order_with_their_code(event, tmp_path):
    pdf, people, _parts = _listed(_crowd(event, 120), tmp_path / "list.pdf")
    text = _pdf_text(pdf)
    places = [text.find(person.shown_code) for person in people]
    assert -1 not in places and places == sorted(places)  # every code, in the roster's order
    assert all(text.count(person.shown_code) == 1 for person in people)
    surnames = [line.split()[1] for line in text.splitlines() if line.strip().startswith("Prénom")]
    assert len(surnames) == 120 and surnames == sorted(surnames)
    pages = len(PdfReader(pdf).pages)
    assert pages > 1 and re.search(rf"\b1 ?/ ?{pages}\b", text) and re.search(rf"\b{pages} ?/ ?{pages}\b", text)
    assert "Check-in list" in text and "NAME" in text and "ORGANISATION" in text and "CODE" in text


def test_each_desk_gets_a_letter_range_starting_its_own_page_under_its_heading(event, tmp_path):
    pdf, people, parts = _listed(_crowd(event, 300), tmp_path / "list.pdf", desks=3)
    assert len(parts) == 3
    pages = len(PdfReader(pdf).pages)
    texts = [_pdf_text(pdf, number) for number in range(1, pages + 1)]
    firsts = [number for number, text in enumerate(texts) if "tick the box" in text]
    assert len(firsts) == 3 and firsts[0] == 0
    for part, first, following in zip(parts, firsts, [*firsts[1:], pages]):
        heading = f"Desk {part.desk} · {part.first} – {part.last}"
        assert all(text.lstrip().startswith(heading) for text in texts[first:following])  # the running header
        assert f"{len(part.people)} people" in texts[first]
        on_its_pages = "".join(texts[first:following])
        assert all(person.shown_code in on_its_pages for person in part.people)
    assert [p.id for part in parts for p in part.people] == [p.id for p in people]


def test_hostile_names_stay_inside_their_columns_never_under_7_pt(event, tmp_path):
    pdf, people, _parts = _listed(_crowd(event, 3, HOSTILE), tmp_path / "list.pdf")
    fallback, _missing = draw.find_fallback([text for p in people for text in (p.name, p.organisation)])
    faces = draw.fonts(fallback)
    laid = [paper.row(person, LABELS["en"], fallback) for person in people]
    for row in laid:
        for column, lines in zip(paper.COLUMNS, row.cells):
            assert len(lines) <= column.lines
            for line in lines:
                assert line.width <= column.width - 2 * paper.PAD + 1e-6, (column.key, line.text)
                assert line.width == pytest.approx(faces[line.resource].width(line.text, line.size))
                assert line.size >= draw.SMALLEST and "\n" not in line.text and "\t" not in line.text
    cells = {line.text: lines for row in laid for lines in row.cells for line in lines}
    assert any(text.endswith("…") for text in cells)  # the 200 M were cut, not left to overflow
    long_name = [lines for text, lines in cells.items() if text.startswith("Jean-Baptiste")][0]
    assert len(long_name) > 1 and long_name[0].size == paper.COLUMNS[0].size  # wrapped, not shrunk
    text = _pdf_text(pdf)
    assert "Константинопольская" in text and "Hohenzollern-Sigmaringen" in text and "Saint-Simon" in text


def _installed_font_for(char: str) -> bool:
    listed = subprocess.run(["fc-list", f":fontformat=TrueType:charset={ord(char):x}", "file"],
                            capture_output=True, text=True).stdout
    return any(line.split(":")[0].endswith(".ttf") for line in listed.splitlines())


def test_names_dejavu_lacks_are_drawn_in_an_installed_font_as_on_badges(event, tmp_path):
    chinese = [("小明", "王", "北京大学国际关系学院")]
    pdf, _people, parts = _listed(_crowd(event, 3, chinese), tmp_path / "list.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    if not _installed_font_for("王"):
        pytest.skip("no TrueType font with Chinese characters is installed")
    assert len(fonts.splitlines()) == 5  # DejaVu, DejaVu Bold and the fallback
    text = _pdf_text(pdf)
    assert "北京大学国际关系学院" in text and "小明 王" in text and parts[-1].last == "王"


def test_pages_grow_in_proportion_to_people(tmp_path):
    """Every page but the first (its heading) and the last holds as many rows, whatever the length."""
    def rows_per_page(count: int) -> list[int]:
        people = tuple(roster.Person(f"r{n}", f"Person {n:05d} Martin", "CCI de Lyon", "participant", f"K{n:05d}",
                                     (), ()) for n in range(count))
        stream = io.BytesIO()
        paper.write(stream, SimpleNamespace(language="en", title="Congress"), [paper.Part(1, "A", "Z", people)], 1,
                    "8–10 June 2027", {p.id: "Martin" for p in people})
        pages = PdfReader(io.BytesIO(stream.getvalue())).pages
        return [len(re.findall(r"\bK\d\d-\d{3}\b", page.extract_text())) for page in pages]

    small, large = rows_per_page(300), rows_per_page(3000)
    first, full = small[0], small[1]
    assert sum(small) == 300 and sum(large) == 3000 and first < full
    for counts, total in ((small, 300), (large, 3000)):
        assert counts[0] == first and set(counts[1:-1]) == {full} and 0 < counts[-1] <= full
        assert len(counts) == 1 + -(-(total - first) // full)


def test_no_one_registered_still_gives_a_page(tmp_path):
    stream = io.BytesIO()
    paper.write(stream, SimpleNamespace(language="fr", title="Journée"), [], 1, "19 octobre 2010", {})
    assert len(PdfReader(io.BytesIO(stream.getvalue())).pages) == 1


def test_the_organisers_own_template_is_printed_instead(event, tmp_path):
    folder = _crowd(event, 2)
    templates = tmp_path / "templates" / "checkin"
    templates.mkdir(parents=True)
    (templates / "list.html").write_text(
        "<html><body><h1>OUR OWN LIST</h1>{% for part in parts %}{% for p in part.people %}"
        "<p>{{ p.name }} {{ p.shown_code }}</p>{% endfor %}{% endfor %}</body></html>", encoding="utf-8")
    assert run("build", folder, "-o", tmp_path / "out", "--only", "checkin", "--templates",
               tmp_path / "templates").exit_code == 0
    text = _pdf_text(tmp_path / "out" / "checkin" / "list.pdf")
    event_read, _ = workbook.read(folder)
    assert "OUR OWN LIST" in text and all(p.shown_code in text for p in roster.roster(event_read))


def test_a_french_list_speaks_french(event, tmp_path):
    event.set("Event!B5", "fr")
    pdf, _people, _parts = _listed(_crowd(event, 5), tmp_path / "list.pdf", desks=2)
    text = _pdf_text(pdf)
    assert "Liste d’émargement" in text and "Poste 2" in text and "cochez la case" in text and "ORGANISME" in text


def test_codes_signed_in_the_badge_workers_are_those_the_desk_verifies(event, tmp_path):
    """Past 400 badges the pages (and their tokens) are made in worker processes: the codes read off the
    first, a middle and the last page are the tokens this process would sign, and verify."""
    import pypdfium2
    import zxingcpp

    from confkit import pipeline, workers
    from confkit.badges import render, tokens
    from confkit.outputs import BadgeOptions

    folder = _crowd(event, workers.PARALLEL_FROM + 50)
    loaded, _ = workbook.read(folder)
    context = pipeline.load(loaded, None)
    with (tmp_path / "badges.pdf").open("wb") as stream:
        render.files(context, BadgeOptions())["badges.pdf"](stream)
    key = context.signing_key()
    expected = [p.payload for p in render.with_payloads(loaded, render.chosen(context, BadgeOptions()), "checkin",
                                                         key)]
    document = pypdfium2.PdfDocument(tmp_path / "badges.pdf")
    per = len(expected) // len(document) + (len(expected) % len(document) > 0)
    for index in (0, len(document) // 2, len(document) - 1):
        read = {r.text for r in zxingcpp.read_barcodes(document[index].render(scale=200 / 72).to_pil(),
                                                        formats=zxingcpp.BarcodeFormat.QRCode)}
        assert read == set(expected[index * per:(index + 1) * per]) and read
        assert all(tokens.verify(code, key.public_key(), loaded.id) for code in read)
