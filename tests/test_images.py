"""Images are measured from their header before anything decodes them, and refused above one limit."""

from __future__ import annotations

import base64
import struct
import warnings
import zlib

import pytest

from confkit import checks, images, workbook
from confkit.badges import render as badges
from confkit.pdf import html as printing
from confkit.pdf import writer as pdfwriter
from confkit.programme import page
from conftest import run

TOO_LARGE = ('Event!B8: error: image "logo.png" is 12000 × 12000 pixels (144 megapixels), more than the 64 '
             'megapixels confkit decodes; save it smaller (2000 pixels across are plenty for print)')


def png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of any size, a few kilobytes per megapixel compressed (1 bit a pixel)."""
    row = b"\0" * (1 + (width + 7) // 8)
    pack = zlib.compressobj(9)
    pixels = b"".join(pack.compress(row) for _ in range(height)) + pack.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def declared(width: int, height: int) -> bytes:
    """A PNG whose header declares `width` × `height` and whose pixels are cut short: only a decoder notices."""
    return png(1, 1).replace(struct.pack(">II", 1, 1), struct.pack(">II", width, height)) \
        .replace(zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 1, 0, 0, 0, 0)).to_bytes(4, "big"),
                 zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)).to_bytes(4, "big"))


def _with_logo(event, data: bytes, name: str = "logo.png"):
    (event.folder / name).write_bytes(data)
    event.set("Event!A8", "logo").set("Event!B8", name)
    return event.write()


def _read_unchecked(folder):
    """The event as the renderers would get it if `check` had let it through."""
    loaded, _problems = workbook.read(folder)
    return loaded


def _problems(folder) -> list[str]:
    loaded = _read_unchecked(folder)
    return [p.render("en") for p in checks.files(loaded)]


def test_size_is_read_from_the_header_alone():
    assert (images.size(declared(12000, 12000)), images.size(declared(100_000, 100_000)),
            images.size(b"not an image")) == ((12000, 12000), (100_000, 100_000), None)


def test_limit_lets_8000_by_8000_through_and_refuses_one_column_more():
    assert (images.too_large(declared(8000, 8000), "a.png"), images.too_large(declared(8001, 8000), "a.png")) == (
        None, ("image_too_large", {"value": "a.png", "width": 8001, "height": 8000, "megapixels": 64, "limit": 64}))


def test_check_refuses_a_logo_of_too_many_pixels_at_its_cell(event):
    assert _problems(_with_logo(event, png(12000, 12000))) == [TOO_LARGE]


def test_check_refuses_a_logo_beyond_pillows_own_error_without_a_traceback(event):
    # 20000 × 20000 is over twice Pillow's limit: Image.open itself raised DecompressionBombError
    expected = TOO_LARGE.replace("12000 × 12000", "20000 × 20000").replace("144 megapixels", "400 megapixels")
    assert _problems(_with_logo(event, declared(20000, 20000))) == [expected]


def test_check_refuses_a_speaker_photo_of_too_many_pixels(event):
    (event.folder / "photos" / "bour.jpg").write_bytes(declared(9000, 9000))
    assert _problems(event.write()) == [
        'Speakers!G2: error: image "photos/bour.jpg" is 9000 × 9000 pixels (81 megapixels), more than the 64 '
        'megapixels confkit decodes; save it smaller (2000 pixels across are plenty for print)']


def test_measuring_a_large_image_prints_no_pillow_warning(event):
    folder = _with_logo(event, declared(12000, 12000))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _problems(folder)
    assert [str(w.message) for w in caught] == []


def test_check_reports_a_symlink_loop_as_logo_at_its_cell(event):
    (event.folder / "logo.png").symlink_to("logo.png")
    event.set("Event!A8", "logo").set("Event!B8", "logo.png")
    assert _problems(event.write()) == [
        'Event!B8: error: file "logo.png" is a symbolic link that leads back to itself; put the file itself in '
        'the event folder']


def test_build_refuses_a_large_logo_with_one_located_line_and_writes_nothing(event, tmp_path):
    result = run("build", _with_logo(event, png(12000, 12000)), "-o", tmp_path / "out")
    lines = result.output.splitlines()
    assert (result.exit_code, [line for line in lines if line.startswith("Event!")], "Warning" in result.output,
            (tmp_path / "out").exists()) == (1, [TOO_LARGE], False, False)


def test_renderers_refuse_a_large_logo_before_decoding_it_even_unchecked(event):
    from confkit.templates import environment

    loaded = _read_unchecked(_with_logo(event, declared(12000, 12000)))
    refused = []
    for render in (lambda: page.render(loaded, environment()), lambda: badges._logo(loaded),
                   lambda: pdfwriter.image_xobject(declared(12000, 12000))):
        with pytest.raises(images.ImageTooLarge) as caught:
            render()
        refused.append(caught.value.where)
    assert refused == ["Event!B8", "Event!B8", ""]


def test_pdf_fetcher_refuses_a_data_uri_image_of_too_many_pixels():
    fetcher = printing.fetcher_only_bundled()
    small, large = (f"data:image/png;base64,{base64.b64encode(data).decode()}"
                    for data in (png(4, 4), declared(12000, 12000)))
    assert fetcher.fetch(small).read() == png(4, 4)
    with pytest.raises(printing.Refused):
        fetcher.fetch(large)


def _image_sizes(pdf: bytes) -> list[tuple[int, int]]:
    """Width and height of every image in the PDF, wherever it sits (a page, an SVG's form)."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found = (reader.get_object(number) for number in range(1, int(reader.trailer["/Size"])))
    return sorted((int(item["/Width"]), int(item["/Height"])) for item in found
                  if hasattr(item, "get") and item.get("/Subtype") == "/Image")


def test_programme_pdf_prints_a_logo_of_ordinary_size(event):
    from confkit.templates import environment

    loaded = _read_unchecked(_with_logo(event, png(400, 200)))
    sizes = _image_sizes(page.render(loaded, environment())["programme.pdf"])
    assert sorted(sizes) == [(240, 320), (240, 320), (400, 200)]  # the logo, and two speakers' photos made small


def test_an_svg_logo_cannot_smuggle_a_large_image_in_a_data_uri(event):
    from confkit.templates import environment

    inner = base64.b64encode(png(12000, 12000)).decode()
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40"/>'
           f'<image href="data:image/png;base64,{inner}" width="40" height="40"/></svg>')
    loaded = _read_unchecked(_with_logo(event, svg.encode(), "logo.svg"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdf = page.render(loaded, environment())["programme.pdf"]
    assert ([str(w.message) for w in caught], (12000, 12000) in _image_sizes(pdf)) == ([], False)


def use_bomb(levels: int) -> bytes:
    """An SVG of a few hundred bytes drawing 10^levels squares: each group uses the one before ten times."""
    groups = "".join(f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * 10 + "</g>" for n in range(1, levels + 1))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><defs><g id="l0"><rect width="1" '
            f'height="1"/></g>{groups}</defs><use href="#l{levels}"/></svg>').encode()


def test_svg_is_measured_by_what_it_draws_once_its_uses_are_expanded():
    loop = b'<svg xmlns="http://www.w3.org/2000/svg"><g id="a"><use href="#a"/></g></svg>'
    # use_bomb(3): the definitions (3,576 elements) and the <use> that draws the last one (3,222), in the <svg>
    assert [images.svg_shapes(svg) for svg in (use_bomb(3), use_bomb(10), loop, b"<svg", b"GIF89a")] == [
        6799, images.MAX_SVG_SHAPES + 1, images.MAX_SVG_SHAPES + 1, None, None]


def test_check_refuses_an_svg_logo_that_draws_too_many_shapes_and_takes_a_plain_one(event):
    (event.folder / "plain.svg").write_bytes(use_bomb(3))
    folder = _with_logo(event, use_bomb(6), "logo.svg")
    assert _problems(folder) == [
        'Event!B8: error: image "logo.svg" draws more than 20000 shapes once its <use> references are expanded; '
        'simplify it, or give a PNG']
    event.set("Event!B8", "plain.svg")
    assert _problems(event.write()) == []


def test_programme_refuses_an_svg_logo_that_draws_too_many_shapes_even_unchecked(event):
    from confkit.templates import environment

    loaded = _read_unchecked(_with_logo(event, use_bomb(10), "logo.svg"))
    with pytest.raises(images.ImageTooLarge) as caught:
        page.render(loaded, environment())
    assert (caught.value.key, caught.value.where) == ("svg_too_complex", "Event!B8")


def test_an_svg_logo_cannot_smuggle_a_costly_svg_in_a_data_uri(event):
    from confkit.templates import environment

    inner = base64.b64encode(use_bomb(10)).decode()
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
           f'<image href="data:image/svg+xml;base64,{inner}" width="40" height="40"/></svg>')
    loaded = _read_unchecked(_with_logo(event, svg.encode(), "logo.svg"))
    assert page.render(loaded, environment())["programme.pdf"].startswith(b"%PDF")  # in seconds, not hours
