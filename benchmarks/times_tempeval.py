"""Time expressions on TempEval-3: relaxed/strict extent F1, type accuracy and value F1 (the TE3 Task A figures).

    python benchmarks/times_tempeval.py            # platinum test (report this one)
    python benchmarks/times_tempeval.py --dev      # TBAQ train (develop on this one)
    python benchmarks/times_tempeval.py --dev --errors 40   # print value errors (dev only)

Scoring follows the TempEval-3 definitions: a system expression matches a gold
one when their extents overlap (relaxed) or are equal (strict), one to one;
value F1 counts relaxed matches whose normalised value is also equal, against
all system and all gold expressions. The document creation time (DCT) is the
publication date given to `storydesk.annotate.times`; the DCT expression itself
is not scored.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

from common import DATA, record, require

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from storydesk.annotate.times import times

TAG = re.compile(r"<(/?)(\w+)([^>]*)>")


def parse_tml(raw: str) -> tuple[str, str, list[dict]]:
    """(DCT value, TEXT content with tags removed, gold TIMEX3 with offsets into that content)."""
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.DOTALL).group(1)
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.DOTALL).group(1)
    out, gold, pos, open_timex = [], [], 0, None
    length = 0
    for m in TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = {"start": length, "attrs": dict(re.findall(r'(\w+)="([^"]*)"', attrs))}
        elif open_timex is not None:
            a = open_timex["attrs"]
            gold.append({"start": open_timex["start"], "end": length, "type": a.get("type"), "value": a.get("value")})
            open_timex = None
    chunk = html.unescape(body[pos:])
    out.append(chunk)
    text = "".join(out)
    for g in gold:
        g["text"] = text[g["start"]:g["end"]]
    return dct[:10], text, gold


def score(pairs: list[tuple[list[dict], list[dict], str]], show_errors: int = 0) -> dict:
    n_sys = n_gold = relaxed = strict = typed = valued = 0
    errors = []
    for system, gold, name in pairs:
        n_sys += len(system)
        n_gold += len(gold)
        used: set[int] = set()
        for s in system:
            match = None
            for i, g in enumerate(gold):
                if i not in used and s["start"] < g["end"] and g["start"] < s["end"]:
                    match = i
                    break
            if match is None:
                if show_errors:
                    errors.append(f"{name}: spurious {s['text']!r} {s['value']}")
                continue
            used.add(match)
            g = gold[match]
            relaxed += 1
            strict += s["start"] == g["start"] and s["end"] == g["end"]
            typed += s["type"] == g["type"]
            if s["value"] == g["value"]:
                valued += 1
            elif show_errors:
                errors.append(f"{name}: value {s['text']!r} {s['value']} gold {g['text']!r} {g['value']} ({g['type']})")
        if show_errors:
            errors.extend(f"{name}: missed {g['text']!r} {g['value']}" for i, g in enumerate(gold) if i not in used)

    def f1(hits: int) -> float:
        p = hits / n_sys if n_sys else 0.0
        r = hits / n_gold if n_gold else 0.0
        return round(100 * 2 * p * r / (p + r), 2) if p + r else 0.0

    if show_errors:
        for line in errors[:show_errors]:
            print(line)
    return {
        "system": n_sys, "gold": n_gold,
        "relaxed_precision": round(100 * relaxed / n_sys, 2) if n_sys else 0.0,
        "relaxed_recall": round(100 * relaxed / n_gold, 2) if n_gold else 0.0,
        "relaxed_f1": f1(relaxed), "strict_f1": f1(strict), "type_f1": f1(typed), "value_f1": f1(valued),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", action="store_true", help="score on TBAQ (the development data) instead of platinum test")
    ap.add_argument("--errors", type=int, default=0, help="print this many errors (refused on the test split)")
    args = ap.parse_args()
    root = require(DATA / "tempeval3")
    pairs = []
    if args.dev:
        files = sorted((root / "train-TBAQ-cleaned").glob("*/*.tml"))
        for path in files:
            dct, text, gold = parse_tml(path.read_text(encoding="utf-8"))
            system = [t.to_json() for t in times(text, dct, "en")]
            pairs.append((system, gold, path.name))
    else:
        if args.errors:
            sys.exit("errors are shown on --dev only: the test split is for reporting")
        inputs = {re.search(r"<DOCID>\s*([^<\s]+)", p.read_text(encoding="utf-8")).group(1): p
                  for p in (root / "test-platinum-input").glob("*.TE3input")}
        for path in sorted((root / "test-platinum").glob("*.tml")):
            dct, gold_text, gold = parse_tml(path.read_text(encoding="utf-8"))
            # pair by DOCID: one input file name is spelled differently (sarkozy / sarcozy), its DOCID is not
            docid = re.search(r"<DOCID>\s*([^<\s]+)", path.read_text(encoding="utf-8")).group(1)
            match = inputs[docid]
            _, text, _ = parse_tml(match.read_text(encoding="utf-8"))
            assert text == gold_text, f"{path.name}: input and gold texts differ"
            system = [t.to_json() for t in times(text, dct, "en")]
            pairs.append((system, gold, path.name))
    figures = score(pairs, args.errors)
    figures["documents"] = len(pairs)
    figures["split"] = "TBAQ (dev)" if args.dev else "platinum test"
    figures["published"] = {"HeidelTime value_f1": 77.61, "SUTime value_f1": 67.38, "best relaxed_f1": 90.32}
    if args.errors:
        print({k: figures[k] for k in ("relaxed_f1", "strict_f1", "value_f1", "system", "gold")})
        return
    record("times_tempeval_dev" if args.dev else "times_tempeval", figures)


if __name__ == "__main__":
    main()
