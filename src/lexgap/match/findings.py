"""What the matcher hands to reports: findings, element results, evidence and near misses.

A finding is citable on its own: it names the code (title, number, edition, URI), the provision
(stable id and a human citation "art. 146, part 1"), and quotes the text verbatim with its source
span, so `source[span.start:span.end] == quote`.
"""

from __future__ import annotations

from dataclasses import dataclass

from lexgap.model import Span
from lexgap.rules.schema import Verdict


@dataclass(frozen=True, order=True)
class Evidence:
    """A provision where an element (or conflict) was found, with the quoted text."""

    code: str  # the code's URI (/akn/kz/act/code/2014-07-03/226-V/rus@2019-12-27)
    provision: str  # the deepest provision holding the hit: "art_146__para_1"
    pinpoint: str  # "art. 146, part 1"
    citation: str  # "Criminal Code of the Republic of Kazakhstan No. 226-V, art. 146, part 1 (edition 27.12.2019)"
    quote: str  # verbatim from the source
    span: Span  # where `quote` stands in the source file


@dataclass(frozen=True, order=True)
class NearMiss:
    """A provision that came closest to an element that was not found.

    `score` in (0, 1] is the share of the element's words that went this provision's way; 1.0 means
    every word is there but not together as the condition requires (same sentence, near, same part).
    """

    code: str  # the code's URI
    provision: str
    pinpoint: str
    citation: str
    score: float
    quote: str


@dataclass(frozen=True)
class ElementResult:
    """One element or conflict check of a rule, in one code (or the corpus)."""

    id: str
    description: str
    required: bool
    found: bool
    evidence: tuple[Evidence, ...] = ()
    near_misses: tuple[NearMiss, ...] = ()


@dataclass(frozen=True)
class CodeRef:
    """The code a finding is about, with everything a citation needs."""

    key: str
    title: str
    citation_title: str  # English title with number, for citations
    uri: str
    edition_date: str  # ISO date or ""
    sha256: str
    source: str
    fragment: bool = False  # only part of the code was read (a chapter): "missing" means "not in this part"


@dataclass(frozen=True)
class Finding:
    """The verdict of one rule on one code (or on the corpus, for corpus-wide rules)."""

    rule: str
    rule_title: str
    code: str  # the code's URI, or "corpus"
    codes: tuple[CodeRef, ...]  # the code read (several for a corpus-wide rule)
    status: Verdict
    score: float  # weight of required elements found / weight of required elements
    elements: tuple[ElementResult, ...]
    conflicts: tuple[ElementResult, ...] = ()

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Evidence of conflicts first (they decide the verdict), then of elements."""
        return tuple(e for r in self.conflicts + self.elements if r.found for e in r.evidence)

    @property
    def near_misses(self) -> tuple[NearMiss, ...]:
        return tuple(m for r in self.elements if not r.found for m in r.near_misses)

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.rule, self.code)
