"""The provider registry: a provider is one class, carrying its own settings.

A provider subclasses ``Provider``, names itself, declares its settings as a
frozen dataclass (``ProviderSettings`` plus its own keys, with its defaults) and is
registered by ``@register``. The ``[translate.<name>]`` table, the CLI's help and
``translate --provider`` all read the registry through ``plugins.py``, which lists the
built-in providers (``providers.py``) and finds other packages' through the
``l10n.providers`` entry point; this module imports none of them.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
from dataclasses import dataclass, field
from typing import ClassVar

from ..errors import ProviderError
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
