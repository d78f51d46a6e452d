"""The built-in machine-translation providers, each one registered class.

Google, MyMemory, LibreTranslate and Microsoft go through deep-translator; DeepL
through the official ``deepl`` package, because deep-translator's DeepL client
still authenticates in the query string, which DeepL has retired
(nidhaloff/deep-translator#299). ``pseudo`` is offline pseudo-localization.

Every client sends its requests through the provider's own ``http.Http`` (deadline,
redirect policy, errors sorted for retrying); no library module is altered.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .. import languages
from ..errors import AnswerError, ProviderError
from .http import Http, RetryableError, route
from .masking import PLACEHOLDER
from .registry import Provider, ProviderSettings, register


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
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.http = Http(self.settings.timeout, credentials=bool(self.secrets))

    def _client(self):
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = self._new_client()
            route(client, self.http)
        return client

    def translate(self, text: str) -> str:
        from deep_translator.exceptions import BaseError

        client = self._client()
        try:
            result = client.translate(text)
        except (RetryableError, ProviderError):
            raise
        except BaseError as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc.message}") from None
        except (TypeError, AttributeError) as exc:  # a value of the wrong type (a list for a text)
            raise AnswerError(f"the service's answer is not text ({type(exc).__name__})") from None
        except (ValueError, KeyError, StopIteration) as exc:  # not the service's shape at all
            raise ProviderError(f"unexpected answer ({type(exc).__name__})") from None
        if result is None:
            raise ProviderError("the answer held no translation")
        return result  # checked by the run (mt.translate.answer_problem): a number is no translation


@register
class GoogleProvider(_DeepTranslator):
    name = "google"

    @dataclass(frozen=True)
    class Settings(ProviderSettings):
        max_chars: int = field(default=4900, metadata={"min": 20})
        url: str | None = "https://translate.google.com/m"

    def _new_client(self):
        from deep_translator import GoogleTranslator
        from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES

        codes = list(GOOGLE_LANGUAGES_TO_CODES.values())
        client = GoogleTranslator(source=_code(self.source, codes), target=_code(self.target, codes))
        client._base_url = self.settings.url  # the fixed endpoint, redirectable for mirrors and tests
        return client


@register
class MyMemoryProvider(_DeepTranslator):
    name = "mymemory"

    @dataclass(frozen=True)
    class Settings(ProviderSettings):
        max_chars: int = field(default=480, metadata={"min": 20})
        url: str | None = "https://api.mymemory.translated.net/get"
        email: str | None = None  # raises the free daily quota

    def _new_client(self):
        from deep_translator import MyMemoryTranslator
        from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

        codes = list(MY_MEMORY_LANGUAGES_TO_CODES.values())
        client = MyMemoryTranslator(source=_code(self.source, codes), target=_code(self.target, codes),
                                    email=self.settings.email)
        client._base_url = self.settings.url
        return client

    def translate(self, text: str) -> str:
        result = super().translate(text)
        # Over its daily quota MyMemory answers 200 with a warning in place of the translation.
        if re.match(r"\s*MYMEMORY WARNING", result, re.I) or "QUERY LENGTH LIMIT EXCEEDED" in result.upper():
            raise ProviderError(result.strip()[:160])
        return result


@register
class LibreProvider(_DeepTranslator):
    name = "libre"

    @dataclass(frozen=True)
    class Settings(ProviderSettings):
        max_chars: int = field(default=2000, metadata={"min": 20})
        url: str | None = "https://libretranslate.com/"
        api_key_env: str | None = "LIBRE_API_KEY"

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


@register
class MicrosoftProvider(_DeepTranslator):
    name = "microsoft"
    key_required = True

    @dataclass(frozen=True)
    class Settings(ProviderSettings):
        max_chars: int = field(default=10000, metadata={"min": 20})
        url: str | None = "https://api.cognitive.microsofttranslator.com"
        api_key_env: str | None = "MICROSOFT_API_KEY"
        region: str | None = None  # the Azure resource's region, for regional keys

    def _new_client(self):
        from deep_translator import MicrosoftTranslator

        source, target = languages.bcp47(self.source), languages.bcp47(self.target)

        class Client(MicrosoftTranslator):
            # The stock client downloads the language list, without a timeout, from a fixed
            # address when it is created; the service itself says if a pair is unsupported.
            def _get_supported_languages(self):
                return {source: source, target: target}

        client = Client(source=source, target=target, api_key=self.settings.api_key,
                        region=self.settings.region)
        client._base_url = self.settings.url.rstrip("/") + "/translate?api-version=3.0"
        return client


@register
class DeepLProvider(Provider):
    name = "deepl"
    key_required = True

    @dataclass(frozen=True)
    class Settings(ProviderSettings):
        max_chars: int = field(default=30000, metadata={"min": 20})
        api_key_env: str | None = "DEEPL_AUTH_KEY"

    def _new_client(self):
        import deepl

        http = Http(self.settings.timeout, credentials=True, judge=False)

        class HttpClient(deepl.http_client.HttpClient):
            """One try per call, through our Http: the run's loop does the retrying."""

            def request_with_backoff(self, method, url, data, json, headers, stream=False, **kwargs):
                response = http.request(method, url, data=data, json=json, headers=headers, **kwargs)
                response.encoding = "UTF-8"
                return response.status_code, response.text

        translator = deepl.Translator(self.settings.api_key, server_url=self.settings.url,
                                      send_platform_info=False)
        translator._client.close()
        translator._client = HttpClient(send_platform_info=False)
        return translator

    def translate(self, text: str) -> str:
        import deepl

        source = languages.primary(self.source).upper()
        target = languages.bcp47(self.target).upper()
        target = {"EN": "EN-US", "PT": "PT-PT"}.get(target, target)
        try:
            return self._client().translate_text(text, source_lang=source, target_lang=target).text
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


@register
class PseudoProvider(Provider):
    """Accented letters, about 30 % longer, bracketed; placeholders (markup, numbers) untouched.

    What it writes passes the tool's own checks, so a pseudo-translated language builds at the
    default ``--min-percent``, which is what it is for: the padding and brackets go before the
    final punctuation, closing quotes and emphasis (``⟦Ñöŵ ···⟧."``), whitespace at either end
    stays outside, numbers stay as the source writes them (masked: the ``numbers`` check reads
    them in the source's form too), and month names become the target language's.
    """

    name = "pseudo"
    cacheable = False

    @dataclass(frozen=True)
    class Settings(ProviderSettings):
        max_chars: int = field(default=100000, metadata={"min": 20})

    def translate(self, text: str) -> str:
        lead = text[: len(text) - len(text.lstrip())]
        body = text[len(lead):]
        tail = _TAIL.search(body).group()
        body = body[: len(body) - len(tail)]
        months = _month_names(self.source, self.target)
        pieces = PLACEHOLDER.split(body)
        # split() alternates text and captured placeholder numbers.
        out = [_accent(piece, months) if i % 2 == 0 else "{%s}" % piece for i, piece in enumerate(pieces)]
        padding = "·" * max(1, math.ceil(len(text) * 0.3) - 3)
        return lead + "⟦" + "".join(out) + " " + padding + "⟧" + tail


# What ends a segment and must stay last: sentence punctuation, closing quotes and brackets,
# emphasis marks, and after them the placeholders of masked closing markup; then whitespace.
# A placeholder before them (a number: "since 2023.") stays in the text.
_PUNCTUATION = r"[.!?…:;,\"'”’»›)\]*_~。！？]"
_TAIL = re.compile(rf"(?:{_PUNCTUATION}(?:{_PUNCTUATION}|\{{\d+\}})*)?\s*$")
_WORD = re.compile(r"\w+")


def _accent(text: str, months: dict[str, str]) -> str:
    """Every word accented, except month names: those become the target language's."""
    return _WORD.sub(lambda m: months.get(m.group()) or m.group().translate(_ACCENTED), text)


def _month_names(source: str, target: str) -> dict[str, str]:
    """The source language's capitalized month names (wide and abbreviated) -> the target's."""
    key = (source, target)
    if key not in _MONTHS:
        from babel.dates import get_month_names  # slow to import: only for the pseudo provider

        names = {}
        try:
            source_locale, target_locale = languages.locale_of(source), languages.locale_of(target)
            for width in ("wide", "abbreviated"):
                wanted = get_month_names(width, "format", target_locale)
                for number, name in get_month_names(width, "format", source_locale).items():
                    name = name.rstrip(".")
                    if len(name) > 2:
                        names[name[:1].upper() + name[1:]] = wanted[number].rstrip(".")
        except (ValueError, KeyError, languages.LanguageCodeError):
            names = {}
        _MONTHS[key] = names
    return _MONTHS[key]


_MONTHS: dict[tuple[str, str], dict[str, str]] = {}
