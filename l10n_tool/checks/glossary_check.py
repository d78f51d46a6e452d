"""The ``glossary`` check: the project's terminology (see ``l10n_tool/glossary.py``)."""

from __future__ import annotations

from ..glossary import Glossary
from .registry import entry_check


@entry_check("glossary")
def check_glossary(source: str, translation: str, source_language: str, language: str,
                   glossary: Glossary) -> list[str]:
    return glossary.check(source, translation, source_language, language)
