"""Claims are whole clauses (issue 33): the share of claims that pass a well-formedness check, on real articles.

A claim fails when it:
- ends on a preposition, a conjunction, a determiner or a comma ("The militia becomes a target of");
- starts with a bare infinitive ("to spread fear in border towns") or a lower-case conjunction;
- holds a dangling comma ("over 300 fighters and , according to");
- has a closing quotation mark without its opening one, or the reverse;
- states a counterfactual as a fact ("had he not fled", "would have") without being marked hedged.

PolNeAR dev articles (the 84 of dev, then train in file order up to --articles), through extract and annotate (the
claims are split there, on the one parse). Prints each failing kind's share and examples. Run as
`python benchmarks/claims_wellformed.py [--articles 200] [--show 10]`.
"""
from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from pathlib import Path

from common import record
from storydesk import codec
from storydesk.engine.work import parsed
from storydesk.model import RawDocument
from storydesk.words import has_any

try:
    from storydesk.claims.enrich import _HEDGE_WORDS as HEDGE_WORDS
except ImportError:  # an earlier checkout
    HEDGE_WORDS = ()
DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear" / "data"
_END = re.compile(r"(?:\b(?:of|to|in|on|at|by|for|with|from|into|about|as|and|or|but|nor|the|a|an|than|if|because|"
                  r"while|whether|de|del|la|el|los|las|y|o|que|en|con|por|para)|,)$")
_START = re.compile(r"^(?:to\s+[a-z]+\b|(?:and|or|but|nor|y|o|pero)\b)")
_DANGLING = re.compile(r"\s,|,\s*,|\(\s*\)")
_COUNTERFACTUAL = re.compile(r"\bhad\s+(?:he|she|they|it|we|I|you|\w+)\s+not\b|\bwould\s+have\b|\bif\s+\w+\s+had\b",
                             re.IGNORECASE)
_OPEN, _CLOSE = "“‘", "”’"


def _quotes_unbalanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            if depth == 0:
                return True
            depth -= 1
    return depth != 0 or text.count('"') % 2 == 1


def kinds(text: str, hedged: bool = False) -> list[str]:
    out = []
    if _END.search(text.rstrip()):
        out.append("ends on a function word")
    if _START.match(text):
        out.append("starts with an infinitive or a conjunction")
    if _DANGLING.search(text):
        out.append("dangling comma")
    if _quotes_unbalanced(text):
        out.append("unbalanced quotes")
    if _COUNTERFACTUAL.search(text) and not hedged:
        out.append("counterfactual")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    files = (sorted((DATA / "dev" / "text").glob("*.txt")) + sorted((DATA / "train" / "text").glob("*.txt")))
    files = files[:args.articles]
    started = time.perf_counter()
    claims: list[tuple[str, bool]] = []
    for i in range(0, len(files), 16):
        raws = [RawDocument(f.name, f.read_text(encoding="utf-8"), "text") for f in files[i:i + 16]]
        for result in parsed(raws):
            if result.record:
                # hedging is read in the story stage (`claims.enrich`), from the claim's words and its attribution
                claims.extend((c.text, bool(has_any(" ".join([c.text, (c.attribution or {}).get("text") or "",
                                                              (c.attribution or {}).get("cue") or ""]), HEDGE_WORDS)))
                              for c in codec.loads(result.record).claims)
    failing: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    bad = 0
    for text, hedged in claims:
        found = kinds(text, hedged)
        bad += bool(found)
        for k in found:
            failing[k] += 1
            examples.setdefault(k, []).append(text)
    for k, n in failing.most_common():
        print(f"{k}: {n}")
        for text in examples[k][:args.show]:
            print("   ", text[:160])
    figures = {"articles": len(files), "claims": len(claims), "well_formed": round(1 - bad / max(1, len(claims)), 4),
               "failing": dict(failing), "seconds": round(time.perf_counter() - started, 1)}
    record("claims_wellformed_polnear", figures)


if __name__ == "__main__":
    main()
