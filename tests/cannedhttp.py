"""Loopback HTTP servers that answer every GET (and HEAD) with one canned status, headers and body.

For hostile-answer tests (a gzip bomb, a body that lies about its length, HTML where JSON is expected) that
the fake Hub's well-formed answers cannot produce. Bound to 127.0.0.1 only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar


class Canned(BaseHTTPRequestHandler):
    """Answers every GET and HEAD with the class's status, headers and body (Content-Length from the body
    unless the headers say otherwise)."""

    status = 200
    body = b""
    headers_out: ClassVar[dict[str, str]] = {}
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(self.status)
        for key, value in {"Content-Length": str(len(self.body)), **self.headers_out}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(self.body)

    do_HEAD = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def canned_servers() -> Iterator[Callable[..., str]]:
    """Yields start(body, headers=None, status=200) -> the URL of a new server; every server is shut down
    on exit."""
    servers: list[ThreadingHTTPServer] = []

    def start(body: bytes, headers: dict[str, str] | None = None, status: int = 200) -> str:
        handler = type("H", (Canned,), {"status": status, "body": body, "headers_out": dict(headers or {})})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    try:
        yield start
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
