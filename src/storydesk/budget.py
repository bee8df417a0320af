"""The time one document may take in one per-document stage, and the warning that names a document over it."""
from __future__ import annotations

from .model import Problem

# Seconds. A 1,000,000-character page (one long token, or 3,000 paragraphs) is cleaned in under 2 s and annotated in
# under 30 s on one core of the 2-core machine we measure on; a document over this points at a rule that is not linear.
DOCUMENT_BUDGET = 60.0


def over_budget(source: str, stage: str, seconds: float) -> Problem | None:
    """A warning naming a document whose stage took longer than DOCUMENT_BUDGET: the run goes on, and the user and we
    learn which file to look at (no rule is meant to take that long: each is linear in the text)."""
    if seconds <= DOCUMENT_BUDGET:
        return None
    return Problem(source, f"{stage} took {seconds:.0f} s, over the {DOCUMENT_BUDGET:.0f} s budget for one document; "
                   "its results are kept; please report this with the file", "slow", "warning")
