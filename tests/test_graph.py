"""The cross-reference graph on the real Criminal Code and CPC with the shipped rules' findings:
counts that follow from the codes, attributes GraphML and GEXF can hold, exports that load back,
queries with answers checked by reading the corpus, and byte-identical output on rebuilding.

Known answers (read in kz/criminal-procedure-code.rus.2022-12-30.md):
- CPC art. 146 "Домашний арест" is cited by art. 140(4) (l. 3173, "статьями 141, … 145 и 146"),
  art. 291(5) (l. 6227, "статьями 146, 147") and art. 303(2) (l. 6611, "статьями 145, 146, 147 …");
- art. 145(2) (l. 3221) cites art. 140 ("в соответствии со статьей 140"), so it is reached in two
  steps from art. 146;
- the note to CC art. 146 (criminal-code.rus.2019-12-27.md l. 3505) conflicts with CAT art. 1(1),
  last sentence, and the CC has no threat-of-torture offence (tests/test_rule_outcomes.py).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import networkx as nx
import pytest
from conftest import FULL_CODES, KAZAKH_CRIMINAL, parsed

from lexgap.cli import main
from lexgap.graph import (
    build_graph,
    dangling,
    find_nodes,
    most_referenced,
    referrers,
    standard_paths,
)
from lexgap.graph.build import MAX_TEXT, code_node, provision_node, worst
from lexgap.graph.export import (
    LIBRARY_VERSION,
    from_json,
    html_fragment,
    html_page,
    json_for_script,
    to_format,
    view_data,
)
from lexgap.graph.queries import NodeNotFound
from lexgap.match import Finding, check
from lexgap.model import Code
from lexgap.refs import resolve
from lexgap.rules import load_rules
from lexgap.rules.schema import RulePack

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "lexgap" / "graph" / "static"
PLAIN = (str, int, float, bool)


@dataclass(frozen=True)
class Corpus:
    codes: tuple[Code, ...]
    findings: tuple[Finding, ...]
    pack: RulePack
    graph: nx.MultiDiGraph


@cache
def _corpus() -> Corpus:
    codes = resolve([parsed(FULL_CODES["criminal"]), parsed(FULL_CODES["criminal_procedure"])])
    pack = load_rules([ROOT / "rules"])
    findings = check(codes, pack)
    return Corpus(codes, findings, pack, build_graph(codes, findings, pack))


@pytest.fixture
def corpus() -> Corpus:
    _corpus_files()
    return _corpus()


def _corpus_files() -> None:
    parsed(FULL_CODES["criminal"])  # skips when the corpus is absent
    parsed(FULL_CODES["criminal_procedure"])


@cache
def _written(fmt: str) -> bytes:
    """The corpus graph in `fmt`, written once per session (GraphML and GEXF take a second or two)."""
    return to_format(_corpus().graph, fmt, "kz")


def _uri(corpus: Corpus, kind: str) -> str:
    return next(c.uri for c in corpus.codes if c.kind.value == kind)


def _kinds(graph: nx.MultiDiGraph) -> Counter[str]:
    return Counter(kind for _, kind in graph.nodes(data="kind"))


def _types(graph: nx.MultiDiGraph) -> Counter[str]:
    return Counter(kind for _, _, kind in graph.edges(data="type"))


# --- counts follow from the codes, findings and rules --------------------------------------------


def test_every_provision_is_a_node_contained_once(corpus: Corpus) -> None:
    graph = corpus.graph
    for code in corpus.codes:
        assert graph.nodes[code_node(code.uri)]["kind"] == "code"
        for provision in code.walk():
            node = provision_node(code.uri, provision.id)
            assert graph.nodes[node]["kind"] == provision.kind.value
            parents = [s for s, _, t in graph.in_edges(node, data="type") if t == "contains"]
            expected = code.parents[provision.id]
            assert parents == [provision_node(code.uri, expected) if expected else code_node(code.uri)]
    assert _types(graph)["contains"] == sum(len(code.index) for code in corpus.codes)


def test_every_reference_is_an_edge(corpus: Corpus) -> None:
    graph = corpus.graph
    expected = [(provision_node(code.uri, ref.source), ref.text) for code in corpus.codes for ref in code.references]
    found = [(s, d["text"]) for s, _, d in graph.edges(data=True) if d["type"] == "refers_to"]
    assert Counter(found) == Counter(expected)
    unresolved = {t for s, t, d in graph.edges(data=True) if d["type"] == "refers_to" and not d["resolved"]}
    assert unresolved == {n for n, kind in graph.nodes(data="kind") if kind == "missing"}
    assert all(graph.nodes[n]["status"] == "dangling" for n in unresolved)


def test_cross_code_references_land_in_the_cited_code(corpus: Corpus) -> None:
    graph, cc = corpus.graph, _uri(corpus, "criminal")
    cpc = next(c for c in corpus.codes if c.kind.value == "criminal_procedure")
    to_cc = [ref for ref in cpc.references if ref.target_code == "kz/criminal" and ref.resolved]
    assert to_cc, "the CPC cites the Criminal Code"
    for ref in to_cc:
        targets = {t for _, t, d in graph.out_edges(provision_node(cpc.uri, ref.source), data=True) if d.get("text") == ref.text}
        assert provision_node(cc, ref.target) in targets


def test_same_language_code_is_cited_when_two_share_a_key() -> None:
    """With the Russian and Kazakh Criminal Codes loaded, the Russian CPC cites the Russian one."""
    _corpus_files()
    rus, kaz = parsed(FULL_CODES["criminal"]), parsed(KAZAKH_CRIMINAL)
    codes = resolve([rus, kaz, parsed(FULL_CODES["criminal_procedure"])])
    graph = build_graph(codes)
    cpc = codes[2]
    cited = {graph.nodes[t]["code"] for s, t, d in graph.edges(data=True)
             if d["type"] == "refers_to" and d["target_code"] == "kz/criminal" and d["resolved"]
             and graph.nodes[s]["code"] == cpc.uri}
    assert cited == {rus.uri}
    assert graph.nodes[code_node(kaz.uri)]["short"] == "CC kaz"


def test_findings_become_edges(corpus: Corpus) -> None:
    graph = corpus.graph
    for finding in corpus.findings:
        rule = f"rule:{finding.rule}"
        edges = {(s, d["type"], d["element"]) for s, _, d in graph.in_edges(rule, data=True) if d["type"] != "derived_from"}
        for result in finding.conflicts:
            for ev in result.evidence if result.found else ():
                assert (provision_node(ev.code, ev.provision), "conflicts_with", result.id) in edges
        kind = "satisfies" if finding.status.value == "satisfied" else "partially_satisfies"
        for result in finding.elements:
            for ev in result.evidence if result.found else ():
                assert (provision_node(ev.code, ev.provision), kind, result.id) in edges
        missing_in = [t for _, t, k in graph.out_edges(rule, data="type") if k == "missing_in"]
        assert missing_in == ([code_node(c.uri) for c in finding.codes] if finding.status.value == "missing" else [])
    for rule in corpus.pack.rules:
        statuses = [f.status.value for f in corpus.findings if f.rule == rule.id]
        assert graph.nodes[f"rule:{rule.id}"]["status"] == worst(statuses)
        standards = [t for _, t, k in graph.out_edges(f"rule:{rule.id}", data="type") if k == "derived_from"]
        assert standards == [f"standard:{s.instrument} {s.pinpoint}" for s in rule.sources]


def test_attributes_are_plain_and_one_type_per_name(corpus: Corpus) -> None:
    """GraphML and GEXF hold str, int, float and bool, one type per attribute name."""
    for items in (corpus.graph.nodes(data=True), corpus.graph.edges(data=True)):
        types: dict[str, set[type]] = {}
        for *_, attrs in items:
            for name, value in attrs.items():
                assert type(value) in PLAIN, (name, value)
                types.setdefault(name, set()).add(type(value))
        assert {name: t for name, t in types.items() if len(t) > 1} == {}


def test_provision_text_is_kept_short(corpus: Corpus) -> None:
    texts = [attrs.get("text", "") for _, attrs in corpus.graph.nodes(data=True) if attrs["kind"] != "rule"]
    assert max(len(t) for t in texts) <= MAX_TEXT
    longest = max((p for c in corpus.codes for p in c.walk()), key=lambda p: len(p.text))
    assert len(longest.text) > MAX_TEXT, "the corpus has a provision long enough to be truncated"


# --- exports -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)], ids=["graphml", "gexf"])
def test_xml_formats_load_back(corpus: Corpus, tmp_path: Path, fmt: str, read) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "graph.xml"
    path.write_bytes(_written(fmt))
    loaded = read(path)
    assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (corpus.graph.number_of_nodes(), corpus.graph.number_of_edges())
    assert list(loaded.nodes) == list(corpus.graph.nodes)
    art = provision_node(_uri(corpus, "criminal"), "art_146")
    assert {k: loaded.nodes[art][k] for k in ("kind", "label", "line")} == {k: corpus.graph.nodes[art][k] for k in ("kind", "label", "line")}
    relation = Counter(d.get("type", d.get("relation")) for *_, d in loaded.edges(data=True))
    assert relation == _types(corpus.graph)


def test_gexf_has_no_date_and_graphml_keeps_letters(corpus: Corpus) -> None:
    assert b"lastmodifieddate" not in _written("gexf")
    assert "Пытки".encode() in _written("graphml")


def test_json_round_trip(corpus: Corpus) -> None:
    data = _written("json")
    loaded = from_json(data)
    assert list(loaded.nodes(data=True)) == list(corpus.graph.nodes(data=True))
    assert list(loaded.edges(data=True)) == list(corpus.graph.edges(data=True))
    top = json.loads(data)
    assert list(top) == sorted(top)


def test_dot_is_balanced_and_declares_every_node(corpus: Corpus) -> None:
    text = _written("dot").decode("utf-8")
    unquoted = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    assert unquoted.count("{") == unquoted.count("}") == 1
    assert unquoted.strip().startswith("digraph") and unquoted.rstrip().endswith("}")
    quoted = r'"((?:[^"\\]|\\.)*)"'
    declared = {m.group(1) for m in re.finditer(rf"^  {quoted} \[", text, re.MULTILINE)}
    edges = re.findall(rf"^  {quoted} -> {quoted} \[", text, re.MULTILINE)
    assert len(declared) == corpus.graph.number_of_nodes()
    assert len(edges) == corpus.graph.number_of_edges()
    assert {n for pair in edges for n in pair} <= declared


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "dot", "html"])
def test_rebuilding_gives_the_same_bytes(corpus: Corpus, fmt: str) -> None:
    again = build_graph(corpus.codes, corpus.findings, corpus.pack)
    assert to_format(again, fmt, "kz") == _written(fmt)


# --- the HTML view -------------------------------------------------------------------------------


def _data_of(page: str, element_id: str) -> dict:  # type: ignore[type-arg]
    match = re.search(rf'<script type="application/json" id="{element_id}-data">(.*?)</script>', page, re.DOTALL)
    assert match, "the data script is there"
    assert "</" not in match.group(1) and "<!--" not in match.group(1)
    return json.loads(match.group(1))


def test_html_view_folds_parts_into_articles(corpus: Corpus) -> None:
    graph = corpus.graph
    page = html_page(graph, "kz")
    data = _data_of(page, "lexgap-graph")
    kinds = Counter(n["kind"] for n in data["nodes"])
    expected = {k: v for k, v in _kinds(graph).items() if k in ("code", "rule", "standard", "missing", "article")}
    assert kinds == expected
    assert page.count("<script") == 4  # the library, the view, the data, the call
    art = next(n for n in data["nodes"] if n["gid"] == provision_node(_uri(corpus, "criminal"), "art_146"))
    assert art["heading"] == "Пытки" and art["v"] == "conflict"
    assert art["text"].startswith("1. Умышленное причинение")
    assert {f["rule"] for f in art["f"]} >= {n["id"] for n in data["nodes"] if n["gid"] == "rule:torture-definition"}


def test_html_detail_levels(corpus: Corpus) -> None:
    kinds = {detail: Counter(n["kind"] for n in view_data(corpus.graph, detail)["nodes"]) for detail in ("all", "findings")}
    assert sum(kinds["all"].values()) == corpus.graph.number_of_nodes()
    cited = {corpus.graph.nodes[s]["article"] for s, _, t in corpus.graph.edges(data="type")
             if t in ("satisfies", "partially_satisfies", "conflicts_with")}
    assert kinds["findings"]["article"] == len(cited)


def test_script_data_cannot_close_its_element(corpus: Corpus) -> None:
    graph = corpus.graph.copy()
    art = provision_node(_uri(corpus, "criminal"), "art_146")
    graph.nodes[art]["heading"] = "</script><script>alert(1)</script><!--"
    fragment = html_fragment(graph, "g1")
    data = _data_of(fragment, "g1")
    assert next(n for n in data["nodes"] if n["gid"] == art)["heading"] == graph.nodes[art]["heading"]
    assert json.loads(json_for_script({"a": "</x>"})) == {"a": "</x>"}


def test_fragment_is_not_a_page(corpus: Corpus) -> None:
    fragment = html_fragment(corpus.graph, "report-graph", detail="findings", assets=False)
    assert "<html" not in fragment and "<head" not in fragment and "cytoscape" not in fragment
    assert fragment.startswith('<div id="report-graph" class="lxg-root">')
    with pytest.raises(ValueError):
        html_fragment(corpus.graph, 'x" onload="')


def test_vendored_library_is_the_documented_one() -> None:
    library = (STATIC / "cytoscape.min.js").read_text(encoding="utf-8")
    assert f'version="{LIBRARY_VERSION}"' in library
    assert "Permission is hereby granted" in (STATIC / "cytoscape.LICENSE").read_text(encoding="utf-8")
    assert f"cytoscape {LIBRARY_VERSION}" in (ROOT / "docs" / "graph.md").read_text(encoding="utf-8")


# --- queries -------------------------------------------------------------------------------------


def test_referrers_of_an_article_and_its_parts(corpus: Corpus) -> None:
    cpc = _uri(corpus, "criminal_procedure")
    found = referrers(corpus.graph, provision_node(cpc, "art_146"))
    sources = {r.source for r in found}
    assert {provision_node(cpc, p) for p in ("art_140__para_4", "art_291__para_5", "art_303__para_2")} <= sources
    assert all(r.depth == 1 for r in found)
    assert all(corpus.graph.nodes[r.target]["article"] == provision_node(cpc, "art_146") for r in found)


def test_referrers_transitively(corpus: Corpus) -> None:
    cpc = _uri(corpus, "criminal_procedure")
    found = referrers(corpus.graph, provision_node(cpc, "art_146"), depth=2)
    by_source = {r.source: r for r in found}
    assert by_source[provision_node(cpc, "art_140__para_4")].depth == 1
    second = by_source[provision_node(cpc, "art_145__para_2")]
    assert second.depth == 2 and corpus.graph.nodes[second.target]["article"] == provision_node(cpc, "art_140")
    assert len(by_source) == len(found), "each provision once"


def test_a_part_is_cited_by_what_cites_its_article(corpus: Corpus) -> None:
    cpc = _uri(corpus, "criminal_procedure")
    part = referrers(corpus.graph, provision_node(cpc, "art_146__para_1"))
    assert provision_node(cpc, "art_140__para_4") in {r.source for r in part}


def test_dangling_are_the_unresolved_references(corpus: Corpus) -> None:
    found = dangling(corpus.graph)
    unresolved = [(provision_node(c.uri, r.source), r.text) for c in corpus.codes for r in c.references if not r.resolved]
    assert Counter((d.source, d.text) for d in found) == Counter(unresolved)
    assert any(d.target_code == "kz/penal_enforcement" for d in found), "the CC cites the Penal Enforcement Code"


def test_most_referenced_counts_citations_from_other_articles(corpus: Corpus) -> None:
    top = most_referenced(corpus.graph, 5)
    assert [count for _, count in top] == sorted((count for _, count in top), reverse=True)
    code_of = {c.uri: c for c in corpus.codes}
    for node, count in top:
        attrs = corpus.graph.nodes[node]
        target_code = code_of[attrs["code"]]
        article = attrs["provision"]
        expected = 0
        for code in corpus.codes:
            for ref in code.references:
                if not ref.resolved or (ref.target_code or code.key) != target_code.key or ref.target is None:
                    continue
                if _article_of(target_code, ref.target) == article and not (code is target_code and _article_of(code, ref.source) == article):
                    expected += 1
        assert count == expected, node


def _article_of(code: Code, provision: str) -> str:
    current: str | None = provision
    while current is not None and code.index[current].kind.value != "article":
        current = code.parents[current]
    return current or provision


def test_standard_paths_reach_provisions_and_codes(corpus: Corpus) -> None:
    cc = _uri(corpus, "criminal")
    paths = standard_paths(corpus.graph, "standard:CAT art. 1(1), last sentence")
    assert ("rule:torture-exclusion-lawful-sanctions", provision_node(cc, "art_146__note_1"), "conflicts_with") in {
        (p.rule, p.target, p.relation) for p in paths}
    threat = standard_paths(corpus.graph, "rule:threat-of-torture")
    assert {(p.target, p.relation) for p in threat} == {(code_node(cc), "missing_in")}
    assert {p.standard for p in threat} == {f"standard:{s.instrument} {s.pinpoint}" for s in corpus.pack["threat-of-torture"].sources}


@pytest.mark.parametrize(("name", "expected"), [
    ("kz/criminal:art_146", ["criminal#art_146"]),
    ("art_146", ["criminal#art_146", "criminal_procedure#art_146"]),
    ("threat-of-torture", ["rule:threat-of-torture"]),
    ("CAT art. 4(1)", ["standard:CAT art. 4(1)"]),
], ids=["key-and-id", "bare-id", "rule", "standard"])
def test_find_nodes(corpus: Corpus, name: str, expected: list[str]) -> None:
    def short(node: str) -> str:
        for code in corpus.codes:
            node = node.replace(f"{code.uri}#", f"{code.kind.value}#")
        return node

    assert [short(n) for n in find_nodes(corpus.graph, name)] == expected


def test_find_nodes_by_instrument_and_unknown(corpus: Corpus) -> None:
    assert len(find_nodes(corpus.graph, "CAT")) > 1
    assert all(n.startswith("standard:CAT ") for n in find_nodes(corpus.graph, "CAT"))
    with pytest.raises(NodeNotFound):
        find_nodes(corpus.graph, "kz/criminal:art_99999")


# --- the command ---------------------------------------------------------------------------------


def test_cli_queries(capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import corpus_path

    cpc = corpus_path(FULL_CODES["criminal_procedure"])
    code = main(["graph", str(cpc), "--no-rules", "--referrers", "kz/criminal_procedure:art_146", "--depth", "2", "--top", "3", "--dangling"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "CPC art. 146 (" in out and "CPC art. 140, part 4: «статьями 141, 142, 143, 144, 145 и 146 настоящего Кодекса»" in out
    assert re.search(r"^  2  CPC art\. 145, part 2: «статьей 140 настоящего Кодекса»", out, re.MULTILINE)
    assert "the 3 provisions cited most" in out and "dangling reference(s)" in out


def test_cli_writes_a_graph_that_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import corpus_path

    source = corpus_path("kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md")
    target = tmp_path / "g.graphml"
    assert main(["graph", str(source), "-o", str(target)]) == 0
    loaded = nx.read_graphml(target)
    assert _kinds(loaded)["article"] == len(parsed("kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md").articles())
    assert _kinds(loaded)["rule"] == len(load_rules([ROOT / "rules"]).rules)
    assert main(["graph", str(source), "--no-rules", "--rule", "threat-of-torture"]) == 2
    _, err = capsys.readouterr()
    assert "--no-rules" in err
