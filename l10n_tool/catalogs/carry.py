"""Carried edits: source changes that cannot change what a translation says.

``update`` asks this module, before similarity matching, whether a changed segment's new
source differs from the old one only in

- whitespace, typographic forms (straight or curly quotes and apostrophes, hyphen or
  en/em dash, ``...`` or ``…``, non-breaking or plain spaces) and link or image
  destinations: the translation is kept, its matching destinations rewritten;
- numbers (the same count, in the same order): each changed number is rewritten in the
  translation in the form its translator used, when it is found there exactly once and
  keeps its CLDR plural category in the target language.  Such an entry is marked for
  review with a translator comment (``AUTO_MARK``), which the translator deletes.

Anything else (a changed word, emphasis, punctuation) is not carried: the entry goes
through similarity matching and becomes stale as before.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal, get_decimal_symbol

from ..checks.inline import parse_inline
from ..checks.numbers import number_spans, spaced_groups, translation_spans
from ..languages import locale_of
from .pofile import AUTO_MARK
_REVIEW = "(review, then delete this line)"

# The destination of an inline link or image: "](dest" up to a space or ")"; "<dest>" too.
_DESTINATION = re.compile(r"(?<=\]\()[ \t]*(<[^<>\n]*>|[^\s()<>]+(?:\([^\s()]*\)[^\s()<>]*)*)")
_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_URL = re.compile(r"""\b(?:https?|ftp)://[^\s<>"'«»“”„]+|\bwww\.[^\s<>"'«»“”„]+""", re.IGNORECASE)
_TYPOGRAPHY = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-",
    "…": "...",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
})
_SPACE = re.compile(r"\s+")
_NUMBER_MARK = "\x00"


@dataclass(frozen=True)
class Carried:
    msgstr: str
    note: str | None = None  # the review mark's text, for a number edit


def _destinations(text: str) -> list[re.Match]:
    return list(_DESTINATION.finditer(text))


def _destinations_trusted(text: str, found: list[re.Match]) -> bool:
    """Whether the expression found exactly the destinations markdown-it sees."""
    inline = parse_inline(text)
    return Counter(m.group(1).strip("<>") for m in found) == inline.links + inline.images


def _blank(text: str, spans) -> str:
    """``text`` with each span replaced by spaces of the same length (positions kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _prose(text: str) -> str:
    """Where numbers may be read: destinations, code spans and URLs blanked out."""
    spans = [m.span(1) for m in _destinations(text)]
    spans += [m.span() for m in _CODE.finditer(text)] + [m.span() for m in _URL.finditer(text)]
    return _blank(text, spans)


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHY)).strip()


def skeleton(text: str, source_language: str) -> str:
    """What must be equal for an edit to be carried: the text without its destinations and
    numbers, in one typography and spacing."""
    found = _destinations(text)
    chars = list(text)
    for match in reversed(found):
        chars[match.start(1):match.end(1)] = "\x01"
    prose = "".join(chars)
    spans = [(start, end) for start, end, _ in number_spans(_prose(prose), source_language)]
    for start, end in reversed(spans):
        prose = prose[:start] + _NUMBER_MARK + prose[end:]
    return _normal(prose)


class Carrier:
    """Carries edits into the catalog of one target language."""

    def __init__(self, language: str, source_language: str):
        self.language = language
        self.source_language = source_language

    def skeleton(self, text: str) -> str:
        return skeleton(text, self.source_language)

    def carry(self, old: str, new: str, msgstr: str) -> Carried | None:
        """The translation for ``new``, or None when the edit cannot be carried."""
        if skeleton(old, self.source_language) != skeleton(new, self.source_language):
            return None
        msgstr = self._destinations(old, new, msgstr)
        if msgstr is None:
            return None
        return self._numbers(old, new, msgstr)

    def _destinations(self, old: str, new: str, msgstr: str) -> str | None:
        before, after = _destinations(old), _destinations(new)
        changes = [(i, a.group(1), b.group(1)) for i, (a, b) in enumerate(zip(before, after))
                   if a.group(1) != b.group(1)]
        if not changes:
            return msgstr
        found = _destinations(msgstr)
        if not all(_destinations_trusted(t, m) for t, m in ((old, before), (new, after), (msgstr, found))):
            return None
        rewritten: dict[int, str] = {}
        for position, was, now in changes:
            # By the old destination, where the translation has it as often as the source
            # and it always becomes the same new one; else by position, where the translation
            # has as many destinations as the source.
            same = [i for i, m in enumerate(found) if m.group(1) == was]
            if (same and len(same) == sum(a.group(1) == was for a in before)
                    and len({n for _, w, n in changes if w == was}) == 1):
                targets = same
            elif len(found) == len(before):
                targets = [position]
            else:
                return None
            for target in targets:
                if rewritten.setdefault(target, now) != now:
                    return None
        for index in sorted(rewritten, reverse=True):
            match = found[index]
            msgstr = msgstr[:match.start(1)] + rewritten[index] + msgstr[match.end(1):]
        return msgstr

    def _numbers(self, old: str, new: str, msgstr: str) -> Carried | None:
        source = self.source_language
        before = number_spans(_prose(old), source)
        after = number_spans(_prose(new), source)
        if len(before) != len(after):
            return None
        changes = [(old[a[0]:a[1]], a[2], new[b[0]:b[1]], b[2]) for a, b in zip(before, after)
                   if a[2].as_tuple() != b[2].as_tuple()]  # "44.0" -> "44" changes what is written
        if not changes:
            return Carried(msgstr)
        locale = locale_of(self.language)
        wanted = {was for _, was, _, _ in changes}
        prose = spaced_groups(_prose(msgstr), wanted)
        offered = translation_spans(prose, self.language, source)
        claimed: set[int] = set()
        replacements = []
        for was_token, was, now_token, now in changes:
            # Of two plural categories ("1 persona", "2 personas") the sentence must change.
            if locale.plural_form(_plural_operand(was)) != locale.plural_form(_plural_operand(now)):
                return None
            hits = [i for i, (_, _, values) in enumerate(offered) if was in values]
            if len(hits) != 1 or hits[0] in claimed:
                return None
            claimed.add(hits[0])
            start, end = offered[hits[0]][:2]
            replacements.append((start, end, _written_like(msgstr[start:end], was, now, self.language)))
        for start, end, text in sorted(replacements, reverse=True):
            msgstr = msgstr[:start] + text + msgstr[end:]
        note = ", ".join(f"{w} → {n}" for w, _, n, _ in changes)
        return Carried(msgstr, f"{AUTO_MARK} {note} {_REVIEW}")


def _plural_operand(value: Decimal) -> Decimal | int:
    return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else value


def _written_like(token: str, old: Decimal, new: Decimal, language: str) -> str:
    """``new`` written as the translator wrote ``old`` in ``token`` (separators, grouping)."""
    separators = [c for c in token if not c.isdigit()]
    old_has_fraction = old.as_tuple().exponent < 0
    decimal = separators[-1] if old_has_fraction and separators else None
    groups = separators[:-1] if decimal else separators
    group = groups[0] if groups else None
    text = format(abs(new), "f")
    whole, _, fraction = text.partition(".")
    if fraction and decimal is None:
        decimal = get_decimal_symbol(locale_of(language))
    old_whole = format(abs(old), "f").partition(".")[0]
    if group is not None:
        whole = _grouped(whole, group)
    elif len(old_whole) < 4 and len(whole) >= 4:
        # The translator's number showed no choice about grouping: the language's own habit.
        whole = format_decimal(int(whole), locale=locale_of(language))
    return whole + (decimal + fraction if fraction else "")


def _grouped(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)
