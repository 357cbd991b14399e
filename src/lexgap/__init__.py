"""lexgap: read legal codes into a citable provision tree and report gaps against human-rights standards.

The pipeline: `lexgap.read` (formats -> `lexgap.model.Code`) -> `lexgap.refs` (references) ->
rules and matching -> graph, reports and diffs. The CLI (`lexgap.cli`) only wires the stages.
"""

__version__ = "0.1.0"
