"""Reading the workbook: header aliases, cells as people type them, stable ids, .ods = .xlsx."""

import dataclasses
import datetime as dt
import random

import pytest

from confkit import cells
from confkit import workbook
from confkit.identity import registrant_id


def _read(event, suffix=".xlsx"):
    result, problems = workbook.read(event.write(suffix))
    return result, problems


def test_read_french_headers_in_any_case_below_a_merged_title(event):
    event.sheets["Intervenants"] = [["Liste des intervenants"], [],
                                    ["IDENTIFIANT", "prénom", "  Nom  de famille ", "Fonction", "Organisme",
                                     "Biographie", "Photo"], *event.sheets.pop("Speakers")[1:]]
    event.sheets["Inscrits"] = [["Prénom", "NOM", "Courriel", "Société", "Catégorie", "Visible"],
                                *event.sheets.pop("Registrants")[1:]]
    event.sheets["Événement"] = [["Champ", "Valeur"], ["Titre", "Journée"], ["Date de début", "19/10/2010"],
                                 ["Fuseau horaire", "Europe/Paris"]]
    event.sheets.pop("Event")
    result, problems = _read(event)
    assert problems == []
    assert [(s.id, s.last_name, s.origin.cell("last_name")) for s in result.speakers] == [
        ("bour", "Bour", "Intervenants!C4"), ("avocat", "", "Intervenants!C5")]
    assert [r.email for r in result.registrants] == ["zoe.durand@cci-paris.fr", "jean.dupont@cci-nice.fr"]
    assert (result.title, result.start_date, result.language) == ("Journée", dt.date(2010, 10, 19), "fr")


@pytest.mark.parametrize("header", ["first_name", "First Name", "FIRST_NAME", "firstname", "Prénom", "PRENOM",
                                    "prénom ", "Given name"])
def test_read_first_name_under_any_alias(event, header):
    event.set("Registrants!A1", header)
    result, problems = _read(event)
    assert [r.first_name for r in result.registrants] == ["Zoé", "Jean"]


@pytest.mark.parametrize("header, key", [("Organisme", "organisation"), ("Organization", "organisation"),
                                         ("Entreprise", "organisation"), ("E-mail", "email"), ("Mail", "email"),
                                         ("Nom", "last_name"), ("Surname", "last_name")])
def test_read_registrant_columns_in_both_languages(event, header, key):
    column = {"organisation": "D", "email": "C", "last_name": "B"}[key]
    event.set(f"Registrants!{column}1", header)
    result, _ = _read(event)
    assert getattr(result.registrants[0], key) == event.sheets["Registrants"][1]["ABCD".index(column)]


def test_read_cells_as_people_type_them(event):
    event.sheets["Sessions"] = [
        ["id", "date", "start", "end", "room", "kind", "title", "speakers"],
        [1, dt.date(2010, 10, 19), dt.time(9, 30), dt.time(10, 15), " Hall ", "Talk", "  Opening\xa0 ", "bour"],
        [],
        ["2", "19/10/2010", "10h30", "11.30", "Hall", "Table ronde", "E-reputation", "avocat ; bour"],
        ["3", "mardi 19 octobre 2010", "2:00 PM", "14 h 45", "Hall", "pause", "Pause", ""],
    ]
    event.sheets["Rooms"] = [["name", "capacity"], ["Hall", "250"]]
    event.sheets["Figures"] = [["label", "value", "unit"], ["CCIs", "1 000", ""], ["share", "78,5 %", "%"]]
    event.sheets["Registrants"][1][5] = True
    event.set("Registrants!F3", "x")
    result, problems = _read(event)
    assert problems == []
    assert [(s.id, s.start, s.end, s.room, s.kind, s.title, s.speaker_ids) for s in result.sessions] == [
        ("1", dt.datetime(2010, 10, 19, 9, 30), dt.datetime(2010, 10, 19, 10, 15), "Hall", "talk", "Opening",
         ("bour",)),
        ("2", dt.datetime(2010, 10, 19, 10, 30), dt.datetime(2010, 10, 19, 11, 30), "Hall", "round_table",
         "E-reputation", ("avocat", "bour")),
        ("3", dt.datetime(2010, 10, 19, 14), dt.datetime(2010, 10, 19, 14, 45), "Hall", "break", "Pause", ()),
    ]
    assert result.sessions[1].origin.cell("start") == "Sessions!C4"
    assert [room.capacity for room in result.rooms] == [250]
    assert [f.value for f in result.figures] == [1000.0, 78.5]
    assert [r.listed for r in result.registrants] == [True, True]


@pytest.mark.parametrize("typed, expected", [
    ("9h30", dt.time(9, 30)), ("09:30", dt.time(9, 30)), ("9.30", dt.time(9, 30)), ("9:30 AM", dt.time(9, 30)),
    ("9:30 pm", dt.time(21, 30)), ("14 h", dt.time(14)), ("14H05", dt.time(14, 5)), ("12 pm", dt.time(12)),
    (0.5625, dt.time(13, 30)), (dt.datetime(1899, 12, 30, 8, 15), dt.time(8, 15)), (dt.time(9, 30, 59), dt.time(9, 30)),
])
def test_time_accepts_what_people_type(typed, expected):
    assert cells.time(typed) == expected


@pytest.mark.parametrize("typed", ["9", "25:00", "9h75", "13 pm", "noon", "9:3"])
def test_time_refuses_what_is_no_time(typed):
    with pytest.raises(cells.BadCell):
        cells.time(typed)


@pytest.mark.parametrize("typed", ["2010-10-19", "19/10/2010", "19.10.2010", "19-10-10", "19 octobre 2010",
                                   "mardi 19 octobre 2010", "19 Oct. 2010", "October 19, 2010",
                                   "Tuesday, October 19, 2010", dt.datetime(2010, 10, 19, 0, 0)])
def test_date_accepts_what_people_type(typed):
    assert cells.date(typed) == dt.date(2010, 10, 19)


@pytest.mark.parametrize("typed", ["32/10/2010", "2010-13-01", "tomorrow", "19 brumaire 2010"])
def test_date_refuses_what_is_no_date(typed):
    with pytest.raises(cells.BadCell):
        cells.date(typed)


@pytest.mark.parametrize("typed, expected", [("yes", True), ("Oui", True), ("x", True), ("1", True), (1.0, True),
                                             ("TRUE", True), ("vrai", True), (True, True), ("no", False),
                                             ("Non", False), ("", False), ("0", False), (False, False)])
def test_boolean_accepts_both_languages(typed, expected):
    assert cells.boolean(typed) is expected


@pytest.mark.parametrize("typed", ["https://example.org/slides.pdf", "HTTP://example.org/s?p=1", "slides/enquete.pdf",
                                   "Diapos de Zoé.pptx", "slides/a:b.pdf", ""])
def test_link_accepts_a_web_address_or_a_relative_file_name(typed):
    assert cells.link(typed) == typed


@pytest.mark.parametrize("typed, code", [
    ("javascript:alert(1)", "bad_link"), ("data:text/html,<script>", "bad_link"),
    ("ftp://example.org/s.pdf", "bad_link"), ("file:///etc/passwd", "bad_link"), ("mailto:zoe@example.org", "bad_link"),
    ("C:\\slides\\s.pdf", "bad_link"),
    ("https://", "bad_link"), ("www.example.org/slides.pdf", "bad_url"), ("//example.org/slides.pdf", "bad_url")])
def test_link_refuses_other_schemes_and_addresses_without_https(typed, code):
    with pytest.raises(cells.BadCell) as raised:
        cells.link(typed)
    assert raised.value.code == code


def test_is_url_tells_a_web_address_from_a_file_name():
    assert [cells.is_url(v) for v in ("https://example.org/s.pdf", "http://x.org", "slides/s.pdf", "https://",
                                      "www.example.org", "")] == [True, True, False, False, False, False]


def test_slides_column_reads_a_web_address_or_a_file_of_the_event_folder(event):
    event.set("Sessions!I1", "Diaporama").set("Sessions!I2", " slides/enquete.pdf ")
    event.set("Sessions!I3", "https://example.org/e-reputation.pdf")
    result, problems = _read(event)
    assert problems == []
    assert [s.slides for s in result.sessions] == ["slides/enquete.pdf", "https://example.org/e-reputation.pdf"]


def test_text_cleans_stray_spaces_controls_and_float_ids():
    assert [cells.text(v) for v in ("  Zoé\t", "a\x00b", 12.0, 1.5, "Zoe\u0301", None)] == [
        "Zoé", "ab", "12", "1.5", "Zoé", ""]


def test_email_fast_path_agrees_with_email_validator():
    """The regex shortcut may only accept what email-validator accepts."""
    from email_validator import EmailNotValidError, validate_email

    rng = random.Random(1)

    def part(alphabet: str) -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))

    def noisy(clean: str, rare: str) -> str:
        return clean * 8 + rare if rng.random() < 0.7 else clean + rare

    samples = [part(noisy("abz09", ".-_+'é")) + "@" + ".".join(part(noisy("ab09", "-é")) for _ in range(rng.randint(1, 3)))
               + rng.choice(["", ".fr", ".com", ".test", ".local", ".x", "-", ".123", ".onion"]) for _ in range(5000)]
    samples += ["a@b.fr", "a@localhost", "a@x.invalid", "a" * 65 + "@x.fr", "a@" + "b" * 64 + ".fr", "a@-b.fr"]
    assert sum(map(cells.is_plain_email, samples)) > 200  # the shortcut is exercised
    for address in samples:
        if cells.is_plain_email(address):
            try:
                validate_email(address, check_deliverability=False)
            except EmailNotValidError as error:
                pytest.fail(f"{address!r} passed the shortcut but not email-validator: {error}")


def test_registrant_ids_survive_reordering_insertion_and_removal(event):
    rows = [["first_name", "last_name", "email", "organisation"]] + [
        [f"P{n}", "Name", f"p{n}@cci.fr", "CCI"] for n in range(30)]
    event.sheets["Registrants"] = rows
    before, _ = _read(event)
    shuffled = rows[1:]
    random.Random(3).shuffle(shuffled)
    event.sheets["Registrants"] = [rows[0], ["New", "Person", "new@cci.fr", "CCI"], *shuffled[5:]]
    after, _ = _read(event)
    ids_before = {r.email: r.id for r in before.registrants}
    ids_after = {r.email: r.id for r in after.registrants}
    assert all(ids_after[email] == ids_before[email] for email in ids_after if email != "new@cci.fr")
    assert len(set(ids_before.values())) == 30
    assert ids_before["p0@cci.fr"] == registrant_id("p0@cci.fr") == registrant_id("  P0@CCI.fr ")


def test_registrant_id_given_in_the_sheet_wins(event):
    event.set("Registrants!G1", "id").set("Registrants!G2", "A-001")
    result, _ = _read(event)
    assert [(r.id, r.id_derived) for r in result.registrants] == [
        ("A-001", False), (registrant_id("jean.dupont@cci-nice.fr"), True)]


def test_unknown_columns_are_kept_as_extra_data(event):
    event.set("Registrants!G1", "T-shirt").set("Registrants!G2", "M")
    result, _ = _read(event)
    assert [r.extra for r in result.registrants] == [(("T-shirt", "M"),), ()]


def test_unnamed_speaker_is_known_by_job_and_organisation(event):
    result, _ = _read(event)
    lawyer = result.speaker_by_id["avocat"]
    assert (lawyer.name, result.sessions[1].speakers, result.sessions[1].moderator.name) == (
        "Lawyer (Cabinet Bensussan)", (lawyer,), "Ludovic Bour")


def test_multi_day_event_with_parallel_rooms_is_modelled(event):
    event.set("Event!A7", "end_date").set("Event!B7", dt.date(2010, 10, 20))
    event.sheets["Sessions"] = [["id", "date", "start", "end", "room", "title", "speakers"],
                                ["a", "2010-10-19", "9:00", "10:00", "Hall", "A", "bour"],
                                ["b", "2010-10-19", "9:00", "10:00", "Annex", "B", "avocat"],
                                ["c", "2010-10-20", "9:00", "10:00", "Hall", "C", "bour"]]
    result, problems = _read(event)
    assert problems == []
    assert (result.days, result.room_names) == ((dt.date(2010, 10, 19), dt.date(2010, 10, 20)), ("Hall", "Annex"))


def test_ods_gives_the_same_model_as_xlsx(event, tmp_path):
    event.sheets["Sessions"][1][1:3] = [dt.time(9, 30), dt.time(10, 15)]
    event.sheets["Figures"] = [["label", "value", "unit"], ["CCIs", 116, ""], ["share", 78.5, "%"]]
    from_xlsx, problems_xlsx = _read(event)
    (event.folder / "event.xlsx").unlink()
    from_ods, problems_ods = _read(event, ".ods")
    assert (from_ods, problems_ods) == (from_xlsx, problems_xlsx)


def test_synthetic_congress_reads_the_same_from_ods_and_xlsx(tmp_path):
    from confkit import synthetic

    models = []
    for suffix in (".xlsx", ".ods"):
        folder = tmp_path / suffix[1:]
        folder.mkdir()
        synthetic.write(folder / f"event{suffix}", registrants=300, rooms=3, days=2)
        result, problems = workbook.read(folder)
        models.append(dataclasses.replace(result, folder=tmp_path))
        assert [p for p in problems if p.severity == "error"] == []
    assert models[0] == models[1]
    assert len(models[0].sessions) == 3 * 2 * 6


@pytest.mark.parametrize("typed, read", [
    ("Salle\x92s Hall", "Salles Hall"),  # a C1 control, as mojibake leaves (’ read as cp1252 in latin-1)
    ("Hall\u202e gpj.exe", "Hall gpj.exe"),  # a bidi override would show it as "exe.jpg"
    ("\u2067Hall\u2069", "Hall"), ("Hall\x7f\x9b31m", "Hall31m"), ("Hall\r\nAnnex", "Hall\nAnnex"),
    ("قاعة\u200f 1", "قاعة\u200f 1"),  # a right-to-left mark only places the digit: kept
])
def test_read_removes_controls_and_bidi_overrides_from_every_cell(event, typed, read):
    event.set("Sessions!D2", typed).set("Sessions!D3", typed).set("Registrants!G1", typed)
    result, problems = _read(event)
    assert [s.room for s in result.sessions] == [read, read]
    assert [p.params.get("header") for p in problems] == [read]


def test_read_removes_controls_from_sheet_names(event):
    event.sheets["Notes\u202e\x85"] = [["x"]]
    result, problems = workbook.read(event.write())
    assert problems == []
    from confkit import sheets
    assert [sheet.name for sheet in sheets.load(event.folder / "event.xlsx")][-1] == "Notes"
