"""Reports: the same findings as JSON for machines, a table for the terminal (more formats later).

Every report carries its provenance: lexgap's version, the rule pack's hash, each input's sha256,
edition and URI. The same inputs give byte-identical reports; the only timestamp comes from
SOURCE_DATE_EPOCH when set, or is left out with `reproducible=True`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from lexgap import __version__
from lexgap.match.findings import CodeRef, Finding
from lexgap.model import Code
from lexgap.rules.schema import RulePack, Verdict


@dataclass(frozen=True)
class Report:
    """Findings with what produced them; `codes` (optional) lets the HTML report draw the graph."""

    findings: tuple[Finding, ...]
    pack: RulePack
    inputs: tuple[CodeRef, ...]
    generated_at: str  # ISO 8601 UTC, or "" when reproducible
    codes: tuple[Code, ...] = field(default=(), compare=False, repr=False)

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(f.status.value for f in self.findings)
        return {v.value: counter.get(v.value, 0) for v in Verdict}


def make_report(findings: Sequence[Finding], pack: RulePack, reproducible: bool = False) -> Report:
    inputs: dict[str, CodeRef] = {}
    for finding in findings:
        for ref in finding.codes:
            inputs.setdefault(ref.uri, ref)
    return Report(tuple(findings), pack, tuple(inputs.values()), _timestamp(reproducible))


def _timestamp(reproducible: bool) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    elif reproducible:
        return ""
    else:
        moment = datetime.now(tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def provenance(report: Report) -> dict[str, object]:
    return {
        "lexgap_version": __version__,
        "rule_pack_sha256": report.pack.sha256,
        "rule_files": list(report.pack.files),
        "generated_at": report.generated_at or None,
        "inputs": [
            {
                "uri": ref.uri,
                "title": ref.title,
                "citation_title": ref.citation_title,
                "edition_date": ref.edition_date or None,
                "sha256": ref.sha256,
                "source": ref.source,
                "fragment": ref.fragment,
            }
            for ref in report.inputs
        ],
    }

