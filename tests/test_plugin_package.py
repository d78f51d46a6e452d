"""Plug-ins from another package (issue 20 item 2): an installed distribution whose entry points
(``l10n.checks``, ``l10n.providers``, ``l10n.formats``) add a check, a provider and a source
format, with no change to l10n's code. The package is a ``.dist-info`` on a subprocess's path,
which is what ``pip install`` leaves in site-packages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.textformat import TXT_FORMAT

pytestmark = pytest.mark.slow  # a few interpreters started, with and without the plug-in

PLUGIN = '''
"""A third-party l10n plug-in: a check and a provider (the source format is in text.py)."""
from dataclasses import dataclass

from l10n_tool.checks.registry import entry_check
from l10n_tool.mt.registry import Provider, ProviderSettings


@entry_check("demo-shout")
def check_shout(source, translation):
    return ["shouting"] if "!!!" in translation and "!!!" not in source else []


class Echo(Provider):
    name = "demo-echo"

    @dataclass(frozen=True)
    class Settings(ProviderSettings):
        suffix: str = "?"

    def translate(self, text):
        return text + self.settings.suffix
'''

ENTRY_POINTS = """\
[l10n.checks]
demo-shout = l10n_demo_plugin

[l10n.providers]
demo-echo = l10n_demo_plugin:Echo

[l10n.formats]
.txt = l10n_demo_plugin.text:FORMAT
"""


@pytest.fixture
def installed(tmp_path) -> dict:
    """The environment of a Python that has the plug-in distribution installed."""
    site = tmp_path / "site"
    (site / "l10n_demo_plugin").mkdir(parents=True)
    (site / "l10n_demo_plugin" / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    (site / "l10n_demo_plugin" / "text.py").write_text(TXT_FORMAT, encoding="utf-8")
    info = site / "l10n_demo_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: l10n-demo-plugin\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
    env.pop("NO_COLOR", None)
    return env


def _l10n(project: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "l10n_tool", "--root", str(project), *args],
                          capture_output=True, text=True, env=env)


def test_an_installed_package_adds_a_check_a_provider_and_a_source_format(project, installed):
    config = project / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'sources = ["source/*.md"]', 'sources = ["source/*.md", "notes/*.txt"]'), encoding="utf-8")
    (project / "notes").mkdir()
    (project / "notes" / "memo.txt").write_text("First line.\n\nSecond line.\n", encoding="utf-8")

    # The provider: listed by translate --help.
    assert "demo-echo" in _l10n(project, installed, "translate", "--help").stdout
    # The format: update reads notes/memo.txt into its own template.
    assert _l10n(project, installed, "update").returncode == 0
    pot = (project / "locales" / "memo.pot").read_text(encoding="utf-8")
    assert '#: notes/memo.txt:1\nmsgid "First line."' in pot
    # The check: a [check.severity] key, and run by check.
    po = project / "locales" / "es" / "LC_MESSAGES" / "memo.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgid "First line."\nmsgstr ""', 'msgid "First line."\nmsgstr "¡Primera línea!!!"'), encoding="utf-8")
    with config.open("a", encoding="utf-8") as handle:
        handle.write('\n[check.severity]\ndemo-shout = "warning"\n')
    result = _l10n(project, installed, "check", "--doc", "memo", "--lang", "es", "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert [(p["check"], p["severity"]) for p in problems if p["check"] == "demo-shout"] == [("demo-shout", "warning")]


def test_without_the_package_its_names_are_unknown(project, installed):
    """The same configuration fails without the distribution: the names come from it alone."""
    config = project / "l10n.toml"
    with config.open("a", encoding="utf-8") as handle:
        handle.write('\n[check.severity]\ndemo-shout = "warning"\n')
    assert _l10n(project, installed, "status").returncode == 0
    bare = dict(installed, PYTHONPATH=os.environ.get("PYTHONPATH", ""))
    result = _l10n(project, bare, "status")
    assert result.returncode == 2 and "unknown check 'demo-shout'" in result.stderr
    assert "demo-echo" not in _l10n(project, bare, "translate", "--help").stdout
