"""The verification engine: evidence retrieval, the verifier registry, claim status and summary checks.

`check` (also `storydesk.check`) checks a summary against sources; `corroborate` fills the verdicts and status of a
story's claims. Later stages (timeline, brief) use only what is exported here. See verifiers.py for the layers.
"""
from __future__ import annotations

from .check import CheckResult, SentenceVerdict, check
from .corroborate import HITS_PER_CLAIM, build_index, corroborate, says
from .corroborate import status as claim_status
from .features import compare, entailment
from .retrieve import SourceIndex
from .verifiers import VERIFIERS, VerifyOptions, decide

__all__ = ["HITS_PER_CLAIM", "VERIFIERS", "CheckResult", "SentenceVerdict", "SourceIndex", "VerifyOptions", "build_index",
           "check", "claim_status", "compare", "corroborate", "decide", "entailment", "says"]
