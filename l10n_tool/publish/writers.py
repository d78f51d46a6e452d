"""The formats ``build`` writes, registered in one place."""

from __future__ import annotations

from ..workspace import Workspace
from .dashboard import write_dashboard
from .html_page import write_page
from .model import Edition, Registry


def markdown_page(edition: Edition, editions: list[Edition], ws: Workspace) -> str:
    return edition.markdown


def default_registry() -> Registry:
    registry = Registry()
    registry.add_page("md", ".md", markdown_page)
    registry.add_page("html", ".html", write_page)
    registry.add_site("html", "index.html", write_dashboard)
    return registry
