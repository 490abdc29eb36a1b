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
    # param: paradox | iri | optional | (all) | Restrict to one paradox, e.g. paradox:learning
    # values: iri | iri | The resources to label (a list, bound with VALUES)

A ``param`` line has five fields separated by ``|``: the variable name (without
``?``), its type (one of :data:`PARAMETER_TYPES`), ``required`` or ``optional``,
the default, and a one-line description.  A default written in parentheses, such
as ``(all)``, is not a value: it says what the query returns when the parameter
is left out, and the variable then stays unbound.

Parameter values are never pasted into the query text.  :meth:`QueryFile.prepare`
turns each value into a typed RDF term, and the store hands those terms to the
engine as SEP-0007 substitutions (pyoxigraph's ``substitutions=``), so a value
cannot change the query's meaning.  A ``values`` variable takes a list, written
as a ``VALUES`` block of escaped terms (:func:`lpskg.sparql_text.bind`).  Oxigraph only substitutes variables of the
top-level SELECT projection, which is why every parameter of a SELECT must be
projected; loading rejects a file whose parameter is not.  Because the
value replaces the variable everywhere, including the projection, a parameter
must occur in a pattern every row has to match: inside an OPTIONAL alone, a
row that does not match would still show the value.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..namespaces import PREFIXES
from ..paths import QUERIES_DIR
from ..sparql_text import bind, mask_literals, query_form, strip_literals, values_block
from ..store import Dataset, Rows, Store

#: The types a parameter may have, with what a value must look like.
PARAMETER_TYPES = ("iri", "string", "integer", "decimal", "boolean", "date", "year")

_HEADER = re.compile(r"#\s*(title|description|param|values)\s*:\s*(.*)")
_ABSOLUTE_IRI = re.compile(r"https?://[^\s<>\"{}|^`\\]+")
_PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*)?:([^\s<>\"{}|^`\\]*)")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_YEAR = re.compile(r"-?\d{4,}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEANS = {"true": "true", "1": "true", "yes": "true", "false": "false", "0": "false", "no": "false"}
_PROJECTION = re.compile(r"\bSELECT\b(.*?)(\bWHERE\b|\{)", re.IGNORECASE | re.DOTALL)


class NamedQueryError(ValueError):
    """A query file is unknown, badly written, or given a bad parameter; the message says which."""


@dataclass(frozen=True)
class Parameter:
    """One parameter of a named query: the SPARQL variable of the same name, bound by value."""

    name: str
    type: str
    default: str | None
    description: str
    required: bool


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
                resolve: Callable[[str, str], str] | None = None) -> tuple[str, dict[str, Node]]:
        """The query text and the typed bindings for ``values``, defaults filled in.

        An ``iri`` parameter takes an IRI, a prefixed name or, with ``resolve``
        (text, what -> IRI), a label such as "Myopia".  Raises
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


def to_term(query_name: str, parameter: Parameter, value: str,
            resolve: Callable[[str, str], str] | None = None) -> Node:
    """The RDF term for a parameter's textual value, or a NamedQueryError saying what is wrong.

    With ``resolve``, an ``iri`` value that is neither an IRI nor a prefixed name is taken as a label.
    """
    text = value.strip()

    def bad(expected: str) -> NamedQueryError:
        return NamedQueryError(f"parameter '{parameter.name}' of named query '{query_name}' must be "
                               f"{expected}, got {value!r}")

    if parameter.type == "string":
        return Literal(value)
    if parameter.type == "iri":
        if resolve is not None and text and not _looks_like_iri(text):
            return URIRef(resolve(text, f"parameter '{parameter.name}' of named query '{query_name}'"))
        return URIRef(_expand_iri(text, bad))
    if parameter.type == "integer":
        if not _INTEGER.fullmatch(text):
            raise bad("an integer such as 42")
        return Literal(int(text), datatype=XSD.integer)
    if parameter.type == "decimal":
        if not _DECIMAL.fullmatch(text):
            raise bad("a decimal number such as 2.5")
        try:
            return Literal(Decimal(text), datatype=XSD.decimal)
        except InvalidOperation:
            raise bad("a decimal number such as 2.5") from None
    if parameter.type == "boolean":
        if text.lower() not in _BOOLEANS:
            raise bad("true or false")
        return Literal(_BOOLEANS[text.lower()], datatype=XSD.boolean)
    if parameter.type == "date":
        try:
            if not _DATE.fullmatch(text):
                raise ValueError(text)
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise bad("a date written YYYY-MM-DD") from None
        return Literal(day.isoformat(), datatype=XSD.date)
    if parameter.type == "year":
        if not _YEAR.fullmatch(text):
            raise bad("a year of four digits such as 2024")
        return Literal(text, datatype=XSD.gYear)
    raise bad(f"of a known type ({', '.join(PARAMETER_TYPES)})")


def _looks_like_iri(text: str) -> bool:
    """True for text written as an IRI or a prefixed name (``<...>``, ``scheme:...``), false for a label."""
    return text.startswith("<") or bool(_PREFIXED_NAME.fullmatch(text)) or ":" in text.split()[0]


def _expand_iri(text: str, bad: Callable[[str], NamedQueryError]) -> str:
    """An absolute http(s) IRI, from an IRI (with or without <>) or a known prefixed name."""
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if _ABSOLUTE_IRI.fullmatch(text):
        return text
    prefixed = _PREFIXED_NAME.fullmatch(text)
    if prefixed and (prefixed.group(1) or "") in PREFIXES:
        return PREFIXES[prefixed.group(1) or ""] + prefixed.group(2)
    if prefixed and not text.lower().startswith(("http:", "https:")):
        raise bad(f"an absolute http(s) IRI or a prefixed name with a known prefix "
                  f"({', '.join(sorted(PREFIXES))}); '{prefixed.group(1) or ''}:' is not one")
    raise bad("an absolute http(s) IRI without spaces or any of <>\"{}|^`\\")


def fill_values(text: str, name: str, terms: list[Node]) -> str:
    """``text`` with the list ``terms`` written into its empty ``VALUES ?name { }`` block.

    A file marks where its list goes with that empty block (still valid SPARQL,
    matching nothing), so the list can sit inside a sub-query; a file without
    one gets the block at the start of its WHERE group.
    """
    block = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{\s*\}", re.IGNORECASE)
    match = block.search(mask_literals(text))
    if match is None:
        return bind(text, {name: terms})
    return text[:match.start()] + values_block({name: terms}) + text[match.end():]


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
    if type_ not in PARAMETER_TYPES:
        raise NamedQueryError(f"{where}: type '{type_}' of '{name}' is not one of {', '.join(PARAMETER_TYPES)}")
    if necessity not in ("required", "optional"):
        raise NamedQueryError(f"{where}: '{name}' must be 'required' or 'optional', not '{necessity}'")
    if not description:
        raise NamedQueryError(f"{where}: '{name}' has no description")
    no_default = default == "" or (default.startswith("(") and default.endswith(")"))
    parameter = Parameter(name=name, type=type_, default=None if no_default else default,
                          description=description, required=necessity == "required")
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


@lru_cache(maxsize=None)
def _library(directory: Path) -> dict[str, NamedQuery]:
    return {path.stem: parse_named_query(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(directory.glob("*.rq"))}


def list_named_queries(directory: Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every named query, sorted by name; the files are read and checked once per process."""
    return list(_library(directory).values())


def load_named_query(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """The named query ``name``; NamedQueryError listing the known names if there is none."""
    library = _library(directory)
    if name not in library:
        raise NamedQueryError(f"unknown named query '{name}'; known: {', '.join(library) or 'none'}")
    return library[name]


@lru_cache(maxsize=None)
def read_model(name: str, directory: Path = QUERIES_DIR) -> QueryFile:
    """The query file ``queries/<name>.rq`` of a page, an intake step or a rule (read once per process)."""
    path = directory / f"{name}.rq"
    if not path.is_file():
        raise NamedQueryError(f"there is no query file queries/{name}.rq")
    return parse_query_file(name, path.read_text(encoding="utf-8"))


def read_models(role: str, directory: Path = QUERIES_DIR) -> list[QueryFile]:
    """Every query file of one role (``rules``, ``pages`` ...), in file-name order."""
    return [read_model(f"{role}/{path.stem}", directory) for path in sorted((directory / role).glob("*.rq"))]


def render_catalogue(directory: Path = QUERIES_DIR) -> str:
    """``docs/queries.md``: the catalogue of named queries, written from their headers."""
    lines = [
        "# Named queries",
        "",
        "<!-- Generated by lpskg.named_queries.render_catalogue() from the headers of queries/*.rq;",
        "     regenerate with `lpskg queries --markdown > docs/queries.md`. -->",
        "",
        "Each query is a SPARQL file in `queries/`. Run one with",
        "`lpskg query --named NAME [--param NAME=VALUE ...] [--format table|json|csv]`.",
        "An IRI parameter takes a full IRI or a prefixed name such as `paradox:learning`;",
        "an optional parameter without a default is left unbound, so the query covers everything.",
        "`lpskg queries` lists the library.",
        "",
    ]
    for query in list_named_queries(directory):
        lines += [f"## `{query.name}`: {query.title}", "", query.description, ""]
        if query.parameters:
            lines += ["| parameter | type | required | default | description |",
                      "|---|---|---|---|---|"]
            for p in query.parameters:
                default = f"`{p.default}`" if p.default is not None else "" if p.required else "unbound: no restriction"
                description = p.description.replace("|", r"\|")
                lines.append(f"| `{p.name}` | {p.type} | {'yes' if p.required else 'no'} | "
                             f"{default} | {description} |")
            lines.append("")
        example = "".join(f" --param {name}={value}" for name, value in example_values(query).items())
        lines += ["```", f"lpskg query --named {query.name}{example}", "```", ""]
    return "\n".join(lines)


def example_values(query: NamedQuery) -> dict[str, str]:
    """Values to show a query with: each parameter's 'e.g.' from its description, else its default.

    Required parameters always get one (their name in capitals if the header gives no example).
    """
    values = {}
    for parameter in query.parameters:
        match = re.search(r"e\.g\.\s+(\S+)", parameter.description)
        if match:
            values[parameter.name] = match.group(1).rstrip(".,;)")
        elif parameter.required:
            values[parameter.name] = parameter.default or parameter.name.upper()
    return values


def example_text(query: NamedQuery) -> str:
    """The query's text with the example values of its header bound, to run as it stands (in YASGUI, say)."""
    text, bindings = query.prepare(example_values(query))
    return bind(text, bindings) if bindings else text
