"""Hostile and broken .qdpx files: one readable error, exit 1 or 2 (CLI) or a 4xx (HTTP), no traceback,
nothing stored (issue 23).

Each file starts from a valid one-case project written by lpskg's writer and breaks one thing:
XML external entities and entity expansion, zip entries that climb out or start at the root, zip
bombs (by declared size and by expansion ratio), a project in the wrong namespace or not valid against
the schema, a selection outside its source, a coding of a missing code, a source missing from the zip,
a text source that is not UTF-8, a file that is no zip at all.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from rdflib import URIRef

from lpskg.config import Settings
from lpskg.exchange.qda.codebook import codebook_of
from lpskg.knowledge.graphs import Graphs
from lpskg.store import EmbeddedStore
from lpskg.web.app import create_app

from support.cli import assert_clean_exit, lpskg
from support.qda import entries, small_project, zipped

MYOPIA = URIRef("https://w3id.org/lpskg/resource/archetype/myopia")


@pytest.fixture(scope="module")
def valid(bundle_store: EmbeddedStore) -> dict[str, bytes]:
    codebook = codebook_of(Graphs(bundle_store))
    return entries(small_project(codebook, [codebook.by_use[("illustrates", MYOPIA)].guid]))


def _qde(files: dict[str, bytes]) -> str:
    return files["project.qde"].decode("utf-8")


def _with_qde(files: dict[str, bytes], text: str) -> bytes:
    return zipped({**files, "project.qde": text.encode("utf-8")})


def _source_entry(files: dict[str, bytes]) -> str:
    return next(name for name in files if name.startswith("sources/"))


def _bomb(valid: dict[str, bytes], ratio_only: bool) -> bytes:
    """The valid project whose text source is zeros that deflate a thousandfold: 100 MB declared (past the
    size cap), or 4 MB, under the size cap but past the ratio cap when it is read."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", valid["project.qde"])
        size = 4 if ratio_only else 100
        with archive.open(_source_entry(valid), "w", force_zip64=True) as stream:
            for _ in range(size):
                stream.write(b"\0" * (1024 * 1024))
    return buffer.getvalue()


def _hostile(valid: dict[str, bytes]) -> dict[str, tuple[bytes, int, int, str]]:
    """name -> (file, exit code, HTTP status, words the error must contain)."""
    qde = _qde(valid)
    body = qde.split("?>", 1)[1]
    xxe = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           + body.replace("A fictional test case.", "&xxe;"))
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;">]>'
              + body.replace("A fictional test case.", "&d;"))
    source = _source_entry(valid)
    selection_end = qde.split('endPosition="', 1)[1].split('"', 1)[0]
    return {
        "external entity": (_with_qde(valid, xxe), 2, 400, "DTD or entities"),
        "entity expansion": (_with_qde(valid, laughs), 2, 400, "DTD or entities"),
        "entry climbing out": (zipped({**valid, "../../evil.txt": b"x"}), 2, 400, "climbs out"),
        "absolute entry": (zipped({**valid, "/etc/evil.txt": b"x"}), 2, 400, "absolute path"),
        "zip bomb by size": (_bomb(valid, False), 2, 400, "zip bomb"),
        "zip bomb by ratio": (_bomb(valid, True), 2, 400, "zip bomb"),
        "wrong namespace": (_with_qde(valid, qde.replace("urn:QDA-XML:project:1.0", "urn:example:other")), 1, 422,
                            "root element is <Project> in the namespace 'urn:example:other' (line 2)"),
        "invalid against the schema": (_with_qde(valid, qde.replace(' isCodable="false"', "", 1)), 1, 422,
                                       "not valid QDA-XML (Project.xsd)"),
        "selection outside its source": (_with_qde(valid, qde.replace(f'endPosition="{selection_end}"',
                                                                      'endPosition="99999"')), 1, 422,
                                         "characters"),
        "coding of a missing code": (_with_qde(valid, re.sub(r'<CodeRef targetGUID="[^"]+"',
                                                              '<CodeRef targetGUID="99999999-9999-4999-8999-999999999999"',
                                                              qde)), 1, 422, "no code of the project's CodeBook"),
        "source missing from the zip": (zipped({k: v for k, v in valid.items() if k != source}), 1, 422,
                                        "is not in the archive"),
        "text source not UTF-8": (zipped({**valid, source: "Produktion och ÅÄÖ".encode("latin-1")}), 2, 400,
                                  "is not UTF-8"),
        "not a zip": (b"id: not a zip\n", 2, 400, "not a REFI-QDA project"),
    }


CASES = ["external entity", "entity expansion", "entry climbing out", "absolute entry", "zip bomb by size",
         "zip bomb by ratio", "wrong namespace", "invalid against the schema", "selection outside its source",
         "coding of a missing code", "source missing from the zip", "text source not UTF-8", "not a zip"]


def test_the_valid_file_the_hostile_ones_start_from_is_accepted(valid: dict[str, bytes], writable_store_path: Path,
                                                                tmp_path: Path) -> None:
    path = tmp_path / "valid.qdpx"
    path.write_bytes(zipped(valid))
    result = lpskg(writable_store_path, "case", "add", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr


def test_every_hostile_file_is_refused_in_one_line_and_nothing_is_stored(valid: dict[str, bytes],
                                                                        writable_store_path: Path,
                                                                        tmp_path: Path) -> None:
    store = EmbeddedStore(writable_store_path)
    before = (store.graph_names(), store.triple_count())
    store.close()
    hostile = _hostile(valid)
    assert sorted(hostile) == sorted(CASES)
    for name, (data, code, _, words) in hostile.items():
        path = tmp_path / f"{name.replace(' ', '-')}.qdpx"
        path.write_bytes(data)
        for args in (("case", "add", str(path)), ("case", "diagnose", str(path))):
            result = lpskg(writable_store_path, *args)
            assert_clean_exit(result.exit_code, result.stderr)
            assert result.exit_code == code, (name, args, result.stderr)
            assert words in result.stderr.splitlines()[0], (name, result.stderr)
    store = EmbeddedStore(writable_store_path)
    assert (store.graph_names(), store.triple_count()) == before
    store.close()


def test_every_hostile_file_gets_a_4xx_over_http(valid: dict[str, bytes], writable_store_path: Path) -> None:
    client = create_app(Settings(store=str(writable_store_path), token="t", query_workers=0)).test_client()
    headers = {"Content-Type": "application/zip", "Authorization": "Bearer t"}
    for name, (data, _, status, words) in _hostile(valid).items():
        for path in ("/api/cases", "/api/cases?dry_run=true", "/api/diagnosis"):
            answer = client.post(path, data=data, headers=headers)
            assert answer.status_code == status, (name, path, answer.data[:300])
            assert words in answer.json["error"] and "Traceback" not in answer.get_data(as_text=True), name
    assert client.get("/api/cases").json["cases"] == [c for c in client.get("/api/cases").json["cases"]
                                                      if not c["submitted"]]
