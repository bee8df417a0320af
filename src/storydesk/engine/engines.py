"""Where the work runs: in this process, on a pool of local processes, or on a Dask cluster.

An engine has one method that matters, `run(fn, items, *args)`: it yields `(index, result)` in completion order, where
`result` is the function's value or the exception that stopped it (a dead worker included), so the caller decides
what a failure means and the run goes on.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Outcome = Iterator[tuple[int, Any]]


def _exit_with_parent(parent: int, interval: float = 0.5) -> None:
    """End this worker process when the process `parent` that started it is gone (killed with -9, say): a worker holds
    its models (about 750 MB) and would otherwise live on, an orphan, until the machine is restarted. The parent's pid
    is passed in, not read here: a parent killed while the worker was still starting has already been replaced."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="storydesk-parent-watch", daemon=True).start()


def _start_worker(parent: int, keep_out: tuple[str, ...] = ()) -> None:
    _exit_with_parent(parent)
    _quiet_threads()
    import sys

    blocked: dict = sys.modules
    for name in keep_out:  # an import of it raises ImportError in this worker (thinc then runs without torch)
        blocked.setdefault(name, None)


def release_memory() -> None:
    """Hand the memory freed by a finished task back to the system (glibc keeps it otherwise, and a worker's size
    only ever grows)."""
    import ctypes
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except OSError:  # pragma: no cover - another C library
            pass


def _quiet_threads() -> None:
    """A worker process shares the cores with its siblings: one BLAS/torch thread each."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # torch reads OMP_NUM_THREADS when it is imported; it is not imported here, so a worker that only parses (spaCy)
    # never holds it (about 200 MB). Where it already is (a Dask worker, an in-process run), it is told directly.
    import sys

    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


class InProcess:
    name = "local"
    workers = 1

    def run(self, fn: Callable, items: Iterable, *args: Any) -> Outcome:
        for n, item in enumerate(items):
            try:
                yield n, fn(item, *args)
            except Exception as exc:  # noqa: BLE001 - reported per item by the caller
                yield n, exc

    def lean(self, keep_out: tuple[str, ...]) -> None:
        """Nothing to start: this process already holds whatever it imported."""

    def recycle(self) -> None:
        pass

    def close(self) -> None:
        pass


# A worker process past this resident size is replaced once its tasks in flight finish (spaCy's string store, for
# one, grows with every new word it meets). A fresh worker holds its models in 450-650 MB (parsing: spaCy and
# lingua; features and stories: torch, MiniLM and the cross-encoder).
RECYCLE_MB = 900
CHECK_EVERY = 4  # completed tasks between two looks at the workers' memory


def _resident_mb(pids: Iterable[int]) -> list[float]:
    import psutil

    out = []
    for pid in pids:
        try:
            out.append(psutil.Process(pid).memory_info().rss / 2**20)
        except psutil.Error:
            pass
    return out


class LocalPool:
    """`workers` processes (spawned, so no model or thread state is inherited); each loads its models once, and is
    replaced when it grows past `recycle_mb` (between tasks: nothing in flight is lost) or when `recycle` is called
    between two phases that need other models."""

    name = "local"

    def __init__(self, workers: int, recycle_mb: float = RECYCLE_MB):
        self.workers = workers
        self.recycle_mb = recycle_mb
        self.recycled = 0  # pools replaced because a worker grew too big (the tests and benchmarks read it)
        self.keep_out: tuple[str, ...] = ()  # modules the next pool's workers may not import (see `lean`)
        self._pool = None

    def lean(self, keep_out: tuple[str, ...]) -> None:
        """Start the next workers without these modules (until `recycle`): spaCy's thinc imports torch when it can
        (about 200 MB a worker) though the parse never uses it."""
        self.recycle()
        self.keep_out = keep_out

    def _executor(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if self._pool is None:
            os.environ.setdefault("MALLOC_ARENA_MAX", "2")  # fewer glibc arenas: less memory held per worker
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker, initargs=(os.getpid(), self.keep_out))
        return self._pool

    def run(self, fn: Callable, items: Iterable, *args: Any) -> Outcome:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        window = self.workers * 2
        pending: dict[Any, int] = {}
        source = enumerate(items)
        exhausted = False
        finished = 0
        draining = False  # a worker grew too big: finish what is in flight, then start a fresh pool
        while True:
            if draining and not pending:
                self._shutdown()  # the same phase goes on: its fresh workers keep `keep_out`
                self.recycled += 1
                draining = False
            while not exhausted and not draining and len(pending) < window:
                try:
                    n, item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending[self._executor().submit(fn, item, *args)] = n
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                n = pending.pop(future)
                exc = future.exception()
                broken = broken or isinstance(exc, BrokenProcessPool)
                yield n, (exc if exc is not None else future.result())
                finished += 1
                if not draining and finished % CHECK_EVERY == 0 and self._pool is not None:
                    pids = list(getattr(self._pool, "_processes", None) or {})
                    draining = any(mb > self.recycle_mb for mb in _resident_mb(pids))
            if broken:  # a worker died: every future in flight is lost with the pool; start a new pool
                for future, n in list(pending.items()):
                    yield n, BrokenProcessPool("a worker process died while this ran")
                pending.clear()
                if self._pool is not None:
                    self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def recycle(self) -> None:
        """End the worker processes (and the models they hold); the next task starts fresh ones, with every module."""
        self._shutdown()
        self.keep_out = ()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine:
    """Tasks on a Dask cluster: the scheduler at `address`, or a LocalCluster of `workers` processes.

    A task whose worker dies is rescheduled by Dask (and tried again up to `retries` times when it raises)."""

    name = "dask"

    def __init__(self, address: str | None = None, workers: int = 2, retries: int = 2):
        from distributed import Client, LocalCluster

        self.retries = retries
        self._cluster = None
        if address:
            self.client = Client(address)
        else:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                         silence_logs=40)
            self.client = Client(self._cluster)
        self.client.run(_quiet_threads)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def run(self, fn: Callable, items: Iterable, *args: Any) -> Outcome:
        from distributed import as_completed

        window = self.workers * 3
        source = enumerate(items)
        futures = {}
        ac = as_completed()

        def feed(k: int) -> None:
            for _ in range(k):
                try:
                    n, item = next(source)
                except StopIteration:
                    return
                future = self.client.submit(fn, item, *args, retries=self.retries, pure=False)
                futures[future] = n
                ac.add(future)

        feed(window)
        for future in ac:
            n = futures.pop(future)
            try:
                yield n, future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker included
                yield n, exc
            future.release()
            feed(1)

    def lean(self, keep_out: tuple[str, ...]) -> None:
        """Dask workers are started by others and hold what they hold."""

    def recycle(self) -> None:
        """Dask workers stay: they may serve others, and their nannies already restart a worker past its memory limit."""

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(kind: str = "local", workers: int | None = None, scheduler: str | None = None):
    workers = workers or os.cpu_count() or 1
    if kind == "dask":
        return DaskEngine(scheduler, workers)
    if kind != "local":
        raise ValueError(f"unknown engine {kind!r}: local or dask")
    return InProcess() if workers == 1 else LocalPool(workers)
