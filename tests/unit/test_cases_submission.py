"""Reading case files: the example parses; each kind of bad input names the field and its line."""
from __future__ import annotations

from pathlib import Path

import pytest

from lpskg import formats
from lpskg.contributions import SourceFile, SubmissionError, read_source, submission_format
from lpskg.contributions.parsing import parse_case

from support.stores import REPO

EXAMPLE = REPO / "examples" / "example-pumps.yaml"


def source(text: str, name: str = "case.yaml") -> SourceFile:
    return SourceFile(name, text.encode(), formats.YAML)


def rejected(text: str) -> SubmissionError:
    with pytest.raises(SubmissionError) as caught:
        parse_case(source(text))
    return caught.value


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_example_case_parses_into_the_model() -> None:
    case = parse_case(read_source(EXAMPLE, 10_000_000))
    assert case.id == "example-pumps"
    assert case.organisation == "Example Pumps AS (fictional)"
    assert (case.initiative, case.sequence, case.lean_experience_years) == ("bottom-up", "lean-first", 10)
    assert [e.kind for e in case.evidence] == ["quote", "quote", "observation", "quote", "observation"]
    assert case.evidence[4].detail.key == "board-time-withheld" and case.evidence[4].detail.strength == "strong"
    new = [ref for ref in case.concept_refs() if ref.new]
    assert {(r.kind, r.label) for r in new} == {
        ("technology", "autonomous mobile robots"),
        ("tension", "speed of digital change vs. stability of standard work"),
        ("pole", "speed of digital change"), ("pole", "stability of standard work")}
    assert case.document.line(("evidence", 3, "illustrates", 0)) == line_of(EXAMPLE.read_text(), "- Technical Monument")


def test_invalid_yaml_is_unreadable_with_line_and_column() -> None:
    error = rejected("id: x\nlabel: [unclosed\ndescription: y\n")
    assert error.kind == "unreadable"
    assert "not valid YAML at line 3" in error.message


def test_missing_required_field_names_the_field() -> None:
    text = EXAMPLE.read_text()
    without_study_year = text.replace("  year: 2025\n", "")
    error = rejected(without_study_year)
    assert error.kind == "rejected"
    assert [(e.field, e.message) for e in error.errors] == [("study.year", "required field is missing")]
    assert error.errors[0].line == line_of(text, "study:")


def test_wrong_datatype_names_field_value_and_line() -> None:
    text = EXAMPLE.read_text().replace("  year: 2025", '  year: "20x3"')
    error = rejected(text)
    assert [(e.field, e.line) for e in error.errors] == [("study.year", line_of(text, '"20x3"'))]
    assert "'20x3' is not of type 'integer'" in error.errors[0].message


def test_quote_without_role_and_unknown_key_are_both_reported() -> None:
    text = EXAMPLE.read_text().replace("    role: LPS manager\n", "    speaker: LPS manager\n")
    error = rejected(text)
    messages = {(e.field, e.message) for e in error.errors}
    assert ("evidence[0].role", "required field is missing") in messages
    assert any(field == "evidence[0]" and "'speaker' was unexpected" in message for field, message in messages)


def test_repeated_key_is_rejected_with_its_line() -> None:
    error = rejected("id: a\nid: b\n")
    assert [(e.field, e.line, e.message) for e in error.errors] == [("id", 2, "key given twice")]


def test_new_concept_needs_kind_and_definition() -> None:
    text = EXAMPLE.read_text().replace("    kind: technology\n    definition: Driverless", "    note: Driverless")
    error = rejected(text)
    fields = {e.field for e in error.errors}
    assert "technologies[2].kind" in fields and "technologies[2].definition" in fields


def test_bad_slug_explains_the_pattern() -> None:
    error = rejected(EXAMPLE.read_text().replace("id: example-pumps", "id: Example Pumps"))
    assert error.errors[0].field == "id"
    assert "Lower-case letters, digits and single hyphens" in error.errors[0].message


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (10 * 1024 * 1024 + 1))
    with pytest.raises(SubmissionError) as caught:
        read_source(big, 10 * 1024 * 1024)
    assert caught.value.kind == "too-large"
    assert "10.0 MB" in caught.value.message


def test_formats_by_extension_and_content_type() -> None:
    assert submission_format("a.ttl") is formats.TURTLE
    assert submission_format("a.json") is formats.CASE_JSON  # read by the YAML reader: JSON is YAML
    assert submission_format("a.json", family=formats.LITERATURE) is formats.CSL_JSON
    assert submission_format("upload", "application/ld+json; charset=utf-8") is formats.JSON_LD
    assert submission_format("upload", "application/json", formats.LITERATURE) is formats.CSL_JSON
    with pytest.raises(SubmissionError) as caught:
        submission_format("a.docx")
    assert caught.value.kind == "unsupported-type"
