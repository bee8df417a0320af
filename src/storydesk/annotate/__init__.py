"""The language layer: per document, name mentions, quotes, time expressions and quantities.

`times` and `quotes` are the stable Python API; `annotate_documents` is the
pipeline stage, which parses each language's documents in batches with
`nlp.pipe` and reuses that one parse for everything.
"""
from __future__ import annotations

import time
from collections import defaultdict

from ..budget import over_budget
from ..claims import claims_from_doc
from ..model import Document, Problem
from .mentions import mentions_from_doc, title_before
from .nlp import parse_all, pipeline
from .quantities import Quantity, quantities
from .quotes import Quote, quotes, quotes_from_doc
from .times import UNANCHORED, TimeExpression, times

__all__ = ["UNANCHORED", "Quantity", "Quote", "TimeExpression", "annotate_documents", "quantities", "quotes", "times",
           "title_before"]


def annotate_documents(docs: list[Document], batch_size: int = 16) -> list[Problem]:
    """Fill mentions, quotes, times, quantities and claim spans of every document; problems are per document, never fatal."""
    problems: list[Problem] = []
    by_lang: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        by_lang[(doc.language or "en").split("-")[0]].append(doc)
    for lang, group in sorted(by_lang.items()):
        pipe = pipeline(lang)
        if not pipe.full:
            problems.append(Problem(", ".join(d.source for d in group[:3]) + (" ..." if len(group) > 3 else ""),
                                    pipe.fallback_reason or "", "no-language-pipeline", "warning"))
        rules_lang = lang if lang in ("en", "es") else "en"
        clock = time.perf_counter()
        for doc, sdoc in zip(group, parse_all(pipe.nlp, [d.text for d in group], batch_size)):
            try:
                if isinstance(sdoc, Exception):
                    raise sdoc
                doc.nlp = {"pipeline": pipe.name, "fallback_reason": pipe.fallback_reason}
                doc.mentions = mentions_from_doc(sdoc, doc.id) if pipe.full else []
                doc.quotes = quotes_from_doc(sdoc, rules_lang, pipe.full)
                doc.times = times(doc.text, doc.published, rules_lang, [(s.start_char, s.end_char) for s in sdoc.sents])
                doc.quantities = quantities(doc.text, rules_lang, doc.times)
                doc.claims = claims_from_doc(sdoc, doc, rules_lang, pipe.full)
            except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the story
                problems.append(Problem(doc.source, f"could not be annotated ({type(exc).__name__}: {exc}); "
                                        "its text and provenance are kept", "internal"))
            # a batch's parse is counted against its first document; a long document is parsed alone
            now = time.perf_counter()
            if slow := over_budget(doc.source, "annotation", now - clock):
                problems.append(slow)
            clock = now
    return problems
