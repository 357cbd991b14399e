"""The gap report as SARIF 2.1.0, for code-scanning views (GitHub, VS Code's SARIF viewer) and CI.

One run: the driver is lexgap, its rules are the rule pack's rules, and each gap (a finding with
status partial, missing or conflict) is one result, at level ``note``, ``warning`` or ``error``.
A result points at the provision it rests on: the first piece of evidence (conflicting provisions
first), the other evidence as related locations; a finding without evidence points at the nearest
provision lexgap examined (marked as not being evidence) or, failing that, at the code's file.

Regions are only written when they are true of the file. The quote must stand at its span in the
text the file decodes to (same sha256 as the file read), else the location names the file alone.
Lines and columns (Unicode code points, ``run.columnKind``) are given whenever the file has no lone
CR; ``charOffset``/``charLength`` only when the file is UTF-8 without a byte-order mark or CR, the
one case where offsets into lexgap's decoded text (BOM dropped, CRLF folded to LF) are offsets into
the file. The quote itself is the region's snippet.

File URIs are relative to the uri base ``SRCROOT``, the deepest directory holding every input;
``run.originalUriBaseIds`` says where that was on the machine that wrote the file (the one
machine-specific value in the output). The schema is the OASIS one (tests/schemas/).
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote as percent_encode

from lexgap import __version__
from lexgap.match.findings import CodeRef, Evidence, Finding, NearMiss
from lexgap.read.decode import DecodeError, decode, detect_encoding
from lexgap.report import Report, provenance
from lexgap.report.csv import cite_source, cite_sources
from lexgap.rules.schema import Rule, Verdict

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "SRCROOT"
FINGERPRINT = "lexgapRuleCode/v1"  # sha256 of "<rule id>\n<code URI>": one finding, whatever its evidence
LEVEL = {Verdict.CONFLICT: "error", Verdict.MISSING: "warning", Verdict.PARTIAL: "note"}
REGIONS = (
    "startLine/startColumn/endLine/endColumn count lines and Unicode code points of the file's text; "
    "charOffset/charLength are code-point offsets into the decoded text (BOM dropped, line ends folded "
    "to LF) and are written only for UTF-8 files without BOM or CR, where that text is the file's."
)


@dataclass(frozen=True)
class SourceText:
    """A source file as lexgap decoded it, and how far its offsets and lines are the file's own."""

    text: str  # what `lexgap.read.decode.decode` returns: the text Evidence spans point into
    encoding: str
    exact: bool  # UTF-8, no BOM, no CR: offsets into `text` are offsets into the file
    lines_kept: bool  # no lone CR: line numbers in `text` are the file's (CRLF and LF both end a line)

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of the first character of every line, for line/column lookups by bisection."""
        starts = [0]
        position = self.text.find("\n")
        while position != -1:
            starts.append(position + 1)
            position = self.text.find("\n", position + 1)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of the character at `offset`."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1


SourceReader = Callable[[CodeRef], "SourceText | None"]


def read_source(ref: CodeRef) -> SourceText | None:
    """The text of the file `ref` was read from, if it is still that file (same sha256), else None."""
    if "://" in ref.source:
        return None
    try:
        data = Path(ref.source).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != ref.sha256:
        return None
    try:
        encoding = detect_encoding(data)
        raw = data.decode(encoding)
        text = decode(data)
    except (DecodeError, UnicodeDecodeError):
        return None
    lone_cr = "\r" in raw.replace("\r\n", "")
    exact = encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8) and "\r" not in raw
    return SourceText(text, encoding, exact, not lone_cr)


def to_sarif(report: Report, read_source: SourceReader = read_source) -> bytes:
    """The report as a SARIF 2.1.0 log in UTF-8; `read_source` gives the texts regions are checked against."""
    return (json.dumps(sarif_log(report, read_source), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sarif_log(report: Report, read_source: SourceReader = read_source) -> dict[str, Any]:
    """The SARIF log as plain dicts, keys in a fixed order."""
    artifacts = _Artifacts(report.inputs, read_source)
    rule_index = {rule.id: i for i, rule in enumerate(report.pack.rules)}
    run: dict[str, Any] = {"tool": {"driver": _driver(report.pack.rules)}}
    if report.generated_at:
        run["invocations"] = [{"executionSuccessful": True, "endTimeUtc": report.generated_at}]
    if artifacts.root is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": artifacts.root.as_uri().rstrip("/") + "/"}}
    run["artifacts"] = artifacts.descriptions()
    run["results"] = [
        _result(f, report.pack[f.rule], rule_index[f.rule], artifacts) for f in report.findings if f.status in LEVEL
    ]
    run["columnKind"] = "unicodeCodePoints"
    run["properties"] = {"provenance": _provenance(report), "regions": REGIONS}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


# --- rules -------------------------------------------------------------------------------------


def _driver(rules: Sequence[Rule]) -> dict[str, Any]:
    return {
        "name": "lexgap",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_descriptor(rule) for rule in rules],
    }


def _descriptor(rule: Rule) -> dict[str, Any]:
    """A reportingDescriptor: title, rationale, and as help the recommendation with the standard."""
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": " ".join(rule.rationale.split())},
        "help": {"text": f"{rule.recommendation}\n\nStandard: {cite_sources(rule.sources)}."},
    }
    url = next((s.url for s in rule.sources if s.url), "")
    if url:
        descriptor["helpUri"] = url
    descriptor["defaultConfiguration"] = {"level": "warning"}
    kinds = ["corpus"] if rule.applies_to.corpus else [k.value for k in rule.applies_to.kinds]
    descriptor["properties"] = {
        "tags": ["human-rights", *kinds],
        "appliesTo": kinds,
        "sources": [
            {"instrument": s.instrument, "pinpoint": s.pinpoint, "kind": s.kind.value, "text": s.text,
             "symbol": s.symbol, "url": s.url}
            for s in rule.sources
        ],
    }
    return descriptor


# --- artifacts and locations -------------------------------------------------------------------


class _Artifacts:
    """The input files: their URIs under SRCROOT, their index in run.artifacts, their checked texts."""

    def __init__(self, inputs: Sequence[CodeRef], read: SourceReader) -> None:
        self.refs: dict[str, CodeRef] = {ref.uri: ref for ref in inputs}
        self.sources = list(dict.fromkeys(ref.source for ref in inputs))
        self.root = _common_root(self.sources)
        self.texts = {ref.uri: read(ref) for ref in inputs}

    def location(self, ref: CodeRef) -> dict[str, Any]:
        """An artifactLocation for the file `ref` was read from."""
        source = ref.source
        if "://" in source or self.root is None:
            uri = source if "://" in source else Path(os.path.abspath(source)).as_uri()
            return {"uri": uri, "index": self.sources.index(source)}
        relative = Path(os.path.abspath(source)).relative_to(self.root).as_posix()
        return {"uri": percent_encode(relative, safe="/"), "uriBaseId": SRCROOT, "index": self.sources.index(source)}

    def descriptions(self) -> list[dict[str, Any]]:
        """run.artifacts: one per input file, with its sha256 and the code read from it."""
        out = []
        for source in self.sources:
            ref = next(r for r in self.refs.values() if r.source == source)
            location = {k: v for k, v in self.location(ref).items() if k != "index"}
            text = self.texts[ref.uri]
            item: dict[str, Any] = {"location": location, "roles": ["analysisTarget"]}
            if text is not None:
                item["encoding"] = text.encoding
            item["hashes"] = {"sha-256": ref.sha256}
            item["description"] = {"text": _code_name(ref)}
            item["properties"] = {"code": ref.uri, "edition_date": ref.edition_date or None}
            out.append(item)
        return out

    def at_evidence(self, evidence: Evidence, message: str) -> dict[str, Any] | None:
        ref = self.refs.get(evidence.code)
        if ref is None:
            return None
        region = _region(self.texts[ref.uri], evidence.span.start, evidence.span.end, evidence.quote)
        return _location(self.location(ref), region, message, evidence.provision)

    def at_near_miss(self, miss: NearMiss, message: str) -> dict[str, Any] | None:
        """Where a near miss stands, when its quote occurs exactly once in the file (else no region)."""
        ref = self.refs.get(miss.code)
        if ref is None:
            return None
        text = self.texts[ref.uri]
        region = None
        if text is not None and miss.quote:
            first = text.text.find(miss.quote)
            if first != -1 and text.text.find(miss.quote, first + 1) == -1:
                region = _region(text, first, first + len(miss.quote), miss.quote)
        return _location(self.location(ref), region, message, miss.provision)

    def at_file(self, ref: CodeRef, message: str) -> dict[str, Any]:
        return _location(self.location(ref), None, message, "")


def _common_root(sources: Sequence[str]) -> Path | None:
    """The deepest directory holding every local input, or None (URLs only, or different drives)."""
    local = [Path(os.path.abspath(s)).parent for s in sources if "://" not in s]
    if not local:
        return None
    try:
        return Path(os.path.commonpath(local))
    except ValueError:
        return None


def _region(text: SourceText | None, start: int, end: int, quote: str) -> dict[str, Any] | None:
    """A region for text[start:end], only when that is `quote` and the file's lines are lexgap's."""
    if text is None or not text.lines_kept or text.text[start:end] != quote:
        return None
    start_line, start_col = text.line_col(start)
    end_line, end_col = text.line_col(end)
    region: dict[str, Any] = {"startLine": start_line, "startColumn": start_col, "endLine": end_line, "endColumn": end_col}
    if text.exact:
        region["charOffset"] = start
        region["charLength"] = end - start
    region["snippet"] = {"text": quote}
    return region


def _location(artifact: dict[str, Any], region: dict[str, Any] | None, message: str, provision: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if region is not None:
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if provision:
        location["logicalLocations"] = [{"name": provision, "kind": "provision"}]
    location["message"] = {"text": message}
    return location


# --- results -----------------------------------------------------------------------------------


def _result(finding: Finding, rule: Rule, index: int, artifacts: _Artifacts) -> dict[str, Any]:
    locations = _locations(finding, artifacts)
    result: dict[str, Any] = {
        "ruleId": rule.id,
        "ruleIndex": index,
        "kind": "fail",
        "level": LEVEL[finding.status],
        "message": {"text": message(finding, rule)},
        "locations": locations[:1],
    }
    if locations[1:]:
        result["relatedLocations"] = [{"id": n, **loc} for n, loc in enumerate(locations[1:], 1)]
    result["partialFingerprints"] = {FINGERPRINT: fingerprint(finding)}
    result["properties"] = {
        "status": finding.status.value,
        "score": round(finding.score, 4),
        "code": finding.code,
        "codes": [_code_name(ref) for ref in finding.codes],
        "elementsMet": [r.id for r in finding.elements if r.found],
        "elementsUnmet": [r.id for r in finding.elements if not r.found],
        "conflicts": [r.id for r in finding.conflicts if r.found],
        "standard": [cite_source(s) for s in rule.sources],
    }
    return result


def fingerprint(finding: Finding) -> str:
    """Stable across runs and evidence changes: the rule and the code (URI, so edition and language)."""
    return hashlib.sha256(f"{finding.rule}\n{finding.code}".encode()).hexdigest()


def _locations(finding: Finding, artifacts: _Artifacts) -> list[dict[str, Any]]:
    """Evidence first (conflicts, then elements), each once; else the nearest provision; else the files."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int]] = set()
    for result, label in [(r, "works against the standard") for r in finding.conflicts] + [
        (r, "meets an element") for r in finding.elements
    ]:
        if not result.found:
            continue
        for evidence in result.evidence:
            key = (evidence.code, evidence.span.start, evidence.span.end)
            if key in seen:
                continue
            seen.add(key)
            location = artifacts.at_evidence(evidence, f"{evidence.citation} {label}: {result.description}.")
            if location is not None:
                out.append(location)
    if out:
        return out
    misses = finding.near_misses
    if misses:
        nearest = max(misses, key=lambda m: m.score)
        text = f"Nearest provision examined (not evidence): {nearest.citation}."
        location = artifacts.at_near_miss(nearest, text)
        if location is not None:
            out.append(location)
    examined = {loc["physicalLocation"]["artifactLocation"]["uri"] for loc in out}
    for ref in finding.codes:
        location = artifacts.at_file(ref, f"{_code_name(ref)}: no provision meets the standard.")
        if location["physicalLocation"]["artifactLocation"]["uri"] not in examined:
            out.append(location)
    return out


def message(finding: Finding, rule: Rule) -> str:
    """The result's text: what the standard asks and where the code stands, citing the provision."""
    standard = cite_sources(rule.sources)
    head = {
        Verdict.CONFLICT: f"{rule.title}: a provision works against the standard ({standard}).",
        Verdict.PARTIAL: f"{rule.title}: the standard ({standard}) is met in part.",
        Verdict.MISSING: f"{rule.title}: no provision meeting the standard ({standard}) was found.",
    }[finding.status]
    parts = [head]
    conflicting = [e.citation for r in finding.conflicts if r.found for e in r.evidence[:1]]
    meeting = [e.citation for r in finding.elements if r.found for e in r.evidence[:1]]
    unmet = [r.description for r in finding.elements if r.required and not r.found]
    if conflicting:
        parts.append(f"Conflicting provision: {'; '.join(dict.fromkeys(conflicting))}.")
    if meeting:
        parts.append(f"Found: {'; '.join(dict.fromkeys(meeting))}.")
    if unmet:
        codes = "; ".join(_code_name(ref) for ref in finding.codes)
        parts.append(f"Required, not met in {codes}: {'; '.join(unmet)}.")
    return " ".join(parts)


def _code_name(ref: CodeRef) -> str:
    """"Criminal Code of the Republic of Kazakhstan No. 226-V (rus, edition 2019-12-27)"."""
    language = ref.uri.rsplit("/", 1)[-1].split("@", 1)[0]
    edition = f"edition {ref.edition_date}" if ref.edition_date else "edition unknown"
    return f"{ref.citation_title} ({language}, {edition})" if language else f"{ref.citation_title} ({edition})"


def _provenance(report: Report) -> dict[str, Any]:
    """The report's provenance, rule files by name only (the pack's hash identifies them anywhere)."""
    return {**provenance(report), "rule_files": sorted(Path(p).name for p in report.pack.files)}
