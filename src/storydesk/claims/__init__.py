"""The claims stage: atomic claims per document, with attribution, hedging, time, place, quantities and entities.

`claims_from_doc` runs inside annotate, on the one parse of each document; `enrich`
runs after resolve, when entities have ids, and ranks check-worthiness.
"""
from __future__ import annotations

from . import split
from .enrich import claims_from_doc, enrich

__all__ = ["claims_from_doc", "enrich", "split"]
