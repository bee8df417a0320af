"""Corroboration on real news: FNC-1 and ARC stance through the code path of `storydesk analyze`.

    python benchmarks/stance_fnc1.py --set fnc1-test                 # the whole competition test (25,413 pairs)
    python benchmarks/stance_fnc1.py --set arc-test                  # ARC test (3,559 pairs)
    python benchmarks/stance_fnc1.py --set fnc1-train --sample 2000  # dev: a stratified sample of FNC-1 train

The headline is a claim of a one-sentence document, the body another outlet's article. Both are extracted and
annotated as `analyze` does (cleaning, spaCy, times, amounts), then read together as a two-document story through the
story stages that lead to a verdict (resolve, claims, corroborate). The verdict of the body on the headline's claim is
the answer: supports -> agree, contradicts -> disagree, discusses -> discuss, not_mentioned -> unrelated.

Reported: the official FNC-1 relative score (0.25 for telling related from unrelated, 0.75 more for the right stance
of a related pair, as a share of the best possible score), macro-F1 over the four classes, per-class F1, the confusion
matrix, milliseconds per pair and pairs the cross-encoder read. Dev sets (FNC-1 train, ARC train) choose thresholds;
their licence is unverified, so no weights are trained on them. Each pair's features are kept in
benchmarks/.cache/stance-<set>.jsonl for the threshold search of tune_stance.py.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import DATA, ROOT, record, require

CLASSES = ["agree", "disagree", "discuss", "unrelated"]
LABEL_CLASS = {"supports": "agree", "contradicts": "disagree", "discusses": "discuss", "not_mentioned": "unrelated"}
SETS = {
    "fnc1-test": ("fnc1/competition_test_stances.csv.gz", "fnc1/competition_test_bodies.csv.gz"),
    "fnc1-train": ("fnc1/train_stances.csv.gz", "fnc1/train_bodies.csv.gz"),
    "arc-test": ("arc_stance/arc_stances_test.csv", "arc_stance/arc_bodies.csv.gz"),
    "arc-train": ("arc_stance/arc_stances_train.csv", "arc_stance/arc_bodies.csv.gz"),
}
CACHE = ROOT / "benchmarks" / ".cache"
PUBLISHED = {"official baseline": 75.20, "Talos": 82.02, "Athene": 81.97, "UCL Machine Reading": 81.72}
PUBLISHED_MACRO = {"Talos": 0.576, "Athene": 0.602, "UCL Machine Reading": 0.563}


def _rows(path: Path) -> list[dict[str, str]]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8", "replace"))))


def load(name: str) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(headline, body id, stance) pairs and body id -> text."""
    stances, bodies = SETS[name]
    nli = DATA / "nli"
    pairs = [(r["Headline"], r["Body ID"], r["Stance"]) for r in _rows(require(nli / stances))]
    texts = {r["Body ID"]: r["articleBody"] for r in _rows(require(nli / bodies))}
    return pairs, texts


def stratified(pairs: list, n: int, seed: int = 13) -> list:
    """`n` pairs, as many of each class as there are (up to n/4), the rest from the largest classes; fixed seed."""
    by: dict[str, list] = defaultdict(list)
    for p in pairs:
        by[p[2]].append(p)
    rng = random.Random(seed)
    out = []
    for c in CLASSES:
        rng.shuffle(by[c])
        out.extend(by[c][:n // 4])
    rest = [p for c in CLASSES for p in by[c][n // 4:]]
    rng.shuffle(rest)
    out.extend(rest[:max(0, n - len(out))])
    rng.shuffle(out)
    return out


def score(gold: list[str], pred: list[str]) -> dict:
    """The official FNC-1 relative score, macro-F1 and per-class figures."""
    got = best = 0.0
    for g, p in zip(gold, pred):
        g_rel, p_rel = g != "unrelated", p != "unrelated"
        best += 0.25 + (0.75 if g_rel else 0.0)
        if g_rel == p_rel:
            got += 0.25
        if g_rel and g == p:
            got += 0.75
    confusion = {g: dict.fromkeys(CLASSES, 0) for g in CLASSES}
    for g, p in zip(gold, pred):
        confusion[g][p] += 1
    f1 = {}
    for c in CLASSES:
        tp = confusion[c][c]
        fp = sum(confusion[g][c] for g in CLASSES) - tp
        fn = sum(confusion[c].values()) - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1[c] = round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0
    return {"relative_score": round(100 * got / best, 2) if best else 0.0,
            "macro_f1": round(sum(f1.values()) / len(CLASSES), 4), "f1": f1, "confusion": confusion,
            "pairs": len(gold), "gold": dict(Counter(gold))}


class Reader:
    """Bodies and headlines extracted and annotated once; each pair read as a two-document story."""

    def __init__(self) -> None:
        from storydesk import codec
        from storydesk.annotate import annotate_documents
        from storydesk.extract import extract_safely
        from storydesk.model import Claim, Document, RawDocument

        self.codec, self.annotate, self.extract = codec, annotate_documents, extract_safely
        self.Claim, self.Document, self.RawDocument = Claim, Document, RawDocument
        self.embeddings: dict = {}  # sentence -> vectors, shared by every pair (as provenance shares it in a story)

    def bodies(self, texts: dict[str, str]) -> dict[str, str]:
        """body id -> codec record of the body as `analyze` reads it."""
        docs = []
        for bid, text in texts.items():
            doc, _ = self.extract(self.RawDocument(f"body-{bid}.txt", text, "text"))
            if doc is None:  # nothing left after cleaning: the text as given
                doc = self.Document(id=f"b{bid}", source=f"body-{bid}.txt", original=text, text=text, language="en")
            doc.id = f"b{bid}"
            docs.append(doc)
        self.annotate(docs)
        return {d.id[1:]: self.codec.dumps(d) for d in docs}

    def headlines(self, heads: list[str]) -> dict[str, str]:
        docs = [self.Document(id=f"h{n}", source=f"headline-{n}.txt", original=h, text=h, language="en", title=h)
                for n, h in enumerate(heads)]
        self.annotate(docs)
        out = {}
        for h, doc in zip(heads, docs):
            doc.claims = [self.Claim(id=f"{doc.id}-c1", doc=doc.id, start=0, end=len(h), text=h, spans=[(0, len(h))],
                                     sentence=(0, len(h)))]
            out[h] = self.codec.dumps(doc)
        return out

    def verdict(self, head_record: str, body_record: str) -> dict:
        from storydesk.claims import enrich
        from storydesk.model import Story
        from storydesk.resolve import resolve
        from storydesk.verify.corroborate import corroborate

        story = Story(id="pair", documents=[self.codec.loads(head_record), self.codec.loads(body_record)])
        resolve(story)
        enrich(story)
        corroborate(story, embeddings=self.embeddings)
        claim = story.documents[0].claims[0]
        v = claim.verdicts[0]
        return {"label": str(v.label), "score": v.score, "features": v.features, "verifier": v.verifier,
                "reasons": v.reasons[:3]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="fnc1-test", choices=sorted(SETS))
    parser.add_argument("--sample", type=int, default=0, help="a stratified sample of this many pairs (dev sets)")
    parser.add_argument("--limit", type=int, default=0, help="the first N pairs only (a smoke run; not reported)")
    parser.add_argument("--name", default="", help="results file name (default stance_<set>)")
    args = parser.parse_args()
    pairs, texts = load(args.set)
    if args.sample:
        pairs = stratified(pairs, args.sample)
    if args.limit:
        pairs = pairs[:args.limit]
    from storydesk.verify.entail import entailer

    reader = Reader()
    clock = time.perf_counter()
    body_records = reader.bodies({b: texts[b] for b in sorted({p[1] for p in pairs})})
    head_records = reader.headlines(sorted({p[0] for p in pairs}))
    prepared = time.perf_counter() - clock
    CACHE.mkdir(parents=True, exist_ok=True)
    name = args.name or f"stance_{args.set.replace('-', '_')}" + (f"_{args.sample}" if args.sample else "")
    gold, pred, per = [], [], []
    read_before = entailer().pairs_run
    with (CACHE / f"{name}.jsonl").open("w", encoding="utf-8") as out:
        for n, (head, bid, stance) in enumerate(pairs, start=1):
            t = time.perf_counter()
            v = reader.verdict(head_records[head], body_records[bid])
            per.append(time.perf_counter() - t)
            gold.append(stance)
            pred.append(LABEL_CLASS[v["label"]])
            out.write(json.dumps({"head": head, "body": bid, "gold": stance, **v}) + "\n")
            if n % 500 == 0:
                print(f"{n}/{len(pairs)} {sum(per) / n * 1000:.0f} ms a pair", file=sys.stderr, flush=True)
    figures = score(gold, pred)
    per.sort()
    figures.update({"set": args.set, "sample": args.sample or None, "limit": args.limit or None,
                    "ms_per_pair_median": round(1000 * per[len(per) // 2], 1),
                    "ms_per_pair_mean": round(1000 * sum(per) / len(per), 1),
                    "cross_encoder_pairs_read": entailer().pairs_run - read_before,
                    "prepare_s": round(prepared, 1), "published_relative_score": PUBLISHED,
                    "published_macro_f1": PUBLISHED_MACRO})
    record(name, figures)


if __name__ == "__main__":
    main()
