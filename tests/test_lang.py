"""Tests of the language layer: tokens, lemmatisers (ru, kk, en) and the lemma index.

Corpus tests read the real codes from ../shared/corpora at run time and are skipped without them;
no text is copied here, only word forms and counts.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from lexgap.lang import LemmaIndex, canonical_lang, lemmatizer_for, tokenize
from lexgap.lang.kk import stem as kk_stem
from lexgap.normalize import normalize

tokenize_module = importlib.import_module("lexgap.lang.tokenize")

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
CRIMINAL_CODE_RU = CORPORA / "kz" / "criminal-code.rus.2019-12-27.md"
CRIMINAL_CODE_KK = CORPORA / "kz" / "criminal-code.kaz.2022-11-05.md"


_TRANSLIT = str.maketrans(
    dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі", [  # noqa: B905 (same length)
        "a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
        "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "ae", "gh", "q", "ng", "oe", "u", "ue",
        "h", "i",
    ]))
)


def case_id(text: str) -> str:
    """A readable ASCII test id: pytest escapes Cyrillic ids into \\u sequences."""
    return text.lower().translate(_TRANSLIT)


def read_corpus(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"corpus not available: {path}")
    return path.read_text(encoding="utf-8")


# --- tokenize -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("Статья 65-1. Пытки", ["Статья", "65-1", "Пытки"], id="number-with-hyphen"),
        pytest.param("какой-либо иной", ["какой-либо", "иной"], id="ru-hyphenated-word"),
        pytest.param("күнтізбелік он күн", ["күнтізбелік", "он", "күн"], id="kk-letters"),
        pytest.param("іс-әрекет (әрекетсіздік)", ["іс-әрекет", "әрекетсіздік"], id="kk-hyphen-brackets"),
        pytest.param("the person's rights", ["the", "person's", "rights"], id="en-apostrophe"),
        pytest.param("110–112 статьи", ["110", "112", "статьи"], id="en-dash-separates"),
        pytest.param("snake_case", ["snake", "case"], id="underscore-separates"),
        pytest.param(" - , ; ", [], id="punctuation-only"),
    ],
)
def test_words(text: str, words: list[str]) -> None:
    assert [token.text for token in tokenize(text)] == words


def test_offsets_point_into_the_original_string() -> None:
    text = "При\u00adговор  суда\u00a0— Cтатья"  # soft hyphen, no-break space, Latin "C"
    tokens = tokenize(text)
    assert [t.lower for t in tokens] == ["приговор", "суда", "статья"]
    assert [text[t.start : t.end] for t in tokens] == [t.text for t in tokens]
    assert tokens[0].text == "При\u00adговор"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        pytest.param("Один. Два", [0, 1], id="stop-capital"),
        pytest.param("один. два", [0, 0], id="stop-lower-case-continues"),
        pytest.param("первое; Второе: Третье! Четвёртое? Пятое", [0, 1, 2, 3, 4], id="all-stops"),
        pytest.param("первое;\nвторое", [0, 1], id="newline"),
        pytest.param("первое\n\n\nвторое", [0, 1], id="blank-lines-leave-no-hole"),
        pytest.param("г. Алматы", [0, 0], id="abbreviation"),
        pytest.param("ст. 146 УК", [0, 0, 0], id="abbreviation-before-number"),
        pytest.param("А. Б. Иванов", [0, 0, 0], id="initials"),
        pytest.param("Статья 146. Пытки", [0, 0, 0], id="heading-number"),
        pytest.param("«Так». Далее", [0, 1], id="closing-quote"),
    ],
)
def test_sentences(text: str, sentences: list[int]) -> None:
    assert [token.sentence for token in tokenize(text)] == sentences


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Тергеушiнiң iс-әрекеті", id="latin-i-in-kazakh"),
        pytest.param("Cтатья 5 and VІ", id="latin-c-and-cyrillic-i-in-roman"),
        pytest.param("plain ascii, 65-1.", id="ascii"),
    ],
)
def test_fast_path_equals_normalize(text: str) -> None:
    """Texts without special characters skip normalize(); the tokens must be the same."""
    assert tokenize_module._PLAIN.fullmatch(text)
    normalized = normalize(text)
    slow = list(tokenize_module._scan(normalized.text, None, None))
    assert list(tokenize_module.iter_words(text)) == slow


@pytest.mark.corpus
def test_fast_path_equals_normalize_on_the_code() -> None:
    text = read_corpus(CRIMINAL_CODE_KK)
    for paragraph in re.split(r"\n\s*\n", text)[:800]:
        normalized = normalize(paragraph)
        mapping = None if normalized.text == paragraph else normalized
        assert list(tokenize_module.iter_words(paragraph)) == list(tokenize_module._scan(normalized.text, mapping, None))


# --- lemmatizer_for -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "code"), [("ru", "rus"), ("RUS", "rus"), ("kk", "kaz"), ("kaz", "kaz"), ("en", "eng"), ("eng", "eng")]
)
def test_language_codes(alias: str, code: str) -> None:
    assert canonical_lang(alias) == code
    assert lemmatizer_for(alias) is lemmatizer_for(code)


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="'de'"):
        lemmatizer_for("de")


# --- Russian --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        pytest.param("пыткам", "пытка", id="pytkam"),
        pytest.param("пытки", "пытка", id="pytki"),
        pytest.param("Пыткой", "пытка", id="capitalised"),
        pytest.param("угрозу", "угроза", id="ugrozu"),
        pytest.param("показаний", "показание", id="pokazaniy"),
        pytest.param("свидетеля", "свидетель", id="svidetelya"),
        pytest.param("лишением", "лишение", id="lisheniem"),
        pytest.param("осуждённого", "осудить", id="yo-folded-in-lemma"),
        pytest.param("осужденного", "осудить", id="e-spelling"),
        pytest.param("ещё", "еще", id="yo-word"),
        pytest.param("какой-либо", "какой-либо", id="hyphenated"),
        pytest.param("65-1", "65-1", id="number-passes"),
        pytest.param("Miranda", "miranda", id="latin-passes"),
    ],
)
def test_russian(form: str, lemma: str) -> None:
    assert lemmatizer_for("ru").lemma(form) == lemma


def test_russian_analyses_each_form_once() -> None:
    from lexgap.lang.ru import russian_lemmatizer

    lemmatizer = russian_lemmatizer()
    for form in ["пытки", "Пытки", "ПЫТКИ", "пытки"]:
        lemmatizer.lemma(form)
    assert lemmatizer.cache_size == 1


# --- English --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        pytest.param("tortures", "torture", id="tortures"),
        pytest.param("witnesses", "witness", id="witnesses"),
        pytest.param("witness", "witness", id="witness-ss"),
        pytest.param("refused", "refuse", id="refused"),
        pytest.param("refusing", "refuse", id="refusing"),
        pytest.param("Tortured", "torture", id="capitalised-ed"),
        pytest.param("detained", "detain", id="detained"),
        pytest.param("committed", "commit", id="double-consonant"),
        pytest.param("cancelled", "cancel", id="british-ll"),
        pytest.param("called", "call", id="ll-kept"),
        pytest.param("parties", "party", id="ies"),
        pytest.param("applied", "apply", id="ied"),
        pytest.param("violated", "violate", id="silent-e-at"),
        pytest.param("required", "require", id="silent-e-uir"),
        pytest.param("threatened", "threaten", id="no-e"),
        pytest.param("treated", "treat", id="eat-no-e"),
        pytest.param("searches", "search", id="ches"),
        pytest.param("status", "status", id="us"),
        pytest.param("children", "child", id="irregular-noun"),
        pytest.param("held", "hold", id="irregular-verb"),
        pytest.param("person's", "person", id="possessive"),
        pytest.param("trafficking", "traffic", id="trafficking"),
        pytest.param("proceed", "proceed", id="eed-word"),
        pytest.param("during", "during", id="ing-word"),
    ],
)
def test_english(form: str, lemma: str) -> None:
    assert lemmatizer_for("en").lemma(form) == lemma


# --- Kazakh ---------------------------------------------------------------------------------------

# Every form of a word lands on one stem. The forms are built by Kazakh grammar (plural, possessive,
# case, verbal noun), not copied from a text.
# The keys are the stems as the stemmer writes them (a stem in "-шы" loses its final vowel).
KAZAKH_FAMILIES = {
    "азапта": "азаптау азаптауға азаптаулар азаптаудың азаптауды азаптауы азаптауын азаптауына "
    "азаптауларға азаптаулардың азаптаған",  # torture
    "қорқыт": "қорқыту қорқытуға қорқытудың қорқытуы қорқытқан қорқытып",  # threat
    "куәгер": "куәгер куәгерге куәгердің куәгерлер куәгерлердің куәгерді куәгерден куәгермен "
    "куәгері куәгерінің",  # witness
    "айғақ": "айғақ айғақтар айғақтарды айғақтың айғағы айғағын айғақтарын",  # testimony
    "сот": "сот сотқа соттың сотта соттан сотпен соттар соттардың сотының",  # court
    "тарт": "тарту тартуға тартудың тартудан тартуы тартқан",  # (бас) тарту, refusal
    "бас": "бас бастың басы басын басына басындағы",  # head (бас тарту)
    "қылмыс": "қылмыс қылмыстар қылмысы қылмысымен қылмыстың",  # crime: "-ысы" is "-ыс" + "-ы"
    "басш": "басшы басшысы басшысының басшылары",  # head of: "-шысы" is "-шы" + "-сы"
}


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        pytest.param(form, stem_, id=case_id(f"{stem_}<-{form}"))
        for stem_, forms in KAZAKH_FAMILIES.items()
        for form in forms.split()
    ],
)
def test_kazakh_families(form: str, expected: str) -> None:
    assert lemmatizer_for("kk").lemma(form) == expected


# Pairs that must stay apart: a different word, not a form of the same one.
@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("сот", "сотталған", id="court/convicted"),
        pytest.param("сот", "соттау", id="court/judging"),
        pytest.param("куә", "куәлік", id="witness/certificate"),
        pytest.param("куә", "куәгер", id="-гер-kept"),
        pytest.param("азаптау", "азаптаушы", id="torture/torturer"),
        pytest.param("азаптау", "азап", id="torture/torment"),
        pytest.param("тарту", "тартпау", id="negation-kept"),
        pytest.param("бас", "басқа", id="head/other"),
        pytest.param("заң", "заңсыз", id="law/unlawful"),
        pytest.param("жаза", "жазу", id="punishment/writing"),
        pytest.param("жаза", "жазалау", id="punishment/punishing"),
        pytest.param("қылмыс", "қылмыстық", id="crime/criminal"),
        pytest.param("қару", "қар", id="weapon/snow"),
        pytest.param("үш", "үшін", id="three/for"),
        pytest.param("өз", "өзге", id="self/other"),
        pytest.param("баға", "ба", id="two-letter-vowel-stem"),
        pytest.param("дау", "да", id="short-verbal-u"),
        pytest.param("салдарынан", "салуға", id="consequence/impose"),
    ],
)
def test_kazakh_kept_apart(one: str, other: str) -> None:
    assert kk_stem(one) != kk_stem(other)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        pytest.param("тергеушiнiң", "тергеуш", id="latin-i"),
        pytest.param("іс-әрекеттерді", "іс-әрекет", id="hyphenated-last-part"),
        pytest.param("367-бабының", "367-бап", id="number-then-word"),
        pytest.param("жазаланады", "жазалан", id="finite-verb"),
        pytest.param("дейінгі", "дейін", id="lexical-stem"),
        pytest.param("65-1", "65-1", id="number"),
    ],
)
def test_kazakh_details(form: str, expected: str) -> None:
    assert kk_stem(form) == expected


@pytest.mark.corpus
def test_kazakh_stemmer_on_the_criminal_code() -> None:
    """Every form of the family words found in the Kazakh Criminal Code gets the family's stem, and
    the whole vocabulary collapses by about half (6,518 forms -> 3,328 stems when this was written)."""
    forms = Counter(token.lower for token in tokenize(read_corpus(CRIMINAL_CODE_KK)))
    families = {
        "азапта": r"азаптау(лар|ды|дың|ға|ы|ын|ына)?",
        "қорқыт": r"қорқыт(у|уға|удың|уы|қан|ып)",
        "айғақ": r"айғақ(тар|тары|тарды|тың)?|айғағ(ы|ын)",
        "сот": r"сот(қа|тың|та|тан|пен|ты|ының)?",
        "тарт": r"тарт(у|уға|удың|удан|уы|уына|умен|қан)",
        "куә": r"куә(ні|нің)",
        "қару": r"қару(ды|ын|ы|ының|ларын|ынан)?",
    }
    for expected, pattern in families.items():
        found = [form for form in forms if re.fullmatch(pattern, form)]
        assert len(found) >= 2, (expected, found)
        assert {form: kk_stem(form) for form in found} == dict.fromkeys(found, expected)

    groups: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        groups[kk_stem(form)].append(form)
    ratio = len(groups) / len(forms)
    assert 0.4 < ratio < 0.6, f"{len(forms)} forms -> {len(groups)} stems"
    assert len(groups["адам"]) >= 10  # person: адам, адамның, адамдар, адамға, адамды ...


# --- LemmaIndex -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_index() -> LemmaIndex:
    return LemmaIndex.build(
        [
            ("art_146__para_1", "Пытки, то есть причинение физических и психических страданий."),
            ("art_146__para_2", "Угроза применения пыток. Свидетель дал показания."),
            ("art_147", "Причинение страданий запрещено.\nПричинение\nстраданий."),
            ("art_soft", "Пыт\u00adкам подвергнут"),
        ],
        "ru",
    )


def test_provisions_with(small_index: LemmaIndex) -> None:
    assert small_index.provisions_with("пытка") == {"art_146__para_1", "art_146__para_2", "art_soft"}
    assert small_index.provisions_with("свидетель") == {"art_146__para_2"}
    assert small_index.provisions_with("пытки") == frozenset()  # a form, not a lemma
    assert len(small_index) == 4 and "art_147" in small_index


def test_tokens(small_index: LemmaIndex) -> None:
    tokens = small_index.tokens("art_146__para_2")
    assert [t.lemma for t in tokens][:3] == ["угроза", "применение", "пытка"]
    assert [t.position for t in tokens] == list(range(len(tokens)))
    assert tokens[3].sentence == 1 and tokens[2].sentence == 0


@pytest.mark.parametrize(
    ("provision", "phrase", "max_gap", "quotes"),
    [
        pytest.param("art_146__para_1", "причинение страданий", 0, [], id="gap-needed"),
        pytest.param(
            "art_146__para_1", "причинение страданий", 3, ["причинение физических и психических страданий"], id="gap-3"
        ),
        pytest.param("art_146__para_1", "причинение страданий", 2, [], id="gap-too-small"),
        pytest.param("art_147", "причинение страданий", 0, ["Причинение страданий"], id="adjacent-not-across-lines"),
        pytest.param("art_146__para_2", "пытка свидетель", 5, [], id="not-across-sentences"),
        pytest.param("art_soft", "пытки", 0, ["Пыт\u00adкам"], id="span-in-original-text"),
        pytest.param("art_146__para_2", "", 0, [], id="empty-phrase"),
    ],
)
def test_find_phrase(small_index: LemmaIndex, provision: str, phrase: str, max_gap: int, quotes: list[str]) -> None:
    texts = {
        "art_146__para_1": "Пытки, то есть причинение физических и психических страданий.",
        "art_146__para_2": "Угроза применения пыток. Свидетель дал показания.",
        "art_147": "Причинение страданий запрещено.\nПричинение\nстраданий.",
        "art_soft": "Пыт\u00adкам подвергнут",
    }
    lemmas = small_index.lemmatize_phrase(phrase)
    spans = small_index.find_phrase(provision, lemmas, max_gap)
    assert [texts[provision][start:end] for start, end in spans] == quotes


def test_search(small_index: LemmaIndex) -> None:
    found = small_index.search(small_index.lemmatize_phrase("причинение страданий"), max_gap=3)
    assert set(found) == {"art_146__para_1", "art_147"}


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        LemmaIndex.build([("a", "x"), ("a", "y")], "en")


def test_english_and_kazakh_indexes() -> None:
    english = LemmaIndex.build([("s1", "No one shall be subjected to torture. Witnesses were refused.")], "eng")
    assert english.find_phrase("s1", english.lemmatize_phrase("witness refuse"), max_gap=1)
    kazakh = LemmaIndex.build([("b1", "Азаптауларға жол берілмейді. Куәгерлердің айғақтары")], "kaz")
    assert kazakh.provisions_with(kk_stem("азаптау")) == {"b1"}
    assert kazakh.find_phrase("b1", kazakh.lemmatize_phrase("куәгер айғағы"))


def article(text: str, heading: str) -> str:
    """The body of the article whose heading starts with `heading`, up to the next article heading."""
    start = text.index(f"#### {heading}")
    following = text.find("\n#### ", start + 1)
    return text[start : following if following != -1 else len(text)]


@pytest.mark.corpus
def test_index_on_article_146() -> None:
    body = article(read_corpus(CRIMINAL_CODE_RU), "Статья 146.")
    index = LemmaIndex.build([("art_146", body)], "rus")
    assert index.provisions_with("пытка") == {"art_146"}
    spans = index.find_phrase("art_146", index.lemmatize_phrase("пытки"))
    quotes = [body[start:end] for start, end in spans]
    assert quotes[0] == "Пытки"  # the heading
    assert "пыткой" in quotes  # the note: "Не признаются пыткой ..."
    # "причинение физических и (или) психических страданий": four words between
    suffering = index.find_phrase("art_146", index.lemmatize_phrase("причинение страданий"), max_gap=4)
    assert suffering and body[suffering[0][0] :].startswith("причинение физических")
    assert index.find_phrase("art_146", index.lemmatize_phrase("лишение свободы"))
