"""l10n among other tools: pre-commit hooks, a CI workflow, Translate Toolkit (Weblate's PO reader)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import polib
import pytest
import yaml

from helpers.checkutil import edit, po_path
from helpers import REPO, run, snapshot


def _hooks() -> dict[str, dict]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in hooks}


def test_pre_commit_hooks_offer_update_and_check():
    hooks = _hooks()
    assert set(hooks) == {"l10n-update", "l10n-check"}
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["pass_filenames"] is False
        assert re.compile(hook["files"]).search("locales/de/LC_MESSAGES/ecuador-military-support.po")
        assert re.compile(hook["files"]).search("source/ecuador-military-support.md")
    assert shlex.split(hooks["l10n-update"]["entry"]) == ["l10n", "update"]
    assert shlex.split(hooks["l10n-check"]["entry"]) == ["l10n", "check", "--no-completeness"]


def _hook(project: Path, hook_id: str):
    return run(project, *shlex.split(_hooks()[hook_id]["entry"])[1:])


def test_hooks_pass_on_the_shipped_project(project):
    before = snapshot(project)
    assert _hook(project, "l10n-update").exit_code == 0
    assert snapshot(project) == before  # nothing changed: pre-commit passes the hook
    assert _hook(project, "l10n-check").exit_code == 0


def test_update_hook_fails_when_catalogs_are_out_of_date(project):
    source = project / "source" / "ecuador-military-support.md"
    source.write_text(source.read_text(encoding="utf-8").replace("unparalleled wave", "unprecedented wave"),
                      encoding="utf-8")
    assert run(project, "check").exit_code == 1  # CI's full gate sees it
    before = snapshot(project)
    assert _hook(project, "l10n-update").exit_code == 0
    assert snapshot(project) != before  # files changed: pre-commit fails the hook
    assert _hook(project, "l10n-check").exit_code == 0  # but the editor can commit the updated catalogs


def test_readme_has_a_ci_workflow_that_runs_the_gate():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    workflows = [yaml.safe_load(b) for b in blocks if "runs-on" in b]
    assert len(workflows) == 1
    steps = [step.get("run", "") for job in workflows[0]["jobs"].values() for step in job["steps"]]
    assert any("l10n check --format github" in s for s in steps)
    assert any("l10n update --check" in s or ("l10n update" in s and "git diff --exit-code" in s) for s in steps)


def test_readme_documents_every_check_and_the_format_option():
    from l10n_tool.checks import check_names

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for check in check_names():
        assert f"| `{check}` |" in readme
    assert "l10n-ignore-" in readme and "--format text\\|json\\|junit\\|github" in readme


@pytest.fixture
def po_storage():
    return pytest.importorskip("translate.storage.po", reason="translate-toolkit is in the test extra")


def _assert_loads_unchanged(po_storage, path: Path):
    raw = path.read_bytes()
    store = po_storage.pofile(raw)
    assert bytes(store) == raw  # saved back byte for byte
    entries = [e for e in polib.pofile(str(path)) if not e.obsolete]
    units = [u for u in store.units if not u.isheader() and not u.isobsolete()]
    assert [u.source for u in units] == [e.msgid for e in entries]
    assert [u.target for u in units] == [e.msgstr for e in entries]
    assert [u.isfuzzy() for u in units] == [e.fuzzy for e in entries]
    assert [u.getlocations() for u in units] == [[f"{f}:{l}" for f, l in e.occurrences] for e in entries]
    header = store.parseheader()
    assert header["Language"] == polib.pofile(str(path)).metadata["Language"]


@pytest.mark.parametrize("language", ["en", "es", "de"])
def test_shipped_catalogs_load_unchanged_in_translate_toolkit(po_storage, language):
    _assert_loads_unchanged(po_storage, po_path(REPO, language))


def test_stale_waived_and_obsolete_entries_load_unchanged_in_translate_toolkit(po_storage, project):
    source = project / "source" / "ecuador-military-support.md"
    text = source.read_text(encoding="utf-8").replace("unparalleled wave", "unprecedented wave")
    text = text.replace("It also makes sense to look at other Latin American countries.", "")
    source.write_text(text, encoding="utf-8")
    assert run(project, "update").exit_code == 0
    edit(project, "de", "In the first round of voting", flags=["l10n-ignore-numbers"])
    path = po_path(project, "de")
    body = path.read_text(encoding="utf-8")
    assert "#| msgid" in body and "#~ msgid" in body and "l10n-ignore-numbers" in body
    _assert_loads_unchanged(po_storage, path)


def test_readme_weblate_section_gives_the_collaboration_settings():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Translating in Weblate", 1)[1].split("\n## ", 1)[0]
    for needed in ("locales/*/LC_MESSAGES/<doc>.po", "locales/<doc>.pot",  # file mask, template
                   "Long lines wrapping", "po_width", "weblate.gettext.customize",
                   "Cleanup translation files", "weblate.cleanup.generic",  # kept off: deletes obsolete
                   "merge-driver", "l10n init --lang"):
        assert needed in section, needed
