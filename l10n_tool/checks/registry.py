"""The checks ``l10n check`` runs, by name. An entry check is one decorated function:

    @entry_check("no-shouting")
    def check_no_shouting(source: str, translation: str) -> list[str]:
        return ["all capitals"] if translation.isupper() and not source.isupper() else []

It takes the source and the translation of one entry, and any of the context parameters it
names (see ``CONTEXT``), and returns one message per problem. Registering it makes it run,
gives it a ``[check.severity]`` key and an ``l10n-ignore-`` waiver, and lists it in every report.
This module imports none of the checks: ``plugins.py`` lists the built-in ones and finds
other packages' through the ``l10n.checks`` entry point.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Container
from dataclasses import dataclass

# Checks on a whole catalog, built into the gate's walk over it (see checks/__init__.py).
CATALOG_CHECKS = ("completeness", "stale", "catalog")
# What an entry check may ask for by naming a parameter after (source, translation).
CONTEXT = ("source_language", "language", "glossary", "keep", "translated_words", "links")


@dataclass(frozen=True)
class EntryContext:
    """What an entry check may need besides the two texts."""

    source_language: str
    language: str
    glossary: object  # glossary.Glossary; typed loosely so the registry imports nothing
    translated_words: Container[str] = frozenset()  # quality.TranslatedWords
    links: object = None  # links.LinkRule: destinations accepted besides the source's ([links])

    @property
    def keep(self) -> tuple[str, ...]:
        """The glossary's do-not-translate terms."""
        return self.glossary.do_not_translate


@dataclass(frozen=True)
class EntryCheck:
    name: str
    function: Callable[..., list[str]]
    wants: tuple[str, ...]
    translations_only: bool  # skipped on the source language's identity catalog

    def bind(self, context: EntryContext) -> Callable[[str, str], list[str]]:
        """The check as a function of (source, translation) alone, for every entry of a catalog."""
        return functools.partial(self.function, **{name: getattr(context, name) for name in self.wants})


_ENTRY: dict[str, EntryCheck] = {}


def entry_check(name: str, *, translations_only: bool = False):
    """Register the decorated function as the entry check ``name``; the function is returned as is."""

    def register(function: Callable[..., list[str]]) -> Callable[..., list[str]]:
        import inspect  # imported where used: a check run served from the cache registers nothing

        wants = tuple(inspect.signature(function).parameters)[2:]
        unknown = [p for p in wants if p not in CONTEXT]
        if unknown:
            raise TypeError(f"entry check {name!r}: unknown parameter(s) {', '.join(unknown)}; "
                            f"an entry check may take {', '.join(CONTEXT)}")
        if name in CATALOG_CHECKS or (name in _ENTRY and _ENTRY[name].function is not function):
            raise ValueError(f"a check named {name!r} is already registered")
        _ENTRY[name] = EntryCheck(name, function, wants, translations_only)
        return function

    return register


def unregister(name: str) -> None:
    """Remove an entry check (for tests and plug-ins that register one for a while)."""
    _ENTRY.pop(name, None)


def registered_entry_checks() -> tuple[EntryCheck, ...]:
    """The entry checks registered so far (``plugins.entry_checks`` loads them all first)."""
    return tuple(_ENTRY.values())
