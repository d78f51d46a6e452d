"""One result per entry and its inputs, kept in ``.l10n-cache/`` and shared by ``check`` and ``build``.

What the entry checks find in a (source, translation) pair, before waivers and severities
(each command applies those itself), depends on the pair, on what the entry protects by what
it is (a credit's names), and on the settings of the catalog's language
(``CheckKeys.entry_scope``). Those findings are kept per catalog: ``check`` stores every pair
it checked, ``build`` looks the pairs it is about to publish up there, so a ``check`` before a
``build`` leaves build nothing to check, and an edited entry is checked again alone. A pair
whose translation is its source is checked afresh: the ``unchanged`` check weighs it against
the translations of the whole catalog (``translated_words``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from ..cache import Cache

Finding = tuple[str, str]  # (check, message)
# (source, translation, protected) -> findings: ``entries.findings`` with the checks bound
Compute = Callable[[str, str, tuple[str, ...]], list[Finding]]


def pair_key(source: str, translation: str, protected: tuple[str, ...]) -> str:
    # Lengths first, so no two different pairs join to the same text (a fresh check makes one
    # key per entry: one hash of one string, not ``cache.digest``'s one update per part).
    text = "\x00".join((str(len(source)), str(len(translation)), source, translation, *protected))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:40]


class CatalogFindings:
    """The findings of one catalog's pairs: from the cache when known, else computed and kept.

    ``scope`` is None when results cannot be shared (a plug-in check reads the whole catalog);
    ``identical`` computes a pair whose translation is its source, with the checks bound to the
    catalog's ``translated_words`` (by default ``compute`` is).
    """

    def __init__(self, cache: Cache | None, relpath: str, scope: str | None, compute: Compute,
                 identical: Compute | None = None):
        self.cache, self.relpath, self.scope = cache, relpath, scope
        self.compute = compute
        self._identical = identical or compute
        self._stored = cache.entry_findings(relpath, scope) if cache is not None and scope is not None else {}
        self._seen: dict[str, list[Finding]] = {}
        self._computed = False

    def of(self, source: str, translation: str, protected: tuple[str, ...] = ()) -> list[Finding]:
        if translation.strip() == source.strip():
            return self._identical(source, translation, protected)
        if self.scope is None:
            return self.compute(source, translation, protected)
        key = pair_key(source, translation, protected)
        found = self._seen.get(key)
        if found is None:
            found = _valid(self._stored.get(key))
            if found is None:
                found = self.compute(source, translation, protected)
                self._computed = True
            self._seen[key] = found
        return found

    def save(self, unasked: Callable[[], Iterable[str]] | None = None) -> None:
        """Store what was computed.  After a walk over the whole catalog, ``unasked`` gives the keys
        of its pairs that were not asked for (fuzzy entries' translations, which build may still
        publish): stored results of pairs no longer in the catalog are dropped."""
        if self.cache is None or self.scope is None:
            return
        merged = {**self._stored, **self._seen}
        if unasked is not None and len(merged) > len(self._seen):
            keep = set(self._seen).union(unasked())
            merged = {key: value for key, value in merged.items() if key in keep}
        if self._computed or merged.keys() != self._stored.keys():
            self.cache.set_entry_findings(self.relpath, self.scope, merged)


def _valid(stored) -> list[Finding] | None:
    """A stored result as findings; None when it is not one (written by another version)."""
    if not isinstance(stored, list):
        return None
    try:
        return [(check, message) for check, message in stored
                if isinstance(check, str) and isinstance(message, str)]
    except (TypeError, ValueError):
        return None
