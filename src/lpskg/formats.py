"""Every format lpskg reads or writes, in one registry.

RDF and SPARQL results formats are pyoxigraph's own (``RdfFormat``,
``QueryResultsFormat``): their media type, file extension and W3C IRI come
from pyoxigraph, so the serialisers and the names people see cannot drift
apart. The registry adds only what pyoxigraph does not know: rdflib's name
for the format (graphs parsed or built in Python), the short names a person
types (``format=csv``, ``--format trig``) and the other media types clients
send for it. Submission formats that are not RDF (YAML case files, BibTeX,
CSL-JSON) are registered the same way.

A media type can mean different formats to different readers:
``application/json`` is SPARQL JSON results to the endpoint, JSON-LD to the
Graph Store, a case file to the case API and CSL-JSON to the literature API.
So each reader looks a format up in its own *family* (:data:`RESULTS`,
:data:`GRAPHS`, :data:`DATASETS`, :data:`CASES`, :data:`LITERATURE`), in
the family's order of preference.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One serialisation: its media type, file extensions and names elsewhere."""

    name: str
    media_type: str
    extensions: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    short_names: tuple[str, ...] = ()
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat | None = None
    rdflib: str | None = None
    w3c_iri: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every short name of the format, its own first."""
        return (self.name, *(n for n in self.short_names if n != self.name))

    def means(self, media_type: str) -> bool:
        """Whether a client that sends or asks for ``media_type`` means this format."""
        return media_type == self.media_type or media_type in self.aliases


def _oxigraph(fmt: ox.RdfFormat | ox.QueryResultsFormat, *short_names: str, rdflib: str | None = None,
              aliases: tuple[str, ...] = (), extensions: tuple[str, ...] = (), w3c_iri: str | None = None) -> Format:
    """A format pyoxigraph knows, with its media type (without parameters), extension and IRI from pyoxigraph."""
    return Format(short_names[0], fmt.media_type.split(";")[0].strip(), (fmt.file_extension, *extensions),
                  aliases, short_names, fmt, rdflib, w3c_iri or fmt.iri)


# --------------------------------------------------------------------------- RDF and SPARQL results

SPARQL_JSON = _oxigraph(ox.QueryResultsFormat.JSON, "json", aliases=("application/json",))
SPARQL_XML = _oxigraph(ox.QueryResultsFormat.XML, "xml", aliases=("application/xml", "text/xml"))
SPARQL_CSV = _oxigraph(ox.QueryResultsFormat.CSV, "csv")
SPARQL_TSV = _oxigraph(ox.QueryResultsFormat.TSV, "tsv")

TURTLE = _oxigraph(ox.RdfFormat.TURTLE, "turtle", "ttl", "n3", rdflib="turtle",
                   aliases=("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3"))
N_TRIPLES = _oxigraph(ox.RdfFormat.N_TRIPLES, "nt", "ntriples", "n-triples", rdflib="nt", aliases=("text/plain",))
# pyoxigraph names JSON-LD by the newer https://www.w3.org/ns/formats/data/ IRI; service descriptions
# and their clients know the one the W3C formats namespace lists.
JSON_LD = _oxigraph(ox.RdfFormat.JSON_LD, "jsonld", "json-ld", "json", rdflib="json-ld", aliases=("application/json",),
                    w3c_iri="http://www.w3.org/ns/formats/JSON-LD")
RDF_XML = _oxigraph(ox.RdfFormat.RDF_XML, "rdfxml", "rdf+xml", "xml", rdflib="xml",
                    aliases=("application/xml", "text/xml"))
N_QUADS = _oxigraph(ox.RdfFormat.N_QUADS, "nquads", "nq", rdflib="nquads")
TRIG = _oxigraph(ox.RdfFormat.TRIG, "trig", rdflib="trig")

# --------------------------------------------------------------------------- submissions that are not RDF

YAML = Format("yaml", "application/yaml", ("yaml", "yml"),
              aliases=("application/x-yaml", "text/yaml", "text/x-yaml"))
# A case file may be written as JSON: JSON is YAML, and the YAML reader keeps the line of every field.
CASE_JSON = Format("json", "application/json", ("json",))
BIBTEX = Format("bibtex", "application/x-bibtex", ("bib",), aliases=("text/x-bibtex",))
CSL_JSON = Format("csl-json", "application/vnd.citationstyles.csl+json", ("json",), aliases=("application/json",))
# A coded REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder): a zip of project.qde and its sources.
# The standard registers no media type; the tools send it as a zip.
QDPX = Format("qdpx", "application/zip", ("qdpx",), aliases=("application/x-zip-compressed", "application/x-qdpx"))

# --------------------------------------------------------------------------- families, in order of preference

#: SELECT and ASK answers.
RESULTS: tuple[Format, ...] = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
#: Graphs: CONSTRUCT and DESCRIBE answers, the Graph Store, resource descriptions, uploads.
GRAPHS: tuple[Format, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML)
#: Whole datasets, every quad with its graph: ``lpskg export`` writes these; ``lpskg import`` reads these
#: and any graph format (its triples into the graph ``--graph`` names).
DATASETS: tuple[Format, ...] = (N_QUADS, TRIG)
#: Case files: hand-written YAML (or JSON), RDF in the lpskg vocabulary, or a coded REFI-QDA project.
CASES: tuple[Format, ...] = (YAML, CASE_JSON, TURTLE, JSON_LD, QDPX)
#: Publications: hand-written YAML, or a reference manager's export.
LITERATURE: tuple[Format, ...] = (YAML, BIBTEX, CSL_JSON)

RESULT_TYPES: tuple[str, ...] = tuple(f.media_type for f in RESULTS)
GRAPH_TYPES: tuple[str, ...] = tuple(f.media_type for f in GRAPHS)


def by_media_type(family: Sequence[Format], media_type: str) -> Format | None:
    """The format of ``family`` a client means by ``media_type`` (parameters ignored), or None.

    A format's own media type wins over another's alias, so ``application/json``
    means CSL-JSON to :data:`LITERATURE` only when no format of it is plain JSON.
    """
    base = media_type.split(";")[0].strip().lower()
    return (next((f for f in family if f.media_type == base), None)
            or next((f for f in family if base in f.aliases), None))


def by_extension(family: Sequence[Format], path: str | PurePath) -> Format | None:
    """The format of ``family`` a file name's extension says, or None."""
    suffix = PurePath(path).suffix.lstrip(".").lower()
    return next((f for f in family if suffix in f.extensions), None) if suffix else None


def by_name(family: Sequence[Format], name: str) -> Format | None:
    """The format of ``family`` a person names (``csv``, ``trig``, ``ttl``), or None."""
    name = name.strip().lower()
    return next((f for f in family if name in f.names), None)


def media_types(family: Sequence[Format]) -> list[str]:
    """Every media type ``family`` reads, for an error message that lists them."""
    return sorted({t for f in family for t in (f.media_type, *f.aliases)})


def extensions(family: Sequence[Format]) -> list[str]:
    """Every file extension ``family`` reads, with its dot, for an error message that lists them."""
    return [f".{e}" for f in family for e in f.extensions]
