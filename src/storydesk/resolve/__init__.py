"""Who is who across the story: mentions clustered into people, organisations and places.

The package's public names; the code and its full description are in `entities.py`.
"""
from __future__ import annotations

from . import evaluate
from .entities import entity_id, key, resolve

__all__ = ["entity_id", "evaluate", "key", "resolve"]
