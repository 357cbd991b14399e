"""`lexgap graph`: build the cross-reference graph of codes and findings, write it or ask it questions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from lexgap.cli.common import (
    EXIT_OK,
    UsageError,
    add_read_options,
    corpus_files,
    corpus_name,
    distinct_codes,
    load_codes,
    load_pack,
    progress,
    read_options,
)
from lexgap.output import write_atomic

if TYPE_CHECKING:
    from lexgap.match import Finding
    from lexgap.model import Code
    from lexgap.rules.schema import RulePack


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from lexgap.graph.export import DETAILS, FORMATS

    graph = commands.add_parser("graph", help="the cross-reference graph of codes, rules and findings; queries on it")
    graph.add_argument("corpus", nargs="+", metavar="CORPUS",
                       help="code files, directories of them, or a jurisdiction (kz) found on the corpus search path")
    graph.add_argument("--rules", metavar="DIR", action="append", help="rule files or directories (default: the rules shipped with lexgap)")
    graph.add_argument("--no-rules", action="store_true", help="codes and references only: run no rules")
    graph.add_argument("--corpora", metavar="DIR", action="append", default=[], help="where to look for a jurisdiction's texts")
    graph.add_argument("--languages", metavar="L,L", help="languages to read for a jurisdiction, e.g. rus,kaz (default: every one found)")
    graph.add_argument("--format", choices=FORMATS, default="graphml", help="graph file format (default graphml)")
    graph.add_argument("--detail", choices=DETAILS, default="articles",
                       help="what the HTML view draws: articles (default), the articles findings cite, or every provision")
    graph.add_argument("--title", help="title of the HTML page (default: lexgap graph of CORPUS)")
    graph.add_argument("-o", "--output", metavar="PATH",
                       help="graph file, - for standard output (default reports/<corpus>-graph.<format>; with a query, none)")
    queries = graph.add_argument_group("queries (printed as text)")
    queries.add_argument("--referrers", metavar="ART", action="append", default=[],
                         help='what cites a provision: "kz/criminal:art_146", "art_146" or "<uri>#<id>"')
    queries.add_argument("--depth", type=int, default=1, metavar="N", help="follow --referrers N steps (default 1)")
    queries.add_argument("--dangling", action="store_true", help="references whose target is not in the loaded codes")
    queries.add_argument("--standard", metavar="S", action="append", default=[],
                         help='rules resting on a standard and the provisions they name: "CAT art. 4(1)" or "CAT"')
    queries.add_argument("--rule", metavar="ID", action="append", default=[], help="a rule's standards and the provisions it names")
    queries.add_argument("--top", type=_positive, metavar="N", help="the N articles cited most from outside themselves")
    add_read_options(graph)
    graph.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lexgap.graph import build_graph
    from lexgap.graph.export import SUFFIXES, to_format

    if args.depth < 1:
        raise UsageError("--depth takes a number from 1")
    if args.no_rules and (args.standard or args.rule):
        raise UsageError("--standard and --rule need the rules; leave out --no-rules")
    files = corpus_files(args.corpus, args.corpora, args.languages)
    codes = distinct_codes(load_codes(files, read_options(args), progress))
    pack, findings = (None, ()) if args.no_rules else _check(codes, args.rules)
    graph = build_graph(codes, findings, pack)
    asked = _answer(graph, args)
    target = args.output or (None if asked else str(Path("reports") / f"{corpus_name(args.corpus)}-graph{SUFFIXES[args.format]}"))
    if target is not None:
        title = args.title or f"lexgap graph of {', '.join(Path(item).name for item in args.corpus)}"
        data = to_format(graph, args.format, title, args.detail)
        if target == "-":
            sys.stdout.buffer.write(data)
        else:
            write_atomic(target, data)
            print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges -> {target}", file=sys.stderr)
    return EXIT_OK


def _check(codes: Sequence[Code], rules: list[str] | None) -> tuple[RulePack, tuple[Finding, ...]]:
    from lexgap.match import check

    pack = load_pack(rules)
    return pack, check(codes, pack, progress)


def _answer(graph: nx.MultiDiGraph, args: argparse.Namespace) -> bool:
    """Print the answer to every query asked; whether any was."""
    lines: list[str] = []
    for name in args.referrers:
        lines += [line for node in _find(graph, name) for line in _referrers_text(graph, node, args.depth)]
    if args.dangling:
        lines += _dangling_text(graph)
    for name in args.standard + args.rule:
        lines += [line for node in _find(graph, name) for line in _paths_text(graph, node)]
    if args.top is not None:
        lines += _top_text(graph, args.top)
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
    return bool(args.referrers or args.dangling or args.standard or args.rule or args.top is not None)


def _find(graph: nx.MultiDiGraph, name: str) -> tuple[str, ...]:
    from lexgap.graph.queries import NodeNotFound, find_nodes

    try:
        return find_nodes(graph, name)
    except NodeNotFound as exc:
        raise UsageError(str(exc)) from exc


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("label", node))


def _referrers_text(graph: nx.MultiDiGraph, node: str, depth: int) -> list[str]:
    from lexgap.graph.queries import referrers

    found = referrers(graph, node, depth)
    lines = [f"{_label(graph, node)} ({node}) is cited by {len(found)} provision(s)"
             + (f" within {depth} steps" if depth > 1 else "") + (":" if found else ".")]
    for ref in found:
        cited = "" if ref.target == node else f" [cites {_label(graph, ref.target)}]"
        lines.append(f"  {ref.depth}  {_label(graph, ref.source)}: «{ref.text}»{cited}")
    return lines


def _dangling_text(graph: nx.MultiDiGraph) -> list[str]:
    from lexgap.graph.queries import dangling

    found = dangling(graph)
    lines = [f"{len(found)} dangling reference(s)" + (":" if found else ".")]
    lines += [f"  {_label(graph, d.source)} (line {d.line}): «{d.text}» -> {d.target}" for d in found]
    return lines


def _paths_text(graph: nx.MultiDiGraph, node: str) -> list[str]:
    from lexgap.graph.queries import NodeNotFound, standard_paths

    try:
        paths = standard_paths(graph, node)
    except NodeNotFound as exc:
        raise UsageError(str(exc)) from exc
    lines = [f"{_label(graph, node)}: {len(paths)} path(s)" + (":" if paths else ".")]
    for path in paths:
        standard = _label(graph, path.standard) if path.standard else "(no standard)"
        detail = "; ".join(x for x in (path.element, path.status) if x)
        lines.append(f"  {standard} <- {_label(graph, path.rule)} --{path.relation}-- {_label(graph, path.target)} ({detail})")
    return lines


def _top_text(graph: nx.MultiDiGraph, n: int) -> list[str]:
    from lexgap.graph.queries import most_referenced

    ranked = most_referenced(graph, n)
    lines = [f"the {len(ranked)} provisions cited most (references from outside the article):"]
    for node, count in ranked:
        heading = graph.nodes[node].get("heading", "")
        lines.append(f"  {count:5d}  {_label(graph, node)}" + (f" — {heading}" if heading else ""))
    return lines
