"""Questions the graph answers: who cites this article, which references dangle, how a standard
reaches the provisions that implement it, which articles the code leans on most.

Every query returns frozen dataclasses (or pairs) in a fixed order: graph insertion order, which is
document order for provisions, so answers are stable from run to run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from lexgap.graph.build import (
    CODE,
    CONTAINS,
    DERIVED_FROM,
    EVIDENCE_TYPES,
    MISSING,
    MISSING_IN,
    REFERS_TO,
    RULE,
    STANDARD,
    node_order,
)
from lexgap.model import CONTAINER_KINDS

_CONTAINERS = {kind.value for kind in CONTAINER_KINDS}


@dataclass(frozen=True)
class Referrer:
    """A provision (`source`) whose text cites `target`; `depth` 1 cites the queried provision itself."""

    depth: int
    source: str
    target: str
    text: str


@dataclass(frozen=True)
class Dangling:
    """A reference whose target is not among the loaded codes (or does not exist in the cited one)."""

    source: str
    target: str
    text: str
    line: int
    target_code: str  # key of the cited code, "" for the citing code itself


@dataclass(frozen=True)
class StandardPath:
    """standard -> rule -> provision (or code, when the rule is missing there), and how they relate.

    `relation` is the edge type between the rule and `target`: satisfies, partially_satisfies,
    conflicts_with or missing_in; `status` the verdict of the finding, `element` the rule element.
    """

    standard: str
    rule: str
    target: str
    relation: str
    element: str
    status: str


class NodeNotFound(LookupError):
    """The name given matches no node of the graph."""


def find_nodes(graph: nx.MultiDiGraph, name: str) -> tuple[str, ...]:
    """Node ids a user's name stands for, in graph order.

    Accepted: a node id (``<uri>#art_146``, ``rule:x``, ``standard:CAT art. 4(1)``); a code key and a
    provision id (``kz/criminal:art_146``, every loaded code with that key); a bare provision id
    (``art_146``, in every code); a rule id; a standard's label (``CAT art. 4(1)``), or its instrument
    (``CAT``: every CAT standard).
    """
    if name in graph:
        return (name,)
    for candidate in (f"rule:{name}", f"standard:{name}"):
        if candidate in graph:
            return (candidate,)
    found = _provisions_named(graph, name) or _standards_named(graph, name)
    if not found:
        raise NodeNotFound(f"no node of the graph is named {name!r}")
    return found


def _provisions_named(graph: nx.MultiDiGraph, name: str) -> tuple[str, ...]:
    key, _, provision = name.rpartition(":") if ":" in name else ("", "", name)
    codes = [attrs["uri"] for _, attrs in _nodes_of(graph, CODE) if not key or attrs.get("key") == key]
    return tuple(f"{uri}#{provision}" for uri in codes if f"{uri}#{provision}" in graph)


def _standards_named(graph: nx.MultiDiGraph, name: str) -> tuple[str, ...]:
    wanted = name.casefold().strip()
    standards = list(_nodes_of(graph, STANDARD))
    exact = tuple(n for n, a in standards if a["label"].casefold() == wanted)
    return exact or tuple(n for n, a in standards if a["instrument"].casefold() == wanted)


def _nodes_of(graph: nx.MultiDiGraph, kind: str) -> Iterator[tuple[str, dict]]:  # type: ignore[type-arg]
    return ((n, a) for n, a in graph.nodes(data=True) if a["kind"] == kind)


# --- referrers -----------------------------------------------------------------------------------


def referrers(graph: nx.MultiDiGraph, node: str, depth: int = 1) -> tuple[Referrer, ...]:
    """What cites `node` — the provisions an amendment of it may touch.

    A citation of `node`, of any provision inside it, or of the provisions above it up to its
    article (citing "article 64" cites its part 2 as well) counts. With `depth` > 1 the citing
    provisions are followed in turn: what cites them is reached at depth 2, and so on. Each citing
    provision is reported once, at the smallest depth, in document order within a depth.
    """
    if node not in graph:
        raise NodeNotFound(f"no node {node!r} in the graph")
    order = node_order(graph)
    seen = {node}
    frontier = [node]
    found: list[Referrer] = []
    for level in range(1, depth + 1):
        hits: dict[str, Referrer] = {}
        for current in frontier:
            for target in sorted(_covered(graph, current), key=order.__getitem__):
                for source, _, data in graph.in_edges(target, data=True):
                    if data["type"] == REFERS_TO and source not in seen and source not in hits:
                        hits[source] = Referrer(level, source, target, data["text"])
        found.extend(sorted(hits.values(), key=lambda r: order[r.source]))
        seen.update(hits)
        frontier = sorted(hits, key=order.__getitem__)
        if not frontier:
            break
    return tuple(found)


def _covered(graph: nx.MultiDiGraph, node: str) -> set[str]:
    """`node`, everything it contains, and the provisions above it up to its article."""
    out = {node} | set(_descendants(graph, node))
    current = node
    while graph.nodes[current].get("kind") not in ("article", CODE, *_CONTAINERS):
        parents = [s for s, _, t in graph.in_edges(current, data="type") if t == CONTAINS]
        if not parents:
            break
        current = parents[0]
        out.add(current)
    return out


def _descendants(graph: nx.MultiDiGraph, node: str) -> Iterator[str]:
    for _, child, kind in graph.out_edges(node, data="type"):
        if kind == CONTAINS:
            yield child
            yield from _descendants(graph, child)


# --- dangling references -------------------------------------------------------------------------


def dangling(graph: nx.MultiDiGraph) -> tuple[Dangling, ...]:
    """Every reference to a missing target, by citing provision in document order."""
    return tuple(
        Dangling(source, target, data["text"], data["line"], data["target_code"])
        for source, target, data in graph.edges(data=True)
        if data["type"] == REFERS_TO and graph.nodes[target]["kind"] == MISSING
    )


# --- standards -----------------------------------------------------------------------------------


def standard_paths(graph: nx.MultiDiGraph, rule_or_standard: str) -> tuple[StandardPath, ...]:
    """For a standard: each rule derived from it and each provision (or code) the rule's findings
    name; for a rule: the same for every standard it rests on."""
    if rule_or_standard not in graph:
        raise NodeNotFound(f"no node {rule_or_standard!r} in the graph")
    kind = graph.nodes[rule_or_standard]["kind"]
    if kind == STANDARD:
        pairs = [(rule_or_standard, r) for r, _, t in graph.in_edges(rule_or_standard, data="type") if t == DERIVED_FROM]
    elif kind == RULE:
        pairs = [(s, rule_or_standard) for _, s, t in graph.out_edges(rule_or_standard, data="type") if t == DERIVED_FROM]
        pairs = pairs or [("", rule_or_standard)]  # a rule known from findings only has no standard node
    else:
        raise NodeNotFound(f"{rule_or_standard!r} is neither a rule nor a standard")
    return tuple(path for standard, rule in pairs for path in _rule_paths(graph, standard, rule))


def _rule_paths(graph: nx.MultiDiGraph, standard: str, rule: str) -> Iterator[StandardPath]:
    for source, _, data in graph.in_edges(rule, data=True):
        if data["type"] in EVIDENCE_TYPES:
            yield StandardPath(standard, rule, source, data["type"], data["element"], data["status"])
    for _, target, data in graph.out_edges(rule, data=True):
        if data["type"] == MISSING_IN:
            yield StandardPath(standard, rule, target, MISSING_IN, "", data["status"])


# --- most referenced -----------------------------------------------------------------------------


def most_referenced(graph: nx.MultiDiGraph, n: int = 10, by_article: bool = True) -> tuple[tuple[str, int], ...]:
    """The `n` targets cited most often, with the number of references.

    `by_article` counts a citation of a part or item for its article and leaves out citations from
    inside the same article ("part 2 of this article"), so the count says how much of the rest of
    the law leans on the article. Ties are broken by document order.
    """
    counts: Counter[str] = Counter()
    for source, target, kind in graph.edges(data="type"):
        if kind != REFERS_TO:
            continue
        if by_article:
            target = graph.nodes[target].get("article") or target
            if graph.nodes[source].get("article") == target:
                continue
        counts[target] += 1
    order = node_order(graph)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order[item[0]]))
    return tuple(ranked[:n])
