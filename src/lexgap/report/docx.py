"""The gap report as a Word document (python-docx): the Markdown's content, for drafters who edit in Word.

Headings, numbered paragraphs (the numbers are typed, not Word list numbering, so they survive copy
and paste and match the Markdown and HTML), quotes in the "Quote" style tagged with their language,
and the annex as a Word table.

Word files are zip archives that carry dates twice: in the core properties and in every zip entry.
Both are pinned (to `Report.generated_at`, or 2000-01-01 when the report has no timestamp), so the
same inputs give byte-identical files. The template's extended properties (docProps/app.xml: "Microsoft
Macintosh Word", its page count) are replaced by lexgap's own, and no "last printed" date is set.

Texts copied from Word or PDF carry characters XML 1.0 forbids (a vertical tab is Word's manual line
break, a form feed its page break); python-docx refuses them, so every string is cleaned first
(`xml_safe`): those two become line breaks, other control characters U+FFFD.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

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

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # the date of a report without a timestamp
_LANG = {"rus": "ru-RU", "kaz": "kk-KZ", "eng": "en-GB"}  # Word's language tags for spelling and hyphenation
_INDENT_CM = 0.75  # numbered paragraphs hang their number in this margin
APP_XML = "docProps/app.xml"
#: Characters XML 1.0 does not allow (tab, newline and carriage return are allowed).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = "\x0b\x0c"  # Word's manual line break and page break


def xml_safe(text: str, newline: str = "\n") -> str:
    """`text` with what XML forbids replaced: \\v and \\f by `newline` (python-docx writes "\\n" as a
    line break), anything else by U+FFFD, so the reader sees a mark where a character was lost."""
    return _XML_ILLEGAL.sub(lambda m: newline if m.group() in _BREAKS else "\ufffd", text)


def to_docx(report: Report) -> bytes:
    """The report as .docx bytes, identical for identical reports."""
    import docx

    doc = document(report)
    word = docx.Document()
    moment = _moment(report.generated_at)
    _properties(word, doc, moment)
    _drop_thumbnail(word)
    _write(word, doc)
    buffer = io.BytesIO()
    word.save(buffer)
    return pin_zip(buffer.getvalue(), moment, {APP_XML: app_xml(doc.lexgap_version)})


def _moment(generated_at: str) -> datetime:
    if not generated_at:
        return EPOCH
    return datetime.strptime(generated_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _properties(word: WordDocument, doc: Document, moment: datetime) -> None:
    """Core properties with fixed dates and no user name (python-docx would add its own); never printed."""
    props = word.core_properties
    props.title = xml_safe(doc.title, " ")
    props.subject = _shorten(xml_safe("; ".join(doc.codes_read), " "), 255)  # Word's limit for core properties
    props.author = props.last_modified_by = xml_safe(f"lexgap {doc.lexgap_version}", " ")
    props.comments = xml_safe(f"rule pack sha256 {doc.rule_pack_sha256}", " ")
    props.revision = 1
    props.created = props.modified = moment.replace(tzinfo=None)


def app_xml(version: str) -> bytes:
    """Extended properties naming lexgap as the application, without the template's page and word counts
    (Word recounts them when it opens the file)."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>{escape(xml_safe(f'lexgap {version}', ' '))}</Application>"
        "<DocSecurity>0</DocSecurity><LinksUpToDate>false</LinksUpToDate></Properties>"
    ).encode()


def _drop_thumbnail(word: WordDocument) -> None:
    """python-docx's template carries a thumbnail of some other document; a report shows none."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = word.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pin_zip(data: bytes, moment: datetime, contents: Mapping[str, bytes] | None = None) -> bytes:
    """The archive rewritten with one fixed date and fixed attributes for every entry, order kept;
    entries named in `contents` get those bytes instead of their own."""
    contents = contents or {}
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, contents.get(entry.filename) or source.read(entry.filename))
    return out.getvalue()


def _write(word: WordDocument, doc: Document) -> None:
    word.add_heading(xml_safe(doc.title), level=0)
    word.add_paragraph(xml_safe(f"Codes read: {'; '.join(doc.codes_read)}."))
    word.add_paragraph(INTRO)
    word.add_heading("Provenance", level=1)
    for label, value in provenance_lines(doc):
        _labelled(word, label, value)
    for n, item in enumerate(doc.inputs, 1):
        word.add_paragraph(xml_safe(f"Input {n}: {item.citation_title}")).runs[0].bold = True
        for label, value in input_lines(item):
            _labelled(word, label, value)
    word.add_heading("Gaps", level=1)
    word.add_paragraph(xml_safe(doc.summary))
    for paragraph in doc.paragraphs:
        _gap(word, paragraph)
    word.add_heading("Annex: rules × codes", level=1)
    _annex(word, doc)
    word.add_paragraph(ANNEX_NOTE)


def _labelled(word: WordDocument, label: str, value: str) -> None:
    para = word.add_paragraph()
    para.add_run(xml_safe(f"{label}: ")).bold = True
    para.add_run(xml_safe(value))


def _gap(word: WordDocument, p: GapParagraph) -> None:
    """The numbered paragraph: the number hangs in the margin, the rest is indented under it."""
    from docx.shared import Cm

    first = word.add_paragraph()
    first.paragraph_format.left_indent = Cm(_INDENT_CM)
    first.paragraph_format.first_line_indent = Cm(-_INDENT_CM)
    first.add_run(f"{p.number}.\t")
    first.add_run(xml_safe(p.title)).bold = True
    first.add_run(xml_safe(f" {heading_sentence(p)}"))
    _indented(word, codes_sentence(p))
    _indented(word, standard_sentence(p))
    for item in p.quoted:
        _indented(word, f"{item.citation}:").runs[0].italic = True
        for quote in item.quotes:
            para = word.add_paragraph(style="Quote")
            para.paragraph_format.left_indent = Cm(_INDENT_CM * 2)
            _set_language(para.add_run(xml_safe(quote)), _LANG.get(item.language, item.language))
    for sentence in (*findings_sentences(p), *examined_sentences(p), recommendation_sentence(p)):
        _indented(word, sentence)


def _indented(word: WordDocument, text: str) -> Paragraph:
    from docx.shared import Cm

    para = word.add_paragraph(xml_safe(text))
    para.paragraph_format.left_indent = Cm(_INDENT_CM)
    return para


def _set_language(run: object, tag: str) -> None:
    """Tag a run's language (w:lang), so Word checks Russian and Kazakh quotes as such."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = run._r.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    rpr.append(lang)


def _annex(word: WordDocument, doc: Document) -> None:
    header = ("rule", "title", *doc.annex.columns)
    table = word.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.paragraphs[0].add_run(xml_safe(text)).bold = True
    for row in doc.annex.rows:
        cells = table.add_row().cells
        values = (row.rule, row.title, *(c.text if c else "" for c in row.cells))
        for cell, text in zip(cells, values):
            cell.text = xml_safe(text)
