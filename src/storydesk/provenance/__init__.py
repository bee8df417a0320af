"""Provenance: which documents share text, who copied whom, and the independence groups.

Fills Story.relations and, per document, Document.derived_from and Document.group.
"""
from .align import AlignOptions
from .detect import find_relations
from .groups import assign_groups

__all__ = ["AlignOptions", "analyze_provenance", "assign_groups", "find_relations"]


def analyze_provenance(story, options: AlignOptions | None = None, embeddings: dict | None = None) -> None:
    """`embeddings` is the story's cache of sentence embeddings (pipeline.Context), which corroborate reuses."""
    # one document shares text with nobody (and building the LSH index costs more than the rest)
    story.relations = (find_relations(story.documents, options or AlignOptions(), story.errors, embeddings)
                       if len(story.documents) > 1 else [])
    assign_groups(story)
