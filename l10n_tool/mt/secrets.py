"""Credentials a provider holds, kept out of everything the tool prints or writes.

A provider's secrets are its API key and any ``user:password`` written into its
``url``. Messages are redacted before they reach the user; a translation that
contains a secret (a server echoing the key) is refused before it reaches a
catalog or the cache.
"""

from __future__ import annotations

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


def contains_secret(text: str, secrets: list[str]) -> bool:
    return any(form in text for secret in secrets if secret for form in _forms(secret))


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
