"""A light suffix stemmer for Kazakh legal text.

Why a stemmer: no Kazakh morphological analyser on PyPI works offline (kazstem downloads its
resources at run time), and the matcher only needs every inflected form of a word to land on the
same key. Kazakh is agglutinative and regular: a noun is stem + plural + possessive + case, a verbal
noun or participle is verb stem + "-у" / "-ған" ... followed by the same noun endings. So the stemmer
strips endings from the right in that order, one slot at a time, each slot at most once:

    relative (-дағы, -ғы)  ->  case  ->  possessive  ->  plural  ->  verbal noun / participle

or, for a finite verb, one finite ending (-ады, -йды, -са, -ып) and nothing more. Each slot takes its
longest ending that fits, and stripping stops early at a known word (`LEXICAL_STEMS`). An ending is
stripped only where Kazakh phonology allows it, which removes most false cuts:
- vowel harmony: a back-vowel ending (-ға, -дың) needs a back last vowel in the stem, a front one
  (-ге, -дің) a front vowel (the neutral и, у, ю are skipped when looking for that vowel);
- the sound before the ending: "-ны" follows a vowel, "-ды" a voiced consonant, "-ты" a voiceless
  one; "-сы" (3rd person possessive) follows a vowel, "-ы" a consonant; and so on (`_AFTER`);
- the stem keeps at least two letters and a vowel, and a two-letter stem ends in a consonant ("баға",
  price, is not "ба" + "ға"); a verbal "-у" leaves at least three ("дау", dispute, is not "да").

Kept on purpose (they make a different word, and a rule about one must not fire on the other):
- derivational endings: "-лық" (куәлік, certificate, is not куә, witness), "-шы/-ушы"
  (азаптаушы, torturer; жәбірленуші, victim), "-гер" (куәгер), "-сыз" (заңсыз, unlawful), "-лы";
- voice: the passive "-л/-н" (сотталған, convicted, stems to "соттал", not to сот, court);
- negation "-ма/-ме/-ба/-бе/-па/-пе" (бас тартпау, not refusing, stays apart from бас тарту).

Not handled: the converb "-п" after a vowel ("азаптап"): cutting a final "п" would break nouns in
"-п" (талап, себеп, кітап), whose other forms have "-б-"; vowel loss inside a stem (орын / орны);
1st and 2nd person endings, rare in codes.

Known collisions that context would be needed to resolve: "заңды" is both "lawful" and "the law"
(accusative), and stems to "заң"; "жауапты" (responsible) stems to "жауап" (answer); "барысында"
(during) lands on "бар" (there is).

The stem is not a word: a final "ғ/г/б" is written "қ/к/п" (айғағы, his testimony, and айғақ both
give "айғақ"), a final "ы/і" after a consonant is dropped (see `_drop_final_vowel`), and a Latin "i"
inside a Cyrillic word is read as "і".

On the Kazakh Criminal Code (99,501 word tokens) the 6,518 distinct forms give 3,328 stems; e.g.
"адам" (person), "мерзім" (term) and "іс-әрекет" (act, including forms spelt with a Latin "i")
gather 17 forms each; 1,246 stems have two forms or more, 251 five or more. tests/test_lang.py
holds the word families and the pairs that must stay apart.
"""

from __future__ import annotations

from collections.abc import Iterable

from lexgap.lang.cache import CachedLemmatizer

_VOWELS = frozenset("аәеёиоөуұүыіэюя")
_BACK = frozenset("аоұыяё")
_FRONT = frozenset("әеөүіэ")
_VOICELESS = frozenset("пфкқтсшщхцчһ")
_NASAL = frozenset("мнң")
_CYRILLIC = frozenset("абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяә")
_FINAL_DEVOICING = str.maketrans({"ғ": "қ", "г": "к", "б": "п"})

# Which sound may precede an ending: V vowel, D voiced consonant (sonorants and "у"/"и"/"й" included),
# N nasal, T voiceless consonant, P after a 3rd person possessive ("-ы/-і/-сы/-сі"), * anything.
_AFTER = dict[str, str]


def _endings(spec: str, after: str) -> dict[str, str]:
    """'ның нің' with 'VN' -> {'ның': 'VN', 'нің': 'VN'}: the table below stays readable."""
    return dict.fromkeys(spec.split(), after)


_POSSESSIVE_3 = ("ы", "і", "сы", "сі")
_AFTER_POSSESSIVE = ("н", "на", "не", "нда", "нде", "нан", "нен", "ның", "нің", "мен")

_RELATIVE: _AFTER = {
    **_endings("дағы дегі", "VD"),
    **_endings("тағы тегі", "T"),
    **_endings("ндағы ндегі", "P"),  # басындағы: бас + ы + ндағы
    **_endings("ғы гі", "D"),         # дейінгі, бұрынғы, жылғы: only after a consonant, so that
    **_endings("қы кі", "T"),         # айғағы (айғақ + ы) and куәлігі are not cut as айға + ғы
}
_CASE: _AFTER = {
    **_endings("ның нің", "VN"),      # genitive
    **_endings("дың дің", "D"),
    **_endings("тың тің", "T"),
    **_endings("ға ге", "VD"),        # dative
    **_endings("қа ке", "T"),
    **_endings("ны ні", "V"),         # accusative
    **_endings("ды ді", "D"),
    **_endings("ты ті", "T"),
    **_endings("да де", "VD"),        # locative
    **_endings("та те", "T"),
    **_endings("дан ден", "VD"),      # ablative
    **_endings("тан тен", "T"),
    **_endings("нан нен", "N"),
    **_endings("мен", "VD"),          # instrumental
    **_endings("бен", "D"),
    **_endings("пен", "T"),
    **{p + c: ("V" if p.startswith("с") else "C") for p in _POSSESSIVE_3 for c in _AFTER_POSSESSIVE},
}
_POSSESSIVE: _AFTER = {
    **_endings("ы і", "C"),
    **_endings("сы сі", "V"),
}
_PLURAL: _AFTER = {
    **_endings("лар лер", "VL"),      # L: after р, у, й, и as well as vowels
    **_endings("дар дер", "D"),
    **_endings("тар тер", "T"),
}
_VERBAL: _AFTER = {
    "у": "*",                          # verbal noun: азапта-у, тарт-у
    **_endings("ған ген", "VD"),       # past participle
    **_endings("қан кен", "T"),
    **_endings("атын етін йтын йтін", "*"),  # habitual participle
}
_FINITE: _AFTER = {
    **_endings("ады еді", "C"),          # present-future 3rd person: жазаланады, береді
    **_endings("йды йді", "V"),          # ... after a vowel: жасайды
    **_endings("ып іп", "C"),            # converb: қорқытып
    **_endings("са се", "*"),            # conditional: тартса
}
_NO_HARMONY = frozenset({"мен", "бен", "пен"})  # the instrumental does not change its vowel: сотпен
_NOUN_SLOTS: tuple[_AFTER, ...] = (_RELATIVE, _CASE, _POSSESSIVE, _PLURAL, _VERBAL)
# Endings that contain the next slot's ending already: "-ндағы" includes the case, a possessive +
# case ending ("-ының") the possessive; the slot after is skipped, so "барысында" is not cut twice.
_SKIPS_NEXT_SLOT = frozenset({"ндағы", "ндегі", *(p + c for p in _POSSESSIVE_3 for c in _AFTER_POSSESSIVE)})

# Words that end in what looks like an ending but are a stem of their own; stripping stops as soon as
# one of them is reached, so their inflected forms stay with them ("салдарынан" -> "салдар", the
# consequence, not "сал", to impose). Each was found merged with an unrelated word in the Kazakh
# Criminal Code (tests/test_lang.py lists the groups).
LEXICAL_STEMS = frozenset(
    {
        "басқа",   # other; not бас (head) + қа
        "қарсы",   # against; not қар (snow) + сы
        "өзге",    # other; not өз (self) + ге
        "үшін",    # for; not үш (three) + ін
        "салдар",  # consequence; not сал (to impose) + дар
        "қару",    # weapon; not қар (snow) + у
        "орын", "жақын", "тұрғын",  # place, relative, resident; not ор, жақ, тұр + possessive "-ын"
        "екі", "алты", "жеті",  # two, six, seven; not possessives of ек, алт, жет (to reach)
        "оны", "оның", "онда", "онымен", "одан", "оған",  # forms of ол (he, it); not он (ten)
        "дейін", "кейін",  # until, after: дейінгі -> дейін, not дей + ін
        "бойынша", "арқылы", "туралы", "және", "немесе",
    }
)


# "-ысы" is either a noun in "-ыс" + possessive "-ы" (жұмыс-ы, work) or a noun in "-ы" + "-сы"
# (басшы-сы, head). In the Criminal Code the first kind has a sonorant before "ы" (жұмыс, қылмыс,
# құрылыс, кіріс, жиналыс, дауыс) and the second an obstruent (басшы, акті, белгі, жарты, құрылғы);
# these are the exceptions either way.
_S_NOUNS = frozenset({"табыс", "соғыс", "қақтығыс"})
_Y_NOUNS = frozenset({"желі", "қаулы"})
_SONORANTS = frozenset("лмнңрйу")


def kazakh_stemmer() -> CachedLemmatizer:
    """`lemma(word)`: the stem of a Kazakh word form (see the module docstring), cached per form."""
    return CachedLemmatizer(stem)


def stem(word: str) -> str:
    """Stem one lower-case word: "азаптауларға" -> "азапта", "айғағы" -> "айғақ"."""
    if any(ch in _CYRILLIC for ch in word):
        word = word.replace("i", "і")
    head, hyphen, last = word.rpartition("-")
    if any(ch.isdigit() for ch in last) or not any(ch in _CYRILLIC for ch in last):
        return word
    stemmed = _stem_word(last)
    return head + hyphen + stemmed[:-1] + stemmed[-1].translate(_FINAL_DEVOICING)


def _stem_word(word: str) -> str:
    """A finite-verb ending alone, or the noun slots from the outside in, up to a lexical stem."""
    if word in LEXICAL_STEMS:
        return word
    finite, _ = _strip(word, _FINITE, min_stem=3)
    if finite != word:
        return _drop_final_vowel(finite)
    slot = 0
    while slot < len(_NOUN_SLOTS):
        endings = _NOUN_SLOTS[slot]
        word, ending = _strip(word, endings, min_stem=3 if endings is _VERBAL else 2)
        if word in LEXICAL_STEMS:
            return word
        slot += 1 + (ending in _SKIPS_NEXT_SLOT)
    return _drop_final_vowel(word)


def _drop_final_vowel(stem_: str) -> str:
    """"ы/і" after a consonant at the end of a stem is dropped whatever it was, because it cannot be
    told from the 3rd person possessive: "жәбірленуші" (victim) and "жәбірленушісі" (his victim)
    both give "жәбірленуш", "күші" (his force) and "күш" both "күш"."""
    if len(stem_) > 3 and stem_[-1] in "ыі" and stem_[-2] not in _VOWELS:
        return stem_[:-1]
    return stem_


def _strip(word: str, endings: _AFTER, min_stem: int) -> tuple[str, str]:
    """Remove the longest ending of `endings` that the stem before it allows; return (stem, ending)."""
    for size in (5, 4, 3, 2, 1):
        if len(word) - size < min_stem:
            continue
        ending = word[-size:]
        after = endings.get(ending)
        if after is not None and _allowed(word[:-size], ending, after):
            return word[:-size], ending
    return word, ""


def _allowed(stem_: str, ending: str, after: str) -> bool:
    """Check that the stem has a vowel, harmonises with the ending and ends in a sound it may follow."""
    if not any(ch in _VOWELS for ch in stem_) or (ending not in _NO_HARMONY and not _harmonises(stem_, ending)):
        return False
    last = stem_[-1]
    if len(stem_) == 2 and last in _VOWELS and last not in "уи" and stem_ != "ие":
        return False  # "баға" (price) is not "ба" + "ға"; "ие" (owner) is the one such stem
    if ending[0] == "с" and not _possessive_s_allowed(stem_):
        return False
    if after == "*":
        return True
    if "P" in after and (stem_.endswith(("ы", "і"))):
        return True
    is_vowel = last in _VOWELS and last not in "уи"
    return (
        ("V" in after and is_vowel)
        or ("C" in after and not is_vowel)
        or ("T" in after and last in _VOICELESS)
        or ("N" in after and last in _NASAL)
        or ("D" in after and not is_vowel and last not in _VOICELESS)
        or ("L" in after and last in "руйи")
    )


def _possessive_s_allowed(stem_: str) -> bool:
    """Whether "stem + сы..." is read as a possessive "-сы" rather than "stem + с" + "-ы" (see _S_NOUNS)."""
    if len(stem_) < 3 or stem_[-1] not in "ыі" or stem_[-2] in _VOWELS:
        return True
    if stem_ in _Y_NOUNS:
        return True
    return stem_ + "с" not in _S_NOUNS and stem_[-2] not in _SONORANTS


def _harmonises(stem_: str, ending: str) -> bool:
    """Back endings after back stems, front after front; an ending or stem without a decisive vowel
    (loanwords with only "и", "у") passes."""
    wanted = _last_decisive_vowel(ending, first=True)
    have = _last_decisive_vowel(stem_)
    if wanted is None or have is None:
        return True
    return (wanted in _BACK) == (have in _BACK)


def _last_decisive_vowel(text: str, first: bool = False) -> str | None:
    chars: Iterable[str] = text if first else reversed(text)
    for ch in chars:
        if ch in _BACK or ch in _FRONT:
            return ch
    return None
