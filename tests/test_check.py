"""`confkit check`: every problem kind, located, worded and exited as documented."""

import datetime as dt
import json

import pytest

from confkit import pipeline
from conftest import run


def test_check_clean_event_says_nothing_and_exits_0(event):
    result = run("check", event.write())
    assert (result.exit_code, result.output) == (0, "0 errors, 0 warnings\n")


ERRORS = [
    ("missing sheet", lambda e: e.sheets.pop("Sessions"),
     'Sessions: error: missing sheet "Sessions" (found sheets: Event, Speakers, Registrants); '
     "add it, or rename the sheet that holds it"),
    ("missing column", lambda e: [row.pop(2) for row in e.sheets["Sessions"]],
     "Sessions!H1: error: missing column 'End' (found: id, start, room, kind, title, speakers, moderator); "
     "add a column with this header"),
    ("missing value", lambda e: e.set("Sessions!F2", ""), "Sessions!F2: error: Title is empty; fill it in"),
    ("missing event field", lambda e: e.sheets["Event"].pop(1),
     "Event!A7: error: no Title row; add one here: Title in column A, its value in column B"),
    ("unparseable date", lambda e: e.set("Event!B3", "someday"),
     'Event!B3: error: "someday" is not a date; type a date such as 2010-10-19 or 19/10/2010'),
    ("unparseable time, referred to elsewhere", lambda e: e.set("Sessions!B2", "9h75")
     .set("Registrants!G1", "sessions").set("Registrants!G2", "s1"),
     'Sessions!B2: error: "9h75" is not a time; type a time such as 09:30, 9h30 or 2:30 PM'),
    ("end before start", lambda e: e.set("Sessions!C2", "09:00"),
     "Sessions!C2: error: end 09:00 is before start 09:30; swap them or correct one"),
    ("session outside dates", lambda e: e.set("Sessions!I1", "date").set("Sessions!I2", dt.date(2010, 10, 21)),
     "Sessions!I2: error: session on 21 October 2010 is outside the event's dates (19 October 2010 to "
     "19 October 2010); correct the date or the event's dates"),
    ("event of a century", lambda e: e.set("Event!A8", "end_date").set("Event!B8", dt.date(2110, 10, 19))
     .set("Sessions!I1", "date").set("Sessions!I2", dt.date(2010, 10, 19)).set("Sessions!I3", dt.date(2010, 10, 19)),
     "Event!B8: error: the event would last 36525 days (until 2110-10-19), more than 366; correct the end date"),
    ("end date at the end of time", lambda e: e.set("Event!A8", "end_date").set("Event!B8", dt.date(9999, 12, 31)),
     'Event!B8: error: "9999-12-31" is not a plausible date for an event; type a date between 1900 and 2200, '
     "such as 2010-10-19"),
    ("session date typed centuries late", lambda e: e.set("Sessions!I1", "date").set("Sessions!I2", "19/10/2910"),
     'Sessions!I2: error: "19/10/2910" is not a plausible date for an event; type a date between 1900 and 2200, '
     "such as 2010-10-19"),
    ("negative duration as a time", lambda e: e.set("Sessions!C2", dt.timedelta(hours=-1)),
     'Sessions!C2: error: "-01:00" is not a time; type a time such as 09:30, 9h30 or 2:30 PM'),
    ("event end before start", lambda e: e.set("Event!A7", "end_date").set("Event!B7", dt.date(2010, 10, 18)),
     "Event!B7: error: end date 2010-10-18 is before start date 2010-10-19; correct one of them"),
    ("missing session date", lambda e: e.set("Event!A7", "end_date").set("Event!B7", dt.date(2010, 10, 20))
     .set("Sessions!I1", "date").set("Sessions!I3", dt.date(2010, 10, 20)),
     "Sessions!I2: error: Date is empty and the event lasts several days; give the session's day"),
    ("unknown speaker", lambda e: e.set("Sessions!G2", "bour, nobody"),
     'Sessions!G2: error: unknown speaker id "nobody"; it must be an id of the Speakers sheet'),
    ("unknown moderator", lambda e: e.set("Sessions!H3", "nobody"),
     'Sessions!H3: error: unknown moderator id "nobody"; it must be an id of the Speakers sheet'),
    ("unknown chosen session", lambda e: e.set("Registrants!G1", "sessions").set("Registrants!G2", "s1, s9"),
     'Registrants!G2: error: unknown session id "s9"; it must be an id of the Sessions sheet'),
    ("duplicate speaker id", lambda e: e.set("Speakers!A3", "bour").set("Sessions!G3", "bour").set("Sessions!H3", ""),
     'Speakers!A3: error: id "bour" is already used at Speakers!A2; ids must be unique'),
    ("duplicate session id", lambda e: e.set("Sessions!A3", "S1"),
     'Sessions!A3: error: id "S1" is already used at Sessions!A2; ids must be unique'),
    ("duplicate registrant email", lambda e: e.set("Registrants!C3", "Zoe.Durand@cci-paris.fr"),
     'Registrants!C3: error: "Zoe.Durand@cci-paris.fr" is already registered at Registrants!C2; '
     "remove the duplicate row or correct the address"),
    ("invalid email", lambda e: e.set("Registrants!C3", "jean.dupont@"),
     'Registrants!C3: error: "jean.dupont@" is not an email address (There must be something after the @-sign); '
     "write it as name@domain, e.g. jean.dupont@example.org"),
    ("unknown time zone", lambda e: e.set("Event!B4", "europe/paris"),
     'Event!B4: error: "europe/paris" is not a time zone; use an IANA name such as Europe/Paris '
     "(did you mean Europe/Paris?)"),
    ("room overlap", lambda e: e.set("Sessions!B3", "10:00").set("Sessions!H3", ""),
     'Sessions!D3: error: "E-reputation" (10:00–11:30) overlaps "Opening" (09:30–10:15, Sessions!D2) in room '
     '"Hall"; move one of them'),
    ("speaker in two places", lambda e: e.set("Sessions!B3", "10:00").set("Sessions!D3", "Annex"),
     'Sessions!H3: error: Ludovic Bour is in "E-reputation" and in "Opening" (Sessions!G2) at the same time; '
     "change one of the sessions"),
    ("photo missing", lambda e: e.set("Speakers!G2", "photos/missing.jpg"),
     'Speakers!G2: error: file "photos/missing.jpg" does not exist in the event folder; add it or correct the name'),
    ("photo outside folder", lambda e: e.set("Speakers!G2", "../../etc/passwd"),
     'Speakers!G2: error: file "../../etc/passwd" is outside the event folder; copy it into the folder and give '
     "its relative path"),
    ("logo missing", lambda e: e.set("Event!A7", "logo").set("Event!B7", "logo.png"),
     'Event!B7: error: file "logo.png" does not exist in the event folder; add it or correct the name'),
    ("brand colour", lambda e: e.set("Event!A7", "brand colour").set("Event!B7", "blue-ish"),
     'Event!B7: error: "blue-ish" is not a colour; type a hex code such as #1F4E79'),
    ("bad choice", lambda e: e.set("Registrants!E2", "vip"),
     'Registrants!E2: error: "vip" is not a known value; expected one of: participant, speaker, organiser, '
     "press, staff, exhibitor"),
    ("bad boolean", lambda e: e.set("Registrants!F2", "maybe"),
     'Registrants!F2: error: "maybe" is neither yes nor no; type yes or no (or x for yes, empty for no)'),
    ("bad number", lambda e: e.sheets.update(Figures=[["label", "value"], ["CCIs", "many"]]),
     'Figures!B2: error: "many" is not a number; type digits only, such as 78 or 4600'),
    ("bad url", lambda e: e.set("Sessions!I1", "slides").set("Sessions!I2", "www.example.org/slides"),
     'Sessions!I2: error: "www.example.org/slides" is not a web address; write it in full, starting with https://'),
    ("bad id", lambda e: e.set("Speakers!A2", "L. Bour").set("Sessions!G2", "avocat").set("Sessions!H3", ""),
     'Speakers!A2: error: "L. Bour" is not a usable id; use at most 64 letters, digits, "-", "_" or "."'),
    ("id too long", lambda e: e.set("Registrants!G1", "id").set("Registrants!G2", "x" * 65),
     f'Registrants!G2: error: "{"x" * 65}" is not a usable id; use at most 64 letters, digits, "-", "_" or "."'),
    ("corrupt logo", lambda e: (e.folder / "logo.png").write_bytes(b"not a png") and e.set("Event!A7", "logo")
     .set("Event!B7", "logo.png"),
     'Event!B7: error: file "logo.png" is not a readable image; give a PNG, JPEG or SVG file'),
    ("overlap without room in a one-room event", lambda e: e.set("Sessions!B3", "10:00").set("Sessions!H3", "")
     .set("Sessions!D2", "").set("Sessions!D3", ""),
     'Sessions!B3: error: "E-reputation" (10:00–11:30) overlaps "Opening" (09:30–10:15, Sessions!B2) in room "-"; '
     "move one of them"),
    ("nameless person", lambda e: e.set("Speakers!D3", ""),
     "Speakers!C3: error: this person has no name; give a first or last name, or a job title and an organisation"),
    ("derived id clash", lambda e: e.set("Registrants!C2", "").set("Registrants!C3", "").set("Registrants!A3", "Zoé")
     .set("Registrants!B3", "Durand").set("Registrants!D3", "CCI Paris"),
     "Registrants!G3: error: this row gets the same derived id as Registrants!G2; give both an id in the Id column"),
    ("slides of another scheme", lambda e: e.set("Sessions!I1", "slides").set("Sessions!I2", "javascript:alert(1)"),
     'Sessions!I2: error: "javascript:alert(1)" is neither a web address nor a file of the event folder; give an '
     "address starting with https://, or the path of a file in the event folder such as slides/survey.pdf"),
    ("slides file missing", lambda e: e.set("Sessions!I1", "slides").set("Sessions!I2", "slides/missing.pdf"),
     'Sessions!I2: error: file "slides/missing.pdf" does not exist in the event folder; add it or correct the name'),
    ("slides file outside folder", lambda e: e.set("Sessions!I1", "slides").set("Sessions!I2", "../secret.pdf"),
     'Sessions!I2: error: file "../secret.pdf" is outside the event folder; copy it into the folder and give its '
     "relative path"),
    ("slides naming the workbook", lambda e: e.set("Sessions!I1", "slides").set("Sessions!I3", "event.xlsx"),
     'Sessions!I3: error: file "event.xlsx" is not a slide deck the recap site offers for download; give a PDF '
     "(or a .pptx, .odp, .key file), or a web address starting with https://"),
    ("slides as a web page", lambda e: (e.folder / "talk.html").write_text("<script></script>")
     and e.set("Sessions!I1", "slides").set("Sessions!I2", "talk.html"),
     'Sessions!I2: error: file "talk.html" is not a slide deck the recap site offers for download; give a PDF '
     "(or a .pptx, .odp, .key file), or a web address starting with https://"),
    ("no header row", lambda e: e.sheets.update(Rooms=[["Salle des fêtes"], ["250"]]),
     "Rooms!A1: error: no header row found in the first 20 rows; put the column names (Name, Capacity, Access) "
     "in one row"),
]


@pytest.mark.parametrize("change, expected", [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_check_reports_each_error_located_and_exits_1(event, change, expected):
    change(event)
    result = run("check", event.write())
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [expected]


WARNINGS = [
    ("no bio", lambda e: e.set("Speakers!F2", ""),
     "Speakers!F2: warning: Ludovic Bour has no bio; the programme will show only their name"),
    ("no photo", lambda e: e.set("Speakers!G3", ""),
     "Speakers!G3: warning: Lawyer (Cabinet Bensussan) has no photo; the recap site will show initials"),
    ("no organisation", lambda e: e.set("Registrants!D3", ""),
     "Registrants!D3: warning: Jean Dupont has no organisation; the badge will show none"),
    ("no email", lambda e: e.set("Registrants!C3", ""),
     "Registrants!C3: warning: Jean Dupont has no email; they will receive no invitation"),
    ("no room in a multi-room event", lambda e: e.set("Sessions!D3", "").sheets.update(
        Rooms=[["name"], ["Hall"], ["Annex"]]),
     "Sessions!D3: warning: no room given while the event has several rooms (Hall, Annex); say where it takes place"),
    ("chosen sessions at the same time", lambda e: e.set("Sessions!B3", "10:00").set("Sessions!D3", "Annex")
     .set("Sessions!G3", "avocat").set("Sessions!H3", "").set("Registrants!G1", "sessions").set("Registrants!G3", "s1, s2"),
     'Registrants!G3: warning: Jean Dupont chose "E-reputation" and "Opening", which take place at the same time; '
     "ask which one they want"),
    ("event of forty days", lambda e: e.set("Event!A8", "end_date").set("Event!B8", dt.date(2010, 11, 27))
     .set("Sessions!I1", "date").set("Sessions!I2", dt.date(2010, 10, 19)).set("Sessions!I3", dt.date(2010, 10, 19)),
     "Event!B8: warning: the event lasts 40 days (until 2010-11-27); check the end date"),
    ("internationalised address", lambda e: e.set("Registrants!C3", "jérôme@cci-nice.fr"),
     'Registrants!C3: warning: "jérôme@cci-nice.fr" has letters outside ASCII before the @, which confkit\'s SMTP '
     "sender cannot send to; give an ASCII address"),
    ("internationalised organiser address", lambda e: e.set("Event!B6", "événements@example.org"),
     'Event!B6: warning: "événements@example.org" has letters outside ASCII before the @, which confkit\'s SMTP '
     "sender cannot send to; give an ASCII address"),
    ("unknown column", lambda e: e.set("Registrants!G1", "T-shirt size").set("Registrants!G2", "M"),
     'Registrants!G1: warning: unknown column "T-shirt size" is kept as extra data; rename it if it was meant as one '
     "of: Id, First name, Last name, Email, Organisation, Job title, Category, City, Badge name, Listed, Sessions"),
    ("duplicate column", lambda e: e.set("Registrants!G1", "E-mail"),
     'Registrants!G1: warning: column "E-mail" repeats column C; only the first is read, rename or remove this one'),
    ("speaker's SVG photo", lambda e: _svg(e.folder / "photos" / "bour.svg")
     and e.set("Speakers!G2", "photos/bour.svg"),
     'Speakers!G2: warning: photo "photos/bour.svg" is an SVG: the programme shows it, but the recap site shows '
     "initials instead (an SVG may carry scripts and hidden data that confkit cannot remove); give a JPEG or PNG"),
    ("SVG in the Photos sheet", lambda e: _svg(e.folder / "photos" / "room.SVG") and e.sheets.update(
        Photos=[["file", "caption"], ["photos/room.SVG", "The room"]]),
     'Photos!A2: warning: photo "photos/room.SVG" is an SVG: the recap site leaves it out (an SVG may carry scripts '
     "and hidden data that confkit cannot remove); give a JPEG or PNG"),
    ("slides too large to publish", lambda e: _sized(e.folder / "slides" / "survey.pdf", 150_000_000)
     and e.set("Sessions!I1", "slides").set("Sessions!I2", "slides/survey.pdf"),
     'Sessions!I2: warning: file "slides/survey.pdf" weighs 150 MB; the recap site offers it for download as it is, '
     "and many web hosts refuse files over 100 MB; save a lighter PDF, or give a web address where it is kept"),
]


def _svg(path):
    return path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="80">'
                           '<rect width="60" height="80" fill="#1F4E79"/></svg>', encoding="utf-8")


def _sized(path, size: int):
    """A PDF of `size` bytes that takes no room on disk (sparse)."""
    path.parent.mkdir(exist_ok=True)
    with path.open("wb") as file:
        file.write(b"%PDF-1.4\n")
        file.truncate(size)
    return path


@pytest.mark.parametrize("change, expected", [case[1:] for case in WARNINGS], ids=[case[0] for case in WARNINGS])
def test_check_reports_each_warning_and_exits_0_unless_strict(event, change, expected):
    change(event)
    folder = event.write()
    result = run("check", folder)
    assert result.exit_code == 0
    assert [line for line in result.output.splitlines() if ": warning: " in line][-1:] == [expected]
    assert run("check", folder, "--strict").exit_code == 1


def test_check_reports_all_problems_at_once_in_reading_order(event):
    event.set("Registrants!C3", "jean.dupont@").set("Sessions!C2", "09:00").set("Event!B4", "Mars/Olympus")
    result = run("check", event.write())
    where = [line.split(": ")[0] for line in result.output.splitlines()[:-1]]
    assert where == ["Event!B4", "Sessions!C2", "Registrants!C3"]
    assert result.output.splitlines()[-1] == "3 errors, 0 warnings"


def test_check_speaks_the_events_language_unless_told(event):
    event.set("Event!B5", "fr").set("Registrants!C3", "jean.dupont@")
    folder = event.write()
    french = run("check", folder).output.splitlines()
    assert french == ["Registrants!C3 : erreur : « jean.dupont@ » n'est pas une adresse e-mail ; écrivez-la sous "
                      "la forme nom@domaine, p. ex. jean.dupont@example.org", "1 erreur, 0 avertissement"]
    assert run("check", folder, "--lang", "en").output.splitlines()[-1] == "1 error, 0 warnings"


def test_check_json_lists_problems_for_scripts(event):
    event.set("Registrants!C3", "jean.dupont@").set("Speakers!F2", "")
    result = run("check", event.write(), "--format", "json")
    report = json.loads(result.output)
    assert (result.exit_code, report["errors"], report["warnings"]) == (1, 1, 1)
    assert [(p["severity"], p["where"], p["code"]) for p in report["problems"]] == [
        ("warning", "Speakers!F2", "no_bio"), ("error", "Registrants!C3", "bad_email")]


def test_check_warns_when_the_event_has_no_id(event):
    event.sheets["Event"] = [row for row in event.sheets["Event"] if row[0] != "id"]
    result = run("check", event.write())
    assert result.output.splitlines() == [
        'Event!A7: warning: no Id: the event\'s id is taken from its title ("study-day-2010"); add an Id row, as '
        "renaming the event would otherwise make printed badges and sent invitations look like another event's",
        "0 errors, 1 warning"]


def test_check_echoes_a_superscript_digit_between_digits(event):
    result = run("check", event.set("Sessions!B2", "1²2").write())
    assert result.output.splitlines()[0] == (
        'Sessions!B2: error: "1²2" is not a time; type a time such as 09:30, 9h30 or 2:30 PM')


def test_given_id_equal_but_for_case_to_a_derived_id_clashes(event):
    """Both become invites/<id>.eml: one file on macOS and Windows, where case is ignored."""
    from confkit.identity import registrant_id

    event.set("Registrants!G1", "id").set("Registrants!G3", registrant_id("zoe.durand@cci-paris.fr").upper())
    problems = [p.render("en") for p in pipeline.inspect(event.write()).problems if p.code == "derived_id_clash"]
    assert problems == ["Registrants!G3: error: this row gets the same derived id as Registrants!G2; "
                        "give both an id in the Id column"]


def test_a_photo_without_caption_is_a_warning_naming_its_cell(event):
    from conftest import photo

    photo(event.folder / "photos" / "room.jpg", "#888888")
    event.sheets["Photos"] = [["file", "caption", "credit"], ["photos/room.jpg", "", "ACFCI"]]
    result = run("check", event.write())
    assert result.exit_code == 0
    assert ('Photos!B2: warning: photo "photos/room.jpg" has no caption; on the recap site its description for '
            'blind visitors would be empty') in result.stdout + result.stderr


def test_check_shows_the_checkins_lines_the_site_would_skip(event):
    (event.folder / "checkins.csv").write_text("registrant_id,checked_in_at\nnobody,2010-10-19T09:00:00+02:00\n",
                                               encoding="utf-8")
    result = run("check", event.write())
    assert result.exit_code == 0
    assert 'checkins.csv:2: warning: "nobody" is not a registrant of this event' in result.stdout + result.stderr


def test_slides_kept_in_the_event_folder_or_on_the_web_are_clean(event):
    (event.folder / "slides").mkdir()
    (event.folder / "slides" / "Enquête 2010.pdf").write_bytes(b"%PDF-1.4\n")
    event.set("Sessions!I1", "slides").set("Sessions!I2", "slides/Enquête 2010.pdf")
    event.set("Sessions!I3", "https://example.org/slides/e-reputation.pdf")
    result = run("check", event.write())
    assert (result.exit_code, result.output) == (0, "0 errors, 0 warnings\n")


def test_slides_that_are_a_link_loop_or_a_link_to_the_workbook_are_errors_at_their_cell(event):
    (event.folder / "loop.pdf").symlink_to("loop.pdf")
    (event.folder / "deck.pdf").symlink_to("event.xlsx")  # a .pdf name would publish the registrants
    event.set("Sessions!I1", "slides").set("Sessions!I2", "loop.pdf").set("Sessions!I3", "deck.pdf")
    result = run("check", event.write())
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if ": error: " in line] == [
        'Sessions!I2: error: file "loop.pdf" is a symbolic link that leads back to itself; put the file itself in '
        "the event folder",
        'Sessions!I3: error: file "deck.pdf" is not a slide deck the recap site offers for download; give a PDF '
        "(or a .pptx, .odp, .key file), or a web address starting with https://"]


def test_svg_photo_warnings_speak_french_for_a_french_event(event):
    _svg(event.folder / "photos" / "bour.svg")
    event.set("Event!B5", "fr").set("Speakers!G2", "photos/bour.svg")
    event.sheets["Photos"] = [["file", "caption"], ["photos/bour.svg", "Ludovic Bour"]]
    result = run("check", event.write())
    assert result.output.splitlines() == [
        "Speakers!G2 : avertissement : la photo « photos/bour.svg » est un SVG : le programme l'affiche, mais le "
        "site bilan montre des initiales à la place (un SVG peut contenir des scripts et des données cachées que "
        "confkit ne sait pas retirer) ; donnez un JPEG ou un PNG",
        "Photos!A2 : avertissement : la photo « photos/bour.svg » est un SVG : le site bilan la laisse de côté (un "
        "SVG peut contenir des scripts et des données cachées que confkit ne sait pas retirer) ; donnez un JPEG ou "
        "un PNG",
        "0 erreur, 2 avertissements"]


def test_a_checkins_csv_that_is_no_list_of_checkins_is_told_in_the_events_language(event):
    """It used to stop `check` as a bare UserError, before the event's language was known: told in English."""
    event.set("Event!B5", "fr")
    (event.folder / "checkins.csv").write_text("nom,heure\nDupont,9h\n", encoding="utf-8")
    folder = event.write()
    result = run("check", folder)
    assert (result.exit_code, result.output.splitlines()) == (1, [
        "checkins.csv:1 : erreur : ce n'est pas une liste d'arrivées : sa première ligne doit nommer les colonnes "
        "registrant_id et checked_in_at (trouvé : nom, heure) ; exportez-la à nouveau en CSV avec cet en-tête",
        "1 erreur, 0 avertissement"])
    report = json.loads(run("check", folder, "--format", "json").output)
    assert [(p["severity"], p["where"], p["code"]) for p in report["problems"]] == [
        ("error", "checkins.csv:1", "checkins_header")]


def test_a_bad_line_of_checkins_csv_is_told_in_the_events_language(event):
    event.set("Event!B5", "fr")
    (event.folder / "checkins.csv").write_text(
        "registrant_id,checked_in_at\nnobody,2010-10-19T09:00:00+02:00\n\"" + "x" * 200_000 + "\",9h\n",
        encoding="utf-8")
    result = run("check", event.write())
    assert (result.exit_code, result.output.splitlines()) == (1, [
        "checkins.csv:3 : erreur : ce n'est pas un fichier texte CSV (un champ de plus de 131072 caractères) ; "
        "exportez les arrivées en CSV (UTF-8)",
        "1 erreur, 0 avertissement"])
    (event.folder / "checkins.csv").write_text("registrant_id,checked_in_at\nnobody,2010-10-19T09:00:00+02:00\n",
                                               encoding="utf-8")
    assert run("check", event.folder).output.splitlines() == [
        "checkins.csv:2 : avertissement : « nobody » n'est pas un inscrit de cet événement ; cette arrivée n'est "
        "pas comptée, corrigez l'identifiant d'après la feuille Inscrits",
        "0 erreur, 1 avertissement"]


def test_a_renamed_email_column_is_one_error_naming_the_headers_it_may_have(event):
    event.set("Registrants!C1", "E-mail address")
    result = run("check", event.write())
    assert result.exit_code == 1
    lines = result.output.splitlines()
    errors = [line for line in lines if ": error:" in line]
    assert errors == ["Registrants!C1: error: no Email column, so nobody can be invited (the event has an organiser "
                      "email); name the column of addresses one of: Email, E-mail, e-mail, mail, courriel, "
                      "adresse e-mail"]
    assert not [line for line in lines if "has no email" in line or "n'a pas d'e-mail" in line]
    event.sheets["Event"] = [row for row in event.sheets["Event"] if row[0] != "organiser_email"]
    assert run("check", event.write()).exit_code == 0  # no invitations wanted: addresses are not needed
