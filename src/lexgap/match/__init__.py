"""Matching rules against codes: per rule and code a `Finding` with evidence quoted from the source.

The pipeline: `texts` cuts each code into the texts conditions look at (an article's heading, its
body, container headings) and indexes their lemmas once; `conditions` finds where each condition
holds; `evaluate` turns element hits into verdicts, evidence and near misses.
"""

from lexgap.match.evaluate import check, check_example
from lexgap.match.findings import ElementResult, Evidence, Finding, NearMiss

__all__ = ["check", "check_example", "ElementResult", "Evidence", "Finding", "NearMiss"]
