"""Find the references a code makes in its provisions, and resolve them to provision ids.

`find_references(code)` reads every provision's own text and wrap-up (never its children's, so a
reference belongs to the deepest provision holding it) and returns one `Reference` per target, in
document order. `resolve(codes)` fills `Code.references` and resolves references to other codes
when the named code is among those loaded (by `Code.key`, e.g. ``kz/criminal_procedure``).

Patterns run on normalised text (see `lexgap.normalize`): "–" is a range, "-" joins the parts of a
number ("65-1"), look-alike letters are fixed. Spans and quotes map back to the original text.

A reference is read as a *chain* of levels. Russian and English name the smallest unit first
("пунктом 3) части первой статьи 64", "paragraph 3) of part 1 of Article 64"); Kazakh names the
article first ("64-баптың бірінші бөлігінің 3) тармағы"). Each level holds a list ("частями первой и
второй", "статьями 189, 190 и 195") or a range ("статьями 110–112"), and an article may carry its
parts in brackets ("статьями 189 (пунктом 2) части третьей), 190"); the chain stands for every
combination. Bracketed comments ("(в части …)", an article's title) are passed over. Chains joined
by "и", "или", "," form a group; the words after it (Russian, English) or before it (Kazakh) say
which act the group cites: "настоящего Кодекса" / "осы Кодекстің" (this code), a code's name
(another code), a law or the Constitution (not a code: skipped), "настоящей статьи" / "осы баптың"
(the source's own article). A chain that leaves out its article takes it from the next chain of
the group ("пунктами 1), 2), а также подпунктом 6) части первой статьи 424": all in part one of
article 424); with no such chain it is read in the source's own article or part, as lawyers read
it, and when that target does not exist, in the article and part the paragraph named last.

Lenient on one drafting habit: "подпунктом 7) статьи 272", when article 272 keeps its items in its
only numbered part, resolves to ``art_272__para_1__point_7``.

Left out: antecedents ("частью первой этой статьи", "указанной статьи" are skipped), lists of bare
article numbers with no word before them ("в статьях: 188 – …; 189, 190 – …" gives the first list
only, unless a number carries bracketed parts), "абзац" (the reference goes to the unit holding it),
and mentions of a whole code without an article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from lexgap.model import Code, Kind, Provision, Reference, Span, component
from lexgap.normalize import Normalized, normalize

# --- what the finders hand over -----------------------------------------------------------------

Step = tuple[Kind, str]  # one level of a target: (Kind.ARTICLE, "64"), (Kind.PARAGRAPH, "1")
Path = tuple[Step, ...]  # outermost level first

RANGE = "–"  # inside an article step, "110–112" is a range, filled in by `expand_paths`


class Base(StrEnum):
    """What a path hangs from: the code itself, or a provision around the source."""

    CODE = "code"
    SECTION = "section"  # "настоящего раздела"
    CHAPTER = "chapter"  # "настоящей главы"
    ARTICLE = "article"  # "настоящей статьи", "осы баптың"
    PARAGRAPH = "paragraph"  # "настоящей части"
    POINT = "point"  # "настоящего пункта"


@dataclass(frozen=True)
class Cite:
    """A reference found in one normalised paragraph, before its targets become ids.

    `fallback` is read when a path of a chain without an article points at nothing in the source's
    own article: the same items in the article and part the paragraph named last.
    """

    start: int
    end: int
    paths: tuple[Path, ...]
    base: Base
    code: str | None  # kind of the other code ("criminal_procedure"); None for this code
    fallback: tuple[Base, tuple[Path, ...]] | None = None


@dataclass(frozen=True)
class Scope:
    """What the words around a group say: skip it, another code, or a provision around the source."""

    skip: bool = False
    code: str | None = None
    base: Base | None = None


THIS_CODE = Scope()
SKIP = Scope(skip=True)


@dataclass(frozen=True)
class Context:
    """What a finder needs to know about a code: its article numbers, to fill ranges."""

    articles: tuple[str, ...]  # in document order
    known: frozenset[str]

    @classmethod
    def of(cls, code: Code) -> Context:
        nums = tuple(p.num for p in code.articles())
        return cls(nums, frozenset(nums))


EMPTY = Context((), frozenset())  # a code that is not loaded: ranges are filled with plain numbers


@dataclass
class Chain:
    """One chain ("пунктом 3) части первой статьи 64") and what the words around it say."""

    start: int
    end: int
    paths: list[Path]  # absolute when `top`, else relative to the source
    top: bool  # names an article, chapter or section
    implicit: Base = Base.ARTICLE  # what a relative chain hangs from when nothing says otherwise
    scope: Scope | None = None  # from its own tail, when it has one
    base: Base | None = None  # "настоящей статьи" after it


@dataclass
class Memory:
    """The last article and part a paragraph named, for an item named alone later ("пунктом 7) –")."""

    base: Base | None = None
    path: Path = ()


Finder = Callable[[str, Context, Mapping[str, Context]], Iterator[Cite]]


# --- numbers and lists ----------------------------------------------------------------------------


def num_key(num: str) -> tuple[int, ...]:
    """Sort key of an article number: "65-1" -> (65, 1), so 65 < 65-1 < 66."""
    return tuple(int(part) for part in re.findall(r"\d+", num)) or (0,)


def expand_range(low: str, high: str, ctx: Context) -> list[str]:
    """The articles from `low` to `high`: those the code holds, else the plain numbers between.

    Inserted articles count ("110–112" covers 111-1), as the laws that inserted them mean.
    """
    lo, hi = num_key(low), num_key(high)
    inside = [num for num in ctx.articles if lo <= num_key(num) <= hi]
    if inside:
        return inside
    if low.isdigit() and high.isdigit() and 0 < int(high) - int(low) < 200:
        return [str(n) for n in range(int(low), int(high) + 1)]
    return [low, high]


def expand_paths(paths: Sequence[Path], ctx: Context) -> list[Path]:
    """`paths` with each article range ("110–112") replaced by the articles it covers in `ctx`."""
    out: list[Path] = []
    for path in paths:
        if path and path[0][0] is Kind.ARTICLE and RANGE in path[0][1]:
            low, high = path[0][1].split(RANGE, 1)
            out.extend(((Kind.ARTICLE, num),) + path[1:] for num in expand_range(low, high, ctx))
        else:
            out.append(path)
    return out


def is_hyphen_range(num: str, plural: bool, ctx: Context) -> bool:
    """Whether "110-112" with a hyphen is a range: after a plural word ("статьями") only, with a
    larger second number ("65-1" is an article), and when the code has no article of that number.
    """
    parts = num.split("-")
    return plural and len(parts) == 2 and int(parts[1]) > int(parts[0]) and num not in ctx.known


def top_nums(items: list[tuple[str, str | None]], plural: bool, ctx: Context) -> list[str]:
    """Article numbers of a list; a range stays one step ("110–112") until its code is known."""
    nums: list[str] = []
    for low, high in items:
        if high is not None:
            nums.append(f"{low}{RANGE}{high}")
        elif is_hyphen_range(low, plural, ctx):
            nums.append(low.replace("-", RANGE))
        else:
            nums.append(low)
    return nums


def expand_items(items: list[tuple[str, str | None]]) -> list[str]:
    """Parts or items of a list; a range of plain numbers is filled in ("1) – 3)" -> 1, 2, 3)."""
    out: list[str] = []
    for low, high in items:
        if high is None:
            out.append(low)
        elif low.isdigit() and high.isdigit() and 0 < int(high) - int(low) < 100:
            out.extend(str(n) for n in range(int(low), int(high) + 1))
        else:
            out.extend((low, high))
    return out


def ordinal(table: Sequence[tuple[str, int]], words: str) -> str:
    """The number ordinal words stand for ("двадцать первой" -> "21"); the longest stem wins."""
    total = 0
    for word in words.lower().split():
        total += next((value for stem, value in table if word.startswith(stem)), 0)
    return str(total) if total else ""


_SPACE = re.compile(r"\s*")
_LONGEST_COMMENT = 1200  # characters; bracketed notes in the jurisdiction lists of the administrative offences code run to ~900


def skip_comment(text: str, pos: int) -> int:
    """The position after a bracketed comment at `pos` ("(в части …)", an article's title), else `pos`.

    Brackets nest ("(в отношении … (за исключением …))"); an unclosed one is no comment.
    """
    start = skip_space(text, pos)
    if start >= len(text) or text[start] != "(":
        return pos
    depth = 0
    for index in range(start, min(len(text), start + _LONGEST_COMMENT)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    return pos


def skip_space(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def parse_list(
    text: str,
    pos: int,
    item: re.Pattern[str],
    sep: re.Pattern[str],
    value: Callable[[re.Match[str]], str],
    follows: Callable[[re.Match[str], re.Match[str]], bool] = lambda previous, nxt: True,
) -> tuple[list[tuple[str, str | None]], int] | None:
    """Items joined by separators or range dashes from `pos`: [(low, high or None)] and the end.

    A bracketed comment after an item is passed over when the list goes on after it
    ("частями первой, третьей (в части …), четвертой"); `follows` may refuse an item that cannot
    continue the list after the one before it.
    """
    first = item.match(text, pos)
    if not first or not value(first):
        return None
    items: list[tuple[str, str | None]] = [(value(first), None)]
    previous = first
    while True:
        end = previous.end()
        joint = sep.match(text, end) or sep.match(text, skip_comment(text, end))
        nxt = item.match(text, joint.end()) if joint else None
        if joint is None or nxt is None or not value(nxt) or not follows(previous, nxt):
            return items, end
        if joint.group("dash") and num_key(value(nxt)) <= num_key(items[-1][0]):
            return items, end  # "части первой – первых руководителей": a dash, not a range
        if joint.group("dash"):
            items[-1] = (items[-1][0], value(nxt))
        else:
            items.append((value(nxt), None))
        previous = nxt


def _item_value(match: re.Match[str]) -> str:
    """An item's number or letter, as a list reads it ("3)", "а)")."""
    return match.group("num") or match.group("letter") or ""


def code_kind(name: str, table: Sequence[tuple[re.Pattern[str], str]]) -> str:
    """The kind of a code named in a reference; "other" when the name is not in `table`."""
    return next((kind for pattern, kind in table if pattern.search(name)), "other")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.VERBOSE | re.IGNORECASE)


# --- groups: what chains share ---------------------------------------------------------------------

_RANK: dict[Kind, int] = {
    Kind.PART: 0, Kind.SECTION: 0, Kind.CHAPTER: 0, Kind.SUBCHAPTER: 0, Kind.ARTICLE: 0,
    Kind.NOTE: 1, Kind.PARAGRAPH: 2, Kind.POINT: 3,
}


def _prefix_above(path: Path, kind: Kind) -> Path:
    """The steps of `path` above `kind`: the article and part a shorter chain leaves out."""
    out: list[Step] = []
    for step in path:
        if _RANK[step[0]] >= _RANK[kind]:
            break
        out.append(step)
    return tuple(out)


def _first_kind(paths: Sequence[Path]) -> Kind:
    return paths[0][0][0] if paths and paths[0] else Kind.ARTICLE


def _shared_prefix(paths: Sequence[Path], kind: Kind) -> Path | None:
    """The steps above `kind` that every path shares; None when they differ."""
    prefixes = {_prefix_above(path, kind) for path in paths}
    return prefixes.pop() if len(prefixes) == 1 else None


def settle(
    chains: list[Chain],
    ctx: Context,
    others: Mapping[str, Context],
    memory: Memory,
    donors_follow: bool = True,
) -> list[Cite]:
    """Turn a group's chains into cites (see the module docstring for what chains share).

    A chain without an article takes it from the next chain that names one (Russian, English:
    "пунктом 2) или пунктом 3) части первой статьи 64"), or with `donors_follow` False from the
    chain before (Kazakh: "осы баптың бірінші бөлігінде, 3-1-бөлігінің 3) тармағында").
    """
    cites: list[Cite] = []
    for index, chain in enumerate(chains):
        later = chains[index:]
        scope = next((c.scope for c in later if c.scope is not None), THIS_CODE)
        if scope.skip:
            continue
        paths, base, top, fallback = chain.paths, chain.base, chain.top, None
        if not top and base is None:
            candidates = later[1:] if donors_follow else reversed(chains[:index])
            donor = next((c for c in candidates if c.top or c.base is not None), None)
            prefix = _shared_prefix(donor.paths, _first_kind(paths)) if donor else None
            if donor is not None and prefix is not None:
                paths, base, top = [prefix + p for p in paths], donor.base, donor.top
            else:
                base = chain.implicit
                fallback = _fallback(paths, memory)
        if scope.code is not None and not top:
            continue  # "частью второй Уголовного кодекса": no article named, nothing to point at
        code = scope.code if top and base is None else None
        paths = expand_paths(paths, others.get(code, EMPTY) if code else ctx)
        cites.append(Cite(chain.start, chain.end, tuple(paths), base or Base.CODE, code, fallback))
        if code is None and (chain.top or chain.base is not None) and paths:
            memory.base, memory.path = base or Base.CODE, paths[-1]
    return cites


def _fallback(paths: Sequence[Path], memory: Memory) -> tuple[Base, tuple[Path, ...]] | None:
    """The same items under the article and part the paragraph named last, if it named one."""
    if memory.base is None:
        return None
    prefix = _prefix_above(memory.path, _first_kind(paths))
    return memory.base, tuple(prefix + path for path in paths)


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


def ru_scope(match: re.Match[str]) -> Scope:
    """What the words after a Russian group say about it."""
    if match.group("this_code"):
        return THIS_CODE
    if match.group("this_article"):
        return Scope(base=Base.ARTICLE)
    if match.group("this_part"):
        return Scope(base=Base.PARAGRAPH)
    if match.group("this_point"):
        return Scope(base=Base.POINT)
    if name := match.group("other_code"):
        if re.fullmatch(r"кодекс\w*", name.strip(), re.IGNORECASE):
            return THIS_CODE  # a bare "Кодекса" means this one
        return Scope(code=code_kind(name, _RU_CODES))
    return SKIP


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
    if match.group("this_code"):
        return THIS_CODE
    if match.group("this_article"):
        return Scope(base=Base.ARTICLE)
    if match.group("this_part"):
        return Scope(base=Base.PARAGRAPH)
    if match.group("this_point"):
        return Scope(base=Base.POINT)
    if name := match.group("other_code"):
        return Scope(code=code_kind(name, _EN_CODES))
    return SKIP


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


FINDERS: dict[str, Finder] = {"rus": find_rus, "kaz": find_kaz, "eng": find_eng}


# --- ids ----------------------------------------------------------------------------------------

_BASE_KINDS: dict[Base, tuple[Kind, ...]] = {
    Base.SECTION: (Kind.SECTION,),
    Base.CHAPTER: (Kind.CHAPTER,),
    Base.ARTICLE: (Kind.ARTICLE,),
    Base.PARAGRAPH: (Kind.PARAGRAPH, Kind.ARTICLE),
    Base.POINT: (Kind.POINT, Kind.PARAGRAPH, Kind.ARTICLE),
}


def _ancestor(code: Code, source: str, kinds: tuple[Kind, ...]) -> str | None:
    """The nearest provision of one of `kinds` at or above `source` (the first kind listed wins)."""
    chain: list[Provision] = []
    node: str | None = source
    while node is not None:
        chain.append(code.index[node])
        node = code.parents.get(node)
    for kind in kinds:
        found = next((p.id for p in chain if p.kind is kind), None)
        if found is not None:
            return found
    return None


def target_id(path: Path, base: Base, source: str, code: Code) -> str | None:
    """The id a path points at (``art_64__para_1__point_3``); relative paths hang from the source."""
    parts = [component(kind, num) for kind, num in path]
    if base is Base.CODE:
        return "__".join(parts) if parts else None
    root = _ancestor(code, source, _BASE_KINDS[base])
    return "__".join([root, *parts]) if root is not None else None


def lenient(target: str, code: Code) -> str | None:
    """ "подпунктом 7) статьи 272" when article 272 holds its items in one numbered part only: the
    item there (``art_272__para_1__point_7``), else None."""
    article, _, rest = target.partition("__")
    provision = code.index.get(article)
    if provision is None or not rest.startswith("point_") or "__" in rest:
        return None
    holders = [c.id for c in provision.children if c.kind is Kind.PARAGRAPH and f"{c.id}__{rest}" in code.index]
    return f"{holders[0]}__{rest}" if len(holders) == 1 else None


def _internal_target(cite: Cite, index: int, source: str, code: Code) -> str | None:
    """The id an internal path points at, trying the fallback and the lenient reading when needed."""
    target = target_id(cite.paths[index], cite.base, source, code)
    if target is not None and target in code.index:
        return target
    if cite.fallback is not None:
        base, paths = cite.fallback
        other = target_id(paths[index], base, source, code)
        if other is not None and other in code.index:
            return other
    return (lenient(target, code) if target else None) or target


# --- the public API -------------------------------------------------------------------------------


def find_references(code: Code, others: Sequence[Code] = ()) -> tuple[Reference, ...]:
    """Every reference in `code`, in document order; internal ones resolved against `code`.

    References to another code carry its key (``kz/criminal_procedure``) and stay unresolved until
    `resolve` sees that code. `others` fills ranges of another code ("статьями 110–112 Уголовного
    кодекса") with that code's articles instead of plain numbers.
    """
    finder = FINDERS.get(code.language, find_rus)
    ctx = Context.of(code)
    other_ctx = {o.kind.value: Context.of(o) for o in others if o.jurisdiction == code.jurisdiction}
    refs: list[Reference] = []
    for provision in code.walk():
        for paragraph, span in unquoted(paragraphs(provision)):
            refs.extend(_references_in(paragraph, span, provision.id, code, finder, ctx, other_ctx))
    # A provision's wrap-up follows its children in the text; a stable sort keeps a list's targets together.
    return tuple(sorted(refs, key=lambda ref: ref.span.start))


def paragraphs(provision: Provision) -> Iterator[tuple[str, Span]]:
    """The provision's own paragraphs (text, then wrap-up), each with its source span."""
    lines = (provision.text.split("\n") if provision.text else []) + (
        provision.wrap_up.split("\n") if provision.wrap_up else []
    )
    yield from zip(lines, provision.text_spans)


_QUOTE_OPEN = re.compile(r'\s*["«„“]')
_QUOTE_CLOSE = re.compile(r'["»“”]\s*[.;,]?\s*$')
_CLOSERS = {'"': '"', "«": "»", "„": "“", "“": "”"}


def unquoted(items: Iterator[tuple[str, Span]]) -> Iterator[tuple[str, Span]]:
    """Paragraphs outside quoted blocks. A block restating another act's article (the criminal code's
    article 467 quotes article 51 of the 1997 code) cites that act, not this code: "статьей 193
    настоящего Кодекса" there is the old code's article 193. A block opens with a quote that the
    paragraph does not close ("«Статья 51. …") and ends with the paragraph that ends in a quote.
    """
    inside = False
    for paragraph, span in items:
        if inside:
            inside = not _QUOTE_CLOSE.search(paragraph)
            continue
        opening = _QUOTE_OPEN.match(paragraph)
        if opening and _CLOSERS[paragraph[opening.end() - 1]] not in paragraph[opening.end() :]:
            inside = True
            continue
        yield paragraph, span


# A paragraph without any of these cannot hold a reference; it is not normalised at all.
_TRIGGER = re.compile(r"\d|настоящ|данн|част|пункт|осы\s|бөлі|this\s|part", re.IGNORECASE)


def _references_in(
    paragraph: str,
    span: Span,
    source: str,
    code: Code,
    finder: Finder,
    ctx: Context,
    others: Mapping[str, Context],
) -> Iterator[Reference]:
    """The references of one paragraph, with spans in the source file."""
    if not _TRIGGER.search(paragraph):
        return
    normal = normalize(paragraph)
    for cite in finder(normal.text, ctx, others):
        start, end = _original(normal, cite.start, cite.end)
        where = Span(span.line, span.start + start, span.start + end)
        target_code = f"{code.jurisdiction or 'xx'}/{cite.code}" if cite.code else None
        internal = target_code is None or target_code == code.key  # a code may name itself
        seen: set[str | None] = set()
        for index, path in enumerate(cite.paths):
            if internal:
                target = _internal_target(cite, index, source, code)
            else:
                target = target_id(path, cite.base, source, code)
            if target in seen:
                continue
            seen.add(target)
            resolved = internal and target is not None and target in code.index
            yield Reference(source, paragraph[start:end], where, target, None if internal else target_code, resolved)


def _original(normal: Normalized, start: int, end: int) -> tuple[int, int]:
    """A normalised span mapped back to the original, trailing blanks left out of the quote."""
    while end > start and normal.text[end - 1].isspace():
        end -= 1
    return normal.to_original(start, end)


def resolve(codes: Sequence[Code]) -> tuple[Code, ...]:
    """`codes` with their references found and resolved, across codes when the cited one is loaded."""
    by_key = {code.key: code for code in codes}
    out: list[Code] = []
    for code in codes:
        others = [other for other in codes if other is not code]
        refs = find_references(code, others)
        out.append(replace(code, references=tuple(_resolve_external(ref, by_key) for ref in refs)))
    return tuple(out)


def _resolve_external(ref: Reference, by_key: Mapping[str, Code]) -> Reference:
    """A reference to another code resolves when that code is loaded and holds the target."""
    if ref.target_code is None or ref.target is None:
        return ref
    other = by_key.get(ref.target_code)
    if other is None:
        return ref
    target = ref.target if ref.target in other.index else lenient(ref.target, other) or ref.target
    return replace(ref, target=target, resolved=target in other.index)
