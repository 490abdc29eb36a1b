"""REFI-QDA: the codebook, exported projects, and coded projects imported as cases (issue 23).

Every export is validated against the standard's schemas with xmlschema and read back with pyrefiqda,
a REFI-QDA library lpskg did not write; the paper's evidence and every example case go out and come
back with the same items and links; the illustrative coded projects are rebuilt byte for byte and
imported, stored and diagnosed as a researcher would.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from lpskg.config import Settings
from lpskg.contributions import SourceFile, SubmissionError, add_case, read_source
from lpskg.contributions.cases import build_case_files
from lpskg.contributions.linking import concept_index
from lpskg.contributions.parsing import ConceptRef
from lpskg.exchange.qda import codebook_document, export_project
from lpskg.exchange.qda.codebook import GROUPS, code_guid, codebook_of
from lpskg.exchange.qda.exporting import build_project, read_case
from lpskg.exchange.qda.writer import qdpx_bytes
from lpskg.formats import QDPX
from lpskg.knowledge.graphs import Graphs
from lpskg.namespaces import LPSKG, graph_iri, resource_iri
from lpskg.store import EmbeddedStore
from lpskg.web.app import create_app

from support.cli import lpskg
from support.qda import SHARED, VENDORED, entries, memory_store, norm, read_back, signature, small_project, validate
from support.stores import REPO
from support.stores import SEEDS as SEED_DIR

EXAMPLES = REPO / "examples" / "qda"
PAPER = "001_e8e679868b79b67c.txt"  # the seed the paper's passages name as their document
MYOPIA = URIRef("https://w3id.org/lpskg/resource/archetype/myopia")


@pytest.fixture(scope="module")
def graphs(bundle_store: EmbeddedStore) -> Graphs:
    return Graphs(bundle_store)


@pytest.fixture
def writable(writable_store_path: Path):
    store = EmbeddedStore(writable_store_path)
    yield Graphs(store)
    store.close()


def qdpx(name: str, data: bytes) -> SourceFile:
    return SourceFile(name, data, QDPX)


def test_the_vendored_schemas_are_the_standards() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/standards/refi-qda is not beside the repository")
    for name in ("Project.xsd", "Codebook.xsd"):
        assert (VENDORED / name).read_bytes() == (SHARED / name).read_bytes()


def test_the_codebook_is_valid_read_back_by_pyrefiqda_and_nests_the_framework(graphs: Graphs) -> None:
    from pyrefiqda import RefiCodebook

    document = codebook_document(graphs)
    validate(document, "Codebook.xsd")
    codebook = codebook_of(graphs)
    ours = list(codebook.codes())
    path = Path(__file__).parent / "__qdc__.qdc"
    try:
        path.write_bytes(document)
        read = RefiCodebook.load(path)
    finally:
        path.unlink(missing_ok=True)

    def walk(codes):
        for code in codes:
            yield code
            yield from walk(code.code)

    theirs = list(walk(read.codes.code))
    assert [(c.guid, c.name, c.is_codable) for c in theirs] == [(c.guid, c.name, c.codable) for c in ours]
    assert [c.name for c in read.codes.code] == [group.name for group in GROUPS]
    assert not any(c.is_codable for c in read.codes.code)  # the group headers are marked not to be applied
    # nested as the ontology nests them: a tension in its paradox, its poles in it
    paradoxes = next(c for c in theirs if c.name == "Paradoxes, tensions and poles")
    performing = next(c for c in paradoxes.code if c.name == "performing paradox")
    tension = next(c for c in performing.code if c.name == "current goals vs. future goals")
    assert sorted(c.name for c in tension.code) == ["current goals", "future goals"]
    assert "Section" in tension.description  # the definition with the sections that state it
    # GUIDs derived from the IRI and the use: the same in every release
    myopia = next(c for c in ours if c.iri == MYOPIA and c.use == "illustrates")
    assert myopia.guid == code_guid(str(MYOPIA), "illustrates") == "aa053b8f-6fd9-505b-b0e7-7953949a1c05"
    assert len({c.guid for c in ours}) == len(ours)


def test_every_code_names_its_concept_without_ambiguity(graphs: Graphs) -> None:
    """A code of our codebook maps by GUID to its concept, then by that concept's label within its kind: the
    label must find that concept and no other."""
    index = concept_index(graphs)
    wrong = []
    for code in codebook_of(graphs).codes():
        if code.codable:
            link = index.resolve(ConceptRef((), index.concepts[code.iri].label), (code.kind,))
            if getattr(link, "iri", None) != code.iri:
                wrong.append((code.name, code.iri, link))
    assert wrong == []


def test_the_papers_evidence_goes_out_as_selections_of_the_paper_and_comes_back_the_same(
        graphs: Graphs, tmp_path: Path) -> None:
    data, notes = export_project(graphs)
    files = entries(data)
    validate(files["project.qde"], "Project.xsd")
    read = read_back(data, tmp_path)
    cases = [read_case(graphs.store, resource_iri("case", c)) for c in ("scania", "volvo-ce")]
    items = [item for case in cases for item in case.items]
    # each item is a selection of the paper's text whose selected words are the item's words
    paper_selections = [s for s in read["selections"] if s[0] == PAPER]
    assert {norm(item.text) for item in items} <= {norm(text) for _, text, _ in paper_selections}
    assert sorted(read["cases"]) == sorted(case.label for case in cases)
    # the one link no code can carry (a manifestation, which case files cannot name) is reported, not lost
    assert notes == ["<https://w3id.org/lpskg/resource/observation/volvo-ce-dual-loyalties>: "
                     "<https://w3id.org/lpskg/resource/manifestation/dual-loyalties> has no code in the codebook "
                     "(illustrates)"]
    # The paper's year is not in the graph (the extracted text lost it), and a case file needs one: a
    # researcher fills it in; so does this test, to read the rest back.
    dated = [dataclasses.replace(case, variables={**case.variables, "study year": 2024}) for case in cases]
    paper = {PAPER: (SEED_DIR / PAPER).read_text("utf-8")}
    project, _ = build_project(dated, codebook_of(graphs), "paper", "test", paper)
    case_file, contributions = build_case_files(graphs, qdpx("paper.qdpx", qdpx_bytes(project)))
    assert case_file.unmapped == ()
    back = {c.id: read_case(memory_store(c), resource_iri("case", c.id)) for c in contributions}
    manifestation = {URIRef("https://w3id.org/lpskg/resource/manifestation/dual-loyalties")}
    for case in cases:
        case_id = str(case.iri).rsplit("/", 1)[-1]
        assert signature(back[case_id]) == signature(case, manifestation)
        assert len(back[case_id].items) == len(case.items) >= 5


@pytest.mark.parametrize("name", ["example-pumps", "example-gears", "example-looms"])
def test_each_example_case_round_trips(writable: Graphs, tmp_path: Path, name: str) -> None:
    add_case(writable, read_source(REPO / "examples" / f"{name}.yaml", 10**7), submitter="test")
    original = read_case(writable.store, resource_iri("case", name))
    data, notes = export_project(writable, [name])
    assert notes == []  # the case's own new concepts travel as codes of their own
    validate(entries(data)["project.qde"], "Project.xsd")
    read = read_back(data, tmp_path)
    assert sorted(norm(text) for _, text, _ in read["selections"] if text) >= sorted(
        norm(item.text) for item in original.items)
    outcome = add_case(writable, qdpx(f"{name}.qdpx", data), submitter=None, dry_run=True, replace=True)
    assert outcome.unmapped == []
    again = read_case(memory_store(outcome.contributions[0]), resource_iri("case", name))
    assert signature(again) == signature(original)
    assert again.technologies == original.technologies
    assert {k: v for k, v in again.variables.items()} == original.variables


@pytest.mark.parametrize("name", ["example-foundry", "example-mill"])
def test_the_illustrative_projects_are_rebuilt_byte_for_byte(graphs: Graphs, name: str) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("qda_build", EXAMPLES / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.build(EXAMPLES / name, graphs) == (EXAMPLES / f"{name}.qdpx").read_bytes()
    assert "FICTIONAL" in (EXAMPLES / name / "case.yaml").read_text("utf-8")


def test_the_illustrative_projects_are_stored_and_diagnosed(writable: Graphs, tmp_path: Path) -> None:
    foundry = add_case(writable, read_source(EXAMPLES / "example-foundry.qdpx", 10**7), submitter=None)
    mill = add_case(writable, read_source(EXAMPLES / "example-mill.qdpx", 10**7), submitter=None)
    assert {i.label for i in foundry.diagnoses[0].indications} == {"Myopia", "Detached"}
    assert mill.diagnoses[0].balanced
    for data in (EXAMPLES / "example-foundry.qdpx", EXAMPLES / "example-mill.qdpx"):
        validate(entries(data.read_bytes())["project.qde"], "Project.xsd")
        assert read_back(data.read_bytes(), tmp_path / data.stem)["selections"]
    # every excerpt is exactly the selected text of its interview, found there at the offsets of its locator
    rows = writable.store.select("""
        SELECT ?excerpt ?locator ?document WHERE { GRAPH <%s> {
          ?e lpskg:fromCase ?case ; lpskg:statedIn ?p . ?p lpskg:excerpt ?excerpt ; lpskg:locator ?locator ;
             lpskg:inDocument/rdfs:label ?document } }""" % graph_iri("case", "example-foundry"))
    assert len(rows) == 5
    for row in rows:
        start, end = (int(n) for n in str(row["locator"]).removeprefix("characters ").split("-"))
        text = (EXAMPLES / "example-foundry" / str(row["document"])).read_text("utf-8")
        assert " ".join(text[start:end].split()) == str(row["excerpt"])
    # the coder is the submitter, and the effect of an action stays the researcher's words
    submitter = writable.store.select("SELECT ?n WHERE { GRAPH <%s> { ?g prov:wasAttributedTo/foaf:name ?n } }"
                                      % graph_iri("case", "example-mill"))
    assert [str(r["n"]) for r in submitter] == ["lpskg example builder"]
    effects = writable.store.select("SELECT ?e WHERE { GRAPH <%s> { ?a lpskg:reportedEffect ?e } }"
                                    % graph_iri("case", "example-mill"))
    assert {str(r["e"]) for r in effects} == {"Operators and engineers set the camera thresholds together.",
                                              "Trials are planned into maintenance stops a quarter ahead."}


def test_notes_become_memos_and_effects_never_excerpts(writable: Graphs) -> None:
    codebook = codebook_of(writable)
    guids = [codebook.by_use[("illustrates", MYOPIA)].guid,
             codebook.by_use[("taken", URIRef("https://w3id.org/lpskg/resource/strategy/pacing"))].guid]
    data = small_project(codebook, guids, notes={"m": "We read this as short-termism."},
                         coding_notes={guids[1]: "Trials were moved to quiet weeks."})
    add_case(writable, qdpx("memo.qdpx", data), submitter="tester")
    graph = writable.store.graph(graph_iri("case", "test-qda"))
    memos = {str(o) for o in graph.objects(None, LPSKG.researcherMemo)}
    effects = {str(o) for o in graph.objects(None, LPSKG.reportedEffect)}
    excerpts = {str(o) for o in graph.objects(None, LPSKG.excerpt)}
    texts = {str(o) for o in graph.objects(None, LPSKG.text)}
    assert memos == {"We read this as short-termism."}
    assert effects == {"Trials were moved to quiet weeks."}
    assert excerpts == texts == {"Production only wants what fixes today's stops; the sensors can wait until next year."}
    assert (None, LPSKG.illustrates, MYOPIA) in graph


def _foreign_codebook_project(codebook) -> bytes:
    """A project coded with another tool's codebook: the codes lpskg does not know by GUID."""
    from lpskg.exchange.qda.codebook import Code, Codebook

    foreign = [Code("11111111-1111-4111-8111-111111111111", "Technical Monument", True, ""),
               Code("22222222-2222-4222-8222-222222222222", "favours: current goals", True, ""),
               Code("33333333-3333-4333-8333-333333333333", "stance of: production", True, ""),
               Code("44444444-4444-4444-8444-444444444444", "Resilience", True, "")]
    return small_project(Codebook([Code("55555555-5555-4555-8555-555555555555", "My codes", False, "", children=foreign)]),
                         [c.guid for c in foreign])


def test_a_foreign_codebook_maps_by_name_and_what_does_not_map_is_listed(writable: Graphs) -> None:
    data = _foreign_codebook_project(codebook_of(writable))
    dry = add_case(writable, qdpx("foreign.qdpx", data), submitter=None, dry_run=True)
    links = {(link.label, link.match) for link in dry.links}
    assert ("Technical Monument", "fuzzy") in links and ("current goals", "exact") in links
    assert [(e.field, e.line) for e in dry.unmapped] == [("Code 'Resilience'", 19)]  # its place in project.qde
    assert dry.unmapped[0].message.startswith("unknown concept label 'Resilience'")  # the case file's message
    assert dry.unmapped[0].message.endswith("(1 coding(s) left out)")
    with pytest.raises(SubmissionError) as refused:
        add_case(writable, qdpx("foreign.qdpx", data), submitter=None)
    assert refused.value.kind == "rejected" and "--skip-unmapped" in refused.value.message
    assert not writable.store.has_graph(graph_iri("case", "test-qda"))
    stored = add_case(writable, qdpx("foreign.qdpx", data), submitter=None, skip_unmapped=True)
    graph = writable.store.graph(graph_iri("case", "test-qda"))
    assert (None, LPSKG.favours, URIRef("https://w3id.org/lpskg/resource/pole/current-goals")) in graph
    assert (None, LPSKG.stanceOf, URIRef("https://w3id.org/lpskg/resource/stakeholder/production")) in graph
    assert [i.label for i in stored.diagnoses[0].indications] == ["Myopia"]  # production favours current goals
    assert (None, None, Literal("Tove Test")) in graph  # the project's user is the submitter


def test_the_command_line_writes_codebook_and_project_and_takes_a_qdpx(writable_store_path: Path,
                                                                       tmp_path: Path) -> None:
    result = lpskg(writable_store_path, "qda", "codebook", str(tmp_path / "lpskg.qdc"))
    assert result.exit_code == 0, result.stderr
    validate((tmp_path / "lpskg.qdc").read_bytes(), "Codebook.xsd")
    result = lpskg(writable_store_path, "qda", "export", str(tmp_path / "paper.qdpx"))
    assert result.exit_code == 0, result.stderr
    validate(entries((tmp_path / "paper.qdpx").read_bytes())["project.qde"], "Project.xsd")
    result = lpskg(writable_store_path, "qda", "export", str(tmp_path / "x.qdpx"), "--case", "no-such-case")
    assert result.exit_code == 1 and result.stderr.startswith("lpskg: error: no submitted case 'no-such-case'")
    mill = str(EXAMPLES / "example-mill.qdpx")
    result = lpskg(writable_store_path, "case", "diagnose", mill)
    assert result.exit_code == 0 and "no imbalance indicated" in result.stdout
    result = lpskg(writable_store_path, "case", "add", mill, "--dry-run")
    assert result.exit_code == 0 and "dry run: nothing was written" in result.stdout
    result = lpskg(writable_store_path, "case", "add", mill)
    assert result.exit_code == 0 and "stored case 'example-mill'" in result.stdout
    result = lpskg(writable_store_path, "qda", "export", str(tmp_path / "mill.qdpx"), "--case", "example-mill")
    assert result.exit_code == 0, result.stderr


def test_http_serves_the_codebook_and_takes_a_qdpx(writable_store_path: Path) -> None:
    client = create_app(Settings(store=str(writable_store_path), token="t", query_workers=0)).test_client()
    answer = client.get("/api/codebook.qdc")
    assert answer.status_code == 200 and answer.mimetype == "application/xml"
    validate(answer.data, "Codebook.xsd")
    body = (EXAMPLES / "example-foundry.qdpx").read_bytes()
    zip_type = {"Content-Type": "application/zip"}
    dry = client.post("/api/cases?dry_run=true", data=body, headers=zip_type)
    assert dry.status_code == 200, dry.data
    assert {i["label"] for i in dry.json["diagnosis"][0]["indications"]} == {"Myopia", "Detached"}
    diagnosis = client.post("/api/diagnosis", data=(EXAMPLES / "example-mill.qdpx").read_bytes(), headers=zip_type)
    assert diagnosis.status_code == 200 and diagnosis.json["balanced"] is True
    stored = client.post("/api/cases", data=body, headers={**zip_type, "Authorization": "Bearer t"})
    assert stored.status_code == 201 and stored.headers["Location"] == "/api/cases/example-foundry"
    assert json.loads(client.get("/api/cases/example-foundry").data)["triples"] > 50
