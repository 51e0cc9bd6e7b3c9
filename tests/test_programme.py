"""The programme's PDF, booklet, page and templates: checked by structure and extracted text."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from confkit import views, workbook
from confkit.pdf.booklet import booklet_order
from confkit.programme import page as programme
from confkit.templates import environment
from confkit.text.labels import french_spacing
from conftest import run

SAMPLE = Path(__file__).resolve().parent.parent / "sample_event"
POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0), "a4-landscape": (841.89, 595.28)}
NAMES = ["Ægir Þórsson-Łukasiewicz", "Nguyễn Thị Minh Khai", "Jiří Dvořák", "Zofia Brzęczyszczykiewicz",
         "Αλέξανδρος Παπαδόπουλος", "Дмитрий Шостакович"]


def _flat(text: str) -> str:
    """Extracted text compared as a reader sees it: any run of spaces or line breaks is one space."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _text(pdf: bytes) -> str:
    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def _sizes(pdf: bytes) -> set:
    return {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in PdfReader(io.BytesIO(pdf)).pages}


@pytest.fixture(scope="module")
def sample_outputs():
    event, _ = workbook.read(SAMPLE)
    return event, programme.render(event, environment(), "a4", booklet=True)


def test_pdf_has_every_title_and_speaker_of_the_sample(sample_outputs):
    event, outputs = sample_outputs
    text = _text(outputs["programme.pdf"])
    missing = [s.title for s in event.sessions if _flat(s.title) not in text]
    missing += [p.name for p in event.speakers if p.name not in text]
    assert missing == []


def test_pdf_is_a4_to_the_point_with_title_and_page_numbers(sample_outputs):
    event, outputs = sample_outputs
    reader = PdfReader(io.BytesIO(outputs["programme.pdf"]))
    assert _sizes(outputs["programme.pdf"]) == {POINTS["a4"]}
    for number, page in enumerate(reader.pages, start=1):
        text = _flat(page.extract_text())
        assert _flat(french_spacing(event.title)) in text
        assert f"Page {number} / {len(reader.pages)}" in text


def test_pdf_embeds_its_fonts(sample_outputs):
    _event, outputs = sample_outputs
    reader = PdfReader(io.BytesIO(outputs["programme.pdf"]))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts[str(descriptor["/FontName"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert {name.split("+")[1] for name in fonts} == {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_letter_option_gives_letter_pages(event, tmp_path):
    out = tmp_path / "out"
    assert run("programme", event.write(), "-o", out, "--paper", "letter").exit_code == 0
    assert _sizes((out / "programme.pdf").read_bytes()) == {POINTS["letter"]}


def test_booklet_pages_are_in_printers_order(sample_outputs):
    _event, outputs = sample_outputs
    a5_count = int(re.search(r"Page 1 / (\d+)", _text(outputs["programme-booklet.pdf"])).group(1))
    sides = PdfReader(io.BytesIO(outputs["programme-booklet.pdf"])).pages
    assert _sizes(outputs["programme-booklet.pdf"]) == {POINTS["a4-landscape"]}
    found = []
    for side in sides:
        halves = {0: "", 1: ""}

        def visit(text, cm, tm, font, size, halves=halves):
            halves[0 if (cm[4] + tm[4] * cm[0]) < POINTS["a4-landscape"][0] / 2 else 1] += text

        side.extract_text(visitor_text=visit)
        found.append(tuple(int(m.group(1)) if (m := re.search(r"Page (\d+) /", _flat(halves[h]))) else 0
                           for h in (0, 1)))
    assert found == booklet_order(a5_count)
    assert len(sides) == 2 * -(-a5_count // 4)


def test_booklet_order_for_eight_pages_is_the_saddle_stitch_order():
    assert booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert booklet_order(5) == [(0, 1), (2, 0), (0, 3), (4, 5)]


def test_international_names_are_printed_and_extractable(event, tmp_path):
    rows = event.sheets["Speakers"]
    for number, name in enumerate(NAMES):
        first, last = name.split(" ", 1)
        rows.append([f"p{number}", first, last, "Researcher", "Université", "Bio.", ""])
    event.set("Sessions!G3", ", ".join(["avocat"] + [f"p{n}" for n in range(len(NAMES))]))
    out = tmp_path / "out"
    assert run("programme", event.write(), "-o", out).exit_code == 0
    text = _text((out / "programme.pdf").read_bytes())
    assert [name for name in NAMES if name not in text] == []
    html = (out / "programme.html").read_text(encoding="utf-8")
    assert [name for name in NAMES if name not in html] == []


def _has_cjk_font() -> bool:
    result = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True)
    return bool(result.stdout.strip())


@pytest.mark.skipif(not _has_cjk_font(), reason="no CJK font installed (Debian: fonts-noto-cjk)")
def test_cjk_names_fall_back_to_an_installed_cjk_font(event, tmp_path):
    event.set("Speakers!B2", "小明").set("Speakers!C2", "王")
    out = tmp_path / "out"
    assert run("programme", event.write(), "-o", out).exit_code == 0
    pdf = (out / "programme.pdf").read_bytes()
    assert "小明 王" in _text(pdf)
    names = {str(f.get_object()["/BaseFont"]) for p in PdfReader(io.BytesIO(pdf)).pages
             for f in p["/Resources"]["/Font"].values()}
    assert any("CJK" in name for name in names), names


def test_page_escapes_workbook_text(event, tmp_path):
    event.set("Sessions!F2", '<script>alert("x")</script> & co')
    out = tmp_path / "out"
    assert run("programme", event.write(), "-o", out).exit_code == 0
    html = (out / "programme.html").read_text(encoding="utf-8")
    assert html.count("<script") == 2  # the page's labels (JSON) and its own script, nothing typed in a cell
    assert 'alert("x")' not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in html


def test_page_is_localised_with_french_typography(sample_outputs):
    _event, outputs = sample_outputs
    html = outputs["programme.html"].decode()
    assert "mardi 19 octobre 2010" in html
    assert "Les réseaux sociaux pour les CCI\u00a0: Quels enjeux\u202f? Quels usages\u202f?" in html
    assert "Modération\u00a0:" in html and 'lang="fr"' in html


def test_page_in_english_says_dates_the_british_way(event, tmp_path):
    out = tmp_path / "out"
    run("programme", event.write(), "-o", out)
    html = (out / "programme.html").read_text(encoding="utf-8")
    assert "Tuesday 19 October 2010" in html and "Moderator:" in html


def test_multi_day_congress_has_day_anchors_and_room_labels(tmp_path):
    from confkit import synthetic

    folder = tmp_path / "congress"
    folder.mkdir()
    synthetic.write(folder / "event.xlsx", registrants=10, rooms=3, days=2)
    event, _ = workbook.read(folder)
    days = views.days(event)
    assert [(d.anchor, d.title, len(d.slots)) for d in days] == [
        ("day-1", "Tuesday 8 June 2027", 6), ("day-2", "Wednesday 9 June 2027", 6)]
    assert [s.session.room for s in days[0].slots[0].sessions] == ["Room A", "Room B", "Room C"]
    html = programme.html(event, environment(), "A4")
    assert html.count('href="#day-') == 2 and html.count('class="room-label when-stacked"') == 3 * 2 * 6


def test_user_template_replaces_one_file_and_extends_ours(event, tmp_path):
    templates = tmp_path / "mine" / "programme"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text('{% extends "default:programme/page.html" %}', encoding="utf-8")
    (templates / "session.html").write_text("<p class=mine>{{ s.session.title }} @ {{ s.session.start:%H }}</p>"
                                            .replace(":%H", ".hour"), encoding="utf-8")
    out = tmp_path / "out"
    assert run("programme", event.write(), "-o", out, "--templates", tmp_path / "mine").exit_code == 0
    html = (out / "programme.html").read_text(encoding="utf-8")
    assert "<p class=mine>Opening @ 9</p>" in html and "<p class=mine>E-reputation @ 10</p>" in html
    assert '<article class="session' not in html


def test_broken_user_template_is_reported_with_its_line(event, tmp_path):
    templates = tmp_path / "mine" / "programme"
    templates.mkdir(parents=True)
    (templates / "session.html").write_text("<p>\n{{ s.session.no_such_thing }}</p>", encoding="utf-8")
    out = tmp_path / "out"
    result = run("programme", event.write(), "-o", out, "--templates", tmp_path / "mine")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"{templates / 'session.html'}:2: ")
    assert "no_such_thing" in result.output
    assert not out.exists()


def test_programme_writes_nothing_when_the_check_fails(event, tmp_path):
    event.set("Sessions!C2", "08:00")
    out = tmp_path / "out"
    assert run("programme", event.write(), "-o", out).exit_code == 1
    assert not out.exists()


def test_qr_code_points_apps_to_the_feed(event, tmp_path):
    import zxingcpp
    from PIL import Image

    event.set("Event!A7", "base_url").set("Event!B7", "https://events.example.org/day/")
    out = tmp_path / "out"
    run("programme", event.write(), "-o", out)
    html = (out / "programme.html").read_text(encoding="utf-8")
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    png = _rasterise_svg(svg, tmp_path)
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert decoded == ["https://events.example.org/day/schedule/schedule.xml"]


def _rasterise_svg(svg: str, folder: Path) -> bytes:
    """Print the SVG alone with WeasyPrint and rasterise it with pdfium: no browser needed."""
    import pypdfium2
    from weasyprint import HTML

    pdf = HTML(string=f"<style>@page{{size:60mm 60mm;margin:0}}svg{{width:60mm;height:60mm}}</style>{svg}").write_pdf()
    page = pypdfium2.PdfDocument(pdf)[0]
    buffer = io.BytesIO()
    page.render(scale=4).to_pil().save(buffer, format="PNG")
    return buffer.getvalue()


def test_same_input_same_output(sample_outputs):
    event, outputs = sample_outputs
    again = programme.render(event, environment(), "a4", booklet=True)
    assert {name: data == outputs[name] for name, data in again.items()} == {name: True for name in outputs}


def test_speakers_photos_are_made_small_and_inlined_in_the_page_and_the_pdf(event, tmp_path):
    import base64
    import re

    from PIL import Image
    from conftest import photo

    photo(event.folder / "photos" / "bour.jpg", "#1F4E79", size=(3000, 4000))
    out = tmp_path / "out"
    assert run("programme", event.write(), "-o", out).exit_code == 0
    html = (out / "programme.html").read_text(encoding="utf-8")
    inlined = re.findall(r'<img class="photo" src="data:image/jpeg;base64,([^"]+)" alt="Photo of ([^"]+)"', html)
    assert [name for _data, name in inlined] == ["Ludovic Bour", "Lawyer (Cabinet Bensussan)"]  # Bour before L
    sizes = [Image.open(io.BytesIO(base64.b64decode(data))).size for data, _name in inlined]
    assert sizes == [(240, 320), (240, 320)]


def test_a_photo_broken_past_its_header_is_a_located_error_and_nothing_is_written(event, tmp_path):
    from conftest import photo

    whole = photo(event.folder / "photos" / "bour.jpg", "#1F4E79").read_bytes()
    (event.folder / "photos" / "bour.jpg").write_bytes(whole[:400])
    out = tmp_path / "out"
    result = run("programme", event.write(), "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert 'Speakers!G2: error: file "photos/bour.jpg" is not a readable image' in result.stderr
