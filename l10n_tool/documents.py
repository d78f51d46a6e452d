"""Source discovery: the documents the configuration's ``sources`` globs find.

A document is named after its file's stem (the gettext domain); a symlink counts where it
points, which must be inside the project; two files may not share a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import ConfigError
from .tomlfile import key_line


@dataclass(frozen=True)
class Document:
    name: str  # the gettext domain: the file's stem
    path: Path  # absolute
    relpath: str  # POSIX path relative to the project root, used in references


def find_documents(config: Config) -> tuple[list[Document], list[str]]:
    """Every source document, in a stable order, and the ``sources`` patterns that matched no file."""
    root = config.root.resolve()
    found: dict[str, Document] = {}
    unmatched = []
    folders: dict[Path, Path] = {}  # each folder resolved once, not each file's every component
    for pattern in config.sources:
        before = len(found)
        if Path(pattern).is_absolute():
            raise ConfigError(f"sources: {pattern!r} must be relative to the project root",
                              config.config_path, key_line(config.config_path, "sources"))
        for path in sorted(config.root.glob(pattern)):
            if not path.is_file():
                continue
            if path.is_symlink():
                resolved = path.resolve()
            else:
                folder = folders.get(path.parent)
                if folder is None:
                    folder = folders[path.parent] = path.parent.resolve()
                resolved = folder / path.name
            if not resolved.is_relative_to(root):
                raise ConfigError(f"sources: {pattern!r} matches {path}, which is outside the project",
                                  config.config_path, key_line(config.config_path, "sources"))
            doc = Document(path.stem, resolved, resolved.relative_to(root).as_posix())
            other = found.get(doc.name)
            if other and other.path != doc.path:
                raise ConfigError(f"two sources share the document name {doc.name!r}: "
                                  f"{other.relpath} and {doc.relpath}", config.config_path)
            found[doc.name] = doc
        if len(found) == before:
            unmatched.append(pattern)
    return list(found.values()), unmatched
