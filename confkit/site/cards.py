"""Share cards: the 1200 × 630 PNG a social network shows when a page of the recap site is shared.

pretalx's export points og:image at the live server, so previews break once the instance is
gone; ours are drawn here and served from the site itself. A card is the brand colour, the
page's title (wrapped, shrunk to fit, three lines at most), a subtitle (a speaker, a figure),
the date line and the logo on a white plate (a logo in the brand's own colour stays visible).

Legibility: the text is white or near-black, whichever contrasts more with the brand colour;
when neither reaches WCAG's 4.5:1 (a mid grey), the background is shaded until one does.

Scripts: the bundled DejaVu Sans covers Latin (Vietnamese included), Greek, Cyrillic, Arabic
and Hebrew. Text it lacks (CJK) is set in the font fontconfig names for those characters
(`fc-match`), when one is installed. With Pillow's RAQM layout (libraqm: HarfBuzz and FriBiDi)
Arabic is shaped and right-to-left runs ordered by the library. Without it, Pillow's basic
layout neither shapes nor reorders, so each line is shaped with arabic-reshaper and put in
visual order with python-bidi first, as the badges do: right for Arabic and Hebrew names,
approximate for marks that only HarfBuzz places (some Vietnamese stacked accents, which NFC
mostly precomposes).

Same input, same bytes: Pillow writes no time or text chunk into a PNG unless told to, and
nothing here does. `cached` keeps cards (and the site's photos, confkit.site.media) under a
key made of everything that went into them, so a rebuild remakes only what changed.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from confkit import images, state
from confkit.errors import UserError
from confkit.pdf.html import FACES

VERSION = "card-1"  # change it when the drawing changes: every cached card is then made again
CACHE_FORMAT = b"confkit-cache-1"
WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BRAND = "#1F4E79"  # the programme's default brand colour
WHITE, INK = "#FFFFFF", "#111111"
INK_LEVELS = 192  # palette entries for the text's antialiasing; the other 64 are the logo's
AA = 4.5  # WCAG AA contrast for text
TITLE_SIZES = range(76, 39, -4)  # the title shrinks from 76 px to 40 px before it is cut
TITLE_LINES = 3
SUBTITLE_SIZE, SUBTITLE_LINES = 40, 2
DATE_SIZE = 34
LOGO_BOX = (200, 92)  # the logo at most, inside a plate of LOGO_PAD around it
LOGO_PAD = 14
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "dv"})
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_NO_BREAK_BEFORE = frozenset(":;!?»")
_HEX = re.compile(r"#?([0-9a-fA-F]{6})")


# --- Colour -------------------------------------------------------------------------------------

def rgb(colour: str) -> tuple[int, int, int]:
    """`#1F4E79` → (31, 78, 121); the default brand colour for anything else (a cell left empty)."""
    found = _HEX.fullmatch(colour.strip()) if colour else None
    digits = found.group(1) if found else BRAND[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def hex_colour(colour: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{channel:02X}" for channel in colour)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def legible(brand: str) -> tuple[str, str]:
    """(background, text): the brand colour and white or near-black on it, whichever contrasts more;
    when neither reaches 4.5:1, the brand colour shaded (darker under white, lighter under ink) until
    it does. The site's stylesheet can use the same pair."""
    background = hex_colour(rgb(brand))
    text = WHITE if contrast(background, WHITE) >= contrast(background, INK) else INK
    toward = (0, 0, 0) if text == WHITE else (255, 255, 255)
    start, step = rgb(background), 0
    while contrast(background, text) < AA:  # ends: fully shaded, it is black or white
        step += 1
        background = hex_colour(tuple(round(c + (t - c) * step / 50) for c, t in zip(start, toward)))
    return background, text


# --- The card -----------------------------------------------------------------------------------

def card(title: str, subtitle: str, date_line: str, brand: str, logo: bytes | None, lang: str,
         *, logo_name: str = "logo", logo_cell: str = "") -> bytes:
    """The share card of a page, a 1200 × 630 PNG. `logo` is measured (confkit.images) before it is
    decoded: one too large is an ImageTooLarge at `logo_cell`, one broken past its header a located
    not_an_image; an SVG logo is left out (Pillow cannot draw it). `lang` decides the side the text
    starts from (right for a right-to-left language) and is given to the shaper."""
    from PIL import Image, ImageDraw

    background, ink = legible(brand)
    coverage = Image.new("L", (WIDTH, HEIGHT), 0)  # how much ink each pixel has: 0 none, 255 all
    draw = ImageDraw.Draw(coverage)
    rtl = lang.split("-")[0].lower() in RTL_LANGUAGES
    plate = _logo_plate(logo, logo_name, logo_cell, background) if logo else None
    plate_width = plate[0].width if plate else 0
    at = (MARGIN if rtl else WIDTH - MARGIN - plate_width, MARGIN - LOGO_PAD)
    width = WIDTH - 2 * MARGIN
    beside_logo = width - (plate_width + 32 if plate else 0)

    date_line, title, subtitle = (_one_line(text) for text in (date_line, title, subtitle))
    if date_line:
        font = face(date_line, False, DATE_SIZE)
        _write(draw, [_ellipsised(date_line, font, beside_logo, lang)], font, MARGIN + DATE_SIZE, DATE_SIZE, rtl,
               lang)
    rule_x = WIDTH - MARGIN - 96 if rtl else MARGIN
    draw.rectangle((rule_x, 150, rule_x + 96, 157), fill=255)

    bottom = HEIGHT - MARGIN - 10  # the last baseline
    subtitle_top = bottom
    if subtitle:
        font = face(subtitle, False, SUBTITLE_SIZE)
        lines = _fitted_lines(subtitle, font, width, SUBTITLE_LINES, lang)
        step = round(SUBTITLE_SIZE * 1.3)
        first = bottom - step * (len(lines) - 1)
        _write(draw, lines, font, first, step, rtl, lang)
        subtitle_top = first - SUBTITLE_SIZE
    if title:
        top = 196
        size, lines = _title_lines(title, width, subtitle_top - 28 - top, lang)
        _write(draw, lines, face(title, True, size), top + round(size * 0.95), round(size * 1.18), rtl, lang)

    picture = _indexed(coverage, background, ink, plate, at)
    output = io.BytesIO()
    picture.save(output, "PNG", compress_level=3)  # 4 ms and 27 kB a card; level 6 saves 5 kB for twice the time
    return output.getvalue()


_LEVELS = [round(level * (INK_LEVELS - 1) / 255) for level in range(256)]


@lru_cache(maxsize=64)
def _ramp(background: str, ink: str) -> tuple[int, ...]:
    """INK_LEVELS colours from background to ink, flattened (r, g, b, r, g, b ...)."""
    start, end = rgb(background), rgb(ink)
    return tuple(round(s + (e - s) * i / (INK_LEVELS - 1)) for i in range(INK_LEVELS) for s, e in zip(start, end))


def _indexed(coverage, background: str, ink: str, plate, at: tuple[int, int]):
    """The card as a palette PNG: INK_LEVELS shades from background to ink for the text, the logo's
    own colours after them: half the bytes of an RGB card, and encoded three times faster."""
    picture = coverage.point(_LEVELS)  # greyscale indices; putpalette makes it a palette image in place
    palette = list(_ramp(background, ink))
    picture.putpalette(palette)  # before the paste: P onto P copies the logo's indices as they are
    if plate is not None:
        indices, colours = plate
        picture.paste(indices, at)
        picture.putpalette(palette + list(colours))
    return picture


PARALLEL_CARDS = 24  # cards to draw at once from which the worker pool pays for itself (about 8 ms each)


def cached_card(cache_dir: Path | None, title: str, subtitle: str, date_line: str, brand: str,
                logo: bytes | None, lang: str, *, logo_name: str = "logo", logo_cell: str = "") -> bytes:
    """`card(...)`, from the cache when the same card was made before (see `cached`)."""
    return cached_cards(cache_dir, [(title, subtitle, date_line)], brand, logo, lang, logo_name=logo_name,
                        logo_cell=logo_cell)[0]


def cached_cards(cache_dir: Path | None, texts: list[tuple[str, str, str]], brand: str, logo: bytes | None,
                 lang: str, *, logo_name: str = "logo", logo_cell: str = "") -> list[bytes]:
    """A card for each (title, subtitle, date line): those the cache lacks drawn on every core (a site's
    first build draws hundreds), the same card made once however many pages share it."""
    from confkit import workers

    keys = {text: key(_card_parts(*text, brand, logo, lang)) for text in dict.fromkeys(texts)}
    found = {text: _kept(cache_dir, made_key, whole_png) for text, made_key in keys.items()}
    missing = [text for text, data in found.items() if data is None]

    def draw(text: tuple[str, str, str]) -> bytes:
        return card(*text, brand, logo, lang, logo_name=logo_name, logo_cell=logo_cell)

    for text, data in zip(missing, workers.imap(draw, missing, len(missing) >= PARALLEL_CARDS, chunksize=4)):
        found[text] = data
        _store(cache_dir, keys[text], data)
    return [found[text] for text in texts]


def _card_parts(title: str, subtitle: str, date_line: str, brand: str, logo: bytes | None, lang: str) -> tuple:
    """Everything a card depends on, for its cache key: the fonts its texts fall back to included."""
    texts = (title, subtitle, date_line)
    fonts = tuple(str(path) for text in texts for bold in (False, True) for path in [_face_path(text, bold)])
    return VERSION, _engine(), fonts, title, subtitle, date_line, brand, logo, lang


def whole_png(data: bytes) -> bool:
    """Whether `data` is a PNG from its signature to its end chunk (a cache entry is checked so)."""
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


def _title_lines(title: str, width: int, room: int, lang: str) -> tuple[int, list[str]]:
    """The largest size at which the title fits in TITLE_LINES lines and `room` pixels, else the
    smallest size with its last line cut by an ellipsis."""
    for size in TITLE_SIZES:
        font = face(title, True, size)
        lines = _wrapped(title, font, width, lang)
        if len(lines) <= TITLE_LINES and round(size * 1.18) * (len(lines) - 1) + size <= room:
            return size, lines
    size = TITLE_SIZES[-1]
    lines_fit = max(1, min(TITLE_LINES, (room - size) // round(size * 1.18) + 1))
    return size, _fitted_lines(title, face(title, True, size), width, lines_fit, lang)


def _fitted_lines(text: str, face, width: int, most: int, lang: str) -> list[str]:
    """`text` wrapped to `width`, at most `most` lines, the last one ending in `…` if cut."""
    lines = _wrapped(text, face, width, lang)
    if len(lines) <= most:
        return lines
    return lines[:most - 1] + [_ellipsised(" ".join(lines[most - 1:]), face, width, lang, cut=True)]


def _write(draw, lines: list[str], face, baseline: int, step: int, rtl: bool, lang: str) -> None:
    """Lines in full ink on the coverage layer, from the start side, one baseline `step` apart."""
    x = WIDTH - MARGIN if rtl else MARGIN
    for number, line in enumerate(lines):
        draw.text((x, baseline + number * step), _visual(line), font=face, fill=255, anchor="rs" if rtl else "ls",
                  **_shaping(lang))


# --- Text ---------------------------------------------------------------------------------------

def _one_line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _wrapped(text: str, face, width: int, lang: str) -> list[str]:
    """Greedy wrapping at spaces; a word wider than the card (a URL, a name in a script written
    without spaces) is cut between characters, never inside a character and its accents."""
    def fits(candidate: str) -> bool:
        return _width(candidate, face, lang) <= width

    lines, line = [], ""
    for word in _words(text):
        candidate = f"{line} {word}" if line else word
        if fits(candidate):
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while not fits(line):
            clusters = _clusters(line)
            count = _most(len(clusters), lambda n: fits("".join(clusters[:n])))
            lines.append("".join(clusters[:count]))
            line = "".join(clusters[count:])
    if line:
        lines.append(line)
    return lines


def _words(text: str) -> list[str]:
    """The places a line may break: spaces, except those before `: ; ! ? »` and after `«` (French
    puts a space there, often a plain one in a spreadsheet, and never starts a line with the mark)."""
    words: list[str] = []
    glue_next = False
    for word in text.split(" "):
        if words and (glue_next or word[:1] in _NO_BREAK_BEFORE):
            words[-1] += "\u00a0" + word
        else:
            words.append(word)
        glue_next = word == "«"
    return words


def _ellipsised(text: str, face, width: int, lang: str, cut: bool = False) -> str:
    """`text`, or as much of it as fits before `…` (`cut`: it is known to go on)."""
    if not cut and _width(text, face, lang) <= width:
        return text
    clusters = _clusters(text)
    count = _most(len(clusters), lambda n: _width("".join(clusters[:n]).rstrip() + "…", face, lang) <= width)
    return "".join(clusters[:count]).rstrip(" ,;:.-–—") + "…"


def _most(total: int, fits: Callable[[int], bool]) -> int:
    """The largest n in 1..total-1 with fits(n) (1 at the least: every line shows something)."""
    low, high = 1, max(1, total - 1)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _clusters(text: str) -> list[str]:
    """Characters with the combining marks that follow them (an accent stays on its letter)."""
    clusters: list[str] = []
    for character in text:
        if clusters and (unicodedata.combining(character) or character in "\u200d\ufe0f"):
            clusters[-1] += character
        else:
            clusters.append(character)
    return clusters


def _width(text: str, face, lang: str) -> float:
    return face.getlength(_visual(text), **_shaping(lang))


def _visual(line: str) -> str:
    """With RAQM, the line as it is (the library shapes and orders it). Without, a right-to-left
    line is shaped and put in visual order here, since the basic layout draws characters as given."""
    if _raqm() or not _RTL.search(line):
        return line
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(line))


def _shaping(lang: str) -> dict:
    """The language for the shaper: only RAQM takes one (the basic layout refuses the argument)."""
    return {"language": lang} if _raqm() and lang else {}


@lru_cache(maxsize=1)
def _raqm() -> bool:
    from PIL import features

    return bool(features.check("raqm"))


@lru_cache(maxsize=1)
def _engine() -> str:
    """What draws the text, for the cache key: a card set by another layout is made again."""
    from PIL import __version__, features

    return f"pillow-{__version__} " + (f"raqm-{features.version('raqm')}" if _raqm() else "basic")


# --- Fonts --------------------------------------------------------------------------------------

def face(text: str, bold: bool, size: int):
    """The font a card sets `text` in (DejaVu Sans, or an installed font for what it lacks), at `size` px."""
    path = _face_path(text, bold)
    return _font(str(path), size)


@lru_cache(maxsize=64)
def _font(path: str, size: int):
    from PIL import ImageFont

    layout = ImageFont.Layout.RAQM if _raqm() else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=layout)


@lru_cache(maxsize=4096)
def _face_path(text: str, bold: bool) -> Path:
    """DejaVu Sans, or an installed font for the characters it lacks (the whole text in that font)."""
    bundled = FACES["bold" if bold else "normal"]
    missing = frozenset(c for c in text if not c.isspace() and not unicodedata.combining(c)
                        and ord(c) not in _characters(str(bundled)))
    if not missing:
        return bundled
    return _fallback(missing, bold) or bundled


def uncovered(text: str, bold: bool = False) -> set[str]:
    """The characters of `text` that the font a card would use for it lacks (drawn as empty boxes)."""
    has = _characters(str(_face_path(text, bold)))
    return {c for c in text if not c.isspace() and not unicodedata.combining(c) and ord(c) not in has}


@lru_cache(maxsize=16)
def _characters(path: str) -> frozenset[int]:
    """The code points a font file has glyphs for (the first font of a collection)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=0, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


@lru_cache(maxsize=32)
def _fallback(missing: frozenset[str], bold: bool) -> Path | None:
    """The installed font that fontconfig picks for `missing`, if it has at least some of them."""
    query = "sans-serif" + (":bold" if bold else "") + ":charset=" + " ".join(
        f"{ord(c):x}" for c in sorted(missing)[:50])
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", query], capture_output=True, text=True,
                               timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    if not found or not found.lower().endswith((".ttf", ".otf", ".ttc", ".otc")):
        return None
    try:
        covered = _characters(found)
    except Exception:  # fontTools cannot read it: Pillow would not either
        return None
    return Path(found) if any(ord(c) in covered for c in missing) else None


# --- The logo -----------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _logo_plate(logo: bytes, name: str, cell: str, background: str):
    """The logo, at most LOGO_BOX, on a white rounded plate over `background`, as (palette indices from
    INK_LEVELS on, their colours); None for an SVG logo. Made once a build and shared by every card."""
    from PIL import Image, ImageDraw

    mark = logo_mark(logo, name, cell)
    if mark is None:
        return None
    mark.thumbnail(LOGO_BOX, Image.LANCZOS)
    plate = Image.new("RGBA", (mark.width + 2 * LOGO_PAD, mark.height + 2 * LOGO_PAD), rgb(background) + (255,))
    ImageDraw.Draw(plate).rounded_rectangle((0, 0, plate.width - 1, plate.height - 1), radius=12, fill=WHITE)
    plate.alpha_composite(mark, (LOGO_PAD, LOGO_PAD))
    quantized = plate.convert("RGB").quantize(256 - INK_LEVELS, method=Image.Quantize.MEDIANCUT)
    colours = quantized.getpalette()[:3 * (256 - INK_LEVELS)]
    shifted = Image.frombytes("L", quantized.size, quantized.tobytes()).point(lambda i: i + INK_LEVELS)
    return Image.frombytes("P", quantized.size, shifted.tobytes()), colours


# --- The cache ----------------------------------------------------------------------------------

def cached(cache_dir: Path | None, key_parts: Iterable, make: Callable[[], bytes],
           valid: Callable[[bytes], bool] = bool) -> bytes:
    """What `make()` returns, kept in `cache_dir` under the sha256 of `key_parts` (which must hold
    everything the result depends on, a version constant included). A kept entry that `valid`
    refuses is made again. The cache never fails a build: unreadable, it is ignored; unwritable
    (a read-only event folder), the result is simply not kept. None: no cache at all."""
    if cache_dir is None:
        return make()
    made_key = key(key_parts)
    data = _kept(cache_dir, made_key, valid)
    if data is None:
        data = make()
        _store(cache_dir, made_key, data)
    return data


def _kept(cache_dir: Path | None, made_key: str, valid: Callable[[bytes], bool]) -> bytes | None:
    """The entry under `made_key`, if there is one and `valid` takes it (a hit is touched: see `prune`)."""
    if cache_dir is None:
        return None
    path = cache_dir / made_key
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not (data and valid(data)):
        return None
    _touch(path)
    return data


def _store(cache_dir: Path | None, made_key: str, data: bytes) -> None:
    if cache_dir is None:
        return
    try:
        _make_folder(cache_dir)
        _keep(cache_dir / made_key, data)
    except OSError:
        pass


def _keep(path: Path, data: bytes) -> None:
    """Write a cache entry whole or not at all (a temporary file renamed), but without fsync: an entry a
    crash spoils is refused by its check when read and made again, and 300 fsyncs cost half a second."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _touch(path: Path) -> None:
    """A hit is a use: its time tells `prune` to keep it."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(cache_dir: Path | None, used_since: float) -> int:
    """Remove the entries no build has used since `used_since` (a time.time()): after a site build, what
    it did not ask for (the card of a title since changed, a photo since replaced), so that the cache
    holds one site's worth and no more. Never fails a build; returns how many were removed."""
    removed = 0
    try:
        entries = list(os.scandir(cache_dir)) if cache_dir is not None else []
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.is_file(follow_symlinks=False) and re.fullmatch(r"[0-9a-f]{64}", entry.name) \
                    and entry.stat(follow_symlinks=False).st_mtime < used_since:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


def key(parts: Iterable) -> str:
    """The sha256 (hex) of `parts`, each typed and length-prefixed: ("ab", "c") and ("a", "bc") differ."""
    digest = hashlib.sha256(CACHE_FORMAT)
    _feed(digest, tuple(parts))
    return digest.hexdigest()


def _feed(digest, part) -> None:
    if isinstance(part, (tuple, list)):
        digest.update(b"T%d:" % len(part))
        for item in part:
            _feed(digest, item)
        return
    if part is None:
        tag, data = b"N", b""
    elif isinstance(part, (bytes, bytearray, memoryview)):
        tag, data = b"B", bytes(part)
    elif isinstance(part, (str, Path)):
        tag, data = b"S", str(part).encode("utf-8", "surrogatepass")
    elif isinstance(part, (bool, int, float)):
        tag, data = b"I", repr(part).encode()
    else:
        raise TypeError(f"cannot key a cache entry on {type(part).__name__}")
    digest.update(tag + b"%d:" % len(data) + data)


def _make_folder(folder: Path) -> None:
    """`folder` and its missing parents, owner-only like the rest of EVENT/.confkit."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        try:
            os.mkdir(each, 0o700)
        except FileExistsError:
            pass


def logo_mark(logo: bytes, name: str, cell: str):
    """The logo decoded as RGBA and cropped to what it draws, or None for an SVG (Pillow cannot draw it)."""
    from PIL import ImageOps

    images.require_small(logo, name, cell)
    if images.size(logo) is None and images.svg_shapes(logo) is not None:
        return None
    try:
        with images.opened(logo, name, cell) as opened:
            mark = ImageOps.exif_transpose(opened).convert("RGBA")
    except (OSError, SyntaxError, ValueError) as error:
        raise UserError("not_an_image", cell, value=name) from error
    drawn = mark.getchannel("A").getbbox()
    return mark.crop(drawn) if drawn else mark
