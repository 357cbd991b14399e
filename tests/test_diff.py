"""`lexgap diff`: alignment, classification, amending laws, scope, findings, editions, renderers, CLI.

The expected changes on the real corpora were decided by reading both texts of each pair (and
checked against a plain comparison of the raw Markdown, footnotes left out): see docs/diff.md.
"""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from conftest import FULL_CODES, corpus_path, parsed

from lexgap.cli import main
from lexgap.diff import (
    CodeDiff,
    EditionError,
    ProvisionChange,
    diff_codes,
    diff_findings,
    pick_edition,
    pick_pair,
    scoped_codes,
    word_diff,
)
from lexgap.diff.render import DiffReport, to_html, to_json, to_markdown, to_text
from lexgap.model import Code
from lexgap.read import read_text

CC_2015 = "kz/editions/criminal-code.ch03.rus.2015-11-13.md"  # chapters 3-6, arts. 145-204
CC_2020 = "kz/editions/criminal-code.ch03.rus.2020-06-26.md"  # chapters 3-5, arts. 145-186
CC_2019 = FULL_CODES["criminal"]
CPC_2022 = FULL_CODES["criminal_procedure"]
CPC_CH09 = "kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md"
CPC_SEC10 = "kz/editions/criminal-procedure-code.sec10.rus.2025-09-16.md"

_DIFFS: dict[tuple[str, str, str], CodeDiff] = {}


def real_diff(old: str, new: str, scope: str = "auto") -> CodeDiff:
    """The diff of two corpus files, computed once per session."""
    key = (old, new, scope)
    if key not in _DIFFS:
        _DIFFS[key] = diff_codes(parsed(old), parsed(new), scope)
    return _DIFFS[key]


def code(markdown: str, name: str = "test.md") -> Code:
    return read_text(markdown, source=name, sha256=name)


def by_id(diff: CodeDiff) -> dict[str, ProvisionChange]:
    return {c.id: c for c in diff.provisions}


def article_number(provision_id: str) -> str:
    return provision_id.split("__", 1)[0].removeprefix("art_")


def article_key(provision_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in article_number(provision_id).split("-"))


# --- synthetic codes: renumbering, moving, repealing, word diff ----------------------------------

HEAD = "# Уголовно-процессуальный кодекс Республики Казахстан\n\n"

OLD_SMALL = HEAD + """## Глава 1. Общие положения

### Статья 1. Задачи

1. Уголовный процесс защищает личность от незаконного обвинения.

2. Суд рассматривает дело в разумный срок без неоправданной задержки.

3. Производство ведется на языке, которым владеет большинство населения.

### Статья 2. Принципы

Законность соблюдается органами, ведущими уголовный процесс, во всех стадиях.

### Статья 3. Язык судопроизводства

1. Судопроизводство ведется на государственном языке.

2. Лицо вправе давать показания на родном языке.

## Глава 2. Участники

### Статья 4. Подозреваемый

Подозреваемый вправе знать, в чем он подозревается, и получить копию постановления.

### Статья 5. Обвиняемый

Обвиняемым признается лицо, в отношении которого прокурор составил обвинительный акт.

### Статья 6. Потерпевший

Потерпевшим признается лицо, которому уголовным правонарушением причинен вред.
"""

NEW_SMALL = HEAD + """## Глава 1. Общие положения

### Статья 1. Задачи

1. Уголовный процесс защищает личность от незаконного обвинения.

2. Доказательства в электронной форме допускаются наравне с письменными.

3. Суд рассматривает дело в разумный срок без неоправданной задержки.

4. Производство ведется на языке, которым владеет большинство населения.

> *Сноска. Статья 1 с изменениями, внесенными Законом РК от 01.02.2021 № 100-VII (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования).*

### Статья 3. Язык судопроизводства

1. Судопроизводство ведется на государственном языке и на русском языке.

2. Лицо вправе давать показания на родном языке.

## Глава 2. Участники

### Статья 2. Принципы

Законность соблюдается органами, ведущими уголовный процесс, во всех стадиях.

### Статья 4-1. Подозреваемый

Подозреваемый вправе знать, в чем он подозревается, и получить копию постановления.

### Статья 5. Исключена Законом РК от 01.02.2021 № 100-VII.
"""


@pytest.fixture(scope="module")
def small() -> CodeDiff:
    return diff_codes(code(OLD_SMALL, "old.md"), code(NEW_SMALL, "new.md"))


@pytest.mark.parametrize(
    ("new_id", "old_id", "change"),
    [
        pytest.param("art_1__para_1", "art_1__para_1", "unchanged", id="part-before-insertion-unchanged"),
        pytest.param("art_1__para_2", None, "added", id="part-inserted-in-the-middle"),
        pytest.param("art_1__para_3", "art_1__para_2", "renumbered", id="part-2-became-part-3"),
        pytest.param("art_1__para_4", "art_1__para_3", "renumbered", id="part-3-became-part-4"),
        pytest.param("art_1", "art_1", "text_changed", id="article-with-inserted-part"),
        pytest.param("art_2", "art_2", "moved", id="article-moved-to-another-chapter"),
        pytest.param("art_3__para_1", "art_3__para_1", "text_changed", id="part-text-changed"),
        pytest.param("art_3__para_2", "art_3__para_2", "unchanged", id="sibling-part-unchanged"),
        pytest.param("art_4-1", "art_4", "renumbered", id="article-4-renumbered-4-1"),
        pytest.param("art_5", "art_5", "repealed", id="article-repealed-keeps-heading"),
        pytest.param("art_6", "art_6", "removed", id="article-gone-from-text"),
        pytest.param("chp_2", "chp_2", "unchanged", id="chapter-unchanged"),
    ],
)
def test_synthetic_changes(small: CodeDiff, new_id: str, old_id: str | None, change: str) -> None:
    found = by_id(small)[new_id]  # a removed provision keeps its old id
    assert (found.old_id, found.change) == (old_id, change)
    if change == "renumbered":
        assert found.new_id == new_id and found.similarity == 1.0


def test_word_diff_of_a_changed_part(small: CodeDiff) -> None:
    part = by_id(small)["art_3__para_1"]
    assert part.word_diff == (
        ("=", "Судопроизводство ведется на государственном"),
        ("+", "языке и на русском"),
        ("=", "языке."),
    )


def test_amending_law_from_footnote_and_from_repealed_heading(small: CodeDiff) -> None:
    changes = by_id(small)
    assert [n.law_number for n in changes["art_1__para_2"].amending_laws] == ["100-VII"]
    assert [n.law_number for n in changes["art_5"].amending_laws] == ["100-VII"]
    assert changes["art_3__para_1"].amending_laws == ()  # art. 3 has no footnote: no law to name


def test_report_order_follows_the_new_text(small: CodeDiff) -> None:
    ids = [c.id for c in small.provisions]
    assert ids.index("art_1__para_2") < ids.index("art_1__para_3") < ids.index("art_3")
    assert ids.index("art_5") < ids.index("art_6")  # the removed article stays where it stood


def test_swapped_parts_are_found_as_renumbered() -> None:
    old = code(HEAD + "### Статья 7. Сроки\n\n1. Срок задержания не может превышать семьдесят два часа.\n\n"
               "2. Срок содержания под стражей продлевается только судом.\n")
    new = code(HEAD + "### Статья 7. Сроки\n\n1. Срок содержания под стражей продлевается только судом.\n\n"
               "2. Срок задержания не может превышать сорок восемь часов.\n")
    changes = by_id(diff_codes(old, new))
    assert (changes["art_7__para_1"].old_id, changes["art_7__para_1"].change) == ("art_7__para_2", "renumbered")
    assert (changes["art_7__para_2"].old_id, changes["art_7__para_2"].change) == ("art_7__para_1", "renumbered")
    assert changes["art_7__para_2"].text_differs


def test_formatting_is_not_an_amendment() -> None:
    """Lost spaces, look-alike letters, dash variants and line breaks are not changes."""
    old = code(HEAD + "### Статья 8. Штраф\n\nнаказывается штрафом либоограничением свободы –\n\nна срок до двух лет.\n")
    new = code(HEAD + "### Cтатья 8. Штраф\n\nнаказывается  штрафом либо ограничением свободы -\n\nна срок до двух лет.\n")
    assert diff_codes(old, new).changed == ()


def test_word_diff_ignores_look_alikes_and_keeps_paragraphs() -> None:
    assert word_diff("вводится в действие – с 1 января", "вводится в действие - с 2 января") == (
        ("=", "вводится в действие - с"), ("-", "1"), ("+", "2"), ("=", "января"),
    )
    assert word_diff("а\nб", "а\nв") == (("=", "а\n"), ("-", "б"), ("+", "в"))


def test_fragment_scope_leaves_the_rest_alone() -> None:
    fragment = code("---\npart_of: ../rus.md\n---\n\n## Глава 2. Участники\n\n### Статья 4. Подозреваемый\n\n"
                    "Подозреваемый вправе знать, в чем он подозревается, и получить копию постановления.\n\n"
                    "### Статья 5. Обвиняемый\n\nОбвиняемым признается лицо, в отношении которого прокурор составил обвинительный акт.\n",
                    "fragment.md")
    full = code(OLD_SMALL, "full.md")
    auto = diff_codes(full, fragment)
    assert auto.scope.restricted
    assert {c.id for c in auto.changed} == {"art_6"}  # dropped from the chapter the fragment covers
    assert by_id(auto)["art_6"].change == "removed"
    everything = diff_codes(full, fragment, scope="all")
    assert {"art_1", "art_2", "art_3", "chp_1"} <= {c.id for c in everything.changed if c.change == "removed"}


# --- Criminal Code chapter 3: 2015 (chapters 3-6) against 2020 (chapters 3-5) ---------------------

# Articles whose text differs, with the newer laws their 2020 footnotes name (None: no footnote
# names one; art. 161's "сетей телекоммуникаций" came by a law the chapter file does not cite).
CC_CHANGED = {
    "145": ("180-VI",), "147": ("419-V", "180-VI"), "148": ("180-VI",), "149": ("180-VI",),
    "152": ("180-VI",), "153": ("180-VI",), "154": ("180-VI",), "155": ("334-VI", "180-VI"),
    "156": ("180-VI",), "159": ("180-VI",), "160": ("91-VI",), "161": None, "163": ("91-VI",),
    "164": ("91-VI",), "168": ("91-VI",), "169": ("91-VI",), "170": ("28-VI", "91-VI"), "171": ("28-VI",),
    "172": ("28-VI",), "173": ("28-VI", "91-VI"), "174": ("349-VI", "12-VI"), "175": ("91-VI",),
    "177": ("91-VI",), "178": ("91-VI",), "179": ("12-VI", "28-VI", "91-VI"), "180": ("12-VI", "91-VI"),
    "181": ("28-VI", "91-VI"), "182": ("28-VI", "91-VI"), "183": ("180-VI",), "184": ("28-VI", "91-VI"),
    "186": ("180-VI",),
}
CC_UNCHANGED = ("146", "150", "151", "157", "158", "162", "165", "166", "167", "176", "185")


@pytest.mark.corpus
@pytest.mark.parametrize(("number", "laws"), [pytest.param(n, laws, id=f"art-{n}") for n, laws in CC_CHANGED.items()])
def test_criminal_ch03_changed_articles(number: str, laws: tuple[str, ...] | None) -> None:
    change = by_id(real_diff(CC_2015, CC_2020))[f"art_{number}"]
    assert change.change == "text_changed"
    assert tuple(n.law_number for n in change.amending_laws) == (laws or ())


@pytest.mark.corpus
@pytest.mark.parametrize("number", [pytest.param(n, id=f"art-{n}") for n in CC_UNCHANGED])
def test_criminal_ch03_unchanged_articles(number: str) -> None:
    assert by_id(real_diff(CC_2015, CC_2020))[f"art_{number}"].change == "unchanged"


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("new_id", "old_id", "change", "new_words"),
    [
        # art. 147 restated by Law No. 419-V: parts 1 and 2 swapped, parts 4 and 5 added
        pytest.param("art_147__para_1", "art_147__para_2", "renumbered", "привлечением к общественным работам", id="147-part-2-became-1"),
        pytest.param("art_147__para_2", "art_147__para_1", "renumbered", "пяти", id="147-part-1-became-2"),
        pytest.param("art_147__para_3", "art_147__para_3", "text_changed", "сети телекоммуникаций,", id="147-part-3-edited"),
        pytest.param("art_147__para_4", None, "added", "Распространение сведений о частной жизни", id="147-part-4-added"),
        pytest.param("art_147__para_5", None, "added", "в части четвертой настоящей статьи", id="147-part-5-added"),
        # art. 155: heading and part 1 by Law No. 334-VI ("мирного собрания")
        pytest.param("art_155", "art_155", "text_changed", "мирного собрания", id="155-heading"),
        pytest.param("art_155__para_1", "art_155__para_1", "text_changed", "пятидесяти", id="155-part-1"),
        pytest.param("art_155__para_2", "art_155__para_2", "unchanged", None, id="155-part-2-unchanged"),
        # art. 145: sanctions lowered by Law No. 180-VI
        pytest.param("art_145__para_1", "art_145__para_1", "text_changed", "ста шестидесяти", id="145-part-1"),
        # art. 177 restated by Law No. 91-VI: "Лидера Нации" -> "Елбасы"
        pytest.param("art_177", "art_177", "text_changed", "Елбасы", id="177-heading"),
    ],
)
def test_criminal_ch03_parts(new_id: str, old_id: str | None, change: str, new_words: str | None) -> None:
    found = by_id(real_diff(CC_2015, CC_2020))[new_id]
    assert (found.old_id, found.change) == (old_id, change)
    added = " ".join(text for op, text in found.word_diff if op == "+")
    if new_words is None:
        assert found.word_diff == ()
    else:
        assert new_words in added


@pytest.mark.corpus
def test_criminal_ch03_scope_is_the_common_chapters() -> None:
    """The 2015 file also holds chapter 6 (arts. 187-204): none of it may be reported."""
    diff = real_diff(CC_2015, CC_2020)
    assert diff.scope.restricted
    articles = {article_number(c.id) for c in diff.provisions if c.id.startswith("art_")}
    assert articles == {str(n) for n in range(145, 187)}
    assert {c.id for c in diff.provisions if c.id.startswith("chp_")} == {"chp_3", "chp_4", "chp_5"}
    assert not [c for c in diff.provisions if c.change in ("repealed", "removed")]
    assert {article_number(c.id) for c in diff.changed if c.id.startswith("art_")} == set(CC_CHANGED)


@pytest.mark.corpus
def test_criminal_full_2019_against_chapter_2020() -> None:
    """SOURCES.md: the two mirrors agree but for missing spaces and real amendments (arts. 155, 174)."""
    diff = real_diff(CC_2019, CC_2020)
    changed = {c.id: [n.law_number for n in c.amending_laws] for c in diff.changed if c.id.startswith("art_") and "__" not in c.id}
    assert changed == {"art_155": ["334-VI"], "art_174": ["349-VI"]}


# --- CPC chapter 9 (2025) against the full CPC (2022) ---------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("new_id", "old_id", "change", "laws"),
    [
        pytest.param("art_64", "art_64", "unchanged", (), id="64-only-a-court-annotation"),
        pytest.param("art_65__para_5__point_7", None, "added", ("210-VIII",), id="65-5-7-added"),
        pytest.param("art_65__para_6__point_4-1", None, "added", ("210-VIII",), id="65-6-4-1-added"),
        pytest.param("art_65-1__para_2__point_6", "art_65-1__para_2__point_6", "text_changed", ("210-VIII",), id="65-1-2-6-edited"),
        pytest.param("art_65-1__para_3-1", None, "added", ("210-VIII",), id="65-1-3-1-added"),
        pytest.param("art_65-1__para_3-2", None, "added", ("210-VIII",), id="65-1-3-2-added"),
        pytest.param("art_65-1__para_6", None, "added", ("210-VIII",), id="65-1-6-added"),
        pytest.param("art_66__para_1", "art_66__para_1", "text_changed", ("210-VIII",), id="66-1-edited"),
        pytest.param("art_66__para_2", "art_66__para_2", "unchanged", (), id="66-2-unchanged"),
        pytest.param("art_71__para_6__point_24", None, "added", ("111-VIII", "210-VIII"), id="71-6-24-added"),
        pytest.param("art_76__para_2", "art_76__para_2", "text_changed", ("210-VIII",), id="76-2-edited"),
        pytest.param("art_72", "art_72", "unchanged", (), id="72-unchanged"),
        pytest.param("art_73", "art_73", "unchanged", (), id="73-footnote-format-only"),
        pytest.param("art_77", "art_77", "unchanged", (), id="77-unchanged"),
    ],
)
def test_cpc_ch09(new_id: str, old_id: str | None, change: str, laws: tuple[str, ...]) -> None:
    found = by_id(real_diff(CPC_2022, CPC_CH09))[new_id]
    assert (found.old_id, found.change) == (old_id, change)
    assert tuple(n.law_number for n in found.amending_laws) == laws


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("old", "new"),
    [pytest.param(CPC_2022, CPC_CH09, id="ch09"), pytest.param(CPC_2022, CPC_SEC10, id="sec10")],
)
def test_cpc_fragment_scope(old: str, new: str) -> None:
    """Only the chapter's (section's) articles are compared; the rest of the full code is silent."""
    diff = real_diff(old, new)
    fragment = parsed(new)
    assert diff.scope.restricted
    fragment_articles = {a.id for a in fragment.articles()}
    compared = {c.id.split("__", 1)[0] for c in diff.provisions if c.id.startswith("art_")}
    assert compared == fragment_articles  # no article of the full code outside the fragment
    gone = [c for c in diff.provisions if c.change in ("removed", "repealed")]
    assert all(c.article in fragment_articles for c in gone)
    everything = real_diff(old, new, "all")
    assert sum(1 for c in everything.provisions if c.change == "removed") > 1000


# --- CPC section 10 (2025) against the full CPC (2022) --------------------------------------------

SEC10_UNCHANGED = ("495", "496", "497", "499", "500", "501", "502", "503", "504", "506", "508")


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("new_id", "old_id", "change", "laws"),
    [
        pytest.param("chp_52", "chp_52", "text_changed", ("136-VIII",), id="chapter-52-heading"),
        pytest.param("chp_52-1", None, "added", ("136-VIII",), id="chapter-52-1-added"),
        pytest.param("art_498-1", None, "added", ("136-VIII",), id="498-1-added"),
        pytest.param("art_498-4", None, "added", ("136-VIII",), id="498-4-added"),
        pytest.param("art_484__para_1", "art_484__para_1", "text_changed", ("136-VIII",), id="484-1-cassation-court"),
        pytest.param("art_484__para_4", "art_484__para_4", "repealed", ("136-VIII",), id="484-4-repealed"),
        pytest.param("art_485__para_1__point_7-1", None, "added", ("136-VIII", "210-VIII"), id="485-1-7-1-added"),
        pytest.param("art_485__para_2__point_4", None, "added", ("136-VIII", "210-VIII"), id="485-2-4-added"),
        pytest.param("art_488__para_1-1", "art_488__para_1-1", "repealed", ("136-VIII",), id="488-1-1-repealed"),
        pytest.param("art_489__para_1__point_6", "art_489__para_1__point_6", "repealed", ("136-VIII",), id="489-1-6-repealed"),
        pytest.param("art_490", "art_490", "repealed", ("136-VIII",), id="490-repealed"),
        pytest.param("art_491", "art_491", "repealed", ("136-VIII",), id="491-repealed"),
        pytest.param("art_493", "art_493", "text_changed", ("136-VIII",), id="493-restated"),
        pytest.param("art_494__para_21", None, "added", ("136-VIII",), id="494-21-added"),
    ],
)
def test_cpc_sec10(new_id: str, old_id: str | None, change: str, laws: tuple[str, ...]) -> None:
    found = by_id(real_diff(CPC_2022, CPC_SEC10))[new_id]
    assert (found.old_id, found.change) == (old_id, change)
    assert tuple(n.law_number for n in found.amending_laws) == laws


@pytest.mark.corpus
def test_cpc_sec10_articles() -> None:
    """Which of arts. 484-508 changed, and that a part of a repealed article is repealed with it."""
    diff = real_diff(CPC_2022, CPC_SEC10)
    changes = by_id(diff)
    changed = {article_number(c.id) for c in diff.changed if c.id.startswith("art_")}
    assert not changed & set(SEC10_UNCHANGED)
    assert {"484", "485", "486", "487", "488", "489", "490", "491", "492", "493", "494", "498", "505", "507"} <= changed
    assert changes["art_490__para_1"].change == "repealed"
    assert all(changes[f"art_{n}"].change == "unchanged" for n in SEC10_UNCHANGED)


# --- findings ---------------------------------------------------------------------------------

OLD_RIGHTS = HEAD + """### Статья 64. Подозреваемый

9. Подозреваемый вправе:

1) знать, в чем он подозревается;

2) представлять доказательства.

### Статья 65-1. Свидетель, имеющий право на защиту

2. Свидетель, имеющий право на защиту, имеет право:

1) отказаться от дачи показаний.
"""
NEW_RIGHTS = HEAD + """### Статья 64. Подозреваемый

9. Подозреваемый вправе:

1) знать, в чем он подозревается;

2) представлять доказательства;

3) отказаться от дачи показаний.

### Статья 65-1. Свидетель, имеющий право на защиту

2. Свидетель, имеющий право на защиту, имеет право:

1) отказаться от дачи показаний.

3. Свидетель, имеющий право на защиту, обязан давать показания.
"""


@pytest.fixture(scope="module")
def pack():  # type: ignore[no-untyped-def]
    from lexgap.cli.common import shipped_rules
    from lexgap.rules import load_rules

    return load_rules([shipped_rules()])


@pytest.mark.parametrize(
    ("rule", "old_status", "new_status", "change", "cause"),
    [
        pytest.param("silence-suspect", "missing", "satisfied", "gap_closed", "art_64__para_9__point_3", id="right-added"),
        pytest.param("silence-witness-with-defence", "satisfied", "conflict", "conflict_introduced", "art_65-1__para_3", id="duty-added"),
    ],
)
def test_findings_change_with_cause(pack, rule: str, old_status: str, new_status: str, change: str, cause: str) -> None:  # type: ignore[no-untyped-def]
    from lexgap.match import check

    old, new = code(OLD_RIGHTS, "old.md"), code(NEW_RIGHTS, "new.md")
    diff = diff_codes(old, new)
    found = {f.rule: f for f in diff_findings(check([old], pack), check([new], pack), diff)}[rule]
    assert (found.old_status, found.new_status, found.change) == (old_status, new_status, change)
    assert cause in found.caused_by


@pytest.mark.corpus
def test_findings_on_cpc_ch09_compare_the_chapter(pack) -> None:  # type: ignore[no-untyped-def]
    """Rules run on the scoped codes: the full code's art. 28 (witness privilege) is not counted
    against the chapter, and the silence rules hold in both editions."""
    from lexgap.match import check

    diff = real_diff(CPC_2022, CPC_CH09)
    old, new = scoped_codes(diff)
    assert {a.id for a in old.articles()} == {a.id for a in parsed(CPC_CH09).articles()}
    found = {f.rule: f for f in diff_findings(check([old], pack), check([new], pack), diff)}
    assert (found["silence-suspect"].old_status, found["silence-suspect"].change) == ("satisfied", "unchanged")
    witness = found["silence-witness-with-defence"]
    assert (witness.old_status, witness.new_status) == ("satisfied", "satisfied")
    assert "art_65-1__para_2" in witness.caused_by  # its item 6 was amended; the verdict holds
    assert not [f for f in found.values() if f.change != "unchanged"]
    unscoped = {f.rule: f for f in diff_findings(check([parsed(CPC_2022)], pack), check([parsed(CPC_CH09)], pack), diff)}
    assert unscoped["witness-privilege"].change == "gap_opened"  # what comparing a chapter with a code would claim


# --- editions -----------------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        pytest.param(date(2015, 11, 13), CC_2015, id="on-the-edition-date"),
        pytest.param(date(2018, 1, 1), CC_2015, id="between-editions"),
        pytest.param(date(2020, 6, 26), CC_2020, id="on-the-later-date"),
        pytest.param(date(2030, 1, 1), CC_2020, id="after-the-latest"),
    ],
)
def test_pick_edition(as_of: date, expected: str) -> None:
    editions = [parsed(CC_2020), parsed(CC_2015)]
    assert pick_edition(editions, as_of).source == str(corpus_path(expected))


@pytest.mark.corpus
def test_pick_edition_errors() -> None:
    with pytest.raises(EditionError, match="no edition in force on 2010-01-01"):
        pick_edition([parsed(CC_2015), parsed(CC_2020)], date(2010, 1, 1))
    with pytest.raises(EditionError, match="not editions of one code"):
        pick_edition([parsed(CC_2015), parsed(CPC_CH09)], date(2030, 1, 1))
    old, new = pick_pair([parsed(CC_2020), parsed(CC_2015)], [date(2016, 1, 1)])
    assert (old.edition_date, new.edition_date) == (date(2015, 11, 13), date(2020, 6, 26))


# --- renderers and CLI ----------------------------------------------------------------------------


@pytest.mark.corpus
def test_renderers(pack) -> None:  # type: ignore[no-untyped-def]
    from lexgap.match import check

    diff = real_diff(CC_2015, CC_2020)
    old, new = scoped_codes(diff)
    report = DiffReport(diff, diff_findings(check([old], pack), check([new], pack), diff), rules_run=True)
    data = json.loads(to_json(report))
    assert to_json(report) == to_json(DiffReport(real_diff(CC_2015, CC_2020), report.findings, True))
    assert [p["id"] for p in data["provisions"]] == [c.id for c in diff.changed]
    assert {"id": "art_155", "change": "text_changed"}.items() <= data["provisions"][[p["id"] for p in data["provisions"]].index("art_155")].items()
    assert [f["rule"] for f in data["findings"]] == sorted(f["rule"] for f in data["findings"])
    assert {"rule", "code", "old_status", "new_status", "change", "caused_by"} <= set(data["findings"][0])
    text = to_text(report)
    assert "~ art. 147  text changed  [Law No. 419-V of 24.11.2015, Law No. 180-VI of 12.07.2018]" in text
    assert "# art. 147, part 2 -> art. 147, part 1" in text
    assert "[-трехсот-] {+ста шестидесяти+}" in text
    md = to_markdown(report)
    assert "~~трехсот~~ **ста шестидесяти**" in md and "| torture-exclusion-lawful-sanctions |" in md
    page = to_html(report).decode()
    assert "<del>трехсот</del>" in page and "<ins>ста шестидесяти</ins>" in page
    assert "http" not in page.replace("http-equiv", "") and "<script" not in page  # self-contained


@pytest.mark.corpus
def test_cli_diff_json_and_exit_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "d.json"
    code_ = main(["diff", str(corpus_path(CPC_2022)), str(corpus_path(CPC_CH09)), "--format", "json", "-o", str(out)])
    assert code_ == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["scope"]["restricted"] and data["findings"]
    assert {p["id"] for p in data["provisions"] if p["change"] == "added"} >= {"art_65-1__para_6"}


@pytest.mark.corpus
def test_cli_as_of_picks_editions(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "d.md"
    files = [str(corpus_path(CC_2020)), str(corpus_path(CC_2015))]
    assert main(["diff", "--as-of", "2025-12-31", "--as-of", "2016-01-01", *files, "--no-rules", "--format", "md", "-o", str(out)]) == 1
    assert "edition | 2015-11-13 | 2020-06-26" in out.read_text(encoding="utf-8")
    assert main(["diff", *files, files[0], "--no-rules"]) == 2
    assert "give OLD and NEW" in capsys.readouterr().err


@pytest.mark.corpus
def test_cli_same_file_is_no_change(capsys) -> None:  # type: ignore[no-untyped-def]
    path = str(corpus_path(CPC_CH09))
    assert main(["diff", path, path, "--no-rules"]) == 0
    assert "0 added, 0 repealed, 0 removed" in capsys.readouterr().out


# --- performance ----------------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(("old", "new"), [pytest.param(CPC_2022, CPC_2022, id="self"), pytest.param(CPC_2022, CPC_CH09, id="chapter")])
def test_full_cpc_diff_is_fast(old: str, new: str) -> None:
    first, second = parsed(old), parsed(new)
    start = time.perf_counter()
    diff = diff_codes(first, second, "all")
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"diff took {elapsed:.2f} s"
    if old == new:
        assert diff.changed == ()
