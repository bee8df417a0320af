"""Atomic claims from a parsed sentence: coordinated clauses and listed objects become separate claims.

Each claim keeps the exact character spans it came from; a claim built from a shared subject
and the second of two coordinated verbs ("Saldaña was suspended and [Saldaña] faces charges")
has two spans. A speech verb and its subject ("Officials said ...") are the claim's
attribution, not part of its text. Without a parser, a sentence is one claim.
"""
from __future__ import annotations

from typing import Any, TypedDict

from ..words import SPEECH_EN, SPEECH_ES

_SUBJ = {"nsubj", "nsubjpass", "csubj", "expl", "nsubj:pass"}
_CLAUSE_CONJ = {"conj"}
_OBJ = {"dobj", "obj", "attr", "pobj", "oprd"}
_LINKS = {"cc", "punct"}
_ITEM = {"conj", "appos"}
_QUOTES = "\"“”«»"
_DANGLING = {"ADP", "CCONJ", "SCONJ", "DET"}

MIN_CONTENT = 2  # a piece with fewer content words ("and did so") stays inside its neighbour


class Piece(TypedDict):
    """One claim's place in a sentence: the words it is made of, and the attribution that reports it."""

    spans: list[tuple[int, int]]
    attribution: tuple[int, int] | None  # "Officials said": not part of the claim's text
    cue: str | None  # the speech verb


def claim_spans(sent: Any, lang: str) -> list[Piece]:
    """The claims of one spaCy sentence, each a Piece."""
    root = sent.root
    speech = SPEECH_ES if lang == "es" else SPEECH_EN
    attribution: tuple[int, int] | None = None
    cue: str | None = None
    head = root
    # "Officials said [two inmates were killed ...]": the reported clause is the claim
    if root.lemma_.lower() in speech or root.text.lower() in speech:
        # "urged supporters to monitor polling places": an infinitive is what was asked for, not a reported fact; the
        # sentence stays whole
        comp = [c for c in root.children if c.dep_ in ("ccomp", "xcomp", "parataxis") and c.pos_ in ("VERB", "AUX")
                and not any(a.dep_ == "aux" and a.lower_ in ("to", "a", "de") and a.i < c.i for a in c.children)]
        if comp:
            head = comp[0]
            skip = {t.i for t in head.subtree}
            attr_tokens = [t for t in sent if t.i not in skip and not t.is_punct and t.dep_ not in ("mark",)]
            if attr_tokens:
                attribution = (attr_tokens[0].idx, attr_tokens[-1].idx + len(attr_tokens[-1]))
                cue = root.text
    verbs = [head] + _conj_verbs(head)
    out: list[Piece] = []
    for v in verbs:
        others = {t.i for o in verbs if o.i != v.i and o.i not in _ancestors(v) for t in o.subtree}
        tokens = [t for t in v.subtree if t.i not in others]
        # a conjunct verb with no subject of its own borrows its head's subject
        if v.i != head.i and not any(c.dep_ in _SUBJ for c in v.children):
            subj = [c for c in _first_with_subject(v).children if c.dep_ in _SUBJ]
            if subj:
                tokens = list(subj[0].subtree) + tokens
        tokens = _trim_links(sorted(tokens, key=lambda t: t.i))
        if not tokens:
            continue
        for item_tokens in _list_items(v, tokens):
            spans = _spans(item_tokens)
            out.append(Piece(spans=spans, attribution=attribution, cue=cue))
    out = [c for c in out if _content_words(sent, c["spans"]) >= MIN_CONTENT]
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return []  # a dateline, a heading or a fragment states nothing to check
    if not out:
        tokens = _trim_links([t for t in sent])
        if tokens:
            out = [Piece(spans=_spans(tokens), attribution=attribution, cue=cue)]
    return out


def _ancestors(tok: Any) -> set[int]:
    return {a.i for a in tok.ancestors}


def _conj_verbs(v: Any) -> list[Any]:
    found = []
    for c in v.children:
        if c.dep_ in _CLAUSE_CONJ and c.pos_ in ("VERB", "AUX"):
            found.append(c)
            found.extend(_conj_verbs(c))
    return found


def _first_with_subject(v: Any) -> Any:
    while v.dep_ in _CLAUSE_CONJ and v.head.i != v.i and not any(c.dep_ in _SUBJ for c in v.children):
        v = v.head
    return v


def _open_quotes(tokens: list[Any]) -> int:
    """Quotation marks the tokens open and do not close (“ against ”; a straight " counts by parity)."""
    text = "".join(t.text_with_ws for t in tokens)
    curly = text.count("“") + text.count("«") - text.count("”") - text.count("»")
    return curly + text.count('"') % 2


def _trim_links(tokens: list[Any]) -> list[Any]:
    tokens = [t for t in tokens if not t.is_space]
    # a claim never ends on a preposition, a conjunction or an article whose words went to another claim ("a target
    # of", "focusing on"), nor on punctuation
    while tokens and (tokens[0].dep_ in _LINKS or tokens[0].is_punct or tokens[0].dep_ == "mark"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].dep_ in _LINKS or tokens[-1].is_punct or
                      (tokens[-1].pos_ in _DANGLING and not tokens[-1].n_rights)):
        tokens = tokens[:-1]
    # a closing quote mark stays when the claim opened one: 'Guards called him "the director"'
    if tokens and _open_quotes(tokens) > 0:
        nxt = tokens[-1].nbor(1) if tokens[-1].i + 1 < len(tokens[-1].doc) else None
        while nxt is not None and nxt.is_punct and not any(ch in _QUOTES for ch in nxt.text) and nxt.i + 1 < len(nxt.doc):
            nxt = nxt.nbor(1)
        if nxt is not None and any(ch in _QUOTES for ch in nxt.text):
            tokens = tokens + [t for t in nxt.doc[tokens[-1].i + 1: nxt.i + 1]]
    return tokens


def _list_items(v: Any, tokens: list[Any]) -> list[list[Any]]:
    """'found a ring, a nightclub and a cache' → one token list per listed object (three or more items only)."""
    keep = {t.i for t in tokens}
    for obj in [c for c in v.children if c.dep_ in _OBJ and c.i in keep]:
        # the small English parser often reads the second item of "a ring, a nightclub and a cache" as an apposition
        items = [obj] + [c for c in obj.children if c.dep_ in _ITEM]
        for item in list(items[1:]):
            items.extend(c for c in item.children if c.dep_ in _ITEM)
        if not any(i.dep_ == "conj" for i in items):
            continue
        if len(items) < 3:
            continue
        result = []
        for item in items:
            drop = set()
            for other in items:
                if other.i == item.i:
                    continue
                drop |= {t.i for t in other.subtree if t.i not in {x.i for x in _own(item)}}
            for t in obj.subtree:  # the links between items go too
                if t.dep_ in _LINKS and t.head.i in {x.i for x in items}:
                    drop.add(t.i)
            result.append(_trim_links([t for t in tokens if t.i not in drop or t.i in {x.i for x in _own(item)}]))
        return [r for r in result if r]
    return [tokens]


def _own(item: Any) -> list[Any]:
    """An item's words without the items coordinated under it."""
    out = []
    for t in item.subtree:
        a, inside = t, True
        while a.i != item.i:  # spaCy makes a new Token object on every access: compare positions
            if a.dep_ in _ITEM and a.head.i >= item.i:
                inside = False
                break
            a = a.head
        if inside and not (t.dep_ in _LINKS and t.head.i == item.i):
            out.append(t)
    return out


def _spans(tokens: list[Any]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    prev = None
    for t in tokens:
        if prev is not None and t.i == prev + 1:
            spans[-1] = (spans[-1][0], t.idx + len(t))
        else:
            spans.append((t.idx, t.idx + len(t)))
        prev = t.i
    return spans


def _content_words(sent: Any, spans: list[tuple[int, int]]) -> int:
    return sum(1 for t in sent if not t.is_stop and not t.is_punct and any(s <= t.idx < e for s, e in spans))
