"""Happenings: the claims' event words grouped over the story's documents, one group per thing that happened.

Event words of one happening
- have the same key: an action's lemma ("retake", "raid"), or a statement's speaker (every "said" of the prison's
  director is one voice; a statement with no known speaker joins nothing);
- come from claims whose times do not disagree: when two claims are anchored, their intervals overlap.

Every member of a group agrees with every other (complete linkage), so an undated claim ("he escaped") cannot bridge
two escapes years apart. The words of a key are placed in turn, those whose claims
say most (a date and names) first; each joins the largest group it agrees with, or starts one. With a similarity of
lemmas, two groups of different actions close in meaning ("arrest", "capture") join when their claims share a
participant (a person, an organisation or a place) and their times agree. A story's happenings are the groups told by at least `MIN_DOCS` documents, the most
widely told first: a happening in one article alone is that article's claim.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np

from ..dates import intervals_overlap
from ..model import Claim, Happening, Story
from ..unionfind import DisjointSets

MIN_DOCS = 2
# Two lemmas whose embeddings' cosine is at least this name one action when their claims share a participant.
# Chosen on ECB+ dev topics (0.5: B-cubed precision 80; 0.65: 92, recall as at 0.6).
SIMILAR_LEMMA = 0.65
Similar = Callable[[list[str]], np.ndarray]
_LEMMAS_KEPT = 20_000  # about 30 MB of vectors; past it the memory starts again
_LEMMA_VECTORS: dict[str, np.ndarray] = {}
Item = tuple[Claim, dict[str, Any]]


def group_happenings(story: Story, similar: Similar | None = None) -> list[Happening]:
    """The story's happenings, most widely told first; ids `happening-1` ... in that order. With `similar` (lemmas
    -> their pairwise cosines), groups of different actions close in meaning join too."""
    items: list[Item] = [(claim, trig) for doc in story.documents for claim in doc.claims for trig in claim.triggers]
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (claim, trig) in enumerate(items):
        key = _key(claim, trig)
        if key is not None:
            by_key[key].append(i)
    groups = [g for members in by_key.values() for g in _place([items[i][0] for i in members], members)]
    if similar is not None:
        groups = _join_similar(items, groups, similar)
    names = {e.id: e.name for e in story.entities}
    texts = {d.id: d.text for d in story.documents}
    out = [_happening([items[i] for i in members], names, texts) for members in groups
           if len({items[i][0].doc for i in members}) >= MIN_DOCS]
    out.sort(key=lambda h: (-len(h.docs), -len(h.mentions), h.mentions[0]["doc"], h.mentions[0]["start"]))
    for n, h in enumerate(out, start=1):
        h.id = f"happening-{n}"
    return out


def _place(claims: list[Claim], ids: list[int]) -> list[list[int]]:
    """The words of one key in groups whose claims all agree (ids in, groups of ids out)."""
    order = sorted(range(len(ids)), key=lambda x: (-_says(claims[x]), x))
    groups: list[list[int]] = []
    for x in order:
        fits = [g for g in groups if _fits(claims[x], [claims[y] for y in g])]
        if fits:
            max(fits, key=len).append(x)
        else:
            groups.append([x])
    return [sorted(ids[x] for x in g) for g in groups]


def _fits(claim: Claim, group: list[Claim]) -> bool:
    """Its time agrees with every member's. (Participants are not asked to agree: on ECB+ dev the claims of one
    happening often name different ones; the rule cost 4.0 CoNLL F1 there.)"""
    return all(_same_time(claim, other) for other in group)


def _says(claim: Claim) -> int:
    """How much a claim pins down: a date and names, a date or names, neither."""
    return bool(_interval(claim)) + bool(claim.entities)


def embedded_similarity() -> Similar:
    """Cosines of the lemmas' sentence embeddings, to three decimals (so a vector embedded in another batch, a few
    units in its last bits apart, gives the same decision). A lemma's vector is kept for the process: a story's event
    words are mostly the same few thousand, and one batch of single words costs more than grouping a story."""
    def similar(lemmas: list[str]) -> np.ndarray:
        from ..embedder import embedder

        todo = [w for w in lemmas if w not in _LEMMA_VECTORS]
        if todo:
            if len(_LEMMA_VECTORS) + len(todo) > _LEMMAS_KEPT:
                _LEMMA_VECTORS.clear()
            _LEMMA_VECTORS.update(zip(todo, embedder().sentences(todo, batch_size=64)))
        vectors = np.stack([_LEMMA_VECTORS[w] for w in lemmas])
        return np.round(vectors @ vectors.T, 3)

    return similar


def _join_similar(items: list[Item], groups: list[list[int]], similar: Similar) -> list[list[int]]:
    """Groups of different actions joined when their lemmas are close and their claims share a participant, the
    closest lemmas first."""
    by_lemma: dict[str, list[int]] = defaultdict(list)
    for n, g in enumerate(groups):
        if items[g[0]][1]["kind"] == "action":
            by_lemma[items[g[0]][1]["lemma"]].append(n)
    lemmas = sorted(by_lemma)
    if len(lemmas) < 2:
        return groups
    cos = similar(lemmas)
    close = sorted(((-float(cos[x, y]), lemmas[x], lemmas[y])
                    for x, y in zip(*np.nonzero(np.triu(cos >= SIMILAR_LEMMA, k=1)), strict=True)))
    sets: DisjointSets[int] = DisjointSets(range(len(groups)))
    members = {n: list(g) for n, g in enumerate(groups)}
    for _, one, other in close:
        for n in by_lemma[one]:
            for m in by_lemma[other]:
                rn, rm = sets.find(n), sets.find(m)
                if rn == rm:
                    continue
                a, b = [items[i][0] for i in members[rn]], [items[i][0] for i in members[rm]]
                shared = set().union(*(p.entities for p in a)) & set().union(*(q.entities for q in b))
                if shared and all(_same_time(p, q) for p in a for q in b):
                    root = sets.union(min(rn, rm), max(rn, rm))
                    members[root] = sorted(members.pop(rm if root == rn else rn) + members[root])
    return [members[n] for n in sorted(members)]


def _key(claim: Claim, trig: dict[str, Any]) -> tuple[str, str] | None:
    if trig["kind"] == "speech":
        speaker = (claim.attribution or {}).get("speaker")
        return ("speech", speaker) if speaker else None
    return ("action", trig["lemma"])


def _same_time(a: Claim, b: Claim) -> bool:
    """The two claims' dates do not disagree: one is not anchored, or their intervals share a day."""
    x, y = _interval(a), _interval(b)
    return not (x and y) or intervals_overlap(x, y)


def _interval(claim: Claim) -> dict[str, Any] | None:
    return (claim.time or {}).get("interval") or None


def _happening(members: list[Item], names: dict[str, str], texts: dict[str, str]) -> Happening:
    members = sorted(members, key=lambda m: (m[0].doc, m[1]["start"]))
    first_claim, first = members[0]
    mentions = [{"doc": c.doc, "start": t["start"], "end": t["end"], "text": texts[c.doc][t["start"]:t["end"]], "claim": c.id}
                for c, t in members]
    claims = list({c.id: c for c, _ in members}.values())
    entities = Counter(e for c in claims for e in c.entities)
    if first["kind"] == "speech":
        speaker = (first_claim.attribution or {}).get("speaker") or ""
        name = f"{names.get(speaker, speaker)}: {Counter(t['text'].lower() for _, t in members).most_common(1)[0][0]}"
    else:
        name = Counter(t["text"].lower() for _, t in members).most_common(1)[0][0]
    return Happening(id="", name=name, lemma=first["lemma"], kind=first["kind"], mentions=mentions,
                     claims=[c.id for c in claims], docs=list(dict.fromkeys(c.doc for c, _ in members)),
                     entities=[e for e, _ in entities.most_common()])
