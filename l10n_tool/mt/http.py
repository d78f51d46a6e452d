"""HTTP for machine-translation providers: each provider its own client, each request a deadline.

``requests`` times each socket read, not the request: a server that sends its
headers and then one byte every two seconds holds a three-second timeout forever.
Here every request has a wall-clock deadline: until its status line and headers are
in, a watchdog shuts the connection's socket when the deadline passes (a server can
trickle those too); then the body is read piece by piece, with the socket's timeout cut
to the time left.

Redirects are followed by hand, because ``requests`` strips only ``Authorization``
when one leads to another host: Microsoft's ``Ocp-Apim-Subscription-Key``, a key in
the query or a password in the URL would go along. A provider that holds credentials
follows redirects only within its own scheme, host and port.

Nothing here touches a client library's module: deep-translator's clients are given
this module's stand-in for ``requests`` one client at a time (``route``), and
DeepL's client an ``HttpClient`` of its own (in ``providers``).
"""

from __future__ import annotations

import socket
import threading
import time
import types
import urllib.parse

import requests
import urllib3

from ..errors import ProviderError
from .secrets import display_url, origin

REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
# Headers that say nothing about who is asking; the only ones sent to another host.
PLAIN_HEADERS = {"accept", "accept-encoding", "accept-language", "content-type", "user-agent"}
CHUNK = 1 << 16


class RetryableError(Exception):
    """A failure worth another try after a pause: HTTP 429, 5xx or a timeout."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class _Watched:
    """The connections one thread's request is using, for the watchdog to cut."""

    local = threading.local()

    @classmethod
    def add(cls, conn) -> None:
        watch = getattr(cls.local, "watch", None)
        if watch is not None:
            watch.append(conn)


class _WatchedPool(urllib3.HTTPConnectionPool):
    def _make_request(self, conn, *args, **kwargs):
        _Watched.add(conn)
        return super()._make_request(conn, *args, **kwargs)


class _WatchedHttpsPool(urllib3.HTTPSConnectionPool):
    def _make_request(self, conn, *args, **kwargs):
        _Watched.add(conn)
        return super()._make_request(conn, *args, **kwargs)


class _Adapter(requests.adapters.HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedPool, "https": _WatchedHttpsPool}


def _cut(connections: list, fired: threading.Event) -> None:
    fired.set()
    for conn in list(connections):
        sock = getattr(conn, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # the blocked read returns at once
            except OSError:
                pass


class Http:
    """One provider's HTTP: a ``requests.Session`` per thread, a deadline per request.

    With ``judge`` the answer's status is sorted here (429 and 5xx retryable, other
    errors fatal); without it the caller's library reads the status itself.
    """

    def __init__(self, timeout: float, *, credentials: bool, judge: bool = True):
        self.timeout = timeout
        self.credentials = credentials
        self.judge = judge
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            adapter = _Adapter()
            session.mount("http://", adapter)
            session.mount("https://", adapter)
        return session

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        for key in ("timeout", "allow_redirects", "stream"):
            kwargs.pop(key, None)  # ours to decide
        deadline = time.monotonic() + self.timeout
        for _ in range(MAX_REDIRECTS + 1):
            response = self._send(method, url, deadline, kwargs)
            location = response.headers.get("Location")
            if response.status_code not in REDIRECTS or not location:
                break
            response.close()
            target = urllib.parse.urljoin(url, location)
            if origin(target) != origin(url):
                kwargs = self._across_hosts(url, target, kwargs)
            if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
                method = "GET"
                kwargs = {k: v for k, v in kwargs.items() if k not in ("data", "json")}
            url = target
        else:
            raise ProviderError(f"{display_url(url)}: more than {MAX_REDIRECTS} redirects")
        self._read_body(response, url, deadline)
        if self.judge:
            _judge(response, url)
        return response

    def _late(self, url: str) -> RetryableError:
        return RetryableError(f"no answer from {display_url(url)} within {self.timeout:g} s")

    def _send(self, method: str, url: str, deadline: float, kwargs: dict) -> requests.Response:
        left = deadline - time.monotonic()
        if left <= 0:
            raise self._late(url)
        session = self._session()
        connections: list = []
        fired = threading.Event()
        watchdog = threading.Timer(left, _cut, (connections, fired))
        watchdog.daemon = True
        _Watched.local.watch = connections
        watchdog.start()
        try:
            return session.request(method, url, timeout=(left, left), allow_redirects=False,
                                   stream=True, **kwargs)
        except requests.Timeout:
            raise self._late(url) from None
        except requests.ConnectionError:
            if fired.is_set():
                raise self._late(url) from None
            raise ProviderError(f"cannot reach {display_url(url)}") from None
        except requests.RequestException as exc:
            if fired.is_set():
                raise self._late(url) from None
            raise ProviderError(f"request to {display_url(url)} failed: {type(exc).__name__}") from None
        finally:
            watchdog.cancel()
            _Watched.local.watch = None

    def _across_hosts(self, url: str, target: str, kwargs: dict) -> dict:
        headers = kwargs.get("headers") or {}
        if self.credentials or "@" in urllib.parse.urlsplit(target).netloc \
                or any(name.lower() not in PLAIN_HEADERS for name in headers):
            raise ProviderError(f"{display_url(url)} redirected to {display_url(target)}; not followed, "
                                "so the provider's credentials stay with its own host")
        return {**kwargs, "headers": {k: v for k, v in headers.items() if k.lower() in PLAIN_HEADERS}}

    def _read_body(self, response: requests.Response, url: str, deadline: float) -> None:
        raw = response.raw
        sock = getattr(getattr(raw, "connection", None), "sock", None)
        chunks = []
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                if sock is not None:
                    sock.settimeout(left)  # urllib3 sets it afresh when it reuses the connection
                chunk = raw.read1(CHUNK, decode_content=True)
                if not chunk:
                    break
                chunks.append(chunk)
        except (TimeoutError, urllib3.exceptions.TimeoutError):
            response.close()
            raise self._late(url) from None
        except (urllib3.exceptions.HTTPError, OSError):
            response.close()
            raise ProviderError(f"the answer from {display_url(url)} broke off") from None
        # What Response.content would have read, had it been read without a deadline.
        response._content = b"".join(chunks)
        response._content_consumed = True
        response.close()


def _judge(response: requests.Response, url: str) -> None:
    where = display_url(url)
    status = response.status_code
    if status == 429 or status >= 500:
        raise RetryableError(f"{where} answered HTTP {status}", _retry_after(response))
    if status in (401, 403):
        raise ProviderError(f"{where} refused the request (HTTP {status}); check the API key")
    if status >= 400:
        raise ProviderError(f"{where} answered HTTP {status}{_detail(response)}")


def _detail(response: requests.Response) -> str:
    """The service's own explanation, where its error body has one."""
    try:
        data = response.json()
    except ValueError:
        return ""
    message = data.get("error") or data.get("message") if isinstance(data, dict) else None
    if isinstance(message, dict):
        message = message.get("message")
    return f": {str(message)[:200]}" if message else ""


def _retry_after(response: requests.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


class RequestsStandIn:
    """What a deep-translator client calls ``requests``: get and post through one ``Http``."""

    exceptions = requests.exceptions

    def __init__(self, http: Http):
        self._http = http

    def get(self, url, **kwargs):
        return self._http.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self._http.request("POST", url, **kwargs)


def route(client, http: Http) -> None:
    """Send ``client.translate``'s requests through ``http``, for this client object alone.

    deep-translator calls its module's global ``requests`` and takes no session. The
    method is rebuilt over a copy of its module's globals in which ``requests`` is the
    stand-in, and bound to this one client; the module itself is left as it is.
    """
    function = type(client).translate
    scope = dict(function.__globals__, requests=RequestsStandIn(http))
    rebuilt = types.FunctionType(function.__code__, scope, function.__name__, function.__defaults__,
                                 function.__closure__)
    rebuilt.__kwdefaults__ = function.__kwdefaults__
    client.translate = types.MethodType(rebuilt, client)
