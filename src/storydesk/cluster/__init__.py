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

from .stories import ClusterOptions, Features, bcubed, cluster, features_for

__all__ = ["ClusterOptions", "Features", "bcubed", "cluster", "features_for"]
