"""The SPARQL of lpskg, kept as ``.rq`` files under ``queries/`` and named by role.

* ``queries/*.rq``: the named queries, the questions the paper's readers ask,
  served at ``/api/queries/NAME`` and by ``lpskg query --named NAME``;
* ``queries/pages/*.rq``: the read models of the web pages;
* ``queries/intake/*.rq``: what a submission reads of the graph (concept
  index, existing nodes, people, works);
* ``queries/rules/*.rq``: CONSTRUCT rules that derive knowledge from evidence.

Each file is an ordinary SPARQL query preceded by a comment header that the
server, the command line and ``docs/queries.md`` all read::

    # title: Tensions per paradox with their poles
    # description: Each organisational paradox with the tensions inside it ...
    # param: paradox | iri lpskg:Paradox | optional | (all) | Restrict to one paradox, e.g. paradox:learning
    # values: iri | iri | The resources to label (a list, bound with VALUES)

A ``param`` line has five fields separated by ``|``: the variable name (without
``?``), its type (one of :data:`PARAMETER_TYPES`), ``required`` or ``optional``,
the default, and a one-line description.  An ``iri`` parameter names the class
of its values after the type: ``iri lpskg:Case`` takes a case, and a label given
for it ("Scania") is looked for among the cases only (``iri rdfs:Resource``
takes any resource).  A default written in parentheses, such as ``(all)``, is
not a value: it says what the query returns when the parameter is left out, and
the variable then stays unbound.

The package does four jobs, one module each: :mod:`.header` (the header
grammar and the query it introduces), :mod:`.parameters` (typed parameters:
values become RDF terms, never text pasted into the query), :mod:`.loading`
(finding files by name and role) and :mod:`.catalogue` (``docs/queries.md``).
"""
from __future__ import annotations

from .catalogue import example_text, example_values, render_catalogue
from .header import NamedQuery, QueryFile, parse_named_query, parse_query_file
from .loading import list_named_queries, load_named_query, read_model, read_models
from .parameters import (
    PARAMETER_TYPES,
    NamedQueryError,
    Parameter,
    Resolver,
    UnknownNamedQuery,
    fill_values,
    prefixed_name,
    to_term,
)

__all__ = ["PARAMETER_TYPES", "NamedQuery", "NamedQueryError", "Parameter", "QueryFile", "Resolver", "UnknownNamedQuery",
           "example_text", "example_values", "fill_values", "list_named_queries", "load_named_query",
           "parse_named_query", "parse_query_file", "prefixed_name", "read_model", "read_models", "render_catalogue",
           "to_term"]
