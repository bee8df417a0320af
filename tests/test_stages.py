"""Stages as data: the list is checked when it is built, and each stage writes only what it declares."""
from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

import factories
from storydesk.model import Claim, Story
from storydesk.pipeline import GIVEN, STAGES, STORY_STAGES, Context, Options
from storydesk.stages import Stage, StageError, check, snapshot, undeclared


def test_the_pipeline_list_is_valid_and_names_every_stage_once():
    check(STAGES)
    assert [s.name for s in STAGES][:4] == ["ingest", "extract", "annotate", "cluster"]
    assert [s.scope for s in STAGES][:5] == ["document", "document", "document", "corpus", "story"]
    # a stage that reads what nothing before it writes is refused, naming both
    broken = [STAGES[0], Stage("reader", ("Claim.verdicts",), (), lambda s, c: None), *STAGES[1:]]
    with pytest.raises(StageError, match="reader.*Claim.verdicts"):
        check(broken)
    with pytest.raises(StageError, match="two stages"):
        check([STAGES[0], STAGES[0]])
    assert set(STAGES[0].assigns) == set(GIVEN)


def test_snapshots_see_a_write_outside_the_declaration():
    story = Story(id="s")
    before = snapshot(story)
    story.errors.append(factories.problem())
    assert undeclared(before, snapshot(story), ("Story.relations",)) == {"Story.errors"}
    assert undeclared(before, snapshot(story), ("Story.errors",)) == set()
    claim = Claim(id="c", doc="d", start=0, end=1, text="x")
    before = snapshot(claim)
    claim.verdicts = []
    claim.status = "corroborated"
    assert undeclared(before, snapshot(claim), ("Claim.verdicts",)) == {"Claim.status"}


def test_each_story_stage_writes_only_what_it_declares():
    story = Story(id="story-hand", documents=factories.documents())
    ctx = Context(Options())
    for stage in STORY_STAGES:
        before = snapshot(story)
        stage.run(story, ctx)
        after = snapshot(story)
        assert undeclared(before, after, stage.assigns) == set(), stage.name
    # the stages did their work on this story: something to check against
    assert story.relations and story.entities and story.events and story.brief
    assert any(c.verdicts for d in story.documents for c in d.claims)
    assert ctx.index is not None


def test_every_declared_field_exists_on_its_record():
    from storydesk import model
    from storydesk.annotate import Quote

    records = {c.__name__: c for c in (model.RawDocument, model.Document, model.Mention, model.Claim, model.Story, Quote,
                                       model.Relation, model.Derivation, model.Entity, model.Verdict, model.Happening)}
    records["Context"] = Context
    for stage in STAGES:
        for name in (*stage.requires, *stage.assigns):
            cls, _, attr = name.partition(".")
            assert attr in {f.name for f in dataclasses.fields(records[cls])}, f"{stage.name}: {name}"


@pytest.mark.e2e  # a fresh interpreter per module
@pytest.mark.parametrize("module", ["claims", "annotate", "verify", "resolve", "provenance", "timeline", "brief", "cluster",
                                    "extract", "ingest", "store", "export", "engine", "report", "web.app", "words", "embedder",
                                    "stages", "storyjson", "codec", "pipeline", "cli", "contract", "dates", "unionfind",
                                    "store.read", "store.work"])
def test_every_module_imports_on_its_own(module):
    done = subprocess.run([sys.executable, "-c", f"import storydesk.{module}"], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_annotate_writes_only_what_it_declares():
    from storydesk.annotate import annotate_documents
    from storydesk.extract import extract_safely

    docs = [doc for doc, _ in (extract_safely(r) for r in factories.raws()) if doc is not None]
    story = Story(id="s", documents=docs)
    before = snapshot(story)
    assert annotate_documents(docs) == []
    annotate = next(s for s in STAGES if s.name == "annotate")
    assert undeclared(before, snapshot(story), annotate.assigns) == set()
    assert all(d.claims and d.nlp for d in docs)
