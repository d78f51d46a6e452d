"""The formats ``build`` writes, registered in one place.

The writers import their renderers when called: a build whose pages are all unchanged
(``incremental.py``) renders nothing and so imports no parser or template engine.
"""

from __future__ import annotations

from ..workspace import Workspace
from .model import BuildSettings, Edition, Page, Publication, Registry


def markdown_page(edition: Edition, editions: list[Edition], ws: Workspace) -> str:
    return edition.markdown


def html_page(edition: Edition, editions: list[Edition], ws: Workspace) -> Page:
    from .html_page import write_page

    return write_page(edition, editions, ws)


def dashboard(publications: list[Publication], ws: Workspace, settings: BuildSettings,
              summaries: dict[str, dict]) -> str:
    from .dashboard import write_dashboard

    return write_dashboard(publications, ws, settings, summaries)


def default_registry() -> Registry:
    registry = Registry()
    registry.add_page("md", ".md", markdown_page)
    registry.add_page("html", ".html", html_page)
    registry.add_site("html", "index.html", dashboard)
    return registry
