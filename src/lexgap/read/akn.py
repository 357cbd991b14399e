"""Read an Akoma Ntoso document into a `Code`: AKN 3.0, its drafts (WD17, CSD…) and AKN 2.0.

Elements are matched by local name, so every namespace version reads alike. The provision tree comes
from the first ``body`` (or ``portionBody``) of the document; a judgment or any other document without
one gives a `Code` with an empty body. Elements become provisions as follows:

- ``book``, ``tome``, ``part``, ``subpart``, ``title``, ``subtitle``, ``hcontainer name="schedule"`` -> PART;
- ``section`` -> ARTICLE in a document with no ``article`` (UK, US and Kenyan acts number sections as
  the basic unit), else SECTION; ``division``, ``subdivision`` -> SECTION;
- ``chapter`` -> CHAPTER; ``subchapter``, ``hcontainer name="crossheading"`` -> SUBCHAPTER;
- ``paragraph``, ``subsection`` -> PARAGRAPH, or POINT when inside a paragraph or point (a UK
  paragraph (a) sits in subsection (1) as a point sits in a part of an article);
- ``point``, ``item`` (of a ``blockList``), ``subparagraph``, ``clause``, ``alinea``, ``indent``… -> POINT;
- ``hcontainer name="note"`` -> NOTE.

``list``, ``blockList`` and other ``hcontainer`` elements are transparent: their items join the
enclosing provision. Text before a provision's first child is its `text` (one line per paragraph),
text after it is its `wrap_up`. Quoted structures (the text an amending law inserts) stay part of the
paragraph quoting them; authorial notes are left out of the text. Numbers lose a label word
("Article 1", "SEC. 2." -> "1", "2"), a trailing dot and brackets ("(a)" -> "a").

The code's kind is OTHER unless a classification keyword in lexgap's dictionary names it (the writer
puts one there). Notes in ``meta/notes`` become `AmendmentNote`s of the provision a ``noteRef`` in its
own text names, or of the element their ``placementBase`` names (how `lexgap.write.akn` stores them; the body's eId
means the whole code); ``refersTo`` leads to the amending law (``passiveRef`` showAs, ``eventRef``
date) and ``class`` holds the action.

Spans: lxml knows the line each element starts on but not its character offsets, so every `Span`
holds that line with ``start = end = 0``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeAlias

from lxml import etree

from lexgap.model import (
    AMENDMENT_ACTIONS,
    LANGUAGES,
    AmendmentNote,
    Code,
    CodeKind,
    IdAllocator,
    Kind,
    Provision,
    Span,
    Status,
    child_id,
)

Element: TypeAlias = etree._Element

_KINDS: dict[str, Kind] = {
    **dict.fromkeys(("book", "tome", "part", "subpart", "title", "subtitle"), Kind.PART),
    **dict.fromkeys(("division", "subdivision"), Kind.SECTION),
    "chapter": Kind.CHAPTER,
    "subchapter": Kind.SUBCHAPTER,
    "article": Kind.ARTICLE,
    **dict.fromkeys(
        ("point", "item", "subparagraph", "clause", "subclause", "alinea", "indent", "level", "rule",
         "subrule", "proviso", "transitional"),
        Kind.POINT,
    ),
}
_PARAGRAPHS = frozenset({"paragraph", "subsection"})
_HCONTAINERS: dict[str, Kind] = {"note": Kind.NOTE, "crossheading": Kind.SUBCHAPTER, "schedule": Kind.PART}

#: Elements whose text is one line of a provision, whatever they hold (a quoted structure inside a p).
_LINES = frozenset({"p", "num", "heading", "subheading", "crossHeading", "listIntroduction", "listWrapUp"})
#: Elements that only group lines and provisions.
_WRAPPERS = frozenset({
    "intro", "content", "wrapUp", "list", "sublist", "blockList", "blockContainer", "tblock", "table",
    "tr", "ul", "ol", "container", "hcontainer", "longTitle", "citations", "recitals", "formula",
})
_STRUCTURE = _LINES | _WRAPPERS | _PARAGRAPHS | set(_KINDS) | {"section"}
#: Elements that end a run of words: text on either side is separated by a space.
_BREAKS = _STRUCTURE | {"td", "th", "li", "eol", "eop", "br", "quotedStructure", "embeddedStructure"}
#: Elements whose text is not provision text.
_UNSAID = frozenset({"authorialNote", "noteRef", "meta"})
_QUOTES = frozenset({"quotedStructure", "embeddedStructure"})
_REPEALED = frozenset({"removed", "repealed"})
_ACTIONS = frozenset(AMENDMENT_ACTIONS)
_KIND_VALUES = {kind.value: kind for kind in CodeKind}
_KIND_DICTIONARY, _FRAGMENT_DICTIONARY = "lexgap/kind", "lexgap/fragment"  # as lexgap.write.akn writes them
_UNKNOWN_COUNTRY = "xx"  # what Code.uri and the writer put for an unknown jurisdiction
_XML_SPACE = re.compile(r"[ \t\r\n]+")
_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"
_LABELLED = re.compile(r"(?:§+\s*|[^\W\d_]{2,}\.?\s+)(?P<num>\S+)")  # "Article 1", "SEC. 2", "§ 3"


def read_akn(data: bytes, *, source: str, sha256: str) -> Code:
    """Parse Akoma Ntoso bytes (never resolving entities or fetching anything) into a `Code`."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not well-formed XML: {exc}") from exc
    if _local(root) != "akomaNtoso":
        raise ValueError(f"the root element is <{_local(root)}>, not <akomaNtoso>")
    body = next((e for e in root.iter("{*}body", "{*}portionBody") if not _quoted(e)), None)
    doc = body.getparent() if body is not None else next(_elements(root), root)
    notes = _Notes.collect(root)
    tree = _TreeReader(sections_are_articles=not _has_articles(body), notes=notes)
    return Code(
        source=source,
        sha256=sha256,
        body=tree.provisions(body),
        amendments=notes.for_element(body, []),
        preface=_preface(doc),
        **_metadata(doc, root),
    )


def _metadata(doc: Element, root: Element) -> dict[str, Any]:
    """Title, kind, language, jurisdiction, number and dates from the document's FRBR metadata."""
    meta = _child(doc, "meta")
    if meta is None:
        meta = next(root.iter("{*}meta"), None)
    identification = _child(meta, "identification")
    work, expression = _child(identification, "FRBRWork"), _child(identification, "FRBRExpression")
    keywords = {_attr(k, "dictionary"): _attr(k, "value") for k in _descendants(meta, "keyword")}
    language = _attr(_child(expression, "FRBRlanguage"), "language").lower()
    country = _attr(_child(work, "FRBRcountry"), "value").lower().partition("-")[0]
    return {
        "title": _title(doc, work),
        "kind": _KIND_VALUES.get(keywords.get(_KIND_DICTIONARY, ""), CodeKind.OTHER),
        "language": LANGUAGES.get(language, language),
        "jurisdiction": "" if country == _UNKNOWN_COUNTRY else country,
        "number": _attr(_child(work, "FRBRnumber"), "value"),
        "adopted": _frbr_date(work),
        "edition_date": _frbr_date(expression),
        "fragment": keywords.get(_FRAGMENT_DICTIONARY) == "true",
    }


@dataclass
class _Parts:
    """What an element's children hold, in document order: lines before and after the first child."""

    text: list[tuple[str, int]] = field(default_factory=list)
    children: list[Provision] = field(default_factory=list)
    wrap_up: list[tuple[str, int]] = field(default_factory=list)
    note_refs: list[str] = field(default_factory=list)

    def add_line(self, line: str, sourceline: int) -> None:
        if line:
            (self.wrap_up if self.children else self.text).append((line, sourceline))


@dataclass
class _Scope:
    """The provision children are gathered into, and how many unnumbered children of each kind it has."""

    parent_id: str | None
    parent_kind: Kind | None
    unnumbered: Counter[Kind] = field(default_factory=Counter)


@dataclass(frozen=True)
class _Notes:
    """The document's notes, by their own eId (for noteRefs) and by the eId they are placed on."""

    by_id: dict[str, AmendmentNote]
    placed: dict[str, list[AmendmentNote]]

    @classmethod
    def collect(cls, root: Element) -> _Notes:
        laws = _laws(root)
        by_id: dict[str, AmendmentNote] = {}
        placed: dict[str, list[AmendmentNote]] = {}
        for el in root.iter("{*}note"):
            number, law_date = laws.get(_attr(el, "refersTo").lstrip("#"), ("", None))
            action = _attr(el, "class")
            note = AmendmentNote(
                law_number=number,
                law_date=law_date,
                action=action if action in _ACTIONS else "other",
                text="\n".join(line for line, _ in _lines(el)),
                span=Span(el.sourceline or 0, 0, 0),
            )
            if ident := _ident(el):
                by_id[ident] = note
            if base := _attr(el, "placementBase").lstrip("#"):
                placed.setdefault(base, []).append(note)
        return cls(by_id, placed)

    def for_element(self, el: Element | None, note_refs: Iterable[str]) -> tuple[AmendmentNote, ...]:
        """Notes placed on `el`, then those its own text refers to, each once."""
        found = list(self.placed.get(_ident(el), ())) if el is not None else []
        for ref in note_refs:
            note = self.by_id.get(ref.lstrip("#"))
            if note is not None and note not in found:
                found.append(note)
        return tuple(found)


@dataclass
class _TreeReader:
    """Turns the body into provisions, handing out unique ids in document order."""

    sections_are_articles: bool
    notes: _Notes
    ids: IdAllocator = field(default_factory=IdAllocator)

    def provisions(self, body: Element | None) -> tuple[Provision, ...]:
        if body is None:
            return ()
        parts = _Parts()
        self._gather(body, parts, _Scope(None, None), own=False)
        return tuple(parts.children)

    def _gather(self, el: Element, parts: _Parts, scope: _Scope, *, own: bool) -> None:
        """Sort `el`'s children into lines and provisions; `own` skips the num and heading of a provision."""
        for child in _elements(el):
            name = _local(child)
            if own and name in ("num", "heading"):
                parts.note_refs.extend(_note_refs(child))
                continue
            kind = self._kind(child, name, scope)
            if kind is not None:
                parts.children.append(self._provision(child, kind, scope))
            elif _is_wrapper(child, name):
                self._gather(child, parts, scope, own=False)
            else:
                parts.add_line(_text(child), child.sourceline or 0)
                parts.note_refs.extend(_note_refs(child))

    def _kind(self, el: Element, name: str, scope: _Scope) -> Kind | None:
        if name == "section":
            return Kind.ARTICLE if self.sections_are_articles else Kind.SECTION
        if name in _PARAGRAPHS:
            inner = scope.parent_kind in (Kind.PARAGRAPH, Kind.POINT)
            return Kind.POINT if inner else Kind.PARAGRAPH
        if name == "hcontainer":
            return _HCONTAINERS.get(_attr(el, "name").lower())
        return _KINDS.get(name)

    def _provision(self, el: Element, kind: Kind, scope: _Scope) -> Provision:
        num = clean_num(_text(_child(el, "num")))
        ordinal = 0
        if not num:
            scope.unnumbered[kind] += 1
            ordinal = scope.unnumbered[kind]
        pid = self.ids.take(child_id(scope.parent_id, kind, num, ordinal))
        parts = _Parts()
        self._gather(el, parts, _Scope(pid, kind), own=True)
        return Provision(
            id=pid,
            kind=kind,
            num=num,
            heading=_text(_child(el, "heading")),
            text="\n".join(line for line, _ in parts.text),
            span=Span(el.sourceline or 0, 0, 0),
            children=tuple(parts.children),
            status=Status.REPEALED if _attr(el, "status") in _REPEALED else Status.IN_FORCE,
            wrap_up="\n".join(line for line, _ in parts.wrap_up),
            text_spans=tuple(Span(line, 0, 0) for _, line in parts.text + parts.wrap_up),
            amendments=self.notes.for_element(el, parts.note_refs),
        )


def clean_num(raw: str) -> str:
    """A number as the model keeps it: "Article 1", "SEC. 3 .", "CHAPTER 3—", "(a)" -> "1", "3", "3", "a"."""
    num = raw.rstrip(".:—– ")
    if labelled := _LABELLED.fullmatch(num):
        num = labelled["num"]
    return num.strip("()[]").rstrip(".").strip()


def _title(doc: Element, work: Element | None) -> str:
    """shortTitle (what an act is called), else docTitle, else the work's title alias, any alias, or name."""
    for name in ("shortTitle", "docTitle"):
        title = next((t for e in doc.iter(f"{{*}}{name}") if (t := _text(e))), "")
        if title:
            return title
    aliases = [e for e in _elements(work) if _local(e) == "FRBRalias"]
    aliases.sort(key=lambda e: _attr(e, "name") != "title")
    names = [e for e in _elements(work) if _local(e) == "FRBRname"]
    return next((v for e in aliases + names if (v := _attr(e, "value"))), "")


def _preface(doc: Element) -> str:
    """Lines of the preface and preamble, leaving out the blocks that hold the title."""
    parts = (part for part in _elements(doc) if _local(part) in ("preface", "preamble"))
    blocks = (block for part in parts for block in _elements(part))
    kept = (b for b in blocks if next(b.iter("{*}docTitle", "{*}shortTitle"), None) is None)
    return "\n".join(line for block in kept for line, _ in _lines_of(block))


def _lines(el: Element) -> Iterator[tuple[str, int]]:
    """Lines of the blocks inside `el` (a note, a preface part), with their source lines."""
    for child in _elements(el):
        yield from _lines_of(child)


def _lines_of(el: Element) -> Iterator[tuple[str, int]]:
    if _is_wrapper(el, _local(el)):
        yield from _lines(el)
    elif line := _text(el):
        yield line, el.sourceline or 0


def _is_wrapper(el: Element, name: str) -> bool:
    """True when `el` only groups blocks: a known wrapper, or an unknown element holding blocks."""
    if name in _WRAPPERS:
        return True
    return name not in _LINES and any(_local(c) in _STRUCTURE for c in _elements(el))


def _text(el: Element | None) -> str:
    """The words of `el`, whitespace collapsed (XML whitespace only: a no-break space stays) unless
    `el` says xml:space="preserve", as the writer does for text whose spacing is not plain."""
    if el is None:
        return ""
    text = "".join(_pieces(el))
    return text if el.get(_PRESERVE) == "preserve" else _XML_SPACE.sub(" ", text).strip()


def _pieces(el: Element) -> Iterator[str]:
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str):  # comments, processing instructions and entities have no words
            name = _local(child)
            if name in _BREAKS:
                yield " "
                yield from _pieces(child)
                yield " "
            elif name not in _UNSAID:
                yield from _pieces(child)
        if child.tail:
            yield child.tail


def _note_refs(el: Element) -> list[str]:
    return [_attr(ref, "href") for ref in el.iter("{*}noteRef")]


def _laws(root: Element) -> dict[str, tuple[str, date | None]]:
    """Amending laws named in the references: eId -> (number as shown, date of its lifecycle event)."""
    dates = {_attr(e, "source").lstrip("#"): _date(_attr(e, "date")) for e in root.iter("{*}eventRef")}
    refs = ((_ident(e), e) for e in root.iter("{*}passiveRef"))
    return {ident: (_attr(e, "showAs"), dates.get(ident)) for ident, e in refs if ident}


def _frbr_date(frbr: Element | None) -> date | None:
    """The first usable FRBRdate; name="unknown" marks the placeholder the writer puts for no date."""
    dates = (e for e in _elements(frbr) if _local(e) == "FRBRdate" and _attr(e, "name") != "unknown")
    return next((d for e in dates if (d := _date(_attr(e, "date")))), None)


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _has_articles(body: Element | None) -> bool:
    return body is not None and any(not _quoted(e) for e in body.iter("{*}article"))


def _quoted(el: Element) -> bool:
    return any(_local(a) in _QUOTES for a in el.iterancestors())


def _elements(el: Element | None) -> Iterator[Element]:
    if el is not None:
        yield from (c for c in el if isinstance(c.tag, str))


def _descendants(el: Element | None, name: str) -> Iterator[Element]:
    if el is not None:
        yield from el.iter(f"{{*}}{name}")


def _child(el: Element | None, name: str) -> Element | None:
    return next((c for c in _elements(el) if _local(c) == name), None)


def _attr(el: Element | None, name: str) -> str:
    return (el.get(name) or "").strip() if el is not None else ""


def _ident(el: Element) -> str:
    """The element's id: eId in AKN 3.0, id in 2.0 and early drafts."""
    return _attr(el, "eId") or _attr(el, "id")


def _local(el: Element) -> str:
    return el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""
