"""The package's shape: no import circles, and the README's architecture map lists every module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from helpers import REPO

PACKAGE = REPO / "l10n_tool"


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return modules


def _imports(name: str, path: Path, modules: dict[str, Path], *, top_level_only: bool) -> set[str]:
    """The package modules ``name`` imports (at import time only, or anywhere in its code).

    Anywhere counts imports inside functions and modules named by a string for ``importlib``
    (``"l10n_tool.checks.quality"``, or ``"module:attribute"`` as entry points write them)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            # ``from . import x`` names a module x when there is one, else a name in the package.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        elif not top_level_only and isinstance(node, ast.Constant) and isinstance(node.value, str):
            targets = [node.value.partition(":")[0]]
        else:
            continue
        found |= {target for target in targets if target in modules and target != name}
    return found


def _circles(top_level_only: bool) -> list[list[str]]:
    modules = _modules()
    graph = {name: _imports(name, path, modules, top_level_only=top_level_only) for name, path in modules.items()}
    circles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                circles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    return circles


def test_no_import_circles_among_the_package_modules():
    assert _circles(top_level_only=True) == []


def test_no_import_circles_counting_lazy_and_importlib_imports():
    # A function-level import or an importlib name still ties the modules together: a registry
    # that imports its plug-ins, which import it back, is one concept split across two files.
    assert _circles(top_level_only=False) == []


def test_the_circle_finder_counts_lazy_imports_and_importlib_names(tmp_path):
    """The test above can fail: a lazy import and an importlib name are both edges."""
    (tmp_path / "a.py").write_text("def f():\n    from . import b\n")
    (tmp_path / "b.py").write_text("import importlib\nX = importlib.import_module('pkg.a')\n")
    modules = {"pkg.a": tmp_path / "a.py", "pkg.b": tmp_path / "b.py"}
    assert _imports("pkg.a", modules["pkg.a"], modules, top_level_only=False) == {"pkg.b"}
    assert _imports("pkg.b", modules["pkg.b"], modules, top_level_only=False) == {"pkg.a"}
    assert _imports("pkg.a", modules["pkg.a"], modules, top_level_only=True) == set()


def test_config_imports_nothing_of_checks_or_providers():
    modules = _modules()
    imported = _imports("l10n_tool.config", modules["l10n_tool.config"], modules, top_level_only=False)
    assert not {m for m in imported if m.startswith(("l10n_tool.checks", "l10n_tool.mt", "l10n_tool.plugins"))}


def test_the_readme_architecture_map_lists_every_module():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Architecture\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([\w/]+\.py)`", section))
    modules = {path.relative_to(PACKAGE).as_posix() for path in _modules().values()
               if not (path.name == "__init__.py" and path.parent != PACKAGE and not path.read_text(encoding="utf-8").strip())}
    assert sorted(modules - listed) == [], "README's Architecture section does not list these modules"
    assert sorted(listed - modules) == [], "README's Architecture section lists modules that do not exist"


def test_no_test_module_imports_conftest_or_another_test_module():
    pattern = re.compile(r"^\s*(from\s+(conftest|test_\w+)\s+import|import\s+(conftest|test_\w+))", re.M)
    offenders = [path.name for path in sorted((REPO / "tests").rglob("*.py"))
                 if path.name != "conftest.py" and pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == [], "shared helpers belong in tests/helpers/, fixtures in conftest.py"


def test_the_dashboard_takes_language_names_from_languages_not_from_the_page_writer():
    modules = _modules()
    name = "l10n_tool.publish.dashboard"
    imported = _imports(name, modules[name], modules, top_level_only=False)
    assert "l10n_tool.publish.html_page" not in imported
    assert "l10n_tool.languages" in imported
