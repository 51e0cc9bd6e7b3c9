"""The recap site's media: Markdown made safe, share cards, photos stripped of what they tell, favicons."""

from __future__ import annotations

import io
import struct
import subprocess

import lxml.html
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont, features

from confkit import images, state
from confkit.errors import UserError
from confkit.pdf.html import FACES
from confkit.site import cards, markdown, media
from test_images import declared

ARABIC = "محمد بن سلمان العتيبي"
VIETNAMESE = "Nguyễn Thị Minh Khai"
TITLE = "La transition numérique des PME : où en sont les entreprises françaises en 2025 ?"


# --- Markdown -----------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)><circle r=1></svg>",
    "<iframe src=https://evil.example></iframe>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](<java script:alert(1)>)",
    "[click](java&#x09;script:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](file:///etc/passwd)",
    "[click](/relative/path)",
    "[click][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![pixel](https://tracker.example/p.gif)",
    "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[![inner](https://tracker.example/p.gif)](https://example.org)",
    '[t](https://example.org "x\\" onmouseover=\\"alert(1)")',
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "[](https://example.org)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_comes_out_inert(text):
    html = str(markdown.render(text))
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    elements = list(tree.iter())
    assert not [e.tag for e in elements if e.tag in ("script", "img", "iframe", "svg", "object", "embed", "style")]
    assert not [(e.tag, name) for e in elements for name in e.attrib if name.lower().startswith("on")]
    for link in tree.iter("a"):
        assert markdown.allowed(link.get("href")), html
        assert link.text_content().strip(), f"a link without a name: {html}"
        if link.get("href").startswith("http"):
            assert link.get("rel") == "nofollow noopener"
    assert "javascript:alert" not in " ".join(a.get("href", "") for a in tree.iter("a"))


@pytest.mark.parametrize("text, kept", [("[click](javascript:alert(1))", "click"),
                                        ("![a chart](https://tracker.example/p.gif)", "a chart"),
                                        ("![pixel](data:image/png;base64,AAAA)", "pixel")])
def test_a_refused_link_keeps_its_text(text, kept):
    html = str(markdown.render(text))
    assert kept in html and "[" not in html and "(" not in html


def test_ordinary_markdown_renders():
    html = str(markdown.render("# Bilan\n\nUne *matinée* **dense**.\n\n- un\n- deux\n\n"
                               "Voir [le rapport](https://example.org/r) ou [écrire](mailto:info@example.org)."))
    assert html == ('<h3>Bilan</h3>\n<p>Une <em>matinée</em> <strong>dense</strong>.</p>\n<ul>\n<li>un</li>\n'
                    '<li>deux</li>\n</ul>\n<p>Voir <a href="https://example.org/r" rel="nofollow noopener">le rapport'
                    '</a> ou <a href="mailto:info@example.org">écrire</a>.</p>\n')
    assert str(markdown.render("## Sub", top=2)) == "<h3>Sub</h3>\n"
    assert str(markdown.render("   ")) == ""


def test_french_markdown_keeps_its_signs_with_their_words_but_not_inside_addresses():
    html = str(markdown.render("Quels moyens ? [Voir](https://example.org/a?b=1) : **78 %** ; oui !", french=True))
    assert html == ('<p>Quels moyens\u202f? <a href="https://example.org/a?b=1" rel="nofollow noopener">Voir</a>\u00a0: '
                    '<strong>78\u202f%</strong>\u202f; oui\u202f!</p>\n')
    assert "moyens ?" in str(markdown.render("Quels moyens ?"))  # English text, or French unasked, as written


def test_plain_is_one_line_without_markdown():
    assert markdown.plain("# Bilan\n\nUne *matinée* & [un lien](https://x.org)\n\n- un\n- `deux`") \
        == "Bilan Une matinée & un lien un deux"
    assert markdown.plain("<script>x</script>") == "<script>x</script>"  # text, escaped by the template
    assert markdown.plain("mot " * 100, limit=30) == "mot mot mot mot mot mot mot…"
    assert len(markdown.plain("mot " * 100, limit=30)) <= 30


# --- Share cards --------------------------------------------------------------------------------

def _image(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def _logo() -> bytes:
    logo = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.ellipse((0, 0, 199, 199), fill="#1F4E79")
    draw.rectangle((220, 40, 399, 160), fill="#E03C31")
    output = io.BytesIO()
    logo.save(output, "PNG")
    return output.getvalue()


def _chunks(png: bytes) -> list[bytes]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    found, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        found.append(png[at + 4:at + 8])
        at += 12 + length
    return found


def _ink(picture: Image.Image, box=None) -> int:
    """Pixels that differ from the card's background (its top-left corner)."""
    rgb = picture.convert("RGB")
    background = Image.new("RGB", rgb.size, rgb.getpixel((2, 2)))
    difference = ImageChops.difference(rgb, background).convert("L").point(lambda v: 255 if v > 40 else 0)
    return difference.crop(box).histogram()[255] if box else difference.histogram()[255]


def test_a_card_is_1200_by_630_png():
    picture = _image(cards.card(TITLE, VIETNAMESE, "Jeudi 12 juin 2025 · Paris", "#1F4E79", _logo(), "fr"))
    assert (picture.format, picture.size) == ("PNG", (1200, 630))
    assert _ink(picture, (0, 40, 1200, 190)) > 0 and _ink(picture, (900, 40, 1200, 200)) > 0  # date, logo


@pytest.mark.parametrize("brand", ["#FFF3B0", "#1F4E79", "#777777", "#808080", "#E03C31", "#FFFFFF", "#000000", ""])
def test_text_on_a_card_contrasts_at_least_4_5(brand):
    picture = _image(cards.card(TITLE, "Marie Curie", "12 juin 2025", brand, None, "fr")).convert("RGB")
    background = cards.hex_colour(picture.getpixel((2, 2)))
    title = picture.crop((72, 196, 1128, 420))
    ink = max({cards.hex_colour(c) for _n, c in title.getcolors(1 << 16)}, key=lambda c: cards.contrast(c, background))
    assert ink in (cards.WHITE, cards.INK)
    assert cards.contrast(ink, background) >= 4.5, (brand, background, ink)
    assert (background, ink) == cards.legible(brand)


def test_a_mid_grey_brand_is_shaded_until_legible():
    assert cards.contrast("#777777", cards.WHITE) < 4.5 and cards.contrast("#777777", cards.INK) < 4.5
    background, ink = cards.legible("#777777")
    assert background != "#777777" and cards.contrast(background, ink) >= 4.5
    assert cards.legible("#FFF3B0") == ("#FFF3B0", cards.INK) and cards.legible("#1F4E79") == ("#1F4E79", cards.WHITE)


@pytest.mark.parametrize("name", [ARABIC, "שלום עליכם", VIETNAMESE, "Đặng Thái Sơn"])
def test_right_to_left_and_vietnamese_names_render_without_missing_glyphs(name):
    assert cards.uncovered(name) == set() and cards.uncovered(name, bold=True) == set()
    named = _image(cards.card(name, name, "", "#1F4E79", None, "fr"))
    blank = _image(cards.card("", "", "", "#1F4E79", None, "fr"))
    assert _ink(named, (0, 190, 1200, 630)) > 1000 and _ink(blank, (0, 190, 1200, 630)) == 0


def _line(text: str, layout) -> Image.Image:
    font = ImageFont.truetype(str(FACES["normal"]), 60, layout_engine=layout)
    picture = Image.new("L", (1400, 120), 0)
    ImageDraw.Draw(picture).text((10, 90), text, font=font, fill=255, anchor="ls")
    return picture


def _differing(first: Image.Image, second: Image.Image) -> int:
    return ImageChops.difference(first, second).point(lambda v: 255 if v > 96 else 0).histogram()[255]


@pytest.mark.skipif(not features.check("raqm"), reason="needs RAQM to compare the fallback with")
def test_without_raqm_arabic_is_shaped_and_ordered_as_raqm_does(monkeypatch):
    shaped = _line(ARABIC, ImageFont.Layout.RAQM)
    monkeypatch.setattr(cards, "_raqm", lambda: False)
    fallback = _line(cards._visual(ARABIC), ImageFont.Layout.BASIC)
    naive = _line(ARABIC, ImageFont.Layout.BASIC)
    assert _differing(shaped, fallback) * 5 < _differing(shaped, naive)


def test_a_card_without_raqm_still_renders_arabic(monkeypatch):
    monkeypatch.setattr(cards, "_raqm", lambda: False)
    cards._font.cache_clear()
    try:
        picture = _image(cards.card(ARABIC, ARABIC, "", "#1F4E79", None, "fr"))
    finally:
        cards._font.cache_clear()
    assert _ink(picture, (0, 190, 1200, 630)) > 1000


def _cjk_font_installed() -> bool:
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "sans-serif:charset=4e2d"], capture_output=True,
                               text=True, timeout=30).stdout
    except OSError:
        return False
    return "cjk" in found.lower()


@pytest.mark.skipif(not _cjk_font_installed(), reason="no CJK font installed")
def test_chinese_is_set_in_an_installed_cjk_font():
    assert cards.uncovered("中小企业的数字化转型", bold=True) == set()
    picture = _image(cards.card("中小企业的数字化转型", "王小明", "", "#1F4E79", None, "en"))
    assert _ink(picture, (0, 190, 1200, 630)) > 1000


def test_a_long_title_is_cut_to_three_lines_and_the_rtl_card_starts_right():
    long = " ".join(["supercalifragilisticexpialidocious"] * 12)
    left = _image(cards.card(long, "x", "", "#000000", None, "en"))
    right = _image(cards.card(long, "x", "", "#000000", None, "ar"))
    assert _ink(left, (0, 420, 1200, 480)) == 0  # nothing below the third line's room
    assert _ink(left, (0, 500, 200, 560)) > 0 and _ink(right, (0, 500, 200, 560)) == 0


def test_same_card_same_bytes_and_no_time_or_text_chunk():
    first = cards.card(TITLE, ARABIC, "12 juin 2025", "#1F4E79", _logo(), "fr")
    assert first == cards.card(TITLE, ARABIC, "12 juin 2025", "#1F4E79", _logo(), "fr")
    assert not {b"tIME", b"tEXt", b"iTXt", b"zTXt", b"eXIf"} & set(_chunks(first))
    assert first != cards.card(TITLE + ".", ARABIC, "12 juin 2025", "#1F4E79", _logo(), "fr")


def test_the_cache_makes_a_card_once_and_again_when_an_input_changes(tmp_path, monkeypatch):
    made = []
    real = cards.card
    monkeypatch.setattr(cards, "card", lambda *args, **kw: made.append(args[0]) or real(*args, **kw))
    folder = state.State(tmp_path).cache
    one = cards.cached_card(folder, "Session one", "A", "12 juin", "#1F4E79", None, "fr")
    two = cards.cached_card(folder, "Session two", "B", "12 juin", "#1F4E79", None, "fr")
    assert cards.cached_card(folder, "Session one", "A", "12 juin", "#1F4E79", None, "fr") == one
    assert cards.cached_card(folder, "Session two", "B", "12 juin", "#1F4E79", None, "fr") == two
    assert made == ["Session one", "Session two"]
    cards.cached_card(folder, "Session two", "B", "12 juin", "#FFF3B0", None, "fr")
    assert made == ["Session one", "Session two", "Session two"]
    assert folder == tmp_path / ".confkit" / "cache" and (folder.stat().st_mode & 0o777) == 0o700
    assert len(list(folder.iterdir())) == 3
    for entry in folder.iterdir():  # a card cut short (a crash, a full disk) is made again
        entry.write_bytes(entry.read_bytes()[:-1])
    cards.cached_card(folder, "Session one", "A", "12 juin", "#1F4E79", None, "fr")
    assert made[-1] == "Session one" and len(made) == 4


def test_the_cache_remakes_a_spoiled_entry_and_never_fails_the_build(tmp_path):
    calls = []

    def make() -> bytes:
        calls.append(1)
        return b"\x89PNG\r\n\x1a\nmade"

    valid = lambda data: data.startswith(b"\x89PNG")  # noqa: E731
    assert cards.cached(tmp_path / "cache", ("k", 1), make, valid) == b"\x89PNG\r\n\x1a\nmade"
    (tmp_path / "cache" / cards.key(("k", 1))).write_bytes(b"garbage")
    assert cards.cached(tmp_path / "cache", ("k", 1), make, valid) == b"\x89PNG\r\n\x1a\nmade"
    assert len(calls) == 2
    (tmp_path / "a-file").write_bytes(b"")
    assert cards.cached(tmp_path / "a-file" / "cache", ("k", 1), make, valid).endswith(b"made")  # unwritable
    assert cards.cached(None, ("k", 1), make) and len(calls) == 4
    assert cards.key(("ab", "c")) != cards.key(("a", "bc")) and cards.key((b"x",)) != cards.key(("x",))


def test_a_huge_logo_is_refused_before_it_is_decoded(monkeypatch):
    def no_decoding(self, *args):
        raise AssertionError("decoded")

    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", no_decoding)
    with pytest.raises(images.ImageTooLarge) as refused:
        cards.card("t", "s", "d", "#1F4E79", declared(12000, 12000), "fr", logo_cell="Event!B8")
    assert refused.value.where == "Event!B8"
    with pytest.raises(images.ImageTooLarge):
        media.favicon(declared(12000, 12000))


def test_a_broken_logo_is_a_located_error():
    with pytest.raises(UserError) as broken:
        cards.card("t", "s", "d", "#1F4E79", declared(100, 100), "fr", logo_name="logo.png", logo_cell="Event!B8")
    assert (broken.value.code, broken.value.where) == ("not_an_image", "Event!B8")


# --- Photos -------------------------------------------------------------------------------------

def _camera_photo(path, size=(3000, 2000)) -> None:
    """A JPEG as a phone writes it: GPS, device, time, orientation 6 (turn 90° clockwise to view),
    a comment, XMP and an ICC profile; a red block in the stored image's top-left corner."""
    from PIL import ImageCms

    picture = Image.new("RGB", size, "#3366AA")
    ImageDraw.Draw(picture).rectangle((0, 0, 300, 300), fill="#FF0000")
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0132], exif[0x0112] = "Phone", "Model X", "2025:06:12 09:30:00", 6
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (48.0, 52.0, 3.6), 3: "E", 4: (2.0, 19.0, 59.9)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><exif:GPSLatitude>48,52.06N</exif:GPSLatitude>' \
          b"</rdf:RDF></x:xmpmeta>"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture.save(path, "JPEG", exif=exif, xmp=xmp, comment=b"taken at home", icc_profile=icc, quality=90)


def _metadata_markers(jpeg: bytes) -> list[int]:
    """The APPn (but APP0, JFIF) and COM markers of a JPEG, read up to its first scan."""
    found, at = [], 2
    while at < len(jpeg) and jpeg[at] == 0xFF:
        marker = jpeg[at + 1]
        if marker == 0xDA:
            break
        (length,) = struct.unpack(">H", jpeg[at + 2:at + 4])
        if 0xE1 <= marker <= 0xEF or marker == 0xFE:
            found.append(marker)
        at += 2 + length
    return found


def test_photos_lose_gps_exif_and_every_other_metadata(tmp_path):
    _camera_photo(tmp_path / "p.jpg")
    original = Image.open(tmp_path / "p.jpg")
    assert original.getexif().get_ifd(0x8825) and _metadata_markers((tmp_path / "p.jpg").read_bytes())  # it had
    photo = media.photo_files(tmp_path / "p.jpg", "photos/p.jpg", "Photos!A2")
    for jpeg in (photo.thumbnail, photo.full):
        picture = _image(jpeg)
        assert picture.format == "JPEG"
        assert not picture.getexif() and not picture.getexif().get_ifd(0x8825)
        assert not {"exif", "xmp", "comment", "icc_profile", "XML:com.adobe.xmp"} & set(picture.info)
        assert _metadata_markers(jpeg) == []
        assert b"Exif\0\0" not in jpeg and b"Phone" not in jpeg and b"taken at home" not in jpeg
        assert b"GPSLatitude" not in jpeg


def test_photos_are_turned_upright_and_made_smaller(tmp_path):
    _camera_photo(tmp_path / "p.jpg")
    photo = media.photo_files(tmp_path / "p.jpg", "p.jpg", "Photos!A2")
    full, thumbnail = _image(photo.full), _image(photo.thumbnail)
    assert (photo.width, photo.height) == full.size == (1333, 2000)
    assert thumbnail.size == photo.thumbnail_size == (320, 480)
    red = full.convert("RGB").getpixel((full.width - 20, 20))  # stored top-left, shown top-right
    assert red[0] > 200 and red[2] < 60
    small = tmp_path / "small.png"
    Image.new("RGBA", (300, 200), (255, 0, 0, 0)).save(small)
    photo = media.photo_files(small, "small.png", "Photos!A3")
    assert (photo.width, photo.height) == (300, 200)  # never enlarged
    assert _image(photo.full).convert("RGB").getpixel((5, 5)) == (255, 255, 255)  # transparent: white


def test_photos_are_kept_in_the_cache(tmp_path, monkeypatch):
    _camera_photo(tmp_path / "p.jpg", (800, 600))
    made = []
    real = media._encoded
    monkeypatch.setattr(media, "_encoded", lambda *args: made.append(1) or real(*args))
    first = media.photo_files(tmp_path / "p.jpg", "p.jpg", "Photos!A2", tmp_path / "cache")
    assert media.photo_files(tmp_path / "p.jpg", "p.jpg", "Photos!A2", tmp_path / "cache") == first
    assert len(made) == 1
    _camera_photo(tmp_path / "p.jpg", (800, 601))
    assert media.photo_files(tmp_path / "p.jpg", "p.jpg", "Photos!A2", tmp_path / "cache") != first
    assert len(made) == 2


def test_a_huge_photo_is_refused_before_it_is_decoded(tmp_path, monkeypatch):
    (tmp_path / "huge.png").write_bytes(declared(12000, 12000))
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", lambda self, *a: pytest.fail("decoded"))
    with pytest.raises(images.ImageTooLarge) as refused:
        media.photo_files(tmp_path / "huge.png", "photos/huge.png", "Photos!A2")
    assert refused.value.where == "Photos!A2" and refused.value.params["value"] == "photos/huge.png"


@pytest.mark.parametrize("content", [b"not an image", declared(100, 100), b"<svg xmlns='http://www.w3.org/2000/svg'/>"])
def test_a_photo_that_does_not_decode_is_a_located_error(tmp_path, content):
    (tmp_path / "p.jpg").write_bytes(content)
    with pytest.raises(UserError) as broken:
        media.photo_files(tmp_path / "p.jpg", "photos/p.jpg", "Photos!A2")
    assert (broken.value.code, broken.value.where, broken.value.params) == ("not_an_image", "Photos!A2",
                                                                            {"value": "photos/p.jpg"})


# --- Favicon ------------------------------------------------------------------------------------

def test_the_favicon_is_made_from_the_logo():
    small, touch = media.favicon(_logo())
    assert _image(small).size == (32, 32) and _image(touch).size == (180, 180)
    assert _image(small).getpixel((0, 0))[3] == 0  # transparent around a transparent logo
    assert _image(touch).convert("RGBA").getpixel((0, 0)) == (255, 255, 255, 255)  # opaque for iOS
    assert _ink(_image(touch)) > 1000


def test_without_a_drawable_logo_the_favicon_is_the_brand_and_the_initial():
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'><rect width='10' height='10'/></svg>"
    for logo in (None, svg):
        small, touch = media.favicon(logo, brand="#1F4E79", letter="acfci")
        assert _image(touch).convert("RGB").getpixel((2, 2)) == (0x1F, 0x4E, 0x79)
        assert _ink(_image(touch)) > 500 and _image(small).size == (32, 32)
