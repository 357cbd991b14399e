"""Shared fixtures: the real corpora in ../shared/corpora, each parsed once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from lexgap.model import Code
from lexgap.read import read_code

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
GOLDEN = Path(__file__).resolve().parent / "golden"

FULL_CODES = {
    "criminal": "kz/criminal-code.rus.2019-12-27.md",
    "criminal_procedure": "kz/criminal-procedure-code.rus.2022-12-30.md",
    "civil_procedure": "kz/civil-procedure-code.rus.2022-06-27.md",
    "administrative_offences": "kz/administrative-offences-code.rus.2020-06-25.md",
}
KAZAKH_CRIMINAL = "kz/criminal-code.kaz.2022-11-05.md"


def corpus_path(relative: str) -> Path:
    """The path of a corpus file; skips the test when the shared corpora are not there."""
    path = CORPORA / relative
    if not path.is_file():
        pytest.skip(f"corpus file not available: {path}")
    return path


@cache
def _parsed(relative: str) -> Code:
    return read_code(CORPORA / relative)


def parsed(relative: str) -> Code:
    """The code in a corpus file, parsed once per session (parsing a full code takes about a second)."""
    corpus_path(relative)
    return _parsed(relative)
