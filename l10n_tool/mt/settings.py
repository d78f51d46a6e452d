"""The provider a run uses, with its settings as the configuration layers them.

Its own ``[translate.<provider>]`` table over ``[translate]`` over the class's defaults;
the configuration validated every key when it loaded.
"""

from __future__ import annotations

import dataclasses

from .. import plugins
from ..config import Config
from ..errors import ConfigError
from .registry import COMMON, Provider, ProviderSettings


def do_not_translate(config: Config) -> tuple[str, ...]:
    """``[translate] do_not_translate`` and the project glossary's terms: never sent to a provider."""
    from ..glossary import load_glossary

    path = config.check.glossary
    terms = config.translate.do_not_translate + (load_glossary(path).do_not_translate if path else ())
    return tuple(dict.fromkeys(terms))


def settings(config: Config, name: str | None) -> tuple[type[Provider], ProviderSettings, bool]:
    """The provider class for ``name`` (or the configured default), its settings, and whether
    the configuration names a key variable, which must then be set."""
    options = config.translate
    name = name or options.provider
    if name is None:
        raise ConfigError("no provider: pass --provider or set provider in [translate]", config.config_path)
    cls = plugins.provider(name)
    if cls is None:
        raise ConfigError(f"unknown provider {name!r}; known: {', '.join(plugins.provider_names())}",
                          config.config_path)
    own = options.providers.get(name, {})
    values = {}
    for spec in dataclasses.fields(cls.Settings):
        if spec.name in own or (spec.name in COMMON and spec.name in options.defaults):
            raw = own[spec.name] if spec.name in own else options.defaults[spec.name]
            values[spec.name] = float(raw) if spec.type in ("float", float) else raw
    # A key named explicitly in the configuration is required even where the service is open.
    return cls, cls.Settings(**values), "api_key_env" in own
