"""A real browser opens the built pages from disk: headless Chromium, driven over the DevTools protocol.

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it). Without it
these tests are skipped, unless ``L10N_REQUIRE_BROWSER=1`` (set by ``.ci/run``)
makes a missing browser a failure.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path

import pytest
from helpers import DOC, run

websocket = pytest.importorskip("websocket")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).is_file()
if not HAVE_CHROMIUM and os.environ.get("L10N_REQUIRE_BROWSER") == "1":
    raise RuntimeError("L10N_REQUIRE_BROWSER=1 but chromium is not installed (apt-get install chromium)")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not HAVE_CHROMIUM, reason="needs Debian's chromium (installed by .ci/run)")]

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*"]
STARTUP = 60  # seconds; a limit on waiting, not an assertion about speed
NAMES = {"en": "English", "es": "Español", "de": "Deutsch"}


class Browser:
    """The smallest DevTools protocol client: one page, commands and their events."""

    def __init__(self, profile: Path):
        log = profile.parent / "chromium.log"
        self._log = log.open("wb")
        self.process = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=self._log)
        endpoint = self._endpoint(log)
        self.ws = websocket.create_connection(endpoint, timeout=STARTUP, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.page("Page.enable")
        self.page("Runtime.enable")

    def _endpoint(self, log: Path) -> str:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            found = re.search(r"DevTools listening on (ws://\S+)", log.read_text(errors="replace"))
            if found:
                return found.group(1)
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"chromium did not start:\n{log.read_text(errors='replace')[-3000:]}")

    def call(self, method: str, session: str | None = None, **params) -> dict:
        ident = next(self.ids)
        message = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == ident:
                assert "error" not in reply, (method, reply["error"])
                return reply.get("result", {})
            self.events.append(reply)

    def page(self, method: str, **params) -> dict:
        return self.call(method, self.session, **params)

    def wait_for(self, event: str) -> dict:
        while True:
            for index, message in enumerate(self.events):
                if message.get("method") == event:
                    del self.events[: index + 1]
                    return message
            self.events.append(json.loads(self.ws.recv()))

    def open(self, url: str) -> None:
        self.events.clear()
        result = self.page("Page.navigate", url=url)
        assert not result.get("errorText"), result
        self.wait_for("Page.loadEventFired")

    def click(self, selector: str) -> None:
        """Follow a link the way a reader does, by clicking it."""
        self.events.clear()
        assert self.js(f"(() => {{ const a = document.querySelector({json.dumps(selector)});"
                       " if (!a) return false; a.click(); return true; })()"), selector
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str):
        result = self.page("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=2 if mobile else 1, mobile=mobile)

    def screenshot(self, path: Path) -> bytes:
        data = base64.b64decode(self.page("Page.captureScreenshot", format="png")["data"])
        path.write_bytes(data)
        return data

    def pdf(self) -> bytes:
        return base64.b64decode(self.page("Page.printToPDF", printBackground=False)["data"])

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=STARTUP)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self._log.close()


@pytest.fixture
def browser(tmp_path: Path):
    instance = Browser(tmp_path / "profile")
    yield instance
    instance.close()


@pytest.fixture
def site(project: Path) -> Path:
    assert run(project, "build").exit_code == 0
    return project / "build"


def distinct_pixel_bytes(png: bytes) -> int:
    """How varied the decoded image data is: a blank or failed render is nearly uniform."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat = 8, b""
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        if kind == b"IDAT":
            idat += png[position + 8:position + 8 + length]
        position += 12 + length
    return len(set(zlib.decompress(idat)))


def assert_rendered(browser: Browser, shot: Path) -> None:
    state = browser.js("""(() => {
        const h1 = document.querySelector('h1');
        const box = h1 ? h1.getBoundingClientRect() : null;
        return {ready: document.readyState, h1: h1 ? h1.innerText : '', height: box ? box.height : 0,
                font: getComputedStyle(document.body).fontFamily,
                text: document.body.innerText.length};
    })()""")
    assert state["ready"] == "complete"
    assert state["h1"] and state["height"] > 20, state
    assert state["text"] > 200, state
    png = browser.screenshot(shot)
    assert distinct_pixel_bytes(png) > 16, f"{shot} looks blank"


@pytest.mark.parametrize("lang", ["en", "es", "de"])
def test_page_renders_and_its_switcher_leads_to_each_language(browser, site, tmp_path, lang):
    page = site / lang / f"{DOC}.html"
    browser.viewport(1280, 900)
    browser.open(page.as_uri())
    assert browser.js("document.documentElement.lang") == lang
    assert browser.js("document.documentElement.dir") == "ltr"
    assert_rendered(browser, tmp_path / f"{lang}-desktop.png")
    switcher = browser.js("[...document.querySelectorAll('nav.language-switcher a')]"
                          ".map(a => [a.hreflang, a.innerText])")
    assert sorted(switcher) == sorted([code, name] for code, name in NAMES.items() if code != lang)
    for code, _ in switcher:
        browser.open(page.as_uri())
        browser.click(f"nav.language-switcher a[hreflang='{code}']")
        assert browser.js("document.documentElement.lang") == code
        assert browser.js("location.href") == (site / code / f"{DOC}.html").as_uri()
        assert_rendered(browser, tmp_path / f"{lang}-to-{code}.png")


def test_page_fits_a_phone_and_prints(browser, site, tmp_path):
    browser.viewport(390, 844, mobile=True)
    browser.open((site / "de" / f"{DOC}.html").as_uri())
    assert_rendered(browser, tmp_path / "de-phone.png")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert browser.js("document.documentElement.scrollWidth <= window.innerWidth")
    assert browser.js("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
    figure = browser.js("(() => { const r = document.querySelector('figure .image-missing')"
                        ".getBoundingClientRect(); return [r.width, r.height]; })()")
    assert figure[0] > 300 and figure[1] > 150  # the missing photo keeps a photo's place
    pdf = browser.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (tmp_path / "de.pdf").write_bytes(pdf)


def test_dashboard_renders_and_links_to_the_pages(browser, site, tmp_path):
    browser.viewport(1280, 900)
    browser.open((site / "index.html").as_uri())
    assert browser.js("document.documentElement.lang") == "en"
    assert_rendered(browser, tmp_path / "dashboard.png")
    assert browser.js("document.querySelectorAll('tr[data-language]').length") == 3
    browser.click("tr[data-language='es'] a.published")
    assert browser.js("document.documentElement.lang") == "es"
    browser.click("nav.language-switcher a[hreflang='de']")
    assert browser.js("document.documentElement.lang") == "de"


def test_dashboard_fits_a_phone(browser, site, tmp_path):
    browser.viewport(390, 844, mobile=True)
    browser.open((site / "index.html").as_uri())
    assert_rendered(browser, tmp_path / "dashboard-phone.png")
    assert browser.js("document.documentElement.scrollWidth <= window.innerWidth")
    # Not even the table scrolls sideways: on a phone its rows are cards.
    assert browser.js("(() => { const w = document.querySelector('.table-wrap');"
                      " return w.scrollWidth <= w.clientWidth; })()")



def test_a_right_to_left_page_isolates_its_source_fallbacks(browser, project, tmp_path):
    # Issue 19 item 5: under outdated = "source", English fallbacks on an Arabic page keep their
    # own direction (their punctuation is not mirrored), as the browser computes it.
    assert run(project, "init", "--lang", "ar").exit_code == 0
    assert run(project, "update").exit_code == 0
    result = run(project, "build", "--format", "html", "--outdated", "source", "--min-percent", "0")
    assert result.exit_code == 0, result.stderr
    browser.viewport(1280, 900)
    browser.open((project / "build" / "ar" / f"{DOC}.html").as_uri())
    assert_rendered(browser, tmp_path / "ar.png")
    assert browser.js("getComputedStyle(document.documentElement).direction") == "rtl"
    directions = browser.js("Array.from(document.querySelectorAll('main [lang=en]'))"
                            ".map(e => getComputedStyle(e).direction)")
    assert directions and set(directions) == {"ltr"}
    assert browser.js("document.querySelectorAll('.byline bdi').length") >= 1


def test_the_dashboard_on_a_phone_names_each_document_once_per_card(browser, site, tmp_path):
    # Issue 23 item 9: at 390 px the first card shows its title once, and counts read "2 (2 stale)".
    browser.viewport(390, 844, mobile=True)
    browser.open((site / "index.html").as_uri())
    shown = browser.js("(() => { const row = document.querySelector('tr[data-language]');"
                       " const title = row.querySelector('.card-document').textContent;"
                       " return row.innerText.split(title).length - 1; })()")
    assert shown == 1
    cells = browser.js("Array.from(document.querySelectorAll('td.number')).map(c => c.innerText)")
    assert not [c for c in cells if "( " in c or " )" in c]
    browser.open((site / "es" / f"{DOC}.html").as_uri())
    assert browser.js("(() => { const k = document.querySelector('.kicker');"
                      " return k && k.offsetParent !== null && k.textContent.trim(); })()") == "Política"
