"""The checks of one entry: what ``check`` runs on every entry it lets through, and what
``build`` runs on every entry it is about to publish (``EntryGate``), so both agree.

``check`` (where ``allow_stale`` lets stale entries through) checks a stale entry against the
*current* source, its ``msgid``. ``build`` under ``outdated = "keep"`` publishes a stale entry's
previous translation, so ``publish/decide.py`` checks it against the previous source it was
made for, and requires its numbers to agree with the current one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import polib

from ..config import CheckSettings, Config
from ..glossary import Glossary, kept_as_is
from ..links import LinkRule
from .entry_cache import CatalogFindings
from .keys import CheckKeys
from .model import WAIVER_PREFIX
from .quality import TranslatedWords
from ..plugins import entry_checks
from .registry import EntryContext


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


def findings(source: str, translation: str, checks, protected: tuple[str, ...],
             glossary: bool) -> list[tuple[str, str]]:
    """(check, message) of what ``checks`` (``bound_checks``) and, when ``glossary`` is active, the
    names the entry protects find in one pair: the one computation behind ``check`` and ``build``,
    before waivers and severities (shared through ``entry_cache.py``)."""
    found = list(entry_messages([(source, translation)], checks))
    if glossary:
        found += [("glossary", message) for message in protected_messages([(source, translation)], protected)]
    return found


def finder(checks, settings: CheckSettings) -> Callable[[str, str, tuple[str, ...]], list[tuple[str, str]]]:
    """``findings`` with its checks bound (an ``entry_cache.Compute``)."""
    glossary = settings.active("glossary")
    return lambda source, translation, protected: findings(source, translation, checks, protected, glossary)


def protected_messages(pairs: Iterable[tuple[str, str]], protected: tuple[str, ...]) -> list[str]:
    """The ``glossary`` check's messages for what one entry protects by what it is (the names in
    a credit line): per entry, so not part of the checks bound once per catalog."""
    return [message for source, translation in pairs for message in kept_as_is(source, translation, protected)]


@dataclass(frozen=True)
class EntryProblem:
    check: str
    message: str


class EntryGate:
    """The error-level entry checks of one project, for one entry at a time.

    ``errors(source, translation, language)`` is empty when ``check`` would let the
    translation through; waivers (``#, l10n-ignore-CHECK``) are honoured when given ``flags``.
    A gate of a workspace (``for_workspace``) shares each pair's findings with ``check``
    through the cache, for the catalogs of the document it is deciding (``document``).
    """

    def __init__(self, settings: CheckSettings, glossary: Glossary, source_language: str, links=None):
        self.settings, self.glossary, self.source_language = settings, glossary, source_language
        self._bound: dict[str, list] = {}
        self.links = links  # the configuration's [links] (LinkSettings)
        self._ws = None
        self._keys = None
        self._document: str | None = None
        self._catalogs: dict[str, CatalogFindings] = {}

    @classmethod
    def for_config(cls, config: Config) -> "EntryGate":
        settings = config.check
        return cls(settings, settings.load_glossary(), config.source_language, config.links)

    @classmethod
    def for_workspace(cls, ws) -> "EntryGate":
        gate = cls.for_config(ws.config)
        gate._ws = ws
        gate._keys = CheckKeys(ws.config, gate.settings, gate.glossary, None, ws.cache.file_digest)
        return gate

    @contextlib.contextmanager
    def document(self, name: str):
        """Within the block, pairs are looked up in (and added to) the findings of ``name``'s catalogs."""
        self._document, self._catalogs = name, {}
        try:
            yield self
        finally:
            for catalog in self._catalogs.values():
                catalog.save()
            self._document, self._catalogs = None, {}

    def _findings(self, language: str, checks) -> CatalogFindings | None:
        if self._ws is None or self._document is None:
            return None
        catalog = self._catalogs.get(language)
        if catalog is None:
            ws = self._ws
            path = ws.config.po_path(language, self._document)
            context = EntryContext(self.source_language, language, self.glossary,
                                   links=LinkRule.of(self.links, language))

            @functools.cache
            def identical_checks():
                # As check binds them: with the words this catalog's translators usually translate.
                translations = ws.translations(path)
                pairs = [(msgid, msgstr) for msgid, (msgstr, fuzzy, *_) in translations.entries.items()
                         if msgstr and not fuzzy] if translations is not None else []
                return finder(bound_checks(dataclasses.replace(context, translated_words=TranslatedWords(pairs)),
                                           self.settings), self.settings)

            catalog = self._catalogs[language] = CatalogFindings(
                ws.cache, ws.relative(path), self._keys.entry_scope(language), finder(checks, self.settings),
                lambda source, translation, protected: identical_checks()(source, translation, protected))
        return catalog

    def errors(self, source: str, translation: str, language: str,
               flags: Iterable[str] = (), protected: tuple[str, ...] = ()) -> list[EntryProblem]:
        """``protected``: what this segment keeps by what it is (``sources.content.protected_for``)."""
        if not translation:
            return []
        waived = {flag[len(WAIVER_PREFIX):] for flag in flags if flag.startswith(WAIVER_PREFIX)}
        checks = self._bound.get(language)
        if checks is None:
            context = EntryContext(self.source_language, language, self.glossary,
                                   links=LinkRule.of(self.links, language))
            checks = self._bound[language] = bound_checks(context, self.settings)
        catalog = self._findings(language, checks)
        if catalog is not None:
            found = catalog.of(source, translation, protected)
        else:
            found = findings(source, translation, checks, protected, self.settings.active("glossary"))
        return [EntryProblem(check, message) for check, message in found
                if check not in waived and self.settings.severity_of(check) == "error"]
