"""The brief: a few sentences a reporter can read first, every one cited and checked.

Extractive: each sentence is a claim in the words of its source. Order: the most central
corroborated facts, then what is disputed or contradicted, then what rests on one source.
Centrality counts the independent sources that say the claim, how widely its names occur in
the story, and its check-worthiness. A candidate that says the same as a chosen sentence
(near-identical embedding or wording, or a verifier linking the two) is left out.

Before a sentence goes in, the verification engine checks it against the documents it cites
(for a corroborated claim, the independent sources other than its own; otherwise its own
document). Only a `supported` outcome goes out; unsupported claims are never candidates.
"""
from __future__ import annotations

from .build import BriefOptions, build_brief

__all__ = ["BriefOptions", "build_brief"]
