"""Language of documents and paragraphs, with lingua restricted to the languages news in our corpora is written in.

Restricting the candidate set makes lingua both faster and more accurate on
short paragraphs; a text lingua is not confident about gets None, never a guess.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

LANGUAGES = (Language.ENGLISH, Language.SPANISH, Language.PORTUGUESE, Language.FRENCH, Language.GERMAN, Language.ITALIAN)
_WORD = re.compile(r"[^\W\d_]{2,}")


@functools.lru_cache(maxsize=1)
def _detector():
    # Loaded once per process (about 0.5 s for six languages); the high-accuracy mode is kept
    # because paragraph-level detection sees texts of a dozen words.
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_preloaded_language_models().build()


# Scripts that news in our corpora is not written in, with the languages each is read as. A text in one of them is
# named by its language (so it gets that language's pipeline or a warning that there is none), never called English.
_SCRIPTS: dict[str, tuple[str, ...]] = {
    "CYRILLIC": ("RUSSIAN", "UKRAINIAN", "BULGARIAN", "SERBIAN", "MACEDONIAN", "BELARUSIAN", "KAZAKH", "MONGOLIAN"),
    "ARABIC": ("ARABIC", "PERSIAN", "URDU"),
    "DEVANAGARI": ("HINDI", "MARATHI"),
    "GREEK": ("GREEK",), "HEBREW": ("HEBREW",), "HANGUL": ("KOREAN",), "THAI": ("THAI",), "GEORGIAN": ("GEORGIAN",),
    "ARMENIAN": ("ARMENIAN",), "BENGALI": ("BENGALI",), "TAMIL": ("TAMIL",), "GUJARATI": ("GUJARATI",),
    "GURMUKHI": ("PUNJABI",), "TELUGU": ("TELUGU",),
}


def _script(text: str) -> str | None:
    """The script most letters of `text` are written in ("LATIN", "CYRILLIC", "CJK" ...), from a sample."""
    counts: Counter[str] = Counter()
    for ch in text[:2000]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith(("CJK", "HIRAGANA", "KATAKANA")):
                counts["CJK" if name.startswith("CJK") else "KANA"] += 1
            else:
                counts[name.split(" ", 1)[0]] += 1
    if not counts:
        return None
    if counts["KANA"]:
        return "KANA"  # Japanese mixes kana with kanji
    return counts.most_common(1)[0][0]


@functools.cache
def _script_detector(script: str):
    languages = [getattr(Language, name) for name in _SCRIPTS[script] if hasattr(Language, name)]
    return LanguageDetectorBuilder.from_languages(*languages).build() if len(languages) > 1 else languages


def detect(text: str) -> str | None:
    """ISO 639-1 code of `text`'s language, or None when the text is too short to tell."""
    script = _script(text)
    if script == "CJK":
        return "zh"
    if script == "KANA":
        return "ja"
    if script in _SCRIPTS:
        detector = _script_detector(script)
        language = detector[0] if isinstance(detector, list) else detector.detect_language_of(text[:5000])
        return language.iso_code_639_1.name.lower() if language is not None else None
    if len(_WORD.findall(text)) < 3:
        return None
    language = _detector().detect_language_of(text[:5000])
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()


def supported() -> list[str]:
    return [lang.iso_code_639_1.name.lower() for lang in LANGUAGES]


__all__ = ["IsoCode639_1", "detect", "supported"]
