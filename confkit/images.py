"""Images from the event folder, measured from their header before anything is decoded.

A PNG of 410 KB can declare 12000 × 12000 pixels and take 2 GB once decoded. Every image
confkit decodes (the logo on badges and in the programme, speaker photos, an image inside
an SVG logo) is measured here first: Pillow's `Image.open` reads the header only, and an
image of more than MAX_PIXELS is refused with a located error before a pixel is decoded.
An SVG is counted instead: what it draws once its <use> references are expanded.
Pillow's own guard (a warning printed raw above 89 megapixels, an exception above 179)
is replaced by this one rule, so that neither reaches the user.
"""

from __future__ import annotations

import io
import warnings
from contextlib import contextmanager
from pathlib import Path

from confkit.errors import UserError

MAX_PIXELS = 64_000_000  # 8000 × 8000: photos of 45- and 61-megapixel cameras pass, 256 MB at most decoded
MAX_SVG_SHAPES = 20_000  # elements drawn, <use> expanded: a detailed logo has a few thousand; 10,000 print in 5 s


class ImageTooLarge(UserError):
    """An image whose header declares more pixels than confkit decodes."""


def size(source: bytes | Path) -> tuple[int, int] | None:
    """(width, height) as the header declares them, or None when Pillow cannot read the header."""
    from PIL import Image, UnidentifiedImageError

    try:
        with _pillow_unguarded(), Image.open(_stream(source)) as picture:
            return picture.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, RuntimeError):
        return None


def too_large(source: bytes | Path, name: str) -> tuple[str, dict] | None:
    """(message key, parameters) when drawing `source` would cost too much, or None when it would not:
    a picture of more than MAX_PIXELS, an SVG drawing more than MAX_SVG_SHAPES."""
    found = size(source)
    if found is None:
        shapes = svg_shapes(source)
        if shapes is None or shapes <= MAX_SVG_SHAPES:
            return None
        return "svg_too_complex", {"value": name, "limit": MAX_SVG_SHAPES}
    if found[0] * found[1] <= MAX_PIXELS:
        return None
    width, height = found
    return "image_too_large", {"value": name, "width": width, "height": height,
                               "megapixels": round(width * height / 1e6), "limit": MAX_PIXELS // 1_000_000}


def require_small(source: bytes | Path, name: str, where: str = "") -> None:
    """ImageTooLarge at `where` (a cell, `Event!B12`) when `source` would cost too much to draw."""
    if refused := too_large(source, name):
        raise ImageTooLarge(refused[0], where, **refused[1])


def svg_shapes(source: bytes | Path) -> int | None:
    """How many elements an SVG draws once each <use> is expanded (capped just above the limit), or None
    when `source` is no SVG. Ten nested groups of ten <use> each fit in 700 bytes and draw 10^10 shapes."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if isinstance(source, Path):
        if source.suffix.lower() != ".svg":
            return None
        source = source.read_bytes()
    if not source.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return None
    try:
        root = fromstring(source)
        return _drawn(root, {e.get("id"): e for e in root.iter() if e.get("id")}, {}, set())
    except (ParseError, DefusedXmlException, ValueError):
        return None
    except RecursionError:  # nested deeper than any drawing
        return MAX_SVG_SHAPES + 1


def _drawn(element, by_id: dict, counted: dict, open_: set) -> int:
    """Elements drawn by `element`: itself, its children, and what its <use> points at (memoised)."""
    key = id(element)
    if key in counted:
        return counted[key]
    if key in open_:  # a <use> that leads back to itself
        return MAX_SVG_SHAPES + 1
    open_.add(key)
    total = 1 + sum(_drawn(child, by_id, counted, open_) for child in element)
    if element.tag.rpartition("}")[2] == "use":
        href = element.get("href") or element.get("{http://www.w3.org/1999/xlink}href") or ""
        if href.startswith("#") and href[1:] in by_id:
            total += _drawn(by_id[href[1:]], by_id, counted, open_)
    open_.discard(key)
    counted[key] = total = min(total, MAX_SVG_SHAPES + 1)
    return total


def strict() -> None:
    """Truncated images refused when decoded. Importing WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES
    on for the whole process; confkit decodes only images it has checked, so a cut file must fail."""
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False


def opened(data: bytes, name: str = "image", where: str = ""):
    """The Pillow image of `data`, header read, pixels not yet decoded; ImageTooLarge above the limit."""
    from PIL import Image

    require_small(data, name, where)
    strict()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data))


def _stream(source: bytes | Path):
    return io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source


@contextmanager
def _pillow_unguarded():
    """Pillow's bomb check off while a header is read: MAX_PIXELS decides, with the size in hand."""
    from PIL import Image

    before = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = before
