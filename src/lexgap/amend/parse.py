"""Read an amending law, written the way Kazakhstan's amending laws are written, into instructions.

An amending law addresses an act ("Статья 1. Внести в Уголовный кодекс Республики Казахстан …
следующие изменения и дополнения:", or "1. В Уголовный кодекс …:" in a law amending several acts),
then lists numbered clauses ("1) статью 146 изложить в следующей редакции: "…";"). A clause either
changes a provision or opens a context ("3) в статье 64:") for the lines under it, numbered or not.

`read_amendment(path)` returns an `AmendingLaw`: its title, number and date (from the heading
"Закон Республики Казахстан от 15 марта 2025 года № 123-VIII" when given) and one `Instruction`
per operation, each with its target, its quoted payload and its place in the law (line, column,
character span). A clause that is not understood becomes an instruction of kind ``unparsed`` with
its place: nothing is skipped without a trace.

How a clause is read: quoted texts are cut out first (``«…»``, ``„…“``, ``"…"``, nested, over
several lines), leaving a skeleton such as ``в части первой статьи 65-1 слова ⟦0⟧ заменить словами
⟦1⟧;``. The skeleton is normalised (`lexgap.normalize.norm`), lower-cased, and read as a target
(smallest unit first: "пункт 5) части второй статьи 65-1") followed by one or more operations.
Straight quotes nest by position: a ``"`` after a space or at a line start opens, one after a letter
or punctuation closes (``"Закона "О …""`` closes twice at the end).

Numbered lines under a context are told from the next top-level clause by their numbers: a line
whose number continues the context's own list belongs to it, unless it names an article of its own
and also continues the top-level list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from lexgap.model import CodeKind, Kind, Span, component
from lexgap.normalize import norm
from lexgap.read.decode import decode
from lexgap.read.text import Line, split_lines


class Op(StrEnum):
    """What an instruction does."""

    RESTATE = "restate"  # "изложить в следующей редакции"
    ADD = "add"  # "дополнить статьей 146-1 / частью 3-1 / пунктом 17) / примечанием следующего содержания"
    REPEAL = "repeal"  # "исключить"
    REPLACE_WORDS = "replace_words"  # "слова «…» заменить словами «…»"
    DELETE_WORDS = "delete_words"  # "слова «…» исключить"
    INSERT_WORDS = "insert_words"  # "после слов «…» дополнить словами «…»"
    APPEND_WORDS = "append_words"  # "дополнить словами «…»"
    APPEND_SENTENCE = "append_sentence"  # "дополнить предложением следующего содержания: «…»"
    CONTENTS = "contents"  # a change to the table of contents, which the model does not keep
    UNPARSED = "unparsed"  # a clause that was not understood


#: Levels of a target, innermost first, with the model kind each stands for.
LEVELS: dict[str, Kind] = {
    "subpoint": Kind.POINT,
    "point": Kind.POINT,
    "part": Kind.PARAGRAPH,
    "note": Kind.NOTE,
    "article": Kind.ARTICLE,
}
_RANK = {"subpoint": 1, "point": 2, "part": 3, "note": 3, "article": 4}

Step = tuple[str, str]  # ("article", "146"), ("part", "2"), ("point", "5"), ("note", "")


@dataclass(frozen=True)
class Target:
    """What an instruction changes: a path of levels, outermost first; empty for the whole code."""

    path: tuple[Step, ...] = ()
    heading: bool = False  # the heading of the article, not its text
    abzac: int = 0  # "абзац второй": the 2nd paragraph (line) of the provision's own text; 0 for all of it

    @property
    def article(self) -> str | None:
        return next((num for level, num in self.path if level == "article"), None)

    @property
    def id(self) -> str:
        """The provision id the path names (``art_65-1__para_2__point_5``); "" for the whole code.

        An unnumbered note is the article's first note (``note_1``), as the reader numbers it.
        """
        parts: list[str] = []
        for level, num in self.path:
            kind = LEVELS[level]
            parts.append(component(kind, num) if num else f"{component(kind, '')}_1")
        return "__".join(parts)

    def describe(self) -> str:
        """Russian-free short form for messages: "art. 65-1, part 2, item 5)"."""
        if not self.path:
            return "the whole code"
        words = {"article": "art. {}", "part": "part {}", "point": "item {})", "subpoint": "sub-item {})", "note": "note {}"}
        text = ", ".join(words[level].format(num).strip() for level, num in self.path)
        if self.abzac:
            text = f"paragraph {self.abzac} of {text}"
        return ("heading of " if self.heading else "") + text


@dataclass(frozen=True)
class Location:
    """Where a clause stands in the amending law: 1-based line and column, character span of the clause."""

    line: int
    column: int
    span: Span

    def prefix(self, source: str) -> str:
        return f"{source}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Instruction:
    """One operation of an amending law on one target.

    `payload` by operation: restate/add -> (quoted text,); replace_words -> (old, new);
    delete_words -> (old,); insert_words -> (after, words); append_words -> (words,);
    append_sentence -> (sentence,). Quoted texts keep their line breaks and original characters.
    """

    op: Op
    target: Target
    location: Location
    clause: str  # its number in the law: "3", "3.2" (a line under the context of clause 3)
    text: str  # the clause as written
    payload: tuple[str, ...] = ()
    adds: tuple[Step, ...] = ()  # for ADD: what the clause names ("part", "3-1"), in order
    act: str = ""  # the act the clause is addressed to, as written; "" when the law names none
    act_kind: CodeKind | None = None
    reason: str = ""  # for UNPARSED: what was not understood


@dataclass(frozen=True)
class AmendingLaw:
    """A (draft) amending law and its instructions in the order written."""

    source: str
    title: str
    number: str  # "123-VIII"; "" for a draft without a number
    date: date | None
    instructions: tuple[Instruction, ...] = field(default=())

    @property
    def is_draft(self) -> bool:
        """A law the reader of a code cannot cite by date and number (so footnotes cannot name it)."""
        return not (self.number and self.date)


# --- quotes ---------------------------------------------------------------------------------------

_PAIRS = {"«": "»", "„": "“”", "“": "”"}
_CLOSERS = frozenset("»“”")
_OPEN_BEFORE = frozenset("([«„“:–—-/")
_AFTER_CLOSE = frozenset(";,.:)»!?")  # a straight quote before these closes (", –";" ends a quoted item)


@dataclass
class _QuoteState:
    """Open quotes while scanning; `last` is what the previous straight quote did, for runs of them."""

    stack: list[str] = field(default_factory=list)
    last: tuple[int, str] = (-2, "")


def _scan(text: str, state: _QuoteState, base: int = 0) -> Iterator[tuple[int, str, int]]:
    """Yield (position, "open"|"close", depth after) for each quote character that opens or closes."""
    for i, ch in enumerate(text):
        pos = base + i
        if ch == '"':
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if prev == '"' and state.last[0] == pos - 1:
                opening = state.last[1] == "open"  # a run of quotes continues what the first did
            else:
                opening = (prev.isspace() or prev in _OPEN_BEFORE) and not (nxt.isspace() or nxt in _AFTER_CLOSE)
            if not opening and state.stack and state.stack[-1] == '"':
                state.stack.pop()
                state.last = (pos, "close")
                yield pos, "close", len(state.stack)
            else:  # an opening quote, or one glued to a word while no straight quote is open
                state.stack.append('"')
                state.last = (pos, "open")
                yield pos, "open", len(state.stack)
        elif ch in _PAIRS and not (ch == "“" and state.stack and state.stack[-1] == "„"):
            state.stack.append(ch)
            yield pos, "open", len(state.stack)
        elif ch in _CLOSERS and state.stack and ch in _PAIRS.get(state.stack[-1], ""):
            state.stack.pop()
            yield pos, "close", len(state.stack)


def cut_quotes(text: str) -> tuple[str, tuple[str, ...], bool]:
    """The skeleton with top-level quotes replaced by ``⟦n⟧``, the quoted texts, and whether all closed."""
    state = _QuoteState()
    quotes: list[str] = []
    out: list[str] = []
    last = 0
    open_at = -1
    for pos, event, depth in _scan(text, state):
        if event == "open" and depth == 1:
            out.append(text[last:pos])
            open_at = pos
        elif event == "close" and depth == 0:
            out.append(f"⟦{len(quotes)}⟧")
            quotes.append(text[open_at + 1 : pos])
            last = pos + 1
    balanced = not state.stack
    if not balanced and open_at >= last:  # an unclosed quote: its text runs to the end
        out.append(f"⟦{len(quotes)}⟧")
        quotes.append(text[open_at + 1 :])
        last = len(text)
    out.append(text[last:])
    return "".join(out), tuple(quotes), balanced


_ENDS_QUOTED_BLOCK = re.compile(r'["»“”]\s*[.;]\s*$')


# --- units: clauses with their quoted text --------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """A clause's lines: from a line outside any quote to the line where its quotes close."""

    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.original for line in self.lines)

    @property
    def first(self) -> Line:
        return self.lines[0]


def _units(lines: list[Line]) -> Iterator[_Unit]:
    """Group lines so that a quoted block spanning lines stays with the clause that opens it.

    A clause ending with ":" keeps the next line when that line opens a quote (the official layout
    puts a restated article on the lines after "изложить в следующей редакции:"). A line that ends
    with a closing quote and ";" or "." while two or more quotes are still open closes them all:
    a misread quote then spoils one clause, not the rest of the law.
    """
    state = _QuoteState()
    current: list[Line] = []
    for line in lines:
        payload_follows = bool(current) and current[-1].normal.endswith(":") and _OPENS_QUOTE.match(line.normal)
        if current and not state.stack and not payload_follows:
            yield _Unit(tuple(current))
            current = []
        current.append(line)
        state.last = (-2, "")
        for _ in _scan(" " + line.original, state):
            pass
        if len(state.stack) > 1 and _ENDS_QUOTED_BLOCK.search(line.original):
            state.stack.clear()
    if current:
        yield _Unit(tuple(current))


_OPENS_QUOTE = re.compile(r'^["«„“]')


# --- the law's heading ----------------------------------------------------------------------------

_MONTHS = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
_DATE_WORDS = re.compile(r"\bот\s+(?P<day>\d{1,2})\s+(?P<month>[а-я]+)\s+(?P<year>\d{4})\s*(?:года|г\.)?", re.IGNORECASE)
_DATE_DOTS = re.compile(r"\bот\s+(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\s*(?:года|г\.)?", re.IGNORECASE)
_NUMBER = re.compile(r"№\s*(?P<num>\d+(?:-[IVXLC]+)?)", re.IGNORECASE)
_TITLE = re.compile(r"^о\s+внесении\s+(?:изменени|дополнени)", re.IGNORECASE)
_LAW_WORD = re.compile(r"^(?:закон|проект)\b", re.IGNORECASE)


def _heading(lines: list[Line]) -> tuple[str, str, date | None]:
    """Title, number and date from the lines before the first clause."""
    title = ""
    number = ""
    when: date | None = None
    for line in lines:
        text = line.normal
        if not title and _TITLE.match(text):
            title = line.original.strip()
        if when is None:
            when = _date_in(text)
        if not number and (when is not None or _LAW_WORD.match(text)) and (m := _NUMBER.search(text)):
            number = m.group("num").upper()
    return title, number, when


def _date_in(text: str) -> date | None:
    if m := _DATE_WORDS.search(text):
        month = _MONTHS.get(m.group("month").lower())
        if month:
            return _safe_date(int(m.group("year")), month, int(m.group("day")))
    if m := _DATE_DOTS.search(text):
        return _safe_date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- the acts addressed ---------------------------------------------------------------------------

_ACT_KINDS: tuple[tuple[CodeKind, re.Pattern[str]], ...] = (
    # the amending law names the act in the accusative ("в Уголовный кодекс"): stems only
    (CodeKind.CRIMINAL_PROCEDURE, re.compile(r"уголовно-процессуальн", re.IGNORECASE)),
    (CodeKind.CIVIL_PROCEDURE, re.compile(r"гражданск\w*\s+процессуальн", re.IGNORECASE)),
    (CodeKind.ADMINISTRATIVE_OFFENCES, re.compile(r"административных\s+правонарушени", re.IGNORECASE)),
    (CodeKind.CRIMINAL, re.compile(r"уголовн\w+\s+кодекс", re.IGNORECASE)),
)
_LAW_ARTICLE = re.compile(r"^стать[яи]\s+\d+(?:-\d+)*\s*\.\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_ADDRESS = re.compile(
    r"""^(?:\d+\s*\.\s*)?                  # "1." in a law amending several acts
        (?:внести\s+)?в\s+(?P<act>.+?)     # "В Уголовный кодекс Республики Казахстан"
        (?:\s+от\s+\d|\s*\(|\s*:|\s+следующ) # then its date, the gazette in brackets, or the colon
    """, re.IGNORECASE | re.DOTALL | re.VERBOSE)
_ENACTMENT = re.compile(r"^(?:президент\b|настоящий\s+закон\s+вводится)", re.IGNORECASE)


def _act_of(text: str) -> tuple[str, CodeKind | None] | None:
    """The act an addressing line names, when it names a code or a law ("в Закон …")."""
    match = _ADDRESS.match(text)
    if not match:
        return None
    act = match.group("act").strip()
    if not re.search(r"кодекс|закон", act, re.IGNORECASE):
        return None
    kind = next((k for k, pattern in _ACT_KINDS if pattern.search(act)), None)
    if kind is None and re.search(r"кодекс", act, re.IGNORECASE) is None:
        kind = CodeKind.OTHER  # a law, not a code
    return act, kind


# --- targets --------------------------------------------------------------------------------------

_ORDINAL_STEMS: tuple[tuple[str, int], ...] = tuple(sorted({
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13,
    "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18,
    "девятнадцат": 19, "двадцат": 20, "двадцать": 20,
}.items(), key=lambda pair: -len(pair[0])))

_ORD = r"(?:двадцать\s+)?(?:перв|втор|трет|четв[её]рт|пятнадцат|пят|шестнадцат|шест|седьм|восемнадцат|восьм|девятнадцат|девят|десят|одиннадцат|двенадцат|тринадцат|четырнадцат|семнадцат|двадцат)[а-я]*"
_NUM = r"\d+(?:-\d+)*"


def ordinal_number(words: str) -> str:
    """The number ordinal words stand for: "вторую" -> "2", "двадцать первой" -> "21"."""
    total = 0
    for word in words.lower().split():
        total += next((value for stem, value in _ORDINAL_STEMS if word.startswith(stem)), 0)
    return str(total) if total else ""


_LEVEL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("subpoint", re.compile(rf"подпункт(?:ами|ах|ам|ом|ов|ы|а|у|е)?\s+(?P<num>[а-яa-z]|{_NUM})\)?\s*")),
    ("point", re.compile(rf"пункт(?:ами|ах|ам|ом|ов|ы|а|у|е)?\s+(?P<num>{_NUM})\)?\s*")),
    ("part", re.compile(rf"част(?:ями|ях|ям|ью|ей|ь|и)\s+(?P<num>{_NUM}(?![\d)])|{_ORD})\s*")),
    ("note", re.compile(r"примечани(?:ями|ях|ям|ем|ю|е|я|и|й)(?:\s+(?P<num>\d+))?(?:\s+к)?\s*(?=стат)")),
    ("article", re.compile(rf"стать(?:ями|ях|ям|я|и|е|ю|ей)\s+(?P<num>{_NUM})\s*")),
)
_ABZAC = re.compile(rf"абзац(?:ем|ами|ах|ам|а|у|е|ы)?\s+(?P<num>{_ORD}|\d+)\s*")
_HEADING_WORD = re.compile(r"заголов(?:ок|ке|ка|ком)\s+")
_WHOLE_CODE = re.compile(r"по\s+всему\s+тексту(?:\s+кодекса)?\s*")
_CONTENTS = re.compile(r"(?:в\s+)?оглавлени[еия]\b")


def _level_num(level: str, raw: str) -> str:
    if level == "part" and not raw[0].isdigit():
        return ordinal_number(raw)
    return raw


def read_target(skeleton: str, pos: int = 0) -> tuple[Target | None, int]:
    """A target at `pos` ("пункт 5) части второй статьи 65-1"), and where it ends; None when absent."""
    heading = False
    abzac = 0
    if m := _HEADING_WORD.match(skeleton, pos):
        heading, pos = True, m.end()
    elif m := _ABZAC.match(skeleton, pos):
        abzac, pos = int(ordinal_number(m.group("num")) or m.group("num")), m.end()
    if m := _WHOLE_CODE.match(skeleton, pos):
        return Target((), heading), m.end()
    steps: list[Step] = []
    while True:
        for level, pattern in _LEVEL_PATTERNS:
            m = pattern.match(skeleton, pos)
            if m and (not steps or _RANK[level] > _RANK[steps[-1][0]]):
                num = _level_num(level, m.group("num")) if m.group("num") else ""
                steps.append((level, num))
                pos = m.end()
                break
        else:
            break
    if not steps:
        return (Target((), heading, abzac), pos) if heading or abzac else (None, pos)
    return Target(_outermost_first(steps), heading, abzac), pos


def _outermost_first(steps: list[Step]) -> tuple[Step, ...]:
    """Reverse the innermost-first chain; "пункт 2 примечания" is the numbered note 2."""
    path = list(reversed(steps))
    for i, (level, num) in enumerate(path[:-1]):
        if level == "note" and not num and path[i + 1][0] == "point":
            path[i : i + 2] = [("note", path[i + 1][1])]
            break
    return tuple(path)


def combine(context: Target, inner: Target) -> Target:
    """A target read under a context ("в статье 64:" then "часть вторую …"): the inner levels win.

    A context level is kept when it is above every level the inner target names.
    """
    if not inner.path:
        return Target(context.path, inner.heading or context.heading, inner.abzac or context.abzac)
    top = max(_RANK[level] for level, _ in inner.path)
    kept = tuple(step for step in context.path if _RANK[step[0]] > top)
    return Target(kept + inner.path, inner.heading, inner.abzac)


# --- operations -----------------------------------------------------------------------------------

_Q = r"⟦(?P<{name}>\d+)⟧"
_QLIST = r"(?P<{name}>⟦\d+⟧(?:\s*(?:,|и)\s*⟦\d+⟧)*)"
_END = re.compile(r"\s*(?:[,;.]\s*(?:а\s+(?:также\s+)?)?)?")
_ADD_WHAT = {
    "стат": "article", "част": "part", "подпункт": "subpoint", "пункт": "point", "примечани": "note",
}
_OPS: tuple[tuple[Op, re.Pattern[str]], ...] = (
    (Op.RESTATE, re.compile(r"изложить\s+в\s+(?:следующей|новой)\s+редакции\s*:?\s*" + _QLIST.format(name="q"))),
    (Op.REPLACE_WORDS, re.compile(
        r"(?:слов[оа]|цифр[уы]|букв[уы]|знак[и]?)\s+" + _QLIST.format(name="old")
        + r"\s+заменить\s+(?:соответственно\s+)?(?:слов(?:ом|ами)|цифр(?:ой|ами)|букв(?:ой|ами)|знак(?:ом|ами))\s+"
        + _QLIST.format(name="new"))),
    (Op.DELETE_WORDS, re.compile(r"(?:слов[оа]|цифр[уы]|букв[уы]|знак[и]?)\s+" + _QLIST.format(name="old") + r"\s+исключить")),
    (Op.INSERT_WORDS, re.compile(
        r"после\s+(?:слов[а]?|цифр[ы]?)\s+" + _Q.format(name="after")
        + r"\s+дополнить\s+(?:слов(?:ом|ами)|цифр(?:ой|ами))\s+" + _Q.format(name="words"))),
    (Op.APPEND_WORDS, re.compile(r"дополнить\s+слов(?:ом|ами)\s+" + _Q.format(name="words"))),
    (Op.APPEND_SENTENCE, re.compile(
        r"дополнить\s+(?:новым\s+)?предложени(?:ем|ями)\s*(?:следующего\s+содержания)?\s*:?\s*"
        + _QLIST.format(name="q"))),
    (Op.ADD, re.compile(
        rf"""дополнить\s+(?P<what>стать(?:ей|ями)|част(?:ью|ями)|подпункт(?:ом|ами)|пункт(?:ом|ами)|примечани(?:ем|ями))
             (?P<nums>(?:\s*(?:,|и)?\s*(?:{_NUM}\)?|[а-я]\)|{_ORD}))*)
             \s*(?:следующего\s+содержания)?\s*:?\s*""" + _QLIST.format(name="q"), re.VERBOSE)),
    (Op.REPEAL, re.compile(r"исключить")),
)
_QUOTE_REF = re.compile(r"⟦(\d+)⟧")
_ADD_NUMS = re.compile(rf"{_NUM}\)?|[а-я]\)|{_ORD}")


@dataclass(frozen=True)
class _Op:
    """An operation read from a skeleton, before it is tied to a target and a location."""

    op: Op
    payload: tuple[str, ...]
    adds: tuple[Step, ...] = ()


def _quoted(refs: str, quotes: tuple[str, ...]) -> list[str]:
    return [quotes[int(n)] for n in _QUOTE_REF.findall(refs)]


def read_ops(skeleton: str, pos: int, quotes: tuple[str, ...]) -> tuple[list[_Op], int]:
    """Operations from `pos` on, separated by "," or ";"; stops at the first text that is none."""
    ops: list[_Op] = []
    while pos < len(skeleton):
        for op, pattern in _OPS:
            m = pattern.match(skeleton, pos)
            if m:
                ops.extend(_make_ops(op, m, quotes))
                pos = _END.match(skeleton, m.end()).end()  # type: ignore[union-attr]
                break
        else:
            break
    return ops, pos


def _make_ops(op: Op, m: re.Match[str], quotes: tuple[str, ...]) -> list[_Op]:
    if op is Op.RESTATE or op is Op.APPEND_SENTENCE:
        return [_Op(op, ("\n".join(_quoted(m.group("q"), quotes)),))]
    if op is Op.REPLACE_WORDS:
        old, new = _quoted(m.group("old"), quotes), _quoted(m.group("new"), quotes)
        if len(old) != len(new):
            new = new[:1] * len(old) if len(new) == 1 else new
        return [_Op(op, (o, n)) for o, n in zip(old, new, strict=False)]
    if op is Op.DELETE_WORDS:
        return [_Op(op, (o,)) for o in _quoted(m.group("old"), quotes)]
    if op is Op.INSERT_WORDS:
        return [_Op(op, (quotes[int(m.group("after"))], quotes[int(m.group("words"))]))]
    if op is Op.APPEND_WORDS:
        return [_Op(op, (quotes[int(m.group("words"))],))]
    if op is Op.ADD:
        what = next(level for stem, level in _ADD_WHAT.items() if m.group("what").startswith(stem))
        nums = [_level_num(what, raw.rstrip(")")) for raw in _ADD_NUMS.findall(m.group("nums"))]
        adds = tuple((what, num) for num in nums) or ((what, ""),)
        return [_Op(op, ("\n".join(_quoted(m.group("q"), quotes)),), adds)]
    return [_Op(op, ())]


# --- clauses --------------------------------------------------------------------------------------

_CLAUSE_NUMBER = re.compile(r"^(?P<num>\d+(?:-\d+)*)\)\s*")
_NAMES_ARTICLE = re.compile(rf"\bстать(?:я|ю|и|е|ей)\s+{_NUM}")
_SPACES = re.compile(r"\s+")
_EMPHASIS = re.compile(r"\*{1,2}|(?<!\w)_{1,2}|_{1,2}(?!\w)")  # Markdown bold and italics around "Статья 1."


@dataclass
class _Reader:
    """The walk over the units of the law, with the act and context in force."""

    line_starts: list[int]  # offset of each line of the law, for columns
    act: str = ""
    act_kind: CodeKind | None = None
    active: bool = False  # inside the amendments (after an addressing line, before the enactment)
    seen_address: bool = False
    top_next: int = 1
    context: Target | None = None
    context_label: str = ""
    context_is_contents: bool = False
    base_context: Target | None = None
    nested_count: int = 0
    instructions: list[Instruction] = field(default_factory=list)
    preamble: list[Line] = field(default_factory=list)

    def feed(self, unit: _Unit) -> None:
        first = _EMPHASIS.sub("", unit.first.normal).strip()
        if (m := _LAW_ARTICLE.match(first)) is not None:
            self._law_article(m.group("rest"))
            return
        if not self.active and _CLAUSE_NUMBER.match(first) and not self.seen_address:
            self.active = True  # a bare list of clauses: they amend the code given
        if not self.active:
            if (act := _act_of(first)) is not None and first.rstrip().endswith(":"):
                self._address(act)
            else:
                self.preamble.append(unit.first)
            return
        if _ENACTMENT.match(first):
            self.active = False
            return
        if re.match(r"^\d+\s*\.\s", first) and (act := _act_of(first)) is not None:
            self._address(act)
            return
        self._clause(unit)

    def _law_article(self, rest: str) -> None:
        """"Статья 1. Внести в … изменения:" opens the amendments; any other article of the law closes them."""
        self.context = None
        act = _act_of(rest)
        if act is not None or re.match(r"внести\b", rest, re.IGNORECASE):
            self._address(act or ("", None))
        else:
            self.active = False

    def _address(self, act: tuple[str, CodeKind | None]) -> None:
        self.act, self.act_kind = act
        self.active = self.seen_address = True
        self.top_next = 1
        self.context = None

    def _clause(self, unit: _Unit) -> None:
        skeleton, quotes, balanced = cut_quotes(unit.text)
        skel = _SPACES.sub(" ", _EMPHASIS.sub("", norm(skeleton)).lower()).strip()
        number = _CLAUSE_NUMBER.match(skel)
        body_pos = number.end() if number else 0
        nested = self.context is not None and self._is_nested(number, skel[body_pos:])
        if nested:
            self.nested_count += 1
            label = f"{self.context_label}.{number.group('num') if number else self.nested_count}"
        else:
            self.context = None
            self.context_is_contents = False
            label = number.group("num") if number else ""
            if number:
                self.top_next = _first_int(number.group("num")) + 1
        self._read(unit, skel, body_pos, quotes, balanced, label, nested)

    def _is_nested(self, number: re.Match[str] | None, body: str) -> bool:
        """Unnumbered lines under a context belong to it; numbered ones when they continue its list."""
        if number is None:
            return True
        value = _first_int(number.group("num"))
        names_article = _NAMES_ARTICLE.search(_before_quote(body)) is not None
        return value == self.nested_count + 1 and not (value == self.top_next and names_article)

    def _read(self, unit: _Unit, skel: str, pos: int, quotes: tuple[str, ...], balanced: bool, label: str, nested: bool) -> None:
        location = self._location(unit)
        text = unit.text
        contents = nested and self.context_is_contents
        if m := _CONTENTS.match(skel, pos):
            if skel[m.end():].strip().startswith(":") and skel.rstrip().endswith(":"):
                self._open_context(Target(), label, contents=True)
                return
            contents = True
        if contents:
            self._emit(Op.CONTENTS, Target(), location, label, text)
            return
        start = pos + (2 if skel.startswith("в ", pos) else 0)
        target, after = read_target(skel, start)
        if target is not None and skel[after:].lstrip().startswith(":") and not skel[after:].lstrip()[1:].strip():
            self._open_context(target if not nested else combine(self.base_context or Target(), target), label, base=not nested)
            return
        if target is not None:
            after = _skip(skel, after, ":,")
        # with no target the operation comes first: "дополнить статьей 146-1 …" (the code, or the context)
        ops, end = read_ops(skel, after if target is not None else start, quotes)
        rest = skel[end:].strip(" ;.")
        problem = ""
        if not balanced:
            problem = "a quotation mark is not closed"
        elif not ops:
            problem = f"not understood: «{_excerpt(_requoted(skel[start:], quotes))}»"
        elif rest:
            problem = f"not understood after the operation: «{_excerpt(_requoted(rest, quotes))}»"
        if problem:
            self._emit(Op.UNPARSED, target or Target(), location, label, text, reason=problem)
            return
        base = self.context if nested and self.context is not None else Target()
        full = combine(base, target) if target is not None else base
        for op in ops:
            self._emit(op.op, full, location, label, text, payload=op.payload, adds=op.adds)

    def _open_context(self, target: Target, label: str, contents: bool = False, base: bool = True) -> None:
        self.context = target
        if base:
            self.base_context = target
            self.context_label = label or str(self.top_next - 1)
            self.nested_count = 0
        self.context_is_contents = contents

    def _location(self, unit: _Unit) -> Location:
        first, last = unit.first, unit.lines[-1]
        line_start = self.line_starts[first.number - 1]
        return Location(first.number, first.start - line_start + 1, Span(first.number, first.start, last.start + len(last.original)))

    def _emit(self, op: Op, target: Target, location: Location, label: str, text: str, *,
              payload: tuple[str, ...] = (), adds: tuple[Step, ...] = (), reason: str = "") -> None:
        self.instructions.append(Instruction(
            op=op, target=target, location=location, clause=label, text=text, payload=payload, adds=adds,
            act=self.act, act_kind=self.act_kind, reason=reason,
        ))


def _first_int(num: str) -> int:
    return int(re.match(r"\d+", num).group())  # type: ignore[union-attr]


def _before_quote(text: str) -> str:
    return text.split("⟦", 1)[0]


def _skip(text: str, pos: int, chars: str) -> int:
    while pos < len(text) and (text[pos] in chars or text[pos] == " "):
        pos += 1
    return pos


def _requoted(skeleton: str, quotes: tuple[str, ...]) -> str:
    """The skeleton with each ⟦n⟧ back as its quoted text (in «»), for messages."""
    return _QUOTE_REF.sub(lambda m: f"«{quotes[int(m.group(1))]}»", skeleton)


def _excerpt(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- entry points ---------------------------------------------------------------------------------


def read_amendment(path: str | Path) -> AmendingLaw:
    """Read the amending law in `path` (Markdown or plain text, any encoding lexgap decodes)."""
    data = Path(path).read_bytes()
    return parse_amendment(decode(data), source=str(path))


def parse_amendment(content: str, source: str = "<amendment>") -> AmendingLaw:
    """Parse the text of an amending law (see the module docstring)."""
    lines = split_lines(content)
    reader = _Reader(_line_starts(content))
    for unit in _units(lines):
        reader.feed(unit)
    title, number, when = _heading(reader.preamble)
    return AmendingLaw(source, title, number, when, tuple(reader.instructions))


def _line_starts(content: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(content):
        if ch == "\n":
            starts.append(i + 1)
    return starts

