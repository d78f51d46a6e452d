"""The one schema of ``l10n.toml``, and its validation into typed settings.

Every table and key is validated when the configuration loads, whatever the command, so
``[build] bogus = 1`` fails ``l10n status`` as it fails ``l10n build``: one line naming the
file, the line and the key.  Features receive the typed settings below, never raw tables.
Two tables name things plug-ins define: ``[check.severity]`` the checks and
``[translate.<provider>]`` the providers; ``validate`` asks the plug-in layer handed to it
(``PluginTables``) about those, so this module imports nothing of checks or providers.
Finding the project and reading the file is ``project.py``; finding the sources,
``documents.py``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn, Protocol

from . import languages as lang_codes
from .errors import ConfigError
from .glossary import Glossary, load_glossary
from .tomlfile import key_line, table_key_line

CONFIG_NAME = "l10n.toml"
SEGMENT_MODES = ("sentence", "paragraph")
SEVERITIES = ("error", "warning", "off")
DEFAULT_PO_WIDTH = 79  # as GNU msgcat


# --- typed settings, one dataclass per table ---------------------------------------------


@dataclass(frozen=True)
class CheckSettings:
    """``[check]``: the gate's thresholds, severities and per-language overrides."""

    min_percent: float = 100.0
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


@dataclass(frozen=True)
class TranslateSettings:
    """``[translate]``: the default provider, and the keys each ``[translate.<provider>]`` sets.

    ``defaults`` and ``providers`` hold only what the file says (validated); the providers
    apply their own defaults beneath them.
    """

    provider: str | None = None
    cache: bool = True
    do_not_translate: tuple[str, ...] = ()
    defaults: dict[str, object] = field(default_factory=dict)
    providers: dict[str, dict[str, object]] = field(default_factory=dict)


@dataclass(frozen=True)
class TMSettings:
    """``[tm]``: translation-memory pre-filling."""

    prefill: bool = True
    min_similarity: float = 75.0
    dir: str = "tm"


OUTDATED_POLICIES = ("keep", "source", "hold")


@dataclass(frozen=True)
class UpdateSettings:
    """``[update]``: how ``update`` matches changed segments (as ``msgmerge``'s ``-N``)."""

    fuzzy_matching: bool = True
    similarity: float = 60.0  # percent of character similarity a changed segment needs to go stale


@dataclass(frozen=True)
class BuildSettings:
    """``[build]``: what an edition that is behind its source shows (README: "Publishing")."""

    outdated: str = "keep"  # keep: previous translations, new text left out; source: fallback; hold
    markdown_notice: bool = False  # the Markdown edition also says it is outdated


@dataclass(frozen=True)
class LinkSettings:
    """``[links]``: destinations translators may use besides the source's, and per-language equivalents."""

    allow: tuple[str, ...] = ()
    map: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    root: Path
    config_path: Path
    source_language: str
    languages: tuple[str, ...]
    sources: tuple[str, ...]
    locales_dir: str
    build_dir: str
    segment: str
    front_matter: tuple[str, ...]
    base_url: str | None = None
    po_width: int = DEFAULT_PO_WIDTH
    locations: str = "full"  # "#:" comments: "full" (file:line), "file" or "never", as gettext's --add-location
    check: CheckSettings = field(default_factory=CheckSettings)
    translate: TranslateSettings = field(default_factory=TranslateSettings)
    tm: TMSettings = field(default_factory=TMSettings)
    update: UpdateSettings = field(default_factory=UpdateSettings)
    build: BuildSettings = field(default_factory=BuildSettings)
    links: LinkSettings = field(default_factory=LinkSettings)

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    def pot_path(self, doc: str) -> Path:
        return self.locales_path / f"{doc}.pot"

    def po_path(self, lang: str, doc: str) -> Path:
        """Catalog folders use gettext's form of the code (pt_BR, sr@latin), as gettext looks them up."""
        return self.po_folder(lang) / f"{doc}.po"

    def po_folder(self, lang: str) -> Path:
        """The folder of a language's catalogs: ``locales/pt_BR/LC_MESSAGES``."""
        return self.locales_path / lang_codes.gettext_form(lang) / "LC_MESSAGES"

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def language(self, code: str) -> str | None:
        """The configured code naming the same language as ``code`` (pt_BR finds pt-BR), else None."""
        return lang_codes.configured(self.languages, code)

    def check_language(self, lang: str) -> str:
        found = self.language(lang)
        if found is None:
            raise ConfigError(f"unknown language {lang!r}; configured: {', '.join(self.languages)}",
                              self.config_path, key_line(self.config_path, "languages"))
        return found

    def selected_languages(self, lang: str | Iterable[str] | None) -> list[str]:
        """The configured languages named by ``lang`` (one code or several), in configured order; all if None."""
        if not lang:
            return list(self.languages)
        wanted = {self.check_language(code) for code in ([lang] if isinstance(lang, str) else lang)}
        return [code for code in self.languages if code in wanted]


# --- validation ----------------------------------------------------------------------------


class PluginTables(Protocol):
    """What the plug-in layer (``plugins.py``, above this module) tells the schema about the
    tables that name plug-ins: ``[check.severity]`` and ``[translate.<provider>]``."""

    def check_names(self) -> tuple[str, ...]: ...

    def provider_settings(self) -> dict[str, type]: ...


def validate(root: Path, path: Path, data: dict, *, plugins: PluginTables) -> Config:
    """The typed settings of the configuration ``data`` read from ``path``; ConfigError naming
    the file, the line and the key at the first thing wrong."""
    config = _validate(Path(root).resolve(), path, data, plugins)
    _check_catalog_folders(config)
    return config


class _Table:
    """One table of the file being validated; every error names the file and the key's line."""

    def __init__(self, path: Path, name: str, data: dict):
        self.path, self.name, self.data = path, name, data

    def fail(self, key: str | None, message: str) -> NoReturn:
        prefix = f"[{self.name}]: " if self.name else ""
        line = table_key_line(self.path, self.name, key) if self.name else key_line(self.path, key or "")
        raise ConfigError(prefix + message, self.path, line)

    def only(self, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in self.data:
            if key not in allowed:
                self.fail(key, f"unknown key {key!r}; known: {', '.join(sorted(allowed))}")

    def table(self, key: str) -> "_Table":
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, f"{key} must be a table")
        return _Table(self.path, f"{self.name}.{key}" if self.name else key, value)

    def string(self, key: str, default: str | None = None, *, pattern: str | None = None,
               what: str = "a non-empty string") -> str | None:
        value = self.data.get(key, default)
        if value is not None and (not isinstance(value, str) or not value
                                  or (pattern and not re.fullmatch(pattern, value))):
            self.fail(key, f"{key} must be {what}, got {value!r}")
        return value

    def strings(self, key: str, default: Iterable[str] = ()) -> tuple[str, ...]:
        value = self.data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, f"{key} must be a list of non-empty strings, got {value!r}")
        return tuple(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"{key} must be true or false, got {value!r}")
        return value

    def number(self, key: str, default, *, minimum: float, maximum: float | None = None,
               whole: bool = False, above: bool = False):
        value = self.data.get(key, default)
        kinds = int if whole else (int, float)
        if value is None and default is None:
            return None
        low_ok = isinstance(value, kinds) and (value > minimum if above else value >= minimum)
        if isinstance(value, bool) or not low_ok or (maximum is not None and value > maximum):
            what = "a whole number" if whole else "a number"
            bound = f"above {minimum:g}" if above else f"of at least {minimum:g}"
            if maximum is not None:
                bound += f" and at most {maximum:g}"
            self.fail(key, f"{key} must be {what} {bound}, got {value!r}")
        return value if whole else float(value)

    def folder(self, key: str, default: str, root: Path) -> str:
        value = self.string(key, default)
        if not (root / value).resolve().is_relative_to(root):
            self.fail(key, f"{key}: {value!r} is outside the project")
        return value

    def language(self, key: str, value: object) -> str:
        try:
            return lang_codes.parse(value).code  # type: ignore[arg-type]
        except lang_codes.LanguageCodeError as exc:
            self.fail(key, f"{key}: {exc}")


_TOP_KEYS = ("source_language", "languages", "sources", "locales_dir", "build_dir", "segment",
             "front_matter", "base_url", "po_width", "locations")
_TABLES = ("check", "translate", "tm", "update", "build", "links")
LOCATIONS = ("full", "file", "never")


def _validate(root: Path, path: Path, data: dict, plugins: PluginTables) -> Config:
    top = _Table(path, "", data)
    top.only(_TOP_KEYS + _TABLES)
    for name in _TABLES:
        top.table(name)  # a table, not a value
    source_language = top.language("source_language", data.get("source_language", "en"))
    languages = top.strings("languages", ["en", "es", "de"])
    for code in languages:
        top.language("languages", code)
    if len({lang_codes.gettext_form(code) for code in languages}) != len(languages):
        top.fail("languages", "languages: a language is listed twice")
    segment = top.string("segment", "sentence")
    if segment not in SEGMENT_MODES:
        top.fail("segment", f"segment: expected one of {', '.join(SEGMENT_MODES)}, got {segment!r}")
    return Config(
        root=root,
        config_path=path,
        source_language=source_language,
        languages=languages,
        sources=top.strings("sources", ["source/*.md"]),
        locales_dir=top.folder("locales_dir", "locales", root),
        build_dir=top.folder("build_dir", "build", root),
        segment=segment,
        front_matter=top.strings("front_matter", ["title", "teaser", "description", "summary", "subtitle",
                                                   "section", "correction"]),
        base_url=_base_url(top),
        po_width=top.number("po_width", DEFAULT_PO_WIDTH, minimum=0, whole=True),
        locations=_locations(top),
        check=_check(top.table("check"), root, languages, plugins),
        translate=_translate(top.table("translate"), plugins),
        tm=_tm(top.table("tm"), root),
        update=_update(top.table("update")),
        build=_build(top.table("build")),
        links=_links(top.table("links"), languages),
    )


def _base_url(top: _Table) -> str | None:
    value = top.string("base_url", None, pattern=r"https?://[^\s/?#]+(/[^\s?#]*)?",
                       what="an http(s) address such as https://example.org/news/")
    if value is None:
        return None
    return value if value.endswith("/") else value + "/"


def _check(table: _Table, root: Path, languages: tuple[str, ...], plugins: PluginTables) -> CheckSettings:
    table.only({"min_percent", "allow_stale", "glossary", "severity", "languages"})
    glossary = table.string("glossary", None, what="a file path")
    if glossary is not None:
        glossary = (root / glossary).resolve()
        if not glossary.is_relative_to(root):
            table.fail("glossary", f"glossary: {table.data['glossary']!r} is outside the project")
    severity = table.table("severity")
    if severity.data:
        checks = plugins.check_names()
        for check, value in severity.data.items():
            if check not in checks:
                severity.fail(check, f"unknown check {check!r}; checks: {', '.join(checks)}")
            if value not in SEVERITIES:
                severity.fail(check, f"{check} must be one of {', '.join(SEVERITIES)}, got {value!r}")
    per_language = table.table("languages")
    overrides: dict[str, dict] = {}
    for code in per_language.data:
        language = lang_codes.configured(languages, code)
        if language is None:
            per_language.fail(code, f"{code!r} is not a configured language")
        inner = per_language.table(code)
        inner.only({"min_percent", "allow_stale"})
        overrides[language] = {}
        if "min_percent" in inner.data:
            overrides[language]["min_percent"] = inner.number("min_percent", None, minimum=0, maximum=100)
        if "allow_stale" in inner.data:
            overrides[language]["allow_stale"] = inner.boolean("allow_stale", False)
    return CheckSettings(
        min_percent=table.number("min_percent", 100.0, minimum=0, maximum=100),
        allow_stale=table.boolean("allow_stale", False),
        glossary=glossary,
        severity=dict(severity.data),
        languages=overrides,
    )


# Keys of [translate] that each [translate.<provider>] may override, and how they are checked.
_PROVIDER_NUMBERS = {"timeout": dict(minimum=0.001), "retries": dict(minimum=0, whole=True),
                     "backoff": dict(minimum=0), "concurrency": dict(minimum=1, whole=True)}


def _translate(table: _Table, plugins: PluginTables) -> TranslateSettings:
    names = [key for key, value in table.data.items() if isinstance(value, dict)]
    registry = plugins.provider_settings() if names or "provider" in table.data else {}
    table.only({"provider", "cache", "do_not_translate", *_PROVIDER_NUMBERS, *names})
    provider = table.string("provider", None, what="a provider's name")
    if provider is not None and provider not in registry:
        table.fail("provider", f"unknown provider {provider!r}; known: {', '.join(registry)}")
    providers = {}
    for name in names:
        inner = table.table(name)
        if name not in registry:
            table.fail(name, f"[translate.{name}]: unknown provider; known: {', '.join(registry)}")
        # The provider's settings dataclass is its schema: field names, types and bounds.
        fields = dataclasses.fields(registry[name])
        inner.only({spec.name for spec in fields})
        for spec in fields:
            _provider_key(inner, spec)
        providers[name] = dict(inner.data)
    defaults = {}
    for key, bounds in _PROVIDER_NUMBERS.items():
        if key in table.data:
            defaults[key] = table.number(key, None, **bounds)
    return TranslateSettings(
        provider=provider,
        cache=table.boolean("cache", True),
        do_not_translate=table.strings("do_not_translate"),
        defaults=defaults,
        providers=providers,
    )


def _provider_key(table: _Table, spec: dataclasses.Field) -> None:
    """Check one key of ``[translate.<provider>]`` against the field of the provider's settings."""
    kind = spec.type if isinstance(spec.type, str) else getattr(spec.type, "__name__", "")
    if spec.name in _PROVIDER_NUMBERS:
        table.number(spec.name, None, **_PROVIDER_NUMBERS[spec.name])
    elif kind.startswith(("int", "float")):
        table.number(spec.name, None, minimum=spec.metadata.get("min", 0), whole=kind.startswith("int"))
    elif kind.startswith("bool"):
        if spec.name in table.data:
            table.boolean(spec.name, False)
    elif spec.name == "url":
        table.string("url", None, pattern=r"https?://\S+", what="an http(s) address")
    elif spec.name == "api_key_env":
        table.string("api_key_env", None, pattern=r"[A-Za-z_][A-Za-z0-9_]*",
                     what="the name of an environment variable")
    else:
        table.string(spec.name, None)


def _tm(table: _Table, root: Path) -> TMSettings:
    table.only({"prefill", "min_similarity", "dir"})
    return TMSettings(
        prefill=table.boolean("prefill", True),
        min_similarity=table.number("min_similarity", 75, minimum=0, maximum=100, above=True),
        dir=table.folder("dir", "tm", root),
    )


def _locations(top: _Table) -> str:
    value = top.string("locations", "full")
    if value not in LOCATIONS:
        top.fail("locations", f"locations: expected one of {', '.join(LOCATIONS)}, got {value!r}")
    return value


def _update(table: _Table) -> UpdateSettings:
    table.only({"fuzzy_matching", "similarity"})
    return UpdateSettings(
        fuzzy_matching=table.boolean("fuzzy_matching", True),
        similarity=table.number("similarity", 60, minimum=0, maximum=100),
    )


def _build(table: _Table) -> BuildSettings:
    table.only({"outdated", "markdown_notice"})
    outdated = table.string("outdated", "keep")
    if outdated not in OUTDATED_POLICIES:
        table.fail("outdated", f"outdated: expected one of {', '.join(OUTDATED_POLICIES)}, got {outdated!r}")
    return BuildSettings(outdated=outdated, markdown_notice=table.boolean("markdown_notice", False))


def _links(table: _Table, languages: tuple[str, ...]) -> LinkSettings:
    table.only({"allow", "map"})
    allow = table.strings("allow")
    mapping = table.table("map")
    equivalents: dict[str, dict[str, str]] = {}
    for prefix in mapping.data:
        per_language = mapping.table(prefix)
        for code, target in per_language.data.items():
            if lang_codes.configured(languages, code) is None:
                per_language.fail(code, f"{code!r} is not a configured language")
            per_language.string(code, None, what="a destination (URL prefix)")
        equivalents[prefix] = dict(per_language.data)
    return LinkSettings(allow=allow, map=equivalents)


def _check_catalog_folders(config: Config) -> None:
    """A folder in the other form of a code (``locales/pt-BR/`` of an older version) is an error naming both."""
    for code in config.languages:
        wanted = lang_codes.gettext_form(code)
        for other in {code, lang_codes.bcp47(code)} - {wanted}:
            if (config.locales_path / other).is_dir():
                raise ConfigError(f"catalogs of {code!r} belong in {config.locales_dir}/{wanted}/ (gettext's form "
                                  f"of the code), but {config.locales_dir}/{other}/ exists: rename it",
                                  config.locales_path / other)
