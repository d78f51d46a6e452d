"""The built-in ``pseudo`` provider passes the tool's own checks (issue 23 item 7): a language
pseudo-translated from the repository's article, its suggestions accepted, passes ``check`` and
is published by ``build`` at the default ``--min-percent``."""

from __future__ import annotations

import json

import polib
import pytest

from helpers import DOC, run
from l10n_tool.mt.providers import PseudoProvider


def _pseudo(text: str, source: str = "en", target: str = "fr") -> str:
    return PseudoProvider(PseudoProvider.Settings(), source, target).translate(text)


def _accept_every_suggestion(path):
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save()


@pytest.mark.parametrize("language", ["fr", "it"])
def test_a_pseudo_translated_language_passes_check_and_builds_at_the_default_threshold(project, language):
    config = project / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'languages = ["en", "es", "de"]', f'languages = ["en", "es", "de", "{language}"]'), encoding="utf-8")
    assert run(project, "update").exit_code == 0
    result = run(project, "translate", "--lang", language, "--provider", "pseudo")
    assert result.exit_code == 0 and "0 rejected" in result.stdout, result.stdout + result.stderr
    _accept_every_suggestion(project / "locales" / language / "LC_MESSAGES" / f"{DOC}.po")

    check = run(project, "check", "--lang", language, "--format", "json")
    assert json.loads(check.stdout)["problems"] == [] and check.exit_code == 0

    build = run(project, "build")  # the default --min-percent
    assert build.exit_code == 0, build.stderr
    assert build.stdout.rstrip().endswith("4 published, 0 outdated, 0 held back, 0 with fallbacks"), build.stdout
    assert (project / "build" / language / f"{DOC}.html").is_file()
    assert f"published {DOC} [en, es, de, {language}]" in build.stdout


@pytest.mark.parametrize("text, ending", [
    ("Can the army end the violence?", "⟧?"),
    ('"Experience has shown it," he said.', "⟧."),
    ('He said: "It has not worked."', '⟧."'),
    ("*This article was originally written in German.*", "⟧.*"),
    ("Some {0} murders were recorded in {1}.", "⟧."),
    ("A heading without a full stop", "⟧"),
    ("Trailing space. ", "⟧. "),
])
def test_the_final_punctuation_stays_last(text, ending):
    assert _pseudo(text).endswith(ending)


def test_a_number_before_the_full_stop_stays_in_the_text():
    assert _pseudo("Noboa won in {1}.").startswith("⟦Ñöƀöå ŵöñ îñ {1} ·")


def test_whitespace_at_either_end_stays_outside_the_brackets():
    assert _pseudo(" Hello ").startswith(" ⟦") and _pseudo(" Hello ").endswith("⟧ ")


def test_month_names_become_the_target_languages():
    assert "avril" in _pseudo("The runoff is slated for April {0}.", target="fr")
    assert "April" in _pseudo("The runoff is slated for April {0}.", target="de")
    assert "abril" in _pseudo("The runoff is slated for April {0}.", target="es")
    assert "Åþŕîļ" not in _pseudo("It was in Feb. {0}.", target="fr") and "févr" in _pseudo("It was in Feb {0}.",
                                                                                            target="fr")
