"""Nothing is ever lost, and any Markdown round-trips: Hypothesis explores edits and documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from helpers import run, snapshot
from l10n_tool.cache import CACHE_DIR
from l10n_tool.catalogs.merge import KEPT_LABEL
from l10n_tool.catalogs.pofile import load_catalog, serialize
from l10n_tool.catalogs.reader import Entry

# --- a stateful model: editors change the source, translators the catalogs, update in between --

NOUNS = ["minister", "harbor", "council", "budget", "river", "court", "village", "market", "storm", "bridge"]
VERBS = ["said", "rejected", "approved", "warned", "expected", "described"]
TAILS = ["on Monday", "in 2023", "by 3.5%", "again", "with the [union](https://example.org/u)", "for *years*",
         "in the U.S.", "at the border"]

words = st.tuples(st.sampled_from(NOUNS), st.sampled_from(VERBS), st.sampled_from(NOUNS), st.sampled_from(TAILS))
sentences = words.map(lambda w: f"The {w[0]} {w[1]} the {w[2]} {w[3]}.")
paragraphs = st.lists(sentences, min_size=1, max_size=3)


class EditAndUpdate(RuleBasedStateMachine):
    """Every translation a translator wrote stays in the catalog: translated, stale or obsolete."""

    def __init__(self):
        super().__init__()
        self.root = Path(self._tmp) / f"p{id(self)}"
        self.translations = 0

    _tmp = None  # set by the test function

    @initialize(body=st.lists(paragraphs, min_size=1, max_size=4))
    def start(self, body):
        shutil.rmtree(self.root, ignore_errors=True)
        (self.root / "source").mkdir(parents=True)
        (self.root / "l10n.toml").write_text('languages = ["en", "es", "de"]\n', encoding="utf-8")
        self.title = "A title for the model"
        self.body = body
        self._write_source()
        self.update()
        self.translate_everything("es")
        self.translate_everything("de")

    # -- the source ------------------------------------------------------------------

    def _write_source(self):
        blocks = [" ".join(p) for p in self.body]
        text = f"---\ntitle: {self.title}\n---\n\n# A heading\n\n" + "\n\n".join(blocks) + "\n"
        (self.root / "source" / "doc.md").write_text(text, encoding="utf-8")

    @rule(at=st.integers(0, 10), paragraph=paragraphs)
    def insert_paragraph(self, at, paragraph):
        self.body.insert(at % (len(self.body) + 1), paragraph)
        self._write_source()

    @precondition(lambda self: len(self.body) > 1)
    @rule(at=st.integers(0, 10))
    def delete_paragraph(self, at):
        del self.body[at % len(self.body)]
        self._write_source()

    @rule(origin=st.integers(0, 10), destination=st.integers(0, 10))
    def move_paragraph(self, origin, destination):
        paragraph = self.body.pop(origin % len(self.body))
        self.body.insert(destination % (len(self.body) + 1), paragraph)
        self._write_source()

    @rule(at=st.integers(0, 100), sentence=sentences)
    def insert_sentence(self, at, sentence):
        paragraph = self.body[at % len(self.body)]
        paragraph.insert(at % (len(paragraph) + 1), sentence)
        self._write_source()

    @rule(at=st.integers(0, 100))
    def delete_sentence(self, at):
        paragraph = self.body[at % len(self.body)]
        if len(paragraph) > 1:
            del paragraph[at % len(paragraph)]
        self._write_source()

    @rule(at=st.integers(0, 100), word=st.sampled_from(NOUNS))
    def change_sentence(self, at, word):
        paragraph = self.body[at % len(self.body)]
        index = at % len(paragraph)
        paragraph[index] = paragraph[index].replace("The ", f"The {word} ", 1)
        self._write_source()

    # -- the translators -------------------------------------------------------------

    @rule(lang=st.sampled_from(["es", "de"]))
    def translate_everything(self, lang):
        path = self.root / "locales" / lang / "LC_MESSAGES" / "doc.po"
        catalog = load_catalog(path)
        for entry in catalog:
            if not entry.obsolete and (not entry.msgstr or entry.fuzzy):
                self.translations += 1
                entry.msgstr = f"[{lang} {self.translations}] {entry.msgid}"
                if entry.fuzzy:
                    entry.flags.remove("fuzzy")
                    entry.previous_msgid = None
        path.write_bytes(serialize(catalog))

    @rule(lang=st.sampled_from(["es", "de"]), pick=st.integers(0, 1000),
          action=st.sampled_from(["translate", "retranslate", "review", "flag"]))
    def translator_edit(self, lang, pick, action):
        path = self.root / "locales" / lang / "LC_MESSAGES" / "doc.po"
        catalog = load_catalog(path)
        current = [e for e in catalog if not e.obsolete]
        if action == "translate":
            chosen = [e for e in current if not e.msgstr]
        elif action == "retranslate":
            chosen = [e for e in current if e.msgstr]
        else:
            chosen = [e for e in current if e.msgstr and (e.fuzzy == (action == "review"))]
        if not chosen:
            return
        entry = chosen[pick % len(chosen)]
        if action in ("translate", "retranslate"):
            self.translations += 1
            entry.msgstr = f"[{lang} {self.translations}] {entry.msgid}"
        elif action == "review":
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
        else:
            entry.flags.append("fuzzy")
        path.write_bytes(serialize(catalog))

    @rule(lang=st.sampled_from(["es", "de"]), pick=st.integers(0, 1000),
          kind=st.sampled_from(["plural", "context", "obsolete context", "obsolete plural"]))
    def tool_adds_an_entry(self, lang, pick, kind):
        """What other tools write: plural entries, a msgctxt beside a plain msgid, obsolete ones."""
        path = self.root / "locales" / lang / "LC_MESSAGES" / "doc.po"
        catalog = load_catalog(path)
        current = [e for e in catalog if not e.obsolete]
        self.translations += 1
        text = f"[{lang} {self.translations}]"
        if "plural" in kind:
            entry = Entry(msgid=f"One file {self.translations}", msgid_plural=f"%d files {self.translations}",
                          msgstr_plural={0: f"{text} one", 1: f"{text} many"})
        else:
            shared = current[pick % len(current)].msgid  # the same msgid as an entry of the catalog
            entry = Entry(msgctxt=f"context {self.translations}", msgid=shared, msgstr=f"{text} in context")
        entry.obsolete = kind.startswith("obsolete")
        catalog.append(entry)
        path.write_bytes(serialize(catalog))

    # -- update, and what must hold after it -----------------------------------------

    def _translations(self) -> dict[str, set[str]]:
        """Every translation text in the catalogs: msgstr, plural forms, and kept in comments."""
        found = {}
        for lang in ("es", "de"):
            path = self.root / "locales" / lang / "LC_MESSAGES" / "doc.po"
            found[lang] = set()
            for entry in load_catalog(path) if path.exists() else []:
                found[lang] |= {entry.msgstr, *entry.msgstr_plural.values()} - {""}
                lines = (entry.tcomment or "").split("\n")
                for start, line in enumerate(lines):
                    if line == KEPT_LABEL:
                        pieces = []
                        for piece in lines[start + 1:]:
                            if not piece.startswith('"'):
                                break
                            pieces.append(piece[1:-1])
                        found[lang].add("".join(pieces))
        return found

    @rule()
    def update(self):
        before = self._translations()
        result = run(self.root, "update")
        assert result.exit_code == 0, result.stderr
        after = self._translations()
        for lang in before:
            lost = before[lang] - after[lang]
            assert not lost, f"{lang}: lost {lost}"
        # Updating again changes nothing, with the cache and without it.
        files = snapshot(self.root)
        assert run(self.root, "update").exit_code == 0
        assert snapshot(self.root) == files
        shutil.rmtree(self.root / CACHE_DIR, ignore_errors=True)
        assert run(self.root, "update").exit_code == 0
        assert snapshot(self.root) == files

    @invariant()
    def identity_build_is_exact(self):
        if not (self.root / "locales" / "en" / "LC_MESSAGES" / "doc.po").exists():
            return
        source = self.root / "source" / "doc.md"
        result = run(self.root, "build", "--lang", "en", "--format", "md")
        assert result.exit_code == 0, result.stderr
        assert (self.root / "build" / "en" / "doc.md").read_bytes() == source.read_bytes()


@pytest.mark.slow
def test_no_translation_is_ever_lost(tmp_path):
    EditAndUpdate._tmp = str(tmp_path)
    runner = EditAndUpdate.TestCase
    runner.settings = settings(max_examples=40, stateful_step_count=25, deadline=None,
                               suppress_health_check=list(HealthCheck))
    runner().runTest()


# --- a grammar of Markdown constructs: extract -> identity catalog -> build is byte-exact ------

inline_word = st.sampled_from(["news", "Quito", "3.5%", "U.S.", "*bold*", "_it_", "**strong**", "`code`",
                               "[link](https://example.org/a)", "[ref][r1]", "<span>x</span>", "e.g.",
                               "“quoted”", "don't", "—", "&amp;", "\\*", "![inline](i.png)"])
sentence = st.lists(inline_word, min_size=1, max_size=6).map(lambda ws: "The " + " ".join(ws) + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
line_text = st.lists(inline_word, min_size=1, max_size=4).map(lambda ws: "Item " + " ".join(ws))


@st.composite
def blocks(draw, depth=0):
    kind = draw(st.sampled_from(["heading", "setext", "paragraph", "wrapped", "list", "ordered", "quote",
                                 "table", "code", "comment", "figure", "hr", "html"]))
    if kind == "heading":
        return "#" * draw(st.integers(1, 4)) + " " + draw(line_text)
    if kind == "setext":
        return draw(line_text) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "paragraph":
        return draw(paragraph)
    if kind == "wrapped":
        return draw(sentence) + "\n" + draw(sentence) + draw(st.sampled_from(["", "  \n" + "Next line."]))
    if kind in ("list", "ordered"):
        items = []
        for number in range(1, draw(st.integers(1, 3)) + 1):
            marker = f"{number}." if kind == "ordered" else draw(st.sampled_from(["-", "*", "+"]))
            item = f"{marker} {draw(line_text)}"
            if depth < 1 and draw(st.booleans()):
                nested = draw(blocks(depth=1).filter(lambda b: b.startswith(("-", "*", "+", "1."))))
                item += "\n" + "\n".join("   " + line for line in nested.split("\n"))
            items.append(item)
        return "\n".join(items)
    if kind == "quote":
        return "\n".join("> " + line if line else ">" for line in draw(paragraph).split("\n"))
    if kind == "table":
        rows = ["| Name | Value |", "|------|------:|"]
        rows += [f"| {draw(line_text)} | {draw(st.integers(0, 99))} |" for _ in range(draw(st.integers(1, 3)))]
        return "\n".join(rows)
    if kind == "code":
        return "```python\nprint('Hello. World.')\nx = 1\n```"
    if kind == "comment":
        return "<!-- An editor's note. Not for translation. -->"
    if kind == "figure":
        return f"![{draw(line_text)}](images/p.jpg)\n{draw(line_text)}\nImage: Someone/AFP"
    if kind == "hr":
        return "---" if depth else "***"
    return "<div class=\"box\">\n<p>Raw HTML.</p>\n</div>"


@st.composite
def documents(draw):
    parts = []
    if draw(st.booleans()):
        parts.append(f"---\ntitle: {draw(line_text)}\nteaser: {draw(paragraph)}\nauthors:\n  - Someone\n---")
    parts += draw(st.lists(blocks(), min_size=1, max_size=6))
    if any("[ref][r1]" in p for p in parts):
        parts.append("[r1]: https://example.org/ref \"Reference\"")
    text = "\n\n".join(parts) + "\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text


@pytest.fixture(scope="module")
def roundtrip_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("grammar")
    (root / "source").mkdir()
    (root / "l10n.toml").write_text('languages = ["en", "es"]\n', encoding="utf-8")
    return root


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=documents(), mode=st.sampled_from(["sentence", "paragraph"]))
def test_any_markdown_round_trips_byte_exact(roundtrip_root, text, mode):
    root = roundtrip_root
    (root / "l10n.toml").write_text(f'languages = ["en", "es"]\nsegment = "{mode}"\n', encoding="utf-8")
    source = root / "source" / "doc.md"
    source.write_bytes(text.encode("utf-8"))
    result = run(root, "update")
    assert result.exit_code == 0, result.stderr
    result = run(root, "build", "--lang", "en", "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert (root / "build" / "en" / "doc.md").read_bytes() == source.read_bytes()
