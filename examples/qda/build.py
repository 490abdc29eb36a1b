"""Build the illustrative coded projects of examples/qda/ from their plain texts and case files.

Each folder holds FICTIONAL interview transcripts and field notes (*.txt) and a case file (case.yaml)
whose evidence is copied from them; the builder codes each item as the selection of its text in its
document, with the codes of lpskg's codebook (the references between items as links between selections),
and writes <folder>.qdpx beside the folder. The same inputs give the same bytes
(tests/unit/test_qda_exchange.py rebuilds and compares them):

    python examples/qda/build.py            # rebuild every example
"""
from __future__ import annotations

import sys
from pathlib import Path

from lpskg.contributions import SubmissionError, read_source
from lpskg.exchange.qda import project_of_case_file
from lpskg.knowledge.bundle import load_bundle
from lpskg.knowledge.graphs import Graphs
from lpskg.store import EmbeddedStore

HERE = Path(__file__).resolve().parent


def build(folder: Path, graphs: Graphs) -> bytes:
    """The .qdpx of one example folder."""
    documents = {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))}
    source = read_source(folder / "case.yaml", 10_000_000)
    return project_of_case_file(graphs, source, documents, f"{folder.name} (FICTIONAL, illustrative)")


def main() -> None:
    graphs = Graphs(EmbeddedStore(None))
    load_bundle(graphs)
    for folder in sorted(path for path in HERE.iterdir() if (path / "case.yaml").is_file()):
        target = HERE / f"{folder.name}.qdpx"
        try:
            target.write_bytes(build(folder, graphs))
        except SubmissionError as error:
            sys.exit("\n".join([f"{folder.name}: {error.lines()[0]}", *error.lines()[1:]]))
        print(f"wrote {target.relative_to(HERE.parent.parent)}", file=sys.stderr)


if __name__ == "__main__":
    main()
