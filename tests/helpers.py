"""What many test modules need, in one place: running the CLI, copies of the bundle store, servers.

* :func:`lpskg` runs the ``lpskg`` console entry point in this process
  (through ``main``, so errors are the one-line messages a user sees) and
  :func:`lpskg_process` in a process of its own (for a command that must not
  share this process's store lock, or that is to be killed);
* :func:`copied_store` and :func:`private_server` give a test its own copy of
  the bundle store, and a real ``lpskg serve`` over it;
* :func:`oxigraph_process` starts a real ``oxigraph serve`` for the remote-store tests;
* :func:`assert_clean_answer` and :func:`assert_clean_exit` state what every
  error must look like (a 4xx with a message, an exit code with one line).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from rdflib import Literal

from lpskg.cli import main
from lpskg.knowledge.library import load_named_query
from lpskg.store import EmbeddedStore, RemoteStore, Store
from lpskg.tables import shorten

from server_process import TEST_ENV, ServerProcess, free_port

LPSKG = [sys.executable, "-m", "lpskg"]
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
#: OpenLink Virtuoso's server and SQL client, from Debian's virtuoso-opensource-7-bin (`make system-deps`).
VIRTUOSO, VIRTUOSO_ISQL = shutil.which("virtuoso-t"), shutil.which("isql-vt")

__all__ = ["LPSKG", "CliResult", "ask", "assert_clean_answer", "assert_clean_exit", "assert_same_graphs",
           "canonical_quads", "copied_store", "free_port", "loaded_service", "lpskg", "lpskg_process", "named_rows", "oxigraph_process",
           "private_server", "project", "remote_server", "remote_store", "store_quads", "Virtuoso", "virtuoso_process",
           "write"]


@dataclass(frozen=True)
class CliResult:
    """What a run of the command line gave: exit code, standard output and standard error."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Both streams, as a person at a terminal sees them."""
        return self.stdout + self.stderr


def lpskg(store: str | Path | None, *args: str, env: dict[str, str] | None = None,
          stdin: str | None = None) -> CliResult:
    """Run ``lpskg [--store STORE] ARGS`` in this process, as the console entry point does."""
    argv = ["lpskg", *(["--store", str(store)] if store is not None else []), *args]
    runner = CliRunner()
    with runner.isolation(input=stdin, env=env) as (out, err, _), mock.patch.object(sys, "argv", argv):
        try:
            main()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        return CliResult(code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace"))


def lpskg_process(store: str | Path | None, *args: str, wait: bool = True,
                  env: dict[str, str] | None = None, timeout: float = 300, **popen) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    """Run ``lpskg ARGS`` in a process of its own (``LPSKG_STORE`` set to ``store``); with ``wait=False``
    the running process, for a test that kills it."""
    environment = {**os.environ, **(env or {}), **({"LPSKG_STORE": str(store)} if store is not None else {})}
    if wait:
        return subprocess.run([*LPSKG, *args], capture_output=True, text=True, env=environment, timeout=timeout)
    return subprocess.Popen([*LPSKG, *args], env=environment, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **popen)


def copied_store(template: Path, factory: pytest.TempPathFactory, name: str) -> Path:
    """A private copy of the bundle store in a new temporary directory ``name``."""
    target = factory.mktemp(name) / "store"
    shutil.copytree(template, target)
    return target


def private_server(template: Path, factory: pytest.TempPathFactory, name: str,
                   env: dict[str, str] | None = None) -> Iterator[ServerProcess]:
    """An endpoint of its own over a copy of the bundle (the test settings, plus ``env``), for a module
    whose requests carry the token and may change the store."""
    with ServerProcess(copied_store(template, factory, name).parent, env={**TEST_ENV, **(env or {})}) as process:
        yield process


def store_quads(store_path: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """The store's quads as sorted N-Quads lines, without those of the graphs in ``skip``; read through
    a read-only view, so that it works beside a process that holds the store."""
    view = ox.Store.read_only(str(store_path))
    lines = view.dump(format=ox.RdfFormat.N_QUADS).decode().splitlines()
    return sorted(line for line in lines if not any(line.endswith(f"<{g}> .") for g in skip))


def canonical_quads(quads: Iterable[ox.Quad] | list[str]) -> Counter[str]:
    """Quads (or N-Quads lines) with each blank node named by a hash of what hangs below it, so that two
    copies compare equal whatever labels their stores gave the blank nodes.

    The bundle's blank nodes are the ontology's class expressions: trees (RDF lists included), for which
    the hash is a canonical name.  (rdflib's isomorphism test takes minutes on them: many are alike.)
    """
    if isinstance(quads, list) and quads and isinstance(quads[0], str):
        quads = list(ox.parse("\n".join(quads), format=ox.RdfFormat.N_QUADS))
    quads = list(quads)
    below: dict[ox.BlankNode, list[tuple[str, object]]] = {}
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode):
            below.setdefault(quad.subject, []).append((str(quad.predicate), quad.object))
    names: dict[ox.BlankNode, str] = {}

    def name(node: object) -> str:
        if not isinstance(node, ox.BlankNode):
            return str(node)
        if node not in names:
            names[node] = "_:" + hashlib.sha256(
                "|".join(sorted(f"{p} {name(o)}" for p, o in below.get(node, []))).encode()).hexdigest()
        return names[node]
    return Counter(f"{name(q.subject)} {q.predicate} {name(q.object)} {q.graph_name}" for q in quads)


def ask(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    """Rows of a named query, each term shortened (``paradox:learning``) for readable expectations."""
    text, bindings = load_named_query(name).prepare(params)
    return [{k: shorten(v) for k, v in row.items()} for row in store.select(text, bindings)]


def project(rows: list[dict[str, str]], *columns: str) -> list[tuple[str | None, ...]]:
    """The given columns of each row, None where a row has no value."""
    return [tuple(row.get(c) for c in columns) for row in rows]


def named_rows(store: Store | Path, name: str, **params: str) -> list[dict[str, str]]:
    """The rows of the named query ``name`` with ``params``, as strings; ``store`` is a store or a
    store directory (opened read-only, so that it works beside a process that holds it)."""
    text, bindings = load_named_query(name).prepare(params)
    opened = EmbeddedStore(store, read_only=True) if isinstance(store, (str, Path)) else store
    try:
        return [{k: str(v) for k, v in row.items()} for row in opened.select(text, bindings)]
    finally:
        if opened is not store:
            opened.close()


def write(directory: Path, text: str, name: str = "case.yaml") -> Path:
    """``text`` written to ``directory/name``; the path."""
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_clean_answer(response: requests.Response) -> None:
    """Not a server error, no traceback, and a client error that says what is wrong."""
    assert response.status_code < 500, (response.status_code, response.text[:500])
    assert "Traceback" not in response.text
    if response.status_code >= 400:
        if response.headers.get("Content-Type", "").startswith("application/json"):
            body = json.loads(response.text)
            assert body.get("detail") or body.get("error"), response.text
        else:
            assert len(response.text.strip()) > 10, response.text


def assert_same_graphs(store: Store, expected: Store) -> None:
    """``store`` holds the graphs of ``expected``, each with as many triples, and no other."""
    assert store.graph_names() == expected.graph_names()
    for name in expected.graph_names():
        assert store.triple_count(name) == expected.triple_count(name), name
    assert store.triple_count() == expected.triple_count()


def assert_clean_exit(code: int, err: str) -> None:
    """Exit 0, or 1/2 with one readable ``lpskg: error:`` line; never a traceback."""
    assert "Traceback" not in err, err
    assert code in (0, 1, 2), (code, err)
    if code:
        assert err.startswith("lpskg: error: ") and len(err.strip()) > len("lpskg: error: "), err


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start within {seconds} s")


@contextmanager
def oxigraph_process(location: Path, *options: str) -> Iterator[str]:
    """Base URL of a fresh `oxigraph serve` over ``location`` on a free loopback port, stopped after."""
    assert OXIGRAPH, "the oxigraph server binary (PyPI package oxigraph) is not installed"
    port = free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                *options], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/", process)
        yield base
    finally:
        _stop(process, 10)


def _stop(process: subprocess.Popen, seconds: float) -> None:
    """SIGTERM, and SIGKILL after ``seconds``: a server the test started is gone when the test ends."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def loaded_service(location: str) -> str:
    """``location`` (``sparql:...``) after `lpskg load` put the bundle on its service."""
    loaded = lpskg_process(location, "load")
    assert loaded.returncode == 0, loaded.stderr
    return location


def remote_store(location: str) -> Iterator[RemoteStore]:
    """A RemoteStore over ``location``, closed after (for a module fixture)."""
    store = RemoteStore.from_location(location)
    yield store
    store.close()


def remote_server(location: str, factory: pytest.TempPathFactory, name: str) -> Iterator[str]:
    """Base URL of `lpskg serve` over the service ``location``, with the test limits (for a module fixture)."""
    with ServerProcess(factory.mktemp(name), env=TEST_ENV, store=location) as process:
        yield process.base_url


_VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {timeout}
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its anonymous SPARQL URL, its SQL port, and a user ``lpskg`` (password
    ``lpskg-test``) with the SPARQL_UPDATE role, who writes through ``/sparql-auth`` (HTTP Digest)."""

    sparql_url: str
    sql_port: int

    @property
    def location(self) -> str:
        """LPSKG_STORE as docs/remote-engines.md advises: reads anonymous, writes by the lpskg user."""
        auth_url = self.sparql_url.replace("://", "://lpskg:lpskg-test@").replace("/sparql", "/sparql-auth")
        return f"sparql:{self.sparql_url}|{auth_url}|union=native|auth=digest"

    def sql(self, statement: str) -> None:
        """Run SQL as Virtuoso's administrator (isql-vt over the SQL port)."""
        done = subprocess.run([VIRTUOSO_ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "Error" not in done.stdout, done.stdout + done.stderr


@contextmanager
def virtuoso_process(directory: Path, timeout_s: int = 60) -> Iterator[Virtuoso]:
    """A fresh OpenLink Virtuoso over a throwaway database in ``directory``, on free loopback ports, stopped
    after; skips the test when Debian's virtuoso-opensource-7-bin is missing.  ``MaxQueryExecutionTime``
    bounds a query; the ``lpskg`` user may update, the anonymous ``SPARQL`` user may not (yet)."""
    if not (VIRTUOSO and VIRTUOSO_ISQL):
        pytest.skip("OpenLink Virtuoso is not installed: `make system-deps` installs Debian's "
                    "virtuoso-opensource-7-bin (virtuoso-t, isql-vt)")
    sql_port, http_port = free_port(), free_port()
    (directory / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(
        d=directory, sql_port=sql_port, http_port=http_port, timeout=timeout_s))
    process = subprocess.Popen([VIRTUOSO, "+configfile", str(directory / "virtuoso.ini"), "+foreground"],
                               cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    service = Virtuoso(f"http://127.0.0.1:{http_port}/sparql", sql_port)
    try:
        _wait_until_up(service.sparql_url + "?query=ASK%7B%7D", process, seconds=90)
        service.sql("DB.DBA.USER_CREATE ('lpskg', 'lpskg-test'); GRANT SPARQL_UPDATE TO \"lpskg\";")
        yield service
    finally:
        _stop(process, 30)


def minimal_case(case_id: str, illustrates: str) -> str:
    """A valid case file (YAML) with one observation that illustrates the concept labelled ``illustrates``."""
    return f"""id: {case_id}
label: {case_id} case (test)
description: A case written by a test.
organisation: {case_id} AS
study: {{citation: "Test, A. (2025), A test case.", authors: ["Test, Anna"], year: 2025}}
evidence:
  - kind: observation
    text: Something the test observed.
    illustrates: ["{illustrates}"]
    passage: {{locator: Section 1}}
"""


def assert_writes_refresh_the_concept_index(base_url: str, token: str) -> None:
    """A Graph Store PUT and a SPARQL Update into an existing graph both reach the concept index that
    case intake links labels with: a case naming what they added links to it at once."""
    auth = {"Authorization": f"Bearer {token}"}
    graph = "https://w3id.org/lpskg/graph/case/index-refresh"
    tension = "https://w3id.org/lpskg/resource/tension/index-refresh"

    def linked(label: str) -> list[str]:
        answer = requests.post(base_url + "/api/cases", params={"dry_run": "true"}, timeout=60,
                               data=minimal_case("index-refresh-probe", label).encode(),
                               headers={**auth, "Content-Type": "application/yaml"})
        assert answer.status_code in (200, 422), answer.text
        return [link["iri"] for link in answer.json().get("links", [])]

    assert tension not in linked("kanban by sensors vs. kanban by cards")
    put = requests.put(base_url + "/rdf-graphs/service", params={"graph": graph}, timeout=60,
                       headers={**auth, "Content-Type": "text/turtle"},
                       data=f'<{tension}> a <https://w3id.org/lpskg/ontology#Tension> ; '
                            f'<http://www.w3.org/2000/01/rdf-schema#label> "kanban by sensors vs. kanban by cards"@en .')
    assert put.status_code in (201, 204), put.text
    assert tension in linked("kanban by sensors vs. kanban by cards")
    update = requests.post(base_url + "/update", timeout=60, headers=auth, data={"update": (
        f'INSERT DATA {{ GRAPH <{graph}> {{ <{tension}> <http://www.w3.org/2004/02/skos/core#altLabel> '
        '"sensor kanban"@en } }')})
    assert update.status_code == 204, update.text
    assert tension in linked("sensor kanban")
    assert requests.delete(base_url + "/rdf-graphs/service", params={"graph": graph}, headers=auth,
                           timeout=60).status_code == 204


_GROUP_CONCAT = re.compile(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*\"([^\"]*)\"\s*\)\s*AS\s*\?(\w+)",
                           re.IGNORECASE)


def concatenation_separators(query: str) -> dict[str, str]:
    """The variables a query's GROUP_CONCATs bind, with their separators: SPARQL 1.1 Query 18.5.1.7 leaves
    the order of the parts to the engine, so comparisons across engines sort them."""
    return {name: separator for separator, name in _GROUP_CONCAT.findall(query)}


def sorted_parts(value: str, separator: str) -> str:
    """A GROUP_CONCAT value with its parts in sorted order."""
    return separator.join(sorted(value.split(separator)))


def unordered_concatenations(query: str, rows) -> list[list[tuple[str, str]]]:
    """Rows as sorted (variable, N3) pairs, with each GROUP_CONCAT value's parts sorted: SPARQL 1.1 Query
    18.5.1.7 leaves their order to the engine, and Oxigraph and Virtuoso choose differently; a
    concatenation of no values counts as absent (Virtuoso answers "", Oxigraph leaves it unbound)."""
    separators = concatenation_separators(query)
    result = []
    for row in rows:
        pairs = []
        for name, value in row.items():
            if name in separators:
                if not str(value):  # no values: "" as 18.5.1.7 defines (Virtuoso), unbound in Oxigraph
                    continue
                value = Literal(sorted_parts(str(value), separators[name]))
            pairs.append((name, value.n3()))
        result.append(sorted(pairs))
    return sorted(result)
