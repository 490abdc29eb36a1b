"""What SPARQL services answer otherwise than the standard says, read back as the standard says.

lpskg talks to a remote service in plain SPARQL 1.1 and reads its answers
through this module, so that the store's callers never see whose engine
answered.  Measured against OpenLink Virtuoso 7.2 (Debian's
``virtuoso-opensource-7``) beside Oxigraph's server:

* an ASK asked for SPARQL JSON comes back SELECT-shaped, one row binding
  ``__ASK_RETVAL`` to 1 or 0 (an ``xsd:integer``), instead of ``{"boolean": ...}``;
* ``GRAPH ?g { }`` (an empty group) gives one row with nothing bound instead of
  one row per graph, so graph names are asked with a triple pattern there;
* the store holds the engine's own graphs beside lpskg's (Virtuoso's RDF views,
  its LDP vocabulary, its service description), and ``GRAPH ?g`` ranges over
  them: they are no part of lpskg's dataset, so they are left out of graph
  lists and counts, and a query that ranges over graphs by a variable is sent
  with lpskg's graphs listed as its dataset (Virtuoso's own pragmas for this,
  ``input:named-graph-exclude``, make ``GRAPH <iri>`` match nothing);
* literals come as SPARQL 1.0's ``typed-literal`` (read as literals);
* each update operation is compiled to SQL of at most 10,000 lines, which
  ``INSERT DATA`` blocks of :data:`~lpskg.store.base.INSERT_DATA_BLOCK` triples keep under;
* a ``GROUP_CONCAT`` over no values is ``""`` as 18.5.1.7 says, where Oxigraph leaves it unbound
  (readers treat both as empty; wrapping it in ``COALESCE`` trips Virtuoso's SQL compiler);
* and, once the engine is known to be Virtuoso (its ``Server`` header), what
  :class:`Virtuoso` repairs: booleans computed by the query (``EXISTS``,
  comparisons) come back as ``xsd:integer`` 1/0, stored ones with the lexical
  form ``1``/``0``; a whole ``xsd:decimal`` written without a point
  (``"17500000"^^xsd:decimal``) is stored as an ``xsd:integer``; ``DROP GRAPH``
  does nothing to a graph not made by ``CREATE GRAPH``; ``GRAPH ?g { }`` in an
  update matches no graph.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

#: The variable Virtuoso binds to the answer of an ASK.
ASK_VARIABLE = "__ASK_RETVAL"

#: Graphs an engine keeps for itself in the store, never lpskg's.
ENGINE_GRAPHS = frozenset({
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
})

#: Graph names, asked without reading triples where the engine can (Oxigraph lists its graphs from an index).
GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"


def ask_boolean(answer: dict) -> bool | None:
    """The answer of an ASK in SPARQL JSON, standard or SELECT-shaped; None if it holds no answer."""
    if "boolean" in answer:
        return bool(answer["boolean"])
    rows = answer.get("results", {}).get("bindings", [])
    if answer.get("head", {}).get("vars") == [ASK_VARIABLE]:  # no row at all for "false"
        return bool(rows) and rows[0].get(ASK_VARIABLE, {}).get("value") not in ("0", "false")
    return None


def standard_ask(body: bytes) -> bytes:
    """An ASK answer in SPARQL JSON as the standard writes it (``body`` unchanged if it is not one)."""
    try:
        answer = json.loads(body)
    except ValueError:
        return body  # the parser of the answer reports it
    boolean = ask_boolean(answer) if isinstance(answer, dict) else None
    return body if boolean is None else json.dumps({"head": {}, "boolean": boolean}).encode()


def lists_no_graph(rows: list[dict]) -> bool:
    """True when an answer to :data:`GRAPH_NAMES` has a row with no graph: the engine needs :data:`GRAPH_NAMES_OF_TRIPLES`."""
    return any("g" not in row for row in rows)


def lpskg_graphs(rows: list[dict]) -> list[str]:
    """The graph IRIs of an answer to a graph-names query, without the engine's own graphs, sorted."""
    return sorted(row["g"]["value"] for row in rows
                  if row.get("g", {}).get("type") == "uri" and row["g"]["value"] not in ENGINE_GRAPHS)


def without_engine_graphs(variable: str) -> str:
    """A FILTER that keeps ``?variable`` off the engine's own graphs."""
    return f"FILTER(?{variable} NOT IN ({', '.join(f'<{g}>' for g in sorted(ENGINE_GRAPHS))}))"


#: Graph names for an engine that matches nothing with an empty group (Virtuoso).  The filter is no
#: mere tidying: without it Virtuoso scans its own graphs too and takes 8.6 s where it takes 0.03 s.
GRAPH_NAMES_OF_TRIPLES = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {without_engine_graphs('g')} }}"


XSD = "http://www.w3.org/2001/XMLSchema#"
#: Expressions whose value is an xsd:boolean (SPARQL 1.1 Query 17.4), by rdflib's algebra names.
_BOOLEAN_EXPRESSIONS = frozenset({
    "Builtin_EXISTS", "Builtin_NOTEXISTS", "Builtin_BOUND", "RelationalExpression", "ConditionalAndExpression",
    "ConditionalOrExpression", "UnaryNot", "Builtin_isIRI", "Builtin_isURI", "Builtin_isBLANK",
    "Builtin_isLITERAL", "Builtin_isNUMERIC", "Builtin_sameTerm", "Builtin_LANGMATCHES", "Builtin_REGEX",
    "Builtin_CONTAINS", "Builtin_STRSTARTS", "Builtin_STRENDS",
})
_WHOLE_DECIMAL = re.compile(r'"([+-]?\d+)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>')
_DROP_GRAPH = re.compile(r"\bDROP\s+(?:SILENT\s+)?GRAPH\s*<", re.IGNORECASE)
_GRAPH_VARIABLE = re.compile(r"\bGRAPH\s*[?$]", re.IGNORECASE)
_EMPTY_GRAPH_GROUP = re.compile(r"\bGRAPH\s+\?(\w+)\s*\{\s*\}")


@lru_cache(maxsize=1024)
def boolean_variables(query: str) -> frozenset[str]:
    """The variables ``query`` binds to a boolean expression (``BIND(EXISTS {...} AS ?v)``, ``(?a < ?b AS ?v)``)
    or to a boolean in a ``VALUES`` block (a named query's ``statedOnly``)."""
    try:
        algebra = translateQuery(parseQuery(query)).algebra
    except Exception:  # noqa: BLE001 - rdflib's parser raises anything; the engine has answered it already
        return frozenset()
    found, todo = set(), [algebra]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            if node.name == "Extend" and getattr(node.expr, "name", None) in _BOOLEAN_EXPRESSIONS:
                found.add(str(node.var))
            elif node.name == "values":  # VALUES rows, as named-query parameters are sent: booleans stay booleans
                found.update(str(var) for row in node.res for var, term in row.items()
                             if getattr(term, "datatype", None) is not None and str(term.datatype) == XSD + "boolean")
            todo.extend(node.values())
        elif isinstance(node, (list, tuple)):
            todo.extend(node)
    return frozenset(found)


class Standard:
    """An engine that answers as SPARQL 1.1 says: nothing to repair."""

    name = "standard"

    def lists_graphs_for(self, query: str) -> bool:
        """Whether the union default dataset must be listed graph by graph for ``query`` (see :class:`Virtuoso`)."""
        return False

    def update_text(self, update: str) -> str:
        """The update as this engine must be sent it to store what it says."""
        return update

    def results(self, answer: dict, query: str) -> dict:
        """A SELECT answer in SPARQL JSON with the terms as the standard writes them."""
        return answer

    def results_body(self, body: bytes, query: str) -> bytes:
        """:meth:`results` on a serialised answer (left undecoded where there is nothing to repair)."""
        return body


class Virtuoso(Standard):
    """OpenLink Virtuoso 7: booleans as integers, whole decimals stored as integers (see the module)."""

    name = "virtuoso"

    def lists_graphs_for(self, query: str) -> bool:
        """A query with ``GRAPH ?g`` would range over Virtuoso's own graphs too."""
        return _GRAPH_VARIABLE.search(query) is not None

    def update_text(self, update: str) -> str:
        """The update in the form Virtuoso applies as the standard says.

        ``DROP GRAPH`` becomes ``CLEAR SILENT GRAPH``: Virtuoso drops only graphs made by
        ``CREATE GRAPH`` and leaves (``SILENT``) or refuses the others, where clearing the triples
        is all there is to a graph; ``GRAPH ?g { }`` becomes a pattern that lists the graphs;
        whole decimals get a point (``"1.0"^^xsd:decimal``), which Virtuoso then stores as decimals.
        """
        update = _DROP_GRAPH.sub("CLEAR SILENT GRAPH <", update)
        update = _EMPTY_GRAPH_GROUP.sub(r"{ SELECT DISTINCT ?\1 WHERE { GRAPH ?\1 { ?lpskg_s ?lpskg_p ?lpskg_o } } }",
                                        update)
        return _WHOLE_DECIMAL.sub(r'"\1.0"^^<http://www.w3.org/2001/XMLSchema#decimal>', update)

    def results(self, answer: dict, query: str) -> dict:
        booleans = boolean_variables(query)
        for row in answer.get("results", {}).get("bindings", []):
            for name, term in row.items():
                datatype, value = term.get("datatype"), term.get("value")
                if value in ("0", "1") and (datatype == XSD + "boolean" or
                                            (datatype == XSD + "integer" and name in booleans)):
                    row[name] = {"type": "literal", "datatype": XSD + "boolean",
                                 "value": "true" if value == "1" else "false"}
        return answer

    def results_body(self, body: bytes, query: str) -> bytes:
        try:
            answer = json.loads(body)
        except ValueError:
            return body
        return json.dumps(self.results(answer, query)).encode() if isinstance(answer, dict) else body


def dialect_for(server: str) -> Standard:
    """The dialect of the engine whose HTTP ``Server`` header is ``server``."""
    return Virtuoso() if server.lower().startswith("virtuoso") else Standard()
