"""What ``l10n check`` finds: problems, waivers and the report that gathers them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SEVERITIES = ("error", "warning", "off")
WAIVER_PREFIX = "l10n-ignore-"
# How ``completeness`` lists each entry that is not done; text output groups these per catalog.
UNTRANSLATED, NEEDS_REVIEW = "untranslated", "needs review (fuzzy)"
MALFORMED = "malformed"  # the "check" of a catalog that could not be read: bad input, exit 2


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    language: str
    document: str
    check: str
    severity: str  # "error" or "warning"
    message: str
    msgid: str | None = None

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Waiver:
    """A ``#, l10n-ignore-CHECK`` flag: one check silenced on one entry."""

    path: str
    line: int | None
    language: str
    document: str
    check: str
    msgid: str
    silenced: int  # how many problems it actually hid

    def as_json(self) -> dict:
        return asdict(self)


_COUNT_KEYS = ("total", "translated", "fuzzy", "stale", "untranslated", "obsolete")


@dataclass
class CatalogResult:
    """One catalog that was checked, with the checks that ran on it (JUnit lists each)."""

    path: str
    language: str
    document: str
    checks: tuple[str, ...]
    percent: float = 0.0  # translated / total, as status counts it
    # The entry counts of ``l10n status`` (INTERFACE.md: stale is a subset of fuzzy).
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        # In status's order, however the cache stored them.
        return {"path": self.path, "language": self.language, "document": self.document,
                "percent": self.percent, **{key: self.counts[key] for key in _COUNT_KEYS if key in self.counts}}


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    catalogs: list[CatalogResult] = field(default_factory=list)
    unlisted: list = field(default_factory=list)  # workspace.UnlistedLanguage: catalog folders not configured

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def passed(self) -> bool:
        return not self.errors

    @property
    def malformed(self) -> list[Problem]:
        """Catalogs that could not be read: the report still lists them, and the command exits 2."""
        return [p for p in self.problems if p.check == MALFORMED]

    def as_json(self) -> dict:
        return {
            "passed": self.passed,
            "problems": [p.as_json() for p in self.problems],
            "waivers": [w.as_json() for w in self.waivers],
            "catalogs": [c.as_json() for c in self.catalogs],
            "unlisted_languages": [u.as_json() for u in self.unlisted],
            "summary": {"catalogs": len(self.catalogs), "errors": len(self.errors),
                        "warnings": len(self.warnings), "waivers": len(self.waivers)},
        }
