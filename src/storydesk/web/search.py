"""Search results as the web UI shows them: the store's snippets escaped, their hit markers turned into <mark>."""
from __future__ import annotations

from markupsafe import Markup, escape

from ..store.search import CLOSE, OPEN, QueryError, fts_query, search

__all__ = ["QueryError", "fts_query", "highlight", "search", "strip_marks"]


def highlight(snippet: str) -> Markup:
    """Escape the snippet, then turn the FTS markers into <mark>."""
    return Markup(str(escape(snippet)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))


def strip_marks(snippet: str) -> str:
    return snippet.replace(OPEN, "").replace(CLOSE, "")
