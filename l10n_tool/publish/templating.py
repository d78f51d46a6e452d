"""The Jinja2 environment pages and the dashboard are rendered with.

Autoescape is on, so every value a template writes into text or an attribute is
escaped by construction; only values already marked safe (the sanitized article
body, CSS shipped with the package, JSON made safe for a script element) pass
through as they are.
"""

from __future__ import annotations

import functools
import html
from importlib import resources

import jinja2
from markupsafe import Markup


def _escape(value: object) -> object:
    # html.escape's entities (&#x27; for ') rather than MarkupSafe's (&#39;): the bytes of pages
    # published before the templates stay the same. Autoescape sees Markup and leaves it alone.
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value)))


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("l10n_tool.publish", "templates"),
        autoescape=True, finalize=_escape, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, undefined=jinja2.StrictUndefined)


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


@functools.lru_cache(maxsize=8)
def stylesheet(name: str) -> Markup:
    """A CSS file shipped with the package, to be inlined in a page."""
    return Markup(resources.files(__package__).joinpath("templates", name).read_text("utf-8"))


def macro(template: str, name: str):
    """A macro of ``template``, called like a function that returns safe HTML."""
    return getattr(environment().get_template(template).module, name)


def escape_attribute(value: str) -> str:
    """``value`` for an HTML attribute built outside a template (markdown-it's token stream)."""
    return html.escape(value)
