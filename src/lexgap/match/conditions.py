"""Where a condition holds in a candidate article: lists of hits, empty when it does not hold.

Leaves (concepts, phrases, regexes) are found once per code over every text, through the lemma
index, and kept; composites combine the leaves' hits per candidate. A hit records its text, its
character span and word positions, so proximity (`near`, `same_sentence`, `same_part`) is exact.

Negation and exception contexts (`negated`), within one sentence:
- a negation stands close to the hit: in Russian and English up to eight words before it or two
  after ("не признаются пыткой", "не подлежат освобождению на основании акта амнистии", "пытки не
  являются"), but not before a comparative ("не более пяти тысяч" limits a fine, it negates nothing);
- an exception word stands anywhere before the hit: "за исключением", "кроме", "except", "unless"
  govern the rest of their sentence ("применяется ко всем, за исключением лиц, совершивших пытки");
- in Kazakh, whose verbs come last and carry the negation as a suffix, a negative finite verb or
  "емес" stands up to eight words after the hit ("… азаптау деп танылмайды"); a negative participle
  ("бұрын сотталмаған", not previously convicted) is a description, not a negation of the clause;
  "қоспағанда" (except) counts on either side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from lexgap.lang.index import LemmaToken
from lexgap.match.texts import BODY, HEADING, CodeTexts
from lexgap.normalize import normalize
from lexgap.rules.schema import (
    All,
    Any,
    Concept,
    Condition,
    Gap,
    Lang,
    Leaf,
    Lexicon,
    Near,
    Not,
    Phrase,
    PhrasePattern,
    Regex,
    SamePart,
    SameSentence,
    Scope,
    leaves,
)

LANG_OF_CODE = {"rus": Lang.RU, "kaz": Lang.KK, "eng": Lang.EN}

#: Kazakh phrase words are stems; a stem this long or longer also matches longer stems ("азапта" ->
#: азапталуш, the tortured person), a shorter one only itself ("заң", law, must not match "заңсыз",
#: unlawful; "сот", court, must not match "сотта", to convict).
KK_PREFIX_MIN = 5

#: Fuzzy concepts accept a word whose lemma is this similar (rapidfuzz ratio, 0-100) to the lexicon's:
#: enough for one wrong or missing letter in a word of 8+ letters ("пыткии", "пытка" spelt with a
#: Latin look-alike the normaliser missed), not for a different word of the same root.
FUZZY_CUTOFF = 88.0

_NEGATION_LEMMAS: dict[Lang, frozenset[str]] = {
    Lang.RU: frozenset({"не", "нет", "ни"}),
    Lang.EN: frozenset({"not", "no", "never"}),
    Lang.KK: frozenset({"емес", "жоқ"}),
}
_EXCEPTION_LEMMAS: dict[Lang, frozenset[str]] = {
    Lang.RU: frozenset({"кроме", "исключение"}),
    Lang.EN: frozenset({"except", "unless", "excluding"}),
    Lang.KK: frozenset(),  # "қоспағанда" is matched on its form (the stemmer shortens it)
}
# A negation right before these limits an amount or a time; it does not negate the clause.
_COMPARATIVES = frozenset({"более", "менее", "свыше", "позднее", "ранее", "позже", "раньше", "больше", "меньше",
                           "more", "less", "later", "earlier", "exceeding"})
_KAZAKH_NEGATED_VERB = re.compile(
    r"""^\w{2,}                      # a verb stem (so "бас", head, is no verb)
        (?:ма|ме|ба|бе|па|пе)        # the negation suffix
        (?:йды|йді)$                 # a finite present-future ending: қолданылмайды, танылмайды""",
    re.VERBOSE,
)
_BEFORE = {Lang.RU: 8, Lang.EN: 8, Lang.KK: 8}
_AFTER = {Lang.RU: 2, Lang.EN: 2, Lang.KK: 8}


@dataclass(frozen=True, order=True)
class Hit:
    """Where a leaf matched: the text, characters [start, end), words [first, last], the sentence."""

    tid: str
    start: int
    end: int
    first: int
    last: int
    sentence: int

    @property
    def placed(self) -> bool:
        return bool(self.tid)


NOWHERE = Hit("", 0, 0, -1, -1, -1)
"""The hit of a condition that holds without a place: `not` something."""


@dataclass(frozen=True)
class _LeafHit:
    hit: Hit
    negated: bool


class Matcher:
    """Evaluates conditions over the candidates of one code."""

    def __init__(self, texts: CodeTexts, lexicon: Lexicon) -> None:
        self.texts = texts
        self.lexicon = lexicon
        self.lang = LANG_OF_CODE.get(texts.lang, Lang.EN)
        self._leaves: dict[Leaf, dict[str, list[_LeafHit]]] = {}
        self._vocabulary: tuple[str, ...] | None = None

    # -- composites -------------------------------------------------------------------------------
    def hits(self, cond: Condition, tids: Sequence[str]) -> list[Hit]:
        """Hits of `cond` in the texts `tids` (one candidate's heading and body); [] when it fails."""
        if isinstance(cond, (Concept, Phrase, Regex)):
            return self._leaf(cond, tids)
        if isinstance(cond, All):
            parts = [self.hits(item, tids) for item in cond.items]
            return [h for part in parts for h in part] if all(parts) else []
        if isinstance(cond, Any):
            return [h for item in cond.items for h in self.hits(item, tids)]
        if isinstance(cond, Not):
            return [] if self.hits(cond.item, tids) else [NOWHERE]
        if isinstance(cond, Near):
            return self._together(cond.items, tids, lambda a, b: _distance(a, b) <= cond.within)
        if isinstance(cond, SameSentence):
            return self._together(cond.items, tids, lambda a, b: a.sentence == b.sentence)
        if isinstance(cond, SamePart):
            return self._together(cond.items, tids, self._same_part)
        raise TypeError(f"unknown condition {type(cond).__name__}")

    def _together(self, items: Sequence[Condition], tids: Sequence[str], close) -> list[Hit]:  # type: ignore[no-untyped-def]
        """Hits of every item in one text, each close to a hit of the first item."""
        per_item = [[h for h in self.hits(item, tids) if h.placed] for item in items]
        if not all(per_item):
            return []
        out: set[Hit] = set()
        for anchor in per_item[0]:
            chosen = [anchor]
            for others in per_item[1:]:
                near = [h for h in others if h.tid == anchor.tid and close(anchor, h)]
                if not near:
                    break
                chosen.append(min(near, key=lambda h: _distance(anchor, h)))
            else:
                out.update(chosen)
        return sorted(out)

    def _same_part(self, a: Hit, b: Hit) -> bool:
        seg_a = self.texts.segment_at(a.tid, a.start)
        seg_b = self.texts.segment_at(b.tid, b.start)
        return seg_a is None and seg_b is None or (seg_a is not None and seg_b is not None and seg_a.part == seg_b.part)

    def score(self, cond: Condition, tids: Sequence[str]) -> float:
        """How close a candidate came: the share of leaves that went its way (a leaf under `not` by
        being absent), and 0 when no positive leaf was found at all."""
        all_leaves = leaves(cond)
        met = [bool(self._leaf(leaf, tids)) != _under_not(cond, leaf) for leaf in all_leaves]
        positive_found = any(m for leaf, m in zip(all_leaves, met, strict=True) if not _under_not(cond, leaf))
        return sum(met) / len(all_leaves) if positive_found else 0.0

    def heading_similarity(self, cond: Condition, heading_tid: str) -> float:
        """How close an article's heading (as lemmas) is to the words of a condition, 0-1.

        Breaks ties between near misses that found the same share of words: the article headed
        "Основания к возобновлению производства … вновь открывшихся обстоятельств" ranks above an
        article that merely mentions "международный" in passing.
        """
        words = " ".join(self._leaf_words(leaf) for leaf in leaves(cond))
        heading = " ".join(t.lemma for t in self.texts.tokens(heading_tid))
        return fuzz.token_set_ratio(heading, words) / 100 if words and heading else 0.0

    def _leaf_words(self, leaf: Leaf) -> str:
        if isinstance(leaf, Regex):
            return ""
        return " ".join(
            self.texts.index.lemmatizer.lemma(token)
            for pattern in self._patterns(leaf)
            for token in pattern.tokens
            if isinstance(token, str)
        )

    # -- leaves -----------------------------------------------------------------------------------
    def _leaf(self, leaf: Leaf, tids: Sequence[str]) -> list[Hit]:
        table = self._leaves.get(leaf)
        if table is None:
            table = self._leaves[leaf] = self._find(leaf)
        wanted = _scope_suffixes(leaf.scope)
        return [
            lh.hit
            for tid in tids
            if tid.rsplit("#", 1)[-1] in wanted
            for lh in table.get(tid, ())
            if leaf.negated is None or lh.negated == leaf.negated
        ]

    def _find(self, leaf: Leaf) -> dict[str, list[_LeafHit]]:
        """Every hit of a leaf in every text of the code, with its negation flag."""
        if isinstance(leaf, Regex):
            raw = self._regex(leaf)
        else:
            patterns = self._patterns(leaf)
            fuzzy = isinstance(leaf, Concept) and self.lexicon[leaf.id].fuzzy
            raw = {}
            for pattern in patterns:
                for tid, hits in self._phrase_hits(pattern, fuzzy).items():
                    raw.setdefault(tid, []).extend(hits)
        return {tid: [_LeafHit(h, self._negated(h)) for h in sorted(set(hits))] for tid, hits in raw.items()}

    def _patterns(self, leaf: Concept | Phrase) -> tuple[PhrasePattern, ...]:
        if isinstance(leaf, Phrase):
            return (leaf.pattern,) if leaf.lang is self.lang else ()
        return self.lexicon[leaf.id].phrases(self.lang)

    def _accepted(self, token: str, fuzzy: bool) -> frozenset[str]:
        """The lemmas in this code that a phrase word accepts.

        Russian and English phrase words are lemmatised like the texts and match exactly; Kazakh ones
        are stems and match every lemma (stem) that starts with them; fuzzy concepts also accept
        near spellings.
        """
        vocabulary = self._vocab()
        if self.lang is Lang.KK:
            prefix = len(token) >= KK_PREFIX_MIN
            accepted = {v for v in vocabulary if v == token or prefix and v.startswith(token)}
        else:
            accepted = {self.texts.index.lemmatizer.lemma(token)}
        if fuzzy:
            accepted |= {
                match for match, _, _ in process.extract(token, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None)
            }
        return frozenset(accepted)

    def _vocab(self) -> tuple[str, ...]:
        if self._vocabulary is None:
            self._vocabulary = self.texts.index.vocabulary
        return self._vocabulary

    def _phrase_hits(self, pattern: PhrasePattern, fuzzy: bool) -> dict[str, list[Hit]]:
        steps: list[tuple[frozenset[str], int]] = []  # (accepted lemmas, words allowed before it)
        gap = 0
        for token in pattern.tokens:
            if isinstance(token, Gap):
                gap = token.max_words
                continue
            steps.append((self._accepted(token, fuzzy), gap))
            gap = 0
        if not steps:
            return {}
        index = self.texts.index
        first_ids = set().union(*(index.provisions_with(lemma) for lemma in steps[0][0]))
        out: dict[str, list[Hit]] = {}
        for tid in first_ids:
            found = list(_match_steps(self.texts.tokens(tid), steps, tid))
            if found:
                out[tid] = found
        return out

    def _regex(self, leaf: Regex) -> dict[str, list[Hit]]:
        if leaf.lang is not None and leaf.lang is not self.lang:
            return {}
        out: dict[str, list[Hit]] = {}
        for tid, text in self.texts.texts.items():
            if not text:
                continue
            normal = normalize(text)
            hits = []
            for match in leaf.compiled.finditer(normal.text):
                if match.end() == match.start():
                    continue
                start, end = normal.to_original(match.start(), match.end())
                hits.append(self._hit_for_span(tid, start, end))
            if hits:
                out[tid] = hits
        return out

    def _hit_for_span(self, tid: str, start: int, end: int) -> Hit:
        tokens = self.texts.tokens(tid)
        inside = [t for t in tokens if t.end > start and t.start < end] or [
            min(tokens, key=lambda t: abs(t.start - start))
        ] if tokens else []
        if not inside:
            return Hit(tid, start, end, 0, 0, 0)
        return Hit(tid, start, end, inside[0].position, inside[-1].position, inside[0].sentence)

    def _negated(self, hit: Hit) -> bool:
        tokens = self.texts.tokens(hit.tid)
        text = self.texts.texts[hit.tid]
        sentence = [t for t in tokens[max(hit.first - 60, 0) : hit.first] if t.sentence == hit.sentence]
        if any(self._is_exception(t, text) for t in sentence):
            return True
        before = [t for t in tokens[max(hit.first - _BEFORE[self.lang], 0) : hit.first] if t.sentence == hit.sentence]
        after = [t for t in tokens[hit.last + 1 : hit.last + 1 + _AFTER[self.lang]] if t.sentence == hit.sentence]
        if self.lang is Lang.KK:  # verbs and "емес" come after the words they negate
            return any(self._is_exception(t, text) for t in after) or any(self._is_cue(t, tokens, text) for t in after)
        return any(self._is_cue(t, tokens, text) for t in (*before, *after))

    def _is_exception(self, token: LemmaToken, text: str) -> bool:
        if token.lemma in _EXCEPTION_LEMMAS[self.lang]:
            return True
        return self.lang is Lang.KK and text[token.start : token.end].lower().startswith("қоспаған")

    def _is_cue(self, token: LemmaToken, tokens: Sequence[LemmaToken], text: str) -> bool:
        if token.lemma in _NEGATION_LEMMAS[self.lang]:
            following = tokens[token.position + 1] if token.position + 1 < len(tokens) else None
            return following is None or following.lemma not in _COMPARATIVES
        form = text[token.start : token.end].lower()
        return self.lang is Lang.KK and bool(_KAZAKH_NEGATED_VERB.search(form))


def _match_steps(tokens: Sequence, steps: Sequence[tuple[frozenset[str], int]], tid: str) -> Iterable[Hit]:  # type: ignore[type-arg]
    """Non-overlapping matches of the steps in one sentence, each next word within its allowed gap."""
    resume = 0
    for i, token in enumerate(tokens):
        if i < resume or token.lemma not in steps[0][0]:
            continue
        last = i
        for accepted, gap in steps[1:]:
            nxt = next(
                (j for j in range(last + 1, min(last + 2 + gap, len(tokens))) if tokens[j].lemma in accepted
                 and tokens[j].sentence == token.sentence),
                None,
            )
            if nxt is None:
                break
            last = nxt
        else:
            yield Hit(tid, token.start, tokens[last].end, i, last, token.sentence)
            resume = last + 1


def _distance(a: Hit, b: Hit) -> int:
    """Words between two hits (0 when they touch or overlap)."""
    return max(0, b.first - a.last - 1, a.first - b.last - 1)


def _scope_suffixes(scope: Scope) -> frozenset[str]:
    if scope is Scope.HEADING:
        return frozenset({HEADING})
    if scope is Scope.BODY:
        return frozenset({BODY})
    return frozenset({HEADING, BODY})


def _under_not(cond: Condition, leaf: Leaf) -> bool:
    """Whether `leaf` sits under a `not` in `cond` (it then counts against a match, not for it)."""
    if isinstance(cond, Not):
        return leaf in leaves(cond.item)
    if isinstance(cond, (All, Any, Near, SameSentence, SamePart)):
        return any(_under_not(item, leaf) for item in cond.items if leaf in leaves(item))
    return False
