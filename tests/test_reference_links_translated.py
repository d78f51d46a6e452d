"""Issue 11, localized links: reference links and images translated by `translate` still link."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from helpers import run
from l10n_tool.mt.masking import mask, unmask
from l10n_tool.safe_html import walk
from l10n_tool.sources.references import keep_references
from l10n_tool.sources.markdown import parser

SOURCE = """\
---
title: Reference links
---

The report by [DW] was published today. Another look at [DW][] followed later.

Read [the full report][rep] for details. Here is a picture: ![photo][] of the port.

[DW]: https://www.dw.com/en/
[rep]: https://example.org/report
[photo]: images/port.jpg
"""


def test_machine_translated_references_still_resolve_in_both_outputs(tmp_path):
    root = tmp_path / "refs"
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('languages = ["en", "es"]\n', encoding="utf-8")
    (root / "source" / "refs.md").write_text(SOURCE, encoding="utf-8")
    assert run(root, "update").exit_code == 0
    assert run(root, "translate", "--lang", "es", "--provider", "pseudo").exit_code == 0
    path = root / "locales" / "es" / "LC_MESSAGES" / "refs.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:  # a reviewer accepts every suggestion
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save()
    assert run(root, "check", "--lang", "es").exit_code == 0
    result = run(root, "build")
    assert result.exit_code == 0, result.stderr

    markdown = (root / "build" / "es" / "refs.md").read_text(encoding="utf-8")
    # Machine translation leaves a shortcut or collapsed reference's text alone: it is the label.
    assert "[DW]" in markdown and "[DW][]" in markdown and "![photo][]" in markdown, markdown
    used = re.findall(r"\]\[([^\]]*)\]", markdown)
    assert [label for label in used if label] == ["rep"], markdown
    html = (root / "build" / "es" / "refs.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(https://[^"]+)">', html)
    assert links.count("https://www.dw.com/en/") == 2 and "https://example.org/report" in links


def test_check_reports_a_reference_that_no_longer_resolves(tmp_path):
    root = tmp_path / "refs"
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('languages = ["en", "es"]\n', encoding="utf-8")
    (root / "source" / "refs.md").write_text(SOURCE, encoding="utf-8")
    assert run(root, "update").exit_code == 0
    path = root / "locales" / "es" / "LC_MESSAGES" / "refs.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgid
    catalog.find("Read [the full report][rep] for details.").msgstr = "Lea [el informe completo][report] ya."
    catalog.save()
    result = run(root, "check", "--lang", "es", "--format", "json")
    assert result.exit_code == 1
    problems = [p for p in json.loads(result.stdout)["problems"] if p["check"] == "markup"]
    assert len(problems) == 1 and "[report]" in problems[0]["message"]
    assert "would not resolve" in problems[0]["message"]


# --- Issue 24: the CommonMark spec's Links and Images examples, pseudo-translated ----------------

SPEC_EXAMPLES = Path(__file__).parent / "data" / "commonmark" / "links_and_images.json"


def _structure(markdown: str) -> list[str]:
    """The tags of what the dialect renders, in order, with each link's and image's target (a soft
    line break is no tag: a catalog entry joins the lines of its paragraph):
    a translation may change every text, never what is a link or an image, nor where it points."""
    found = []
    for token in walk(parser().parse(markdown)):
        if token.type in ("link_open", "image"):
            found.append(f"{token.type} {token.attrGet('href') or token.attrGet('src')}")
        elif token.type.endswith(("_open", "_close")) or token.type in ("hr", "hardbreak"):
            found.append(token.type)
    return found


def test_every_spec_example_of_links_and_images_keeps_its_structure_once_pseudo_translated(tmp_path):
    """Through the real path: `update` segments each example into a catalog, `translate --provider
    pseudo` changes every segment's letters (labels masked), `build` writes the edition."""
    examples = json.loads(SPEC_EXAMPLES.read_text(encoding="utf-8"))
    root = tmp_path / "spec"
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('languages = ["en", "es"]\n', encoding="utf-8")
    for example in examples:
        (root / "source" / f"example-{example['example']}.md").write_text(
            f"---\ntitle: Example {example['example']}\n---\n\n{example['markdown']}", encoding="utf-8")
    assert run(root, "update").exit_code == 0
    result = run(root, "translate", "--lang", "es", "--provider", "pseudo")
    assert result.exit_code == 0, result.stderr
    for path in (root / "locales" / "es" / "LC_MESSAGES").glob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:  # a reviewer accepts every suggestion
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save()
    result = run(root, "build", "--lang", "es", "--format", "md", "--min-percent", "0", "--outdated", "source")
    assert result.exit_code == 0, result.stderr
    changed, wrong = 0, []
    for example in examples:
        number = example["example"]
        built = (root / "build" / "es" / f"example-{number}.md").read_text(encoding="utf-8")
        body = built.split("---\n", 2)[2]
        changed += body.strip() != example["markdown"].strip()
        if _structure(body) != _structure(example["markdown"]):
            wrong.append(f"example {number}: {example['markdown']!r} -> {body!r}")
    assert not wrong, f"{len(wrong)} of {len(examples)} examples changed structure:\n" + "\n".join(wrong)
    assert changed > len(examples) * 3 // 4  # the examples were translated, not left as they were


# --- the rewrite and the masking, one case each ---------------------------------------------------

@pytest.mark.parametrize("source, translation, labels, expected", [
    ("[foo] [bar]", "[uno] [dos]", {"BAR"}, "[uno] [dos][bar]"),  # only [bar] is a link
    ("[foo][bar][baz]", "[uno][dos][baz]", {"BAZ"}, "[uno][dos][baz]"),  # [dos][baz] still links
    ("[foo][]", "[uno][]", {"FOO"}, "[uno][foo]"),
    ("Mira ![foo] aquí", "Look ![uno] here", {"FOO"}, "Look ![uno][foo] here"),
    ("\\[foo]", "\\[uno]", {"FOO"}, "\\[uno]"),  # no link in the source: none in the edition
    ("[foo](not a link)", "[uno](not a link)", {"FOO"}, "[uno][foo](not a link)"),
    ("[foo] y `[bar]`", "[uno] and `[bar]`", {"FOO", "BAR"}, "[uno][foo] and `[bar]`"),
    ("[foo]", "[uno] [dos]", {"FOO"}, "[uno] [dos]"),  # no one-to-one pairing: left for check
])
def test_a_changed_shortcut_or_collapsed_reference_becomes_a_full_one(source, translation, labels, expected):
    assert keep_references(source, translation, frozenset(labels)) == expected


def test_machine_translation_never_sees_a_label():
    masked = mask("The report by [DW] and [the map][] cite [foo][bar][baz].",
                  labels=frozenset({"DW", "THE MAP", "BAZ"}))
    assert "DW" not in masked.text and "map" not in masked.text and "baz" not in masked.text
    assert "foo" in masked.text and "bar" in masked.text  # texts, not labels: translated
    assert unmask(masked, masked.text) == masked.source
