"""The provision model every stage of lexgap hands over: codes, provisions, amendment notes, references.

Everything here is a frozen dataclass. A `Provision` keeps the exact place of its text in the source
(line, character span in the decoded source text), so reports can quote and point at the real text,
and a stable id rooted at the article (``art_65-1__para_2__point_5``) that does not mention the chapter
or section, so ids survive restructuring and key the graph and the diff.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property


class CodeKind(StrEnum):
    """What a code governs; rules select codes by kind."""

    CRIMINAL = "criminal"
    CRIMINAL_PROCEDURE = "criminal_procedure"
    ADMINISTRATIVE_OFFENCES = "administrative_offences"
    CIVIL_PROCEDURE = "civil_procedure"
    OTHER = "other"


class Kind(StrEnum):
    """Provision kinds, named as Akoma Ntoso names the elements."""

    PART = "part"  # part of a code: "Общая часть", "Жалпы бөлік"
    SECTION = "section"  # "Раздел 1.", "1-бөлім"
    CHAPTER = "chapter"  # "Глава 3.", "3-тарау"
    SUBCHAPTER = "subchapter"  # "Параграф 1." inside a chapter
    ARTICLE = "article"  # "Статья 146.", "146-бап."
    PARAGRAPH = "paragraph"  # a numbered part of an article: "1.", "3-1."
    POINT = "point"  # an item "1)", "1-1)"; a sub-item "а)" is a point inside a point
    NOTE = "note"  # "Примечание." / "Ескерту." (a note, not an amendment footnote)


class Status(StrEnum):
    IN_FORCE = "in_force"
    REPEALED = "repealed"


#: The hierarchy above articles, outermost first; used to order containers and to build their ids.
CONTAINER_KINDS: tuple[Kind, ...] = (Kind.PART, Kind.SECTION, Kind.CHAPTER, Kind.SUBCHAPTER)

#: Prefixes of id components, as in the Akoma Ntoso naming convention (bluebell/cobalt use the same).
ID_PREFIX: dict[Kind, str] = {
    Kind.PART: "part",
    Kind.SECTION: "sec",
    Kind.CHAPTER: "chp",
    Kind.SUBCHAPTER: "subchp",
    Kind.ARTICLE: "art",
    Kind.PARAGRAPH: "para",
    Kind.POINT: "point",
    Kind.NOTE: "note",
}

LANGUAGES: dict[str, str] = {"ru": "rus", "kk": "kaz", "kz": "kaz", "en": "eng"}
"""Accepted language names mapped to the ISO 639-2 codes Akoma Ntoso uses; the model stores the latter."""


@dataclass(frozen=True, order=True)
class Span:
    """Where something stands in the decoded source text: 1-based line, 0-based character offsets."""

    line: int
    start: int
    end: int


AMENDMENT_ACTIONS: tuple[str, ...] = ("amended", "added", "restated", "repealed", "suspended", "court_ruling", "other")
"""What a footnote says a law did; "court_ruling" marks the database's notes on Constitutional Court
rulings, which amend nothing and do not count for the edition date."""


@dataclass(frozen=True)
class AmendmentNote:
    """One amending law named in a footnote ("Сноска. Статья 65-1 дополнена … Законом РК от … № …")."""

    law_number: str  # as written, e.g. "84-VI"
    law_date: date | None
    action: str  # one of AMENDMENT_ACTIONS
    text: str  # the whole footnote, verbatim
    span: Span


@dataclass(frozen=True)
class Provision:
    """One node of the tree; its `text` is its own text, without headings, children or footnotes.

    `text` joins the provision's own paragraphs (before its first child) with newlines; `wrap_up`
    holds text that follows its children (the sanction after the items of a part). `text_spans` gives
    the source span of each paragraph of `text` then of `wrap_up`, so any quote maps back exactly.
    """

    id: str
    kind: Kind
    num: str  # as written: "65-1", "3-1", "а", "144²"; "" when unnumbered
    heading: str
    text: str
    span: Span  # the whole provision, heading to last child or footnote
    children: tuple[Provision, ...] = ()
    status: Status = Status.IN_FORCE
    wrap_up: str = ""
    text_spans: tuple[Span, ...] = ()
    amendments: tuple[AmendmentNote, ...] = ()
    heading_span: Span | None = None  # where `heading` stands in the source, when the reader knows

    def walk(self) -> Iterator[Provision]:
        """This provision and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def full_text(self) -> str:
        """Own text, the children's full text, then the wrap-up: what a reader sees under the heading."""
        parts = [self.text] + [c.full_text for c in self.children] + [self.wrap_up]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Reference:
    """A reference found in a provision's text, resolved (or not) to a provision id.

    `target_code` is None for a reference inside the same code, otherwise the key of the named
    external code (e.g. ``kz/criminal_procedure``). A reference naming several articles ("статьями
    110–112") yields one `Reference` per target with the same `text` and `span`.
    """

    source: str  # id of the provision whose text holds the reference
    text: str  # the reference as written
    span: Span
    target: str | None  # id of the provision it points at, when it could be built
    target_code: str | None = None
    resolved: bool = False


@dataclass(frozen=True)
class Code:
    """A code (or a chapter of one) as read from one source, with its provision tree."""

    title: str
    kind: CodeKind
    language: str  # ISO 639-2: "rus", "kaz", "eng"
    jurisdiction: str  # ISO 3166-1 alpha-2, lower case, e.g. "kz"; "" when unknown
    source: str  # path or URL the text was read from
    sha256: str  # of the source bytes
    body: tuple[Provision, ...] = ()
    number: str = ""  # "226-V"
    adopted: date | None = None
    edition_date: date | None = None
    references: tuple[Reference, ...] = ()
    amendments: tuple[AmendmentNote, ...] = ()  # footnotes on the whole code ("По всему тексту: …")
    preface: str = ""  # text before the first provision of the body (footnotes on the whole code)
    fragment: bool = False  # True when the source holds only part of the code (a chapter or section)

    @property
    def key(self) -> str:
        """Short key naming the code across documents, e.g. ``kz/criminal``; references use it."""
        return f"{self.jurisdiction or 'xx'}/{self.kind.value}"

    @property
    def uri(self) -> str:
        """FRBR expression URI in the Akoma Ntoso naming convention, e.g. /akn/kz/act/code/2014-07-03/226-V/rus@2019-12-27."""
        country = self.jurisdiction or "xx"
        adopted = self.adopted.isoformat() if self.adopted else "0000-00-00"
        number = self.number or slug(self.title) or "unknown"
        edition = f"@{self.edition_date.isoformat()}" if self.edition_date else "@"
        return f"/akn/{country}/act/code/{adopted}/{number}/{self.language}{edition}"

    def walk(self) -> Iterator[Provision]:
        """Every provision in document order."""
        for top in self.body:
            yield from top.walk()

    @cached_property
    def index(self) -> dict[str, Provision]:
        """Provisions by id (built once; the dataclass stays frozen)."""
        return {p.id: p for p in self.walk()}

    @cached_property
    def parents(self) -> dict[str, str | None]:
        """Parent id of every provision (None for the top of the body)."""
        out: dict[str, str | None] = {}

        def visit(node: Provision, parent: str | None) -> None:
            out[node.id] = parent
            for child in node.children:
                visit(child, node.id)

        for top in self.body:
            visit(top, None)
        return out

    def articles(self) -> list[Provision]:
        return [p for p in self.walk() if p.kind is Kind.ARTICLE]


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "ә": "ae", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "oe", "ұ": "u", "ү": "ue", "һ": "h", "і": "i",
}


def clean_num(num: str) -> str:
    """Number as it goes into an id: lower case ASCII, "144²" -> "144-2", "36.1" -> "36-1", "а" -> "a".

    A superscript marks an inserted article in some codes (Georgia's 144²), the same thing Kazakhstan
    writes as 144-2, so both spellings give one id.
    """
    raw = num.strip().lower()
    sup = re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+$", raw)
    if sup and sup.start() > 0:
        raw = raw[: sup.start()] + "-" + raw[sup.start():]
    raw = raw.translate(_SUPERSCRIPTS)
    raw = "".join(_TRANSLIT.get(ch, ch) for ch in raw)
    raw = re.sub(r"\s+", "", raw).strip(".")
    raw = raw.replace(".", "-")  # the Russian Federation's "36.1" is Kazakhstan's "36-1"
    return re.sub(r"[^a-z0-9-]", "-", raw).strip("-")


def slug(text: str) -> str:
    """A short ASCII slug of a title, for URIs of documents that carry no number."""
    return re.sub(r"-+", "-", clean_num(text.replace(" ", "-")))[:40].strip("-")


def component(kind: Kind, num: str) -> str:
    """One id component: ``art_146``, ``para_2``, ``point_1-1``."""
    cleaned = clean_num(num)
    return f"{ID_PREFIX[kind]}_{cleaned}" if cleaned else ID_PREFIX[kind]


@dataclass
class IdAllocator:
    """Hands out ids that are unique in a code: a second "art_5" becomes "art_5_2" (never silently shared)."""

    seen: dict[str, int] = field(default_factory=dict)

    def take(self, wanted: str) -> str:
        count = self.seen.get(wanted, 0) + 1
        self.seen[wanted] = count
        return wanted if count == 1 else f"{wanted}_{count}"


def child_id(parent_id: str | None, kind: Kind, num: str, ordinal: int) -> str:
    """Id of a provision below `parent_id`; articles and containers start a new root.

    Unnumbered children take their position (``note_1``), so ids stay stable while the text does.
    """
    comp = component(kind, num) if num else f"{ID_PREFIX[kind]}_{ordinal}"
    if kind in CONTAINER_KINDS or kind is Kind.ARTICLE or not parent_id:
        return comp
    return f"{parent_id}__{comp}"
