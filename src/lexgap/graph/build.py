"""The cross-reference graph: codes, provisions, references, rules, standards and findings as one
networkx `MultiDiGraph`.

Node ids:

- ``code:<uri>`` — a code, e.g. ``code:/akn/kz/act/code/2014-07-03/226-V/rus@2019-12-27``;
- ``<uri>#<provision id>`` — a provision (containers, articles, parts, items, notes);
- ``<uri or key>#<target id>`` — kind ``missing``: the target of a dangling reference (the key,
  e.g. ``kz/penal_enforcement``, when the cited code is not loaded);
- ``rule:<id>`` and ``standard:<instrument> <pinpoint>`` — a rule and each source it rests on.

Edges carry ``type``: ``contains`` (code -> top containers or articles -> parts -> items),
``refers_to`` (provision -> provision or missing node), ``satisfies`` / ``partially_satisfies`` /
``conflicts_with`` (provision -> rule, from the evidence of a finding), ``missing_in`` (rule -> code)
and ``derived_from`` (rule -> standard).

Every attribute is a plain str, int, float or bool, never None or a list, and one attribute name
always has one type: GraphML and GEXF need both. Nodes and edges are inserted in a fixed order
(codes as given, provisions in document order, references in document order, rules in pack order,
findings in the order given), so every export of the same inputs is byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from lexgap.match.findings import CodeRef, Finding
from lexgap.match.texts import pinpoint
from lexgap.model import CONTAINER_KINDS, Code, CodeKind, Kind, Provision, Reference
from lexgap.rules.schema import Rule, RulePack, Source, Verdict

MAX_TEXT = 500  # characters of a provision's own text kept on its node: enough to recognise it

# Node kinds besides the provision kinds (Kind values).
CODE, RULE, STANDARD, MISSING, CITED = "code", "rule", "standard", "missing", "cited"

# Edge types.
CONTAINS, REFERS_TO = "contains", "refers_to"
SATISFIES, PARTIALLY_SATISFIES, CONFLICTS_WITH = "satisfies", "partially_satisfies", "conflicts_with"
MISSING_IN, DERIVED_FROM = "missing_in", "derived_from"
EVIDENCE_TYPES = (SATISFIES, PARTIALLY_SATISFIES, CONFLICTS_WITH)

DANGLING = "dangling"  # status of a missing node

#: What a provision's role in a finding says about it; the verdict a `satisfies` edge stands for.
EDGE_VERDICT = {SATISFIES: Verdict.SATISFIED.value, PARTIALLY_SATISFIES: Verdict.PARTIAL.value,
                CONFLICTS_WITH: Verdict.CONFLICT.value, MISSING_IN: Verdict.MISSING.value}

#: Worst first: a rule that is in conflict in one code and satisfied in another shows as conflict.
SEVERITY = (Verdict.CONFLICT.value, Verdict.MISSING.value, Verdict.PARTIAL.value, Verdict.SATISFIED.value)

_ABBREVIATIONS = {
    CodeKind.CRIMINAL: "CC",
    CodeKind.CRIMINAL_PROCEDURE: "CPC",
    CodeKind.ADMINISTRATIVE_OFFENCES: "AOC",
    CodeKind.CIVIL_PROCEDURE: "CivPC",
    CodeKind.OTHER: "Code",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in XML 1.0


def code_node(uri: str) -> str:
    return f"code:{uri}"


def provision_node(uri: str, provision_id: str) -> str:
    return f"{uri}#{provision_id}"


def rule_node(rule_id: str) -> str:
    return f"rule:{rule_id}"


def standard_node(source: Source) -> str:
    return f"standard:{standard_label(source)}"


def standard_label(source: Source) -> str:
    return f"{source.instrument} {source.pinpoint}".strip()


def worst(verdicts: Iterable[str]) -> str:
    """The most severe of `verdicts` ("" for none), so one status can stand for several findings."""
    present = set(verdicts)
    return next((v for v in SEVERITY if v in present), "")


def build_graph(codes: Sequence[Code], findings: Sequence[Finding] = (), pack: RulePack | None = None) -> nx.MultiDiGraph:
    """The graph of `codes` (their references resolved, see `lexgap.refs.resolve`), `findings` and `pack`.

    Without `pack`, rules come from the findings alone (no standards); without findings, rules and
    standards stand unconnected to provisions.
    """
    graph = nx.MultiDiGraph(name="lexgap")
    shorts = short_names(codes)
    for code in codes:
        _add_code(graph, code, shorts[code.uri])
    for code in codes:
        _add_references(graph, code, codes)
    if pack is not None:
        for rule in pack.rules:
            _add_rule(graph, rule)
    for finding in findings:
        _add_finding(graph, finding)
    _set_verdicts(graph)
    return graph


def short_names(codes: Sequence[Code]) -> dict[str, str]:
    """"CC", "CPC" … per code URI; with the language ("CC kaz") when two loaded codes share a key."""
    keys = [code.key for code in codes]
    out = {}
    for code in codes:
        short = _ABBREVIATIONS[code.kind]
        out[code.uri] = f"{short} {code.language}" if keys.count(code.key) > 1 else short
    return out


# --- codes and provisions ------------------------------------------------------------------------


def _add_code(graph: nx.MultiDiGraph, code: Code, short: str) -> None:
    cid = code_node(code.uri)
    graph.add_node(
        cid,
        kind=CODE,
        label=f"{short} {code.edition_date.isoformat() if code.edition_date else ''}".strip(),
        title=clean(code.title),
        short=short,
        key=code.key,
        uri=code.uri,
        number=code.number,
        language=code.language,
        jurisdiction=code.jurisdiction,
        edition=code.edition_date.isoformat() if code.edition_date else "",
        adopted=code.adopted.isoformat() if code.adopted else "",
        source=code.source,
        sha256=code.sha256,
        fragment=code.fragment,
        status="",
    )
    for top in code.body:
        _add_provision(graph, code, short, top, cid, "")


def _add_provision(graph: nx.MultiDiGraph, code: Code, short: str, node: Provision, parent: str, article: str) -> None:
    """The provision, a `contains` edge from its parent, then its children in document order."""
    nid = provision_node(code.uri, node.id)
    if node.kind is Kind.ARTICLE:
        article = nid
    graph.add_node(nid, **_provision_attrs(code, short, node, article))
    graph.add_edge(parent, nid, type=CONTAINS)
    for child in node.children:
        _add_provision(graph, code, short, child, nid, article)


def _provision_attrs(code: Code, short: str, node: Provision, article: str) -> dict[str, str | int | bool]:
    text = "\n".join(t for t in (node.text, node.wrap_up) if t)
    return {
        "kind": node.kind.value,
        "label": provision_label(code, short, node),
        "title": clean(node.heading),
        "heading": clean(node.heading),
        "num": node.num,
        "provision": node.id,
        "status": node.status.value,
        "text": truncate(text, MAX_TEXT),
        "text_length": len(text),
        "line": node.span.line,
        "code": code.uri,
        "edition": code.edition_date.isoformat() if code.edition_date else "",
        "article": article,
        "amendments": len(node.amendments),
    }


def provision_label(code: Code, short: str, node: Provision) -> str:
    """"CC art. 146, part 1" for articles and below; "CPC chapter 3" for containers."""
    if node.kind in CONTAINER_KINDS:
        return f"{short} {node.kind.value} {node.num}".strip()
    return f"{short} {pinpoint(code, node.id)}"


def truncate(text: str, limit: int) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clean(text: str) -> str:
    """Text without the control characters XML 1.0 refuses (GraphML and GEXF are XML)."""
    return _CONTROL.sub("", text)


# --- references ----------------------------------------------------------------------------------


def _add_references(graph: nx.MultiDiGraph, code: Code, codes: Sequence[Code]) -> None:
    for ref in code.references:
        source = provision_node(code.uri, ref.source)
        target_code = _cited_code(code, ref, codes)
        if ref.target is not None and target_code is not None and ref.target in target_code.index:
            target = provision_node(target_code.uri, ref.target)
        else:
            target = _missing_node(graph, code, ref, target_code)
        graph.add_edge(source, target, type=REFERS_TO, text=clean(ref.text), line=ref.span.line,
                       resolved=graph.nodes[target]["kind"] != MISSING, target_code=ref.target_code or "")


def _cited_code(code: Code, ref: Reference, codes: Sequence[Code]) -> Code | None:
    """The code a reference points into: its own, or a loaded code with the key it names.

    Two loaded codes may share a key (the Russian and the Kazakh Criminal Code); the one in the
    citing code's language is taken, else the first loaded.
    """
    if ref.target_code is None:
        return code
    same_key = [c for c in codes if c.key == ref.target_code]
    same_language = [c for c in same_key if c.language == code.language]
    candidates = same_language or same_key
    return candidates[0] if candidates else None


def _missing_node(graph: nx.MultiDiGraph, code: Code, ref: Reference, target_code: Code | None) -> str:
    """The node standing for a target that is not in the loaded codes (added once, then reused)."""
    where = target_code.uri if target_code is not None else (ref.target_code or code.uri)
    target = ref.target if ref.target is not None else f"?{ref.text}"
    nid = f"{where}#{target}"
    if nid not in graph:
        graph.add_node(nid, kind=MISSING, label=f"missing: {ref.target_code or code.key} {target}",
                       title=truncate(ref.text, MAX_TEXT), code=where, provision=target, status=DANGLING,
                       text=truncate(f"Not found in the loaded codes: {ref.text}", MAX_TEXT))
    return nid


# --- rules, standards, findings ------------------------------------------------------------------


def _add_rule(graph: nx.MultiDiGraph, rule: Rule) -> None:
    rid = rule_node(rule.id)
    graph.add_node(rid, kind=RULE, label=rule.id, title=clean(rule.title), rule=rule.id,
                   text=truncate(rule.rationale, MAX_TEXT * 2), recommendation=truncate(rule.recommendation, MAX_TEXT * 2),
                   status="", statuses="", findings=0)
    for source in rule.sources:
        sid = standard_node(source)
        if sid not in graph:
            graph.add_node(sid, kind=STANDARD, label=standard_label(source), title=standard_label(source),
                           instrument=source.instrument, pinpoint=source.pinpoint, source_kind=source.kind.value,
                           text=clean(source.text), symbol=source.symbol, url=source.url, status="")
        graph.add_edge(rid, sid, type=DERIVED_FROM)


def _add_finding(graph: nx.MultiDiGraph, finding: Finding) -> None:
    rid = rule_node(finding.rule)
    if rid not in graph:
        graph.add_node(rid, kind=RULE, label=finding.rule, title=clean(finding.rule_title), rule=finding.rule,
                       text="", recommendation="", status="", statuses="", findings=0)
    attrs = graph.nodes[rid]
    attrs["findings"] += 1
    attrs["status"] = worst((attrs["status"], finding.status.value))
    attrs["statuses"] = "; ".join(s for s in (attrs["statuses"], f"{_finding_label(finding)}: {finding.status.value}") if s)
    seen: set[tuple[str, str, str]] = set()
    for result, kind in [(r, CONFLICTS_WITH) for r in finding.conflicts] + [(r, _element_edge(finding)) for r in finding.elements]:
        if not result.found:
            continue
        for evidence in result.evidence:
            pid = _evidence_node(graph, evidence.code, evidence.provision, evidence.pinpoint, evidence.quote)
            if (pid, kind, result.id) in seen:
                continue
            seen.add((pid, kind, result.id))
            graph.add_edge(pid, rid, type=kind, element=result.id, score=float(finding.score),
                           status=finding.status.value, code=evidence.code, pinpoint=evidence.pinpoint,
                           quote=truncate(evidence.quote, MAX_TEXT))
    if finding.status is Verdict.MISSING:
        for ref in finding.codes:
            graph.add_edge(rid, _code_ref_node(graph, ref), type=MISSING_IN, score=float(finding.score),
                           status=finding.status.value, code=ref.uri)


def _element_edge(finding: Finding) -> str:
    """A provision holding an element of a satisfied rule satisfies it; of any other, only in part."""
    return SATISFIES if finding.status is Verdict.SATISFIED else PARTIALLY_SATISFIES


def _finding_label(finding: Finding) -> str:
    return "corpus" if finding.code == "corpus" else finding.code


def _evidence_node(graph: nx.MultiDiGraph, uri: str, provision: str, pin: str, quote: str) -> str:
    """The provision a piece of evidence quotes; a `cited` node when its code was not given to the graph."""
    nid = provision_node(uri, provision)
    if nid not in graph:
        graph.add_node(nid, kind=CITED, label=pin, title=pin, code=uri, provision=provision,
                       status="", text=truncate(quote, MAX_TEXT))
    return nid


def _code_ref_node(graph: nx.MultiDiGraph, ref: CodeRef) -> str:
    cid = code_node(ref.uri)
    if cid not in graph:
        graph.add_node(cid, kind=CODE, label=ref.citation_title, title=clean(ref.title), short=ref.key,
                       key=ref.key, uri=ref.uri, edition=ref.edition_date, source=ref.source,
                       sha256=ref.sha256, status="")
    return cid


def _set_verdicts(graph: nx.MultiDiGraph) -> None:
    """`verdict` of every node a status filter acts on: a rule's worst finding, the worst role a
    provision plays in a finding ("" when none), ``dangling`` for a missing target."""
    roles: dict[str, list[str]] = {}
    for source, _target, kind in graph.edges(data="type"):
        if kind in EVIDENCE_TYPES:
            roles.setdefault(source, []).append(EDGE_VERDICT[kind])
    for node, attrs in graph.nodes(data=True):
        if attrs["kind"] == RULE:
            attrs["verdict"] = attrs["status"]
        elif attrs["kind"] == MISSING:
            attrs["verdict"] = DANGLING
        elif attrs["kind"] not in (CODE, STANDARD):
            attrs["verdict"] = worst(roles.get(node, ()))


def node_order(graph: nx.MultiDiGraph) -> Mapping[str, int]:
    """Insertion index of every node: the order results are sorted in (document order for provisions)."""
    return {node: index for index, node in enumerate(graph)}
