"""One normal form for comparing texts: casefolded, accents stripped, words joined by single spaces."""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.U)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text))


def strip_accents(text: str) -> str:
    """Accents off, case and punctuation kept: 'Dámaso' → 'Damaso'."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
