"""English lemmas from suffix rules and a short list of irregular forms.

Why not spaCy: without a trained tagger (a model download, unavailable here) spaCy's English
lemmatizer can only run in "lookup" mode, whose table ships in `spacy-lookups-data`, a ~100 MB wheel
for a ~200 KB English table, and spaCy itself would be a dependency for English alone (Russian uses
pymorphy3 directly). Legal English inflects regularly, and the matcher needs a form and the lexicon
phrase to meet on the same key more than it needs a dictionary word, so a few rules do: plural and
3rd person "-s/-es/-ies", "-ed", "-ing", with the usual spelling repairs (doubled consonant, silent
"e"), possessive "'s", and the irregular verbs and nouns of statutes. Measured once against spaCy's
English lookup table on the English Akoma Ntoso texts in shared/corpora/akn (80,012 word tokens,
3,321 forms): the same lemma for 95.8% of tokens; most of the rest are the table's own choices
("data" -> "datum", "as" -> "a", "number" -> "numb") or comparatives, left alone on purpose.

Not done on purpose: comparatives ("-er" would cut "officer", "prisoner") and "-ly" adverbs.
"""

from __future__ import annotations

from lexgap.lang.cache import CachedLemmatizer

_IRREGULAR: dict[str, str] = {
    # be, have, do and strong verbs that statutes use
    **dict.fromkeys(("is", "are", "was", "were", "been", "being", "am"), "be"),
    **dict.fromkeys(("has", "had", "having"), "have"),
    **dict.fromkeys(("does", "did", "done", "doing"), "do"),
    "made": "make", "taken": "take", "took": "take", "given": "give", "gave": "give",
    "brought": "bring", "held": "hold", "sought": "seek", "found": "find", "told": "tell",
    "known": "know", "knew": "know", "shown": "show", "written": "write", "wrote": "write",
    "paid": "pay", "laid": "lay", "said": "say", "caught": "catch", "kept": "keep", "left": "leave",
    "lost": "lose", "meant": "mean", "sent": "send", "spent": "spend", "stood": "stand",
    "taught": "teach", "thought": "think", "understood": "understand", "went": "go", "gone": "go",
    "goes": "go", "chosen": "choose", "chose": "choose", "broken": "break", "broke": "break",
    "driven": "drive", "forbidden": "forbid", "forbade": "forbid", "forgotten": "forget",
    "got": "get", "gotten": "get", "hidden": "hide", "seen": "see", "saw": "see", "spoken": "speak",
    "stolen": "steal", "struck": "strike", "arisen": "arise", "arose": "arise", "fled": "flee",
    "fought": "fight", "led": "lead", "met": "meet", "beaten": "beat", "bitten": "bite",
    "fallen": "fall", "fell": "fall", "withheld": "withhold", "undertaken": "undertake",
    "undertook": "undertake", "overseen": "oversee", "sold": "sell", "bought": "buy",
    "built": "build", "dealt": "deal", "felt": "feel", "heard": "hear", "sat": "sit", "won": "win",
    "began": "begin", "begun": "begin", "came": "come", "became": "become", "ran": "run",
    "dying": "die", "lying": "lie", "tying": "tie", "fed": "feed", "bred": "breed",
    "coming": "come", "writing": "write", "drawn": "draw", "drew": "draw", "withdrawn": "withdraw",
    "withdrew": "withdraw", "borne": "bear", "bore": "bear", "foreseen": "foresee",
    "trafficked": "traffic", "trafficking": "traffic", "panicked": "panic",
    "agreed": "agree", "decreed": "decree", "freed": "free", "guaranteed": "guarantee",
    # nouns
    "children": "child", "men": "man", "women": "woman", "people": "person", "persons": "person",
    "data": "data", "criteria": "criterion", "phenomena": "phenomenon", "analyses": "analysis",
    "bases": "basis", "crises": "crisis", "theses": "thesis", "hypotheses": "hypothesis",
    "appendices": "appendix", "indices": "index", "feet": "foot", "teeth": "tooth",
    "lives": "life", "wives": "wife", "knives": "knife", "halves": "half", "selves": "self",
    "viruses": "virus", "statuses": "status", "bonuses": "bonus", "censuses": "census",
    "thieves": "thief", "shelves": "shelf", "heroes": "hero", "vetoes": "veto", "media": "medium",
}

# Words that end like an inflection but are not one.
_INVARIANT = frozenset(
    (
        "this", "thus", "his", "its", "has", "was", "yes", "us", "as", "is", "always", "perhaps",
        "whereas", "towards", "afterwards", "news", "series", "species", "means", "politics",
        "economics", "physics", "lens", "during", "nothing", "something", "anything", "everything",
        "morning", "evening", "ceiling", "king", "thing", "spring", "string", "sibling", "hundred",
        "sacred", "kindred", "naked", "wicked", "bed", "red", "shed", "need", "proceed", "exceed",
        "succeed", "deed", "feed", "seed", "speed", "greed", "breed", "bleed", "heed", "indeed",
        "unless", "less", "across", "notwithstanding", "asbestos", "various", "previous", "serious", "numerous",
        "whether",
    )
)
# Stems that keep their "ll" ("cancelled" -> "cancel"): British spelling doubles a final "l".
_SINGLE_L = frozenset(
    ("cancel", "control", "compel", "expel", "label", "model", "travel", "annul", "enrol", "fulfil",
     "propel", "repel", "signal", "total", "counsel", "level", "channel", "fuel", "equal", "patrol")
)
# Stems in a consonant + vowel + consonant that take a silent "e" although most such stems do not.
_WITH_E = frozenset(
    ("complete", "delete", "compete", "invite", "unite", "cite", "recite", "excite", "incite",
     "restore", "store", "ignore", "score", "explore", "deplore", "adhere", "interfere",
     "persevere", "postpone", "condone", "dispose", "atone", "create", "contravene", "intervene",
     "convene")
)
_VOWELS = frozenset("aeiou")


def english_lemmatizer() -> CachedLemmatizer:
    """`lemma(word)`: irregular forms from a list, the rest by suffix rules; cached per form."""
    return CachedLemmatizer(lemmatize)


def lemmatize(word: str) -> str:
    """Lemmatise one lower-case English word."""
    word = word.replace("’", "'")
    if word.endswith(("'s", "s'")):
        word = word[:-2] if word.endswith("'s") else word[:-1]
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in _INVARIANT or len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("s"):
        return _singular(word)
    if word.endswith("ed"):
        return _base(word[:-2], word)
    if word.endswith("ing"):
        return _base(word[:-3], word)
    return word


def _singular(word: str) -> str:
    """Plural nouns and 3rd person verbs: "parties" -> "party", "witnesses" -> "witness"."""
    if word.endswith(("ss", "us", "is")):
        return word  # witness, status, basis
    if word.endswith("ies"):
        return word[:-3] + "y" if len(word) > 4 else word[:-1]
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


def _base(stem: str, word: str) -> str:
    """Undo "-ed"/"-ing": "applied" -> "apply", "committed" -> "commit", "refused" -> "refuse"."""
    if not any(ch in _VOWELS or ch == "y" for ch in stem):
        return word  # "red", "bring", "thing": no vowel left, not an inflection
    if word.endswith("ied"):
        return stem[:-1] + "y" if len(word) > 4 else stem + "e"
    if stem + "e" in _WITH_E:
        return stem + "e"
    if len(stem) > 2 and stem[-1] == stem[-2]:
        if stem[-1] in "bgmnprt":
            return stem[:-1]  # committed, barred, planned, stopped
        if stem[-1] == "l" and stem[:-1] in _SINGLE_L:
            return stem[:-1]  # cancelled, controlled
        return stem  # passed, called, added
    return stem + "e" if _needs_e(stem) else stem


def _needs_e(stem: str) -> bool:
    """Whether the base form ends in a silent "e" that "-ed"/"-ing" removed."""
    last, before = stem[-1], stem[-2]
    single_vowel = before in _VOWELS and (len(stem) < 3 or stem[-3] not in _VOWELS)
    if last in "vzu" or (last == "c"):
        return True  # involve, seize, continue, produce
    if last == "s":
        return True  # refuse, cause, license, release (the "-ss" stems returned earlier)
    if last == "g":
        return not stem.endswith("ng") or stem.endswith(("ang", "eng"))  # charge, change; not belong
    if last == "l":
        return before not in _VOWELS or (single_vowel and before in "aiu")  # enable, compile, rule
    if stem.endswith("at"):
        return not stem.endswith(("eat", "oat"))  # violate, associate, graduate; not treat
    if last in "tk":
        return single_vowel and before in "aou"  # promote, execute, revoke
    if last in "rm":
        return (single_vowel and before in "aiu") or stem.endswith("uir")  # declare, secure, assume, require
    if last in "db":
        return single_vowel and before in "iuoe"  # provide, include, describe, precede
    if last == "n":
        return single_vowel and before == "i"  # determine, examine
    if last == "p":
        return single_vowel and before == "a"  # escape, rape
    return False
