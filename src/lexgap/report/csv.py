"""The gap report as CSV: one row per finding (rule × code), for spreadsheets and pivot tables.

The file follows RFC 4180: comma-separated, fields quoted only when they hold a comma, a quote or a
line break (quotes doubled), every record ending in CRLF, a header row first. Quotes from the law
keep their own line breaks inside the quoted field, verbatim.

The bytes are UTF-8 *with* a byte-order mark. The texts are Russian and Kazakh; Excel opens a CSV
without a BOM in the ANSI code page of the machine and shows Cyrillic as mojibake, and the people
who read these reports open them in Excel. Python reads the file with ``encoding="utf-8-sig"``,
pandas and LibreOffice recognise the mark by themselves. `to_csv(report, bom=False)` leaves it out.

Rows come in the report's order (rule pack order, then input order), so the same report gives the
same bytes. Nothing is escaped against spreadsheet formulas: quotes stay verbatim (docs/compare.md
says why and what to do in Excel).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence

from lexgap.match.findings import Finding
from lexgap.report import Report
from lexgap.rules.schema import Rule, Source

HEADER = (
    "rule",
    "rule title",
    "code",
    "code title",
    "edition date",
    "status",
    "score",
    "elements met",
    "elements unmet",
    "conflicts",
    "first evidence",
    "first quote",
    "standard",
    "recommendation",
)
"""Column names, in order; docs/compare.md describes each."""

SEPARATOR = "; "  # between several values in one cell: element ids, sources, codes of a corpus-wide rule


def to_csv(report: Report, bom: bool = True) -> bytes:
    """The report as RFC 4180 CSV in UTF-8 (with a BOM unless `bom` is False)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for finding in report.findings:
        writer.writerow(finding_row(finding, report.pack[finding.rule]))
    data = buffer.getvalue().encode("utf-8")
    return codecs.BOM_UTF8 + data if bom else data


def finding_row(finding: Finding, rule: Rule) -> tuple[str, ...]:
    """One record; a corpus-wide finding lists every code it read, separated by "; "."""
    first = finding.evidence[:1]
    return (
        finding.rule,
        finding.rule_title,
        finding.code,
        _joined(ref.citation_title for ref in finding.codes),
        _joined(ref.edition_date for ref in finding.codes),
        finding.status.value,
        format_score(finding.score),
        _joined(r.id for r in finding.elements if r.found),
        _joined(r.id for r in finding.elements if not r.found),
        _joined(r.id for r in finding.conflicts if r.found),
        first[0].citation if first else "",
        first[0].quote if first else "",
        cite_sources(rule.sources),
        rule.recommendation,
    )


def cite_sources(sources: Sequence[Source]) -> str:
    """"CAT art. 1(1); CAT art. 4(1)": each source as a short citation, its document symbol added when
    the instrument's name does not already carry it."""
    return SEPARATOR.join(cite_source(s) for s in sources)


def cite_source(source: Source) -> str:
    text = f"{source.instrument} {source.pinpoint}".strip()
    if source.symbol and source.symbol not in text:
        text += f" ({source.symbol})"
    return text


def format_score(score: float) -> str:
    """At most four decimals with a point ("0.5", "1"), whatever the locale: the same bytes everywhere."""
    return f"{score:.4f}".rstrip("0").rstrip(".")


def _joined(values: Iterable[str]) -> str:
    return SEPARATOR.join(v for v in values if v)
