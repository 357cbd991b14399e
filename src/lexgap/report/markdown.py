"""The gap report as plain Markdown, for UN submissions (UPR, treaty bodies) and issue trackers.

Layout (see docs/reports.md): title, provenance, one numbered paragraph per gap, then the annex
table rule × code. Only CommonMark plus pipe tables; law text is quoted verbatim in block quotes,
with Markdown's special characters backslash-escaped so that they print as written.
"""

from __future__ import annotations

import re

from lexgap.report import Report
from lexgap.report.text import (
    ANNEX_NOTE,
    INTRO,
    Document,
    GapParagraph,
    codes_sentence,
    document,
    examined_sentences,
    findings_sentences,
    heading_sentence,
    input_lines,
    provenance_lines,
    recommendation_sentence,
    standard_sentence,
)

_INLINE = re.compile(r"([\\`*_\[\]<>|])")  # characters that start emphasis, code, links, HTML, cells
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+(?=[.)]))")  # headings, list markers, setext underlines
_LITERAL = {"sha256", "Rule pack sha256", "URI"}  # provenance values printed as code spans


def to_markdown(report: Report) -> bytes:
    """The report as UTF-8 Markdown, ending with one newline."""
    return render(document(report)).encode("utf-8")


def render(doc: Document) -> str:
    blocks = [f"# {escape(doc.title)}", "Codes read: " + escape("; ".join(doc.codes_read)) + ".", escape(INTRO)]
    blocks += ["## Provenance", _provenance(doc)]
    blocks += ["## Gaps", escape(doc.summary)]
    blocks += [_paragraph(p) for p in doc.paragraphs]
    blocks += ["## Annex: rules × codes", _annex(doc), escape(ANNEX_NOTE)]
    return "\n\n".join(blocks) + "\n"


def _provenance(doc: Document) -> str:
    lines = [f"- {label}: {_value(label, value)}" for label, value in provenance_lines(doc)]
    lines.append("- Inputs:")
    for n, item in enumerate(doc.inputs, 1):
        lines.append(f"  {n}. {escape(item.citation_title)}")
        lines += [f"     - {label}: {_value(label, value)}" for label, value in input_lines(item)]
    return "\n".join(lines)


def _value(label: str, value: str) -> str:
    return f"`{value}`" if label in _LITERAL else escape(value)


def _paragraph(p: GapParagraph) -> str:
    """A list item numbered explicitly; continuation blocks are indented to its content column."""
    blocks = [f"**{escape(p.title)}** {escape(heading_sentence(p))}", escape(codes_sentence(p), block=True),
              escape(standard_sentence(p), block=True)]
    for item in p.quoted:
        blocks.append(escape(item.citation, block=True) + ":")
        blocks.append("\n>\n".join(_blockquote(q) for q in item.quotes))
    blocks += [escape(s, block=True) for s in findings_sentences(p)]
    blocks += [escape(s, block=True) for s in examined_sentences(p)]
    blocks.append(escape(recommendation_sentence(p), block=True))
    marker = f"{p.number}. "
    pad = " " * len(marker)
    lines = "\n\n".join(blocks).split("\n")
    return "\n".join([marker + lines[0], *(pad + line if line else line for line in lines[1:])])


def _blockquote(quote: str) -> str:
    return "\n".join("> " + escape(line, block=True) if line else ">" for line in quote.split("\n"))


def _annex(doc: Document) -> str:
    header = ["rule", "title", *doc.annex.columns]
    lines = ["| " + " | ".join(escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    for row in doc.annex.rows:
        cells = [f"`{row.rule}`", escape(row.title), *(escape(c.text) if c else "" for c in row.cells)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def escape(text: str, block: bool = False) -> str:
    """Text that prints as written: inline specials (and | for tables) backslash-escaped.

    With `block` the text starts a line, so heading and list markers at line starts are escaped too.
    """
    text = _INLINE.sub(r"\\\1", text)
    if not block:
        return text
    return "\n".join(_LINE_START.sub(_escape_start, line) for line in text.split("\n"))


def _escape_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    return f"{indent}{marker}\\" if marker[0].isdigit() else f"{indent}\\{marker}"
