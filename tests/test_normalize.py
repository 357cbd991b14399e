"""Normalisation: what it changes, what it keeps, and the map back to the original offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lexgap.normalize import norm, normalize

CASES = [
    ("latin-c-in-cyrillic", "Cтатья 69.", "Статья 69."),  # AOC line 2913
    ("roman-numeral-with-cyrillic-i", "№ 205-VІ", "№ 205-VI"),  # law numbers in footnotes
    ("soft-hyphen", "Пре\u00adзи\u00adдент", "Президент"),
    ("no-break-space", "статьи\u00a0146", "статьи 146"),
    ("en-dash-range", "статьями 110—112", "статьями 110–112"),
    ("hyphen-in-number", "статьи 65\u20111", "статьи 65-1"),
    ("kazakh-untouched", "азаптаулар қолданылмайды", "азаптаулар қолданылмайды"),
    ("combining-accent", "е\u0301сли", "\u0435\u0301сли"),
    ("english-untouched", "Article 145 of this Code", "Article 145 of this Code"),
    ("bom", "\ufeffСтатья", "Статья"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_normalise(text: str, expected: str) -> None:
    assert normalize(text).text == expected
    assert norm(text) == expected


@given(st.text(alphabet=st.sampled_from("СтатьяCaeo146-–—\u00ad\u00a0\u2011 VІ\u0301йё.,"), max_size=40))
def test_norm_equals_normalize_and_offsets_map_back(text: str) -> None:
    result = normalize(text)
    assert norm(text) == result.text
    assert len(result.origin) == len(result.text) + 1 and result.origin[-1] == len(text)
    assert list(result.origin[:-1]) == sorted(result.origin[:-1])
    for index in range(len(result.text)):
        start, end = result.to_original(index, index + 1)
        assert 0 <= start < end <= len(text)
        assert text[start] != "\u00ad"  # a removed character is never the origin of a kept one


def test_a_span_ending_on_a_decomposed_letter_keeps_its_mark() -> None:
    text = "Законныи\u0306 порядок"  # "й" written as и + combining breve
    result = normalize(text)
    end = result.text.index(" ")
    start, stop = result.to_original(0, end)
    assert text[start:stop] == "Законныи\u0306"
