"""The gap report as one self-contained HTML page: the Markdown's content, styled for screen and print.

Nothing is fetched from elsewhere: the stylesheet is inline, there are no external scripts, fonts
or images, so the file can be mailed, archived or opened offline and always looks the same. Each gap
paragraph has an anchor (`#para-3`) that the annex table links to; quotes carry the `lang` of their
text so screen readers and hyphenation treat Russian and Kazakh as such.
"""

from __future__ import annotations

from html import escape

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

_LANG = {"rus": "ru", "kaz": "kk", "eng": "en"}  # ISO 639-2 (URIs) to the BCP 47 tags browsers know
_LITERAL = {"sha256", "Rule pack sha256", "URI"}  # provenance values printed as code

CSS = """
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1a1a1a; max-width: 52em; margin: 2em auto; padding: 0 1em; }
h1, h2 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.2; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
code { font: .85em/1.4 Menlo, Consolas, monospace; overflow-wrap: anywhere; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
dl.provenance dt { font-weight: bold; }
dl.provenance dd { margin: 0; }
ol.gaps > li { margin-bottom: 1.5em; padding-left: .3em; }
ol.gaps > li > p { margin: .4em 0; }
.status { font-weight: bold; }
li.conflict .status-word { color: #8b0000; }
li.missing .status-word { color: #8a4b00; }
li.partial .status-word { color: #5c5c00; }
p.citation { font-style: italic; margin-bottom: 0; }
blockquote { margin: .3em 0 .8em 0; padding: .2em 1em; border-left: 3px solid #999; background: #f6f6f6; }
blockquote p { margin: .3em 0; white-space: pre-wrap; }
section#graph, section#annex { width: min(96vw, 96em); margin-left: calc(50% - min(48vw, 48em)); }
table.annex code { white-space: nowrap; overflow-wrap: normal; }
table.annex { border-collapse: collapse; font-size: .9em; width: 100%; }
table.annex th, table.annex td { border: 1px solid #bbb; padding: .25em .5em; text-align: left; vertical-align: top; }
table.annex td.satisfied { color: #235a23; }
table.annex td.conflict, table.annex td.missing { font-weight: bold; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; color: #000; }
  a { color: inherit; text-decoration: none; }
  blockquote { background: none; break-inside: avoid; }
  h2 { break-after: avoid; }
  section#annex { width: auto; margin-left: 0; }
  table.annex { font-size: 8pt; }
  table.annex tr { break-inside: avoid; }
  .screen-only { display: none; }
}
""".strip()


GRAPH_ID = "lexgap-graph"


def to_html(report: Report) -> bytes:
    """The report as a UTF-8 HTML5 document, ending with one newline.

    When the report carries its codes (`Report.codes`), the page ends with the graph view of the
    findings: the rules, the standards they rest on and the articles the evidence cites.
    """
    doc = document(report)
    if not report.codes:
        return render(doc).encode("utf-8")
    head, section = graph_view(report)
    return render(doc, head, section).encode("utf-8")


def graph_view(report: Report) -> tuple[str, str]:
    """(assets for <head>, the <section> with the view), from lexgap.graph; both self-contained."""
    from lexgap.graph import build_graph, html_fragment, html_head_assets
    from lexgap.graph.export import LIBRARY, LIBRARY_VERSION, summary

    graph = build_graph(report.codes, report.findings, report.pack)
    section = "\n".join([
        '<section id="graph" class="screen-only">',
        "<h2>Graph view</h2>",
        (f"<p>{escape(summary(graph, 'findings'))} Click a node to read its text and findings. Drawn with "
        f"{escape(LIBRARY)} {escape(LIBRARY_VERSION)} (MIT licence), embedded in this file: the page loads nothing "
        "from the network.</p>"),
        html_fragment(graph, GRAPH_ID, "findings", assets=False).rstrip("\n"),
        "</section>",
    ])
    return html_head_assets().rstrip("\n"), section


def render(doc: Document, head_extra: str = "", graph: str = "") -> str:
    """The page; `head_extra` and `graph` are optional self-contained fragments (the graph view, after the annex)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="lexgap {escape(doc.lexgap_version)}">',
        f"<title>{escape(doc.title)}</title>",
        f"<style>\n{CSS}\n</style>",
        *([head_extra] if head_extra else []),
        "</head>",
        "<body>",
        f"<h1>{escape(doc.title)}</h1>",
        f"<p>Codes read: {escape('; '.join(doc.codes_read))}.</p>",
        f"<p>{escape(INTRO)}</p>",
        _provenance(doc),
        '<section id="gaps">',
        "<h2>Gaps</h2>",
        f"<p>{escape(doc.summary)}</p>",
        '<ol class="gaps">',
        *(_paragraph(p) for p in doc.paragraphs),
        "</ol>",
        "</section>",
        _annex(doc),
        *([graph] if graph else []),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _provenance(doc: Document) -> str:
    lines = ['<section id="provenance">', "<h2>Provenance</h2>", '<dl class="provenance">']
    lines += [f"<dt>{escape(label)}</dt><dd>{_value(label, value)}</dd>" for label, value in provenance_lines(doc)]
    lines.append("<dt>Inputs</dt><dd><ol>")
    for item in doc.inputs:
        lines.append(f"<li>{escape(item.citation_title)}")
        lines.append('<dl class="provenance">')
        lines += [f"<dt>{escape(label)}</dt><dd>{_value(label, value)}</dd>" for label, value in input_lines(item)]
        lines.append("</dl></li>")
    lines += ["</ol></dd>", "</dl>", "</section>"]
    return "\n".join(lines)


def _value(label: str, value: str) -> str:
    return f"<code>{escape(value)}</code>" if label in _LITERAL else escape(value)


def _paragraph(p: GapParagraph) -> str:
    lines = [
        f'<li id="para-{p.number}" value="{p.number}" class="{p.status}">',
        f'<p><strong>{escape(p.title)}</strong> <span class="status-word">{escape(heading_sentence(p))}</span></p>',
        f"<p>{escape(codes_sentence(p))}</p>",
        f"<p>{escape(standard_sentence(p))}</p>",
    ]
    for item in p.quoted:
        lang = _LANG.get(item.language, item.language)
        lines.append(f'<p class="citation">{escape(item.citation)}:</p>')
        lines.append(f'<blockquote lang="{escape(lang)}">' + "".join(f"<p>{escape(q)}</p>" for q in item.quotes) + "</blockquote>")
    lines += [f"<p>{escape(s)}</p>" for s in (*findings_sentences(p), *examined_sentences(p))]
    lines.append(f"<p>{escape(recommendation_sentence(p))}</p>")
    lines.append("</li>")
    return "\n".join(lines)


def _annex(doc: Document) -> str:
    header = "".join(f"<th>{escape(h)}</th>" for h in ("rule", "title", *doc.annex.columns))
    lines = ['<section id="annex">', "<h2>Annex: rules × codes</h2>", '<table class="annex">', f"<thead><tr>{header}</tr></thead>", "<tbody>"]
    for row in doc.annex.rows:
        cells = [f"<td><code>{escape(row.rule)}</code></td>", f"<td>{escape(row.title)}</td>"]
        for cell in row.cells:
            if cell is None:
                cells.append("<td></td>")
            elif cell.paragraph:
                cells.append(f'<td class="{cell.status}"><a href="#para-{cell.paragraph}">{escape(cell.text)}</a></td>')
            else:
                cells.append(f'<td class="{cell.status}">{escape(cell.text)}</td>')
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>", f"<p>{escape(ANNEX_NOTE)}</p>", "</section>"]
    return "\n".join(lines)
