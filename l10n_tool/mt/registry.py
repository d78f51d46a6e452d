"""The provider registry: a provider is one class, carrying its own settings.

A provider subclasses ``Provider``, names itself, declares its settings as a
frozen dataclass (``ProviderSettings`` plus its own keys, with its defaults) and is
registered by ``@register``. The ``[translate.<name>]`` table, the CLI's help and
``translate --provider`` all read the registry; nothing else lists providers.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
from dataclasses import dataclass, field
from typing import ClassVar

from ..config import Config, table_key_line
from ..errors import ConfigError, ProviderError
from .secrets import url_secrets

DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class ProviderSettings:
    """Keys of ``[translate.<provider>]``; the four in ``COMMON`` may also be set in ``[translate]``.

    ``metadata["min"]`` is the smallest value accepted. A provider's subclass changes
    the defaults and adds its own keys.
    """

    max_chars: int = field(default=5000, metadata={"min": 20})  # the service's limit per request
    url: str | None = None
    api_key_env: str | None = None
    timeout: float = field(default=DEFAULT_TIMEOUT, metadata={"min": 0.001})  # wall clock, per request
    retries: int = field(default=3, metadata={"min": 0})
    backoff: float = field(default=1.0, metadata={"min": 0})
    concurrency: int = field(default=4, metadata={"min": 1})

    @property
    def api_key(self) -> str | None:
        """The key from the environment; never stored anywhere else."""
        return os.environ.get(self.api_key_env) if self.api_key_env else None


COMMON = ("timeout", "retries", "backoff", "concurrency")


class Provider:
    """Translates one text per call; raises ``http.RetryableError`` or ``ProviderError``."""

    name: ClassVar[str]
    Settings: ClassVar[type[ProviderSettings]] = ProviderSettings
    key_required: ClassVar[bool] = False  # refuse to start without the key
    cacheable: ClassVar[bool] = True  # answers worth keeping in the suggestion cache

    def __init__(self, settings: ProviderSettings, source: str, target: str, *, key_required: bool = False):
        self.settings = settings
        self.source = source
        self.target = target
        self._local = threading.local()
        key = settings.api_key
        if (self.key_required or key_required) and not key:
            raise ProviderError(f"set the environment variable {settings.api_key_env} to the API key")
        self.secrets = ([key] if key else []) + url_secrets(settings.url)

    def translate(self, text: str) -> str:
        raise NotImplementedError

    def _client(self):
        """One client per thread: the client libraries keep per-request state."""
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = self._new_client()
        return client

    def _new_client(self):
        raise NotImplementedError


PROVIDERS: dict[str, type[Provider]] = {}


def register(cls: type[Provider]) -> type[Provider]:
    """Class decorator: make ``cls`` available as ``[translate] provider = cls.name``."""
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", getattr(cls, "name", "")):
        raise ValueError(f"{cls.__name__}: a provider needs a lower-case name")
    if not (dataclasses.is_dataclass(cls.Settings) and issubclass(cls.Settings, ProviderSettings)):
        raise ValueError(f"{cls.__name__}: Settings must be a dataclass derived from ProviderSettings")
    PROVIDERS[cls.name] = cls
    return cls


def provider_names() -> list[str]:
    """Every registered provider, the built-in ones included."""
    from . import providers  # noqa: F401  (registers the built-in providers)

    return list(PROVIDERS)


def lookup(name: str) -> type[Provider] | None:
    provider_names()
    return PROVIDERS.get(name)


# --- configuration --------------------------------------------------------------------------

TOP_KEYS = {"provider", "cache", "do_not_translate", *COMMON}


@dataclass(frozen=True)
class TranslateConfig:
    provider: str | None
    cache: bool
    do_not_translate: tuple[str, ...]
    table: dict


def _glossary_terms(config: Config) -> tuple[str, ...]:
    """The project glossary's do-not-translate terms (``[check] glossary``): never sent to a provider."""
    from ..checks.settings import load_settings
    from ..glossary import load_glossary

    path = load_settings(config).glossary
    return load_glossary(path).do_not_translate if path is not None else ()


def _unknown(what: str) -> str:
    return f"{what}; known: {', '.join(provider_names())}"


def translate_config(config: Config) -> TranslateConfig:
    """The validated ``[translate]`` table: unknown keys and providers name their file and line."""
    table = config.tables.get("translate", {})
    path = config.config_path
    for key, value in table.items():
        if isinstance(value, dict):
            cls = lookup(key)
            if cls is None:
                raise ConfigError(f"[translate.{key}]: " + _unknown("unknown provider"),
                                  path, table_key_line(path, f"translate.{key}"))
            allowed = {f.name for f in dataclasses.fields(cls.Settings)}
            for inner in value:
                if inner not in allowed:
                    raise ConfigError(f"[translate.{key}]: unknown key {inner!r}", path,
                                      table_key_line(path, f"translate.{key}", inner))
        elif key not in TOP_KEYS:
            raise ConfigError(f"[translate]: unknown key {key!r}", path, table_key_line(path, "translate", key))
    provider = table.get("provider")
    if provider is not None and (not isinstance(provider, str) or lookup(provider) is None):
        raise ConfigError("[translate]: " + _unknown(f"unknown provider {provider!r}"),
                          path, table_key_line(path, "translate", "provider"))
    terms = table.get("do_not_translate", [])
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise ConfigError("[translate]: do_not_translate must be a list of strings", path,
                          table_key_line(path, "translate", "do_not_translate"))
    terms = terms + list(_glossary_terms(config))
    cache = table.get("cache", True)
    if not isinstance(cache, bool):
        raise ConfigError("[translate]: cache must be true or false", path,
                          table_key_line(path, "translate", "cache"))
    return TranslateConfig(provider, cache, tuple(dict.fromkeys(terms)), table)


def _check_value(key: str, raw, spec: dataclasses.Field) -> str | None:
    """Why ``raw`` is no value for ``spec``, or None when it is one."""
    kind = spec.type if isinstance(spec.type, str) else getattr(spec.type, "__name__", str(spec.type))
    if kind.startswith("int"):
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < spec.metadata.get("min", raw):
            return f"must be a whole number of at least {spec.metadata.get('min', 0)}"
    elif kind.startswith("float"):
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw < spec.metadata.get("min", raw):
            return f"must be a number of at least {spec.metadata.get('min', 0)}"
    elif kind.startswith("bool"):
        if not isinstance(raw, bool):
            return "must be true or false"
    elif not isinstance(raw, str):
        return "must be a string"
    elif key == "url" and not re.match(r"https?://", raw):
        return "must be an http(s) address"
    elif key == "api_key_env" and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", raw):
        return "must name an environment variable"
    return None


def settings(config: Config, name: str | None) -> tuple[type[Provider], ProviderSettings, bool]:
    """The provider class for ``name`` (or the configured default), its validated settings,
    and whether the configuration names a key variable (which then must be set)."""
    tc = translate_config(config)
    path = config.config_path
    name = name or tc.provider
    if name is None:
        raise ConfigError("no provider: pass --provider or set provider in [translate]", path)
    cls = lookup(name)
    if cls is None:
        raise ConfigError(_unknown(f"unknown provider {name!r}"), path)
    own = tc.table.get(name, {})
    values = {}
    for spec in dataclasses.fields(cls.Settings):
        if spec.name in own:
            table, raw = f"translate.{name}", own[spec.name]
        elif spec.name in COMMON and spec.name in tc.table:
            table, raw = "translate", tc.table[spec.name]
        else:
            continue
        problem = _check_value(spec.name, raw, spec)
        if problem:
            raise ConfigError(f"[{table}]: {spec.name} {problem}", path, table_key_line(path, table, spec.name))
        values[spec.name] = float(raw) if spec.type in ("float", float) else raw
    # A key named explicitly in the configuration is required even where the service is open.
    return cls, cls.Settings(**values), "api_key_env" in own


def create(config: Config, name: str | None, source: str, target: str) -> Provider:
    cls, values, key_named = settings(config, name)
    return cls(values, source, target, key_required=key_named)
