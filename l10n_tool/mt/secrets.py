"""Credentials a provider holds, kept out of everything the tool prints or writes.

A provider's secrets are its API key and any ``user:password`` written into its
``url``. Messages are redacted before they reach the user; a translation that
contains a secret (a server echoing the key) is refused before it reaches a
catalog or the cache.
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse


def _forms(secret: str) -> set[str]:
    """The secret as it may appear in a message: raw, or URL-encoded either way."""
    return {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}


def redact(message: str, secrets: list[str]) -> str:
    """``message`` with every secret, raw or URL-encoded, replaced by ***."""
    # Longest first, so ``user:pass`` goes as a whole before ``pass`` alone.
    for secret in sorted(filter(None, secrets), key=len, reverse=True):
        for form in sorted(_forms(secret), key=len, reverse=True):
            message = message.replace(form, "***")
    return message


# A run of the secret this long is a leak (a server echoing the key's first characters); shorter
# runs of a random key's characters occur in text by chance. A shorter secret counts only whole.
FRAGMENT = 8

# What may be the secret encoded: base64 (either alphabet, padded or not) or hex, long enough to
# hold a fragment.
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{%d,}={0,2}" % (FRAGMENT * 4 // 3))
_HEX = re.compile(r"(?:[0-9a-fA-F]{2}){%d,}" % FRAGMENT)


def _decodings(text: str) -> list[str]:
    """``text`` and what its encoded-looking runs decode to (URL-, base64- and hex-decoding)."""
    found = [text, urllib.parse.unquote_plus(text)]
    for match in _BASE64.finditer(text):
        run = match.group().rstrip("=")
        for alphabet in (None, b"-_"):
            try:
                data = base64.b64decode(run + "=" * (-len(run) % 4), altchars=alphabet)
            except (binascii.Error, ValueError):
                continue
            found.append(data.decode("latin-1"))
    found += [bytes.fromhex(match.group()).decode("latin-1") for match in _HEX.finditer(text)]
    return found


def contains_secret(text: str, secrets: list[str]) -> bool:
    """Whether ``text`` holds a secret, a run of at least ``FRAGMENT`` of its characters, or either
    encoded (URL, base64, hex): a server echoing part of the key leaks it as surely as all of it."""
    secrets = [s for s in secrets if s]
    if not secrets:
        return False
    texts = _decodings(text)
    for secret in secrets:
        size = min(len(secret), FRAGMENT)
        runs = {secret[i:i + size] for i in range(len(secret) - size + 1)}
        if any(run in candidate for candidate in texts for run in runs):
            return True
    return False


def url_secrets(url: str | None) -> list[str]:
    """The credentials written into ``url`` (``http://user:pass@host/``), as they may be echoed."""
    if not url:
        return []
    parts = urllib.parse.urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    if not userinfo:
        return []
    found = [userinfo, urllib.parse.unquote(userinfo)]
    if parts.password:
        found += [parts.password, urllib.parse.unquote(parts.password)]
    return list(dict.fromkeys(found))


def display_url(url: str) -> str:
    """``url`` fit for a message: no credentials, no query string (where keys travel)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{host}{parts.path}"


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port: what must stay the same for credentials to follow a redirect."""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port
