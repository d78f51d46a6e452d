"""What a catalog's check results depend on, as one hash per catalog.

Results are reused while the hash is unchanged, so every input of a check must be in it:
the catalog's bytes; its document's source and template; the configuration outside
``[check]`` (its validated settings: they shape the source's segments); the ``[check]``
settings that apply to the catalog's language, including the glossary terms for it; the
tool's code and libraries; and the entry checks registered from outside the tool. A setting for ``de`` or a German
glossary rendering thus invalidates the German catalogs only.
"""

from __future__ import annotations

import dataclasses
import json
import marshal
import shutil
from collections.abc import Callable
from pathlib import Path

from ..cache import code_salt, digest
from ..config import CheckSettings, Config
from ..documents import Document
from ..glossary import Glossary
from .registry import registered_entry_checks


class CheckKeys:
    """``file_digest`` gives a file's content hash (None when there is none): the cache's, which
    knows unchanged files by their stat."""

    def __init__(self, config: Config, settings: CheckSettings, glossary: Glossary, min_percent: float | None,
                 file_digest: Callable[[str | Path], str | None]):
        self.config, self.settings, self.glossary, self.min_percent = config, settings, glossary, min_percent
        self.file_digest = file_digest
        self._base = digest(code_salt(), plug_in_checks(), _without_check_table(config), shutil.which("msgfmt") or "",
                            _json(sorted(settings.severity.items())))
        self._languages: dict[str, str] = {}

    def language(self, language: str) -> str:
        key = self._languages.get(language)
        if key is None:
            key = self._languages[language] = digest(self._base, language, _json([
                self.settings.min_percent_for(language, self.min_percent),
                self.settings.allow_stale_for(language), *self._glossary_for(language)]))
        return key

    def _glossary_for(self, language: str) -> list:
        """The glossary as the checks of ``language`` see it: the terms kept, the renderings required."""
        terms = sorted((term, renderings[language]) for term, renderings in self.glossary.terms.items()
                       if language in renderings)
        return [list(self.glossary.do_not_translate), terms]

    def entry_scope(self, language: str) -> str | None:
        """What an entry check's finding on one pair depends on besides the pair and what the entry
        protects (``entry_cache.py``): the tool, the configuration, which checks are on, the
        glossary for ``language``.  None when a plug-in check reads the whole catalog
        (``translated_words``): then findings are not shared."""
        if any("translated_words" in check.wants and not check.function.__module__.startswith("l10n_tool.")
               for check in registered_entry_checks()):
            return None
        return digest(self._base, "entries", language, _json(self._glossary_for(language)))

    def document(self, document: Document) -> str:
        return digest(self.file_digest(document.path), self.file_digest(self.config.pot_path(document.name)))

    def catalog(self, language: str, document_key: str, relpath: str, path: str | Path) -> str:
        return digest(self.language(language), document_key, relpath, self.file_digest(path))


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _without_check_table(config: Config) -> str:
    """The configuration as loaded, less ``[check]`` (the settings checks see come per language)
    and where the project is: the validated settings, so the file is read by one reader only."""
    return repr(dataclasses.replace(config, check=None, root=Path(), config_path=Path()))


def plug_in_checks() -> str:
    """Entry checks registered from outside the tool (its own are in ``code_salt``): their code."""
    parts = []
    for check in registered_entry_checks():
        function = check.function
        if not function.__module__.startswith("l10n_tool."):
            code = getattr(function, "__code__", None)
            parts.append(f"{check.name} {function.__module__}.{function.__qualname__}")
            parts.append(marshal.dumps(code).hex() if code is not None else "")
    return "\n".join(parts)
