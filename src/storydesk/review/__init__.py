"""A person's judgements of the machine's answers (verdicts, statuses, entity merges, derivations): stable keys and
their application after the machine's stages. Stored in story.db (`store.judgements`); made in the web UI and by
`storydesk judge`."""
from __future__ import annotations

from . import keys, make
from .apply import review_derivations, review_entities, review_verdicts
from .make import KINDS, JudgementError

__all__ = ["KINDS", "JudgementError", "keys", "make", "review_derivations", "review_entities", "review_verdicts"]
