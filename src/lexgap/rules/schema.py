"""The rule language as data: what a loaded rule pack is, for the evaluator to walk.

Everything is a frozen dataclass or an enum, so the evaluator receives values it cannot corrupt and
a typo in a field name fails at import time rather than in the middle of a report. Every condition,
element and rule keeps the place it was written (`Pos`), so the evaluator and the reports can say
"the condition at rules/torture.yaml:31:11 ..." instead of "some condition of rule X".

Positions never take part in equality (``compare=False``): two conditions written in different places
but saying the same thing are equal, which keeps tests and de-duplication simple.

The YAML syntax that produces these objects is documented in docs/rules.md; `load.py` builds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TypeAlias

from lexgap.model import CodeKind


class Lang(StrEnum):
    """Languages a rule can speak: phrase lists in the lexicon, `phrase:` conditions, examples."""

    RU = "ru"
    KK = "kk"
    EN = "en"


class SourceKind(StrEnum):
    """What kind of authority a source is; reports weigh a treaty article above a good practice."""

    STANDARD = "standard"  # a binding treaty provision: CAT art. 4
    RECOMMENDATION = "recommendation"  # addressed to the State: concluding observations, UPR
    COMMENTARY = "commentary"  # general comments, guides, case law interpreting a standard
    GOOD_PRACTICE = "good_practice"  # another country's law cited as a model (Georgia, CC art. 144²)


class Verdict(StrEnum):
    """The status a rule reaches for one code (or the corpus)."""

    SATISFIED = "satisfied"
    PARTIAL = "partial"
    MISSING = "missing"
    CONFLICT = "conflict"


class Scope(StrEnum):
    """Which text of a candidate provision a leaf condition looks at."""

    ANY = "any"  # heading or body
    HEADING = "heading"  # the provision's own heading ("Статья 146. Пытки" -> "Пытки")
    BODY = "body"  # the provision's full text under the heading


class Part(StrEnum):
    """The two parts of a criminal (or administrative offences) code."""

    GENERAL = "general"  # "Общая часть": liability, penalties, limitation, amnesty
    SPECIAL = "special"  # "Особенная часть": the offences


@dataclass(frozen=True, order=True)
class Pos:
    """Where something was written: file as given to the loader, 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


NOWHERE = Pos("", 0, 0)
"""Position of objects built in code rather than read from a file."""


@dataclass(frozen=True, order=True)
class Problem:
    """One lint finding; sorts by file, line, column. `rule_id` is "" when no rule is concerned."""

    path: str
    line: int
    col: int
    rule_id: str
    message: str


# --- phrases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """The gap marker ``…`` (or ``…N``) inside a phrase: up to `max_words` other words may stand here."""

    max_words: int


Token: TypeAlias = str | Gap


@dataclass(frozen=True)
class PhrasePattern:
    """A lemma phrase as written (`text`) and split into lemmas and gaps (`tokens`).

    For ``ru`` and ``en`` each string token is a lemma ("угроза применение пытка"); for ``kk`` it is a
    stem or a form, meant to match a word that starts with it ("азапта" for азаптау, азаптауға).
    """

    text: str
    tokens: tuple[Token, ...]


# --- conditions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    """A hit of any phrase of a lexicon concept, in the text named by `scope`.

    `negated`: False (the default) counts only hits outside a negation or exception context
    ("не применяется", "за исключением", "қолданылмайды"); True counts only hits inside one;
    None counts both.
    """

    id: str
    scope: Scope = Scope.ANY
    negated: bool | None = False
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Phrase:
    """A literal lemma phrase in one language; same `scope` and `negated` as `Concept`."""

    pattern: PhrasePattern
    lang: Lang
    scope: Scope = Scope.ANY
    negated: bool | None = False
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Regex:
    """A regular expression searched in normalised text (see `lexgap.normalize`), case-insensitive.

    `compiled` is built by the loader with ``re.IGNORECASE``; `lang` None means every language.
    """

    pattern: str
    compiled: re.Pattern[str] = field(compare=False)
    lang: Lang | None = None
    scope: Scope = Scope.ANY
    negated: bool | None = False
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class All:
    """Every item matches the same candidate provision."""

    items: tuple[Condition, ...]
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Any:
    """At least one item matches."""

    items: tuple[Condition, ...]
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Not:
    """The item does not match the candidate provision."""

    item: Condition
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Near:
    """Hits of every item lie within `within` words of each other, in any order, in one text."""

    items: tuple[Condition, ...]
    within: int
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class SameSentence:
    """Hits of every item lie in one sentence."""

    items: tuple[Condition, ...]
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class SamePart:
    """Hits of every item lie in one numbered part of an article (or its text when it has none)."""

    items: tuple[Condition, ...]
    pos: Pos = field(default=NOWHERE, compare=False)


Leaf: TypeAlias = Concept | Phrase | Regex
Condition: TypeAlias = Concept | Phrase | Regex | All | Any | Not | Near | SameSentence | SamePart
LEAVES = (Concept, Phrase, Regex)
PROXIMITY = (Near, SameSentence, SamePart)


def leaves(cond: Condition) -> tuple[Leaf, ...]:
    """Every leaf under `cond`, in writing order; the evaluator and lint both need the flat list."""
    if isinstance(cond, LEAVES):
        return (cond,)
    if isinstance(cond, Not):
        return leaves(cond.item)
    return tuple(leaf for item in cond.items for leaf in leaves(item))


def is_positive(cond: Condition) -> bool:
    """Whether `cond` can only match a provision that contains something.

    A condition made only of `not` matches nearly every provision in a code, so an element or a
    conflict built on one would always be "found"; lint rejects those.
    """
    if isinstance(cond, Not):
        return False
    if isinstance(cond, All):
        return any(is_positive(item) for item in cond.items)
    if isinstance(cond, Any):
        return all(is_positive(item) for item in cond.items)
    return True


# --- rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """The authority a rule rests on: "CAT art. 4(1)", a concluding observation, a good practice."""

    instrument: str
    pinpoint: str
    kind: SourceKind
    text: str = ""  # a short paraphrase
    symbol: str = ""  # document symbol, e.g. "CAT/C/KAZ/CO/4"
    cycle: int | None = None  # UPR cycle
    url: str = ""
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Place:
    """Where in a code the candidate provisions are looked for; every field narrows, empty means all.

    `chapters` are chapter numbers as written ("3", "3-1"); `heading_any` conditions are matched
    against the headings of the containers above a provision (part, section, chapter, paragraph).
    """

    part: Part | None = None
    chapters: tuple[str, ...] = ()
    heading_any: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class AppliesTo:
    """Which codes a rule reads: codes of the listed kinds, or the whole corpus at once."""

    kinds: tuple[CodeKind, ...] = ()
    corpus: bool = False
    place: Place = Place()


@dataclass(frozen=True)
class Element:
    """One thing a compliant code contains; found when some candidate provision matches `condition`.

    Elements that are not `required` are reported as evidence but do not change the verdict.
    """

    id: str
    description: str
    condition: Condition
    required: bool = True
    weight: float = 1.0
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class ConflictCheck:
    """A provision that works against the standard; when it matches, the verdict is `conflict`."""

    id: str
    description: str
    condition: Condition
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Outcome:
    """How element hits become a verdict.

    With `score` = weight of required elements found / weight of all required elements:
    a matched conflict -> conflict; score >= `threshold` -> satisfied; score > 0 -> partial;
    otherwise missing. The default threshold 1.0 means "all required elements".
    """

    threshold: float = 1.0


@dataclass(frozen=True)
class Example:
    """A snippet of provision text and what the rule must conclude about it; the evaluator's tests.

    `expect` is the verdict (None when only elements are checked); `found` maps element or conflict
    ids to whether they must be found in the snippet.
    """

    name: str
    lang: Lang
    text: str
    heading: str = ""
    expect: Verdict | None = None
    found: tuple[tuple[str, bool], ...] = ()
    pos: Pos = field(default=NOWHERE, compare=False)


@dataclass(frozen=True)
class Rule:
    """One human-rights standard, stated as elements a code must contain."""

    id: str
    title: str
    sources: tuple[Source, ...]
    rationale: str
    applies_to: AppliesTo
    elements: tuple[Element, ...]
    recommendation: str
    conflicts: tuple[ConflictCheck, ...] = ()
    outcome: Outcome = Outcome()
    recommendations: tuple[str, ...] = ()  # recommendation ids a user fills in; printed verbatim
    examples: tuple[Example, ...] = ()
    pos: Pos = field(default=NOWHERE, compare=False)


# --- lexicon and pack --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConceptDef:
    """A concept of the lexicon: the ways each language says one thing.

    `fuzzy` asks the evaluator to tolerate small spelling differences (OCR, old orthography).
    """

    id: str
    description: str
    ru: tuple[PhrasePattern, ...] = ()
    kk: tuple[PhrasePattern, ...] = ()
    en: tuple[PhrasePattern, ...] = ()
    fuzzy: bool = False
    pos: Pos = field(default=NOWHERE, compare=False)

    def phrases(self, lang: Lang) -> tuple[PhrasePattern, ...]:
        """The phrases of one language."""
        return {Lang.RU: self.ru, Lang.KK: self.kk, Lang.EN: self.en}[lang]


@dataclass(frozen=True)
class Lexicon:
    """All concepts, in file order; `path` and `sha256` say which lexicon a report used."""

    concepts: tuple[ConceptDef, ...]
    path: str = ""
    sha256: str = ""

    @cached_property
    def index(self) -> dict[str, ConceptDef]:
        """Concepts by id (built once; the dataclass stays frozen)."""
        return {c.id: c for c in self.concepts}

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self.index

    def __getitem__(self, concept_id: str) -> ConceptDef:
        return self.index[concept_id]


@dataclass(frozen=True)
class RulePack:
    """Validated rules and their lexicon, with a hash that identifies exactly this pack in reports.

    `sha256` covers the rule files (sorted by name) and the lexicon; see `load.pack_hash`.
    """

    rules: tuple[Rule, ...]
    lexicon: Lexicon
    sha256: str
    files: tuple[str, ...] = ()

    @cached_property
    def index(self) -> dict[str, Rule]:
        """Rules by id."""
        return {r.id: r for r in self.rules}

    def __getitem__(self, rule_id: str) -> Rule:
        return self.index[rule_id]
