"""Badges: real QR decoding, signatures, names that fit their box, sheet geometry from the PDF."""

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from confkit.badges import layouts as badge_layouts
from confkit.badges import tokens
from confkit import workbook
from confkit.pdf.writer import MM, font
from confkit.templates import environment
from conftest import run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_event"
FONTS = ROOT / "confkit" / "pdf" / "fonts"
BADGE = re.compile(rb"^q 1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm$", re.M)
QR = re.compile(rb"q 0 0 0 rg (-?[\d.]+) 0 0 -?[\d.]+ -?[\d.]+ -?[\d.]+ cm BI /IM true ")  # its side first
TEXT = re.compile(rb"BT [\d. ]+ rg /(F\d) ([\d.]+) Tf (-?[\d.]+) (-?[\d.]+) Td <([0-9A-F]+)> Tj ET")


def _pages(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages


def _content(page) -> bytes:
    return page.get_contents().get_data()


def _decode_all(pdf: bytes) -> list[list[str]]:
    """Every page rasterised at 200 dpi by pdfium, every QR code read by zxing-cpp."""
    import pypdfium2
    import zxingcpp

    document = pypdfium2.PdfDocument(pdf)
    return [[r.text for r in zxingcpp.read_barcodes(page.render(scale=200 / 72).to_pil(),
                                                    formats=zxingcpp.BarcodeFormat.QRCode)]
            for page in document]


@pytest.fixture(scope="module")
def sample_badges(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    event_folder = folder / "event"
    import shutil

    shutil.copytree(SAMPLE, event_folder, ignore=shutil.ignore_patterns(".confkit"))
    out = folder / "out"
    result = run("badges", event_folder, "-o", out)
    assert result.exit_code == 0, result.output
    return event_folder, out


def test_every_sample_badge_has_one_qr_code_that_verifies(sample_badges):
    event_folder, out = sample_badges
    event, _ = workbook.read(event_folder)
    public_key = tokens.load_public_key((out / "checkin-public-key.txt").read_text())
    decoded = _decode_all((out / "badges.pdf").read_bytes())
    per_page = [len(codes) for codes in decoded]
    expected_badges = len(event.registrants)  # every sample speaker is also registered
    assert sum(per_page) == expected_badges and per_page[:-1] == [8] * (len(per_page) - 1)
    ids = [tokens.verify(code, public_key, event.id) for codes in decoded for code in codes]
    assert sorted(ids) == sorted(r.id for r in event.registrants)


def test_an_altered_or_foreign_token_is_refused(sample_badges):
    event_folder, out = sample_badges
    event, _ = workbook.read(event_folder)
    public_key = tokens.load_public_key((out / "checkin-public-key.txt").read_text())
    code = _decode_all((out / "badges.pdf").read_bytes())[0][0]
    altered = code[:20] + ("A" if code[20] != "A" else "B") + code[21:]
    with pytest.raises(tokens.InvalidToken):
        tokens.verify(altered, public_key, event.id)
    with pytest.raises(tokens.InvalidToken) as refused:
        tokens.verify(code, public_key, "another-event")
    assert refused.value.reason == "event"


def test_no_output_contains_the_private_key(sample_badges):
    import base64

    event_folder, out = sample_badges
    key_file = event_folder / ".confkit" / "signing.key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(key_file.read_bytes(), None)
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    secrets = [raw, raw.hex().encode(), raw.hex().upper().encode(), base64.b64encode(raw),
               base64.b64encode(raw).rstrip(b"="), base64.urlsafe_b64encode(raw).rstrip(b"="),
               b"".join(key_file.read_bytes().splitlines()[1:-1])]
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert [s for s in secrets if s in data] == [], path


NAMES = [
    ("Maximilien-Alexandre", "de La Rochefoucauld-Montmorency-Laval d'Aubigny", "long"),
    ("", "Cher", "one word"),
    ("Ægir", "Þórsson-Łukasiewicz", "icelandic-polish"),
    ("Nguyễn", "Thị Minh Khai", "vietnamese"),
]


def _glyph_widths(face, hexes: bytes, size: float) -> float:
    gids = [int(hexes[i:i + 4], 16) for i in range(0, len(hexes), 4)]
    return sum(face.advances[g] for g in gids) * size / face.units


@pytest.mark.parametrize("layout", ["a4-8", "a4-4-a6", "herma-4412", "durable-54x90"])
def test_names_stay_inside_their_box(event, tmp_path, layout):
    rows = event.sheets["Registrants"]
    for first, last, label in NAMES:
        rows.append([first, last, f"{label.replace(' ', '')}@example.org", "Université", "participant", "no"])
    assert len(NAMES[0][0] + " " + NAMES[0][1]) >= 60
    out = tmp_path / "out"
    assert run("badges", event.write(), "-o", out, "--layout", layout).exit_code == 0
    sheet = badge_layouts.load(layout, environment())
    element = next(e for e in sheet.layout.elements if e.type == "name")
    sx, sy = sheet.badge[0] / sheet.layout.width, sheet.badge[1] / sheet.layout.height
    left, right = element.x * sx * MM, (element.x + element.width) * sx * MM
    bottom = (sheet.layout.height - element.y - element.height) * sy * MM
    top = bottom + element.height * sy * MM
    bold = font(FONTS / "DejaVuSans-Bold.ttf")
    pdf = (out / "badges.pdf").read_bytes()
    checked = 0
    for page in _pages(pdf):
        content = _content(page)
        for badge in re.split(rb"\nQ\n", content):
            if not BADGE.search(badge):
                continue
            for resource, size, x, y, hexes in TEXT.findall(badge):
                size, x, y = float(size), float(x), float(y)
                if resource == b"F2" and bottom - 0.01 <= y <= top and size > element.size * 0.3 and x < right:
                    width = _glyph_widths(bold, hexes, size)
                    if left - 0.01 <= x and y > bottom + 0.01 and x + width <= right + 0.01:
                        checked += 1
                    elif bottom <= y <= top and left <= x <= right:
                        pytest.fail(f"a name line overflows: x={x} width={width} box={left}-{right}")
    assert checked >= len(event.sheets["Registrants"]) - 1
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in _pages(pdf)))
    squashed = text.replace(" ", "")  # a long last name wraps to two lines
    for first, last, _label in NAMES:
        assert first.replace(" ", "") in squashed and last.replace(" ", "") in squashed


def test_unnamed_lawyer_is_badged_by_job_and_organisation(sample_badges, tmp_path):
    event_folder, _out = sample_badges
    out = tmp_path / "out"
    nobody = run("badges", event_folder, "-o", out, "--ids", "placeholder")
    assert (nobody.exit_code, nobody.stderr) == (1, "--ids: no one to badge matches placeholder\n")
    event, _ = workbook.read(event_folder)
    lawyer = next(r for r in event.registrants if not r.last_name)
    assert run("badges", event_folder, "-o", out, "--ids", lawyer.id).exit_code == 0
    text = PdfReader(out / "badges.pdf").pages[0].extract_text()
    assert "Avocat" in text and "Cabinet Bensussan" in text


@pytest.mark.parametrize("preset", ["a4-8", "a4-4-a6", "a6", "a4-fold", "letter-6", "avery-l7418", "herma-4412",
                                    "durable-54x90"])
def test_preset_geometry_read_back_from_the_pdf(event, tmp_path, preset):
    rows = event.sheets["Registrants"]
    for number in range(12):
        rows.append([f"Person{number}", "Name", f"p{number}@example.org", "CCI", "participant", "no"])
    out = tmp_path / "out"
    assert run("badges", event.write(), "-o", out, "--layout", preset).exit_code == 0
    sheet = badge_layouts.load(preset, environment())
    page = _pages((out / "badges.pdf").read_bytes())[0]
    assert (round(float(page.mediabox.width) / MM, 1), round(float(page.mediabox.height) / MM, 1)) == pytest.approx(
        sheet.page, abs=0.2)
    content = _content(page)
    origins = [(float(x) / MM, float(y) / MM) for x, y in BADGE.findall(content)]
    expected = [(left, sheet.page[1] - top - sheet.unit[1])
                for left, top in map(sheet.position, range(min(sheet.per_page, 14)))]
    assert len(origins) == len(expected)
    assert all(abs(a - b) <= 0.2 for o, e in zip(origins, expected) for a, b in zip(o, e)), (origins, expected)
    assert all(abs(float(side)) / MM >= 20 for side in QR.findall(content))
    assert len(QR.findall(content)) == len(expected) * (2 if sheet.fold else 1)


def test_start_at_skips_used_labels(event, tmp_path):
    out = tmp_path / "out"
    assert run("badges", event.write(), "-o", out, "--start-at", "6").exit_code == 0
    sheet = badge_layouts.load("a4-8", environment())
    content = _content(_pages((out / "badges.pdf").read_bytes())[0])
    origins = [(round(float(x) / MM, 1), round(float(y) / MM, 1)) for x, y in BADGE.findall(content)]
    left, top = sheet.position(5)
    assert origins[0] == (round(left, 1), round(sheet.page[1] - top - sheet.unit[1], 1))


def test_calibration_page_draws_every_outline(tmp_path, event):
    out = tmp_path / "out"
    assert run("badges", event.write(), "-o", out, "--layout", "avery-l7418", "--calibrate").exit_code == 0
    pages = _pages((out / "badges-calibration.pdf").read_bytes())
    assert len(pages) == 1
    outlines = re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re S", _content(pages[0]))
    assert len(outlines) == 10
    assert {(round(float(w) / MM, 1), round(float(h) / MM, 1)) for _, _, w, h in outlines} == {(86.0, 55.0)}
    assert not (out / "badges.pdf").exists()


def test_selection_sorting_and_splitting(event, tmp_path):
    rows = event.sheets["Registrants"]
    rows.append(["Amélie", "Zola", "amelie@example.org", "Aaa", "speaker", "no"])
    out = tmp_path / "out"
    folder = event.write()
    assert run("badges", folder, "-o", out, "--category", "intervenant").exit_code == 0
    assert re.sub(r"\s+", " ", PdfReader(out / "badges.pdf").pages[0].extract_text()).count("Amélie") == 1
    assert "Zoé" not in PdfReader(out / "badges.pdf").pages[0].extract_text()
    split = tmp_path / "split"
    assert run("badges", folder, "-o", split, "--split-by", "letter").exit_code == 0
    # Bour and the lawyer are speakers who did not register: they get badges too.
    assert sorted(p.name for p in split.glob("badges-?.pdf")) == ["badges-B.pdf", "badges-D.pdf", "badges-L.pdf",
                                                                  "badges-Z.pdf"]


def test_preview_spells_out_each_qr_code_and_flags_small_names(event, tmp_path):
    event.sheets["Registrants"].append(["", "W" * 70, "w@example.org", "CCI", "participant", "no"])
    out = tmp_path / "out"
    assert run("badges", event.write(), "-o", out).exit_code == 0
    html = (out / "badges-preview.html").read_text(encoding="utf-8")
    assert html.count("QR code: signed check-in pass of ") == 5  # 3 registrants, 2 speakers who did not register
    assert "CK1:" not in html and html.count("first name: cut short (…) at 7 pt") == 1


def test_vcard_badges_carry_public_details_only(event, tmp_path):
    out = tmp_path / "out"
    assert run("badges", event.write(), "-o", out, "--qr", "vcard").exit_code == 0
    codes = sorted(code for codes in _decode_all((out / "badges.pdf").read_bytes()) for code in codes)
    assert len(codes) == 4 and all(code.startswith("BEGIN:VCARD") for code in codes)
    assert "EMAIL" in next(c for c in codes if "Durand" in c)  # listed: yes
    assert "EMAIL" not in next(c for c in codes if "Dupont" in c)  # listed: no
    assert not (out / "checkin-public-key.txt").exists()


def _refusal(choice) -> badge_layouts.LayoutProblem:
    with pytest.raises(badge_layouts.LayoutProblem) as refused:
        badge_layouts.load(str(choice), environment())
    return refused.value


def test_broken_layout_file_is_reported_with_its_place(event, tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_text('{"page": [210, 297], "badge": [90, 55], "columns": "two", "rows": 4, "margin": [15, 38.5], '
                    '"gap": [0, 0], "layout": "landscape"}', encoding="utf-8")
    out = tmp_path / "out"
    assert _refusal(mine).render("en") == f'{mine}: columns: expected a whole number ≥ 1, received "two"'
    assert run("badges", event.write(), "-o", out, "--layout", mine).exit_code == 1
    assert not (out / "badges.pdf").exists()


def test_badges_that_overflow_the_page_are_refused(tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_text('{"page": [210, 297], "badge": [90, 55], "columns": 3, "rows": 4, "margin": [15, 38.5], '
                    '"gap": [0, 0], "layout": "landscape"}', encoding="utf-8")
    assert _refusal(mine).render("en") == f"{mine}: the badges need 285 mm of the page's width but it has 210 mm"
    assert _refusal(mine).render("fr") == (f"{mine} : les badges demandent 285 mm de largeur de la page, "
                                           "qui n'en a que 210")


def test_unknown_preset_lists_the_known_ones():
    assert _refusal("a3").render("en") == ("a3: unknown layout; expected one of: a4-4-a6, a4-8, a4-fold, a6, "
                                           "avery-l7418, durable-54x90, herma-4412, letter-6, or the path of a .json "
                                           "sheet file")


def _drawn_glyphs(pdf: bytes) -> dict[bytes, list[int]]:
    glyphs: dict[bytes, list[int]] = {}
    for page in _pages(pdf):
        for resource, _size, _x, _y, hexes in TEXT.findall(_content(page)):
            glyphs.setdefault(resource, []).extend(int(hexes[i:i + 4], 16) for i in range(0, len(hexes), 4))
    return glyphs


def test_arabic_names_are_shaped_and_drawn_right_to_left(event, tmp_path):
    from confkit.badges.draw import display

    event.sheets["Registrants"].append(["محمد", "العلي", "m@example.org", "CCI", "participant", "no"])
    out = tmp_path / "out"
    assert run("badges", event.write(), "-o", out).exit_code == 0
    shaped = display("محمد")
    assert shaped != "محمد" and all(0xFE70 <= ord(c) <= 0xFEFF for c in shaped)  # joined forms, visual order
    assert 0 not in [g for glyphs in _drawn_glyphs((out / "badges.pdf").read_bytes()).values() for g in glyphs]


def _has_truetype_cjk_font() -> bool:
    import subprocess

    listed = subprocess.run(["fc-list", ":fontformat=TrueType:charset=738b", "file"], capture_output=True, text=True)
    return ".ttf" in listed.stdout


@pytest.mark.skipif(not _has_truetype_cjk_font(), reason="no TrueType CJK font (Debian: fonts-droid-fallback)")
def test_cjk_names_fall_back_to_an_installed_font(event, tmp_path):
    event.sheets["Registrants"].append(["小明", "王", "w@example.org", "北京大学", "participant", "no"])
    out = tmp_path / "out"
    assert run("badges", event.write(), "-o", out).exit_code == 0
    pdf = (out / "badges.pdf").read_bytes()
    glyphs = _drawn_glyphs(pdf)
    assert b"F3" in glyphs and 0 not in glyphs[b"F3"]
    text = " ".join(page.extract_text() for page in _pages(pdf))
    assert "小明" in text and "北京大学" in text


def test_start_at_beyond_the_sheet_is_refused(event, tmp_path):
    result = run("badges", event.write(), "-o", tmp_path / "out", "--start-at", "9")
    assert (result.exit_code, result.stderr) == (1, "--start-at: a a4-8 sheet has 8 labels; received 9\n")


def test_layout_without_a_name_is_refused(tmp_path):
    import json

    layout = json.loads((Path(__file__).resolve().parent.parent / "templates/badges/layouts/landscape.json").read_text())
    layout["elements"] = [e for e in layout["elements"] if e["type"] != "name"]
    (tmp_path / "layout.json").write_text(json.dumps(layout))
    sheet = json.loads((Path(__file__).resolve().parent.parent / "templates/badges/sheets/a4-8.json").read_text())
    sheet["layout"] = "layout.json"
    (tmp_path / "mine.json").write_text(json.dumps(sheet))
    assert _refusal(tmp_path / "mine.json").render("en") == ('layout.json: elements: expected exactly one element '
                                                              'of type "name"')


def test_broken_preview_template_is_reported_not_raised(event, tmp_path):
    mine = tmp_path / "mine" / "badges"
    mine.mkdir(parents=True)
    (mine / "preview.html").write_text("{{ no_such_variable }}", encoding="utf-8")
    out = tmp_path / "out"
    result = run("badges", event.write(), "-o", out, "--templates", tmp_path / "mine")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{mine / 'preview.html'}:1: ") and "no_such_variable" in result.output
    assert not (out / "badges.pdf").exists()


def test_logo_keeps_its_proportions_inside_its_box(event, tmp_path):
    from PIL import Image

    Image.new("RGB", (200, 50), "#1F4E79").save(event.folder / "logo.png")
    event.set("Event!A8", "logo").set("Event!B8", "logo.png")
    out = tmp_path / "out"
    assert run("badges", event.write(), "-o", out).exit_code == 0
    content = _content(_pages((out / "badges.pdf").read_bytes())[0])
    placed = re.findall(rb"q ([\d.]+) 0 0 ([\d.]+) [\d.]+ [\d.]+ cm /Im1 Do Q", content)
    assert len(placed) == 4  # 2 registrants and 2 speakers who did not register, on one page
    assert {round(float(w) / float(h), 2) for w, h in placed} == {4.0}
    sheet = badge_layouts.load("a4-8", environment())
    box = next(e for e in sheet.layout.elements if e.type == "logo")
    assert all(float(w) <= box.width * MM + 0.01 and float(h) <= box.height * MM + 0.01 for w, h in placed)


def test_layout_problems_speak_french_too(tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_text('{"page": [210, 297], "badge": [90, 55], "columns": "deux", "rows": 4, "margin": [15, 38.5], '
                    '"gap": [0, 0], "layout": "landscape"}', encoding="utf-8")
    assert _refusal(mine).render("fr") == f'{mine}: columns : attendu : un nombre entier ≥ 1, reçu : "deux"'


def test_badges_are_byte_identical_when_built_at_different_times_without_source_date_epoch(event, tmp_path,
                                                                                          monkeypatch):
    import time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = event.write()
    built = []
    for attempt in ("first", "second"):
        assert run("badges", folder, "-o", tmp_path / attempt).exit_code == 0
        built.append((tmp_path / attempt / "badges.pdf").read_bytes())
        time.sleep(1.1)  # font subsets were stamped with the second of the build (head.modified)
    assert built[0] == built[1]


def test_vcard_badge_of_an_organisation_too_long_for_a_qr_code_scans(event, tmp_path):
    event.set("Registrants!D2", "Chambre de commerce et d'industrie " * 80)
    result = run("badges", event.write(), "-o", tmp_path / "out", "--qr", "vcard")
    codes = [code for page in _decode_all((tmp_path / "out" / "badges.pdf").read_bytes()) for code in page]
    assert (result.exit_code, [c for c in codes if "ORG:Chambre" in c][0].split("\r\n")[4]) == (
        0, "ORG:Chambre de commerce et d'industrie Chambre de commerce et d'industrie…")
