"""The cache every lemmatiser shares: each distinct word form is analysed once per language.

A code has about 200,000 word tokens but only 25,000 distinct forms, and analysing a form is the
costly step (a pymorphy3 parse, a cascade of Kazakh suffix rules), so the analysis sits behind a
dictionary keyed by the folded form.
"""

from __future__ import annotations

from collections.abc import Callable


class CachedLemmatizer:
    """`lemma(word)`: `analyse(fold(word))`, computed once per folded form."""

    def __init__(self, analyse: Callable[[str], str], fold: Callable[[str], str] = str.lower) -> None:
        self._analyse = analyse
        self._fold = fold
        self._cache: dict[str, str] = {}

    def lemma(self, word: str) -> str:
        key = self._fold(word)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._analyse(key)
        return found

    @property
    def cache_size(self) -> int:
        """How many distinct forms were analysed (for benchmarks and tests)."""
        return len(self._cache)
