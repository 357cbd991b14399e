"""Heading and line grammars of codes in Russian, Kazakh and English.

Every pattern runs on one normalised line with Markdown markers already stripped (see
`lexgap.read.text`). Headings require the dot after the number ("Статья 146.", "146-бап.",
"Article 146.") so that a body sentence opening with "Статья 146 настоящего Кодекса …" is not
mistaken for a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lexgap.model import Kind

# 146, 65-1, 144², and the Russian Federation's 36.1 (a dotted insert, only when a dot follows it)
_NUM = r"\d+(?:-\d+)*(?:\.\d+(?=\.))?[⁰¹²³⁴⁵⁶⁷⁸⁹]*"
_ROMAN_OR_NUM = r"(?:\d+(?:-\d+)*|[IVXLC]+)(?:\.\d+(?=\.))?"  # 1, 1-1, III, III.1


@dataclass(frozen=True)
class Grammar:
    """The patterns of one language; `containers` are tried in order, outermost first."""

    lang: str
    containers: tuple[tuple[Kind, re.Pattern[str]], ...]
    article: re.Pattern[str]
    part_names: dict[str, str]  # normalised lower-case name of a part of a code -> its id number
    note: re.Pattern[str]  # "Примечание." / "Ескерту." ; group "rest"
    footnote: re.Pattern[str]  # "Сноска." ; group "rest"
    repealed: re.Pattern[str]  # the whole text of a repealed part or item
    sanction: re.Pattern[str]  # how a wrap-up after a list of items starts


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.VERBOSE | re.IGNORECASE)


RUSSIAN = Grammar(
    lang="rus",
    containers=(
        (Kind.PART, _rx(r"^(?P<name>общая \s+ часть|особенная \s+ часть|заключительные \s+ положения)\.?$")),
        (Kind.SECTION, _rx(rf"""^раздел \s+ (?P<num>{_ROMAN_OR_NUM})   # Раздел 1. / РАЗДЕЛ I.
                                (?:\.\s*|\s*$)(?P<heading>.*)$""")),
        (Kind.CHAPTER, _rx(rf"^глава \s+ (?P<num>{_NUM}) (?:\.\s*|\s*$)(?P<heading>.*)$")),
        (Kind.SUBCHAPTER, _rx(rf"^параграф \s+ (?P<num>{_NUM}) (?:\.\s*|\s*$)(?P<heading>.*)$")),
    ),
    article=_rx(rf"""^стать[яи] \s+ (?P<num>{_NUM})   # the number as written
                     \s*\.\s* (?P<heading>.*)$        # the dot is required, then the heading"""),
    part_names={"общая часть": "general", "особенная часть": "special", "заключительные положения": "final"},
    note=_rx(r"^примечани[ея] \s* [.:] \s* (?P<rest>.*)$"),
    footnote=_rx(r"^сноска \s* [.:] \s* (?P<rest>.*)$"),
    repealed=_rx(r"^(?:исключен[аоы]? | утратил[аио]? \s+ силу)\b"),
    sanction=_rx(r"^(?:наказыва|влеч[её]т|влекут)"),
)

KAZAKH = Grammar(
    lang="kaz",
    containers=(
        (Kind.PART, _rx(r"^(?P<name>жалпы \s+ бөлік|ерекше \s+ бөлік|қорытынды \s+ ережелер)\.?$")),
        (Kind.SECTION, _rx(rf"^(?P<num>{_ROMAN_OR_NUM}) - бөлім (?:\.\s*|\s*$)(?P<heading>.*)$")),
        (Kind.CHAPTER, _rx(rf"^(?P<num>{_NUM}) - тарау (?:\.\s*|\s*$)(?P<heading>.*)$")),
        (Kind.SUBCHAPTER, _rx(rf"^(?P<num>{_NUM}) - параграф (?:\.\s*|\s*$)(?P<heading>.*)$")),
    ),
    article=_rx(rf"""^(?P<num>{_NUM}) - бап   # 146-бап, 65-1-бап
                     \s*\.\s* (?P<heading>.*)$"""),
    part_names={"жалпы бөлік": "general", "ерекше бөлік": "special", "қорытынды ережелер": "final"},
    # "Ескерту." is both a note and an amendment footnote in Kazakh; `is_footnote` tells them apart.
    note=_rx(r"^ескерту \s* [.:] \s* (?P<rest>.*)$"),
    footnote=_rx(r"^ескерту \s* [.:] \s* (?P<rest>.*)$"),
    repealed=_rx(r"^(?:алып \s+ тасталды | алынып \s+ тасталды)"),
    sanction=_rx(r".*\b(?:жазаланады|әкеп \s+ соғады)\b"),  # the sanction verb closes the sentence
)

ENGLISH = Grammar(
    lang="eng",
    containers=(
        (Kind.PART, _rx(r"^(?P<name>general \s+ part|special \s+ part|final \s+ provisions)\.?$")),
        (Kind.SECTION, _rx(rf"^section \s+ (?P<num>{_ROMAN_OR_NUM}) (?:\.\s*|\s*$)(?P<heading>.*)$")),
        (Kind.CHAPTER, _rx(rf"^chapter \s+ (?P<num>{_NUM}) (?:\.\s*|\s*$)(?P<heading>.*)$")),
        (Kind.SUBCHAPTER, _rx(rf"^paragraph \s+ (?P<num>{_NUM}) (?:\.\s*|\s*$)(?P<heading>.*)$")),
    ),
    article=_rx(rf"^article \s+ (?P<num>{_NUM}) \s*\.\s* (?P<heading>.*)$"),
    part_names={"general part": "general", "special part": "special", "final provisions": "final"},
    note=_rx(r"^notes? \s* [.:] \s* (?P<rest>.*)$"),
    footnote=_rx(r"^footnote \s* [.:] \s* (?P<rest>.*)$"),
    repealed=_rx(r"^(?:repealed|deleted|excluded)\b"),
    sanction=_rx(r"^(?:shall \s+ be \s+ punished|is \s+ punishable|shall \s+ entail|entails?)\b"),
)

GRAMMARS: dict[str, Grammar] = {g.lang: g for g in (RUSSIAN, KAZAKH, ENGLISH)}

PARAGRAPH = _rx(rf"""^(?P<num>{_NUM}) \.     # "1.", "3-1." (a part of an article)
                      (?: \s+ | (?=[А-ЯЁӘҒҚҢӨҰҮҺІ]) )  # then a space, or a capital with the space lost ("3.Исключена")
                      (?P<rest>\S.*)$""")
POINT = _rx(rf"^(?P<num>{_NUM}) \) \s* (?P<rest>.*)$")  # "1) text", "1-1) text"
SUBPOINT = _rx(r"^(?P<num>[а-яәғқңөұүһіa-z]) \) \s+ (?P<rest>.*)$")  # "а) text", "b) text"

# An editorial note of the database on a ruling of the Constitutional Court (or Council): not law,
# not an amendment ("Нормативным постановлением Конституционного Суда РК от 04.05.2024 № 43 …").
COURT_ANNOTATION = _rx(r"^(?:нормативным \s+)? постановлением \s+ конституционного \s+ (?:суда|совета)")

TOC_MARKER = _rx(r"^(?:оглавление|содержание|мазмұны|contents|table \s+ of \s+ contents)\.?$")
MARKDOWN_HEADING = re.compile(r"^(?P<hashes>\#{1,6})\s+")

# A law cited in a footnote: "Законом РК от 03.07.2017 № 84-VI", "ҚР 03.07.2017 № 84-VI Заңымен",
# "Law of 03.07.2017 No. 84-VI". Runs on normalised text ("VІ" with a Cyrillic І is already "VI").
LAW_CITATION = _rx(r"""
    (?P<date> \d{1,2} \. \d{1,2} \. \d{4} )   # the law's date, dd.mm.yyyy
    \s* (?:года?\s*|ж\.?\s*)?                  # "года" / "ж." after the date
    (?:№|No\.?|N) \s*                          # the number sign (a missing space is common)
    (?P<num> \d+ (?:-[IVXLC]+)? )              # 84-VI, 212-VII
""")

AMENDMENT_ACTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("repealed", _rx(r"исключен|утратил|алып \s+ тасталды|алынып \s+ тасталды|\brepealed|\bdeleted")),
    ("suspended", _rx(r"приостановлен|тоқтатыл|\bsuspended")),
    ("added", _rx(r"дополнен|толықтырылды|\bsupplemented|\badded")),
    ("restated", _rx(r"в\s+редакции|редакцияда|\bnew\s+wording|\bamended\s+to\s+read")),
    ("amended", _rx(r"изменени|изменен|өзгеріс|өзгерту|\bamend")),
)


def is_kazakh_footnote(rest: str) -> bool:
    """In Kazakh "Ескерту." opens both notes and amendment footnotes; a footnote cites an amending law."""
    return LAW_CITATION.search(rest) is not None or re.search(r"\bҚР\b", rest) is not None
