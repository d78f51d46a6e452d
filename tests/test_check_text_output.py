"""``check``'s text output at scale (issue 23 items 5 and 8): a new language on many documents
prints a count and the first few entries per catalog (all with -v), one line per catalog with
--quiet, and is coloured on a terminal like the other commands' output."""

from __future__ import annotations

import json
import re
import sys

import pytest

from helpers import REPO, run
from helpers.checkutil import edit
from l10n_tool.checks.output import FIRST_FEW

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402  (benchmarks/generate.py: the synthetic corpus)

ARTICLES = 20


@pytest.fixture(scope="module")
def new_language(tmp_path_factory):
    """20 articles translated into es; fr just added, every entry untranslated."""
    root = tmp_path_factory.mktemp("scale") / "corpus"
    generate.generate(root, ARTICLES, ["en", "es"])
    generate.write_config(root, ["en", "es", "fr"])
    assert run(root, "update").exit_code == 0
    return root


def _untranslated(root) -> dict[str, int]:
    report = json.loads(run(root, "check", "--format", "json", "--lang", "fr").stdout)
    return {c["path"]: c["untranslated"] for c in report["catalogs"]}


def test_entries_are_counted_and_the_first_few_listed_per_catalog(new_language):
    counts = _untranslated(new_language)
    assert len(counts) == ARTICLES and all(n > FIRST_FEW for n in counts.values())
    result = run(new_language, "check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for path, untranslated in counts.items():
        (head,) = [l for l in lines if l.startswith(f"{path}: [completeness] ") and "entries untranslated" in l]
        assert f"{untranslated} entries untranslated; the first {FIRST_FEW} ('-v' lists all):" in head
        listed = [l for l in lines if l.startswith(f"  {path}:") and "untranslated: '" in l]
        assert len(listed) == FIRST_FEW
        assert f"  … and {untranslated - FIRST_FEW} more" in lines
    # a few lines per catalog, not one per entry
    assert len(lines) < ARTICLES * (FIRST_FEW + 4) + 10 < sum(counts.values())


def test_verbose_lists_every_entry(new_language):
    counts = _untranslated(new_language)
    lines = run(new_language, "-v", "check").stdout.splitlines()
    for path, untranslated in counts.items():
        assert len([l for l in lines if l.startswith(f"  {path}:") and "untranslated: '" in l]) == untranslated
    assert not any("more" == l.split()[-1] for l in lines if l.startswith("  …"))


def test_quiet_prints_one_line_per_catalog(new_language):
    counts = _untranslated(new_language)
    lines = run(new_language, "-q", "check").stdout.splitlines()
    assert len(lines) == ARTICLES + 1
    for path, untranslated in counts.items():
        (line,) = [l for l in lines if l.startswith(f"{path}: ")]
        assert re.fullmatch(rf"{re.escape(path)}: 0 translated, 0 fuzzy, {untranslated} untranslated "
                            rf"\(0\.00%\); \d+ errors?, 0 warnings", line), line
    assert lines[-1].startswith("l10n check FAILED in 20 of 60 catalogs")


def test_a_few_entries_are_listed_as_they_are(project):
    edit(project, "es", "Ecuador is currently experiencing", msgstr="")
    lines = run(project, "check").stdout.splitlines()
    assert not any("the first" in l for l in lines)
    assert any(re.match(r"^locales/es/\S+\.po:\d+: \[completeness\] untranslated: '", l) for l in lines)


def test_check_text_is_coloured_on_a_terminal_only(project):
    edit(project, "es", "Ecuador is currently experiencing", msgstr="")
    coloured = run(project, "check", color=True).stdout
    assert "\x1b[31m[completeness]\x1b[0m" in coloured and "\x1b[31m\x1b[1ml10n check FAILED" in coloured
    assert "\x1b[" in run(project, "check", "--color").stdout
    for plain in (run(project, "check"), run(project, "check", "--no-color", color=True),
                  run(project, "check", color=True, env={"NO_COLOR": "1"})):
        assert "\x1b[" not in plain.stdout
    assert "\x1b[32m" in run(REPO, "check", color=True).stdout  # passed: green


def test_colour_never_lets_a_catalogs_escape_sequence_through(project):
    edit(project, "es", "Ecuador is currently experiencing", replace=("Ecuador", "\x1b[2JEcuador"))
    coloured = run(project, "check", color=True).stdout
    assert "\x1b[2J" not in coloured and "\x1b[31m" in coloured
