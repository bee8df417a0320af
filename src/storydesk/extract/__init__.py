"""Extract: RawDocument -> Document (cleaned text, removals, metadata with its basis, languages).

Fills Document.{original, text, segments, removed, title, outlet, outlet_basis,
author, url, published, published_basis, language, paragraphs, dateline}.
"""
from __future__ import annotations

from . import clean, language, rules
from .document import doc_id, extract

__all__ = ["clean", "doc_id", "extract", "language", "rules"]
