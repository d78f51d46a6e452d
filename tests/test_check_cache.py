"""`l10n check` at scale: a catalog's results are reused while nothing they depend on changed,
and CI shards (`--lang`, `--doc`) add up to the whole run in every format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from helpers.checkutil import DOC, edit, po_path
from helpers import run

CASES = sorted((Path(__file__).parent / "data" / "check").glob("*.toml"))
FORMATS = ("text", "json", "junit", "github")


def _plant_every_problem(project: Path) -> None:
    """Each planted case of test_check.py in a document of its own (a copy of the article)."""
    pristine = {language: po_path(project, language).read_bytes() for language in ("en", "es", "de")}
    for case in CASES:
        spec = tomllib.loads(case.read_text(encoding="utf-8"))
        if spec.get("needs") and not shutil.which(spec["needs"]):
            continue
        language = spec["language"]
        edit(project, language, spec.get("entry"), msgstr=spec.get("msgstr"),
             replace=tuple(spec["replace"]) if "replace" in spec else None, flags=spec.get("flags"),
             previous_msgid=spec.get("previous_msgid"), header=spec.get("header"))
        if "encoding" in spec:
            path = po_path(project, language)
            path.write_bytes(path.read_text(encoding="utf-8").encode(spec["encoding"]))
        shutil.copy(project / "source" / f"{DOC}.md", project / "source" / f"{case.stem}.md")
        shutil.copy(project / "locales" / f"{DOC}.pot", project / "locales" / f"{case.stem}.pot")
        for other in pristine:
            po_path(project, other).with_name(f"{case.stem}.po").write_bytes(po_path(project, other).read_bytes())
            po_path(project, other).write_bytes(pristine[other])
    edit(project, "es", "It also makes sense", flags=["l10n-ignore-unchanged"])  # and a waiver


def _reports(project: Path) -> tuple[str, str]:
    # The other formats render the same report; json holds all of it, text is what people read.
    return run(project, "check", "--format", "json").stdout, run(project, "check").stdout


def test_cached_check_reports_exactly_what_a_fresh_one_does(project):
    from l10n_tool.checks import check_names

    _plant_every_problem(project)
    fresh = _reports(project)
    report = json.loads(fresh[0])
    assert {p["check"] for p in report["problems"]} == set(check_names())
    assert report["waivers"] and report["summary"]["catalogs"] == 3 * (len(CASES) + 1)
    assert (project / ".l10n-cache" / "checks.json").is_file()
    assert _reports(project) == fresh  # from the cache
    shutil.rmtree(project / ".l10n-cache")
    assert _reports(project) == fresh  # computed again


@pytest.fixture
def two_documents(project: Path) -> Path:
    """The shipped project with its article twice, as 'first' and 'second'."""
    for name in ("first", "second"):
        shutil.copy(project / "source" / f"{DOC}.md", project / "source" / f"{name}.md")
        shutil.copy(project / "locales" / f"{DOC}.pot", project / "locales" / f"{name}.pot")
        for language in ("en", "es", "de"):
            shutil.copy(po_path(project, language), po_path(project, language).with_name(f"{name}.po"))
    (project / "source" / f"{DOC}.md").unlink()
    (project / "locales" / f"{DOC}.pot").unlink()
    for language in ("en", "es", "de"):
        po_path(project, language).unlink()
    return project


@pytest.fixture
def checked(monkeypatch):
    """Runs `check` and says which catalogs were checked rather than taken from the cache."""
    from l10n_tool.checks import runner

    seen: list[tuple[str, str]] = []
    original = runner.check_documents

    def spy(ws, settings, glossary, todo, *args):
        seen.extend((document.name, language) for document, languages in todo for language in languages)
        return original(ws, settings, glossary, todo, *args)

    monkeypatch.setattr(runner, "check_documents", spy)

    def check(root: Path, *args: str) -> set[tuple[str, str]]:
        seen.clear()
        result = run(root, "check", "--format", "json", *args)
        assert result.exit_code in (0, 1), result.stderr
        return set(seen)

    return check


EVERY = {(doc, lang) for doc in ("first", "second") for lang in ("en", "es", "de")}


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_what_invalidates_a_cached_result(two_documents, checked, monkeypatch):
    root = two_documents
    assert checked(root) == EVERY
    assert checked(root) == set()
    # A catalog: that catalog.
    catalog = po_path(root, "de").with_name("second.po")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("erlebt", "erlebt  ", 1), encoding="utf-8")
    assert checked(root) == {("second", "de")}
    # A template: the catalogs of its document.
    _append(root / "locales" / "first.pot", "\n")
    assert checked(root) == {("first", "en"), ("first", "es"), ("first", "de")}
    # The source: the catalogs of its document.
    _append(root / "source" / "second.md", "\nA new closing sentence.\n")
    assert checked(root) == {("second", "en"), ("second", "es"), ("second", "de")}
    # A check setting for one language: that language's catalogs.
    _append(root / "l10n.toml", "\n[check.languages.es]\nmin_percent = 90\n")
    assert checked(root) == {("first", "es"), ("second", "es")}
    # A setting for every language: every catalog.
    _append(root / "l10n.toml", '\n[check.severity]\nwhitespace = "warning"\n')
    assert checked(root) == EVERY
    assert checked(root) == set()
    # The glossary: a German rendering, the German catalogs; a do-not-translate term, every catalog.
    glossary = root / "glossary.toml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("Friedrich-Ebert-Stiftung",
                                                                     "Friedrich Ebert Stiftung"), encoding="utf-8")
    assert checked(root) == {("first", "de"), ("second", "de")}
    glossary.write_text(glossary.read_text(encoding="utf-8").replace('"USAID"', '"USAID", "Frontex"'),
                        encoding="utf-8")
    assert checked(root) == EVERY
    # The tool's version: every catalog.
    from l10n_tool.checks import keys

    monkeypatch.setattr(keys, "code_salt", lambda: "another version")
    assert checked(root) == EVERY
    assert checked(root) == set()
    # --min-percent on the command line: every catalog, then the cache again without it.
    assert checked(root, "--min-percent", "50") == EVERY


def test_a_shard_checks_and_caches_only_its_catalogs(two_documents, checked):
    root = two_documents
    assert checked(root, "--lang", "de") == {("first", "de"), ("second", "de")}
    assert checked(root, "--lang", "es") == {("first", "es"), ("second", "es")}
    assert checked(root) == {("first", "en"), ("second", "en")}
    assert checked(root) == set()


def _plant_two(root: Path) -> None:
    for name, language, old, new in (("second", "de", "erlebt", "erlebt  "), ("first", "es", "1300", "1400")):
        catalog = po_path(root, language).with_name(f"{name}.po")
        text = catalog.read_text(encoding="utf-8")
        assert old in text
        catalog.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_sharded_runs_add_up_to_the_whole_in_every_format(two_documents):
    root = two_documents
    _plant_two(root)
    whole = run(root, "check", "--format", "json")
    assert whole.exit_code == 1
    everything = json.loads(whole.stdout)["problems"]
    assert {(p["document"], p["language"]) for p in everything} == {("second", "de"), ("first", "es")}
    github_whole = [l for l in run(root, "check", "--format", "github").stdout.splitlines() if not l.startswith("::notice")]
    found, annotations, catalogs = [], [], 0
    for language in ("en", "es", "de"):
        for document in ("first", "second"):
            shard = ("--lang", language, "--doc", document)
            result = run(root, "check", "--format", "json", *shard)
            report = json.loads(result.stdout)
            assert result.exit_code == (1 if report["problems"] else 0)
            assert report["summary"]["catalogs"] == 1
            catalogs += 1
            found += report["problems"]
            junit = ET.fromstring(run(root, "check", "--format", "junit", *shard).stdout)
            (suite,) = junit.findall("testsuite")
            assert suite.get("name") == f"locales/{language}/LC_MESSAGES/{document}.po"
            assert junit.get("failures") == str(len({p["check"] for p in report["problems"]}))
            github = run(root, "check", "--format", "github", *shard).stdout.splitlines()
            assert github[-1].startswith("::notice title=l10n check::") and re.search(r"\b1 catalog\b", github[-1])
            annotations += github[:-1]
    assert catalogs == 6
    key = lambda p: (p["path"], p["line"] or 0, p["check"], p["message"])  # noqa: E731
    assert sorted(found, key=key) == sorted(everything, key=key)
    assert sorted(annotations) == sorted(github_whole)
    # Repeated and comma-separated options mean the same; a source path names its document.
    a = run(root, "check", "--format", "json", "--lang", "es,de", "--doc", "first")
    b = run(root, "check", "--format", "json", "--lang", "es", "--lang", "de", "--doc", "source/first.md")
    assert a.stdout == b.stdout and json.loads(a.stdout)["summary"]["catalogs"] == 2


def test_an_unknown_shard_is_a_usage_error(two_documents):
    for option in (("--lang", "xx"), ("--doc", "third")):
        result = run(two_documents, "check", *option)
        assert result.exit_code == 2 and option[1] in result.stderr


_IMPORTS = ("import sys; from l10n_tool.cli import main\n"
            "try:\n    main(['--root', sys.argv[1], '-q', 'check'])\nexcept SystemExit as e:\n    code = e.code\n"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'polib', 'markdown_it', 'jinja2', 'yaml', 'babel'}\n"
            "               | {m for m in sys.modules if m.startswith('l10n_tool.sources')})\n"
            "print(code, heavy)")


def _cached_run_imports(root: Path) -> str:
    return subprocess.run([sys.executable, "-c", _IMPORTS, str(root)], check=True, capture_output=True,
                          text=True).stdout.strip()


def test_a_cached_check_imports_no_parser_and_no_babel(project):
    """A run served from the cache costs start-up and hashing: no catalog or Markdown parser, and
    not Babel, whose locales an earlier run found (the cache remembers them)."""
    assert _cached_run_imports(project).startswith("0 ")  # fills the cache
    assert _cached_run_imports(project) == "0 []"


def test_remembered_locales_do_not_let_an_unknown_language_through(project):
    assert run(project, "check").exit_code == 0
    state = json.loads((project / ".l10n-cache" / "state.json").read_bytes())
    assert {"en", "es", "de"} <= set(state["locales"])
    config = project / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"de"', '"de", "xx"'), encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 2 and "unknown language code 'xx'" in result.stderr
    # Locales remembered by another version of the tool or its libraries are not trusted.
    config.write_text(config.read_text(encoding="utf-8").replace(', "xx"', ""), encoding="utf-8")
    assert run(project, "check").exit_code == 0
    state = json.loads((project / ".l10n-cache" / "state.json").read_bytes())
    state["locales"].append("xx")
    state["salt"] = "written by another version"
    (project / ".l10n-cache" / "state.json").write_text(json.dumps(state), encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace('"de"', '"de", "xx"'), encoding="utf-8")
    from l10n_tool import languages

    languages._KNOWN_LOCALES.discard("xx")
    result = run(project, "check")
    assert result.exit_code == 2 and "unknown language code 'xx'" in result.stderr
