"""Badge sheets and layouts: data files in templates/badges/, checked when loaded.

A sheet preset says how badges sit on paper (page, grid, margins, gaps, cut marks,
folding); a layout says what a badge shows and where (elements in mm from the
badge's top-left corner). Both are JSON, so that a user adds a label brand or
restyles a badge without code; every mistake in them is reported with its place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateNotFound

from confkit.errors import UserError
from confkit.text.messages import words

MIN_QR_MM = 20  # the code itself, without its quiet zone
QUIET = 4  # modules of quiet zone on each side
# The smallest code we print: a check-in token is version 6 (41 modules) at level M. With a
# fixed outer size, the smaller the version the bigger its share of quiet zone, so this is
# the case that decides how large the box must be for a code of 20 mm.
SMALLEST_MODULES = 41
MIN_QR_BOX = MIN_QR_MM * (SMALLEST_MODULES + 2 * QUIET) / SMALLEST_MODULES
FIELDS = ("event_title", "event_date", "job_title", "organisation", "city", "category")
FONTS = ("regular", "bold")
ALIGNS = ("left", "center", "right")


class LayoutProblem(UserError):
    """A file or option the user gave is wrong (a layout file, --start-at ...); `where` is `file: key`."""

    def text(self, lang: str) -> str:
        """The message alone, under its first name."""
        return self.message(lang)


@dataclass(frozen=True, slots=True)
class Element:
    type: str  # name (the first name), surname (the last name), text, qr, band, logo
    x: float
    y: float
    width: float
    height: float
    field: str = ""
    size: float = 10.0
    min_size: float = 0.0
    font: str = "regular"
    align: str = "left"
    colour: str = "#1D1D1F"  # or "on-brand": white or near-black, whichever reads on the event's colour
    lines: int = 1  # a text wraps to this many lines before it shrinks
    x_without_logo: float | None = None  # where the box starts when the event has no logo
    # Shrinking above this size is the layout at work, not worth a warning: a first name is set as
    # large as it fits, so most names come out under `size` and still read at two metres.
    warn_below: float = 0.0


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    width: float
    height: float
    elements: tuple[Element, ...]
    colours: dict


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    description: str
    page: tuple[float, float]
    badge: tuple[float, float]
    columns: int
    rows: int
    margin: tuple[float, float]  # left, top
    gap: tuple[float, float]
    cut_marks: bool
    fold: bool
    layout: Layout

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def unit(self) -> tuple[float, float]:
        """Paper one badge takes: twice its height when it folds."""
        return self.badge[0], self.badge[1] * (2 if self.fold else 1)

    def position(self, slot: int) -> tuple[float, float]:
        """Top-left corner (mm from the page's top-left) of the badge in `slot` (0-based, row by row)."""
        row, column = divmod(slot, self.columns)
        return (self.margin[0] + column * (self.unit[0] + self.gap[0]),
                self.margin[1] + row * (self.unit[1] + self.gap[1]))


def builtin_sheets(env) -> list[str]:
    return sorted(name.split("/")[-1][:-5] for name in env.list_templates(extensions=["json"])
                  if name.startswith("badges/sheets/"))


def load(choice: str, env) -> Sheet:
    """A preset by name (`a4-8`) or the path of the user's own sheet file."""
    path = Path(choice)
    if choice.endswith(".json"):
        if not path.is_file():
            raise LayoutProblem("layout_no_file", choice)
        return sheet_from(_json(_read(path, choice), choice), choice, env, path.parent)
    try:
        source = env.loader.get_source(env, f"badges/sheets/{choice}.json")[0]
    except TemplateNotFound:
        known = ", ".join(builtin_sheets(env))
        raise LayoutProblem("layout_unknown_sheet", choice, known=known) from None
    return sheet_from(_json(source, choice), f"badges/sheets/{choice}.json", env, None)


def _read(path: Path, where: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LayoutProblem("layout_not_utf8", where) from None


def _json(text: str, where: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LayoutProblem("layout_bad_json", f"{where}:{error.lineno}", detail=error.msg) from None
    if not isinstance(data, dict):
        raise LayoutProblem("layout_not_object", where)
    return data


def sheet_from(data: dict, where: str, env, folder: Path | None) -> Sheet:
    read = _Reader(data, where)
    layout_ref = data.get("layout")
    if isinstance(layout_ref, dict):
        layout = layout_from(layout_ref, f"{where}: layout")
    elif isinstance(layout_ref, str) and folder is not None and (folder / layout_ref).is_file():
        layout = layout_from(_json(_read(folder / layout_ref, layout_ref), layout_ref), layout_ref)
    else:
        layout = _builtin_layout(read.text("layout"), where, env)
    sheet = Sheet(read.text("name", data.get("name", Path(where).stem)), read.text("description", ""),
                  read.pair("page"), read.pair("badge"), read.count("columns"), read.count("rows"),
                  read.pair("margin", minimum=0), read.pair("gap", minimum=0), read.flag("cut_marks"),
                  read.flag("fold"), layout)
    _fits_on_page(sheet, where)
    _qr_large_enough(sheet, where)
    return sheet


def _builtin_layout(name: str, where: str, env) -> Layout:
    try:
        source = env.loader.get_source(env, f"badges/layouts/{name}.json")[0]
    except TemplateNotFound:
        raise LayoutProblem("layout_unknown", f"{where}: layout", name=name) from None
    return layout_from(_json(source, name), f"badges/layouts/{name}.json")


def layout_from(data: dict, where: str) -> Layout:
    read = _Reader(data, where)
    width, height = read.number("width"), read.number("height")
    elements = data.get("elements")
    if not isinstance(elements, list) or not elements:
        raise LayoutProblem("layout_no_elements", f"{where}: elements")
    colours = data.get("colours", {})
    if not isinstance(colours, dict) or not all(_is_colour(v) for v in colours.values()):
        raise LayoutProblem("layout_bad_colours", f"{where}: colours")
    parsed = tuple(_element(item, f"{where}: elements[{index}]", width, height)
                   for index, item in enumerate(elements))
    if sum(element.type == "name" for element in parsed) != 1:
        raise LayoutProblem("layout_one_name", f"{where}: elements")
    return Layout(read.text("name", Path(where).stem), width, height, parsed, colours)


def _element(item, where: str, width: float, height: float) -> Element:
    if not isinstance(item, dict):
        raise LayoutProblem("layout_element_not_object", where)
    read = _Reader(item, where)
    kind = read.choice("type", ("name", "surname", "text", "qr", "band", "logo"))
    x, y = read.number("x", minimum=0), read.number("y", minimum=0)
    if kind == "qr":
        size = read.number("size")
        if size < MIN_QR_BOX:
            raise _qr_too_small(f"{where}.size", size)
        element = Element("qr", x, y, size, size)
    else:
        element = Element(kind, x, y, read.number("width"), read.number("height"), field=_field(read, kind),
                          size=read.number("size", default=10), min_size=read.number("min_size", default=0, minimum=0),
                          font=read.choice("font", FONTS, default="regular" if kind == "text" else "bold"),
                          align=read.choice("align", ALIGNS, default="center" if kind == "band" else "left"),
                          colour=read.colour("colour", "#1D1D1F"), lines=read.count("lines", default=1),
                          x_without_logo=read.number("x_without_logo", default=x, minimum=0),
                          warn_below=read.number("warn_below", default=0, minimum=0))
    if element.x + element.width > width + 1e-6 or element.y + element.height > height + 1e-6:
        raise LayoutProblem("layout_beyond_badge", where, width=width, height=height)
    return element


def _field(read: _Reader, kind: str) -> str:
    """What a text prints; a band is the category's (no field) or the event's colour ("brand")."""
    if kind == "text":
        return read.choice("field", FIELDS)
    return read.choice("field", ("", "brand"), default="") if kind == "band" else ""


def _qr_too_small(where: str, size: float) -> LayoutProblem:
    return LayoutProblem("layout_qr_too_small", where, box=MIN_QR_BOX, code=MIN_QR_MM, size=size)


def _qr_large_enough(sheet: Sheet, where: str) -> None:
    """A layout drawn on a smaller badge shrinks: its QR code must still reach 20 mm."""
    scale = min(sheet.badge[0] / sheet.layout.width, sheet.badge[1] / sheet.layout.height)
    for element in sheet.layout.elements:
        if element.type == "qr" and element.width * scale < MIN_QR_BOX - 1e-6:
            raise _qr_too_small(f"{where}: badge", element.width * scale)


def _fits_on_page(sheet: Sheet, where: str) -> None:
    for axis, count, label in ((0, sheet.columns, "page_width"), (1, sheet.rows, "page_height")):
        needed = sheet.margin[axis] + count * sheet.unit[axis] + (count - 1) * sheet.gap[axis]
        if needed > sheet.page[axis] + 1e-6:
            raise LayoutProblem("layout_page_too_small", where, needed=needed, axis=words(label),
                                available=sheet.page[axis])


def _is_colour(value) -> bool:
    return isinstance(value, str) and len(value) == 7 and value[0] == "#" and all(
        c in "0123456789abcdefABCDEF" for c in value[1:])


class _Reader:
    """Typed access to a JSON object, with `file: key: expected ..., received ...` errors."""

    def __init__(self, data: dict, where: str):
        self.data, self.where = data, where

    def _fail(self, key: str, expected: str, **params):
        """`expected` names a catalogue entry: a number > 0, a text ..."""
        raise LayoutProblem("layout_expected", f"{self.where}: {key}", expected=words(expected, **params),
                            received=json.dumps(self.data.get(key), ensure_ascii=False))

    def number(self, key: str, default=None, minimum: float = 1e-9) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
            self._fail(key, "expected_not_negative" if minimum == 0 else "expected_positive")
        return float(value)

    def count(self, key: str, default=None) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self._fail(key, "expected_count")
        return value

    def pair(self, key: str, minimum: float = 1e-9) -> tuple[float, float]:
        value = self.data.get(key)
        if not (isinstance(value, list) and len(value) == 2 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and v >= minimum for v in value)):
            self._fail(key, "expected_pair")
        return float(value[0]), float(value[1])

    def text(self, key: str, default=None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            self._fail(key, "expected_text")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self._fail(key, "expected_flag")
        return value

    def choice(self, key: str, options: tuple[str, ...], default=None) -> str:
        value = self.data.get(key, default)
        if value not in options:
            self._fail(key, "expected_one_of", options=", ".join(options))
        return value

    def colour(self, key: str, default: str) -> str:
        value = self.data.get(key, default)
        if not (_is_colour(value) or value == "on-brand"):
            self._fail(key, "expected_colour")
        return value
