"""Diffing two editions of a code: what changed, which law changed it, and what that does to the gaps.

`diff_codes(old, new)` aligns the provisions (`align`), classifies each pair and attaches a
word-level diff and the amending laws the new edition's footnotes name; `diff_findings` says which
findings of the rules changed between the editions and which changed provisions explain it;
`pick_edition` picks, from several dated editions, the one in force on a date.

Changes, one per provision in scope:
- ``added``: only the new edition has it;
- ``repealed``: the new edition keeps it marked repealed ("исключена"), or it lost its text;
- ``removed``: gone from the new text altogether;
- ``renumbered``: paired by similarity under another id (the old part 3 is now part 4);
- ``moved``: same id, another container (an article moved to another chapter);
- ``text_changed``: same id, different normalised text (whitespace never counts);
- ``unchanged``.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from lexgap.diff.align import (
    Alignment,
    Pair,
    Scope,
    align,
    compared_text,
    containers_of,
    folded,
    is_repealed,
    text_key,
)
from lexgap.diff.editions import EditionError, check_same_code, pick_edition, pick_pair
from lexgap.diff.findings import (
    FINDING_CHANGES,
    FindingChange,
    diff_findings,
    scoped_codes,
)
from lexgap.model import CONTAINER_KINDS, AmendmentNote, Code, Kind, Provision, Span
from lexgap.normalize import norm
from lexgap.read.grammar import LAW_CITATION
from lexgap.read.text import parse_dotted_date

CHANGES = ("added", "repealed", "removed", "moved", "renumbered", "text_changed", "unchanged")


@dataclass(frozen=True)
class ProvisionChange:
    """What happened to one provision between the editions."""

    id: str  # the new id, or the old one when the provision was repealed or removed
    old_id: str | None
    new_id: str | None
    change: str  # one of CHANGES
    kind: Kind
    similarity: float  # of the compared texts, 0-1 (1.0 when equal, 0.0 when one side is missing)
    word_diff: tuple[tuple[str, str], ...] = ()  # ("=" | "-" | "+", words); empty when unchanged
    amending_laws: tuple[AmendmentNote, ...] = ()  # footnotes of the new article newer than the old edition
    old_span: Span | None = None
    new_span: Span | None = None

    @property
    def article(self) -> str:
        """Id of the article (or container) this provision belongs to: ids are rooted at the article."""
        return self.id.split("__", 1)[0]

    @property
    def text_differs(self) -> bool:
        """Whether the words changed, whatever the classification (a moved article may be edited too)."""
        return any(op != "=" for op, _ in self.word_diff)


@dataclass(frozen=True)
class CodeDiff:
    """The changes between two editions of a code, in report order (the new edition's document order)."""

    old: Code = field(repr=False, compare=False)
    new: Code = field(repr=False, compare=False)
    scope: Scope = field(repr=False)
    provisions: tuple[ProvisionChange, ...] = ()

    @property
    def changed(self) -> tuple[ProvisionChange, ...]:
        return tuple(p for p in self.provisions if p.change != "unchanged")

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(p.change for p in self.provisions)
        return {change: counter.get(change, 0) for change in CHANGES}

    def by_old_id(self) -> dict[str, ProvisionChange]:
        return {p.old_id: p for p in self.provisions if p.old_id is not None}

    def by_new_id(self) -> dict[str, ProvisionChange]:
        return {p.new_id: p for p in self.provisions if p.new_id is not None}


def diff_codes(old: Code, new: Code, scope: str = "auto") -> CodeDiff:
    """Compare two editions of a code; `scope` is "auto" (what both cover) or "all" (see `choose_scope`)."""
    alignment = align(old, new, scope)
    baseline = edition_baseline(old)
    changes = _classify(old, new, alignment, baseline)
    return CodeDiff(old=old, new=new, scope=alignment.scope, provisions=tuple(changes))


def _classify(old: Code, new: Code, alignment: Alignment, baseline: date | None) -> list[ProvisionChange]:
    """One change per pair; the descendants of an added, repealed or removed provision share its fate."""
    fate: dict[str, str] = {}  # old id of a provision below a repealed or removed one -> that change
    out: list[ProvisionChange] = []
    for pair in alignment.pairs:
        change = _change(old, new, pair, alignment, fate)
        node = pair.new if pair.new is not None else pair.old
        assert node is not None
        if change in ("repealed", "removed") and pair.old is not None:
            for child in pair.old.children:
                for d in child.walk():
                    fate.setdefault(d.id, change)
        out.append(
            ProvisionChange(
                id=node.id,
                old_id=pair.old.id if pair.old is not None else None,
                new_id=pair.new.id if pair.new is not None else None,
                change=change,
                kind=node.kind,
                similarity=pair.similarity,
                word_diff=_ops(pair, change),
                amending_laws=_laws(old, new, pair, baseline) if change != "unchanged" else (),
                old_span=pair.old.span if pair.old is not None else None,
                new_span=pair.new.span if pair.new is not None else None,
            )
        )
    return out


def _ops(pair: Pair, change: str) -> tuple[tuple[str, str], ...]:
    """The word diff a change shows: none when unchanged; for a repeal the heading compared word by
    word and the text struck whole (a word shared by chance with "исключена Законом …" is no match)."""
    if change == "unchanged":
        return ()
    if change != "repealed" or pair.old is None or pair.new is None:
        return word_diff(_text(pair.old), _text(pair.new))
    heading = word_diff(pair.old.heading, pair.new.heading) if pair.old.heading or pair.new.heading else ()
    body = tuple((op, text) for op, text in (("-", pair.old.full_text), ("+", pair.new.full_text)) if text.strip())
    return heading + ((("=", "\n"),) if heading and body else ()) + body


def _text(provision: Provision | None) -> str:
    return "" if provision is None else compared_text(provision)


def _change(old: Code, new: Code, pair: Pair, alignment: Alignment, fate: dict[str, str]) -> str:
    o, n = pair.old, pair.new
    if o is None:
        assert n is not None
        return "added"
    if n is None:
        return fate.get(o.id, "removed")  # a part of a repealed article is repealed with it
    lost_text = bool(o.full_text.strip()) and not n.full_text.strip()
    if n.kind not in CONTAINER_KINDS and not is_repealed(o) and (is_repealed(n) or lost_text):
        return "repealed"
    if o.id != n.id:
        return "renumbered"
    if _moved(old, new, o, n, alignment):
        return "moved"
    if text_key(compared_text(o)) != text_key(compared_text(n)) or o.status is not n.status:
        return "text_changed"
    return "unchanged"


def _moved(old: Code, new: Code, o: Provision, n: Provision, alignment: Alignment) -> bool:
    """An article (or container) whose innermost container is not the partner of its old one."""
    if o.kind is not Kind.ARTICLE and o.kind not in CONTAINER_KINDS:
        return False
    above_old, above_new = containers_of(old, o.id), containers_of(new, n.id)
    above_old = [c for c in above_old if c.id in alignment.scope.old_ids]
    above_new = [c for c in above_new if c.id in alignment.scope.new_ids]
    if not above_old or not above_new:
        return False
    return alignment.containers.get(above_old[0].id) != above_new[0].id


_TOKEN = re.compile(r"\n|[^\s]+")


def word_diff(old_text: str, new_text: str) -> tuple[tuple[str, str], ...]:
    """Word-level diff (difflib on word tokens; paragraph breaks are tokens too), runs merged.
    Words are compared normalised (`folded`), so a look-alike letter or dash is no change; equal
    runs are given in the new wording."""
    a, b = _TOKEN.findall(old_text), _TOKEN.findall(new_text)
    ops: list[tuple[str, list[str]]] = []

    def emit(op: str, words: list[str]) -> None:
        if not words:
            return
        if ops and ops[-1][0] == op:
            ops[-1][1].extend(words)
        else:
            ops.append((op, list(words)))

    matcher = difflib.SequenceMatcher(None, [folded(t) for t in a], [folded(t) for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            emit("=", b[j1:j2])
        else:
            emit("-", a[i1:i2])
            emit("+", b[j1:j2])
    return tuple((op, _join(words)) for op, words in ops)


def _join(words: list[str]) -> str:
    return re.sub(r" ?\n ?", "\n", " ".join(words))


def edition_baseline(code: Code) -> date | None:
    """The date up to which the old edition is amended: its edition date, else its latest law."""
    dates = [n.law_date for n in code.amendments if n.law_date]
    dates += [n.law_date for p in code.walk() for n in p.amendments if n.law_date]
    candidates = [d for d in [code.edition_date, max(dates, default=None)] if d is not None]
    return max(candidates, default=None)


def _article_of(code: Code, provision: Provision) -> Provision | None:
    """The article holding a provision (itself for an article), None for containers."""
    if provision.kind is Kind.ARTICLE:
        return provision
    if provision.kind in CONTAINER_KINDS:
        return None
    found = code.index.get(provision.id.split("__", 1)[0])
    return found if found is not None and found.kind is Kind.ARTICLE else None


def container_notes(code: Code, container: Provision) -> tuple[AmendmentNote, ...]:
    """Footnotes on a container ("Кодекс дополнен главой 52-1 …", "Заголовок главы 52 в редакции …"):
    the reader keeps them with the code's own; they stand between its heading and its first child."""
    first = container.children[0].span.start if container.children else container.span.end
    return tuple(n for n in code.amendments if container.span.start <= n.span.start < first)


def _notes(code: Code, provision: Provision) -> tuple[AmendmentNote, ...]:
    """The footnotes that speak for a provision: its article's, or its own container's."""
    if provision.kind in CONTAINER_KINDS:
        return container_notes(code, provision)
    article = _article_of(code, provision)
    return article.amendments if article is not None else ()


def _laws(old: Code, new: Code, pair: Pair, baseline: date | None) -> tuple[AmendmentNote, ...]:
    """The footnotes of the new article (or container) that name a law newer than the old edition
    and not named in the old one's footnotes: the laws that made this change, as the text tells.
    An added article whose own footnotes name none takes its container's ("дополнен главой 52-1")."""
    if pair.new is None:
        return ()
    known = {note.law_number for note in _notes(old, pair.old)} if pair.old is not None else set()
    notes = _repealing(pair.new) + _notes(new, pair.new)
    fresh = _fresh(notes, known, baseline)
    if not fresh and pair.old is None and pair.new.kind not in CONTAINER_KINDS:
        for container in containers_of(new, pair.new.id.split("__", 1)[0]):
            fresh = _fresh(container_notes(new, container), known, baseline)
            if fresh:
                break
    return fresh


def _repealing(provision: Provision) -> tuple[AmendmentNote, ...]:
    """The law a repealed provision's own words name ("Исключена Законом РК от 21.11.2024 №
    136-VIII"): where a repealed article keeps only its heading, no footnote may name it."""
    if not is_repealed(provision):
        return ()
    words = norm(f"{provision.heading}\n{provision.text}")
    return tuple(
        AmendmentNote(
            law_number=match.group("num").upper(),
            law_date=parse_dotted_date(match.group("date")),
            action="repealed",
            text=words.strip(),
            span=provision.heading_span or provision.span,
        )
        for match in LAW_CITATION.finditer(words)
    )


def _fresh(notes: tuple[AmendmentNote, ...], known: set[str], baseline: date | None) -> tuple[AmendmentNote, ...]:
    out: list[AmendmentNote] = []
    for note in notes:
        if note.action == "court_ruling":
            continue  # the database's note on a Constitutional Court ruling: no law amended the text
        if note.law_number in known or any(n.law_number == note.law_number for n in out):
            continue  # a law named in two footnotes (the heading's and the article's) is one law
        if note.law_date is None or baseline is None or note.law_date > baseline:
            out.append(note)
    return tuple(out)



__all__ = [
    "CHANGES",
    "FINDING_CHANGES",
    "CodeDiff",
    "EditionError",
    "FindingChange",
    "ProvisionChange",
    "Scope",
    "check_same_code",
    "diff_codes",
    "diff_findings",
    "edition_baseline",
    "pick_edition",
    "pick_pair",
    "scoped_codes",
    "word_diff",
]
