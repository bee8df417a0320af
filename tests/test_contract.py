"""The record declared once: the shipped schema is the one the declaration generates, story.json is the declaration's
mapping of the working records, and the vocabularies are the values the stages write."""
from __future__ import annotations

import dataclasses
import json
from importlib import resources

import pytest

from storydesk import contract, storyjson
from storydesk.model import Claim, Document, Story


def test_the_shipped_schema_is_the_one_the_declaration_generates():
    shipped = resources.files("storydesk").joinpath("schema/story.schema.json").read_text("utf-8")
    assert shipped == contract.schema_text(), "run: python -m storydesk.contract > src/storydesk/schema/story.schema.json"


def test_every_declared_record_is_in_the_schema_and_closed():
    schema = contract.json_schema()
    for cls in contract.RECORDS:
        if cls is contract.StoryFile:
            continue
        d = schema["$defs"][contract._def_name(cls)]
        assert d["additionalProperties"] is False and d["required"] == [f.name for f in dataclasses.fields(cls)]


def test_an_unknown_key_or_status_breaks_the_contract():
    story = Story(id="s", documents=[Document(id="d1", source="a.txt", original="Soldiers left.", text="Soldiers left.")])
    claim = Claim(id="d1/c1", doc="d1", start=0, end=14, text="Soldiers left.", spans=[(0, 14)], sentence=(0, 14),
                  status="single_source")
    story.documents[0].claims.append(claim)
    part = storyjson.story_part(story)
    storyjson.validate(part)
    assert part["claims"][0]["spans"] == [{"start": 0, "end": 14}]
    bad = json.loads(json.dumps(part))
    bad["claims"][0]["status"] = "probably"
    with pytest.raises(Exception, match="status|enum|must be one of"):
        storyjson.validate(bad)
    extra = json.loads(json.dumps(part))
    extra["documents"][0]["secret"] = 1
    with pytest.raises(Exception, match="additional|must not contain"):
        storyjson.validate(extra)


def test_the_vocabularies_are_their_strings():
    assert contract.Status.SINGLE_SOURCE == "single_source"
    assert json.dumps({"s": contract.Status.CORROBORATED}) == '{"s": "corroborated"}'
    assert [s.value for s in contract.Status] == ["contradicted", "disputed", "unsupported", "corroborated", "single_source"]


def test_the_api_models_forbid_what_the_schema_forbids():
    import pydantic

    model = contract.api_model(contract.Verdict)
    model(doc="d", label="supports", score=0.5, evidence=[], features={}, reasons=[], verifier="learned", review=None)
    with pytest.raises(pydantic.ValidationError):
        model(doc="d", label="maybe", score=0.5, evidence=[], features={}, reasons=[], verifier="learned", review=None)
    with pytest.raises(pydantic.ValidationError):
        model(doc="d", label="supports", score=0.5, evidence=[], features={}, reasons=[], verifier="x", review=None, extra=1)


def test_one_judgement_vocabulary_for_the_cli_the_web_and_the_store():
    """The kinds and decisions are declared once (contract.JudgementKind, contract.DECISIONS): the CLI's commands,
    the web's and the API's judgement (review.make.judgement) and a judgement read back all take them from there."""
    import click

    from storydesk import cli
    from storydesk.model import Judgement
    from storydesk.review import JudgementError, make

    commands = {contract.JudgementKind.VERDICT: "verdict", contract.JudgementKind.STATUS: "status",
                contract.JudgementKind.ENTITY: "entities", contract.JudgementKind.DERIVATION: "derivation"}
    assert set(commands) == set(contract.JudgementKind) == set(contract.DECISIONS)
    for kind, name in commands.items():
        decision = next(p for p in cli.judge.commands[name].params if p.name == "decision")
        assert isinstance(decision.type, click.Choice) and tuple(decision.type.choices) == contract.DECISIONS[kind]
    label = next(p for p in cli.judge.commands["verdict"].params if p.name == "label")
    assert set(label.type.choices) == {x.value for x in contract.Label}
    payload = {"story": {"id": "s"}, "documents": [{"id": "a", "source": "a.txt", "title": "A", "original": "One."},
                                                   {"id": "b", "source": "b.txt", "title": None, "original": "Two."}],
               "entities": [],
               "claims": []}
    j = make.judgement(payload, "derivation", "reject", "  ana \n b ", "x" * 900, documents=("a", "b"))
    assert j.kind is contract.JudgementKind.DERIVATION and j.who == "ana b" and len(j.note) == Judgement.NOTE_MAX
    assert Judgement(**{**dataclasses.asdict(j), "kind": "derivation"}).kind is contract.JudgementKind.DERIVATION
    with pytest.raises(JudgementError, match="confirm or reject"):
        make.judgement(payload, "derivation", "merge", "ana", documents=("a", "b"))
    with pytest.raises(JudgementError, match="verdict, status, entity, derivation"):
        make.judgement(payload, "opinion", "right", "ana")
    with pytest.raises(ValueError):
        Judgement(**{**dataclasses.asdict(j), "kind": "opinion"})
