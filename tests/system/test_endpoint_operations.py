"""Operating the endpoint over real HTTP: health, metrics, the query timeout that really stops
a query, crashed query workers being replaced, and SHACL validation of uploaded documents."""
from __future__ import annotations

import time

import psutil
import requests
from rdflib import Graph, URIRef

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LABELS = "SELECT ?label WHERE { <https://w3id.org/lpskg/resource/paradox/learning> rdfs:label ?label }"
TENSION = "https://w3id.org/lpskg/resource/tension/current-goals-vs-future-goals"


def query_workers(endpoint) -> set[int]:
    """PIDs of the server's living query worker processes (spawned by the server's worker process);
    a zombie, dead and not yet reaped, is not one."""
    root = psutil.Process(endpoint.process.pid)
    return {p.pid for p in root.children(recursive=True) if _is_query_worker(p)}


def _is_query_worker(process: psutil.Process) -> bool:
    try:
        return any("spawn_main" in part for part in process.cmdline())
    except (psutil.ZombieProcess, psutil.NoSuchProcess):
        return False


def dead(pid: int) -> bool:
    """True once the process has exited (a zombie waiting for its parent counts as dead)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def metric(endpoint, name: str) -> float:
    for line in requests.get(endpoint.base_url + "/metrics").text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} is not in /metrics")


def test_health_reports_the_store(endpoint, kg):
    body = requests.get(endpoint.base_url + "/health").json()
    quads = int(kg.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"])
    assert body["status"] == "ok"
    assert body["triples"] >= quads  # other tests may have added their own graphs
    assert body["query_workers"] == 2


def test_timeout_really_stops_the_query(endpoint):
    before = query_workers(endpoint)
    assert len(before) == 2
    started = time.monotonic()
    response = requests.get(endpoint.base_url + "/sparql", params={"query": HEAVY}, timeout=60)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "exceeded the 4 s timeout" in response.text
    assert 3.5 < elapsed < 15
    killed = before - query_workers(endpoint)
    assert len(killed) == 1  # the worker that ran it is gone, so is the query
    assert all(dead(pid) for pid in killed)
    answer = requests.get(endpoint.base_url + "/sparql", params={"query": LABELS}, headers={"Accept": "text/csv"})
    assert answer.text.splitlines()[1] == "learning paradox"
    assert metric(endpoint, "lpskg_query_timeouts_total") >= 1


def test_a_crashed_query_worker_is_replaced(endpoint):
    victim = sorted(query_workers(endpoint))[0]
    psutil.Process(victim).kill()
    deadline = time.monotonic() + 10
    while not dead(victim) and time.monotonic() < deadline:
        time.sleep(0.05)
    for attempt in range(4):  # queries not seen before: a cached or known-cheap one would skip the workers
        response = requests.get(endpoint.base_url + "/sparql", params={"query": f"{LABELS} LIMIT {10 + attempt}"},
                                headers={"Accept": "text/csv"})
        assert response.status_code == 200, response.text
        assert response.text.splitlines()[1] == "learning paradox"
    workers = query_workers(endpoint)
    assert victim not in workers and len(workers) == 2


def test_metrics_count_requests_latencies_and_errors_by_route(endpoint):
    requests.get(endpoint.base_url + "/sparql", params={"query": LABELS})
    requests.get(endpoint.base_url + "/sparql", params={"query": "SELECT"})
    text = requests.get(endpoint.base_url + "/metrics").text
    assert '# TYPE lpskg_http_requests_total counter' in text
    assert 'lpskg_http_requests_total{route="/sparql",method="GET",status="200"}' in text
    assert 'lpskg_http_errors_total{route="/sparql",status="400"}' in text
    assert 'lpskg_http_request_duration_seconds_bucket{route="/sparql",le="+Inf"}' in text
    assert metric(endpoint, "lpskg_query_workers") == 2


def test_shacl_reports_violations_in_json_and_turtle(endpoint):
    document = """@prefix lpskg: <https://w3id.org/lpskg/ontology#> .
        <https://w3id.org/lpskg/resource/tension/unlabelled> a lpskg:Tension ."""
    response = requests.post(endpoint.base_url + "/shacl", data=document,
                             headers={"Content-Type": "text/turtle", "Accept": "application/json"})
    assert response.status_code == 200
    report = response.json()
    assert report["conforms"] is False
    assert {v["focus"] for v in report["violations"]} == {"https://w3id.org/lpskg/resource/tension/unlabelled"}
    assert any(v["path"] == "http://www.w3.org/2000/01/rdf-schema#label" for v in report["violations"])
    turtle = requests.post(endpoint.base_url + "/shacl", data=document, headers={"Content-Type": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    assert (None, URIRef(sh + "conforms"), None) in graph
    assert len(list(graph.subjects(URIRef(sh + "focusNode"), None))) == len(report["violations"])


def test_shacl_accepts_a_description_taken_from_the_graph(endpoint, kg):
    document = Graph()
    for row in kg.store.select(f"SELECT ?p ?o WHERE {{ GRAPH <https://w3id.org/lpskg/graph/paper> "
                               f"{{ <{TENSION}> ?p ?o }} }}"):
        document.add((URIRef(TENSION), row["p"], row["o"]))
    assert len(document) > 5
    response = requests.post(endpoint.base_url + "/shacl", data=document.serialize(format="json-ld"),
                             headers={"Content-Type": "application/ld+json", "Accept": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"conforms": True, "violations": []}


def test_shacl_rejects_what_it_cannot_read(endpoint):
    unreadable = requests.post(endpoint.base_url + "/shacl", data="<a> <b> .", headers={"Content-Type": "text/turtle"})
    assert unreadable.status_code == 400 and "not valid Turtle" in unreadable.text
    wrong_type = requests.post(endpoint.base_url + "/shacl", data="x", headers={"Content-Type": "text/csv"})
    assert wrong_type.status_code == 415


def test_the_log_has_a_line_per_request_and_nothing_libraries_print(endpoint) -> None:
    """The access log goes to standard error, and what nanopub-sign prints per check never reaches the log."""
    assert requests.get(endpoint.base_url + "/np/", timeout=120).status_code == 200
    time.sleep(0.5)  # the server writes the access line after the answer
    log = endpoint.log()
    assert '"GET /np/ HTTP/1.1" 200' in log
    assert "is valid" not in log and "DEBUG" not in log
