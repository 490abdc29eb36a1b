"""Finding the library's query files by name and by role, each read and checked once per process."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ...paths import QUERIES_DIR
from .header import NamedQuery, QueryFile, parse_named_query, parse_query_file
from .parameters import NamedQueryError, UnknownNamedQuery


@lru_cache(maxsize=None)
def _library(directory: Path) -> dict[str, NamedQuery]:
    return {path.stem: parse_named_query(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(directory.glob("*.rq"))}


def list_named_queries(directory: Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every named query, sorted by name; the files are read and checked once per process."""
    return list(_library(directory).values())


def load_named_query(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """The named query ``name``; UnknownNamedQuery listing the known names if there is none."""
    library = _library(directory)
    if name not in library:
        raise UnknownNamedQuery(f"unknown named query '{name}'; known: {', '.join(library) or 'none'}")
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
