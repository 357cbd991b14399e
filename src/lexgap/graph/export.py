"""The graph written out: GraphML, GEXF, node-link JSON, DOT, and a self-contained interactive HTML view.

GraphML, GEXF and JSON hold every node and edge with every attribute; DOT holds every node and edge
with the attributes Graphviz draws from. Each writer returns bytes and is deterministic: the same
graph gives the same bytes (GEXF's ``lastmodifieddate`` is left out for that reason).

The HTML view (`html_page`, `html_fragment`) draws a *view* of the graph with cytoscape.js, which is
embedded in the page (see docs/graph.md for the version and licence), so the page needs no network.
By default the view folds parts, items and notes into their article: the full Kazakh corpus has
about 18,000 provisions but 3,200 articles, and a browser stays responsive with the latter. Node
positions are computed here (each code a spiral of its articles in document order, rules and
standards in rows above), so the browser runs no layout and the page is the same on every build.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from string import Template
from typing import Any, Literal
from xml.etree import ElementTree

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter

from lexgap.graph.build import (
    CODE,
    CONTAINS,
    EVIDENCE_TYPES,
    MISSING,
    MISSING_IN,
    REFERS_TO,
    RULE,
    STANDARD,
    code_node,
    worst,
)
from lexgap.model import CONTAINER_KINDS

FORMATS = ("graphml", "gexf", "json", "dot", "html")
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "dot": ".dot", "html": ".html"}

LIBRARY = "cytoscape.js"
LIBRARY_VERSION = "3.35.0"  # npm package `cytoscape`, MIT licence; static/cytoscape.min.js + static/cytoscape.LICENSE

Detail = Literal["articles", "findings", "all"]
DETAILS: tuple[Detail, ...] = ("articles", "findings", "all")

VIEW_REFERENCE = 160  # characters of a reference's text on a view edge; a list of 40 articles says little more
VIEW_TEXT = 1000  # characters of an article's text in the HTML view; the other formats keep 500 per provision
_CONTAINERS = {kind.value for kind in CONTAINER_KINDS}
_ELEMENT_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


def to_format(graph: nx.MultiDiGraph, fmt: str, title: str = "lexgap graph", detail: Detail = "articles") -> bytes:
    """The graph in format `fmt` (one of FORMATS)."""
    if fmt == "html":
        return html_page(graph, title, detail).encode("utf-8")
    writers: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
        "graphml": to_graphml, "gexf": to_gexf, "json": to_json, "dot": to_dot}
    if fmt not in writers:
        raise ValueError(f"unknown graph format {fmt!r}; one of {', '.join(FORMATS)}")
    return writers[fmt](graph)


# --- GraphML, GEXF, JSON ----------------------------------------------------------------------------


def _with_edge_ids(graph: nx.MultiDiGraph, rename_type: bool = False) -> nx.MultiDiGraph:
    """A copy whose edge keys are unique across the graph ("e0", "e1" …), as GraphML wants edge ids.

    GEXF reads an edge attribute ``type`` as the edge's direction (directed, undirected, mutual), so
    for GEXF it is written as ``relation`` (`rename_type`).
    """
    out = nx.MultiDiGraph(**graph.graph)
    out.add_nodes_from(graph.nodes(data=True))
    for index, (source, target, data) in enumerate(graph.edges(data=True)):
        attrs = dict(data)
        if rename_type:
            attrs["relation"] = attrs.pop("type")
            attrs["id"] = f"e{index}"  # GEXF takes the edge id from here, GraphML from the key
        out.add_edge(source, target, key=f"e{index}", **attrs)
    return out


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML with typed keys (string, long, double, boolean): opens in yEd, Gephi, networkx."""
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(_with_edge_ids(graph))
    return _xml_bytes(writer.xml, writer.indent)


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 for Gephi; edge `type` is written as `relation`, no modification date."""
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(_with_edge_ids(graph, rename_type=True))
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    return _xml_bytes(writer.xml, writer.indent)


def _xml_bytes(root: ElementTree.Element, indent: Callable[[ElementTree.Element], object]) -> bytes:
    """UTF-8 XML with a declaration; letters stay letters (networkx alone writes "&#1055;" for "П")."""
    indent(root)
    text = ElementTree.tostring(root, encoding="unicode")
    return ("<?xml version='1.0' encoding='utf-8'?>\n" + text.rstrip("\n") + "\n").encode("utf-8")


def to_json(graph: nx.MultiDiGraph) -> bytes:
    """networkx node-link JSON (``nodes``, ``edges``), keys sorted; `nx.node_link_graph` reads it back."""
    data = nx.node_link_data(graph, edges="edges")
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def from_json(data: bytes) -> nx.MultiDiGraph:
    """The graph `to_json` wrote."""
    return nx.node_link_graph(json.loads(data), directed=True, multigraph=True, edges="edges")


# --- DOT -------------------------------------------------------------------------------------------

_DOT_SHAPES = {CODE: "box3d", RULE: "diamond", STANDARD: "hexagon", MISSING: "box"}
_DOT_COLOURS = {"satisfied": "#2e9e4f", "partial": "#f0a030", "missing": "#d0312d", "conflict": "#b06fd0", "dangling": "#eeeeee"}
_DOT_NODE_ATTRS = ("label", "kind", "status", "verdict", "code")
_DOT_EDGE_ATTRS = ("type", "text", "element", "status")


def to_dot(graph: nx.MultiDiGraph) -> bytes:
    """Graphviz DOT, every node declared before the edges; ids and values always quoted."""
    lines = [f"digraph {dot_quote(graph.graph.get('name', 'lexgap'))} {{",
             '  graph [rankdir="LR", overlap="false"];',
             '  node [shape="box", style="filled", fillcolor="#dbe7f3", fontname="sans-serif"];']
    for node, attrs in graph.nodes(data=True):
        lines.append(f"  {dot_quote(node)} [{_dot_attrs(_dot_node_attrs(attrs))}];")
    for source, target, attrs in graph.edges(data=True):
        shown = {k: attrs[k] for k in _DOT_EDGE_ATTRS if k in attrs}
        if attrs["type"] == MISSING_IN:
            shown["style"] = "dashed"
        lines.append(f"  {dot_quote(source)} -> {dot_quote(target)} [{_dot_attrs(shown)}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _dot_node_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    shown = {k: attrs[k] for k in _DOT_NODE_ATTRS if k in attrs and attrs[k] != ""}
    shown["shape"] = _DOT_SHAPES.get(attrs["kind"], "box")
    colour = _DOT_COLOURS.get(attrs.get("verdict", ""))
    if colour:
        shown["fillcolor"] = colour
    return shown


def _dot_attrs(attrs: dict[str, Any]) -> str:
    return ", ".join(f"{key}={dot_quote(value)}" for key, value in attrs.items())


def dot_quote(value: object) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{text}"'


# --- the HTML view ---------------------------------------------------------------------------------


def html_page(graph: nx.MultiDiGraph, title: str, detail: Detail = "articles") -> str:
    """A whole HTML document with the interactive view; needs no network."""
    template = Template(_static("graph.html"))
    return template.substitute(
        title=html.escape(title),
        head=html_head_assets(),
        summary=html.escape(summary(graph, detail)),
        body=html_fragment(graph, "lexgap-graph", detail, assets=False),
        library_version=LIBRARY_VERSION,
    )


def html_head_assets() -> str:
    """The view's stylesheet, cytoscape.js and the view script, for a page's <head> (include once)."""
    return (f"<style>\n{_static('graph.css')}</style>\n"
            f"<script>\n{_script_safe(_static('cytoscape.min.js'))}\n</script>\n"
            f"<script>\n{_script_safe(_static('graph.js'))}</script>\n")


def html_fragment(graph: nx.MultiDiGraph, element_id: str, detail: Detail = "articles", assets: bool = True) -> str:
    """A <div> with the view and its data, to place in another page.

    With `assets` the stylesheet and scripts come with it (include one such fragment per page);
    without, the page must carry `html_head_assets()`.
    """
    if not _ELEMENT_ID.match(element_id):
        raise ValueError(f"element id must be a letter then letters, digits, '-' or '_': {element_id!r}")
    data = json_for_script(view_data(graph, detail))
    return ((html_head_assets() if assets else "")
            + f'<div id="{element_id}" class="lxg-root"></div>\n'
            + f'<script type="application/json" id="{element_id}-data">{data}</script>\n'
            + f"<script>window.lexgapGraph({json.dumps(element_id)});</script>\n")


def json_for_script(value: object) -> str:
    """JSON that can stand inside <script>: every "<" written as \\u003c, so no "</script>" or "<!--"."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")


def _script_safe(code: str) -> str:
    """JavaScript that cannot close its <script> element early."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


@cache
def _static(name: str) -> str:
    return (resources.files("lexgap.graph") / "static" / name).read_text(encoding="utf-8")


def summary(graph: nx.MultiDiGraph, detail: Detail = "articles") -> str:
    """One sentence on what the graph holds and what the view shows."""
    kinds = [attrs["kind"] for _, attrs in graph.nodes(data=True)]
    types = [kind for _, _, kind in graph.edges(data="type")]
    provisions = sum(1 for k in kinds if k not in (CODE, RULE, STANDARD, MISSING, "cited"))
    shown = {"articles": "articles (parts and items folded into them)", "findings": "the articles findings cite",
             "all": "every provision"}[detail]
    return (f"{kinds.count(CODE)} codes, {provisions} provisions ({kinds.count('article')} articles), "
            f"{types.count(REFERS_TO)} references ({kinds.count(MISSING)} dangling targets), "
            f"{kinds.count(RULE)} rules, {kinds.count(STANDARD)} standards. The view shows {shown}, "
            "with rules and standards.")


def view_data(graph: nx.MultiDiGraph, detail: Detail = "articles") -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges of the HTML view, with positions; what `detail` keeps is in the module docstring."""
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}: {detail!r}")
    rep = _representatives(graph, detail)
    members = list(dict.fromkeys(r for r in rep.values() if r is not None))
    vid = {node: f"n{index}" for index, node in enumerate(members)}
    positions = layout(graph, members)
    findings = _view_findings(graph, rep, vid)
    verdicts = _view_verdicts(graph, rep)
    nodes = [_view_node(graph, node, vid[node], positions[node], findings.get(node, []), verdicts.get(node, ""), detail)
             for node in members]
    edges = [{"s": vid[s], "t": vid[t], "type": kind, **extra} for (s, t, kind), extra in _view_edges(graph, rep, detail).items()]
    return {"nodes": nodes, "edges": edges}


def _representatives(graph: nx.MultiDiGraph, detail: Detail) -> dict[str, str | None]:
    """The view node each graph node is drawn as (its article, itself), or None when left out."""
    out: dict[str, str | None] = {}
    for node, attrs in graph.nodes(data=True):
        kind = attrs["kind"]
        if detail == "all" or kind in (CODE, RULE, STANDARD, MISSING, "cited"):
            out[node] = node
        elif kind in _CONTAINERS:
            out[node] = None
        else:
            out[node] = attrs.get("article") or None
    if detail == "findings":
        cited = {out[s] for s, _, kind in graph.edges(data="type") if kind in EVIDENCE_TYPES}
        out = {n: (r if r in cited or graph.nodes[n]["kind"] in (CODE, RULE, STANDARD) else None) for n, r in out.items()}
    return out


def _view_edges(graph: nx.MultiDiGraph, rep: dict[str, str | None], detail: Detail) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Edges between view nodes, one per (source, target, type), with how many graph edges they stand for."""
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for source, target, attrs in graph.edges(data=True):
        s, t, kind = rep[source], rep[target], attrs["type"]
        if s is None or t is None or s == t or (kind == CONTAINS and detail != "all"):
            continue
        entry = out.setdefault((s, t, kind), {"n": 0})
        entry["n"] += 1
        if kind == REFERS_TO and "text" not in entry:
            entry["text"] = _truncate(attrs["text"], VIEW_REFERENCE)
        if "element" in attrs:
            elements = entry.get("el", "").split(", ") if entry.get("el") else []
            if attrs["element"] not in elements:
                entry["el"] = ", ".join(elements + [attrs["element"]])
    return out


def _view_findings(graph: nx.MultiDiGraph, rep: dict[str, str | None], vid: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    """What the panel lists under "Findings": per provision the rules it bears on, per rule its verdicts."""
    out: dict[str, list[dict[str, str]]] = {}
    per_rule: dict[str, dict[str, str]] = {}
    for source, target, attrs in graph.edges(data=True):
        kind = attrs["type"]
        if kind in EVIDENCE_TYPES:
            holder = rep.get(source)
            if holder is not None and target in vid:
                out.setdefault(holder, []).append({
                    "rule": vid[target], "relation": kind, "status": attrs["status"], "element": attrs["element"],
                    "pinpoint": attrs["pinpoint"], "quote": attrs["quote"]})
            per_rule.setdefault(target, {}).setdefault(attrs["code"], attrs["status"])
        elif kind == MISSING_IN:
            per_rule.setdefault(source, {}).setdefault(attrs["code"], attrs["status"])
    for rule, verdicts in per_rule.items():
        if rule not in vid:
            continue
        out.setdefault(rule, []).extend(
            {"code": graph.nodes[code_node(uri)]["label"] if code_node(uri) in graph else uri, "status": status}
            for uri, status in verdicts.items())
    return out


def _view_verdicts(graph: nx.MultiDiGraph, rep: dict[str, str | None]) -> dict[str, str]:
    """The worst verdict among the provisions a view node stands for (an article and its parts)."""
    found: dict[str, list[str]] = {}
    for node, verdict in graph.nodes(data="verdict"):
        holder = rep.get(node)
        if verdict and holder is not None:
            found.setdefault(holder, []).append(verdict)
    return {node: worst(verdicts) for node, verdicts in found.items()}


def _view_node(graph: nx.MultiDiGraph, node: str, view_id: str, position: tuple[float, float],
               findings: list[dict[str, str]], verdict: str, detail: Detail) -> dict[str, Any]:
    attrs = graph.nodes[node]
    text = _article_text(graph, node) if detail != "all" and attrs["kind"] == "article" else attrs.get("text", "")
    if attrs["kind"] == CODE:
        text = "\n".join(x for x in (attrs.get("title", ""), attrs.get("uri", ""), attrs.get("source", "")) if x)
    elif attrs["kind"] == RULE and attrs.get("recommendation"):
        text = f"{text}\n\nRecommendation: {attrs['recommendation']}".strip()
    out: dict[str, Any] = {"id": view_id, "gid": node, "label": attrs.get("label", node), "kind": attrs["kind"],
                           "x": position[0], "y": position[1]}
    extra = {"v": verdict, "heading": attrs.get("title", "") if attrs["kind"] in (RULE, STANDARD) else attrs.get("heading", ""),
             "code": _code_label(graph, attrs), "text": _truncate(text, VIEW_TEXT), "f": findings}
    out.update({k: v for k, v in extra.items() if v})
    return out


def _code_label(graph: nx.MultiDiGraph, attrs: dict[str, Any]) -> str:
    if attrs["kind"] in (CODE, RULE, STANDARD):
        return ""
    cid = code_node(attrs.get("code", ""))
    return str(graph.nodes[cid]["label"]) if cid in graph else attrs.get("code", "")


def _article_text(graph: nx.MultiDiGraph, article: str) -> str:
    """The article's own text then its parts' and items' texts, numbered as in the code."""
    lines = [graph.nodes[article].get("text", "")]
    for node in _contained(graph, article):
        attrs = graph.nodes[node]
        marker = {"paragraph": f"{attrs['num']}. ", "point": f"{attrs['num']}) ", "note": "Note. "}.get(attrs["kind"], "")
        lines.append(marker + attrs.get("text", "") if attrs.get("text") else "")
    return "\n".join(line for line in lines if line)


def _contained(graph: nx.MultiDiGraph, node: str) -> Iterator[str]:
    for _, child, kind in graph.out_edges(node, data="type"):
        if kind == CONTAINS:
            yield child
            yield from _contained(graph, child)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- layout ----------------------------------------------------------------------------------------

SPACING = 30.0  # pixels between neighbouring articles of a spiral
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def layout(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Positions: each code a sunflower spiral of its provisions in document order, the code at its
    centre and its dangling targets on a ring around it; codes side by side; rules in a row above,
    standards above them; targets in codes not loaded in a row below."""
    codes = [n for n in nodes if graph.nodes[n]["kind"] == CODE]
    groups: dict[str, list[str]] = {graph.nodes[c].get("uri", ""): [] for c in codes}
    rings: dict[str, list[str]] = {uri: [] for uri in groups}
    rules, standards, others = [], [], []
    for node in nodes:
        attrs = graph.nodes[node]
        kind, uri = attrs["kind"], attrs.get("code", "")
        if kind == RULE:
            rules.append(node)
        elif kind == STANDARD:
            standards.append(node)
        elif kind in (MISSING, "cited") and uri in rings:
            rings[uri].append(node)
        elif kind != CODE and uri in groups:
            groups[uri].append(node)
        elif kind != CODE:
            others.append(node)
    radii = {uri: SPACING * math.sqrt(len(members) + 4) + 60 for uri, members in groups.items()}
    top = max(radii.values(), default=200.0)
    out: dict[str, tuple[float, float]] = {}
    cursor = 0.0
    for code in codes:
        uri = graph.nodes[code].get("uri", "")
        centre = (cursor + radii[uri], 0.0)
        cursor += 2 * radii[uri] + 300
        out[code] = centre
        out.update(_spiral(groups[uri], centre))
        out.update(_ring(rings[uri], centre, radii[uri] + 80))
    width = max(cursor - 300, 1.0)
    out.update(_row(rules, -(top + 500), width))
    out.update(_row(standards, -(top + 900), width))
    out.update(_row(others, top + 400, width))
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in out.items()}


def _spiral(nodes: list[str], centre: tuple[float, float]) -> dict[str, tuple[float, float]]:
    out = {}
    for index, node in enumerate(nodes):
        radius = SPACING * math.sqrt(index + 4)  # +4 keeps the first articles clear of the code's box
        angle = index * _GOLDEN_ANGLE
        out[node] = (centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))
    return out


def _ring(nodes: list[str], centre: tuple[float, float], radius: float) -> dict[str, tuple[float, float]]:
    step = 2 * math.pi / max(len(nodes), 1)
    return {node: (centre[0] + radius * math.cos(i * step), centre[1] + radius * math.sin(i * step)) for i, node in enumerate(nodes)}


ROW_STEP = 110.0  # at least this far apart in a row; every other node a little lower, so labels do not overlap


def _row(nodes: list[str], y: float, width: float) -> dict[str, tuple[float, float]]:
    """`nodes` spread over `width` (or wider, when many), centred on it."""
    span = max(width, ROW_STEP * len(nodes))
    step, left = span / max(len(nodes), 1), (width - span) / 2
    return {node: (left + step * (i + 0.5), y + 60 * (i % 2)) for i, node in enumerate(nodes)}
