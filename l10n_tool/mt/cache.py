"""A local SQLite cache of machine suggestions, so no segment is paid for twice.

Keyed by provider, language pair and the exact (masked) text sent. Each answer
is committed as soon as it arrives, so even a run that is killed keeps what it
paid for. SQLite's own journal makes each commit atomic.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..cache import cache_folder
from ..fsutil import check_opened_in_place

CACHE_FILE = "mt.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS suggestions (
    provider TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL,
    PRIMARY KEY (provider, source, target, text)
)
"""


class SuggestionCache:
    def __init__(self, root: Path):
        folder = cache_folder(root)
        self.path = folder / CACHE_FILE
        # SQLite opens (and creates) the database and its journals in place, following links: a
        # committed .l10n-cache/mt.sqlite3 -> /elsewhere would put the cache outside the project.
        for name in (CACHE_FILE, f"{CACHE_FILE}-wal", f"{CACHE_FILE}-shm", f"{CACHE_FILE}-journal"):
            check_opened_in_place(folder / name, root)
        self._db = sqlite3.connect(self.path)
        # WAL with NORMAL sync: a commit per answer survives a killed run and costs no fsync each.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)
        self._db.commit()

    def get(self, provider: str, source: str, target: str, text: str) -> str | None:
        row = self._db.execute(
            "SELECT translation FROM suggestions WHERE provider=? AND source=? AND target=? AND text=?",
            (provider, source, target, text)).fetchone()
        return row[0] if row else None

    def put(self, provider: str, source: str, target: str, text: str, translation: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO suggestions VALUES (?, ?, ?, ?, ?)",
                         (provider, source, target, text, translation))
        self._db.commit()

    def close(self) -> None:
        self._db.close()


class NoCache:
    """For providers that cost nothing (pseudo) or when [translate] cache = false."""

    def get(self, *key) -> None:
        return None

    def put(self, *entry) -> None:
        pass

    def close(self) -> None:
        pass
