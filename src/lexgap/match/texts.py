"""The texts conditions look at, cut from a code once and indexed by lemma once.

An article in force is a candidate. It has two texts: its heading and its body (its own text, its
parts, items and notes in document order, one line per paragraph). Container headings (part,
section, chapter) are texts too, for `place.heading_any`. Each body keeps a table of segments so a
hit maps back to the deepest provision holding it and to its exact place in the source file.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lexgap.corpus import load_manifest
from lexgap.lang.index import LemmaIndex, LemmaToken
from lexgap.match.findings import CodeRef
from lexgap.model import CONTAINER_KINDS, Code, Kind, Provision, Span, Status

HEADING, BODY = "heading", "body"

_CITE_WORDS = {Kind.PARAGRAPH: "part", Kind.POINT: "item", Kind.NOTE: "note"}


@dataclass(frozen=True)
class Segment:
    """One paragraph of a body: where it sits in the body string and in the source."""

    start: int  # offset in the body string
    end: int
    provision: str  # id of the provision whose own text this paragraph is
    part: str  # id of the numbered part (paragraph) it belongs to, else the note or the article
    source: Span  # the paragraph in the source file (start == end == 0 when the reader had no offsets)


@dataclass(frozen=True)
class Candidate:
    """An article in force, with the containers above it (outermost first)."""

    article: Provision
    containers: tuple[Provision, ...]

    @property
    def id(self) -> str:
        return self.article.id


def text_id(owner: str, which: str) -> str:
    return f"{owner}#{which}"


class CodeTexts:
    """Candidates, texts, segments and the lemma index of one code."""

    def __init__(self, code: Code) -> None:
        self.code = code
        self.candidates: tuple[Candidate, ...] = tuple(_candidates(code))
        self.texts: dict[str, str] = {}
        self.segments: dict[str, tuple[Segment, ...]] = {}
        for candidate in self.candidates:
            article = candidate.article
            self.texts[text_id(article.id, HEADING)] = article.heading
            body, segments = _body(article)
            self.texts[text_id(article.id, BODY)] = body
            self.segments[text_id(article.id, BODY)] = segments
        for container in (p for p in code.walk() if p.kind in CONTAINER_KINDS):
            self.texts[text_id(container.id, HEADING)] = container.heading
        self.index = LemmaIndex.build(self.texts.items(), code.language)
        self._tokens: dict[str, tuple[LemmaToken, ...]] = {}

    @property
    def lang(self) -> str:
        return self.index.lang

    def tokens(self, tid: str) -> tuple[LemmaToken, ...]:
        """Tokens of a text, built once and kept: conditions ask for the same texts many times."""
        found = self._tokens.get(tid)
        if found is None:
            found = self._tokens[tid] = self.index.tokens(tid)
        return found

    def segment_at(self, tid: str, offset: int) -> Segment | None:
        """The body paragraph holding character `offset` of text `tid` (None for headings)."""
        segments = self.segments.get(tid)
        if not segments:
            return None
        starts = [s.start for s in segments]
        index = max(bisect.bisect_right(starts, offset) - 1, 0)
        return segments[index]

    def source_span(self, tid: str, start: int, end: int) -> Span:
        """Where body characters [start, end) stand in the source file (same line as their paragraph)."""
        segment = self.segment_at(tid, start)
        if segment is None:  # a heading
            owner = self.code.index[tid.split("#", 1)[0]]
            span = owner.heading_span or Span(owner.span.line, 0, 0)
            return Span(span.line, span.start + start, span.start + end) if owner.heading_span else span
        if segment.source.end == 0:
            return segment.source
        base = segment.source.start
        return Span(segment.source.line, base + start - segment.start, base + min(end, segment.end) - segment.start)

    @cached_property
    def ref(self) -> CodeRef:
        code = self.code
        return CodeRef(
            key=code.key,
            title=code.title,
            citation_title=citation_title(code),
            uri=code.uri,
            edition_date=code.edition_date.isoformat() if code.edition_date else "",
            sha256=code.sha256,
            source=code.source,
            fragment=code.fragment,
        )

    def citation(self, provision_id: str) -> str:
        """"Criminal Code of the Republic of Kazakhstan No. 226-V, art. 146, part 1 (edition 27.12.2019)"."""
        date = self.code.edition_date
        edition = f"edition {date.strftime('%d.%m.%Y')}" if date else "edition unknown"
        return f"{self.ref.citation_title}, {pinpoint(self.code, provision_id)} ({edition})"


def citation_title(code: Code) -> str:
    """The code's English title with its number, from the jurisdiction's manifest when it has one."""
    manifest = load_manifest(code.jurisdiction) if code.jurisdiction else None
    entry = manifest.by_kind(code.kind) if manifest else None
    title = entry.title("eng") if entry else code.title or Path(code.source).name  # an untitled text: its file
    return f"{title} No. {code.number}" if code.number else title


def pinpoint(code: Code, provision_id: str) -> str:
    """"art. 146, part 2, item 4" from the chain of provisions above `provision_id`."""
    chain: list[Provision] = []
    current: str | None = provision_id
    while current is not None:
        node = code.index[current]
        chain.append(node)
        if node.kind is Kind.ARTICLE:
            break
        current = code.parents[current]
    words = []
    for node in reversed(chain):
        if node.kind is Kind.ARTICLE:
            words.append(f"art. {node.num}")
        elif node.kind is Kind.NOTE:
            words.append(f"note {node.num}".strip() if node.num else "note")
        elif node.kind in _CITE_WORDS:
            words.append(f"{_CITE_WORDS[node.kind]} {node.num}")
    return ", ".join(words)


def _candidates(code: Code) -> list[Candidate]:
    out: list[Candidate] = []

    def visit(node: Provision, containers: tuple[Provision, ...]) -> None:
        if node.kind is Kind.ARTICLE:
            if node.status is Status.IN_FORCE:
                out.append(Candidate(node, containers))
            return
        inner = containers + (node,) if node.kind in CONTAINER_KINDS else containers
        for child in node.children:
            visit(child, inner)

    for top in code.body:
        visit(top, ())
    return out


def _body(article: Provision) -> tuple[str, tuple[Segment, ...]]:
    """The article's text under its heading, one paragraph per line, with the segment table."""
    lines: list[str] = []
    segments: list[Segment] = []
    offset = 0

    def add(paragraph: str, provision: Provision, part: str, source: Span) -> None:
        nonlocal offset
        lines.append(paragraph)
        segments.append(Segment(offset, offset + len(paragraph), provision.id, part, source))
        offset += len(paragraph) + 1

    def visit(node: Provision, part: str) -> None:
        if node.status is Status.REPEALED and node.kind is not Kind.ARTICLE:
            return
        if node.kind in (Kind.PARAGRAPH, Kind.NOTE):
            part = node.id
        own = node.text.split("\n") if node.text else []
        wrap = node.wrap_up.split("\n") if node.wrap_up else []
        spans = list(node.text_spans) + [Span(node.span.line, 0, 0)] * (len(own) + len(wrap))
        for index, paragraph in enumerate(own):
            add(paragraph, node, part, spans[index])
        for child in node.children:
            visit(child, part)
        for index, paragraph in enumerate(wrap):
            add(paragraph, node, part, spans[len(own) + index])

    visit(article, article.id)
    return "\n".join(lines), tuple(segments)
