"""Language codes: one module knows every form; folders and headers use gettext's, HTML BCP 47."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from helpers import REPO, run, snapshot
from l10n_tool import languages
from l10n_tool.languages import LanguageCodeError

# (as configured, gettext form, BCP 47, Babel's locale, segmenter's code)
FORMS = [
    ("de", "de", "de", "de", "de"),
    ("pt-BR", "pt_BR", "pt-BR", "pt_BR", "pt"),
    ("pt_BR", "pt_BR", "pt-BR", "pt_BR", "pt"),
    ("sr@latin", "sr@latin", "sr-Latn", "sr_Latn", "sr"),
    ("sr-Latn", "sr@latin", "sr-Latn", "sr_Latn", "sr"),
    ("sr_RS@latin", "sr_RS@latin", "sr-Latn-RS", "sr_Latn_RS", "sr"),
    ("zh_Hant_TW", "zh_Hant_TW", "zh-Hant-TW", "zh_Hant_TW", "zh"),
    ("es-419", "es_419", "es-419", "es_419", "es"),
    ("ca@valencia", "ca@valencia", "ca-valencia", "ca", "ca"),
]


@pytest.mark.parametrize("code, posix, tag, locale, segmenter", FORMS)
def test_every_form_of_a_code(code, posix, tag, locale, segmenter):
    language = languages.parse(code)
    assert (language.gettext, language.bcp47, str(language.locale), language.segmenter) == \
        (posix, tag, locale, segmenter)
    assert languages.same(code, posix) and languages.same(code, tag)


def test_names_and_directions():
    assert [languages.parse(c).display_name for c in ("en", "es", "de")] == ["English", "Español", "Deutsch"]
    assert languages.parse("he").direction == "rtl" and languages.parse("de").direction == "ltr"


@pytest.mark.parametrize("code", ['de." onmouseover="alert(1)', "de./../../../elsewhere", "de.UTF-8", "../de", "",
                                  "xx", "de DE", "de_DE_DE", "sr-Latn@cyrillic"])
def test_what_is_not_a_language_code(code):
    with pytest.raises(LanguageCodeError):
        languages.parse(code)


@pytest.mark.parametrize("code", ['de.\\" onmouseover=\\"alert(1)', "de./../../../elsewhere"])
def test_hostile_codes_in_the_configuration_are_refused_before_any_write(tmp_path, code):
    root = tmp_path / "deep" / "er" / "project"
    (root / "source").mkdir(parents=True)
    (root / "source" / "a.md").write_text("# Hello\n", encoding="utf-8")
    (root / "l10n.toml").write_text(f'languages = ["en", "{code}"]\n', encoding="utf-8")
    before = snapshot(tmp_path)
    for command in ("update", "build", "status"):
        result = run(root, command)
        assert result.exit_code == 2, result.stdout
        (message,) = result.stderr.strip().splitlines()
        assert re.search(r"l10n\.toml:1: languages: not a language code", message), message
    assert snapshot(tmp_path) == before


def _pt_br_project(root: Path, code: str = "pt-BR") -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source" / "a.md").write_text("---\ntitle: Hi\ndate: 2025-03-23\n---\n\nHello there.\n",
                                          encoding="utf-8")
    (root / "l10n.toml").write_text(f'languages = ["en", "{code}"]\n', encoding="utf-8")
    return root


def test_pt_br_catalogs_are_where_gettext_looks_and_pages_say_bcp47(tmp_path):
    root = _pt_br_project(tmp_path / "p")
    assert run(root, "update").exit_code == 0
    po = root / "locales" / "pt_BR" / "LC_MESSAGES" / "a.po"
    assert po.is_file() and not (root / "locales" / "pt-BR").exists()
    catalog = polib.pofile(str(po))
    assert catalog.metadata["Language"] == "pt_BR"
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=")
    for entry in catalog:
        entry.msgstr = {"Hi": "Oi", "Hello there.": "Olá."}[entry.msgid]
    catalog.save()
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        checked = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
    assert run(root, "compile").exit_code == 0
    translation = gettext.translation("a", str(root / "locales"), ["pt_BR"])
    assert translation.gettext("Hello there.") == "Olá."
    result = run(root, "build", "--min-percent", "0")
    assert result.exit_code == 0, result.stderr
    pages = {p.parent.name: p.read_text(encoding="utf-8") for p in (root / "build").glob("*/a.html")}
    pt = next(text for folder, text in pages.items() if folder != "en")
    assert '<html lang="pt-BR"' in pt and 'hreflang="pt-BR"' in pages["en"]
    assert "23 de março de 2025" in pt
    assert run(root, "check", "--lang", "pt_BR", "--min-percent", "0").exit_code == 0


def test_the_configuration_accepts_either_form(tmp_path):
    root = _pt_br_project(tmp_path / "p", "pt_BR")
    assert run(root, "update").exit_code == 0
    assert (root / "locales" / "pt_BR" / "LC_MESSAGES" / "a.po").is_file()
    assert run(root, "status", "--lang", "pt-BR").exit_code == 0


def test_a_folder_in_the_other_form_is_an_error_naming_both(tmp_path):
    root = _pt_br_project(tmp_path / "p")
    (root / "locales" / "pt-BR" / "LC_MESSAGES").mkdir(parents=True)
    before = snapshot(root)
    result = run(root, "update")
    assert result.exit_code == 2
    (message,) = result.stderr.strip().splitlines()
    assert "locales/pt-BR" in message and "locales/pt_BR/" in message
    assert snapshot(root) == before


# The only module that takes a language code apart.
_NORMALIZING = re.compile(r"""\.replace\(\s*["']_["']\s*,\s*["']-["']\s*\)|\.replace\(\s*["']-["']\s*,\s*["']_["']\s*\)"""
                          r"""|\.split\(\s*["'][-_@]["']\s*\)|\.partition\(\s*["'][-_@]["']\s*\)""")


def test_no_module_outside_languages_normalizes_a_code():
    offenders = []
    for path in sorted((REPO / "l10n_tool").rglob("*.py")):
        if path.name == "languages.py" and path.parent.name == "l10n_tool":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _NORMALIZING.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
