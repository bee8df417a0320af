"""The firehose run: articles in, stories out, resumable and incremental, on any engine.

1. Per-document stages (extract, annotate, clustering features) over every input article not already in the store's
   `work_documents`, in partitions mapped over the engine; each finished partition is committed at once.
2. Clustering (`cluster/`) over every article in the store, old and new.
3. Cross-document stages per story, mapped over the engine, for the stories whose members changed; each story is
   saved in its own transaction with the hash of its members, replacing the stories it grew out of.
4. story.json (every story, ordered by id) and report.html, each written to a temporary file and renamed.

Killed at any moment, a run loses at most the partition or story in flight; the next run with the same input picks up
from the store and writes the same story.json. Nothing in story.json depends on the engine, the number of workers or
the order in which work finished.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .. import __version__, fingerprint, storyjson, translate
from ..clock import now as _now
from ..cluster import ClusterOptions, Features
from ..extract import doc_id
from ..model import Judgement, Problem, RawDocument, Story
from ..pipeline import STAGES, Options, Result, stage
from ..store import judgements as store_judgements
from ..store import open_for_run, read, save_story
from ..store import work as work_store
from ..verify import entail, pair_memory
from . import work
from .engines import InProcess, make_engine

PARTITION = 16  # articles per per-document task
STORY_BATCH = 24  # documents per cross-document task (small stories travel together)


@dataclass
class RunOptions:
    engine: str = "local"
    workers: int | None = None  # None: every core
    scheduler: str | None = None  # tcp://host:port of a running Dask scheduler
    one_story: bool = False  # skip clustering: every article is one story
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    report_stories: int = 50  # stories with a page of their own next to report.html (the biggest first)


@dataclass
class RunSummary:
    documents_new: int = 0
    documents_cached: int = 0
    documents_reanalysed: int = 0  # stored articles analysed again because the code or weights changed
    stories_analysed: int = 0
    stories_kept: int = 0
    # seconds per stage, summed over every worker (so with 2 workers they add up to about twice the wall time)
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def timed(self, seconds: dict[str, float]) -> None:
        for name, value in seconds.items():
            self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + value


Progress = Callable[[str, int, int], None]  # (phase, done, total)


class Member(NamedTuple):
    """An article of a story, as the run needs it to name and order the story."""

    id: str
    source: str
    published: str | None


def _natural(source: str) -> tuple:
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", source))


def _options_fingerprint(options: Options) -> str:
    return hashlib.sha256(repr((options.align, options.verify, options.brief)).encode()).hexdigest()[:16]


def analyser() -> str:
    """The key of per-document work: storydesk's version and the fingerprint of the per-document stages' code, data
    and model packages (fingerprint.py). An article stored under another key is analysed again."""
    return f"{__version__}/{_fingerprint('document')}"


def _fingerprint(scope: str) -> str:
    return fingerprint.of(scope, tuple(fingerprint.stage_roots(STAGES, scope)))


def members_hash(doc_ids: list[str], options_fingerprint: str, judgements: list[Judgement] | None = None) -> str:
    """What a story's analysis depends on: its members, the code and weights of every stage (the per-document ones
    too: its members' records come from them), the options and the judgements made on its documents (a new judgement
    has the story analysed again)."""
    marks = [[j.key, j.decision, j.label, j.at] for j in judgements or []]
    code = [analyser(), _fingerprint("story")]
    return hashlib.sha256(json.dumps([*code, options_fingerprint, sorted(doc_ids), *([marks] if marks else [])]).encode()
                          ).hexdigest()


def raw_json(raw: RawDocument) -> str:
    """A RawDocument as JSON text (what the store keeps of an input, to analyse it again after an upgrade)."""
    return json.dumps(dataclasses.asdict(raw), ensure_ascii=False, sort_keys=True)


def raw_from_json(text: str) -> RawDocument:
    data = json.loads(text)
    data["problems"] = [Problem(**p) for p in data.get("problems", [])]
    return RawDocument(**data)


def raw_from_record(doc_id: str, record: str) -> RawDocument:
    """What is left of an input that a store written before inputs were kept (schema < 11) did not keep: the text as
    read (for a web page, its visible text) and the metadata the article carried, under the article's own id."""
    from .. import codec

    doc = codec.loads(record)
    meta = {k: v for k, v in (("title", doc.title), ("url", doc.url), ("published", doc.published),
                              ("outlet", doc.outlet), ("author", doc.author)) if v}
    if doc.published_basis != "metadata":
        meta.pop("published", None)
    if doc.outlet_basis != "metadata":
        meta.pop("outlet", None)
    return RawDocument(doc.source, doc.original, "text", meta, dict(doc.decoding), [], id=doc_id)


def _partitions(raws: Iterable[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    batch: list[RawDocument] = []
    for raw in raws:
        batch.append(raw)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Run:
    def __init__(self, db: Path, options: Options, run_options: RunOptions, progress: Progress | None = None,
                 keep_stories: bool = False):
        self.db = db
        # the cross-encoder's answers are kept beside the store, for workers that share this machine's disk
        if options.pair_memory is None and not run_options.scheduler:
            options = dataclasses.replace(options, pair_memory=str(db.with_name(pair_memory.FILE_NAME)))
        self.options = options
        self.run_options = run_options
        self.progress = progress or (lambda phase, done, total: None)
        self.problems: list[Problem] = []  # inputs that could not be used (story.json's run-level errors)
        self.document_problems: list[Problem] = []  # the caveats of the articles analysed by this run (in their stories)
        # the caveats of the stories analysed by this run, once each (a translator that failed, say): in their stories
        self.story_problems: list[Problem] = []
        self.summary = RunSummary()
        # With keep_stories (in this process only: a Story does not travel between processes) the analysed stories are
        # kept here by id, for callers that want the records themselves (`run_one`, the tests).
        self.keep_stories = keep_stories
        self.kept: dict[str, Story] = {}
        self.seen: set[str] = set()  # the articles this run was given (new or already in the store)
        self.story_of: dict[str, str] = {}  # article id -> the story it is in, after `stories`
        self.moved: dict[str, str] = {}  # a stored story id this run gave up -> the story that took its articles
        self.conn = open_for_run(db)
        translate.reset()  # a translator that failed in an earlier run (of a long-lived server) is tried again
        self._engine = None
        self.analyser = analyser()
        self._raws: dict[str, str] = {}  # id -> JSON of the input of an article in flight (kept with its analysis)

    @property
    def engine(self):
        if self._engine is None:
            if self.keep_stories:
                self._engine = InProcess()
                return self._engine
            self._engine = make_engine(self.run_options.engine, self.run_options.workers, self.run_options.scheduler)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
        entail.remember_in(None)  # this process's model keeps no file of a store it is done with
        self.conn.close()

    # -- 1. per-document stages --------------------------------------------------------------------------------

    def _new_raws(self, sources: list[str]) -> Iterator[RawDocument]:
        cached = work_store.cached_ids(self.conn, self.analyser)
        seen: set[str] = set()
        for item in stage("ingest").run(sources, self.options.ingest):
            if isinstance(item, Problem):
                self.problems.append(item)
                continue
            did = doc_id(item.source, item.content)
            if did in seen:
                self.problems.append(Problem(item.source, "given more than once; analysed once", "repeated-input", "warning"))
                continue
            seen.add(did)
            self.seen.add(did)
            if did in cached:
                self.summary.documents_cached += 1
                continue
            self._raws[did] = raw_json(item)
            yield item
        yield from self._stale_raws(seen)

    def _stale_raws(self, given: set[str]) -> Iterator[RawDocument]:
        """The stored articles that other code or weights analysed (a store of an earlier release, or one written
        before an upgrade): analysed again from the input the store kept, or, in a store that did not keep inputs,
        from the text it kept (a warning says so). None of them leaves its story."""
        for old in work_store.stale(self.conn, self.analyser):
            if old.id in given:
                continue  # given again in this run: analysed from the input as given
            if old.raw is not None:
                raw = raw_from_json(old.raw)
                raw.id = old.id
                self._raws[old.id] = old.raw
            elif old.record is not None:
                raw = raw_from_record(old.id, old.record)
                raw.problems = [Problem(old.source, "analysed again after an upgrade from the text the store kept (the "
                                        "release that stored it did not keep the input as given; for a web page that is "
                                        "its visible text)", "reanalysed-from-store", "warning")]
                self._raws[old.id] = raw_json(raw)
            else:
                continue  # nothing usable was ever stored for it
            self.summary.documents_reanalysed += 1
            yield raw

    def _store_documents(self, results: list[work.DocumentResult]) -> None:
        kept = []
        for r in results:
            if r.id is None or r.record is None:  # nothing usable: the reasons go to the run's problems
                self.problems.extend(Problem(**p) for p in r.problems)
                continue
            kept.append(work_store.WorkDocument(r.id, r.source, r.record, r.features, json.dumps(r.problems, sort_keys=True),
                                                self._raws.pop(r.id, None)))
            self.summary.timed(r.seconds)
            self.document_problems.extend(Problem(**p) for p in r.problems)
        work_store.put_documents(self.conn, self.analyser, kept, _now())
        self.summary.documents_new += len(kept)

    def documents(self, sources: list[str]) -> None:
        parts: list[list[RawDocument]] = []

        def partitions() -> Iterator[list[RawDocument]]:
            for part in _partitions(self._new_raws(sources), PARTITION):
                parts.append(part)
                yield part

        done = 0
        failed: list[RawDocument] = []
        self.progress("documents", 0, 0)  # the stage shows as running from its start, not from its first result
        self.engine.lean(("torch",))  # local workers that parse never hold torch (the features pass gets it)
        for n, result in self.engine.run(work.parsed, partitions()):
            if isinstance(result, BaseException):
                failed.extend(parts[n])  # tried again one by one below, so one bad article cannot sink its partition
            else:
                self._store_documents(result)
            done += len(parts[n])
            parts[n] = []  # free the texts
            self.progress("documents", done, 0)
        if failed:
            for n, result in self.engine.run(work.parsed, ([raw] for raw in failed)):
                if isinstance(result, BaseException):
                    self.problems.append(Problem(failed[n].source, f"could not be processed ({type(result).__name__}: {result}); "
                                                 "the rest of the run went on; please report this with the file", "internal"))
                else:
                    self._store_documents(result)
        # The parse models (spaCy, the language detector) leave with these workers: the features and the stories need
        # the embedder and the cross-encoder instead, so no worker ever holds all of them.
        self.engine.recycle()
        self._features()

    def _features(self) -> None:
        """Clustering features of every analysed article that has none yet (this run's, or a killed run's)."""
        source_of = work_store.without_features(self.conn)
        ids = list(source_of)
        batches = [ids[i:i + PARTITION] for i in range(0, len(ids), PARTITION)]

        def jobs(groups: list[list[str]]) -> Iterator[list[tuple[str, str]]]:
            for group in groups:
                yield [(d, work_store.record(self.conn, d)[0]) for d in group]

        failed: list[str] = []
        done = 0
        if ids:
            self.progress("features", 0, len(ids))
        for n, result in self.engine.run(work.featured, jobs(batches)):
            if isinstance(result, BaseException):
                failed.extend(batches[n])
                continue
            work_store.put_features(self.conn, result[0])
            self.summary.timed(result[1])
            done += len(batches[n])
            self.progress("features", done, len(ids))
        for n, result in self.engine.run(work.featured, jobs([[d] for d in failed])):
            if isinstance(result, BaseException):
                self.problems.append(Problem(source_of[failed[n]], "its clustering features could not be "
                                             f"computed ({type(result).__name__}: {result}); it is left out of this run's "
                                             "stories and tried again on the next run", "internal"))
            else:
                work_store.put_features(self.conn, result[0])
                self.summary.timed(result[1])

    # -- 2. clustering -----------------------------------------------------------------------------------------

    def stories_from_store(self) -> list[list[Member]]:
        clock = time.perf_counter()
        rows = work_store.members(self.conn)
        rows.sort(key=lambda r: (_natural(r[1]), r[0]))
        member = {r[0]: Member(r[0], r[1], r[2]) for r in rows}
        if self.run_options.one_story:
            groups = [[r[0] for r in rows]] if rows else []
        else:
            feats = [Features.from_json(json.loads(r[3])) for r in rows]
            groups = stage("cluster").run(feats, self.run_options.cluster)
        self.summary.timed({"cluster": time.perf_counter() - clock})
        return [[member[d] for d in g] for g in groups]

    # -- 3. cross-document stages ------------------------------------------------------------------------------

    def _story_ids(self, groups: list[list[Member]], old_of_doc: dict[str, str]) -> list[str]:
        """Each group's story id. A group that holds articles of a stored story keeps that story's id (the one it holds
        most articles of, biggest groups choosing first), so an article added later, however early its date, never
        moves the story it joins. A new story is named after its earliest article."""
        if self.run_options.one_story:
            return [self.options.story_id for _ in groups]
        ids: list[str | None] = [None] * len(groups)
        claimed: set[str] = set()
        for n in sorted(range(len(groups)), key=lambda n: (-len(groups[n]), n)):
            held = Counter(old_of_doc[m.id] for m in groups[n] if m.id in old_of_doc)
            for sid, _ in sorted(held.items(), key=lambda kv: (-kv[1], kv[0])):
                if sid not in claimed:
                    ids[n] = sid
                    claimed.add(sid)
                    break
        for n, members in enumerate(groups):
            if ids[n] is None:
                for anchor in sorted(members, key=lambda m: (m.published or "9999", _natural(m.source), m.id)):
                    sid = "story-" + anchor.id.removeprefix("d")
                    if sid not in claimed:
                        break
                else:  # pragma: no cover - every member's name is taken by another group: number it
                    sid = f"story-{members[0].id.removeprefix('d')}-{n}"
                ids[n] = sid
                claimed.add(sid)
        return [sid for sid in ids if sid is not None]

    @staticmethod
    def _moved(old_of_doc: dict[str, str], story_of: dict[str, str]) -> dict[str, str]:
        """Each stored story id that this run does not keep, and the story that now holds most of its articles."""
        live = set(story_of.values())
        went: dict[str, Counter[str]] = {}
        for doc, old in old_of_doc.items():
            if old not in live and doc in story_of:
                went.setdefault(old, Counter())[story_of[doc]] += 1
        return {old: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for old, c in went.items()}

    def _job(self, story_id: str, members: list[Member], judgements: list[Judgement]) -> work.StoryJob:
        records, problems = [], []
        for m in members:
            rec, probs = work_store.record(self.conn, m.id)
            records.append(rec)
            problems.append(probs)
        return work.StoryJob(story_id, records, problems, [dataclasses.asdict(j) for j in judgements])

    def stories(self, groups: list[list[Member]]) -> list[str]:
        fingerprint = _options_fingerprint(self.options)
        old = work_store.story_hashes(self.conn)
        old_of_doc = work_store.story_of_documents(self.conn)
        every_judgement = store_judgements.every(self.conn)
        judged: dict[str, list[Judgement]] = {}
        todo: list[tuple[str, list[Member], str]] = []
        ids: list[str] = []
        for members, sid in zip(groups, self._story_ids(groups, old_of_doc)):
            self.story_of.update((m.id, sid) for m in members)
            judged[sid] = store_judgements.concerning(every_judgement, [m.id for m in members])
            mh = members_hash([m.id for m in members], fingerprint, judged[sid])
            ids.append(sid)
            if old.get(sid) == mh:
                self.summary.stories_kept += 1
            else:
                todo.append((sid, members, mh))
        todo.sort(key=lambda t: (-len(t[1]), t[0]))  # big stories first: the engine's workers finish together
        batches: list[list[tuple[str, list, str]]] = []
        for item in todo:
            if batches and sum(len(t[1]) for t in batches[-1]) + len(item[1]) <= STORY_BATCH:
                batches[-1].append(item)
            else:
                batches.append([item])
        by_id = {t[0]: t for t in todo}
        gen = storyjson.generator(__version__, _now(), _now(), [s.name for s in STAGES])
        done = 0

        def jobs() -> Iterator[list[work.StoryJob]]:
            for batch in batches:
                yield [self._job(sid, members, judged[sid]) for sid, members, _ in batch]

        live = set(ids)
        if todo:
            self.progress("stories", 0, len(todo))
        unit = work.stories_kept if self.keep_stories else work.stories
        for n, result in self.engine.run(unit, jobs(), self.options):
            if isinstance(result, BaseException):
                for sid, members, _ in batches[n]:
                    self.problems.append(Problem(", ".join(m.source for m in members[:3]) + (" ..." if len(members) > 3 else ""),
                                                 f"story {sid} could not be analysed ({type(result).__name__}: {result}); "
                                                 "its articles stay in the store and the next run tries again", "internal"))
                continue
            for sid, part_json, seconds, *story in result:
                self.summary.timed(seconds)
                if story:
                    self.kept[sid] = story[0]
                _, members, mh = by_id[sid]
                # Only stories this run does not write again: a story of this run that is saved before this one (stories
                # finish in any order) is not an old story any more, and deleting it would lose its articles.
                replaces = tuple(sorted({old_of_doc[m.id] for m in members if m.id in old_of_doc} - live))
                part = json.loads(part_json)
                self._story_caveats(sid, part)
                save_story(self.conn, storyjson.with_run(part, gen),
                           members_hash=mh, payload_z=work_store.compress(part_json), replaces=replaces)
                self.summary.stories_analysed += 1
                done += 1
                self.progress("stories", done, len(todo))
        work_store.drop_stories(self.conn, [sid for sid in old if sid not in live])
        self.moved = self._moved(old_of_doc, self.story_of)
        work_store.alias_stories(self.conn, self.moved)
        return sorted(ids)

    def _story_caveats(self, sid: str, part: dict[str, Any]) -> None:
        seen = {(p.code, p.reason) for p in self.story_problems}
        for e in part.get("errors", []):
            if e.get("source") == "story" and (e["code"], e["reason"]) not in seen:
                seen.add((e["code"], e["reason"]))
                self.story_problems.append(Problem(f"story {sid}", e["reason"], e["code"], e["level"]))

    # -- 4. outputs --------------------------------------------------------------------------------------------

    def regroup(self) -> list[str]:
        """Phases 2 and 3, after `documents`: every article of the store clustered into stories, each story whose
        members or judgements changed analysed again, and the run's problems recorded. The stories' ids. (`analyze`,
        `update_store`, a web upload or judgement and `run_one` all run `documents` then `regroup`.)"""
        self.progress("clustering", 0, 0)
        ids = self.stories(self.stories_from_store())
        self.record_problems()
        return ids

    def record_problems(self) -> None:
        work_store.record_problems(self.conn, [(p.source, p.code, p.level, p.reason) for p in self.problems])

    def stamp(self, ids: list[str], generator: dict[str, Any]) -> None:
        """The run's generator block on each of its stories (what story.json will say about them)."""
        work_store.stamp_generator(self.conn, ids, generator)

    def part_texts(self, ids: list[str]) -> Iterator[str]:
        """Each story's story.json part as stored (JSON text), in the order of `ids`."""
        for sid in ids:
            text = read.part_text(self.conn, sid)
            if text is not None:
                yield text

    def parts(self, ids: list[str]) -> Iterator[dict[str, Any]]:
        for text in self.part_texts(ids):
            yield json.loads(text)

    def summaries(self, ids: list[str]) -> list[dict[str, Any]]:
        """One line per story for the run's index, from the store's tables (no story is parsed), biggest first."""
        return read.story_summaries(self.conn, ids)


ReadProgress = Callable[[int, str], None]  # (articles read, source)


def run_one(sources: Iterable[str], options: Options | None = None, progress: ReadProgress | None = None) -> Result:
    """Every article of `sources` as one story, through the run `storydesk analyze --one-story` makes (a `Run` in this
    process, on a store in a temporary folder), with the Story records themselves in the result (the tests and the
    Python API use it).

    `story.errors` holds the run's problems (inputs that could not be used) and then each article's own."""
    import tempfile

    options = options or Options()
    started = _now()
    with tempfile.TemporaryDirectory(prefix="storydesk-run-") as tmp:
        engine_run = Run(Path(tmp) / "story.db", options, RunOptions(one_story=True), _read_progress(progress),
                         keep_stories=True)
        try:
            engine_run.documents(list(sources))
            ids = engine_run.regroup()
        finally:
            engine_run.close()
    story = engine_run.kept[ids[0]] if ids else Story(id=options.story_id)
    story.errors = [*engine_run.problems, *story.errors]
    return Result(story=story, started=started, finished=_now())


def _read_progress(progress: ReadProgress | None) -> Progress | None:
    if progress is None:
        return None
    return lambda phase, done, total: progress(done, phase) if phase == "documents" else None
