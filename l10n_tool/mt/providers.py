"""Machine-translation providers: configuration, one request each, errors sorted for retrying.

Google, MyMemory, LibreTranslate and Microsoft go through deep-translator; DeepL
through the official ``deepl`` package, because deep-translator's DeepL client
still authenticates in the query string, which DeepL has retired
(nidhaloff/deep-translator#299). ``pseudo`` is offline pseudo-localization.

deep-translator sets no timeout on its HTTP requests (nidhaloff/deep-translator#231),
so its client modules are given a stand-in for ``requests`` that adds one to every
request and sorts answers into retryable (429, 5xx, timeout) and fatal errors
before the library looks at them.
"""

from __future__ import annotations

import math
import os
import re
import threading
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field

import requests

from ..config import Config
from .. import languages
from ..errors import ConfigError, ProviderError
from .masking import PLACEHOLDER

DEFAULT_TIMEOUT = 10.0


class RetryableError(Exception):
    """A failure worth another try after a pause: HTTP 429, 5xx or a timeout."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Spec:
    """What the tool knows about a provider before any configuration."""

    max_chars: int  # the service's length limit for one request, with some margin
    url: str | None = None
    api_key_env: str | None = None
    key_required: bool = False
    extra_keys: tuple[str, ...] = ()


SPECS: dict[str, Spec] = {
    "google": Spec(max_chars=4900, url="https://translate.google.com/m"),
    "mymemory": Spec(max_chars=480, url="https://api.mymemory.translated.net/get", extra_keys=("email",)),
    "libre": Spec(max_chars=2000, url="https://libretranslate.com/", api_key_env="LIBRE_API_KEY"),
    "microsoft": Spec(max_chars=10000, url="https://api.cognitive.microsofttranslator.com",
                      api_key_env="MICROSOFT_API_KEY", key_required=True, extra_keys=("region",)),
    "deepl": Spec(max_chars=30000, api_key_env="DEEPL_AUTH_KEY", key_required=True),
    "pseudo": Spec(max_chars=100000),
}

# Defaults of the keys [translate] sets for every provider and [translate.<provider>] for one
# (config.py validates them; ``Spec.extra_keys`` are a provider's own keys).
COMMON_KEYS = {"timeout": DEFAULT_TIMEOUT, "retries": 3, "backoff": 1.0, "concurrency": 4}


@dataclass(frozen=True)
class Settings:
    name: str
    url: str | None
    api_key_env: str | None
    key_required: bool
    timeout: float
    retries: int
    backoff: float
    concurrency: int
    max_chars: int
    options: dict = field(default_factory=dict, compare=False)

    @property
    def api_key(self) -> str | None:
        """The key from the environment; never stored anywhere else."""
        return os.environ.get(self.api_key_env) if self.api_key_env else None


def do_not_translate(config: Config) -> tuple[str, ...]:
    """``[translate] do_not_translate`` and the project glossary's terms: never sent to a provider."""
    from ..glossary import load_glossary

    path = config.check.glossary
    terms = config.translate.do_not_translate + (load_glossary(path).do_not_translate if path else ())
    return tuple(dict.fromkeys(terms))


def settings(config: Config, name: str | None) -> Settings:
    """The settings for provider ``name`` (or the configured default): its table over [translate] over the defaults.

    The configuration validated every key when it loaded; here the layers are only stacked.
    """
    options = config.translate
    name = name or options.provider
    if name is None:
        raise ConfigError("no provider: pass --provider or set provider in [translate]", config.config_path)
    if name not in SPECS:
        raise ConfigError(f"unknown provider {name!r}; known: {', '.join(SPECS)}", config.config_path)
    spec = SPECS[name]
    own = options.providers.get(name, {})

    def value(key, default):
        return own[key] if key in own else options.defaults.get(key, default)

    return Settings(
        name=name, url=own.get("url", spec.url), api_key_env=own.get("api_key_env", spec.api_key_env),
        # A key named explicitly in the configuration is required even where the service is open.
        key_required=spec.key_required or "api_key_env" in own,
        timeout=float(value("timeout", COMMON_KEYS["timeout"])),
        retries=value("retries", COMMON_KEYS["retries"]),
        backoff=float(value("backoff", COMMON_KEYS["backoff"])),
        concurrency=value("concurrency", COMMON_KEYS["concurrency"]),
        max_chars=own.get("max_chars", spec.max_chars),
        options={k: own[k] for k in spec.extra_keys if k in own},
    )


def redact(message: str, secrets: list[str]) -> str:
    """``message`` with every secret, raw or URL-encoded, replaced by ***."""
    for secret in secrets:
        if not secret:
            continue
        for form in {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}:
            message = message.replace(form, "***")
    return message


# --- the HTTP layer under deep-translator -------------------------------------------------


class _Transport:
    """Stands in for the ``requests`` module inside deep-translator's client modules."""

    exceptions = requests.exceptions

    def __init__(self):
        self._local = threading.local()

    @contextmanager
    def timeout(self, seconds: float):
        previous = getattr(self._local, "timeout", None)
        self._local.timeout = seconds
        try:
            yield
        finally:
            self._local.timeout = previous

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)

    def request(self, method, url, **kwargs):
        timeout = getattr(self._local, "timeout", None) or DEFAULT_TIMEOUT
        kwargs["timeout"] = timeout
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        where = _where(url)
        try:
            response = session.request(method, url, **kwargs)
        except requests.Timeout:
            raise RetryableError(f"no answer from {where} within {timeout:g} s") from None
        except requests.ConnectionError:
            raise ProviderError(f"cannot reach {where}") from None
        except requests.RequestException as exc:
            raise ProviderError(f"request to {where} failed: {type(exc).__name__}") from None
        status = response.status_code
        if status == 429 or status >= 500:
            raise RetryableError(f"{where} answered HTTP {status}", _retry_after(response))
        if status in (401, 403):
            raise ProviderError(f"{where} refused the request (HTTP {status}); check the API key")
        if status >= 400:
            raise ProviderError(f"{where} answered HTTP {status}{_detail(response)}")
        return response


def _where(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _detail(response) -> str:
    """The service's own explanation, where its error body has one."""
    try:
        data = response.json()
    except ValueError:
        return ""
    message = data.get("error") or data.get("message") if isinstance(data, dict) else None
    if isinstance(message, dict):
        message = message.get("message")
    return f": {str(message)[:200]}" if message else ""


def _retry_after(response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


TRANSPORT = _Transport()


def _install_transport() -> None:
    from deep_translator import google, libre, microsoft, mymemory

    for module in (google, libre, microsoft, mymemory):
        module.requests = TRANSPORT


# --- providers ------------------------------------------------------------------------------


class Provider:
    """Translates one text per call; raises RetryableError or ProviderError."""

    cacheable = True

    def __init__(self, settings: Settings, source: str, target: str):
        self.settings = settings
        self.source = source
        self.target = target
        self._local = threading.local()
        key = settings.api_key
        if settings.key_required and not key:
            raise ProviderError(f"set the environment variable {settings.api_key_env} "
                                "to the API key")
        self.secrets = [key] if key else []

    def translate(self, text: str) -> str:
        raise NotImplementedError

    def _client(self):
        """One client per thread: deep-translator's clients keep per-request state."""
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = self._new_client()
        return client

    def _new_client(self):
        raise NotImplementedError


def _code(language: str, supported: list[str]) -> str:
    """The provider's code for a Babel-style language code (pt_BR -> pt-BR, es -> es-ES, ...)."""
    wanted = languages.bcp47(language).lower()
    by_lower = {code.lower(): code for code in supported}
    if wanted in by_lower:
        return by_lower[wanted]
    base = languages.primary(language)
    if base in by_lower:
        return by_lower[base]
    for code in supported:
        if languages.primary(code) == base:
            return code
    raise ProviderError(f"the provider does not support the language {language!r}")


class _DeepTranslator(Provider):
    def translate(self, text: str) -> str:
        from deep_translator.exceptions import BaseError

        client = self._client()
        try:
            with TRANSPORT.timeout(self.settings.timeout):
                result = client.translate(text)
        except (RetryableError, ProviderError):
            raise
        except BaseError as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc.message}") from None
        except (ValueError, KeyError, TypeError, AttributeError, StopIteration) as exc:
            raise ProviderError(f"unexpected answer ({type(exc).__name__})") from None
        if result is None:
            raise ProviderError("the answer held no translation")
        return str(result)


class GoogleProvider(_DeepTranslator):
    def _new_client(self):
        from deep_translator import GoogleTranslator
        from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES

        codes = list(GOOGLE_LANGUAGES_TO_CODES.values())
        client = GoogleTranslator(source=_code(self.source, codes), target=_code(self.target, codes))
        client._base_url = self.settings.url  # the fixed endpoint, redirectable for mirrors and tests
        return client


class MyMemoryProvider(_DeepTranslator):
    def _new_client(self):
        from deep_translator import MyMemoryTranslator
        from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

        codes = list(MY_MEMORY_LANGUAGES_TO_CODES.values())
        client = MyMemoryTranslator(source=_code(self.source, codes), target=_code(self.target, codes),
                                    email=self.settings.options.get("email"))
        client._base_url = self.settings.url
        return client

    def translate(self, text: str) -> str:
        result = super().translate(text)
        # Over its daily quota MyMemory answers 200 with a warning in place of the translation.
        if re.match(r"\s*MYMEMORY WARNING", result, re.I) or "QUERY LENGTH LIMIT EXCEEDED" in result.upper():
            raise ProviderError(result.strip()[:160])
        return result


class LibreProvider(_DeepTranslator):
    def _new_client(self):
        from deep_translator import LibreTranslator
        from deep_translator.constants import LIBRE_LANGUAGES_TO_CODES

        codes = list(LIBRE_LANGUAGES_TO_CODES.values())
        url = self.settings.url if self.settings.url.endswith("/") else self.settings.url + "/"
        # The client insists on a key; a self-hosted server may not need one.
        client = LibreTranslator(source=_code(self.source, codes), target=_code(self.target, codes),
                                 api_key=self.settings.api_key or "unused", custom_url=url)
        client.api_key = self.settings.api_key
        return client


class MicrosoftProvider(_DeepTranslator):
    def _new_client(self):
        from deep_translator import MicrosoftTranslator

        source, target = languages.bcp47(self.source), languages.bcp47(self.target)

        class Client(MicrosoftTranslator):
            # The stock client downloads the language list, without a timeout, from a fixed
            # address when it is created; the service itself says if a pair is unsupported.
            def _get_supported_languages(self):
                return {source: source, target: target}

        client = Client(source=source, target=target, api_key=self.settings.api_key,
                        region=self.settings.options.get("region"))
        client._base_url = self.settings.url.rstrip("/") + "/translate?api-version=3.0"
        return client


class DeepLProvider(Provider):
    def _new_client(self):
        import deepl

        # The library's documented knobs: our loop does the retrying, with our timeout.
        deepl.http_client.max_network_retries = 0
        deepl.http_client.min_connection_timeout = self.settings.timeout
        return deepl.Translator(self.settings.api_key, server_url=self.settings.url,
                                send_platform_info=False)

    def translate(self, text: str) -> str:
        import deepl

        source = languages.primary(self.source).upper()
        target = languages.bcp47(self.target).upper()
        target = {"EN": "EN-US", "PT": "PT-PT"}.get(target, target)
        try:
            return self._client().translate_text(text, source_lang=source, target_lang=target).text
        except deepl.ConnectionException as exc:
            cause = exc.__cause__
            if isinstance(cause, requests.Timeout):
                raise RetryableError(f"no answer within {self.settings.timeout:g} s") from None
            raise ProviderError(f"cannot reach {self.settings.url or 'the DeepL API'}") from None
        except deepl.AuthorizationException:
            raise ProviderError("the service refused the API key") from None
        except deepl.QuotaExceededException:
            raise ProviderError("the quota for this billing period is used up") from None
        except deepl.DeepLException as exc:
            status = exc.http_status_code
            if exc.should_retry or status == 429 or (status or 0) >= 500:
                raise RetryableError(f"HTTP {status}") from None
            raise ProviderError(str(exc)) from None


_ACCENTED = str.maketrans(
    "AaBbCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåƁƀÇçĐđÉéĜĝĤĥÎîĴĵĶķĻļÑñÖöŔŕŠšŢţÛûŴŵÝýŽž",
)


class PseudoProvider(Provider):
    """Accented letters, about 30 % longer, bracketed; placeholders (markup, numbers) untouched."""

    cacheable = False

    def translate(self, text: str) -> str:
        pieces = PLACEHOLDER.split(text)
        # split() alternates text and captured placeholder numbers.
        out = [piece.translate(_ACCENTED) if i % 2 == 0 else "{%s}" % piece for i, piece in enumerate(pieces)]
        padding = "·" * max(1, math.ceil(len(text) * 0.3) - 3)
        return "⟦" + "".join(out) + " " + padding + "⟧"


PROVIDERS: dict[str, type[Provider]] = {
    "google": GoogleProvider,
    "mymemory": MyMemoryProvider,
    "libre": LibreProvider,
    "microsoft": MicrosoftProvider,
    "deepl": DeepLProvider,
    "pseudo": PseudoProvider,
}


def create(settings: Settings, source: str, target: str) -> Provider:
    _install_transport()
    return PROVIDERS[settings.name](settings, source, target)
