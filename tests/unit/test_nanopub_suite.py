"""The Nanopublication Test Suite (tests/fixtures/nanopub-testsuite, MIT): every valid file accepted by
``lpskg nanopub import --dry-run``, every invalid one rejected for its reason, and the transform cases
signed with the suite's test keys compared with the suite's trusty codes.

The counts asserted here are the ones reported in docs/nanopublications.md.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from lpskg.exchange.nanopub import SUFFIXES, NanopubError, check, read, sign

from support.cli import lpskg
from support.stores import REPO

SUITE = REPO / "tests" / "fixtures" / "nanopub-testsuite"
SIGNER = "https://orcid.org/0000-0000-0000-0000"   # the suite's README: the signer of its transform outputs


def _dry_run(folder: str, store: Path) -> tuple[int, dict]:
    result = lpskg(store, "nanopub", "import", "--dry-run", "--format", "json", str(SUITE / folder))
    return result.exit_code, json.loads(result.output)


@pytest.mark.parametrize("folder, files", [("valid/plain", 18), ("valid/trusty", 27)])
def test_every_valid_plain_and_trusty_file_is_accepted(folder: str, files: int, writable_store_path: Path) -> None:
    code, report = _dry_run(folder, writable_store_path)
    assert code == 0 and report["rejected"] == 0
    assert len(report["files"]) == files
    assert all(n["status"] == "valid" for f in report["files"] for n in f["nanopubs"])
    if folder == "valid/trusty":
        assert all(n["trusty"] for f in report["files"] for n in f["nanopubs"])


def test_valid_signed_files_are_accepted_but_the_dsa_one(writable_store_path: Path) -> None:
    """45 of 46: nanopub-sign verifies RSA only, so the one DSA-signed file is refused, saying so."""
    code, report = _dry_run("valid/signed", writable_store_path)
    rejected = {f["file"]: f["rejected"] for f in report["files"] if "rejected" in f}
    accepted = [f for f in report["files"] if "nanopubs" in f]
    assert len(accepted) == 45 and all(n["signed"] and n["trusty"] for f in accepted for n in f["nanopubs"])
    assert list(rejected) == ["simple1-signed-dsa.1024.trig"]
    assert "signed with DSA; lpskg checks RSA signatures only" in rejected["simple1-signed-dsa.1024.trig"]
    assert code == 1


#: Each invalid file of the suite and the reason it must be rejected for.
INVALID = {
    "plain/assertion_graph_uri_not_matching.trig": "assertion graph <http://purl.org/nanopub/1601763780/assertion> "
                                                   "does not start with the nanopublication's IRI",
    "plain/emptya.trig": "its assertion graph <http://example.org/nanopub-validator-example/assertion> is empty",
    "plain/emptyinfo.trig": "publication-info graph <http://example.org/nanopub-validator-example/pubinfo> is empty",
    "plain/emptyprov.trig": "provenance graph <http://example.org/nanopub-validator-example/provenance> is empty",
    "plain/extragraph.trig": "the graph <http://example.org/nanopub-validator-example/foobar> belongs to no "
                             "nanopublication",
    "plain/graphs_uris_equal.trig": "uses the graph <http://example.org/mynanopub1#ng/> for two roles",
    "plain/illtyped_datatypes_in_assertion.trig": 'the literal "two" is not a valid integer',
    "plain/noinfolink.trig": "its publication-info graph says nothing about the nanopublication",
    "plain/noprovlink.trig": "its provenance graph says nothing about the assertion",
    "plain/provenance_graph_uri_not_matching.trig": "provenance graph <http://purl.org/nanopub/1601763780/provenance> "
                                                    "does not start with",
    "plain/pubinfo_graph_uri_not_matching.trig": "publication-info graph <http://purl.org/nanopub/1601763780/pubinfo> "
                                                 "does not start with",
    "plain/valid_invalid1.trig": "<http://example.org/mynanopub3#> needs exactly one np:hasAssertion graph IRI",
    "trusty/trusty1.trig": "its trusty hash does not match its content",
    "trusty/trusty2.trig": "head graph <https://w3id.org/np/RA54f2f2ef2408bf88c12fbb8fd62844263ab83ef5c22/Head> "
                           "does not start with the nanopublication's IRI",
    "signed/RA6T-YLqLnYd5XfnqR9PaGUjCzudvHdYjcG4GvOc7fdpA-all-LF.trig": "its trusty hash does not match its content",
    "signed/simple1-invalid-dsa.trig": "signed with DSA; lpskg checks RSA signatures only",
    "signed/simple1-invalid-rsa.trig": "its signature does not verify with the public key it states",
}


def test_the_suite_has_the_invalid_files_this_test_knows() -> None:
    assert sorted(str(p.relative_to(SUITE / "invalid")) for p in (SUITE / "invalid").rglob("*.trig")) == sorted(INVALID)


@pytest.mark.parametrize("folder, files", [("invalid/plain", 12), ("invalid/trusty", 2), ("invalid/signed", 3)])
def test_every_invalid_file_is_rejected_for_its_reason(folder: str, files: int, writable_store_path: Path) -> None:
    code, report = _dry_run(folder, writable_store_path)
    assert code == 1 and report["rejected"] == files == len(report["files"])
    for entry in report["files"]:
        assert INVALID[f"{folder.split('/')[1]}/{entry['file']}"] in entry["rejected"], entry


def _key(name: str) -> str:
    return (SUITE / "transform" / "signed" / name / "key" / "id_rsa").read_text().strip()


def _inputs() -> list[Path]:
    return sorted((SUITE / "transform" / "plain").glob("*.in.trig"))


def _signed_code(path: Path, key: str, signer: str | None) -> str:
    (nanopub,) = read(path.read_bytes(), "trig", path.name)
    if signer is not None:   # as nanopub-java does for a signer, whose outputs the suite holds
        sig = ox.NamedNode(nanopub.uri.rstrip("/") + "/sig")
        nanopub.quads.append(ox.Quad(sig, ox.NamedNode("http://purl.org/nanopub/x/signedBy"), ox.NamedNode(signer),
                                     ox.NamedNode(nanopub.pubinfo)))
    return check(sign(nanopub.trig(), key)).trusty_code


#: The transform cases whose code nanopub-sign does not reproduce (19 of 23 it does, with either key):
#: artifactcode-1 mints a term from the ~~~ARTIFACTCODE~~~ placeholder, which nanopub-rs does not replace;
#: example5's base is http://purl.org/np/, which nanopub-java keeps and nanopub-rs turns into https://w3id.org/np/;
#: python-step-1 and workflow-1 (a "pubInfo" graph, a nanopub IRI ending in "/") are turned into trusty IRIs
#: differently by the two tools. The suite's README says the transformation is not fully deterministic.
NOT_MATCHED = {"artifactcode-1", "example5", "python-step-1", "workflow-1"}


@pytest.mark.parametrize("key_name", ["rsa-key1", "rsa-key2"])
def test_transform_codes_with_the_suite_keys(key_name: str) -> None:
    signed = {path.name[: -len(".in.trig")]: _signed_code(path, _key(key_name), SIGNER) for path in _inputs()}
    expected = {name: (SUITE / "transform" / "signed" / key_name / f"{name}.out.code").read_text().strip()
                for name in signed}
    assert len(signed) == 23
    assert {name for name in signed if signed[name] != expected[name]} == NOT_MATCHED


def test_without_a_signer_most_codes_of_valid_signed_are_reproduced() -> None:
    """valid/signed/NAME.trig were made by nanopub-rs with rsa-key2 and no signer from the transform inputs: 13 of
    the 16 with such an input come out with the same code; the three others are among NOT_MATCHED above."""
    reproduced, not_reproduced = 0, set()
    for path in _inputs():
        name = path.name[: -len(".in.trig")]
        target = SUITE / "valid" / "signed" / f"{name}.trig"
        if target.exists():
            (expected,) = read(target.read_bytes(), "trig", target.name)
            if _signed_code(path, _key("rsa-key2"), None) == expected.trusty_code:
                reproduced += 1
            else:
                not_reproduced.add(name)
    assert reproduced == 13 and not_reproduced == {"example5", "python-step-1", "workflow-1"}


def test_a_broken_file_is_an_error_not_a_crash() -> None:
    with pytest.raises(NanopubError, match="not readable as trig"):
        read(b"@prefix : <x> . :a :b", "trig", "broken.trig")
    assert SUFFIXES[".xml"] == "trix"
