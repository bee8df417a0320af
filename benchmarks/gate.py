"""The benchmark gate: each quality figure, measured on a small public subset, must stay at or above its pinned floor.

    python benchmarks/gate.py            # check every gate (what `make test` runs); exit 1 when one fails
    python benchmarks/gate.py --only times_tbaq_sample
    python benchmarks/gate.py --pin      # after a change that moves a figure: measure and write floors.json

Each gate names its data: the files it reads are hashed (SHA-256 over their names and bytes) and the hash is pinned
beside the floor, so a gate fails when its data changed under it rather than silently measuring something else.
A floor is the figure measured when it was pinned, less `MARGIN` (room for float noise across machines, not for a
regression). The subsets are dev data or the demo; no test split is read here.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DATA, ROOT, require

sys.path.insert(0, str(ROOT / "src"))

FLOORS = Path(__file__).resolve().parent / "floors.json"
MARGIN = 0.002  # on figures between 0 and 1


@dataclass
class Gate:
    name: str
    files: Callable[[], list[Path]]  # the data it reads, in order
    measure: Callable[[list[Path]], dict[str, float]]  # figure name -> value in [0, 1]
    what: str


def digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        rel = f.relative_to(DATA) if f.is_relative_to(DATA) else f.relative_to(ROOT)
        h.update(str(rel).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


# -- Scrapinghub: article-body extraction ----------------------------------------------------------------------------

def _scrapinghub_files() -> list[Path]:
    base = require(DATA / "scrapinghub")
    return [base / "ground-truth.json", *sorted((base / "html").glob("*.html.gz"))[:40]]


def _extraction(files: list[Path]) -> dict[str, float]:
    from extraction import score
    from storydesk.extract import extract
    from storydesk.ingest.readers import read_html
    from storydesk.model import RawDocument

    truth = json.loads(files[0].read_text())
    gold, pred = {}, {}
    for path in files[1:]:
        key = path.name.removesuffix(".html.gz")
        gold[key] = truth[key]["articleBody"]
        raw = next(r for r in read_html(gzip.decompress(path.read_bytes()), key) if isinstance(r, RawDocument))
        doc, _ = extract(raw)
        pred[key] = doc.text if doc else ""
    s = score(gold, pred)
    return {"f1": s["f1"], "precision": s["precision"], "recall": s["recall"]}


# -- TempEval-3 TBAQ (the dev data): time expressions ----------------------------------------------------------------

def _tbaq_files() -> list[Path]:
    return sorted(require(DATA / "tempeval3" / "train-TBAQ-cleaned").glob("*/*.tml"))[:40]


def _times(files: list[Path]) -> dict[str, float]:
    from storydesk.annotate.times import times
    from times_tempeval import parse_tml, score

    pairs = []
    for path in files:
        dct, text, gold = parse_tml(path.read_text(encoding="utf-8"))
        pairs.append(([t.to_json() for t in times(text, dct, "en")], gold, path.name))
    s = score(pairs)
    return {"relaxed_f1": s["relaxed_f1"] / 100, "value_f1": s["value_f1"] / 100}


# -- FRANK valid: summary checking -------------------------------------------------------------------------------------

def _frank_files() -> list[Path]:
    base = require(DATA / "frank" / "data")
    return [base / "human_annotations.json"]


def _frank(files: list[Path]) -> dict[str, float]:
    import storydesk
    from frank_data import items

    data = items("valid")[:120]
    tp = tn = pos = neg = 0
    for it in data:
        pred, gold = storydesk.check(it["summary"], [it["article"]]).consistent, it["consistent"]
        pos, neg = pos + gold, neg + (not gold)
        tp += pred and gold
        tn += (not pred) and (not gold)
    return {"balanced_accuracy": round((tp / max(pos, 1) + tn / max(neg, 1)) / 2, 4)}


# -- story clustering: the dev firehose stories, the demo and PolNeAR dev distractors ---------------------------------

def _clustering_files() -> list[Path]:
    written = sorted(f for story in (ROOT / "benchmarks" / "firehose" / "dev").iterdir() for f in story.iterdir())
    demo = sorted((ROOT / "src" / "storydesk" / "demo" / "corpus").rglob("*"))
    distractors = sorted(require(DATA / "polnear" / "data" / "dev" / "text").glob("*.txt"))[:40]
    same = ROOT / "benchmarks" / "firehose" / "same_story.json"  # the distractors' gold, read by _clustering
    return [f for f in (*written, *demo, *distractors, same) if f.is_file()]


def _clustering(files: list[Path]) -> dict[str, float]:
    from corpora import distractor_key, same_story
    from storydesk.cluster import Features, bcubed, cluster
    from storydesk.engine.work import documents
    from storydesk.ingest import IngestOptions, read_sources
    from storydesk.model import Problem

    # named by their whole path (relative to /), which says which written story each file belongs to
    articles = [str(f) for f in files if f.name != "same_story.json"]
    raws = [r for r in read_sources(articles, IngestOptions(display_root=Path("/"))) if not isinstance(r, Problem)]
    feats, gold = [], {}
    same = same_story("dev")  # PolNeAR distractors a desk would follow together
    for i in range(0, len(raws), 16):
        for r in documents(raws[i:i + 16]):
            if r.id is not None and r.features is not None:
                f = Features.from_json(json.loads(r.features))
                feats.append(f)
                parts = Path(r.source.split(":")[0]).parts
                gold[f.doc] = (parts[-2] if "firehose" in parts else "demo" if "corpus" in parts
                               else same.get(distractor_key(r.source), r.source))
    scores = bcubed(cluster(feats), gold)
    return {"bcubed_precision": scores["precision"], "bcubed_recall": scores["recall"]}


# -- entities on the demo gold -------------------------------------------------------------------------------------

def _demo_files() -> list[Path]:
    corpus = sorted(f for f in (ROOT / "src" / "storydesk" / "demo" / "corpus").rglob("*") if f.is_file())
    return [ROOT / "tests" / "golden" / "demo_gold.json", *corpus]


def _entities(files: list[Path]) -> dict[str, float]:
    from storydesk.engine import run_one as run
    from storydesk.pipeline import DEMO_CORPUS
    from storydesk.resolve.evaluate import bcubed, forbidden_merges

    gold = json.loads(files[0].read_text("utf-8"))["entities"]
    entities = run([str(DEMO_CORPUS)]).story.entities
    scores = bcubed(entities, gold["clusters"])
    return {"bcubed_f1": scores["f1"], "no_forbidden_merge": 0.0 if forbidden_merges(entities, gold["must_not_merge"]) else 1.0}


# -- provenance: our rewrites of PolNeAR dev articles among same-topic articles; MEANTIME's dev topic ---------------

def _derivation_files() -> list[Path]:
    here = ROOT / "benchmarks" / "derivation"
    polnear = require(DATA / "polnear" / "data")
    return [here / "manifest.json", *sorted((here / "rewrites").glob("*.txt")),
            *sorted(p for split in ("train", "dev") for p in (polnear / split / "text").glob("*.txt"))]


def _derivation(files: list[Path]) -> dict[str, float]:
    from derivation_links import corpus, score
    from storydesk.provenance import AlignOptions, find_relations

    docs, rewrites, family = corpus(4)
    figures = score(find_relations(docs, AlignOptions()), rewrites, family, docs)
    return {k: figures[k] for k in ("precision", "recall", "direction_right_when_given")}


def _meantime_files() -> list[Path]:
    base = require(DATA / "meantime_multilingual")
    return [base / "en" / "meantime.conll", base / "es" / "meantime.conll"]


def _translations(files: list[Path]) -> dict[str, float]:
    from meantime_links import documents, score
    from storydesk.provenance import AlignOptions, find_relations

    docs = [d for d in documents() if "corpus_gm/" in d.id]
    figures = score(find_relations(docs, AlignOptions()), docs)["gm"]
    return {"precision": figures["precision"], "recall": figures["recall"]}


def _portal_files() -> list[Path]:
    from portal_pages import pages

    return [ROOT / "benchmarks" / "portal_pages.py", *pages(40)]


def _portal(files: list[Path]) -> dict[str, float]:
    from portal_pages import measure

    return measure(files[1:])["plain_text"]


def _quotes_files() -> list[Path]:
    base = require(DATA / "polnear" / "data" / "dev")
    texts = sorted((base / "text").glob("*.txt"))[:30]
    return [f for t in texts for f in (t, *sorted((base / "attributions").glob(t.stem + "_*.ann"))[:1])]


def _quotes(files: list[Path]) -> dict[str, float]:
    from quotes_polnear import evaluate

    direct, everything, _, _ = evaluate(DATA / "polnear" / "data" / "dev", [f for f in files if f.suffix == ".txt"])
    d, a = direct.figures(), everything.figures()
    return {"direct_f1": round(d["f1"] / 100, 4), "direct_speaker_accuracy": round(d["speaker_accuracy"] / 100, 4),
            "all_attributions_f1": round(a["f1"] / 100, 4)}


def _ecb_files() -> list[Path]:
    base = require(DATA / "ecbplus" / "ECB+_LREC2014")
    return [base / "ECBplus_coreference_sentences.csv",
            *sorted(p for t in (2, 5, 12) for p in (base / "ECB+" / str(t)).glob("*.xml"))]


def _ecb(files: list[Path]) -> dict[str, float]:
    from ecbplus_entities import score_stories, stories_of
    from entity_types import ecb_stories
    from entity_types import score as type_score

    figures = score_stories(stories_of(files[0].parent, (), files[1:]))
    types = type_score(ecb_stories("dev", files[1:]))["mentions"]
    return {"gold_mentions_conll_f1": round(figures["gold_mentions"]["storydesk"]["conll_f1"] / 100, 4),
            "named_mentions_conll_f1": round(figures["named_mentions"]["storydesk"]["conll_f1"] / 100, 4),
            "entity_type_accuracy": types["accuracy"]}


def _stories_ecb_files() -> list[Path]:
    from ecbplus_entities import SPLITS

    base = require(DATA / "ecbplus" / "ECB+_LREC2014" / "ECB+")
    return sorted(p for t in SPLITS["dev"] for p in (base / str(t)).glob("*.xml"))


def _stories_ecb(files: list[Path]) -> dict[str, float]:
    """Story clustering on ECB+'s dev topics (gold: subtopics; each topic tells two happenings of one kind)."""
    from ecbplus_entities import read_doc, subtopic
    from storydesk.cluster import Features, bcubed, cluster
    from storydesk.engine.work import documents
    from storydesk.model import RawDocument

    raws = [RawDocument(source=p.name, content=read_doc(p, set())[0], kind="text") for p in files]
    gold_of = {p.name: subtopic(p) for p in files}
    feats, gold = [], {}
    for i in range(0, len(raws), 16):
        for r in documents(raws[i:i + 16]):
            if r.id is not None and r.features is not None:
                feats.append(Features.from_json(json.loads(r.features)))
                gold[feats[-1].doc] = gold_of[r.source]
    scores = bcubed(cluster(feats), gold)
    return {"bcubed_precision": scores["precision"], "bcubed_recall": scores["recall"], "bcubed_f1": scores["f1"]}


# -- FNC-1 train (dev): a claim against another outlet's article, through corroboration --------------------------------

def _stance_files() -> list[Path]:
    base = require(DATA / "nli" / "fnc1")
    return [base / "train_stances.csv.gz", base / "train_bodies.csv.gz"]


STANCE_BODIES = 24  # the first bodies (by id) with an agreeing, a disagreeing and a discussing headline


def _stance(files: list[Path]) -> dict[str, float]:
    from collections import defaultdict

    from stance_fnc1 import LABEL_CLASS, Reader, load, score

    pairs, texts = load("fnc1-train")
    by: dict[str, list] = defaultdict(list)
    for p in pairs:
        by[p[1]].append(p)
    chosen = [b for b in sorted(by, key=int) if {"agree", "disagree", "discuss"} <= {p[2] for p in by[b]}][:STANCE_BODIES]
    sample = []
    for b in chosen:  # every related pair of the body, and as many unrelated ones (in file order)
        related = [p for p in by[b] if p[2] != "unrelated"]
        sample += related + [p for p in by[b] if p[2] == "unrelated"][:len(related)]
    reader = Reader()
    bodies = reader.bodies({b: texts[b] for b in chosen})
    heads = reader.headlines(sorted({p[0] for p in sample}))
    pred = [LABEL_CLASS[reader.verdict(heads[h], bodies[b])["label"]] for h, b, _ in sample]
    s = score([p[2] for p in sample], pred)
    return {"macro_f1": s["macro_f1"], "relative_score": round(s["relative_score"] / 100, 4)}


GATES = [
    Gate("extraction_scrapinghub_sample", _scrapinghub_files, _extraction, "article body, 40 Scrapinghub pages"),
    Gate("times_tbaq_sample", _tbaq_files, _times, "time expressions, 40 TBAQ (TempEval-3 dev) documents"),
    Gate("check_frank_valid_sample", _frank_files, _frank, "summary checking, the first 120 FRANK valid summaries"),
    Gate("clustering_dev_sample", _clustering_files, _clustering, "stories: dev firehose, demo, 40 PolNeAR dev distractors"),
    Gate("stories_ecbplus_dev", _stories_ecb_files, _stories_ecb,
         "stories on real gold: ECB+ dev topics (8 topics, two happenings of one kind each)"),
    Gate("entities_demo", _demo_files, _entities, "entity clusters on the demo gold"),
    Gate("derivation_polnear_rewrites", _derivation_files, _derivation,
         "derivation links: 7 rewrites of PolNeAR dev articles among 20 same-topic articles"),
    Gate("translation_links_meantime_gm", _meantime_files, _translations,
         "translation links: MEANTIME dev topic gm, 30 English and 30 Spanish articles"),
    Gate("cleaning_portal_pages_dev", _portal_files, _portal,
         "plain-text cleaning: 40 PolNeAR dev articles in built page furniture"),
    Gate("quotes_polnear_dev_sample", _quotes_files, _quotes, "quotes and attribution: 30 PolNeAR dev articles"),
    Gate("entities_ecbplus_dev_sample", _ecb_files, _ecb,
         "entity coreference and entity types: ECB+ dev topics 2, 5 and 12"),
    Gate("stance_fnc1_train_sample", _stance_files, _stance,
         "corroboration stance: FNC-1 train (dev), 24 bodies' related headlines and as many unrelated ones"),
]


def run_gates(names: list[str] | None, pin: bool) -> int:
    floors = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    failed = 0
    for gate in GATES:
        if names and gate.name not in names:
            continue
        files = gate.files()
        data = digest(files)
        pinned = floors.get(gate.name)
        if not pin and pinned is None:
            print(f"FAIL {gate.name}: no floor pinned (run with --pin)")
            failed += 1
            continue
        if not pin and pinned["data_sha256"] != data:
            print(f"FAIL {gate.name}: its data changed ({len(files)} files, sha256 {data[:12]}, pinned "
                  f"{pinned['data_sha256'][:12]}); check the data, then re-pin")
            failed += 1
            continue
        started = time.perf_counter()
        figures = gate.measure(files)
        seconds = round(time.perf_counter() - started, 1)
        if pin:
            floors[gate.name] = {"what": gate.what, "files": len(files), "data_sha256": data, "measured": figures,
                                 "floors": {k: round(max(v - MARGIN, 0.0), 4) for k, v in figures.items()}}
            print(f"PIN  {gate.name}: {figures} ({seconds} s)")
            continue
        low = {k: (v, pinned["floors"][k]) for k, v in figures.items() if k in pinned["floors"] and v < pinned["floors"][k]}
        missing = set(pinned["floors"]) - set(figures)
        if low or missing:
            failed += 1
            print(f"FAIL {gate.name}: " + ", ".join(f"{k} {v} < floor {f}" for k, (v, f) in low.items())
                  + (f" missing {sorted(missing)}" if missing else ""))
        else:
            print(f"ok   {gate.name}: " + ", ".join(f"{k} {v} (floor {pinned['floors'][k]})" for k, v in figures.items())
                  + f" ({seconds} s)")
    if pin:
        FLOORS.write_text(json.dumps(floors, indent=1, sort_keys=True) + "\n")
    return failed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", action="append", help="run this gate only (repeatable)")
    parser.add_argument("--pin", action="store_true", help="measure and write the floors")
    args = parser.parse_args()
    sys.exit(1 if run_gates(args.only, args.pin) else 0)


if __name__ == "__main__":
    main()
