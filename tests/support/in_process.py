"""The endpoint answering HTTP in this process, for the unit lane: no server process, no port.

Flask apps are tested with their in-process test client; lpskg's HTTP tests
speak ``requests`` (as the endpoint's users do). So :class:`InProcessEndpoint`
serves the app built by ``create_app`` at an origin of its own (``http://lpskg-N.test``,
a name no resolver knows), with the settings of :data:`~.servers.TEST_ENV` (token, 1000 rows,
256 KiB bodies) and queries evaluated in the request thread; while it is open every
``requests`` call to that origin -- ``requests.get``, a
``requests.Session`` -- is handed to the app through Werkzeug's WSGI test
machinery instead of a socket. Everything else goes out as usual.

What only a real server shows (granian's handling of chunked bodies and slow
clients, query workers killed on a timeout, a crash, a restart) is tested in
``tests/system`` against ``lpskg serve``.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from werkzeug.test import EnvironBuilder, run_wsgi_app

from lpskg.config import Settings
from lpskg.store import EmbeddedStore
from lpskg.web.app import create_app

from .servers import TEST_ENV
from .stores import copied_store


class WSGIAdapter(BaseAdapter):
    """A ``requests`` transport that answers from a WSGI app instead of the network."""

    def __init__(self, app) -> None:
        super().__init__()
        self.app = app

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout=None, verify=True, cert=None,
             proxies=None) -> requests.Response:
        url = urlsplit(request.url)
        body = request.body.read() if hasattr(request.body, "read") else request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("content-length", "content-type")}
        builder = EnvironBuilder(path=url.path, query_string=url.query, method=request.method, headers=headers,
                                 data=body or b"", content_type=request.headers.get("Content-Type"),
                                 base_url=f"{url.scheme}://{url.netloc}",
                                 environ_base={"REMOTE_ADDR": "127.0.0.1"})
        try:
            app_iter, status, response_headers = run_wsgi_app(self.app, builder.get_environ(), buffered=True)
            content = b"".join(app_iter)
            if hasattr(app_iter, "close"):
                app_iter.close()
        finally:
            builder.close()
        response = requests.Response()
        response.status_code = int(status.split(" ", 1)[0])
        response.reason = status.split(" ", 1)[1] if " " in status else ""
        response.headers = CaseInsensitiveDict(response_headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response._content = content if request.method != "HEAD" else b""
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        """Nothing to release."""


#: The open endpoints by origin, and the transport ``requests`` had before the first was opened.
_OPEN: dict[str, WSGIAdapter] = {}
_ORIGINAL = requests.Session.get_adapter
_NUMBERS = itertools.count(1)


def _get_adapter(session: requests.Session, url: str) -> BaseAdapter:
    """The app of the open endpoint whose origin ``url`` is at, else the usual transport."""
    parts = urlsplit(url)
    adapter = _OPEN.get(f"{parts.scheme}://{parts.netloc}")
    return adapter if adapter is not None else _ORIGINAL(session, url)


class InProcessEndpoint:
    """The app over the store in ``directory``, answering ``requests`` sent to its ``base_url`` while open.

    Each endpoint has an origin of its own (``http://lpskg-N.test``), so that a test may hold several.
    It has the attributes of :class:`~.servers.ServerProcess` that tests read (``base_url``, ``directory``,
    ``store``), so that a test reads the same either way.
    """

    def __init__(self, directory: Path, env: Mapping[str, str] | None = None) -> None:
        self.directory = Path(directory)
        self.store = str(self.directory / "store")
        self.settings = Settings.from_env({**TEST_ENV, "LPSKG_QUERY_WORKERS": "0", **(env or {}),
                                           "LPSKG_STORE": self.store})
        self.base_url = f"http://lpskg-{next(_NUMBERS)}.test"
        self._opened: EmbeddedStore | None = None

    def __enter__(self) -> "InProcessEndpoint":
        self._opened = EmbeddedStore(self.store)
        self.app = create_app(self.settings, self._opened)
        _OPEN[self.base_url] = WSGIAdapter(self.app)
        requests.Session.get_adapter = _get_adapter  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        _OPEN.pop(self.base_url, None)
        if not _OPEN:
            requests.Session.get_adapter = _ORIGINAL  # type: ignore[method-assign]
        self.app.extensions["lpskg"].runner.close()
        if self._opened is not None:
            self._opened.close()


def private_endpoint(template: Path, factory: pytest.TempPathFactory, name: str,
                     env: Mapping[str, str] | None = None) -> Iterator[InProcessEndpoint]:
    """An in-process endpoint of its own over a copy of the bundle (the test settings, plus ``env``), for a
    module whose requests carry the token and may change the store."""
    with InProcessEndpoint(copied_store(template, factory, name).parent, env=env) as served:
        yield served
