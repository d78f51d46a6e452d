"""Helpers shared by the test modules, imported as a normal package (``from helpers import run``).

Fixtures stay in ``conftest.py``; plain functions and constants live here, so that no test
module imports ``conftest`` or another test module.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from l10n_tool.cli import main

REPO = Path(__file__).resolve().parent.parent.parent
DOC = "ecuador-military-support"
PYTHON = sys.executable


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


def run(root: Path | None, *args: str, env: dict | None = None, color: bool = False) -> Result:
    """Run the CLI in-process; ``root`` becomes --root."""
    runner = CliRunner()
    argv = (["--root", str(root)] if root is not None else []) + list(args)
    result = runner.invoke(main, argv, catch_exceptions=False, env=env, color=color)
    return Result(result.exit_code, result.stdout, result.stderr)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to prove a command changed nothing."""
    # .l10n-cache/ is the tool's private cache (content hashes), not a project file.
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".l10n-cache" not in p.relative_to(root).parts}
