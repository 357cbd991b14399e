"""English references: "paragraph 3) of part 1 of Article 64 of this Code"."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from lexgap.model import Kind
from lexgap.refs.common import (
    Base,
    Chain,
    Cite,
    Context,
    Memory,
    Scope,
    _item_value,
    _rx,
    expand_items,
    ordinal,
    parse_list,
    settle,
    tail_scope,
    top_nums,
)
from lexgap.refs.russian import _Levels

# --- English --------------------------------------------------------------------------------------

_EN_ORDINALS: tuple[tuple[str, int], ...] = (
    ("first", 1), ("one", 1), ("second", 2), ("two", 2), ("third", 3), ("three", 3), ("fourth", 4),
    ("four", 4), ("fifth", 5), ("five", 5), ("sixth", 6), ("six", 6), ("seventh", 7), ("seven", 7),
    ("eighth", 8), ("eight", 8), ("ninth", 9), ("nine", 9), ("tenth", 10), ("ten", 10),
)
_EN_ORD = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|one|two|three|four|five|six|seven|eight|nine|ten)\b"
_EN_SEP = _rx(r"""
    (?: \s* (?P<dash> [–] ) \s*                         # a range: "110–112"
      | \s*,\s* (?:(?:and|or)\s+)?                      # ", " / ", and "
      | \s+(?:and|or)\s+                                # " and ", " or "
    )""")
_EN_HEAD = _rx(r"(?<![\w-])(?:sub-?paragraph|paragraph|part|article|chapter|this\s+article)")
_EN_POINT = _rx(r"(?P<sub>sub-?)?paragraphs? \s+")     # "paragraph 3)", "subparagraph a)"
_EN_POINT_ITEM = _rx(r"(?: (?P<num> \d+(?:-\d+)*) (?:\)|(?![\w.)])) | (?P<letter> [a-z]) \) )")
_EN_PART = _rx(r"parts? \s+")                           # "part 2", "parts one and two"
_EN_PART_ITEM = _rx(rf"(?: (?P<ord> {_EN_ORD}) | (?P<num> \d+(?:-\d+)*)(?![\w)]) )")
_EN_TOP = _rx(r"(?: article(?P<plural>s)? | chapters? ) \s+")   # "Article 145", "Articles 110-112"
_EN_TOP_ITEM = _rx(r"(?P<num> \d+(?:-\d+)* ) (?![\d)\w]|\.\d)")
_EN_OF = _rx(r"\s+ of \s+")
_EN_TAIL = _rx(r"""
    \s+ of \s+
    (?: (?P<this_code> this\s+code )
      | (?P<this_article> this\s+article )
      | (?P<this_part> this\s+part )
      | (?P<this_point> this\s+(?:sub-?)?paragraph )
      | (?P<other_code> the\s+ (?:[A-Z][\w-]*\s+){0,4} code                   # "the Criminal Procedure Code"
            (?:\s+of\s+the\s+Republic\s+of\s+Kazakhstan)? (?:\s+on\s+administrative\s+offen[cs]es)? )
      | (?P<other_act> the\s+ (?:[\w-]+\s+){0,3}? (?:law|constitution|convention|covenant|treaty|regulations?)\b )
    )""")
_EN_CODES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (_rx(pattern), kind)
    for pattern, kind in (
        (r"criminal\s+procedure", "criminal_procedure"),
        (r"penal|criminal\s+executive", "penal_enforcement"),
        (r"criminal", "criminal"),
        (r"civil\s+procedure", "civil_procedure"),
        (r"civil", "civil"),
        (r"administrative\s+offen", "administrative_offences"),
        (r"entrepreneur", "entrepreneurial"),
        (r"tax", "tax"),
        (r"labou?r", "labour"),
    )
)


def en_scope(match: re.Match[str]) -> Scope:
    """What the words after an English group say."""
    return tail_scope(match, _EN_CODES)


def en_chain(text: str, pos: int, ctx: Context) -> Chain | None:
    """One English chain: "paragraph 3) of part 1 of Article 64", "Articles 110-112"."""
    levels = _Levels()
    cursor, end, rank = pos, pos, -1
    while rank < 5:
        step = _en_level(text, cursor, rank, levels, ctx)
        if step is None:
            break
        rank, end = step
        of = _EN_OF.match(text, end)
        if of is None:
            break
        cursor = of.end()
    if rank < 0:
        return None
    return Chain(pos, end, levels.paths(), top=bool(levels.tops), implicit=levels.implicit())


def _en_level(text: str, pos: int, rank: int, levels: _Levels, ctx: Context) -> tuple[int, int] | None:
    """The next English level above `rank`: (sub)paragraph, part, article or chapter."""
    if rank < 2 and (word := _EN_POINT.match(text, pos)):
        if parsed := parse_list(text, word.end(), _EN_POINT_ITEM, _EN_SEP, _item_value):
            items, end = parsed
            if not items[0][0][0].isdigit() and rank < 1:
                levels.subs = expand_items(items)
                return 1, end
            levels.points = expand_items(items)
            return 2, end
    if rank < 3 and (word := _EN_PART.match(text, pos)):
        if parsed := parse_list(text, word.end(), _EN_PART_ITEM, _EN_SEP, _en_part_value):
            levels.parts = expand_items(parsed[0])
            return 3, parsed[1]
    if word := _EN_TOP.match(text, pos):
        if parsed := parse_list(text, word.end(), _EN_TOP_ITEM, _EN_SEP, lambda m: m.group("num")):
            if word.group().lower().startswith("chapter"):
                levels.tops = [((Kind.CHAPTER, n),) for n in expand_items(parsed[0])]
            else:
                levels.tops = [((Kind.ARTICLE, n),) for n in top_nums(parsed[0], bool(word.group("plural")), ctx)]
            return 5, parsed[1]
    return None


def _en_part_value(match: re.Match[str]) -> str:
    return match.group("num") or ordinal(_EN_ORDINALS, match.group("ord"))


def find_eng(text: str, ctx: Context, others: Mapping[str, Context]) -> Iterator[Cite]:
    """References in one normalised English paragraph."""
    memory = Memory()
    pos = 0
    while head := _EN_HEAD.search(text, pos):
        chains: list[Chain] = []
        cursor = head.start()
        while chain := en_chain(text, cursor, ctx):
            chains.append(chain)
            if tail := _EN_TAIL.match(text, chain.end):
                scope = en_scope(tail)
                chain.end = tail.end()
                chain.scope, chain.base = (scope, None) if scope.base is None else (None, scope.base)
            joint = _EN_SEP.match(text, chain.end)
            if not joint or joint.group("dash") or not _EN_HEAD.match(text, joint.end()):
                break
            cursor = joint.end()
        if chains:
            yield from settle(chains, ctx, others, memory)
            pos = chains[-1].end
        elif head.group().lower().startswith("this"):
            yield Cite(head.start(), head.end(), ((),), Base.ARTICLE, None)  # "this Article" alone
            pos = head.end()
        else:
            pos = head.end()




