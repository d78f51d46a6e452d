"""``build/index.html``: every document x language, with ``l10n status``'s numbers."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from helpers import DOC, run
from helpers.html import parse_html, text_of

from l10n_tool.reporting import status
from l10n_tool.workspace import Workspace

OLD = "as Trump has already done for some Mexican and Venezuelan cartels."
NEW = "as Trump has already done for several Mexican and Venezuelan cartels."


def rows(root: Path) -> dict[str, object]:
    tree = parse_html(root / "build" / "index.html")
    return {(r.get("data-document"), r.get("data-language")): r for r in tree.iter("tr") if r.get("data-language")}


@pytest.fixture
def stale_project(project: Path) -> Path:
    source = project / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    assert OLD in text
    source.write_text(text.replace(OLD, NEW), encoding="utf-8")
    assert run(project, "update").exit_code == 0
    return project


def test_dashboard_is_valid_html5_and_lists_every_document_and_language(project):
    assert run(project, "build").exit_code == 0
    tree = parse_html(project / "build" / "index.html")
    assert tree.get("lang") == "en"
    assert set(rows(project)) == {(DOC, "en"), (DOC, "es"), (DOC, "de")}
    assert "Ecuador asks for military support" in text_of(tree.find("body"))


def test_dashboard_numbers_are_the_status_numbers(stale_project):
    assert run(stale_project, "build").exit_code == 0
    found = rows(stale_project)
    expected = status(Workspace.open(stale_project)).as_json()["catalogs"]
    assert len(found) == len(expected)
    for catalog in expected:
        row = found[(catalog["document"], catalog["language"])]
        for key in ("percent", "translated", "total", "fuzzy", "stale", "untranslated"):
            assert float(row.get(f"data-{key}")) == catalog[key], key
        shown = text_of(row)
        assert f"{catalog['percent']:g}%" in shown
        assert f"{catalog['translated']}/{catalog['total']}" in shown
    # The stale entries were really counted (not a vacuous comparison of zeros).
    assert found[(DOC, "es")].get("data-stale") == "1"
    assert found[(DOC, "en")].get("data-stale") == "0"


def test_percent_bar_is_as_wide_as_the_percent(stale_project):
    assert run(stale_project, "build").exit_code == 0
    row = rows(stale_project)[(DOC, "de")]
    bar = next(s for s in row.iter("span") if "bar" in (s.get("class") or "").split())
    inner = list(bar)[0]
    assert inner.get("style") == f"width: {float(row.get('data-percent')):g}%"


def test_stale_entries_show_the_source_diff_and_kept_translation(stale_project):
    assert run(stale_project, "build").exit_code == 0
    tree = parse_html(stale_project / "build" / "index.html")
    row = rows(stale_project)[(DOC, "es")]
    link = next(a for a in row.iter("a") if a.get("href", "").startswith("#"))
    section = next(s for s in tree.iter("section") if s.get("id") == link.get("href")[1:])
    assert [text_of(d) for d in section.iter("del")] == ["some"]
    assert [text_of(i) for i in section.iter("ins")] == ["several"]
    kept = text_of(next(p for p in section.iter("p") if p.get("class") == "kept"))
    assert "homólogo estadounidense, Donald Trump" in kept
    assert f"locales/es/LC_MESSAGES/{DOC}.po:" in text_of(section)


def test_published_pages_are_linked_and_resolve(project):
    assert run(project, "build").exit_code == 0
    index = project / "build" / "index.html"
    for (_, lang), row in rows(project).items():
        assert row.get("data-state") == "published"
        (link,) = [a for a in row.iter("a") if a.get("href", "").endswith(".html")]
        target = Path(urlsplit(urljoin(index.as_uri(), link.get("href"))).path)
        assert target.is_file()
        assert parse_html(target).get("lang") == lang


def test_missing_catalog_is_held_back_with_the_reason(project):
    (project / "locales" / "de" / "LC_MESSAGES" / f"{DOC}.po").unlink()
    result = run(project, "build")
    assert result.exit_code == 0
    row = rows(project)[(DOC, "de")]
    assert row.get("data-state") == "held-back"
    assert "no catalog" in text_of(row)


def test_dashboard_shows_every_language_even_when_building_one(project):
    assert run(project, "build", "--lang", "es").exit_code == 0
    assert set(rows(project)) == {(DOC, "en"), (DOC, "es"), (DOC, "de")}


# --- build behaviour for HTML: --use-stale, --strict, the summary ---------------------------


def _paragraph_with(root: Path, lang: str, needle: str) -> str:
    tree = parse_html(root / "build" / lang / f"{DOC}.html")
    return next(text_of(p) for p in tree.iter("p") if needle in text_of(p))


def test_stale_segment_falls_back_to_the_source_text_under_source(stale_project):
    result = run(stale_project, "build", "--format", "html", "--outdated", "source")
    assert result.exit_code == 0
    assert "segments in the source language" in result.stdout
    assert NEW in _paragraph_with(stale_project, "es", "several Mexican")
    row = rows(stale_project)[(DOC, "es")]
    assert "1 segments shown in the source language" in text_of(row)


@pytest.mark.parametrize("options", [(), ("--use-stale",), ("--outdated", "keep")])
def test_keep_publishes_the_kept_translation(stale_project, options):
    assert run(stale_project, "build", "--format", "html", *options).exit_code == 0
    tree = parse_html(stale_project / "build" / "es" / f"{DOC}.html")
    body = text_of(tree.find("body"))
    assert NEW not in body
    assert "ya hizo con algunos cárteles mexicanos" in body
    assert 'outdated = "keep"' in text_of(parse_html(stale_project / "build" / "index.html").find("body"))


def test_strict_fails_on_fallbacks_in_html(stale_project):
    result = run(stale_project, "build", "--format", "html", "--strict", "--outdated", "source")
    assert result.exit_code == 1
    assert "2 with fallbacks" in result.stdout
    assert (stale_project / "build" / "es" / f"{DOC}.html").is_file()


def test_strict_passes_when_everything_is_published(project):
    result = run(project, "build", "--format", "html", "--strict")
    assert result.exit_code == 0
    assert "3 published, 0 outdated, 0 held back, 0 with fallbacks" in result.stdout


def test_stale_entry_without_a_translation_is_counted_as_status_counts_it(stale_project):
    """The dashboard links stale counts to diffs; both follow status, which counts such an entry untranslated."""
    import polib

    po = stale_project / "locales" / "de" / "LC_MESSAGES" / f"{DOC}.po"
    catalog = polib.pofile(str(po))
    (entry,) = [e for e in catalog if e.previous_msgid]
    entry.msgstr = ""
    catalog.save(str(po))
    assert run(stale_project, "build").exit_code == 0
    row = rows(stale_project)[(DOC, "de")]
    assert row.get("data-stale") == "0"
    stale_cell = next(td for td in row.iter("td") if td.get("data-label") == "Fuzzy (stale)")
    assert not [a for a in stale_cell.iter("a")]
    # Listed, as status counts it, among the entries with no translation, not the stale ones.
    tree = parse_html(stale_project / "build" / "index.html")
    (section,) = [s for s in tree.iter("section") if s.get("id") == f"stale-{DOC}-de"]
    assert not list(section.iter("del")) and NEW in text_of(next(section.iter("ol")))
