"""The one bounded HTTP client every system is measured with.

Each measurement is bounded twice, in requests and in seconds, so that a slow
system (rdflib-endpoint at 1M triples takes seconds per query) costs a known
amount of benchmark time instead of stalling it; and every request has its own
timeout.  The client speaks the SPARQL 1.1 Protocol the same way to every
server (POST, form-encoded query, JSON results) over keep-alive connections of
the standard library's ``http.client``, which costs the client less CPU than
``requests`` on a machine whose two cores it shares with the servers.
"""
from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

SPARQL_JSON = "application/sparql-results+json"


class RequestFailed(RuntimeError):
    """A request got no 200 answer; the message has the status and the start of the body."""


class Connection:
    """A keep-alive connection to one SPARQL query URL."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path or "/"
        self.timeout = timeout
        self._http: http.client.HTTPConnection | None = None

    def query(self, text: str) -> bytes:
        """POST one query and return the body of the answer; RequestFailed if it is not 200."""
        return self.query_with_cache_state(text)[0]

    def query_with_cache_state(self, text: str) -> tuple[bytes, str]:
        """The body of the answer and lpskg's ``X-LPSKG-Cache`` header (hit, miss, off; "none" elsewhere)."""
        body = urlencode({"query": text})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": SPARQL_JSON}
        for attempt in (1, 2):  # a server may close an idle keep-alive connection: reconnect once
            if self._http is None:
                self._http = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self._http.request("POST", self.path, body=body, headers=headers)
                response = self._http.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
                continue
            except OSError:
                self.close()
                raise
            if response.will_close:
                self.close()
            if response.status != 200:
                raise RequestFailed(f"HTTP {response.status}: {data[:200]!r}")
            return data, response.getheader("X-LPSKG-Cache", "none")
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None


def count_rows(body: bytes) -> int:
    """Solutions in a SPARQL JSON answer (1 for an ASK)."""
    answer = json.loads(body)
    return len(answer["results"]["bindings"]) if "results" in answer else 1


@dataclass
class Run:
    """What one bounded measurement saw."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def timed(connection: Connection, text: str) -> tuple[float, str | None]:
    """(seconds, error or None) for one request."""
    started = time.perf_counter()
    try:
        connection.query(text)
    except (RequestFailed, OSError, http.client.HTTPException) as error:
        return time.perf_counter() - started, f"{type(error).__name__}: {error}"
    return time.perf_counter() - started, None


def burst(url: str, text: str, clients: int, max_requests: int, max_seconds: float, timeout: float) -> Run:
    """``clients`` threads sending ``text`` back to back until ``max_requests`` were sent in all or
    ``max_seconds`` passed (a request in flight is waited for, within its ``timeout``)."""
    run = Run()
    lock = threading.Lock()
    sent = 0
    started = time.perf_counter()
    deadline = started + max_seconds

    def client() -> None:
        nonlocal sent
        connection = Connection(url, timeout)
        try:
            while True:
                with lock:
                    if sent >= max_requests or time.perf_counter() >= deadline:
                        return
                    sent += 1
                seconds, error = timed(connection, text)
                with lock:
                    if error:
                        run.errors.append(error)
                    else:
                        run.latencies.append(seconds)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max_seconds + timeout + 5)
    run.seconds = time.perf_counter() - started
    return run
