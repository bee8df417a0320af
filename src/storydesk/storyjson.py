"""story.json: the analysed story as JSON, validated against the schema shipped in the package.

Offsets: spans of a document's `text` (cleaned) everywhere, except `removed[]`,
whose spans are in `original` (removed text is by definition not in `text`);
`segments[]` maps one to the other.
"""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema

from . import contract
from .model import Story

if TYPE_CHECKING:
    from .pipeline import Result

SCHEMA_VERSION = contract.SCHEMA_VERSION


@functools.lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(resources.files("storydesk").joinpath("schema/story.schema.json").read_text("utf-8"))


def story_part(story: Story) -> dict[str, Any]:
    """One story as it sits in story.json's `stories[]` (the declaration's mapping, `contract.StoryPart`): no run
    times in it, so the same input gives the same bytes."""
    return contract.dump(contract.StoryPart, story)


def generator(version: str, started: str, finished: str, stages: list[str]) -> dict[str, Any]:
    """The run block of story.json: who made it, when, and the stages it ran (`pipeline.STAGES`, by name)."""
    return {"name": "storydesk", "version": version, "started": started, "finished": finished, "stages": list(stages)}


def to_json(result: Result) -> dict[str, Any]:
    """One story with its run: what the report, the store and the web UI take (`stories()` yields these from a file)."""
    return with_run(story_part(result.story), generator(result.version, result.started, result.finished, result.stages))


def with_run(part: dict[str, Any], generator_block: dict[str, Any]) -> dict[str, Any]:
    """A story.json part with its run attached: the one-story shape the report, the store and the web UI take."""
    return {"schema_version": SCHEMA_VERSION, "generator": generator_block, **part}


def upgraded(part: dict[str, Any]) -> dict[str, Any]:
    """A part stored by an earlier release, in the current contract's shape: the fields added since, empty (schema 10:
    `happenings`, each claim's `triggers`). The story is analysed again, and filled, by the next run on its store (the
    stages' fingerprint changed)."""
    if "happenings" in part and all("triggers" in c for c in part.get("claims", [])):
        return part
    claims = [c if "triggers" in c else {**c, "triggers": []} for c in part.get("claims", [])]
    return {**part, "claims": claims, "happenings": part.get("happenings", [])}


def stories(file_payload: dict[str, Any]):
    """Each story of a story.json file, with the run's generator attached."""
    for part in file_payload["stories"]:
        yield with_run(part, file_payload["generator"])


@functools.lru_cache(maxsize=1)
def _validators():
    """Compiled validators (fastjsonschema: twenty times faster than walking the schema, which mattered per story)."""
    import fastjsonschema

    local = {k: v for k, v in schema().items() if k != "$id"}  # refs are local: never resolve the $id over the network
    def one(name: str):
        return fastjsonschema.compile({"$ref": f"#/$defs/{name}", "$defs": local["$defs"]}, handlers={})

    return fastjsonschema.compile(local, handlers={}), one("story_with_run"), one("story_part")


def validate(payload: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `payload` (a story.json file, one story with its run, or one story's part)
    breaks the contract."""
    import fastjsonschema

    whole, with_run, part = _validators()
    try:
        (whole if "stories" in payload else with_run if "generator" in payload else part)(payload)
    except fastjsonschema.JsonSchemaException as exc:
        raise jsonschema.ValidationError(str(exc)) from None


def dumps(payload: dict[str, Any]) -> str:
    # Sorted keys and fixed separators: the same input gives byte-identical files (but for run times).
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _indented(value: Any, depth: int) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n" + " " * depth)


def part_text(part: dict[str, Any]) -> str:
    """A story.json part as text, the way the store keeps it and `write_file` takes it."""
    return json.dumps(part, ensure_ascii=False, indent=1, sort_keys=True)


def write_file(handle, generator_block: dict[str, Any], parts, errors: list[dict[str, Any]]) -> None:
    """Write story.json one story at a time (a firehose run never holds every story in memory).

    `parts` are `part_text` strings; the bytes are those of `dumps` on the whole file."""
    handle.write('{\n "errors": ' + _indented(errors, 1) + ',\n "generator": ' + _indented(generator_block, 1)
                 + f',\n "schema_version": {SCHEMA_VERSION},\n "stories": [')
    first = True
    for part in parts:
        handle.write(("\n  " if first else ",\n  ") + part.replace("\n", "\n  "))
        first = False
    handle.write("\n ]\n}\n" if not first else "]\n}\n")
