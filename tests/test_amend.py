"""`lexgap amend`: amending clauses read into instructions, applied to the real codes, checked.

Each form of clause is written as Kazakhstan's amending laws write it, wrapped in a law of the
official shape (`law()`), parsed, applied to the real Criminal Code (2019) or Criminal Procedure
Code (2022), and the amended edition (read back from its Markdown) is inspected. Expected texts
come from the clauses themselves or from the code as read, never typed in twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FULL_CODES, corpus_path, parsed

from lexgap.amend import (
    Amended,
    Op,
    Result,
    apply_amendment,
    parse_amendment,
    read_amendment,
)
from lexgap.amend.parse import cut_quotes, ordinal_number
from lexgap.cli import main
from lexgap.model import Code, Kind, Status

AMENDMENTS = Path(__file__).resolve().parent / "data" / "amendments"
CC, CPC = FULL_CODES["criminal"], FULL_CODES["criminal_procedure"]
ACTS = {CC: "Уголовный кодекс", CPC: "Уголовно-процессуальный кодекс"}


def law(*clauses: str, act: str = "Уголовный кодекс", number: str = "№ 150-VIII", dated: bool = True) -> str:
    """An amending law of the official shape around numbered clauses."""
    date_line = f"от 1 апреля 2025 года {number}\n\n" if dated else ""
    body = "\n\n".join(f"{i}) {clause}" for i, clause in enumerate(clauses, 1))
    return (
        "# Закон Республики Казахстан\n\n"
        f"## О внесении изменений и дополнений в {act} Республики Казахстан\n\n"
        f"{date_line}"
        f"**Статья 1.** Внести в {act} Республики Казахстан от 3 июля 2014 года (Ведомости Парламента "
        "Республики Казахстан, 2014 г., № 13-I, 13-II, ст. 83) следующие изменения и дополнения:\n\n"
        f"{body}\n\n"
        "**Статья 2.** Настоящий Закон вводится в действие по истечении десяти календарных дней после дня "
        "его первого официального опубликования.\n\n"
        "Президент\n\nРеспублики Казахстан\n"
    )


def amend(relative: str, *clauses: str) -> Amended:
    code = parsed(relative)
    return apply_amendment(code, parse_amendment(law(*clauses, act=ACTS[relative]), source="draft.md"))


def text_of(code: Code, pid: str) -> str:
    return code.index[pid].full_text


# --- each form, applied to the real codes ---------------------------------------------------------

SANCTION = "наказывается лишением свободы на срок от пяти до десяти лет."
NEW_PART = "То же деяние, совершенное в отношении лица, содержащегося под стражей, –"
NEW_ITEM = "в отношении лица, содержащегося под стражей, –"
WORDS = ", в том числе против себя самого"
SENTENCE = "Лицо, совершившее пытки, не может быть освобождено от уголовной ответственности."


def _restated_article(old: Code, new: Code) -> None:
    article = new.index["art_146"]
    assert article.heading == "Пытки" and [c.id for c in article.children] == ["art_146__para_1"]
    assert SANCTION in article.full_text
    assert article.amendments[-1].action == "restated" and article.amendments[-1].law_number == "150-VIII"
    assert article.amendments[:-1] == tuple(n for n in old.index["art_146"].amendments)[: len(article.amendments) - 1]


def _restated_part(old: Code, new: Code) -> None:
    assert new.index["art_64__para_2"].text == "Суд может продлить срок пробационного контроля не более чем на один год."
    assert "art_64__para_2__point_1" not in new.index
    assert new.index["art_64__para_3"].text == old.index["art_64__para_3"].text


def _added_part(old: Code, new: Code) -> None:
    ids = [c.id for c in new.index["art_146"].children]
    assert ids == ["art_146__para_1", "art_146__para_2", "art_146__para_3", "art_146__para_3-1", "art_146__note_1"]
    assert new.index["art_146__para_3-1"].text.split("\n") == [f"3-1. {NEW_PART}"[5:], SANCTION]


def _added_item(old: Code, new: Code) -> None:
    part = new.index["art_146__para_2"]
    assert [c.num for c in part.children] == ["1", "2", "3", "4", "5"]
    assert part.children[-1].text == NEW_ITEM and part.wrap_up == old.index["art_146__para_2"].wrap_up


def _repealed_part(old: Code, new: Code) -> None:
    part = new.index["art_64__para_2"]
    assert part.status is Status.REPEALED and not part.children
    assert part.text == "Исключена Законом РК от 01.04.2025 № 150-VIII."


def _repealed_article(old: Code, new: Code) -> None:
    article = new.index["art_110"]
    assert article.status is Status.REPEALED and article.heading == old.index["art_110"].heading
    assert not article.children and article.amendments[-1].action == "repealed"


def _replaced_words(old: Code, new: Code) -> None:
    assert "до десяти тысяч месячных" in new.index["art_146__para_1"].full_text
    assert "до пяти тысяч месячных" in old.index["art_146__para_1"].full_text
    assert "до пяти тысяч месячных" not in new.index["art_146__para_1"].full_text


def _replaced_everywhere(old: Code, new: Code) -> None:
    before = old.index["art_146"].full_text.count("на срок до трех лет")
    assert before == 3
    assert new.index["art_146"].full_text.count("на срок до десяти лет") == before


def _deleted_words(old: Code, new: Code) -> None:
    assert new.index["art_146__para_1"].text.split("\n")[1].startswith("наказывается ограничением свободы на срок до пяти лет")


def _inserted_words(old: Code, new: Code) -> None:
    assert "иным должностным лицом или другим лицом, выступающим в официальном качестве, либо другим лицом" in new.index["art_146__para_1"].text


def _appended_words(old: Code, new: Code) -> None:
    assert new.index["art_146__para_2__point_4"].text == old.index["art_146__para_2__point_4"].text[: -len(", –")] + " или лица, находящегося в беспомощном состоянии, –"


def _appended_sentence(old: Code, new: Code) -> None:
    assert new.index["art_146__para_3"].text == old.index["art_146__para_3"].text + " " + SENTENCE


def _restated_heading(old: Code, new: Code) -> None:
    assert new.index["art_146"].heading == "Пытки и иное жестокое обращение"
    assert new.index["art_146__para_1"].text == old.index["art_146__para_1"].text


def _cpc_item_words(old: Code, new: Code) -> None:
    assert new.index["art_65-1__para_2__point_5"].text == f"отказаться от дачи показаний{WORDS};"


def _cpc_part_words(old: Code, new: Code) -> None:
    text = new.index["art_65-1__para_1"].text
    assert "статус свидетеля, имеющего право на защиту от подозрения" in text


def _cpc_article_words(old: Code, new: Code) -> None:
    count = old.index["art_28"].full_text.count("близких родственников")
    assert count >= 1 and new.index["art_28"].full_text.count("членов семьи") == count


def _cpc_added_item(old: Code, new: Code) -> None:
    assert [c.num for c in new.index["art_65-1__para_2"].children][-2:] == ["16", "17"]
    assert new.index["art_65-1__para_2__point_17"].text == "не свидетельствовать против себя самого."


def _cpc_nested(old: Code, new: Code) -> None:
    assert new.index["art_64__para_2"].text.startswith("Орган уголовного преследования до начала допроса")
    nums = [c.num for c in new.index["art_64"].children]
    assert nums[nums.index("9") + 1] == "9-1" and new.index["art_64__para_9-1"].text == "Подозреваемый не обязан доказывать свою невиновность."


def _paragraph_words(old: Code, new: Code) -> None:
    before, after = old.index["art_146__para_1"].text.split("\n"), new.index["art_146__para_1"].text.split("\n")
    assert after[0] == before[0] and after[1] == before[1].replace("пяти тысяч", "семи тысяч") != before[1]


def _two_parts(old: Code, new: Code) -> None:
    nums = [c.num for c in new.index["art_146"].children if c.kind is Kind.PARAGRAPH]
    assert nums == ["1", "2", "3", "3-1", "3-2"]


def _definition_item(old: Code, new: Code) -> None:
    assert new.index["art_3__point_7"].text == "тестовое определение;"
    nums = [c.num for c in new.index["art_3"].children]
    assert nums[nums.index("7") + 1 : nums.index("7") + 3] == ["7-1", "8"] and "7-1" not in [c.num for c in old.index["art_3"].children]


CASES = [
    pytest.param(CC, 'статью 146 изложить в следующей редакции:\n\n"Статья 146. Пытки\n\n1. Умышленное причинение '
                 'физических и (или) психических страданий должностным лицом, –\n\n' + SANCTION + '";',
                 Op.RESTATE, "art_146", _restated_article, id="restate-article"),
    pytest.param(CC, 'часть вторую статьи 64 изложить в следующей редакции:\n\n"2. Суд может продлить срок '
                 'пробационного контроля не более чем на один год.";', Op.RESTATE, "art_64__para_2", _restated_part,
                 id="restate-part"),
    pytest.param(CC, f'статью 146 дополнить частью 3-1 следующего содержания:\n\n"3-1. {NEW_PART}\n\n{SANCTION}";',
                 Op.ADD, "art_146", _added_part, id="add-part-after-part-3"),
    pytest.param(CC, f'часть вторую статьи 146 дополнить пунктом 5) следующего содержания:\n\n"5) {NEW_ITEM}";',
                 Op.ADD, "art_146__para_2", _added_item, id="add-item"),
    pytest.param(CC, "часть вторую статьи 64 исключить;", Op.REPEAL, "art_64__para_2", _repealed_part, id="repeal-part"),
    pytest.param(CC, "статью 110 исключить;", Op.REPEAL, "art_110", _repealed_article, id="repeal-article"),
    pytest.param(CC, "в части первой статьи 146 слова «пяти тысяч» заменить словами «десяти тысяч»;",
                 Op.REPLACE_WORDS, "art_146__para_1", _replaced_words, id="replace-words-in-part"),
    pytest.param(CC, 'в статье 146 слова "на срок до трех лет" заменить словами "на срок до десяти лет";',
                 Op.REPLACE_WORDS, "art_146", _replaced_everywhere, id="replace-words-in-article"),
    pytest.param(CC, "в части первой статьи 146 слова «штрафом в размере до пяти тысяч месячных расчетных показателей "
                 "либо исправительными работами в том же размере, либо» исключить;", Op.DELETE_WORDS,
                 "art_146__para_1", _deleted_words, id="delete-words"),
    pytest.param(CC, "в части первой статьи 146 после слов «иным должностным лицом» дополнить словами «или другим "
                 "лицом, выступающим в официальном качестве,»;", Op.INSERT_WORDS, "art_146__para_1", _inserted_words,
                 id="insert-words"),
    pytest.param(CC, "пункт 4) части второй статьи 146 дополнить словами «или лица, находящегося в беспомощном состоянии»;",
                 Op.APPEND_WORDS, "art_146__para_2__point_4", _appended_words, id="append-words-before-dash"),
    pytest.param(CC, f"часть третью статьи 146 дополнить предложением следующего содержания: «{SENTENCE}»;",
                 Op.APPEND_SENTENCE, "art_146__para_3", _appended_sentence, id="append-sentence"),
    pytest.param(CC, 'заголовок статьи 146 изложить в следующей редакции: "Статья 146. Пытки и иное жестокое обращение";',
                 Op.RESTATE, "art_146", _restated_heading, id="restate-heading"),
    pytest.param(CC, "в абзаце втором части первой статьи 146 слова «пяти тысяч» заменить словами «семи тысяч»;",
                 Op.REPLACE_WORDS, "art_146__para_1", _paragraph_words, id="paragraph-of-a-part"),
    pytest.param(CC, f'статью 146 дополнить частями 3-1 и 3-2 следующего содержания:\n\n"3-1. {NEW_PART}\n\n{SANCTION}\n\n'
                 f'3-2. {NEW_PART}\n\n{SANCTION}";', Op.ADD, "art_146", _two_parts, id="add-two-parts"),
    pytest.param(CC, 'в статье 3:\n\nподпункт 7) изложить в следующей редакции:\n\n"7) тестовое определение;";\n\n'
                 'дополнить подпунктом 7-1) следующего содержания:\n\n"7-1) еще одно определение;";',
                 Op.RESTATE, "art_3__point_7", _definition_item, id="subitems-of-a-definitions-article"),
    pytest.param(CPC, f"пункт 5) части второй статьи 65-1 дополнить словами «{WORDS}»;", Op.APPEND_WORDS,
                 "art_65-1__para_2__point_5", _cpc_item_words, id="cpc-append-words-to-item"),
    pytest.param(CPC, "в части первой статьи 65-1: слова «право на защиту» заменить словами «право на защиту от подозрения»;",
                 Op.REPLACE_WORDS, "art_65-1__para_1", _cpc_part_words, id="cpc-replace-words-after-colon"),
    pytest.param(CPC, "в статье 28 слова «близких родственников» заменить словами «членов семьи»;", Op.REPLACE_WORDS,
                 "art_28", _cpc_article_words, id="cpc-replace-words-in-article"),
    pytest.param(CPC, 'часть вторую статьи 65-1 дополнить пунктом 17) следующего содержания:\n\n"17) не свидетельствовать '
                 'против себя самого.";', Op.ADD, "art_65-1__para_2", _cpc_added_item, id="cpc-add-item-17"),
    pytest.param(CPC, 'в статье 64:\n\n1) часть вторую изложить в следующей редакции:\n\n"2. Орган уголовного '
                 'преследования до начала допроса разъясняет подозреваемому его права.";\n\n2) дополнить частью 9-1 '
                 'следующего содержания:\n\n"9-1. Подозреваемый не обязан доказывать свою невиновность.";',
                 Op.RESTATE, "art_64__para_2", _cpc_nested, id="cpc-nested-numbered"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("relative", "clause", "op", "target", "verify"), CASES)
def test_each_form_is_parsed_and_applied(relative: str, clause: str, op: Op, target: str,
                                         verify: Callable[[Code, Code], None]) -> None:
    amended = amend(relative, clause)
    first = amended.law.instructions[0]
    nested = "1)" in clause or clause.startswith("в статье 3:")
    assert (first.op, first.target.id, first.clause) == (op, target, "1.1" if nested else "1")
    assert [o.result for o in amended.outcomes] == [Result.APPLIED] * len(amended.outcomes), amended.outcomes
    verify(amended.old, amended.new)
    # the amended code is the one read back: its spans point into the amended Markdown
    text = amended.text.decode("utf-8")
    for pid in amended.outcomes[0].provisions:
        node = amended.new.index[pid]
        if node.heading_span is not None:
            assert text[node.heading_span.start : node.heading_span.end] == node.heading
        for span in node.text_spans:
            assert text[span.start : span.end] in node.text + "\n" + node.wrap_up


@pytest.mark.corpus
def test_the_rest_of_the_code_is_untouched() -> None:
    amended = amend(CC, "статью 110 исключить;")
    old = {p.id: (p.kind, p.num, p.text, p.status) for p in amended.old.walk()}
    new = {p.id: (p.kind, p.num, p.text, p.status) for p in amended.new.walk()}
    below = {c.id for c in amended.old.index["art_110"].walk()} - {"art_110"}
    assert below and set(old) - set(new) == below and set(new) <= set(old)
    assert [pid for pid in new if old[pid] != new[pid]] == ["art_110"]


# --- errors: reported with their place, never skipped ---------------------------------------------

FAILURES = [
    pytest.param(CC, "статью 9999 исключить;", "the code has no article 9999", id="no-such-article"),
    pytest.param(CC, 'часть пятую статьи 146 изложить в следующей редакции: "5. Текст.";', "art. 146 has no part 5",
                 id="no-such-part"),
    pytest.param(CC, "пункт 9) части второй статьи 146 исключить;", "has no item 9", id="no-such-item"),
    pytest.param(CC, "в статье 146 слова «жестокое обращение» заменить словами «пытки»;",
                 "the words «жестокое обращение» are not in art. 146", id="words-not-found"),
    pytest.param(CC, "статью 146 переписать полностью;", "not understood", id="unparsed"),
    pytest.param(CC, 'в статье 146 слова «пыток заменить словами "пытки";', "quotation mark", id="unclosed-quote"),
    pytest.param(CC, 'дополнить статьей 146 следующего содержания: "Статья 146. Пытки\n\n1. Текст.";',
                 "already has article 146", id="article-exists"),
    pytest.param(CC, 'статью 146 дополнить частью 3-1 следующего содержания: "3-2. Текст.";',
                 "the clause adds 3-1; the quoted text holds 3-2", id="number-mismatch"),
    pytest.param(CC, "статью 108 исключить;", "art. 108 is already repealed", id="already-repealed"),
    pytest.param(CC, 'часть вторую статьи 64 изложить в следующей редакции: "3. Текст.";',
                 "numbered 3, the provision restated is 2", id="restated-number-differs"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("relative", "clause", "message"), FAILURES)
def test_failures_are_reported_with_their_location(relative: str, clause: str, message: str) -> None:
    content = law("статью 110 исключить;", clause, act=ACTS[relative])
    amended = apply_amendment(parsed(relative), parse_amendment(content, source="draft.md"))
    good, bad = amended.outcomes
    assert good.result is Result.APPLIED and bad.result is Result.FAILED
    assert message in bad.message
    line = content.split("\n").index(next(ln for ln in content.split("\n") if ln.startswith("2) "))) + 1
    assert bad.line("draft.md").startswith(f"draft.md:{line}:1: cannot apply: ")
    # the failed instruction changed nothing; the good one was applied
    assert amended.new.index["art_110"].status is Status.REPEALED


# --- parsing --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "skeleton", "quotes"), [
    ('слова "пытки" заменить словами "пыток"', "слова ⟦0⟧ заменить словами ⟦1⟧", ("пытки", "пыток")),
    ('слова "Закона "О прокуратуре"" заменить', "слова ⟦0⟧ заменить", ('Закона "О прокуратуре"',)),
    ("слова «Закона «О прокуратуре»» заменить", "слова ⟦0⟧ заменить", ("Закона «О прокуратуре»",)),
    ("слова «закона „О судах“» исключить", "слова ⟦0⟧ исключить", ("закона „О судах“",)),
    ('"Статья 1. Текст\n2. "Слово" в начале";', "⟦0⟧;", ('Статья 1. Текст\n2. "Слово" в начале',)),
], ids=["straight", "straight-nested", "guillemets-nested", "low-high-nested", "multi-line"])
def test_quotes_are_cut_out_with_nesting(text: str, skeleton: str, quotes: tuple[str, ...]) -> None:
    assert cut_quotes(text)[:2] == (skeleton, quotes)


@pytest.mark.parametrize(("words", "number"), [
    ("первую", "1"), ("вторую", "2"), ("третьей", "3"), ("четвертую", "4"), ("девятой", "9"),
    ("одиннадцатую", "11"), ("двадцать первой", "21"),
], ids=lambda v: v)
def test_ordinals(words: str, number: str) -> None:
    assert ordinal_number(words) == number


def test_law_heading_number_and_date() -> None:
    parsed_law = parse_amendment(law("статью 110 исключить;"))
    assert (parsed_law.number, parsed_law.date.isoformat() if parsed_law.date else None) == ("150-VIII", "2025-04-01")
    assert parsed_law.title.startswith("О внесении изменений") and not parsed_law.is_draft
    draft = parse_amendment(law("статью 110 исключить;", number=""))
    assert draft.number == "" and draft.is_draft


def test_clauses_under_a_context_and_the_next_clause() -> None:
    content = law(
        "в статье 64:\n\nчасть вторую исключить;\n\nв части третьей слова «суток» заменить словами «часов»;",
        "статью 110 исключить;",
        "в статье 65:\n\n1) часть первую исключить;\n\n2) часть вторую исключить;",
        "статью 111 исключить.",
    )
    got = [(i.clause, i.op.value, i.target.id) for i in parse_amendment(content).instructions]
    assert got == [
        ("1.1", "repeal", "art_64__para_2"), ("1.2", "replace_words", "art_64__para_3"),
        ("2", "repeal", "art_110"),
        ("3.1", "repeal", "art_65__para_1"), ("3.2", "repeal", "art_65__para_2"),
        ("4", "repeal", "art_111"),
    ]


def test_a_law_amending_several_acts_addresses_each_clause() -> None:
    content = (
        "Закон Республики Казахстан от 10.01.2025 № 160-VIII\n\n"
        "Статья 1. Внести изменения в следующие законодательные акты Республики Казахстан:\n\n"
        "1. В Уголовный кодекс Республики Казахстан от 3 июля 2014 года (Ведомости …):\n\n"
        "1) статью 110 исключить;\n\n"
        "2. В Уголовно-процессуальный кодекс Республики Казахстан от 4 июля 2014 года (Ведомости …):\n\n"
        "1) статью 108 исключить.\n\n"
        "Статья 2. Настоящий Закон вводится в действие по истечении десяти календарных дней.\n"
    )
    parsed_law = parse_amendment(content)
    assert [(i.act_kind.value if i.act_kind else None, i.target.id) for i in parsed_law.instructions] == [
        ("criminal", "art_110"), ("criminal_procedure", "art_108")]
    assert (parsed_law.number, str(parsed_law.date)) == ("160-VIII", "2025-01-10")


@pytest.mark.corpus
def test_clauses_for_another_act_are_skipped_and_said_so() -> None:
    content = law("статью 110 исключить;").replace(
        "**Статья 2.**", "2. В Уголовно-процессуальный кодекс Республики Казахстан от 4 июля 2014 года:\n\n"
        "1) статью 108 исключить.\n\n**Статья 2.**")
    amended = apply_amendment(parsed(CC), parse_amendment(content, source="draft.md"))
    assert [o.result for o in amended.outcomes] == [Result.APPLIED, Result.SKIPPED]
    assert "another act" in amended.outcomes[1].message
    assert amended.new.index["art_108"].status is Status.REPEALED  # the Criminal Code's own, untouched


def test_contents_clauses_are_reported_not_applied() -> None:
    content = law('в оглавлении:\n\nзаголовок статьи 146 изложить в следующей редакции: "Статья 146. Пытки";')
    assert [i.op for i in parse_amendment(content).instructions] == [Op.CONTENTS]


# --- the CLI and the check ------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.corpus
@pytest.mark.parametrize(("draft", "rule", "before", "after", "change", "cause"), [
    ("threat-of-torture.md", "threat-of-torture", "missing", "satisfied", "gap_closed", "art_146-1"),
    ("lawful-sanctions.md", "torture-exclusion-lawful-sanctions", "conflict", "satisfied", "conflict_removed", "art_146__note_1"),
], ids=["threat-of-torture", "lawful-sanctions"])
def test_amend_check_flips_the_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str], draft: str, rule: str,
                                    before: str, after: str, change: str, cause: str) -> None:
    source = corpus_path(CC)
    target = tmp_path / "amended.md"
    code, out, _ = run(capsys, "amend", str(source), str(AMENDMENTS / draft), "--check", "--format", "json", "-o", str(target))
    data = json.loads(out)
    assert code == 0 and data["summary"] == {"applied": 1, "failed": 0, "skipped": 0}
    finding = next(f for f in data["check"]["findings"] if f["rule"] == rule)
    assert (finding["old_status"], finding["new_status"], finding["change"]) == (before, after, change)
    assert any(c == cause or c.startswith(cause + "__") for c in finding["caused_by"])
    assert any(p["id"] == cause for p in data["check"]["provisions"])
    # the amended edition was written, and it reads back as the new edition of the code
    law_date = read_amendment(AMENDMENTS / draft).date
    assert data["code"]["new"].endswith(f"@{law_date}") and target.read_bytes().startswith(b"# ")
    code2, out2, _ = run(capsys, "parse", str(target), "--format", "json", "-o", "-")
    assert code2 == 0 and cause in out2


@pytest.mark.corpus
def test_a_draft_targeting_a_missing_part_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = AMENDMENTS / "missing-part.md"
    target = tmp_path / "amended.md"
    code, out, err = run(capsys, "amend", str(corpus_path(CC)), str(draft), "--check", "-o", str(target))
    line = next(i for i, ln in enumerate(draft.read_text(encoding="utf-8").split("\n"), 1) if ln.startswith("часть пятую"))
    assert code == 2 and f"{draft}:{line}:1: cannot apply: art. 146 has no part 5" in out
    assert not target.exists() and "not written" in err
    code, out, err = run(capsys, "amend", str(corpus_path(CC)), str(draft), "--keep-going", "-o", str(target))
    assert code == 2 and target.exists() and "cannot apply" in out and "leaves them out" in err


@pytest.mark.corpus
def test_keep_going_writes_and_checks_but_still_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(law("статью 110 исключить;", "часть пятую статьи 146 исключить;"), encoding="utf-8")
    target = tmp_path / "amended.md"
    code, out, err = run(capsys, "amend", str(corpus_path(CC)), str(draft), "--keep-going", "--check",
                         "--format", "json", "-o", str(target))
    data = json.loads(out)
    assert code == 2 and data["summary"] == {"applied": 1, "failed": 1, "skipped": 0}
    assert "check" in data and data["amended_edition"] == str(target)
    assert any(p["id"] == "art_110" and p["change"] == "repealed" for p in data["check"]["provisions"])
    assert target.exists() and "1 instruction(s) cannot be applied" in err


def _docx_draft(content: str) -> bytes:
    """The amending law as a Word document: one paragraph per line of its text."""
    import io

    import docx

    word = docx.Document()
    for line in content.split("\n"):
        if line.strip():
            word.add_paragraph(line.lstrip("#* ").replace("**", ""))
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


@pytest.mark.corpus
def test_a_docx_draft_is_read_as_word(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "draft.docx"
    draft.write_bytes(_docx_draft(law("статью 110 исключить;", "часть вторую статьи 78 исключить;")))
    code, out, err = run(capsys, "amend", str(corpus_path(CC)), str(draft), "--format", "json")
    data = json.loads(out)
    assert code == 0, err
    assert data["summary"] == {"applied": 2, "failed": 0, "skipped": 0}
    assert [i["target"] for i in data["instructions"]] == ["art_110", "art_78__para_2"]
    assert (data["law"]["number"], data["law"]["date"]) == ("150-VIII", "2025-04-01")


@pytest.mark.parametrize(("data", "message"), [
    (b"\x00\x01\x02\x03binary\x00\x00\xff\xfe" * 64, "cannot read the amending law"),
    (b"\xff\xfe" + "статью 110 исключить".encode("utf-16-le") + b"\x00", "cannot read the amending law"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF is not supported"),
    (b"PK\x03\x04 not a zip at all", "cannot read the amending law"),
], ids=["binary", "utf-16-odd-length", "pdf", "damaged-zip"])
def test_an_unreadable_draft_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 data: bytes, message: str) -> None:
    draft = tmp_path / "draft.md"
    draft.write_bytes(data)
    code, out, err = run(capsys, "amend", str(tmp_path / "code.md"), str(draft))
    assert code == 2 and out == ""
    assert err.startswith(f"lexgap: error: {draft}: ") and message in err and err.count("\n") == 1
    assert "internal error" not in err


@pytest.mark.parametrize("spelling", ["same", "other-spelling", "hard-link", "amendment"])
def test_output_must_not_replace_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], spelling: str) -> None:
    source = tmp_path / "code.md"
    source.write_bytes(b"# stand-in: the command must stop before reading it\n")
    draft = tmp_path / "draft.md"
    draft.write_text(law("статью 110 исключить;"), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    output = {"same": source, "other-spelling": tmp_path / "sub" / ".." / "code.md",
              "hard-link": tmp_path / "link.md", "amendment": draft}[spelling]
    if spelling == "hard-link":
        output.hardlink_to(source)
    before = (source.read_bytes(), draft.read_bytes())
    code, _, err = run(capsys, "amend", str(source), str(draft), "-o", str(output))
    role = "AMENDMENT" if spelling == "amendment" else "CODE"
    assert code == 2 and f"is the {role} file" in err
    assert (source.read_bytes(), draft.read_bytes()) == before


@pytest.mark.corpus
def test_a_draft_that_opens_a_gap_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(law("часть вторую статьи 78 исключить;", number=""), encoding="utf-8")
    code, out, _ = run(capsys, "amend", str(corpus_path(CC)), str(draft), "--check", "--format", "json")
    data = json.loads(out)
    finding = next(f for f in data["check"]["findings"] if f["rule"] == "torture-no-amnesty")
    assert code == 1 and (finding["old_status"], finding["change"]) == ("satisfied", "gap_opened")
    assert finding["caused_by"] == ["art_78__para_2"]
    # a draft without a number: the edition is the law's date, and the law is flagged a draft
    assert data["code"]["new"].endswith("@2025-04-01") and data["law"]["draft"]
    repealed = next(p for p in data["check"]["provisions"] if p["id"] == "art_78__para_2")
    assert (repealed["change"], repealed["old_id"], repealed["new_id"]) == ("repealed", "art_78__para_2", "art_78__para_2")


@pytest.mark.corpus
def test_an_undated_draft_keeps_its_repeals_and_footnotes() -> None:
    content = law("статью 110 исключить;", "в статье 146 слова «пяти тысяч» заменить словами «десяти тысяч»;",
                  number="", dated=False)
    amended = apply_amendment(parsed(CC), parse_amendment(content, source="draft.md"))
    assert amended.law.is_draft and amended.new.edition_date is None and amended.new.uri.endswith("@")
    article = amended.new.index["art_110"]
    assert article.status is Status.REPEALED and not article.children
    text = amended.text.decode("utf-8")
    for pid, action in (("art_110", "repealed"), ("art_146", "amended")):
        note = amended.new.index[pid].amendments[-1]
        assert note.action == action and "проектом закона" in note.text and note.law_date is None
        assert text[note.span.start : note.span.end] == note.text


@pytest.mark.corpus
def test_text_output_names_the_flip_and_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runs = []
    for name in ("a.md", "b.md"):
        code, out, _ = run(capsys, "amend", str(corpus_path(CC)), str(AMENDMENTS / "threat-of-torture.md"), "--check",
                           "-o", str(tmp_path / name))
        runs.append((code, out.replace(name, "X"), (tmp_path / name).read_bytes()))
    assert runs[0] == runs[1]
    code, out, _ = runs[0]
    assert code == 0
    assert "threat-of-torture.md:11:1: applied: added art. 146-1" in out
    flip = next(line for line in out.split("\n") if line.strip().startswith("threat-of-torture "))
    assert flip.split()[1:5] == ["missing", "->", "satisfied", "gap_closed"] and "caused by: art_146-1" in flip
