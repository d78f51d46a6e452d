"""The ``glossary`` check: terms that stay as they are, and terms with a required rendering.

The terminology file is TOML, referenced by ``[check] glossary = "glossary.toml"``:

    # Names and acronyms that appear verbatim in every translation.
    do_not_translate = ["InSight Crime", "USAID"]

    # Source term -> its required rendering, per language.
    [terms."Friedrich Ebert Foundation"]
    de = "Friedrich-Ebert-Stiftung"
    es = "Fundación Friedrich Ebert"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import languages
from .errors import ConfigError
from .tomlfile import key_line
from .tomlfile import read_toml


@dataclass(frozen=True)
class Glossary:
    do_not_translate: tuple[str, ...] = ()
    terms: dict[str, dict[str, str]] = field(default_factory=dict)

    def check(self, source: str, translation: str, source_language: str, language: str) -> list[str]:
        messages = []
        for term in self.do_not_translate:
            if _contains(source, term) and not _contains(translation, term):
                messages.append(f"{term!r} must stay as it is (do not translate)")
        if language != source_language:
            for term, renderings in self.terms.items():
                wanted = renderings.get(language)
                if wanted and _contains(source, term) and not _contains(translation, wanted):
                    messages.append(f"{term!r} must be rendered as {wanted!r}")
        return messages


def _contains(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


def load_glossary(path: Path) -> Glossary:
    if not path.is_file():
        raise ConfigError("glossary file does not exist", path)
    data = read_toml(path)
    for key in data:
        if key not in ("do_not_translate", "terms"):
            raise ConfigError(f"unknown key {key!r}; known: do_not_translate, terms", path, key_line(path, key))
    keep = data.get("do_not_translate", [])
    if not isinstance(keep, list) or not all(isinstance(t, str) and t.strip() for t in keep):
        raise ConfigError("do_not_translate: expected a list of terms", path, key_line(path, "do_not_translate"))
    terms = data.get("terms", {})
    if not isinstance(terms, dict):
        raise ConfigError("terms must be a table", path, key_line(path, "terms"))
    for term, renderings in terms.items():
        if not isinstance(renderings, dict):
            raise ConfigError(f"terms.{term!r}: expected a table of language = rendering", path,
                              key_line(path, "terms"))
        for language, rendering in renderings.items():
            if not languages.is_valid(language):
                raise ConfigError(f"terms.{term!r}: unknown language code {language!r}", path,
                                  key_line(path, language))
            if not isinstance(rendering, str) or not rendering.strip():
                raise ConfigError(f"terms.{term!r}.{language}: expected a string", path, key_line(path, language))
    return Glossary(tuple(keep), {t: dict(r) for t, r in terms.items()})

