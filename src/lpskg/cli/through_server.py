"""Writes from the command line while ``lpskg serve`` holds the store: sent through its HTTP API.

The server is the one writer of the embedded store; the command line finds it
from the record it leaves beside the store (:mod:`lpskg.serving`) and sends the
same file the same way any HTTP client would, with ``LPSKG_TOKEN`` and the
file's name (which the server records as the command would).  The server's
answer (links, diagnosis, errors with fields, lines and the nearest concepts)
is read back into the command's own objects, so that it is printed with the
same words as the command's own checks print it.
"""
from __future__ import annotations

from typing import Any

import requests
from rdflib import URIRef

from ..contributions import FieldError, SourceFile, SubmissionError
from ..contributions.linking import Link

#: The kind of submission error each status of the submission API answers (lpskg.web.errors.SUBMISSION_STATUS).
KINDS = {400: "unreadable", 404: "not-found", 409: "conflict", 413: "too-large", 415: "unsupported-type",
         422: "rejected"}


class ServerRefused(RuntimeError):
    """The server answered with an error; ``status`` and ``body`` say which."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body.get("error", f"HTTP {status}"))
        self.status, self.body = status, body

    def as_submission_error(self) -> SubmissionError:
        """The refusal as the error the command's own checks raise: its message and its field errors, each
        with its line and nearest concepts."""
        errors = [FieldError(e.get("field", ""), e.get("message", ""), e.get("line"), tuple(e.get("candidates") or ()))
                  for e in self.body.get("errors", [])]
        return SubmissionError(KINDS.get(self.status, "rejected"), str(self), errors)


def send(url: str, method: str, path: str, token: str | None, source: SourceFile | None = None,
         params: dict[str, str] | None = None, submitter: str | None = None, timeout: float = 60) -> dict[str, Any]:
    """One request to the running server; its JSON answer, or ServerRefused with the server's error."""
    headers = {"Accept": "application/json"}
    params = dict(params or {})
    if source is not None:
        headers["Content-Type"] = source.format.media_type
        params["filename"] = source.name   # recorded with the submission, as the command records it
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if submitter:
        headers["X-LPSKG-Submitter"] = submitter
    try:
        response = requests.request(method, f"{url}{path}", params=params, headers=headers,
                                    data=source.data if source is not None else None, timeout=timeout)
    except requests.RequestException as error:
        raise ServerRefused(0, {"error": f"the server at {url} does not answer ({error})"}) from None
    try:
        body = response.json()
    except ValueError:
        body = {"error": f"HTTP {response.status_code} {response.reason}"}
    if not response.ok:
        raise ServerRefused(response.status_code, body)
    return body


def links(answer: dict[str, Any]) -> list[Link]:
    """The links of a server's answer, as the command's own linking made them."""
    return [Link(link["field"], link["label"], URIRef(link["iri"]), link["match"], link["score"], link["concept"],
                 link["kind"]) for link in answer.get("links", [])]


def unmapped(answer: dict[str, Any]) -> list[FieldError]:
    """What the server left out of a coded project, as the command's own errors."""
    return [FieldError(e.get("field", ""), e.get("message", ""), e.get("line"), tuple(e.get("candidates") or ()))
            for e in answer.get("unmapped", [])]
