"""Russian lemmas from pymorphy3, one dictionary look-up per distinct word form.

Why pymorphy3 directly and not spaCy's Russian lemmatizer: spaCy's `lemmatizer` component in mode
"pymorphy3" calls the same `MorphAnalyzer`, but once per token of every document, with no cache, and
in a blank pipeline (no tagger, hence no part of speech) it falls back to its "lookup" rule, which
keeps the word unchanged whenever the parses disagree on the normal form ("стали", "суда"). A code of
~200,000 tokens has only ~25,000 distinct forms, so analysing each distinct form once is an order of
magnitude faster (bench/bench_lemmatize.py measures it), and taking the most probable parse (pymorphy3
sorts parses by estimated probability) gives a lemma for every form. spaCy itself is then not needed
at run time.

Lemmas are lower case with "ё" folded to "е", because the codes write "осужденный" and lexicons may
write "осуждённый".
"""

from __future__ import annotations

from functools import cache

from lexgap.lang.cache import CachedLemmatizer

_CYRILLIC_LOWER = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_YO = str.maketrans("ё", "е")


@cache
def _analyzer() -> object:
    """One MorphAnalyzer per process: loading its dictionaries is the expensive part."""
    from pymorphy3 import MorphAnalyzer

    return MorphAnalyzer(lang="ru")


def russian_lemmatizer() -> CachedLemmatizer:
    """`lemma(word)`: the normal form of pymorphy3's most probable parse, cached per lower-case form
    with ё folded to е; words without Cyrillic letters or with digits pass through."""
    parse = _analyzer().parse  # type: ignore[attr-defined]

    def analyse(key: str) -> str:
        if not any(ch in _CYRILLIC_LOWER for ch in key) or any(ch.isdigit() for ch in key):
            return key  # "65-1", "ii", Latin names: pymorphy3 would only echo them
        return str(parse(key)[0].normal_form).translate(_YO)

    return CachedLemmatizer(analyse, fold=lambda word: word.lower().translate(_YO))
