"""The sentence splitter against the gold set: 100 % per language, with precision and recall.

The scores are printed in pytest's terminal summary (tests/conftest.py) and are in every
assertion message.
"""

from __future__ import annotations

import polib
import pytest

from helpers import run
from helpers import sentence_gold as gold
from helpers.sentence_gold import SEGMENTATION_SCORES
from l10n_tool.sources.sentences import sentence_splitter


@pytest.mark.parametrize("language", gold.languages())
def test_gold_set_is_segmented_exactly(language, request):
    split = sentence_splitter(language)
    score, wrong = gold.Score(), []
    for case in gold.load(language):
        got = gold.pieces(case.text, split(case.text, 0, len(case.text)))
        score.add(gold.boundaries(case.text, case.sentences), gold.boundaries(case.text, got))
        if got != list(case.sentences):
            wrong.append(f"  line {case.line}: {got}")
    request.config.stash.setdefault(SEGMENTATION_SCORES, {})[language] = str(score)
    assert not wrong, f"{language}: {score}\n" + "\n".join(wrong)


def test_gold_set_is_large_enough_and_covers_the_source_languages():
    assert {"en", "de", "es"} <= set(gold.languages())
    for language in ("en", "de", "es"):
        assert len(gold.load(language)) >= 180, language


@pytest.mark.parametrize("language", ["de", "es"])
def test_a_project_in_that_source_language_extracts_the_gold_sentences(tmp_path, language):
    """Through `l10n extract`: the Markdown parser, masking and segmenting all in the way."""
    other = "en"
    (tmp_path / "l10n.toml").write_text(
        f'source_language = "{language}"\nlanguages = ["{language}", "{other}"]\n'
        'sources = ["source/*.md"]\nlocales_dir = "locales"\nbuild_dir = "build"\nsegment = "sentence"\n',
        encoding="utf-8")
    (tmp_path / "source").mkdir()
    cases = gold.load(language)
    (tmp_path / "source" / "gold.md").write_text("\n\n".join(c.text for c in cases) + "\n", encoding="utf-8")
    result = run(tmp_path, "extract")
    assert result.exit_code == 0, result.stderr
    msgids = [entry.msgid for entry in polib.pofile(str(tmp_path / "locales" / "gold.pot"))]
    expected = list(dict.fromkeys(s for c in cases for s in c.sentences))
    assert msgids == expected
