"""Issue 22, category 1: every format ``build`` writes is a published output.

The Markdown editions (``build/<lang>/*.md``) are rendered by other sites' CommonMark
renderers, raw HTML and all: what a translation adds there must pass the same rule as the
HTML page (no markup or destination the source lacks, no script), a waiver
(``#, l10n-ignore-CHECK``) silences a warning but never lets script through, and the source
language's own catalog (an editor's override) is gated like any other.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import html5lib
import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n_tool.plugins import check_names
from l10n_tool.publish.build import build
from l10n_tool.updating import update
from l10n_tool.workspace import Workspace

SOURCE = """\
---
title: A title
---

A sentence with <b>bold</b> and a [link](https://example.org/).

A closing sentence.
"""
FIRST = "A sentence with <b>bold</b> and a [link](https://example.org/)."
LAST = "A closing sentence."

ACTIVE = [
    '<img src=x onerror="alert(1)">',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<b onmouseover="alert(1)">x</b>',
    "<svg onload=alert(1)>",
    "[x]: javascript:alert(1)\n\n[x]",
]


def _project(root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "es"]\nsegment = "paragraph"\n')
    (root / "source" / "doc.md").write_text(SOURCE, encoding="utf-8")
    update(Workspace.open(root))
    return root


def _translate(root: Path, language: str, texts: dict[str, str], waivers: list[str]) -> None:
    po = root / "locales" / language / "LC_MESSAGES" / "doc.po"
    catalog = polib.pofile(str(po))
    for entry in catalog:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
            entry.flags = [f"l10n-ignore-{name}" for name in waivers]
    catalog.save(str(po))


def assert_inert(tree, where) -> None:
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "script":
            assert element.get("type") == "application/ld+json", (where, tag)
        assert tag not in ("iframe", "object", "embed", "svg", "base", "form"), (where, tag)
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), (where, attribute)
            if attribute in ("href", "src", "action", "formaction", "srcdoc"):
                assert attribute != "srcdoc", where
                scheme = "".join(value.split()).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:")), (where, value)


def assert_build_inert(root: Path) -> None:
    outputs = sorted((root / "build").rglob("*.md")) + sorted((root / "build").rglob("*.html"))
    assert any(p.suffix == ".md" for p in outputs)
    renderer = MarkdownIt("commonmark")  # what another site's CommonMark renderer does: raw HTML kept
    for path in outputs:
        html = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            html = renderer.render(html)
        assert_inert(html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False), path)


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("payload", ACTIVE)
def test_a_waived_translation_never_puts_script_into_the_markdown_edition(tmp_path, payload, language):
    root = _project(tmp_path / "p")
    # (The title translated: under outdated = "keep" an edition without one is held back.)
    _translate(root, language, {FIRST: f"Una frase con <b>negrita</b> {payload} y un [enlace](https://example.org/).",
                                LAST: payload, "A title": "Un título"}, ["markup", "urls"])
    build(Workspace.open(root), min_percent=0)
    assert_build_inert(root)
    edition = (root / "build" / language / "doc.md").read_text(encoding="utf-8")
    assert f"\n\n{payload}\n" not in edition  # the whole paragraph is active: it fell back


def test_the_source_markup_is_still_published(tmp_path):
    root = _project(tmp_path / "p")
    _translate(root, "es", {FIRST: "Una frase con <b>negrita</b> y un [enlace](https://example.org/).",
                            LAST: "Una frase final.", "A title": "Un título"}, [])
    build(Workspace.open(root), min_percent=0)
    edition = (root / "build" / "es" / "doc.md").read_text(encoding="utf-8")
    assert "Una frase con <b>negrita</b> y un [enlace](https://example.org/)." in edition


PIECES = st.sampled_from([*ACTIVE, "<b>", "</b>", "<", ">", '"', "=", " ", "\n", "*", "_", "`", "[", "](",
                          ")", "<!--", "-->", "javascript:", "alert(1)", "https://example.org/", "texto"])
HOSTILE = st.lists(PIECES, min_size=1, max_size=8).map("".join)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=HOSTILE, last=HOSTILE, language=st.sampled_from(["es", "en"]),
       waivers=st.lists(st.sampled_from(check_names()), unique=True))
def test_no_output_of_build_holds_active_content(tmp_path, first, last, language, waivers):
    root = _project(tmp_path / "fuzz")
    _translate(root, language, {FIRST: first, LAST: last, "A title": last}, waivers)
    build(Workspace.open(root), min_percent=0)
    assert_build_inert(root)
