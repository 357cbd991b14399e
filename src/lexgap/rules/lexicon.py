"""The concept lexicon (rules/lexicon.yaml): how each language says "torture", "threat", "amnesty".

Rules name concepts, not words, so one rule reads Russian, Kazakh and English codes alike, and a
better word list improves every rule at once. A concept lists lemma phrases per language::

    concepts:
      - id: threat
        description: a threat to harm someone
        ru: [угроза, угрожать]
        kk: [қорқыт]            # stems: қорқыту, қорқытумен, қорқытқан
        en: [threat, threaten]

Phrases are lower-case lemmas separated by spaces ("угроза применение пытка"). The gap marker ``…``
stands for up to `DEFAULT_GAP` other words, ``…N`` for up to N. The same syntax serves `phrase:`
conditions in rules, so `parse_phrase` is shared.

Lint here catches what would silently never match: a Latin look-alike inside a Cyrillic lemma (the
normaliser repairs texts, not the lexicon), an upper-case letter in a lemma, ASCII "..." for the gap.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lexgap.rules.schema import ConceptDef, Gap, Lang, Lexicon, PhrasePattern, Pos, Token
from lexgap.rules.yamlpos import Checker, Found, Y, YMap, YScalar, describe, parse_yaml

DEFAULT_GAP = 3
"""Words a bare ``…`` may skip: "угроза применения к нему пытки" puts three words between угроза and
пытка, the longest gap seen in threat-of-torture wording; wider gaps must be asked for (``…5``)."""

MAX_GAP = 20
"""A gap longer than this spans sentences and stops meaning "one phrase"; use `near` instead."""

CONCEPT_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
"""Concept ids are snake_case (rule and element ids are kebab-case), so the two never get mixed up."""

_GAP = re.compile(
    r"""^…        # the ellipsis character U+2026
        (\d+)?$   # optionally the most words it may skip
    """,
    re.VERBOSE,
)
_LEMMA = re.compile(
    r"""^[^\W_]+            # letters or digits
        (?:-[^\W_]+)*$      # joined by hyphens: "кое-как", "65-1"
    """,
    re.VERBOSE,
)
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KAZAKH_ONLY = re.compile(r"[әғқңөұүһі]")

CONCEPT_KEYS = ("id", "description", "ru", "kk", "en", "fuzzy")


def parse_phrase(text: str, lang: Lang) -> tuple[PhrasePattern | None, list[str]]:
    """Split a lemma phrase into lemmas and gaps; return the pattern or the reasons it is invalid."""
    errors: list[str] = []
    tokens: list[Token] = []
    for word in text.split():
        gap = _GAP.match(word)
        if gap:
            size = int(gap.group(1) or DEFAULT_GAP)
            if not 1 <= size <= MAX_GAP:
                errors.append(f'gap "{word}" must allow 1 to {MAX_GAP} words')
            tokens.append(Gap(size))
            continue
        errors.extend(_lemma_errors(word, lang))
        tokens.append(word)
    if not tokens:
        errors.append("phrase is empty")
    elif isinstance(tokens[0], Gap) or isinstance(tokens[-1], Gap):
        errors.append(f'phrase "{text}" must not start or end with a gap')
    return (None, errors) if errors else (PhrasePattern(text, tuple(tokens)), [])


def _lemma_errors(word: str, lang: Lang) -> list[str]:
    """Why `word` can never match a lemma of `lang` (empty when it can)."""
    if word == "...":
        return ['write the gap as "…" (U+2026), not "..."']
    if "..." in word or "…" in word:
        return [f'a gap stands alone between spaces: "{word}" should be two words']
    if not _LEMMA.match(word):
        return [f'"{word}" is not a lemma (letters, digits and inner hyphens only)']
    if word != word.lower():
        return [f'"{word}" must be lower case: phrases are lemmas']
    if lang is Lang.EN and _CYRILLIC.search(word):
        return [f'en phrase word "{word}" contains Cyrillic letters']
    if lang is not Lang.EN and _LATIN.search(word):
        latin = "".join(sorted(set(_LATIN.findall(word))))
        return [f'{lang} phrase word "{word}" contains Latin letters "{latin}" (look-alikes?)']
    if lang is Lang.RU and _KAZAKH_ONLY.search(word):
        return [f'ru phrase word "{word}" contains Kazakh letters: is it a kk phrase?']
    return []


def _phrases(check: Checker, m: YMap, lang: Lang) -> tuple[PhrasePattern, ...]:
    node = m.get(lang.value)
    if node is None:
        return ()
    seq = check.as_list(node, f'"{lang.value}"')
    if seq is None:
        return ()
    out: list[PhrasePattern] = []
    for item in seq.items:
        if not (isinstance(item, YScalar) and isinstance(item.value, str)):
            check.at(item, f'"{lang.value}" phrases must be strings, not {describe(item)}')
            continue
        pattern, errors = parse_phrase(item.value, lang)
        for error in errors:
            check.at(item, error)
        if pattern:
            out.append(pattern)
    return tuple(out)


def _concept(check: Checker, node: Y, path: str) -> ConceptDef | None:
    m = check.as_map(node, "a concept")
    if m is None:
        return None
    check.keys(m, CONCEPT_KEYS, ("id", "description"), "a concept")
    concept_id = check.text(m, "id")
    if concept_id and not CONCEPT_ID.match(concept_id):
        check.at(m.get("id") or m, f'concept id "{concept_id}" must be snake_case (a-z, 0-9, _)')
        concept_id = None
    description = check.text(m, "description")
    ru, kk, en = (_phrases(check, m, lang) for lang in (Lang.RU, Lang.KK, Lang.EN))
    fuzzy = check.flag(m, "fuzzy", False)
    if not any(lang.value in m.entries for lang in Lang):
        check.at(m, "a concept needs phrases in at least one of ru, kk, en")
    if concept_id is None or description is None:
        return None
    return ConceptDef(concept_id, description, ru, kk, en, fuzzy, Pos(path, m.line, m.col))


def build_lexicon(check: Checker, root: Y, path: str, sha256: str = "") -> Lexicon:
    """The lexicon in `root`; problems go to `check`, and the concepts that are valid are kept."""
    m = check.as_map(root, "the lexicon file")
    if m is None:
        return Lexicon((), path, sha256)
    check.keys(m, ("concepts",), ("concepts",), "the lexicon file")
    node = m.get("concepts")
    seq = check.as_list(node, '"concepts"') if node is not None else None
    concepts: dict[str, ConceptDef] = {}
    for item in seq.items if seq else ():
        concept = _concept(check, item, path)
        if concept is None:
            continue
        if concept.id in concepts:
            first = concepts[concept.id].pos
            where = item.get("id") if isinstance(item, YMap) else item
            check.at(where or item, f'duplicate concept id "{concept.id}" (first at line {first.line})')
            continue
        concepts[concept.id] = concept
    return Lexicon(tuple(concepts.values()), path, sha256)


def read_lexicon(path: str | Path) -> tuple[Lexicon, list[Found]]:
    """Read and check a lexicon file; an unreadable or invalid file gives an empty lexicon and problems."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        return Lexicon((), str(path)), [(1, 1, f"cannot read the lexicon: {err.strerror}")]
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return Lexicon((), str(path), sha256), [(1, 1, f"the lexicon is not UTF-8: {err.reason}")]
    root, found = parse_yaml(text)
    check = Checker(found)
    if root is None:
        return Lexicon((), str(path), sha256), check.found
    return build_lexicon(check, root, str(path), sha256), check.found
