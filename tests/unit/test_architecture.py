"""The architecture as a test: packages in layers, no import from a lower layer to a higher one,
no import circle, no module past about 400 lines, no SPARQL in the web layer (docs/architecture.md
draws it).

The import graph is read from the source with ``ast``: every module of every sub-package
(``rglob``), each ``import`` and ``from ... import`` resolved to the module it names.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from support.stores import REPO

PACKAGE = REPO / "src" / "lpskg"
#: Each layer may import its own and the lower layers, never a higher one; a module is in the layer of
#: the longest prefix here that names it.  Inside a layer, its sub-packages are floors in the same order:
#: the read models stand on the rest of knowledge/; in web/, the kit (errors, negotiation, responses,
#: services ...) under the W3C protocols, the JSON API (which runs queries as /sparql does) and the
#: pages (which show what /api/search finds), with the app that registers all three on top.
LAYERS = {
    "lpskg.paths": 0, "lpskg.namespaces": 0, "lpskg.config": 0, "lpskg.formats": 0, "lpskg.sparql_text": 0,
    "lpskg.serving": 0,
    "lpskg.tables": 0, "lpskg.rdf_input": 0, "lpskg.sparql_errors": 0,
    "lpskg.store": 1,
    "lpskg.knowledge": 2, "lpskg.knowledge.views": 2.5,
    "lpskg.contributions": 3, "lpskg.exchange": 3,
    "lpskg.web": 4, "lpskg.web.sparql": 4.1, "lpskg.web.api": 4.2, "lpskg.web.site": 4.3, "lpskg.web.app": 4.5,
    "lpskg.web.serve": 4.6,
    "lpskg.cli": 5,
    "lpskg.__main__": 6, "lpskg": 6,
}
#: SPARQL query or update text: a query form with what follows it, or an update operation with its data.
SPARQL_TEXT = re.compile(r"\b(SELECT|CONSTRUCT|DESCRIBE)\s+(\?|\*|\$|\{|<|DISTINCT\b|REDUCED\b|WHERE\b|\()"
                         r"|\bASK\s*(\{|WHERE\b)|\b(INSERT|DELETE)\s+(DATA\s*|WHERE\s*)?\{", re.IGNORECASE)
MAX_LINES = 420


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def layer(module: str) -> int:
    return next(LAYERS[prefix] for prefix in sorted(LAYERS, key=len, reverse=True)
                if module == prefix or module.startswith(prefix + "."))


def imports(module: str) -> set[str]:
    path = MODULES[module]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            names = [".".join(base + ([node.module] if node.module else []))]
            names += [f"{names[0]}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lpskg"):
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if alias.name.startswith("lpskg")]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


GRAPH = {module: imports(module) for module in MODULES}


def test_no_module_imports_from_a_higher_layer() -> None:
    upward = sorted((m, d) for m, deps in GRAPH.items() for d in deps if layer(d) > layer(m))
    assert upward == []


def test_the_command_line_and_the_web_app_are_siblings() -> None:
    """Both adapters stand on the layers below; neither imports the other (lpskg serve execs lpskg.web.serve)."""
    def package(module: str) -> str:
        return module.split(".")[1] if "." in module else ""

    assert {"cli", "web"} <= {package(m) for m in GRAPH}
    assert sorted((m, d) for m, deps in GRAPH.items() for d in deps if {package(m), package(d)} == {"cli", "web"}) == []


def test_there_is_no_import_circle() -> None:
    def reaches(start: str, target: str) -> bool:
        seen, todo = set(), list(GRAPH[start])
        while todo:
            node = todo.pop()
            if node == target:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(GRAPH[node])
        return False

    assert sorted(m for m in GRAPH if reaches(m, m)) == []


def test_no_module_is_longer_than_about_400_lines() -> None:
    lengths = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    assert {m: n for m, n in lengths.items() if n > MAX_LINES} == {}


def test_the_web_layer_holds_no_sparql_of_its_own() -> None:
    """What a screen reads is a read model (knowledge/views/, reading queries/pages/*.rq), not SPARQL in web/."""
    web = sorted((PACKAGE / "web").rglob("*.py"))
    assert {path.parent.name for path in web} >= {"web", "sparql", "api", "site"}
    found = {str(path.relative_to(PACKAGE)): match.group(0) for path in web
             if (match := SPARQL_TEXT.search(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_sparql_rule_sees_a_query_in_any_of_its_forms() -> None:
    """The rule above would fail on SPARQL written in Python, however it is spaced or cased."""
    for text in ('store.ask("ASK { ?s ?p ?o }")', 'f"SELECT ?x WHERE {{ {pattern} }}"', '"select distinct ?a"',
                 '"CONSTRUCT { ?s ?p ?o } WHERE"', '"INSERT DATA { <a> <b> <c> }"', '"DELETE WHERE { ?s ?p ?o }"',
                 '"DESCRIBE <x>"'):
        assert SPARQL_TEXT.search(text), text
    for text in ('form in ("SELECT", "ASK")', '"this is a SELECT query, not an update"', 'methods=["DELETE"]',
                 '"GET, HEAD, POST, PUT, DELETE, OPTIONS"', "clauses of every DELETE/INSERT ... WHERE"):
        assert not SPARQL_TEXT.search(text), text


def test_the_contributions_package_exports_what_it_lists() -> None:
    import lpskg.contributions as contributions

    assert sorted(contributions.__all__) == sorted(contributions._EXPORTS)
    assert all(callable(getattr(contributions, name)) or isinstance(getattr(contributions, name), str)
               for name in contributions.__all__)
