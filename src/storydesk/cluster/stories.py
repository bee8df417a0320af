"""Group a firehose of articles into stories, without comparing every pair.

Blocking: two MinHash LSH indexes, one on word 4-gram shingles (copies, rewrites,
wire versions) and one on the names an article mentions (the same people and
places, across outlets and languages). Only the pairs an index returns are
scored, at most `max_candidates` per article, so the work grows with the number
of articles, not with its square.

A candidate pair is linked when
- its texts overlap (shingle Jaccard >= `copy_jaccard`): one is a copy of the other; or
- it shares rare names (IDF-weighted Jaccard >= `names_alone`); or
- it shares names (>= `names_min`) and its headline-and-lead embeddings agree
  (cosine >= `cosine`); or
- its articles are in different languages (the embedding model reads English) and they share
  several rare names (Jaccard >= `cross_names`, IDF mass >= `cross_mass`);
and, when both are dated, they were published at most `max_days` apart.

Links are taken strongest first, and each joins two groups into one story only
when at least `min_density` of the possible links between them exist (average
linkage counted in links), and never two groups each larger than `max_join`
unless it is a copy: one generic name ("Washington") cannot chain unrelated
stories, and a big story cannot swallow articles linked to one of its members.
"""
from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..unionfind import DisjointSets
from .features import NUM_PERM, SCHEME, SEED, Features, features_for

__all__ = ["ClusterOptions", "Features", "bcubed", "cluster", "features_for"]


@dataclass(frozen=True)
class ClusterOptions:
    copy_jaccard: float = 0.3
    names_alone: float = 0.5
    names_min: float = 0.15
    cosine: float = 0.55
    max_days: int = 10
    max_candidates: int = 50
    names_threshold: float = 0.2  # LSH threshold on the names index
    shingle_threshold: float = 0.3
    max_join: int = 6
    min_density: float = 0.3  # share of the possible links between two groups needed to join them
    cross_names: float = 0.25  # across languages (where the English embedding says little): names Jaccard ...
    cross_mass: float = 10.0  # ... and the IDF mass of the shared names (about three rare names)


@dataclass
class Link:
    a: int
    b: int
    score: float
    copy: bool


def _lsh(threshold: float):
    from datasketch import MinHashLSH

    return MinHashLSH(threshold=threshold, num_perm=NUM_PERM)


def _lean(values: list[int]):
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=np.asarray(values, dtype=np.uint64), scheme=SCHEME)


def _names_minhash(names: list[str]):
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=11, scheme=SCHEME)
    m.update_batch([n.encode("utf-8") for n in names])
    return m


def _days_apart(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    try:
        return abs((datetime.date.fromisoformat(a) - datetime.date.fromisoformat(b)).days)
    except ValueError:
        return None


def candidates(feats: list[Features], shingle_mh: list, options: ClusterOptions) -> list[tuple[int, int]]:
    """Pairs (i < j) worth scoring, from the two LSH indexes; at most `max_candidates` per article."""
    shingle_index, name_index = _lsh(options.shingle_threshold), _lsh(options.names_threshold)
    name_mh = [_names_minhash(f.names) if f.names else None for f in feats]
    for i, f in enumerate(feats):
        shingle_index.insert(i, shingle_mh[i])
        if name_mh[i] is not None:
            name_index.insert(i, name_mh[i])
    pairs: set[tuple[int, int]] = set()
    for i in range(len(feats)):
        found = set(shingle_index.query(shingle_mh[i]))
        mine = name_mh[i]
        if mine is not None:
            by_name = [j for j in name_index.query(mine) if j != i]
            if len(by_name) > options.max_candidates:  # a hub name: keep the closest, ties by position
                by_name.sort(key=lambda j: (-mine.jaccard(name_mh[j]), j))
                by_name = by_name[:options.max_candidates]
            found.update(by_name)
        found.discard(i)
        pairs.update((min(i, j), max(i, j)) for j in found)
    return sorted(pairs)


def _idf(feats: list[Features]) -> dict[str, float]:
    df = Counter(n for f in feats for n in set(f.names))
    total = len(feats)
    return {n: math.log((1 + total) / (1 + c)) + 1.0 for n, c in df.items()}


def _weighted_jaccard(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    """IDF-weighted Jaccard of two name sets; for a short text (few names), half its weighted containment in the
    other when that is higher and at least two names are shared (a brief names fewer people than a long report)."""
    union = a | b
    if not union:
        return 0.0
    shared = a & b
    inter = sum(idf.get(n, 1.0) for n in shared)
    jaccard = inter / sum(idf.get(n, 1.0) for n in union)
    if len(shared) < 2:
        return jaccard
    smaller = min(sum(idf.get(n, 1.0) for n in a), sum(idf.get(n, 1.0) for n in b))
    return max(jaccard, 0.5 * inter / smaller)


def score(i: int, j: int, feats: list[Features], shingle_mh: list, names: list[set[str]], idf: dict[str, float],
          options: ClusterOptions) -> Link | None:
    """The link between articles i and j, or None; `shingle_mh` and `names` are built once per clustering."""
    fa, fb = feats[i], feats[j]
    if shingle_mh[i].jaccard(shingle_mh[j]) >= options.copy_jaccard:
        return Link(i, j, 1.0, True)
    gap = _days_apart(fa.day, fb.day)
    if gap is not None and gap > options.max_days:
        return None
    nj = _weighted_jaccard(names[i], names[j], idf)
    if nj >= options.names_alone:
        return Link(i, j, nj, False)
    if fa.language and fb.language and fa.language.split("-")[0] != fb.language.split("-")[0] and nj >= options.cross_names:
        mass = sum(idf.get(n, 1.0) for n in names[i] & names[j])
        if mass >= options.cross_mass:
            return Link(i, j, nj, False)
    if nj >= options.names_min and fa.vector and fb.vector:
        cos = float(np.dot(np.asarray(fa.vector, dtype=np.float32), np.asarray(fb.vector, dtype=np.float32)))
        if cos >= options.cosine:
            return Link(i, j, round(cos, 4), False)
    return None


def cluster(feats: list[Features], options: ClusterOptions | None = None) -> list[list[str]]:
    """Stories as lists of document ids; each list in input order, the stories ordered by their first document."""
    options = options or ClusterOptions()
    idf = _idf(feats)
    shingle_mh = [_lean(f.shingles) for f in feats]
    names = [set(f.names) for f in feats]
    links = [link for i, j in candidates(feats, shingle_mh, options)
             if (link := score(i, j, feats, shingle_mh, names, idf, options)) is not None]
    sets: DisjointSets[int] = DisjointSets(range(len(feats)))
    size = [1] * len(feats)
    members: dict[int, list[int]] = {i: [i] for i in range(len(feats))}
    neighbours: dict[int, set[int]] = {}
    for link in links:
        neighbours.setdefault(link.a, set()).add(link.b)
        neighbours.setdefault(link.b, set()).add(link.a)

    def dense_enough(ra: int, rb: int) -> bool:
        """Average linkage, counted in links: an article joins a story only when it is linked to enough of it."""
        small, big = (ra, rb) if size[ra] <= size[rb] else (rb, ra)
        big_set = set(members[big])
        linked = sum(len(neighbours.get(i, set()) & big_set) for i in members[small])
        return linked >= options.min_density * size[ra] * size[rb]

    # strongest links first, ties by position: the same input always gives the same stories
    for link in sorted(links, key=lambda k: (not k.copy, -k.score, k.a, k.b)):
        ra, rb = sets.find(link.a), sets.find(link.b)
        if ra == rb:
            continue
        if not link.copy and (min(size[ra], size[rb]) > options.max_join or not dense_enough(ra, rb)):
            continue
        if size[ra] < size[rb]:
            ra, rb = rb, ra
        sets.union(ra, rb)  # the bigger story's root stays
        size[ra] += size[rb]
        members[ra].extend(members.pop(rb))
    groups: dict[int, list[int]] = {}
    for i in range(len(feats)):
        groups.setdefault(sets.find(i), []).append(i)
    return [[feats[i].doc for i in members] for members in sorted(groups.values(), key=lambda m: m[0])]


def bcubed(predicted: list[list[str]], gold: dict[str, str], over: set[str] | None = None) -> dict[str, float]:
    """B-cubed precision, recall and F1 (Bagga and Baldwin, 1998) of `predicted` clusters against item -> gold label.

    Averaged over every gold item, or over the items in `over` only (their clusters still count every item in them)."""
    cluster_of = {item: n for n, members in enumerate(predicted) for item in members}
    items = [i for i in gold if i in cluster_of]
    by_cluster: dict[int, list[str]] = {}
    by_gold: dict[str, list[str]] = {}
    for i in items:
        by_cluster.setdefault(cluster_of[i], []).append(i)
        by_gold.setdefault(gold[i], []).append(i)
    mix = {c: Counter(gold[i] for i in members) for c, members in by_cluster.items()}
    scored = [i for i in items if over is None or i in over]
    precision = recall = 0.0
    for i in scored:
        correct = mix[cluster_of[i]][gold[i]]
        precision += correct / len(by_cluster[cluster_of[i]])
        recall += correct / len(by_gold[gold[i]])
    n = len(scored) or 1
    p, r = precision / n, recall / n
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "items": len(scored)}
