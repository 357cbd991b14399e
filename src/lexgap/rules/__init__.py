"""The rule language: YAML rules about human-rights standards, validated into frozen objects.

Two public stages: `lint(paths)` lists every problem of a rule pack with its file, line and column;
`load_rules(paths)` returns the validated `RulePack` (or raises `RuleError` with that list). The
objects the evaluator walks are in `lexgap.rules.schema`; the syntax is documented in docs/rules.md.
"""

from lexgap.rules.load import RuleError, format_problem, lint, load_rules
from lexgap.rules.schema import (
    All,
    Any,
    AppliesTo,
    Concept,
    ConceptDef,
    Condition,
    ConflictCheck,
    Element,
    Example,
    Gap,
    Lang,
    Lexicon,
    Near,
    Not,
    Outcome,
    Part,
    Phrase,
    PhrasePattern,
    Place,
    Pos,
    Problem,
    Regex,
    Rule,
    RulePack,
    SamePart,
    SameSentence,
    Scope,
    Source,
    SourceKind,
    Verdict,
)

__all__ = [
    "All", "Any", "AppliesTo", "Concept", "ConceptDef", "Condition", "ConflictCheck", "Element",
    "Example", "Gap", "Lang", "Lexicon", "Near", "Not", "Outcome", "Part", "Phrase", "PhrasePattern",
    "Place", "Pos", "Problem", "Regex", "Rule", "RuleError", "RulePack", "SamePart", "SameSentence",
    "Scope", "Source", "SourceKind", "Verdict", "format_problem", "lint", "load_rules",
]
