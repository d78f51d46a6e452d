"""What a page tells its readers about the edition itself, in the edition's language.

The wording is the tool's, not the article's: it comes from this table, not from the
catalogs, so no translator has to translate it per document. A language the table lacks
gets the English wording, marked ``lang="en"`` by the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import languages


@dataclass(frozen=True)
class Wording:
    language: str  # the language the wording is in (the edition's, or "en" when the table lacks it)
    outdated: str  # the sentence of the outdated notice
    original: str  # the text of its link to the source edition
    correction: str  # the label before a correction


_WORDINGS = {
    "en": Wording("en", "This translation has not yet been updated to the latest version of the original.",
                  "Read the original", "Correction:"),
    "es": Wording("es", "Esta traducción todavía no se ha actualizado a la última versión del original.",
                  "Leer el original", "Corrección:"),
    "de": Wording("de", "Diese Übersetzung ist noch nicht auf dem Stand der neuesten Fassung des Originals.",
                  "Zum Original", "Korrektur:"),
    "fr": Wording("fr", "Cette traduction n’a pas encore été mise à jour selon la dernière version de l’original.",
                  "Lire l’original", "Correction :"),
    "pt": Wording("pt", "Esta tradução ainda não foi atualizada para a versão mais recente do original.",
                  "Ler o original", "Correção:"),
}


def wording(language: str) -> Wording:
    """The notices' wording for ``language`` (by its bare language subtag), else English."""
    return _WORDINGS.get(languages.primary(language), _WORDINGS["en"])
