"""Russian references: "пунктом 3) части первой статьи 64 настоящего Кодекса" (smallest unit first)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from lexgap.model import Kind
from lexgap.refs.common import (
    RANGE,
    Base,
    Chain,
    Cite,
    Context,
    Memory,
    Path,
    Scope,
    _first_kind,
    _rx,
    _shared_prefix,
    expand_items,
    ordinal,
    parse_list,
    settle,
    skip_comment,
    skip_space,
    tail_scope,
    top_nums,
)

# --- Russian --------------------------------------------------------------------------------------

_RU_ORDINALS: tuple[tuple[str, int], ...] = tuple(
    sorted(
        {
            "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6,
            "седьм": 7, "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12,
            "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17,
            "восемнадцат": 18, "девятнадцат": 19, "двадцат": 20, "двадцать": 20,
        }.items(),
        key=lambda pair: -len(pair[0]),
    )
)

_RU_ORD = r"""
    (?:двадцать\s+)?                                   # "двадцать первой" (21st)
    (?:перв|втор|трет|четв[её]рт|пятнадцат|пят|шестнадцат|шест|седьм|восемнадцат|восьм
       |девятнадцат|девят|десят|одиннадцат|двенадцат|тринадцат|четырнадцат|семнадцат|двадцат)
    (?:ая|ой|ую|ые|ых|ыми|ым|ое|ого|ому|ом|ый|ий       # ordinal endings in every case
       |ья|ьей|ью|ьи|ьих|ьими|ьим|ье|ьего|ьему|ьем|ей|ею|его|ему|ем)
    (?:(?![а-яё])|(?=настоящ|стат))                    # a word end ("третьейнастоящей" lacks the space)
"""
_GLUED = r"(?:(?![\w)])|(?=настоящ|стат|част|пункт))"  # a number's end, or a next word written without a space

# Separators inside a list and between chains; the group "dash" marks a range.
_RU_SEP = _rx(r"""
    (?: \s* (?P<dash> – ) \s*                           # a range: "110–112", "первой – третьей"
      | \s*,\s* (?:(?:и\s*\(или\)|и|или|либо|а\s+также)\s+)?   # ", " / ", а также "
      | \s*\b(?:и\s*\(или\)|и|или|либо|а\s+также)\s+      # " и " (also right after ")": "4-1)и 6)"), " и (или) "
    )""")
_RU_PART_SEP = _rx(r"""
    (?: \s* (?P<dash> – | -(?=[а-яё]) ) \s*             # a range: "первой – третьей", "седьмой-девятой"
      | \s*,\s* (?:(?:и\s*\(или\)|и|или|либо|а\s+также)\s+)?
      | \s*\b(?:и\s*\(или\)|и|или|либо|а\s+также)\s+   # "частями первой и (или) 1-1"
    )""")
_RU_POINT_SEP = _rx(r"""
    (?: \s* (?P<dash> [–-] ) \s*                        # "1) – 5)", "1)-5)"
      | \s*,\s* (?:(?:и|или|либо|а\s+также)\s+)?
      | \s*\b(?:и|или|либо|а\s+также)\s+
      | (?<=\)) \s+ (?=\d+(?:-\d+)*\))                  # a missing comma: "пунктами 5) 6), 7)"
    )""")

_RU_HEAD = _rx(r"""
    (?<![\w-]) (?: абзац|подпункт|пункт|част|стат|глав|раздел|примечани|настоящ|данн   # a chain's first word
                 | особенн|общ                          # "Особенной части" (a part of the code)
                 | \d )                                 # an article with bracketed parts: "230 (часть вторая)"
  | (?<=ом|ым|ой|ых|ем|им|их) (?=стат|пункт|част)      # glued to the word before: "предусмотренныхстатьями"
""")
_RU_ABZAC = _rx(rf"""
    абзац(?:ами|ах|ам|ем|ев|ы|а|у|е)? \s+               # "абзацем", "абзацы"
    {_RU_ORD} (?: (?:\s*[,–]\s*|\s+(?:и|или)\s+) {_RU_ORD} )*   # "вторым", "второй – шестой"
""")
_RU_POINT_WORD = _rx(r"""
    (?P<sub> под)? пункт(?:ами|ах|ам|ом|ов|ы|а|у|е)? \s+   # "пунктом", "подпунктами", "пункт"
""")
_RU_POINT_ITEM = _rx(rf"""
    (?: (?P<num> \d+(?:-\d+)*) (?: \) | {_GLUED} )      # "3)", "4-1)", or "3" written without the bracket
      | (?P<letter> [а-яa-z]) \)                         # a sub-item "а)"
      | (?P<ord> {_RU_ORD})                              # "пунктом вторым" (item 2)
    )""")
_RU_PART_WORD = _rx(r"""
    част(?:ями|ях|ям|ью|ей|ь|и) \s+                     # "частью", "частями", "части"
""")
_RU_PART_ITEM = _rx(rf"""
    (?: (?P<ord> {_RU_ORD})                             # "второй", "двадцать первой"
      | (?P<num> \d+(?:-\d+)*) (?:(?!\w)|(?=стат|настоящ))   # "2", "1-2" (a part numbered 1-2, never a range)
    )""")
_RU_NOTE = _rx(r"""
    примечани(?:ями|ях|ям|ем|ю|е|я|и|й)                 # "примечанием", "примечания"
    (?: \s+ (?P<nums> \d+ (?:\s*(?:,|и)\s*\d+)* ) )?    # "примечании 2"
    (?: \s+ к )? \s+                                    # "к статье 146" / "примечания статьи 146"
    (?= стат|настоящ|данн )""")
_RU_ARTICLE_WORD = _rx(r"""
    стат (?: (?P<plural> ьями|ьях|ьям|ей)               # plural forms (a hyphen range may follow)
           | ья|ьи|ье|ью|ьей|ьею ) \s*:?\s+             # "статьей", "статьях:"
""")
_RU_ART_ITEM = _rx(r"(?P<num> \d+(?:-\d+)* ) (?![\d\w]|\.\d)")   # 146, 65-1; not "5.1"
_RU_CONTAINER = _rx(r"""
    (?: (?P<chapter> глав(?:ами|ах|ам|ой|ою|а|ы|е|у)?)  # "главой 18", "главами 2 и 3"
      | (?P<section> раздел(?:ами|ах|ам|ом|ов|а|у|е|ы)?) # "разделом 8"
    ) \s+""")
_RU_CODE_PART = _rx(r"""
    (?: (?P<special> особенн\w+ ) | общ(?:ая|ей|ую|ею) )   # "Особенной части", "Общей части"
    \s+ част(?:ями|ях|ям|ью|ей|ь|и)
""")
_RU_POSSESSIVE = _rx(r"(?:ее|её|его|их) \s+ (?=част|стат)")   # "пункте 3) ее части второй"

_ADJ = r"[а-яё-]+(?:ого|его|ому|ему|ым|им|ом|ем|ый|ий|ой)"
_RU_TAIL = _rx(rf"""
    \s*
    (?: (?P<this_code> (?:настоящ|данн)\w+ \s+ (?:кодекс|глав|раздел|параграф)\w* )   # "настоящего Кодекса"
      | (?P<this_article> (?:к\s+)? (?:настоящ|данн)\w+ \s+ стат\w+ )   # "настоящей статьи"
      | (?P<this_part> (?:настоящ|данн)\w+ \s+ част\w+ )                 # "настоящей части"
      | (?P<this_point> (?:настоящ|данн)\w+ \s+ (?:под)?пункт\w* )       # "настоящего пункта"
      | (?P<other_code>                                                  # "Уголовно-процессуального кодекса РК"
            (?:{_ADJ}\s+){{0,3}} кодекс(?:ами|ах|ом|ов|а|у|е)?
            (?: \s+ (?:Республики\s+Казахстан|РК) )?
            (?: \s+ об? \s+ административных \s+ правонарушениях
              | \s+ (?:об?\s+)? [«"] [^»".;]{{0,90}} [»"]? )?
        )
      | (?P<other_act>                                                   # a law, the Constitution: not a code
            (?:[а-яё-]+(?:ого|его|ой|ей|ых|их)\s+){{0,2}}
            (?:закон|конституци|конвенци|договор|соглашени|правил|положени|устав|регламент
               |указ|постановлени|пакт|деклараци|протокол|приложени|директив|инструкци|решени)\w*
        )
      | (?P<antecedent>                                                  # "этой статьи": antecedent unknown
            (?:эт\w+|т\w+\s+же|указанн\w+|названн\w+|соответствующ\w+|предыдущ\w+|следующ\w+|ин\w+)
            \s+ (?:стат|част|пункт|подпункт|глав)\w*
        )
    )""")

_RU_CODES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (_rx(pattern), kind)
    for pattern, kind in (
        (r"уголовно-процессуальн", "criminal_procedure"),
        (r"уголовно-исполнительн", "penal_enforcement"),
        (r"уголовн", "criminal"),
        (r"гражданск\w*\s+процессуальн", "civil_procedure"),
        (r"гражданск", "civil"),
        (r"процедурно-процессуальн", "administrative_procedure"),
        (r"административных\s+правонарушени", "administrative_offences"),
        (r"предпринимательск", "entrepreneurial"),
        (r"налог", "tax"),
        (r"трудов", "labour"),
        (r"бюджетн", "budget"),
        (r"земельн", "land"),
        (r"экологическ", "environmental"),
        (r"водн", "water"),
        (r"лесн", "forest"),
        (r"брак", "family"),
        (r"здоровь", "health"),
        (r"недр", "subsoil"),
        (r"таможенн", "customs"),
    )
)


_BARE_CODE = re.compile(r"кодекс\w*", re.IGNORECASE)  # a bare "Кодекса" means this one


def ru_scope(match: re.Match[str]) -> Scope:
    """What the words after a Russian group say about it."""
    return tail_scope(match, _RU_CODES, _BARE_CODE)


@dataclass
class _Levels:
    """The levels of a chain as read, smallest first; `paths` combines them."""

    subs: list[str] = field(default_factory=list)
    points: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    notes: list[str] | None = None
    tops: list[Path] = field(default_factory=list)  # articles (with bracketed parts), chapters, sections
    law_style: bool = False  # "подпункт 3) пункта 1": пункт is then a numbered part
    bare_points: bool = False  # "пунктом 3 статьи 242" (no bracket): a numbered part, as codes built like laws call it

    def paths(self) -> list[Path]:
        """Every combination, outermost first ("частями первой и второй" -> two paths)."""
        lower: list[Path] = [()]
        if self.notes is not None:
            notes = self.notes or self.points or ["1"]  # "пунктом 3 примечания": the note numbered 3
            lower = [((Kind.NOTE, n),) for n in notes]
        else:
            parts, points = self.parts, self.points
            if self.bare_points and not parts and not self.subs:
                parts, points = points, []  # "пунктом 3 статьи 242": numbered part 3
            for kind, nums in ((Kind.PARAGRAPH, parts), (Kind.POINT, points), (Kind.POINT, self.subs)):
                if nums:
                    lower = [path + ((kind, n),) for path in lower for n in nums]
        if not self.tops:
            return lower
        out: list[Path] = []
        for top in self.tops:
            if len(top) > 1 or top[0][0] is not Kind.ARTICLE:
                out.append(top)  # an article with its own bracketed parts, or a chapter
            else:
                out.extend(top + path for path in lower)
        return out

    def implicit(self) -> Base:
        """What a chain without an article hangs from: parts the article, items the part."""
        if self.parts or self.notes is not None:
            return Base.ARTICLE
        return Base.PARAGRAPH if self.points else Base.POINT


@dataclass(frozen=True)
class _Points:
    """Items as read after "пункт" / "подпункт"."""

    nums: list[str]
    letters: bool  # sub-items "а)"
    sub_word: bool  # the word was "подпункт"
    bare: bool  # no bracket ("пункте 3", "пунктом вторым"): a numbered part when no part follows
    end: int


def _ru_points(text: str, pos: int) -> _Points | None:
    """ "пунктами 1) и 2)", "подпунктом а)", "пунктом 3"."""
    word = _RU_POINT_WORD.match(text, pos)
    if not word:
        return None
    parsed = parse_list(text, word.end(), _RU_POINT_ITEM, _RU_POINT_SEP, _ru_point_value)
    if parsed is None:
        return None
    items, end = parsed
    return _Points(
        nums=expand_items(items),
        letters=items[0][0][0].isalpha(),
        sub_word=bool(word.group("sub")),
        bare=")" not in text[word.end() : end],
        end=end,
    )


def _ru_point_value(match: re.Match[str]) -> str:
    return match.group("num") or match.group("letter") or ordinal(_RU_ORDINALS, match.group("ord") or "")


def _ru_parts(text: str, pos: int) -> tuple[list[str], int] | None:
    """ "частями первой и второй", "частью 1-2": the part numbers and the end."""
    word = _RU_PART_WORD.match(text, pos)
    if not word:
        return None
    parsed = parse_list(
        text,
        word.end(),
        _RU_PART_ITEM,
        _RU_PART_SEP,
        lambda m: m.group("num") or ordinal(_RU_ORDINALS, m.group("ord")),
        _part_follows,
    )
    return (expand_items(parsed[0]), parsed[1]) if parsed else None


def _part_follows(previous: re.Match[str], nxt: re.Match[str]) -> bool:
    """In a list of parts named by words, a number must be an inserted part ("пятой, 5-1"): a plain
    number there is the next article of an outer list whose bracket the text forgot to close
    ("172 (частями первой и пятой (в части …), 193 (…)" in the administrative offences code)."""
    num = nxt.group("num")
    return not (previous.group("ord") and num and "-" not in num)


def _ru_articles(text: str, pos: int, ctx: Context, bare: bool = False) -> tuple[list[Path], int] | None:
    """ "статьями 189 (пунктом 2) части третьей), 190 и 195", "статьями 110–112": paths and end.

    With `bare`, the list has no word before it and must start with a number carrying bracketed
    parts ("230 (часть вторая), 367") to count as articles at all.
    """
    plural = True
    end = pos
    if not bare:
        word = _RU_ARTICLE_WORD.match(text, pos)
        if not word:
            return None
        plural, end = bool(word.group("plural")), word.end()
    paths: list[Path] = []
    joint: re.Match[str] | None = None
    while item := _RU_ART_ITEM.match(text, end):
        num, end = item.group("num"), item.end()
        if joint is not None and joint.group("dash") and paths:
            num = f"{paths.pop()[0][1]}{RANGE}{num}"
        inner, inner_end = _ru_inner(text, end, ctx)
        if bare and not paths and inner == [()]:
            return None
        end = inner_end
        if RANGE not in num:
            num = top_nums([(num, None)], plural, ctx)[0]
        paths.extend(((Kind.ARTICLE, num),) + rel for rel in inner)
        joint = _RU_SEP.match(text, end) or _RU_SEP.match(text, skip_comment(text, end))
        if not joint or not _RU_ART_ITEM.match(text, joint.end()):
            break
        end = joint.end()
    return (paths, end) if paths else None


def _ru_inner(text: str, pos: int, ctx: Context) -> tuple[list[Path], int]:
    """Parts named in brackets after an article number ("189 (пунктом 2) части третьей)"); [()] if none."""
    opening = re.compile(r"\s*\(").match(text, pos)
    if opening:
        chains: list[Chain] = []
        cursor = opening.end()
        while (chain := ru_chain(text, skip_space(text, cursor), ctx, inner=True)) and not chain.top:
            chains.append(chain)
            joint = _RU_SEP.match(text, chain.end) or _RU_SEP.match(text, skip_comment(text, chain.end))
            if not joint or joint.group("dash"):
                break
            cursor = joint.end()
        if chains:
            after = skip_comment(text, chains[-1].end)
            if closing := _CLOSING.match(text, after):
                return _inner_paths(chains), closing.end()
            if _UNCLOSED.match(text, after):
                return _inner_paths(chains), after
    return [()], pos


_CLOSING = re.compile(r"\s*\)")
# A bracket the text forgot to close: the next article of the list, or the end of the sentence,
# follows at once ("220 (частями первой и восьмой (в отношении …), 222", "(статья 169 (части вторая,
# седьмая, тринадцатая (в части производства биотоплива);" in the administrative offences code).
_UNCLOSED = re.compile(r"\s*(?:,\s*\d|[;.]|$)")


def _inner_paths(chains: list[Chain]) -> list[Path]:
    """Relative paths of bracketed chains; a chain that leaves out its part takes the next one's."""
    out: list[Path] = []
    for index, chain in enumerate(chains):
        paths = chain.paths
        donor = next((c for c in chains[index + 1 :] if _first_kind(c.paths) != _first_kind(paths)), None)
        if donor is not None and _first_kind(paths) is Kind.POINT:
            prefix = _shared_prefix(donor.paths, Kind.POINT)
            paths = [prefix + p for p in paths] if prefix else paths
        out.extend(paths)
    return out


def _ru_containers(text: str, pos: int) -> tuple[list[Path], int] | None:
    """ "главой 18", "разделом 8": chapter or section paths and the end."""
    word = _RU_CONTAINER.match(text, pos)
    if not word:
        return None
    kind = Kind.CHAPTER if word.group("chapter") else Kind.SECTION
    parsed = parse_list(text, word.end(), _RU_ART_ITEM, _RU_SEP, lambda m: m.group("num"))
    if parsed is None:
        return None
    return [((kind, num),) for num in expand_items(parsed[0])], parsed[1]


def ru_chain(text: str, pos: int, ctx: Context, inner: bool = False) -> Chain | None:
    """Read one chain at `pos`, smallest level first; None when no level starts there.

    Ranks: 0 абзац, 1 sub-item, 2 item, 3 part, 4 note, 5 article, chapter or section. A level
    may be followed by a bracketed comment or "ее" ("пункте 3) ее части второй") before the next.
    """
    levels = _Levels()
    rank, end, cursor = -1, pos, pos
    while rank < 5:
        step = _ru_level(text, cursor, rank, levels, ctx, inner)
        if step is None and rank >= 0 and (after := skip_comment(text, end)) != end:
            step = _ru_level(text, skip_space(text, after), rank, levels, ctx, inner)
        if step is None:
            break
        rank, end = step
        cursor = skip_space(text, end)
        if possessive := _RU_POSSESSIVE.match(text, cursor):
            cursor = possessive.end()
    if rank < 1 and not levels.tops:
        return None
    return Chain(pos, end, levels.paths(), top=bool(levels.tops), implicit=levels.implicit())


def _ru_level(text: str, pos: int, rank: int, levels: _Levels, ctx: Context, inner: bool) -> tuple[int, int] | None:
    """Read the next level above `rank` at `pos` into `levels`: its rank and end, or None."""
    if rank < 3 and (abzac := _RU_ABZAC.match(text, pos)):
        return max(rank, 0), abzac.end()  # the unit holding the абзац is the target
    if rank < 3 and (points := _ru_points(text, pos)):
        if points.letters and rank < 1:
            levels.subs = points.nums
            return 1, points.end
        if not points.letters and rank < 2:
            levels.points, levels.law_style, levels.bare_points = points.nums, points.sub_word, points.bare
            return 2, points.end
        if not points.letters and rank == 2 and levels.law_style and not points.sub_word:
            levels.parts = points.nums  # "подпункта 3) пункта 1 статьи 137": пункт is a numbered part
            return 3, points.end
        return None
    if rank == 3 and levels.parts and (points := _ru_points(text, pos)) and points.bare and not points.sub_word:
        levels.parts = points.nums  # "частью третьей пункта 3 статьи 137": an абзац of numbered part 3
        return 3, points.end
    if rank < 3 and (parts := _ru_parts(text, pos)):
        levels.parts, end = parts
        return 3, end
    if rank < 4 and (note := _RU_NOTE.match(text, pos)):
        levels.notes = re.findall(r"\d+", note.group("nums") or "")
        return 4, note.end()
    if articles := _ru_articles(text, pos, ctx):
        levels.tops, end = articles
        return 5, end
    if rank < 4 and (containers := _ru_containers(text, pos)):
        levels.tops, end = containers
        return 5, end
    if rank < 0 and (part := _RU_CODE_PART.match(text, pos)):
        levels.tops = [((Kind.PART, "special" if part.group("special") else "general"),)]
        return 5, part.end()
    if rank < 0 and not inner and (bare := _ru_articles(text, pos, ctx, bare=True)):
        levels.tops, end = bare
        return 5, end
    if rank in (2, 3) and (missing := _RU_WORDLESS_ARTICLE.match(text, pos)):
        levels.tops = [((Kind.ARTICLE, missing.group("num")),)]
        return 5, missing.end("num")
    return None


# An article number after a part with the word "статьи" left out, as in the administrative
# offences code's "в случае, предусмотренном частью второй 749 настоящего Кодекса".
_RU_WORDLESS_ARTICLE = _rx(r"(?P<num> \d+(?:-\d+)* ) (?= \s+ (?:настоящего\s+кодекса|[\w-]+\s+кодекс))")


def find_rus(text: str, ctx: Context, others: Mapping[str, Context]) -> Iterator[Cite]:
    """References in one normalised Russian paragraph."""
    memory = Memory()
    pos = 0
    while head := _RU_HEAD.search(text, pos):
        found = _ru_group(text, head.start(), ctx, others, memory)
        if found is None:
            pos = head.end()
            continue
        cites, pos = found
        yield from cites


def _ru_group(
    text: str, pos: int, ctx: Context, others: Mapping[str, Context], memory: Memory
) -> tuple[list[Cite], int] | None:
    """Chains joined by "и", "или", "," up to the words that say which act they cite."""
    chains: list[Chain] = []
    cursor = pos
    while chain := ru_chain(text, cursor, ctx):
        if not chains and not chain.top and _AFTER_ARTICLE_BRACKET.search(text, 0, chain.start):
            return [], chain.end  # the parts of an article whose bracket could not be read: no guess
        chains.append(chain)
        tail = _RU_TAIL.match(text, chain.end) or _RU_TAIL.match(text, skip_comment(text, chain.end))
        if tail:
            scope = ru_scope(tail)
            chain.end = tail.end()
            chain.scope, chain.base = (scope, None) if scope.base is None else (None, scope.base)
        joint = _RU_SEP.match(text, chain.end) or _RU_SEP.match(text, skip_comment(text, chain.end))
        if not joint or joint.group("dash") or not _RU_HEAD.match(text, joint.end()):
            break
        cursor = joint.end()
    if chains:
        return settle(chains, ctx, others, memory), chains[-1].end
    return _ru_this(text, pos)


# "239 (" right before a chain: the chain names parts of article 239 ("239 (частями третьей ичетвертой
# (…" in the administrative offences code, where a typo and an unclosed bracket defeat the list).
_AFTER_ARTICLE_BRACKET = re.compile(r"\d\s*\(\s*$")


def _ru_this(text: str, pos: int) -> tuple[list[Cite], int] | None:
    """ "настоящей статьи", "настоящей главы" named alone: the provision around the source."""
    tail = _RU_TAIL.match(text, pos)
    if tail is None or not (tail.group("this_article") or tail.group("this_code")):
        return None
    words = tail.group()
    if tail.group("this_article"):
        base = Base.ARTICLE
    elif re.search(r"глав", words, re.IGNORECASE):
        base = Base.CHAPTER
    elif re.search(r"раздел", words, re.IGNORECASE):
        base = Base.SECTION
    else:
        return None  # "настоящего Кодекса" alone names no provision
    start = pos + len(words) - len(words.lstrip())
    return [Cite(start, tail.end(), ((),), base, None)], tail.end()


