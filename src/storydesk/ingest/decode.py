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
    # Valid multi-byte UTF-8 and many bytes that are not: two files joined (a UTF-8 part and a Windows-1252 or
    # Latin-1 part). Each part is decoded as what it is, so neither half is garbled.
    if good_multibyte >= _MIXED_MIN and not declared:
        mixed = data.decode("utf-8", errors=_LEGACY_HANDLER)
        note = (f"mixed encodings: UTF-8 where it is valid, Windows-1252 for the {bad} byte sequence(s) that are not "
                f"(first at byte {first_bad})")
        return _finish(_text_or_refuse(mixed), "utf-8+cp1252", [note])
    if declared:
        try:
            return _finish(data.decode(declared), declared.lower(), [f"declared encoding {declared}"])
        except (LookupError, UnicodeDecodeError):
            pass
    best = _detect(data[:200_000])
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        try:
            text = data.decode(best.encoding)
            return _finish(_text_or_refuse(text), best.encoding, [f"not UTF-8; detected {best.encoding}"])
        except (LookupError, UnicodeDecodeError):
            pass
    return _finish(_text_or_refuse(replaced), "utf-8",
                   [f"invalid UTF-8 (first bad byte at {first_bad}); {bad} character(s) replaced with U+FFFD"])


# Mixed encodings: this many valid multi-byte UTF-8 characters show a UTF-8 part (a legacy file decoded as UTF-8
# makes almost none: its accented letters are single bytes followed by ASCII).
_MIXED_MIN = 2


def _legacy_part(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


_LEGACY_HANDLER = "storydesk-cp1252"
codecs.register_error(_LEGACY_HANDLER, _legacy_part)


def _text_or_refuse(text: str) -> str:
    """`text`, unless what a guess at its encoding gave is no text: mostly characters that could not be decoded, or
    few letters and almost no spaces (random bytes read as a legacy code page come out about 40% letters and 2%
    spaces, 60% letters when some of them read as UTF-8; the news pages of CleanEval, markup and all, at least 70%
    letters and 8% spaces)."""
    sample = text[:20_000]
    visible = [c for c in sample if not c.isspace()]
    if len(visible) < 50:
        return text
    undecoded = sample.count("\ufffd") / len(visible)
    letters = sum(c.isalpha() for c in visible) / len(visible)
    spaces = (len(sample) - len(visible)) / len(sample)
    if undecoded > 0.25 or (letters < 0.65 and spaces < 0.05):
        raise DecodeError("binary", f"not text: {undecoded:.0%} of its characters could not be decoded and "
                                    f"{letters:.0%} are letters, with {spaces:.0%} spaces (binary data, or an "
                                    "encoding that cannot be guessed)")
    return text


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
