"""Plural-Forms interop (issue 23 item 1): GNU gettext's formulas and CLDR's are both accepted;
a formula that means something else warns where no entry has plurals and fails where one has."""

from __future__ import annotations

import json

import polib
import pytest

from helpers import run
from helpers.checkutil import edit, po_path
from l10n_tool.catalogs.pofile import serialize
from l10n_tool.checks.plural_forms import GNU_PLURAL_FORMS, accepted, judge

MSGINIT = "nplurals=2; plural=(n != 1);"  # what msginit, Translate Toolkit and older Poedit write


def _with_languages(project, *codes):
    config = project / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'languages = ["en", "es", "de"]', f'languages = {json.dumps(["en", "es", "de", *codes])}'), encoding="utf-8")
    assert run(project, "update").exit_code == 0


def _catalog_problems(project, language):
    result = run(project, "check", "--lang", language, "--format", "json")
    return [p for p in json.loads(result.stdout)["problems"] if p["check"] == "catalog"]


@pytest.mark.parametrize("language, forms", [
    ("es", MSGINIT), ("fr", "nplurals=2; plural=(n > 1);"), ("it", MSGINIT), ("pt", MSGINIT),
    ("pt_BR", "nplurals=2; plural=(n > 1);"), ("fr", "nplurals=2; plural=n>1;"),
])
def test_gnu_gettext_headers_pass_check(project, language, forms):
    if language != "es":
        _with_languages(project, language)
    edit(project, language, header={"Plural-Forms": forms})
    assert _catalog_problems(project, language) == []
    if language == "es":
        assert run(project, "check").exit_code == 0


@pytest.mark.parametrize("language", ["es", "fr", "it", "pt"])
def test_cldr_formula_still_passes(language):
    (cldr,) = [f for f in accepted(language) if f.source.startswith("CLDR")]
    assert judge(cldr.header, language, has_plurals=True) is None
    assert cldr.nplurals == 3


def test_the_table_is_gnu_gettexts_for_the_languages_the_issue_names():
    assert GNU_PLURAL_FORMS["es"] == GNU_PLURAL_FORMS["it"] == GNU_PLURAL_FORMS["pt"] == MSGINIT
    assert GNU_PLURAL_FORMS["fr"] == "nplurals=2; plural=(n > 1);"


def _add_plural_entry(project, language, forms: int):
    path = po_path(project, language)
    catalog = polib.pofile(str(path))
    entry = polib.POEntry(msgid="one article", msgid_plural="%d articles",
                          msgstr_plural={i: f"form {i}" for i in range(forms)})
    catalog.append(entry)
    path.write_bytes(serialize(catalog))


def test_a_wrong_formula_without_plural_entries_is_a_warning_that_says_how_to_fix_it(project):
    edit(project, "es", header={"Plural-Forms": "nplurals=2; plural=(n > 1);"})
    (problem,) = _catalog_problems(project, "es")
    assert problem["severity"] == "warning"
    assert "'Plural-Forms: nplurals=2; plural=(n != 1);\\n' (GNU gettext" in problem["message"]
    assert "nplurals=3; plural=" in problem["message"]  # CLDR's, the other choice
    assert run(project, "check").exit_code == 0


def test_a_wrong_formula_with_plural_entries_fails(project):
    edit(project, "es", header={"Plural-Forms": "nplurals=2; plural=(n > 1);"})
    _add_plural_entry(project, "es", 2)
    problems = _catalog_problems(project, "es")
    assert [p["severity"] for p in problems if "Plural-Forms" in p["message"]] == ["error"]
    assert run(project, "check").exit_code == 1


def test_entries_have_the_forms_the_header_declares(project):
    edit(project, "es", header={"Plural-Forms": MSGINIT})
    _add_plural_entry(project, "es", 3)  # CLDR's count, but the header says 2: msgfmt refuses it
    messages = [p["message"] for p in _catalog_problems(project, "es")]
    assert "3 plural forms; the language has 2" in messages


@pytest.mark.parametrize("forms", ["nplurals=0; plural=0;", "nplurals=2; plural=n;", "nplurals=2; plural=n/0;",
                                   "nplurals=two"])
def test_a_formula_msgfmt_refuses_is_an_error_even_without_plural_entries(forms):
    verdict = judge(forms, "es", has_plurals=False)
    assert verdict is not None and verdict.severity is None
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in verdict.message


def test_update_keeps_a_valid_plural_forms_header_byte_exact(project):
    edit(project, "es", header={"Plural-Forms": MSGINIT})
    before = po_path(project, "es").read_bytes()
    assert f"Plural-Forms: {MSGINIT}".encode() in before
    assert run(project, "update").exit_code == 0
    assert po_path(project, "es").read_bytes() == before
