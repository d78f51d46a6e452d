"""Plug-ins: the checks, machine-translation providers and source formats l10n knows.

The decorators live in leaf modules that import nothing of their plug-ins
(``checks/registry.py``: ``@entry_check``; ``mt/registry.py``: ``@register``); this
module, above them, lists the built-in plug-ins once and finds other packages' through
entry points, the way Babel finds ``babel.extractors``::

    [project.entry-points."l10n.checks"]
    shouting = "my_package.checks"         # a module whose import registers @entry_check functions
    [project.entry-points."l10n.providers"]
    echo = "my_package.mt:EchoProvider"    # a Provider class (registered here if its module did not)
    [project.entry-points."l10n.formats"]
    ".txt" = "my_package.text:FORMAT"      # a SourceFormat object, named by the file suffix it reads

Everything is imported the first time it is asked for: a command that runs no check
imports no check. The configuration schema (``config.py``, below this module) asks
``check_names`` and ``provider_settings`` about the tables that name plug-ins.
"""

from __future__ import annotations

import functools
import importlib
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SourceError

if TYPE_CHECKING:
    from .checks.registry import EntryCheck
    from .mt.registry import Provider, ProviderSettings
    from .sources import SourceFormat

CHECK_GROUP, PROVIDER_GROUP, FORMAT_GROUP = "l10n.checks", "l10n.providers", "l10n.formats"

# The built-in plug-ins, listed once: modules whose import registers them, and formats by suffix.
BUILTIN_CHECKS = ("l10n_tool.checks.quality", "l10n_tool.checks.numbers", "l10n_tool.checks.glossary_check")
BUILTIN_PROVIDERS = ("l10n_tool.mt.providers",)
BUILTIN_FORMATS = {
    ".md": "l10n_tool.sources.markdown_format:FORMAT",
    ".markdown": "l10n_tool.sources.markdown_format:FORMAT",
}


def _entry_points(group: str):
    from importlib.metadata import entry_points  # imported where used: scanning installed packages costs

    return entry_points(group=group)


def _load(reference: str):
    """``module`` or ``module:attribute``, as entry points name objects."""
    module, _, attribute = reference.partition(":")
    found = importlib.import_module(module)
    for part in filter(None, attribute.split(".")):
        found = getattr(found, part)
    return found


# --- checks ----------------------------------------------------------------------------------


@functools.cache
def _load_checks() -> None:
    for module in BUILTIN_CHECKS:
        importlib.import_module(module)
    for entry in _entry_points(CHECK_GROUP):
        entry.load()  # registration is the import (@entry_check)


def entry_checks() -> tuple[EntryCheck, ...]:
    """Every entry check, built-in ones first, in the order reports list them."""
    from .checks import registry

    _load_checks()
    return registry.registered_entry_checks()


def check_names() -> tuple[str, ...]:
    """Every check's name: the keys of ``[check.severity]`` and of ``l10n-ignore-`` waivers."""
    from .checks.registry import CATALOG_CHECKS

    return CATALOG_CHECKS + tuple(check.name for check in entry_checks())


# --- machine-translation providers ---------------------------------------------------------


@functools.cache
def _load_providers() -> None:
    from .mt import registry

    for module in BUILTIN_PROVIDERS:
        importlib.import_module(module)
    for entry in _entry_points(PROVIDER_GROUP):
        loaded = entry.load()
        if isinstance(loaded, type) and issubclass(loaded, registry.Provider) \
                and registry.PROVIDERS.get(loaded.name) is not loaded:
            registry.register(loaded)


def providers() -> dict[str, type[Provider]]:
    """Every provider by name, the built-in ones first."""
    from .mt import registry

    _load_providers()
    return dict(registry.PROVIDERS)


def provider_names() -> list[str]:
    return list(providers())


def provider(name: str) -> type[Provider] | None:
    return providers().get(name)


def provider_settings() -> dict[str, type[ProviderSettings]]:
    """Each provider's settings class: the keys of its ``[translate.<name>]`` table, their types
    and bounds, which the configuration schema validates when it loads."""
    return {name: cls.Settings for name, cls in providers().items()}


# --- source formats --------------------------------------------------------------------------


@functools.cache
def format_references() -> dict[str, str]:
    """Every file suffix a format reads, and the object that reads it (imported when first used)."""
    found = dict(BUILTIN_FORMATS)
    for entry in _entry_points(FORMAT_GROUP):
        suffix = entry.name.lower() if entry.name.startswith(".") else f".{entry.name.lower()}"
        found.setdefault(suffix, entry.value)  # a plug-in adds formats; it does not replace Markdown
    return found


def source_format(path: Path | str) -> SourceFormat:
    """The format of a source file, by its suffix; an unknown suffix is an error naming the file.

    A control character in the name is refused too: the name becomes each entry's ``#:``
    reference, which must stay on one line of the catalog.
    """
    name = str(path)
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in name):
        shown = name.encode("unicode_escape").decode("ascii")
        raise SourceError("a source file name may not contain a line break or other control character "
                          "(rename the file)", shown)
    suffix = Path(path).suffix.lower()
    formats = format_references()
    reference = formats.get(suffix)
    if reference is None:
        known = ", ".join(sorted(formats))
        raise SourceError(f"no source format reads {suffix or 'files without a suffix'} (known: {known})", path)
    return _load(reference)
