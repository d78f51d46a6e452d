"""``[links]``: where a translation may point besides the source's own destinations.

One rule for ``check`` (markup and URL checks), the Markdown edition and the HTML page:
a destination is accepted when the source has it, when it starts with an ``allow``
prefix, or when it starts with the language's equivalent of a ``[links.map]`` prefix
that one of the source's destinations starts with (``https://www.dw.com/en/…`` in the
source, ``https://www.dw.com/es/…`` in the Spanish translation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import languages


@dataclass(frozen=True)
class LinkRule:
    allow: tuple[str, ...] = ()
    # (source prefix, the language's equivalent prefix)
    equivalents: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, settings, language: str) -> "LinkRule":
        """The rule for ``language`` from the configuration's ``[links]`` (a LinkSettings, or None)."""
        if settings is None:
            return cls()
        pairs = []
        for prefix, targets in settings.map.items():
            for code, target in targets.items():
                if languages.same(code, language):
                    pairs.append((prefix, target))
        return cls(tuple(settings.allow), tuple(pairs))

    def accepts(self, url: str, source_urls: Iterable[str]) -> bool:
        """Whether a translation may point at ``url``, given the source's destinations."""
        source_urls = list(source_urls)
        if url in source_urls or any(url.startswith(prefix) for prefix in self.allow):
            return True
        return any(url.startswith(target) and any(u.startswith(prefix) for u in source_urls)
                   for prefix, target in self.equivalents)

    def pair_up(self, missing: list[str], added: list[str]) -> tuple[list[str], list[str]]:
        """Source destinations a translation lacks and the ones it added, without the pairs this
        rule accepts (a source link replaced by its equivalent, or an allowed destination)."""
        missing, added = list(missing), list(added)
        for url in list(added):
            partner = next((m for m in missing if self.accepts(url, [m])), None)
            if partner is not None:
                missing.remove(partner)
                added.remove(url)
            elif any(url.startswith(prefix) for prefix in self.allow):
                added.remove(url)
        return missing, added
