"""Nanopublications out and in: the export read back by libraries lpskg did not write, deterministic, signed
with a key made in a temporary directory; imports stored whole in their own graphs or not at all; hostile input
refused; the HTTP routes in process."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from nanopub_sign import KeyPair
from nanopub_sign import Nanopub as RustNanopub

from lpskg.config import Settings
from lpskg.exchange.nanopub import INDEX, export, import_nanopubs, read_index
from lpskg.knowledge.graphs import Graphs
from lpskg.store import EmbeddedStore
from lpskg.web.app import create_app

from support.cli import lpskg
from support.nanopubs import assert_valid_elsewhere
from support.stores import REPO

SUITE = REPO / "tests" / "fixtures" / "nanopub-testsuite"
TOKEN = "nanopub-test-token"
LINK = "https://w3id.org/lpskg/resource/link/archetype-detached--driven-by-imbalance-of--paradox-learning"


@pytest.fixture(scope="module")
def exported(bundle_store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("np-export")
    export(Graphs(bundle_store), directory)
    return directory


def _counts(store: EmbeddedStore) -> dict[str, int]:
    rows = store.select("SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE { "
                        "{ VALUES ?kind { lpskg:StatedLink lpskg:Interpretation } ?x a ?kind ; lpskg:linkSubject ?s } "
                        "UNION { ?x a lpskg:Claim BIND (lpskg:Claim AS ?kind) } } GROUP BY ?kind")
    return {str(r["kind"]).rsplit("#", 1)[1]: int(r["n"]) for r in rows}


def test_one_nanopublication_per_link_interpretation_and_claim(exported: Path, bundle_store: EmbeddedStore) -> None:
    index = (exported / INDEX).read_text().splitlines()[1:]
    kinds = [line.split("\t")[2].rsplit("#", 1)[1] for line in index]
    assert {kind: kinds.count(kind) for kind in set(kinds)} == _counts(bundle_store)
    assert len(list(exported.glob("RA*.trig"))) == len(index)


def test_exports_are_valid_for_nanopub_py_and_nanopub_sign(exported: Path) -> None:
    """One nanopublication of each kind, read back by two libraries lpskg did not write (every one of them:
    tests/system/test_nanopub_third_party.py)."""
    rows = [line.split("\t") for line in (exported / INDEX).read_text().splitlines()[1:]]
    one_of_each = {kind: code for code, _, kind, _ in reversed(rows)}
    assert assert_valid_elsewhere(exported / f"{code}.trig" for code in one_of_each.values()) == len(one_of_each) >= 3


def test_a_stated_link_carries_its_sentence_verbatim(exported: Path) -> None:
    code = next(line.split("\t")[0] for line in (exported / INDEX).read_text().splitlines() if line.endswith(LINK))
    quads = list(ox.parse(path=str(exported / f"{code}.trig"), format=ox.RdfFormat.TRIG))
    assertion = [q for q in quads if q.graph_name.value.endswith("#assertion")]
    assert [(q.subject.value, q.predicate.value, q.object.value) for q in assertion] == [
        ("https://w3id.org/lpskg/resource/archetype/detached", "https://w3id.org/lpskg/ontology#drivenByImbalanceOf",
         "https://w3id.org/lpskg/resource/paradox/learning")]
    excerpts = {q.object.value for q in quads if q.predicate.value.endswith("#excerpt")}
    paper = (REPO / "tests" / "fixtures").parent.parent / "data" / "passages.ttl"
    assert excerpts and all(excerpt in paper.read_text() for excerpt in excerpts)
    pubinfo = {q.predicate.value: q.object.value for q in quads if q.graph_name.value.endswith("#pubinfo")}
    # no release has published it yet (data/nanopubs.tsv): it comes from the ontology and data as they stand
    assert pubinfo["http://www.w3.org/ns/prov#wasDerivedFrom"] == "https://w3id.org/lpskg/ontology"
    assert pubinfo["http://purl.org/dc/terms/source"] == LINK


def test_interpretations_say_so_with_their_rationale(exported: Path) -> None:
    lines = [line.split("\t") for line in (exported / INDEX).read_text().splitlines()[1:]]
    code = next(c for c, _, kind, _ in lines if kind.endswith("#Interpretation"))
    text = (exported / f"{code}.trig").read_text()
    assert "lpskg:Interpretation" in text and "lpskg:rationale" in text and "lpskg:basedOn" in text


def test_the_same_release_gives_the_same_files_and_a_changed_link_a_new_one(
        exported: Path, writable_store_path: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(writable_store_path)
    graphs = Graphs(store)
    again = tmp_path / "again"
    export(graphs, again)
    assert {p.name: p.read_bytes() for p in again.iterdir()} == {p.name: p.read_bytes() for p in exported.iterdir()}
    graphs.update(f"DELETE {{ GRAPH ?g {{ <{LINK}> <https://w3id.org/lpskg/ontology#statedIn> "
                  "<https://w3id.org/lpskg/resource/passage/001-4.3-empowering-drift> } } WHERE { GRAPH ?g { "
                  f"<{LINK}> <https://w3id.org/lpskg/ontology#statedIn> "
                  "<https://w3id.org/lpskg/resource/passage/001-4.3-empowering-drift> } }")
    changed = tmp_path / "changed"
    export(graphs, changed)
    store.close()
    old, new = read_index(exported / INDEX), read_index(changed / INDEX)
    assert [source for source in old if new.get(source) != old[source]] == [LINK]


def _key_file(tmp_path: Path) -> Path:
    path = tmp_path / "id_rsa"
    path.write_text(KeyPair().private)
    return path


def test_signed_export_with_a_key_the_user_gives(bundle_store_template: Path, tmp_path: Path) -> None:
    result = lpskg(bundle_store_template, "nanopub", "export", str(tmp_path / "out"), "--what", "claims",
                   "--sign", str(_key_file(tmp_path)), "--signer", "https://orcid.org/0000-0000-0000-0001")
    assert result.exit_code == 0, result.stderr
    files = sorted((tmp_path / "out").glob("RA*.trig"))
    assert files and "signed" in result.output
    for path in files:
        info = RustNanopub(path.read_text()).check().info()
        assert info["signature"] and info["algo"] == "RSA" and info["trusty_hash"] == path.stem


def test_a_key_that_is_no_key_is_one_line(bundle_store_template: Path, tmp_path: Path) -> None:
    bad = tmp_path / "key"
    bad.write_text("not a key")
    result = lpskg(bundle_store_template, "nanopub", "export", str(tmp_path / "out"), "--sign", str(bad))
    assert result.exit_code == 2 and "holds no RSA private key" in result.stderr and not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- import

JSON = {"Accept": "application/sparql-results+json"}
THIRD_PARTY = """@prefix this: <http://example.org/np/lean-claim/> .
@prefix np: <http://www.nanopub.org/nschema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct: <http://purl.org/dc/terms/> .
this:Head { this: a np:Nanopublication ; np:hasAssertion this:assertion ; np:hasProvenance this:provenance ;
  np:hasPublicationInfo this:pubinfo . }
this:assertion { <https://w3id.org/lpskg/resource/paradox/learning> <http://example.org/isStudiedBy>
  <http://example.org/another-project> . }
this:provenance { this:assertion prov:wasDerivedFrom <http://example.org/another-paper> . }
this:pubinfo { this: dct:creator <https://orcid.org/0000-0000-0000-0002> ; dct:created "2026-12-01"^^<http://www.w3.org/2001/XMLSchema#date> . }
"""


def _graph_sizes(store: EmbeddedStore) -> dict[str, int]:
    return {name: store.triple_count(name) for name in store.graph_names()}


def test_an_import_is_stored_in_its_own_graphs_and_never_merged(writable_store_path: Path) -> None:
    store = EmbeddedStore(writable_store_path)
    graphs = Graphs(store)
    before = _graph_sizes(store)
    (result,) = import_nanopubs(graphs, THIRD_PARTY.encode(), "trig", "claim.trig")
    assert result.status == "stored"
    after = _graph_sizes(store)
    added = {name: size for name, size in after.items() if name not in before}
    assert added == {"http://example.org/np/lean-claim/Head": 4, "http://example.org/np/lean-claim/assertion": 1,
                     "http://example.org/np/lean-claim/provenance": 1, "http://example.org/np/lean-claim/pubinfo": 2}
    assert {name: after[name] for name in before} == before   # the paper's graphs and every other: unchanged
    (again,) = import_nanopubs(graphs, THIRD_PARTY.encode(), "trig", "claim.trig")
    assert again.status == "already stored" and _graph_sizes(store) == after
    changed = THIRD_PARTY.replace("another-project", "a-third-project")
    with pytest.raises(ValueError, match="already has the graph .* with other content"):
        import_nanopubs(graphs, changed.encode(), "trig", "changed.trig")
    store.close()


def _exported_text(exported: Path) -> str:
    return sorted(exported.glob("RA*.trig"))[0].read_text()


HOSTILE = {
    "a huge nanopublication": lambda e: THIRD_PARTY.replace(
        "this:provenance {", "this:provenance { " + " ".join(
            f"this:assertion <http://example.org/p{i}> {i} ." for i in range(1300))),
    "extra graphs": lambda e: THIRD_PARTY + "<http://example.org/np/lean-claim/more> { <http://a> <http://b> <http://c> . }",
    "a default-graph triple": lambda e: THIRD_PARTY + "<http://a> <http://b> <http://c> .",
    "a forged signature": lambda e: (SUITE / "invalid" / "signed" / "simple1-invalid-rsa.trig").read_text(),
    "a hash that does not match": lambda e: _exported_text(e).replace("lpskg contributors", "someone else"),
    "a graph of lpskg's own": lambda e: THIRD_PARTY.replace("this:pubinfo {", "this:pubinfo {").replace(
        "@prefix this: <http://example.org/np/lean-claim/>", "@prefix this: <https://w3id.org/lpskg/graph/paper/>"),
}
REASONS = {"a huge nanopublication": "lpskg takes at most 1200", "extra graphs": "belongs to no nanopublication",
           "a default-graph triple": "the default graph belongs to no nanopublication",
           "a forged signature": "its signature does not verify",
           "a hash that does not match": "its trusty hash does not match its content",
           "a graph of lpskg's own": "in lpskg's own namespace"}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_is_refused_and_nothing_stored(case: str, exported: Path, writable_store_path: Path,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "hostile.trig"
    path.write_text(HOSTILE[case](exported))
    store = EmbeddedStore(writable_store_path)
    before = _graph_sizes(store)
    store.close()
    result = lpskg(writable_store_path, "nanopub", "import", str(path))
    assert result.exit_code == 1
    assert REASONS[case] in result.output, result.output
    store = EmbeddedStore(writable_store_path)
    assert _graph_sizes(store) == before
    store.close()


# --------------------------------------------------------------------------- HTTP, in process

@pytest.fixture
def client(writable_store_path: Path):
    app = create_app(Settings(store=str(writable_store_path), token=TOKEN, query_workers=0))
    yield app.test_client()
    app.extensions["lpskg"].store.close()


def test_index_and_content_negotiation(client, exported: Path) -> None:
    index = client.get("/np/").get_json()
    codes = [line.split("\t")[0] for line in (exported / INDEX).read_text().splitlines()[1:]]
    assert [p["code"] for p in index["published"]] == codes and index["imported"] == []
    code = codes[0]
    trig = client.get(f"/np/{code}", headers={"Accept": "application/trig"})
    assert trig.mimetype == "application/trig" and trig.data == (exported / f"{code}.trig").read_bytes()
    assert RustNanopub(trig.data.decode()).check().info()["trusty_hash"] == code
    nquads = client.get(f"/np/{code}", headers={"Accept": "application/n-quads"})
    jsonld = client.get(f"/np/{code}", headers={"Accept": "application/ld+json"})
    as_quads = {str(q) for q in ox.parse(nquads.data, format=ox.RdfFormat.N_QUADS)}
    assert as_quads == {str(q) for q in ox.parse(jsonld.data, format=ox.RdfFormat.JSON_LD)}
    assert as_quads == {str(q) for q in ox.parse(trig.data, format=ox.RdfFormat.TRIG)}
    assert client.get(f"/np/{code}.nq").mimetype == "application/n-quads"
    assert client.get("/np/RA" + "x" * 43).status_code == 404
    assert client.get("/np/not-a-code").status_code == 400
    assert client.get(f"/np/{code}", headers={"Accept": "image/png"}).status_code == 406


def test_import_over_http_with_the_token(client) -> None:
    headers = {"Content-Type": "application/trig"}
    assert client.post("/np/", data=THIRD_PARTY, headers=headers).status_code == 401
    auth = {**headers, "Authorization": f"Bearer {TOKEN}"}
    bad = client.post("/np/", data=THIRD_PARTY + "<http://a> <http://b> <http://c> .", headers=auth)
    assert bad.status_code == 422 and "default graph" in bad.get_json()["error"]
    assert client.get("/np/").get_json()["imported"] == []
    assert client.post("/np/", data=THIRD_PARTY, headers={**auth, "Content-Type": "text/plain"}).status_code == 415
    dry = client.post("/np/?dry_run=true", data=THIRD_PARTY, headers=auth)
    assert dry.status_code == 200 and dry.get_json()["stored"] == 0
    stored = client.post("/np/", data=THIRD_PARTY, headers=auth)
    assert stored.status_code == 201 and stored.get_json()["stored"] == 1
    assert [row["np"] for row in client.get("/np/").get_json()["imported"]] == ["http://example.org/np/lean-claim/"]
    page = client.get("/resource/paradox/learning", headers={"Accept": "text/html"}).data.decode()
    section = page[page.index("Third-party statements"):]
    assert "http://example.org/another-project" in section and "0000-0000-0000-0002" in section
    assert "http://example.org/another-project" not in page[: page.index("Third-party statements")]
    # what others assert is not in the default graph, where it would read as the paper's; GRAPH finds it
    ask = "ASK { <https://w3id.org/lpskg/resource/paradox/learning> <http://example.org/isStudiedBy> ?x }"
    assert client.get("/sparql", query_string={"query": ask}, headers=JSON).get_json()["boolean"] is False
    in_graph = ask.replace("{ <https", "{ GRAPH ?g { <https").replace("?x }", "?x } }")
    assert client.get("/sparql", query_string={"query": in_graph}, headers=JSON).get_json()["boolean"] is True
    tensions = "ASK { ?t a lpskg:Tension }"   # and the rest of the graph still is
    assert client.get("/sparql", query_string={"query": tensions}, headers=JSON).get_json()["boolean"] is True


def test_a_submitted_case_gives_its_evidence_and_diagnosis_the_same_each_time(case_store: EmbeddedStore,
                                                                              tmp_path: Path) -> None:
    graphs = Graphs(case_store)
    first, second = export(graphs, tmp_path / "a", ["cases"]), export(graphs, tmp_path / "b", ["cases"])
    assert [p.nanopub.uri for p in first] == [p.nanopub.uri for p in second]
    kinds = [str(p.item.kind).rsplit("#", 1)[1] for p in first]
    evidence = case_store.select("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e lpskg:fromCase ?c } "
                                 "FILTER STRSTARTS(STR(?g), 'https://w3id.org/lpskg/graph/case/') }")
    assert kinds.count("Evidence") == int(evidence[0]["n"]) > 0 and kinds.count("Diagnosis") == 1
    for path in (tmp_path / "a").glob("RA*.trig"):
        assert RustNanopub(path.read_text()).check().info()["trusty_hash"] == path.stem
    diagnosis = next(p for p in first if p.item.kind.endswith("Diagnosis"))
    assert not any(q.predicate.value.endswith("generatedAtTime") for q in diagnosis.nanopub.quads)
