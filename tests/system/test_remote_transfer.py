"""`lpskg export` / `lpskg import` on a remote SPARQL service: a real `oxigraph serve` on 127.0.0.1.

The export of the service must hold what the export of the embedded store
loaded from the same bundle holds; an import must be one update request (all
or nothing) unless ``--bulk``; blank nodes come back as many, with the same
links, under the service's labels.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from lpskg.store import EmbeddedStore, RemoteStore, export_store, import_file, remote

from support.cli import lpskg_process as lpskg
from support.engines import oxigraph_process
from support.servers import free_port
from support.stores import canonical_quads

EX = "http://example.org/"


def service_location(base: str) -> str:
    return f"sparql:{base}/query|{base}/update"


@pytest.fixture(scope="module")
def loaded_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The location of an `oxigraph serve` holding the bundle, put there by `lpskg load`."""
    with oxigraph_process(tmp_path_factory.mktemp("oxigraph-transfer")) as base:
        loaded = lpskg(service_location(base), "load")
        assert loaded.returncode == 0, loaded.stderr
        yield service_location(base)


@pytest.fixture
def empty_service(tmp_path: Path) -> Iterator[str]:
    """The location of a fresh, empty `oxigraph serve`, for one test."""
    with oxigraph_process(tmp_path / "oxigraph") as base:
        yield service_location(base)


@pytest.fixture(scope="module")
def remote_export(loaded_service: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(file, stdout) of `lpskg export` from the loaded service."""
    dump = tmp_path_factory.mktemp("remote-export") / "remote.nq"
    result = lpskg(loaded_service, "export", str(dump))
    assert result.returncode == 0, result.stderr
    return dump, result.stdout


def has_blank_node(quad: ox.Quad) -> bool:
    return any(isinstance(term, ox.BlankNode) for term in (quad.subject, quad.object, quad.graph_name))


def split(quads: list[ox.Quad]) -> tuple[set[str], list[ox.Quad]]:
    """(N-Quads lines of the quads without blank nodes, the quads with blank nodes)."""
    return {str(q) for q in quads if not has_blank_node(q)}, [q for q in quads if has_blank_node(q)]


def isomorphic(left: list[ox.Quad], right: list[ox.Quad]) -> bool:
    """True if both hold the same quads up to blank node labels."""
    return canonical_quads(left) == canonical_quads(right)


def file_quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def service_quads(location: str) -> list[ox.Quad]:
    store = RemoteStore.from_location(location)
    try:
        return list(store.quads())
    finally:
        store.close()


def test_export_from_a_service_holds_what_the_embedded_export_holds(remote_export, bundle_store, tmp_path):
    dump, stdout = remote_export
    embedded = tmp_path / "embedded.nq"
    report = export_store(bundle_store, embedded)

    remote_plain, remote_blank = split(file_quads(dump))
    embedded_plain, embedded_blank = split(file_quads(embedded))
    assert remote_plain == embedded_plain
    assert len(remote_plain) + len(remote_blank) == bundle_store.triple_count() == report.quads > 4000
    assert remote_blank and len(remote_blank) == len(embedded_blank)
    assert isomorphic(file_quads(dump), file_quads(embedded))
    assert stdout == f"exported {report.quads} quads in {len(report.quads_per_graph)} graphs to {dump}\n"
    assert {q.graph_name for q in file_quads(dump)} == {ox.NamedNode(g) for g in bundle_store.graph_names()}


def test_importing_a_services_export_into_an_empty_service_gives_the_same_triples(remote_export, empty_service,
                                                                                  bundle_store):
    dump, _ = remote_export
    result = lpskg(empty_service, "import", str(dump))
    assert result.returncode == 0, result.stderr
    graphs = bundle_store.graph_names()
    assert result.stdout == f"imported {bundle_store.triple_count()} quads in {len(graphs)} graphs from {dump}\n"
    copy = RemoteStore.from_location(empty_service)
    try:
        assert copy.triple_count() == bundle_store.triple_count()
        assert copy.graph_names() == graphs
        assert split(list(copy.quads()))[0] == split(file_quads(dump))[0]
        assert isomorphic(list(copy.quads()), file_quads(dump))
    finally:
        copy.close()


def test_a_syntax_error_half_way_imports_nothing(loaded_service, remote_export, tmp_path):
    dump, _ = remote_export
    lines = dump.read_text(encoding="utf-8").splitlines(keepends=True)
    moved = [line.replace("https://w3id.org/lpskg/graph/", f"{EX}moved/") for line in lines]
    middle = len(moved) // 2
    broken = tmp_path / "broken.nq"
    broken.write_text("".join(moved[:middle]) + '<http://example.org/s> <http://example.org/p> "open .\n'
                      + "".join(moved[middle:]), encoding="utf-8")
    remote = RemoteStore.from_location(loaded_service)
    try:
        before = remote.triple_count()
        result = lpskg(loaded_service, "import", str(broken))
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert str(broken) in result.stderr and f"line {middle + 1}" in result.stderr
        assert remote.triple_count() == before
        assert not [g for g in remote.graph_names() if g.startswith(f"{EX}moved/")]
    finally:
        remote.close()


def test_bulk_import_into_a_service_reports_and_stores_every_quad(remote_export, empty_service, bundle_store):
    dump, _ = remote_export
    result = lpskg(empty_service, "import", "--bulk", str(dump))
    assert result.returncode == 0, result.stderr
    quads = bundle_store.triple_count()
    assert result.stdout.startswith(f"imported {quads} quads in {len(bundle_store.graph_names())} graphs")
    assert f"sending quads 1 to {quads:,}" in result.stderr
    assert len(service_quads(empty_service)) == quads


def test_bulk_import_sends_one_request_per_batch(remote_export, empty_service, monkeypatch):
    dump, _ = remote_export
    monkeypatch.setattr(remote, "SERVICE_BATCH", 1000)
    store = RemoteStore.from_location(empty_service)
    messages: list[str] = []
    try:
        report = import_file(store, dump, bulk=True, progress=messages.append)
        assert report.quads == len(file_quads(dump)) == store.triple_count()
    finally:
        store.close()
    batches = -(-report.quads // 1000)
    assert len(messages) == batches
    assert messages[1].startswith("sending quads 1,001 to 2,000 to the SPARQL service at http://127.0.0.1:")


def test_blank_nodes_default_graph_and_awkward_literals_survive_a_service(empty_service, tmp_path):
    """Blank nodes keep their links (one node shared by two graphs stays one) under new labels;
    literals that need escaping come back equal; the default graph is exported too."""
    text = "\n".join([
        f'<{EX}s> <{EX}p> "quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007 é 😀"@fr <{EX}g1> .',
        f'_:b0 <{EX}p> _:b1 <{EX}g1> .',
        f'_:b0 <{EX}q> "1.5e0"^^<http://www.w3.org/2001/XMLSchema#double> <{EX}g2> .',
        f'_:0123456789abcdef0123456789abcdef <{EX}p> "minted" <{EX}g2> .',
        f'<{EX}s> <{EX}p> "three \\"quotes\\" \\"\\"\\" in a row" .',
        f'<{EX}s> <{EX}p> "{{ }} ; GRAPH <x> {{ }} # not SPARQL" <{EX}g2> .',
    ]) + "\n"
    (tmp_path / "awkward.nq").write_text(text, encoding="utf-8")
    result = lpskg(empty_service, "import", str(tmp_path / "awkward.nq"))
    assert result.returncode == 0, result.stderr
    assert "imported 6 quads in 3 graphs" in result.stdout

    exported = tmp_path / "back.nq"
    result = lpskg(empty_service, "export", str(exported))
    assert result.returncode == 0, result.stderr
    original, back = file_quads(tmp_path / "awkward.nq"), file_quads(exported)
    assert split(back)[0] == split(original)[0]
    subject, predicate = ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p")
    assert ox.Quad(subject, predicate, ox.Literal('three "quotes" """ in a row'), ox.DefaultGraph()) in back
    awkward = ox.Literal('quote " backslash \\ newline \n tab \t bell \x07 é 😀', language="fr")
    assert ox.Quad(subject, predicate, awkward, ox.NamedNode(f"{EX}g1")) in back
    blank = split(back)[1]
    assert Counter((q.predicate, q.graph_name) for q in blank) == Counter(
        (q.predicate, q.graph_name) for q in split(original)[1])
    node = next(q.subject for q in blank if q.predicate == ox.NamedNode(f"{EX}q"))
    shared = [q for q in blank if q.subject == node]
    assert {q.graph_name for q in shared} == {ox.NamedNode(f"{EX}g1"), ox.NamedNode(f"{EX}g2")}
    assert len({t for q in blank for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)}) == 3
    assert all(t.value != "b0" for q in blank for t in (q.subject, q.object) if isinstance(t, ox.BlankNode))


def test_turtle_needs_a_graph_and_goes_into_it(empty_service, tmp_path):
    turtle = tmp_path / "extra.ttl"
    turtle.write_text(f'@prefix ex: <{EX}> . ex:a ex:b "c" ; ex:d [ ex:e ex:f ] .\n', encoding="utf-8")
    result = lpskg(empty_service, "import", str(turtle))
    assert result.returncode == 1 and "--graph" in result.stderr
    result = lpskg(empty_service, "import", str(turtle), "--graph", f"{EX}extra")
    assert result.returncode == 0, result.stderr
    assert {q.graph_name for q in service_quads(empty_service)} == {ox.NamedNode(f"{EX}extra")}
    assert len(service_quads(empty_service)) == 3


def test_a_service_that_is_down_or_read_only_is_one_line_naming_the_file(remote_export, tmp_path):
    dump, _ = remote_export
    down = f"sparql:http://127.0.0.1:{free_port()}/query|http://127.0.0.1:{free_port()}/update"
    target = tmp_path / "out.nq"
    result = lpskg(down, "export", str(target))
    assert result.returncode == 1
    assert result.stderr.startswith(f"lpskg: error: cannot export to {target}: cannot reach the SPARQL service")
    assert result.stderr.count("\n") == 1
    assert not list(tmp_path.iterdir())

    read_only = down.split("|")[0]
    result = lpskg(read_only, "import", str(dump))
    assert result.returncode == 1
    progress, error = result.stderr.splitlines()
    assert progress.startswith("… sending quads 1 to ")
    assert error == (f"lpskg: error: {dump}: the SPARQL service at {read_only.removeprefix('sparql:')} "
                     "was configured without an update URL (sparql:QUERY_URL|UPDATE_URL)")


def test_a_services_export_imports_into_the_embedded_store_quad_for_quad(remote_export, tmp_path):
    """The other direction: the service's export imported into the embedded store gives the same quads."""
    dump, _ = remote_export
    result = lpskg(str(tmp_path / "store"), "import", str(dump))
    assert result.returncode == 0, result.stderr
    store = EmbeddedStore(tmp_path / "store", read_only=True)
    try:
        assert {str(q) for q in store.quads()} == {str(q) for q in file_quads(dump)}
    finally:
        store.close()
