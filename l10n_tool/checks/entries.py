"""The checks of one entry: what ``check`` runs on every entry it lets through, and what
``build`` runs on every entry it is about to publish (``EntryGate``), so both agree.

A stale entry is checked against the *current* source (its ``msgid``), never the one it was
translated from: ``build --use-stale`` publishes it in place of the current source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import polib

from ..config import CheckSettings, Config
from ..glossary import Glossary
from ..links import LinkRule
from .model import WAIVER_PREFIX
from .registry import EntryContext, entry_checks


def entry_pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) of every non-empty translation of ``entry`` (one per plural form)."""
    if entry.msgid_plural:
        return [(entry.msgid if n == 0 else entry.msgid_plural, text)
                for n, text in sorted(entry.msgstr_plural.items()) if text]
    return [(entry.msgid, entry.msgstr)] if entry.msgstr else []


def bound_checks(context: EntryContext, settings: CheckSettings) -> list[tuple[str, Callable[[str, str], list[str]]]]:
    """(name, check) of every active entry check, bound to ``context``: prepared once per catalog."""
    return [(c.name, c.bind(context)) for c in entry_checks() if settings.active(c.name)
            and not (c.translations_only and context.language == context.source_language)]


def entry_messages(pairs: Iterable[tuple[str, str]], checks) -> Iterator[tuple[str, str]]:
    """(check, message) for every problem that ``checks`` (see ``bound_checks``) find in ``pairs``."""
    for source, translation in pairs:
        for name, check in checks:
            for message in check(source, translation):
                yield name, message


@dataclass(frozen=True)
class EntryProblem:
    check: str
    message: str


class EntryGate:
    """The error-level entry checks of one project, for one entry at a time.

    ``errors(source, translation, language)`` is empty when ``check`` would let the
    translation through; waivers (``#, l10n-ignore-CHECK``) are honoured when given ``flags``.
    """

    def __init__(self, settings: CheckSettings, glossary: Glossary, source_language: str, links=None):
        self.settings, self.glossary, self.source_language = settings, glossary, source_language
        self._bound: dict[str, list] = {}
        self.links = links  # the configuration's [links] (LinkSettings)

    @classmethod
    def for_config(cls, config: Config) -> "EntryGate":
        settings = config.check
        return cls(settings, settings.load_glossary(), config.source_language, config.links)

    def errors(self, source: str, translation: str, language: str,
               flags: Iterable[str] = ()) -> list[EntryProblem]:
        if not translation:
            return []
        waived = {flag[len(WAIVER_PREFIX):] for flag in flags if flag.startswith(WAIVER_PREFIX)}
        checks = self._bound.get(language)
        if checks is None:
            context = EntryContext(self.source_language, language, self.glossary,
                                   links=LinkRule.of(self.links, language))
            checks = self._bound[language] = bound_checks(context, self.settings)
        return [EntryProblem(check, message)
                for check, message in entry_messages([(source, translation)], checks)
                if check not in waived and self.settings.severity_of(check) == "error"]
