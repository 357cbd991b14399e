"""Exports of the full codes: AKN valid against the official schema, JSON against ours, text reads back."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import FULL_CODES, KAZAKH_CRIMINAL, parsed
from lexgap.read import read_bytes
from lexgap.write.akn import to_akn, validate_akn
from lexgap.write.json import to_json
from lexgap.write.outline import to_text

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
