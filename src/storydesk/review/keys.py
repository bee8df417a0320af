"""Stable ids for what a person judges: content hashes, the same on every run and after articles are added.

A document is known by its text as read (`original`), not by its file name or the run's id, so moving the folder
keeps the judgements. Every function takes the working records or their story.json form (dicts) alike."""
from __future__ import annotations

import hashlib
from typing import Any

from ..resolve import key as name_key

__all__ = ["claim_key", "derivation_key", "doc_key", "entity_key", "name_key", "status_key", "verdict_key"]


def _get(record: Any, name: str) -> Any:
    return record[name] if isinstance(record, dict) else getattr(record, name)


def _hash(*parts: str, n: int = 16) -> str:
    return hashlib.sha1("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:n]


def doc_key(doc: Any) -> str:
    return _hash(_get(doc, "original"), n=12)


def claim_key(doc: Any, claim: Any) -> str:
    return _hash(doc_key(doc), " ".join(_get(claim, "text").casefold().split()))


def verdict_key(doc: Any, claim: Any, source: Any) -> str:
    return f"verdict:{claim_key(doc, claim)}:{doc_key(source)}"


def status_key(doc: Any, claim: Any) -> str:
    return f"status:{claim_key(doc, claim)}"


def entity_key(a: str, b: str) -> str:
    """Merge and split of one pair of names share a key: the latest judgement of the pair is the one kept."""
    return "entity:" + _hash(*sorted((name_key(a), name_key(b))))


def derivation_key(a: Any, b: Any) -> str:
    """The two documents, in either order: confirming and rejecting one pair share a key."""
    return "derivation:" + _hash(*sorted((doc_key(a), doc_key(b))))
