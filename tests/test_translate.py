"""``l10n translate`` against imitation services on 127.0.0.1, through the real client libraries."""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path

import pytest

from helpers import DOC, run, snapshot
from helpers.fakeservers import Behaviour, FakeService, drop_placeholders, fake_translate
from helpers.mt import (ES, KEY, KEY_ENV, blocks, configure, empty_half, expected_translation, machine_entries,
                        scan_for_key)
from l10n_tool.catalogs.pofile import load_catalog, serialize
from l10n_tool.mt.masking import mask
from l10n_tool.sources.segmenting import _markdown
from l10n_tool.mt.translate import kept_text, translate
from l10n_tool.workspace import Workspace

BRIEFING = """\
---
title: Briefing on the runoff
---

The [electoral council](https://www.cne.gob.ec/results?round=2&lang=es "CNE") published `results.csv` at 18:30.
Turnout was 82.6% of 13,700,000 voters; see https://example.org/data/2025-04-13 for the tables.
Read the **full report** and the *annex* before April 20.

![A ballot box in Quito](images/ballot-box.jpg)
Voters queue in Quito on April 13
Image: Example Agency
"""
PROVIDERS = ["libre", "mymemory", "google", "deepl", "microsoft"]
@pytest.mark.parametrize("provider", PROVIDERS)
def test_real_clients_translate_untranslated_entries(project, provider, monkeypatch):
    emptied, kept_blocks = empty_half(project)
    if provider in KEY_ENV:
        monkeypatch.setenv(KEY_ENV[provider], KEY)
    with FakeService(provider) as service:
        configure(project, provider, service.endpoint)
        result = run(project, "translate", "--lang", "es", "--provider", provider)
    assert result.exit_code == 0, result.stderr
    catalog = load_catalog(project / ES)
    by_msgid = {e.msgid: e for e in catalog}
    for msgid in emptied:
        entry = by_msgid[msgid]
        assert entry.msgstr == expected_translation(msgid), msgid
        assert entry.fuzzy
        assert f"machine translation: {provider}" in entry.comment.split("\n")
    # Translated entries are byte-identical, and so is the header.
    after = blocks(project / ES)
    for msgid, block in kept_blocks.items():
        if msgid not in emptied:
            assert after[msgid] == block
    # One request per distinct text; none for entries that are only numbers and markup.
    sent = {mask(m).text for m in emptied if mask(m).needs_translation}
    assert sorted(service.texts) == sorted(sent)
    assert f"{len(emptied)} suggestions from {provider}" in result.stdout
    first = service.seen[0]
    if provider == "deepl":  # header authentication, not the retired query-string key
        assert first.headers["Authorization"] == f"DeepL-Auth-Key {KEY}" and "auth_key" not in first.query
    if provider == "microsoft":
        assert first.headers["Ocp-Apim-Subscription-Key"] == KEY
    if provider == "libre":
        assert first.query["api_key"] == KEY


def test_markup_urls_and_numbers_survive(project, monkeypatch):
    (project / "source" / "briefing.md").write_text(BRIEFING, encoding="utf-8")
    assert run(project, "update").exit_code == 0
    rel = Path("locales/es/LC_MESSAGES/briefing.po")
    with FakeService("libre") as service:
        configure(project, "libre", service.endpoint)
        result = run(project, "translate", "--lang", "es", "--provider", "libre", "--doc", "briefing")
    assert result.exit_code == 0, result.stderr
    entries = machine_entries(project, rel)
    assert len(entries) == len([e for e in load_catalog(project / rel) if e.msgid])
    protected = re.compile(r"\]\([^)]*\)|`[^`]*`|https?://\S+|\d+(?:[.,:]\d+)*|\*\*|\*|!\[|\[|\]")
    for entry in entries:
        assert protected.findall(entry.msgstr) == protected.findall(entry.msgid), entry.msgid
    link = next(e for e in entries if "electoral council" in e.msgid)
    assert link.msgstr.startswith('THE [ELECTORAL COUNCIL](https://www.cne.gob.ec/results?round=2&lang=es "CNE")')
    assert "`results.csv`" in link.msgstr and "18:30" in link.msgstr
    # The service never saw a URL, a number or a code span.
    assert service.texts
    assert not any(re.search(r"https?:|\d|`|\*|\]\(", re.sub(r"\{\d+\}", "", text)) for text in service.texts)


def test_429_twice_then_success(project):
    emptied, _ = empty_half(project)
    with FakeService("libre", Behaviour(statuses=[429, 429])) as service:
        configure(project, "libre", service.endpoint, retries=3, concurrency=1)
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 0, result.stderr
    distinct = {mask(m).text for m in emptied if mask(m).needs_translation}
    assert len(service.seen) == len(distinct) + 2
    assert service.texts[0] == service.texts[1] == service.texts[2]  # the same text, tried three times
    assert len(machine_entries(project)) == len(emptied)


@pytest.mark.parametrize("behaviour, expected", [
    (Behaviour(statuses=[503, 502, 500]), [0.5, 1.0, 2.0]),  # doubling each time
    (Behaviour(statuses=[429], retry_after="7"), [7.0]),  # the service's Retry-After wins when longer
])
def test_backoff_is_exponential_and_honours_retry_after(project, behaviour, expected):
    empty_half(project)
    pauses = []
    with FakeService("libre", behaviour) as service:
        configure(project, "libre", service.endpoint, retries=3, concurrency=1)
        config = project / "l10n.toml"
        config.write_text(config.read_text(encoding="utf-8").replace("backoff = 0.01", "backoff = 0.5"),
                          encoding="utf-8")
        report = translate(Workspace.open(project), "es", "libre", sleep=pauses.append)
    assert pauses == expected
    assert report.requests == len(set(service.texts)) + len(expected)


def test_retries_give_up_after_the_configured_number(project):
    empty_half(project)
    before = snapshot(project)
    with FakeService("libre", Behaviour(statuses=[503] * 10)) as service:
        configure(project, "libre", service.endpoint, retries=2, concurrency=1)
        before = snapshot(project)
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 2
    assert "HTTP 503 (after 3 tries)" in result.stderr
    assert len(service.seen) == 3
    after = snapshot(project)
    assert {k: v for k, v in after.items() if not k.startswith(".l10n-cache")} == before


def test_hanging_server_hits_the_timeout(project):
    empty_half(project)
    with FakeService("libre", Behaviour(hang=True)) as service:
        configure(project, "libre", service.endpoint, timeout=0.3, retries=0, concurrency=1)
        before = snapshot(project)
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
        assert len(service.seen) == 1
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "within 0.3 s" in lines[0] and lines[0].startswith("l10n: error: ")
    assert {k: v for k, v in snapshot(project).items() if not k.startswith(".l10n-cache")} == before


def test_failure_halfway_keeps_what_was_received_and_a_rerun_sends_only_the_rest(project):
    emptied, _ = empty_half(project)
    distinct = {mask(m).text for m in emptied if mask(m).needs_translation}
    half = len(distinct) // 2
    with FakeService("libre", Behaviour(succeed=half)) as first:
        configure(project, "libre", first.endpoint, retries=1, concurrency=1)
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 2
    assert "suggestions saved, run again to continue" in result.stderr
    received = [s.text for s in first.seen][:half]
    saved = machine_entries(project)
    assert {mask(e.msgid).text for e in saved if mask(e.msgid).needs_translation} == set(received)
    assert len(saved) >= half

    config = (project / "l10n.toml").read_text(encoding="utf-8")
    with FakeService("libre") as second:
        (project / "l10n.toml").write_text(config.replace(first.endpoint, second.endpoint), encoding="utf-8")
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 0, result.stderr
    assert sorted(second.texts) == sorted(distinct - set(received))
    assert len(machine_entries(project)) == len(emptied)


def test_the_cache_means_no_text_is_paid_for_twice(project):
    emptied, _ = empty_half(project)
    emptied_bytes = (project / ES).read_bytes()
    with FakeService("libre") as service:
        configure(project, "libre", service.endpoint)
        assert run(project, "translate", "--lang", "es", "--provider", "libre").exit_code == 0
        first = (project / ES).read_bytes()
        paid = len(service.seen)
        (project / ES).write_bytes(emptied_bytes)  # as if the suggestions had been thrown away
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
        assert len(service.seen) == paid
    assert result.exit_code == 0
    assert (project / ES).read_bytes() == first
    assert f"0 requests, {paid} from the cache" in result.stdout
    assert (project / ".l10n-cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_long_segments_are_split_within_the_length_limit(project):
    emptied, _ = empty_half(project)
    with FakeService("libre") as service:
        configure(project, "libre", service.endpoint, max_chars=60)
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 0, result.stderr
    assert all(len(text) <= 60 for text in service.texts)
    long_ones = [m for m in emptied if len(mask(m).text) > 60]
    assert long_ones
    by_msgid = {e.msgid: e for e in load_catalog(project / ES)}
    for msgid in emptied:
        assert by_msgid[msgid].msgstr == expected_translation(msgid)


@pytest.mark.parametrize("concurrency", [1, 3])
def test_requests_in_flight_are_bounded(project, concurrency):
    emptied, _ = empty_half(project)
    with FakeService("libre", Behaviour(delay=0.05)) as service:
        configure(project, "libre", service.endpoint, concurrency=concurrency)
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 0, result.stderr
    assert 1 <= service.max_in_flight <= concurrency
    assert len(machine_entries(project)) == len(emptied)


def test_do_not_translate_terms_never_reach_the_service(project):
    emptied, _ = empty_half(project)
    catalog = load_catalog(project / ES)
    for entry in catalog:
        if "InSight Crime" in entry.msgid:
            entry.msgstr = ""
    (project / ES).write_bytes(serialize(catalog))
    with FakeService("libre") as service:
        # The shipped glossary.toml (check.glossary) lists InSight Crime and BBC as do-not-translate.
        configure(project, "libre", service.endpoint, keep_glossary=True)
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 0, result.stderr
    assert any("INSIGHT" not in t and "{" in t for t in service.texts)
    assert not any("InSight Crime" in t or "INSIGHT CRIME" in t for t in service.texts)
    entry = next(e for e in load_catalog(project / ES) if "InSight Crime" in e.msgid)
    assert "InSight Crime" in entry.msgstr and entry.msgstr != entry.msgid


def test_split_prefers_sentence_ends():
    from l10n_tool.mt.translate import _split

    text = "First sentence is here. Second one follows it. Third."
    assert _split(text, 30, "en") == [("First sentence is here.", " "), ("Second one follows it. Third.", "")]
    assert "".join(a + b for a, b in _split(text * 3, 25, "en")) == text * 3


def test_suggestions_whose_masks_break_are_rejected_and_reported(project):
    emptied, _ = empty_half(project)
    with FakeService("libre", Behaviour(translate=drop_placeholders)) as service:
        configure(project, "libre", service.endpoint)
        result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 0
    with_masks = [m for m in emptied if mask(m).values]
    without = [m for m in emptied if not mask(m).values]
    assert with_masks and without
    by_msgid = {e.msgid: e for e in load_catalog(project / ES)}
    for msgid in with_masks:
        assert by_msgid[msgid].msgstr == ""
    for msgid in without:
        assert by_msgid[msgid].msgstr == fake_translate(msgid)
    warnings = [line for line in result.stderr.splitlines() if "suggestion rejected" in line]
    assert len(warnings) == len(with_masks)
    assert all(re.match(rf"l10n: warning: {re.escape(str(ES))}:\d+: suggestion rejected, not written: lost ", w)
               for w in warnings)


def test_mymemory_quota_warning_is_an_error_not_a_translation(project):
    empty_half(project)
    with FakeService("mymemory", Behaviour(quota=True)) as service:
        configure(project, "mymemory", service.endpoint, concurrency=1)
        result = run(project, "translate", "--lang", "es", "--provider", "mymemory")
    assert result.exit_code == 2
    assert "MYMEMORY WARNING" in result.stderr
    assert "MYMEMORY" not in (project / ES).read_text(encoding="utf-8")
    assert len(service.seen) == 1  # a quota is not retried


def test_unreachable_service_is_one_line_exit_2(project):
    empty_half(project)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the run: nothing listens there
    configure(project, "libre", f"http://127.0.0.1:{port}/")
    result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "cannot reach http://127.0.0.1" in result.stderr


@pytest.mark.parametrize("provider", ["libre", "deepl", "microsoft"])
def test_api_key_appears_in_no_file_and_no_output(project, provider, monkeypatch):
    monkeypatch.setenv(KEY_ENV[provider], KEY)
    empty_half(project)
    outputs = []
    scenarios = [
        Behaviour(),  # success
        Behaviour(statuses=[403], error_body=f'{{"message": "invalid key {KEY}", "error": "{KEY}"}}'),
        Behaviour(statuses=[400], error_body=f'{{"message": "bad request for key {KEY}"}}'),
        Behaviour(statuses=[500] * 5, error_body=f'{{"message": "{KEY}"}}'),
    ]
    config = (project / "l10n.toml").read_text(encoding="utf-8")
    emptied = (project / ES).read_bytes()
    for behaviour in scenarios:
        (project / ES).write_bytes(emptied)
        shutil.rmtree(project / ".l10n-cache", ignore_errors=True)
        with FakeService(provider, behaviour) as service:
            (project / "l10n.toml").write_text(config, encoding="utf-8")
            configure(project, provider, service.endpoint, retries=1, concurrency=1)
            for args in (["translate", "--lang", "es", "--provider", provider],
                         ["-v", "translate", "--lang", "de", "--provider", provider, "--include-stale"]):
                result = run(project, *args)
                outputs += [result.stdout, result.stderr]
            assert service.seen
            sent = service.seen[0]
            carried = str(sent.query) + str(sent.headers) + sent.body.decode()
            assert KEY in carried  # the key did go to the service, and only there
        scan_for_key(project, outputs)
    assert any("refused" in text for text in outputs)
    scan_for_key(project, outputs)


def test_redaction_covers_library_messages():
    from l10n_tool.mt.secrets import redact

    message = f"AuthorizationException: {KEY} at https://x/?api_key={KEY.replace('+', '%2B')}"
    import urllib.parse

    message += " " + urllib.parse.quote(KEY, safe="")
    assert KEY not in redact(message, [KEY]) and "%2F" not in redact(message, [KEY])


def test_missing_key_names_the_variable(project, monkeypatch):
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    result = run(project, "translate", "--lang", "es", "--provider", "deepl")
    assert result.exit_code == 2
    assert "DEEPL_AUTH_KEY" in result.stderr


@pytest.mark.parametrize("table, line, message", [
    ('[translate.libre]\nurl = "http://127.0.0.1:9/"\ncolour = "blue"\n', 3, "unknown key 'colour'"),
    ("[translate.babelfish]\nurl = 'http://x'\n", 1, "unknown provider"),
    ("[translate]\nprovider = 'libre'\nretries = -1\n", 3, "retries must be a whole number"),
    ("[translate]\nspeed = 3\n", 2, "unknown key 'speed'"),
])
def test_configuration_errors_name_file_and_line(project, table, line, message):
    config = project / "l10n.toml"
    base = config.read_text(encoding="utf-8")
    config.write_text(base + table, encoding="utf-8")
    offset = base.count("\n")
    before = snapshot(project)
    result = run(project, "translate", "--lang", "es", "--provider", "libre")
    assert result.exit_code == 2
    assert f"l10n.toml:{offset + line}: " in result.stderr and message in result.stderr
    assert snapshot(project) == before


def test_include_stale_keeps_the_old_translation(project):
    source = project / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    old = "Ecuador is currently experiencing an unparalleled wave of violence."
    source.write_text(text.replace(old, "Ecuador is currently experiencing an unprecedented wave of violence."),
                      encoding="utf-8")
    assert run(project, "update").exit_code == 0
    stale = next(e for e in load_catalog(project / ES) if e.previous_msgid == old)
    human = stale.msgstr
    before = (project / ES).read_bytes()
    assert run(project, "translate", "--lang", "es", "--provider", "pseudo").exit_code == 0
    assert (project / ES).read_bytes() == before  # without --include-stale a stale entry is left alone
    result = run(project, "translate", "--lang", "es", "--provider", "pseudo", "--include-stale")
    assert result.exit_code == 0, result.stderr
    entry = next(e for e in load_catalog(project / ES) if e.msgid == stale.msgid)
    assert entry.msgstr.startswith("⟦") and entry.fuzzy
    assert kept_text(entry) == human
    assert kept_text(entry, "previous source:") == old
    assert entry.tcomment.startswith("previous translation:\n\"Ecuador vive")
    # A second run does not overwrite the kept translation with the suggestion.
    assert run(project, "translate", "--lang", "es", "--provider", "pseudo", "--include-stale").exit_code == 0
    again = next(e for e in load_catalog(project / ES) if e.msgid == stale.msgid)
    assert again.tcomment == entry.tcomment and again.msgstr == entry.msgstr
    # Published only after review: --use-stale does not publish the machine suggestion.
    run(project, "build", "--lang", "es", "--format", "md", "--use-stale", "--min-percent", "0")
    assert "⟦" not in (project / "build" / "es" / f"{DOC}.md").read_text(encoding="utf-8")


def test_suggestions_survive_update(project):
    emptied, _ = empty_half(project)
    assert run(project, "translate", "--lang", "es", "--provider", "pseudo").exit_code == 0
    before = (project / ES).read_bytes()
    result = run(project, "update")
    assert result.exit_code == 0
    assert (project / ES).read_bytes() == before
    assert len(machine_entries(project)) == len(emptied)


def test_source_language_is_refused(project):
    result = run(project, "translate", "--lang", "en", "--provider", "pseudo")
    assert result.exit_code == 2 and "source language" in result.stderr


def test_progress_is_reported_entry_by_entry(project):
    emptied, _ = empty_half(project)
    calls = []
    report = translate(Workspace.open(project), "es", "pseudo", progress=lambda d, t: calls.append((d, t)))
    assert report.suggested == len(emptied)
    assert calls == [(n, len(emptied)) for n in range(1, len(emptied) + 1)]


def _no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the pseudo provider must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _structure(markdown: str) -> list:
    """Block and inline token structure: types, nesting, link targets, images, code."""
    body = markdown.split("\n---", 1)[1].split("\n", 1)[1] if markdown.startswith("---") else markdown
    out = []
    for token in _markdown().parse(body):
        if token.type != "inline":
            out.append((token.type, token.level))
            continue
        for child in token.children or []:
            if child.type in ("text", "softbreak"):
                continue
            attrs = {k: v for k, v in (child.attrs or {}).items() if k in ("href", "src")}
            out.append((child.type, child.level, tuple(sorted(attrs.items())),
                        child.content if child.type == "code_inline" else None))
    return out


def test_pseudo_works_offline_and_builds_with_markup_intact(project, monkeypatch):
    (project / "source" / "briefing.md").write_text(BRIEFING, encoding="utf-8")
    assert run(project, "update").exit_code == 0
    for doc in (DOC, "briefing"):
        path = project / "locales" / "es" / "LC_MESSAGES" / f"{doc}.po"
        catalog = load_catalog(path)
        for entry in catalog:
            entry.msgstr = ""
        path.write_bytes(serialize(catalog))
    _no_network(monkeypatch)
    result = run(project, "translate", "--lang", "es", "--provider", "pseudo")
    assert result.exit_code == 0, result.stderr
    # Suggestions are fuzzy, so nothing is published until a translator accepts them;
    # accept them all, as a reviewer would in Poedit, and build.
    for doc in (DOC, "briefing"):
        path = project / "locales" / "es" / "LC_MESSAGES" / f"{doc}.po"
        catalog = load_catalog(path)
        assert all(e.fuzzy and e.msgstr for e in catalog if not e.obsolete)
        for entry in catalog:
            entry.flags.remove("fuzzy")
        path.write_bytes(serialize(catalog))
    # Pseudo-translation is not language: build's entry checks of wording (numbers written as
    # words, punctuation, unchanged text) only warn here; markup and URLs stay errors.
    with (project / "l10n.toml").open("a", encoding="utf-8") as config:
        for name in ("numbers", "unchanged", "whitespace", "punctuation", "glossary"):
            config.write(f'check.severity.{name} = "warning"\n')
    result = run(project, "build", "--lang", "es", "--format", "md", "--strict")
    assert result.exit_code == 0, result.stdout + result.stderr
    for doc in (DOC, "briefing"):
        built = (project / "build" / "es" / f"{doc}.md").read_text(encoding="utf-8")
        source = (project / "source" / f"{doc}.md").read_text(encoding="utf-8")
        assert _structure(built) == _structure(source)
        assert "⟦" in built
        for number in re.findall(r"\d+(?:[.,:]\d+)*", source.split("---", 2)[2]):
            assert number in built
    briefing = (project / "build" / "es" / "briefing.md").read_text(encoding="utf-8")
    assert "https://example.org/data/2025-04-13" in briefing and "`results.csv`" in briefing


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_catalogs_with_suggestions_pass_msgfmt(project):
    import subprocess

    source = project / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("unparalleled wave", "unprecedented wave"), encoding="utf-8")
    (project / "source" / "follow-up.md").write_text(
        "Ecuador is currently experiencing an unparalleled wave of violence. A new sentence.\n", encoding="utf-8")
    assert run(project, "update").exit_code == 0
    assert run(project, "translate", "--lang", "es", "--provider", "pseudo", "--include-stale").exit_code == 0
    for path in (project / "locales" / "es" / "LC_MESSAGES").glob("*.po"):
        result = subprocess.run([shutil.which("msgfmt"), "--check-format", "--check-header", "-o", "/dev/null",
                                 str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    follow = load_catalog(project / "locales" / "es" / "LC_MESSAGES" / "follow-up.po")
    comments = [e.comment for e in follow if e.msgid]
    assert any("translation memory:" in c for c in comments) and any("machine translation:" in c for c in comments)
