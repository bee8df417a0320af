"""Bytes to text without crashing and without silent loss.

Order of evidence: a byte-order mark; the even/odd NUL pattern of BOM-less
UTF-16; strict UTF-8; charset detection (charset-normalizer); last, UTF-8
with replacement characters, reported. Mojibake (UTF-8 read as cp1252 and
saved again) is repaired with ftfy, and the repair is recorded.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import ftfy
from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes are not text (binary) or cannot be decoded at all."""

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)  # what was done to get text, for warnings


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Control bytes that never occur in text files (TAB, LF, FF, CR and ESC excluded).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _utf16_without_bom(data: bytes) -> str | None:
    """Return the codec name when NULs sit on one parity, as in ASCII-range UTF-16."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) / 2
    # Mostly-ASCII UTF-16 has a NUL in nearly every other byte; 40% leaves room for
    # accented and non-Latin characters while binary formats rarely show the pattern.
    if odd_nul > 0.4 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.4 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([b])) for b in _BINARY_BYTES)
    # Text in any 8-bit encoding has almost no C0 controls; 10% is far beyond mis-encoding.
    return controls / len(sample) > 0.10


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode `data` to text. Raises DecodeError for binary or empty-after-decoding input."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            return _finish(text, codec, ["byte-order mark"] if codec != "utf-8" else [])
    codec16 = _utf16_without_bom(data)
    if codec16:
        return _finish(data.decode(codec16, errors="replace"), codec16, [f"{codec16} without byte-order mark"])
    if looks_binary(data):
        raise DecodeError("binary", "binary file (not text: it contains NUL or control bytes)")
    try:
        return _finish(data.decode("utf-8"), "utf-8", [])
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    good_multibyte = sum(1 for ch in replaced if ord(ch) > 127) - bad
    # UTF-8 with a few damaged bytes (a cut multi-byte character, a stray byte): real multi-byte
    # sequences decode and the damage is rare. A legacy 8-bit file has no valid multi-byte sequence.
    if good_multibyte > bad and bad <= max(3, len(replaced) // 100):
        return _finish(replaced, "utf-8", [f"invalid UTF-8 (first bad byte at {first_bad}); {bad} character(s) replaced with U+FFFD"])
    if declared:
        try:
            return _finish(data.decode(declared), declared.lower(), [f"declared encoding {declared}"])
        except (LookupError, UnicodeDecodeError):
            pass
    best = _detect(data[:200_000])
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        try:
            text = data.decode(best.encoding)
            return _finish(text, best.encoding, [f"not UTF-8; detected {best.encoding}"])
        except (LookupError, UnicodeDecodeError):
            pass
    return _finish(replaced, "utf-8", [f"invalid UTF-8 (first bad byte at {first_bad}); {bad} character(s) replaced with U+FFFD"])


# Western legacy encodings of the English and Spanish press. Short texts let charset-normalizer
# tie cp1252 with cp1250 and the like (n-tilde becomes n-acute); when a Western encoding is
# nearly as clean as the winner, it wins.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_CHAOS_MARGIN = 1.0  # percentage points of "chaos", charset-normalizer's measure of implausible characters


def _detect(data: bytes):
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.encoding in _WESTERN and match.percent_chaos <= best.percent_chaos + _CHAOS_MARGIN:
            return match
    return best


def _finish(text: str, encoding: str, notes: list[str]) -> Decoded:
    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        notes = [*notes, "mojibake repaired"]
        text = fixed
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return Decoded(text=text, encoding=encoding, notes=notes)
