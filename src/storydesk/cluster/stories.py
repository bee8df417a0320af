"""Group a firehose of articles into stories, without comparing every pair.

A story is a thread a desk follows: the same people, organisations and places, told by several outlets, maybe over
years. Two stories of the same kind (two earthquakes, two arrests) share their words but not their names or their
time, and stay apart.

Blocking: two MinHash LSH indexes, one on word 4-gram shingles (copies, rewrites, wire versions) and one on the names
an article mentions (the same people and places, across outlets and languages). Only the pairs an index returns are
links, at most `max_candidates` per article, so the work grows with the number of articles, not with its square.

Every pair of articles has a score:

    cosine of the headline-and-lead embeddings
    + `names_weight` x the IDF-weighted Jaccard of their names
    + `amounts_weight` x the Jaccard of the amounts they state (a toll, a magnitude, a sum)
    - `other_years` when both are set in known years and share none (the same words, another time)

and across languages, where the English embedding says little, the cosine is taken as at least `cross_meaning` when
the two share several rare names (Jaccard >= `cross_names`, IDF mass >= `cross_mass`). A copy (shingle Jaccard >=
`copy_jaccard`) is always the same story.

Links (candidate pairs scoring at least `link` and sharing a name) are taken strongest first, and each joins two
groups only when the average score over every pair of their articles reaches `join` (average linkage; less
`other_years` when the two groups are set in known years and share none): one generic name ("Washington") cannot
chain unrelated stories, and a big story cannot swallow an article linked to one of its members only. Last, an
article left alone joins the story of three or more it scores best with on average, when that reaches `attach`.

The weights and lines were chosen on ECB+ train and dev topics (benchmarks/tune_clustering_ecbplus.py).
"""
from __future__ import annotations

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
    names_weight: float = 1.0  # weight of the names' IDF-weighted Jaccard in a pair's score
    amounts_weight: float = 0.5  # weight of the Jaccard of the amounts they state
    other_years: float = 0.3  # taken off a pair's score when both are set in known years and share none
    link: float = 0.7  # a candidate pair scoring this much is a link
    join: float = 0.7  # two groups join when the average score over all their pairs is this much
    max_candidates: int = 50
    names_threshold: float = 0.2  # LSH threshold on the names index
    shingle_threshold: float = 0.3
    cross_names: float = 0.25  # across languages (where the English embedding says little): names Jaccard ...
    cross_mass: float = 10.0  # ... and the IDF mass of the shared names (about three rare names) ...
    cross_meaning: float = 0.7  # ... make the pair's cosine at least this
    attach: float = 0.6  # an article left alone joins a story of `attach_size` or more it scores this much with on average
    attach_size: int = 3


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


class _Scores:
    """Pair scores of one clustering, each computed once."""

    def __init__(self, feats: list[Features], options: ClusterOptions):
        self.options = options
        self.idf = _idf(feats)
        self.names = [set(f.names) for f in feats]
        self.years = [set(f.years) for f in feats]
        self.amounts = [set(f.amounts) for f in feats]
        self.language = [(f.language or "").split("-")[0] for f in feats]
        dim = next((len(f.vector) for f in feats if f.vector), 0)
        self.vectors = np.asarray([f.vector if f.vector else [0.0] * dim for f in feats], dtype=np.float32)
        self.done: dict[tuple[int, int], float] = {}

    def names_jaccard(self, i: int, j: int) -> float:
        return _weighted_jaccard(self.names[i], self.names[j], self.idf)

    def __call__(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if (found := self.done.get(key)) is not None:
            return found
        o = self.options
        nj = self.names_jaccard(i, j)
        cos = float(self.vectors[i] @ self.vectors[j]) if self.vectors.shape[1] else 0.0
        across = bool(self.language[i] and self.language[j] and self.language[i] != self.language[j])
        if across and nj >= o.cross_names and sum(self.idf.get(n, 1.0) for n in self.names[i] & self.names[j]) >= o.cross_mass:
            cos = max(cos, o.cross_meaning)
        value = cos + o.names_weight * nj
        if self.amounts[i] and self.amounts[j]:
            value += o.amounts_weight * len(self.amounts[i] & self.amounts[j]) / len(self.amounts[i] | self.amounts[j])
        if self.years[i] and self.years[j] and not self.years[i] & self.years[j]:
            value -= o.other_years
        self.done[key] = value
        return value


def score(i: int, j: int, shingle_mh: list, scores: _Scores, options: ClusterOptions) -> Link | None:
    """The link between articles i and j, or None."""
    if shingle_mh[i].jaccard(shingle_mh[j]) >= options.copy_jaccard:
        return Link(i, j, 1.0, True)
    if not scores.names[i] & scores.names[j]:
        return None
    value = scores(i, j)
    return Link(i, j, round(value, 4), False) if value >= options.link else None


class _Groups:
    """Stories being built: each group's articles and the years they are set in, under its root article."""

    def __init__(self, scores: _Scores, options: ClusterOptions):
        self.scores, self.options = scores, options
        n = len(scores.names)
        self.sets: DisjointSets[int] = DisjointSets(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.years: dict[int, set[int]] = {i: set(scores.years[i]) for i in range(n)}
        self.refused: dict[tuple[int, int], tuple[int, int]] = {}  # two groups found too far apart, at their sizes then

    def find(self, i: int) -> int:
        return self.sets.find(i)

    def close_enough(self, ra: int, rb: int) -> bool:
        """Average linkage: the mean score over every pair of the two groups' articles, less `other_years` when the
        groups are set in known years and share none (one dated article tells the time of its whole group)."""
        ra, rb = min(ra, rb), max(ra, rb)
        sizes = (len(self.members[ra]), len(self.members[rb]))
        if self.refused.get((ra, rb)) == sizes:
            return False
        mean = sum(self.scores(a, b) for a in self.members[ra] for b in self.members[rb]) / (sizes[0] * sizes[1])
        if self.years[ra] and self.years[rb] and not self.years[ra] & self.years[rb]:
            mean -= self.options.other_years
        if mean >= self.options.join:
            return True
        self.refused[(ra, rb)] = sizes
        return False

    def join(self, ra: int, rb: int) -> None:
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.sets.union(ra, rb)  # the bigger story's root stays
        self.members[ra].extend(self.members.pop(rb))
        self.years[ra] |= self.years.pop(rb)

    def attach_alone(self, near: dict[int, set[int]]) -> None:
        """An article left alone joins the story its candidates lie in that it scores best with on average, when that
        is at least `attach` and the story has `attach_size` articles or more (an article with few names rarely links
        to a whole story on its own; two lone articles never pair up this way)."""
        for i in range(len(self.scores.names)):
            if len(self.members[self.find(i)]) != 1:
                continue
            best: tuple[float, int] | None = None
            for g in sorted({self.find(j) for j in near.get(i, ())}):
                if len(self.members[g]) < self.options.attach_size:
                    continue
                mean = sum(self.scores(i, b) for b in self.members[g]) / len(self.members[g])
                if mean >= self.options.attach and (best is None or mean > best[0]):
                    best = (mean, g)
            if best is not None:
                self.join(best[1], self.find(i))


def cluster(feats: list[Features], options: ClusterOptions | None = None) -> list[list[str]]:
    """Stories as lists of document ids; each list in input order, the stories ordered by their first document."""
    options = options or ClusterOptions()
    scores = _Scores(feats, options)
    shingle_mh = [_lean(f.shingles) for f in feats]
    pairs = candidates(feats, shingle_mh, options)
    links = [link for i, j in pairs if (link := score(i, j, shingle_mh, scores, options)) is not None]
    groups = _Groups(scores, options)
    # copies first, then the strongest links, ties by position: the same input always gives the same stories
    for link in sorted(links, key=lambda k: (not k.copy, -k.score, k.a, k.b)):
        ra, rb = groups.find(link.a), groups.find(link.b)
        if ra != rb and (link.copy or groups.close_enough(ra, rb)):
            groups.join(ra, rb)
    near: dict[int, set[int]] = {}
    for i, j in pairs:
        if scores.names[i] & scores.names[j]:
            near.setdefault(i, set()).add(j)
            near.setdefault(j, set()).add(i)
    groups.attach_alone(near)
    out: dict[int, list[int]] = {}
    for i in range(len(feats)):
        out.setdefault(groups.find(i), []).append(i)
    return [[feats[i].doc for i in members] for members in sorted(out.values(), key=lambda m: m[0])]


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
