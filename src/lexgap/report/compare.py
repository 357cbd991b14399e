"""Side by side: the same rules over several codes, editions, languages or jurisdictions.

`comparison(codes, findings, pack)` lays findings out as a table — one row per rule, one column per
code read, in the order the codes were given — and the writers render it as Markdown, plain text,
JSON or a self-contained HTML page. A cell is the status and the pinpoint of the first evidence
("satisfied — art. 71, part 6"); "n/a" when the rule does not read that kind of code.

Rules that read the whole corpus at once (a law protecting human rights defenders, anywhere in the
legislation) say nothing about one code, so a comparison leaves them out. Same inputs, same bytes:
no timestamps, rows in rule-pack order, columns in input order.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from lexgap import __version__
from lexgap.match.findings import Finding
from lexgap.match.texts import citation_title
from lexgap.model import Code, CodeKind
from lexgap.rules.schema import Rule, RulePack, Verdict

FORMAT = "lexgap.comparison/1"
NOT_APPLICABLE = "n/a"

KIND_NAMES = {
    CodeKind.CRIMINAL: "Criminal Code",
    CodeKind.CRIMINAL_PROCEDURE: "Criminal Procedure Code",
    CodeKind.ADMINISTRATIVE_OFFENCES: "Code of Administrative Offences",
    CodeKind.CIVIL_PROCEDURE: "Civil Procedure Code",
}
"""Short English names by kind, so columns of different jurisdictions and languages read alike."""


@dataclass(frozen=True)
class Column:
    """One code read: what the header says, and what identifies the text."""

    code: str  # URI of the expression: /akn/kz/act/code/2014-07-03/226-V/rus@2019-12-27
    header: str  # "KZ Criminal Code (rus, 2019-12-27)"
    jurisdiction: str
    name: str  # "Criminal Code"
    citation_title: str  # "Criminal Code of the Republic of Kazakhstan No. 226-V"
    language: str
    edition_date: str  # ISO date or ""
    excerpt: bool  # the text holds only part of the code: "missing" means "not in this part"
    sha256: str
    source: str


@dataclass(frozen=True)
class Cell:
    """A rule's status in one code, with the pinpoint and citation of its first evidence."""

    status: Verdict | None  # None: the rule does not read this kind of code
    pinpoint: str = ""
    citation: str = ""

    @property
    def text(self) -> str:
        """"satisfied — art. 71, part 6", "missing", "n/a"."""
        if self.status is None:
            return NOT_APPLICABLE
        return f"{self.status.value} — {self.pinpoint}" if self.pinpoint else self.status.value


@dataclass(frozen=True)
class Row:
    rule: str
    title: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Comparison:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    rule_pack_sha256: str
    rule_files: tuple[str, ...]  # file names only: the hash identifies them wherever they live


class ComparisonError(ValueError):
    """The inputs cannot be told apart (two texts of one expression)."""


def comparison(codes: Sequence[Code], findings: Sequence[Finding], pack: RulePack) -> Comparison:
    """The table of `pack`'s per-code rules over `codes`, from `findings` of those codes."""
    require_distinct(codes)
    columns = _columns(codes)
    by_key = {(f.rule, f.code): f for f in findings}
    rows = []
    for rule in pack.rules:
        if rule.applies_to.corpus or not any(code.kind in rule.applies_to.kinds for code in codes):
            continue
        rows.append(Row(rule.id, rule.title, tuple(_cell(rule, code, by_key) for code in codes)))
    files = tuple(sorted(name.replace("\\", "/").rsplit("/", 1)[-1] for name in pack.files))
    return Comparison(tuple(columns), tuple(rows), pack.sha256, files)


def require_distinct(codes: Sequence[Code]) -> None:
    """Raise `ComparisonError` when two inputs are one expression (same URI): their columns would merge."""
    seen: dict[str, str] = {}
    for code in codes:
        if code.uri in seen:
            raise ComparisonError(
                f"{seen[code.uri]} and {code.source} are the same text of one code ({code.uri}); "
                "compare different codes, editions or languages"
            )
        seen[code.uri] = code.source


def _cell(rule: Rule, code: Code, findings: dict[tuple[str, str], Finding]) -> Cell:
    finding = findings.get((rule.id, code.uri))
    if code.kind not in rule.applies_to.kinds or finding is None:
        return Cell(None)
    first = finding.evidence[:1]
    return Cell(finding.status, first[0].pinpoint if first else "", first[0].citation if first else "")


def _columns(codes: Sequence[Code]) -> list[Column]:
    """Columns with headers made unique: two texts with one header get their file names added."""
    columns = [_column(code) for code in codes]
    headers = [c.header for c in columns]
    out = []
    for column in columns:
        if headers.count(column.header) > 1:
            name = column.source.replace("\\", "/").rsplit("/", 1)[-1]
            column = replace(column, header=f"{column.header} [{name}]")
        out.append(column)
    return out


def _column(code: Code) -> Column:
    name = KIND_NAMES.get(code.kind) or code.title or "Code"
    edition = code.edition_date.isoformat() if code.edition_date else ""
    detail = ", ".join(part for part in (code.language, edition or "edition unknown") if part)
    jurisdiction = code.jurisdiction.upper()
    header = f"{jurisdiction} {name}".strip() + (", excerpt" if code.fragment else "") + f" ({detail})"
    return Column(code.uri, header, code.jurisdiction, name, citation_title(code), code.language, edition,
                  code.fragment, code.sha256, code.source)


# --- writers -----------------------------------------------------------------------------------


def comparison_to_dict(table: Comparison) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "generator": f"lexgap {__version__}",
        "rule_pack_sha256": table.rule_pack_sha256,
        "rule_files": list(table.rule_files),
        "columns": [
            {"header": c.header, "code": c.code, "jurisdiction": c.jurisdiction, "name": c.name,
             "citation_title": c.citation_title, "language": c.language, "edition_date": c.edition_date or None,
             "excerpt": c.excerpt, "sha256": c.sha256, "source": c.source}
            for c in table.columns
        ],
        "rows": [
            {"rule": r.rule, "title": r.title,
             "cells": [{"status": c.status.value if c.status else None, "pinpoint": c.pinpoint, "citation": c.citation}
                       for c in r.cells]}
            for r in table.rows
        ],
    }


def to_json(table: Comparison) -> bytes:
    return (json.dumps(comparison_to_dict(table), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_text(table: Comparison) -> bytes:
    """An aligned table for the terminal, then the list of texts compared."""
    header = ("rule", *(c.header for c in table.columns))
    rows = [(r.rule, *(c.text for c in r.cells)) for r in table.rows]
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(f"{v:{widths[i]}}" for i, v in enumerate(line)).rstrip() for line in [header, *rows]]
    lines += ["", *_input_lines(table)]
    return ("\n".join(lines) + "\n").encode("utf-8")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    """Text that prints as written inside a Markdown table cell."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def to_markdown(table: Comparison) -> bytes:
    """A pipe table (rule, title, one column per code), then the texts compared and the rule pack."""
    head = ["rule", "title", *(c.header for c in table.columns)]
    lines = ["| " + " | ".join(_md(h) for h in head) + " |", "|" + "---|" * len(head)]
    for row in table.rows:
        cells = [f"`{row.rule}`", _md(row.title), *(_md(c.text) for c in row.cells)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", *_input_lines(table, text=_md, code=lambda value: f"`{value}`")]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _input_lines(table: Comparison, text: Callable[[str], str] = str, code: Callable[[str], str] = str) -> list[str]:
    """What each column read and which rules, so a reader can check the table against the texts."""
    lines = ["Texts compared:", ""]
    for column in table.columns:
        lines.append(f"- {text(column.header)}: {text(column.citation_title)}, {code(column.code)}, "
                     f"sha256 {code(column.sha256)}")
    lines.append(f"- rules: {code(table.rule_pack_sha256)} ({text(', '.join(table.rule_files))})")
    return lines


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: .3em .6em; text-align: left; vertical-align: top; }
td.satisfied { background: #dff0d8; } td.partial { background: #fcf8e3; }
td.missing { background: #f2dede; } td.conflict { background: #e4b9b9; font-weight: bold; }
td.na { color: #777; } code { font-size: .9em; }
""".strip()


def to_html(table: Comparison) -> bytes:
    """One HTML page, no external resources; each cell's title attribute carries the full citation."""
    e = html.escape
    head = "".join(f"<th scope=\"col\">{e(c.header)}</th>" for c in table.columns)
    body = []
    for row in table.rows:
        cells = "".join(_html_cell(c) for c in row.cells)
        body.append(f"<tr><th scope=\"row\"><code>{e(row.rule)}</code><br>{e(row.title)}</th>{cells}</tr>")
    inputs = "".join(
        f"<li>{e(c.header)}: {e(c.citation_title)}, <code>{e(c.code)}</code>, sha256 <code>{e(c.sha256)}</code></li>"
        for c in table.columns
    )
    page = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e('Comparison: ' + '; '.join(c.header for c in table.columns))}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<table>\n<thead><tr><th scope=\"col\">rule</th>{head}</tr></thead>\n<tbody>",
        *body,
        "</tbody>\n</table>",
        f"<p>Texts compared:</p>\n<ul>{inputs}</ul>",
        f"<p>Rules: <code>{e(table.rule_pack_sha256)}</code> ({e(', '.join(table.rule_files))}); lexgap {e(__version__)}.</p>",
        "</body>",
        "</html>",
    ]
    return ("\n".join(page) + "\n").encode("utf-8")


def _html_cell(cell: Cell) -> str:
    css = cell.status.value if cell.status else "na"
    title = f' title="{html.escape(cell.citation)}"' if cell.citation else ""
    return f'<td class="{css}"{title}>{html.escape(cell.text)}</td>'


WRITERS: dict[str, tuple[str, Callable[[Comparison], bytes]]] = {
    "md": (".md", to_markdown),
    "text": (".txt", to_text),
    "json": (".json", to_json),
    "html": (".html", to_html),
}
"""Format name -> (file suffix, writer)."""
