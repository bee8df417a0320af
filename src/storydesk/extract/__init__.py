"""Extract: RawDocument -> Document (cleaned text, removals, metadata with its basis, languages).

The package's public names; the code and its full description are in `document.py`.
"""
from __future__ import annotations

from . import clean, language, rules
from .document import doc_id, extract, extract_safely

__all__ = ["clean", "doc_id", "extract", "extract_safely", "language", "rules"]
