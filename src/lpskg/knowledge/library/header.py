"""The header grammar of a query file, and the query it introduces.

Each ``.rq`` file is an ordinary SPARQL query preceded by a comment header::

    # title: Tensions per paradox with their poles
    # description: Each organisational paradox with the tensions inside it ...
    # param: paradox | iri lpskg:Paradox | optional | (all) | Restrict to one paradox, e.g. paradox:learning
    # values: iri | iri | The resources to label (a list, bound with VALUES)

A ``param`` line has five fields separated by ``|``: the variable name (without
``?``), its type (one of :data:`~.parameters.PARAMETER_TYPES`), ``required`` or ``optional``,
the default, and a one-line description.  An ``iri`` parameter names the class of
its values after the type (``iri lpskg:Case``; ``iri rdfs:Resource`` for any
resource): a label given for it is looked for among the instances of that class
only.  A default written in parentheses, such as ``(all)``, is not a value: it
says what the query returns when the parameter is left out, and the variable
then stays unbound.

Oxigraph only substitutes variables of the top-level SELECT projection, which is
why every parameter of a SELECT must be projected; parsing rejects a file whose
parameter is not.  Because the value replaces the variable everywhere,
including the projection, a parameter must occur in a pattern every row has to
match: inside an OPTIONAL alone, a row that does not match would still show the value.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph
from rdflib.term import Node

from ...sparql_text import query_form, strip_literals
from ...store import Dataset, Rows, Store
from .parameters import PARAMETER_TYPES, NamedQueryError, Parameter, Resolver, expand_iri, fill_values, to_term

_HEADER = re.compile(r"#\s*(title|description|param|values)\s*:\s*(.*)")
_PROJECTION = re.compile(r"\bSELECT\b(.*?)(\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class QueryFile:
    """A query of the library with its header: what it answers and what it can be asked.

    ``name`` is the file's path under ``queries/`` without ``.rq``
    (``tensions-per-paradox``, ``pages/overview-counts``).
    """

    name: str
    title: str
    description: str
    parameters: list[Parameter]
    text: str
    values: Parameter | None = None

    @property
    def form(self) -> str:
        return query_form(self.text)

    def run(self, store: Store, bindings: Mapping[str, Node] | None = None, values: Iterable[Node] | None = None,
            dataset: Dataset | None = None) -> Rows | Graph | bool:
        """Run the query on ``store``: rows of a SELECT, the graph of a CONSTRUCT, the answer of an ASK.

        ``bindings`` are typed terms for the parameters; ``values`` the list the
        ``# values:`` variable ranges over.
        """
        text = self.text
        if self.values is not None:
            text = fill_values(text, self.values.name, list(values or ()))
        elif values is not None:
            raise NamedQueryError(f"queries/{self.name}.rq takes no list of values")
        run = {"SELECT": store.select, "ASK": store.ask, "CONSTRUCT": store.construct,
               "DESCRIBE": store.construct}[self.form]
        return run(text, bindings or None, dataset)

    def prepare(self, values: Mapping[str, str],
                resolve: Resolver | None = None) -> tuple[str, dict[str, Node]]:
        """The query text and the typed bindings for ``values``, defaults filled in.

        An ``iri`` parameter takes an IRI, a prefixed name or, with ``resolve``
        (text, parameter, what -> IRI), a label such as "Myopia".  Raises
        :class:`NamedQueryError` for an unknown parameter, a missing required
        one, or a value that is not of the parameter's type.
        """
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            accepted = ", ".join(known) or "none"
            raise NamedQueryError(f"named query '{self.name}' has no parameter "
                                  f"{', '.join(repr(u) for u in unknown)}; it accepts: {accepted}")
        bindings: dict[str, Node] = {}
        for parameter in self.parameters:
            value = values.get(parameter.name)
            if value is None or value == "":
                if parameter.required:
                    raise NamedQueryError(f"named query '{self.name}' needs the parameter "
                                          f"'{parameter.name}' ({parameter.type}): {parameter.description}")
                value = parameter.default
            if value is not None:
                bindings[parameter.name] = to_term(self.name, parameter, value, resolve)
        return self.text, bindings


def parse_query_file(name: str, source: str) -> QueryFile:
    """A query from the text of its .rq file; NamedQueryError if the header is incomplete."""
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    values: Parameter | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER.fullmatch(line.strip())
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "values":
            if values is not None:
                raise NamedQueryError(f"queries/{name}.rq line {number}: a second 'values' line")
            values = _parse_values(name, number, value)
        elif key == "param":
            parameter = _parse_parameter(name, number, value)
            if any(p.name == parameter.name for p in parameters):
                raise NamedQueryError(f"queries/{name}.rq line {number}: a second parameter '{parameter.name}'")
            parameters.append(parameter)
        elif key in fields:
            raise NamedQueryError(f"queries/{name}.rq line {number}: a second '{key}' line")
        else:
            fields[key] = value
    for key in ("title", "description"):
        if not fields.get(key):
            raise NamedQueryError(f"queries/{name}.rq: the header has no '# {key}:' line")
    if query_form(source) not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise NamedQueryError(f"queries/{name}.rq: not a SPARQL query")
    if query_form(source) == "SELECT":
        _check_parameters_projected(name, source, parameters)
    return QueryFile(name=name, title=fields["title"], description=fields["description"],
                     parameters=parameters, text=source, values=values)


def _parse_values(query_name: str, number: int, spec: str) -> Parameter:
    parts = [p.strip() for p in spec.split("|", 2)]
    if len(parts) != 3 or not re.fullmatch(r"[A-Za-z_]\w*", parts[0]) or parts[1] not in PARAMETER_TYPES:
        raise NamedQueryError(f"queries/{query_name}.rq line {number}: a values line has 3 fields "
                              "'name | type | description'")
    return Parameter(name=parts[0], type=parts[1], default=None, description=parts[2], required=False)


def _parse_parameter(query_name: str, number: int, spec: str) -> Parameter:
    where = f"queries/{query_name}.rq line {number}"
    parts = [p.strip() for p in spec.split("|", 4)]
    if len(parts) != 5:
        raise NamedQueryError(f"{where}: a param line has 5 fields "
                              "'name | type | required|optional | default | description', "
                              f"got {len(parts)}")
    name, type_, necessity, default, description = parts
    if not re.fullmatch(r"[A-Za-z_]\w*", name):
        raise NamedQueryError(f"{where}: '{name}' is not a SPARQL variable name")
    type_, _, kind = type_.partition(" ")
    kind = kind.strip()
    if type_ not in PARAMETER_TYPES:
        raise NamedQueryError(f"{where}: type '{type_}' of '{name}' is not one of {', '.join(PARAMETER_TYPES)}")
    if kind and type_ != "iri":
        raise NamedQueryError(f"{where}: only an iri parameter names a class ('iri lpskg:Case'); "
                              f"'{name}' is {type_}")
    kind_iri = expand_iri(kind, f"{where}: the class of '{name}'") if kind else None
    if necessity not in ("required", "optional"):
        raise NamedQueryError(f"{where}: '{name}' must be 'required' or 'optional', not '{necessity}'")
    if not description:
        raise NamedQueryError(f"{where}: '{name}' has no description")
    no_default = default == "" or (default.startswith("(") and default.endswith(")"))
    parameter = Parameter(name=name, type=type_, default=None if no_default else default,
                          description=description, required=necessity == "required", kind=kind_iri)
    if parameter.default is not None:
        to_term(query_name, parameter, parameter.default)
    return parameter


def _check_parameters_projected(name: str, source: str, parameters: list[Parameter]) -> None:
    """Oxigraph substitutes only projected variables: a parameter must be in the SELECT clause."""
    match = _PROJECTION.search(strip_literals(source))
    projection = match.group(1) if match else ""
    if projection.strip() == "*" or projection.lstrip().upper().startswith(("DISTINCT *", "REDUCED *")):
        return
    projected = set(re.findall(r"[?$](\w+)", projection))
    for parameter in parameters:
        if parameter.name not in projected:
            raise NamedQueryError(f"queries/{name}.rq: parameter '{parameter.name}' must be a variable "
                                  "of the SELECT clause (the engine binds only projected variables)")


#: A named query: a SELECT at the top of ``queries/``, served to everyone.
NamedQuery = QueryFile


def parse_named_query(name: str, source: str) -> NamedQuery:
    """A named query from its .rq file: a query file that is a SELECT and takes no list of values."""
    query = parse_query_file(name, source)
    if query.form != "SELECT":
        raise NamedQueryError(f"queries/{name}.rq: a named query must be a SELECT query")
    if query.values is not None:
        raise NamedQueryError(f"queries/{name}.rq: a named query takes parameters, not a list of values")
    return query
