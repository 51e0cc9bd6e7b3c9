"""confkit.qr against the `qrcode` library, the standard's worked example, and a real decoder."""

import binascii
import random
import re
import zlib

import numpy as np
import pytest
import qrcode
import zxingcpp
from PIL import Image
from qrcode import base, constants, util

from confkit.badges import qr

LEVELS = {"L": constants.ERROR_CORRECT_L, "M": constants.ERROR_CORRECT_M,
          "Q": constants.ERROR_CORRECT_Q, "H": constants.ERROR_CORRECT_H}  # fmt: skip


# ---------------------------------------------------------------- payloads

def base45(data: bytes) -> str:
    """RFC 9285 Base45, whose alphabet is exactly QR's alphanumeric set."""
    digits = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] << 8 | data[i + 1]
        digits += [n % 45, n // 45 % 45, n // 2025]
    if len(data) % 2:
        digits += [data[-1] % 45, data[-1] // 45]
    return "".join(qr.ALPHANUMERIC[d] for d in digits)


def badge_payloads(count: int, seed: int) -> list[str]:
    """`CK1:` + base45 tokens of 100-130 characters, like the check-in codes on badges."""
    rng = random.Random(seed)
    return ["CK1:" + base45(rng.randbytes(rng.randint(64, 84))) for _ in range(count)]


SHORT = ["", "A", "CK1:", "HELLO WORLD", "0", "12345", "0123456789012", "a", "hello", "Hello, World!",
         "https://example.org/e/2025?id=42", " $%*+-./:", "ü"]  # fmt: skip
ACCENTED = ["Zoë", "Zoë Müller-Ångström", "François Lefèvre — Université de Liège", "Łukasz Żółć",
            "Ελληνικά κείμενα", "日本語のテキスト", "Crème brûlée ☕ 🎉", "naïve café résumé " * 6,
            "Dvořák, Antonín; Škoda; Čapek", "ÅÄÖ åäö ÆØ æø ß ẞ"]  # fmt: skip
FIRST = ["Zoë", "François", "Łukasz", "Ana", "Jürgen", "Siobhán", "Håkon", "Noémie", "Kai", "Inès"]
LAST = ["Müller", "Lefèvre", "Nowak", "García Pérez", "O'Brien", "Ødegård", "Smith", "Dvořák"]


def vcards(count: int, seed: int) -> list[str]:
    """vCard-like multi-line texts of 100-300 UTF-8 bytes."""
    rng, cards = random.Random(seed), []
    while len(cards) < count:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{last};{first}", f"FN:{first} {last}",
                 f"ORG:Université {rng.choice(LAST)}", f"EMAIL:{first[0].lower()}.{rng.randint(1, 999)}@example.org",
                 f"TEL:+33 6 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"]
        lines += [f"NOTE:{'Atelier, café & démo. ' * rng.randint(0, 6)}", "END:VCARD"]
        text = rng.choice(["\r\n", "\n"]).join(lines)
        if 100 <= len(text.encode()) <= 300:
            cards.append(text)
    return cards


NUMERIC = ["1", "42", "987654321", "3" * 40, "31415926535897932384626433832795028841971693993751"]
MIXED = badge_payloads(40, seed=1) + SHORT + ACCENTED + vcards(15, seed=2) + NUMERIC
# Large versions: version information (7+), wider count fields (10+, 27+), up to version 40.
LARGE = ["é" * 100, "CK1:" + base45(random.Random(3).randbytes(400)), "é" * 700, "7" * 3000, "x" * 1200,
         "A" * 4296, "b" * 2953]  # fmt: skip


# ---------------------------------------------------------------- helpers

def version_of(m: np.ndarray) -> int:
    return (len(m) - 17) // 4


def library(data: str, level: str = "M", version: int | None = None, mask: int | None = None) -> qrcode.QRCode:
    code = qrcode.QRCode(version=version, error_correction=LEVELS[level], border=0, mask_pattern=mask)
    code.add_data(data, optimize=0)
    code.make(fit=version is None)
    return code


def library_matrix(data: str, level: str, version: int, mask: int) -> np.ndarray:
    return np.array(library(data, level, version, mask).modules, dtype=bool)


def packed(symbols: list[np.ndarray]) -> np.ndarray:
    """The 8 masked symbols as qr._penalties takes them: rows then columns, mask k in bit k."""
    return sum(np.concatenate([s, s.T]).astype(np.uint8) << k for k, s in enumerate(symbols)).astype(np.uint8)


def decode(m: np.ndarray, quiet: int = 4, scale: int = 4):
    dark = np.kron(np.pad(m, quiet), np.ones((scale, scale), dtype=bool))
    image = Image.fromarray(np.where(dark, 0, 255).astype(np.uint8))
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1
    return found[0]


# ---------------------------------------------------------------- tables and encoding

def test_tables_agree_with_library():
    for version in range(1, 41):
        assert qr.alignment_positions(version) == util.pattern_position(version)
        func, _ = qr._function_patterns(version)
        for level, lib_level in LEVELS.items():
            blocks = base.rs_blocks(version, lib_level)
            assert qr.data_bits(version, level) == util.BIT_LIMIT_TABLE[lib_level][version]
            assert len(qr._placement_order(func)) // 8 == sum(b.total_count for b in blocks)
            assert qr._EC_PER_BLOCK[level][version] == blocks[0].total_count - blocks[0].data_count
            data_lengths = sorted(b.data_count for b in blocks)
            rows = [int(np.count_nonzero(row < qr.data_bits(version, level) // 8)) for row in qr._blocks(version, level)[0]]
            assert rows == data_lengths


def test_standard_worked_example():
    """ISO/IEC 18004 Annex I: "01234567" at 1-M, numeric mode."""
    segment = qr._segment("01234567")
    assert qr._fit(segment, "M") == 1
    codewords = qr._data_codewords(segment, 1, "M")
    assert codewords.hex(" ") == "10 20 0c 56 61 80 ec 11 ec 11 ec 11 ec 11 ec 11"
    bits = qr._codeword_bits(codewords, qr._layout(1, "M"))
    assert np.packbits(bits)[17:].tobytes().hex(" ") == "a5 24 d4 c1 ed 36 c7 87 2c 55"


@pytest.mark.parametrize("data", MIXED + LARGE)
def test_mode_and_version_match_library(data):
    assert qr._segment(data)[0] == util.QRData(data).mode
    for level in "LMQH":
        try:
            version = version_of(qr.matrix(data, error_correction=level, mask=0))
        except ValueError:
            with pytest.raises((ValueError, qrcode.exceptions.DataOverflowError)):  # 8.2: "version 41"
                library(data, level)
            continue
        assert version == library(data, level, mask=0).version


def test_payload_sets_cover_what_they_claim():
    assert all(100 <= len(p) <= 130 and qr._segment(p)[0] == 2 for p in badge_payloads(40, seed=1))
    assert all(100 <= len(p.encode()) <= 300 and qr._segment(p)[0] == 4 for p in vcards(15, seed=2))
    assert {version_of(qr.matrix(p, error_correction="L", mask=0)) for p in LARGE} >= {9, 13, 27, 40}


@pytest.mark.parametrize("data", MIXED)
def test_every_mask_matches_library(data):
    version = version_of(qr.matrix(data, mask=0))
    for mask in range(8):
        mine = qr.matrix(data, mask=mask)
        assert mine.dtype == bool and mine.shape == (17 + 4 * version,) * 2
        assert np.array_equal(mine, library_matrix(data, "M", version, mask)), (data, mask)


@pytest.mark.parametrize("level", "LMQH")
def test_levels_and_large_versions_match_library(level):
    rng = random.Random(level)
    for data in LARGE + badge_payloads(3, seed=4) + ACCENTED[:3] + ["", "99"]:
        if 8 * len(data.encode()) > qr.data_bits(40, level):
            continue  # too long at this level: see test_mode_and_version_match_library
        for mask in (rng.randrange(8), 7 - rng.randrange(8)):
            mine = qr.matrix(data, error_correction=level, mask=mask)
            assert np.array_equal(mine, library_matrix(data, level, version_of(mine), mask)), (data[:20], mask)


def test_capacity_limits():
    assert version_of(qr.matrix("b" * 2953, error_correction="L")) == 40
    assert version_of(qr.matrix("A" * 4296, error_correction="L")) == 40
    assert version_of(qr.matrix("7" * 7089, error_correction="L")) == 40
    assert version_of(qr.matrix("x" * 1273, error_correction="H")) == 40
    for data, level in [("b" * 2954, "L"), ("A" * 4297, "L"), ("7" * 7090, "L"), ("x" * 1274, "H")]:
        with pytest.raises(ValueError):
            qr.matrix(data, error_correction=level)
    with pytest.raises(ValueError):
        qr.matrix("HELLO", error_correction="X")
    with pytest.raises(ValueError):
        qr.matrix("HELLO", mask=8)


# ---------------------------------------------------------------- mask choice

@pytest.mark.parametrize("data", badge_payloads(12, seed=5) + ACCENTED[:4] + vcards(4, seed=6) + LARGE[:2])
def test_penalties_equal_library_scoring_of_whole_symbols(data):
    symbols = [qr.matrix(data, mask=k) for k in range(8)]
    expected = [util.lost_point(s.tolist()) for s in symbols]
    assert qr._penalties(packed(symbols)).tolist() == expected
    if len(symbols[0]) <= 64:  # versions 1-11 are scored as line words
        assert qr._word_penalties(qr._mask_words(packed(symbols)), len(symbols[0])).tolist() == expected


def test_line_words_score_as_the_byte_planes_on_random_symbols():
    """Random symbols (and mostly light ones with dark stripes, for the runs and finder patterns) of every
    size up to version 11, several codes at once."""
    rng = np.random.default_rng(7)
    for n in range(21, 62, 4):
        noise = rng.integers(0, 256, (3, n, n), dtype=np.uint8)
        sparse = np.where(rng.random((3, n, n)) < 0.8, 0, 255).astype(np.uint8) ^ noise[:, :1, :]
        for symbols in (noise, sparse):
            lines = np.concatenate([symbols, symbols.transpose(0, 2, 1)], axis=1)
            assert np.array_equal(qr._word_penalties(qr._mask_words(lines), n), qr._penalties(lines)), n


def test_penalty_rules_on_hand_made_symbols():
    n = 21
    light = np.zeros((n, n), bool)
    # All light: every row and column is one run of 21 (19 each), 20x20 blocks, no finder
    # pattern (needs dark modules), 0 % dark.
    expected = 2 * n * 19 + 3 * 20 * 20 + 0 + 100
    stripes = np.zeros((n, n), bool)
    stripes[:, 1::2] = True  # columns alternate: rows have no run, columns are single runs
    with_finder = light.copy()
    with_finder[0, :7] = [1, 0, 1, 1, 1, 0, 1]  # 1011101 then 14 light: one pattern in row 0
    symbols = packed([light, stripes, with_finder] + [light] * 5)
    got = qr._penalties(symbols)
    assert np.array_equal(qr._word_penalties(qr._mask_words(symbols), n), got)
    assert got[0] == expected
    assert got[1] == n * 19 + 0 + 0 + 10 * (abs(20 * 210 - 10 * 441) // 441)
    assert got[2] == util.lost_point(with_finder.tolist())
    assert got[2] - got[0] == util.lost_point(with_finder.tolist()) - util.lost_point(light.tolist())


def blank_format_areas(m: np.ndarray) -> np.ndarray:
    """What `qrcode` scores when it picks a mask: format, version and dark module all light."""
    m, n = m.copy(), len(m)
    m[8, :9] = m[:9, 8] = m[8, n - 8 :] = m[n - 8 :, 8] = False
    m[6, 8] = m[8, 6] = True  # the timing modules in those strips stay
    if n >= 45:
        m[:6, n - 11 : n - 8] = m[n - 11 : n - 8, :6] = False
    return m


AUTO = badge_payloads(260, seed=7) + vcards(30, seed=8) + ACCENTED + SHORT


def test_automatic_mask_is_lowest_standard_penalty():
    """ISO/IEC 18004 §7.8.3 scores the complete symbol, format and version information included."""
    chosen = set()
    for data in AUTO:
        symbols = [qr.matrix(data, mask=k) for k in range(8)]
        scores = [util.lost_point(s.tolist()) for s in symbols]
        best = scores.index(min(scores))  # ties: lowest mask number
        assert np.array_equal(qr.matrix(data), symbols[best]), data
        chosen.add(best)
    assert len(chosen) >= 6  # the payloads exercise most masks


def test_library_automatic_mask_differs_only_by_blanking_format_information():
    """`qrcode` (8.x) scores masks with format/version information left light.

    Where that changes the winner its choice differs from the standard's; the
    codes still decode (the mask is in the format information), they are just not
    the lowest-penalty ones.  Accept the library's choice being either.
    """
    differ = 0
    for data in AUTO[:150]:
        lib = np.array(library(data).modules, dtype=bool)
        symbols = [qr.matrix(data, mask=k) for k in range(8)]
        blanked = int(np.argmin(qr._penalties(packed([blank_format_areas(s) for s in symbols]))))
        mine = qr.matrix(data)
        assert np.array_equal(lib, mine) or np.array_equal(lib, symbols[blanked]), data
        differ += not np.array_equal(lib, mine)
    print(f"qrcode's automatic mask differs from the standard's for {differ} of 150 payloads")


# ---------------------------------------------------------------- decoding

# Not "": zxing-cpp reports no symbol for an empty one (the library's is identical).
DECODE = badge_payloads(6, seed=9) + SHORT[1:5] + ACCENTED + vcards(5, seed=10) + NUMERIC[-2:] + LARGE[:4]


@pytest.mark.parametrize("level", "LMQH")
def test_zxing_decodes_every_level(level):
    for i, data in enumerate(DECODE):
        for mask in (None, i % 8):
            try:
                m = qr.matrix(data, error_correction=level, mask=mask)
            except ValueError:
                assert qr.data_bits(40, level) < 8 * len(data.encode())
                continue
            found = decode(m)
            assert found.text == data
            assert found.ec_level == level
            assert found.extra["Version"] == str(version_of(m))
            if mask is not None:
                assert found.extra["DataMask"] == mask


# ---------------------------------------------------------------- PDF image

IMAGE = re.compile(rb"BI /IM true /W (\d+) /H (\d+) /BPC 1 /D \[1 0\] /F \[/AHx /Fl\] ID ([0-9a-f]*)> EI")


def image_samples(ops: bytes) -> np.ndarray:
    """The samples of an inline image mask, as a PDF reader unpacks them (each row padded to a byte)."""
    width, height, data = IMAGE.fullmatch(ops).groups()
    rows = np.frombuffer(zlib.decompress(binascii.unhexlify(data)), np.uint8).reshape(int(height), -1)
    return np.unpackbits(rows, axis=1)[:, : int(width)].view(bool)


def test_the_image_holds_exactly_the_modules_each_a_square_of_samples():
    k = qr.SAMPLES
    for data in badge_payloads(3, seed=11) + ["Zoë", "A" * 400]:
        m = qr.matrix(data)
        for turned, expected in ((False, m), (True, np.rot90(m, 2))):
            samples = image_samples(qr.image_ops(m, turned=turned))
            assert samples.shape == (k * len(m), k * len(m))
            assert np.array_equal(samples, np.kron(expected, np.ones((k, k), bool)))


def test_a_viewer_that_smooths_the_image_softens_only_the_edges_of_modules():
    """Safari and macOS printing interpolate scaled images whatever the PDF asks: at 600 dpi (14 pixels a
    module), bilinear smoothing of one sample a module turns a third of the code grey; of ours, a tenth."""
    m = qr.matrix("CK1:" + "ABCDEFGHIJ" * 12)

    def smoothed(samples: np.ndarray) -> np.ndarray:
        picture = Image.fromarray(np.where(samples, 0, 255).astype(np.uint8))
        return np.pad(np.asarray(picture.resize((14 * len(m),) * 2, Image.BILINEAR)), 56, constant_values=255)

    def grey(pixels: np.ndarray) -> float:
        return float(np.mean((pixels > 48) & (pixels < 208)))

    ours, one_a_module = smoothed(image_samples(qr.image_ops(m))), smoothed(m)
    assert grey(ours) < 0.12 < 0.3 < grey(one_a_module)
    assert [found.text for found in zxingcpp.read_barcodes(Image.fromarray(ours))] == ["CK1:" + "ABCDEFGHIJ" * 12]


def test_the_image_stays_small_enough_to_be_inline():
    m = qr.matrix("CK1:" + "ABCDEFGHIJ" * 12)  # a badge's code: version 6
    assert len(qr.image_ops(m)) < 4096  # PDF's advice for inline images


def test_codes_encoded_together_are_those_encoded_alone():
    datas = badge_payloads(12, seed=3) + vcards(4, seed=4) + ["01234567", "HELLO WORLD"]
    for level in ("L", "M", "H"):
        together = qr.matrices(datas, error_correction=level)
        assert len({m.shape for m in together}) > 2  # several versions in one call
        for data, mine in zip(datas, together):
            assert np.array_equal(mine, qr.matrix(data, error_correction=level))  # one code: checked against qrcode above
