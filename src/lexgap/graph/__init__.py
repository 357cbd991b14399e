"""The cross-reference graph: build it from codes, findings and rules, ask it questions, write it out.

`build_graph` makes a networkx `MultiDiGraph` (node and edge types in `build`); `queries` answers
who cites an article, which references dangle, how a standard reaches provisions, what is cited
most; `export` writes GraphML, GEXF, node-link JSON, DOT and an interactive HTML view.
"""

from lexgap.graph.build import build_graph
from lexgap.graph.export import (
    FORMATS,
    html_fragment,
    html_head_assets,
    html_page,
    to_dot,
    to_format,
    to_gexf,
    to_graphml,
    to_json,
)
from lexgap.graph.queries import (
    Dangling,
    NodeNotFound,
    Referrer,
    StandardPath,
    dangling,
    find_nodes,
    most_referenced,
    referrers,
    standard_paths,
)

__all__ = [
    "FORMATS",
    "Dangling",
    "NodeNotFound",
    "Referrer",
    "StandardPath",
    "build_graph",
    "dangling",
    "find_nodes",
    "html_fragment",
    "html_head_assets",
    "html_page",
    "most_referenced",
    "referrers",
    "standard_paths",
    "to_dot",
    "to_format",
    "to_gexf",
    "to_graphml",
    "to_json",
]
