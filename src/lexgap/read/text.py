"""Plain text and Markdown codes (the exports of Kazakhstan's legal database) into the provision tree.

The reader walks the text line by line. Each non-blank line is classified on its normalised form
(Markdown markers stripped): a container heading, an article heading, a numbered part "1.", an item
"1)", a sub-item "а)", a note, an amendment footnote, or plain text. A small state machine then puts
each line where a lawyer would: plain text after items goes back to the part when it is a sanction
("наказывается …"), otherwise it continues the item. The table of contents produces nothing.
Everything stored (text, headings) is the original text; spans point into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from lexgap.model import (
    CONTAINER_KINDS,
    AmendmentNote,
    IdAllocator,
    Kind,
    Provision,
    Span,
    Status,
    child_id,
)
from lexgap.normalize import norm, normalize
from lexgap.read import grammar as g


@dataclass(frozen=True)
class Line:
    """One non-blank line: its content (Markdown markers stripped) in original and normalised form."""

    number: int  # 1-based
    start: int  # offset of `original` in the source text
    original: str
    normal: str
    heading_level: int  # Markdown heading level, 0 when the line is not a Markdown heading

    @property
    def span(self) -> Span:
        return Span(self.number, self.start, self.start + len(self.original))


_MARKUP_PREFIX = re.compile(
    r"""^(?P<prefix>
          [ \t]*                  # indentation (items are indented in some exports)
          (?:\#{1,6}[ \t]+)?      # a Markdown heading marker
          (?:>[ \t]*)?            # a blockquote marker (footnotes in some exports)
          (?:\*{1,2}|_)?          # opening emphasis
        )"""
    , re.VERBOSE)
_EMPHASIS_END = re.compile(r"(?:\*{1,2}|_)[ \t]*$")
_SKIP = re.compile(r"^\s*(?:<a\s[^>]*>\s*</a>|-{3,}|\*{3,})\s*$")  # anchors and rules carry no text


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text`, front matter and anchors skipped, markup stripped."""
    lines: list[Line] = []
    offset = 0
    raw_lines = text.split("\n")
    front_matter_end = _front_matter_end(raw_lines)
    for index, raw in enumerate(raw_lines):
        start = offset
        offset += len(raw) + 1
        if index < front_matter_end or not raw.strip() or _SKIP.match(raw):
            continue
        prefix = _MARKUP_PREFIX.match(raw)
        cut = prefix.end() if prefix else 0
        body = raw[cut:]
        if cut and raw[cut - 1] in "*_" and (tail := _EMPHASIS_END.search(body)):
            body = body[: tail.start()]
        body = body.rstrip()
        if not body.strip():
            continue
        level = len(m.group("hashes")) if (m := g.MARKDOWN_HEADING.match(raw.lstrip())) else 0
        lines.append(Line(index + 1, start + cut, body, norm(body).strip(), level))
    return lines


def _front_matter_end(raw_lines: list[str]) -> int:
    """Index after a YAML front-matter block ("---" … "---") at the top, or 0."""
    if not raw_lines or raw_lines[0].strip() != "---":
        return 0
    for index in range(1, min(len(raw_lines), 50)):
        if raw_lines[index].strip() == "---":
            return index + 1
    return 0


def front_matter(text: str) -> dict[str, str]:
    """Simple `key: value` pairs of a front-matter block (the editions files carry their source URL)."""
    raw_lines = text.split("\n")
    end = _front_matter_end(raw_lines)
    pairs: dict[str, str] = {}
    for raw in raw_lines[1 : max(end - 1, 1)]:
        key, sep, value = raw.partition(":")
        if sep:
            pairs[key.strip()] = value.strip()
    return pairs


# --- the tree while it is being built -------------------------------------------------------------


@dataclass
class _Node:
    kind: Kind
    num: str
    heading: str
    line: Line
    text: list[Line] = field(default_factory=list)
    wrap_up: list[Line] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    footnotes: list[Line] = field(default_factory=list)
    end: int = 0
    repealed_heading: bool = False
    heading_line: Line | None = None

    def last_child(self, kind: Kind) -> _Node | None:
        return self.children[-1] if self.children and self.children[-1].kind is kind else None


@dataclass
class Parsed:
    """What the text reader hands to `lexgap.read` before metadata is attached."""

    body: tuple[Provision, ...]
    title: str
    preface: str
    preface_footnotes: tuple[AmendmentNote, ...]
    lines_read: int


class _Builder:
    """The state machine that places each classified line in the tree."""

    def __init__(self, grammar: g.Grammar) -> None:
        self.g = grammar
        self.roots: list[_Node] = []
        self.containers: list[_Node] = []
        self.article: _Node | None = None
        self.note: _Node | None = None  # the note region of the current article, once started
        self.in_footnote = False
        # "(в части …:" may open a bracket that closes lines later ("с 01.01.2024 в отношении …)."):
        # the footnote goes on until it closes
        self.footnote_open_brackets = 0
        self.in_quote = False  # inside a quoted block (an article restated inside an amending clause)
        self.title = ""
        self.preface: list[Line] = []
        self.toc: _Toc | None = None
        # Rank of each container kind, outermost first; a document may nest them otherwise (the
        # Code of Administrative Offences puts "Общая часть" inside "Раздел 2"): see _open_container.
        self.rank: dict[Kind, float] = {kind: float(i) for i, kind in enumerate(CONTAINER_KINDS)}
        self.seen: set[Kind] = set()

    # -- dispatch ---------------------------------------------------------------------------------
    def feed(self, line: Line) -> None:
        if self.toc is not None:
            if self.toc.swallows(line, self):
                return
            toc, self.toc = self.toc, None
            for earlier in toc.replay if toc.body_started else ():  # the body began at the last entry
                self.feed(earlier)
        if g.TOC_MARKER.match(line.normal):
            self.toc = _Toc(line.heading_level or 7)
            return
        if self._container(line) or self._article(line):
            return
        if self.article is None:
            self._before_body(line)
            return
        self._inside_article(line)

    def _container(self, line: Line) -> bool:
        for kind, pattern in self.g.containers:
            match = pattern.match(line.normal)
            if not match:
                continue
            if kind is Kind.PART:
                num = self.g.part_names.get(" ".join(match.group("name").lower().split()), "")
                heading = line.original
            else:
                num = match.group("num")
                heading = _original_tail(line, match.start("heading"))
            node = _Node(kind, num, heading, line)
            node.heading_line = line if kind is Kind.PART else _sub_line(line, match.start("heading"))
            self._open_container(node)
            return True
        return False

    def _open_container(self, node: _Node) -> None:
        """Close the open containers at this one's level or below, then open it.

        The first time a kind appears inside an open container of a kind normally above it (a part
        of the code inside a section), the document's own order is learned: that kind then ranks
        just below the enclosing one for the rest of the document.
        """
        self._close_article()
        kind = node.kind
        if kind not in self.seen and self.containers and self.rank[self.containers[-1].kind] > self.rank[kind]:
            if self.containers[-1].kind in self.seen:
                self.rank[kind] = self.rank[self.containers[-1].kind] + 0.5
        self.seen.add(kind)
        while self.containers and self.rank[self.containers[-1].kind] >= self.rank[kind]:
            self.containers.pop()
        self._attach(node)
        self.containers.append(node)

    def _article(self, line: Line) -> bool:
        match = self.g.article.match(line.normal)
        if not match:
            return False
        self._close_article()
        heading = _original_tail(line, match.start("heading"))
        node = _Node(Kind.ARTICLE, match.group("num"), heading, line)
        node.heading_line = _sub_line(line, match.start("heading"))
        node.repealed_heading = bool(self.g.repealed.match(match.group("heading").strip(" ()")))
        self._attach(node)
        self.article = node
        return True

    def _attach(self, node: _Node) -> None:
        (self.containers[-1].children if self.containers else self.roots).append(node)

    def _close_article(self) -> None:
        self.in_quote = False
        self.article = None
        self.note = None
        self.in_footnote = False

    def _before_body(self, line: Line) -> None:
        """Text before the first heading: the title, then the preface and code-wide footnotes."""
        if not self.title and _looks_like_title(line):
            self.title = line.original.strip()
        else:
            self.preface.append(line)

    # -- inside an article ------------------------------------------------------------------------
    def _inside_article(self, line: Line) -> None:
        article = self.article
        assert article is not None
        article.end = line.start + len(line.original)
        for container in self.containers:
            container.end = article.end
        if self.in_quote or _opens_quote(line.normal):
            self.in_quote = not _closes_quote(line.normal)
            self._plain(line, article)
            return
        if g.COURT_ANNOTATION.match(line.normal):
            article.footnotes.append(line)  # kept with the footnotes; it amends nothing
            return
        if self._footnote(line, article) or self._note(line, article):
            return
        if self.in_footnote:
            last = article.footnotes[-1].normal.rstrip()
            unfinished = self.footnote_open_brackets > 0 or last.endswith((":", ";"))
            numbered = g.PARAGRAPH.match(line.normal) or g.POINT.match(line.normal)
            if unfinished and not numbered or _continues_footnote(line):
                article.footnotes.append(line)
                self.footnote_open_brackets += _bracket_balance(line.normal)
                return
            self.in_footnote = False  # a footnote under the heading or mid-article: the text goes on
        if self._numbered(line, article):
            return
        self._plain(line, article)

    def _footnote(self, line: Line, article: _Node) -> bool:
        match = self.g.footnote.match(line.normal)
        if not match:
            return False
        if self.g.lang == "kaz" and not g.is_kazakh_footnote(match.group("rest")):
            return False  # a Kazakh note ("Ескерту." without an amending law)
        article.footnotes.append(line)
        self.in_footnote = True
        self.footnote_open_brackets = _bracket_balance(line.normal)
        return True

    def _note(self, line: Line, article: _Node) -> bool:
        match = self.g.note.match(line.normal)
        if not match:
            return False
        self.in_footnote = False
        rest = match.group("rest")
        numbered = g.PARAGRAPH.match(rest)
        note = _Node(Kind.NOTE, numbered.group("num") if numbered else "", "", line)
        article.children.append(note)
        self.note = note
        if rest:
            offset = match.start("rest") + (numbered.start("rest") if numbered else 0)
            note.text.append(_sub_line(line, offset))
        return True

    def _numbered(self, line: Line, article: _Node) -> bool:
        """Parts "1.", items "1)" and sub-items "а)", attached to the innermost open level."""
        if match := g.PARAGRAPH.match(line.normal):
            kind = Kind.NOTE if self._continues_notes(match.group("num")) else Kind.PARAGRAPH
            if kind is Kind.PARAGRAPH:
                self.note = None  # a part after a note ("Примечание." after part 9, then part 10)
            node = _Node(kind, match.group("num"), "", line)
            node.text.append(_sub_line(line, match.start("rest")))
            if self.note is not None and not self.note.num and not self.note.children and not self.note.text:
                article.children.remove(self.note)  # "Примечания." heading, numbered notes follow
            article.children.append(node)
            if kind is Kind.NOTE:
                self.note = node
            return True
        owner = self._owner_of_points(article)
        if match := g.POINT.match(line.normal):
            self._add_point(owner, match, line)
            return True
        if match := g.SUBPOINT.match(line.normal):
            point = owner.last_child(Kind.POINT)
            self._add_point(point if point is not None else owner, match, line)
            return True
        return False

    def _continues_notes(self, num: str) -> bool:
        """A number in the note region is a note when notes are numbered and it is the next one."""
        note = self.note
        if note is None:
            return False
        if not note.num:  # "Примечания." alone opens numbered notes; "Примечание. text" is one note
            return not note.text and not note.children
        return _first_int(num) == _first_int(note.num) + 1

    def _owner_of_points(self, article: _Node) -> _Node:
        if self.note is not None:
            return self.note
        last = article.children[-1] if article.children else None
        return last if last is not None and last.kind is Kind.PARAGRAPH else article

    @staticmethod
    def _add_point(owner: _Node, match: re.Match[str], line: Line) -> None:
        node = _Node(Kind.POINT, match.group("num"), "", line)
        node.text.append(_sub_line(line, match.start("rest")))
        owner.children.append(node)

    def _plain(self, line: Line, article: _Node) -> None:
        """Unnumbered text: continues the item, or is the part's wrap-up (its sanction), or intro text.

        Only a sanction ("наказывается …", "влечет …", "… жазаланады") closes a list of items: a
        trailing dash is no sign, since Kazakh definitions end with one ("адамды қанау –").
        """
        owner = self._owner_of_points(article)
        point = _last_point(owner)
        if owner.wrap_up or (point is not None and self.g.sanction.match(line.normal)):
            owner.wrap_up.append(line)
        elif point is not None:
            point.text.append(line)
        elif owner.children and owner is article:
            owner.wrap_up.append(line)
        else:
            owner.text.append(line)


_QUOTE_CLOSE = re.compile(r'["»“”]\s*[.;,]?\s*$')


def _opens_quote(normal: str) -> bool:
    """A line opens a quoted block when it starts with a quote that it does not close itself
    ("«Пытка» означает …" is a definition, not a quoted article)."""
    first = normal[:1]
    if first == '"':
        return normal.count('"') % 2 == 1
    if first == "“":  # English style “…”
        return normal.count("“") > normal.count("”")
    if first in "«„":  # Russian style «…», „…“
        return normal.count("«") + normal.count("„") > normal.count("»") + normal.count("“") + normal.count("”")
    return False


def _closes_quote(normal: str) -> bool:
    """A quoted block ends on the line whose last character (before . ; ,) closes the quote."""
    return len(normal) > 1 and bool(_QUOTE_CLOSE.search(normal))


def _first_int(num: str) -> int:
    digits = re.match(r"\d+", num)
    return int(digits.group()) if digits else -1


# "пунктом 40-1)", "а)": item numbers, not brackets; a date closing a bracket ("01.01.2016)") is one
_ITEM_MARKER = re.compile(r"(?:(?<=\s)|^)(?:\d+(?:-\d+)*|[а-яәғқңөұүһіa-z])\)")


def _bracket_balance(text: str) -> int:
    """Opened minus closed brackets, item numbers like "40-1)" left out."""
    bare = _ITEM_MARKER.sub("", text)
    return bare.count("(") - bare.count(")")


def _continues_footnote(line: Line) -> bool:
    """A line after a footnote continues it only when it cites another amending law."""
    return bool(g.LAW_CITATION.search(line.normal)) and not (
        g.PARAGRAPH.match(line.normal) or g.POINT.match(line.normal)
    )


def _looks_like_title(line: Line) -> bool:
    """A level-1 Markdown heading, or a short line naming a code that is not a footnote."""
    if line.heading_level:
        return line.heading_level == 1
    return len(line.normal) < 160 and bool(_TITLE_WORDS.search(line.normal)) and not _FOOTNOTE_START.match(line.normal)


_TITLE_WORDS = re.compile(r"\bкодекс|\bcode\b", re.I)
_FOOTNOTE_START = re.compile(r"^(?:сноска|ескерту|footnote|примечание)\b", re.I)


def _last_point(owner: _Node) -> _Node | None:
    """The deepest last item under `owner` (a sub-item when the last item has them)."""
    point = owner.last_child(Kind.POINT)
    while point is not None and (deeper := point.last_child(Kind.POINT)) is not None:
        point = deeper
    return point


@dataclass
class _Toc:
    """The table of contents, swallowed until the body begins: a Markdown heading at its level, its
    first entry repeated, or a numbered part ("1. …") — the contents hold headings only, so the last
    article heading seen was the body's first, and is read again (`replay`)."""

    level: int
    first_entry: str = ""
    replay: list[Line] = field(default_factory=list)
    body_started: bool = False

    def swallows(self, line: Line, builder: _Builder) -> bool:
        if line.heading_level and line.heading_level <= self.level:
            return False
        if self.first_entry and line.normal.lower() == self.first_entry:
            return False
        if self.replay and (g.PARAGRAPH.match(line.normal) or g.POINT.match(line.normal)):
            self.body_started = True
            return False
        is_article = bool(builder.g.article.match(line.normal))
        is_entry = is_article or any(p.match(line.normal) for _, p in builder.g.containers)
        if is_entry and not self.first_entry:
            self.first_entry = line.normal.lower()
        if is_article:
            self.replay = [line]
        elif self.replay:
            self.replay.append(line)
        return True


def _original_tail(line: Line, normal_start: int) -> str:
    """The original text of `line` from a position in its normalised form (headings keep their letters)."""
    if normal_start < 0:
        return ""
    return _sub_line(line, normal_start).original.strip()


def _sub_line(line: Line, normal_start: int) -> Line:
    """`line` from a position of its normalised form on, mapped back to the original characters."""
    stripped = line.original.lstrip()
    lead = len(line.original) - len(stripped)
    mapping = normalize(stripped)
    # `line.normal` is normalize(original).strip(): undo the strip of leading blanks
    lead_normal = len(mapping.text) - len(mapping.text.lstrip())
    index = min(normal_start + lead_normal, len(mapping.text))
    start = lead + (mapping.origin[index] if index < len(mapping.origin) else len(stripped))
    return Line(line.number, line.start + start, line.original[start:], line.normal[normal_start:], 0)


# --- freezing -------------------------------------------------------------------------------------


def parse_lines(lines: list[Line], grammar: g.Grammar) -> Parsed:
    """Build the tree from classified lines."""
    builder = _Builder(grammar)
    for line in lines:
        builder.feed(line)
    builder.roots = _without_unmarked_contents(builder.roots)
    ids = IdAllocator()
    body = tuple(_freeze(node, None, ordinal, ids) for ordinal, node in enumerate(builder.roots, 1))
    preface_notes = tuple(
        note for line in builder.preface for note in amendments_of(line)
    )
    preface = "\n".join(line.original for line in builder.preface)
    return Parsed(body, builder.title, preface, preface_notes, len(lines))


def _without_unmarked_contents(roots: list[_Node]) -> list[_Node]:
    """Drop headings that stand alone and come back later with a body: a table of contents that no
    "Оглавление" announced. Only empty nodes go (heading, no text, no parts, no footnotes), so no
    text is lost; a repealed article keeps its footnote and stays."""
    seen_later: dict[tuple[Kind, str], int] = {}
    order: list[_Node] = []

    def collect(nodes: list[_Node]) -> None:
        for node in nodes:
            order.append(node)
            if node.kind is Kind.ARTICLE or node.kind in CONTAINER_KINDS:
                collect(node.children if node.kind in CONTAINER_KINDS else [])

    collect(roots)
    for node in order:
        seen_later[(node.kind, node.num)] = seen_later.get((node.kind, node.num), 0) + 1

    def empty(node: _Node) -> bool:
        if node.kind is Kind.ARTICLE:
            return not node.text and not node.children and not node.footnotes and not node.wrap_up
        return all(empty(child) and seen_later[(child.kind, child.num)] > 1 for child in node.children)

    def prune(nodes: list[_Node]) -> list[_Node]:
        kept = []
        for node in nodes:
            key = (node.kind, node.num)
            if node.num and seen_later[key] > 1 and empty(node):
                seen_later[key] -= 1  # the later occurrence is the real one
                continue
            if node.kind in CONTAINER_KINDS:
                node.children = prune(node.children)
            kept.append(node)
        return kept

    return prune(roots)


def _freeze(node: _Node, parent_id: str | None, ordinal: int, ids: IdAllocator) -> Provision:
    own_id = ids.take(child_id(parent_id, node.kind, node.num, ordinal))
    seen: dict[Kind, int] = {}
    children = []
    for child in node.children:
        seen[child.kind] = seen.get(child.kind, 0) + 1  # unnumbered children count among their kind
        children.append(_freeze(child, own_id, seen[child.kind], ids))
    notes = tuple(note for line in node.footnotes for note in amendments_of(line))
    end = max([node.line.start + len(node.line.original), node.end]
              + [ln.start + len(ln.original) for ln in node.text + node.wrap_up + node.footnotes]
              + [c.span.end for c in children])
    text = "\n".join(line.original for line in node.text)
    return Provision(
        id=own_id,
        kind=node.kind,
        num=node.num,
        heading=node.heading,
        text=text,
        span=Span(node.line.number, node.line.start, end),
        children=tuple(children),
        status=_status(node, text, tuple(children), notes),
        wrap_up="\n".join(line.original for line in node.wrap_up),
        text_spans=tuple(line.span for line in node.text + node.wrap_up),
        amendments=notes,
        heading_span=_heading_span(node),
    )


def _heading_span(node: _Node) -> Span | None:
    """The heading's own characters (trailing blanks trimmed, as `heading` is)."""
    line = node.heading_line
    if line is None or not node.heading:
        return None
    lead = len(line.original) - len(line.original.lstrip())
    start = line.start + lead
    return Span(line.number, start, start + len(node.heading))


# The first words of a repealed part or item; the next letter must not be a small letter, so
# "Исключение из реестра …" (AOC art. 26) stays in force while "ИсключенЗаконом РК" (a lost space)
# does not. Matched with only the first letter lowered, so the case of the rest still counts.
_REPEALED_TEXT = re.compile(
    r"^(?:исключен[аоы]?|утратил[аио]?\s+силу|алып\s+тасталды|алынып\s+тасталды|repealed|deleted)(?![а-яёa-z])"
)


def _status(node: _Node, text: str, children: tuple[Provision, ...], notes: tuple[AmendmentNote, ...]) -> Status:
    """Repealed: an article with a heading and only a footnote that repeals it, or a part whose text says so."""
    if node.repealed_heading:
        return Status.REPEALED
    if node.kind is Kind.ARTICLE:
        empty = not text.strip() and not children
        if empty and any(n.action == "repealed" for n in notes):
            return Status.REPEALED
        if not children and _is_repeal_notice(text):  # "Статья 47. … / Исключена Законом РК от …"
            return Status.REPEALED
        return Status.IN_FORCE
    if node.kind in CONTAINER_KINDS:
        return Status.IN_FORCE
    return Status.REPEALED if _is_repeal_notice(text) else Status.IN_FORCE


def _is_repeal_notice(text: str) -> bool:
    start = norm(text).strip()
    return bool(_REPEALED_TEXT.match(start[:1].lower() + start[1:]))


def amendments_of(line: Line) -> list[AmendmentNote]:
    """Each amending law cited in a footnote line, with what it did (read from the words before it).

    Words in brackets are left out: they say when a law takes effect ("(вводится в действие …)"),
    not what it did. A ruling of the Constitutional Court is recorded as such, not as an amendment.
    """
    notes: list[AmendmentNote] = []
    ruling = bool(g.COURT_ANNOTATION.match(line.normal))
    action = "court_ruling" if ruling else "other"
    previous_end = 0
    for match in g.LAW_CITATION.finditer(line.normal):
        clause = _outside_brackets(line.normal[previous_end : match.start()])
        if not ruling:
            action = next((name for name, pattern in g.AMENDMENT_ACTIONS if pattern.search(clause)), action)
        previous_end = match.end()
        notes.append(
            AmendmentNote(
                law_number=match.group("num").upper(),
                law_date=parse_dotted_date(match.group("date")),
                action=action,
                text=line.original,
                span=line.span,
            )
        )
    return notes


def _outside_brackets(text: str) -> str:
    """`text` without bracketed passages, nested ones included; an unclosed bracket runs to the end."""
    depth = 0
    kept = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif not depth:
            kept.append(ch)
    return "".join(kept)


def parse_dotted_date(text: str) -> date | None:
    """"03.07.2017" as a date (footnotes, source URLs); None for an impossible one ("31.02.2019")."""
    day, month, year = (int(part) for part in text.split("."))
    try:
        return date(year, month, day)
    except ValueError:
        return None
