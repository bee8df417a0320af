"""Stages as data: each names what it reads and what it writes, and the pipeline runs them in the order listed.

A field is named `Record.field` (`Document.claims`, `Claim.verdicts`). `check` refuses a list in which a stage reads
a field that no earlier stage writes (the fields a reader fills are given as `given`), as spaCy refuses a pipeline
whose component needs an attribute nothing assigns. `snapshot` and `touched` let a test prove that a stage wrote only
what it declares.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any


class StageError(ValueError):
    """A list of stages that cannot run: a stage reads what no stage before it writes."""


@dataclass(frozen=True)
class Stage:
    name: str
    requires: tuple[str, ...]  # fields read
    assigns: tuple[str, ...]  # fields written (a list field: the list and the records in it)
    run: Callable[..., Any]
    scope: str = "story"  # "document": per article, parallel; "corpus": over every article; "story": per story
    doc: str = ""


def check(stages: Sequence[Stage], given: Iterable[str] = ()) -> None:
    """Raise StageError when a stage requires a field no earlier stage assigns, or two stages share a name."""
    available = set(given)
    names: set[str] = set()
    for stage in stages:
        if stage.name in names:
            raise StageError(f"two stages are named {stage.name!r}")
        names.add(stage.name)
        missing = [f for f in stage.requires if f not in available]
        if missing:
            raise StageError(f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage assigns")
        available.update(stage.assigns)


# -- what a stage touched -----------------------------------------------------------------------------------------

def _leaf(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def snapshot(record: Any) -> dict[str, tuple[str, str]]:
    """Every field of every record reachable from `record`: path -> (Record.field, its value as JSON). A field holding
    records is listed by length, its records by their own paths."""
    out: dict[str, tuple[str, str]] = {}

    def walk(obj: Any, path: str) -> None:
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            label, here = f"{type(obj).__name__}.{f.name}", f"{path}.{f.name}"
            if isinstance(value, list) and value and all(dataclasses.is_dataclass(v) for v in value):
                out[here] = (label, f"[{len(value)}]")
                for n, v in enumerate(value):
                    walk(v, f"{here}[{n}]")
            elif dataclasses.is_dataclass(value) and not isinstance(value, type):
                out[here] = (label, type(value).__name__)
                walk(value, here)
            else:
                out[here] = (label, _leaf(value))

    walk(record, type(record).__name__)
    return out


def touched(before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]]) -> set[str]:
    """The `Record.field` names whose values differ between two snapshots."""
    return {label for _, label in changes(before, after)}


def undeclared(before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]], assigns: Iterable[str]) -> set[str]:
    """What changed outside `assigns`. A change inside a list field that is assigned (`Document.mentions`) is covered:
    the stage owns that list and the records in it."""
    allowed = set(assigns)
    out = set()
    for path, label in changes(before, after):
        holders = {(before.get(p) or after.get(p) or ("", ""))[0] for p in _parents(path)}
        if label not in allowed and not holders & allowed:
            out.add(label)
    return out


def changes(before: dict[str, tuple[str, str]], after: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """(path, Record.field) of every value that differs. A record that appeared or went is counted against the list
    that holds it, not against each of its own fields."""
    out = []
    for path in sorted(before.keys() | after.keys()):
        a, b = before.get(path), after.get(path)
        if a is not None and b is not None:
            if a[1] != b[1]:
                out.append((path, a[0]))
        elif not any(p in before and p in after and before[p][1] != after[p][1] for p in _parents(path)):
            out.append((path, (a or b or ("", ""))[0]))
    return out


def _parents(path: str) -> list[str]:
    """The list fields that hold the record at `path`, innermost first ("S.documents[0].claims[2].text" ->
    ["S.documents[0].claims", "S.documents"])."""
    out, cut = [], path
    while "[" in cut:
        cut = cut[:cut.rindex("[")]
        out.append(cut)
    return out
