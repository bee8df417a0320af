"""Full-text search over documents and claims (SQLite FTS5), safe for any user input. Snippets carry the markers
`OPEN` and `CLOSE` around each hit (the web UI turns them into <mark> after escaping)."""
from __future__ import annotations

import re
import sqlite3
from typing import Any

from .. import labels

_WORD = re.compile(r"\w+", re.UNICODE)
OPEN, CLOSE = "\x02", "\x03"  # snippet markers that cannot occur in stored text after escaping


# a phrase in double quotes; a word, with "-" before it (at the start or after a space: not "al-Qaeda") and "*"
# after it; anything else is punctuation between terms
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<neg>(?<!\S)-)?(?P<word>\w+)(?P<star>\*)?|\S', re.UNICODE)
MAX_TERMS = 12


class QueryError(ValueError):
    """A search that cannot be run as typed (only words to leave out): said in words, never an SQL error."""


def _term(words: list[str], prefix: bool = False) -> str:
    # every word quoted, so nothing the user types reaches FTS5 as syntax
    return '"' + " ".join(words) + '"' + ("*" if prefix else "")


def fts_query(q: str) -> str | None:
    """The user's search as an FTS5 query. Every word must match; `a OR b` either; `NOT word` or `-word` leaves
    documents with it out; `"a phrase"` the exact words in order; `word*` any ending. The last plain word also matches
    as a prefix (search as you type). Each word reaches FTS5 quoted, so no input can be an operator of FTS5's own or a
    syntax error. Raises QueryError for a search of only words to leave out."""
    groups: list[list[str]] = []  # AND of ORs
    negated: list[str] = []
    pending_or = pending_not = False
    last_plain: tuple[int, int] | None = None
    count = 0
    for m in _TOKEN.finditer(q or ""):
        if count >= MAX_TERMS:
            break
        word, phrase = m.group("word"), m.group("phrase")
        if word in ("OR", "AND", "NOT") and not m.group("neg") and not m.group("star"):
            pending_or, pending_not = (word == "OR" and bool(groups)), word == "NOT"
            continue
        if phrase is not None:
            words = _WORD.findall(phrase)
            term, plain = (_term(words) if words else None), False
        elif word is not None:
            term, plain = _term([word], bool(m.group("star"))), not m.group("star")
        else:
            continue  # punctuation between terms
        if term is None:
            continue
        count += 1
        if pending_not or m.group("neg"):
            negated.append(term)
        elif pending_or:
            groups[-1].append(term)
            last_plain = (len(groups) - 1, len(groups[-1]) - 1) if plain else None
        else:
            groups.append([term])
            last_plain = (len(groups) - 1, 0) if plain else None
        pending_or = pending_not = False
    if not groups:
        if negated:
            raise QueryError("give a word to find before the words to leave out (NOT or -word)")
        return None
    if last_plain is not None:
        g, k = last_plain
        groups[g][k] += "*"
    query = " AND ".join(f"({' OR '.join(g)})" if len(g) > 1 else g[0] for g in groups)
    for term in negated:
        query = f"({query}) NOT {term}"
    return query


def search(conn: sqlite3.Connection, q: str, story: str | None = None, limit: int = 20) -> dict[str, Any]:
    match = fts_query(q)
    if match is None:
        return {"query": q, "documents": [], "claims": []}
    story_clause = "AND d.story_id = ?" if story else ""
    args: list[Any] = [match] + ([story] if story else []) + [limit]
    docs = conn.execute(
        f"SELECT d.story_id, d.id, d.title, d.outlet, d.published, "
        f"snippet(documents_fts, 2, '{OPEN}', '{CLOSE}', '…', 18), d.source "
        f"FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
        f"WHERE documents_fts MATCH ? {story_clause} ORDER BY bm25(documents_fts) LIMIT ?", args).fetchall()
    story_clause = "AND c.story_id = ?" if story else ""
    claims = conn.execute(
        f"SELECT c.story_id, c.id, c.document_id, c.status, snippet(claims_fts, 0, '{OPEN}', '{CLOSE}', '…', 24), c.text "
        f"FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
        f"WHERE claims_fts MATCH ? {story_clause} ORDER BY bm25(claims_fts) LIMIT ?", args).fetchall()
    return {
        "query": q,
        "documents": [{"story": r[0], "id": r[1], "title": r[2], "outlet": r[3], "published": r[4], "snippet": r[5],
                       "label": labels.label({"title": r[2], "outlet": r[3], "published": r[4], "source": r[6]})} for r in docs],
        "claims": [{"story": r[0], "id": r[1], "doc": r[2], "status": r[3], "snippet": r[4], "text": r[5]} for r in claims],
    }
