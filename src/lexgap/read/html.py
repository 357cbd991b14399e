"""HTML pages (exports of legal databases) into text lines for the text reader.

Each block-level element (a paragraph, a heading, a list item, a ``div`` with no block inside, a
table row, each line of a ``pre``) becomes one line, and a ``<br>`` ends a line, except in a
heading ("Статья 64.<br>Подозреваемый" stays one heading). Lines are separated by blank lines and
keep document order. Inside a line, runs of HTML whitespace collapse to one space (a no-break space
is kept, as a browser keeps it); leading and trailing blanks, ``&nbsp;`` indentation included, are
dropped. Table rows read as their cells' text joined with " | ". Scripts, styles, navigation, the
``<head>`` (and ``noscript``, ``template``, ``title``) and comments are dropped.

Real exports of Kazakhstan's database (adilet / zan.gov.kz) put each article heading in an
``<h3>`` or a ``<p class=…>`` and each part in a ``<p>``: one line each, which is what the text
reader expects.

The encoding is, in this order: a byte-order mark, a ``<meta charset>`` (or ``http-equiv``) or XML
declaration in the first bytes (ignored when the bytes do not decode in it), else
`lexgap.read.decode.detect_encoding` (UTF-16 by its NUL bytes, UTF-8 if the bytes are valid UTF-8,
else Windows-1251). The bytes are decoded here rather than by libxml2, whose fallback
without a declaration is Latin-1, which turns an undeclared UTF-8 page in Cyrillic into mojibake.
The parser never fetches anything (no network, no external entities).
"""

from __future__ import annotations

import codecs
import re

from lxml import etree
from lxml import html as lxml_html

from lexgap.read.decode import DecodeError, detect_encoding

_DROPPED = frozenset({"script", "style", "nav", "head", "noscript", "template", "title"})
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
        "listing", "main", "menu", "ol", "p", "plaintext", "section", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "ul", "xmp",
    }
)  # "tr" and "pre" have their own handling; "td"/"th" are blocks only outside a row
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CELLS = ("td", "th")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's whitespace: not the no-break space

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*(?P<name>[A-Za-z0-9._:-]+)""", re.IGNORECASE
)  # <meta charset="utf-8">, <meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
_XML_DECLARATION = re.compile(r"""^\s*<\?xml\b[^>]*\?>""")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*\bencoding\s*=\s*["'](?P<name>[A-Za-z0-9._:-]+)["']""")


def html_text(data: bytes) -> str:
    """The text of the HTML page in `data`: one line per block, blank lines between.

    Raises ValueError (a `DecodeError` when the bytes are not text) when `data` cannot be read.
    """
    source = _decode(data)
    source = _XML_DECLARATION.sub("", source, count=1)  # lxml refuses str input that declares an encoding
    if not source.strip():
        return ""
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(source, parser=parser)
    except etree.LxmlError as exc:
        raise ValueError(f"cannot parse the HTML: {exc}") from exc
    lines = _Lines()
    lines.block(root)
    return "\n\n".join(lines.lines)


def _decode(data: bytes) -> str:
    """Decode by BOM, then the declared charset, then `detect_encoding`; see the module docstring."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], name)
    declared = _declared_encoding(data[:8192])
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # a page that lies about its encoding: fall back to detection
    return _strict(data, detect_encoding(data))


def _declared_encoding(head: bytes) -> str | None:
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    name = match.group("name").decode("ascii").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # A page read as bytes cannot be UTF-16 if its declaration was found in ASCII: the declaration
    # is wrong (a common leftover of re-saving), and detection will do better.
    return None if name.startswith(("utf-16", "utf-32")) else name


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid {encoding}: {exc.reason} at byte {exc.start}") from exc
    return text[1:] if text.startswith("\ufeff") else text


class _Lines:
    """Collects lines: inline text accumulates until a block boundary or a <br> ends the line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._pending: list[str] = []
        self._heading_depth = 0  # inside <h1>…<h6> a <br> is a space: a heading stays one line

    def add(self, text: str | None) -> None:
        if text:
            self._pending.append(text)

    def flush(self) -> None:
        line = _HTML_SPACE.sub(" ", "".join(self._pending)).strip()
        self._pending.clear()
        if line:
            self.lines.append(line)

    def emit(self, line: str) -> None:
        self.flush()
        line = _HTML_SPACE.sub(" ", line).strip()
        if line:
            self.lines.append(line)

    def block(self, element: etree._Element) -> None:
        """`element`'s content as lines of its own (the element is a block, or the root)."""
        self.flush()
        self.inline(element)
        self.flush()

    def inline(self, element: etree._Element) -> None:
        """`element`'s text and children (its tail is the caller's)."""
        self.add(element.text)
        for child in element:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if not tag or tag in _DROPPED:
                pass  # comments, processing instructions, scripts, …: only their tail is text
            elif tag == "br":
                if self._heading_depth:
                    self.add(" ")
                else:
                    self.flush()
            elif tag == "tr":
                self.emit(_row_text(child))
            elif tag in ("pre", "textarea"):
                self.flush()
                for line in _text_content(child).split("\n"):
                    self.emit(line)
            elif tag in _HEADINGS:
                self._heading_depth += 1
                self.block(child)
                self._heading_depth -= 1
            elif tag in _BLOCKS:
                self.block(child)
            else:
                self.inline(child)
            self.add(child.tail)


def _row_text(tr: etree._Element) -> str:
    """A table row: each cell's lines joined with a space, the cells joined with " | "."""
    cells = []
    for cell in tr:
        if isinstance(cell.tag, str) and cell.tag.lower() in _CELLS:
            inner = _Lines()
            inner.block(cell)
            cells.append(" ".join(inner.lines))
    return " | ".join(cells) if any(cells) else ""


def _text_content(element: etree._Element) -> str:
    """All text under `element` except in dropped elements (scripts …), <br> as a line break."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag and tag not in _DROPPED:
            parts.append(_text_content(child))
        parts.append(child.tail or "")
    return "".join(parts)
