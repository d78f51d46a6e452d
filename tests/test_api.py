"""The Python API (issue 20 item 3): ``import l10n_tool`` runs the commands and returns their results."""

from __future__ import annotations

import subprocess
import sys

import pytest

import l10n_tool
from l10n_tool.errors import UsageError


@pytest.fixture
def repository_copy(project):
    """A copy of this repository's content project (conftest's ``project``)."""
    return project


def test_update_status_check_and_build_through_the_package_alone(repository_copy):
    changes = l10n_tool.update(repository_copy)
    assert changes and not any(c.written for c in changes if c.language is not None)  # the repository is current
    report = l10n_tool.status(repository_copy, languages=["de", "es"])
    assert [row.language for row in report.catalogs][:2] == ["es", "de"]  # configured order, not the caller's
    assert all(row.counts.total for row in report.catalogs)
    gate = l10n_tool.check(repository_copy, languages="es")
    assert {problem.language for problem in gate.problems} <= {"es"}
    built = l10n_tool.build(repository_copy, formats=["md"])
    assert built.outputs and (repository_copy / "build" / "en").is_dir()
    source = next((repository_copy / "source").glob("*.md"))
    assert (repository_copy / "build" / "en" / source.name).read_bytes() == source.read_bytes()


def test_every_command_has_a_keyword_only_function():
    import inspect

    for name in l10n_tool.API:
        parameters = list(inspect.signature(getattr(l10n_tool, name)).parameters.values())
        assert all(p.kind is p.KEYWORD_ONLY for p in parameters[1:]), name
        assert inspect.getdoc(getattr(l10n_tool, name)), name


@pytest.mark.parametrize("call", [
    lambda root: l10n_tool.status(root, languages=["fr"]),
    lambda root: l10n_tool.check(root, languages="xx"),
    lambda root: l10n_tool.build(root, documents=["nope"]),
    lambda root: l10n_tool.update(root, languages=["zz"]),
])
def test_a_typo_is_one_usage_error_whatever_the_command(repository_copy, call):
    with pytest.raises(UsageError) as caught:
        call(repository_copy)
    assert caught.value.option in ("--lang", "--doc")


@pytest.mark.parametrize("command", ["status", "check", "diff", "build", "update"])
def test_the_cli_reports_a_language_typo_the_same_way_for_every_command(repository_copy, command):
    from helpers import run

    result = run(repository_copy, command, "--lang", "es,xx")
    assert result.exit_code == 2
    assert "Invalid value for '--lang': unknown language 'xx'" in result.stderr


def test_check_lists_languages_in_configured_order_whatever_the_order_asked(repository_copy):
    report = l10n_tool.check(repository_copy, languages=["de", "es"])
    assert [c.language for c in report.catalogs][:2] == ["es", "de"]


def test_importing_the_package_imports_no_command():
    code = ("import sys, l10n_tool; "
            "print(sorted(m for m in sys.modules if m.startswith('l10n_tool.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['l10n_tool.version']"
