"""Writes from the command line while ``lpskg serve`` holds the store: sent through its HTTP API.

The server is the one writer of the embedded store; the command line finds it
from the record it leaves beside the store (:mod:`lpskg.serving`) and sends the
same file the same way any HTTP client would, with ``LPSKG_TOKEN``.  The
server's answer (links, diagnosis, errors with fields and lines) is printed as
the command would print its own.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from ..contributions import SourceFile

_MEDIA = {"yaml": "application/yaml", "turtle": "text/turtle", "json-ld": "application/ld+json",
          "bibtex": "application/x-bibtex", "csl-json": "application/json", "qdpx": "application/zip"}


class ServerRefused(RuntimeError):
    """The server answered with an error; ``status`` and ``body`` say which."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body.get("error", f"HTTP {status}"))
        self.status, self.body = status, body


def send(url: str, method: str, path: str, token: str | None, source: SourceFile | None = None,
         params: dict[str, str] | None = None, submitter: str | None = None, timeout: float = 60) -> dict[str, Any]:
    """One request to the running server; its JSON answer, or ServerRefused with the server's error."""
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    request = urllib.request.Request(f"{url}{path}{query}", method=method,
                                     data=source.data if source is not None else None)
    if source is not None:
        request.add_header("Content-Type", _MEDIA[source.format])
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if submitter:
        request.add_header("X-LPSKG-Submitter", submitter)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        try:
            body = json.loads(error.read().decode("utf-8"))
        except ValueError:
            body = {"error": f"HTTP {error.code} {error.reason}"}
        raise ServerRefused(error.code, body) from None
    except (urllib.error.URLError, OSError) as error:
        raise ServerRefused(0, {"error": f"the server at {url} does not answer ({error})"}) from None
