"""The language layer: words, lemmas and a lemma index, for Russian, Kazakh and English.

    tokenize(text)            -> [Token]          words with offsets into `text` and sentence numbers
    lemmatizer_for(lang)      -> Lemmatizer       one shared, caching lemmatiser per language
    LemmaIndex.build(items, lang)                 lemmas of many provisions, searchable by phrase

Languages are named as in Akoma Ntoso ("rus", "kaz", "eng") or by their two-letter codes.
The lemmatiser back ends are imported only when first asked for, so `import lexgap.lang` does not
load pymorphy3's dictionaries.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

from lexgap.lang.tokenize import Token, tokenize

_CANONICAL = {"rus": "rus", "ru": "rus", "kaz": "kaz", "kk": "kaz", "eng": "eng", "en": "eng"}


class Lemmatizer(Protocol):
    """Anything that maps a word form to the key the matcher compares: a lemma or a stem."""

    def lemma(self, word: str) -> str:
        """The lemma (or stem) of one word, in lower case."""
        ...


def canonical_lang(lang: str) -> str:
    """"ru"/"rus" -> "rus" and so on; a ValueError names the languages there are."""
    try:
        return _CANONICAL[lang.lower()]
    except KeyError:
        raise ValueError(f"no lemmatizer for language {lang!r}; known: {', '.join(sorted(_CANONICAL))}") from None


@cache
def lemmatizer_for(lang: str) -> Lemmatizer:
    """The lemmatiser for `lang`, one instance per language so its cache of word forms is shared."""
    code = canonical_lang(lang)
    if code != lang:
        return lemmatizer_for(code)
    if code == "rus":
        from lexgap.lang.ru import russian_lemmatizer

        return russian_lemmatizer()
    if code == "kaz":
        from lexgap.lang.kk import kazakh_stemmer

        return kazakh_stemmer()
    from lexgap.lang.en import english_lemmatizer

    return english_lemmatizer()


# Imported last: index.py uses lemmatizer_for from this module.
from lexgap.lang.index import LemmaIndex, LemmaToken  # noqa: E402

__all__ = ["Lemmatizer", "LemmaIndex", "LemmaToken", "Token", "canonical_lang", "lemmatizer_for", "tokenize"]
