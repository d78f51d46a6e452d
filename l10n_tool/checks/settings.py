"""The ``[check]`` table of l10n.toml, validated.

    [check]
    min_percent = 100          # per language and document; --min-percent overrides
    allow_stale = false        # stale entries fail the gate unless allowed
    glossary = "glossary.toml" # terminology file (see glossary.py)

    [check.severity]           # "error", "warning" or "off", per check
    unchanged = "warning"

    [check.languages.de]       # per-language overrides
    min_percent = 90
    allow_stale = true
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, table_key_line
from ..errors import ConfigError
from ..glossary import Glossary, load_glossary
from .model import SEVERITIES
from .registry import check_names

DEFAULT_MIN_PERCENT = 100.0
_KEYS = {"min_percent", "allow_stale", "glossary", "severity", "languages"}
_LANGUAGE_KEYS = {"min_percent", "allow_stale"}


@dataclass(frozen=True)
class CheckSettings:
    min_percent: float = DEFAULT_MIN_PERCENT
    allow_stale: bool = False
    glossary: Path | None = None
    severity: dict[str, str] = field(default_factory=dict)
    languages: dict[str, dict] = field(default_factory=dict)

    def min_percent_for(self, language: str, override: float | None = None) -> float:
        if override is not None:
            return override
        return self.languages.get(language, {}).get("min_percent", self.min_percent)

    def allow_stale_for(self, language: str) -> bool:
        return self.languages.get(language, {}).get("allow_stale", self.allow_stale)

    def severity_of(self, check: str) -> str:
        return self.severity.get(check, "error")

    def active(self, check: str) -> bool:
        return self.severity_of(check) != "off"

    def load_glossary(self) -> Glossary:
        """The terminology the ``glossary`` check holds translations to (empty when it is off)."""
        if self.glossary is None or not self.active("glossary"):
            return Glossary()
        return load_glossary(self.glossary)


def load_settings(config: Config) -> CheckSettings:
    table = config.tables.get("check", {})
    path = config.config_path

    def fail(message: str, key: str):
        raise ConfigError(f"[check] {message}", path, _line(path, key))

    for key in table:
        if key not in _KEYS:
            fail(f"unknown key {key!r}; known: {', '.join(sorted(_KEYS))}", key)
    min_percent = _percent(table.get("min_percent", DEFAULT_MIN_PERCENT), "min_percent", fail)
    allow_stale = _boolean(table.get("allow_stale", False), "allow_stale", fail)

    glossary = None
    if "glossary" in table:
        value = table["glossary"]
        if not isinstance(value, str) or not value:
            fail("glossary: expected a file path", "glossary")
        glossary = (config.root / value).resolve()
        if not glossary.is_relative_to(config.root):
            fail(f"glossary: {value!r} is outside the project", "glossary")

    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        fail("severity must be a table", "severity")
    for check, value in severity.items():
        if check not in check_names():
            fail(f"severity: unknown check {check!r}; checks: {', '.join(check_names())}", check)
        if value not in SEVERITIES:
            fail(f"severity.{check}: expected one of {', '.join(SEVERITIES)}, got {value!r}", check)

    languages = table.get("languages", {})
    if not isinstance(languages, dict):
        fail("languages must be a table of tables, e.g. [check.languages.de]", "languages")
    checked: dict[str, dict] = {}
    for language, values in languages.items():
        if language not in config.languages:
            fail(f"languages: {language!r} is not a configured language", language)
        if not isinstance(values, dict):
            fail(f"languages.{language} must be a table", language)
        for key in values:
            if key not in _LANGUAGE_KEYS:
                fail(f"languages.{language}: unknown key {key!r}; known: {', '.join(sorted(_LANGUAGE_KEYS))}",
                     key)
        checked[language] = {}
        if "min_percent" in values:
            checked[language]["min_percent"] = _percent(values["min_percent"], "min_percent", fail)
        if "allow_stale" in values:
            checked[language]["allow_stale"] = _boolean(values["allow_stale"], "allow_stale", fail)
    return CheckSettings(min_percent, allow_stale, glossary, dict(severity), checked)


def _line(path: Path, key: str) -> int | None:
    """The line of ``key`` in ``[check]``, written in the table or as a dotted ``check.key = …``."""
    return table_key_line(path, "check", key)


def _percent(value, key, fail) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        fail(f"{key}: expected a number from 0 to 100, got {value!r}", key)
    return float(value)


def _boolean(value, key, fail) -> bool:
    if not isinstance(value, bool):
        fail(f"{key}: expected true or false, got {value!r}", key)
    return value
