"""Issue 9: whatever a translator or a file name holds, no built page runs a script.

Hostile text goes into every context a page and the dashboard write it to: raw-text
elements in the body (the source has the same tags), the title (``<title>``, ``<h1>``,
meta description, JSON-LD), alt texts (attributes) and the document's file name (the
dashboard's attributes and ``href="#…"``). Every page is parsed as a browser would
(html5lib) and must hold no script but the JSON-LD, no event handler, no script URL.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n_tool.publish.build import build
from l10n_tool.publish.templating import stylesheet
from l10n_tool.workspace import Workspace

RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
            "plaintext")
PIECES = st.sampled_from([
    *(f"<{t}>" for t in RAW_TEXT), *(f"</{t}>" for t in RAW_TEXT), "<SCRIPT>", "</script ", "alert(1)",
    '"', "'", "`", "<", ">", "&", "=", " ", "onerror=alert(1)", ' onmouseover="alert(1)"', "<img src=x ",
    "javascript:alert(1)", "[x](javascript:alert(1))", "![a](x onerror=alert(1))", "<!--", "-->", "<![CDATA[",
    "]]>", "\\u003c", "{{ 7*7 }}", "{% raw %}", "*", "_", "\n",
])
HOSTILE = st.lists(PIECES, min_size=1, max_size=10).map("".join)
# File names cannot hold "/" or NUL, and a newline would be a bad source file name (issue 9, 13).
NAMES = st.lists(PIECES.filter(lambda p: "/" not in p and "\n" not in p), min_size=1, max_size=6).map("".join)

SOURCE = """\
---
title: A title
teaser: A teaser.
authors:
  - A. Writer
---

Counting: <script>count(1)</script> and <style>p{color:red}</style> and <textarea>x</textarea>.

![An image](photo.png)

A closing sentence.
"""


SOURCE_RAW_TEXT = ("count(1)", "p{color:red}", "x")


def _project(root: Path, name: str) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "es"]\nsegment = "paragraph"\n')
    (root / "source" / f"{name}.md").write_text(SOURCE, encoding="utf-8")
    return root


def _translate(root: Path, name: str, texts: dict[str, str]) -> None:
    import polib

    from l10n_tool.updating import update

    update(Workspace.open(root))
    po = root / "locales" / "es" / "LC_MESSAGES" / f"{name}.po"
    catalog = polib.pofile(str(po))
    for entry in catalog:
        entry.msgstr = texts.get(entry.msgid, entry.msgid)
    catalog.save(str(po))


def assert_no_script(page: Path) -> None:
    tree = html5lib.parse(page.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "script" and element.get("type") == "application/ld+json":
            json.loads(element.text or "")  # data, and nothing but data
        elif tag in ("script", "style", "textarea"):
            # The page's CSS, or the source's own raw-text elements, whole: the source is trusted.
            css = stylesheet("dashboard.css" if page.name == "index.html" else "page.css")
            assert (element.text or "").strip() in (css.strip(), *SOURCE_RAW_TEXT), (page, tag, element.text)
        assert tag not in ("iframe", "object", "embed", "noscript", "xmp", "noembed", "noframes",
                           "plaintext", "base", "form"), (page, tag)
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), (page, attribute)
            if attribute in ("href", "src", "action", "formaction"):
                scheme = value.strip().lower()
                assert not scheme.startswith(("javascript:", "vbscript:")), (page, value)
                assert not scheme.startswith("data:") or value.startswith("data:image/"), (page, value)


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=HOSTILE, title=HOSTILE, alt=HOSTILE, name=NAMES)
def test_no_built_page_runs_a_script(tmp_path, body, title, alt, name):
    name = name.strip(". ") or "x"
    root = _project(tmp_path / "fuzz", name)
    _translate(root, name, {
        "Counting: <script>count(1)</script> and <style>p{color:red}</style> and <textarea>x</textarea>.":
            f"Contando: {body} <script>count(1)</script> y <style>p{{color:red}}</style>.",
        "A title": title, "A teaser.": title, "An image": alt, "A closing sentence.": body,
    })
    build(Workspace.open(root), min_percent=0)
    pages = list((root / "build").rglob("*.html"))
    assert (root / "build" / "index.html") in pages and len(pages) >= 2
    for page in pages:
        assert_no_script(page)
