"""One normal form for comparing texts: casefolded, accents stripped, words joined by single spaces."""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def normalize(text: str) -> str:
    return " ".join(_WORD.findall(strip_accents(text.casefold())))


def strip_accents(text: str) -> str:
    """Accents off, case and punctuation kept: 'Dámaso' → 'Damaso'."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
