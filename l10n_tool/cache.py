"""What earlier runs learned, keyed by content hashes, so work is proportional to what changed.

Everything lives under ``<root>/.l10n-cache/`` and is only ever an optimization:
a missing, unreadable or corrupt cache file, or one written by another version
of l10n, simply means "recompute".  Keys are hashes of file contents (never
timestamps) salted with the tool's own code and the configuration, so a changed
tool or setting invalidates everything at once (check results are keyed finer, by
the settings each catalog's checks read: see ``checks/keys.py``).  A file's hash is
remembered with its size, times and inode, and taken from there while all four are
unchanged, as git's index does (``file_digest``).  Files keyed by content
(segments, translations) are written as they are made; ``state.json``, which says which
documents are up to date, only after every project file ``update`` wrote; ``check``
writes its results; all atomically.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import L10nError
from .fsutil import make_folder, read_file, write_if_changed, write_many

if TYPE_CHECKING:  # imported where used: a cached run starts without the parsers
    from .catalogs.pofile import Counts
    from .sources.segment import Segment

CACHE_DIR = ".l10n-cache"
_GITIGNORE = b"# created by l10n: a cache, never commit it\n*\n"
_FORMAT = 2
# The libraries whose versions shape what the tool writes and reports.
_LIBRARIES = ("polib", "markdown_it", "babel", "yaml", "jinja2")
# Modification times are kept in nanoseconds but move in clock ticks, coarser on some file
# systems (two seconds on FAT): a file is trusted by its stat only when older than this.
_SAME_TICK_NS = 2_000_000_000


def digest(*parts: bytes | str | None) -> str:
    """One hash of several byte strings; None (a missing file) differs from empty."""
    # SHA-256 rather than BLAKE2: OpenSSL runs it on the CPU's SHA instructions, at two to
    # three times BLAKE2's speed, and a repeated run is mostly hashing.
    h = hashlib.sha256()
    for part in parts:
        if part is None:
            h.update(b"\x00missing")
        else:
            data = part.encode("utf-8") if isinstance(part, str) else part
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
    return h.hexdigest()[:40]


def read_bytes(path: Path | str) -> bytes | None:
    """A file's bytes, or None when there is none; a folder where the file belongs is an error,
    not a missing file (it would otherwise be reported as "no catalog yet" and held back quietly)."""
    try:
        return read_file(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except IsADirectoryError:
        raise L10nError("a folder stands where this file belongs", Path(path)) from None


@functools.lru_cache(maxsize=1)
def code_salt() -> str:
    """The tool's own code and data (templates, CSS, word lists) and the libraries that shape
    its output: a new version recomputes everything."""
    from importlib.util import find_spec

    package = Path(__file__).resolve().parent
    parts = [str(_FORMAT)]
    for name in _LIBRARIES:
        # An installed library's file, not its metadata: finding it imports nothing (start-up
        # time is what a cached run costs), and a reinstalled version is a new file.
        spec = find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        stat = origin.stat() if origin and origin.is_file() else None
        parts.append(f"{name} {origin} {stat.st_size if stat else '-'} {stat.st_mtime_ns if stat else '-'}")
    files = []
    for folder, subfolders, names in os.walk(package):  # os.walk: Path.rglob costs a cached run 3 ms
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        relative = os.path.relpath(folder, package).replace(os.sep, "/")
        files += [(name if relative == "." else f"{relative}/{name}", os.path.join(folder, name)) for name in names]
    for relpath, path in sorted(files):
        with open(path, "rb") as file:
            parts += [relpath, file.read()]
    return digest(*parts)


class Cache:
    """The cache of one project; ``salt`` covers the configuration that shapes every result."""

    def __init__(self, root: Path, config_bytes: bytes | None):
        self.folder = Path(root) / CACHE_DIR
        self.salt = digest(code_salt(), config_bytes)
        self.state = self._load_state()
        self._state_bytes = self._dump(self.state)
        self._pending: dict[Path, bytes] = {}
        self._check_results: dict | None = None
        self._checks_changed = False  # dumping every result to compare costs a cached run its time
        self._gitignored = False  # .gitignore written by this run: once, not with every cache file
        self._files: dict | None = None
        self._files_seen: set[str] = set()
        self._files_changed = False

    def key(self, *parts: bytes | str | None) -> str:
        """The one form of a content key: the cache's salt (the tool, its libraries and the
        configuration, as Black's ``Mode.get_cache_key()``) and ``parts``, typically files'
        ``file_digest``s.  Every cache entry keyed by what files hold uses it."""
        return digest(self.salt, *parts)

    # --- each file's content hash, known by its stat ---------------------------------

    def file_digest(self, path: Path | str) -> str | None:
        """The hash of a file's content, None when there is no file.

        A file whose size, modification and change times and inode are what they were when it
        was last hashed is not read again: writing a file sets its change time to the clock,
        which no program can set back.  A file changed less than two seconds before it was
        hashed is not remembered, because a second change in the same clock tick would leave
        every one of the four as it was.  This is the one rule of every command for "did this
        file change" (sources, templates, catalogs, pages, the glossary, the memory).
        """
        name = os.fspath(path)
        try:
            stat = os.stat(name)
        except (FileNotFoundError, NotADirectoryError):
            return None
        files = self._file_table()
        self._files_seen.add(name)
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        entry = files.get(name)
        if isinstance(entry, list) and entry[:4] == signature and len(entry) == 5:
            return entry[4]
        data = read_bytes(name)  # a folder where the file belongs is an error, as everywhere
        if data is None:
            return None
        value = digest(data)
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < time.time_ns() - _SAME_TICK_NS:
            files[name] = [*signature, value]
            self._files_changed = True
        return value

    def _file_table(self) -> dict:
        if self._files is None:
            data = _read_json(self.folder / "files.json")
            ok = isinstance(data, dict) and data.get("format") == _FORMAT and isinstance(data.get("files"), dict)
            self._files = data["files"] if ok else {}
        return self._files

    # --- the state file: small, read on every run ------------------------------------

    def _load_state(self) -> dict:
        data = _read_json(self.folder / "state.json")
        if not isinstance(data, dict) or data.get("salt") != self.salt:
            return {"salt": self.salt, "documents": {}, "counts": {}}
        for key in ("documents", "counts"):
            if not isinstance(data.get(key), dict):
                data[key] = {}
        return data

    @staticmethod
    def _dump(data) -> bytes:
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def known_locales(self) -> list[str]:
        """The locale names Babel accepted in an earlier run with the same tool and libraries."""
        names = self.state.get("locales")
        return names if isinstance(names, list) else []

    def document_key(self, name: str) -> str | None:
        entry = self.state["documents"].get(name)
        return entry if isinstance(entry, str) else None

    def set_document_key(self, name: str, key: str) -> None:
        self.state["documents"][name] = key

    def counts(self, relpath: str, key: str) -> Counts | None:
        from .catalogs.pofile import Counts

        entry = self.state["counts"].get(relpath)
        try:
            if entry[0] == key:
                return Counts(**entry[1])
        except (TypeError, IndexError, KeyError):
            pass
        return None

    def set_counts(self, relpath: str, key: str, counts: Counts) -> None:
        self.state["counts"][relpath] = [key, asdict(counts)]

    # --- per-document files: read only when needed -----------------------------------

    def segments(self, name: str, key: str) -> list[Segment] | None:
        from .sources.frontmatter import FrontMatterField
        from .sources.segment import Segment

        data = _read_json(self.folder / "segments" / f"{name}.json")
        try:
            if data["key"] != key:
                return None
            fields = [FrontMatterField(**f) for f in data["fields"]]
            return [Segment(text, start, end, line, kind, style, prefix,
                            None if field is None else fields[field], place, note)
                    for text, start, end, line, kind, style, prefix, field, place, note in data["segments"]]
        except (TypeError, KeyError, ValueError, IndexError):
            return None

    def set_segments(self, name: str, key: str, segments: list[Segment]) -> None:
        fields: list = []
        rows = []
        for s in segments:
            index = None
            if s.field is not None:
                # Segments of one front-matter value share one field object; keep that.
                if not fields or fields[-1] is not s.field:
                    fields.append(s.field)
                index = len(fields) - 1
            rows.append([s.text, s.start, s.end, s.line, s.kind, s.style, s.prefix, index, s.place, s.note])
        self._store(self.folder / "segments" / f"{name}.json",
                    self._dump({"key": key, "fields": [asdict(f) for f in fields], "segments": rows}))

    def translations(self, relpath: str, key: str) -> dict[str, tuple[str, bool, bool, str]] | None:
        data = _read_json(self._catalog_file("catalogs", relpath))
        try:
            if data["key"] != key:
                return None
            return {msgid: (msgstr, bool(fuzzy), bool(stale), str(previous))
                    for msgid, msgstr, fuzzy, stale, previous in data["entries"]}
        except (TypeError, KeyError, ValueError):
            return None

    def set_translations(self, relpath: str, key: str, entries: dict[str, tuple[str, bool, bool, str]]) -> None:
        rows = [[msgid, *value] for msgid, value in entries.items()]
        self._store(self._catalog_file("catalogs", relpath), self._dump({"key": key, "entries": rows}))

    def memory_pairs(self, relpath: str, key: str) -> list[tuple[str, str]] | None:
        """A catalog's ``reviewed_pairs`` when its content hashed to ``key`` (the memory's share)."""
        data = _read_json(self._catalog_file("memory", relpath))
        try:
            if data["key"] == key:
                return [(msgid, msgstr) for msgid, msgstr in data["pairs"]]
        except (TypeError, KeyError, ValueError):
            pass
        return None

    def set_memory_pairs(self, relpath: str, key: str, pairs: list[tuple[str, str]]) -> None:
        self._store(self._catalog_file("memory", relpath), self._dump({"key": key, "pairs": pairs}))

    def entry_findings(self, relpath: str, scope: str) -> dict:
        """What the entry checks found in the pairs of one catalog, by pair (``checks/entry_cache.py``)."""
        data = _read_json(self._catalog_file("entries", relpath))
        if isinstance(data, dict) and data.get("scope") == scope and isinstance(data.get("findings"), dict):
            return data["findings"]
        return {}

    def set_entry_findings(self, relpath: str, scope: str, findings: dict) -> None:
        self._store(self._catalog_file("entries", relpath), self._dump({"scope": scope, "findings": findings}))

    def _catalog_file(self, kind: str, relpath: str) -> Path:
        return self.folder / kind / (relpath.replace("/", "%") + ".json")

    def _store(self, path: Path, data: bytes) -> None:
        """Write a file keyed by content now, not at ``save``: held until then, the files of
        every document would be in memory at once.  Its key makes it right whether or not
        the command that wrote it completes; a failure here only costs speed next time."""
        self._write([(path, data)])

    def _write(self, files: list[tuple[Path, bytes]]) -> bool:
        """Write cache files, and the folder's ``.gitignore`` with the first of this run; whether
        they were written (a failure here only costs speed next time)."""
        if not self._gitignored:
            files = [(self.folder / ".gitignore", _GITIGNORE), *files]
        try:
            write_many(files, durable=False, root=self.folder.parent)
        except OSError:
            return False
        self._gitignored = True
        return True

    # --- what build made of each document, and of the site (publish/incremental.py) --

    def build_entry(self, name: str) -> dict | None:
        """What the last build recorded for ``name`` (a document, or "" for the site files)."""
        data = _read_json(self._build_file(name))
        return data if isinstance(data, dict) and data.get("salt") == self.salt else None

    def set_build_entry(self, name: str, entry: dict) -> None:
        self._pending[self._build_file(name)] = self._dump({**entry, "salt": self.salt})

    def _build_file(self, name: str) -> Path:
        return self.folder / "build" / f"{name}.json" if name else self.folder / "build-site.json"

    # --- check results: one file, read once by ``l10n check`` ------------------------

    def _checks(self) -> dict:
        if self._check_results is None:
            data = _read_json(self.folder / "checks.json")
            if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("catalogs"), dict):
                data = {"format": _FORMAT, "catalogs": {}}
            self._check_results = data
        return self._check_results["catalogs"]

    def check_result(self, relpath: str, key: str):
        """What ``check`` found in the catalog at ``relpath`` when its inputs hashed to ``key``."""
        entry = self._checks().get(relpath)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == key:
            return entry[1]
        return None

    def set_check_result(self, relpath: str, key: str, result) -> None:
        catalogs = self._checks()
        if catalogs.get(relpath) != [key, result]:
            catalogs[relpath] = [key, result]
            self._checks_changed = True

    def keep_check_results(self, relpaths: set[str]) -> None:
        """Forget the results of catalogs not in ``relpaths`` (after a run over every catalog)."""
        catalogs = self._checks()
        for relpath in [r for r in catalogs if r not in relpaths]:
            del catalogs[relpath]
            self._checks_changed = True

    def save(self) -> None:
        """Write what changed, the state file last; a failure here only costs speed next time."""
        if self._check_results is not None and self._checks_changed:
            self._pending[self.folder / "checks.json"] = self._dump(self._check_results)
            self._checks_changed = False
        if self._files is not None and self._files_changed:
            # Forget the files that are gone (a shard's run leaves the others' entries be).
            files = {name: entry for name, entry in self._files.items()
                     if name in self._files_seen or os.path.isfile(name)}
            self._pending[self.folder / "files.json"] = self._dump({"format": _FORMAT, "files": files})
            self._files_changed = False
        from .languages import known_locales

        self.state["locales"] = known_locales()
        data = self._dump(self.state)
        if not self._pending and data == self._state_bytes:
            return
        if self._write(list(self._pending.items())) and self._write([(self.folder / "state.json", data)]):
            self._state_bytes = data
        self._pending.clear()


def cache_folder(root: Path) -> Path:
    """The project's ``.l10n-cache/``, created with the ``.gitignore`` that keeps it out of version control.

    This module owns the folder; the machine-translation cache keeps its database in it.
    """
    folder = Path(root) / CACHE_DIR
    make_folder(folder, root)
    write_if_changed(folder / ".gitignore", _GITIGNORE, root=root)
    return folder


def _read_json(path: Path):
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
