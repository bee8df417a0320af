"""What happened inside a story: each claim's event words (`triggers`, read in annotate) grouped over the story's
documents into happenings (`group`), the level below the story and above the timeline's dated rows."""
from __future__ import annotations

from .group import embedded_similarity, group_happenings
from .triggers import article_verbs, claim_triggers

__all__ = ["article_verbs", "claim_triggers", "embedded_similarity", "group_happenings"]
