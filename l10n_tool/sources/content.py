"""The content model of a news article, as far as catalogs need it.

A picture credit ("Image: Marcos Pin/AFP/Getty Images") is one segment whose label
and connecting words are translated ("Bild:", "Imagen:") while the names of the
photographers and agencies stay as they are. The checks and machine translation
protect those names as they protect the glossary's do-not-translate terms.
"""

from __future__ import annotations

import re

TYPE_COMMENT = "type: "  # "#. type: paragraph, sentence 2 of 3": what each occurrence is
NOTE_COMMENT = "l10n: "  # "#. l10n: ...": a note for translators from the source
_CREDIT = re.compile(r"\A(?P<label>[^:\n]{1,40}):\s*(?P<names>\S.*)\Z", re.S)
# Separators and connecting words between names in a credit, in the source languages we
# write in (en, de, es): "Image: A/B", "Photo: A for DW", "Fotos: A und B", "Foto: A para DW".
_BETWEEN_NAMES = re.compile(r"\s*(?:[/,;&+|]|\s(?:and|for|via|with|und|für|mit|y|para|con|vía)\s)\s*",
                            re.IGNORECASE)


def entry_types(comment: str | None) -> list[str]:
    """The kinds named by an entry's "#. type:" comment lines: ["paragraph", "credit"]."""
    return [part.strip() for line in (comment or "").split("\n") if line.startswith(TYPE_COMMENT)
            for part in line[len(TYPE_COMMENT):].split(",")]


def credit_names(text: str) -> tuple[str, ...]:
    """The names in a credit line, which no translation may change."""
    match = _CREDIT.match(text.strip())
    if match is None:
        return ()
    names = (name.strip(" .") for name in _BETWEEN_NAMES.split(match.group("names")))
    return tuple(dict.fromkeys(name for name in names if name))


def protected_for(kinds, text: str) -> tuple[str, ...]:
    """What must stay as it is in a translation of ``text``, a segment of these kinds."""
    return credit_names(text) if "credit" in kinds else ()


def protected_names(comment: str | None, msgid: str) -> tuple[str, ...]:
    """``protected_for`` a catalog entry, whose kinds are in its "#. type:" comment."""
    return protected_for(entry_types(comment), msgid)
