"""The Figures sheet as charts: one inline SVG bar chart per group, with its numbers as rows.

The recap site draws its key figures without JavaScript and without a chart library, so that
a page reads the same from file://, in a feed reader and on paper. Each chart is a plain
horizontal bar chart: every value is written at the end of its bar (the bars are never the
only carrier of a number, nor is colour), bars are filled with the brand colour and outlined
in a dark line so that a light brand colour or a black-and-white printer still shows them,
and the SVG has only a viewBox, so it shrinks to any width. Its `<title>` and `<desc>` make it
one image to a screen reader; `rows` give the same numbers for the real table beside it.

Scales: a group may mix units (the sample's survey gives "116 CCI" then percentages of
them). Bars of different units cannot share one axis, yet dropping the bars would lose the
picture for the common case, so each unit gets its own scale, percentages are drawn against
100 %, and the description says so whenever a group mixes units. Bars grow from zero, to the
left for negative values; a zero value is drawn as the zero mark alone, with its label.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel import Locale
from babel.numbers import format_decimal, format_scientific
from markupsafe import Markup, escape

from confkit.model import Figure
from confkit.text.messages import say

DEFAULT_BRAND = "#1F4E79"  # the new workbook's colour, for an event that gives none
OUTLINE = "#1a1a1a"  # dark on any brand colour and on paper

WIDTH = 640  # viewBox units; the chart is scaled to its container
PAD = 8
FONT = 15  # label and value size, in viewBox units
LINE = 19  # label line height
BAR = 20  # bar thickness
GAP = 14  # between one row and the next label
CHAR = 0.58  # an estimate of the average glyph width, in ems, to wrap labels and reserve room for values


@dataclass(frozen=True, slots=True)
class Row:
    """One figure as the table beside the chart shows it."""

    label: str
    value_text: str  # the number in the event's language: "1 234,5" in French
    unit: str
    source: str
    shown: str = ""  # number and unit as written at the bar's end: "78 %" in French, "78%" in English
    value: float = 0.0


@dataclass(frozen=True, slots=True)
class Chart:
    """One group of the Figures sheet: its SVG and the same numbers as rows."""

    group: str
    title: str
    description: str
    svg: Markup
    rows: tuple[Row, ...]
    sources: tuple[str, ...]  # distinct, in sheet order
    id: str = ""  # the SVG's id, unique among the charts of one call; `{id}-title` and `{id}-desc` inside


def charts(figures: Iterable[Figure], lang: str, brand: str = DEFAULT_BRAND, *, prefix: str = "chart"
           ) -> tuple[Chart, ...]:
    """One chart per Figures group, in the order the groups first appear in the sheet.

    `prefix` starts every id, so that two calls on one page can keep their ids apart.
    """
    groups: dict[str, list[Figure]] = {}
    for figure in figures:
        groups.setdefault(figure.group, []).append(figure)
    taken: set[str] = set()
    return tuple(_chart(group, members, lang, _colour(brand), _unique(f"{prefix}-{slug(group)}", taken))
                 for group, members in groups.items())


def bars(title: str, pairs: Iterable[tuple[str, float]], lang: str, brand: str = DEFAULT_BRAND,
         chart_id: str = "chart") -> Chart:
    """A chart of counts that are not in the Figures sheet (the attendance's arrivals): label, value."""
    rows = tuple(Row(label, _number(value, lang), "", "", _number(value, lang), value) for label, value in pairs)
    description = _description(rows, (), lang)
    return Chart(title, title, description, _svg(rows, title, description, _colour(brand), chart_id), rows, (), chart_id)


def slug(text: str) -> str:
    """`Enquête ACFCI auprès de 116 CCI` -> `enquete-acfci-aupres-de-116-cci` (at most 48 letters)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].rstrip("-") or "figures"


def row(figure: Figure, lang: str) -> Row:
    """The figure's value in the event's language, with its unit."""
    number = _number(figure.value, lang)
    return Row(figure.label, number, figure.unit, figure.source, _shown(number, figure.unit, lang),
               figure.value)


def _number(value: float, lang: str) -> str:
    """`1 234,5` in French; from 10¹⁵ on, `1,5E15` (Babel's rounding gives up on such numbers)."""
    if not math.isfinite(value):
        return "—"
    if abs(value) >= 1e15:
        return format_scientific(value, "#.###E0", locale=lang)
    return format_decimal(value, locale=lang)


def _shown(number: str, unit: str, lang: str) -> str:
    """`78 %` (French, a no-break space), `78%` (English), `4 600 personnes`: never split across lines."""
    unit = unit.strip()
    if _is_percent(unit):
        return number + Locale.parse(lang).percent_formats[None].suffix[0]  # the locale's own "\u00a0%" or "%"
    return f"{number}\u00a0{unit}" if unit else number


def _is_percent(unit: str) -> bool:
    return unit.strip() == "%"


def _chart(group: str, figures: Sequence[Figure], lang: str, brand: str, chart_id: str) -> Chart:
    rows = tuple(row(figure, lang) for figure in figures)
    sources = tuple(dict.fromkeys(r.source for r in rows if r.source))
    title = group or say("figures_untitled", lang)
    description = _description(rows, sources, lang)
    return Chart(group, title, description, _svg(rows, title, description, brand, chart_id), rows, sources, chart_id)


def _description(rows: Sequence[Row], sources: Sequence[str], lang: str) -> str:
    """What a screen reader says of the image: every figure, how the bars are scaled, the sources."""
    colon, semicolon = ("\u00a0: ", "\u00a0; ") if lang == "fr" else (": ", "; ")  # French spacing
    items = semicolon.join(f"{r.label}{colon}{r.shown}" for r in rows)
    parts = [say("chart_description", lang, items=items)]
    if len({_scale_key(r.unit) for r in rows}) > 1:
        parts.append(say("chart_scales", lang))
    if sources:
        parts.append(say("chart_sources", lang, sources=", ".join(sources)))
    return " ".join(parts)


def _scale_key(unit: str) -> str:
    """Rows share a scale when their units are the same, spelling aside."""
    return unit.strip().casefold()


def _scales(rows: Sequence[Row]) -> dict[str, tuple[float, float]]:
    """Per unit, the (low, high) its bars are drawn between: zero always included, percentages to 100."""
    scales: dict[str, tuple[float, float]] = {}
    for r in rows:
        low, high = scales.get(_scale_key(r.unit), (0.0, 100.0 if _is_percent(r.unit) else 0.0))
        if math.isfinite(r.value):
            low, high = min(low, r.value), max(high, r.value)
        scales[_scale_key(r.unit)] = (low, high)
    return scales


def _wrap(text: str, width: float) -> list[str]:
    """Words on lines that fit `width` (estimated); a word longer than a line is cut."""
    per_line = max(8, int(width / (FONT * CHAR)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > per_line:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:per_line - 1] + "-")
            word = word[per_line - 1:]
        if current and len(current) + 1 + len(word) > per_line:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current or not lines else lines


def _text_width(text: str) -> float:
    return len(text) * FONT * CHAR


def _svg(rows: Sequence[Row], title: str, description: str, brand: str, chart_id: str) -> Markup:
    scales = _scales(rows)
    reserve = min(WIDTH * 0.4, max((_text_width(r.shown) for r in rows), default=0) + 8)
    negative = any(r.value < 0 for r in rows if math.isfinite(r.value))
    left, right = PAD + (reserve if negative else 0), WIDTH - PAD - reserve
    e = escape
    body: list[str] = []
    y = PAD
    for r in rows:
        for line in _wrap(r.label, WIDTH - 2 * PAD):
            y += LINE
            body.append(f'<text class="label" x="{PAD}" y="{y - 4}">{e(line)}</text>')
        top = y + 4
        low, high = scales[_scale_key(r.unit)]
        span = (high - low) or 1.0
        value = r.value if math.isfinite(r.value) else 0.0

        zero, end = (left + (v - low) / span * (right - left) for v in (0.0, value))
        start, stop = min(zero, end), max(zero, end)
        if stop - start >= 0.5:
            body.append(f'<rect class="bar" x="{start:.1f}" y="{top}" width="{stop - start:.1f}" height="{BAR}" '
                        f'fill="{brand}" stroke="{OUTLINE}" stroke-width="1"/>')
        body.append(f'<line class="zero" x1="{zero:.1f}" y1="{top - 3}" x2="{zero:.1f}" y2="{top + BAR + 3}" '
                    f'stroke="{OUTLINE}" stroke-width="1.5"/>')
        anchor, x = ("end", start - 6) if value < 0 else ("start", stop + 6)
        body.append(f'<text class="value" x="{x:.1f}" y="{top + BAR / 2 + FONT * 0.35:.1f}" text-anchor="{anchor}" '
                    f'font-weight="bold">{e(r.shown)}</text>')
        y = top + BAR + GAP
    height = y + PAD - GAP
    chart = e(chart_id)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart}" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-labelledby="{chart}-title {chart}-desc" font-family="sans-serif" font-size="{FONT}" '
        f'fill="currentColor">'
        f'<title id="{chart}-title">{e(title)}</title><desc id="{chart}-desc">{e(description)}</desc>'
        + "".join(body) + "</svg>")


def _colour(brand: str) -> str:
    """The brand colour if it is a hex colour, else the default: it lands inside an attribute."""
    brand = (brand or "").strip()
    return brand if re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", brand) else DEFAULT_BRAND


def _unique(candidate: str, taken: set[str]) -> str:
    found, n = candidate, 1
    while found in taken:
        n += 1
        found = f"{candidate}-{n}"
    taken.add(found)
    return found
