"""A real Weblate (5.14.3, on PostgreSQL) translates the project and hands it back.

``.ci/weblate.sh`` installs Weblate in its own virtual environment under
``L10N_WEBLATE_HOME`` (default ``/opt/l10n-weblate``), starts PostgreSQL on
127.0.0.1 and makes an admin with an API token; this module starts the Weblate
server on a free 127.0.0.1 port and stops it at the end. Without that install
the tests are skipped, unless ``L10N_REQUIRE_WEBLATE=1`` (set by ``.ci/run``)
makes a missing Weblate a failure.

The round trip, as a content project would run it: the shipped project in a git
repository with a bare repository as its remote; one Weblate component per
document over the REST API (the README's settings); an entry translated and
another marked in Weblate; Weblate commits and pushes; ``l10n update``,
``check`` and ``build`` run on what it pushed. Then a source edit goes the
other way and Weblate shows the entry as "needs editing" with its old source.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import polib
import pytest
import requests

from helpers.checkutil import edit, po_path
from helpers import DOC, REPO, run, snapshot

HOME = Path(os.environ.get("L10N_WEBLATE_HOME", "/opt/l10n-weblate"))
WEBLATE = HOME / "bin" / "weblate"
TOKEN = HOME / "token"
REQUIRED = os.environ.get("L10N_REQUIRE_WEBLATE") == "1"
STARTUP = 120  # seconds; a limit on waiting, not an assertion about speed


def _postgresql_listens() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
    except OSError:
        return False
    return True


def _missing() -> str | None:
    if not (WEBLATE.is_file() and TOKEN.is_file()):
        return f"needs Weblate installed by .ci/weblate.sh under {HOME}"
    if not _postgresql_listens():
        return "needs PostgreSQL on 127.0.0.1:5432 (.ci/weblate.sh starts it)"
    return None


MISSING = _missing()
if MISSING and REQUIRED:
    raise RuntimeError(f"L10N_REQUIRE_WEBLATE=1 but Weblate is not ready: {MISSING}")

# Weblate's unit states (weblate/utils/state.py).
NEEDS_EDITING, TRANSLATED = 10, 20
SOURCE_EDIT = ("unparalleled wave", "unprecedented wave")
GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@localhost",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@localhost"}


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def local_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # straight to 127.0.0.1, whatever proxy the environment names
    return session


class Api:
    """Weblate's REST API with the admin's token; every error response fails the test."""

    def __init__(self, base: str, token: str, log: Path):
        self.base = base
        self.log = log
        self.session = local_session()
        self.session.headers["Authorization"] = f"Token {token}"

    def call(self, method: str, path: str, **kwargs) -> dict:
        response = self.session.request(method, f"{self.base}/api/{path}", timeout=300, **kwargs)
        if response.status_code >= 500:
            raise AssertionError(f"{method} /api/{path}: {response.status_code}; the server's log ends:\n"
                                 + self.log.read_text(errors="replace")[-5000:])
        assert response.status_code < 400, f"{method} /api/{path}: {response.status_code} {response.text[:3000]}"
        return response.json() if response.content else {}

    def pages(self, path: str) -> list[dict]:
        # The `next` links carry Weblate's SITE_URL, not this server's port: count pages instead.
        results, page = [], 1
        while True:
            data = self.call("GET", path, params={"page": page})
            results += data["results"]
            if not data.get("next"):
                return results
            page += 1

    def units(self, project: str, language: str) -> list[dict]:
        return self.pages(f"translations/{project}/{DOC}/{language}/units/")

    def unit(self, project: str, language: str, msgid: str) -> dict:
        matches = [u for u in self.units(project, language) if u["source"] == [msgid]]
        assert len(matches) == 1, f"{len(matches)} units in {language} with source {msgid!r}"
        return matches[0]

    def repository(self, project: str, operation: str) -> None:
        result = self.call("POST", f"components/{project}/{DOC}/repository/", json={"operation": operation})
        assert result.get("result") is True, f"{operation}: {result}"


@pytest.fixture(scope="module")
def weblate(tmp_path_factory):
    """A Weblate server on a free 127.0.0.1 port, for this module only."""
    if MISSING:
        pytest.skip(MISSING)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = tmp_path_factory.mktemp("weblate") / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen([str(WEBLATE), "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
                                  stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        probe_session = local_session()
        deadline = time.monotonic() + STARTUP
        while True:
            assert server.poll() is None, "Weblate exited:\n" + log_path.read_text(errors="replace")[-3000:]
            try:
                if probe_session.get(f"{base}/api/", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "Weblate did not answer:\n" + log_path.read_text()[-3000:]
            time.sleep(0.5)
        yield Api(base, TOKEN.read_text().strip(), log_path)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def component_settings(remote: Path) -> dict:
    """The component as the README's "Weblate" section sets it up."""
    return {
        "name": DOC, "slug": DOC, "vcs": "git", "repo": str(remote), "push": str(remote), "branch": "main",
        "file_format": "po",
        "filemask": f"locales/*/LC_MESSAGES/{DOC}.po",
        "new_base": f"locales/{DOC}.pot",
        # The .pot is the source language's text; locales/en/ would be a second English.
        "language_regex": "^(?!en$)[^.]+$",
        "new_lang": "add",
    }


def test_the_readme_sets_weblate_up_as_this_test_does():
    section = (REPO / "README.md").read_text(encoding="utf-8").split("\n## Translating in Weblate\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    settings = component_settings(Path("remote.git"))
    for key in ("file_format", "filemask", "new_base", "language_regex", "new_lang"):
        assert f"`{key}`" in section and f"`{settings[key].replace(DOC, '<doc>')}`" in section, key
    assert "weblate.gettext.msgmerge" in section and "pt_BR" in section


def test_ci_installs_weblate_and_requires_it():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    tests = next(n for n, line in enumerate(script) if "-m pytest" in line)
    assert script.index("bash .ci/weblate.sh") < tests
    assert script.index("export L10N_REQUIRE_WEBLATE=1") < tests


def plain_translated_entry(root: Path, language: str) -> polib.POEntry:
    """A translated sentence with no markup or quotes, so the page shows it character for character."""
    for entry in polib.pofile(str(po_path(root, language))):
        if entry.translated() and len(entry.msgstr) > 40 and re.fullmatch(r"[\w\s,.;:()-]+", entry.msgstr):
            return entry
    raise AssertionError(f"no plain translated entry in {language}")


@dataclass
class Trip:
    """What the round trip saw, for the tests below to judge."""

    root: Path
    project: str
    translations: dict[str, str] = field(default_factory=dict)  # language code -> file in the repository
    addons: list[str] = field(default_factory=list)
    es_msgid: str = ""
    es_msgstr: str = ""
    marked_msgid: str = ""
    marked_fuzzy: bool = False
    check_on_mark: tuple[int, list[str]] = (-1, [])  # exit code, msgids of the problems found
    weblate_commit: dict[str, bytes] = field(default_factory=dict)
    exits: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    after_update: dict[str, bytes] = field(default_factory=dict)
    page: str = ""
    edited_msgid: str = ""
    old_msgid: str = ""
    stale_units: dict[str, dict] = field(default_factory=dict)


def _pull_weblates_commit(api: Api, trip: Trip) -> None:
    api.repository(trip.project, "commit")
    api.repository(trip.project, "push")
    git(trip.root, "pull", "-q", "--ff-only", "origin", "main")


@pytest.fixture(scope="module")
def trip(weblate: Api, tmp_path_factory) -> Trip:
    api = weblate
    base = tmp_path_factory.mktemp("weblate-trip")
    root = base / "project"
    root.mkdir()
    for name in ("l10n.toml", "glossary.toml"):
        shutil.copy(REPO / name, root / name)
    for name in ("source", "locales"):
        shutil.copytree(REPO / name, root / name)
    trip = Trip(root=root, project=f"l10n-{uuid.uuid4().hex[:10]}")

    # One Spanish sentence is left for the translator in Weblate.
    entry = plain_translated_entry(root, "es")
    trip.es_msgid, trip.es_msgstr = entry.msgid, entry.msgstr
    edit(root, "es", entry.msgid, msgstr="")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Project before Weblate")
    remote = base / "remote.git"
    git(base, "clone", "-q", "--bare", str(root), str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "fetch", "-q", "origin")
    git(root, "branch", "-q", "--set-upstream-to=origin/main")

    api.call("POST", "projects/", json={"name": trip.project, "slug": trip.project,
                                           "web": "https://l10n.invalid/"})
    try:
        api.call("POST", f"projects/{trip.project}/components/", json=component_settings(remote))
        trip.translations = {t["language_code"]: t["filename"]
                             for t in api.pages(f"components/{trip.project}/{DOC}/translations/")}
        addons = api.call("GET", f"components/{trip.project}/{DOC}/")["addons"]
        trip.addons = [api.call("GET", f"addons/{url.rstrip('/').rsplit('/', 1)[1]}/")["name"] for url in addons]

        # Round 1: the translation, and a German entry marked "needs editing".
        es_unit = api.unit(trip.project, "es", trip.es_msgid)
        api.call("PATCH", f"units/{es_unit['id']}/", json={"target": [trip.es_msgstr], "state": TRANSLATED})
        de_entry = plain_translated_entry(root, "de")
        de_unit = api.unit(trip.project, "de", de_entry.msgid)
        api.call("PATCH", f"units/{de_unit['id']}/", json={"target": [de_entry.msgstr], "state": NEEDS_EDITING})
        _pull_weblates_commit(api, trip)
        marked = polib.pofile(str(po_path(root, "de"))).find(de_entry.msgid)
        trip.marked_msgid, trip.marked_fuzzy = de_entry.msgid, marked is not None and marked.fuzzy
        gate = run(root, "check", "--lang", "de", "--format", "json")
        trip.check_on_mark = (gate.exit_code, [p["msgid"] for p in json.loads(gate.stdout)["problems"]])

        # Round 2: the German entry reviewed again; the project takes Weblate's commit as it is.
        api.call("PATCH", f"units/{de_unit['id']}/", json={"target": [de_entry.msgstr], "state": TRANSLATED})
        _pull_weblates_commit(api, trip)
        trip.weblate_commit = snapshot(root / "locales")
        for command in ("update", "check", "build"):
            result = run(root, command)
            trip.exits[command] = result.exit_code
            trip.outputs[command] = result.stdout + result.stderr
            if command == "update":
                trip.after_update = snapshot(root / "locales")
        trip.page = (root / "build" / "es" / f"{DOC}.html").read_text(encoding="utf-8")

        # The other way: the editor changes a sentence; Weblate pulls the updated catalogs.
        source = root / "source" / f"{DOC}.md"
        text = source.read_text(encoding="utf-8")
        assert SOURCE_EDIT[0] in text
        source.write_text(text.replace(*SOURCE_EDIT), encoding="utf-8")
        assert run(root, "update").exit_code == 0
        git(root, "commit", "-q", "-am", "Source edit, catalogs updated")
        git(root, "push", "-q", "origin", "main")
        api.repository(trip.project, "pull")
        for entry in polib.pofile(str(po_path(root, "es"))):
            if SOURCE_EDIT[1] in entry.msgid:
                trip.edited_msgid, trip.old_msgid = entry.msgid, entry.previous_msgid
        for language in ("es", "de"):
            trip.stale_units[language] = api.unit(trip.project, language, trip.edited_msgid)
        yield trip
    finally:
        try:
            api.call("DELETE", f"projects/{trip.project}/")
        except (AssertionError, requests.RequestException):
            pass  # the project's name is unique; a leftover harms no later run


@pytest.mark.slow
def test_weblate_reads_the_catalogs_with_the_pot_as_source_and_en_excluded(trip):
    assert trip.translations == {"en": f"locales/{DOC}.pot",
                                 "es": f"locales/es/LC_MESSAGES/{DOC}.po",
                                 "de": f"locales/de/LC_MESSAGES/{DOC}.po"}
    # `l10n update` is the merger: Weblate's msgmerge add-on stays off.
    assert "weblate.gettext.msgmerge" not in trip.addons


@pytest.mark.slow
def test_an_entry_marked_in_weblate_is_fuzzy_in_the_catalog_and_fails_the_gate(trip):
    assert trip.marked_fuzzy
    exit_code, msgids = trip.check_on_mark
    assert exit_code == 1 and trip.marked_msgid in msgids


@pytest.mark.slow
def test_update_check_and_build_succeed_on_weblates_commit(trip):
    # `check` passes although Weblate rewrote Plural-Forms to an equivalent formula (compared by meaning).
    for command in ("update", "check", "build"):
        assert trip.exits[command] == 0, trip.outputs[command]


@pytest.mark.slow
def test_update_changes_no_byte_of_weblates_commit(trip):
    changed = sorted(name for name in trip.weblate_commit if trip.after_update.get(name) != trip.weblate_commit[name])
    assert changed == []


@pytest.mark.slow
def test_the_translation_made_in_weblate_is_in_the_built_page(trip):
    assert trip.es_msgstr in html.unescape(trip.page)


@pytest.mark.slow
def test_a_source_edit_reaches_weblate_as_needs_editing_with_the_previous_source(trip):
    assert trip.edited_msgid and trip.old_msgid and SOURCE_EDIT[0] in trip.old_msgid
    for language, unit in trip.stale_units.items():
        assert unit["state"] == NEEDS_EDITING, language
        assert unit["previous_source"] == trip.old_msgid, language
        assert unit["target"] != [""], language  # the old translation is kept for the translator
