"""How a document is named to a reader and in an export: by its title, else its outlet and date, else its file name;
never by an absolute path of the machine that read it (a store is shared with colleagues and loaded into Aleph)."""
from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any

_WINDOWS_ABS = re.compile(r"^[A-Za-z]:[\\/]")
MAX_LABEL = 70


def portable(source: str | None) -> str:
    """A source name without the reading machine's folders: an absolute path becomes its file name (with the line or
    record it points at: "/home/ana/feeds/a.jsonl:3" -> "a.jsonl:3"); a URL, "<stdin>" and a relative name stay."""
    if not source:
        return ""
    if "://" in source.split("/", 1)[0] + "/" or source.startswith("<"):
        return source
    if source.startswith(("/", "\\", "~")) or _WINDOWS_ABS.match(source):
        return posixpath.basename(source.replace("\\", "/")) or source
    return source


def file_name(source: str | None) -> str:
    """The last part of a source name: a file's name, a URL's last path part."""
    text = portable(source)
    if "://" in text:
        tail = text.split("://", 1)[1].rstrip("/")
        return tail.rsplit("/", 1)[-1] or tail
    return text.replace("\\", "/").rsplit("/", 1)[-1] or text


def cut(text: str, limit: int = MAX_LABEL) -> str:
    """At most `limit` characters, cut at a word and marked with an ellipsis (a label, a name in a chart)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,.;:-") + "…"


def label(doc: Mapping[str, Any], limit: int = MAX_LABEL) -> str:
    """Title, else "Outlet, date", else the file name."""
    if doc.get("title"):
        return cut(doc["title"], limit)
    head = ", ".join(x for x in (doc.get("outlet"), (doc.get("published") or "")[:10]) if x)
    return cut(head, limit) if head else cut(file_name(doc.get("source")), limit)


def labels(docs: Iterable[Mapping[str, Any]], limit: int = MAX_LABEL) -> dict[str, str]:
    """A label per document id, each one different: documents that would share a label (three copies with one
    headline) get their outlet, date or file name after it."""
    docs = list(docs)
    out = {d["id"]: label(d, limit) for d in docs}
    seen: dict[str, list[Mapping[str, Any]]] = {}
    for d in docs:
        seen.setdefault(out[d["id"]], []).append(d)
    for text, same in seen.items():
        if len(same) < 2:
            continue
        for d in same:
            extra = [x for x in (d.get("outlet"), (d.get("published") or "")[:10]) if x and x not in text]
            out[d["id"]] = f"{text} ({', '.join(extra) if extra else file_name(d.get('source'))})"
        if len({out[d["id"]] for d in same}) < len(same):  # still the same: number them
            for n, d in enumerate(same, start=1):
                out[d["id"]] = f"{out[d['id']]} #{n}"
    return out


def story_name(docs: list[Mapping[str, Any]]) -> str:
    """What a story without a headline of its own is called, from its documents (in story order): the first title,
    else "Story of" the first outlet and date, else the opening words of its first text; a file name only when a
    document has nothing else."""
    if not docs:
        return "An empty story"
    for d in docs:
        if d.get("title"):
            return cut(d["title"])
    for d in docs:
        if d.get("outlet"):
            return "Story of " + label({"outlet": d["outlet"], "published": d.get("published")})
    for d in docs:
        opening = " ".join((d.get("text") or "")[:300].split())
        if len(opening.split()) >= 4:
            return f"Story beginning \u201c{cut(opening, 60)}\u201d"
    return "Story of " + label(docs[0])
