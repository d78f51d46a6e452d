"""Hostile or odd sources: each refused in one line naming the file (exit 2) or read sensibly."""

from __future__ import annotations

import resource

import pytest

DOC = "ecuador-military-support"
SOURCE = f"source/{DOC}.md"


def _edit_front_matter(root, extra: str, old: str = "section: Politics\n") -> None:
    """``extra`` inserted after ``old`` (by default after line 9, so it starts on line 10)."""
    path = root / SOURCE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, old + extra, 1), encoding="utf-8")


def _files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".l10n-cache" not in p.parts}


def _refused(cli, root, command, *, where: str, words: str):
    before = _files(root)
    result = cli(root, *command)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert where in lines[0] and words in lines[0], lines[0]
    assert _files(root) == before


ALIAS_BOMB = "".join(
    [f'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    + [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9)]
    + ["teaser: *l8\n"])


@pytest.mark.parametrize("command", [["update"], ["build"], ["extract"]])
def test_yaml_alias_bomb_is_refused_at_its_first_anchor(project, cli, command):
    text = (project / SOURCE).read_text(encoding="utf-8")
    (project / SOURCE).write_text(text.replace("teaser:", "lead:", 1), encoding="utf-8")
    _edit_front_matter(project, ALIAS_BOMB)
    text = (project / SOURCE).read_text(encoding="utf-8")
    line = text.splitlines().index(ALIAS_BOMB.splitlines()[1]) + 1  # where the first alias is
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _refused(cli, project, command, where=f"{SOURCE}:{line}:", words="may not use YAML aliases")
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 200_000  # 9**9 strings would take gigabytes


def test_an_alias_alone_is_refused_too(project, cli):
    _edit_front_matter(project, "origin: &o Quito\nsummary: *o\n")
    _refused(cli, project, ["update"], where=f"{SOURCE}:11:", words="may not use YAML aliases")


@pytest.mark.parametrize("value", ["{src: x.jpg}", "\n  src: x.jpg", "[[nested], list]", "!!binary aGk="])
def test_front_matter_values_are_scalars_or_lists_of_scalars(project, cli, value):
    _edit_front_matter(project, f"image: {value}\n")
    _refused(cli, project, ["update"], where=f"{SOURCE}:10:", words="'image'")


def test_integer_beyond_pythons_digit_limit_is_exit_2(project, cli):
    _edit_front_matter(project, "views: " + "7" * 5000 + "\n")
    for command in (["update"], ["build"]):
        _refused(cli, project, command, where=f"{SOURCE}:10:", words="'views' cannot be read")


def test_duplicate_front_matter_key_is_exit_2(project, cli):
    _edit_front_matter(project, "section: Economy\n")
    _refused(cli, project, ["update"], where=f"{SOURCE}:10:", words="'section' is given twice")


def test_a_number_where_authors_are_a_list_is_one_author(project, cli):
    text = (project / SOURCE).read_text(encoding="utf-8")
    authors = "authors:\n  - Gabriel González\n  - Diego Zúñiga\n"
    assert authors in text
    (project / SOURCE).write_text(text.replace(authors, "authors: 5\n"), encoding="utf-8")
    result = cli(project, "build", "--format", "html")
    assert result.exit_code == 0, result.stderr
    page = (project / "build" / "en" / f"{DOC}.html").read_text(encoding="utf-8")
    assert '<span class="authors">5</span>' in page
    assert '"author": [\n    {\n      "@type": "Person",\n      "name": "5"' in page


@pytest.mark.parametrize("char", ["\n", "\r", "\t", "\x1b", "\u2028"])
def test_control_character_in_source_file_name_is_exit_2_naming_it(project, cli, char):
    (project / "source" / f"bad{char}name.md").write_text("# Title\n\nText.\n", encoding="utf-8")
    shown = f"bad{char}name.md".encode("unicode_escape").decode("ascii")
    for command in (["update"], ["build"]):
        _refused(cli, project, command, where=f"source/{shown}", words="control character")
