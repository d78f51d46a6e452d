"""``build/.l10n-manifest.json``: every file ``build`` wrote, and for which edition.

The build folder is deployed as it is, so an edition that is no longer published
must leave it. The manifest is what makes removing safe: ``build`` deletes only
files it lists, never a file someone else put there.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import L10nError
from ..fsutil import check_target, read_file

MANIFEST_NAME = ".l10n-manifest.json"
_VERSION = 1

# What a file belongs to: (document, language) of an edition, or None for a file about the site.
Owner = tuple[str, str] | None


@dataclass
class Manifest:
    files: dict[str, Owner] = field(default_factory=dict)  # path relative to the build folder

    @classmethod
    def read(cls, build_path: Path) -> "Manifest":
        path = build_path / MANIFEST_NAME
        try:
            data = json.loads(read_file(path))
            files = {str(name): (tuple(owner) if owner is not None else None)
                     for name, owner in data["files"].items()}
        except FileNotFoundError:
            return cls()
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            # Without a readable manifest nothing can be removed safely: say so, remove nothing.
            raise L10nError(f"not a manifest of l10n build ({exc.__class__.__name__}); delete it to start "
                            "afresh", path) from None
        return cls({name: owner for name, owner in files.items() if _inside(name)})

    def encode(self) -> bytes:
        files = {name: (list(owner) if owner is not None else None) for name, owner in sorted(self.files.items())}
        return (json.dumps({"version": _VERSION, "files": files}, ensure_ascii=False, indent=1) + "\n").encode()


def _inside(name: str) -> bool:
    """A manifest entry names a file below the build folder, never outside it."""
    # As Path(name).parts reads a POSIX path, on strings: a build lists thousands of files.
    parts = [part for part in name.split("/") if part not in ("", ".")]
    return bool(parts) and not name.startswith("/") and ".." not in parts


def remove_files(build_path: Path, names: list[str]) -> list[str]:
    """Delete these files (listed in the manifest) and the folders they leave empty; what was removed."""
    removed = []
    base = build_path.resolve()
    for name in names:
        path = build_path / name
        # A link placed where build wrote a file is not followed: the link itself goes.
        if not path.resolve().parent.is_relative_to(base) or not (path.is_file() or path.is_symlink()):
            continue
        check_target(path)  # no symbolic link on the way (fsutil): raises, naming it
        path.unlink()
        removed.append(name)
        folder = path.parent
        while folder != build_path and folder.is_relative_to(build_path):
            try:
                os.rmdir(folder)  # only when empty
            except OSError:
                break
            folder = folder.parent
    return removed
