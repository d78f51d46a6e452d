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

from ..config import Config
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


def provider_settings() -> dict[str, type[ProviderSettings]]:
    """Each registered provider's settings class: the keys of its ``[translate.<name>]`` table,
    their types and bounds, which the configuration schema validates when it loads."""
    provider_names()
    return {name: cls.Settings for name, cls in PROVIDERS.items()}


def _unknown(what: str) -> str:
    return f"{what}; known: {', '.join(provider_names())}"


def do_not_translate(config: Config) -> tuple[str, ...]:
    """``[translate] do_not_translate`` and the project glossary's terms: never sent to a provider."""
    from ..glossary import load_glossary

    path = config.check.glossary
    terms = config.translate.do_not_translate + (load_glossary(path).do_not_translate if path else ())
    return tuple(dict.fromkeys(terms))


def settings(config: Config, name: str | None) -> tuple[type[Provider], ProviderSettings, bool]:
    """The provider class for ``name`` (or the configured default), its settings (its own table
    over ``[translate]`` over the class's defaults), and whether the configuration names a key
    variable, which must then be set. The configuration validated every key when it loaded."""
    options = config.translate
    name = name or options.provider
    if name is None:
        raise ConfigError("no provider: pass --provider or set provider in [translate]", config.config_path)
    cls = lookup(name)
    if cls is None:
        raise ConfigError(_unknown(f"unknown provider {name!r}"), config.config_path)
    own = options.providers.get(name, {})
    values = {}
    for spec in dataclasses.fields(cls.Settings):
        if spec.name in own or (spec.name in COMMON and spec.name in options.defaults):
            raw = own[spec.name] if spec.name in own else options.defaults[spec.name]
            values[spec.name] = float(raw) if spec.type in ("float", float) else raw
    # A key named explicitly in the configuration is required even where the service is open.
    return cls, cls.Settings(**values), "api_key_env" in own
