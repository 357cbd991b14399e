"""Text normalisation for matching, with a map back to the original characters.

Guarantees of `normalize`:
- the result is NFC; no-break and other special spaces become " "; soft hyphens, zero-width
  characters and BOMs are removed;
- hyphen look-alikes (U+2010, U+2011) become "-", dash look-alikes (figure, en, em, minus,
  horizontal bar) become "–" (en dash), so "65-1" (a number) and "110–112" (a range) stay distinct;
- in a word mixing Cyrillic and Latin letters, the minority script's look-alikes are replaced by the
  majority's ("Cтатья" with a Latin C -> "Статья"); a tie in a word made only of Roman-numeral
  letters goes to Latin ("VІ" with a Cyrillic І -> "VI", as in law numbers "205-VІ");
- `origin[i]` is the offset in the input of the character that produced output character i, and
  `origin[len(text)]` is len(input); `ends[i]` is where that character's source ends (after the
  combining marks NFC folded into it), so any normalised span maps back to a whole original span.
Nothing else changes: case, punctuation and spacing are the caller's business.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t"), " ")
_REMOVED = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011"), "-")
_DASHES = dict.fromkeys(map(ord, "\u2012\u2013\u2014\u2015\u2212"), "\u2013")

_LAT_TO_CYR = str.maketrans("ABCEHKMOPTXYaceopxyiI", "АВСЕНКМОРТХУасеорхуіІ")
_CYR_TO_LAT = str.maketrans("АВСЕНКМОРТХУасеорхуіІ", "ABCEHKMOPTXYaceopxyiI")
_ROMAN = frozenset("IVXLCDMІХМС")  # Latin numerals and their Cyrillic look-alikes

_WORD = re.compile(r"\w+")
# Only words holding both a Latin and a Cyrillic letter can need fixing; finding them with one
# regex keeps the common case (a word in one script) out of Python code entirely.
_MIXED_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[\u0400-\u04ff])\w+")
_TABLE = {**dict.fromkeys(map(ord, _REMOVED), None), **_SPACES, **_HYPHENS, **_DASHES}


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, per character, the offset of its origin in the input."""

    text: str
    origin: tuple[int, ...]
    ends: tuple[int, ...] = ()  # empty: every character came from exactly one input character

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the input."""
        if start >= end:
            point = self.origin[start]
            return point, point
        last = self.ends[end - 1] if self.ends else self.origin[end - 1] + 1
        return self.origin[start], last


def _script(ch: str) -> str:
    if "\u0400" <= ch <= "\u04ff":
        return "cyr"
    if ch.isascii() and ch.isalpha():
        return "lat"
    return ""


def fix_mixed_word(word: str) -> str:
    """Replace look-alike letters of the minority script in a word that mixes Cyrillic and Latin."""
    cyr = sum(1 for ch in word if _script(ch) == "cyr")
    lat = sum(1 for ch in word if _script(ch) == "lat")
    if not cyr or not lat:
        return word
    if cyr > lat:
        return word.translate(_LAT_TO_CYR)
    if lat > cyr or all(ch in _ROMAN or ch.isdigit() for ch in word):
        return word.translate(_CYR_TO_LAT)
    return word


def _fix_words(text: str) -> str:
    """Length-preserving: each look-alike is one character for one character."""
    return _MIXED_WORD.sub(lambda m: fix_mixed_word(m.group()), text)


def normalize(text: str) -> Normalized:
    """Normalise `text` for matching and keep the map back to it (see the module docstring)."""
    joined = text.translate(_TABLE)
    if _REMOVED.isdisjoint(text):  # the common case: nothing removed, offsets unchanged
        origin = list(range(len(text)))
    else:
        origin = [i for i, ch in enumerate(text) if ch not in _REMOVED]
    ends: list[int] = []
    if not joined.isascii() and not unicodedata.is_normalized("NFC", joined):
        joined, origin, ends = _nfc_with_origin(joined, origin)
    fixed = _fix_words(joined)
    return Normalized(fixed, tuple(origin) + (len(text),), tuple(ends))


def _nfc_with_origin(text: str, origin: list[int]) -> tuple[str, list[int], list[int]]:
    """NFC composes a base letter with its combining marks; the result keeps the base's origin and
    ends where the cluster's last mark ends."""
    out: list[str] = []
    out_origin: list[int] = []
    out_ends: list[int] = []
    clusters: list[tuple[str, int, int]] = []  # (characters, first origin, end in the input)
    for ch, src in zip(text, origin, strict=True):
        if clusters and unicodedata.combining(ch):
            chars, first, _ = clusters[-1]
            clusters[-1] = (chars + ch, first, src + 1)
        else:
            clusters.append((ch, src, src + 1))
    for chars, first, end in clusters:
        composed = unicodedata.normalize("NFC", chars)
        out.append(composed)
        out_origin.extend([first] * len(composed))
        out_ends.extend([end] * len(composed))
    return "".join(out), out_origin, out_ends


def norm(text: str) -> str:
    """Just the normalised text (equal to `normalize(text).text`), without building the offset map."""
    joined = text.translate(_TABLE)
    if not joined.isascii() and not unicodedata.is_normalized("NFC", joined):
        return normalize(text).text
    return _fix_words(joined)
