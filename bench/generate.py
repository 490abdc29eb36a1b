"""Synthetic lpskg graphs of 10k to 10M triples, made of what researchers submit, the same for the same seed.

The benchmark needs graphs far larger than the paper's few thousand triples,
shaped like the real thing, and made of data the product would accept: the
named queries must do the work they would do on a grown knowledge graph, and
the graph must conform to the shapes, like any graph lpskg stores.  So a
synthetic graph is:

* the bundle (ontology, ``data/*.ttl``) as ``lpskg load`` stores it, so the
  paper's concepts and the named queries' example parameters are there;
* submitted **cases**: each a case file in today's format (written by
  ``case_files.py``, the one place that knows its fields), read, linked and
  built by the intake's own code (``lpskg.contributions``: ``parse_case``,
  ``build_case``, ``add_provenance``), so each case's graph is what ``lpskg
  case add`` stores for that file; now and then a case declares a new
  technology, practice or tension (with its two poles, ranked by the intake)
  that later cases name;
* submitted **publications**: each a publication file (authors from a shared
  pool, a distinct in-text citation, the concepts it supports or challenges,
  the works it cites by preferential attachment), built by the intake's
  ``build_publication`` the same way;
* for every graph, its entailments in ``graph/inferred/...`` from the TBox of
  :mod:`lpskg.knowledge.inference`, exactly as the write path stores them.

What the intake would look up in the store while it builds a file, the
generator keeps in memory as it goes, from the same sources: the concept index
(the intake's ``ConceptIndex``, extended after each case by the intake's own
``with_added``), the authors by name and the works by DOI or in-text citation.
It does not validate each submission with SHACL on its way in, nor store the
graphs one by one: the benchmark validates the whole graph (``costs.py``) and
refuses to report on one that does not conform (``report.py``).

The output is N-Quads, each graph's lines sorted, so the file is
byte-for-byte the same for the same seed and size.  A manifest (JSON) beside
it gives the counts; ``--files DIR`` also writes every case and publication
file there, as a researcher would send it.

    python bench/generate.py --triples 100k --seed 1 --out var/bench/lpskg-100k.nq
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

import yaml
from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import FOAF, RDF, RDFS
from rdflib.term import Node

from case_files import Submitters
from lpskg.contributions.building import Contribution
from lpskg.contributions.case_building import build_case
from lpskg.contributions.linking import Concept, ConceptIndex, with_added
from lpskg.contributions.literature import build_publication, read_publications
from lpskg.contributions.parsing import parse_case
from lpskg.contributions.reading import SourceFile
from lpskg.contributions.storing import add_provenance
from lpskg.formats import YAML
from lpskg.knowledge.bundle import bundle_files, load_bundle, parse_file
from lpskg.knowledge.graphs import Change, Graphs, ontology_tbox
from lpskg.knowledge.inference import has_entailments, inferred_graph_name
from lpskg.namespaces import BIBO, LPSKG
from lpskg.paths import ROOT
from lpskg.sparql_text import sparql_term
from lpskg.store import EmbeddedStore, Store

#: One case is submitted for every this many publications.
PUBLICATIONS_PER_CASE = 12
#: Who the generated files' provenance says submitted them, and when (fixed, so the output is reproducible).
SUBMITTER = "lpskg benchmark generator"
SUBMITTED = datetime(2026, 1, 1, tzinfo=timezone.utc)

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
#: What a generated graph depends on besides size and seed: this generator, the case-file writer, the
#: intake that builds the files, the schema it checks them against and the entailments (and the bundle).
INPUTS = [Path(__file__), Path(__file__).with_name("case_files.py"), ROOT / "docs" / "case-schema.json",
          *sorted((ROOT / "src" / "lpskg" / "contributions").glob("*.py")),
          ROOT / "src" / "lpskg" / "knowledge" / "inference.py"]
#: The persons and the works (by DOI or in-text citation) of the bundle, which submissions may name.
_PERSONS = "SELECT ?p ?name WHERE { ?p a foaf:Person ; rdfs:label ?name }"
_WORK_KEYS = "SELECT ?w ?key WHERE { ?w a bibo:Document ; bibo:doi|lpskg:citedAs ?key }"


def with_inferences(name: str, graph: Graph) -> dict[str, Graph]:
    """``{name: graph, inferred name: its entailments}``: what the write path stores for a graph."""
    if not has_entailments(name):
        return {name: graph}
    return {name: graph, inferred_graph_name(name): ontology_tbox().entail(graph)}


@dataclass
class Manifest:
    """What a generated file holds, written beside it as JSON."""

    seed: int
    target_triples: int
    inputs_sha256: str = ""  # of the bundle files, the generator and the intake: what the output depends on
    triples: int = 0
    bundle_triples: int = 0
    inferred_triples: int = 0
    graphs: int = 0
    cases: int = 0
    publications: int = 0
    persons: int = 0
    new_concepts: int = 0
    seconds: float = 0.0
    sample_cases: list[str] = field(default_factory=list)
    sample_publications: list[str] = field(default_factory=list)


class Intake:
    """The intake's build step for case and publication files, with what it would read from the store kept
    in memory: the concept index, the persons by name and the works by key, as the files add them."""

    def __init__(self, store: Store) -> None:
        self.index = ConceptIndex.from_store(store)
        self.people: dict[str, Concept] = {}
        for row in store.select(_PERSONS):
            self.people.setdefault(str(row["name"]), Concept(row["p"], str(row["name"]), frozenset({"person"})))
        self.works: dict[str, URIRef] = {}
        self._shared: set[str] = set()  # keys two works have: the intake links neither by them
        keys: dict[URIRef, list[str]] = {}
        for row in store.select(_WORK_KEYS):
            self._add_work(str(row["key"]), row["w"])
            keys.setdefault(row["w"], []).append(str(row["key"]))
        #: how a file cites each work of the bundle: one of its keys that names it alone (its in-text citation first)
        self.citable: list[str] = []
        for work, names in sorted(keys.items()):
            alone = [name for name in names if self.works.get(name.lower()) == work]
            if alone:
                self.citable.append(min(alone, key=lambda name: (name.startswith("10."), name)))

    def _add_work(self, key: str, work: URIRef) -> None:
        key = key.lower()
        if key in self._shared or self.works.setdefault(key, work) == work:
            return
        del self.works[key]
        self._shared.add(key)

    def case(self, source: SourceFile) -> Contribution:
        """A case file's graph as ``lpskg case add`` builds it (before the store checks it)."""
        case = parse_case(source)
        people = {name: self.people[name] for name in case.study.authors if name in self.people}
        contribution = build_case(case, self.index, source, people)
        self._added(contribution, source)
        self.index = with_added(self.index, Change(0, None, contribution.graph))
        return contribution

    def publication(self, source: SourceFile) -> Contribution:
        """A publication file's graph as ``lpskg literature add`` builds it."""
        publications, document = read_publications(source)
        (publication,) = publications
        people = {name: self.people[name] for name in publication.authors if name in self.people}
        contribution = build_publication(publication, self.index, people, self.works, source, document.line)
        self._added(contribution, source)
        return contribution

    def _added(self, contribution: Contribution, source: SourceFile) -> None:
        """The provenance a submission gets, and what later files may name: its persons and works."""
        add_provenance(contribution, SUBMITTER, source, SUBMITTED)
        graph = contribution.graph
        for person in graph.subjects(RDF.type, FOAF.Person):
            for label in graph.objects(person, RDFS.label):
                self.people.setdefault(str(label), Concept(person, str(label), frozenset({"person"})))
        for key_property in (BIBO.doi, LPSKG.citedAs):  # every work a submission describes is a bibo:Document
            for work, key in graph.subject_objects(key_property):
                self._add_work(str(key), work)


def nquads(name: str, graph: Graph) -> list[str]:
    """The graph's triples as N-Quads lines in graph ``name``, sorted so that output is reproducible.

    Blank nodes (the ontology's class expressions) get labels from the graph's
    canonical form, prefixed per graph so that two graphs never share one:
    rdflib's own labels are random, and the output must be the same each run.
    """
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        graph = to_canonical_graph(graph)
    scope = hashlib.sha256(name.encode()).hexdigest()[:8]

    def term(node: Node) -> str:
        return f"_:g{scope}{node}" if isinstance(node, BNode) else sparql_term(node)

    return sorted(f"{term(s)} {term(p)} {term(o)} <{name}> .\n" for s, p, o in graph)


class Generator:
    """Submissions one at a time: each file written by the submitters, built by the intake."""

    def __init__(self, seed: int) -> None:
        self.store = EmbeddedStore(None)  # the bundle, as the intake reads it
        load_bundle(Graphs(self.store))
        self.intake = Intake(self.store)
        self.submitters = Submitters(seed, self.intake.index, self.intake.works, self.intake.citable)
        self.new_concepts = 0

    def case(self, number: int) -> tuple[str, Graph, SourceFile]:
        """The graph name, graph and file of submitted case ``number``."""
        source = self._file(self.submitters.case(number))
        contribution = self.intake.case(source)
        new = {link.iri: link.kind for link in contribution.links if link.match == "new"}
        self.new_concepts += len(new)
        self.submitters.learn(self.intake.index, new)
        return contribution.graph_name, contribution.graph, source

    def publication(self, number: int) -> tuple[str, Graph, SourceFile]:
        """The graph name, graph and file of submitted publication ``number``."""
        source = self._file(self.submitters.publication(number))
        contribution = self.intake.publication(source)
        return contribution.graph_name, contribution.graph, source

    @staticmethod
    def _file(data: dict[str, Any]) -> SourceFile:
        """The file a researcher would send: the data as YAML."""
        text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                         allow_unicode=True, width=110)
        return SourceFile(f"{data['id']}.yaml", text.encode("utf-8"), YAML)

    @property
    def persons(self) -> int:
        return self.submitters.persons


def bundle_graphs() -> Iterator[tuple[str, Graph]]:
    """The ontology and data files as ``lpskg load`` stores them, with their entailments."""
    for name, path in bundle_files().items():
        yield from with_inferences(name, parse_file(path)).items()


def inputs_fingerprint() -> str:
    """SHA-256 of what a generated graph depends on besides size and seed (:data:`INPUTS` and the bundle)."""
    digest = hashlib.sha256()
    for path in [*bundle_files().values(), *INPUTS]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def generate(target_triples: int, seed: int, out: TextIO, files: Path | None = None) -> Manifest:
    """Write a graph of at least ``target_triples`` quads (entailments included) to ``out``, and each
    submitted file to ``files/cases/`` and ``files/publications/`` if ``files`` is given."""
    started = time.perf_counter()
    manifest = Manifest(seed=seed, target_triples=target_triples, inputs_sha256=inputs_fingerprint())
    for name, graph in bundle_graphs():
        out.writelines(nquads(name, graph))
        manifest.bundle_triples += len(graph)
        manifest.graphs += 1
    manifest.triples = manifest.bundle_triples
    generator = Generator(seed)
    for folder in ("cases", "publications") if files else ():
        (files / folder).mkdir(parents=True, exist_ok=True)
    while manifest.triples < target_triples:
        if manifest.publications >= PUBLICATIONS_PER_CASE * manifest.cases:
            name, graph, source = generator.case(manifest.cases + 1)
            manifest.cases += 1
            samples, folder = manifest.sample_cases, "cases"
        else:
            name, graph, source = generator.publication(manifest.publications + 1)
            manifest.publications += 1
            samples, folder = manifest.sample_publications, "publications"
        if len(samples) < 5:
            samples.append(name)
        if files:
            (files / folder / source.name).write_bytes(source.data)
        for graph_name, content in with_inferences(name, graph).items():
            out.writelines(nquads(graph_name, content))
            manifest.triples += len(content)
            manifest.graphs += 1
            if graph_name != name:
                manifest.inferred_triples += len(content)
    manifest.persons = generator.persons
    manifest.new_concepts = generator.new_concepts
    manifest.seconds = round(time.perf_counter() - started, 2)
    return manifest


def parse_size(text: str) -> int:
    """``10k``, ``100k``, ``1M`` or a plain number of triples."""
    key = text.strip().lower()
    if key in SIZES:
        return SIZES[key]
    multiplier = {"k": 1_000, "m": 1_000_000}.get(key[-1:], 1)
    digits = key[:-1] if multiplier > 1 else key
    if not digits.isdigit() or int(digits) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: write 10k, 100k, 1M, 10M or a number")
    return int(digits) * multiplier


def write(target_triples: int, seed: int, path: Path, files: Path | None = None) -> Manifest:
    """Generate into ``path`` (via a temporary file, so a half-written graph is never left) and
    write the manifest to ``path`` with suffix ``.json``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".tmp")
    with partial.open("w", encoding="utf-8") as out:
        manifest = generate(target_triples, seed, out, files)
    partial.replace(path)
    path.with_suffix(".json").write_text(json.dumps(asdict(manifest), indent=2) + "\n", encoding="utf-8")
    return manifest


#: Where generated graphs are kept between benchmark runs.
WORK = ROOT / "var" / "bench"


def cached(size: str, seed: int) -> tuple[Path, dict]:
    """The generated graph of ``size`` and its manifest: made once, then reused while the manifest
    says it was made from the same size, seed and inputs (:func:`inputs_fingerprint`)."""
    path = WORK / f"lpskg-{size.lower()}-seed{seed}.nq"
    manifest_path = path.with_suffix(".json")
    target = parse_size(size)
    if path.exists() and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if (manifest.get("target_triples"), manifest.get("seed"), manifest.get("inputs_sha256")) == \
                (target, seed, inputs_fingerprint()):
            return path, manifest
    print(f"… generating {path.name}", file=sys.stderr, flush=True)
    write(target, seed, path)
    return path, json.loads(manifest_path.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="10k", help="10k, 100k, 1M, 10M or a number")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None,
                        help="N-Quads file to write (default: var/bench/lpskg-SIZE-seedN.nq, where the "
                             "benchmark looks for it)")
    parser.add_argument("--files", type=Path, default=None,
                        help="also write every case and publication file into this directory")
    args = parser.parse_args(argv)
    try:
        triples = parse_size(args.triples)
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    out = args.out or WORK / f"lpskg-{args.triples.lower()}-seed{args.seed}.nq"
    manifest = write(triples, args.seed, out, args.files)
    print(f"wrote {manifest.triples} quads in {manifest.graphs} graphs ({manifest.cases} cases, "
          f"{manifest.publications} publications) to {out} in {manifest.seconds} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
