"""Kazakh references: "64-баптың бірінші бөлігінің 3) тармағы" (the article first)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from lexgap.model import Kind
from lexgap.refs.common import (
    RANGE,
    SKIP,
    THIS_CODE,
    Base,
    Chain,
    Cite,
    Context,
    Memory,
    Path,
    Scope,
    _first_kind,
    _item_value,
    _rx,
    code_kind,
    expand_items,
    ordinal,
    parse_list,
    settle,
    skip_comment,
    skip_space,
    top_nums,
)

# --- Kazakh ---------------------------------------------------------------------------------------

_KK_ORDINALS: tuple[tuple[str, int], ...] = (
    ("бірінші", 1), ("екінші", 2), ("үшінші", 3), ("төртінші", 4), ("бесінші", 5), ("алтыншы", 6),
    ("жетінші", 7), ("сегізінші", 8), ("тоғызыншы", 9), ("оныншы", 10), ("он", 10),
    ("жиырмасыншы", 20), ("жиырма", 20),
)
_KK_ORD = r"""
    (?:(?:он|жиырма)\s+)?                               # "он бірінші" (11th)
    (?:бірінші|екінші|үшінші|төртінші|бесінші|алтыншы|жетінші|сегізінші|тоғызыншы|оныншы|жиырмасыншы)
    (?!\w)
"""
_KK_SEP = _rx(r"""
    (?: \s* (?P<dash> – ) \s*                           # a range: "110 – 112-баптарында"
      | \s*,\s* (?:(?:және|немесе|не|сондай-ақ)\s+)?    # ", "
      | \s+(?:және|немесе|не|мен|бен|пен)\s+            # " және " (and), " немесе " (or)
    )""")
_KK_HEAD = _rx(rf"""(?<![\w-])
    (?: \d                                              # "146-бабы", "188, 189-баптарында"
      | (?:ерекше|жалпы)\s+бөлі                         # "Ерекше бөлігінің" (the special part of the code)
      | осы\s+(?:ба[пб]|бөлі[кг]|тарма[қғ])              # "осы баптың" (this article)
      | {_KK_ORD}                                       # a part of this article: "бірінші бөлігінде"
    )""")
_KK_NUM = _rx(r"(?P<num> \d+ (?:-\d+)*? ) (?= [\s,–(]|-ба[пб]|-тарау )")   # "65-1" before "-бабы"
_KK_TOP_WORD = _rx(r"""
    \s*-\s*
    (?: (?P<article> ба[пб] (?P<plural>тар)? \w* )     # "-бабының", "-баптарында"
      | (?P<chapter> тарау \w* ) )                      # "-тарауында"
""")
_KK_THIS = _rx(r"""
    осы \s+
    (?: (?P<article> ба[пб]\w* )                        # "осы баптың" (this article)
      | (?P<part> бөлі[кг]\w* )                         # "осы бөліктің" (this part)
      | (?P<point> тарма[қғ]\w* ) )                     # "осы тармақтың" (this item)
""")
_KK_PART_ITEM = _rx(rf"""
    (?: (?P<ord> {_KK_ORD})                             # "екінші"
      | (?P<num> \d+(?:-\d+)*?) (?= -бөлі                # "2-бөлігі"
                                  | \s*,\s*\S | \s+(?:және|немесе|не)\s )   # "1-1, екінші … бөліктерінде"
    )""")
_KK_PART_WORD = _rx(r"-?\s*бөлі[кг]\w*")               # "бөлігінің", "-бөлігі"
_KK_POINT_ITEM = _rx(r"(?: (?P<num> \d+(?:-\d+)*) | (?P<letter> [а-яәғқңөұүһі]) ) \)")   # "3)", "а)"
_KK_POINT_WORD = _rx(r"\s+ тарма[қғ] (?P<sub>ша)? \w*")   # "тармағы", "тармақшаларында"

_KK_BEFORE = _rx(r"""
    (?: (?P<this_code> осы\s+кодекс\w* )                                    # "осы Кодекстің"
      | (?P<other_code> (?:[\w-]+\s+){0,6}? кодекс\w* )                      # "… Қылмыстық-процестік кодексінің"
      | (?P<other_act> (?:заң|конституция|конвенция|келісім|шарт|ереже|жарлық|қаулы
                         |регламент|пакт|хаттама|декларация)\w* )           # "Заңының": not a code
    ) \s* $""")
_KK_CODES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (_rx(pattern), kind)
    for pattern, kind in (
        (r"қылмыстық-процест", "criminal_procedure"),
        (r"қылмыстық-атқару", "penal_enforcement"),
        (r"қылмыстық", "criminal"),
        (r"азаматтық\s+процест", "civil_procedure"),
        (r"азаматтық", "civil"),
        (r"рәсімдік-процест", "administrative_procedure"),
        (r"әкімшілік\s+құқық\s+бұзушылық", "administrative_offences"),
        (r"кәсіпкерлік", "entrepreneurial"),
        (r"салық", "tax"),
        (r"еңбек", "labour"),
        (r"бюджет", "budget"),
        (r"\bжер\s", "land"),
        (r"экологиялық", "environmental"),
        (r"неке", "family"),
        (r"денсаулығ", "health"),
    )
)


def kk_scope(before: str) -> tuple[Scope, int] | None:
    """What the words just before a Kazakh group say, and where those words start (so a quote
    holds "осы Кодекстің" or the other code's name); None when they name no act."""
    window = before[-200:]
    match = _KK_BEFORE.search(window)
    if match is None:
        return None
    start = len(before) - len(window) + match.start()
    if match.group("this_code"):
        return THIS_CODE, start
    name = match.group("other_code")
    if name is None:
        return SKIP, start
    if this := _KK_THIS_CODE.search(name):
        return THIS_CODE, start + this.start()
    kind = code_kind(name, _KK_CODES)
    named = _name_start(name)
    code_word = name.rstrip().rfind(" ") + 1  # where "Кодекстің" itself starts
    if kind == "other" and named >= code_word:
        return THIS_CODE, start + code_word  # a bare "Кодекстің" after ordinary words: this code
    return Scope(code=kind), start + named


_KK_THIS_CODE = re.compile(r"(?:(?<=\s)|^)осы\s+кодекс\w*\s*$", re.IGNORECASE)  # "осы Кодекстің"


def _name_start(words: str) -> int:
    """Where a code's name starts among the words before "кодексінің": at its first capital
    ("үшін Қазақстан Республикасы Қылмыстық-атқару кодексінің" -> "Қазақстан …")."""
    for word in re.finditer(r"\S+", words):
        if word.group()[0].isupper():
            return word.start()
    return len(words) - len(words.lstrip())


def kk_chain(text: str, pos: int, ctx: Context, inner: bool = False) -> Chain | None:
    """One Kazakh chain at `pos`, largest level first ("64-баптың бірінші бөлігінің 3) тармағы")."""
    tops, base, end = (None, None, pos) if inner else _kk_top(text, pos, ctx)
    lower: list[Path] = [()]
    rank = 0  # 1 part, 2 item, 3 sub-item
    while rank < 3:
        cursor = end if end == pos else skip_space(text, end)
        step = _kk_level(text, cursor, rank)
        if step is None and end != pos and (after := skip_comment(text, end)) != end:
            step = _kk_level(text, skip_space(text, after), rank)
        if step is None:
            break
        rank, kind, nums, end = step
        lower = [path + ((kind, n),) for path in lower for n in nums]
    if end == pos:
        return None
    if tops is None:
        implicit = Base.ARTICLE if _first_kind(lower) is Kind.PARAGRAPH else Base.PARAGRAPH
        return Chain(pos, end, lower, top=False, implicit=implicit, base=base)
    paths = [top + low for top in tops for low in (lower if len(top) == 1 and top[0][0] is Kind.ARTICLE else [()])]
    return Chain(pos, end, paths, top=True)


def _kk_level(text: str, pos: int, rank: int) -> tuple[int, Kind, list[str], int] | None:
    """The next Kazakh level below `rank`: parts (rank 1), items (2) or sub-items (3)."""
    if rank < 1 and (parts := _kk_parts(text, pos)):
        return 1, Kind.PARAGRAPH, parts[0], parts[1]
    if rank < 3 and (points := _kk_points(text, pos)):
        nums, letters, end = points
        if letters or rank < 2:
            return (3 if letters else 2), Kind.POINT, nums, end
    return None


_KK_CODE_PART = _rx(r"(?: (?P<special> ерекше ) | жалпы ) \s+ бөлі[кг]\w*")   # "Ерекше бөлігінің"


def _kk_top(text: str, pos: int, ctx: Context) -> tuple[list[Path] | None, Base | None, int]:
    """An article or chapter list ("188, 189-баптарында"), "осы баптың", or a part of the code."""
    if part := _KK_CODE_PART.match(text, pos):
        return [((Kind.PART, "special" if part.group("special") else "general"),)], None, part.end()
    if this := _KK_THIS.match(text, pos):
        base = Base.ARTICLE if this.group("article") else Base.PARAGRAPH if this.group("part") else Base.POINT
        return None, base, this.end()
    items: list[tuple[str, list[Path]]] = []
    dash = False
    end = pos
    while num := _KK_NUM.match(text, end):
        inner, end = _kk_inner(text, num.end(), ctx)
        value = num.group("num")
        if dash and items:
            value = f"{items.pop()[0]}{RANGE}{value}"
        items.append((value, inner))
        if word := _KK_TOP_WORD.match(text, end):
            kind = Kind.ARTICLE if word.group("article") else Kind.CHAPTER
            return _kk_tops(items, kind, bool(word.group("plural")), ctx), None, word.end()
        joint = _KK_SEP.match(text, end)
        if not joint:
            break
        dash, end = bool(joint.group("dash")), joint.end()
    return None, None, pos


def _kk_tops(items: list[tuple[str, list[Path]]], kind: Kind, plural: bool, ctx: Context) -> list[Path]:
    """Paths of a Kazakh article or chapter list, bracketed parts attached to their article."""
    if kind is not Kind.ARTICLE:
        return [((kind, n),) for value, _ in items for n in expand_items([(value, None)])]
    out: list[Path] = []
    for value, inner in items:
        num = value if RANGE in value else top_nums([(value, None)], plural, ctx)[0]
        out.extend(((Kind.ARTICLE, num),) + rel for rel in inner)
    return out


def _kk_inner(text: str, pos: int, ctx: Context) -> tuple[list[Path], int]:
    """Parts in brackets after an article number ("189 (үшінші бөлігінің 2) тармағында)"), or a
    bracketed comment (an article's title) passed over; [()] and the position after either."""
    opening = re.compile(r"\s*\(").match(text, pos)
    if not opening:
        return [()], pos
    chain = kk_chain(text, skip_space(text, opening.end()), ctx, inner=True)
    if chain is not None and (closing := re.compile(r"\s*\)").match(text, chain.end)):
        return chain.paths, closing.end()
    return [()], skip_comment(text, pos)


def _kk_parts(text: str, pos: int) -> tuple[list[str], int] | None:
    """ "бірінші, екінші және үшінші бөліктерінде", "2-бөлігі"."""
    parsed = parse_list(
        text, pos, _KK_PART_ITEM, _KK_SEP, lambda m: m.group("num") or ordinal(_KK_ORDINALS, m.group("ord"))
    )
    if parsed is None:
        return None
    word = _KK_PART_WORD.match(text, parsed[1])
    return (expand_items(parsed[0]), word.end()) if word else None


def _kk_points(text: str, pos: int) -> tuple[list[str], bool, int] | None:
    """ "3), 5) және 7) тармақтарында", "а) тармақшасы"."""
    parsed = parse_list(text, pos, _KK_POINT_ITEM, _KK_SEP, _item_value)
    if parsed is None:
        return None
    items, end = parsed
    word = _KK_POINT_WORD.match(text, end)
    return (expand_items(items), not items[0][0][0].isdigit(), word.end()) if word else None


def find_kaz(text: str, ctx: Context, others: Mapping[str, Context]) -> Iterator[Cite]:
    """References in one normalised Kazakh paragraph; the act is named before the group."""
    memory = Memory()
    pos = 0
    while head := _KK_HEAD.search(text, pos):
        chains: list[Chain] = []
        cursor = head.start()
        while chain := kk_chain(text, cursor, ctx):
            chains.append(chain)
            joint = _KK_SEP.match(text, chain.end)
            if not joint or joint.group("dash"):
                break
            cursor = joint.end()
        if not chains:
            pos = head.end()
            continue
        named = kk_scope(text[: head.start()])
        if named is not None:
            scope, chains[0].start = named
            for chain in chains:
                chain.scope = scope  # the act named before the group holds for all of it
        yield from settle(chains, ctx, others, memory, donors_follow=False)
        pos = chains[-1].end


