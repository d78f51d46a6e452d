"""Entry checks that compare a translation with its source: markup, URLs, unchanged text,
whitespace and punctuation. Each returns messages that quote the offending part."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container


from .. import languages
from ..wording import clip
from .inline import is_plain, may_hold_address, parse_inline
from .registry import entry_check

# Double quotation marks as (opening, closing) pairs, by language; a straight " toggles.
# Babel's CLDR data has no delimiters, so the common conventions are written out here.
_QUOTES = {
    "de": (("„", "“"), ("»", "«")),
    "cs": (("„", "“"),), "sk": (("„", "“"),), "sl": (("„", "“"),), "bg": (("„", "“"),),
    "lt": (("„", "“"),), "et": (("„", "“"),), "is": (("„", "“"),),
    "pl": (("„", "”"), ("«", "»")), "hu": (("„", "”"),), "ro": (("„", "”"), ("«", "»")),
    "nl": (("“", "”"), ("„", "”")),
    "es": (("«", "»"), ("“", "”")), "fr": (("«", "»"), ("“", "”")), "it": (("«", "»"), ("“", "”")),
    "pt": (("«", "»"), ("“", "”")), "ca": (("«", "»"), ("“", "”")), "ru": (("«", "»"), ("„", "“")),
    "uk": (("«", "»"), ("„", "“")),
}
# What every URL or e-mail address the ``urls`` check reads contains (see inline._URL, _EMAIL).
_DEFAULT_QUOTES = (("“", "”"), ("«", "»"))
_QUOTE_MARKS = frozenset('"' + "".join(o + c for pairs in (*_QUOTES.values(), _DEFAULT_QUOTES) for o, c in pairs))
_BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"))
_FINAL = {".": ".", "…": ".", "!": "!", "?": "?", ":": ":", ";": ";", "。": ".", "！": "!", "？": "?"}
_CLOSERS = "\"'’”“»«›‹」』)]}*_`~ \t\n"
_BRACKETED = re.compile(r"\[((?:[^\[\]\\]|\\.)+)\]")
# A full reference, "[text][label]" (or an image's "![alt][label]"): its label must be defined.
_FULL_REFERENCE = re.compile(r"\[(?:[^\[\]\\]|\\.)*\]\[((?:[^\[\]\\]|\\.)+)\]")


@entry_check("markup")
def check_markup(source: str, translation: str, links=None) -> list[str]:
    """Inline Markdown as in the source; raw HTML and link destinations exactly as the source has them.

    ``build`` publishes only the source's raw HTML (character for character) and URLs (or, by
    ``links``, a ``[links]`` equivalent or allowed destination), and no script URLs at all
    (``safe_html``); this check reports beforehand what it would neutralize.
    """
    if is_plain(source) and is_plain(translation):  # most segments: nothing to compare
        return []
    src, tr = parse_inline(source), parse_inline(translation)
    messages = _differences((("link", src.links, tr.links), ("image", src.images, tr.images),
                             ("link reference", src.references, tr.references),
                             ("code span", src.code, tr.code)),
                            "from the source is missing or changed", links)
    from ..safe_html import safe_destination  # the page's own rule, so both agree

    unsafe = [url for url in (tr.links + tr.images + tr.references) if not safe_destination(url)]
    if unsafe:
        messages.append("unsafe link destination(s), never published: " + ", ".join(repr(u) for u in unsafe))
    for kind, a, b in (("emphasis", src.emphasis, tr.emphasis), ("strong", src.strong, tr.strong),
                       ("strikethrough", src.strikethrough, tr.strikethrough)):
        if a != b:
            messages.append(f"{kind}: {b} in the translation, {a} in the source")
    source_html, translation_html = Counter(src.html), Counter(tr.html)
    if translation_html - source_html:
        messages.append("raw HTML not in the source: " + ", ".join(repr(f) for f in translation_html - source_html))
    if source_html - translation_html:
        messages.append("raw HTML of the source missing: " + ", ".join(repr(f) for f in source_html - translation_html))
    messages += _unresolved_references(source, translation)
    if "<" in translation:
        from ..safe_html import find_raw_text  # the page's own rule, so both agree

        messages += find_raw_text(source, translation)
    return messages


def _unresolved_references(source: str, translation: str) -> list[str]:
    """Full references whose label the source's segment never names: they would not resolve.

    (A shortcut or collapsed reference whose text was translated is rewritten by ``build`` as a
    full reference to the source's label, so only labels a translator typed are reported.)"""
    if "][" not in translation:
        return []
    from markdown_it.common.utils import normalizeReference

    known = {normalizeReference(label) for label in _BRACKETED.findall(source)}
    lost = [label for label in _FULL_REFERENCE.findall(translation) if normalizeReference(label) not in known]
    return [f"link reference [{label}] is not one the source uses: it would not resolve" for label in lost]


def _show(kind: str, value: str) -> str:
    return f"`{value}`" if kind == "code span" else repr(value)


@entry_check("urls")
def check_urls(source: str, translation: str, links=None) -> list[str]:
    if not may_hold_address(source) and not may_hold_address(translation):
        return []
    src, tr = parse_inline(source), parse_inline(translation)
    return _differences((("URL", src.urls, tr.urls), ("e-mail address", src.emails, tr.emails)),
                        "must appear verbatim", links)


def _differences(groups, missing: str, links=None) -> list[str]:
    """For each (kind, source Counter, translation Counter): what is missing, what was added.

    ``links`` (a LinkRule) accepts a source destination replaced by its ``[links]`` equivalent,
    and destinations ``[links] allow`` lists.
    """
    messages = []
    for kind, a, b in groups:
        if a == b:  # the usual case, without building two empty Counters
            continue
        lacking, added = list((a - b).elements()), list((b - a).elements())
        if links is not None and kind in ("link", "image", "URL"):
            lacking, added = links.pair_up(lacking, added)
        for value in dict.fromkeys(lacking):
            messages.append(f"{kind} {_show(kind, value)} {missing}")
        for value in dict.fromkeys(added):
            messages.append(f"{kind} {_show(kind, value)} is not in the source")
    return messages


@entry_check("unchanged", translations_only=True)
def check_unchanged(source: str, translation: str, keep: tuple[str, ...] = (),
                    translated_words: Container[str] = frozenset()) -> list[str]:
    """A translation identical to its source, unless the source is only names, numbers or code.

    A capitalized word counts as a name, unless ``translated_words`` (see ``words_translators_change``)
    shows that translators of this catalog usually translate it ("Image" in "Image: AFP").
    """
    if translation.strip() != source.strip():
        return []
    prose = parse_inline(source).prose_without_addresses()
    for term in keep:
        prose = prose.replace(term, " ")
    words = _WORD.findall(prose)
    if all(word[0].isupper() and word not in translated_words for word in words):
        return []
    return [f"the translation is identical to the source: {clip(translation)!r}"]


# Control and format characters a translator cannot see (tab and newline are whitespace).
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_WORD = re.compile(r"[^\W\d_]+")
_DOUBLED = re.compile(r"\S {2,}(?=\S)")


def words_translators_change(pairs: list[tuple[str, str]]) -> frozenset[str]:
    """Capitalized words that the translations of ``pairs`` (source, translation) mostly drop.

    Names survive translation ("Noboa", "Ecuador"); words such as "Image" do not.
    """
    kept: Counter = Counter()
    dropped: Counter = Counter()
    for source, translation in pairs:
        if source.strip() == translation.strip():
            continue
        present = set(_WORD.findall(translation))
        for word in set(_WORD.findall(source)):
            if word[0].isupper():
                (kept if word in present else dropped)[word] += 1
    return frozenset(word for word in dropped if dropped[word] > kept[word])


class TranslatedWords:
    """``words_translators_change`` of a catalog's pairs, worked out when first asked: only an
    unchanged translation needs it, and most catalogs have none."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self._pairs: list[tuple[str, str]] | None = pairs
        self._words: frozenset[str] = frozenset()

    def __contains__(self, word: object) -> bool:
        if self._pairs is not None:
            self._words, self._pairs = words_translators_change(self._pairs), None
        return word in self._words


@entry_check("whitespace")
def check_whitespace(source: str, translation: str) -> list[str]:
    messages = []
    # str.strip() strips exactly what the regular expressions' \s matches (str.isspace).
    for where, a, b in (("leading", source[:len(source) - len(source.lstrip())],
                         translation[:len(translation) - len(translation.lstrip())]),
                        ("trailing", source[len(source.rstrip()):], translation[len(translation.rstrip()):])):
        if a != b:
            messages.append(f"{where} whitespace differs: {a!r} in the source, {b!r} in the translation")
    if "  " in translation and len(_DOUBLED.findall(translation)) > len(_DOUBLED.findall(source)):
        match = _DOUBLED.search(translation)
        start = max(0, match.start() - 15)
        messages.append(f"doubled space: {translation[start:match.end() + 15]!r}")
    if "\n" not in source and "\n" in translation:
        messages.append("line break in the translation; the source has none")
    invisible = sorted(set(_INVISIBLE.findall(translation)) - set(source))
    if invisible:
        messages.append("invisible control character(s) " + ", ".join(f"U+{ord(c):04X}" for c in invisible))
    return messages


def quote_balance(text: str, language: str) -> int:
    """How many double quotes stay open (or were closed without opening) in ``text``."""
    if _QUOTE_MARKS.isdisjoint(text):
        return 0
    pairs = _QUOTES.get(languages.primary(language), _DEFAULT_QUOTES)
    balance = sum(abs(text.count(opening) - text.count(closing)) for opening, closing in pairs)
    return balance + text.count('"') % 2


def _marks(text: str) -> str:
    """The double quotation marks of ``text``, in order: where they pair up, and where not."""
    return " ".join(c for c in text if c in '"“”„«»‟')


def final_punctuation(text: str) -> str | None:
    stripped = text.rstrip(_CLOSERS)
    if stripped.endswith("..."):
        return "."
    return _FINAL.get(stripped[-1:]) if stripped else None


@entry_check("punctuation")
def check_punctuation(source: str, translation: str, source_language: str, language: str) -> list[str]:
    messages = []
    a, b = final_punctuation(source), final_punctuation(translation)
    if a and not b:
        messages.append(f"the final {a!r} of the source is lost: ...{translation.rstrip()[-20:]!r}")
    elif b and not a:
        messages.append(f"final {b!r} added; the source ends without one: ...{translation.rstrip()[-20:]!r}")
    elif a != b:
        messages.append(f"ends with {b!r}; the source ends with {a!r}")
    # A quotation may open in one sentence segment and close in the next: compare, don't demand zero.
    if quote_balance(translation, language) != quote_balance(source, source_language):
        pairs = _QUOTES.get(languages.primary(language), _DEFAULT_QUOTES)
        marks = " ".join(f"{o}…{c}" for o, c in pairs)
        messages.append(f"unbalanced quotation marks: {_marks(translation) or 'none'} in the translation "
                        f"({quote_balance(translation, language)} unpaired), {_marks(source) or 'none'} in "
                        f"the source ({quote_balance(source, source_language)} unpaired); {language} uses {marks}")
    for opening, closing in _BRACKETS:
        src = source.count(opening) - source.count(closing)
        tr = translation.count(opening) - translation.count(closing)
        if src != tr:
            messages.append(f"unbalanced brackets {opening}{closing}: {tr:+d} in the translation, "
                            f"{src:+d} in the source")
    return messages
