"""The timeline: dated claims become events, one event per thing that happened, over all sources.

A claim with a time expression whose interval is known is an anchored event; the same event
told by several documents is merged into one (its citations kept). Two claims are the same
event when their intervals overlap and either a verifier found one source saying the other
(a `supports` or `contradicts` verdict whose evidence lies in the other claim's sentence) or
their content words mostly agree. A claim whose time could not be placed (an undated article's
"Sunday night", a bare "in December") is an event too, listed apart with the reason.

Claims come from the cleaned text only, so dates in captions, teasers and other removed parts
never reach the timeline.
"""
from __future__ import annotations

from .events import build_events, label

__all__ = ["build_events", "label"]
