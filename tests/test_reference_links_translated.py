"""Issue 11, localized links: reference links and images translated by `translate` still link."""

from __future__ import annotations

import json
import re

import polib

from helpers import run

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
    # Every reference of the translation names a label the source defines.
    used = re.findall(r"\]\[([^\]]*)\]", markdown)
    assert sorted(used) == ["DW", "DW", "photo", "rep"], markdown
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
