"""The one exception hierarchy of l10n.

Every error a user can cause carries the file (and line, where there is one) so
the CLI can print a single actionable line and exit with code 2.
"""

from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """Bad input or bad usage; the CLI reports it in one line, exit code 2."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __reduce__(self):
        # Errors raised in worker processes cross back by pickling; keep the file and line.
        return (self.__class__, (self.message, self.path, self.line))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


class ChangedMeanwhileError(L10nError):
    """A file changed on disk between the moment a command read it and the moment it would write it."""


class ConfigError(L10nError):
    """Missing or invalid configuration, unknown language code."""


class CatalogError(L10nError):
    """A malformed .po/.pot file."""


class SourceError(L10nError):
    """A source document that cannot be segmented or rebuilt."""


class ProviderError(L10nError):
    """A machine-translation provider failed or is misconfigured."""


class AnswerError(ProviderError):
    """One answer of a provider is unusable (a value of the wrong type): that text gets no
    suggestion, the run goes on."""


class UsageError(L10nError):
    """A command-line value that names nothing (``--lang xx``, ``--doc nope``): exit 2 with usage."""

    def __init__(self, message: str, option: str | None = None):
        super().__init__(message)
        self.option = option

    def __reduce__(self):
        return (self.__class__, (self.message, self.option))
