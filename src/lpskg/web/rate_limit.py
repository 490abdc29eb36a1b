"""A token bucket per client address, for the work anyone may ask for without a token.

A dry run of a case (``POST /api/cases?dry_run=true``) and the diagnosis of a file
(``POST /api/diagnosis``) write nothing, so they need no token; but each links,
validates and diagnoses a whole file, so an anonymous client gets
``LPSKG_ANONYMOUS_RATE`` of them a minute (the body cap applies as well).  A client
that sends the token is not limited.
"""
from __future__ import annotations

import threading
import time


class RateLimit:
    """At most ``per_minute`` requests a minute per client, with bursts up to that number."""

    def __init__(self, per_minute: int, clock=time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}   # client -> (tokens, when)
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Take one request for ``client``: 0 if allowed, else the seconds until one would be."""
        now = self._clock()
        with self._lock:
            tokens, when = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - when) * self.per_minute / 60)
            if tokens >= 1:
                self._buckets[client] = (tokens - 1, now)
                if len(self._buckets) > 10_000:   # forget the quietest clients, not the memory
                    self._buckets = dict(sorted(self._buckets.items(), key=lambda kv: kv[1][1])[-5_000:])
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1 - tokens) * 60 / self.per_minute
