"""What the citable formats (Markdown, HTML, DOCX) say, decided once so that they say the same thing.

`document(report)` turns a report into plain frozen values: the title, the provenance lines, one
numbered `GapParagraph` per gap (status partial, missing or conflict) and the `Annex` table of rule
× code. Each writer only lays these values out in its own syntax, so a paragraph number cited from
the Markdown points at the same gap in the HTML and the DOCX.

Wording is neutral: the report states what the text contains and what the standard asks, and
quotes the law verbatim (merging overlapping snippets of one provision only when the source spans
prove the result is the source text), never a paraphrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lexgap import __version__
from lexgap.match.findings import CodeRef, Evidence, Finding, NearMiss
from lexgap.report import Report
from lexgap.rules.schema import Rule, Source, SourceKind, Verdict

GAPS = (Verdict.PARTIAL, Verdict.MISSING, Verdict.CONFLICT)
CORPUS = "corpus"  # Finding.code of a corpus-wide rule

ASSESSMENT = {
    Verdict.SATISFIED: "The text meets the standard.",
    Verdict.PARTIAL: "The text meets the standard in part.",
    Verdict.MISSING: "No provision meeting the standard was found in the text examined.",
    Verdict.CONFLICT: "The text contains a provision that works against the standard.",
}
"""One neutral sentence per status; reports state what the text does, not what the State failed."""

_SOURCE_KIND = {
    SourceKind.STANDARD: "",
    SourceKind.RECOMMENDATION: "recommendation",
    SourceKind.COMMENTARY: "interpretation",
    SourceKind.GOOD_PRACTICE: "good practice",
}


@dataclass(frozen=True)
class Quoted:
    """One provision cited as evidence, with its verbatim quotes in the order they stand in the text."""

    citation: str  # "Criminal Code ... No. 226-V, art. 146, part 1 (edition 05.11.2022)"
    quotes: tuple[str, ...]
    language: str  # the text's language as its URI gives it: "rus", "kaz", "eng"


@dataclass(frozen=True)
class Examined:
    """The nearest provisions of one code that lexgap examined for an element it did not find."""

    code: str  # "Criminal Code ... No. 226-V (edition 05.11.2022)"
    pinpoints: tuple[str, ...]  # "art. 110, part 1", in order of closeness


@dataclass(frozen=True)
class GapParagraph:
    """One numbered paragraph: a rule a code does not fully meet, citable on its own."""

    number: int
    rule: str
    title: str
    status: str  # "partial", "missing", "conflict"
    assessment: str  # ASSESSMENT[status]
    codes: tuple[str, ...]  # the code read, with its edition (every code read, for a corpus-wide rule)
    corpus_wide: bool  # the rule reads all codes together
    standard: tuple[str, ...]  # "CAT art. 1(1)", "CAT General Comment No. 2 paras. 8–9 (interpretation)"
    quoted: tuple[Quoted, ...]  # conflicting provisions first, then the provisions that meet elements
    present: tuple[str, ...]  # descriptions of the elements found
    conflicts: tuple[str, ...]  # descriptions of the conflict checks that matched
    missing: tuple[str, ...]  # descriptions of the required elements not found
    examined: tuple[Examined, ...]  # where lexgap looked for what it did not find
    recommendation: str
    recommendation_ids: tuple[str, ...]  # ids the rule's authors attached (UPR numbers), verbatim


@dataclass(frozen=True)
class AnnexCell:
    """A rule's status in one code, with the paragraph that discusses it (None when satisfied)."""

    status: str
    paragraph: int | None

    @property
    def text(self) -> str:
        """"missing (para. 3)" or "satisfied"."""
        return f"{self.status} (para. {self.paragraph})" if self.paragraph else self.status


@dataclass(frozen=True)
class AnnexRow:
    rule: str
    title: str
    cells: tuple[AnnexCell | None, ...]  # None: the rule does not read that code


@dataclass(frozen=True)
class Annex:
    """The rule × code table; columns are the codes read, then "all codes" for corpus-wide rules."""

    columns: tuple[str, ...]
    rows: tuple[AnnexRow, ...]


@dataclass(frozen=True)
class ProvenanceInput:
    citation_title: str
    title: str  # the title as the text gives it, in its own language
    uri: str
    edition_date: str  # ISO or ""
    sha256: str


@dataclass(frozen=True)
class Document:
    """Everything the citable formats print, in order."""

    title: str
    codes_read: tuple[str, ...]
    lexgap_version: str
    rule_pack_sha256: str
    rule_files: tuple[str, ...]
    generated_at: str  # "" when reproducible
    inputs: tuple[ProvenanceInput, ...]
    summary: str
    paragraphs: tuple[GapParagraph, ...]
    annex: Annex


TITLE = "Human-rights gap report"
INTRO = (
    "Each numbered paragraph is one gap: a rule of the lexgap rule pack that a code read does not fully "
    "meet (status partial, missing or conflict). Quotes are verbatim from the texts listed under Provenance, "
    "in their original language. Rules the texts meet appear in the annex only."
)
_EXCERPT = " Only an excerpt of the code was read: what it lacks may stand elsewhere in the code."
ANNEX_NOTE = "An empty cell: the rule does not read that code. Gaps name the paragraph that discusses them."


def document(report: Report) -> Document:
    """The content shared by every citable format, built once per report."""
    paragraphs = gap_paragraphs(report)
    return Document(
        title=TITLE,
        codes_read=tuple(code_line(ref) for ref in report.inputs),
        lexgap_version=__version__,
        rule_pack_sha256=report.pack.sha256,
        rule_files=tuple(sorted(Path(p).name for p in report.pack.files)),
        generated_at=report.generated_at,
        inputs=tuple(
            ProvenanceInput(ref.citation_title, ref.title, ref.uri, ref.edition_date, ref.sha256) for ref in report.inputs
        ),
        summary=summary_line(report, len(paragraphs)),
        paragraphs=paragraphs,
        annex=annex(report, paragraphs),
    )


def summary_line(report: Report, gaps: int) -> str:
    """"12 findings: 2 satisfied, 4 partial, 5 missing, 1 conflict; 10 gaps, numbered below."."""
    counts = ", ".join(f"{n} {status}" for status, n in report.counts.items())
    return f"{len(report.findings)} findings: {counts}; {gaps} gaps, numbered below."


def gap_paragraphs(report: Report) -> tuple[GapParagraph, ...]:
    """One paragraph per gap, numbered from 1 in the report's (stable) finding order."""
    refs = {ref.uri: ref for ref in report.inputs}
    return tuple(_paragraph(n, f, report.pack[f.rule], refs) for n, f in enumerate(_gaps(report), 1))


def _paragraph(number: int, finding: Finding, rule: Rule, refs: dict[str, CodeRef]) -> GapParagraph:
    found = [r for r in finding.elements if r.found]
    return GapParagraph(
        number=number,
        rule=finding.rule,
        title=finding.rule_title,
        status=finding.status.value,
        assessment=ASSESSMENT[finding.status] + (_EXCERPT if any(r.fragment for r in finding.codes) else ""),
        codes=_finding_codes(finding, refs),
        corpus_wide=finding.code == CORPUS,
        standard=tuple(source_citation(s) for s in rule.sources),
        quoted=quoted(finding.evidence),
        present=_unique(r.description for r in found),
        conflicts=_unique(r.description for r in finding.conflicts if r.found),
        missing=_unique(r.description for r in finding.elements if r.required and not r.found),
        examined=examined(finding.near_misses, refs),
        recommendation=rule.recommendation,
        recommendation_ids=rule.recommendations,
    )


def _finding_codes(finding: Finding, refs: dict[str, CodeRef]) -> tuple[str, ...]:
    if finding.code == CORPUS:
        return tuple(code_line(ref) for ref in finding.codes)
    ref = refs.get(finding.code)
    return (code_line(ref) if ref else finding.code,)


def codes_sentence(paragraph: GapParagraph) -> str:
    """"Code: X." or, for a rule that reads every code together, "Codes read together: X; Y."."""
    label = "Codes read together" if paragraph.corpus_wide else "Code"
    return f"{label}: {'; '.join(paragraph.codes)}."


def standard_sentence(paragraph: GapParagraph) -> str:
    return f"Standard: {'; '.join(paragraph.standard)}."


def examined_sentences(paragraph: GapParagraph) -> tuple[str, ...]:
    """"Nearest provisions examined in X: art. 110, part 1; art. 120, part 1." per code."""
    return tuple(f"Nearest provisions examined in the {e.code}: {'; '.join(e.pinpoints)}." for e in paragraph.examined)


def findings_sentences(paragraph: GapParagraph) -> tuple[str, ...]:
    """What the text contains and lacks, one sentence each, in the order a reader weighs them."""
    sentences = []
    if paragraph.conflicts:
        sentences.append(f"Works against the standard: {'; '.join(paragraph.conflicts)}.")
    if paragraph.present:
        sentences.append(f"Found in the text: {'; '.join(paragraph.present)}.")
    if paragraph.missing:
        sentences.append(f"Required, not met: {'; '.join(paragraph.missing)}.")
    return tuple(sentences)


def recommendation_sentence(paragraph: GapParagraph) -> str:
    """The rule's neutral sentence; recommendation ids its authors attached go in parentheses."""
    ids = f" ({', '.join(paragraph.recommendation_ids)})" if paragraph.recommendation_ids else ""
    return f"Recommendation{ids}: {paragraph.recommendation}"


def heading_sentence(paragraph: GapParagraph) -> str:
    """The paragraph's lead after the title: "(rule x, status partial). The text meets ... in part."."""
    return f"(rule {paragraph.rule}, status {paragraph.status}). {paragraph.assessment}"


def code_line(ref: CodeRef) -> str:
    """"Criminal Code of the Republic of Kazakhstan No. 226-V (edition 05.11.2022)", as Evidence.citation
    dates it; an excerpt says so, since what it lacks may stand elsewhere in the code."""
    excerpt = "; excerpt, not the whole code" if ref.fragment else ""
    return f"{ref.citation_title} ({edition(ref.edition_date)}{excerpt})"


def edition(iso_date: str) -> str:
    """"edition 05.11.2022" from "2022-11-05": the form the matcher's citations use."""
    if not iso_date:
        return "edition unknown"
    year, month, day = iso_date.split("-")
    return f"edition {day}.{month}.{year}"


def source_citation(source: Source) -> str:
    """"CAT art. 1(1)"; a non-treaty source says what it is: "... (interpretation)"."""
    pinpoint = source.pinpoint
    sep = " " if re.match(r"(arts?|paras?|sections?|rules?|principles?|§)\b", pinpoint) else ", "
    text = f"{source.instrument}{sep}{pinpoint}" if pinpoint else source.instrument
    if source.symbol and source.symbol not in text:
        text += f" ({source.symbol})"
    kind = _SOURCE_KIND[source.kind]
    return f"{text} ({kind})" if kind else text


def quoted(evidence: Sequence[Evidence]) -> tuple[Quoted, ...]:
    """Evidence grouped by provision (first appearance first), each with its quotes merged."""
    groups: dict[tuple[str, str], list[Evidence]] = {}
    for item in evidence:
        groups.setdefault((item.code, item.provision), []).append(item)
    return tuple(Quoted(items[0].citation, merge_quotes(items), uri_language(items[0].code)) for items in groups.values())


def uri_language(uri: str) -> str:
    """"kaz" from "/akn/kz/act/code/2014-07-03/226-V/kaz@2022-11-05"."""
    return uri.rsplit("/", 1)[-1].split("@")[0]


def merge_quotes(items: Sequence[Evidence]) -> tuple[str, ...]:
    """Quotes of one provision in text order; overlapping ones joined into one verbatim quote.

    Two snippets are joined only when both quotes are exactly as long as their spans, so the joined
    text is the source text between the first start and the last end. Identical quotes collapse.
    """
    pieces: list[tuple[int, int, str]] = []
    for item in sorted(items, key=lambda e: (e.span.start, -e.span.end, e.quote)):
        start, end, quote = item.span.start, item.span.end, item.quote
        exact = len(quote) == end - start
        if pieces and exact and start <= pieces[-1][1] and len(pieces[-1][2]) == pieces[-1][1] - pieces[-1][0]:
            first, last, text = pieces[-1]
            if end > last:
                text, last = text + quote[last - start:], end
            pieces[-1] = (first, last, text)
        elif not pieces or quote != pieces[-1][2]:
            pieces.append((start, end, quote))
    return _unique(text for _, _, text in pieces)


def examined(near_misses: Sequence[NearMiss], refs: dict[str, CodeRef]) -> tuple[Examined, ...]:
    """Near misses grouped by code (first appearance first), pinpoints without repeats."""
    groups: dict[str, list[str]] = {}
    for miss in near_misses:
        groups.setdefault(miss.code, []).append(miss.pinpoint)
    return tuple(
        Examined(code_line(refs[code]) if code in refs else code, _unique(pinpoints)) for code, pinpoints in groups.items()
    )


def annex(report: Report, paragraphs: Sequence[GapParagraph]) -> Annex:
    """Rules (in report order) × codes read; a cell for each finding, naming its paragraph."""
    uris = [ref.uri for ref in report.inputs]
    columns = [short_code(ref) for ref in report.inputs]
    if any(f.code == CORPUS for f in report.findings):
        uris.append(CORPUS)
        columns.append("all codes (corpus-wide)")
    numbers = {(p.rule, f.code): p.number for p, f in zip(paragraphs, _gaps(report))}
    cells: dict[str, dict[str, AnnexCell]] = {}
    titles: dict[str, str] = {}
    for f in report.findings:
        titles.setdefault(f.rule, f.rule_title)
        cells.setdefault(f.rule, {})[f.code] = AnnexCell(f.status.value, numbers.get((f.rule, f.code)))
    rows = tuple(AnnexRow(rule, titles[rule], tuple(cells[rule].get(uri) for uri in uris)) for rule in titles)
    return Annex(tuple(columns), rows)


def _gaps(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.status in GAPS]


def short_code(ref: CodeRef) -> str:
    """"Criminal Code (kaz, 05.11.2022)": short enough for a table header, yet tells two texts apart."""
    name = ref.citation_title.split(" No. ")[0]
    name = re.sub(r"\s+of the Republic of [A-Z]\w*", "", name)
    language = uri_language(ref.uri)
    date = edition(ref.edition_date).removeprefix("edition ")
    return f"{name} ({language}, {date}{', excerpt' if ref.fragment else ''})"


def provenance_lines(doc: Document) -> tuple[tuple[str, str], ...]:
    """(label, value) pairs for the provenance block, before the list of inputs."""
    lines = [
        ("lexgap version", doc.lexgap_version),
        ("Rule pack sha256", doc.rule_pack_sha256),
        ("Rule files", ", ".join(doc.rule_files)),
    ]
    if doc.generated_at:
        lines.append(("Generated at", doc.generated_at))
    return tuple(lines)


def input_lines(item: ProvenanceInput) -> tuple[tuple[str, str], ...]:
    """(label, value) pairs describing one input text."""
    return (
        ("Title in the text", item.title),
        ("Edition date", item.edition_date or "unknown"),
        ("sha256", item.sha256),
        ("URI", item.uri),
    )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items without repeats, first occurrence kept (dict keeps insertion order)."""
    return tuple(dict.fromkeys(items))
