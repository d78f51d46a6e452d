"""Where editions are on the site: paths inside the build folder and the URLs pages link by."""

from __future__ import annotations

from urllib.parse import quote, urljoin

from ..workspace import Workspace


def site_path(document: str, language: str) -> str:
    """An edition's page relative to the build folder, as a URL path."""
    return f"{quote(language)}/{quote(document)}.html"


def page_href(document: str, language: str, base_url: str | None = None) -> str:
    """Where an edition's page is: relative to any other page, or absolute under ``base_url``."""
    if base_url:
        return urljoin(base_url, site_path(document, language))
    return f"../{site_path(document, language)}"


def base_url(ws: Workspace) -> str | None:
    return ws.config.base_url
