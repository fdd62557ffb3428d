"""A tiny threaded HTTP server on 127.0.0.1 for contract fakes of the platforms' APIs.

Each fake subclasses FakeAPI and registers routes; the base gives it JSON helpers,
a log of every request (to assert on what a client sent) and fault injection
(the next N requests answer a given status, with Retry-After), so client tests can
exercise retries without a real outage.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode("utf-8"), keep_blank_values=True).items()}


@dataclass
class Response:
    status: int = 200
    body: object = None  # dict/list -> JSON; bytes/str sent as is
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    status: int
    count: int
    retry_after: str | None = None
    path_prefix: str = ""
    method: str = ""  # only requests of this method ("" = any)


class FakeAPI:
    """Subclass and decorate handlers with @route(METHOD, regex). Handlers get (request, **groups)."""

    routes: list[tuple[str, re.Pattern, str]] = []
    create_path: str = r"(?!)"  # POST path that publishes a post; set by each fake for after_create
    stores: tuple[str, ...] = ()  # names of the fake's in-memory collections, emptied by reset()
    # What a whole-practice test (tests/stage.py) needs of the fake of a platform: the platform id it
    # plays, the credentials (environment variables) it accepts by default, the settings that point
    # a client at it, and the text of each post it holds. tests/stage.py finds the fake of every
    # registered platform in tests/fakes/<id>.py by `platform`.
    platform: str | None = None
    credentials: dict[str, str] = {}

    def client_options(self) -> dict:
        raise NotImplementedError

    def posted_texts(self) -> list[str]:
        raise NotImplementedError


    def __init__(self):
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        # Called with the response of a successful create, before it is sent: crash tests kill the client
        # here, or replace the answer (a 502), or return None to drop the connection without one.
        self.after_create = None
        self.delay = 0.0  # seconds every request takes: makes concurrent runs overlap

    # --- lifecycle ------------------------------------------------------
    def start(self) -> "FakeAPI":
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                req = Request(self.command, parts.path, parse_qs(parts.query, keep_blank_values=True),
                              {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
                if api.delay:
                    time.sleep(api.delay)
                resp = api.dispatch(req)
                if resp is None:  # the request was acted on, and the connection drops before any answer
                    self.close_connection = True
                    return
                payload = resp.body
                ctype = resp.headers.get("Content-Type")
                if isinstance(payload, (dict, list)):
                    payload = json.dumps(payload).encode()
                    ctype = ctype or "application/json"
                elif isinstance(payload, str):
                    payload = payload.encode()
                payload = payload or b""
                self.send_response(resp.status)
                for k, v in resp.headers.items():
                    if k != "Content-Type":
                        self.send_header(k, v)
                self.send_header("Content-Type", ctype or "text/plain")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self) -> "FakeAPI":
        """Back to an empty platform, so one server can serve a whole test module."""
        with self.lock:
            self.requests.clear()
            self.faults.clear()
            for name in self.stores:
                getattr(self, name).clear()
        return self

    # --- behaviour ------------------------------------------------------
    def fail_next(self, status: int, count: int = 1, retry_after: str | None = None, path_prefix: str = "",
                  method: str = "") -> None:
        with self.lock:
            self.faults.append(Fault(status, count, retry_after, path_prefix, method))

    def dispatch(self, req: Request) -> Response:
        with self.lock:
            self.requests.append(req)
            for fault in self.faults:
                if fault.count > 0 and req.path.startswith(fault.path_prefix) and fault.method in ("", req.method):
                    fault.count -= 1
                    headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                    return Response(fault.status, {"error": "injected fault"}, headers)
            for method, pattern, name in self.routes:
                m = pattern.fullmatch(req.path)
                if m and method == req.method:
                    response = getattr(self, name)(req, **m.groupdict())
                    if (self.after_create and method == "POST" and response.status < 300
                            and re.fullmatch(self.create_path, req.path)):
                        response = self.after_create(response)
                    return response
            return Response(404, {"error": f"no route {req.method} {req.path}"})


def route(method: str, pattern: str):
    """Marks a FakeAPI method as the handler of METHOD on a path regex."""

    def mark(fn):
        fn._route = (method, re.compile(pattern))
        return fn

    return mark


def collect_routes(cls):
    """Class decorator: gathers @route-marked methods into cls.routes."""
    cls.routes = [(fn._route[0], fn._route[1], name) for name, fn in vars(cls).items() if hasattr(fn, "_route")]
    return cls


def module_fixtures(make):
    """(server, fake) pytest fixtures: one fake server per test module, emptied before each test.
    `make` builds the fake: its class, or a function for one with particular tokens."""
    import pytest

    @pytest.fixture(scope="module")
    def server():
        with make() as api:
            yield api

    @pytest.fixture
    def fake(server):
        return server.reset()

    return server, fake
