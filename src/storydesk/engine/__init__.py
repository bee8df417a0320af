"""The firehose run: articles in, stories out, resumable and incremental, on any engine.

1. Per-document stages (extract, annotate, clustering features) over every input article not already in the store's
   `work_documents`, in partitions mapped over the engine; each finished partition is committed at once.
2. Clustering (`cluster/`) over every article in the store, old and new.
3. Cross-document stages per story, mapped over the engine, for the stories whose members changed; each story is
   saved in its own transaction with the hash of its members, replacing the stories it grew out of.
4. story.json (every story, ordered by id) and report.html, each written to a temporary file and renamed.

Killed at any moment, a run loses at most the partition or story in flight; the next run with the same input picks up
from the store and writes the same story.json. Nothing in story.json depends on the engine, the number of workers or
the order in which work finished.
"""
from __future__ import annotations

from . import engines, work
from .run import Run, RunOptions

__all__ = ["Run", "RunOptions", "engines", "work"]
