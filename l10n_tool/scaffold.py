"""``l10n init``: a new project's files, and languages added to an existing project.

A new project gets its configuration, folders, a ``.gitignore`` and the Git merge driver for
catalogs; an existing one gets the languages given added to its configuration, edited with
tomlkit so that every comment and the layout stay as the user wrote them, and their catalogs
created as ``update`` creates them (``pybabel init -l``, ``sphinx-intl update -l``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import languages as lang_codes
from .config import CONFIG_NAME
from .errors import ConfigError
from .fsutil import make_folder, write_if_changed
from .tomlfile import PYPROJECT_NAME, pyproject_has_l10n_table

# The configuration documents itself: the next maintainer of a content project has the tool
# installed, not its README, so the comment names what an installed tool answers.
_CONFIG_TEMPLATE = """\
# l10n project configuration. Commands and their options: `l10n --help`,
# `l10n COMMAND --help`. A misspelt key or a wrong value is reported with its line.
# The language of the files in source/.
source_language = "{source}"
# Every language that gets a catalog (locales/<lang>/LC_MESSAGES/<doc>.po); add one
# with `l10n init --lang CODE`.
languages = [{languages}]
# The source documents: globs relative to this file's folder.
sources = ["source/*.md"]
locales_dir = "locales"
build_dir = "build"
# One catalog entry per "sentence" or per "paragraph".
segment = "sentence"
"""
# What a project never commits: the build output, the tool's cache and compiled catalogs.
GITIGNORE_LINES = ("/build/", "/.l10n-cache/", "*.mo")
# The merge driver for catalogs (``l10n merge-driver``): .gitattributes names it, git config defines it.
GITATTRIBUTES_LINE = "*.po merge=l10n"
MERGE_DRIVER = "l10n merge-driver %O %A %B %P"


@dataclass
class InitResult:
    created: list[str] = field(default_factory=list)  # files and folders made, relative to the root
    updated: list[str] = field(default_factory=list)  # existing files changed (the configuration)
    added: list[str] = field(default_factory=list)  # languages added to an existing configuration
    present: list[str] = field(default_factory=list)  # languages given that were configured already
    catalogs: list[str] = field(default_factory=list)  # catalogs created for the added languages
    merge_driver: bool = False  # git config merge.l10n.driver set in the enclosing repository
    next_steps: list[str] = field(default_factory=list)


def init(root: Path, *, source_language: str = "en", languages: Iterable[str] = ()) -> InitResult:
    """A new project at ``root``; in an existing one, add ``languages`` (an error without any)."""
    root = Path(root)
    languages = list(languages)
    for code in [source_language, *languages]:
        try:
            lang_codes.parse(code)
        except lang_codes.LanguageCodeError as exc:
            raise ConfigError(str(exc), root) from None
    existing = _existing_config(root)
    if existing is not None:
        if not languages:
            raise ConfigError("already a project: the configuration exists; "
                              "add a language with 'l10n init --lang CODE'", existing)
        return _add_languages(root, existing, languages)
    return _new_project(root, source_language, languages)


def _existing_config(root: Path) -> Path | None:
    if (root / CONFIG_NAME).exists():
        return root / CONFIG_NAME
    pyproject = root / PYPROJECT_NAME
    if pyproject.is_file() and pyproject_has_l10n_table(pyproject):
        return pyproject
    return None


def _new_project(root: Path, source_language: str, languages: list[str]) -> InitResult:
    codes = list(dict.fromkeys([source_language, *languages] if languages else [source_language, "es", "de"]))
    text = _CONFIG_TEMPLATE.format(source=source_language, languages=", ".join(f'"{c}"' for c in codes))
    root.mkdir(parents=True, exist_ok=True)
    result = InitResult()
    write_if_changed(root / CONFIG_NAME, text.encode("utf-8"), root=root)
    result.created.append(CONFIG_NAME)
    existed = (root / ".gitignore").exists()
    if _add_lines(root, ".gitignore", GITIGNORE_LINES):
        (result.updated if existed else result.created).append(".gitignore")
    for folder in ("source", "locales"):
        if not (root / folder).exists():
            make_folder(root / folder, root)
            result.created.append(folder + "/")
    _merge_driver(root, result)
    targets = [c for c in codes if not lang_codes.same(c, source_language)]
    result.next_steps = [
        "put the Markdown articles in source/ (YAML front matter: title, teaser, ...)",
        "l10n update  -- writes locales/<doc>.pot and a catalog per language",
        f"translate locales/{{{','.join(lang_codes.gettext_form(c) for c in targets)}}}/LC_MESSAGES/*.po "
        "(Poedit, Lokalize, Weblate), or import an existing translation with 'l10n import --lang L FILE'",
        "l10n check  -- the gate; l10n build  -- the localized editions under build/",
    ]
    return result


def _add_lines(root: Path, name: str, lines: Iterable[str]) -> bool:
    """Append the ``lines`` a file lacks (a user's own lines stay); whether it was written."""
    path = root / name
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    missing = [line for line in lines if line not in old.splitlines()]
    if not missing:
        return False
    separator = "" if not old or old.endswith("\n") else "\n"
    return write_if_changed(path, (old + separator + "\n".join(missing) + "\n").encode("utf-8"), root=root)


def _merge_driver(root: Path, result: InitResult) -> None:
    """``.gitattributes`` routes catalogs to the driver; inside a git repository, git config defines it."""
    existed = (root / ".gitattributes").exists()
    if _add_lines(root, ".gitattributes", [GITATTRIBUTES_LINE]):
        (result.updated if existed else result.created).append(".gitattributes")
    git = shutil.which("git")
    if git is None:
        return
    inside = subprocess.run([git, "rev-parse", "--git-dir"], cwd=root, capture_output=True)
    if inside.returncode != 0:
        return
    for key, value in (("merge.l10n.name", "l10n: entry-by-entry merge of gettext catalogs"),
                       ("merge.l10n.driver", MERGE_DRIVER)):
        subprocess.run([git, "config", key, value], cwd=root, check=True, capture_output=True)
    result.merge_driver = True


def _add_languages(root: Path, path: Path, codes: list[str]) -> InitResult:
    import tomlkit

    from .project import load_config

    config = load_config(root)  # validated first: a broken file is reported, not edited
    result = InitResult()
    wanted = []
    for code in dict.fromkeys(codes):
        (result.present if config.language(code) else result.added).append(code)
        wanted.append(config.language(code) or code)
    if result.added:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
        table = document["tool"]["l10n"] if path.name == PYPROJECT_NAME else document
        if "languages" in table:
            table["languages"].extend(result.added)
        else:  # the default list, written out so that the new code joins it
            table["languages"] = [*config.languages, *result.added]
        write_if_changed(path, tomlkit.dumps(document).encode("utf-8"), root=root)
        result.updated.append(config.relative(path))
    result.catalogs = _create_catalogs(root, wanted)
    _merge_driver(root, result)
    result.next_steps = [f"translate {c}" for c in result.catalogs] + ["l10n status  -- what is left to translate"]
    return result


def _create_catalogs(root: Path, codes: list[str]) -> list[str]:
    """The languages' catalogs, made as ``update`` makes them (prefilled from memory, nothing else touched)."""
    from .updating import update
    from .workspace import Workspace

    ws = Workspace.open(root)
    changes = update(ws, [ws.config.check_language(code) for code in codes])
    return [c.path for c in changes if c.language is not None and c.created]
