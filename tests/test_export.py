"""Exports of the full codes: AKN valid against the official schema, JSON against ours, text reads back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from conftest import FULL_CODES, KAZAKH_CRIMINAL, parsed
from lexgap.read import read_bytes
from lexgap.write.akn import to_akn, validate_akn
from lexgap.write.json import to_json
from lexgap.write.outline import to_text

EDITIONS = [  # chapters and sections: their edition is not the latest law their footnotes cite
    "kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md",
    "kz/editions/criminal-procedure-code.sec10.rus.2025-09-16.md",
    "kz/editions/civil-procedure-code.ch55.rus.2019-12-26.md",
    "kz/editions/criminal-code.ch03.rus.2015-11-13.md",
    "kz/editions/criminal-code.ch03.rus.2020-06-26.md",
]
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "schema" / "code.schema.json").read_text())
CODES = [*FULL_CODES.values(), KAZAKH_CRIMINAL]


@pytest.mark.parametrize("relative", CODES, ids=lambda r: r.split("/")[-1])
def test_akn_export_of_full_code_is_valid(relative: str) -> None:
    assert validate_akn(to_akn(parsed(relative))) == []


@pytest.mark.parametrize("relative", CODES, ids=lambda r: r.split("/")[-1])
def test_json_export_matches_schema_and_is_deterministic(relative: str) -> None:
    code = parsed(relative)
    data = to_json(code)
    jsonschema.validate(json.loads(data), SCHEMA)
    assert to_json(code) == data


@pytest.mark.parametrize("relative", CODES, ids=lambda r: r.split("/")[-1])
def test_text_export_reads_back_to_the_same_tree(relative: str) -> None:
    code = parsed(relative)
    again = read_bytes(to_text(code), "roundtrip.md")
    assert [(p.id, p.status, p.text, p.wrap_up) for p in again.walk()] == [
        (p.id, p.status, p.text, p.wrap_up) for p in code.walk()
    ]


@pytest.mark.parametrize("relative", CODES, ids=lambda r: r.split("/")[-1])
def test_text_export_of_a_full_code_keeps_its_edition_without_front_matter(relative: str) -> None:
    code = parsed(relative)
    data = to_text(code)
    again = read_bytes(data, "roundtrip.md")
    assert not data.startswith(b"---")  # its footnotes date it already
    assert (again.uri, again.edition_date, again.fragment) == (code.uri, code.edition_date, code.fragment)


@pytest.mark.parametrize("relative", EDITIONS, ids=lambda r: r.split("/")[-1])
def test_text_export_of_a_fragment_keeps_its_edition_and_fragment_flag(relative: str) -> None:
    code = parsed(relative)
    assert code.fragment and code.edition_date is not None
    data = to_text(code)
    again = read_bytes(data, "roundtrip.md")
    assert data.startswith(b"---\npart_of: ")
    assert (again.uri, again.edition_date, again.fragment) == (code.uri, code.edition_date, code.fragment)
    assert [(p.id, p.status, p.text, p.wrap_up) for p in again.walk()] == [
        (p.id, p.status, p.text, p.wrap_up) for p in code.walk()
    ]
    assert to_text(again) == data  # the front matter reads back into itself


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-09-16", date(2025, 9, 16)),
    ("2025-13-45", None),
    ("16.09.2025", None),
], ids=["iso", "impossible", "not-iso"])
def test_front_matter_edition_dates_the_text(value: str, expected: date | None) -> None:
    content = f"---\nedition: {value}\n---\n\n# Кодекс\n\n## Статья 1. Первая\n\nТекст.\n".encode()
    assert read_bytes(content, "front.md").edition_date == expected
