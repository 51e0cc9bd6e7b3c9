"""Images from the event folder, measured from their header before anything is decoded.

A PNG of 410 KB can declare 12000 × 12000 pixels and take 2 GB once decoded. Every image
confkit decodes (the logo on badges and in the programme, speaker photos, an image inside
an SVG logo) is measured here first: Pillow's `Image.open` reads the header only, and an
image of more than MAX_PIXELS is refused with a located error before a pixel is decoded.
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


def too_large(source: bytes | Path, name: str) -> dict | None:
    """The message parameters saying that `source` is too large, or None when it is not."""
    found = size(source)
    if found is None or found[0] * found[1] <= MAX_PIXELS:
        return None
    width, height = found
    return {"value": name, "width": width, "height": height,
            "megapixels": round(width * height / 1e6), "limit": MAX_PIXELS // 1_000_000}


def require_small(source: bytes | Path, name: str, where: str = "") -> None:
    """ImageTooLarge at `where` (a cell, `Event!B12`) when `source` declares more than MAX_PIXELS."""
    if params := too_large(source, name):
        raise ImageTooLarge("image_too_large", where, **params)


def opened(data: bytes, name: str = "image", where: str = ""):
    """The Pillow image of `data`, header read, pixels not yet decoded; ImageTooLarge above the limit."""
    from PIL import Image

    require_small(data, name, where)
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
