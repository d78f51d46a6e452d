"""What earlier runs learned, keyed by content hashes, so work is proportional to what changed.

Everything lives under ``<root>/.l10n-cache/`` and is only ever an optimization:
a missing, unreadable or corrupt cache file, or one written by another version
of l10n, simply means "recompute".  Keys are hashes of file contents (never
timestamps) salted with the tool's own code and the configuration, so a changed
tool or setting invalidates everything at once.  Only ``update`` writes the
cache, atomically and only after every project file it wrote.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from .catalogs.pofile import Counts
from .fsutil import write_many
from .sources.frontmatter import FrontMatterField
from .sources.segmenting import Segment

CACHE_DIR = ".l10n-cache"
_FORMAT = 1


def digest(*parts: bytes | str | None) -> str:
    """One hash of several byte strings; None (a missing file) differs from empty."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        if part is None:
            h.update(b"\x00missing")
        else:
            data = part.encode("utf-8") if isinstance(part, str) else part
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
    return h.hexdigest()


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _code_salt() -> str:
    """The tool's own code and the libraries that shape its output: a new version recomputes."""
    import markdown_it
    import polib
    import pysbd

    package = Path(__file__).resolve().parent
    parts = [str(_FORMAT), polib.__version__, pysbd.__version__, markdown_it.__version__]
    parts += [p.read_bytes() for p in sorted(package.rglob("*.py"))]
    return digest(*parts)


class Cache:
    """The cache of one project; ``salt`` covers the configuration that shapes every result."""

    def __init__(self, root: Path, config_bytes: bytes | None):
        self.folder = Path(root) / CACHE_DIR
        self.salt = digest(_code_salt(), config_bytes)
        self.state = self._load_state()
        self._state_bytes = self._dump(self.state)
        self._pending: dict[Path, bytes] = {}

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

    def document_key(self, name: str) -> str | None:
        entry = self.state["documents"].get(name)
        return entry if isinstance(entry, str) else None

    def set_document_key(self, name: str, key: str) -> None:
        self.state["documents"][name] = key

    def counts(self, relpath: str, key: str) -> Counts | None:
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
        data = _read_json(self.folder / "segments" / f"{name}.json")
        try:
            if data["key"] != key:
                return None
            fields = [FrontMatterField(**f) for f in data["fields"]]
            return [Segment(text, start, end, line, kind, style, prefix,
                            None if field is None else fields[field])
                    for text, start, end, line, kind, style, prefix, field in data["segments"]]
        except (TypeError, KeyError, ValueError, IndexError):
            return None

    def set_segments(self, name: str, key: str, segments: list[Segment]) -> None:
        fields: list[FrontMatterField] = []
        rows = []
        for s in segments:
            index = None
            if s.field is not None:
                # Segments of one front-matter value share one field object; keep that.
                if not fields or fields[-1] is not s.field:
                    fields.append(s.field)
                index = len(fields) - 1
            rows.append([s.text, s.start, s.end, s.line, s.kind, s.style, s.prefix, index])
        self._pending[self.folder / "segments" / f"{name}.json"] = self._dump(
            {"key": key, "fields": [asdict(f) for f in fields], "segments": rows})

    def translations(self, relpath: str, key: str) -> dict[str, tuple[str, bool, bool]] | None:
        data = _read_json(self.folder / "catalogs" / (relpath.replace("/", "%") + ".json"))
        try:
            if data["key"] != key:
                return None
            return {msgid: (msgstr, bool(fuzzy), bool(stale)) for msgid, msgstr, fuzzy, stale in data["entries"]}
        except (TypeError, KeyError, ValueError):
            return None

    def set_translations(self, relpath: str, key: str, entries: dict[str, tuple[str, bool, bool]]) -> None:
        rows = [[msgid, *value] for msgid, value in entries.items()]
        self._pending[self.folder / "catalogs" / (relpath.replace("/", "%") + ".json")] = self._dump(
            {"key": key, "entries": rows})

    def save(self) -> None:
        """Write what changed, the state file last; a failure here only costs speed next time."""
        data = self._dump(self.state)
        if not self._pending and data == self._state_bytes:
            return
        try:
            files = [(self.folder / ".gitignore", b"# created by l10n: a cache, never commit it\n*\n")]
            write_many(files + list(self._pending.items()), durable=False, root=self.folder.parent)
            write_many([(self.folder / "state.json", data)], durable=False, root=self.folder.parent)
            self._state_bytes = data
        except OSError:
            pass
        self._pending.clear()


def _read_json(path: Path):
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
