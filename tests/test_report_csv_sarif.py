"""CSV and SARIF forms of the gap report, on the real codes.

CSV: RFC 4180 records (CRLF outside quoted fields, quotes doubled), a UTF-8 BOM for Excel, one row
per finding carrying what the finding says. SARIF: every log validates against the official OASIS
SARIF 2.1.0 schema (tests/schemas/), and every region it writes is true of the file it names.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
from dataclasses import replace
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import jsonschema
import pytest

from conftest import FULL_CODES, KAZAKH_CRIMINAL, corpus_path, parsed
from lexgap.match import Finding, check
from lexgap.model import CodeKind
from lexgap.read import ReadOptions, read_code, read_text
from lexgap.report import Report, make_report
from lexgap.report.csv import HEADER, cite_sources, to_csv
from lexgap.report.formats import FORMATS
from lexgap.report.sarif import FINGERPRINT, LEVEL, SRCROOT, read_source, to_sarif
from lexgap.rules import load_rules
from lexgap.rules.schema import RulePack, Verdict

SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"
RULES = Path(__file__).resolve().parents[1] / "rules"
FILES = {**FULL_CODES, "kk": KAZAKH_CRIMINAL}
CHAPTER_9 = "kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md"

OTHER_STATE = """# Criminal Code of the Other State

## Special Part

### Chapter 1. Crimes against the person

#### Article 1. Torture

1. Torture committed by an official shall be punished by imprisonment for a term of seven to ten years.

#### Article 2. Threat of torture

1. The threat of torture shall be punished by imprisonment for a term of two to five years.
"""
"""A made-up English code, read from memory (no file on disk): SARIF must still be valid."""


@cache
def pack() -> RulePack:
    return load_rules(RULES)


@cache
def kz_report() -> Report:
    codes = [parsed(relative) for relative in FILES.values()]
    return make_report(check(codes, pack()), pack(), reproducible=True)


def by_rule_and_code(report: Report) -> dict[tuple[str, str], Finding]:
    keys = {parsed(relative).uri: key for key, relative in FILES.items()}
    return {(f.rule, keys.get(f.code, f.code)): f for f in report.findings}


def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(data: bytes) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(json.loads(data))]


def require_corpora() -> None:
    for relative in FILES.values():
        corpus_path(relative)


# --- CSV ---------------------------------------------------------------------------------------


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def record_ends(text: str) -> list[str]:
    """The line ends that close records: every newline outside a quoted field, with what precedes it."""
    ends, quoted = [], False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted:
            ends.append(text[max(i - 1, 0) : i + 1])
    return ends


@pytest.mark.corpus
def test_csv_is_rfc4180_with_a_bom_and_crlf_records() -> None:
    require_corpora()
    data = to_csv(kz_report())
    assert data.startswith(codecs.BOM_UTF8) and not to_csv(kz_report(), bom=False).startswith(codecs.BOM_UTF8)
    text = data.decode("utf-8-sig")
    ends = record_ends(text)
    assert len(ends) == len(kz_report().findings) + 1 and set(ends) == {"\r\n"}
    rows = csv_rows(data)
    assert rows[0] == list(HEADER)
    assert all(len(row) == len(HEADER) for row in rows)
    assert [(r[0], r[2]) for r in rows[1:]] == [(f.rule, f.code) for f in kz_report().findings]


def test_csv_quotes_commas_quotes_and_line_breaks() -> None:
    finding = Finding("threat-of-torture", 'Say "no", twice\nand mean it', "/akn/xx/act/code/0000-00-00/x/eng@",
                      (), Verdict.MISSING, 0.0, ())
    data = to_csv(Report((finding,), pack(), (), ""), bom=False)
    assert b'"Say ""no"", twice\nand mean it"' in data
    assert csv_rows(data)[1][1] == 'Say "no", twice\nand mean it'


CSV_CASES = [  # rule, code key: one of each status, and a corpus-wide rule
    ("torture-exclusion-lawful-sanctions", "criminal"),
    ("torture-definition", "kk"),
    ("threat-of-torture", "criminal"),
    ("torture-no-amnesty", "kk"),
    ("access-to-court-children", "civil_procedure"),
    ("hrd-protection-law", "corpus"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("rule", "code"), CSV_CASES, ids=[f"{r}@{c}" for r, c in CSV_CASES])
def test_csv_row_says_what_the_finding_says(rule: str, code: str) -> None:
    require_corpora()
    report = kz_report()
    finding = by_rule_and_code(report)[(rule, code)]
    rows = {(r[0], r[2]): dict(zip(HEADER, r)) for r in csv_rows(to_csv(report))[1:]}
    row = rows[(finding.rule, finding.code)]
    assert row["status"] == finding.status.value
    assert float(row["score"]) == pytest.approx(finding.score, abs=1e-4)
    assert row["elements met"] == "; ".join(r.id for r in finding.elements if r.found)
    assert set(filter(None, row["elements unmet"].split("; "))) == {r.id for r in finding.elements if not r.found}
    assert row["code title"].split("; ") == [ref.citation_title for ref in finding.codes]
    assert row["edition date"].split("; ") == [ref.edition_date for ref in finding.codes]
    assert row["standard"] == cite_sources(pack()[rule].sources) and row["standard"].startswith(pack()[rule].sources[0].instrument)
    first = finding.evidence[:1]
    assert row["first evidence"] == (first[0].citation if first else "")
    assert row["first quote"] == (first[0].quote if first else "")
    if first:  # the quote is the source text at its span, so a reader can find it
        files = {parsed(relative).uri: relative for relative in FILES.values()}
        source = corpus_path(files[first[0].code]).read_text(encoding="utf-8")
        assert source[first[0].span.start : first[0].span.end] == row["first quote"]


# --- SARIF -------------------------------------------------------------------------------------


@cache
def other_state_report() -> Report:
    code = read_text(OTHER_STATE, source="other-state.eng.md", sha256=hashlib.sha256(OTHER_STATE.encode()).hexdigest(),
                     options=ReadOptions(lang="en", kind=CodeKind.CRIMINAL, jurisdiction="ge"))
    return make_report(check([code], pack()), pack(), reproducible=True)


def crlf_bom_report(tmp_path: Path) -> tuple[Report, Path]:
    """Chapter 9 of the CPC saved as Windows would: BOM, CRLF, and a name with a space and Cyrillic."""
    original = corpus_path(CHAPTER_9).read_bytes()
    copy = tmp_path / "глава 9 (crlf).md"
    copy.write_bytes(codecs.BOM_UTF8 + original.replace(b"\n", b"\r\n"))
    code = read_code(copy)
    return make_report(check([code], pack()), pack(), reproducible=True), copy


SCENARIOS = ["kz-codes", "sources-unreadable", "other-state-in-memory", "crlf-bom-copy"]


def scenario_sarif(name: str, tmp_path: Path) -> bytes:
    if name == "kz-codes":
        require_corpora()
        return to_sarif(kz_report())
    if name == "sources-unreadable":
        require_corpora()
        return to_sarif(kz_report(), read_source=lambda ref: None)
    if name == "other-state-in-memory":
        return to_sarif(other_state_report())
    return to_sarif(crlf_bom_report(tmp_path)[0])


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_sarif_validates_against_the_oasis_schema(scenario: str, tmp_path: Path) -> None:
    data = scenario_sarif(scenario, tmp_path)
    assert schema_errors(data) == []
    log = json.loads(data)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    assert log["runs"][0]["results"], "every scenario has gaps"


def test_an_empty_report_is_a_valid_log() -> None:
    data = to_sarif(Report((), pack(), (), ""))
    assert schema_errors(data) == []
    run = json.loads(data)["runs"][0]
    assert run["results"] == [] and run["artifacts"] == [] and len(run["tool"]["driver"]["rules"]) == len(pack().rules)


def test_the_schema_rejects_what_it_should() -> None:
    """The validator is live: a region without start line or offset, and a wrong level, fail."""
    data = json.loads(to_sarif(other_state_report()))
    data["runs"][0]["results"][0]["level"] = "fatal"
    data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] = {"snippet": {"text": "x"}}
    assert len(schema_errors(json.dumps(data).encode())) == 2


@pytest.mark.corpus
def test_sarif_results_are_the_gaps_at_their_levels() -> None:
    require_corpora()
    report = kz_report()
    run = json.loads(to_sarif(report))["runs"][0]
    gaps = [f for f in report.findings if f.status is not Verdict.SATISFIED]
    assert [(r["ruleId"], r["properties"]["code"]) for r in run["results"]] == [(f.rule, f.code) for f in gaps]
    assert [r["level"] for r in run["results"]] == [LEVEL[f.status] for f in gaps]
    assert {LEVEL[Verdict.CONFLICT], LEVEL[Verdict.MISSING], LEVEL[Verdict.PARTIAL]} == {"error", "warning", "note"}
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in pack().rules]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    for result, finding in zip(run["results"], gaps):
        rule = pack()[finding.rule]
        assert rule.title in result["message"]["text"]
        assert cite_sources(rule.sources) in result["message"]["text"]
        if finding.evidence:
            assert finding.evidence[0].citation in result["locations"][0]["message"]["text"]
            assert finding.evidence[0].citation in result["message"]["text"]


@pytest.mark.corpus
def test_sarif_regions_are_true_of_the_files() -> None:
    """charOffset/charLength and line/column both land on the snippet, in the file as stored."""
    require_corpora()
    run = json.loads(to_sarif(kz_report()))["runs"][0]
    root = run["originalUriBaseIds"][SRCROOT]["uri"]
    checked = 0
    for result in run["results"]:
        for location in result["locations"] + result.get("relatedLocations", []):
            physical = location["physicalLocation"]
            region = physical.get("region")
            if region is None:
                continue
            path = Path(unquote(urlparse(urljoin(root, physical["artifactLocation"]["uri"])).path))
            text = path.read_bytes().decode("utf-8")
            snippet = region["snippet"]["text"]
            assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == snippet
            line = text.split("\n")[region["startLine"] - 1]
            assert line[region["startColumn"] - 1 :].startswith(snippet.split("\n")[0])
            checked += 1
    assert checked > 40


@pytest.mark.corpus
def test_sarif_start_line_is_the_evidence_line() -> None:
    require_corpora()
    report = kz_report()
    run = json.loads(to_sarif(report))["runs"][0]
    gaps = [f for f in report.findings if f.status is not Verdict.SATISFIED and f.evidence]
    results = {(r["ruleId"], r["properties"]["code"]): r for r in run["results"]}
    for finding in gaps:
        region = results[(finding.rule, finding.code)]["locations"][0]["physicalLocation"]["region"]
        first = finding.evidence[0]
        assert (region["startLine"], region["charOffset"], region["snippet"]["text"]) == (first.span.line, first.span.start, first.quote)


@pytest.mark.corpus
def test_missing_findings_point_at_the_nearest_provision_or_the_file() -> None:
    require_corpora()
    report = kz_report()
    run = json.loads(to_sarif(report))["runs"][0]
    missing = [r for r in run["results"] if r["properties"]["status"] == "missing"]
    assert missing
    for result in missing:
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uriBaseId"] == SRCROOT
        if "region" in location["physicalLocation"]:
            assert location["message"]["text"].startswith("Nearest provision examined (not evidence)")
    assert any("region" in r["locations"][0]["physicalLocation"] for r in missing)


def test_crlf_and_bom_keep_lines_and_drop_offsets(tmp_path: Path) -> None:
    report, copy = crlf_bom_report(tmp_path)
    run = json.loads(to_sarif(report))["runs"][0]
    lines = copy.read_bytes().decode("utf-8-sig").split("\r\n")
    regions = [loc["physicalLocation"] for r in run["results"] for loc in r["locations"] + r.get("relatedLocations", [])
               if "region" in loc["physicalLocation"]]
    assert regions
    for physical in regions:
        region = physical["region"]
        assert "charOffset" not in region and "charLength" not in region
        assert lines[region["startLine"] - 1][region["startColumn"] - 1 :].startswith(region["snippet"]["text"].split("\n")[0])
    uri = run["artifacts"][0]["location"]["uri"]
    assert " " not in uri and unquote(uri) == copy.name
    assert run["artifacts"][0]["hashes"]["sha-256"] == hashlib.sha256(copy.read_bytes()).hexdigest()


def test_a_changed_file_loses_its_regions(tmp_path: Path) -> None:
    """Regions are only written for the very file that was read (same sha256)."""
    report, copy = crlf_bom_report(tmp_path)
    assert read_source(report.inputs[0]) is not None
    copy.write_bytes(copy.read_bytes() + b"\r\n")
    assert read_source(report.inputs[0]) is None
    run = json.loads(to_sarif(report))["runs"][0]
    assert all("region" not in loc["physicalLocation"] for r in run["results"] for loc in r["locations"])


@pytest.mark.corpus
def test_sarif_is_deterministic_and_fingerprints_are_stable() -> None:
    require_corpora()
    report = kz_report()
    first = to_sarif(report)
    again = to_sarif(make_report(report.findings, report.pack, reproducible=True))
    assert first == again
    results = json.loads(first)["runs"][0]["results"]
    prints = [r["partialFingerprints"][FINGERPRINT] for r in results]
    assert len(set(prints)) == len(prints)
    for result in results:
        expected = hashlib.sha256(f"{result['ruleId']}\n{result['properties']['code']}".encode()).hexdigest()
        assert result["partialFingerprints"][FINGERPRINT] == expected


@pytest.mark.corpus
def test_sarif_carries_the_provenance() -> None:
    require_corpora()
    report = kz_report()
    run = json.loads(to_sarif(report))["runs"][0]
    provenance = run["properties"]["provenance"]
    assert provenance["rule_pack_sha256"] == pack().sha256
    assert [i["sha256"] for i in provenance["inputs"]] == [ref.sha256 for ref in report.inputs]
    assert [a["hashes"]["sha-256"] for a in run["artifacts"]] == [ref.sha256 for ref in report.inputs]
    assert run["tool"]["driver"]["name"] == "lexgap" and "invocations" not in run  # reproducible: no time
    assert run["columnKind"] == "unicodeCodePoints"
    root = run["originalUriBaseIds"][SRCROOT]["uri"]
    for artifact, ref in zip(run["artifacts"], report.inputs):
        resolved = Path(unquote(urlparse(urljoin(root, artifact["location"]["uri"])).path))
        assert resolved == Path(os.path.abspath(ref.source))


@pytest.mark.parametrize(("name", "suffix"), [("csv", ".csv"), ("sarif", ".sarif")])
def test_formats_are_registered(name: str, suffix: str) -> None:
    assert FORMATS[name][0] == suffix
    assert FORMATS[name][1](other_state_report()) == {"csv": to_csv, "sarif": to_sarif}[name](other_state_report())


def test_timestamp_goes_to_the_invocation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    report = replace(other_state_report(), generated_at=make_report((), pack()).generated_at)
    run = json.loads(to_sarif(report))["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": True, "endTimeUtc": "2023-11-14T22:13:20Z"}]
    assert schema_errors(to_sarif(report)) == []
