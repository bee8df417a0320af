"""Independence groups: documents joined by any shared-text relation form one group (union-find)."""
from __future__ import annotations

from ..model import Story
from ..unionfind import DisjointSets


def assign_groups(story: Story) -> None:
    sets = DisjointSets(d.id for d in story.documents)
    for rel in story.relations:
        ra, rb = sets.find(rel.a), sets.find(rel.b)
        sets.union(min(ra, rb), max(ra, rb))
    numbers: dict[str, int] = {}
    for doc in story.documents:  # numbered in document order, so the same input gives the same groups
        root = sets.find(doc.id)
        numbers.setdefault(root, len(numbers) + 1)
        doc.group = numbers[root]
