"""Splitting a run of prose into sentences.

``sentence_splitter(language)`` returns ``split(content, start, end)``, which gives the
sentence spans of ``content[start:end]``.  Code spans, inline HTML, link destinations and
bare URLs are masked first, so a stop inside them never ends a sentence.
"""

from __future__ import annotations

import functools
import re

from .. import languages


_PROTECTED = re.compile(
    r"(`+)(?:(?!\1).)+?\1"  # code spans
    r"|<[A-Za-z][^<>\n]*>|</[A-Za-z][^<>\n]*>"  # inline HTML and autolinks
    r"|\]\([^)\n]*\)|\]\[[^\]\n]*\]"  # link destinations and references
    r"|(?:https?|ftp)://[^\s<>()]+|www\.[^\s<>()]+",  # bare URLs
    re.S)
_NOT_PROSE = re.compile(r"[^\W\d_]")


def has_prose(raw: str) -> bool:
    return bool(_NOT_PROSE.search(_PROTECTED.sub(" ", raw)))


def _mask(text: str) -> str:
    """Same length as ``text``; protected spans are hidden from the sentence splitter."""
    return _PROTECTED.sub(lambda m: "x" * len(m.group()), text).replace("\n", " ")


def _balanced(text: str) -> bool:
    """True when no link, emphasis or code run is left open at the end of ``text``."""
    text = re.sub(r"\\.", "", _PROTECTED.sub(lambda m: " " if m.group().startswith("`") else "]", text))
    if text.count("[") > text.count("]"):
        return False
    stars = re.findall(r"\*+", text)
    if sum(len(run) for run in stars) % 2:
        return False
    underscores = re.findall(r"(?<![0-9A-Za-z])_+|_+(?![0-9A-Za-z])", text)
    if sum(len(run) for run in underscores) % 2:
        return False
    return text.count("~~") % 2 == 0


_CLOSING_DELIMITERS = re.compile(r"[*_~]+(?=\s|$)")

_PYSBD_LANGUAGES = {"en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa",
                    "nl", "da", "fr", "my", "el", "it", "ja", "de", "kk", "sk"}


@functools.lru_cache(maxsize=None)
def sentence_splitter(language: str):
    import pysbd

    code = languages.primary(language)
    code = code if code in _PYSBD_LANGUAGES else "en"
    segmenter = pysbd.Segmenter(language=code, clean=False)
    abbreviations = _abbreviations(code) if code == "en" else None

    @functools.lru_cache(maxsize=8192)
    def sentences(masked: str) -> tuple[tuple[int, int], ...]:
        if abbreviations is not None:
            return _fast_sentences(masked, abbreviations, segmenter)
        return _pysbd_sentences(segmenter, masked)

    def split(content: str, start: int, end: int) -> list[tuple[int, int]]:
        text = content[start:end]
        if not re.search(r"[.!?…。]\W*\s", text):
            return [(start, end)]
        pieces: list[tuple[int, int]] = []
        for a, b in sentences(_mask(text)):
            a, b = a + start, b + start
            # pysbd hands a closing emphasis delimiter to the next sentence; give it back.
            closing = _CLOSING_DELIMITERS.match(content, a, b)
            if pieces and closing:
                pieces[-1] = (pieces[-1][0], closing.end())
                a = closing.end()
            if pieces and (not _balanced(content[pieces[-1][0]:pieces[-1][1]])
                           or not has_prose(content[a:b])):
                pieces[-1] = (pieces[-1][0], b)
            else:
                pieces.append((a, b))
        if pieces:
            pieces[0] = (start, pieces[0][1])
            pieces[-1] = (pieces[-1][0], end)
        return pieces or [(start, end)]

    return split


def _pysbd_sentences(segmenter, masked: str) -> tuple[tuple[int, int], ...]:
    spans = []
    cursor = 0
    for sentence in segmenter.segment(masked):
        found = masked.find(sentence, cursor)
        if found < 0:  # pysbd changed the text: keep the run whole rather than guess
            return ((0, len(masked)),)
        spans.append((found, found + len(sentence)))
        cursor = found + len(sentence)
    return tuple(spans)


def _abbreviations(code: str) -> frozenset[str]:
    from pysbd.languages import Language

    return frozenset(a.strip().lower() for a in Language.get_language_code(code).Abbreviation.ABBREVIATIONS)


# pysbd costs milliseconds a paragraph (it tries every abbreviation and list rule).  Most
# news prose is plain: a sentence ends in a word, a stop, a space and a capital.  Such a
# boundary is cut without asking pysbd, and only the runs between cuts that hold anything
# else -- abbreviations, initials, numbers before a stop -- go to pysbd.  Text with quotes,
# parentheses or ellipses goes to pysbd whole.  tests/test_sentences.py checks that the
# result is what pysbd alone says.
_STOP = re.compile(r"[.!?]")
_WORD_BEFORE = re.compile(r"(?:(?<=\s)|^)([^\W\d_]{3,})$")
# An opening bracket alone is safe: a link's "](url)" is masked, so pysbd sees no bracketed run.
_UNSAFE = re.compile(r"[()\]{}…“”«»‘’\"]|(?:^|\s)'|\.\.|--|[.!?][.!?]")
_ROMAN = re.compile(r"[ivxlcdm]+", re.I)


@functools.lru_cache(maxsize=1)
def _exclamation_words() -> re.Pattern:
    """Words pysbd keeps whole although they hold a stop ("Yahoo!"); it matches them anywhere."""
    from pysbd.exclamation_words import ExclamationWords

    return re.compile(ExclamationWords.EXCLAMATION_REGEX)


def _fast_sentences(masked: str, abbreviations: frozenset[str], segmenter) -> tuple[tuple[int, int], ...]:
    if _UNSAFE.search(masked) or _exclamation_words().search(masked):
        return _pysbd_sentences(segmenter, masked)
    spans: list[tuple[int, int]] = []

    def emit(start: int, end: int, unsure: bool) -> None:
        if unsure:
            spans.extend((start + a, start + b) for a, b in _pysbd_sentences(segmenter, masked[start:end]))
        elif start < end:
            spans.append((start, end))

    start, unsure = 0, False
    for stop in _STOP.finditer(masked):
        at = stop.start()
        after = masked[at + 1:at + 3]
        if stop.group() == "." and masked[at - 1:at].isdigit() and after[:1].isdigit():
            continue  # a decimal
        word = _WORD_BEFORE.search(masked, 0, at)
        plain_word = (word is not None and word.group(1).lower() not in abbreviations
                      and not _ROMAN.fullmatch(word.group(1)))
        if plain_word and len(after) == 2 and after[0] == " " and after[1].isupper():
            emit(start, at + 2, unsure)
            start, unsure = at + 2, False
        elif not (plain_word and at + 1 == len(masked)):
            unsure = True
    emit(start, len(masked), unsure)
    return tuple(spans)
