"""The QR Code standard's numbers (ISO/IEC 18004): modes, capacities, block structure, GF(256).

Data, not logic: apart from the encoder in `qr` so that each reads on its own, and so
that a table can be checked against the standard line by line.
"""

from __future__ import annotations

import re

import numpy as np

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALNUM_VALUE = {c: i for i, c in enumerate(ALPHANUMERIC)}
_ALNUM_RE = re.compile(f"[{re.escape(ALPHANUMERIC)}]*")
_NUMERIC, _ALNUM, _BYTE = 1, 2, 4  # mode indicators
_COUNT_BITS = {_NUMERIC: (10, 12, 14), _ALNUM: (9, 11, 13), _BYTE: (8, 16, 16)}
_LEVEL_BITS = {"L": 1, "M": 0, "Q": 3, "H": 2}  # as written in the format information


def _row(text: str) -> tuple[int, ...]:
    return (0, *map(int, text.split()))  # index 0 unused: versions start at 1


# ISO/IEC 18004 Table 9, per version 1-40: EC codewords per block, number of blocks.
_EC_PER_BLOCK = {
    "L": _row("7 10 15 20 26 18 20 24 30 18 20 24 26 30 22 24 28 30 28 28 28 28 30 30 26 28 30 30 30 30 30 30 30 30 30 30 30 30 30 30"),
    "M": _row("10 16 26 18 24 16 18 22 22 26 30 22 22 24 24 28 28 26 26 26 26 28 28 28 28 28 28 28 28 28 28 28 28 28 28 28 28 28 28 28"),
    "Q": _row("13 22 18 26 18 24 18 22 20 24 28 26 24 20 30 24 28 28 26 30 28 30 30 30 30 28 30 30 30 30 30 30 30 30 30 30 30 30 30 30"),
    "H": _row("17 28 22 16 22 28 26 26 24 28 24 28 22 24 24 30 28 28 26 28 30 24 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30"),
}  # fmt: skip
_BLOCKS = {
    "L": _row("1 1 1 1 1 2 2 2 2 4 4 4 4 4 6 6 6 6 7 8 8 9 9 10 12 12 12 13 14 15 16 17 18 19 19 20 21 22 24 25"),
    "M": _row("1 1 1 2 2 4 4 4 5 5 5 8 9 9 10 10 11 13 14 16 17 17 18 20 21 23 25 26 28 29 31 33 35 37 38 40 43 45 47 49"),
    "Q": _row("1 1 2 2 4 4 6 6 8 8 8 10 12 16 12 17 16 18 21 20 23 23 25 27 29 34 34 35 38 40 43 45 48 51 53 56 59 62 65 68"),
    "H": _row("1 1 2 4 4 4 5 6 8 8 11 11 16 16 18 16 19 21 25 25 25 34 30 32 35 37 40 42 45 48 51 54 57 60 63 66 70 74 77 81"),
}  # fmt: skip

# GF(256) with the QR polynomial x^8+x^4+x^3+x^2+1.  log(0) is a sentinel so
# large that any sum involving it lands in the zero tail of _EXP: products
# then need no special case for zero.
_EXP = np.zeros(1021, np.uint8)
_LOG = np.full(256, 510, np.int32)
_value = 1
for _i in range(255):
    _EXP[_i] = _EXP[_i + 255] = _value
    _LOG[_value] = _i
    _value = (_value << 1) ^ (0x11D if _value & 0x80 else 0)
_BIT_TABLE = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1, bitorder="little").astype(np.int64)


def _bch(value: int, generator: int, bits: int) -> int:
    """``value`` followed by its BCH remainder (format and version information)."""
    rem = value << bits
    for shift in range(rem.bit_length() - generator.bit_length(), -1, -1):
        if rem >> (shift + generator.bit_length() - 1) & 1:
            rem ^= generator << shift
    return value << bits | rem


def data_bits(version: int, level: str) -> int:
    """Capacity in data bits: raw modules minus function patterns minus EC codewords."""
    raw = (16 * version + 128) * version + 64
    if version >= 2:
        align = version // 7 + 2
        raw -= (25 * align - 10) * align - 55 + (36 if version >= 7 else 0)
    return 8 * (raw // 8 - _EC_PER_BLOCK[level][version] * _BLOCKS[level][version])


def alignment_positions(version: int) -> list[int]:
    """Row/column centres of alignment patterns (Annex E), evenly spaced back from the edge."""
    if version == 1:
        return []
    count, size = version // 7 + 2, 17 + 4 * version
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    return [6] + [size - 7 - i * step for i in range(count - 2, -1, -1)]
