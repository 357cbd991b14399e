"""Word (DOCX) documents into text lines for the text reader.

The body is walked in document order, paragraphs and tables interleaved, and each paragraph becomes
one line (a line break inside a paragraph starts a new line); lines are separated by blank lines.
Each table row becomes one line, its cells' text joined with " | ", so what a table says is kept.
Headings are kept as written: Word's heading styles are not turned into anything, the text reader
recognises "Статья 1." and "Глава 1." by their words.

What is read of a paragraph: its runs, including those inside hyperlinks, content controls, fields
and tracked insertions; tracked deletions are left out (the text as it reads with changes accepted).

Not recoverable as text, by design of the format:

* automatic numbering. A paragraph whose number Word draws from a list definition (``w:numPr``)
  holds only the text after the number, so a part "1. …" numbered by Word reads as plain text and
  loses its number. Codes typed with their numbers (as official texts are) are not affected; a
  paragraph with ``w:numPr`` whose text does not start with a number is where the loss shows.
* text boxes, headers, footers, Word footnotes and comments, and embedded (alt-chunk) documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO

from docx.oxml.ns import qn

_P, _TBL, _TR, _TC, _R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
# Children of a paragraph that hold no text of its own, or text that is not there once changes
# are accepted.
_SKIPPED_IN_PARAGRAPH = frozenset(qn(tag) for tag in ("w:pPr", "w:del", "w:moveFrom"))


def docx_text(data: bytes) -> str:
    """The text of the DOCX document in `data`: one line per paragraph or table row, blank lines between.

    Raises ValueError when `data` is not a readable Word document.
    """
    body = _open_body(data)
    return "\n\n".join(line for line in _block_lines(body) if line.strip())


def _open_body(data: bytes):  # -> the w:body element
    import docx  # python-docx; imported here so that reading text files does not need it

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # a corrupt file fails anywhere in the zip, package or XML layers
        raise ValueError(f"damaged, or not a Word document ({type(exc).__name__}: {exc})") from exc
    return document.element.body


def _block_lines(container) -> Iterator[str]:
    """Lines of the paragraphs and tables directly in `container` (the body, a cell, a content control)."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield from _paragraph_text(child).split("\n")
        elif child.tag == _TBL:
            yield from _table_lines(child)
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            yield from _block_lines(child)


def _table_lines(tbl) -> Iterator[str]:
    """One line per row: the cells' text joined with " | "; empty rows are skipped.

    Each ``w:tc`` is read once, so a cell merged across columns is not repeated; a cell merged down
    rows has its text in the first row only (the continuation cells are empty).
    """
    for tr in _descendants(tbl, _TR):
        cells = [" ".join(line.strip() for line in _block_lines(tc) if line.strip()) for tc in _descendants(tr, _TC)]
        if any(cells):
            yield " | ".join(cells)


def _descendants(element, tag: str) -> Iterator:
    """Children of `element` with `tag`, looking through content controls and custom XML wrappers."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            yield from _descendants(child, tag)


def _paragraph_text(p) -> str:
    """The text of a ``w:p``: tabs as "\\t", line breaks as "\\n" (python-docx maps the run content)."""
    parts: list[str] = []

    def visit(element) -> None:
        for child in element.iterchildren():
            if child.tag == _R:
                parts.append(child.text)  # CT_R.text: w:t, w:tab, w:br, w:cr, w:noBreakHyphen, w:ptab
            elif child.tag not in _SKIPPED_IN_PARAGRAPH and isinstance(child.tag, str):
                visit(child)  # hyperlinks, content controls, fields, smart tags, tracked insertions

    visit(p)
    return "".join(parts)
