"""`lpskg export` / `lpskg import`: the whole store round-trips quad for quad, blank nodes included,
and a bad file leaves the store exactly as it was."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from lpskg.namespaces import graph_iri
from lpskg.store import BlankNodeScope, EmbeddedStore

from support.cli import lpskg
from support.stores import copied_store

CASE_GRAPH = graph_iri("case", "transfer-test")
PUBLICATION_GRAPH = graph_iri("publication", "transfer-test")


def quads(path: Path) -> set[ox.Quad]:
    store = EmbeddedStore(path, read_only=True)
    try:
        return set(store.quads())
    finally:
        store.close()


def run(store: Path | str, *args: str) -> tuple[int, str, str]:
    result = lpskg(store, *args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def source(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle plus a case graph whose blank nodes are shared with a second graph."""
    path = copied_store(bundle_store_template, tmp_path_factory, "transfer")
    store = EmbeddedStore(path)
    store.update(f"""INSERT DATA {{
      GRAPH <{CASE_GRAPH}> {{ case:transfer-test lpskg:hasObservation _:obs .
                              _:obs rdfs:label "a blank observation"@en ; lpskg:weight 3 . }}
      GRAPH <{PUBLICATION_GRAPH}> {{ _:obs rdfs:comment "the same node, seen from another graph" . }}
    }}""")
    store.close()
    return path


@pytest.mark.parametrize("suffix", ["nq", "trig"])
def test_export_then_import_gives_back_every_quad(source: Path, tmp_path: Path, suffix: str) -> None:
    dump = tmp_path / f"store.{suffix}"
    code, out, err = run(str(source), "export", str(dump))
    assert code == 0, err
    original = quads(source)
    assert out.startswith(f"exported {len(original)} quads")

    code, out, err = run(str(tmp_path / "copy"), "import", str(dump))
    assert code == 0, err
    copy = quads(tmp_path / "copy")
    assert copy == original
    shared = [q for q in copy if isinstance(q.subject, ox.BlankNode)
              and q.graph_name == ox.NamedNode(PUBLICATION_GRAPH)]
    assert len(shared) == 1
    assert ox.Quad(shared[0].subject, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                   ox.Literal("a blank observation", language="en"), ox.NamedNode(CASE_GRAPH)) in copy


def test_importing_an_export_twice_adds_nothing(source: Path, tmp_path: Path) -> None:
    dump = tmp_path / "store.nq"
    assert run(str(source), "export", str(dump))[0] == 0
    target = tmp_path / "copy"
    assert run(str(target), "import", str(dump))[0] == 0
    assert run(str(target), "import", str(dump))[0] == 0
    assert quads(target) == quads(source)


def test_every_label_oxigraph_mints_is_kept_and_short_labels_are_renamed() -> None:
    """Oxigraph writes its ids without leading zeros: 6 % of its labels have 31 hex digits or fewer.
    Taking only 32-digit labels as minted split or duplicated those nodes on re-import."""
    scope = BlankNodeScope()
    minted = [ox.BlankNode() for _ in range(20_000)]
    assert any(len(node.value) < 32 for node in minted)
    assert all(scope.node(node) is node for node in minted)
    for label in ("b0", "b12", "abc", "genid1"):
        renamed = scope.node(ox.BlankNode(label))
        assert renamed.value != label and scope.node(ox.BlankNode(label)) == renamed


def test_hand_written_blank_node_labels_stay_local_to_their_file(tmp_path: Path) -> None:
    target = tmp_path / "store"
    for name in ("one", "two"):
        (tmp_path / f"{name}.nq").write_text(
            f'_:b0 <http://example.org/from> "{name}" <http://example.org/g> .\n', encoding="utf-8")
        assert run(str(target), "import", str(tmp_path / f"{name}.nq"))[0] == 0
    subjects = {q.subject for q in quads(target)}
    assert len(subjects) == 2
    assert all(isinstance(s, ox.BlankNode) and s.value != "b0" for s in subjects)


def test_a_syntax_error_half_way_leaves_the_store_untouched(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy"
    dump = tmp_path / "store.nq"
    assert run(str(source), "export", str(dump))[0] == 0
    assert run(str(target), "import", str(dump))[0] == 0
    before = quads(target)
    broken = tmp_path / "broken.nq"
    good = "".join(f'<http://example.org/s{i}> <http://example.org/p> "{i}" <http://example.org/g> .\n'
                   for i in range(5000))
    broken.write_text(good + '<http://example.org/s> <http://example.org/p> "unterminated .\n', encoding="utf-8")

    code, _, err = run(str(target), "import", str(broken))
    assert code == 1
    assert "line 5001" in err and "Traceback" not in err
    assert quads(target) == before


def test_triples_need_a_target_graph(tmp_path: Path) -> None:
    turtle = tmp_path / "extra.ttl"
    turtle.write_text('@prefix ex: <http://example.org/> . ex:a ex:b "c" .\n', encoding="utf-8")
    target = tmp_path / "store"
    code, _, err = run(str(target), "import", str(turtle))
    assert code == 1 and "--graph" in err
    code, _, err = run(str(target), "import", str(turtle), "--graph", "not an iri")
    assert code == 1 and "not an IRI" in err
    code, out, err = run(str(target), "import", str(turtle), "--graph", "http://example.org/extra")
    assert code == 0, err
    assert {q.graph_name for q in quads(target)} == {ox.NamedNode("http://example.org/extra")}


@pytest.mark.parametrize("args, message", [
    (["import", "missing.nq"], "no such file"),
    (["import", "notes.yaml"], "cannot tell the RDF format"),
    (["import", "notes.yaml", "--format", "yml"], "unknown format 'yml'"),
    (["export", "no-such-dir/out.nq"], "cannot write"),
])
def test_bad_transfer_arguments_get_one_readable_line(source: Path, tmp_path: Path, monkeypatch,
                                                      args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.yaml").write_text("hello", encoding="utf-8")
    store = source if args[0] == "export" else tmp_path / "store"
    code, _, err = run(str(store), *args)
    assert code == 1
    assert message in err and err.count("\n") == 1
    assert not list(tmp_path.glob("no-such-dir*")) and not list(tmp_path.glob(".*.partial"))


def test_export_reads_while_a_writer_holds_the_store(source: Path, tmp_path: Path) -> None:
    writer = EmbeddedStore(source)
    try:
        code, _, err = run(str(source), "export", str(tmp_path / "live.trig"))
    finally:
        writer.close()
    assert code == 0, err
    assert (tmp_path / "live.trig").stat().st_size > 0
