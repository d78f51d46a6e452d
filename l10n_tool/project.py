"""Project discovery: where the project is, and its configuration read and validated.

The project is the first folder, walking up from the current one, that holds
``l10n.toml`` (or a ``pyproject.toml`` with a ``[tool.l10n]`` table); ``--root`` names it
instead. ``load_config`` is the one reader of that file: it hands the schema
(``config.py``) the plug-in layer, which knows the checks and providers the file may name.
"""

from __future__ import annotations

from pathlib import Path

from . import plugins
from .config import CONFIG_NAME, Config, validate
from .errors import ConfigError
from .tomlfile import PYPROJECT_NAME, key_line, pyproject_has_l10n_table, read_toml


def find_root(start: Path) -> Path:
    """The first folder, walking up from ``start``, that holds the configuration."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
        pyproject = folder / PYPROJECT_NAME
        if pyproject.is_file() and pyproject_has_l10n_table(pyproject):
            return folder
    raise ConfigError(f"no {CONFIG_NAME} (or {PYPROJECT_NAME} with [tool.l10n]) here or above; "
                      "run 'l10n init' or pass --root", start)


def config_file(root: Path) -> Path:
    """The file holding the configuration of the project at ``root``: ``l10n.toml``, else ``pyproject.toml``."""
    if not root.is_dir():
        raise ConfigError("project root is not a folder", root)
    path = root / CONFIG_NAME
    if path.is_file():
        return path
    if (root / PYPROJECT_NAME).is_file() and pyproject_has_l10n_table(root / PYPROJECT_NAME):
        return root / PYPROJECT_NAME
    raise ConfigError(f"no {CONFIG_NAME} (or {PYPROJECT_NAME} with [tool.l10n]); run 'l10n init'", root)


def load_config(root: Path | str | None = None, start: Path | None = None) -> Config:
    """Read and validate the configuration of the project at ``root`` (or found from ``start``)."""
    root = find_root(start or Path.cwd()) if root is None else Path(root)
    path = config_file(root)
    data = read_toml(path)
    if path.name == PYPROJECT_NAME:
        data = data["tool"]["l10n"]
        if not isinstance(data, dict):
            raise ConfigError("[tool.l10n] must be a table", path, key_line(path, "tool"))
    return validate(root, path, data, plugins=plugins)
