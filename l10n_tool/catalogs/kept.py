"""Translations kept only in translator comments, and every translation an entry holds.

``update`` keeps a translation it had to move out of an entry under ``obsolete translation:``
(msgfmt refuses two entries with one key); ``translate --include-stale`` keeps the person's
translation under ``previous translation:`` (with ``previous source:``). The labels live here,
below the merge, the machine translation and the memory, which all read or write them.
"""

from __future__ import annotations

import polib

KEPT_LABEL = "obsolete translation:"
PREVIOUS_TRANSLATION = "previous translation:"
PREVIOUS_SOURCE = "previous source:"


def entry_translations(entry: polib.POEntry, *, reviewed_only: bool = False) -> list[tuple[str, str]]:
    """Every translation one entry holds, as (source, translation): its msgstr (each plural form
    under the source it translates) and the translations kept only in its comments
    (``obsolete translation:`` from merging, ``previous translation:`` from ``translate
    --include-stale``), under the source they were made for. ``reviewed_only``: a fuzzy msgstr
    is a suggestion, not memory (a translation a person kept in a comment is memory all the same).
    """
    source = entry.msgid or entry.msgctxt or ""  # an entry keyed by its context alone
    pairs = []
    if source and not (reviewed_only and entry.fuzzy):
        forms = [entry.msgstr] if not entry.msgid_plural else \
            [v for _, v in sorted((int(k), v) for k, v in entry.msgstr_plural.items())]
        sources = [source, entry.msgid_plural or source]
        # More plural forms than sources: the last source takes them.
        pairs += [(sources[min(index, 1)], text) for index, text in enumerate(forms) if text]
    if entry.tcomment and ":" in entry.tcomment:
        kept = _kept_in_comment(entry.tcomment)
        previous = next((text for label, text in kept if label == PREVIOUS_SOURCE), None)
        for label, text in kept:
            if label == KEPT_LABEL and source and text:
                pairs.append((source, text))
            elif label == PREVIOUS_TRANSLATION and (previous or source) and text:
                pairs.append((previous or source, text))
    return pairs


def _kept_in_comment(comment: str) -> list[tuple[str, str]]:
    """(label, text) of every text quoted under a label line in a translator comment."""
    found, lines = [], comment.split("\n")
    for index, line in enumerate(lines):
        if line.endswith(":") and not line.startswith('"'):
            parts = []
            for quoted in lines[index + 1:]:
                if not (len(quoted) >= 2 and quoted.startswith('"') and quoted.endswith('"')):
                    break
                parts.append(quoted[1:-1])
            if parts:
                found.append((line, polib.unescape("".join(parts))))
    return found
