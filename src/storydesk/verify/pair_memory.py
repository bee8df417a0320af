"""The cross-encoder's answers kept across runs: no (premise, hypothesis) pair is read twice by one model.

A run that adds one article to a story analyses the whole story again, and all but the new article's pairs were read
by the last run. The answers are kept in `pairs.db`, a SQLite file beside the store, keyed by a hash of the model's
weights and the pair's two texts; a row holds the three probabilities. A kept answer is the one the model gives:
each pair is read alone (entail.BATCH), so its answer never depends on the pairs read with it, and float32
probabilities survive SQLite's 64-bit REAL exactly.

The memory is a cache and only that: a file that cannot be opened, written or read (a read-only folder, a full disk,
another process holding a lock too long) turns it off for the process, and the model reads every pair as before.
"""
from __future__ import annotations

import functools
import hashlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import numpy as np

FILE_NAME = "pairs.db"
_CHUNK = 500  # keys a query asks for at once (SQLite's limit on parameters is 32,766 these days, 999 before)


@functools.lru_cache(maxsize=8)
def model_hash(path: str) -> str:
    """SHA-256 of a model file (its weights): answers of other weights are never taken."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class PairMemory:
    def __init__(self, path: str | Path, model: str):
        self.path = str(path)
        self.model = model
        self.recalled = 0  # pairs answered from the file in this process
        self.kept = 0  # pairs written to it
        self.conn: sqlite3.Connection | None = None
        conn = None
        try:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS pairs (key BLOB PRIMARY KEY, entails REAL NOT NULL, "
                         "neutral REAL NOT NULL, contradicts REAL NOT NULL) WITHOUT ROWID")
            self.conn = conn
        except sqlite3.Error:
            if conn is not None:
                conn.close()

    def _key(self, pair: tuple[str, str]) -> bytes:
        return hashlib.blake2b("\x00".join((self.model, pair[0], pair[1])).encode("utf-8"), digest_size=16).digest()

    def recall(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], np.ndarray]:
        """The kept answers among `pairs`."""
        if self.conn is None:
            return {}
        by_key = {self._key(p): p for p in pairs}
        keys = list(by_key)
        found: dict[tuple[str, str], np.ndarray] = {}
        try:
            for n in range(0, len(keys), _CHUNK):
                chunk = keys[n:n + _CHUNK]
                rows = self.conn.execute(f"SELECT key, entails, neutral, contradicts FROM pairs WHERE key IN "
                                         f"({','.join('?' * len(chunk))})", chunk).fetchall()
                for key, *probs in rows:
                    found[by_key[key]] = np.array(probs, dtype=np.float32)
        except sqlite3.Error:
            self._off()
            return {}
        self.recalled += len(found)
        return found

    def keep(self, answers: dict[tuple[str, str], np.ndarray]) -> None:
        if self.conn is None or not answers:
            return
        rows = [(self._key(p), *(float(x) for x in probs)) for p, probs in answers.items()]
        try:
            self.conn.execute("BEGIN")
            self.conn.executemany("INSERT OR IGNORE INTO pairs VALUES (?, ?, ?, ?)", rows)
            self.conn.execute("COMMIT")
            self.kept += len(rows)
        except sqlite3.Error:
            self._off()

    def _off(self) -> None:
        """The file failed: closed (an open transaction rolls back) and not used again in this process."""
        conn, self.conn = self.conn, None
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass

    def close(self) -> None:
        self._off()
