"""Apply an amending law's instructions to a code: the amended edition, written out and read back.

`apply_amendment(code, law)` applies each instruction in the order written to frozen provisions
rebuilt with `dataclasses.replace`, and returns an `Amended`: one `Outcome` per instruction
(applied, failed with the reason, or skipped when addressed to another act), the amended edition as
Markdown, and the amended `Code` read back from that Markdown, so that its spans (and every quote a
finding takes from it) point into the amended file.

How each operation lands, as the official texts show amended codes:
- restated and added provisions are read from their quoted text with the same text reader as the
  codes (`lexgap.read.read_text`), inside a minimal article when they are parts, items or notes;
- added parts and items go after the sibling with the next lower number (3-1 after 3): amending
  laws never renumber, so nothing else moves; an added article goes after the article with the
  next lower number, in that article's chapter;
- a repealed part or item keeps its number, and its text becomes "Исключена Законом РК от … № …"
  (the reader marks such text repealed); a repealed article keeps its number and heading, loses its
  text, and carries the footnote "Статья 108 исключена Законом РК от … № …";
- words are matched on normalised text (spaces, dashes, look-alike letters, ё/е), as whole words
  and case-sensitively; when only a capitalised first letter differs (the words open a sentence),
  they match and the replacement takes the capital. Words not found are an error of the draft.
  Appended words go before the final punctuation ("…показаний;" -> "…показаний, за исключением …;");
  an appended sentence goes after the last sentence of the provision's last paragraph;
- every amended article gets one footnote per law naming what was done ("Статья 146 в редакции
  Закона РК от 15.03.2025 № 123-VIII"), as `AmendmentNote`s on the article.

A draft that gives no number and date cannot be cited in a footnote the reader recognises; its
footnotes and the repealed status of the articles it repeals are carried over onto the read-back
code by provision id.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from lexgap.amend.parse import LEVELS, AmendingLaw, Instruction, Op, Step, Target
from lexgap.model import (
    AmendmentNote,
    Code,
    CodeKind,
    Kind,
    Provision,
    Span,
    Status,
    child_id,
    clean_num,
    component,
)
from lexgap.normalize import norm, normalize
from lexgap.read import ReadError, ReadOptions, read_text
from lexgap.write.outline import to_text


class Result(StrEnum):
    APPLIED = "applied"
    FAILED = "failed"
    SKIPPED = "skipped"  # addressed to another act, or to the table of contents


@dataclass(frozen=True)
class Outcome:
    """What became of one instruction."""

    instruction: Instruction
    result: Result
    message: str  # what was done, or why it could not be
    provisions: tuple[str, ...] = ()  # ids of the provisions changed, in the amended code

    def line(self, source: str) -> str:
        """`amendment.md:12:1: applied: restated art. 146` (or `cannot apply: …`)."""
        verb = {Result.APPLIED: "applied", Result.FAILED: "cannot apply", Result.SKIPPED: "skipped"}[self.result]
        return f"{self.instruction.location.prefix(source)}: {verb}: {self.message}"


@dataclass(frozen=True)
class Amended:
    """The amended edition of a code and how each instruction fared."""

    law: AmendingLaw
    old: Code
    new: Code  # read back from `text`: spans point into the amended file
    text: bytes  # the amended edition as Markdown
    outcomes: tuple[Outcome, ...]

    @property
    def failures(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.result is Result.FAILED)


class ApplyError(Exception):
    """An instruction that cannot be applied to this code; the message says why."""


# --- entry point ----------------------------------------------------------------------------------


def apply_amendment(code: Code, law: AmendingLaw, *, edition: date | None = None, source: str | None = None) -> Amended:
    """Apply `law` to `code`; the edition date is `edition`, else the law's date, else none (a draft).

    `source` names the amended file in the read-back code (the `-o` path); by default
    ``<code source> (amended by <law source>)``.
    """
    work = code
    outcomes: list[Outcome] = []
    touched: dict[str, set[str]] = {}
    for instruction in law.instructions:
        outcome, work = _apply_one(work, instruction, touched)
        outcomes.append(outcome)
    work = _footnotes(work, law, touched)
    edition_date = edition or law.date
    text = to_text(replace(work, edition_date=edition_date))
    name = source or f"{code.source} (amended by {law.source})"
    new = read_back(text, name, code, edition_date)
    if law.is_draft:
        new = _carry_over(new, work, text.decode("utf-8"), touched)
    return Amended(law, code, new, text, tuple(outcomes))


def read_back(text: bytes, source: str, like: Code, edition_date: date | None) -> Code:
    """Read the amended Markdown as a code with `like`'s metadata and the new edition date."""
    options = ReadOptions(lang=like.language, kind=like.kind, jurisdiction=like.jurisdiction or None,
                          title=like.title or None, number=like.number or None, adopted=like.adopted,
                          edition_date=edition_date)
    new = read_text(text.decode("utf-8"), source=source, sha256=hashlib.sha256(text).hexdigest(), options=options)
    return new if edition_date else replace(new, edition_date=None)


def addressed_here(instruction: Instruction, code: Code) -> bool:
    """A clause is for this code when the law names no act, or names an act of this code's kind."""
    if instruction.act_kind is None or code.kind is CodeKind.OTHER:
        return True
    return instruction.act_kind is code.kind


def _apply_one(code: Code, ins: Instruction, touched: dict[str, set[str]]) -> tuple[Outcome, Code]:
    if not addressed_here(ins, code):
        return Outcome(ins, Result.SKIPPED, f"addressed to another act ({ins.act})"), code
    if ins.op is Op.CONTENTS:
        return Outcome(ins, Result.SKIPPED, "table of contents: lexgap keeps none (headings come from the articles)"), code
    if ins.op is Op.UNPARSED:
        return Outcome(ins, Result.FAILED, ins.reason), code
    if code.language != "rus":
        return Outcome(ins, Result.FAILED, f"amending laws are read in Russian; this code is in {code.language}"), code
    try:
        operation = _on_paragraph if ins.target.abzac else _OPERATIONS[ins.op]
        new, ids, message, action = operation(code, ins)
    except ApplyError as exc:
        return Outcome(ins, Result.FAILED, str(exc)), code
    for article in {i.split("__", 1)[0] for i in ids} or {""}:
        touched.setdefault(article, set()).add(action)
    return Outcome(ins, Result.APPLIED, message, ids), new


# --- finding the target ---------------------------------------------------------------------------


def resolve(code: Code, target: Target) -> Provision:
    """The provision a target names; `ApplyError` saying what is missing when there is none."""
    if not target.path:
        raise ApplyError("no provision named")
    node: Provision | None = None
    for level, num in target.path:
        if level == "article":
            node = code.index.get(component(Kind.ARTICLE, num))
            if node is None:
                raise ApplyError(f"the code has no article {num}")
        elif node is None:
            raise ApplyError(f"{target.describe()}: no article named")
        else:
            node = _child(code, node, level, num)
    assert node is not None
    return node


def _child(code: Code, node: Provision, level: str, num: str) -> Provision:
    kind = LEVELS[level]
    same = [c for c in node.children if c.kind is kind]
    if level == "note" and not num:
        if len(same) == 1:
            return same[0]
        raise ApplyError(f"{_where(code, node)} has {len(same) or 'no'} notes" + ("; name one" if same else ""))
    found = [c for c in same if clean_num(c.num) == clean_num(num)]
    if found:
        return found[0]
    if kind is Kind.POINT and node.kind is Kind.ARTICLE:
        # "пункт 7) статьи 272" for an article that keeps its items in one of its parts
        holders = [c for p in node.children if p.kind is Kind.PARAGRAPH for c in p.children
                   if c.kind is Kind.POINT and clean_num(c.num) == clean_num(num)]
        if len(holders) == 1:
            return holders[0]
    has = ", ".join(c.num for c in same if c.num)
    word = {"part": "part", "point": "item", "subpoint": "sub-item", "note": "note"}[level]
    suffix = f" (it has {word}s {has})" if has else ""
    raise ApplyError(f"{_where(code, node)} has no {word} {num}{suffix}")


def _where(code: Code, node: Provision) -> str:
    from lexgap.match.texts import pinpoint

    return pinpoint(code, node.id) if node.id in code.index else node.id


# --- rebuilding the tree --------------------------------------------------------------------------


def update(code: Code, node_id: str, change: Callable[[Provision], Provision]) -> Code:
    """A new code with the provision `node_id` replaced by `change(provision)`, ancestors rebuilt."""
    chain: list[str] = []
    current: str | None = node_id
    while current is not None:
        chain.append(current)
        current = code.parents[current]
    chain.reverse()

    def rebuild(nodes: tuple[Provision, ...], depth: int) -> tuple[Provision, ...]:
        return tuple(one(n, depth) if n.id == chain[depth] else n for n in nodes)

    def one(node: Provision, depth: int) -> Provision:
        if depth == len(chain) - 1:
            return change(node)
        return replace(node, children=rebuild(node.children, depth + 1))

    return replace(code, body=rebuild(code.body, 0))


def reroot(node: Provision, parent_id: str | None, ordinal: int = 1) -> Provision:
    """The provision with ids rebuilt below `parent_id`, as the reader builds them."""
    own = child_id(parent_id, node.kind, node.num, ordinal)
    seen: dict[Kind, int] = {}
    children = []
    for child in node.children:
        seen[child.kind] = seen.get(child.kind, 0) + 1
        children.append(reroot(child, own, seen[child.kind]))
    return replace(node, id=own, children=tuple(children))


def _article_of(node_id: str) -> str:
    return node_id.split("__", 1)[0]


def _rerooted(code: Code, article_id: str) -> Code:
    return update(code, article_id, lambda a: reroot(a, None))


def order_key(num: str) -> tuple[int, ...]:
    """Sort key of a number as written: "3-1" -> (3, 1), so 3 < 3-1 < 4; letters by alphabet."""
    digits = re.findall(r"\d+", num)
    if digits:
        return tuple(int(d) for d in digits)
    return tuple(ord(ch) for ch in num.lower()) or (0,)


def insert_in_order(children: tuple[Provision, ...], new: Provision) -> tuple[Provision, ...]:
    """Insert after the sibling of the same kind with the next lower number; parts and items before notes."""
    out = list(children)
    same = [i for i, c in enumerate(out) if c.kind is new.kind]
    lower = [i for i in same if order_key(out[i].num) < order_key(new.num)]
    if lower:
        position = lower[-1] + 1
    elif same:
        position = same[0]
    else:
        notes = [i for i, c in enumerate(out) if c.kind is Kind.NOTE]
        position = notes[0] if notes and new.kind is not Kind.NOTE else len(out)
    out.insert(position, new)
    return tuple(out)


# --- quoted provisions ----------------------------------------------------------------------------

_WRAPPERS: dict[str, list[str]] = {
    "article": [],
    "part": ["Статья 1. -"],
    "point": ["Статья 1. -", "1. -"],
    "point_in_article": ["Статья 1. -"],
    "subpoint": ["Статья 1. -", "1) -"],
    "note": ["Статья 1. -"],
    "numbered_note": ["Статья 1. -", "Примечания."],
}


def read_quoted(payload: str, shape: str, like: Code) -> tuple[Provision, ...]:
    """The provisions a quoted text holds, read inside a minimal article shaped for them."""
    lines = [line.strip() for line in payload.split("\n") if line.strip()]
    if not lines:
        raise ApplyError("the quoted text is empty")
    snippet = "\n\n".join(_WRAPPERS[shape] + lines) + "\n"
    try:
        fragment = read_text(snippet, source="<quoted text>", sha256="0" * 64,
                             options=ReadOptions(lang=like.language, kind=like.kind, jurisdiction=like.jurisdiction or None))
    except ReadError as exc:
        raise ApplyError(f"the quoted text is not a provision: {str(exc).split(': ', 1)[-1]}") from exc
    articles = [p for p in fragment.walk() if p.kind is Kind.ARTICLE]
    if shape == "article":
        return tuple(articles)
    holder = articles[0]
    if shape in ("point", "subpoint"):
        holder = holder.children[0]
    return holder.children


def _expect(nodes: tuple[Provision, ...], kind: Kind, what: str) -> tuple[Provision, ...]:
    wrong = [n for n in nodes if n.kind is not kind]
    if wrong or not nodes:
        found = ", ".join(sorted({n.kind.value for n in nodes})) or "nothing"
        raise ApplyError(f"the quoted text should hold {what}; it holds {found}")
    return nodes


# --- operations -----------------------------------------------------------------------------------

Applied = tuple[Code, tuple[str, ...], str, str]  # new code, ids changed, message, footnote action


def _restate(code: Code, ins: Instruction) -> Applied:
    target = ins.target
    node = resolve(code, target)
    payload = ins.payload[0]
    where = _where(code, node)
    if target.heading:
        heading = _heading_from(payload, node.num)
        new = update(code, node.id, lambda a: replace(a, heading=heading))
        return new, (node.id,), f"restated the heading of {where}", "changed"
    if node.kind is Kind.ARTICLE:
        articles = _expect(read_quoted(payload, "article", code), Kind.ARTICLE, "one article")
        if len(articles) != 1 or clean_num(articles[0].num) != clean_num(node.num):
            raise ApplyError(f"the quoted text should be article {node.num}; it is article {', '.join(a.num for a in articles)}")
        fresh = reroot(replace(articles[0], amendments=node.amendments), None)
        return update(code, node.id, lambda _: fresh), (node.id,), f"restated {where}", "restated"
    shape, what = _shape_of(code, node)
    nodes = _expect(read_quoted(payload, shape, code), node.kind, what)
    if len(nodes) != 1:
        raise ApplyError(f"the quoted text should be one {what}; it holds {len(nodes)}")
    if nodes[0].num and node.num and clean_num(nodes[0].num) != clean_num(node.num):
        raise ApplyError(f"the quoted text is numbered {nodes[0].num}, the provision restated is {node.num}")
    fresh = replace(nodes[0], num=node.num or nodes[0].num)
    article = _article_of(node.id)
    new = _rerooted(update(code, node.id, lambda _: fresh), article)
    return new, (node.id,), f"restated {where}", "changed"


def _heading_from(payload: str, num: str) -> str:
    """"Статья 146. Пытки" or just "Пытки": the heading without the article's number."""
    text = " ".join(payload.split())
    match = re.match(r"^стать[яи]\s+(?P<num>\d+(?:-\d+)*)\s*\.\s*(?P<heading>.*)$", norm(text), re.IGNORECASE)
    if match:
        if clean_num(match.group("num")) != clean_num(num):
            raise ApplyError(f"the quoted heading is of article {match.group('num')}, not {num}")
        return text[match.start("heading"):].strip()
    return text.strip()


def _shape_of(code: Code, node: Provision) -> tuple[str, str]:
    """How to read a quoted text that replaces or joins `node`'s kind, and its name for messages."""
    parent = code.index.get(code.parents.get(node.id) or "")
    if node.kind is Kind.PARAGRAPH:
        return "part", "a part"
    if node.kind is Kind.NOTE:
        return ("numbered_note" if node.num else "note"), "a note"
    if parent is not None and parent.kind is Kind.POINT:
        return "subpoint", "a sub-item"
    if parent is not None and parent.kind is Kind.ARTICLE:
        return "point_in_article", "an item"
    return "point", "an item"


_ADD_SHAPES = {"part": (Kind.PARAGRAPH, "part", "parts"), "point": (Kind.POINT, "point", "items"),
               "subpoint": (Kind.POINT, "subpoint", "sub-items"), "note": (Kind.NOTE, "note", "notes")}


def _add(code: Code, ins: Instruction) -> Applied:
    level = ins.adds[0][0]
    if level == "article":
        return _add_articles(code, ins)
    if level == "subpoint" and ins.target.path and resolve(code, ins.target).kind is not Kind.POINT:
        level = "point"  # "дополнить подпунктом 7-1)" of an article or part that lists items: an item
    kind, shape, what = _ADD_SHAPES[level]
    parent = _add_parent(code, ins.target, level)
    if level == "point" and parent.kind is Kind.ARTICLE:
        shape = "point_in_article"
    if level == "note" and any(num for _, num in ins.adds):
        shape = "numbered_note"
    nodes = _expect(read_quoted(ins.payload[0], shape, code), kind, what)
    _check_numbers(ins.adds, nodes)
    existing = {clean_num(c.num) for c in parent.children if c.kind is kind and c.num}
    clash = [n.num for n in nodes if n.num and clean_num(n.num) in existing]
    if clash:
        raise ApplyError(f"{_where(code, parent)} already has {what[:-1]} {', '.join(clash)}")

    def add_all(p: Provision) -> Provision:
        children = p.children
        for node in nodes:
            children = insert_in_order(children, node)
        return replace(p, children=children)

    article = _article_of(parent.id)
    new = _rerooted(update(code, parent.id, add_all), article)
    ids = tuple(_new_id(new, parent.id, n) for n in nodes)
    names = "; ".join(_where(new, new.index[i]) for i in ids)
    return new, ids, f"added {names}", "added"


def _new_id(code: Code, parent_id: str, node: Provision) -> str:
    wanted = child_id(parent_id, node.kind, node.num, 1)
    if wanted in code.index:
        return wanted
    parent = code.index[parent_id]
    return next(c.id for c in parent.children if c.kind is node.kind and c.num == node.num and c.text == node.text)


def _add_parent(code: Code, target: Target, level: str) -> Provision:
    """Where added parts, items or notes go; a part named for an added part stands for its article."""
    if not target.path:
        raise ApplyError(f"a {level} is added to a provision, and the clause names none")
    node = resolve(code, target)
    wanted = {"part": (Kind.ARTICLE,), "note": (Kind.ARTICLE,), "point": (Kind.PARAGRAPH, Kind.ARTICLE, Kind.NOTE),
              "subpoint": (Kind.POINT,)}[level]
    while node.kind not in wanted:
        parent = code.parents.get(node.id)
        if parent is None:
            raise ApplyError(f"cannot add a {level} to {_where(code, node)}")
        node = code.index[parent]
    return node


def _check_numbers(adds: tuple[Step, ...], nodes: tuple[Provision, ...]) -> None:
    named = [clean_num(num) for _, num in adds if num]
    if not named:
        return
    quoted = [clean_num(n.num) for n in nodes]
    if named != quoted:
        raise ApplyError(f"the clause adds {', '.join(n for _, n in adds)}; the quoted text holds {', '.join(n.num or '(unnumbered)' for n in nodes)}")


def _add_articles(code: Code, ins: Instruction) -> Applied:
    if ins.target.path:
        raise ApplyError(f"articles are added to the code, not to {ins.target.describe()}")
    articles = _expect(read_quoted(ins.payload[0], "article", code), Kind.ARTICLE, "articles")
    _check_numbers(ins.adds, articles)
    new = code
    ids = []
    for article in articles:
        fresh = reroot(article, None)
        if fresh.id in new.index:
            raise ApplyError(f"the code already has article {article.num}")
        new = _insert_article(new, fresh)
        ids.append(fresh.id)
    return new, tuple(ids), f"added {', '.join('art. ' + a.num for a in articles)}", "added_article"


def _insert_article(code: Code, article: Provision) -> Code:
    """After the article with the next lower number, in its container (before the first, if none is lower)."""
    existing = code.articles()
    if not existing:
        return replace(code, body=code.body + (article,))
    key = order_key(article.num)
    lower = [a for a in existing if order_key(a.num) < key]
    anchor = max(lower, key=lambda a: order_key(a.num)) if lower else existing[0]
    after = bool(lower)

    def place(nodes: tuple[Provision, ...]) -> tuple[Provision, ...]:
        out = list(nodes)
        index = next(i for i, n in enumerate(out) if n.id == anchor.id)
        out.insert(index + 1 if after else index, article)
        return tuple(out)

    parent = code.parents[anchor.id]
    if parent is None:
        return replace(code, body=place(code.body))
    return update(code, parent, lambda p: replace(p, children=place(p.children)))


_REPEALED_WORD = {Kind.PARAGRAPH: "Исключена", Kind.POINT: "исключен", Kind.NOTE: "Исключено"}


def _repeal(code: Code, ins: Instruction) -> Applied:
    node = resolve(code, ins.target)
    where = _where(code, node)
    if ins.target.heading:
        raise ApplyError("a heading is restated, not repealed")
    if node.status is Status.REPEALED:
        raise ApplyError(f"{where} is already repealed")
    if node.kind is Kind.ARTICLE:
        gone = replace(node, text="", wrap_up="", children=(), status=Status.REPEALED, text_spans=())
        return update(code, node.id, lambda _: gone), (node.id,), f"repealed {where}", "repealed"
    text = f"{_REPEALED_WORD[node.kind]} {_LAW_PENDING}."
    gone = replace(node, text=text, wrap_up="", children=(), status=Status.REPEALED, text_spans=())
    return update(code, node.id, lambda _: gone), (node.id,), f"repealed {where}", "changed"


_LAW_PENDING = "\ue000"  # stands for the law's citation until the footnotes are written


# --- words ----------------------------------------------------------------------------------------


def find_words(haystack: str, needle: str) -> tuple[list[tuple[int, int]], bool]:
    """Where `needle` stands in `haystack` as whole words, compared on normalised text.

    Returns the original spans and whether they were found only by capitalising the first letter.
    """
    mapped = normalize(haystack)
    hay = _fold(mapped.text)
    words = _fold(norm(needle)).split()
    if not words:
        return [], False
    body = r"[^\S\n]+".join(re.escape(w) for w in words)
    head = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    tail = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    for capital in (False, True):
        pattern = body
        if capital:
            first = words[0][0]
            if first.upper() == first:
                break
            pattern = re.escape(first.upper()) + body[len(re.escape(first)):]
        spans = [mapped.to_original(m.start(), m.end()) for m in re.finditer(head + pattern + tail, hay)]
        if spans:
            return spans, capital
    return [], False


def _fold(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def _edit(text: str, needle: str, change: Callable[[str, int, int, bool], tuple[str, int]]) -> tuple[str, int]:
    """Apply `change(text, start, end, capital)` at each occurrence, last first; returns text and count."""
    spans, capital = find_words(text, needle)
    for start, end in reversed(spans):
        text, _ = change(text, start, end, capital)
    return text, len(spans)


def _replacer(new_words: str) -> Callable[[str, int, int, bool], tuple[str, int]]:
    def change(text: str, start: int, end: int, capital: bool) -> tuple[str, int]:
        words = new_words[:1].upper() + new_words[1:] if capital else new_words
        if not words:  # a deletion: take one space with the words
            if start > 0 and text[start - 1] == " " and (end == len(text) or text[end] in " ,.;:)"):
                start -= 1
            elif end < len(text) and text[end] == " " and (start == 0 or text[start - 1] in " ("):
                end += 1
        return text[:start] + words + text[end:], 1
    return change


def _inserter(words: str) -> Callable[[str, int, int, bool], tuple[str, int]]:
    def change(text: str, start: int, end: int, capital: bool) -> tuple[str, int]:
        glue = "" if words[:1] in ",.;:)" else " "
        return text[:end] + glue + words + text[end:], 1
    return change


def _words(code: Code, ins: Instruction) -> Applied:
    """Replace, delete or insert words everywhere in the target (its text and every provision below)."""
    if ins.op is Op.REPLACE_WORDS:
        needle, change, verb = ins.payload[0], _replacer(ins.payload[1]), f"replaced «{ins.payload[0]}» with «{ins.payload[1]}»"
    elif ins.op is Op.DELETE_WORDS:
        needle, change, verb = ins.payload[0], _replacer(""), f"deleted «{ins.payload[0]}»"
    else:
        needle, change, verb = ins.payload[0], _inserter(ins.payload[1]), f"inserted «{ins.payload[1]}» after «{ins.payload[0]}»"
    counts: dict[str, int] = {}

    def edit(node: Provision, heading_too: bool) -> Provision:
        text, n1 = _edit(node.text, needle, change)
        wrap, n2 = _edit(node.wrap_up, needle, change)
        heading, n3 = _edit(node.heading, needle, change) if heading_too else (node.heading, 0)
        if n1 + n2 + n3:
            counts[node.id] = n1 + n2 + n3
        children = tuple(edit(c, heading_too) for c in node.children)
        return replace(node, text=text, wrap_up=wrap, heading=heading, children=children)

    if not ins.target.path:
        new = replace(code, body=tuple(edit(top, True) for top in code.body))
        where = "the code"
    else:
        node = resolve(code, ins.target)
        where = _where(code, node)
        if ins.target.heading:
            heading, n = _edit(node.heading, needle, change)
            if n:
                counts[node.id] = n
            new = update(code, node.id, lambda p: replace(p, heading=heading))
            where = f"the heading of {where}"
        else:
            new = update(code, node.id, lambda p: edit(p, False))
    if not counts:
        raise ApplyError(f"the words «{needle}» are not in {where}")
    total = sum(counts.values())
    ids = tuple(counts)
    return new, ids, f"{verb} in {where} ({total} time{'s' if total > 1 else ''})", "changed"


_TRAILING = re.compile(r"(?:\s*,)?\s*(?:[–-]|[.;:])\s*$")


def _append(code: Code, ins: Instruction) -> Applied:
    """Words before the last paragraph's final punctuation, or a sentence after it."""
    node = resolve(code, ins.target)
    where = _where(code, node)
    field_name = "wrap_up" if node.wrap_up else "text"
    value: str = getattr(node, field_name)
    if not value.strip():
        raise ApplyError(f"{where} has no text of its own to add to")
    head, _, last = value.rpartition("\n")
    last, verb = _appended(last, ins), ("added words" if ins.op is Op.APPEND_WORDS else "added a sentence") + f" to {where}"
    joined = (head + "\n" + last) if head else last

    def change(p: Provision) -> Provision:
        return replace(p, wrap_up=joined) if field_name == "wrap_up" else replace(p, text=joined)

    return update(code, node.id, change), (node.id,), verb, "changed"


def _appended(line: str, ins: Instruction) -> str:
    """Words go before the line's final punctuation (", –", ";", "."), a sentence after it."""
    addition = ins.payload[0].strip()
    if ins.op is Op.APPEND_WORDS:
        cut = _TRAILING.search(line)
        end = cut.start() if cut else len(line)
        glue = "" if addition[:1] in ",.;:)" else " "
        return line[:end] + glue + addition + line[end:]
    return line.rstrip() + " " + addition


def _on_paragraph(code: Code, ins: Instruction) -> Applied:
    """An operation on one paragraph ("абзац второй") of a provision's own text and wrap-up."""
    node = resolve(code, ins.target)
    where = f"paragraph {ins.target.abzac} of {_where(code, node)}"
    text_lines = node.text.split("\n") if node.text else []
    lines = text_lines + (node.wrap_up.split("\n") if node.wrap_up else [])
    index = ins.target.abzac - 1
    if index >= len(lines):
        raise ApplyError(f"{_where(code, node)} has {len(lines)} paragraph(s) of its own, not {ins.target.abzac}")
    line = lines[index]
    if ins.op is Op.RESTATE:
        lines[index] = " ".join(ins.payload[0].split())
        verb = "restated"
    elif ins.op is Op.REPEAL:
        del lines[index]
        text_lines = text_lines[:-1] if index < len(text_lines) else text_lines
        verb = "repealed"
    elif ins.op in (Op.APPEND_WORDS, Op.APPEND_SENTENCE):
        lines[index], verb = _appended(line, ins), "added to"
    elif ins.op in (Op.REPLACE_WORDS, Op.DELETE_WORDS, Op.INSERT_WORDS):
        change = _inserter(ins.payload[1]) if ins.op is Op.INSERT_WORDS else _replacer(ins.payload[1] if ins.op is Op.REPLACE_WORDS else "")
        lines[index], count = _edit(line, ins.payload[0], change)
        if not count:
            raise ApplyError(f"the words «{ins.payload[0]}» are not in {where}")
        verb = "changed words in"
    else:
        raise ApplyError(f"cannot {ins.op.value} a paragraph")
    cut = len(text_lines)
    text, wrap = "\n".join(lines[:cut]), "\n".join(lines[cut:])
    return update(code, node.id, lambda p: replace(p, text=text, wrap_up=wrap)), (node.id,), f"{verb} {where}", "changed"


_OPERATIONS: dict[Op, Callable[[Code, Instruction], Applied]] = {
    Op.RESTATE: _restate,
    Op.ADD: _add,
    Op.REPEAL: _repeal,
    Op.REPLACE_WORDS: _words,
    Op.DELETE_WORDS: _words,
    Op.INSERT_WORDS: _words,
    Op.APPEND_WORDS: _append,
    Op.APPEND_SENTENCE: _append,
}


# --- footnotes ------------------------------------------------------------------------------------


def citation(law: AmendingLaw, case: str) -> str:
    """The law as footnotes cite it: instrumental "Законом РК от 15.03.2025 № 123-VIII", genitive "Закона …"."""
    if law.is_draft:
        when = f" от {law.date:%d.%m.%Y}" if law.date else ""
        return ("проектом закона" if case == "ins" else "проекта закона") + when
    return ("Законом" if case == "ins" else "Закона") + f" РК от {law.date:%d.%m.%Y} № {law.number}"


def footnote(num: str, actions: set[str], law: AmendingLaw) -> tuple[str, str]:
    """The footnote an article gets for what one law did to it, and the action it records."""
    ins = citation(law, "ins")
    if "added_article" in actions:
        return f"Сноска. Кодекс дополнен статьей {num} в соответствии с {ins}.", "added"
    if "repealed" in actions:
        return f"Сноска. Статья {num} исключена {ins}.", "repealed"
    if "restated" in actions:
        return f"Сноска. Статья {num} в редакции {citation(law, 'gen')}.", "restated"
    if actions == {"added"}:
        return f"Сноска. Статья {num} с дополнением, внесенным {ins}.", "added"
    if "added" in actions:
        return f"Сноска. Статья {num} с изменениями и дополнениями, внесенными {ins}.", "amended"
    return f"Сноска. Статья {num} с изменениями, внесенными {ins}.", "amended"


def _footnotes(code: Code, law: AmendingLaw, touched: dict[str, set[str]]) -> Code:
    """One footnote per amended article; repealed parts and items get the law's citation in their text."""
    span = Span(0, 0, 0)  # in-memory only: the read-back code gives each footnote its place
    repealed_text = citation(law, "ins")
    new = code
    for provision in code.walk():
        if _LAW_PENDING in provision.text:
            new = update(new, provision.id, lambda p: replace(p, text=p.text.replace(_LAW_PENDING, repealed_text)))
    for article_id, actions in sorted(touched.items()):
        if article_id not in new.index or new.index[article_id].kind is not Kind.ARTICLE:
            continue  # a chapter heading changed throughout the code: containers carry no footnotes
        text, action = footnote(new.index[article_id].num, actions, law)
        new = update(new, article_id, _noting(AmendmentNote(law.number, law.date, action, text, span)))
    return new


def _restoring(notes: tuple[AmendmentNote, ...], status: Status) -> Callable[[Provision], Provision]:
    return lambda article: replace(article, amendments=article.amendments + notes, status=status)


def _noting(note: AmendmentNote) -> Callable[[Provision], Provision]:
    return lambda article: replace(article, amendments=article.amendments + (note,))


def _carry_over(new: Code, work: Code, text: str, touched: dict[str, set[str]]) -> Code:
    """A draft's footnotes and repealed articles, which the reader cannot recognise without a citation."""
    result = new
    for article_id in sorted(a for a in touched if a in work.index and a in new.index):
        before = work.index[article_id]
        after = new.index[article_id]
        ours = before.amendments[len(before.amendments) - 1:]
        placed = []
        for note in ours:
            start = text.find(note.text, after.span.start)
            if start < 0:
                continue
            line = text.count("\n", 0, start) + 1
            placed.append(replace(note, span=Span(line, start, start + len(note.text))))
        status = Status.REPEALED if before.status is Status.REPEALED else after.status
        result = update(result, article_id, _restoring(tuple(placed), status))
    return result
