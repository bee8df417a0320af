"""Cross-encoder pairs corroboration reads, and whether reading fewer changes a label (issue 35).

    python benchmarks/corroboration_pairs.py [--fnc1 800] [--seed 29] [--big]

Three readings run on the same texts, each the product of its time:

- `every_near_passage` (before issue 35): every passage near a claim is read, in both passes;
- `negation_reads` (`features.NEGATION_READS`): a claim that no reading could back (`verifiers.could_support` false:
  on real stories nearly every claim against another outlet) is read only for a contradiction, once, and only where
  the claim or the passage negates or denies something;
- `narrowed` (`features.NARROW_READS`, the product): such a reading is of one sentence, not a three-sentence window;
  the first reading is made in two steps, and a claim the first puts beyond backing is read on only for a
  contradiction; passages that keep their distance never count as backing (stance's hedge line), so they are not
  read for it.

On:
- FNC-1 train (dev; licence unverified, so it only measures): a stratified sample of headline/body pairs through
  the code path of `analyze` (benchmarks/stance_fnc1.Reader): pairs read, macro-F1, and the labels that differ;
- real stories: the eight PolNeAR dev and test articles about the Clinton e-mail inquiry that `analyze` groups as
  one story, and with --big the 32 PolNeAR train articles about the 2016 Democratic primaries that `analyze` groups
  as one story among the 1,008 (its largest): pairs read, their word pieces, corroboration seconds, and the verdicts
  and statuses that differ.

Results go to benchmarks/results/corroboration_pairs.json.
"""
from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import DATA, record, require

MODES = {"every_near_passage": (False, False), "negation_reads": (True, False), "narrowed": (True, True)}

STORY = ["huff-post_2016-11-03_donald-trump-invokes-pervert-ant", "nyt_2016-10-30_for-democrats-anthony-weiner-mak",
         "nyt_2016-11-01_f-b-i-s-email-disclosure-broke-a", "politico_2016-09-23_partisan-fireworks-over-clinton-",
         "politico_2016-10-31_justice-department-pledges-quick", "politico_2016-11-02_mccaul-if-elected-hillary-clinto",
         "politico_2016-11-03_state-dept-drops-more-clinton-em", "usa-today_2016-10-31_feds-in-talks-to-get-emails-from"]
BIG_STORY = [
    "breitbart_2016-02-18_ap-gfk-poll-voters-increasingly-", "breitbart_2016-02-20_the-latest-hillary-clinton-tells",
    "breitbart_2016-03-21_sanders-wins-democrats-abroad-gl", "breitbart_2016-06-04_delegate-update-the-latest-count",
    "huff-post_2016-02-28_democrats-should-be-very-nervous", "huff-post_2016-03-16_donald-trump-got-more-votes-in-o",
    "huff-post_2016-04-27_bernie-sanders-suffered-a-big-bl", "huff-post_2016-04-27_hillary-clinton-wins-delaware-s-",
    "huff-post_2016-06-08_hillary-clinton-wins-south-dakot", "huff-post_2016-06-09_clinton-and-sanders-aren-t-butti",
    "nyt_2016-01-29_it-s-still-bill-but-old-magic-se", "nyt_2016-04-21_crucial-wins-for-clinton-and-tru",
    "nyt_2016-04-28_nomination-almost-certain-clinto", "nyt_2016-05-27_clinton-faces-tight-primary-with",
    "politico_2016-03-23_sanders-scrambles-to-keep-pace-w", "politico_2016-07-02_sanders-california-supporters-ca",
    "usa-today_2016-02-18_clinton-tries-to-avoid-setback-i", "usa-today_2016-04-14_clinton-sharpens-focus-on-sander",
    "usa-today_2016-04-27_clinton-takes-pa-md-and-del-most", "usa-today_2016-04-28_sanders-lays-off-more-than-campa",
    "usa-today_2016-05-18_in-kentucky-democrats-battling-i", "wash-post_2016-01-31_clinton-team-quietly-lining-up-l",
    "wash-post_2016-04-10_why-new-york-is-pivotal-for-clin", "wash-post_2016-04-20_beyond-victory-clinton-faces-dee",
    "wash-post_2016-04-21_what-s-next-for-sanders-much-res", "wash-post_2016-05-05_sanders-faces-tough-sell-in-gett",
    "wash-post_2016-05-19_sanders-s-supporters-not-giving-", "wash-post_2016-06-09_game-over-will-sanders-come-down",
    "wash-post_2016-06-09_party-aims-to-heal-primary-wound", "west-journal_2016-05-12_exit-polls-in-west-virginia-spel",
    "west-journal_2016-05-24_hillary-clinton-says-no-to-fox-n", "west-journal_2016-06-06_breaking-latest-primary-has-big-"]


PRODUCT = "narrowed"


def _modes(name: str) -> None:
    """Set the reading `name`: features' two switches (PRODUCT puts the shipped reading back)."""
    from storydesk.verify import features
    features.NEGATION_READS, features.NARROW_READS = MODES[name]


def _changes(seen: dict[str, list], label=lambda x: x) -> dict:
    """Between each two consecutive readings: the labels that changed ("a -> b": how many), and how many items one of
    the two lacks."""
    out = {}
    for a, b in itertools.pairwise(MODES):
        changed = Counter(f"{label(x)} -> {label(y)}" for x, y in zip(seen[a], seen[b]) if x != y)
        if len(seen[a]) != len(seen[b]):
            changed["absent from one"] = abs(len(seen[a]) - len(seen[b]))
        out[f"{a} -> {b}"] = dict(changed)
    return out


def _fnc1(n: int, seed: int) -> dict:
    from stance_fnc1 import LABEL_CLASS, Reader, load, score, stratified
    from storydesk.verify.entail import entailer

    pairs, texts = load("fnc1-train")
    pairs = stratified(pairs, n, seed=seed)
    reader = Reader()
    bodies = reader.bodies({b: texts[b] for b in sorted({p[1] for p in pairs})})
    heads = reader.headlines(sorted({p[0] for p in pairs}))
    out: dict = {"pairs": len(pairs), "seed": seed}
    preds = {}
    try:
        for mode in MODES:
            _modes(mode)
            model = entailer()
            model.cache.clear()
            before = model.pairs_run
            preds[mode] = [LABEL_CLASS[reader.verdict(heads[h], bodies[b])["label"]] for h, b, _ in pairs]
            s = score([p[2] for p in pairs], preds[mode])
            out[mode] = {"cross_encoder_pairs": model.pairs_run - before, "macro_f1": s["macro_f1"], "f1": s["f1"],
                         "relative_score": s["relative_score"]}
    finally:
        _modes(PRODUCT)
    out["labels_changed"] = _changes(preds)
    return out


def _story(names: list[str]) -> dict:
    from storydesk.engine import run_one
    from storydesk.verify.entail import entailer

    base = require(DATA / "polnear" / "data")
    folder = Path(tempfile.mkdtemp(prefix="sd-pairs-"))
    for name in names:
        found = list(base.glob(f"*/text/{name}.txt"))
        shutil.copy(found[0], folder / found[0].name)
    out: dict = {"articles": len(names)}
    seen = {}
    model = entailer()
    asked: set = set()
    read = model.probabilities

    def probabilities(pairs):  # every pair asked for, read now or taken from the cache
        asked.update(pairs)
        return read(pairs)

    model.probabilities = probabilities  # type: ignore[method-assign]
    try:
        run_one([str(folder)])  # models loaded
        for mode in MODES:
            _modes(mode)
            model.cache.clear()
            asked.clear()
            before = model.pairs_run
            t = time.perf_counter()
            story = run_one([str(folder)]).story
            claims = sorted((c for d in story.documents for c in d.claims), key=lambda c: c.id)
            seen[mode] = ([(c.id, v.doc, str(v.label)) for c in claims for v in c.verdicts],
                          [(c.id, str(c.status)) for c in claims])
            out[mode] = {"cross_encoder_pairs": model.pairs_run - before, "seconds": round(time.perf_counter() - t, 1),
                         "word_pieces_read": sum(len(model.tokenizer.encode(*p).ids) for p in asked),
                         "claims": len(claims), "verdicts": len(seen[mode][0]),
                         "labels": dict(Counter(x[2] for x in seen[mode][0])),
                         "statuses": dict(Counter(x[1] for x in seen[mode][1]))}
    finally:
        _modes(PRODUCT)
        del model.probabilities
        shutil.rmtree(folder, ignore_errors=True)
    out["verdicts_changed"] = _changes({m: v[0] for m, v in seen.items()}, label=lambda x: x[2])
    out["statuses_changed"] = _changes({m: v[1] for m, v in seen.items()}, label=lambda x: x[1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fnc1", type=int, default=800, help="FNC-1 train pairs (stratified sample)")
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--big", action="store_true", help="also the 32-article story (about 10 minutes more)")
    args = parser.parse_args()
    result = {"fnc1_train": _fnc1(args.fnc1, args.seed), "polnear_story": _story(STORY)}
    if args.big:
        result["polnear_big_story"] = _story(BIG_STORY)
    record("corroboration_pairs", result)


if __name__ == "__main__":
    main()
