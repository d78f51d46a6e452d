"""One configuration schema: every table and key validated when the configuration loads.

Whatever the command, a wrong key or type is one line naming l10n.toml, the line and the key,
exit 2, and no file changed; features get typed settings.
"""

from __future__ import annotations

import dataclasses

import pytest

from helpers import DOC, run, snapshot
from l10n_tool.config import CheckSettings, Config
from l10n_tool import plugins
from l10n_tool.project import load_config

# Every command that reads the configuration, with what it needs to get that far.
COMMANDS = [
    ["extract"], ["update"], ["status"], ["diff"], ["build"], ["check"], ["compile"],
    ["translate", "--lang", "es", "--provider", "pseudo"],
    ["tm", "export", "--lang", "es", "out.tmx"],
]

# (what is appended to l10n.toml, the key the error must name, text on the offending line)
BAD = [
    ("[build]\nbogus = 1\n", "bogus", "bogus = 1"),
    ("[translate]\nprovider = 5\n", "provider", "provider = 5"),
    ("[translate]\nspeed = 3\n", "speed", "speed = 3"),
    ("[translate.libre]\ncolour = 'blue'\n", "colour", "colour = "),
    ("[translate.libre]\ntimeout = 'soon'\n", "timeout", "timeout = "),
    ("[translate.babelfish]\nurl = 'http://x'\n", "babelfish", "[translate.babelfish]"),
    ("[tm]\nthreshold = 80\n", "threshold", "threshold = 80"),
    ("[tm]\nprefill = 'yes'\n", "prefill", "prefill = "),
    ("[links]\ndeny = []\n", "deny", "deny = []"),
    ("[links]\nallow = 'https://www.dw.com/'\n", "allow", "allow = "),
    ("[links.map.'https://www.dw.com/en/']\nxx = 'https://www.dw.com/xx/'\n", "xx", "xx = "),
    ("[check.languages.de]\nminimum = 90\n", "minimum", "minimum = 90"),
    ("[check.severity]\nnumbres = 'error'\n", "numbres", "numbres = "),
    ("bogus_top = 1\n", "bogus_top", "bogus_top = 1"),
    ("po_width = 'wide'\n", "po_width", "po_width = "),
    ("base_url = 'ftp://example.org/'\n", "base_url", "base_url = "),
]


def _append(root, text: str) -> int:
    config = root / "l10n.toml"
    base = config.read_text(encoding="utf-8")
    # Top-level keys must come before the first table; the shipped file has only dotted keys.
    config.write_text(base + text if text.startswith("[") else text + base, encoding="utf-8")
    lines = config.read_text(encoding="utf-8").splitlines()
    return lines


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] if c[0] != "tm" else "tm-export")
@pytest.mark.parametrize("text, key, needle", BAD, ids=[b[1] for b in BAD])
def test_a_bad_key_fails_every_command_with_file_line_and_key(project, command, text, key, needle):
    lines = _append(project, text)
    line = next(n for n, content in enumerate(lines, 1) if needle in content)
    before = snapshot(project)
    result = run(project, *command)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    (message,) = result.stderr.strip().splitlines()
    assert message.startswith(f"l10n: error: {project / 'l10n.toml'}:{line}: "), message
    assert key in message
    assert snapshot(project) == before


def test_toml_nested_5000_deep_is_one_line_exit_2(project):
    (project / "l10n.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = run(project, "status")
    assert result.exit_code == 2
    (message,) = result.stderr.strip().splitlines()
    assert "l10n.toml" in message and "nested too deeply" in message


def test_features_receive_typed_settings(project):
    config = project / "l10n.toml"
    config.write_text('base_url = "https://example.org/news"\npo_width = 0\n' + config.read_text(encoding="utf-8")
                      + "[translate]\nprovider = 'pseudo'\ntimeout = 3\n[translate.libre]\nurl = 'http://127.0.0.1:9/'\n"
                      "[tm]\nmin_similarity = 90\n"
                      "[links]\nallow = ['https://www.dw.com/']\n"
                      "[links.map.'https://www.dw.com/en/']\nes = 'https://www.dw.com/es/'\n"
                      "[check.languages.de]\nmin_percent = 90\n", encoding="utf-8")
    loaded = load_config(project)
    assert "tables" not in {f.name for f in dataclasses.fields(Config)}
    assert loaded.base_url == "https://example.org/news/" and loaded.po_width == 0
    assert isinstance(loaded.check, CheckSettings) and loaded.check.min_percent_for("de") == 90
    assert loaded.check.glossary == project.resolve() / "glossary.toml"
    assert loaded.translate.provider == "pseudo" and loaded.translate.defaults == {"timeout": 3.0}
    assert loaded.translate.providers == {"libre": {"url": "http://127.0.0.1:9/"}}
    assert loaded.tm.min_similarity == 90.0
    assert loaded.links.allow == ("https://www.dw.com/",)
    assert loaded.links.map == {"https://www.dw.com/en/": {"es": "https://www.dw.com/es/"}}
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.po_width = 10  # type: ignore[misc]


def test_defaults_for_the_new_keys(project):
    loaded = load_config(project)
    assert loaded.base_url is None and loaded.po_width == 79
    assert loaded.links.allow == () and loaded.links.map == {}


def test_the_configuration_in_pyproject_is_validated_the_same_way(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.l10n]\nlanguages = ["en", "es"]\n\n[tool.l10n.build]\nbogus = 1\n',
                                             encoding="utf-8")
    result = run(tmp_path, "status")
    assert result.exit_code == 2
    assert "pyproject.toml:5: [build]: unknown key 'bogus'" in result.stderr


def test_the_shipped_configuration_loads(project):
    assert load_config(project).languages == ("en", "es", "de")
    assert run(project, "status", "--doc", DOC).exit_code == 0


def test_a_provider_declares_its_own_keys_and_the_schema_checks_them(project, monkeypatch):
    """The schema reads a provider's settings dataclass from the registry: its keys, types and minimums."""
    @dataclasses.dataclass(frozen=True)
    class EchoSettings:
        url: str | None = None
        timeout: float = dataclasses.field(default=10.0, metadata={"min": 0.001})
        formality: bool = False
        batch: int = dataclasses.field(default=8, metadata={"min": 1})

    monkeypatch.setattr(plugins, "provider_settings", lambda: {"echo": EchoSettings})
    config = project / "l10n.toml"
    base = config.read_text(encoding="utf-8")
    config.write_text(base + "[translate.echo]\nformality = true\nbatch = 2\ntimeout = 1\n", encoding="utf-8")
    assert load_config(project).translate.providers == {"echo": {"formality": True, "batch": 2, "timeout": 1}}
    for text, needle in [("formality = 'yes'\n", "formality"), ("batch = 0\n", "batch"), ("tone = 'dry'\n", "tone")]:
        config.write_text(base + "[translate.echo]\n" + text, encoding="utf-8")
        result = run(project, "status")
        assert result.exit_code == 2 and f"l10n.toml:{base.count(chr(10)) + 2}: [translate.echo]: " in result.stderr
        assert needle in result.stderr
