"""Plain-text and CSV/JSON renderings of query rows, for the command line."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence

from rdflib import Literal, URIRef
from rdflib.term import Node

from .namespaces import PREFIXES


def shorten(term: Node) -> str:
    """A readable form of a term: ``prefix:local`` for known IRIs, the lexical form of literals."""
    if isinstance(term, URIRef):
        text = str(term)
        best = max((iri for iri in PREFIXES.values() if text.startswith(iri)), key=len, default=None)
        if best is not None:
            prefix = next(p for p, iri in PREFIXES.items() if iri == best)
            local = text[len(best):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
        return f"<{text}>"
    if isinstance(term, Literal):
        return str(term)
    return f"_:{term}"


def render_table(columns: Sequence[str], rows: Sequence[Mapping[str, Node]], width: int = 60) -> str:
    """Rows as an aligned text table; long cells are cut with an ellipsis."""
    cells = [[_cut(shorten(row[c]) if c in row else "", width) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_csv(columns: Sequence[str], rows: Sequence[Mapping[str, Node]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([str(row[c]) if c in row else "" for c in columns])
    return out.getvalue()


def render_json(columns: Sequence[str], rows: Sequence[Mapping[str, Node]]) -> str:
    return json.dumps([{c: str(row[c]) for c in columns if c in row} for row in rows],
                      indent=2, ensure_ascii=False)
