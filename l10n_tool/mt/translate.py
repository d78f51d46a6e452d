"""``translate``: machine suggestions for untranslated (and, on request, stale) entries.

Suggestions are written fuzzy, with a ``#. machine translation: <provider>``
comment, so they count as needing review. A translated entry is never touched; a
stale entry's translation is kept as a translator comment before it is replaced.
Progress is saved as it goes: each answer goes into the cache at once, catalogs
are rewritten (atomically) every second and when the run ends, fails or is
interrupted, so a rerun sends only what is still missing.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import CancelledError, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import settings as configured
from ..catalogs.pofile import is_stale, report_line, serialize
from ..errors import AnswerError, ChangedMeanwhileError, ConfigError, L10nError, ProviderError
from ..fsutil import project_lock, write_if_unchanged_since
from ..sources.content import protected_names
from ..sources.references import reference_labels
from .http import RetryableError
from .masking import Masked, MaskError, mask, unmask
from .secrets import contains_secret, redact
from .cache import NoCache, SuggestionCache
from ..sources.sentences import sentence_splitter
from ..workspace import Workspace

MACHINE_COMMENT = "machine translation: "
PREVIOUS_TRANSLATION = "previous translation:"
PREVIOUS_SOURCE = "previous source:"
MEMORY_COMMENT = "translation memory: "
SAVE_INTERVAL = 1.0  # seconds between catalog saves during a run
MAX_DELAY = 60.0  # the longest pause between two tries, whatever Retry-After says

Progress = Callable[[int, int], None]


@dataclass
class Rejection:
    path: str
    line: int | None
    msgid: str
    reason: str


@dataclass
class CatalogTranslation:
    document: str
    path: str
    selected: int = 0
    suggested: int = 0
    written: bool = False


@dataclass
class TranslateReport:
    provider: str
    language: str
    catalogs: list[CatalogTranslation] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    requests: int = 0  # sent to the service, retries included
    cached: int = 0  # texts answered from the local cache

    @property
    def suggested(self) -> int:
        return sum(c.suggested for c in self.catalogs)


@dataclass
class _Job:
    entry: polib.POEntry
    catalog: CatalogTranslation
    masked: Masked
    pieces: list[tuple[str, str]]  # (text to send, whitespace that followed it)
    stale: bool
    finished: bool = False


def translate(ws: Workspace, language: str, provider: str | None = None, document: str | None = None,
              include_stale: bool = False, progress: Progress | None = None,
              sleep: Callable[[float], None] = time.sleep) -> TranslateReport:
    # The whole run holds the project's write lock: it reads catalogs and saves them as it
    # goes, so an update in between would otherwise be overwritten.
    with project_lock(ws.config.root):
        return _translate(ws, language, provider, document, include_stale, progress, sleep)


def _translate(ws: Workspace, language: str, provider: str | None, document: str | None,
               include_stale: bool, progress: Progress | None,
               sleep: Callable[[float], None]) -> TranslateReport:
    config = ws.config
    config.check_language(language)
    if language == config.source_language:
        raise ConfigError(f"{language!r} is the source language; its catalogs need no translation",
                          config.config_path)
    cls, settings, key_named = configured.settings(config, provider)
    terms = configured.do_not_translate(config)
    try:
        engine = cls(settings, config.source_language, language, key_required=key_named)
    except ProviderError as exc:
        exc.message = f"{cls.name}: {exc.message}"
        raise
    report = TranslateReport(cls.name, language)

    catalogs: dict[str, tuple[polib.POFile, Path]] = {}
    jobs: list[_Job] = []
    for doc in ws.documents(document):
        path = config.po_path(language, doc.name)
        catalog = ws.catalog(path)
        result = CatalogTranslation(doc.name, ws.relative(path))
        report.catalogs.append(result)
        labels = None  # the source's reference labels, read when an entry has a bracket
        for entry in catalog:
            stale = include_stale and is_stale(entry) and bool(entry.msgstr)
            if entry.obsolete or entry.msgid_plural or not entry.msgid or (entry.msgstr and not stale):
                continue
            if labels is None and "[" in entry.msgid:
                source = ws.source(doc)
                labels = reference_labels(source.text, doc.relpath)
            masked = mask(entry.msgid, terms + protected_names(entry.comment, entry.msgid), labels or frozenset())
            pieces = _split(masked.text, settings.max_chars, config.source_language) \
                if masked.needs_translation else []
            jobs.append(_Job(entry, result, masked, pieces, stale))
            result.selected += 1
        if result.selected:
            catalogs[result.path] = (catalog, path)
        else:  # nothing to suggest: a fully translated project is not held in memory
            ws.forget(doc)

    run = _Run(ws, report, catalogs, engine, settings, progress, len(jobs), sleep)
    cache = SuggestionCache(config.root) if config.translate.cache and engine.cacheable else NoCache()
    try:
        run.execute(jobs, cache)
    except L10nError as exc:
        if isinstance(exc, ProviderError):
            exc.message = f"{engine.name}: {exc.message}"
        exc.message = redact(exc.message, engine.secrets)
        raise
    finally:
        cache.close()
    return report


# What no catalog may hold: lone surrogates (UTF-8 cannot encode them) and NUL (gettext ends a
# string there).
_UNWRITABLE = re.compile("[\ud800-\udfff\x00]")


def answer_problem(answer: object) -> str | None:
    """Why a service's answer is no suggestion (None: it is one). Answers are data from outside:
    a JSON number or list is not text (its Python repr must not become a translation)."""
    if not isinstance(answer, str):
        return f"the service's answer is not text but {type(answer).__name__}"
    bad = _UNWRITABLE.search(answer)
    if bad:
        what = "a lone surrogate" if bad.group() != "\x00" else "a NUL character"
        return f"the service's answer holds {what} (U+{ord(bad.group()):04X})"
    return None


class _Run:
    def __init__(self, ws, report, catalogs, engine, settings, progress, total, sleep):
        self.ws = ws
        self.report = report
        self.catalogs = catalogs
        self.engine = engine
        self.settings = settings
        self.progress = progress
        self.total = total
        self.sleep = sleep
        self.done = 0
        self.answers: dict[str, str] = {}
        self.refused: dict[str, str] = {}  # texts whose answer is refused (a credential, not text): why
        self.dirty: set[str] = set()
        # What each catalog's file holds as far as this run knows: a save by anyone else in
        # between is never written over (write_if_unchanged_since stops the run instead).
        self.on_disk = {key: getattr(catalog, "file_bytes", None) for key, (catalog, _) in catalogs.items()}
        self.last_save = time.monotonic()
        self._count_lock = threading.Lock()
        self.stop = threading.Event()

    def execute(self, jobs: list[_Job], cache) -> None:
        pair = (self.engine.name, self.ws.config.source_language, self.report.language)
        waiting: dict[str, list[_Job]] = defaultdict(list)
        to_fetch: list[str] = []
        for job in jobs:
            for text, _ in job.pieces:
                if text in self.answers or text in waiting:
                    waiting[text].append(job)
                    continue
                cached = cache.get(*pair, text)
                if cached is not None and not contains_secret(cached, self.engine.secrets) \
                        and answer_problem(cached) is None:
                    self.answers[text] = cached
                    self.report.cached += 1
                else:
                    waiting[text].append(job)
                    to_fetch.append(text)
        for job in jobs:
            if self._ready(job):
                self._finish(job)
        failure: BaseException | None = None
        pool = ThreadPoolExecutor(max_workers=self.settings.concurrency)
        try:
            futures = {pool.submit(self._fetch, text): text for text in to_fetch}
            for future in as_completed(futures):
                text = futures[future]
                try:
                    answer = future.result()
                except CancelledError:
                    continue
                except AnswerError as exc:
                    answer = exc  # one unusable answer: its entries are skipped and counted
                except BaseException as exc:  # the first failure stops the run; the rest is kept
                    if failure is None:
                        failure = exc
                        for other in futures:
                            other.cancel()
                    continue
                problem = str(answer) if isinstance(answer, AnswerError) else answer_problem(answer)
                if problem is None and contains_secret(answer, self.engine.secrets):
                    # A server echoing the key: into no catalog, no cache.
                    problem = "the service's answer contained a credential of the provider"
                if problem is not None:
                    self.refused[text] = problem  # this entry is skipped and counted; the run goes on
                else:
                    self.answers[text] = answer
                    cache.put(*pair, text, answer)
                for job in waiting[text]:
                    if not job.finished and self._ready(job):
                        self._finish(job)
                if time.monotonic() - self.last_save >= SAVE_INTERVAL:
                    self._save()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            self._save()
        if failure is not None:
            saved = self.report.suggested
            if isinstance(failure, ProviderError):
                failure.message += f"; {saved} suggestions saved, run again to continue"
                raise failure
            raise failure

    def _ready(self, job: _Job) -> bool:
        return all(text in self.answers or text in self.refused for text, _ in job.pieces)

    def _fetch(self, text: str) -> str:
        if self.stop.is_set():
            raise CancelledError()
        try:
            return self._fetch_with_retries(text)
        except BaseException:
            self.stop.set()  # set here, in the worker, so no queued text starts after a failure
            raise

    def _fetch_with_retries(self, text: str) -> str:
        settings = self.settings
        for attempt in range(settings.retries + 1):
            with self._count_lock:
                self.report.requests += 1
            try:
                return self.engine.translate(text)
            except RetryableError as exc:
                if attempt == settings.retries:
                    tries = "try" if settings.retries == 0 else f"{settings.retries + 1} tries"
                    raise ProviderError(f"{exc} (after {tries})") from None
                delay = settings.backoff * 2 ** attempt
                self.sleep(min(max(delay, exc.retry_after or 0.0), MAX_DELAY))
            except L10nError:
                raise
            except Exception as exc:  # a client library's own surprise: one line, not a traceback
                raise ProviderError(f"unexpected failure ({type(exc).__name__}: {exc})") from None
        raise AssertionError("unreachable")

    def _finish(self, job: _Job) -> None:
        job.finished = True
        entry = job.entry
        try:
            refused = next((self.refused[text] for text, _ in job.pieces if text in self.refused), None)
            if refused is not None:
                raise MaskError(refused)
            if job.pieces:
                joined = "".join(_keep_spacing(text, self.answers[text]) + gap for text, gap in job.pieces)
                suggestion = unmask(job.masked, joined)
            else:
                suggestion = job.masked.source  # nothing but markup, numbers and punctuation
            if not suggestion.strip():
                raise MaskError("the suggestion is empty")
        except MaskError as exc:
            self.report.rejected.append(Rejection(job.catalog.path, report_line(entry), entry.msgid, str(exc)))
        else:
            _apply(entry, suggestion, self.engine.name, job.stale)
            job.catalog.suggested += 1
            self.dirty.add(job.catalog.path)
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def _save(self) -> None:
        conflict = None
        for key in sorted(self.dirty):
            catalog, path = self.catalogs[key]
            data = serialize(catalog)
            try:
                written = write_if_unchanged_since(path, self.on_disk[key], data)
            except ChangedMeanwhileError as exc:
                conflict = conflict or exc
                continue
            self.on_disk[key] = data
            for result in self.report.catalogs:
                if result.path == key:
                    result.written = result.written or written
        self.dirty.clear()
        self.last_save = time.monotonic()
        if conflict is not None:
            self.dirty.clear()
            raise conflict


def _apply(entry: polib.POEntry, suggestion: str, provider: str, stale: bool) -> None:
    if stale:
        # Nothing a person wrote is replaced without being kept where the translator sees it.
        kept = _quoted(PREVIOUS_TRANSLATION, entry.msgstr)
        if entry.previous_msgid is not None:
            kept += _quoted(PREVIOUS_SOURCE, entry.previous_msgid)
        entry.tcomment = "\n".join(([entry.tcomment] if entry.tcomment else []) + kept)
        entry.previous_msgid = None  # a machine suggestion is not a kept translation for --use-stale
    entry.msgstr = suggestion
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    lines = [line for line in (entry.comment or "").split("\n")
             if line and not line.startswith((MACHINE_COMMENT, MEMORY_COMMENT))]
    entry.comment = "\n".join(lines + [MACHINE_COMMENT + provider])


def _quoted(label: str, text: str) -> list[str]:
    """``label`` and ``text`` as quoted, escaped lines short enough that no tool rewraps them.

    A plain comment would be rewrapped at 79 columns, losing exact spacing; this
    keeps the text byte for byte, the way msgstr lines do.
    """
    lines, line = [label], ""
    for word in re.split(r"(?<= )", polib.escape(text)):
        if line and len(line) + len(word) > 70:
            lines.append(f'"{line}"')
            line = ""
        line += word
    lines.append(f'"{line}"')
    return lines


def kept_text(entry: polib.POEntry, label: str = "previous translation:") -> str | None:
    """The text kept under ``label`` in an entry's translator comment, or None."""
    lines = (entry.tcomment or "").split("\n")
    if label not in lines:
        return None
    parts = []
    for line in lines[lines.index(label) + 1:]:
        if not (line.startswith('"') and line.endswith('"') and len(line) >= 2):
            break
        parts.append(line[1:-1])
    return polib.unescape("".join(parts))


def _keep_spacing(sent: str, answer: str) -> str:
    """Services strip the text they are sent; put its leading and trailing spaces back."""
    lead = sent[: len(sent) - len(sent.lstrip())]
    trail = sent[len(sent.rstrip()):]
    return lead + answer.strip() + trail


def _split(text: str, limit: int, language: str) -> list[tuple[str, str]]:
    """``text`` in pieces of at most ``limit`` characters, cut at sentence ends where possible."""
    if len(text) <= limit:
        return [(text, "")]
    # Cut where the segmenter starts each sentence, so the pieces join back to ``text`` exactly.
    spans = sentence_splitter(language)(text, 0, len(text))
    starts = [len(text) - len(text[a:].lstrip()) for a, _ in spans[1:]]
    sentences = [text[a:b] for a, b in zip([0, *starts], [*starts, len(text)])]
    units: list[str] = []
    for sentence in sentences:
        while len(sentence) > limit:  # a sentence over the limit is cut at the last space that fits
            cut = sentence.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            units.append(sentence[:cut])
            sentence = sentence[cut:]
        units.append(sentence)
    pieces: list[str] = []
    for unit in units:
        if pieces and len(pieces[-1]) + len(unit) <= limit:
            pieces[-1] += unit
        else:
            pieces.append(unit)
    out = []
    for piece in pieces:
        body = piece.rstrip()
        out.append((body, piece[len(body):]))
    return [(body, gap) for body, gap in out if body] or [(text, "")]
