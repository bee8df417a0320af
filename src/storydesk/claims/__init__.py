"""The claims stage: atomic claims per document, with attribution, hedging, time, place, quantities and entities.

The package's public names; the code and its full description are in `enrich.py`.
"""
from __future__ import annotations

from . import split
from .enrich import claims_from_doc, enrich

__all__ = ["claims_from_doc", "enrich", "split"]
