"""The ontology's HTML documentation, generated from ``ontology/lpskg.ttl`` by pyLODE.

pyLODE 3.4.1 reads its own version from a ``pyproject.toml`` that its wheel
does not ship, so importing it fails; the version module is provided from the
installed package's metadata before pyLODE is imported.

pyLODE also fails on a class expression nested in another (the archetype
indications are unions of restrictions on intersections): such a definition is
handed to it as a scope note in Manchester syntax instead, which reads better
than a drawing of blank nodes would.

pyLODE shows the preferred namespace URI as its prefix (``lpskg:``); the page
shows the IRI (:func:`with_namespace_iri`).

A render takes one to a few seconds, so it is kept on disk, keyed by the
ontology's content and pyLODE's version (``var/cache/``), and the server
renders it in the background when it starts, before anyone asks.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import threading
import types
from importlib.metadata import version
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ...paths import ONTOLOGY_FILE, ROOT

#: Where rendered documentation is kept between runs.
CACHE_DIR = ROOT / "var" / "cache"

_lock = threading.Lock()
_rendered: dict[str, str] = {}


def _import_pylode():
    """pyLODE's OntPub, imported without what its import does to the process.

    It needs a ``pylode.version`` module its wheel lacks, and its import calls
    ``logging.basicConfig(level=DEBUG)``: left alone, every library that logs
    on the root logger (nanopub does) would print its debug lines in the
    server's log from the first ontology page on.
    """
    if "pylode.version" not in sys.modules:
        module = types.ModuleType("pylode.version")
        module.__version__ = version("pylode")
        sys.modules["pylode.version"] = module
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    from pylode import OntPub

    root.setLevel(level)
    root.handlers[:] = handlers
    return OntPub


_SETS = {OWL.unionOf: "or", OWL.intersectionOf: "and"}
_RESTRICTIONS = {OWL.someValuesFrom: "some", OWL.allValuesFrom: "only", OWL.hasValue: "value"}


def manchester(graph: Graph, node: URIRef | BNode) -> str:
    """A class expression in Manchester syntax, terms by their labels (or IRI's last segment)."""
    if isinstance(node, URIRef):
        label = graph.value(node, RDFS.label)
        return str(label) if label is not None else str(node).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    for set_property, word in _SETS.items():
        members = graph.value(node, set_property)
        if members is not None:
            return "(" + f" {word} ".join(manchester(graph, m) for m in Collection(graph, members)) + ")"
    prop = graph.value(node, OWL.onProperty)
    for restriction, word in _RESTRICTIONS.items():
        filler = graph.value(node, restriction)
        if prop is not None and filler is not None:
            return f"({manchester(graph, prop)} {word} {manchester(graph, filler)})"
    return "(an expression this page cannot show)"


def _is_nested(graph: Graph, node: BNode) -> bool:
    """True if the expression holds a union or intersection inside another expression."""
    inner = [o for p, o in graph.predicate_objects(node) if isinstance(o, BNode) and p != RDF.type]
    for child in inner:
        for item in (Collection(graph, child) if (child, RDF.first, None) in graph else [child]):
            if isinstance(item, BNode) and (any((item, p, None) in graph for p in _SETS) or _is_nested(graph, item)):
                return True
    return False


def documented_ontology(graph: Graph) -> Graph:
    """``graph`` (changed in place, keeping its prefixes, which pyLODE names anchors by) with each nested
    class definition turned into a Manchester-syntax scope note."""
    for cls, expression in list(graph.subject_objects(OWL.equivalentClass)):
        if isinstance(expression, BNode) and _is_nested(graph, expression):
            graph.remove((cls, OWL.equivalentClass, expression))
            graph.add((cls, SKOS.scopeNote, Literal(f"Defined as: {manchester(graph, expression)}", lang="en")))
    return graph


#: pyLODE writes the preferred namespace URI as its prefix ("lpskg:"), which tells a reader nothing: its link
#: text becomes the IRI it links to.
_NAMESPACE_URI = re.compile(r'(preferredNamespaceUri"[^>]*>[^<]*</a>\s*</dt>\s*<dd>\s*<a href="([^"]+)">)[^<]*(</a>)')
#: What this module does to pyLODE's page: a change of it renders the page anew.
_RENDERING = b"namespace-iri-1"


def with_namespace_iri(html: str) -> str:
    """pyLODE's page with the preferred namespace URI shown as the IRI, not as its prefix."""
    return _NAMESPACE_URI.sub(lambda m: m.group(1) + m.group(2) + m.group(3), html, count=1)


def _generate() -> str:
    OntPub = _import_pylode()
    html = OntPub(ontology=documented_ontology(Graph().parse(ONTOLOGY_FILE, format="turtle"))).make_html()
    return with_namespace_iri(html)


def _cache_file() -> Path:
    key = hashlib.sha256(ONTOLOGY_FILE.read_bytes() + version("pylode").encode() + _RENDERING).hexdigest()[:16]
    return CACHE_DIR / f"ontology-{key}.html"


def ontology_html() -> str:
    """The documentation page: from memory, else from the disk cache, else rendered (1-5 s) and kept."""
    cache = _cache_file()
    with _lock:
        if cache.name not in _rendered:
            try:
                _rendered[cache.name] = cache.read_text(encoding="utf-8")
            except OSError:
                html = _generate()
                _rendered[cache.name] = html
                try:  # written whole or not at all: another process may read it meanwhile
                    cache.parent.mkdir(parents=True, exist_ok=True)
                    partial = cache.with_suffix(f".{os.getpid()}.tmp")
                    partial.write_text(html, encoding="utf-8")
                    partial.replace(cache)
                except OSError:
                    pass  # a read-only checkout still serves the page, rendered once per process
        return _rendered[cache.name]


def prerender() -> threading.Thread:
    """Render (or read) the documentation in a background thread, so the first visitor does not wait."""
    thread = threading.Thread(target=ontology_html, name="ontology-doc", daemon=True)
    thread.start()
    return thread


def with_site_header(html: str, head: str, header: str) -> str:
    """pyLODE's page with the site's stylesheet link (``head``) and header (``header``), so it has a way back."""
    html = html.replace("</head>", head + "</head>", 1)
    return html.replace("<body>", "<body>" + header, 1)
