"""A document after the per-document stages, as JSON and back, for the work store and for engine workers.

Only the record classes below are ever built from JSON (never pickle: a store
can come from someone else), and a tuple stays a tuple on the way back.
"""
from __future__ import annotations

import dataclasses
import json
from typing import Any

from .annotate.quantities import Quantity
from .annotate.quotes import Quote
from .annotate.times import TimeExpression
from .model import (
    Addition,
    AlignedSpan,
    Claim,
    Dateline,
    Derivation,
    Document,
    Mention,
    Paragraph,
    Problem,
    RawDocument,
    Removal,
    Review,
    Segment,
    Verdict,
)

CLASSES = {c.__name__: c for c in (Document, Segment, Removal, Paragraph, Dateline, Derivation, AlignedSpan, Addition, Review, Mention, Claim,
                                   Verdict, Quote, TimeExpression, Quantity, Problem, RawDocument)}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if name not in CLASSES:
            raise TypeError(f"{name} is not a record the codec knows")
        out = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        out["__t"] = name
        return out
    if isinstance(value, tuple):
        return {"__tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "__tuple" in value and len(value) == 1:
            return tuple(_decode(v) for v in value["__tuple"])
        name = value.get("__t")
        if name is not None:
            cls = CLASSES.get(name)
            if cls is None:
                raise ValueError(f"unknown record type {name!r}")
            names = {f.name for f in dataclasses.fields(cls)}
            return cls(**{k: _decode(v) for k, v in value.items() if k in names})
        return {k: _decode(v) for k, v in value.items()}
    return value


def dumps(record: Any) -> str:
    return json.dumps(_encode(record), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str) -> Any:
    return _decode(json.loads(text))
