"""The timeline: dated claims become events, one event per thing that happened, over all sources.

The package's public names; the code and its full description are in `events.py`.
"""
from __future__ import annotations

from .events import build_events, label

__all__ = ["build_events", "label"]
