"""The firehose run: articles in, stories out, resumable and incremental, on any engine.

The package's public names; the code and its full description are in `run.py`.
"""
from __future__ import annotations

from . import engines, work
from .run import Run, RunOptions, run_one

__all__ = ["Run", "RunOptions", "engines", "run_one", "work"]
