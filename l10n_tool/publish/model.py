"""What publishing works with: editions, pages, the build's decisions and report, the writer registry.

Writers (the Markdown and HTML pages, the dashboard) depend on this module only;
``publish/writers.py`` registers them, and ``build`` receives the registry, so
no writer is registered as a side effect of an import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..workspace import ParsedSource, Workspace

DEFAULT_MIN_PERCENT = 80.0


@dataclass
class Edition:
    """One document in one language, as it will be published.

    Its inputs are the source text, the catalog at ``catalog`` and the build settings;
    nothing else goes into its pages.
    """

    document: str
    language: str
    source: ParsedSource
    markdown: str
    percent: float
    fallbacks: int  # segments shown in the source language
    catalog: str = ""  # the catalog's path relative to the root ("" for none)
    # Source texts of the segments shown in the source language because a check failed, and why.
    failed: list[tuple[str, str]] = field(default_factory=list)
    # ``markdown`` with each fallback segment between edition.FALLBACK_START and FALLBACK_END, for
    # the HTML page, which marks them with the source's language; "" when it is ``markdown``.
    html_markdown: str = ""
    publishable: float = 100.0  # percent of entries shown translated (translated and passing checks)
    reviewed: float = 100.0  # percent of entries with a reviewed translation (translated or stale)
    behind: int = 0  # entries not translated for the current source (stale, fuzzy, untranslated)
    left_out: int = 0  # segments left out of the edition (outdated = "keep")
    # Front-matter values shown with source text, for the page to mark: key -> [(text, in the source language)].
    fallback_fields: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    outdated_notice: bool = False  # the page tells readers it is behind its source
    hold: str = ""  # why the edition must be held back whatever its percent ("" for none)

    @property
    def outdated(self) -> bool:
        return self.behind > 0


@dataclass
class BuildOutput:
    document: str
    language: str
    format: str
    path: str | None
    written: bool = False
    held_back: bool = False
    reason: str = ""
    percent: float = 100.0
    fallbacks: int = 0
    # What a writer refused to publish from a translation (raw HTML, links to unknown places).
    neutralized: list[str] = field(default_factory=list)
    # Translations that failed a check and were shown in the source language: (source text, why).
    failed: list[tuple[str, str]] = field(default_factory=list)
    behind: int = 0  # published while this many entries are behind the source (outdated)
    left_out: int = 0  # segments left out of the edition


@dataclass
class Publication:
    """The build's decision for one document in one language: its edition, or why it is held back."""

    document: str
    language: str
    percent: float
    edition: Edition | None
    reason: str = ""
    linked: bool = False  # its HTML page exists after this build, so other pages may link to it
    # Known without the edition when the decision comes from an earlier build (publish/incremental.py).
    published: bool = False
    fallbacks: int = 0
    behind: int = 0  # entries behind the source: a published edition with some is outdated
    left_out: int = 0

    def __post_init__(self) -> None:
        if self.edition is not None:
            self.published, self.fallbacks = True, self.edition.fallbacks
            self.behind, self.left_out = self.edition.behind, self.edition.left_out

    @property
    def state(self) -> str:
        """``published``, ``outdated`` (published while behind its source) or ``held back``."""
        if not self.published:
            return "held back"
        return "outdated" if self.behind else "published"


@dataclass
class Asset:
    """A local file an edition links to (an image, a data file), copied beside its pages."""

    document: str
    language: str
    path: str
    written: bool = False


@dataclass
class SiteFile:
    """A file about the whole build (the editors' dashboard), not about one edition."""

    path: str
    written: bool = False


@dataclass
class BuildReport:
    outputs: list[BuildOutput] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    site: list[SiteFile] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    # Files an earlier build wrote for editions that are no longer published, removed now.
    removed: list[str] = field(default_factory=list)
    # Malformed catalogs (one line each, naming file and line); their editions are held back.
    errors: list[str] = field(default_factory=list)

    @property
    def held_back(self) -> list[BuildOutput]:
        return [o for o in self.outputs if o.held_back]

    @property
    def fell_back(self) -> list[BuildOutput]:
        return [o for o in self.outputs if o.fallbacks]

    @property
    def neutralized(self) -> list[BuildOutput]:
        return [o for o in self.outputs if o.neutralized]

    @property
    def outdated(self) -> list[BuildOutput]:
        return [o for o in self.outputs if not o.held_back and o.behind]

    @property
    def withheld(self) -> list[BuildOutput]:
        """Published editions that left out translations failing a check."""
        return [o for o in self.outputs if not o.held_back and o.failed and not o.fallbacks]

    @property
    def strict_failures(self) -> bool:
        return bool(self.held_back or self.fell_back or self.outdated or self.withheld)

    def edition_counts(self) -> dict[str, int]:
        """Editions (document x language) built now, as the dashboard counts them, not files:
        published (up to date), outdated (published while behind) and held back add up to all."""
        def editions(outputs: list[BuildOutput]) -> set[tuple[str, str]]:
            return {(o.document, o.language) for o in outputs}

        outdated = editions(self.outdated)
        return {"published": len(editions([o for o in self.outputs if not o.held_back]) - outdated),
                "outdated": len(outdated),
                "held back": len(editions(self.held_back)),
                "with fallbacks": len(editions(self.fell_back))}

    def reasons(self) -> list[str]:
        """Why ``--strict`` fails: one line per edition held back or with fallbacks."""
        lines = []
        seen: set[tuple[str, str]] = set()
        for o in self.held_back:
            if (o.document, o.language) not in seen:
                seen.add((o.document, o.language))
                lines.append(f"held back {o.document} [{o.language}]: {o.reason}")
        for o in self.fell_back:
            if (o.document, o.language) in seen:
                continue
            seen.add((o.document, o.language))
            failed = f", {len(o.failed)} of them failing checks" if o.failed else ""
            lines.append(f"fallback {o.document} [{o.language}]: {o.fallbacks} segments in the source "
                         f"language{failed}")
        for o in self.outdated + self.withheld:
            if (o.document, o.language) in seen:
                continue
            seen.add((o.document, o.language))
            lines.append(f"outdated {o.document} [{o.language}]: {outdated_reason(o.behind, o.left_out, len(o.failed))}")
        return lines


def outdated_reason(behind: int, left_out: int, failed: int = 0) -> str:
    """What an outdated edition lacks, in one line (build's summary, --strict and the dashboard)."""
    parts = []
    if behind:
        parts.append(f"{behind} {'entry' if behind == 1 else 'entries'} behind the source")
    if failed:
        parts.append(f"{failed} failing checks")
    if left_out:
        parts.append(f"{left_out} {'segment' if left_out == 1 else 'segments'} left out")
    return ", ".join(parts)


@dataclass
class Page:
    """What a writer may return instead of plain text: the text and what it neutralized."""

    text: str
    neutralized: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BuildSettings:
    min_percent: float = DEFAULT_MIN_PERCENT
    outdated: str = "keep"  # [build] outdated: "keep", "source" or "hold"
    markdown_notice: bool = False  # [build] markdown_notice


# A writer turns one edition into a file's text: (edition, all published editions of the document, ws).
Writer = Callable[[Edition, list[Edition], Workspace], "str | Page"]
# A site writer turns every publication decision into one file under the build folder; it also
# gets what each document shows on the dashboard, by name (``dashboard.shown``, kept by the build).
SiteWriter = Callable[[list[Publication], Workspace, BuildSettings, dict[str, dict]], "str | Page"]


@dataclass
class Registry:
    """The formats ``build`` can write: format -> (file suffix, writer), and files about the whole site."""

    pages: dict[str, tuple[str, Writer]] = field(default_factory=dict)
    # Written once per build when their format is built: format -> (file name, writer).
    site: dict[str, tuple[str, SiteWriter]] = field(default_factory=dict)

    def add_page(self, name: str, suffix: str, writer: Writer) -> None:
        self.pages[name] = (suffix, writer)

    def add_site(self, name: str, filename: str, writer: SiteWriter) -> None:
        self.site[name] = (filename, writer)

    def formats(self) -> list[str]:
        return list(self.pages)


def as_page(result: "str | Page") -> Page:
    return Page(result) if isinstance(result, str) else result
