"""A judgement from what a person points at in a stored story (story.json's form): a claim and a source, a claim's
status, two entity names, two documents. Raises JudgementError with a sentence the person reads when the subject is
not in the story or the label is not one of the vocabulary's."""
from __future__ import annotations

from typing import Any

from ..clock import now
from ..contract import DECISIONS, JudgementKind, Label, Status
from ..model import Judgement
from . import keys

KINDS = DECISIONS  # each kind of judgement and its two decisions (declared in the contract)


class JudgementError(ValueError):
    pass



def _doc(payload: dict[str, Any], doc_id: str) -> dict[str, Any]:
    doc = next((d for d in payload["documents"] if d["id"] == doc_id), None)
    if doc is None:
        raise JudgementError(f"no document {doc_id!r} in story {payload['story']['id']!r}")
    return doc


def _claim(payload: dict[str, Any], claim_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    claim = next((c for c in payload["claims"] if c["id"] == claim_id), None)
    if claim is None:
        raise JudgementError(f"no claim {claim_id!r} in story {payload['story']['id']!r}")
    return claim, _doc(payload, claim["doc"])


def _decision(decision: str, kind: JudgementKind) -> str:
    allowed = KINDS[kind]
    if decision not in allowed:
        raise JudgementError(f"the decision is {' or '.join(allowed)}, not {decision!r}")
    return decision


def verdict(payload: dict[str, Any], claim_id: str, source_id: str, decision: str, label: str | None, who: str,
            note: str = "") -> Judgement:
    """What the source `source_id` says about the claim: the machine's verdict is right, or wrong and is `label`."""
    claim, doc = _claim(payload, claim_id)
    source = _doc(payload, source_id)
    if source["id"] == doc["id"]:
        raise JudgementError("a claim is not judged against its own document")
    _decision(decision, JudgementKind.VERDICT)
    if decision == "wrong" and label not in {x.value for x in Label}:
        raise JudgementError(f"give the correct label: one of {', '.join(x.value for x in Label)}")
    return Judgement(keys.verdict_key(doc, claim, source), JudgementKind.VERDICT, decision, label if decision == "wrong" else None,
                     {"claim": claim["text"], "source": source.get("title") or source["source"]},
                     [doc["id"], source["id"]], who, now(), note)


def status(payload: dict[str, Any], claim_id: str, decision: str, label: str | None, who: str, note: str = "") -> Judgement:
    """The claim's status is right, or wrong and is `label`."""
    claim, doc = _claim(payload, claim_id)
    _decision(decision, JudgementKind.STATUS)
    if decision == "wrong" and label not in {x.value for x in Status}:
        raise JudgementError(f"give the correct status: one of {', '.join(x.value for x in Status)}")
    return Judgement(keys.status_key(doc, claim), JudgementKind.STATUS, decision, label if decision == "wrong" else None,
                     {"claim": claim["text"], "machine": claim["status"]}, [doc["id"]], who, now(), note)


def entities(payload: dict[str, Any], a: str, b: str, decision: str, who: str, note: str = "") -> Judgement:
    """The names `a` and `b` are one entity (merge) or two (split)."""
    _decision(decision, JudgementKind.ENTITY)
    a, b = a.strip(), b.strip()
    if not a or not b or keys.name_key(a) == keys.name_key(b):
        raise JudgementError("give two different names")
    named = {keys.name_key(n) for e in payload["entities"] for n in (e["name"], *e["aliases"], *(m["text"] for m in e["mentions"]))}
    missing = [n for n in (a, b) if keys.name_key(n) not in named]
    if missing:
        raise JudgementError(f"“{missing[0]}” is not a name in story {payload['story']['id']!r}")
    docs = sorted({m["doc"] for e in payload["entities"] for m in e["mentions"]
                   if keys.name_key(m["text"]) in {keys.name_key(a), keys.name_key(b)}} or {d["id"] for d in payload["documents"]})
    return Judgement(keys.entity_key(a, b), JudgementKind.ENTITY, decision, None, {"names": [a, b]}, docs, who, now(), note)


def derivation(payload: dict[str, Any], a_id: str, b_id: str, decision: str, who: str, note: str = "") -> Judgement:
    """The machine's finding that one of the two documents copies or rewrites the other is right (confirm) or not."""
    _decision(decision, JudgementKind.DERIVATION)
    a, b = _doc(payload, a_id), _doc(payload, b_id)
    if a["id"] == b["id"]:
        raise JudgementError("give two different documents")
    return Judgement(keys.derivation_key(a, b), JudgementKind.DERIVATION, decision, None,
                     {"documents": [a.get("title") or a["source"], b.get("title") or b["source"]]},
                     [a["id"], b["id"]], who, now(), note)


def judgement(payload: dict[str, Any], kind: str, decision: str, who: str, note: str = "", *, claim: str = "",
              source: str = "", label: str | None = None, names: tuple[str, str] = ("", ""),
              documents: tuple[str, str] = ("", "")) -> Judgement:
    """A judgement of any kind from what a form or a request gives (the web form and the API): the subject fields
    the kind does not use are ignored."""
    if kind not in {k.value for k in JudgementKind}:
        raise JudgementError(f"no kind of judgement {kind[:40]!r}: {', '.join(k.value for k in JudgementKind)}")
    if kind == JudgementKind.VERDICT:
        return verdict(payload, claim, source, decision, label or None, who, note)
    if kind == JudgementKind.STATUS:
        return status(payload, claim, decision, label or None, who, note)
    if kind == JudgementKind.ENTITY:
        return entities(payload, names[0], names[1], decision, who, note)
    return derivation(payload, documents[0], documents[1], decision, who, note)
