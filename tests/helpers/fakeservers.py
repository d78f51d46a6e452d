"""Imitations of translation services on 127.0.0.1, for the real client libraries to talk to.

Each answers the way its service does (the request and response shapes the
client libraries send and parse), "translates" by upper-casing letters (so
placeholders such as ``{0}`` pass through, as real engines keep them), and
records every request so tests can count them.
"""

from __future__ import annotations

import html
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

QUOTA_WARNING = ("MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT AVAILABLE IN  "
                 "23 HOURS 59 MINUTES 59 SECONDS")


def fake_translate(text: str) -> str:
    return text.upper()


def drop_placeholders(text: str) -> str:
    return re.sub(r"\{\d+\}", "", text).upper()


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    text: str | None  # the text sent for translation


@dataclass
class Behaviour:
    """How the fake misbehaves: scripted statuses first, then success, failure or silence."""

    statuses: list[int] = field(default_factory=list)  # answered (with an error body) before anything else
    succeed: int | None = None  # after this many successful answers, answer fail_status forever
    fail_status: int = 500
    hang: bool = False  # never answer (until the test ends)
    quota: bool = False  # MyMemory's quota warning in place of the translation
    translate: callable = fake_translate
    error_body: str = '{"message": "server error"}'
    retry_after: str | None = None  # a Retry-After header on error answers
    delay: float = 0.0  # seconds each answer takes, so concurrent requests overlap
    location: str | None = None  # the Location header of scripted 3xx answers
    trickle: float | None = None  # send the headers, then one byte of the body every this many seconds


class FakeService:
    def __init__(self, kind: str, behaviour: Behaviour | None = None):
        self.kind = kind
        self.behaviour = behaviour or Behaviour()
        self.seen: list[Seen] = []
        self.successes = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        # shutdown() waits for serve_forever's next poll: at the default half second, that wait
        # was most of every test that starts a server.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01},
                                       daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def endpoint(self) -> str:
        """What goes into [translate.<provider>] url."""
        return {"google": self.url + "/m", "mymemory": self.url + "/get", "libre": self.url + "/",
                "deepl": self.url, "microsoft": self.url}[self.kind]

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.seen if s.text is not None]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _handler(service: FakeService):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
        wbufsize = 1 << 16

        def log_message(self, *args):
            pass

        def do_GET(self):
            self._answer("GET")

        def do_POST(self):
            self._answer("POST")

        def _answer(self, method):
            with service.lock:
                service.in_flight += 1
                service.max_in_flight = max(service.max_in_flight, service.in_flight)
            try:
                self._respond(method)
            finally:
                with service.lock:
                    service.in_flight -= 1

        def _respond(self, method):
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            text = _text(service.kind, query, body, self.headers.get("Content-Type", ""))
            seen = Seen(method, parts.path, query, dict(self.headers), body, text)
            behaviour = service.behaviour
            with service.lock:
                service.seen.append(seen)
                status = behaviour.statuses.pop(0) if behaviour.statuses else 200
                if status == 200 and behaviour.succeed is not None and service.successes >= behaviour.succeed:
                    status = behaviour.fail_status
                if status == 200:
                    service.successes += 1
            if behaviour.hang:
                service.release.wait(10)
                return
            if behaviour.delay:
                service.release.wait(behaviour.delay)
            if behaviour.trickle:
                return self._trickle(behaviour.trickle)
            if status in (301, 302, 303, 307, 308):
                return self._send(status, b"", "text/plain", {"Location": behaviour.location})
            if status != 200:
                extra = {"Retry-After": behaviour.retry_after} if behaviour.retry_after else {}
                return self._send(status, behaviour.error_body.encode(), "application/json", extra)
            translated = behaviour.translate(text or "")
            if service.kind == "mymemory" and behaviour.quota:
                translated = QUOTA_WARNING
            body, ctype = _response(service.kind, translated, query)
            self._send(200, body, ctype)

        def _trickle(self, interval: float, length: int = 100):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.flush()
            try:
                for _ in range(length):
                    if service.release.wait(interval):
                        return
                    self.wfile.write(b" ")
                    self.wfile.flush()
            except OSError:  # the client gave up and closed the connection
                pass

        def _send(self, status, body: bytes, ctype: str, headers: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _text(kind, query, body, ctype):
    if kind in ("google", "mymemory", "libre"):
        return query.get("q")
    if kind == "deepl":
        data = json.loads(body) if "json" in ctype else {k: v for k, v in parse_qs(body.decode()).items()}
        texts = data.get("text") or []
        return texts[0] if texts else None
    if kind == "microsoft":
        data = json.loads(body or b"[]")
        return data[0]["text"] if data else None
    return None


def _response(kind, translated, query):
    if kind == "google":
        page = ('<!DOCTYPE html><html><head><title>Google Translate</title></head><body>'
                f'<div class="result-container">{html.escape(translated)}</div></body></html>')
        return page.encode(), "text/html; charset=utf-8"
    if kind == "mymemory":
        data = {"responseData": {"translatedText": translated, "match": 0.85}, "responseStatus": 200,
                "quotaFinished": translated.startswith("MYMEMORY WARNING"), "matches": []}
    elif kind == "libre":
        data = {"translatedText": translated}
    elif kind == "deepl":
        data = {"translations": [{"detected_source_language": "EN", "text": translated,
                                  "billed_characters": len(translated)}]}
    else:  # microsoft
        data = [{"translations": [{"text": translated, "to": query.get("to", "")}]}]
    return json.dumps(data).encode(), "application/json"
