"""What the reference finders of every language share: cites, scopes, chains, lists, numbers, groups."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from lexgap.model import Code, Kind

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




def tail_scope(match: re.Match[str], codes: Sequence[tuple[re.Pattern[str], str]], bare: re.Pattern[str] | None = None) -> Scope:
    """What the words after a group say (Russian and English name the act after the reference):
    this code, this article, part or item, another code by name (`codes`), or an act that is not a
    code (skipped). A name matching `bare` ("Кодекса" alone) means this code."""
    if match.group("this_code"):
        return THIS_CODE
    for group, base in (("this_article", Base.ARTICLE), ("this_part", Base.PARAGRAPH), ("this_point", Base.POINT)):
        if match.group(group):
            return Scope(base=base)
    if name := match.group("other_code"):
        if bare is not None and bare.fullmatch(name.strip()):
            return THIS_CODE
        return Scope(code=code_kind(name, codes))
    return SKIP
