"""Ingest: from what the user named (files, folders, '-', URLs) to RawDocuments.

`read_sources` yields a RawDocument per article and a Problem per input that
could not be used, in the order given; folders are walked recursively in
sorted order so runs are reproducible. Nothing is dropped without a Problem.
"""
from __future__ import annotations

from . import readers
from .sources import IngestOptions, display_name, read_sources

__all__ = ["IngestOptions", "display_name", "read_sources", "readers"]
