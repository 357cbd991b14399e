"""The text reader on the real codes: articles, structure, repealed articles, notes, footnotes, ids."""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import FULL_CODES, GOLDEN, KAZAKH_CRIMINAL, corpus_path, parsed
from lexgap.model import CodeKind, Kind, Status
from lexgap.normalize import norm

EDITIONS = [
    "kz/editions/civil-procedure-code.ch55.rus.2019-12-26.md",
    "kz/editions/criminal-code.ch03.rus.2015-11-13.md",
    "kz/editions/criminal-code.ch03.rus.2020-06-26.md",
    "kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md",
    "kz/editions/criminal-procedure-code.sec10.rus.2025-09-16.md",
]
ALL = [*FULL_CODES.values(), KAZAKH_CRIMINAL, *EDITIONS, "ru/housing-code.rus.txt"]

# An article heading as a person would grep for it: optional Markdown, "Статья N." or "N-бап."
_HEADING = re.compile(r"^\s*#*\s*(?:Статья\s+(?P<ru>\d+(?:-\d+)*)\.|(?P<kk>\d+(?:-\d+)*)-бап\.)")
_TITLE = re.compile(r"^#\s+(?!ОГЛАВЛЕНИЕ)")


def _natural(num: str) -> tuple[int, ...]:
    return tuple(int(part) for part in num.split("-"))


def _body_headings(relative: str) -> list[str]:
    """Article numbers of the body found by a plain scan: headings after the code's title line."""
    lines = corpus_path(relative).read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines) if _TITLE.match(line)), 0)
    found = [_HEADING.match(norm(line)) for line in lines[start:]]
    return [m.group("ru") or m.group("kk") for m in found if m]


def _toc_headings(relative: str) -> list[str]:
    """Article numbers listed in the table of contents (the lines before the title)."""
    lines = corpus_path(relative).read_text(encoding="utf-8").split("\n")
    end = next(i for i, line in enumerate(lines) if _TITLE.match(line))
    return [m.group("ru") for line in lines[:end] if (m := _HEADING.match(norm(line)))]


@pytest.mark.parametrize("relative", list(FULL_CODES.values()) + [KAZAKH_CRIMINAL], ids=lambda r: r.split("/")[-1])
def test_articles_are_exactly_the_body_headings(relative: str) -> None:
    nums = [a.num for a in parsed(relative).articles()]
    assert nums == _body_headings(relative)
    assert nums == sorted(nums, key=_natural), "articles out of order: a table of contents leaked in"


@pytest.mark.parametrize(
    ("relative", "missing_from_toc"),
    [
        (FULL_CODES["criminal"], []),
        # The source's own contents skip art. 737-1, which the body has (line 14769).
        (FULL_CODES["administrative_offences"], ["737-1"]),
    ],
    ids=["criminal", "administrative"],
)
def test_table_of_contents_lists_the_same_articles_and_yields_none(relative: str, missing_from_toc: list[str]) -> None:
    nums = [a.num for a in parsed(relative).articles()]
    assert _toc_headings(relative) == [n for n in nums if n not in missing_from_toc]
    assert len(set(nums)) == len(nums)


@pytest.mark.parametrize(
    ("key", "articles", "repealed"),
    [
        ("criminal", 475, 5),
        ("criminal_procedure", 674, 6),
        ("civil_procedure", 493, 5),
        ("administrative_offences", 1027, 37),
    ],
    ids=list(FULL_CODES),
)
def test_full_code_counts(key: str, articles: int, repealed: int) -> None:
    code = parsed(FULL_CODES[key])
    assert len(code.articles()) == articles
    assert sum(a.status is Status.REPEALED for a in code.articles()) == repealed
    assert code.kind is CodeKind(key)
    assert code.jurisdiction == "kz" and code.language == "rus" and not code.fragment


_REPEAL_FOOTNOTE = re.compile(r"^Сноска\.\s+Статья\s+(\d+(?:-\d+)*)\s+исключена")


@pytest.mark.parametrize("key", list(FULL_CODES))
def test_repealed_articles_are_those_whose_footnote_repeals_them(key: str) -> None:
    """Every article whose only content is "Статья N исключена …" is kept, marked repealed."""
    lines = corpus_path(FULL_CODES[key]).read_text(encoding="utf-8").split("\n")
    named = {m.group(1) for line in lines if (m := _REPEAL_FOOTNOTE.match(norm(line)))}
    repealed = {a.num for a in parsed(FULL_CODES[key]).articles() if a.status is Status.REPEALED}
    assert named <= repealed | _restated_after_repeal(key)
    for article in parsed(FULL_CODES[key]).articles():
        if article.status is Status.REPEALED:
            assert not article.text and not [c for c in article.children if c.kind is not Kind.NOTE]


def _restated_after_repeal(key: str) -> set[str]:
    """Articles repealed once and later given new text keep text: they are in force (none known so far)."""
    return set()


@pytest.mark.parametrize(
    ("key", "uri"),
    [
        ("criminal", "/akn/kz/act/code/2014-07-03/226-V/rus@2019-12-27"),
        ("criminal_procedure", "/akn/kz/act/code/2014-07-04/231-V/rus@2022-12-30"),
        ("civil_procedure", "/akn/kz/act/code/2015-10-31/377-V/rus@2022-06-27"),
        ("administrative_offences", "/akn/kz/act/code/2014-07-05/235-V/rus@2020-06-25"),
    ],
    ids=list(FULL_CODES),
)
def test_edition_is_the_latest_amending_law(key: str, uri: str) -> None:
    """The file names carry the edition read by hand from the footnotes; the reader must agree."""
    assert parsed(FULL_CODES[key]).uri == uri


def test_criminal_code_article_146_has_three_parts_and_a_note() -> None:
    article = parsed(FULL_CODES["criminal"]).index["art_146"]
    assert article.heading == "Пытки"
    assert [c.id for c in article.children] == ["art_146__para_1", "art_146__para_2", "art_146__para_3", "art_146__note_1"]
    part2 = article.children[1]
    assert [c.num for c in part2.children] == ["1", "2", "3", "4"]
    assert part2.wrap_up.startswith("наказывается лишением свободы на срок от трех до семи лет")
    note = article.children[3]
    assert note.kind is Kind.NOTE and note.text.startswith("Не признаются пыткой")
    assert [(n.law_number, n.action) for n in article.amendments] == []


def test_criminal_procedure_article_65_1_part_2_items() -> None:
    code = parsed(FULL_CODES["criminal_procedure"])
    part2 = code.index["art_65-1__para_2"]
    assert [c.num for c in part2.children] == [str(n) for n in range(1, 17)]
    assert code.index["art_65-1__para_2__point_5"].text == "отказаться от дачи показаний;"
    assert [(n.law_number, n.law_date, n.action) for n in code.index["art_65-1"].amendments] == [
        ("49-VII", date(2021, 6, 9), "added")
    ]


@pytest.mark.parametrize(
    ("key", "article", "parts"),
    [
        ("criminal_procedure", "art_107", 10),  # "Сноска. Заголовок статьи 107 в редакции …" under the heading
        ("criminal_procedure", "art_192", 8),  # a footnote after part 2, then parts 3-8
        ("administrative_offences", "art_272", 5),
    ],
    ids=["footnote-under-heading", "footnote-mid-article", "administrative"],
)
def test_text_after_a_footnote_stays_in_the_article(key: str, article: str, parts: int) -> None:
    provision = parsed(FULL_CODES[key]).index[article]
    assert provision.status is Status.IN_FORCE
    assert sum(c.kind is Kind.PARAGRAPH for c in provision.children) == parts


def test_parts_after_a_note_stay_parts_and_parts_nest_in_a_section() -> None:
    code = parsed(FULL_CODES["administrative_offences"])
    assert [c.id for c in code.index["art_170"].children][-4:] == [
        "art_170__note_1", "art_170__para_10", "art_170__para_11", "art_170__para_12"
    ]
    assert [p.id for p in code.index["sec_2"].children] == ["part_general", "part_special"]


def test_heading_with_latin_look_alike_letter_is_an_article() -> None:
    """Lines 2913 and 7921 of the Administrative Offences Code spell "Cтатья" with a Latin C."""
    code = parsed(FULL_CODES["administrative_offences"])
    assert code.index["art_69"].span.line == 2913
    assert code.index["art_312"].span.line == 7921
    assert code.index["art_69"].heading == "Меры воспитательного воздействия"


def test_kazakh_article_146_note_is_a_note_not_a_footnote() -> None:
    code = parsed(KAZAKH_CRIMINAL)
    article = code.index["art_146"]
    assert article.heading == "Азаптаулар"
    assert [c.id for c in article.children] == ["art_146__para_1", "art_146__para_2", "art_146__para_3", "art_146__note_1"]
    assert article.children[3].text.startswith("Лауазымды адамдардың заңды әрекеттерi")
    assert code.kind is CodeKind.CRIMINAL and code.language == "kaz"
    assert code.edition_date == date(2022, 11, 5)


@pytest.mark.parametrize(
    ("relative", "first", "last", "count", "edition"),
    [
        (EDITIONS[0], "455", "465", 11, date(2019, 12, 26)),
        (EDITIONS[1], "145", "204", 60, date(2015, 11, 13)),
        (EDITIONS[2], "145", "186", 42, date(2020, 6, 26)),
        (EDITIONS[3], "64", "77", 15, date(2025, 9, 16)),
        (EDITIONS[4], "484", "508", 29, date(2025, 9, 16)),
        ("ru/housing-code.rus.txt", "1", "202", 240, None),
    ],
    ids=lambda v: v.split("/")[-1] if isinstance(v, str) and "/" in v else None,
)
def test_editions_and_other_codes(relative: str, first: str, last: str, count: int, edition: date | None) -> None:
    code = parsed(relative)
    nums = [a.num for a in code.articles()]
    assert (nums[0], nums[-1], len(nums)) == (first, last, count)
    assert nums == _body_headings(relative) or relative.startswith("ru/")
    if edition:
        assert code.edition_date == edition and code.fragment


def test_dotted_insert_numbers_of_the_russian_federation() -> None:
    code = parsed("ru/housing-code.rus.txt")
    assert code.index["art_36-1"].num == "36.1"
    assert [p.id for p in code.body][:5] == ["sec_i", "sec_ii", "sec_iii", "sec_iii-1", "sec_iii-2"]
    assert code.index["art_139"].status is Status.REPEALED


@pytest.mark.parametrize("relative", ALL, ids=lambda r: r.split("/")[-1])
def test_ids_are_unique_and_spans_point_at_the_text(relative: str) -> None:
    code = parsed(relative)
    source = corpus_path(relative).read_text(encoding="utf-8")
    ids = [p.id for p in code.walk()]
    assert len(ids) == len(set(ids))
    for provision in code.walk():
        if provision.heading_span is not None:
            assert source[provision.heading_span.start : provision.heading_span.end] == provision.heading
        paragraphs = (provision.text + ("\n" + provision.wrap_up if provision.wrap_up else "")).split("\n")
        if provision.text or provision.wrap_up:
            spans = provision.text_spans
            assert [source[s.start : s.end] for s in spans] == [p for p in paragraphs if p or len(spans) == len(paragraphs)]


@pytest.mark.parametrize("relative", ALL, ids=lambda r: r.split("/")[-1])
def test_golden_article_outline(relative: str) -> None:
    """Guards the whole outline (ids, status, counts of parts, items, notes) against regressions."""
    code = parsed(relative)
    lines = []
    for article in code.articles():
        kinds = [p.kind for p in article.walk()]
        lines.append(
            f"{article.id}\t{article.status.value}\tparagraphs={kinds.count(Kind.PARAGRAPH)}"
            f"\tpoints={kinds.count(Kind.POINT)}\tnotes={kinds.count(Kind.NOTE)}"
        )
    golden = GOLDEN / "articles" / (relative.replace("/", "__") + ".tsv")
    assert "\n".join(lines) + "\n" == golden.read_text(encoding="utf-8")


def test_footnote_running_over_several_lines_is_not_provision_text() -> None:
    """CPC art. 7's footnote on item 40-1) opens "(в части …:" and closes three lines later."""
    code = parsed(FULL_CODES["criminal_procedure"])
    in_force = [p for p in code.walk() if p.status is Status.IN_FORCE]  # a repeal notice may run on
    assert not [p.id for p in in_force if "\nс 01.01.202" in "\n" + p.text + "\n" + p.wrap_up]
    assert "\n" not in code.index["art_7__point_40-1"].text  # one paragraph, no footnote lines
    assert code.index["art_7__point_41"].text.startswith("досудебное производство")


def test_part_number_without_a_space_and_court_annotations() -> None:
    code = parsed(FULL_CODES["criminal_procedure"])
    assert code.index["art_485__para_3"].status is Status.REPEALED  # "3.Исключена Законом РК …"
    chapter = parsed("kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md")
    rulings = [n for n in chapter.index["art_64"].amendments if n.action == "court_ruling"]
    assert [(n.law_number, n.law_date) for n in rulings] == [("43", date(2024, 5, 4))]
    assert "Конституционного" not in chapter.index["art_64__para_9__point_17"].text
    assert chapter.edition_date == date(2025, 9, 16)


MESSY = [
    (
        "definition-opening-with-a-quote",
        "Статья 1. Понятия\n\n«Пытка» означает любое действие, указанное в статье 2;\n\nСтатья 2. Пытки\n\n"
        "1. Пытка – наказывается лишением свободы.\n\nСноска. Статья 2 с изменением, внесенным Законом РК от 01.02.2020 № 300-VI.\n",
        [("art_1", "in_force", 0), ("art_2", "in_force", 1)],
    ),
    (
        "contents-whose-first-entry-is-not-repeated",
        "ОГЛАВЛЕНИЕ\n\nСтатья 1. Задачи (статьи 1-2)\n\nСтатья 2. Пытки\n\nСтатья 1. Задачи\n\n1. Задачами являются.\n\n"
        "Статья 2. Пытки\n\n1. Пытка – наказывается.\n",
        [("art_1", "in_force", 1), ("art_2", "in_force", 1)],
    ),
    (
        "contents-without-a-marker",
        "Статья 1. Задачи\n\nСтатья 2. Пытки\n\nСтатья 1. Задачи\n\n1. Задачами являются.\n\nСтатья 2. Пытки\n\n"
        "1. Пытка – наказывается.\n",
        [("art_1", "in_force", 1), ("art_2", "in_force", 1)],
    ),
    (
        "article-repealed-in-its-text",
        "Статья 46. Другое\n\n1. Текст.\n\nСтатья 47. Пытки\n\nИсключена Законом РК от 01.01.2020 № 1-VI.\n",
        [("art_46", "in_force", 1), ("art_47", "repealed", 0)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [m[1:] for m in MESSY], ids=[m[0] for m in MESSY])
def test_messy_texts(text: str, expected: list[tuple[str, str, int]]) -> None:
    from lexgap.read import ReadOptions, read_text

    code = read_text(text, source="messy.md", sha256="0" * 64, options=ReadOptions(lang="ru"))
    assert [(a.id, a.status.value, len(a.children)) for a in code.articles()] == expected
