"""Which provision of the old edition became which provision of the new one, within which scope.

Alignment goes top down. Articles are paired first by their stable id (ids are rooted at the
article and do not name the chapter, so an article keeps its id when it moves); articles left
unpaired on both sides, and id pairs whose texts have little in common, are then paired by the
similarity of heading and text, best pair first, which finds an article renumbered (146 -> 146-1).
Inside each pair of articles the children (parts, items, notes) are aligned as two sequences by
dynamic programming that maximises the summed similarity and keeps document order, with a small
bonus for the same number: so a part inserted in the middle ("3." is new, the old "3." is now "4.")
shifts the pairs instead of reporting every later part as rewritten. Containers (sections,
chapters) are paired by the articles they hold.

Texts are compared normalised (`lexgap.normalize.norm`) with whitespace folded for similarity and
dropped altogether for equality: the mirrors these texts come from lose spaces ("либоограничением",
"вводитсяв"), and a lost space is not an amendment.

Scope: when one input is a fragment (a chapter or a section) the diff is restricted to what both
cover; see `choose_scope`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from lexgap.model import CONTAINER_KINDS, Code, Kind, Provision, Status
from lexgap.normalize import norm

ARTICLE_RENUMBERED_MIN = 0.85
"""Least similarity (heading + text) for pairing two articles of different ids. Neighbouring
articles of the 2022 Criminal Procedure Code reach 0.84 (arts. 484-508 share whole sentences), so
a lower bar would pair distinct articles; an article renumbered as 146-1 with its sanction edited
stays well above it."""

ARTICLE_KEEP_ID = 0.5
"""Below this similarity an id pair of articles is open to a better partner: the number was kept
but the text went elsewhere (old 146 renumbered 146-1, a new article takes number 146)."""

CHILD_SHIFTED_MIN = 0.6
"""Least similarity for pairing parts or items of different numbers: "часть 3 became часть 4"
after a part was inserted before it, possibly with its own wording edited. Unrelated sibling
parts of the CPC score 0.39 at the median and 0.48 at the 90th percentile; order and the summed
score of the alignment keep the rarer similar siblings (0.7 at the 99th) from crossing."""

ID_BONUS = 0.1
"""Added to the score of a same-number pair of children: breaks ties (two repealed parts both read
"исключена") in favour of the number, yet is small enough that a shift by one part wins when the
shifted texts match (the sum over three parts of formulaic "То же деяние…" texts still favours
the true shift)."""

REORDER_BELOW = 0.8
"""Pairs of children less similar than this are reconsidered without the order constraint, so
swapped parts are found: art. 147 of the Criminal Code, restated by Law No. 419-V of 24.11.2015,
swapped its parts 1 and 2 (0.59 and 0.60 by number, 0.92 and 0.93 crossed)."""

FRAGMENT_SHARE = 0.5
"""An input with fewer than this share of the other's articles covers only part of it even when
its file does not say so: CPC chapter 9 holds 15 articles of the code's ~700."""


@dataclass(frozen=True)
class Pair:
    """A provision of the old edition and what became of it (None on a side where it has no match)."""

    old: Provision | None
    new: Provision | None
    similarity: float  # 1.0 when the compared texts are equal; 0.0 for an unpaired side


@dataclass(frozen=True)
class Scope:
    """What the diff compares: provision ids of each input that lie in the common part."""

    restricted: bool  # False: both inputs whole
    old_ids: frozenset[str]
    new_ids: frozenset[str]
    description: str  # "chapter 3, chapter 4, chapter 5 (articles 145–186)" or "the whole code"


# --- texts ----------------------------------------------------------------------------------------

_FREE_HYPHEN = re.compile(r"(?<![^ ])-(?![^ ])")


@lru_cache(maxsize=1 << 16)
def folded(text: str) -> str:
    """Normalised text with runs of whitespace folded to one space (what similarity looks at); a
    hyphen standing alone between words is the dash the other mirror writes "–"."""
    return _FREE_HYPHEN.sub("–", " ".join(norm(text).split()))


def text_key(text: str) -> str:
    """Normalised text without any whitespace: equal keys mean no amendment (see the module doc)."""
    return folded(text).replace(" ", "")


_EDITORIAL = re.compile(r"^\s*Нормативным\s+постановлением\s+Конституционного\s+(?:Суда|Совета)\b.*$\n?", re.MULTILINE)
"""A publisher's annotation, not law: "Нормативным постановлением Конституционного Суда РК от
04.05.2024 № 43 пункт 17) части девятой статьи 64 … признан соответствующим Конституции" stands
under the item it concerns in the 2025 CPC chapter 9 and section 10 files, and the reader keeps it
as the item's text. The Court's ruling amends nothing, so the comparison leaves these lines out."""


def compared_text(provision: Provision) -> str:
    """Heading, own text, children and wrap-up: everything an amendment of the provision touches,
    without publishers' annotations (_EDITORIAL). A container is its heading alone: what it holds
    is compared article by article."""
    if provision.kind in CONTAINER_KINDS:
        return provision.heading
    text = f"{provision.heading}\n{provision.full_text}" if provision.heading else provision.full_text
    return _EDITORIAL.sub("", text) if "Конституционного" in text else text


def similarity(a: str, b: str, cutoff: float = 0.0) -> float:
    """Indel similarity of the folded texts in [0, 1]; 0.0 under `cutoff` (which makes it cheaper)."""
    if text_key(a) == text_key(b):
        return 1.0
    return fuzz.ratio(folded(a), folded(b), score_cutoff=cutoff * 100) / 100


def local_id(provision: Provision) -> str:
    """The last component of an id ("para_3" of "art_64__para_3"): what numbers a child among siblings."""
    return provision.id.rsplit("__", 1)[-1]


def is_repealed(provision: Provision) -> bool:
    return provision.status is Status.REPEALED


# --- scope ----------------------------------------------------------------------------------------


def containers_of(code: Code, provision_id: str) -> list[Provision]:
    """The containers above a provision, innermost first."""
    out = []
    parent = code.parents.get(provision_id)
    while parent is not None:
        node = code.index[parent]
        if node.kind in CONTAINER_KINDS:
            out.append(node)
        parent = code.parents.get(parent)
    return out


def pair_containers(old: Code, new: Code, article_pairs: Iterable[tuple[str, str]],
                    old_ids: Iterable[str] | None = None, new_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Old container id -> new container id, each paired with the one of the same kind that holds
    most of its (paired) articles; containers holding no paired article fall back to the same id."""
    counts: Counter[tuple[str, str]] = Counter()
    for old_article, new_article in article_pairs:
        above_new = containers_of(new, new_article)
        for above in containers_of(old, old_article):
            for candidate in above_new:
                if candidate.kind is above.kind:
                    counts[above.id, candidate.id] += 1
    old_order = {p.id: i for i, p in enumerate(old.walk())}
    new_order = {p.id: i for i, p in enumerate(new.walk())}
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0][0] != item[0][1], old_order[item[0][0]], new_order[item[0][1]]))
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for (co, cn), _count in ranked:
        if co not in mapping and cn not in taken:
            mapping[co] = cn
            taken.add(cn)
    olds = old_ids if old_ids is not None else (p.id for p in old.walk() if p.kind in CONTAINER_KINDS)
    allowed_new = set(new_ids) if new_ids is not None else None
    for cid in olds:  # a container whose articles all went (or that never held any): by id
        source, target = old.index.get(cid), new.index.get(cid)
        if cid in mapping or cid in taken or source is None or target is None or target.kind is not source.kind:
            continue
        if allowed_new is None or cid in allowed_new:
            mapping[cid] = cid
            taken.add(cid)
    return mapping


def _subtree_ids(node: Provision) -> set[str]:
    return {p.id for p in node.walk()}


def choose_scope(old: Code, new: Code, scope: str = "auto") -> Scope:
    """The part of each input the diff compares.

    ``all``: everything. ``auto``: everything when both inputs are whole codes of similar size;
    when one is a fragment (`Code.fragment`, or fewer than FRAGMENT_SHARE of the other's articles)
    the smaller input whole, and of the larger one the containers paired with the smaller's
    containers (by the articles they hold), whole, plus its articles whose ids the smaller holds.
    So a chapter against a full code compares that chapter, an article added to or dropped from
    the chapter still shows, and the rest of the full code is not reported as removed.
    """
    if scope not in ("auto", "all"):
        raise ValueError(f"scope must be 'auto' or 'all', not {scope!r}")
    everything_old = frozenset(old.index)
    everything_new = frozenset(new.index)
    n_old, n_new = len(old.articles()), len(new.articles())
    partial = old.fragment or new.fragment or min(n_old, n_new) < FRAGMENT_SHARE * max(n_old, n_new)
    if scope == "all" or not partial:
        return Scope(False, everything_old, everything_new, "the whole code" if not partial else "everything in both inputs")
    old_is_small = n_old < n_new or (n_old == n_new and old.fragment and not new.fragment)
    small, large = (old, new) if old_is_small else (new, old)
    small_articles = {a.id for a in small.articles()}
    id_pairs = [(a, a) for a in small_articles if a in large.index and large.index[a].kind is Kind.ARTICLE]
    mapping = pair_containers(small, large, id_pairs)
    small_ids = frozenset(small.index)
    large_ids: set[str] = set()
    for small_container in (p for p in small.walk() if p.kind in CONTAINER_KINDS):
        target = mapping.get(small_container.id)
        if target is not None:
            large_ids.add(target)
            large_ids |= _subtree_ids(large.index[target])
    for article_id in small_articles & set(large.index):
        if large.index[article_id].kind is Kind.ARTICLE:
            large_ids |= _subtree_ids(large.index[article_id])
    description = _describe(small)
    if old_is_small:
        return Scope(True, small_ids, frozenset(large_ids), description)
    return Scope(True, frozenset(large_ids), small_ids, description)


def _describe(code: Code) -> str:
    """"chapter 3, chapter 4 (articles 145–186)": the top containers and the range of articles."""
    tops = [p for p in code.body if p.kind in CONTAINER_KINDS]
    names = [f"{p.kind.value} {p.num}".strip() for p in tops]
    articles = code.articles()
    if articles:
        span = articles[0].num if len(articles) == 1 else f"{articles[0].num}–{articles[-1].num}"
        names.append(f"(articles {span})" if names else f"articles {span}")
    return " ".join([", ".join(names[:-1]), names[-1]]).strip() if len(names) > 1 else (names[0] if names else "")


# --- articles -------------------------------------------------------------------------------------


def pair_articles(old: Sequence[Provision], new: Sequence[Provision]) -> list[tuple[Provision, Provision, float]]:
    """Pairs of articles: by id, then by similarity for what is left (see the module doc)."""
    new_by_id = {a.id: a for a in new}
    id_pairs = {o.id: (o, new_by_id[o.id]) for o in old if o.id in new_by_id}
    sims = {aid: similarity(compared_text(o), compared_text(n)) for aid, (o, n) in id_pairs.items()}
    weak = {aid for aid, sim in sims.items() if sim < ARTICLE_KEEP_ID}
    pool_old = [o for o in old if (o.id not in id_pairs or o.id in weak) and not is_repealed(o)]
    pool_new = [n for n in new if (n.id not in id_pairs or n.id in weak) and not is_repealed(n)]
    candidates: list[tuple[float, int, int, Provision, Provision]] = []
    old_pos = {o.id: i for i, o in enumerate(old)}
    new_pos = {n.id: i for i, n in enumerate(new)}
    for o in pool_old:
        for n in pool_new:
            if o.id == n.id:
                continue
            sim = similarity(compared_text(o), compared_text(n), ARTICLE_RENUMBERED_MIN)
            if sim >= ARTICLE_RENUMBERED_MIN:
                candidates.append((sim, old_pos[o.id], new_pos[n.id], o, n))
    for aid in weak:
        o, n = id_pairs[aid]
        candidates.append((sims[aid] + ID_BONUS, old_pos[aid], new_pos[aid], o, n))
    chosen: dict[str, tuple[Provision, float]] = {}
    taken: set[str] = set()
    for sim, _i, _j, o, n in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if o.id not in chosen and n.id not in taken:
            chosen[o.id] = (n, min(sim, 1.0) if o.id != n.id else sims[o.id])
            taken.add(n.id)
    out = []
    for o in old:
        if o.id in chosen:
            out.append((o, chosen[o.id][0], chosen[o.id][1]))
        elif o.id in id_pairs and o.id not in weak:
            out.append((o, id_pairs[o.id][1], sims[o.id]))
    return out


# --- children -------------------------------------------------------------------------------------


def opening(provision: Provision) -> str:
    """The first paragraph of a provision's own text (its heading when it has no text)."""
    return (provision.text or provision.heading).split("\n", 1)[0]


@dataclass(frozen=True)
class _Match:
    score: float  # what the alignment maximises
    similarity: float  # of the compared texts, reported


def _child_match(o: Provision, n: Provision) -> _Match | None:
    """How well two siblings pair, None when they may not.

    The score averages the similarity of the whole texts and of the opening paragraphs: text that
    the source indents under the last item (art. 71(6) of the CPC, "В случаях, предусмотренных
    частью второй статьи 76 …" under item 23 in 2022, under the new item 24 in 2025) belongs to
    whichever item is last and must not drag the old last item onto the new one.
    """
    if o.kind is not n.kind:
        return None
    same_number = local_id(o) == local_id(n)
    sim = similarity(compared_text(o), compared_text(n))
    score = (sim + similarity(opening(o), opening(n))) / 2 if sim < 1.0 else 1.0
    if same_number:
        return _Match(score + ID_BONUS, sim)
    return _Match(score, sim) if score >= CHILD_SHIFTED_MIN else None


def align_sequences(old: Sequence[Provision], new: Sequence[Provision]) -> list[Pair]:
    """Order-preserving alignment of two sibling lists maximising the summed pair scores."""
    if [(local_id(o), text_key(compared_text(o))) for o in old] == [(local_id(n), text_key(compared_text(n))) for n in new]:
        return [Pair(o, n, 1.0) for o, n in zip(old, new, strict=True)]
    m, k = len(old), len(new)
    matches = [[_child_match(o, n) for n in new] for o in old]
    best = [[0.0] * (k + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(k - 1, -1, -1):
            value = max(best[i + 1][j], best[i][j + 1])
            match = matches[i][j]
            if match is not None:
                value = max(value, match.score + best[i + 1][j + 1])
            best[i][j] = value
    pairs: list[Pair] = []
    i = j = 0
    while i < m or j < k:
        match = matches[i][j] if i < m and j < k else None
        if match is not None and best[i][j] == match.score + best[i + 1][j + 1]:
            pairs.append(Pair(old[i], new[j], round(match.similarity, 4)))
            i, j = i + 1, j + 1
        elif i < m and (j == k or best[i][j] == best[i + 1][j]):
            pairs.append(Pair(old[i], None, 0.0))
            i += 1
        else:
            pairs.append(Pair(None, new[j], 0.0))
            j += 1
    return pairs


def reorder(pairs: list[Pair]) -> list[Pair]:
    """Re-pair the weak and unpaired children best first, ignoring order, when that scores higher
    than the order-preserving alignment: parts swapped or moved within an article (REORDER_BELOW)."""
    weak = [p for p in pairs if p.old is not None and p.new is not None and p.similarity < REORDER_BELOW]
    loose_old = [p.old for p in pairs if p.old is not None and (p.new is None or p in weak)]
    loose_new = [p.new for p in pairs if p.new is not None and (p.old is None or p in weak)]
    if not loose_old or not loose_new or len(loose_old) + len(loose_new) < 3:
        return pairs
    candidates: list[tuple[float, int, int, _Match]] = []
    for i, o in enumerate(loose_old):
        for j, n in enumerate(loose_new):
            match = _child_match(o, n)
            if match is not None:
                candidates.append((match.score, i, j, match))
    chosen: list[tuple[float, int, int, _Match]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for candidate in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if candidate[1] not in used_old and candidate[2] not in used_new:
            chosen.append(candidate)
            used_old.add(candidate[1])
            used_new.add(candidate[2])
    current = 0.0
    for p in weak:
        assert p.old is not None and p.new is not None
        match = _child_match(p.old, p.new)
        current += match.score if match is not None else 0.0
    if sum(c[0] for c in chosen) <= current + 1e-9:
        return pairs
    kept = [p for p in pairs if p not in weak and p.old is not None and p.new is not None]
    kept += [Pair(loose_old[i], loose_new[j], round(match.similarity, 4)) for _s, i, j, match in chosen]
    kept += [Pair(o, None, 0.0) for i, o in enumerate(loose_old) if i not in used_old]
    kept += [Pair(None, n, 0.0) for j, n in enumerate(loose_new) if j not in used_new]
    return kept


def align_children(old: Provision, new: Provision) -> list[Pair]:
    """Every descendant pair of two paired provisions, in document order (depth first)."""
    out: list[Pair] = []
    for pair in reorder(align_sequences(old.children, new.children)):
        out.append(pair)
        if pair.old is not None and pair.new is not None:
            out.extend(align_children(pair.old, pair.new))
        else:
            out.extend(_alone(pair.old, pair.new))
    return out


def _alone(old: Provision | None, new: Provision | None) -> list[Pair]:
    """The descendants of a provision that has no partner, each without one either."""
    node = old if old is not None else new
    assert node is not None
    return [Pair(d, None, 0.0) if old is not None else Pair(None, d, 0.0) for child in node.children for d in child.walk()]


# --- the whole code -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alignment:
    """Every pair of provisions in scope, in report order, and the pairing of containers."""

    scope: Scope
    pairs: tuple[Pair, ...]
    containers: dict[str, str]  # old container id -> new container id


def align(old: Code, new: Code, scope: str = "auto") -> Alignment:
    """Pair the provisions of two editions (see the module doc); unpaired ones have None opposite."""
    chosen = choose_scope(old, new, scope)
    old_articles = [a for a in old.articles() if a.id in chosen.old_ids]
    new_articles = [a for a in new.articles() if a.id in chosen.new_ids]
    article_pairs = pair_articles(old_articles, new_articles)
    pairs: list[Pair] = []
    for o, n, sim in article_pairs:
        pairs.append(Pair(o, n, round(sim, 4)))
        pairs.extend(align_children(o, n))
    paired_old = {o.id for o, _n, _s in article_pairs}
    paired_new = {n.id for _o, n, _s in article_pairs}
    for o in (a for a in old_articles if a.id not in paired_old):
        pairs.append(Pair(o, None, 0.0))
        pairs.extend(_alone(o, None))
    for n in (a for a in new_articles if a.id not in paired_new):
        pairs.append(Pair(None, n, 0.0))
        pairs.extend(_alone(None, n))
    old_containers = [p.id for p in old.walk() if p.kind in CONTAINER_KINDS and p.id in chosen.old_ids]
    new_containers = {p.id for p in new.walk() if p.kind in CONTAINER_KINDS and p.id in chosen.new_ids}
    mapping = pair_containers(old, new, ((o.id, n.id) for o, n, _s in article_pairs), old_containers, new_containers)
    mapping = {co: cn for co, cn in mapping.items() if co in old_containers and cn in new_containers}
    for cid in old_containers:
        target = mapping.get(cid)
        o = old.index[cid]
        if target is None:
            pairs.append(Pair(o, None, 0.0))
        else:
            n = new.index[target]
            pairs.append(Pair(o, n, round(similarity(o.heading, n.heading), 4)))
    for cid in sorted(new_containers - set(mapping.values())):
        pairs.append(Pair(None, new.index[cid], 0.0))
    return Alignment(chosen, tuple(_in_report_order(old, new, pairs)), mapping)


def _in_report_order(old: Code, new: Code, pairs: list[Pair]) -> list[Pair]:
    """New document order; a provision only the old edition has follows its old predecessor's partner."""
    new_pos = {p.id: i for i, p in enumerate(new.walk())}
    partner = {pair.old.id: pair.new.id for pair in pairs if pair.old is not None and pair.new is not None}
    anchor: dict[str, int] = {}
    last = -1
    for i, p in enumerate(old.walk()):
        if p.id in partner:
            last = new_pos[partner[p.id]]
        anchor[p.id] = last
    old_pos = {p.id: i for i, p in enumerate(old.walk())}

    def key(pair: Pair) -> tuple[int, int, int]:
        if pair.new is not None:
            return (new_pos[pair.new.id], 0, 0)
        assert pair.old is not None
        return (anchor[pair.old.id], 1, old_pos[pair.old.id])

    return sorted(pairs, key=key)
