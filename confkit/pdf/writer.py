"""A small streaming PDF writer: pages go to disk as they come, so memory stays flat.

ReportLab keeps a whole document in memory until it saves; 100,000 badges would not
fit the budget. Here each page is written when added; fonts (TrueType, embedded as
CIDFontType2 with Identity-H and subsetted with fontTools keeping glyph ids) and
shared resources are written once at the end. Text is drawn by glyph id, so the
font's own metrics decide widths, and a ToUnicode map keeps the text extractable.
Output is deterministic: no dates, no random ids.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

MM = 72 / 25.4  # points per millimetre


class Font:
    """A TrueType font's metrics, and the glyphs a document has used from it."""

    def __init__(self, path: Path):
        from fontTools.ttLib import TTFont

        self.path = path
        font = TTFont(str(path), lazy=True)
        self.units = font["head"].unitsPerEm
        order = font.getGlyphOrder()
        gid_of = {name: gid for gid, name in enumerate(order)}
        self.gids = {code: gid_of[name] for code, name in font.getBestCmap().items()}
        metrics = font["hmtx"].metrics
        self.advances = [metrics[name][0] for name in order]
        self.ascent, self.descent = font["hhea"].ascent, font["hhea"].descent
        self.cap_height = getattr(font["OS/2"], "sCapHeight", self.ascent) or self.ascent
        head = font["head"]
        self.bbox = (head.xMin, head.yMin, head.xMax, head.yMax)
        self.name = font["name"].getDebugName(6) or path.stem
        font.close()
        self.by_char = _Advances({chr(code): self.advances[gid] for code, gid in self.gids.items()})
        self.by_char.notdef = self.advances[0]
        self.gid_by_char = _Advances({chr(code): gid for code, gid in self.gids.items()})  # .notdef: 0
        self.hex_by_char = _Advances({chr(code): f"{gid:04X}" for code, gid in self.gids.items()})
        self.hex_by_char.notdef = "0000"
        self.chars = frozenset(self.by_char)

    def covers(self, text: str) -> bool:
        return self.chars.issuperset(text)

    def width(self, text: str, size: float) -> float:
        """Advance width of `text` at `size` points (a missing glyph counts as .notdef). Measured for every
        line of every badge and list row, so summed at C speed from a table by character."""
        return sum(map(self.by_char.__getitem__, text)) * size / self.units

    def encode(self, text: str, used: dict[int, str]) -> bytes:
        """`text` as a hex string of glyph ids for Tj; records the glyphs in `used` (for each glyph, the
        first character drawn with it: several the font lacks share .notdef)."""
        gid_of = self.gid_by_char
        for char in dict.fromkeys(text):  # each character once, in order: the same record every run
            used.setdefault(gid_of[char], char)
        return b"<%s>" % "".join(map(self.hex_by_char.__getitem__, text)).encode()


class _Advances(dict):
    """Something of each character (its advance, its glyph id); for what the font lacks, .notdef's."""

    notdef: int | str = 0

    def __missing__(self, char: str) -> int:
        return self.notdef


@lru_cache(maxsize=None)
def font(path: Path) -> Font:
    return Font(path)


class Writer:
    """Write pages as they are added; `close()` writes fonts, images and the index."""

    def __init__(self, stream: BinaryIO, fonts: dict[str, Font], images: dict[str, bytes] | None = None,
                 title: str = "", glyphs: dict[str, dict[int, str]] | None = None):
        """`glyphs`: by font, glyphs to embed whatever the pages draw (see `_font_program`)."""
        self.stream = stream
        self.fonts = fonts  # resource name (F1, F2) -> Font
        self.used: dict[str, dict[int, str]] = {name: dict((glyphs or {}).get(name, {})) for name in fonts}
        self.offsets: dict[int, int] = {}
        self.pages: list[int] = []
        self.title = title
        self.images = images or {}  # resource name -> ready image XObject (see image_xobject)
        self.next_number = 4  # 1 catalog, 2 page tree, 3 shared resources
        self.font_numbers = {name: self._reserve(5) for name in fonts}
        self.image_numbers = {name: self._reserve(2) for name in self.images}
        stream.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _reserve(self, count: int) -> int:
        first = self.next_number
        self.next_number += count
        return first

    def _object(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.stream.tell()
        self.stream.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def _stream(self, number: int, data: bytes, extra: bytes = b"", compress: bool = True) -> None:
        if compress:
            data = zlib.compress(data, 6)
            extra += b" /Filter /FlateDecode"
        self._object(number, b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream")

    def add_page(self, width: float, height: float, content: bytes, used: dict[str, dict[int, str]],
                 deflated: bool = False) -> None:
        """One page of `width` × `height` points; `used` are the glyphs its text drew, by font.

        `deflated` content was compressed already (by a worker process, sparing this one).
        """
        for name, glyphs in used.items():
            self.used[name].update(glyphs)
        contents = self._reserve(2)
        page = contents + 1
        if deflated:
            self._stream(contents, content, b" /Filter /FlateDecode", compress=False)
        else:
            self._stream(contents, content)
        self._object(page, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Resources 3 0 R /Contents %d 0 R >>"
                     % (num(width).encode(), num(height).encode(), contents))
        self.pages.append(page)

    def close(self) -> None:
        for name, first in self.font_numbers.items():
            self._font(name, first)
        for name, first in self.image_numbers.items():
            self._image(first, self.images[name])
        fonts = b" ".join(b"/%s %d 0 R" % (n.encode(), f) for n, f in self.font_numbers.items())
        images = b" ".join(b"/%s %d 0 R" % (n.encode(), f) for n, f in self.image_numbers.items())
        self._object(3, b"<< /Font << %s >> /XObject << %s >> >>" % (fonts, images))
        kids = b" ".join(b"%d 0 R" % page for page in self.pages)
        self._object(2, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(self.pages), kids))
        self._object(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        info = self.next_number
        self._object(info, b"<< /Title %s /Producer (confkit) >>" % pdf_string(self.title))
        self._xref(info)

    def _xref(self, info: int) -> None:
        start = self.stream.tell()
        count = max(self.offsets) + 1
        lines = [b"xref\n0 %d\n" % count, b"0000000000 65535 f \n"]
        lines += [b"%010d 00000 n \n" % self.offsets[n] if n in self.offsets else b"0000000000 65535 f \n"
                  for n in range(1, count)]
        self.stream.write(b"".join(lines))
        self.stream.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                          % (count, info, start))

    def _font(self, name: str, first: int) -> None:
        font_type0, cid_font, descriptor, file, to_unicode = range(first, first + 5)
        face = self.fonts[name]
        used = self.used[name] or {0: " "}
        base = b"/" + _subset_tag(face, used).encode() + b"+" + _pdf_name(face.name)
        self._object(font_type0, b"<< /Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H "
                     b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (base, cid_font, to_unicode))
        scale = 1000 / face.units
        widths = b" ".join(b"%d [%d]" % (gid, round(face.advances[gid] * scale)) for gid in sorted(used))
        self._object(cid_font, b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont %s /CIDSystemInfo << /Registry "
                     b"(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /W [%s] "
                     b"/CIDToGIDMap /Identity >>" % (base, descriptor, widths))
        bbox = " ".join(str(round(v * scale)) for v in face.bbox).encode()
        self._object(descriptor, b"<< /Type /FontDescriptor /FontName %s /Flags 32 /FontBBox [%s] /ItalicAngle 0 "
                     b"/Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>"
                     % (base, bbox, round(face.ascent * scale), round(face.descent * scale),
                        round(face.cap_height * scale), file))
        program, length = _font_program(face.path, tuple(sorted(used)))
        self._stream(file, program, b" /Length1 %d /Filter /FlateDecode" % length, compress=False)
        self._stream(to_unicode, _to_unicode(used))

    def _image(self, first: int, image: tuple[int, int, bytes, bytes | None]) -> None:
        width, height, rgb, alpha = image
        mask = b""
        if alpha is not None:
            self._stream(first + 1, alpha, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
                         b"/DeviceGray /BitsPerComponent 8" % (width, height))
            mask = b" /SMask %d 0 R" % (first + 1)
        self._stream(first, rgb, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                     b"/BitsPerComponent 8%s" % (width, height, mask))


_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "kern", "FFTM")  # glyphs are placed by us, not shaped by the reader


@lru_cache(maxsize=16)
def _font_program(path: Path, gids: tuple[int, ...]) -> tuple[bytes, int]:
    """The subset of these glyphs, deflated, and its length before: remembered, since subsetting DejaVu takes
    60-100 ms and a run that writes many PDFs of the same glyphs (each person's own badge, all given the
    event's glyphs) would otherwise pay it for each."""
    program = subset(path, gids)
    return zlib.compress(program, 6), len(program)


def subset(path: Path, gids: tuple[int, ...]) -> bytes:
    """The font with only the used glyphs, keeping their ids (content streams refer to them)."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.retain_gids = True
    options.notdef_outline = True
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.drop_tables += list(_UNUSED_TABLES)
    font = TTFont(str(path), recalcTimestamp=False)  # saving would stamp head.modified with the time of the build
    for tag in _UNUSED_TABLES:  # deleted unread: the subsetter would parse DejaVu's large GPOS before dropping it
        if tag in font:
            del font[tag]
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(gids=list(gids))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def image_xobject(data: bytes) -> tuple[int, int, bytes, bytes | None]:
    """A PNG or JPEG as raw RGB (and alpha) rows, for an image XObject; ImageTooLarge before decoding."""
    from confkit import images

    picture = images.opened(data)
    picture.load()
    alpha = picture.getchannel("A").tobytes() if picture.mode in ("RGBA", "LA", "PA") else None
    if picture.mode == "P" and "transparency" in picture.info:
        rgba = picture.convert("RGBA")
        alpha, picture = rgba.getchannel("A").tobytes(), rgba
    return picture.width, picture.height, picture.convert("RGB").tobytes(), alpha


def _subset_tag(face: Font, used: dict[int, str]) -> str:
    """Six capital letters derived from the glyph set, as PDF wants for a subset (stable)."""
    number = zlib.crc32(",".join(map(str, sorted(used))).encode() + face.name.encode())
    letters = ""
    for _ in range(6):
        number, digit = divmod(number, 26)
        letters += chr(65 + digit)
    return letters


def _to_unicode(used: dict[int, str]) -> bytes:
    entries = sorted(used.items())
    chunks = []
    for start in range(0, len(entries), 100):
        block = entries[start:start + 100]
        lines = "\n".join(f"<{gid:04X}> <{''.join(f'{u:04X}' for u in _utf16(char))}>" for gid, char in block)
        chunks.append(f"{len(block)} beginbfchar\n{lines}\nendbfchar")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) "
            "/Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "\n".join(chunks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode()


def _utf16(char: str) -> Iterable[int]:
    data = char.encode("utf-16-be")
    return (int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))


def _pdf_name(text: str) -> bytes:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text).encode("ascii", "replace")


def pdf_string(text: str) -> bytes:
    """A text string for the document's metadata: UTF-16 with BOM, in hex (no byte can be misread)."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def num(value: float) -> str:
    """A number as PDF wants it, short: 12, 12.5, 0.354."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
