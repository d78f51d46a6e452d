"""Providers: the registry, a deadline per request, and credentials kept where they belong.

Everything runs against imitation services on 127.0.0.1 (``fakeservers``).
"""

from __future__ import annotations

import base64

import socket
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from helpers import run
from helpers.fakeservers import Behaviour, FakeService
from helpers.mt import ES, KEY, KEY_ENV, configure, empty_half, machine_entries, scan_for_key
from l10n_tool.catalogs.pofile import load_catalog
from l10n_tool import plugins
from l10n_tool.mt import registry
from l10n_tool.mt.masking import mask


def _args(provider: str) -> list[str]:
    return ["translate", "--lang", "es", "--provider", provider]


# --- issue 9 item 11: a wall-clock deadline per request ---------------------------------------


def test_a_server_trickling_its_answer_is_cut_off_at_the_timeout(project):
    empty_half(project)
    # Headers at once, then a byte every 2 s: each read is quick, the answer never ends.
    with FakeService("libre", Behaviour(trickle=2.0)) as service:
        configure(project, "libre", service.endpoint, timeout=3, retries=0, concurrency=1)
        started = time.monotonic()
        result = run(project, *_args("libre"))
        elapsed = time.monotonic() - started
        assert len(service.seen) == 1
    assert result.exit_code == 2
    assert "within 3 s" in result.stderr and result.stderr.count("\n") == 1
    # Without the deadline the run lasts as long as the trickle: 100 bytes, 200 s.
    assert elapsed < 20


# --- issue 9 item 12: credentials stay with their host ----------------------------------------


@pytest.mark.parametrize("provider", ["microsoft", "deepl", "libre"])
def test_a_redirect_to_another_host_takes_no_credentials_along(project, provider, monkeypatch):
    monkeypatch.setenv(KEY_ENV[provider], KEY)
    empty_half(project)
    with FakeService(provider) as elsewhere:
        behaviour = Behaviour(statuses=[307], location=elsewhere.endpoint)
        with FakeService(provider, behaviour) as service:
            configure(project, provider, service.endpoint, retries=0, concurrency=1)
            result = run(project, *_args(provider))
            assert len(service.seen) == 1
        assert elsewhere.seen == []  # not a single request: the key header, query or body stay home
    assert result.exit_code == 2
    assert "redirected to http://127.0.0.1" in result.stderr and "not followed" in result.stderr
    scan_for_key(project, [result.stdout, result.stderr])


def test_a_redirect_within_the_host_is_followed_with_the_key(project, monkeypatch):
    monkeypatch.setenv("MICROSOFT_API_KEY", KEY)
    emptied, _ = empty_half(project)
    with FakeService("microsoft") as service:
        service.behaviour = Behaviour(statuses=[307], location=service.url + "/moved/translate?api-version=3.0")
        configure(project, "microsoft", service.endpoint, retries=0, concurrency=1)
        result = run(project, *_args("microsoft"))
    assert result.exit_code == 0, result.stderr
    assert service.seen[1].path == "/moved/translate"
    assert service.seen[1].headers["Ocp-Apim-Subscription-Key"] == KEY
    assert len(machine_entries(project)) == len(emptied)


def test_a_provider_without_credentials_follows_a_redirect_to_another_host(project):
    emptied, _ = empty_half(project)
    with FakeService("google") as elsewhere:
        with FakeService("google", Behaviour(statuses=[302], location=elsewhere.endpoint)) as service:
            configure(project, "google", service.endpoint, retries=0, concurrency=1)
            result = run(project, *_args("google"))
    assert result.exit_code == 0, result.stderr
    assert elsewhere.texts and len(machine_entries(project)) == len(emptied)


PASSWORD = "pa55:w/rd+x"
USERINFO = f"translator:{urllib.parse.quote(PASSWORD, safe='')}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("behaviour", [
    None,  # nothing listens
    Behaviour(statuses=[400], error_body=f'{{"message": "no user {USERINFO} or {PASSWORD}"}}'),
    Behaviour(statuses=[503] * 3),
    Behaviour(trickle=1.0),
])
def test_credentials_in_a_provider_url_appear_in_no_error(project, behaviour):
    empty_half(project)
    if behaviour is None:
        configure(project, "libre", f"http://{USERINFO}@127.0.0.1:{_free_port()}/", retries=0)
        result = run(project, *_args("libre"))
    else:
        with FakeService("libre", behaviour) as service:
            url = service.endpoint.replace("http://", f"http://{USERINFO}@")
            configure(project, "libre", url, retries=1, timeout=0.5, concurrency=1)
            result = run(project, *_args("libre"))
            assert service.seen[0].headers["Authorization"].startswith("Basic ")
    assert result.exit_code == 2
    assert "http://127.0.0.1:" in result.stderr
    for secret in (PASSWORD, urllib.parse.quote(PASSWORD, safe=""), "pa55", "translator:"):
        assert secret not in result.stderr + result.stdout


# Issue 22 item 8: a fragment of the key (its first characters, any long enough run) or a common
# encoding of it (base64 of the key or of a fragment, hex) is a leak like the literal key.
ECHOES = [KEY, urllib.parse.quote(KEY, safe=""), KEY[:10], KEY[6:18],
          base64.b64encode(KEY.encode()).decode(), base64.urlsafe_b64encode(KEY.encode()).decode().rstrip("="),
          base64.b64encode(KEY[:12].encode()).decode(), KEY.encode().hex(), KEY.encode().hex().upper()]


@pytest.mark.parametrize("echo", ECHOES)
def test_a_key_echoed_in_a_translation_reaches_no_catalog_and_no_cache(project, monkeypatch, echo):
    monkeypatch.setenv("LIBRE_API_KEY", KEY)
    emptied, _ = empty_half(project)
    leaky = Behaviour(translate=lambda text: text.upper() if "ECUADOR" not in text.upper() else f"{text} {echo}")
    with FakeService("libre", leaky) as service:
        configure(project, "libre", service.endpoint, concurrency=1)
        result = run(project, *_args("libre"))
    assert result.exit_code == 0, result.stderr
    assert "contained a credential" in result.stderr
    scan_for_key(project, [result.stdout, result.stderr])
    assert (project / ".l10n-cache").exists()
    leaked = [m for m in emptied if "ECUADOR" in mask(m).text.upper()]
    assert leaked and all(not load_catalog(project / ES).find(m).msgstr for m in leaked)
    assert len(machine_entries(project)) == len(emptied) - len(leaked)
    for path in project.rglob("*"):
        assert not path.is_file() or echo.encode() not in path.read_bytes(), path


def test_a_short_run_of_the_key_characters_is_no_leak():
    from l10n_tool.mt.secrets import contains_secret

    assert not contains_secret("Ecuador sk-l10n Secret Key 123", [KEY])
    assert not contains_secret("El 73 % de los 1.234 casos", ["12345678901234567890"])
    assert contains_secret("El 73 % 1234567890123", ["12345678901234567890"])


# --- issue 10 items 6, 7: one class per provider, no process-wide patches ---------------------


@pytest.fixture
def scratch_registry(monkeypatch):
    """The registry as shipped, restored after the test."""
    plugins.provider_names()  # the built-in providers are in before the copy
    monkeypatch.setattr(registry, "PROVIDERS", dict(registry.PROVIDERS))


def test_a_new_provider_is_one_definition(project, scratch_registry):
    @registry.register
    class Shouting(registry.Provider):
        name = "shouting"
        cacheable = False

        @dataclass(frozen=True)
        class Settings(registry.ProviderSettings):
            suffix: str = "!"

        def translate(self, text: str) -> str:
            return text.upper() + self.settings.suffix

    help_text = run(project, "translate", "--help").stdout
    assert "shouting" in help_text and "pseudo" in help_text
    emptied, _ = empty_half(project)
    config = project / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[translate.shouting]\nsuffix = " (!)"\n',
                      encoding="utf-8")
    result = run(project, *_args("shouting"))
    assert result.exit_code == 0, result.stderr
    entries = machine_entries(project)
    assert len(entries) == len(emptied)
    assert all("machine translation: shouting" in e.comment for e in entries)
    assert any(e.msgstr.endswith(" (!)") for e in entries)
    config.write_text(config.read_text(encoding="utf-8") + "volume = 11\n", encoding="utf-8")
    result = run(project, *_args("shouting"))
    assert result.exit_code == 2 and "[translate.shouting]: unknown key 'volume'" in result.stderr


def test_registering_needs_a_name_and_settings(scratch_registry):
    with pytest.raises(ValueError):
        registry.register(type("Nameless", (registry.Provider,), {}))
    with pytest.raises(ValueError):
        registry.register(type("Plain", (registry.Provider,), {"name": "plain", "Settings": dict}))


def test_settings_types_are_checked_from_the_provider_class(project):
    config = project / "l10n.toml"
    config.write_text(config.read_text(encoding="utf-8") + '\n[translate.microsoft]\nregion = 5\n',
                      encoding="utf-8")
    result = run(project, *_args("microsoft"))
    assert result.exit_code == 2 and "[translate.microsoft]: region must be" in result.stderr


@pytest.mark.parametrize("provider", ["google", "mymemory", "libre", "microsoft", "deepl"])
def test_no_client_library_module_is_changed(project, provider, monkeypatch):
    import deepl
    import deep_translator

    modules = [m for name, m in sys.modules.items() if name.startswith("deep_translator.")]
    before = {m.__name__: dict(vars(m)) for m in modules}
    knobs = (deepl.http_client.max_network_retries, deepl.http_client.min_connection_timeout)
    if provider in KEY_ENV:
        monkeypatch.setenv(KEY_ENV[provider], KEY)
    empty_half(project)
    with FakeService(provider) as service:
        configure(project, provider, service.endpoint, timeout=2, concurrency=2)
        assert run(project, *_args(provider)).exit_code == 0
    assert deep_translator.google.requests is requests
    for module in modules:
        assert {k: v for k, v in vars(module).items()} == before[module.__name__], module.__name__
    assert (deepl.http_client.max_network_retries, deepl.http_client.min_connection_timeout) == knobs


def test_provider_classes_declare_their_own_keys():
    names = plugins.provider_names()
    assert {"google", "mymemory", "libre", "microsoft", "deepl", "pseudo"} <= set(names)
    microsoft = plugins.provider("microsoft").Settings()
    assert microsoft.api_key_env == "MICROSOFT_API_KEY" and microsoft.region is None
    assert plugins.provider("mymemory").Settings().max_chars == 480
    assert Path(registry.__file__).read_text(encoding="utf-8").count('"microsoft"') == 0


# --- issue 22 item 7: machine answers are data, checked ---------------------------------------

BAD_ANSWERS = {"number": 12345, "list": ["a", "b"], "object": {"text": "x"}, "surrogate": "Ecuador \ud800 vive",
               "nul": "Ecuador\x00 vive"}


# Every kind of value through LibreTranslate's client; the text-level ones through the others too.
@pytest.mark.parametrize("provider, bad", [("libre", bad) for bad in sorted(BAD_ANSWERS)] + [
    (provider, bad) for provider in ("deepl", "microsoft", "mymemory") for bad in ("surrogate", "nul")])
def test_a_bad_answer_among_many_is_skipped_counted_and_the_rest_saved(project, monkeypatch, provider, bad):
    if provider in KEY_ENV:
        monkeypatch.setenv(KEY_ENV[provider], KEY)
    emptied, _ = empty_half(project)
    answer = BAD_ANSWERS[bad]
    odd = Behaviour(translate=lambda text: answer if "ECUADOR" in text.upper() else text.upper())
    with FakeService(provider, odd) as service:
        configure(project, provider, service.endpoint, concurrency=1)
        result = run(project, *_args(provider))
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    rejected = [line for line in result.stderr.splitlines() if "suggestion rejected" in line]
    odd_ones = [m for m in emptied if "ECUADOR" in mask(m).text.upper()]
    assert odd_ones and len(rejected) == len(odd_ones), result.stderr
    assert all(f"{ES.as_posix()}:" in line and "the service's answer" in line for line in rejected)
    catalog = load_catalog(project / ES)
    assert all(not catalog.find(m).msgstr for m in odd_ones)
    assert len(machine_entries(project)) == len(emptied) - len(odd_ones)
    for path in project.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"12345" not in data and b"{'text'" not in data and b"['a'" not in data, path


# --- issue 22 item 5: the deadline covers the whole request, status line and headers included -----

class _TricklingServer:
    """A server on 127.0.0.1 that sends its status line, then header after header, a byte at a
    time: each read is quick, the headers never end."""

    def __init__(self, status_too: bool):
        import threading

        self.status_too = status_too
        self.stop = threading.Event()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.2)
        self.endpoint = f"http://127.0.0.1:{self.listener.getsockname()[1]}/"
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    conn.recv(65536)
                    data = (b"" if self.status_too else b"HTTP/1.1 200 OK\r\n")
                    head = b"HTTP/1.1 200 OK\r\n" if self.status_too else b""
                    stream = head + data
                    while not self.stop.is_set():
                        for byte in stream or b"X-Slow: yes\r\n":
                            if self.stop.wait(0.3):
                                return
                            conn.sendall(bytes([byte]))
                        stream = b"X-Slow: yes\r\n"
                except OSError:
                    continue

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(5)
        self.listener.close()


@pytest.mark.parametrize("status_too", [True, False], ids=["status line", "headers"])
def test_a_server_trickling_its_status_line_or_headers_is_cut_off_at_the_timeout(project, status_too):
    import subprocess

    empty_half(project)
    with _TricklingServer(status_too) as server:
        configure(project, "libre", server.endpoint, timeout=2, retries=0, concurrency=1)
        try:
            result = subprocess.run([sys.executable, "-m", "l10n_tool", "--root", str(project), *_args("libre")],
                                    capture_output=True, text=True, timeout=40)
        except subprocess.TimeoutExpired:
            pytest.fail("translate waited on a trickling server far past its timeout")
    assert result.returncode == 2, result.stderr
    assert "within 2 s" in result.stderr and result.stderr.count("\n") == 1, result.stderr
