"""storydesk: what several outlets say about one story, with the characters that back every answer."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .verify.check import CheckResult
    from .verify.verifiers import VerifyOptions

__version__ = "0.1.0"


def check(summary: str, sources: list[str], options: VerifyOptions | None = None) -> CheckResult:
    """Verdicts (supported / contradicted / unsupported) for every sentence of `summary` against `sources`.

    Models load on the first call and stay loaded, so later calls cost only the comparisons.
    """
    from .verify.check import check as _check

    return _check(summary, sources, options)
