"""The SPARQL servers the benchmark compares, each loaded with the same N-Quads file.

* ``lpskg``: the project's endpoint as ``make run`` serves it (``lpskg serve``
  over the embedded store, the cache of answers on), loaded with ``lpskg import --bulk``;
  ``lpskg-cold`` is the same with the cache off (``LPSKG_RESULT_CACHE=0``), on a store of its own;
* ``oxigraph``: Oxigraph's own server (``oxigraph serve`` over an on-disk
  store, union default graph), loaded with ``oxigraph load``: the floor set by
  the engine lpskg embeds;
* ``rdflib-endpoint``: the Python peer, serving an rdflib memory Dataset with
  a union default graph; it parses the file when it starts (its default
  store: its ``--store Oxigraph`` mode hands rdflib's prepared queries to
  rdflib's own evaluator anyway, so it would not measure Oxigraph's engine);
* ``virtuoso``: OpenLink Virtuoso 7 from Debian (``virtuoso-opensource-7-bin``),
  loaded with its bulk loader (``ld_dir`` + ``rdf_loader_run``), its stock
  buffer settings; left out, with the reason, when it is not installed.

Every server listens on a free port of 127.0.0.1 and is stopped by the
process id it was started with.  Memory is read with psutil over the
server's whole process tree (lpskg runs query worker processes).
"""
from __future__ import annotations

import abc
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from client import Connection, RequestFailed

BIN = Path(sys.executable).parent
READY_QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
#: Seconds a query may run: lpskg's default (LPSKG_QUERY_TIMEOUT), given to Oxigraph's server too.
#: rdflib-endpoint has no timeout: the client gives up and the benchmark restarts it.
QUERY_TIMEOUT = 30
#: The bearer token of the benchmark's lpskg servers (the mixed workload submits cases).
BENCH_TOKEN = "bench-token"


class ServerError(RuntimeError):
    """A server did not load or start; the message says which and why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tool(name: str) -> str:
    """The path of a command installed in the benchmark's environment."""
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        raise ServerError(f"'{name}' is not installed: run `make bench` (it installs the [bench] extra)")
    return found


def tree_memory(pid: int) -> dict[str, int]:
    """RSS and PSS (bytes) summed over a process and its children; PSS counts shared pages once."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return {"rss": 0, "pss": 0, "processes": 0}
    rss = pss = 0
    for process in processes:
        try:
            info = process.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return {"rss": rss, "pss": pss, "processes": len(processes)}


class PeakMemory:
    """Samples a process tree's RSS every ``interval`` seconds while it runs; ``peak`` is the largest sum seen."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                rss = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
                self.peak = max(self.peak, rss)
            except psutil.NoSuchProcess:
                return
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_measured(command: list[str], env: dict[str, str] | None = None, timeout: float = 1800) -> dict:
    """Run a loading command to its end; its wall time and peak RSS, or ServerError with its stderr."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process.pid)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise ServerError(f"{' '.join(command[:3])} did not finish within {timeout:g} s") from None
    finally:
        peak = memory.stop()
    if process.returncode != 0:
        raise ServerError(f"{' '.join(command[:3])} failed ({process.returncode}): {stderr.strip()[-500:]}")
    return {"seconds": time.perf_counter() - started, "peak_rss": peak}


@dataclass
class Server:
    """A running server: its query URL and its process."""

    name: str
    url: str
    process: subprocess.Popen
    started_seconds: float = 0.0
    started_peak_rss: int = 0
    #: where SPARQL Updates go (None: the server takes none); lpskg takes cases at /api/cases instead
    update_url: str | None = None
    #: whether it keeps answers (lpskg with its cache): the measurement then asks a slow query twice
    caches_answers: bool = False

    def memory(self) -> dict[str, int]:
        return tree_memory(self.process.pid)

    def stop(self) -> None:
        """SIGTERM to the server's own process (it stops its workers), SIGKILL after 15 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(name: str, command: list[str], url: str, env: dict[str, str] | None, log: Path,
          ready_within: float, cwd: Path | None = None) -> Server:
    """Start a server and wait until it answers a query; ``started_seconds`` is that wait."""
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=cwd)
    server = Server(name, url, process)
    memory = PeakMemory(process.pid)
    connection = Connection(url, timeout=ready_within)
    deadline = started + ready_within
    while True:
        if process.poll() is not None:
            memory.stop()
            raise ServerError(f"{name} exited with {process.returncode} while starting: "
                               f"{log.read_text()[-500:]}")
        try:
            connection.query(READY_QUERY)
            break
        except (OSError, RequestFailed):
            if time.perf_counter() > deadline:
                memory.stop()
                server.stop()
                raise ServerError(f"{name} did not answer a query within {ready_within:g} s; see {log}") from None
            time.sleep(0.02)
    connection.close()
    server.started_seconds = time.perf_counter() - started
    server.started_peak_rss = memory.stop()
    return server


def directory_bytes(path: Path) -> int:
    """What the files under ``path`` take on disk, in bytes."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


class System(abc.ABC):
    """One of the compared servers: how to load a dataset and how to serve it.

    ``max_triples`` is the largest graph it is run on (None: any): a server that holds the graph in
    Python objects would need more memory than the machine has beyond it."""

    name = ""
    max_triples: int | None = None

    @abc.abstractmethod
    def load(self, dataset: Path, workdir: Path) -> dict:
        """Load ``dataset`` into ``workdir``: {'seconds', 'peak_rss'} ({} if serving loads it)."""

    @abc.abstractmethod
    def serve(self, workdir: Path, dataset: Path) -> Server:
        """Start serving what was loaded into ``workdir``."""


class Lpskg(System):
    """lpskg as ``make run`` serves it; ``cache=False`` turns the cache of answers off (the cold workload),
    each with a store of its own (one process holds an embedded store)."""

    def __init__(self, name: str = "lpskg", cache: bool = True) -> None:
        self.name = name
        self.cache = cache

    def env(self, workdir: Path) -> dict[str, str]:
        env = {**os.environ, "LPSKG_STORE": str(self.store(workdir)), "LPSKG_DEFAULT_GRAPH": "union",
               "LPSKG_QUERY_TIMEOUT": str(QUERY_TIMEOUT), "LPSKG_TOKEN": BENCH_TOKEN}
        if not self.cache:
            env["LPSKG_RESULT_CACHE"] = "0"
        return env

    def store(self, workdir: Path) -> Path:
        return workdir / f"{self.name}-store"

    def load(self, dataset: Path, workdir: Path) -> dict:
        shutil.rmtree(self.store(workdir), ignore_errors=True)
        loaded = run_measured([tool("lpskg"), "import", "--bulk", str(dataset)], env=self.env(workdir))
        return {**loaded, "store_bytes": directory_bytes(self.store(workdir))}

    def serve(self, workdir: Path, dataset: Path) -> Server:
        port = free_port()
        server = start(self.name, [tool("lpskg"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                       f"http://127.0.0.1:{port}/sparql", self.env(workdir), workdir / f"{self.name}.log", 120)
        server.caches_answers = self.cache
        return server


class Oxigraph(System):
    name = "oxigraph"

    def load(self, dataset: Path, workdir: Path) -> dict:
        shutil.rmtree(workdir / "oxigraph-store", ignore_errors=True)
        loaded = run_measured([tool("oxigraph"), "load", "--location", str(workdir / "oxigraph-store"),
                               "--file", str(dataset)])
        return {**loaded, "store_bytes": directory_bytes(workdir / "oxigraph-store")}

    def serve(self, workdir: Path, dataset: Path) -> Server:
        port = free_port()
        server = start(self.name, [tool("oxigraph"), "serve", "--location", str(workdir / "oxigraph-store"),
                                   "--bind", f"127.0.0.1:{port}", "--union-default-graph",
                                   "--timeout-s", str(QUERY_TIMEOUT)],
                       f"http://127.0.0.1:{port}/query", None, workdir / "oxigraph.log", 120)
        server.update_url = f"http://127.0.0.1:{port}/update"
        return server


class RdflibEndpoint(System):
    """Loads while it starts: its load figures are its start, read when it first answers."""

    name = "rdflib-endpoint"
    #: It held 2,050 MB serving 1M triples (docs/benchmark.md): about 20 GB at 10M.
    max_triples = 2_000_000

    def load(self, dataset: Path, workdir: Path) -> dict:
        return {}

    def serve(self, workdir: Path, dataset: Path) -> Server:
        port = free_port()
        command = [tool("rdflib-endpoint"), "serve", str(dataset), "--host", "127.0.0.1", "--port", str(port)]
        return start(self.name, command, f"http://127.0.0.1:{port}/", None, workdir / "rdflib-endpoint.log", 900)


#: The stock ``virtuoso.ini`` of Debian's package, cut to what a private instance needs: its buffer
#: settings as shipped; ``ResultSetMaxRows`` raised from 10,000 (which would cut answers the others
#: give whole) and ``MaxQueryExecutionTime`` set to the others' timeout.
VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., {d}, {data}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {timeout}
"""


class Virtuoso(System):
    """OpenLink Virtuoso, bulk-loaded, serving ``/sparql``; the anonymous user may update (loopback only)."""

    name = "virtuoso"

    @staticmethod
    def missing() -> str | None:
        """Why Virtuoso cannot be benchmarked here, or None."""
        if shutil.which("virtuoso-t") and shutil.which("isql-vt"):
            return None
        return "virtuoso-t/isql-vt not installed (Debian's virtuoso-opensource-7-bin; `make system-deps`)"

    @staticmethod
    def _configure(directory: Path, dataset: Path) -> tuple[list[str], int, int]:
        """Write the ini on fresh ports: the command that starts Virtuoso, its SQL and HTTP ports."""
        sql_port, http_port = free_port(), free_port()
        (directory / "virtuoso.ini").write_text(VIRTUOSO_INI.format(
            d=directory, data=dataset.parent, sql_port=sql_port, http_port=http_port, timeout=QUERY_TIMEOUT))
        return ["virtuoso-t", "+configfile", str(directory / "virtuoso.ini"), "+foreground"], sql_port, http_port

    @staticmethod
    def _sql(sql_port: int, statement: str, timeout: float = 1800) -> str:
        done = subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"],
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise ServerError(f"virtuoso: {statement[:60]} failed: {(done.stdout + done.stderr)[-400:]}")
        return done.stdout

    def load(self, dataset: Path, workdir: Path) -> dict:
        directory = workdir / "virtuoso"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        started = time.perf_counter()
        command, sql_port, _ = self._configure(directory, dataset)
        process = subprocess.Popen(command, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        memory = PeakMemory(process.pid)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    self._sql(sql_port, "status();", timeout=10)
                    break
                except (ServerError, subprocess.TimeoutExpired):
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise ServerError("virtuoso did not start; see its virtuoso.log") from None
                    time.sleep(0.2)
            self._sql(sql_port, f"ld_dir('{dataset.parent}', '{dataset.name}', 'urn:lpskg:bench:default'); "
                                "rdf_loader_run(); checkpoint; GRANT SPARQL_UPDATE TO \"SPARQL\";")
            self._sql(sql_port, "shutdown();", timeout=120)
            process.wait(timeout=120)
        finally:
            peak = memory.stop()
            if process.poll() is None:
                process.kill()
                process.wait()
        return {"seconds": time.perf_counter() - started, "peak_rss": peak,
                "store_bytes": directory_bytes(directory)}

    def serve(self, workdir: Path, dataset: Path) -> Server:
        directory = workdir / "virtuoso"
        command, _, http_port = self._configure(directory, dataset)
        url = f"http://127.0.0.1:{http_port}/sparql"
        server = start(self.name, command, url, None, workdir / "virtuoso-console.log", 180, cwd=directory)
        server.update_url = url
        return server


SYSTEMS: dict[str, System] = {s.name: s for s in (Lpskg(), Lpskg("lpskg-cold", cache=False), Oxigraph(),
                                                   RdflibEndpoint(), Virtuoso())}
