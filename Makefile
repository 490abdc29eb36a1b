# The two commands a new machine needs: `make run` (serve the bundled graph)
# and `make test`. Both create .venv and install the project on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-fast load check release bench bench-10m bench-docs bench-deps docs system-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Java runs HermiT (owlready2's reasoner); Chromium runs the browser tests;
# OpenLink Virtuoso is the second SPARQL engine the remote-store tests run
# against (tests/test_remote_virtuoso.py starts and stops its own).
# All come from Debian's packages when they are missing.
system-deps:
	@command -v java >/dev/null 2>&1 || { echo "installing a Java runtime for the reasoner"; \
	  apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v chromium >/dev/null 2>&1 || { echo "installing Chromium for the browser tests"; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@command -v virtuoso-t >/dev/null 2>&1 || { echo "installing OpenLink Virtuoso for the remote-store tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource-7-bin >/dev/null; }

load: $(STAMP)
	$(BIN)/lpskg load

run: load
	$(BIN)/lpskg serve --host $(HOST) --port $(PORT)

# The repository checks of the Ontology Development Kit kind: reasoner,
# quality reports, SHACL validation of the bundle.
check: load system-deps
	$(BIN)/lpskg reason --with-data
	$(BIN)/lpskg check
	$(BIN)/lpskg validate

# The generated documentation: the catalogue of named queries and the account of which sentences of
# the paper's framework the graph holds (read from the loaded graph and the seed text, LPSKG_SEEDS).
docs: load
	$(BIN)/lpskg queries --markdown > docs/queries.md
	$(BIN)/lpskg coverage --markdown > docs/framework-coverage.md

# The release of the ontology's current version, in the manner of the Ontology Development Kit:
# release/VERSION/ with the ontology (Turtle, RDF/XML, JSON-LD), the data (N-Quads, Turtle) and
# SHA256SUMS; CHANGELOG.md must have an entry for the version (docs/release.md).
release: check
	$(BIN)/lpskg release release

# Lint (undefined names, unused imports, import order), then the whole test suite: the unit lane
# (tests/unit, in-process) and the system lane (tests/system: real servers, browser, HermiT, Virtuoso,
# fuzzing, crashes), on every core: a test module stays on one worker, so its servers start once.
test: $(STAMP) system-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -n auto --dist loadfile

# Cached bytecode for the tests, where a shell says not to write it (PYTHONDONTWRITEBYTECODE): without it
# every pytest-xdist worker and CLI process compiles the package again, and pytest rewrites the asserts of
# its plugins' modules anew (about 5 s per worker).
test test-fast: export PYTHONDONTWRITEBYTECODE :=

# The unit lane alone, in-process: what to run after every change (needs no Java, Chromium or Virtuoso).
test-fast: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest tests/unit -n auto

# lpskg's endpoint against Oxigraph's server, rdflib-endpoint and Virtuoso at 10k-1M
# triples, three workloads (docs/benchmark.md); BENCH_ARGS=--quick for a shorter run.
# Virtuoso comes from Debian when it installs; without it the benchmark says so and leaves it out.
# Then the load test: 8 clients for 30 s, no error, no lost case (docs/reliability.md), and the
# diagnosis of a case on the rule path against the whole store and HermiT (docs/adding-a-case.md).
bench-deps:
	@command -v virtuoso-t >/dev/null 2>&1 || { echo "installing OpenLink Virtuoso for the benchmark"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource-7-bin >/dev/null) \
	  || echo "Virtuoso did not install: the benchmark leaves it out"; }

bench: $(STAMP) bench-deps
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/load.py --clients 8 --seconds 30 --json bench/results/load.json
	$(BIN)/python bench/diagnosis.py $(BENCH_ARGS)

# The 10M-triple size alone, after a make bench: lpskg (cache on and off), Oxigraph's server and Virtuoso
# (rdflib-endpoint would need about 20 GB); a query that timed out at 1M in the latest full run is not
# asked again. Then docs/benchmark.md and its plot from both runs: make bench-docs.
bench-10m: $(STAMP) bench-deps
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py --sizes 10m --systems lpskg,lpskg-cold,oxigraph,virtuoso \
	  --previous $$(ls bench/results/full-*.json | grep -v -- '-10m.json' | tail -1) $(BENCH_ARGS)

# docs/benchmark.md's results and docs/benchmark.png from the latest full run and the latest 10M run, latest by the
# date in the name (a fresh clone gives every file the same mtime), or only the full run when there is no 10M run.
bench-docs: $(STAMP)
	$(BIN)/python bench/report.py $$(ls bench/results/full-*.json | grep -v -- '-10m.json' | tail -1) \
	  $$(ls bench/results/full-*-10m.json 2>/dev/null | tail -1) --docs docs/benchmark.md --plot docs/benchmark.png

clean:
	rm -rf $(VENV) var
