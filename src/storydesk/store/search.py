"""Full-text search over documents and claims (SQLite FTS5), safe for any user input. Snippets carry the markers
`OPEN` and `CLOSE` around each hit (the web UI turns them into <mark> after escaping)."""
from __future__ import annotations

import re
import sqlite3
from typing import Any

_WORD = re.compile(r"\w+", re.UNICODE)
OPEN, CLOSE = "\x02", "\x03"  # snippet markers that cannot occur in stored text after escaping


def fts_query(q: str) -> str | None:
    """The user's words as an FTS5 query: each word quoted (so no operator or syntax error can come from input),
    all required; the last word also matches as a prefix (search as you type)."""
    words = _WORD.findall(q or "")[:12]
    if not words:
        return None
    parts = [f'"{w}"' for w in words]
    parts[-1] += "*"
    return " ".join(parts)


def search(conn: sqlite3.Connection, q: str, story: str | None = None, limit: int = 20) -> dict[str, Any]:
    match = fts_query(q)
    if match is None:
        return {"query": q, "documents": [], "claims": []}
    story_clause = "AND d.story_id = ?" if story else ""
    args: list[Any] = [match] + ([story] if story else []) + [limit]
    docs = conn.execute(
        f"SELECT d.story_id, d.id, d.title, d.outlet, d.published, "
        f"snippet(documents_fts, 2, '{OPEN}', '{CLOSE}', '…', 18) "
        f"FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
        f"WHERE documents_fts MATCH ? {story_clause} ORDER BY bm25(documents_fts) LIMIT ?", args).fetchall()
    story_clause = "AND c.story_id = ?" if story else ""
    claims = conn.execute(
        f"SELECT c.story_id, c.id, c.document_id, c.status, snippet(claims_fts, 0, '{OPEN}', '{CLOSE}', '…', 24), c.text "
        f"FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
        f"WHERE claims_fts MATCH ? {story_clause} ORDER BY bm25(claims_fts) LIMIT ?", args).fetchall()
    return {
        "query": q,
        "documents": [{"story": r[0], "id": r[1], "title": r[2], "outlet": r[3], "published": r[4], "snippet": r[5]} for r in docs],
        "claims": [{"story": r[0], "id": r[1], "doc": r[2], "status": r[3], "snippet": r[4], "text": r[5]} for r in claims],
    }
