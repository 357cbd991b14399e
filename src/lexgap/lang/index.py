"""A lemma index over many provisions: which provisions contain a lemma, and where a phrase occurs.

Why built this way: a code has ~200,000 word tokens but only ~25,000 distinct forms, and
lemmatising a form is the expensive step (a pymorphy3 parse), so `build` lemmatises each distinct
lower-case form once for the whole collection. Per provision it keeps four parallel tuples (lemma,
start, end, sentence) rather than an object per token; `tokens()` builds LemmaToken objects only
when asked. Lemma strings are shared between provisions (the same object for every occurrence).

Offsets are into each provision's text as given to `build`, so a phrase match maps straight back to
a quotable span of the original text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lexgap.lang import Lemmatizer, canonical_lang, lemmatizer_for
from lexgap.lang.tokenize import iter_words


@dataclass(frozen=True, slots=True)
class LemmaToken:
    """One word of a provision: its lemma, its span in the provision's text, its sentence number and
    its position (0-based word index) in the provision."""

    lemma: str
    start: int
    end: int
    sentence: int
    position: int


@dataclass(frozen=True, slots=True)
class _Words:
    """The words of one provision as parallel tuples."""

    lemmas: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    sentences: tuple[int, ...]


class LemmaIndex:
    """Lemmas of a collection of provisions, with an inverted index lemma -> provision ids."""

    def __init__(self, lang: str, lemmatizer: Lemmatizer, words: dict[str, _Words], distinct_forms: int) -> None:
        self.lang = lang
        self.lemmatizer = lemmatizer
        self.distinct_forms = distinct_forms
        self._words = words
        inverted: dict[str, set[str]] = {}
        for provision_id, provision in words.items():
            for lemma in set(provision.lemmas):
                inverted.setdefault(lemma, set()).add(provision_id)
        self._inverted = {lemma: frozenset(ids) for lemma, ids in inverted.items()}

    @classmethod
    def build(cls, items: Iterable[tuple[str, str]], lang: str, lemmatizer: Lemmatizer | None = None) -> LemmaIndex:
        """Index (provision_id, text) pairs; ids must be unique. `lemmatizer` defaults to the one for
        `lang` (pass another to try a different strategy)."""
        code = canonical_lang(lang)
        lemmatizer = lemmatizer or lemmatizer_for(code)
        lemma_of: dict[str, str] = {}  # lower-case form -> lemma: each distinct form is lemmatised once
        words: dict[str, _Words] = {}
        for provision_id, text in items:
            if provision_id in words:
                raise ValueError(f"duplicate provision id {provision_id!r}")
            lemmas: list[str] = []
            starts: list[int] = []
            ends: list[int] = []
            sentences: list[int] = []
            for lower, start, end, sentence in iter_words(text):
                lemma = lemma_of.get(lower)
                if lemma is None:
                    lemma = lemma_of[lower] = lemmatizer.lemma(lower)
                lemmas.append(lemma)
                starts.append(start)
                ends.append(end)
                sentences.append(sentence)
            words[provision_id] = _Words(tuple(lemmas), tuple(starts), tuple(ends), tuple(sentences))
        return cls(code, lemmatizer, words, len(lemma_of))

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, provision_id: object) -> bool:
        return provision_id in self._words

    @property
    def provision_ids(self) -> tuple[str, ...]:
        """The ids in the order they were indexed."""
        return tuple(self._words)

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """Every distinct lemma in the collection, sorted (for prefix and fuzzy look-ups)."""
        return tuple(sorted(self._inverted))

    def provisions_with(self, lemma: str) -> frozenset[str]:
        """Ids of the provisions that contain `lemma` (a lemma, not a word form: see lemmatize_phrase)."""
        return self._inverted.get(lemma, frozenset())

    def tokens(self, provision_id: str) -> tuple[LemmaToken, ...]:
        """The words of one provision, in order."""
        w = self._words[provision_id]
        rows = zip(w.lemmas, w.starts, w.ends, w.sentences, strict=True)
        return tuple(
            LemmaToken(lemma, start, end, sentence, position)
            for position, (lemma, start, end, sentence) in enumerate(rows)
        )

    def lemmatize_phrase(self, text: str) -> tuple[str, ...]:
        """The lemmas of a lexicon phrase, by the same tokeniser and lemmatiser as the texts."""
        return tuple(self.lemmatizer.lemma(lower) for lower, _, _, _ in iter_words(text))

    def find_phrase(self, provision_id: str, lemmas: Sequence[str], max_gap: int = 0) -> list[tuple[int, int]]:
        """Character spans (start of the first word, end of the last) where `lemmas` occur in order
        within one sentence, with at most `max_gap` other words between consecutive phrase words.
        Matches do not overlap; each next phrase word is taken at its earliest position, which finds a
        match whenever one exists from that start."""
        w = self._words[provision_id]
        if max_gap < 0:
            raise ValueError(f"max_gap must be 0 or more, not {max_gap}")
        if not lemmas:
            return []
        seq, sentences = w.lemmas, w.sentences
        spans: list[tuple[int, int]] = []
        resume = 0
        for first in (i for i, lemma in enumerate(seq) if lemma == lemmas[0]):
            if first < resume:
                continue
            last = _match_from(seq, sentences, first, lemmas, max_gap)
            if last is not None:
                spans.append((w.starts[first], w.ends[last]))
                resume = last + 1
        return spans

    def search(self, lemmas: Sequence[str], max_gap: int = 0) -> dict[str, list[tuple[int, int]]]:
        """find_phrase over every provision that contains all of `lemmas` (found by the inverted index)."""
        if not lemmas:
            return {}
        candidates = frozenset.intersection(*(self.provisions_with(lemma) for lemma in set(lemmas)))
        found = {pid: self.find_phrase(pid, lemmas, max_gap) for pid in self._words if pid in candidates}
        return {pid: spans for pid, spans in found.items() if spans}


def _match_from(
    seq: tuple[str, ...], sentences: tuple[int, ...], first: int, lemmas: Sequence[str], max_gap: int
) -> int | None:
    """Position of the last phrase word of a match starting at `first`, or None."""
    position = first
    sentence = sentences[first]
    for lemma in lemmas[1:]:
        window_end = min(len(seq), position + 2 + max_gap)
        for candidate in range(position + 1, window_end):
            if sentences[candidate] != sentence:
                return None
            if seq[candidate] == lemma:
                position = candidate
                break
        else:
            return None
    return position
