"""Request counts, latencies and errors by route, in the Prometheus text format.

Routes are counted by their URL rule (``/resource/<path:name>``), not by the
raw path, so that the number of series stays bounded whatever clients ask.
"""
from __future__ import annotations

import threading
import time
from collections import defaultdict

#: Upper bounds of the latency histogram, in seconds.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


def _labels(**labels: str) -> str:
    inner = ",".join(f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
                     for k, v in labels.items())
    return "{" + inner + "}"


class Metrics:
    """Thread-safe counters of the HTTP layer and the query workers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.started = time.time()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.errors: dict[tuple[str, int], int] = defaultdict(int)
        self.latency_buckets: dict[str, list[int]] = defaultdict(lambda: [0] * len(BUCKETS))
        self.latency_sum: dict[str, float] = defaultdict(float)
        self.latency_count: dict[str, int] = defaultdict(int)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one finished request."""
        with self._lock:
            self.requests[(route, method, status)] += 1
            if status >= 400:
                self.errors[(route, status)] += 1
            buckets = self.latency_buckets[route]
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    buckets[index] += 1
            self.latency_sum[route] += seconds
            self.latency_count[route] += 1

    def render(self, extra: dict[str, tuple[str, str, float]]) -> str:
        """The exposition text; ``extra`` adds name -> (type, help, value) series (store, workers)."""
        lines = ["# HELP lpskg_http_requests_total HTTP requests answered, by route, method and status.",
                 "# TYPE lpskg_http_requests_total counter"]
        with self._lock:
            for (route, method, status), n in sorted(self.requests.items()):
                lines.append(f"lpskg_http_requests_total{_labels(route=route, method=method, status=str(status))} {n}")
            lines += ["# HELP lpskg_http_errors_total HTTP answers with a 4xx or 5xx status, by route and status.",
                      "# TYPE lpskg_http_errors_total counter"]
            for (route, status), n in sorted(self.errors.items()):
                lines.append(f"lpskg_http_errors_total{_labels(route=route, status=str(status))} {n}")
            lines += ["# HELP lpskg_http_request_duration_seconds Time to answer a request, by route.",
                      "# TYPE lpskg_http_request_duration_seconds histogram"]
            for route in sorted(self.latency_count):
                for bound, n in zip(BUCKETS, self.latency_buckets[route]):
                    lines.append(f"lpskg_http_request_duration_seconds_bucket"
                                 f"{_labels(route=route, le=f'{bound:g}')} {n}")
                lines.append(f"lpskg_http_request_duration_seconds_bucket{_labels(route=route, le='+Inf')} "
                             f"{self.latency_count[route]}")
                lines.append(f"lpskg_http_request_duration_seconds_sum{_labels(route=route)} "
                             f"{self.latency_sum[route]:.6f}")
                lines.append(f"lpskg_http_request_duration_seconds_count{_labels(route=route)} "
                             f"{self.latency_count[route]}")
        for name, (kind, help_text, value) in extra.items():
            lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", f"{name} {value:g}"]
        return "\n".join(lines) + "\n"
