"""Photos and the favicon of the recap site, made from the event folder's images.

A phone's photo carries where it was taken (EXIF GPS), when, on which device, and often a
comment or XMP written by an editing app: none of it may reach a public site. Every photo
is therefore decoded and encoded again as a new JPEG from its pixels alone (turned upright
first, by its EXIF orientation, since that tag goes too), never copied. Two sizes: a
thumbnail for the pages and a full size for the link. Each image is measured before it is
decoded (confkit.images). Results are kept in the cache like the share cards (keyed by the
file's bytes), so a rebuild decodes only new or changed photos.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import NamedTuple

from confkit import images
from confkit.errors import UserError
from confkit.site.cards import BRAND, cached, face, legible, logo_mark

VERSION = "photo-1"  # change it when the encoding changes: every cached photo is then made again
THUMBNAIL = 480  # pixels on the longer side: sharp in a grid of three on a 1280 px screen, ~40 kB
FULL = 2000  # pixels on the longer side: a screen's full width, not the camera's 6000
QUALITY = {THUMBNAIL: 80, FULL: 85}
FAVICONS = (32, 180)  # the browser tab's, and the apple-touch-icon's
_BLOB = b"CKPH1"  # a cached pair: magic, the thumbnail's length, the thumbnail, the full size


class SitePhoto(NamedTuple):
    """A photo as the site publishes it: JPEGs with no metadata, and the full size's pixels."""

    thumbnail: bytes
    full: bytes
    width: int
    height: int

    @property
    def thumbnail_size(self) -> tuple[int, int]:
        """(width, height) of the thumbnail, for its <img> (read from its header)."""
        return images.size(self.thumbnail) or (0, 0)


def photo_files(path: Path, name: str, cell: str, cache_dir: Path | None = None, full: bool = True) -> SitePhoto:
    """The thumbnail (THUMBNAIL px at most) and the full size (FULL px at most) of the photo at
    `path`, upright, in sRGB, without EXIF, GPS, XMP, comments or ICC profile. `name` and `cell`
    locate the errors: ImageTooLarge before anything is decoded, not_an_image when it does not
    decode (an SVG included: it cannot be stripped, and opened on its own it may run a script).
    `full=False` (a speaker's portrait, shown small only) makes the thumbnail alone: `full` is empty."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError("file_missing", cell, value=name) from error
    images.require_small(data, name, cell)
    blob = cached(cache_dir, (VERSION, THUMBNAIL, FULL if full else 0, data),
                  lambda: _pack(*_encoded(data, name, cell, full)), valid=lambda kept: _unpack(kept) is not None)
    return _unpack(blob) or SitePhoto(*_encoded(data, name, cell, full))


def _encoded(data: bytes, name: str, cell: str, full: bool = True) -> tuple[bytes, bytes, int, int]:
    """(thumbnail, full size or b"", width, height): the slow part, done once per photo thanks to the cache."""
    from PIL import Image

    largest = _upright(data, name, cell, FULL if full else THUMBNAIL)
    largest.thumbnail((FULL, FULL), Image.LANCZOS)
    small = largest.copy()
    small.thumbnail((THUMBNAIL, THUMBNAIL), Image.LANCZOS)
    thumbnail = _jpeg(small, QUALITY[THUMBNAIL])
    if not full:
        return thumbnail, b"", small.width, small.height
    return thumbnail, _jpeg(largest, QUALITY[FULL]), largest.width, largest.height


def _upright(data: bytes, name: str, cell: str, largest: int = FULL):
    """The decoded photo: turned by its EXIF orientation, in sRGB, on white where it was transparent,
    as a new RGB image that carries nothing of the file but its pixels."""
    from PIL import Image, ImageOps

    try:
        with images.opened(data, name, cell) as opened:
            opened.draft("RGB", (largest, largest))  # a JPEG decodes at 1/2, 1/4, 1/8 when still larger
            upright = ImageOps.exif_transpose(opened)
            upright.load()
            picture = _srgb(upright)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise UserError("not_an_image", cell, value=name) from error
    clean = Image.new("RGB", picture.size, "white")  # a new image: no .info, so nothing to carry over
    clean.paste(picture.convert("RGB"), mask=picture.getchannel("A") if picture.mode == "RGBA" else None)
    return clean


def _srgb(picture):
    """`picture` converted to sRGB when it embeds another profile (a phone's Display P3, Adobe RGB):
    the profile itself is dropped, so without this step its colours would shift. RGB(A), or as it is."""
    profile = picture.info.get("icc_profile")
    if picture.mode not in ("RGB", "RGBA"):
        transparent = picture.mode in ("LA", "PA", "La") or "transparency" in picture.info
        picture = picture.convert("RGBA" if transparent else "RGB")
    if not profile:
        return picture
    try:
        from PIL import ImageCms
    except ImportError:  # Pillow built without LittleCMS
        return picture
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(picture, source, ImageCms.createProfile("sRGB"),
                                         outputMode=picture.mode) or picture
    except (OSError, ValueError, TypeError, ImageCms.PyCMSError):
        return picture  # a profile LittleCMS cannot read: the pixels as they are


def _jpeg(picture, quality: int) -> bytes:
    """A progressive JPEG of `picture`'s pixels alone: no exif=, icc_profile=, xmp= or comment= is
    given, and `picture` is a new image with an empty .info, from which Pillow could take some."""
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=quality, optimize=True, progressive=True)
    return output.getvalue()


def _pack(thumbnail: bytes, full: bytes, width: int, height: int) -> bytes:
    return _BLOB + struct.pack(">I", len(thumbnail)) + thumbnail + full


def _unpack(blob: bytes) -> SitePhoto | None:
    """The photo a cache entry holds, or None when it is not one (then it is made again)."""
    if not blob.startswith(_BLOB) or len(blob) < len(_BLOB) + 4:
        return None
    (length,) = struct.unpack(">I", blob[len(_BLOB):len(_BLOB) + 4])
    start = len(_BLOB) + 4
    thumbnail, full = blob[start:start + length], blob[start + length:]
    if len(thumbnail) != length or not all(jpeg.startswith(b"\xff\xd8") and jpeg.endswith(b"\xff\xd9")
                                           for jpeg in ((thumbnail, full) if full else (thumbnail,))):
        return None
    size = images.size(full or thumbnail)
    return SitePhoto(thumbnail, full, *size) if size else None


# --- The favicon --------------------------------------------------------------------------------

def favicon(logo: bytes | None, *, brand: str = BRAND, letter: str = "", name: str = "logo",
            cell: str = "") -> tuple[bytes, bytes]:
    """(favicon.png 32 × 32, apple-touch-icon.png 180 × 180) from the logo, square and centred,
    transparent around it at 32 px and on white at 180 px (iOS would fill transparency with black).
    Without a logo Pillow can draw (none, or an SVG), the brand colour with `letter` (the event's
    initial) in legible ink. The logo is measured before it is decoded, like every image."""
    from PIL import Image, ImageDraw

    mark = logo_mark(logo, name, cell) if logo else None
    icons = []
    for side in FAVICONS:
        if mark is not None:
            opaque = side >= 180
            icon = Image.new("RGBA", (side, side), (255, 255, 255, 255 if opaque else 0))
            inner = side - (2 * round(side * 0.08) if opaque else 0)
            fitted = mark.copy()
            fitted.thumbnail((inner, inner), Image.LANCZOS)
            icon.alpha_composite(fitted, ((side - fitted.width) // 2, (side - fitted.height) // 2))
        else:
            background, ink = legible(brand)
            icon = Image.new("RGBA", (side, side), background)
            if letter.strip():
                initial = letter.strip()[0].upper()
                ImageDraw.Draw(icon).text((side / 2, side / 2), initial, font=face(initial, True, round(side * 0.62)),
                                          fill=ink, anchor="mm")
        output = io.BytesIO()
        icon.save(output, "PNG", optimize=True)
        icons.append(output.getvalue())
    return icons[0], icons[1]

