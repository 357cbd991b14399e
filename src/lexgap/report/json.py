"""Findings as JSON (docs/findings-json.md): fixed key order, findings in rule-pack then input order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lexgap import __version__
from lexgap.match.findings import ElementResult, Evidence, Finding, NearMiss
from lexgap.report import Report, provenance
from lexgap.rules.schema import Rule

FORMAT = "lexgap.findings/1"


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "generator": f"lexgap {__version__}",
        "provenance": _portable(provenance(report)),
        "summary": report.counts,
        "findings": [finding_to_dict(f, report.pack[f.rule]) for f in report.findings],
    }


def _portable(data: dict[str, Any]) -> dict[str, Any]:
    """Rule files by name only: the pack's hash already identifies them wherever they live."""
    return {**data, "rule_files": sorted(Path(p).name for p in data["rule_files"])}


def finding_to_dict(finding: Finding, rule: Rule) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "title": finding.rule_title,
        "code": finding.code,
        "codes": [ref.citation_title for ref in finding.codes],
        "status": finding.status.value,
        "score": finding.score,
        "standard": [
            {"instrument": s.instrument, "pinpoint": s.pinpoint, "kind": s.kind.value, "text": s.text, "symbol": s.symbol}
            for s in rule.sources
        ],
        "recommendation": rule.recommendation,
        "recommendations": list(rule.recommendations),
        "evidence": [_evidence(e) for e in finding.evidence],
        "near_misses": [_near_miss(m) for m in finding.near_misses],
        "elements": [_element(r) for r in finding.elements],
        "conflicts": [_element(r) for r in finding.conflicts],
    }


def _element(result: ElementResult) -> dict[str, Any]:
    return {
        "id": result.id,
        "description": result.description,
        "required": result.required,
        "found": result.found,
        "evidence": [_evidence(e) for e in result.evidence],
        "near_misses": [_near_miss(m) for m in result.near_misses],
    }


def _evidence(e: Evidence) -> dict[str, Any]:
    return {
        "provision": e.provision,
        "pinpoint": e.pinpoint,
        "code": e.code,
        "citation": e.citation,
        "quote": e.quote,
        "line": e.span.line,
        "span": [e.span.start, e.span.end],
    }


def _near_miss(m: NearMiss) -> dict[str, Any]:
    return {"provision": m.provision, "pinpoint": m.pinpoint, "code": m.code, "citation": m.citation,
            "score": m.score, "quote": m.quote}


def to_json(report: Report) -> bytes:
    return (json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
