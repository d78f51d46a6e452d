"""``build --format html``: valid, localized, linked pages for every published language."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from helpers import DOC, run, snapshot
from helpers.html import alternates, json_ld, parse_html, set_translations, switcher, text_of

from l10n_tool.publish.build import build
from l10n_tool.workspace import Workspace

LANGUAGES = ["en", "es", "de"]
DATES = {"en": "March 23, 2025", "es": "23 de marzo de 2025", "de": "23. März 2025"}
NAMES = {"en": "English", "es": "Español", "de": "Deutsch"}
TITLES = {
    "en": "Ecuador asks for military support against 'narcoterrorism'",
    "es": "Ecuador pide apoyo militar contra el «narcoterrorismo»",
    "de": "Ecuador bittet um militärische Unterstützung gegen „Narkoterrorismus“",
}


def page(root: Path, lang: str) -> Path:
    return root / "build" / lang / f"{DOC}.html"


def resolve(page_path: Path, href: str) -> Path:
    """Where a relative link on a page on disk points, as a browser would resolve it."""
    url = urljoin(page_path.as_uri(), href)
    assert urlsplit(url).scheme == "file", href
    return Path(urlsplit(url).path)


@pytest.fixture
def built(project: Path) -> Path:
    result = run(project, "build")
    assert result.exit_code == 0, result.stderr
    return project


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_is_valid_html5_with_lang_dir_title_and_description(built, lang):
    tree = parse_html(page(built, lang))
    assert tree.get("lang") == lang
    assert tree.get("dir") == "ltr"
    assert any(m.get("charset", "").lower() == "utf-8" for m in tree.iter("meta"))
    assert text_of(tree.find("head/title")) == TITLES[lang]
    description = next(m.get("content") for m in tree.iter("meta") if m.get("name") == "description")
    assert description.startswith({"en": "President Daniel Noboa says", "es": "El presidente Daniel Noboa",
                                   "de": "Präsident Daniel Noboa sieht"}[lang])
    assert text_of(tree.find(".//h1")) == TITLES[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_byline_date_is_formatted_for_the_language(built, lang):
    tree = parse_html(page(built, lang))
    time = next(tree.iter("time"))
    assert time.get("datetime") == "2025-03-23"
    assert text_of(time) == DATES[lang]
    byline = text_of(next(p for p in tree.iter("p") if p.get("class") == "byline"))
    # The authors' names as they write them, accents included, in every edition.
    assert "Gabriel González" in byline and "Diego Zúñiga" in byline


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hreflang_alternates_cover_every_language_and_resolve(built, lang):
    path = page(built, lang)
    tree = parse_html(path)
    links = alternates(tree)
    assert set(links) == {"en", "es", "de", "x-default"}
    assert resolve(path, links["x-default"]) == page(built, "en")
    for code, href in links.items():
        target = resolve(path, href)
        assert target.is_file(), href
        if code != "x-default":
            assert parse_html(target).get("lang") == code
    canonical = [link.get("href") for link in tree.iter("link") if link.get("rel") == "canonical"]
    # The source language points to the original article; each translation to itself.
    assert canonical == (["https://p.dw.com/p/4s8JP"] if lang == "en" else [links[lang]])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switcher_names_languages_in_their_own_names_and_links_resolve(built, lang):
    path = page(built, lang)
    nav = switcher(parse_html(path))
    links = {a.get("hreflang"): a for a in nav.iter("a")}
    assert set(links) == set(LANGUAGES) - {lang}
    for code, anchor in links.items():
        assert text_of(anchor) == NAMES[code]
        assert anchor.get("lang") == code
        target = resolve(path, anchor.get("href"))
        assert target.is_file()
        assert parse_html(target).get("lang") == code
    current = [s for s in nav.iter("span") if s.get("aria-current") == "page"]
    assert [text_of(s) for s in current] == [NAMES[lang]]


def test_figures_carry_localized_alt_caption_and_credit(built):
    tree = parse_html(page(built, "de"))
    figures = list(tree.iter("figure"))
    assert len(figures) == 3
    first = figures[0]
    image = first.find(".//*[@role='img']")
    assert image.get("aria-label").startswith("Ecuadors Präsident Daniel Noboa an einem Rednerpult")
    caption = first.find("figcaption")
    assert text_of(caption.find("span[@class='caption']")).startswith("Ecuadors Präsident Daniel Noboa setzt")
    assert text_of(caption.find("span[@class='credit']")) == "Bild: Marcos Pin/AFP/Getty Images"


def test_page_is_standalone(built):
    """No stylesheet, script, font or image is fetched from anywhere."""
    for lang in LANGUAGES:
        tree = parse_html(page(built, lang))
        assert not [link for link in tree.iter("link") if link.get("rel") in ("stylesheet", "preload", "icon")]
        assert all(s.get("src") is None for s in tree.iter("script"))
        assert all((img.get("src") or "").startswith("data:") for img in tree.iter("img"))
        styles = "".join(s.text or "" for s in tree.iter("style"))
        assert "@import" not in styles and "url(" not in styles


def test_local_image_is_embedded(project):
    images = project / "source" / "images"
    images.mkdir()
    (images / "noboa-podium.jpg").write_bytes(b"\xff\xd8\xff\xe0not really a jpeg")
    assert run(project, "build", "--format", "html").exit_code == 0
    tree = parse_html(page(project, "es"))
    imgs = list(tree.iter("img"))
    assert len(imgs) == 1
    assert imgs[0].get("src").startswith("data:image/jpeg;base64,")
    assert imgs[0].get("alt").startswith("El presidente ecuatoriano, Daniel Noboa, ante un atril")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_origin_note_is_the_localized_italic_paragraph(built, lang):
    """origin_language: de: the German edition stands for the original, so it carries no note."""
    tree = parse_html(page(built, lang))
    notes = [p for p in tree.iter("p") if p.get("class") == "origin-note"]
    assert [text_of(n) for n in notes] == {
        "en": ["This article was originally written in German."],
        "es": ["Este artículo fue publicado originalmente en alemán."],
        "de": [],
    }[lang]
    markdown = page(built, lang).with_suffix(".md").read_text(encoding="utf-8")
    assert ("Original auf Deutsch" in markdown or "originally written" in markdown
            or "originalmente en alemán" in markdown) == (lang != "de")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_json_ld_parses_and_names_the_other_editions(built, lang):
    path = page(built, lang)
    data = json_ld(parse_html(path))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == TITLES[lang]
    assert data["description"] == next(m.get("content") for m in parse_html(path).iter("meta")
                                       if m.get("name") == "description")
    assert data["datePublished"] == "2025-03-23"
    assert [a["name"] for a in data["author"]] == ["Gabriel González", "Diego Zúñiga"]
    assert data["inLanguage"] == lang

    named = {}

    def collect(node):
        for key in ("translationOfWork", "workTranslation"):
            value = node.get(key)
            for work in value if isinstance(value, list) else [value] if value else []:
                named[work["inLanguage"]] = work
                collect(work)

    collect(data)
    # The article was written in German (origin_language: de): the German edition stands in for
    # the original and is nobody's translation; without origin_url no other original is named.
    assert set(named) == {"en": {"es"}, "es": {"en"}, "de": {"en", "es"}}[lang]
    for code, work in named.items():
        assert work["headline"] == TITLES[code]
        assert resolve(path, work["url"]) == page(built, code)
    if lang == "en":
        assert "translationOfWork" not in data
        assert {w["inLanguage"] for w in data["workTranslation"]} == {"es"}
    elif lang == "de":
        assert "translationOfWork" not in data
        assert {w["inLanguage"] for w in data["workTranslation"]} == {"en", "es"}
    else:
        assert data["translationOfWork"]["inLanguage"] == "en"


def test_held_back_language_is_absent_from_alternates_switcher_and_json_ld(project):
    po = project / "locales" / "de" / "LC_MESSAGES" / f"{DOC}.po"
    # Half of the German catalog untranslated: 50% < --min-percent 80.
    import polib
    catalog = polib.pofile(str(po))
    entries = [e for e in catalog if not e.obsolete]
    set_translations(po, {e.msgid: None for e in entries[: len(entries) // 2]})
    result = run(project, "build", "--min-percent", "80")
    assert result.exit_code == 0
    assert "held back" in result.stdout and "[de]" in result.stdout
    assert not page(project, "de").exists()
    for lang in ("en", "es"):
        tree = parse_html(page(project, lang))
        assert set(alternates(tree)) == {"en", "es", "x-default"}
        assert "de" not in {a.get("hreflang") for a in switcher(tree).iter("a")}
        assert "Deutsch" not in text_of(switcher(tree))
        assert "../de/" not in str(json_ld(tree))
    dashboard = parse_html(project / "build" / "index.html")
    rows = {r.get("data-language"): r for r in dashboard.iter("tr") if r.get("data-language")}
    assert rows["de"].get("data-state") == "held-back"
    assert "Held back" in text_of(rows["de"]) and "below 80%" in text_of(rows["de"])
    assert not [a for a in rows["de"].iter("a") if a.get("href", "").endswith(".html")]
    assert rows["es"].get("data-state") == "published"


def test_lower_min_percent_publishes_the_language_again(project):
    po = project / "locales" / "de" / "LC_MESSAGES" / f"{DOC}.po"
    import polib
    entries = [e for e in polib.pofile(str(po)) if not e.obsolete]
    set_translations(po, {e.msgid: None for e in entries[: len(entries) // 2]})
    # (With the title untranslated, outdated = "keep" would hold the edition back whatever the percent.)
    assert run(project, "build", "--min-percent", "40", "--outdated", "source").exit_code == 0
    assert "de" in alternates(parse_html(page(project, "en")))


def test_second_build_rewrites_nothing(built):
    before = {p: p.stat().st_mtime_ns for p in (built / "build").rglob("*") if p.is_file()}
    contents = snapshot(built / "build")
    report = build(Workspace.open(built))
    assert report.outputs and not any(o.written for o in report.outputs)
    assert report.site and not any(s.written for s in report.site)
    assert snapshot(built / "build") == contents
    assert {p: p.stat().st_mtime_ns for p in (built / "build").rglob("*") if p.is_file()} == before


def test_build_without_format_writes_md_html_and_dashboard(built):
    for lang in LANGUAGES:
        assert (built / "build" / lang / f"{DOC}.md").is_file()
        assert page(built, lang).is_file()
    assert (built / "build" / "index.html").is_file()


def test_format_md_only_writes_no_html(project):
    assert run(project, "build", "--format", "md").exit_code == 0
    assert not list((project / "build").rglob("*.html"))


def test_unknown_format_is_bad_usage_and_writes_nothing(project):
    result = run(project, "build", "--format", "html,pdf")
    assert result.exit_code == 2
    assert "unknown format 'pdf'" in result.stderr
    assert not (project / "build").exists()


def test_ci_installs_chromium_and_requires_the_browser():
    from helpers import REPO

    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "need_apt+=(chromium)" in script
    assert "export L10N_REQUIRE_BROWSER=1" in script


def test_right_to_left_language_gets_dir_rtl_and_its_own_name(tmp_path):
    import polib
    from babel.dates import format_date
    import datetime as dt

    root = tmp_path / "rtl"
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('languages = ["en", "ar"]\nsegment = "paragraph"\n')
    (root / "source" / "note.md").write_text("---\ntitle: A note\ndate: 2025-03-23\n---\n\nOne paragraph.\n")
    assert run(root, "update").exit_code == 0
    po = root / "locales" / "ar" / "LC_MESSAGES" / "note.po"
    catalog = polib.pofile(str(po))
    for entry in catalog:
        entry.msgstr = {"A note": "ملاحظة", "One paragraph.": "فقرة واحدة."}[entry.msgid]
    catalog.save(str(po))
    assert run(root, "build", "--format", "html").exit_code == 0
    tree = parse_html(root / "build" / "ar" / "note.html")
    assert (tree.get("lang"), tree.get("dir")) == ("ar", "rtl")
    assert text_of(next(tree.iter("time"))) == format_date(dt.date(2025, 3, 23), format="long", locale="ar")
    en = parse_html(root / "build" / "en" / "note.html")
    assert en.get("dir") == "ltr"
    assert [text_of(a) for a in switcher(en).iter("a")] == ["العربية"]
