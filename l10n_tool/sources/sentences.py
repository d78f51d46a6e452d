"""Splitting a run of prose into sentences.

``sentence_splitter(language)`` returns ``split(content, start, end)``, which gives the
sentence spans of ``content[start:end]``.  Code spans, inline HTML, link destinations and
bare URLs are masked first, so a stop inside them never ends a sentence.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from importlib import resources

from .. import languages


_PROTECTED = re.compile(
    r"(`+)(?:(?!\1).)+?\1"  # code spans
    r"|<[A-Za-z][^<>\n]*>|</[A-Za-z][^<>\n]*>"  # inline HTML and autolinks
    r"|\]\([^)\n]*\)|\]\[[^\]\n]*\]"  # link destinations and references
    # bare URLs; a stop or quote right after one is the sentence's, not the URL's
    r"|(?:https?://|ftp://|www\.)[^\s<>()]*[^\s<>().,;:!?'\"”’»]",
    re.S)
_NOT_PROSE = re.compile(r"[^\W\d_]")
# Text without these holds nothing protected and no markup: the common case, checked in C.
_MAYBE_PROTECTED = re.compile(r"[`<\]]|://|www\.")
_MAYBE_MARKUP = re.compile(r"[`<\[\]*_~\\]|://|www\.")


def has_prose(raw: str) -> bool:
    if _MAYBE_PROTECTED.search(raw):
        raw = _PROTECTED.sub(" ", raw)
    return bool(_NOT_PROSE.search(raw))


def _mask(text: str) -> str:
    """Same length as ``text``, one space for any space; protected spans hidden from the splitter."""
    if _MAYBE_PROTECTED.search(text):
        text = _PROTECTED.sub(lambda m: "x" * len(m.group()), text)
    return text.replace("\n", " ").replace("\t", " ")


def _markup_counts(text: str) -> tuple[int, int, int, int, int]:
    """Link brackets opened and closed, and emphasis and strikethrough delimiters, in ``text``.

    Counts add up over consecutive pieces, so a run of sentences is checked in linear time.
    """
    if not _MAYBE_MARKUP.search(text):
        return 0, 0, 0, 0, 0
    text = re.sub(r"\\.", "", _PROTECTED.sub(lambda m: " " if m.group().startswith("`") else "]", text))
    stars = sum(len(run) for run in re.findall(r"\*+", text))
    underscores = sum(len(run) for run in re.findall(r"(?<![0-9A-Za-z])_+|_+(?![0-9A-Za-z])", text))
    return text.count("["), text.count("]"), stars, underscores, text.count("~~")


def _balanced(counts: tuple[int, int, int, int, int]) -> bool:
    """True when no link, emphasis or strikethrough is left open."""
    opened, closed, stars, underscores, tildes = counts
    return opened <= closed and stars % 2 == 0 and underscores % 2 == 0 and tildes % 2 == 0


@functools.lru_cache(maxsize=None)
def sentence_splitter(language: str):
    """``split(content, start, end)``: the sentence spans of ``content[start:end]``, in order.

    A link, emphasis or code run that a boundary would cut is kept whole, and a piece without
    prose joins the sentence before it.
    """
    rules = _rules(language)

    @functools.lru_cache(maxsize=8192)
    def sentences(masked: str) -> tuple[tuple[int, int], ...]:
        ends = _boundaries(masked, rules)
        return tuple(zip([0, *ends], [*ends, len(masked)]))

    def split(content: str, start: int, end: int) -> list[tuple[int, int]]:
        text = content[start:end]
        if not _ANY_STOP.search(text):
            return [(start, end)]
        pieces: list[tuple[int, int]] = []
        counts = (0, 0, 0, 0, 0)  # of the last piece
        for a, b in sentences(_mask(text)):
            a, b = a + start, b + start
            more = _markup_counts(content[a:b])
            if pieces and (not _balanced(counts) or not has_prose(content[a:b])):
                pieces[-1] = (pieces[-1][0], b)
                counts = tuple(x + y for x, y in zip(counts, more))
            else:
                pieces.append((a, b))
                counts = more
        return pieces or [(start, end)]

    return split


# --- the rules of one language ----------------------------------------------------------

# Languages that write ordinals with a period ("am 4. Februar"): after a number, as after an
# abbreviation, a period ends a sentence only before a sentence starter.
_ORDINAL_DOT = frozenset({"de", "da", "nb", "nn", "no", "fi", "is", "cs", "sk", "pl", "hu", "tr",
                          "sl", "hr", "sr", "bs", "et", "lv", "fo"})


@dataclass(frozen=True)
class _Rules:
    exact: frozenset[str]  # abbreviations written with a capital, with their final stop ("Dr.", "Yahoo!")
    folded: frozenset[str]  # lowercase abbreviations, matched in any case
    starters: frozenset[str]  # words that open a sentence after an abbreviation
    final: frozenset[str]  # abbreviations that often end a sentence ("etc.", "Co."), exact or folded
    endings: tuple[str, ...]  # abbreviated last parts of compounds ("str." of "Goethestr.")
    ordinal_dot: bool


def _data_language(code: str) -> str:
    return code if resources.files(__package__).joinpath("abbreviations", f"{code}.txt").is_file() else "en"


@functools.lru_cache(maxsize=None)
def _rules(language: str) -> _Rules:
    code = languages.primary(language)
    text = resources.files(__package__).joinpath("abbreviations", f"{_data_language(code)}.txt") \
        .read_text(encoding="utf-8")
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.extend(line.split())  # "z. B." is the words "z." and "B."
    words = [w for w in sections.get("abbreviations", []) if w[-1] in ".!"]
    return _Rules(exact=frozenset(w for w in words if w != w.lower()),
                  folded=frozenset(w for w in words if w == w.lower()),
                  starters=frozenset(sections.get("sentence starters", [])),
                  final=frozenset(sections.get("often ending a sentence", [])),
                  endings=tuple(sections.get("compound endings", [])),
                  ordinal_dot=code in _ORDINAL_DOT)


# --- finding the boundaries ---------------------------------------------------------------
#
# One pass over the words that hold a stop, each looked at once with what stands right before
# and after it, so the time is linear in the length of the text.  A boundary needs
#   - a stop (. ! ? … or a full-width one), then closing quotes, brackets or emphasis, then space;
#   - a next word that can open a sentence: a capital or a digit, after any opening marks
#     ("¿", "(", "„", "*"); after an abbreviation, an initial or (in languages that write
#     ordinals with a period) a number, only a word from the language's sentence starters;
#   - to be outside every quotation and parenthesis that closes in the same paragraph: a
#     quotation is never split (README, "Sentences").

_STOPS = ".!?…．。！？"
_CLOSERS = "\"'”“’‘»«›‹)]*_~"
_ANY_STOP = re.compile(f"[{_STOPS}]\\W*(?:\\s|[^\\W\\d_])")
_STOPS_AND_CLOSERS = frozenset(_STOPS + _CLOSERS)
_STOP_CHAR = re.compile(f"[{_STOPS}]")
# The opening marks before the next word; a space only after a dash, so dialogue opens with
# "- ¿Qué…", "- - Han…" or "— Nadie…" as with "—¿Qué…".  The match never fails (the word may be
# empty), so the nested repetition does not backtrack.
_NEXT = re.compile(r"\s+(?P<open>(?:[^\w\s]|_|(?<=[-–—])\s+)*)(?P<word>[^\W_]*)(?P<dot>\.?)")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
# A Roman numeral of two letters or more ("II", "VIII", "XIV"; not "DVD"): an ordinal where
# ordinals take a period ("Johann II. regierte"); English and Spanish write regnal numbers without
# one, so there "Henry VIII." ends a sentence.
_ROMAN = re.compile(r"(?=[IVXLCDM]{2})M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ORDINAL = re.compile(r"\d{1,3}")  # "4." and "100." may be ordinals; "1945." and "3,5." are not
_GLUED = re.compile(r"(?:(?<=[^\W\d_]{2})|(?<=\d{3}))[.!?．！？](?=[^\W\d_][^\W\d_\s])")


def _boundaries(masked: str, rules: _Rules) -> list[int]:
    quoted, parentheses = _quoted_spans(masked)
    incisos = _Incisos(masked)
    openings = {close: opening for opening, close in parentheses.items()}
    candidates: list[int] = []
    handled = 0  # the end of the last word looked at: each word is read once
    for stop in _STOP_CHAR.finditer(masked):
        if stop.start() < handled:
            continue
        start = masked.rfind(" ", 0, stop.start()) + 1  # the word that holds the stop
        end = masked.find(" ", stop.start())
        end = len(masked) if end < 0 else end
        handled = end
        token = masked[start:end]
        if "@" not in token and "/" not in token:  # "Tuesday.Mr." yes, "a.Lopez@dw.com" no
            for glued in _GLUED.finditer(masked, start, end):
                if masked[glued.end()].isupper() and _ends_sentence(masked, start, glued.start(), rules):
                    candidates.append(glued.end())
                    start = glued.end()
        tail = end  # the stops and closing marks that end the word, read backwards
        while tail > start and masked[tail - 1] in _STOPS_AND_CLOSERS:
            tail -= 1
        stops = [c for c in masked[tail:end] if c in _STOPS]
        if not stops or end == len(masked):
            continue
        if _inside_parenthesis(masked, end, openings):
            continue  # "diese (scheinbare!) Gleichbehandlung": a stop of the parenthesis, not the sentence's
        if _ends_sentence(masked, start, tail, rules, "".join(stops), end, parentheses) \
                and not (stops[-1] != "." and incisos.closes(end, candidates[-1] if candidates else 0)):
            candidates.append(end)
    return _outside(sorted(set(candidates)), quoted)


def _ends_sentence(masked: str, start: int, stop: int, rules: _Rules, stops: str = ".",
                   end: int | None = None, parentheses: dict[int, int] | None = None) -> bool:
    """Whether the stop at ``masked[stop]``, ending the word that begins at ``start``, ends a sentence."""
    nxt_word = nxt_dot = ""
    if end is not None:  # else a stop glued to the next word, which is known to be a capital
        nxt = _NEXT.match(masked, end)
        nxt_word, nxt_dot = nxt.group("word"), nxt.group("dot")
        if not nxt_word or not (nxt_word[0].isupper() or nxt_word[0].isdigit()):
            return False
        if nxt.group("open").startswith("(") and parentheses and masked[end - 1] in "\"”’»«":
            # "(Smith 55)" after a quotation is a citation; "(He agreed.)" is a sentence of its own,
            # and so is "(Later he returned)." after a stop of the text's own
            close = parentheses.get(nxt.start("open"))
            if close is not None and masked[close - 1] not in _STOPS:
                return False
    core = masked[start:stop].lstrip(_CLOSERS + "([{¿¡„‚")
    stop_char = stops[0]
    if core and _is_abbreviation(core + stop_char[:1], rules):
        if end is not None and _final(core + stop_char[:1], rules) and stops == "." and not nxt_dot \
                and nxt_word[0].isupper() and not nxt_word.isupper():
            return True  # "etc. Peter paid", but "Co. KG", "Inc. CEO": decided by what follows
        return end is not None and nxt_word in rules.starters and not nxt_dot
    if stops not in (".", "．") or not core:
        return True  # ? ! … and ellipses: any capital or digit starts a sentence
    if rules.ordinal_dot and _ORDINAL.fullmatch(core):
        return end is not None and nxt_word in rules.starters and not nxt_dot
    return True


def _final(word: str, rules: _Rules) -> bool:
    return word in rules.final or word.lower() in rules.final


def _inside_parenthesis(masked: str, end: int, openings: dict[int, int]) -> bool:
    """Whether the word ending at ``end`` ends with "!)" or "?)" closing a parenthesis opened in
    mid-sentence: "diese (scheinbare!) Gleichbehandlung", not "… bereit. (Er lachte!) Dann"."""
    if masked[end - 1] != ")" or masked[end - 2] not in "!?…！？":
        return False
    opening = openings.get(end - 1)
    if opening is None:
        return False
    before = masked[max(0, opening - 40):opening].rstrip()
    return bool(before) and before[-1] not in _STOPS_AND_CLOSERS


class _Incisos:
    """Dashes that set off an inciso ("El presidente — ¡qué sorpresa! — llegó"): after a ? ! or …
    a dash closes the inciso one in the same sentence opened, so it opens no sentence.  After a
    period a dash always opens one: an inciso closes before the period ("—dijo—.")."""

    _DASH = re.compile(r"[—–]|(?<!\w)-|-(?!\w)")
    _OPENER = re.compile(r"[\s—–-]*")

    def __init__(self, masked: str):
        self.masked = masked
        self.dashes: list[int] | None = None  # found on first need: most paragraphs have none

    def closes(self, end: int, sentence_start: int) -> bool:
        masked = self.masked
        after = self._OPENER.match(masked, end).group()
        if not any(c in "—–-" for c in after):
            return False
        if self.dashes is None:
            self.dashes = [m.start() for m in self._DASH.finditer(masked)]
        opener_end = self._OPENER.match(masked, sentence_start).end()  # the dialogue's own dashes
        inside = bisect.bisect_left(self.dashes, end) - bisect.bisect_left(self.dashes, opener_end)
        return inside % 2 == 1


def _is_abbreviation(word: str, rules: _Rules) -> bool:
    """``word`` with its stop: listed, or initials ("E.", "J.C.", "i.v."), or where ordinals
    take a period a Roman numeral ("XIV.")."""
    return (word in rules.exact or word.lower() in rules.folded
            or (rules.endings and word[:1].isupper() and word.lower().endswith(rules.endings)
                and word[:-1].isalpha() and len(word) > 5)
            or (word.isupper() and word.capitalize() in rules.exact)
            or (word[-1] == "." and _INITIALS.fullmatch(word[:-1]) is not None)
            or (word[-1] == "." and rules.ordinal_dot and _ROMAN.fullmatch(word[:-1]) is not None))


# Quotation marks that open or close by where they stand; „ and ‚ only ever open.
_QUOTE_FAMILY = {**dict.fromkeys("\"“”„‟«»", "double"), **dict.fromkeys("'‘’‚‛‹›", "single"),
                 "(": "paren", ")": "paren"}
_QUOTES = re.compile("[" + re.escape("".join(_QUOTE_FAMILY)) + "]")
_SPACE_OR_OPENING = " \t\n([{—–-/" + "".join(_QUOTE_FAMILY)
_SPACE_OR_CLOSING = " \t\n)]}.,;:!?…" + "".join(_QUOTE_FAMILY) + "*_~"


def _quoted_spans(masked: str) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """The (open, close) offsets of quotations and parentheses that close, sorted by start; and
    the parentheses alone, close by open."""
    stacks: dict[str, list[int]] = {"double": [], "single": [], "paren": []}
    spans = []
    for match in _QUOTES.finditer(masked):
        at, char = match.start(), match.group()
        family = _QUOTE_FAMILY[char]
        before = masked[at - 1] if at else " "
        after = masked[at + 1] if at + 1 < len(masked) else " "
        opens = char in "(„‚" or (char != ")" and before in _SPACE_OR_OPENING and not after.isspace())
        closes = char == ")" or (char not in "„‚" and not before.isspace() and after in _SPACE_OR_CLOSING)
        if opens and not closes:
            stacks[family].append(at)
        elif closes and not opens and stacks[family]:
            spans.append((stacks[family].pop(), at))
    spans.sort()
    return spans, {a: b for a, b in spans if masked[a] == "("}


def _outside(positions: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """The positions (ascending) that fall strictly inside none of ``spans`` (sorted by start)."""
    kept = []
    index, reach = 0, -1  # reach: the furthest close of the spans opened before the position
    for position in positions:
        while index < len(spans) and spans[index][0] < position:
            reach = max(reach, spans[index][1])
            index += 1
        if position > reach:
            kept.append(position)
    return kept
