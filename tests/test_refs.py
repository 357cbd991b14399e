"""References: the patterns on made-up phrases, a hand-checked table from the real codes, and the
share of internal references that resolve in each full code.

Every row of the table was checked by reading the target provision in the corpus file: the target
exists (unless the row expects it unresolved) and is what the reference means. Rows whose target
lies in a code the corpus does not hold (the penal enforcement, civil, tax, health, entrepreneurial
codes) were checked against the citing text only; they stay unresolved.
"""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pytest

from conftest import FULL_CODES, KAZAKH_CRIMINAL, corpus_path, parsed
from lexgap.model import Code
from lexgap.read import read_text
from lexgap.refs import Cite, Context, find_eng, find_kaz, find_references, find_rus, resolve

# --- the patterns, on made-up phrases --------------------------------------------------------------

ARTICLES = ("3", "64", "65", "65-1", "110", "111", "111-1", "112", "146", "189", "190", "195", "202")
CTX = Context(ARTICLES, frozenset(ARTICLES))


def _targets(found: list[Cite], text: str) -> list[tuple[str, list[str], str, str | None]]:
    """(quote, ["art:64/para:1"], base, other code) for each cite, compact enough to compare."""
    return [
        (
            text[cite.start : cite.end],
            ["/".join(f"{kind.value[:4]}:{num}" for kind, num in path) for path in cite.paths],
            cite.base.value,
            cite.code,
        )
        for cite in found
    ]


RUSSIAN = [
    ("article", "статьей 146 настоящего Кодекса", [("статьей 146 настоящего Кодекса", ["arti:146"], "code", None)]),
    ("range-en-dash", "статьями 110–112", [("статьями 110–112", ["arti:110", "arti:111", "arti:111-1", "arti:112"], "code", None)]),
    ("range-hyphen-plural", "статьями 110-112", [("статьями 110-112", ["arti:110", "arti:111", "arti:111-1", "arti:112"], "code", None)]),
    ("inserted-article-not-range", "статьями 65-1 и 64", [("статьями 65-1 и 64", ["arti:65-1", "arti:64"], "code", None)]),
    ("list", "статьями 189, 190 и 195", [("статьями 189, 190 и 195", ["arti:189", "arti:190", "arti:195"], "code", None)]),
    ("part-ordinal", "частью второй статьи 65-1", [("частью второй статьи 65-1", ["arti:65-1/para:2"], "code", None)]),
    ("part-numeral", "частью 1-2 статьи 202", [("частью 1-2 статьи 202", ["arti:202/para:1-2"], "code", None)]),
    ("parts-list", "частями первой и второй статьи 64", [("частями первой и второй статьи 64", ["arti:64/para:1", "arti:64/para:2"], "code", None)]),
    ("item-of-part", "пунктом 3) части первой статьи 64", [("пунктом 3) части первой статьи 64", ["arti:64/para:1/poin:3"], "code", None)]),
    ("items-list", "пунктами 1) и 2) части первой статьи 64", [("пунктами 1) и 2) части первой статьи 64", ["arti:64/para:1/poin:1", "arti:64/para:1/poin:2"], "code", None)]),
    ("sub-item", "подпунктом а) пункта 1) части первой статьи 64", [("подпунктом а) пункта 1) части первой статьи 64", ["arti:64/para:1/poin:1/poin:а"], "code", None)]),
    ("item-of-article", "пунктом 3) статьи 3", [("пунктом 3) статьи 3", ["arti:3/poin:3"], "code", None)]),
    ("this-article-part", "части первой настоящей статьи", [("части первой настоящей статьи", ["para:1"], "article", None)]),
    ("this-article-alone", "предусмотренные настоящей статьей", [("настоящей статьей", [""], "article", None)]),
    ("chapter", "главой 18 настоящего Кодекса", [("главой 18 настоящего Кодекса", ["chap:18"], "code", None)]),
    ("note", "примечанием к статье 146", [("примечанием к статье 146", ["arti:146/note:1"], "code", None)]),
    ("bracketed-parts", "статьями 189 (пунктом 2) части третьей), 190", [("статьями 189 (пунктом 2) части третьей), 190", ["arti:189/para:3/poin:2", "arti:190"], "code", None)]),
    ("other-code", "статьи 106 Уголовно-процессуального кодекса Республики Казахстан", [("статьи 106 Уголовно-процессуального кодекса Республики Казахстан", ["arti:106"], "code", "criminal_procedure")]),
    ("other-code-named-after", "статьей 10 Кодекса Республики Казахстан об административных правонарушениях", [("статьей 10 Кодекса Республики Казахстан об административных правонарушениях", ["arti:10"], "code", "administrative_offences")]),
    ("law-is-skipped", "статьи 5 Закона Республики Казахстан «О судах»", []),
    ("constitution-is-skipped", "статьи 55 Конституции Республики Казахстан", []),
    ("law-list-is-skipped", "пункте 4 статьи 52, пункте 5 статьи 71 Конституции", []),
    ("antecedent-is-skipped", "частью первой этой статьи", []),
    ("ellipsis-takes-next-article", "пунктом 2) или пунктом 3) части первой статьи 64", [("пунктом 2)", ["arti:64/para:1/poin:2"], "code", None), ("пунктом 3) части первой статьи 64", ["arti:64/para:1/poin:3"], "code", None)]),
]


@pytest.mark.parametrize("text, expected", [(t, e) for _, t, e in RUSSIAN], ids=[i for i, _, _ in RUSSIAN])
def test_russian_patterns(text: str, expected: list) -> None:
    assert _targets(list(find_rus(text, CTX, {})), text) == expected


KAZAKH = [
    ("article-part", "осы Кодекстің 146-бабының 2-бөлігі", [("осы Кодекстің 146-бабының 2-бөлігі", ["arti:146/para:2"], "code", None)]),
    ("inserted-article", "осы Кодекстің 65-1-бабы", [("осы Кодекстің 65-1-бабы", ["arti:65-1"], "code", None)]),
    ("part-item", "64-баптың бірінші бөлігінің 3) тармағы", [("64-баптың бірінші бөлігінің 3) тармағы", ["arti:64/para:1/poin:3"], "code", None)]),
    ("this-article", "осы баптың бірінші бөлігінде", [("осы баптың бірінші бөлігінде", ["para:1"], "article", None)]),
    ("range", "110 – 112-баптарында", [("110 – 112-баптарында", ["arti:110", "arti:111", "arti:111-1", "arti:112"], "code", None)]),
    ("list", "осы Кодекстің 189, 190-баптарында", [("осы Кодекстің 189, 190-баптарында", ["arti:189", "arti:190"], "code", None)]),
    ("other-code", "Қазақстан Республикасы Қылмыстық-процестік кодексінің 106-бабы", [("Қазақстан Республикасы Қылмыстық-процестік кодексінің 106-бабы", ["arti:106"], "code", "criminal_procedure")]),
    ("law-is-skipped", "«Соттар туралы» Қазақстан Республикасы Заңының 5-бабы", []),
]


@pytest.mark.parametrize("text, expected", [(t, e) for _, t, e in KAZAKH], ids=[i for i, _, _ in KAZAKH])
def test_kazakh_patterns(text: str, expected: list) -> None:
    assert _targets(list(find_kaz(text, CTX, {})), text) == expected


ENGLISH = [
    ("article", "Article 146 of this Code", [("Article 146 of this Code", ["arti:146"], "code", None)]),
    ("part", "part 2 of Article 64", [("part 2 of Article 64", ["arti:64/para:2"], "code", None)]),
    ("item", "paragraph 3) of part 1 of Article 64", [("paragraph 3) of part 1 of Article 64", ["arti:64/para:1/poin:3"], "code", None)]),
    ("range", "Articles 110-112", [("Articles 110-112", ["arti:110", "arti:111", "arti:111-1", "arti:112"], "code", None)]),
    ("this-article", "as this Article provides", [("this Article", [""], "article", None)]),
    ("this-article-part", "part one of this Article", [("part one of this Article", ["para:1"], "article", None)]),
    ("other-code", "Article 106 of the Criminal Procedure Code", [("Article 106 of the Criminal Procedure Code", ["arti:106"], "code", "criminal_procedure")]),
    ("law-is-skipped", "Article 5 of the Law on Courts", []),
]


@pytest.mark.parametrize("text, expected", [(t, e) for _, t, e in ENGLISH], ids=[i for i, _, _ in ENGLISH])
def test_english_patterns(text: str, expected: list) -> None:
    assert _targets(list(find_eng(text, CTX, {})), text) == expected


# --- two small codes, read and resolved end to end ---------------------------------------------------

MINI_CRIMINAL = """# Уголовный кодекс Республики Казахстан

Статья 1. Первая

1. Текст.

2. Деяния, предусмотренные частью первой настоящей статьи, –

наказываются штрафом.

Статья 2. Вторая

1. Лицо освобождается:

1) в первом случае;

2) во втором случае.

2. В случаях, предусмотренных пунктом 2) части первой настоящей статьи, статьями 1–3 настоящего Кодекса и статьей 5 Закона Республики Казахстан «О чем-то», применяется статья 106 Уголовно-процессуального кодекса Республики Казахстан.

Статья 3. Третья

Ссылка на статью 9 настоящего Кодекса.
"""
MINI_PROCEDURE = """# Уголовно-процессуальный кодекс Республики Казахстан

Статья 106. Сто шестая

Текст.
"""


def _mini() -> tuple[Code, Code]:
    return (
        read_text(MINI_CRIMINAL, source="mini-criminal.md", sha256="0"),
        read_text(MINI_PROCEDURE, source="mini-procedure.md", sha256="1"),
    )


def test_small_code_end_to_end() -> None:
    criminal, procedure = _mini()
    refs = find_references(criminal)
    assert [(r.source, r.target, r.target_code, r.resolved) for r in refs] == [
        ("art_1__para_2", "art_1__para_1", None, True),
        ("art_2__para_2", "art_2__para_1__point_2", None, True),
        ("art_2__para_2", "art_1", None, True),  # "статьями 1–3": one reference per article
        ("art_2__para_2", "art_2", None, True),
        ("art_2__para_2", "art_3", None, True),
        ("art_2__para_2", "art_106", "kz/criminal_procedure", False),  # not loaded: unresolved
        ("art_3", "art_9", None, False),  # a dangling reference is kept, with its place
    ]
    for ref in refs:  # quotes are the original text at the span
        assert MINI_CRIMINAL[ref.span.start : ref.span.end] == ref.text
        assert ref.text in MINI_CRIMINAL.split("\n")[ref.span.line - 1]
    resolved, _ = resolve([criminal, procedure])
    external = [r for r in resolved.references if r.target_code]
    assert [(r.target, r.resolved) for r in external] == [("art_106", True)]


# --- the real codes ------------------------------------------------------------------------------

FILES = {"cc": FULL_CODES["criminal"], "cpc": FULL_CODES["criminal_procedure"],
         "gpc": FULL_CODES["civil_procedure"], "apc": FULL_CODES["administrative_offences"],
         "kk": KAZAKH_CRIMINAL}


@cache
def _resolved_russian() -> dict[str, Code]:
    """The four Russian codes resolved together, so references between them resolve."""
    keys = ("cc", "cpc", "gpc", "apc")
    return dict(zip(keys, resolve([parsed(FILES[key]) for key in keys])))


def resolved_code(key: str) -> Code:
    corpus_path(FILES[key])
    if key == "kk":
        return _resolved_kazakh()
    for other in ("cc", "cpc", "gpc", "apc"):
        corpus_path(FILES[other])
    return _resolved_russian()[key]


@cache
def _resolved_kazakh() -> Code:
    return resolve([parsed(KAZAKH_CRIMINAL)])[0]


# (id, file, source provision, part of the quote, target, target code, resolved)
TABLE: list[tuple[str, str, str, str, str, str | None, bool]] = [
    # criminal code (Russian, 2019): corruption list with bracketed parts; military chapter; lists; ranges
    ("cc-art3-p29-arts189", "cc", "art_3__point_29", "статьями 189 (пунктом 2) части третьей)", "art_189__para_3__point_2", None, True),
    ("cc-art3-p6-chp18", "cc", "art_3__point_6", "главой 18 настоящего Кодекса", "chp_18", None, True),
    ("cc-art3-p20-1-art160-part2", "cc", "art_3__point_20-1", "частью второй статьи 160", "art_160__para_2", None, True),
    ("cc-art3-p38-list-after-colon", "cc", "art_3__point_38", "статьях: 185, 186 и 458", "art_186", None, True),
    ("cc-art442-p4-this-article-parts", "cc", "art_442__para_4", "частями первой или второй настоящей статьи", "art_442__para_2", None, True),
    ("cc-art189-p3-implicit-item", "cc", "art_189__para_3", "пунктом 2)", "art_189__para_3__point_2", None, True),
    ("cc-art91-p4-item-range", "cc", "art_91__para_4", "пунктах 1) – 4) части первой настоящей статьи", "art_91__para_1__point_3", None, True),
    ("cc-art15-p2-nominative", "cc", "art_15__para_2", "статья 273", "art_273", None, True),
    ("cc-art120-p4-item-of-part-3-1", "cc", "art_120__para_4", "пунктом 2) части 3-1", "art_120__para_3-1__point_2", None, True),
    ("cc-art48-p4-cpc-section", "cc", "art_48__para_4", "разделом 15 Уголовно-процессуального кодекса", "sec_15", "kz/criminal_procedure", True),
    ("cc-art46-p7-penal-code-not-loaded", "cc", "art_46__para_7", "статьей 96 Уголовно-исполнительного кодекса", "art_96", "kz/penal_enforcement", False),
    ("cc-art51-p2-penal-code-items", "cc", "art_51__para_2", "подпунктами 3), 5), 6) и 7) части первой статьи 161", "art_161__para_1__point_7", "kz/penal_enforcement", False),
    # criminal procedure code (2022): ellipses, ranges, references into the criminal code
    ("cpc-art67-p2-item-of-named-part", "cpc", "art_67__para_2", "пунктом 7)", "art_67__para_1__point_7", None, True),
    ("cpc-art69-p2-ellipsis-takes-next", "cpc", "art_69__para_2", "пунктами 2), 3), 4) и 5)", "art_67__para_1__point_5", None, True),
    ("cpc-art38-p5-its-part", "cpc", "art_38__para_5", "пункте 3) ее части второй", "art_38__para_2__point_3", None, True),
    ("cpc-art424-p3-chapter-range", "cpc", "art_424__para_3", "глав 41 – 46", "chp_44", None, True),
    ("cpc-art153-p4-article-range", "cpc", "art_153__para_4", "статьями 100 – 106 настоящего Кодекса", "art_104", None, True),
    ("cpc-art189-p6-ordinal-range", "cpc", "art_189__para_6", "частями шестнадцатой – двадцать четвертой статьи 191", "art_191__para_24", None, True),
    ("cpc-art191-p4-hyphen-range", "cpc", "art_191__para_4", "седьмой-девятой", "art_191__para_8", None, True),
    ("cpc-art656-p11-missing-comma", "cpc", "art_656__para_11", "пунктами 5) 6), 7)", "art_390__para_1__point_6", None, True),
    ("cpc-art187-p4-1-cc-bracketed", "cpc", "art_187__para_4-1", "статьями 189 (частью второй, пунктами 1) и 3) части третьей", "art_189__para_3__point_3", "kz/criminal", True),
    ("cpc-art393-p6-cc-article", "cpc", "art_393__para_6__point_2", "статьей 62 Уголовного кодекса", "art_62", "kz/criminal", True),
    ("cpc-art139-p1-cc-range", "cpc", "art_139__para_1", "255 – 268", "art_263", "kz/criminal", True),
    ("cpc-art36-p1-cc-notes", "cpc", "art_36__para_1", "примечаниями статей 441, 442, 444 – 448", "art_446__note_1", "kz/criminal", True),
    # civil procedure code (2022)
    ("gpc-art179-p5-item-in-only-part", "gpc", "art_179__para_5", "подпунктом 7) статьи 272", "art_272__para_1__point_7", None, True),
    ("gpc-art425-p1-a-takzhe-ellipsis", "gpc", "art_425__point_1", "подпунктами 1), 2), 3), 5)", "art_424__para_1__point_5", None, True),
    ("gpc-art57-p3-item-4-1-glued", "gpc", "art_57__para_3__point_2", "4-1)и 6) части первой статьи 58", "art_58__para_1__point_4-1", None, True),
    ("gpc-art76-p4-cpc-article", "gpc", "art_76__para_4", "статьей 36 Уголовно-процессуального кодекса", "art_36", "kz/criminal_procedure", True),
    ("gpc-art329-p1-civil-code", "gpc", "art_329__para_1", "статьей 22-1 Гражданского кодекса", "art_22-1", "kz/civil", False),
    ("gpc-art336-p1-health-code", "gpc", "art_336__para_1", "подпунктами 3) и 4) пункта 1 статьи 137", "art_137__para_1__point_4", "kz/health", False),
    # administrative offences code (2020): jurisdiction lists, typos in the source, other codes
    ("apc-art797-p1-2-dangling-593-part4", "apc", "art_797__para_1__point_2", "593 (части вторая, третья, четвертая и пятая)", "art_593__para_4", None, False),
    ("apc-art797-p1-1-bare-list", "apc", "art_797__para_1__point_1", "230 (часть вторая)", "art_230__para_2", None, True),
    ("apc-art750-p6-article-word-missing", "apc", "art_750__para_6", "частью второй 749", "art_749__para_2", None, True),
    ("apc-art804-p1-17-unclosed-bracket", "apc", "art_804__para_1__point_17", "статья 169 (части вторая, седьмая, тринадцатая", "art_169__para_13", None, True),
    ("apc-art207-n1-4-note-names-parts", "apc", "art_207__note_1__point_4", "частях четвертой и четырнадцатой", "art_207__para_14", None, True),
    ("apc-art73-1-p2-and-or", "apc", "art_73-1__para_2", "частями первой и (или) 1-1 настоящей статьи", "art_73-1__para_1-1", None, True),
    ("apc-art33-p1-special-part", "apc", "art_33__para_1", "Особенной частью", "part_special", None, True),
    ("apc-art802-p3-entrepreneurial", "apc", "art_802__para_3", "частью третьей пункта 3 статьи 137", "art_137__para_3", "kz/entrepreneurial", False),
    ("apc-art175-p1-9-entrepreneurial-items", "apc", "art_175__para_1__point_9", "подпунктами 3), 4), 8), 9) и 10) пункта 3 статьи 144", "art_144__para_3__point_10", "kz/entrepreneurial", False),
    ("apc-art278-n4-tax-code", "apc", "art_278__note_4", "статьей 297 Кодекса Республики Казахстан «О налогах", "art_297", "kz/tax", False),
    # criminal code (Kazakh, 2022)
    ("kk-art3-p29-arts189", "kk", "art_3__point_29", "осы Кодекстің 189 (үшінші бөлігінің 2) тармағында)", "art_189__para_3__point_2", None, True),
    ("kk-art3-p2-list", "kk", "art_3__point_2", "325, 326, 328, 335, 337, 340 және 342-баптарда", "art_335", None, True),
    ("kk-art3-p42-titles-in-brackets", "kk", "art_3__point_42", "312-баптың (", "art_312__para_3", None, True),
    ("kk-art46-p5-1-chapters", "kk", "art_46__para_5__point_1", "7, 8, 9, 12 және 13-тарауларында", "chp_12", None, True),
    ("kk-art46-p5-1-part-1-1", "kk", "art_46__para_5__point_1", "366-бабының 1-1, екінші, үшінші және төртінші бөліктерінде", "art_366__para_1-1", None, True),
    ("kk-art120-p4-part-item", "kk", "art_120__para_4", "3-1-бөлігінің 3) тармағында", "art_120__para_3-1__point_3", None, True),
    ("kk-art48-p2-5-this-part", "kk", "art_48__para_2__point_5", "осы бөліктің 1), 2), 3) және 4) тармақтарында", "art_48__para_2__point_4", None, True),
    ("kk-art15-p2-in-brackets", "kk", "art_15__para_2", "314-баптың екiншi бөлiгi", "art_314__para_2", None, True),
    ("kk-art51-p2-penal-code", "kk", "art_51__para_2", "Қылмыстық-атқару кодексінің 161-бабы", "art_161__para_1__point_6", "kz/penal_enforcement", False),
    # the source numbers the second part "2." but leaves the first unnumbered: "part one" has no id
    ("kk-art144-p2-part-one-unnumbered", "kk", "art_144__para_2", "Осы баптың бірінші бөлігінде", "art_144__para_1", None, False),
]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "file, source, quote, target, target_code, resolved", [row[1:] for row in TABLE], ids=[row[0] for row in TABLE]
)
def test_reference_table(file: str, source: str, quote: str, target: str, target_code: str | None, resolved: bool) -> None:
    code = resolved_code(file)
    found = [r for r in code.references if r.source == source and quote in r.text and r.target == target]
    assert found, f"no reference to {target} quoting {quote!r} in {source}: " + repr(
        sorted({(r.target, r.text[:40]) for r in code.references if r.source == source})[:10]
    )
    assert {(r.target_code, r.resolved) for r in found} == {(target_code, resolved)}


def test_table_has_fifty_checked_rows() -> None:
    assert len(TABLE) == 50
    assert len({row[0] for row in TABLE}) == 50
    assert sum(row[1] == "kk" for row in TABLE) >= 8


NOT_CODES = [  # (file, source, article named in a law or the Constitution, which must not become a reference)
    ("cpc", "art_97__para_4-1", "art_7"),  # "подпунктом 9) статьи 7 Закона … «О государственной защите …»"
    ("cpc", "art_550__para_4", "art_55"),  # "подпунктом 3) статьи 55 Конституции"
    ("apc", "art_875__para_2", "art_83"),  # "пункте 4 статьи 52, … пункте 3 статьи 83 Конституции"
]


@pytest.mark.corpus
@pytest.mark.parametrize("file, source, article", NOT_CODES, ids=[f"{f}-{s}" for f, s, _ in NOT_CODES])
def test_laws_and_constitution_are_not_references(file: str, source: str, article: str) -> None:
    code = resolved_code(file)
    assert not [r for r in code.references if r.source == source and (r.target or "").startswith(article)]


# --- rates, quotes, order, speed ---------------------------------------------------------------------

MIN_RESOLVED = 0.97


def _internal_rate(code: Code) -> tuple[float, int]:
    internal = [r for r in code.references if r.target_code is None]
    return sum(r.resolved for r in internal) / len(internal), len(internal)


@pytest.mark.corpus
@pytest.mark.parametrize(
    "key",
    ["cc", "cpc", "gpc", "apc", "kk"],
)
def test_internal_references_resolve(key: str) -> None:
    rate, count = _internal_rate(resolved_code(key))
    assert count > 500
    assert rate >= MIN_RESOLVED


@pytest.mark.corpus
@pytest.mark.parametrize("key", ["cc", "cpc", "gpc", "apc", "kk"])
def test_quotes_are_the_source_at_their_spans_in_document_order(key: str) -> None:
    code = resolved_code(key)
    source_text = Path(code.source).read_text(encoding="utf-8")
    lines = source_text.split("\n")
    for ref in code.references:
        assert source_text[ref.span.start : ref.span.end] == ref.text
        assert ref.text in lines[ref.span.line - 1]
        assert ref.source in code.index
    starts = [ref.span.start for ref in code.references]
    assert starts == sorted(starts)


@pytest.mark.corpus
@pytest.mark.parametrize("key", ["cc", "cpc", "gpc", "apc", "kk"])
def test_find_and_resolve_take_under_two_seconds(key: str) -> None:
    code = parsed(FILES[key])
    started = time.perf_counter()
    (done,) = resolve([code])
    assert time.perf_counter() - started < 2.0
    assert done.references
