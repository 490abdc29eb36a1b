"""Synthetic lpskg graphs of about 10k, 100k or 1M triples, the same for the same seed.

The benchmark needs graphs far larger than the paper's few thousand triples
but shaped like the real thing, so that the named queries do the work they
would do on a grown knowledge graph.  A synthetic graph is:

* the bundle (ontology, ``data/*.ttl``) as ``lpskg load`` stores it, so the
  paper's concepts and the named queries' example parameters are there;
* submitted cases, each in its own named graph ``graph/case/<id>`` as the case
  workflow stores them: the case with its organisation, study, source document
  and passages, respondent quotes and observations that illustrate the
  paper's concepts, and now and then a new technology, practice or tension
  (with its two poles) that later cases reuse;
* submitted publications in ``graph/publication/<id>``: an article with its
  year, DOI, authors (a shared pool, so authors recur), citations of earlier
  works (preferential attachment, so a few works are cited a lot), its
  literature cluster and the concepts it supports or challenges;
* for every graph, its entailments in ``graph/inferred/...`` from
  the TBox of :mod:`lpskg.knowledge.inference`, exactly as a submission gets them.

The output is N-Quads, each graph's lines sorted, so the file is
byte-for-byte the same for the same seed and size.  A manifest (JSON) beside
it gives the counts.

    python bench/generate.py --triples 100k --seed 1 --out var/bench/lpskg-100k.nq
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from lpskg.knowledge.bundle import bundle_files, parse_file
from lpskg.knowledge.graphs import ontology_tbox
from lpskg.knowledge.inference import inferred_graph_name
from lpskg.namespaces import BIBO, CITO, FABIO, LPSKG, ORG, RESOURCE, graph_iri
from lpskg.paths import ROOT
from lpskg.sparql_text import sparql_term

#: One case is submitted for every this many publications.
PUBLICATIONS_PER_CASE = 12

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}

_WORDS = (
    "lean production system digital technology operators standard work kaizen improvement "
    "sensors data maintenance team board smart glasses takt flow pull push waste value stream "
    "automation learning exploration exploitation autonomy integration pilot roadmap specialists "
    "management tension paradox balance drift goals future current site line assembly quality "
    "problem solving coaching visual management network platform dashboard analytics"
).split()
_SEARCHED = ("competence", "trust", "pace")  # words the search-quotes query looks for
_FAMILY_NAMES = ("Berg Lund Holm Strand Dahl Ek Sund Nyberg Falk Vik Moreau Rossi Silva Novak Kowalski "
                 "Tanaka Sato Kim Chen Singh Patel Garcia Lopez Muller Schmidt Weber Jensen Larsen "
                 "Virtanen Korhonen Costa Santos Ferreira Bianchi Romano Dubois Martin Brown Wilson").split()
_COMPANY_WORDS = ("Nordic Alpine Baltic Delta Orion Atlas Vega Polar Summit Granite Harbor Meridian "
                  "Pioneer Crest Aurora Falcon Titan Zenith Cobalt Sterling").split()
_COMPANY_KINDS = ("Components", "Trucks", "Machinery", "Pumps", "Castings", "Electronics", "Bearings",
                  "Hydraulics")
_APPROACHES = ("top-down", "bottom-up", "mixed")


def with_inferences(name: str, graph: Graph) -> dict[str, Graph]:
    """``{name: graph, inferred name: its entailments}``: what the write path stores for a graph."""
    return {name: graph, inferred_graph_name(name): ontology_tbox().entail(graph)}


def resource(kind: str, slug: str) -> URIRef:
    return URIRef(f"{RESOURCE}{kind}/{slug}")


def person(number: int) -> URIRef:
    return resource("person", f"syn-a{number:05d}")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


@dataclass
class Concepts:
    """The concepts a submission can link to, by kind: the paper's, then the new ones added."""

    by_kind: dict[str, list[URIRef]]
    paradoxes: list[URIRef]
    clusters: list[URIRef]
    roles: list[URIRef]
    methods: list[URIRef]
    works: list[URIRef]

    @classmethod
    def of_bundle(cls, bundle: Graph) -> "Concepts":
        def instances(cls_: URIRef) -> list[URIRef]:
            return sorted(s for s in bundle.subjects(RDF.type, cls_) if isinstance(s, URIRef))

        kinds = {
            "tension": LPSKG.EmpiricalTension, "pole": LPSKG.Pole, "archetype": LPSKG.ImbalanceArchetype,
            "strategy": LPSKG.PreEmptiveBalancing, "action": LPSKG.ReContextualisingAction,
            "stakeholder": LPSKG.Stakeholder, "technology": LPSKG.DigitalTechnology,
            "practice": LPSKG.Practice,
        }
        by_kind = {kind: instances(cls_) for kind, cls_ in kinds.items()}
        by_kind["strategy"] += by_kind.pop("action")
        return cls(by_kind=by_kind, paradoxes=instances(LPSKG.Paradox),
                   clusters=instances(LPSKG.LiteratureCluster), roles=instances(LPSKG.RespondentRole),
                   methods=instances(LPSKG.Method),
                   works=sorted(set(instances(BIBO.Document)) | set(instances(BIBO.AcademicArticle))))

    def any_concept(self, rng: random.Random) -> URIRef:
        kind = rng.choice(("tension", "tension", "archetype", "pole", "strategy", "practice",
                           "technology", "stakeholder", "paradox"))
        return rng.choice(self.paradoxes if kind == "paradox" else self.by_kind[kind])


@dataclass
class Manifest:
    """What a generated file holds, written beside it as JSON."""

    seed: int
    target_triples: int
    inputs_sha256: str = ""  # of the bundle files and this generator: what the output depends on
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


class Generator:
    """Mints cases and publications one at a time from one random stream."""

    def __init__(self, seed: int, concepts: Concepts) -> None:
        self.rng = random.Random(seed)
        self.concepts = concepts
        self.cited: list[URIRef] = list(concepts.works)  # one entry per citation received, plus one
        self.persons = 0  # authors minted so far; author n is person:syn-a<n>
        self.defined: set[int] = set()  # authors already described in some publication's graph
        self.new_concepts = 0

    def sentence(self, words: int) -> str:
        rng = self.rng
        text = " ".join(rng.choice(_WORDS) for _ in range(words))
        if rng.random() < 0.08:
            text += f" and {rng.choice(_SEARCHED)}"
        return text[0].upper() + text[1:] + "."

    def case(self, number: int) -> tuple[str, Graph]:
        """The named graph of one submitted case."""
        rng, concepts = self.rng, self.concepts
        slug = f"syn-c{number:05d}"
        company = f"{rng.choice(_COMPANY_WORDS)} {rng.choice(_COMPANY_KINDS)} {number}"
        case, organisation, study = resource("case", slug), resource("organisation", slug), resource("study", slug)
        document = resource("document", slug)
        g = Graph()
        g.add((document, RDF.type, LPSKG.SourceDocument))
        g.add((document, RDFS.label, en(f"Case file of {company}")))
        g.add((document, DCTERMS.identifier, Literal(f"{slug}.yaml")))
        passages = [resource("passage", f"{slug}-p{k}") for k in range(1, 4)]
        for k, passage in enumerate(passages, start=1):
            g.add((passage, RDF.type, LPSKG.Passage))
            g.add((passage, RDFS.label, en(f"Case {company}, part {k}")))
            g.add((passage, LPSKG.inDocument, document))
            g.add((passage, LPSKG.locator, Literal(f"Part {k}")))
            g.add((passage, LPSKG.excerpt, Literal(self.sentence(12))))

        def stated(node: URIRef) -> None:
            g.add((node, LPSKG.statedIn, rng.choice(passages)))

        g.add((organisation, RDF.type, ORG.FormalOrganization))
        g.add((organisation, RDFS.label, en(company)))
        stated(organisation)
        g.add((study, RDF.type, LPSKG.Study))
        g.add((study, RDFS.label, en(f"Case study at {company}")))
        g.add((study, LPSKG.reportedIn, rng.choice(self.cited)))
        g.add((study, LPSKG.respondentCount, Literal(rng.randint(3, 30))))
        for method in rng.sample(concepts.methods, 2):
            g.add((study, LPSKG.usesMethod, method))
        stated(study)

        g.add((case, RDF.type, LPSKG.Case))
        g.add((case, RDFS.label, en(f"{company} case")))
        g.add((case, SKOS.definition, en(f"The integration of digital technologies into the lean-based "
                                         f"production system of {company}.")))
        g.add((case, LPSKG.caseOrganisation, organisation))
        g.add((case, LPSKG.partOfStudy, study))
        g.add((case, LPSKG.initialApproach, Literal(rng.choice(_APPROACHES))))
        g.add((case, LPSKG.leanExperienceYears, Literal(rng.randint(1, 30))))
        stated(case)
        self._new_concepts(g, slug, company, passages)
        links = {LPSKG.usesTechnology: ("technology", 2, 5), LPSKG.hasPractice: ("practice", 1, 4),
                 LPSKG.showsTension: ("tension", 2, 6), LPSKG.showsArchetype: ("archetype", 1, 2),
                 LPSKG.appliesStrategy: ("strategy", 1, 3), LPSKG.involvesStakeholder: ("stakeholder", 2, 4)}
        for prop, (kind, low, high) in links.items():
            pool = concepts.by_kind[kind]
            for concept in rng.sample(pool, min(len(pool), rng.randint(low, high))):
                g.add((case, prop, concept))

        for k in range(1, rng.randint(5, 12) + 1):
            quote = resource("quote", f"{slug}-q{k}")
            role = rng.choice(concepts.roles)
            text = self.sentence(rng.randint(8, 30))
            g.add((quote, RDF.type, LPSKG.Quote))
            g.add((quote, RDFS.label, en(f"Quote ({company}): {text[:40]}")))
            g.add((quote, LPSKG.text, Literal(text)))
            g.add((quote, LPSKG.speakerRole, role))
            g.add((quote, LPSKG.fromCase, case))
            for concept in dict.fromkeys(concepts.any_concept(rng) for _ in range(rng.randint(1, 3))):
                g.add((quote, LPSKG.illustrates, concept))
            stated(quote)
        for k in range(1, rng.randint(1, 3) + 1):
            observation = resource("observation", f"{slug}-o{k}")
            text = self.sentence(rng.randint(10, 25))
            g.add((observation, RDF.type, LPSKG.Observation))
            g.add((observation, RDFS.label, en(f"Observation ({company}): {text[:40]}")))
            g.add((observation, LPSKG.text, Literal(text)))
            g.add((observation, LPSKG.fromCase, case))
            g.add((observation, LPSKG.illustrates, concepts.any_concept(rng)))
            stated(observation)
        return graph_iri("case", slug), g

    def _new_concepts(self, g: Graph, slug: str, company: str, passages: list[URIRef]) -> None:
        """Now and then a case brings a concept the graph lacks; later cases may link to it."""
        rng, concepts = self.rng, self.concepts

        def concept(kind: str, cls: URIRef, name: str, label: str) -> URIRef:
            node = resource(kind, f"{slug}-{name}")
            g.add((node, RDF.type, cls))
            g.add((node, RDFS.label, en(label)))
            g.add((node, SKOS.definition, en(f"{label[0].upper()}{label[1:]}, first reported at {company}.")))
            g.add((node, LPSKG.isNewConcept, Literal(True)))
            g.add((node, LPSKG.statedIn, rng.choice(passages)))
            self.new_concepts += 1
            return node

        if rng.random() < 0.5:
            concepts.by_kind["technology"].append(
                concept("technology", LPSKG.DigitalTechnology, "technology", f"{rng.choice(_WORDS)} "
                        f"{rng.choice(_WORDS)} system of {company}"))
        if rng.random() < 0.3:
            concepts.by_kind["practice"].append(
                concept("practice", LPSKG.Practice, "practice", f"{rng.choice(_WORDS)} routine of {company}"))
        if rng.random() < 0.03:
            tension = concept("tension", LPSKG.Tension, "tension", f"{rng.choice(_WORDS)} vs. "
                              f"{rng.choice(_WORDS)} at {company}")
            g.add((tension, LPSKG.inParadox, rng.choice(concepts.paradoxes)))
            for side in ("a", "b"):
                pole = concept("pole", LPSKG.Pole, f"pole-{side}", f"{rng.choice(_WORDS)} side {side} at {company}")
                g.add((tension, LPSKG.hasPole, pole))
                concepts.by_kind["pole"].append(pole)
            concepts.by_kind["tension"].append(tension)

    def publication(self, number: int) -> tuple[str, Graph]:
        """The named graph of one submitted publication."""
        rng, concepts = self.rng, self.concepts
        slug = f"syn-w{number:06d}"
        work, document, passage = resource("work", slug), resource("document", slug), resource("passage", slug)
        year = rng.randint(1990, 2025)
        authors = self._authors()
        family = _FAMILY_NAMES[authors[0] % len(_FAMILY_NAMES)]
        cited_as = f"{family} et al., {year}" if len(authors) > 1 else f"{family}, {year}"
        g = Graph()
        g.add((document, RDF.type, LPSKG.SourceDocument))
        g.add((document, RDFS.label, en(f"Record of {cited_as}")))
        g.add((document, DCTERMS.identifier, Literal(f"{slug}.bib")))
        g.add((passage, RDF.type, LPSKG.Passage))
        g.add((passage, RDFS.label, en(f"Abstract of {cited_as}")))
        g.add((passage, LPSKG.inDocument, document))
        g.add((passage, LPSKG.locator, Literal("Abstract")))
        g.add((passage, LPSKG.excerpt, Literal(self.sentence(20))))
        g.add((work, RDF.type, BIBO.AcademicArticle))
        g.add((work, RDFS.label, en(f"{cited_as.replace(', ', ' (')})")))
        g.add((work, DCTERMS.title, en(self.sentence(8).rstrip("."))))
        g.add((work, LPSKG.citedAs, Literal(cited_as)))
        g.add((work, FABIO.hasPublicationYear, Literal(str(year), datatype=XSD.gYear)))
        g.add((work, BIBO.doi, Literal(f"10.5555/lpskg.{number}")))
        g.add((work, LPSKG.authorCount, Literal(len(authors))))
        g.add((work, LPSKG.inCluster, rng.choice(concepts.clusters)))
        g.add((work, LPSKG.statedIn, passage))
        for author in authors:
            g.add((work, DCTERMS.creator, person(author)))
            if author not in self.defined:
                self._define_person(g, author, passage)
        for cited in dict.fromkeys(rng.choice(self.cited) for _ in range(rng.randint(0, 12))):
            g.add((work, CITO.cites, cited))
            self.cited.append(cited)
        for concept in dict.fromkeys(concepts.any_concept(rng) for _ in range(rng.randint(0, 3))):
            g.add((work, LPSKG.supports, concept))
        if rng.random() < 0.2:
            g.add((work, LPSKG.challenges, concepts.any_concept(rng)))
        self.cited.append(work)
        return graph_iri("publication", slug), g

    def _authors(self) -> list[int]:
        """1-4 authors: an established author (often) or a new one (sometimes)."""
        rng, authors = self.rng, []
        for _ in range(rng.randint(1, 4)):
            if self.persons and rng.random() < 0.6:
                author = rng.randrange(self.persons)
            else:
                author = self.persons
                self.persons += 1
            if author not in authors:
                authors.append(author)
        return authors

    def _define_person(self, g: Graph, number: int, passage: URIRef) -> None:
        """An author is described once, in the graph of the first publication that names them."""
        node = person(number)
        family = _FAMILY_NAMES[number % len(_FAMILY_NAMES)]
        name = f"{chr(65 + number % 26)}. {family}"
        g.add((node, RDF.type, FOAF.Person))
        g.add((node, RDFS.label, en(f"{name} ({number})")))
        g.add((node, FOAF.familyName, Literal(family)))
        g.add((node, FOAF.name, Literal(name)))
        g.add((node, LPSKG.statedIn, passage))
        self.defined.add(number)


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


def bundle_graphs() -> Iterator[tuple[str, Graph]]:
    """The ontology and data files as ``lpskg load`` stores them, with their entailments."""
    for name, path in bundle_files().items():
        yield from with_inferences(name, parse_file(path)).items()


def inputs_fingerprint() -> str:
    """SHA-256 of what a generated graph depends on besides size and seed: the bundle and this file."""
    digest = hashlib.sha256()
    for path in [*bundle_files().values(), Path(__file__)]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def generate(target_triples: int, seed: int, out: TextIO) -> Manifest:
    """Write a graph of at least ``target_triples`` quads (entailments included) to ``out``."""
    started = time.perf_counter()
    manifest = Manifest(seed=seed, target_triples=target_triples, inputs_sha256=inputs_fingerprint())
    bundle = Graph()
    for name, graph in bundle_graphs():
        out.writelines(nquads(name, graph))
        manifest.bundle_triples += len(graph)
        manifest.graphs += 1
        if not name.startswith(graph_iri("inferred")):
            bundle += graph
    manifest.triples = manifest.bundle_triples
    generator = Generator(seed, Concepts.of_bundle(bundle))
    while manifest.triples < target_triples:
        if manifest.publications >= PUBLICATIONS_PER_CASE * manifest.cases:
            name, graph = generator.case(manifest.cases + 1)
            manifest.cases += 1
            samples = manifest.sample_cases
        else:
            name, graph = generator.publication(manifest.publications + 1)
            manifest.publications += 1
            samples = manifest.sample_publications
        if len(samples) < 5:
            samples.append(name)
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
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: write 10k, 100k, 1M or a number")
    return int(digits) * multiplier


def write(target_triples: int, seed: int, path: Path) -> Manifest:
    """Generate into ``path`` (via a temporary file, so a half-written graph is never left) and
    write the manifest to ``path`` with suffix ``.json``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".tmp")
    with partial.open("w", encoding="utf-8") as out:
        manifest = generate(target_triples, seed, out)
    partial.replace(path)
    path.with_suffix(".json").write_text(json.dumps(asdict(manifest), indent=2) + "\n", encoding="utf-8")
    return manifest


#: Where generated graphs are kept between benchmark runs.
WORK = ROOT / "var" / "bench"


def cached(size: str, seed: int) -> tuple[Path, dict]:
    """The generated graph of ``size`` and its manifest: made once, then reused while the manifest
    says it was made from the same size, seed and inputs (bundle files and this generator)."""
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
    parser.add_argument("--triples", default="10k", help="10k, 100k, 1M or a number")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None,
                        help="N-Quads file to write (default: var/bench/lpskg-SIZE-seedN.nq, where the "
                             "benchmark looks for it)")
    args = parser.parse_args(argv)
    try:
        triples = parse_size(args.triples)
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    out = args.out or WORK / f"lpskg-{args.triples.lower()}-seed{args.seed}.nq"
    manifest = write(triples, args.seed, out)
    print(f"wrote {manifest.triples} quads in {manifest.graphs} graphs ({manifest.cases} cases, "
          f"{manifest.publications} publications) to {out} in {manifest.seconds} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
