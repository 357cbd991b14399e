"""Split legal text into word tokens with sentence numbers and offsets into the caller's string.

Why a regular expression and not spaCy's tokenizer: the matcher needs only words, offsets and
sentence numbers, not punctuation tokens or a Doc; one compiled pattern does that about twice as fast
as `spacy.blank("ru")` on the same paragraphs, normalisation included (bench/bench_lemmatize.py:
0.37 s against 0.72 s for the Criminal and Criminal Procedure Codes), and needs no spaCy.

Guarantees of `tokenize`:
- words are read from the normalised text (`lexgap.normalize.normalize`: homoglyphs, soft hyphens,
  hyphen variants), so `Token.lower` is normalised, while `start`/`end` are offsets into the string
  *as given*, so `text[token.start:token.end]` is the original spelling (it may contain a soft hyphen);
- a word is a run of Unicode letters or digits, joined by inner hyphens ("65-1", "какой-либо",
  "іс-әрекет") or inner apostrophes ("person's"); underscores, dashes and other punctuation separate;
- sentence numbers start at 0 and grow by one for each sentence that has at least one word, so empty
  lines and headings made only of punctuation do not leave holes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lexgap.normalize import Normalized, fix_mixed_word, normalize

_SCANNER = re.compile(
    r"""
    (?P<word>
        [^\W_]+                      # letters or digits (\w without the underscore)
        (?:['’-][^\W_]+)*            # joined by an inner hyphen or apostrophe: 65-1, какой-либо, person's
    )
    | (?P<newline>
        [\n\r\v\f\x85\u2028\u2029]   # every line break ends a sentence: each paragraph line is one at least
    )
    | (?P<stop>
        [.;:!?…]+                    # sentence-final punctuation, repeated ("?!", "...")
        [»"”’)\]]*                   # closing quotes and brackets that belong to the sentence
        (?=\s*\Z                     # ... then either the end of the text
          | [ \t]+[«"“(\[]*          #     or spaces, opening quotes or brackets,
            (?P<next>[^\W\d_])       #     and a letter, which must be a capital (checked in code)
        )
    )
    """,
    re.VERBOSE,
)

# Texts made only of these characters come out of normalize() with the same length and offsets
# (none of them is removed, replaced or composed by it; "_" is left out because normalize's words
# include it); the only change left is the repair of words that mix Cyrillic and Latin letters,
# done per token. This skips normalize's per-character loop for almost every paragraph of a code,
# which made tokenising ~4 times faster; tests check that both paths give the same tokens.
_PLAIN = re.compile(r"[\n\r !-^`-~\u0400-\u04ff«»“”„–№§…’‘]*")
_LATIN = re.compile(r"[A-Za-z]")
_JOINERS = re.compile(r"[^'’-]+")

# Words after which a full stop is an abbreviation, not the end of a sentence ("г. Алматы", "ст. 146",
# "No. 5"). Only those that are followed by a capital in real texts matter; digits never start a
# sentence here anyway.
_ABBREVIATIONS = frozenset(
    {
        "г", "гг", "ст", "ч", "п", "пп", "подп", "см", "им", "т", "е",  # ru: г. Алматы, т. е.
        "mr", "mrs", "ms", "dr", "no", "art", "arts", "s", "ss", "para", "e", "g", "i", "cf", "st", "v", "vs",
    }
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its original spelling, its normalised lower-case form and where it is."""

    text: str
    lower: str
    start: int
    end: int
    sentence: int


def tokenize(text: str) -> list[Token]:
    """Split `text` into words; see the module docstring for what counts as a word and a sentence."""
    return [Token(text[start:end], lower, start, end, sentence) for lower, start, end, sentence in iter_words(text)]


def iter_words(text: str) -> Iterator[tuple[str, int, int, int]]:
    """The words of `text` as plain tuples (lower, start, end, sentence): `tokenize` without building
    a Token per word, for the lemma index, which keeps only the lemma and the offsets."""
    if _PLAIN.fullmatch(text):
        return _scan(text, None, _fix_mixed_token)
    normalized = normalize(text)
    return _scan(normalized.text, None if normalized.text == text else normalized, None)


def _scan(
    text: str, mapping: Normalized | None, fix: Callable[[str], str] | None
) -> Iterator[tuple[str, int, int, int]]:
    """Words of an already normalised `text`; `mapping` maps its offsets back, `fix` repairs a word."""
    sentence = 0
    boundary = False
    seen_word = False
    previous = ""
    for match in _SCANNER.finditer(text):
        word = match.group("word")
        if word is None:
            if _ends_sentence(match, previous):
                boundary = True
            continue
        if boundary and seen_word:
            sentence += 1
        boundary = False
        seen_word = True
        start, end = match.span()
        if mapping is not None:
            start, end = mapping.to_original(start, end)
        if fix is not None and not word.isascii() and _LATIN.search(word):
            word = fix(word)
        yield word.lower(), start, end, sentence
        previous = word


def _fix_mixed_token(word: str) -> str:
    """What normalize() does to the letters of a word, applied to one token: each part between
    hyphens and apostrophes is one of normalize's words."""
    return _JOINERS.sub(lambda part: fix_mixed_word(part.group()), word)


def _ends_sentence(match: re.Match[str], previous: str) -> bool:
    """A line break always ends a sentence; punctuation only before a capital or the end of the text,
    and a full stop not after an abbreviation, an initial ("А. Б. Иванов") or a number ("Статья 146.
    Пытки", "1. Умышленное ..." are one sentence each: the number is a heading's or a list's label)."""
    if match.group("newline") is not None:
        return True
    following = match.group("next")
    if following is not None and not following.isupper():
        return False
    if match.group("stop").startswith("."):
        if previous.lower() in _ABBREVIATIONS or (len(previous) == 1 and previous.isupper()) or previous.isdigit():
            return False
    return True
