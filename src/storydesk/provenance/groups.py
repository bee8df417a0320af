"""Independence groups: documents joined by any shared-text relation form one group (union-find)."""
from __future__ import annotations

from ..model import Story


def assign_groups(story: Story) -> None:
    parent = {d.id: d.id for d in story.documents}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for rel in story.relations:
        ra, rb = find(rel.a), find(rel.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    numbers: dict[str, int] = {}
    for doc in story.documents:  # numbered in document order, so the same input gives the same groups
        root = find(doc.id)
        numbers.setdefault(root, len(numbers) + 1)
        doc.group = numbers[root]
