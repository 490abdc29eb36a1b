"""The store as a remote SPARQL 1.1 service: Oxigraph server, Fuseki, GraphDB, Virtuoso.

``LPSKG_STORE=sparql:QUERY_URL|UPDATE_URL[|union=MODE]`` makes every part of
lpskg (CLI, web endpoint, case submissions) talk to a SPARQL 1.1 Query/Update
service over HTTP instead of the embedded pyoxigraph store, with the same
:class:`~lpskg.store.Store` semantics:

* Bindings are never pasted into the query as raw text: each value is
  serialised as a SPARQL term (IRIs checked against the IRIREF grammar,
  literals escaped) and put in a ``VALUES`` block at the start of the WHERE
  group, which binds the variable before the pattern is matched, as the
  embedded engine's substitutions do for named-query parameters.
* Queries may use the project's prefixes (``lpskg:``, ``paradox:`` ...)
  without declaring them, as with the embedded store: the missing ``PREFIX``
  lines are added in front.
* Datasets travel as the protocol's ``default-graph-uri``/``named-graph-uri``
  parameters.  The union default graph has no standard parameter, so ``MODE``
  says how this service provides it (see :data:`UNION_MODES` and
  docs/remote-engines.md).
* A write is one update request (:class:`~lpskg.knowledge.graphs.Graphs` sends
  a graph, its entailments and the removal of the old ones together), which
  Oxigraph, Fuseki (TDB2) and GraphDB apply as one transaction.
* The service evaluates every query; its answer (SPARQL JSON or N-Triples,
  which every SPARQL 1.1 service writes) is capped and written in the
  client's format by the same code as the embedded store's answers
  (:mod:`lpskg.store.answers`).
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from rdflib import Graph
from rdflib.term import Node
from requests.auth import HTTPDigestAuth

from ..formats import GRAPHS, N_TRIPLES, SPARQL_JSON
from ..namespaces import new_graph
from ..sparql_text import QuerySyntaxError, bind, check_iri, query_form, with_prologue
from .answers import capped, graph_answer, pick, serialise, serialise_triples
from .base import Answer, Dataset, Job, Rows, StoreBase, StoreError, StoreTimeout, StoreUnavailable, own_dataset
from .dialects import (
    GRAPH_NAMES,
    GRAPH_NAMES_OF_TRIPLES,
    Standard,
    ask_boolean,
    dialect_for,
    lists_no_graph,
    lpskg_graphs,
    standard_ask,
    without_engine_graphs,
)
from .inserts import insert_data
from .terms import BlankNodeScope, json_term

#: How the union of all graphs is asked for, per ``|union=MODE`` of the location:
#: ``explicit`` lists every named graph as a default graph (works everywhere; the
#: cost grows with the number of graphs), ``native`` sends nothing because the
#: service's default graph already is the union, ``param:NAME`` sends the
#: service's own request parameter (Oxigraph: ``param:union-default-graph``),
#: ``graph:IRI`` names the service's virtual union graph as the default graph
#: (Jena Fuseki: ``graph:urn:x-arq:UnionGraph``).
UNION_MODES = ("explicit", "native", "param:NAME", "graph:IRI")

#: How the user and password of a service URL are sent: HTTP Basic, or Digest (Virtuoso's /sparql-auth).
AUTH_SCHEMES = ("basic", "digest")

CONNECT_TIMEOUT = 5.0
#: Quads per ``INSERT DATA`` request of a non-atomic (bulk) import: about 10 MB of
#: text, well below the request limits of the usual servers (Oxigraph: 128 MB).
SERVICE_BATCH = 50_000


def _display(url: str) -> str:
    """The URL without user and password, for messages."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def _results_format(media_type: str) -> ox.QueryResultsFormat:
    known = ox.QueryResultsFormat.from_media_type(media_type)
    if known is None:
        raise StoreUnavailable(f"the SPARQL service answered a query in {media_type}, not in a SPARQL results format")
    return known


def _as_ntriples(body: bytes, media_type: str) -> bytes:
    """The service's graph answer as N-Triples (most services send it as asked; some send Turtle)."""
    if N_TRIPLES.means(media_type):
        return body
    known = ox.RdfFormat.from_media_type(media_type)
    if known is None:
        raise StoreUnavailable(f"the SPARQL service answered a CONSTRUCT in {media_type}, not in an RDF format")
    return ox.serialize(ox.parse(body, format=known), format=ox.RdfFormat.N_TRIPLES)


class RemoteStore(StoreBase):
    """A :class:`~lpskg.store.base.Store` over a SPARQL 1.1 Query and Update service, reached with ``requests``."""

    can_open_views = False

    def __init__(self, query_url: str, update_url: str | None = None, union: str = "explicit",
                 timeout: float = 30.0, update_timeout: float = 600.0, location: str | None = None,
                 auth: str = "basic") -> None:
        for url in (query_url, update_url):
            if url is not None and urlsplit(url).scheme not in ("http", "https"):
                raise StoreError(f"{_display(url)!r} is not an http(s) URL of a SPARQL service")
        if not (union in ("explicit", "native") or re.fullmatch(r"(param|graph):\S+", union)):
            raise StoreError(f"union={union!r}: use one of {', '.join(UNION_MODES)}")
        if auth not in AUTH_SCHEMES:
            raise StoreError(f"auth={auth!r}: use one of {', '.join(AUTH_SCHEMES)}")
        self.auth = auth
        if union.startswith("graph:"):
            check_iri(union.removeprefix("graph:"))
        self.query_url = query_url
        self.update_url = update_url
        self.union = union
        self.timeout = timeout
        self.update_timeout = update_timeout
        self.location = location or "sparql:" + "|".join(
            [query_url, *([update_url] if update_url else []), f"union={union}",
             *([f"auth={auth}"] if auth != "basic" else [])])
        self._local = threading.local()
        self._dialect: Standard | None = None

    def __str__(self) -> str:
        """Where the store is, without credentials (for logs and messages)."""
        return f"the SPARQL service at {_display(self.query_url)}"

    @classmethod
    def from_location(cls, location: str, timeout: float = 30.0) -> "RemoteStore":
        """The store a ``sparql:QUERY_URL|UPDATE_URL[|union=MODE][|auth=SCHEME]`` setting names.

        ``timeout`` is the query timeout (the caller's ``Settings.query_timeout``).
        A user and password in the URLs (``https://user:pass@host/...``) are sent
        as HTTP Basic authentication, or Digest with ``auth=digest`` (Virtuoso's
        ``/sparql-auth`` accepts only Digest).
        """
        fields = location.removeprefix("sparql:").split("|")
        urls = [f for f in fields if "=" not in f or "://" in f]
        options = dict(f.split("=", 1) for f in fields if f not in urls)
        unknown = sorted(set(options) - {"union", "auth"})
        if not urls or len(urls) > 2 or unknown:
            raise StoreError(f"LPSKG_STORE={_display(location)!r}: write "
                             "sparql:QUERY_URL|UPDATE_URL[|union=MODE][|auth=basic|digest]")
        return cls(urls[0], urls[1] if len(urls) > 1 else None, union=options.get("union", "explicit"),
                   timeout=timeout, location=location, auth=options.get("auth", "basic"))

    # -- HTTP ---------------------------------------------------------------------------

    @property
    def _session(self) -> requests.Session:
        """One keep-alive session per thread (requests sessions are not shared across threads)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _digest(self, url: str) -> HTTPDigestAuth | None:
        """Digest credentials for ``url`` with ``auth=digest`` (one per thread and URL, so that its nonce is
        reused); None where requests sends the URL's credentials as Basic itself."""
        parts = urlsplit(url)
        if self.auth != "digest" or parts.username is None:
            return None
        kept = self._local.__dict__.setdefault("digest", {})
        if url not in kept:
            kept[url] = HTTPDigestAuth(unquote(parts.username), unquote(parts.password or ""))
        return kept[url]

    def _post(self, url: str, form: list[tuple[str, str]], accept: str | None, timeout: float) -> requests.Response:
        headers = {"Accept": accept} if accept else {}
        digest = self._digest(url)
        try:
            response = self._session.post(_display(url) if digest else url, data=form, headers=headers,
                                          auth=digest, timeout=(CONNECT_TIMEOUT, timeout))
        except requests.Timeout:
            raise StoreTimeout(f"the SPARQL service at {_display(url)} did not answer within "
                               f"{timeout:g} s") from None
        except requests.RequestException as error:
            errno = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(error))
            reason = errno.group(1) if errno else type(error).__name__
            raise StoreUnavailable(f"cannot reach the SPARQL service at {_display(url)}: {reason}") from None
        if self._dialect is None and response.status_code < 400:  # not a proxy's error page
            self._dialect = dialect_for(response.headers.get("Server", ""))
        if response.status_code >= 400:
            message = " ".join(response.text.split())[:300] or response.reason
            if response.status_code == 400:
                raise QuerySyntaxError(f"{_display(url)} rejected the request: {message}")
            raise StoreUnavailable(f"the SPARQL service at {_display(url)} answered "
                                   f"HTTP {response.status_code}: {message}")
        return response

    def _dataset_form(self, dataset: Dataset | None, query: str) -> list[tuple[str, str]]:
        """The protocol parameters giving ``dataset`` the embedded store's meaning for ``query``.

        As in the embedded store, a query that names no named graphs sees all
        of them in ``GRAPH`` patterns, whatever its default graph is; where the
        engine's ``GRAPH ?g`` would also see its own graphs, lpskg's are listed.
        """
        dataset = own_dataset(query) if dataset is None else dataset
        if dataset.from_query:
            return []  # the service reads the query's FROM / FROM NAMED itself
        if dataset.default_graphs is None:
            if self.union == "native":
                defaults = self.graph_names() if self.dialect.lists_graphs_for(query) else None
            elif self.union.startswith("graph:"):
                defaults = [self.union.removeprefix("graph:")]
            elif self.union.startswith("param:") and dataset.named_graphs is None:
                return [(self.union.removeprefix("param:"), "")]
            else:
                defaults = self.graph_names()
        else:
            defaults = list(dataset.default_graphs)
        named = dataset.named_graphs
        if named is None and defaults is not None:
            named = self.graph_names()
        form = [("default-graph-uri", check_iri(g)) for g in defaults or ()]
        form += [("named-graph-uri", check_iri(g)) for g in named or ()]
        return form

    def _query(self, query: str, bindings: Mapping[str, Node] | None, dataset: Dataset | None,
               accept: str, base_iri: str | None = None) -> requests.Response:
        return self._send(query, bindings, self._dataset_form(dataset, query), accept, base_iri)

    def _send(self, query: str, bindings: Mapping[str, Node] | None, dataset_form: list[tuple[str, str]],
              accept: str, base_iri: str | None = None) -> requests.Response:
        """POST a query; an empty ``dataset_form`` leaves the service's own dataset (all named graphs).

        The text sent is kept on the response (``lpskg_query``) for the dialect's repairs of the answer."""
        text = with_prologue(bind(query, bindings), base_iri)
        response = self._post(self.query_url, [("query", text), *dataset_form], accept, self.timeout)
        response.lpskg_query = text
        return response

    @property
    def dialect(self) -> Standard:
        """The engine's dialect (:mod:`.dialects`), known from its first answer; asked with ``ASK {}`` if
        none came yet."""
        if self._dialect is None:
            self._post(self.query_url, [("query", "ASK {}")], SPARQL_JSON.media_type, self.timeout)
        return self._dialect

    def _json(self, response: requests.Response) -> dict:
        """The answer in SPARQL JSON, with what the engine's dialect writes otherwise repaired."""
        try:
            return self.dialect.results(response.json(), response.lpskg_query)
        except ValueError:
            kind = response.headers.get("Content-Type", "no content type")
            raise StoreError(f"the SPARQL service at {_display(self.query_url)} did not answer "
                             f"in SPARQL JSON ({kind})") from None

    # -- the Store interface ------------------------------------------------------------

    def select(self, query: str, bindings: Mapping[str, Node] | None = None,
               dataset: Dataset | None = None) -> Rows:
        if query_form(query) != "SELECT":
            raise QuerySyntaxError("expected a SELECT query")
        answer = self._json(self._query(query, bindings, dataset, SPARQL_JSON.media_type))
        variables = answer.get("head", {}).get("vars", [])
        return Rows(variables, ({name: json_term(value) for name, value in row.items()}
                                for row in answer.get("results", {}).get("bindings", [])))

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None, dataset: Dataset | None = None) -> bool:
        if query_form(query) != "ASK":
            raise QuerySyntaxError("expected an ASK query")
        boolean = ask_boolean(self._json(self._query(query, bindings, dataset, SPARQL_JSON.media_type)))
        if boolean is None:
            raise StoreError(f"the SPARQL service at {_display(self.query_url)} gave no boolean to an ASK")
        return boolean

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None,
                  dataset: Dataset | None = None) -> Graph:
        if query_form(query) not in ("CONSTRUCT", "DESCRIBE"):
            raise QuerySyntaxError("expected a CONSTRUCT or DESCRIBE query")
        return self._graph(self._query(query, bindings, dataset, N_TRIPLES.media_type))

    def answer(self, job: Job) -> Answer:
        """The service's answer to ``job``, capped and written in the client's format.

        There is no process to kill here: the timeout is the HTTP read timeout
        (set the service's own query timeout too, so that it stops working as well).
        """
        started = time.perf_counter()
        form = query_form(job.query)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        accept = N_TRIPLES.media_type if graph_form else SPARQL_JSON.media_type
        response = self._query(job.query, job.bindings, job.dataset, accept, job.base_iri)
        body = response.content
        media_type = response.headers.get("Content-Type", accept).split(";")[0].strip().lower()
        if form == "ASK" and media_type == SPARQL_JSON.media_type:
            body = standard_ask(body)
        elif form == "SELECT" and media_type == SPARQL_JSON.media_type:
            body = self.dialect.results_body(body, response.lpskg_query)
        try:
            if graph_form:
                answer = graph_answer(capped(_as_ntriples(body, media_type), None, 0, job.max_rows),
                                      pick(job.graph_types, GRAPHS, "CONSTRUCT or DESCRIBE").media_type)
            else:
                answer = serialise(ox.parse_query_results(body, format=_results_format(media_type)), job)
        except SyntaxError as error:
            raise StoreUnavailable(f"the SPARQL service sent an answer that does not parse as {media_type}: "
                                   f"{' '.join(str(error).split())}") from None
        return Answer(answer.form, answer.body, answer.media_type, answer.count, answer.truncated,
                      time.perf_counter() - started)

    def _graph(self, response: requests.Response) -> Graph:
        try:
            return new_graph().parse(data=response.content, format="nt")
        except Exception as error:  # rdflib raises several parser-specific types
            raise self._not_n_triples(error) from None

    def _not_n_triples(self, error: Exception) -> StoreError:
        return StoreError(f"the SPARQL service at {_display(self.query_url)} did not answer "
                          f"in N-Triples: {error}")

    def update(self, update: str, base_iri: str | None = None) -> None:
        if self.update_url is None:
            raise StoreError(f"the SPARQL service at {_display(self.query_url)} was configured "
                             "without an update URL (sparql:QUERY_URL|UPDATE_URL)")
        text = self.dialect.update_text(with_prologue(update, base_iri))
        self._post(self.update_url, [("update", text)], None, self.update_timeout)

    def _bindings(self, query: str) -> list[dict]:
        """Result rows of a query over the service's own dataset, as SPARQL JSON objects."""
        return self._json(self._send(query, None, [], SPARQL_JSON.media_type)).get("results", {}).get("bindings", [])

    def graph_names(self) -> list[str]:
        """lpskg's named graphs on the service (not the engine's own, :mod:`.dialects`)."""
        rows = self._bindings(GRAPH_NAMES)
        if lists_no_graph(rows):
            rows = self._bindings(GRAPH_NAMES_OF_TRIPLES)
        return lpskg_graphs(rows)

    def triple_count(self, graph: str | None = None) -> int:
        pattern = f"GRAPH <{check_iri(graph)}> {{ ?s ?p ?o }}" if graph else \
            f"GRAPH ?g {{ ?s ?p ?o }} {without_engine_graphs('g')}"
        return int(self._bindings(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"]["value"])

    def graph(self, name: str) -> Graph:
        return self._graph(self._graph_response(name))

    def _graph_triples(self, name: str | None) -> list[ox.Triple]:
        try:
            return list(ox.parse(self._graph_response(name).content, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as error:
            raise self._not_n_triples(error) from None

    def graph_document(self, name: str | None, media_type: str) -> bytes:
        return serialise_triples(self._graph_triples(name), media_type)

    def quads(self) -> Iterator[ox.Quad]:
        """Every named graph, one CONSTRUCT each, then the service's own default graph, if
        any: not with ``union=native``, where the default graph is the union of the others.

        Each answer is a document of its own, so its blank nodes are scoped to it
        (:class:`~lpskg.store.terms.BlankNodeScope`): Oxigraph's stored ids, the same in
        every answer, are kept, so a node two graphs share stays one node; any
        other label is local to its answer, so an engine that numbers blank nodes
        afresh per answer (``_:b0``) cannot merge unrelated nodes of two graphs.
        Either way the ids are the service's, minted when the data was inserted:
        the round trip through a service is exact for IRIs and literals only.
        """
        names: list[str | None] = [*self.graph_names(), *([] if self.union == "native" else [None])]
        for name in names:
            graph = ox.NamedNode(name) if name else ox.DefaultGraph()
            scope = BlankNodeScope()
            for triple in self._graph_triples(name):
                yield ox.Quad(scope.node(triple.subject), triple.predicate, scope.node(triple.object), graph)

    def add_quads(self, quads: Iterable[ox.Quad], atomic: bool = True,
                  progress: Callable[[str], None] | None = None) -> None:
        """One ``INSERT DATA`` request for all (atomic), or one per :data:`SERVICE_BATCH` quads."""
        sent, batch = 0, []

        def send() -> None:
            nonlocal sent
            if progress:
                progress(f"sending quads {sent + 1:,} to {sent + len(batch):,} to {self}")
            self.update(insert_data(batch))
            sent += len(batch)

        for quad in quads:
            batch.append(quad)
            if not atomic and len(batch) == SERVICE_BATCH:
                send()
                batch = []
        if batch:
            send()

    def _graph_response(self, name: str | None) -> requests.Response:
        """The named graph ``name`` (None: the service's own default graph) in N-Triples."""
        pattern = f"GRAPH <{check_iri(name)}> {{ ?s ?p ?o }}" if name else "?s ?p ?o"
        return self._send(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}", None, [], N_TRIPLES.media_type)

    def close(self) -> None:
        session = getattr(self._local, "session", None)
        if session is not None:
            session.close()
            self._local.session = None
