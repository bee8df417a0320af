"""The web API's request and answer models (the OpenAPI document is made from them). The story and claim models are
derived from the contract's declarations; the rest are the API's own shapes."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .. import contract


class StoryOut(BaseModel):
    id: str
    title: str | None = None
    name: str = ""  # the title, else a name from its documents (labels.story_name): how the UI lists it
    version: str
    analysed_at: str
    documents: int
    groups: int


ClaimOut = contract.api_model(contract.Claim)
StoryPayload = contract.api_model(contract.StoryWithRun)


class ClaimsOut(BaseModel):
    story: str
    total: int
    claims: list[ClaimOut]  # type: ignore[valid-type]


class SearchDoc(BaseModel):
    story: str
    id: str
    title: str | None = None
    label: str = ""
    outlet: str | None = None
    published: str | None = None
    snippet: str


class SearchClaim(BaseModel):
    story: str
    id: str
    doc: str
    status: str | None = None
    snippet: str
    text: str


class SearchOut(BaseModel):
    query: str
    documents: list[SearchDoc]
    claims: list[SearchClaim]


class JudgementIn(BaseModel):
    """A person's judgement of a machine answer. kind verdict: claim, source, decision right|wrong, label (a Label);
    status: claim, decision, label (a Status); entity: names [a, b], decision merge|split; derivation: documents
    [a, b], decision confirm|reject (the vocabulary: contract.JudgementKind and contract.DECISIONS)."""

    kind: str
    decision: str
    who: str
    note: str = ""
    claim: str = ""
    source: str = ""
    label: str | None = None
    names: list[str] = []
    documents: list[str] = []


class JudgementOut(BaseModel):
    key: str
    kind: contract.JudgementKind
    decision: str
    label: str | None = None
    subject: dict[str, Any]
    documents: list[str]
    who: str
    at: str
    note: str = ""


class JobOut(BaseModel):
    id: str
    state: str
    files: int
    read: int
    story: str | None = None
    stories: list[str] = []
    problems: list[dict[str, Any]] = []
    message: str = ""
    kind: str = "upload"
    moved: dict[str, str] = {}  # story ids the upload merged away -> the story they lead to now
