"""Issue 11: build/ holds exactly what may go live, checked, consistent, and says why."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from helpers import DOC, run
from helpers.html import json_ld, parse_html, set_translations, text_of

LANGUAGES = ("en", "es", "de")
MANIFEST = ".l10n-manifest.json"


def source_path(root: Path) -> Path:
    return root / "source" / f"{DOC}.md"


def edit_source(root: Path, old: str, new: str) -> None:
    path = source_path(root)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_paragraphs(root: Path, count: int) -> None:
    extra = "".join(f"\nParagraph number {n} was added after the translation was done.\n" for n in range(count))
    path = source_path(root)
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    assert run(root, "update").exit_code == 0


def local_links(page: Path) -> list[str]:
    """Every link of a page to a file of the site: switcher, hreflang alternates, JSON-LD."""
    tree = parse_html(page)
    hrefs = [a.get("href") for a in tree.iter("a")] + [link.get("href") for link in tree.iter("link")]
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("url", "@id") and isinstance(item, str):
                    found.append(item)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    if page.name != "index.html":
        walk(json_ld(tree))
    return [h for h in hrefs + found if h and not urlsplit(h).scheme and not h.startswith("#")]


def assert_links_resolve(root: Path) -> None:
    for page in (root / "build").rglob("*.html"):
        for href in local_links(page):
            target = (page.parent / unquote(urlsplit(href).path)).resolve()
            assert target.is_file(), (page, href)


# --- 1. build/ is a complete, consistent site ------------------------------------------------------

def test_held_back_editions_leave_build_and_nothing_links_to_them(project):
    assert run(project, "build").exit_code == 0
    assert_links_resolve(project)
    manifest = json.loads((project / "build" / MANIFEST).read_text(encoding="utf-8"))
    assert f"es/{DOC}.html" in manifest["files"] and f"de/{DOC}.md" in manifest["files"]
    mine = project / "build" / "es" / "notes.txt"  # a file build did not write
    mine.write_text("keep me", encoding="utf-8")

    add_paragraphs(project, 4)  # es and de fall below 95 %
    result = run(project, "build", "--min-percent", "95")
    assert result.exit_code == 0, result.stderr
    for lang in ("es", "de"):
        assert not (project / "build" / lang / f"{DOC}.html").exists()
        assert not (project / "build" / lang / f"{DOC}.md").exists()
        assert f"build/{lang}/{DOC}.html: removed" in result.stdout
        assert f"held back {DOC} [{lang}]" in result.stdout
    assert f"published {DOC} [en]" in result.stdout
    assert mine.read_text(encoding="utf-8") == "keep me"
    assert (project / "build" / "en" / f"{DOC}.html").is_file()
    assert_links_resolve(project)
    en = parse_html(project / "build" / "en" / f"{DOC}.html")
    assert "workTranslation" not in json_ld(en)
    manifest = json.loads((project / "build" / MANIFEST).read_text(encoding="utf-8"))
    assert not [name for name in manifest["files"] if name.startswith(("es/", "de/"))]

    strict = run(project, "-q", "build", "--strict", "--min-percent", "95")
    assert strict.exit_code == 1
    assert strict.stdout == ""
    lines = strict.stderr.strip().splitlines()
    assert any("[es]" in line for line in lines) and any("[de]" in line for line in lines), strict.stderr


def test_build_never_deletes_what_the_manifest_does_not_list(project):
    assert run(project, "build").exit_code == 0
    manifest_path = project / "build" / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    # A manifest cannot name a file outside the build folder.
    outside = project / "source" / f"{DOC}.md"
    manifest["files"]["../source/" + f"{DOC}.md"] = [DOC, "es"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    add_paragraphs(project, 4)
    assert run(project, "build", "--min-percent", "95").exit_code == 0
    assert outside.is_file()


def test_building_one_language_links_only_to_pages_that_exist(project):
    result = run(project, "build", "--lang", "es", "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert_links_resolve(project)


# --- 2. nothing unchecked goes live ----------------------------------------------------------------

def test_a_stale_entry_whose_numbers_changed_is_never_published(project):
    # Words and the number change, so the entry goes stale (a number-only edit is carried).
    edit_source(project, "Some 1,300 murders were recorded", "Around 1,400 killings were recorded")
    assert run(project, "update").exit_code == 0
    for policy in ("keep", "source"):
        result = run(project, "build", "--outdated", policy, "--min-percent", "0")
        assert result.exit_code == 0, result.stderr
        for lang in ("es", "de"):
            for suffix in (".md", ".html"):
                text = (project / "build" / lang / f"{DOC}{suffix}").read_text(encoding="utf-8")
                assert "1300" not in text and "1.300" not in text, (policy, lang, suffix)
                # Under "source" the source's sentence stands in; under "keep" it is left out.
                assert ("1,400" in text) == (policy == "source"), (policy, lang, suffix)


def test_a_translation_failing_a_check_falls_back_and_is_listed(project):
    po = project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    set_translations(po, {"Some 1,300 murders…": "Unos 1700 asesinatos en 50 días de 2025."})
    result = run(project, "build", "--outdated", "source")
    assert result.exit_code == 0, result.stderr
    for suffix in (".md", ".html"):
        assert "1700" not in (project / "build" / "es" / f"{DOC}{suffix}").read_text(encoding="utf-8")
    assert "fallback" in result.stdout and "numbers" in result.stdout
    assert "1 with fallbacks" in result.stdout
    dashboard = parse_html(project / "build" / "index.html")
    (row,) = [r for r in dashboard.iter("tr") if r.get("data-language") == "es"]
    assert "1 segments shown in the source language" in text_of(row)
    strict = run(project, "-q", "build", "--strict", "--outdated", "source")
    assert strict.exit_code == 1 and "fallback" in strict.stderr and "[es]" in strict.stderr
    # Under "keep" the failing sentence is left out, said so, and --strict fails as well.
    result = run(project, "build")
    assert "left out" in result.stdout and "numbers" in result.stdout
    assert "1700" not in (project / "build" / "es" / f"{DOC}.md").read_text(encoding="utf-8")
    assert run(project, "-q", "build", "--strict").exit_code == 1


def test_fallback_sentence_is_marked_with_the_source_language(project):
    po = project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    set_translations(po, {"Ecuador is currently experiencing an unparalleled wave of violence.": None})
    assert run(project, "build", "--format", "html", "--outdated", "source").exit_code == 0
    tree = parse_html(project / "build" / "es" / f"{DOC}.html")
    marked = [text_of(e) for e in tree.iter() if e.get("lang") == "en" and e.tag == "span"]
    assert "Ecuador is currently experiencing an unparalleled wave of violence." in marked


# --- 4. editions know the original -----------------------------------------------------------------

def test_the_origin_language_edition_has_no_origin_note_and_json_ld_names_the_original(project):
    edit_source(project, "origin_language: de\n", "origin_language: de\norigin_url: https://www.dw.com/de/a-1\n")
    assert run(project, "update").exit_code == 0
    assert run(project, "build", "--min-percent", "0").exit_code == 0
    for lang in LANGUAGES:
        tree = parse_html(project / "build" / lang / f"{DOC}.html")
        assert json_ld(tree)["isBasedOn"]["url"] == "https://www.dw.com/de/a-1"
        # The German edition is not called a translation of the English page; the English page
        # names the German original by its URL.
        work = json_ld(tree).get("translationOfWork")
        if lang == "de":
            assert work is None
        elif lang == "en":
            assert work == {"@type": "NewsArticle", "url": "https://www.dw.com/de/a-1", "inLanguage": "de"}
        assert [a for a in tree.iter("a") if a.get("href") == "https://www.dw.com/de/a-1"]
        notes = [p for p in tree.iter("p") if p.get("class") == "origin-note"]
        assert bool(notes) == (lang != "de")


def test_javascript_canonical_and_origin_urls_are_never_published(project):
    edit_source(project, "canonical_url: https://p.dw.com/p/4s8JP",
                "canonical_url: javascript:alert(1)\norigin_url: 'javascript:alert(2)'")
    assert run(project, "update").exit_code == 0
    assert run(project, "build", "--min-percent", "0").exit_code == 0
    for lang in LANGUAGES:
        text = (project / "build" / lang / f"{DOC}.html").read_text(encoding="utf-8")
        assert "javascript:" not in text
        tree = parse_html(project / "build" / lang / f"{DOC}.html")
        (canonical,) = [link for link in tree.iter("link") if link.get("rel") == "canonical"]
        assert canonical.get("href") == f"../{lang}/{DOC}.html"


# --- 5. say why ------------------------------------------------------------------------------------

def test_a_malformed_catalog_holds_back_its_language_only(project):
    po = project / "locales" / "de" / "LC_MESSAGES" / f"{DOC}.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "', 'msgstr "\\q', 3), encoding="utf-8")
    result = run(project, "build")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"locales/de/LC_MESSAGES/{DOC}.po:" in lines[0], result.stderr
    for lang in ("en", "es"):
        assert (project / "build" / lang / f"{DOC}.html").is_file()
    assert not (project / "build" / "de").exists()
    assert_links_resolve(project)
    dashboard = parse_html(project / "build" / "index.html")
    (row,) = [r for r in dashboard.iter("tr") if r.get("data-language") == "de"]
    assert "unreadable catalog" in text_of(row) and "malformed catalog" in text_of(row)


# --- 8. the dashboard on a phone -------------------------------------------------------------------

def test_every_dashboard_card_names_its_document(project):
    assert run(project, "build").exit_code == 0
    tree = parse_html(project / "build" / "index.html")
    rows = [r for r in tree.iter("tr") if r.get("data-language")]
    assert len(rows) == 3
    for row in rows:
        names = [text_of(e) for e in row.iter() if e.get("class") == "card-document"]
        assert names == ["Ecuador asks for military support against 'narcoterrorism'"]


# --- the dashboard escapes what it is given --------------------------------------------------------

def test_a_hostile_document_name_cannot_inject_markup(project):
    name = 'x" onmouseover="alert(document.domain)" y='
    (project / "source" / f"{name}.md").write_text("# Title\n\nSome text.\n", encoding="utf-8")
    assert run(project, "update").exit_code == 0
    assert run(project, "build", "--min-percent", "0").exit_code == 0
    tree = parse_html(project / "build" / "index.html")
    for element in tree.iter():
        assert not [a for a in element.attrib if a.lower().startswith("on")], element.attrib
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert any(name in unquote(h or "") for h in hrefs)


# --- 6. one set of numbers -------------------------------------------------------------------------

def test_status_check_build_and_dashboard_agree_on_every_count(project):
    po = project / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    set_translations(po, {"Ecuador is currently experiencing an unparalleled wave of violence.": None})
    set_translations(po, {"Some 1,300 murders…": "Unos 1300 asesinatos en los primeros 50 días de 2025."},
                     fuzzy=True)
    edit_source(project, "But experts argue", "But many experts argue")  # a stale entry
    assert run(project, "update").exit_code == 0

    status = json.loads(run(project, "status", "--format", "json").stdout)["catalogs"]
    check = json.loads(run(project, "check", "--format", "json").stdout)["catalogs"]
    build = run(project, "build", "--min-percent", "0")
    assert build.exit_code == 0, build.stderr
    dashboard = parse_html(project / "build" / "index.html")
    rows = {r.get("data-language"): r for r in dashboard.iter("tr") if r.get("data-language")}
    es = next(s for s in status if s["language"] == "es")
    assert es["fuzzy"] >= 2 and es["stale"] >= 1 and es["untranslated"] >= 1  # not a vacuous comparison
    assert es["fuzzy"] >= es["stale"]  # stale is a subset of fuzzy
    assert es["total"] == es["translated"] + es["fuzzy"] + es["untranslated"]
    for row in status:
        lang = row["language"]
        (checked,) = [c for c in check if c["language"] == lang]
        for key in ("total", "translated", "fuzzy", "stale", "untranslated", "percent"):
            assert checked[key] == row[key], (lang, key)
            assert rows[lang].get(f"data-{key}") == str(row[key]), (lang, key)
        assert f"build/{lang}/{DOC}.html" not in build.stdout or f"({row['percent']:g}%" in build.stdout
    assert f"({es['percent']:g}%" in build.stdout
    table = run(project, "status").stdout
    assert f"{es['fuzzy']} ({es['stale']} stale)" in table
    assert f"{es['fuzzy']} ({es['stale']} stale)" in text_of(rows["es"])


# --- 7. Markdown editions are usable ---------------------------------------------------------------

def test_local_files_a_markdown_edition_links_resolve_from_its_folder(project):
    images = project / "source" / "images"
    images.mkdir()
    (images / "noboa-podium.jpg").write_bytes(b"\xff\xd8\xff\xe0 a photo")
    assert run(project, "build").exit_code == 0
    manifest = json.loads((project / "build" / MANIFEST).read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        copy = project / "build" / lang / "images" / "noboa-podium.jpg"
        assert copy.read_bytes() == b"\xff\xd8\xff\xe0 a photo"
        assert f"{lang}/images/noboa-podium.jpg" in manifest["files"]
        markdown = (project / "build" / lang / f"{DOC}.md").read_text(encoding="utf-8")
        assert "](images/noboa-podium.jpg)" in markdown
    add_paragraphs(project, 4)
    assert run(project, "build", "--min-percent", "95").exit_code == 0
    assert not (project / "build" / "es" / "images").exists()
    assert (project / "build" / "en" / "images" / "noboa-podium.jpg").is_file()


# --- 3. localized links ----------------------------------------------------------------------------

LINKED = """\
---
title: A report
---

Read [the report](https://www.dw.com/en/report/a-1) today.

That is all.
"""

LINKS_CONFIG = """\
source_language = "en"
languages = ["en", "es"]
segment = "paragraph"

[links]
allow = ["https://www.example.org/"]

[links.map]
"https://www.dw.com/en/" = { es = "https://www.dw.com/es/" }
"""


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    root = tmp_path / "linked"
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text(LINKS_CONFIG, encoding="utf-8")
    (root / "source" / "report.md").write_text(LINKED, encoding="utf-8")
    assert run(root, "update").exit_code == 0
    return root


def _translate_report(root: Path, link: str) -> None:
    po = root / "locales" / "es" / "LC_MESSAGES" / "report.po"
    set_translations(po, {"A report": "Un informe", "That is all.": "Eso es todo.",
                          "Read [the report](https://www.dw.com/en/report/a-1) today.":
                              f"Lea hoy [el informe]({link})."})


@pytest.mark.parametrize("link", ["https://www.dw.com/es/informe/a-2", "https://www.example.org/x"])
def test_a_mapped_or_allowed_destination_passes_check_and_survives_in_both_outputs(linked, link):
    _translate_report(linked, link)
    check = json.loads(run(linked, "check", "--lang", "es", "--format", "json").stdout)
    assert not [p for p in check["problems"] if p["check"] in ("markup", "urls")], check["problems"]
    assert run(linked, "build").exit_code == 0
    assert f"[el informe]({link})" in (linked / "build" / "es" / "report.md").read_text(encoding="utf-8")
    tree = parse_html(linked / "build" / "es" / "report.html")
    assert [a for a in tree.iter("a") if a.get("href") == link]


def test_an_unmapped_destination_is_reported_and_published_in_neither_output(linked):
    _translate_report(linked, "https://evil.example/x")
    check = json.loads(run(linked, "check", "--lang", "es", "--format", "json").stdout)
    assert [p for p in check["problems"] if p["check"] == "markup" and "evil.example" in p["message"]]
    result = run(linked, "build", "--min-percent", "0", "--outdated", "source")
    assert result.exit_code == 0, result.stderr
    for suffix in (".md", ".html"):
        text = (linked / "build" / "es" / f"report{suffix}").read_text(encoding="utf-8")
        assert "evil.example" not in text
        assert "https://www.dw.com/en/report/a-1" in text  # the source's sentence, link and all
    assert "fallback" in result.stdout
    # Under "keep" (the default) the sentence is left out instead, and so is its link.
    result = run(linked, "build", "--min-percent", "0")
    assert result.exit_code == 0, result.stderr
    for suffix in (".md", ".html"):
        text = (linked / "build" / "es" / f"report{suffix}").read_text(encoding="utf-8")
        assert "evil.example" not in text and "dw.com/en/report" not in text
    assert "left out" in result.stdout


# --- 9. pages search engines read correctly --------------------------------------------------------

def test_base_url_makes_every_alternate_and_json_ld_url_absolute_and_resolvable(project):
    config = project / "l10n.toml"
    config.write_text('base_url = "https://example.org/news/"\n' + config.read_text(encoding="utf-8"),
                      encoding="utf-8")
    assert run(project, "build").exit_code == 0
    base = "https://example.org/news/"

    def resolves(url: str) -> bool:
        return url.startswith(base) and (project / "build" / unquote(url[len(base):])).is_file()

    for lang in LANGUAGES:
        tree = parse_html(project / "build" / lang / f"{DOC}.html")
        for link in tree.iter("link"):
            if link.get("rel") == "alternate":
                assert resolves(link.get("href")), link.get("href")
            if link.get("rel") == "canonical":
                assert resolves(link.get("href")) or (lang == "en" and link.get("href") == "https://p.dw.com/p/4s8JP")
        urls = []

        def walk(value):
            if isinstance(value, dict):
                urls.extend(v for k, v in value.items() if k in ("url", "@id"))
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(json_ld(tree))
        # Itself and at least one other edition (the German one stands in for the original, which
        # is nobody's translation: see test_json_ld_parses_and_names_the_other_editions).
        assert len(urls) >= 4 and all(resolves(url) for url in urls), urls


# --- 3. reference-style links keep resolving -------------------------------------------------------

REFERENCES = """\
---
title: T
---

Read the [DW] report, the [AFP][] wire and see ![photo][] or [the full text][DW].

[DW]: https://www.dw.com/en/
[AFP]: https://www.afp.com/
[photo]: images/p.jpg
"""


def test_shortcut_and_collapsed_references_still_link_when_their_text_is_translated(tmp_path):
    root = tmp_path / "refs"
    (root / "source" / "images").mkdir(parents=True)
    (root / "l10n.toml").write_text('source_language = "en"\nlanguages = ["en", "es"]\nsegment = "paragraph"\n',
                                    encoding="utf-8")
    (root / "source" / "r.md").write_text(REFERENCES, encoding="utf-8")
    (root / "source" / "images" / "p.jpg").write_bytes(b"\xff\xd8\xff\xe0 a photo")
    assert run(root, "update").exit_code == 0
    set_translations(root / "locales" / "es" / "LC_MESSAGES" / "r.po", {
        "T": "T.",
        "Read the [DW] report, the [AFP][] wire and see ![photo][] or [the full text][DW].":
            "Lea el informe de [Deutsche Welle], el teletipo de [la agencia AFP][] y vea ![la foto][] "
            "o [el texto completo][DW]."})
    result = run(root, "build", "--min-percent", "0", "--outdated", "source")
    assert result.exit_code == 0, result.stderr
    markdown = (root / "build" / "es" / "r.md").read_text(encoding="utf-8")
    assert "[Deutsche Welle][DW]" in markdown and "[la agencia AFP][AFP]" in markdown
    assert "![la foto][photo]" in markdown and "[el texto completo][DW]" in markdown
    tree = parse_html(root / "build" / "es" / "r.html")
    links = {text_of(a): a.get("href") for a in tree.find("body").iter("a") if a.get("hreflang") is None}
    assert links == {"Deutsche Welle": "https://www.dw.com/en/", "la agencia AFP": "https://www.afp.com/",
                     "el texto completo": "https://www.dw.com/en/"}
    assert [img.get("alt") for img in tree.iter("img")] == ["la foto"]
