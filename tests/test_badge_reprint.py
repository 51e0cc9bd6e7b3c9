"""Reprinting by name or email, numbered calibration sheets, and a badge for everyone on stage.

Which people a PDF holds is read from its QR codes (rasterised by pdfium, decoded by zxing-cpp,
verified with the event's public key), never from confkit's own idea of what it wrote.
"""

import json
import re
import subprocess

import pytest

from confkit import synthetic, workbook
from confkit.badges import layouts as badge_layouts
from confkit.badges import tokens
from confkit.pdf.writer import MM
from confkit.templates import environment
from conftest import run

DPI = 200


def _codes(pdf: bytes) -> list[tuple[int, float, float, str]]:
    """(page, x, y, text) of every QR code: its centre in points from the page's top-left."""
    import pypdfium2
    import zxingcpp

    found = []
    for number, page in enumerate(pypdfium2.PdfDocument(pdf)):
        for code in zxingcpp.read_barcodes(page.render(scale=DPI / 72).to_pil(), formats=zxingcpp.BarcodeFormat.QRCode):
            corners = (code.position.top_left, code.position.top_right, code.position.bottom_right,
                       code.position.bottom_left)
            x, y = (sum(getattr(c, axis) for c in corners) / 4 * 72 / DPI for axis in ("x", "y"))
            found.append((number, x, y, code.text))
    return found


def _written(folder, out) -> list[tuple[str, int]]:
    """(holder id, edition) of each badge in OUT/badges.pdf, in print order."""
    event, _ = workbook.read(folder)
    key = tokens.load_public_key((out / "checkin-public-key.txt").read_text())
    codes = _codes((out / "badges.pdf").read_bytes())
    return [tokens.holder(tokens.verify(text, key, event.id)) for *_place, text in codes]


def _ids(folder) -> dict[str, str]:
    """Registrant id by email."""
    event, _ = workbook.read(folder)
    return {r.email: r.id for r in event.registrants}


@pytest.fixture
def crowd(event):
    """The small event, with accented names, two Martins and a Dupontel beside Jean Dupont."""
    for first, last, email in (("Hélène", "Lefèvre", "helene.lefevre@example.org"),
                               ("Paul", "Martin", "paul@cci-nice.fr"), ("Marie", "Martin", "m.martin@example.org"),
                               ("Luc", "Dupontel", "luc@example.org")):
        event.sheets["Registrants"].append([first, last, email, "CCI", "participant", "no"])
    return event.write()


def test_find_by_a_name_typed_without_accents_writes_just_that_badge(crowd, tmp_path):
    out = tmp_path / "out"
    result = run("badges", crowd, "-o", out, "--find", "LEFEVRE")
    helene = _ids(crowd)["helene.lefevre@example.org"]
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"1 badge, for:\n  Hélène Lefèvre — {helene}\n")
    assert _written(crowd, out) == [(helene, 1)]


def test_find_by_email_and_several_matches_are_all_written_and_listed(crowd, tmp_path):
    ids = _ids(crowd)
    by_email = run("badges", crowd, "-o", tmp_path / "one", "--find", "M.Martin@EXAMPLE")
    assert by_email.stdout.endswith(f"1 badge, for:\n  Marie Martin — {ids['m.martin@example.org']}\n")
    assert _written(crowd, tmp_path / "one") == [(ids["m.martin@example.org"], 1)]
    both = run("badges", crowd, "-o", tmp_path / "both", "--find", "martin", "--lang", "fr")
    assert both.stdout.endswith(f"2 badges, pour :\n  Marie Martin — {ids['m.martin@example.org']}\n"
                                f"  Paul Martin — {ids['paul@cci-nice.fr']}\n")
    assert _written(crowd, tmp_path / "both") == [(ids["m.martin@example.org"], 1), (ids["paul@cci-nice.fr"], 1)]


def test_find_searches_names_and_emails_not_organisations(crowd, tmp_path):
    """`CCI` is everyone's employer here: a search for it finds only the emails that hold it."""
    ids = _ids(crowd)
    result = run("badges", crowd, "-o", tmp_path / "out", "--find", "cci")
    assert sorted(_written(crowd, tmp_path / "out")) == sorted(
        (ids[email], 1) for email in ("zoe.durand@cci-paris.fr", "jean.dupont@cci-nice.fr", "paul@cci-nice.fr"))
    assert "3 badges, for:\n" in result.stdout


def test_find_that_matches_no_one_writes_nothing(crowd, tmp_path):
    out = tmp_path / "out"
    result = run("badges", crowd, "-o", out, "--find", "Dupond")
    assert (result.exit_code, result.stderr) == (
        1, '--find: no one to badge has a name or email holding "Dupond"; check the spelling, or give part of the '
           'name\n')
    assert not out.exists()
    french = run("badges", crowd, "-o", out, "--find", "Dupond", "--lang", "fr")
    assert french.stderr == ("--find : aucune personne à badger n'a de nom ni d'e-mail contenant « Dupond » ; "
                             "vérifiez l'orthographe, ou donnez une partie du nom\n")


def test_ids_take_emails_in_any_case_mixed_with_ids(crowd, tmp_path):
    ids = _ids(crowd)
    out = tmp_path / "out"
    result = run("badges", crowd, "-o", out, "--ids", f"ZOE.Durand@cci-paris.fr, {ids['luc@example.org']}")
    assert result.exit_code == 0, result.output
    assert _written(crowd, out) == [(ids["luc@example.org"], 1), (ids["zoe.durand@cci-paris.fr"], 1)]
    assert result.stdout.endswith(f"2 badges, for:\n  Luc Dupontel — {ids['luc@example.org']}\n"
                                  f"  Zoé Durand — {ids['zoe.durand@cci-paris.fr']}\n")


def test_an_unknown_email_among_ids_is_refused_not_skipped(crowd, tmp_path):
    out = tmp_path / "out"
    result = run("badges", crowd, "-o", out, "--ids", "zoe.durand@cci-paris.fr,zoe.durant@cci-paris.fr")
    assert (result.exit_code, result.stderr) == (1, "--ids: no one to badge matches zoe.durant@cci-paris.fr\n")
    assert not out.exists()


def test_find_with_reissue_gives_the_next_edition_and_keeps_it(crowd, tmp_path):
    jean = _ids(crowd)["jean.dupont@cci-nice.fr"]
    for edition in (2, 3):
        out = tmp_path / f"reprint{edition}"
        result = run("badges", crowd, "-o", out, "--find", "jean dupont", "--reissue")
        assert result.exit_code == 0, result.output
        assert _written(crowd, out) == [(jean, edition)]
        assert json.loads((crowd / ".confkit" / "badge-editions.json").read_text()) == {jean: edition}
    refused = run("badges", crowd, "-o", tmp_path / "nobody", "--reissue")
    told = " ".join(re.sub("[│╭╮╰╯─]", " ", refused.output).split())  # out of typer's box
    assert refused.exit_code == 2 and "--reissue needs --ids or --find (whose badges to reissue)" in told


def _numbers(pdf) -> dict[int, tuple[float, float]]:
    """The calibration sheet's label numbers, as pdftotext reads them: number -> centre (points, top-left).
    Ruler labels are small; the numbers are the words taller than 20 points."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(\d+)<', html)
    return {int(text): ((float(x0) + float(x1)) / 2, (float(y0) + float(y1)) / 2)
            for x0, y0, x1, y1, text in words if float(y1) - float(y0) > 20}


@pytest.mark.parametrize("layout", ["a4-8", "avery-l7418", "letter-6", "a4-fold"])
def test_calibration_numbers_the_labels_as_start_at_counts_them(event, tmp_path, layout):
    folder = event.write()
    assert run("badges", folder, "-o", tmp_path / "calibration", "--layout", layout, "--calibrate").exit_code == 0
    numbers = _numbers(tmp_path / "calibration" / "badges-calibration.pdf")
    sheet = badge_layouts.load(layout, environment())
    assert sorted(numbers) == list(range(1, sheet.per_page + 1))
    for slot in range(sheet.per_page):  # number n in the middle of the label --start-at n prints on first
        left, top = sheet.position(slot)
        middle = ((left + sheet.unit[0] / 2) * MM, (top + sheet.unit[1] / 2) * MM)
        assert numbers[slot + 1] == pytest.approx(middle, abs=3)
    text = subprocess.run(["pdftotext", str(tmp_path / "calibration" / "badges-calibration.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "The numbers are the positions --start-at counts: on a partly used sheet, start at the first free " \
           "one." in re.sub(r"\s+", " ", text)


def test_start_at_5_prints_the_first_badge_on_the_label_numbered_5(event, tmp_path):
    folder = event.write()
    assert run("badges", folder, "-o", tmp_path / "calibration", "--calibrate").exit_code == 0
    numbers = _numbers(tmp_path / "calibration" / "badges-calibration.pdf")
    out = tmp_path / "out"
    assert run("badges", folder, "-o", out, "--start-at", "5").exit_code == 0
    sheet = badge_layouts.load("a4-8", environment())
    half = (sheet.unit[0] * MM / 2, sheet.unit[1] * MM / 2)

    def label(x: float, y: float) -> int:
        return next(n for n, (cx, cy) in numbers.items() if abs(x - cx) < half[0] and abs(y - cy) < half[1])
    codes = _codes((out / "badges.pdf").read_bytes())
    order = [holder for holder, _edition in _written(folder, out)]
    assert [(page, label(x, y)) for page, x, y, _text in codes] == [(0, 5), (0, 6), (0, 7), (0, 8)]
    assert order[0] == "speaker:bour"  # the first badge by name, Bour, on label 5


def _congress_with_namesakes() -> dict:
    """A synthetic congress (144 speakers, none registered), where each speaker's name is also borne by two
    registrants: a big congress has several Marie Martin, and none of them is the speaker."""
    rows = synthetic.sheets(registrants=100, rooms=8, days=3, plenaries=True)
    header, *speakers = rows["Speakers"]
    for number, (first, last) in enumerate({(s[1], s[2]) for s in speakers}):
        for twin in ("a", "b"):
            rows["Registrants"].append([first, last, f"namesake{number}{twin}@example.org", "CCI", "Adviser",
                                        "participant", "no", ""])
    return rows


def test_every_speaker_on_stage_gets_a_badge_in_a_congress_where_none_registered(tmp_path):
    from confkit.writing import write_xlsx

    rows = _congress_with_namesakes()
    folder = tmp_path / "congress"
    folder.mkdir()
    write_xlsx(folder / "event.xlsx", rows)
    on_stage = {f"speaker:{pid}" for s in rows["Sessions"][1:] for pid in s[7].split(",") if pid}
    assert len(on_stage) == 144
    out = tmp_path / "out"
    result = run("badges", folder, "-o", out, "--category", "speaker")
    assert result.exit_code == 0, result.output
    written = _written(folder, out)
    assert len(written) == 144 and {holder for holder, _edition in written} == on_stage


def test_a_speaker_registered_under_another_email_gets_one_badge(event, tmp_path):
    event.set("Speakers!H1", "email").set("Speakers!H2", "ludovic.bour@acfci.fr")
    event.sheets["Registrants"].append(["Ludovic", "BOUR", "l.bour@gmail.com", "ACFCI", "speaker", "no"])
    folder = event.write()
    out = tmp_path / "out"
    assert run("badges", folder, "-o", out).exit_code == 0
    written = sorted(holder for holder, _edition in _written(folder, out))
    assert written == sorted([*_ids(folder).values(), "speaker:avocat"])  # Bour once, as the registrant


def test_a_speaker_matched_by_email_is_not_taken_for_a_namesake(event, tmp_path):
    """Bour registered under his email; a second speaker row of the same name is someone else."""
    event.set("Speakers!H1", "email").set("Speakers!H2", "l.bour@acfci.fr")
    event.sheets["Speakers"].append(["bour2", "Ludovic", "Bour", "Mayor", "Ville de Lyon", "Another one.", "", ""])
    event.set("Sessions!G2", "bour, bour2")
    event.sheets["Registrants"].append(["Ludovic", "Bour", "L.Bour@acfci.fr", "ACFCI", "speaker", "no"])
    folder = event.write()
    out = tmp_path / "out"
    assert run("badges", folder, "-o", out).exit_code == 0
    written = sorted(holder for holder, _edition in _written(folder, out))
    assert written == sorted([*_ids(folder).values(), "speaker:avocat", "speaker:bour2"])
