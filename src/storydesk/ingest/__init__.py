"""Ingest: from what the user named (files, folders, '-', URLs) to RawDocuments.

The package's public names; the code and its full description are in `sources.py`.
"""
from __future__ import annotations

from . import readers
from .sources import IngestOptions, display_name, read_sources

__all__ = ["IngestOptions", "display_name", "read_sources", "readers"]
