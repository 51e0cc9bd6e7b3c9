"""The recap site's data: the Figures sheet as SVG charts, and attendance as aggregates no one can be picked out of."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from functools import cache
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confkit import workbook
from confkit.errors import UserError
from confkit.model import Figure
from confkit.site.attendance import Checkins, parse_checkins, read_checkins, summary
from confkit.site.charts import charts
from conftest import SAMPLE

SVG = "{http://www.w3.org/2000/svg}"


@cache
def sample():
    event, problems = workbook.read(SAMPLE)
    assert [p for p in problems if p.severity == "error"] == []
    return event


def _figure(label: str, value: float, unit: str = "", group: str = "G", source: str = "") -> Figure:
    origin = sample().figures[0].origin
    return Figure(group, label, value, unit, source, "", origin)


def _parsed(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg))


def _texts(root: ET.Element, kind: str) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text") if t.get("class") == kind]


def _bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]


# --- Charts ---------------------------------------------------------------------------------------

def test_one_chart_per_figures_group_in_sheet_order():
    event = sample()
    found = charts(event.figures, event.language, event.brand_colour)
    groups = list(dict.fromkeys(f.group for f in event.figures))
    assert [c.group for c in found] == [c.title for c in found] == groups
    assert [len(c.rows) for c in found] == [sum(f.group == g for f in event.figures) for g in groups]
    assert found[0].sources == ("Enquête ACFCI, 2010",)


def test_each_chart_is_one_labelled_image_of_valid_svg():
    event = sample()
    found = charts(event.figures, event.language, event.brand_colour)
    ids = []
    for chart in found:
        root = _parsed(chart)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        assert root.get("viewBox", "").startswith("0 0 ") and root.get("width") is None  # scales to any width
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert (title.text, desc.text) == (chart.title, chart.description)
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        ids += [root.get("id"), title.get("id"), desc.get("id")]
        assert len(_texts(root, "value")) == len(chart.rows)  # a value written for every bar
    assert len(ids) == len(set(ids))
    assert not re.search(r"<script|javascript:|on\w+=", "".join(map(str, (c.svg for c in found))))


def test_values_are_written_in_the_events_language_with_their_units():
    event = sample()
    french = charts(event.figures, "fr", event.brand_colour)
    assert _texts(_parsed(french[1]), "value") == ["4\u202f600\u00a0personnes"]
    assert _texts(_parsed(french[0]), "value")[:2] == ["116\u00a0CCI", "78\u00a0%"]
    assert (french[1].rows[0].value_text, french[1].rows[0].unit) == ("4\u202f600", "personnes")
    assert "4\u202f600\u00a0personnes" in french[1].description
    assert "CCI interrogées\u00a0: 116\u00a0CCI\u00a0; CCI présentes" in french[0].description  # French spacing
    english = charts(event.figures, "en", event.brand_colour)
    assert _texts(_parsed(english[1]), "value") == ["4,600\u00a0personnes"]
    assert _texts(_parsed(english[0]), "value")[1] == "78%"
    assert charts([_figure("x", 1234.5)], "fr")[0].rows[0].value_text == "1\u202f234,5"


def test_labels_groups_and_units_are_escaped():
    hostile = "<script>alert(1)</script>"
    found = charts([_figure(hostile, 3, unit='"><script>', group=f"{hostile} & co", source=hostile)], "en",
                   brand='red" onload="alert(1)')
    root = _parsed(found[0])  # still well-formed XML
    assert list(root.iter(f"{SVG}script")) == [] and list(root.iter("script")) == []
    assert "<script>" not in str(found[0].svg) and "onload" not in str(found[0].svg)
    assert _texts(root, "label") == [hostile]
    assert root.find(f"{SVG}title").text == f"{hostile} & co"
    assert _bars(root)[0].get("fill") == "#1F4E79"  # a colour that is not one is replaced


def test_bars_are_brand_coloured_with_a_dark_outline_for_black_and_white_printing():
    root = _parsed(charts([_figure("a", 10)], "en", "#ffe600")[0])
    bar = _bars(root)[0]
    assert bar.get("fill") == "#ffe600" and bar.get("stroke") == "#1a1a1a" and float(bar.get("stroke-width")) >= 1


def test_percentages_are_drawn_against_100():
    root = _parsed(charts([_figure("a", 50, "%"), _figure("b", 25, "%")], "en")[0])
    half, quarter = (float(b.get("width")) for b in _bars(root))
    assert half == pytest.approx(2 * quarter, rel=0.01)
    assert half < 640 * 0.55  # not stretched to the full width as the largest value would be


def test_mixed_units_get_one_scale_each_and_the_description_says_so():
    found = charts([_figure("surveyed", 116, "CCI"), _figure("on Facebook", 23, "%")], "en")[0]
    root = _parsed(found)
    full, part = (float(b.get("width")) for b in _bars(root))
    assert part == pytest.approx(full * 23 / 100 * 116 / 116, rel=0.15)  # 23 % of a 100 % bar, not of 116
    assert "own scale" in found.description
    assert "own scale" not in charts([_figure("a", 1, "%"), _figure("b", 2, "%")], "en")[0].description


@pytest.mark.parametrize("values", [(-5, 0, 10), (0, 0), (-3, -1), (float("nan"), 1), (1e300, -1e300)])
def test_negative_zero_and_odd_values_do_not_break_the_drawing(values):
    found = charts([_figure(f"v{n}", v) for n, v in enumerate(values)], "en")[0]
    root = _parsed(found)
    assert len(_texts(root, "value")) == len(values)
    for bar in _bars(root):
        x, width = float(bar.get("x")), float(bar.get("width"))
        assert width >= 0 and 0 <= x and x + width <= 640
    zeros = {line.get("x1") for line in root.iter(f"{SVG}line") if line.get("class") == "zero"}
    assert len(zeros) == 1  # one unit, one zero line
    if values == (-5, 0, 10):
        negative, positive = _bars(root)  # the zero value has no bar, only its mark and label
        assert float(negative.get("x")) + float(negative.get("width")) == pytest.approx(float(zeros.pop()), abs=0.2)
        assert float(negative.get("x")) < float(positive.get("x"))


def test_groups_with_the_same_slug_get_distinct_ids():
    found = charts([_figure("a", 1, group="Été"), _figure("b", 2, group="ete"), _figure("c", 3, group="")], "fr",
                   prefix="fig")
    assert [c.id for c in found] == ["fig-ete", "fig-ete-2", "fig-figures"]
    assert found[2].title == "Chiffres clés"


# --- Reading checkins.csv -------------------------------------------------------------------------

def _sample_checkin_ids() -> list[str]:
    with (SAMPLE / "checkins.csv").open(encoding="utf-8") as file:
        return [row["registrant_id"] for row in csv.DictReader(file)]


def test_sample_attendance_counts_each_known_registrant_who_checked_in_once():
    event = sample()
    checkins = read_checkins(event)
    known = {r.id for r in event.registrants}
    assert checkins.problems == ()
    assert summary(event, checkins).attended == len(set(_sample_checkin_ids()) & known) == 185
    assert summary(event, checkins).registered == len(event.registrants)


def test_bad_lines_are_skipped_with_warnings_at_their_line(tmp_path):
    event = dataclasses.replace(sample(), folder=tmp_path)
    first, second, third = (r.id for r in event.registrants[:3])
    (tmp_path / "checkins.csv").write_text(
        "registrant_id,checked_in_at\n"
        f"{first},2010-10-19T09:05:00+02:00\n"
        "zzz,2010-10-19T09:06:00+02:00\n"
        f"{second},half past nine\n"
        ",2010-10-19T09:07:00+02:00\n"
        f"{first},2010-10-19T08:50:00+02:00\n"
        f"{first},2010-10-19T09:30:00+02:00\n"
        "\n"
        f"{third},2011-01-01T09:00:00+01:00\n", encoding="utf-8")
    checkins = read_checkins(event)
    assert [(p.where, p.code, p.severity) for p in checkins.problems] == [
        ("checkins.csv:3", "checkins_unknown", "warning"), ("checkins.csv:4", "checkins_bad_time", "warning"),
        ("checkins.csv:5", "checkins_no_id", "warning"), ("checkins.csv:9", "checkins_outside", "warning")]
    assert checkins.problems[0].render("fr") == (
        "checkins.csv:3 : avertissement : « zzz » n'est pas un inscrit de cet événement ; cette arrivée n'est pas "
        "comptée, corrigez l'identifiant d'après la feuille Inscrits")
    assert dict(checkins.times) == {first: dt.datetime(2010, 10, 19, 8, 50), third: None}  # earliest kept
    assert checkins.repeated == 2
    assert summary(event, checkins).arrivals.untimed == 1


@pytest.mark.parametrize(("content", "code"), [
    (b"name,time\nx,y\n", "checkins_header"), (b"", "checkins_header"), (b"registrant_id\nabc\n", "checkins_header"),
    ("r\u00e9sum\u00e9;\u00e9t\u00e9\n".encode("cp1252"), "checkins_header"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "checkins_not_text")])
def test_a_file_that_is_not_a_list_of_checkins_is_a_user_error_at_line_1(content, code):
    with pytest.raises(UserError) as raised:
        parse_checkins(content, sample())
    assert (raised.value.where, raised.value.key) == ("checkins.csv:1", code)
    assert raised.value.render("en").startswith("checkins.csv:1: not a")


@pytest.mark.parametrize(("content", "where", "english", "french"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "checkins.csv:1", "binary data", "données binaires"),
    (b'registrant_id,checked_in_at\n"' + b"x" * 200_000 + b'",9h\n', "checkins.csv:2",
     "a field longer than 131072 characters", "un champ de plus de 131072 caractères")])
def test_what_makes_checkins_csv_unreadable_is_told_in_both_languages(content, where, english, french):
    with pytest.raises(UserError) as raised:
        parse_checkins(content, sample())
    assert raised.value.render("en") == f"{where}: not a CSV text file ({english}); export the check-ins as CSV (UTF-8)"
    assert raised.value.render("fr") == (f"{where} : ce n'est pas un fichier texte CSV ({french}) ; exportez les "
                                         "arrivées en CSV (UTF-8)")


def test_times_are_read_with_any_offset_into_the_events_zone_and_semicolons_and_bom_are_fine():
    event = sample()
    first, second, third = (r.id for r in event.registrants[:3])
    data = ("\ufeffRegistrant_ID;Checked_in_at;note\n"
            f"{first};2010-10-19T06:40:49Z;x\n{second};2010-10-19T08:00:00-01:00\n{third};2010-10-19T09:15:00\n")
    times = parse_checkins(data.encode(), event).times
    assert dict(times) == {first: dt.datetime(2010, 10, 19, 8, 40, 49), second: dt.datetime(2010, 10, 19, 11, 0),
                           third: dt.datetime(2010, 10, 19, 9, 15)}


def test_without_checkins_csv_the_breakdowns_count_the_registrants(tmp_path):
    event = dataclasses.replace(sample(), folder=tmp_path)
    checkins = read_checkins(event)
    attendance = summary(event, checkins)
    assert (checkins.times, checkins.problems) == ({}, ())
    assert (attendance.attended, attendance.basis, attendance.arrivals.spans) == (0, "registered", ())
    assert sum(c.count for c in attendance.by_category.counts) + attendance.by_category.withheld == 210


# --- Aggregates only ------------------------------------------------------------------------------

def _event_of(people: list[tuple[str, str, str]]):
    """The sample with these registrants: (organisation, city, category) each."""
    base = sample().registrants[0]
    registrants = tuple(dataclasses.replace(base, id=f"r{n}", first_name=f"First{n}", last_name=f"Last{n}",
                                            email=f"person{n}@example.org", organisation=organisation, city=city,
                                            category=category)
                        for n, (organisation, city, category) in enumerate(people))
    return dataclasses.replace(sample(), registrants=registrants)


def _all_in(event) -> Checkins:
    return Checkins(MappingProxyType({r.id: dt.datetime(2010, 10, 19, 9, 0) for r in event.registrants}))


def test_small_groups_are_merged_into_other_and_a_small_other_is_withheld():
    people = [("ACME", "Paris", "participant")] * 6 + [("Beta", "Lyon", "participant")] * 3
    attendance = summary(_event_of(people), _all_in(_event_of(people)))
    assert [(c.label, c.count, c.other) for c in attendance.by_organisation.counts] == [("ACME", 6, False)]
    assert attendance.by_organisation.withheld == 3
    people += [("Gamma", "Lyon", "press")] * 2
    attendance = summary(_event_of(people), _all_in(_event_of(people)))
    assert [(c.label, c.count, c.other) for c in attendance.by_organisation.counts] == [("ACME", 6, False),
                                                                                        ("Autres", 5, True)]
    assert attendance.by_organisation.withheld == 0
    assert [(c.label, c.count) for c in attendance.by_city.counts] == [("Paris", 6), ("Lyon", 5)]
    assert [(c.label, c.count) for c in attendance.by_category.counts] == [("Participant", 9)]
    assert (attendance.by_category.withheld, attendance.organisations, attendance.cities) == (2, 3, 2)


def test_organisations_are_one_group_whatever_their_spelling_shown_as_most_often_written():
    people = [("CCI de Lyon", "", "participant")] * 3 + [("cci de lyon", "", "participant"),
                                                        (" CCI  DE LYON", "", "participant")]
    attendance = summary(_event_of(people), _all_in(_event_of(people)))
    assert [(c.label, c.count) for c in attendance.by_organisation.counts] == [("CCI de Lyon", 5)]
    assert attendance.organisations == 1
    assert [(c.label, c.count, c.other) for c in attendance.by_city.counts] == [("Autres", 5, True)]  # no city given


def test_arrivals_are_15_minute_bins_with_small_ones_merged_with_their_neighbours():
    event = _event_of([("ACME", "Paris", "participant")] * 20)
    at = [dt.datetime(2010, 10, 19, 8, 31)] * 2 + [dt.datetime(2010, 10, 19, 8, 50)] * 4 \
        + [dt.datetime(2010, 10, 19, 9, 44)] * 10 + [dt.datetime(2010, 10, 19, 10, 20)] * 2 \
        + [dt.datetime(2010, 10, 20, 9, 0)] * 2
    checkins = Checkins(MappingProxyType({r.id: t for r, t in zip(event.registrants, at)}))
    arrivals = summary(event, checkins).arrivals
    day = dt.date(2010, 10, 19)
    assert [(s.start.time().isoformat("minutes"), s.end.time().isoformat("minutes"), s.count)
            for s in arrivals.spans] == [("08:30", "09:00", 6), ("09:00", "09:15", 0), ("09:15", "09:30", 0),
                                         ("09:30", "10:30", 12)]
    assert all(s.start.date() == day for s in arrivals.spans)
    assert (arrivals.withheld, arrivals.untimed) == (2, 0)  # the second day's two arrivals


# (organisation, city, category, arrival): None did not come, -1 came at an unknown time, else minutes in 3 days
people_strategy = st.lists(st.tuples(st.sampled_from(["ACME", "acmé", "Beta", "Gamma", "Delta", ""]),
                                     st.sampled_from(["Paris", "Lyon", "Nice", ""]),
                                     st.sampled_from(["participant", "speaker", "press", "staff"]),
                                     st.none() | st.just(-1) | st.integers(0, 3 * 24 * 60 - 1)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(people=people_strategy, minimum=st.integers(1, 7))
def test_no_breakdown_shows_a_group_smaller_than_the_minimum(people, minimum):
    event = _event_of([person[:3] for person in people])
    start = dt.datetime(2010, 10, 19, 0, 0)
    checkins = Checkins(MappingProxyType({r.id: None if p[3] == -1 else start + dt.timedelta(minutes=p[3])
                                          for r, p in zip(event.registrants, people) if p[3] is not None}))
    attendance = summary(event, checkins, minimum=minimum)
    basis = len(checkins.times) if checkins.times else len(people)
    for breakdown in (attendance.by_category, attendance.by_organisation, attendance.by_city):
        assert all(c.count >= minimum for c in breakdown.counts)
        assert sum(c.count for c in breakdown.counts) + breakdown.withheld == basis
        assert 0 <= breakdown.withheld < minimum
        assert sum(c.other for c in breakdown.counts) <= 1
    arrivals = attendance.arrivals
    assert all(s.count == 0 or s.count >= minimum for s in arrivals.spans)
    assert all(a.end <= b.start for a, b in zip(arrivals.spans, arrivals.spans[1:]))
    timed = sum(t is not None for t in checkins.times.values())
    assert sum(s.count for s in arrivals.spans) + arrivals.withheld == timed
    assert arrivals.untimed == len(checkins.times) - timed


def test_the_summary_names_no_one():
    event = sample()
    shown = repr(summary(event, read_checkins(event)))
    for registrant in event.registrants:
        for private in (registrant.email, registrant.id, f"{registrant.first_name} {registrant.last_name}",
                        registrant.name):
            assert not private.strip() or private not in shown
    assert "@" not in shown
