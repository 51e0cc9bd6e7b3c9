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


class LayoutProblem(Exception):
    """A file or option the user gave is wrong (a layout file, --start-at ...); `where` is `file: key`."""

    def __init__(self, where: str, message: str, french: str = ""):
        super().__init__(f"{where}: {message}")
        self.where, self.message, self.french = where, message, french

    def text(self, lang: str) -> str:
        return self.french if lang == "fr" and self.french else self.message


@dataclass(frozen=True, slots=True)
class Element:
    type: str  # name, text, qr, band, logo
    x: float
    y: float
    width: float
    height: float
    field: str = ""
    size: float = 10.0
    min_size: float = 0.0
    font: str = "regular"
    align: str = "left"
    colour: str = "#1D1D1F"


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
            raise LayoutProblem(choice, "no such file", "fichier introuvable")
        return sheet_from(_json(_read(path, choice), choice), choice, env, path.parent)
    try:
        source = env.loader.get_source(env, f"badges/sheets/{choice}.json")[0]
    except TemplateNotFound:
        known = ", ".join(builtin_sheets(env))
        raise LayoutProblem(choice, f"unknown layout; expected one of: {known}, or the path of a .json sheet file",
                            f"mise en page inconnue ; possibles : {known}, ou le chemin d'un fichier .json") from None
    return sheet_from(_json(source, choice), f"badges/sheets/{choice}.json", env, None)


def _read(path: Path, where: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LayoutProblem(where, "not UTF-8 text; save it as UTF-8",
                            "ce n'est pas du texte UTF-8 ; enregistrez-le en UTF-8") from None


def _json(text: str, where: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LayoutProblem(f"{where}:{error.lineno}", f"not valid JSON ({error.msg})",
                            f"JSON invalide ({error.msg})") from None
    if not isinstance(data, dict):
        raise LayoutProblem(where, "expected a JSON object", "un objet JSON était attendu")
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
        raise LayoutProblem(f"{where}: layout", f'unknown layout "{name}"',
                            f"mise en page inconnue « {name} »") from None
    return layout_from(_json(source, name), f"badges/layouts/{name}.json")


def layout_from(data: dict, where: str) -> Layout:
    read = _Reader(data, where)
    width, height = read.number("width"), read.number("height")
    elements = data.get("elements")
    if not isinstance(elements, list) or not elements:
        raise LayoutProblem(f"{where}: elements", "expected a list of elements", "une liste d'éléments était attendue")
    colours = data.get("colours", {})
    if not isinstance(colours, dict) or not all(_is_colour(v) for v in colours.values()):
        raise LayoutProblem(f"{where}: colours", "expected category: #RRGGBB pairs",
                            "des paires catégorie : #RRGGBB étaient attendues")
    parsed = tuple(_element(item, f"{where}: elements[{index}]", width, height)
                   for index, item in enumerate(elements))
    if sum(element.type == "name" for element in parsed) != 1:
        raise LayoutProblem(f"{where}: elements", 'expected exactly one element of type "name"',
                            "il faut exactement un élément de type « name »")
    return Layout(read.text("name", Path(where).stem), width, height, parsed, colours)


def _element(item, where: str, width: float, height: float) -> Element:
    if not isinstance(item, dict):
        raise LayoutProblem(where, "expected an object", "un objet était attendu")
    read = _Reader(item, where)
    kind = read.choice("type", ("name", "text", "qr", "band", "logo"))
    x, y = read.number("x", minimum=0), read.number("y", minimum=0)
    if kind == "qr":
        size = read.number("size")
        if size < MIN_QR_BOX:
            raise LayoutProblem(f"{where}.size", *_qr_too_small(size))
        element = Element("qr", x, y, size, size)
    else:
        element = Element(kind, x, y, read.number("width"), read.number("height"),
                          field=read.choice("field", FIELDS) if kind == "text" else "",
                          size=read.number("size", default=10), min_size=read.number("min_size", default=0, minimum=0),
                          font=read.choice("font", FONTS, default="bold" if kind in ("name", "band") else "regular"),
                          align=read.choice("align", ALIGNS, default="center" if kind == "band" else "left"),
                          colour=read.colour("colour", "#1D1D1F"))
    if element.x + element.width > width + 1e-6 or element.y + element.height > height + 1e-6:
        raise LayoutProblem(where, f"goes beyond the badge ({width} × {height} mm)",
                            f"dépasse du badge ({width} × {height} mm)")
    return element


def _qr_too_small(size: float) -> tuple[str, str]:
    return (f"a QR code needs a box of at least {MIN_QR_BOX:.1f} mm with its quiet zone "
            f"({MIN_QR_MM} mm for the code itself), received {size:.1f}",
            f"un QR code demande un cadre d'au moins {MIN_QR_BOX:.1f} mm avec sa marge "
            f"({MIN_QR_MM} mm pour le code lui-même), reçu {size:.1f}")


def _qr_large_enough(sheet: Sheet, where: str) -> None:
    """A layout drawn on a smaller badge shrinks: its QR code must still reach 20 mm."""
    scale = min(sheet.badge[0] / sheet.layout.width, sheet.badge[1] / sheet.layout.height)
    for element in sheet.layout.elements:
        if element.type == "qr" and element.width * scale < MIN_QR_BOX - 1e-6:
            raise LayoutProblem(f"{where}: badge", *_qr_too_small(element.width * scale))


def _fits_on_page(sheet: Sheet, where: str) -> None:
    for axis, count, label in ((0, sheet.columns, "width"), (1, sheet.rows, "height")):
        needed = sheet.margin[axis] + count * sheet.unit[axis] + (count - 1) * sheet.gap[axis]
        if needed > sheet.page[axis] + 1e-6:
            raise LayoutProblem(where, f"the badges need {needed:g} mm of the page's {label} but it has "
                                       f"{sheet.page[axis]:g} mm",
                                f"les badges demandent {needed:g} mm de {_FR_AXIS[label]} de la page, qui n'en a "
                                f"que {sheet.page[axis]:g}")


_FR_AXIS = {"width": "largeur", "height": "hauteur"}
_FR_EXPECTED = {"a number > 0": "un nombre > 0", "a number ≥ 0": "un nombre ≥ 0",
                "a whole number ≥ 1": "un nombre entier ≥ 1",
                "two numbers in mm, [width, height] or [left, top]": "deux nombres en mm, [largeur, hauteur] ou "
                                                                     "[gauche, haut]",
                "a text": "un texte", "true or false": "true ou false",
                "a colour such as #1F4E79": "une couleur comme #1F4E79"}


def _is_colour(value) -> bool:
    return isinstance(value, str) and len(value) == 7 and value[0] == "#" and all(
        c in "0123456789abcdefABCDEF" for c in value[1:])


class _Reader:
    """Typed access to a JSON object, with `file: key: expected ..., received ...` errors."""

    def __init__(self, data: dict, where: str):
        self.data, self.where = data, where

    def _fail(self, key: str, expected: str):
        received = json.dumps(self.data.get(key), ensure_ascii=False)
        french = _FR_EXPECTED.get(expected, expected.replace("one of:", "l'une de ces valeurs :"))
        raise LayoutProblem(f"{self.where}: {key}", f"expected {expected}, received {received}",
                            f"attendu : {french}, reçu : {received}")

    def number(self, key: str, default=None, minimum: float = 1e-9) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
            self._fail(key, "a number" + (" ≥ 0" if minimum == 0 else " > 0"))
        return float(value)

    def count(self, key: str) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self._fail(key, "a whole number ≥ 1")
        return value

    def pair(self, key: str, minimum: float = 1e-9) -> tuple[float, float]:
        value = self.data.get(key)
        if not (isinstance(value, list) and len(value) == 2 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and v >= minimum for v in value)):
            self._fail(key, "two numbers in mm, [width, height] or [left, top]")
        return float(value[0]), float(value[1])

    def text(self, key: str, default=None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            self._fail(key, "a text")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self._fail(key, "true or false")
        return value

    def choice(self, key: str, options: tuple[str, ...], default=None) -> str:
        value = self.data.get(key, default)
        if value not in options:
            self._fail(key, "one of: " + ", ".join(options))
        return value

    def colour(self, key: str, default: str) -> str:
        value = self.data.get(key, default)
        if not _is_colour(value):
            self._fail(key, "a colour such as #1F4E79")
        return value
