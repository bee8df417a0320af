"""Disjoint sets (union-find with path halving), the one implementation every stage that merges things uses."""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class DisjointSets(Generic[T]):
    def __init__(self, items: Iterable[T] = ()) -> None:
        self.parent: dict[T, T] = {x: x for x in items}

    def find(self, x: T) -> T:
        """The root of x's set (x joins as a set of its own the first time it is seen)."""
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, keep: T, other: T) -> T:
        """Join the sets of `keep` and `other` under `keep`'s root, and return that root. Which root survives is the
        caller's choice (the smallest id, the biggest story), so results never depend on the order of merges."""
        ra, rb = self.find(keep), self.find(other)
        if ra != rb:
            self.parent[rb] = ra
        return ra
