"""The verification engine: evidence retrieval, the verifier registry, claim status and summary checks.

`check` (also `storydesk.check`) checks a summary against sources; `corroborate` fills the
verdicts and status of a story's claims. See verifiers.py for the layers.
"""
from __future__ import annotations

from .check import CheckResult, SentenceVerdict, check
from .verifiers import VERIFIERS, VerifyOptions

__all__ = ["check", "CheckResult", "SentenceVerdict", "VERIFIERS", "VerifyOptions"]
