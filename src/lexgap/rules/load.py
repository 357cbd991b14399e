"""Load rule files into frozen `Rule` objects, or say precisely what is wrong with them.

`lint(paths)` returns every problem of every file, each with file, 1-based line and column and the
rule it concerns; `load_rules(paths)` returns a `RulePack` or raises `RuleError` with the same list.
Validation happens entirely here, before any evaluation, so the evaluator can trust its input: every
concept exists, every regex compiles, every id is unique, every enum value is known.

A rule file is ``rules: [rule, ...]``; the lexicon is ``lexicon.yaml`` in the same directory unless
given. The syntax is documented in docs/rules.md; the objects are in `schema.py`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from lexgap.model import CodeKind
from lexgap.rules.lexicon import CONCEPT_ID, parse_phrase, read_lexicon
from lexgap.rules.schema import (
    All,
    AppliesTo,
    Concept,
    Condition,
    ConflictCheck,
    Element,
    Example,
    Lang,
    Lexicon,
    Near,
    Not,
    Outcome,
    Part,
    Phrase,
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
    is_positive,
    leaves,
)
from lexgap.rules.schema import Any as AnyOf
from lexgap.rules.yamlpos import Checker, Found, Y, YMap, YScalar, YSeq, describe, parse_yaml, suggest

T = TypeVar("T")

LEXICON_NAME = "lexicon.yaml"

RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Rule, element and conflict ids are kebab-case: they end up in URLs, file names and CI output."""

RULE_KEYS = (
    "id", "title", "sources", "rationale", "recommendations", "applies_to",
    "elements", "conflicts", "outcome", "recommendation", "examples",
)
RULE_REQUIRED = ("id", "title", "sources", "rationale", "applies_to", "elements", "recommendation")
SOURCE_KEYS = ("instrument", "pinpoint", "kind", "text", "symbol", "cycle", "url")
APPLIES_KEYS = ("kinds", "corpus", "place")
PLACE_KEYS = ("part", "chapters", "heading_any")
ELEMENT_KEYS = ("id", "description", "required", "weight", "condition")
CONFLICT_KEYS = ("id", "description", "condition")
OUTCOME_KEYS = ("threshold",)
EXAMPLE_KEYS = ("name", "lang", "text", "heading", "expect", "found")

LEAF_FORMS = ("concept", "phrase", "regex")
FORMS = LEAF_FORMS + ("all", "any", "not", "near", "same_sentence", "same_part")
MODIFIERS: dict[str, tuple[str, ...]] = {
    "concept": ("in", "negated"),
    "phrase": ("lang", "in", "negated"),
    "regex": ("lang", "in", "negated"),
} | {form: ("in",) for form in FORMS[3:]}
NEAR_KEYS = ("of", "within")
MAX_NEAR = 100
"""Words `near` may span; beyond that "near" means "same article", which `all` already says."""


class RuleError(Exception):
    """Rules that cannot be loaded; `problems` lists every reason, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(format_problem(p) for p in self.problems))


def format_problem(p: Problem) -> str:
    """``rules/x.yaml:14:5: rule threat-of-torture: message`` — the form editors and CI jump to."""
    rule = f"rule {p.rule_id}: " if p.rule_id else ""
    return f"{p.path}:{p.line}:{p.col}: {rule}{p.message}"


# --- conditions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    """What a condition inherits from above: the scope written on an enclosing condition, and
    whether it sits in ``place.heading_any`` (where `in` has no meaning)."""

    scope: Scope | None = None
    in_place: bool = False


@dataclass
class _RuleReader:
    """Builds the objects of one rule file, reporting every problem to `check`.

    `concepts` is the set of known concept ids, or None when the lexicon could not be read (then
    concept uses are only checked for their form, to avoid one error per use).
    """

    check: Checker
    path: str
    concepts: frozenset[str] | None
    forms: dict[str, Callable[[YMap, Y, Scope, _Ctx], Condition | None]] = field(init=False)

    def __post_init__(self) -> None:
        self.forms = {
            "concept": self._concept, "phrase": self._phrase, "regex": self._regex,
            "all": self._all, "any": self._any, "not": self._not, "near": self._near,
            "same_sentence": self._same_sentence, "same_part": self._same_part,
        }

    def pos(self, node: Y) -> Pos:
        return Pos(self.path, node.line, node.col)

    # conditions

    def condition(self, node: Y, ctx: _Ctx) -> Condition | None:
        """One condition: a mapping with exactly one form key and that form's modifiers."""
        if isinstance(node, YScalar) and isinstance(node.value, str):
            self.check.at(node, f'a condition must be a mapping such as {{concept: {node.value}}}, '
                                f'not the string "{node.value}"')
            return None
        m = self.check.as_map(node, "a condition")
        if m is None:
            return None
        forms = [key for key in m.entries if key in FORMS]
        if not forms:
            self._formless(m)
            return None
        if len(forms) > 1:
            self.check.at(m.entries[forms[1]], f'a condition has one form, here "{forms[0]}" and '
                                               f'"{forms[1]}" (combine them with all: or any:)')
        form = forms[0]
        allowed = tuple(dict.fromkeys(k for f in forms for k in (f, *MODIFIERS[f])))
        self.check.keys(m, allowed, (), f'a condition with "{form}"')
        scope = self._scope(m, ctx)
        inner = _Ctx(scope if "in" in m.entries else ctx.scope, ctx.in_place)
        value = m.entries[form].value
        return self.forms[form](m, value, scope, inner)

    def _formless(self, m: YMap) -> None:
        """A condition without a form: most often a misspelt form ("concpet"), so say that."""
        unknown = [entry for key, entry in m.entries.items() if key not in MODIFIERS["phrase"]]
        for entry in unknown:
            hint = suggest(entry.key, FORMS) or f" (a condition takes one of: {', '.join(FORMS)})"
            self.check.at(entry, f'unknown key "{entry.key}"{hint}')
        if not unknown:
            self.check.at(m, f"a condition needs one of: {', '.join(FORMS)}")

    def _scope(self, m: YMap, ctx: _Ctx) -> Scope:
        node = m.get("in")
        if node is None:
            return ctx.scope or Scope.ANY
        if ctx.in_place:
            self.check.at(node, '"in" has no meaning in place.heading_any: it reads container headings')
            return Scope.ANY
        return self.check.enum_value(node, "in", Scope) or Scope.ANY

    def _negated(self, m: YMap) -> bool | None:
        """``negated``: false (default), true, or ``any`` (None: inside or outside a negation)."""
        node = m.get("negated")
        if node is None:
            return False
        value = node.value if isinstance(node, YScalar) else None
        if isinstance(value, bool) or value == "any":
            return None if value == "any" else bool(value)
        self.check.at(node, f'"negated" must be true, false or any, not {describe(node)}')
        return False

    def _string(self, node: Y, form: str) -> str | None:
        if isinstance(node, YScalar) and isinstance(node.value, str) and node.value.strip():
            return node.value.strip()
        self.check.at(node, f'"{form}" must be a non-empty string, not {describe(node)}')
        return None

    def _concept(self, m: YMap, value: Y, scope: Scope, ctx: _Ctx) -> Condition | None:
        concept_id = self._string(value, "concept")
        if concept_id is None:
            return None
        if self.concepts is not None and concept_id not in self.concepts:
            self.check.at(value, f'unknown concept "{concept_id}"{suggest(concept_id, self.concepts)}')
            return None
        if self.concepts is None and not CONCEPT_ID.match(concept_id):
            self.check.at(value, f'concept id "{concept_id}" must be snake_case')
            return None
        return Concept(concept_id, scope, self._negated(m), self.pos(m))

    def _phrase(self, m: YMap, value: Y, scope: Scope, ctx: _Ctx) -> Condition | None:
        text = self._string(value, "phrase")
        lang_node = m.get("lang")
        if lang_node is None:
            self.check.at(m, 'a "phrase" condition is missing required key "lang"')
            return None
        lang = self.check.enum_value(lang_node, "lang", Lang)
        if text is None or lang is None:
            return None
        pattern, errors = parse_phrase(text, lang)
        for error in errors:
            self.check.at(value, error)
        return Phrase(pattern, lang, scope, self._negated(m), self.pos(m)) if pattern else None

    def _regex(self, m: YMap, value: Y, scope: Scope, ctx: _Ctx) -> Condition | None:
        pattern = self._string(value, "regex")
        lang = self.check.choice(m, "lang", Lang)
        if pattern is None:
            return None
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as err:
            self.check.at(value, f'invalid regex "{pattern}": {err}')
            return None
        if compiled.search(""):
            self.check.at(value, f'regex "{pattern}" matches the empty string, so it matches everything')
            return None
        return Regex(pattern, compiled, lang, scope, self._negated(m), self.pos(m))

    def _items(self, value: Y, form: str, ctx: _Ctx, min_items: int) -> tuple[Condition, ...] | None:
        seq = self.check.as_list(value, f'"{form}"', min_items=min_items, noun="condition")
        if seq is None:
            return None
        items = [self.condition(item, ctx) for item in seq.items]
        return tuple(item for item in items if item is not None) if None not in items else None

    def _all(self, m: YMap, value: Y, scope: Scope, ctx: _Ctx) -> Condition | None:
        items = self._items(value, "all", ctx, 1)
        return All(items, self.pos(m)) if items else None

    def _any(self, m: YMap, value: Y, scope: Scope, ctx: _Ctx) -> Condition | None:
        items = self._items(value, "any", ctx, 1)
        return AnyOf(items, self.pos(m)) if items else None

    def _not(self, m: YMap, value: Y, scope: Scope, ctx: _Ctx) -> Condition | None:
        item = self.condition(value, ctx)
        return Not(item, self.pos(m)) if item else None

    def _near(self, m: YMap, value: Y, scope: Scope, ctx: _Ctx) -> Condition | None:
        spec = self.check.as_map(value, '"near"')
        if spec is None:
            return None
        self.check.keys(spec, NEAR_KEYS, NEAR_KEYS, '"near"')
        within = self.check.integer(spec, "within", 1, MAX_NEAR)
        of = spec.get("of")
        items = self._items(of, "of", ctx, 2) if of is not None else None
        if items is None or within is None:
            return None
        return self._one_text(m, "near", Near(items, within, self.pos(m)))

    def _same_sentence(self, m: YMap, value: Y, scope: Scope, ctx: _Ctx) -> Condition | None:
        items = self._items(value, "same_sentence", ctx, 2)
        return self._one_text(m, "same_sentence", SameSentence(items, self.pos(m))) if items else None

    def _same_part(self, m: YMap, value: Y, scope: Scope, ctx: _Ctx) -> Condition | None:
        items = self._items(value, "same_part", ctx, 2)
        return self._one_text(m, "same_part", SamePart(items, self.pos(m))) if items else None

    def _one_text(self, m: YMap, form: str, cond: Near | SameSentence | SamePart) -> Condition | None:
        """Proximity is measured inside one text: a heading and a body are never "near"."""
        scopes = {leaf.scope for leaf in leaves(cond)}
        if {Scope.HEADING, Scope.BODY} <= scopes:
            self.check.at(m, f'"{form}" mixes conditions "in: heading" and "in: body"; '
                             'words in different texts are never near each other')
            return None
        return cond

    # the parts of a rule

    def ident(self, m: YMap, what: str) -> str | None:
        value = self.check.text(m, "id")
        if value is not None and not RULE_ID.match(value):
            self.check.at(m.get("id") or m, f'{what} id "{value}" must be kebab-case (a-z, 0-9, -)')
        return value

    def top_condition(self, m: YMap, what: str) -> Condition | None:
        """The `condition` of an element or a conflict, which must need some text to match."""
        node = m.get("condition")
        cond = self.condition(node, _Ctx()) if node is not None else None
        if cond is not None and not is_positive(cond):
            self.check.at(node or m, f"the condition of {what} matches only by absence (not), so "
                                     "nearly every provision would match it")
            return None
        return cond

    def source(self, node: Y) -> Source | None:
        m = self.check.as_map(node, "a source")
        if m is None:
            return None
        self.check.keys(m, SOURCE_KEYS, ("instrument", "pinpoint", "kind"), "a source")
        instrument = self.check.text(m, "instrument")
        pinpoint = self.check.text(m, "pinpoint")
        kind = self.check.choice(m, "kind", SourceKind)
        text = self.check.text(m, "text") or ""
        symbol = self.check.text(m, "symbol") or ""
        url = self.check.text(m, "url") or ""
        cycle = self.check.integer(m, "cycle", 1, 99)
        if instrument is None or pinpoint is None or kind is None:
            return None
        return Source(instrument, pinpoint, kind, text, symbol, cycle, url, self.pos(m))

    def place(self, node: Y) -> Place | None:
        m = self.check.as_map(node, '"place"')
        if m is None:
            return None
        self.check.keys(m, PLACE_KEYS, (), '"place"')
        part = self.check.choice(m, "part", Part)
        chapters = self.check.texts(m, "chapters")
        headings: tuple[Condition, ...] | None = ()
        if "heading_any" in m.entries:
            headings = self._items(m.entries["heading_any"].value, "heading_any", _Ctx(None, True), 1)
        if headings is None or ("part" in m.entries and part is None):
            return None
        return Place(part, chapters, headings)

    def applies_to(self, node: Y) -> AppliesTo | None:
        m = self.check.as_map(node, '"applies_to"')
        if m is None:
            return None
        self.check.keys(m, APPLIES_KEYS, (), '"applies_to"')
        corpus = self.check.flag(m, "corpus", False)
        kinds = self._kinds(m)
        place = self.place(m.entries["place"].value) if "place" in m.entries else Place()
        if corpus and "kinds" in m.entries:
            self.check.at(m.entries["kinds"], 'give either "kinds" or "corpus: true", not both')
            return None
        if not corpus and "kinds" not in m.entries:
            self.check.at(m, '"applies_to" needs "kinds" (a list of code kinds) or "corpus: true"')
            return None
        if kinds is None or place is None:
            return None
        return AppliesTo(kinds, corpus, place)

    def _kinds(self, m: YMap) -> tuple[CodeKind, ...] | None:
        node = m.get("kinds")
        if node is None:
            return ()
        seq = self.check.as_list(node, '"kinds"', min_items=1, noun="code kind")
        if seq is None:
            return None
        kinds = [self.check.enum_value(item, "kinds", CodeKind) for item in seq.items]
        return None if None in kinds else tuple(k for k in kinds if k is not None)

    def element(self, node: Y) -> Element | None:
        m = self.check.as_map(node, "an element")
        if m is None:
            return None
        self.check.keys(m, ELEMENT_KEYS, ("id", "description", "condition"), "an element")
        element_id = self.ident(m, "element")
        description = self.check.text(m, "description")
        required = self.check.flag(m, "required", True)
        weight = self.check.number(m, "weight", 1.0, 0, 100)
        cond = self.top_condition(m, f'element "{element_id}"')
        if element_id is None or description is None or cond is None:
            return None
        return Element(element_id, description, cond, required, weight, self.pos(m))

    def conflict(self, node: Y) -> ConflictCheck | None:
        m = self.check.as_map(node, "a conflict")
        if m is None:
            return None
        self.check.keys(m, CONFLICT_KEYS, CONFLICT_KEYS, "a conflict")
        conflict_id = self.ident(m, "conflict")
        description = self.check.text(m, "description")
        cond = self.top_condition(m, f'conflict "{conflict_id}"')
        if conflict_id is None or description is None or cond is None:
            return None
        return ConflictCheck(conflict_id, description, cond, self.pos(m))

    def outcome(self, node: Y) -> Outcome | None:
        m = self.check.as_map(node, '"outcome"')
        if m is None:
            return None
        self.check.keys(m, OUTCOME_KEYS, (), '"outcome"')
        return Outcome(self.check.number(m, "threshold", 1.0, 0, 1))

    def example(self, node: Y, ids: frozenset[str], possible: frozenset[Verdict]) -> Example | None:
        """One example; `possible` are the verdicts this rule can reach at all."""
        m = self.check.as_map(node, "an example")
        if m is None:
            return None
        self.check.keys(m, EXAMPLE_KEYS, ("name", "lang", "text"), "an example")
        name = self.check.text(m, "name")
        lang = self.check.choice(m, "lang", Lang)
        text = self.check.text(m, "text")
        heading = self.check.text(m, "heading") or ""
        expect = self.check.choice(m, "expect", Verdict)
        if expect is not None and expect not in possible:
            self.check.at(m.get("expect") or m, f'this rule can never be "{expect}": ' + (
                "it has no conflicts" if expect is Verdict.CONFLICT
                else "partial needs at least two required elements"))
        found = self._found(m, ids)
        if "expect" not in m.entries and "found" not in m.entries:
            self.check.at(m, 'an example needs "expect" (a verdict) or "found" (element: true/false)')
        if name is None or lang is None or text is None or found is None:
            return None
        return Example(name, lang, text, heading, expect, found, self.pos(m))

    def _found(self, m: YMap, ids: frozenset[str]) -> tuple[tuple[str, bool], ...] | None:
        node = m.get("found")
        if node is None:
            return ()
        spec = self.check.as_map(node, '"found"')
        if spec is None:
            return None
        out: list[tuple[str, bool]] = []
        for key, entry in spec.entries.items():
            if key not in ids:
                self.check.at(entry, f'"found" names "{key}", which is no element or conflict '
                                     f'of this rule{suggest(key, ids)}')
            value = entry.value.value if isinstance(entry.value, YScalar) else None
            if not isinstance(value, bool):
                shown = describe(entry.value)
                self.check.at(entry.value, f'"found: {key}" must be true or false, not {shown}')
                continue
            out.append((key, value))
        return tuple(out)

    def many(
        self, m: YMap, key: str, build: Callable[[Y], T | None], *, min_items: int
    ) -> tuple[T, ...] | None:
        """Build every item of the list under `key` ("sources": each a source); None when the list
        or any item is wrong."""
        node = m.get(key)
        if node is None:
            return () if min_items == 0 else None
        seq = self.check.as_list(node, f'"{key}"', min_items=min_items, noun=key.removesuffix("s"))
        if seq is None:
            return None
        built = [build(item) for item in seq.items]
        return tuple(item for item in built if item is not None) if None not in built else None

    def unique(self, m: YMap, keys: Sequence[str], field_name: str, what: str) -> frozenset[str]:
        """Report a `field_name` value given twice among the items of the lists under `keys`
        (element and conflict ids, which examples refer to; example names, which are test ids);
        return all the values."""
        seen: dict[str, int] = {}
        for key in keys:
            node = m.get(key)
            for item in node.items if isinstance(node, YSeq) else ():
                value_node = item.get(field_name) if isinstance(item, YMap) else None
                if not (isinstance(value_node, YScalar) and isinstance(value_node.value, str)):
                    continue
                value = value_node.value
                if value in seen:
                    self.check.at(value_node, f'duplicate {what} "{value}" (first at line {seen[value]})')
                seen.setdefault(value, value_node.line)
        return frozenset(seen)

    def rule(self, node: Y) -> Rule | None:
        """One rule; None when anything in it is wrong (after reporting all of it)."""
        m = self.check.as_map(node, "a rule")
        if m is None:
            return None
        self.check.keys(m, RULE_KEYS, RULE_REQUIRED, "a rule")
        rule_id = self.ident(m, "rule")
        title = self.check.text(m, "title")
        rationale = self.check.text(m, "rationale")
        recommendation = self.check.text(m, "recommendation")
        recommendations = self.check.texts(m, "recommendations")
        sources = self.many(m, "sources", self.source, min_items=1)
        applies = self.applies_to(m.entries["applies_to"].value) if "applies_to" in m.entries else None
        elements = self.many(m, "elements", self.element, min_items=1)
        conflicts = self.many(m, "conflicts", self.conflict, min_items=0)
        ids = self.unique(m, ("elements", "conflicts"), "id", "element or conflict id")
        outcome = self.outcome(m.entries["outcome"].value) if "outcome" in m.entries else Outcome()
        possible = _possible_verdicts(elements, conflicts)
        examples = self.many(m, "examples", lambda n: self.example(n, ids, possible), min_items=0)
        self.unique(m, ("examples",), "name", "example name")
        if elements and not any(e.required for e in elements):
            self.check.at(m.entries["elements"].value, "at least one element must be required")
            return None
        if (rule_id is None or title is None or rationale is None or recommendation is None
                or sources is None or applies is None or elements is None or conflicts is None
                or outcome is None or examples is None):
            return None
        return Rule(rule_id, title, sources, rationale, applies, elements, recommendation,
                    conflicts, outcome, recommendations, examples, self.pos(m))


def _possible_verdicts(
    elements: tuple[Element, ...] | None, conflicts: tuple[ConflictCheck, ...] | None
) -> frozenset[Verdict]:
    """Verdicts a rule can reach, so an example expecting another is caught before it fails.

    Unknown (None) parts allow everything: their own problems are reported already.
    """
    possible = {Verdict.SATISFIED, Verdict.MISSING}
    if elements is None or sum(e.required for e in elements) >= 2:
        possible.add(Verdict.PARTIAL)
    if conflicts is None or conflicts:
        possible.add(Verdict.CONFLICT)
    return frozenset(possible)


# --- files and packs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _FileResult:
    """What one rule file gave: its rules, where each rule's id was written, and its problems."""

    path: str
    rules: tuple[Rule, ...]
    ids: tuple[tuple[str, Pos], ...]
    problems: tuple[Problem, ...]


def _rule_spans(root: Y | None) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """Start, end and id of every rule mapping, to say which rule a problem belongs to."""
    seq = root.get("rules") if isinstance(root, YMap) else None
    spans = []
    for item in seq.items if isinstance(seq, YSeq) else ():
        id_node = item.get("id") if isinstance(item, YMap) else None
        rule_id = id_node.value if isinstance(id_node, YScalar) and isinstance(id_node.value, str) else ""
        spans.append(((item.line, item.col), item.end, rule_id))
    return spans


def _attribute(path: str, found: Iterable[Found], root: Y | None) -> list[Problem]:
    """Turn located messages into `Problem`s naming the rule whose text contains them."""
    spans = _rule_spans(root)
    problems = []
    for line, col, message in found:
        rule_id = next((rid for start, end, rid in spans if start <= (line, col) < end), "")
        problems.append(Problem(path, line, col, rule_id, message))
    return sorted(problems)


def _check_file(text: str, path: str, concepts: frozenset[str] | None) -> _FileResult:
    """Check the text of one rule file against the known concept ids."""
    root, found = parse_yaml(text)
    check = Checker(found)
    reader = _RuleReader(check, path, concepts)
    rules: list[Rule] = []
    ids: list[tuple[str, Pos]] = []
    m = check.as_map(root, "a rule file") if root is not None else None
    if m is not None:
        check.keys(m, ("rules",), ("rules",), "a rule file")
        node = m.get("rules")
        seq = check.as_list(node, '"rules"', min_items=1, noun="rule") if node is not None else None
        for item in seq.items if seq else ():
            rule = reader.rule(item)
            if rule is not None:
                rules.append(rule)
            id_node = item.get("id") if isinstance(item, YMap) else None
            if isinstance(id_node, YScalar) and isinstance(id_node.value, str):
                ids.append((id_node.value.strip(), reader.pos(id_node)))
    return _FileResult(path, tuple(rules), tuple(ids), tuple(_attribute(path, check.found, root)))


def _as_paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(paths, str | Path):
        return [Path(paths)]
    return [Path(p) for p in paths]


def rule_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """The rule files named by `paths`: files as given, directories as their *.yaml and *.yml files.

    A file named lexicon.yaml is never a rule file, so ``lexgap lint rules/*.yaml`` works.
    """
    out: list[Path] = []
    for path in _as_paths(paths):
        found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")]) if path.is_dir() else [path]
        out.extend(p for p in found if p.name != LEXICON_NAME and p not in out)
    return out


def find_lexicon(paths: str | Path | Iterable[str | Path]) -> Path | None:
    """The lexicon.yaml of the first directory named (or holding a named file) that has one."""
    for path in _as_paths(paths):
        candidate = (path if path.is_dir() else path.parent) / LEXICON_NAME
        if candidate.is_file():
            return candidate
    return None


def pack_hash(files: Iterable[Path], lexicon: Path | None) -> str:
    """SHA-256 identifying a rule pack: each rule file sorted by name, then the lexicon.

    Each file contributes its name, its length and its bytes, so moving text from one file to another
    changes the hash; the directory is left out, so the same pack hashes alike wherever it lives.
    """
    digest = hashlib.sha256()
    ordered = sorted(files, key=lambda p: (p.name, str(p)))
    for path in [*ordered, *([lexicon] if lexicon else [])]:
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _read_text(path: Path) -> tuple[str | None, str]:
    """The file's text, or None and why it could not be read."""
    try:
        return path.read_bytes().decode("utf-8-sig"), ""
    except OSError as err:
        return None, f"cannot read the file: {err.strerror}"
    except UnicodeDecodeError as err:
        return None, f"the file is not UTF-8: {err.reason} at byte {err.start}"


def _duplicate_ids(results: Iterable[_FileResult]) -> list[Problem]:
    """Rule ids are unique across the pack; the second use is the error."""
    first: dict[str, Pos] = {}
    problems = []
    for result in results:
        for rule_id, pos in result.ids:
            if rule_id not in first:
                first[rule_id] = pos
                continue
            seen = first[rule_id]
            where = f"line {seen.line}" if seen.path == pos.path else str(seen)
            problems.append(Problem(pos.path, pos.line, pos.col, rule_id,
                                    f'duplicate rule id "{rule_id}" (first at {where})'))
    return problems


@dataclass(frozen=True)
class _Checked:
    rules: tuple[Rule, ...]
    lexicon: Lexicon
    problems: tuple[Problem, ...]
    files: tuple[Path, ...]
    lexicon_path: Path | None


def _check(paths: str | Path | Iterable[str | Path], lexicon: str | Path | None) -> _Checked:
    files = rule_files(paths)
    lexicon_path = Path(lexicon) if lexicon is not None else find_lexicon(paths)
    problems: list[Problem] = []
    if lexicon_path is None:
        where = str(files[0]) if files else str(_as_paths(paths)[0])
        problems.append(Problem(where, 1, 1, "", f"no {LEXICON_NAME} next to the rule files; "
                                                 "concepts cannot be checked"))
        lex, concepts = Lexicon(()), None
    else:
        lex, found = read_lexicon(lexicon_path)
        problems.extend(_attribute(str(lexicon_path), found, None))
        concepts = frozenset(lex.index)
    results: list[_FileResult] = []
    for path in files:
        text, why = _read_text(path)
        if text is None:
            problems.append(Problem(str(path), 1, 1, "", why))
            continue
        results.append(_check_file(text, str(path), concepts))
    for result in results:
        problems.extend(result.problems)
    problems.extend(_duplicate_ids(results))
    rules = tuple(rule for result in results for rule in result.rules)
    return _Checked(rules, lex, tuple(sorted(problems)), tuple(files), lexicon_path)


def lint(paths: str | Path | Iterable[str | Path], lexicon: str | Path | None = None) -> list[Problem]:
    """Every problem of the rule files in `paths` and of their lexicon, sorted by file and line.

    `lexicon` defaults to lexicon.yaml beside the rule files. An empty list means the pack loads.
    """
    return list(_check(paths, lexicon).problems)


def load_rules(paths: str | Path | Iterable[str | Path], lexicon: str | Path | None = None) -> RulePack:
    """The rule pack in `paths` (a directory, files, or both), validated; raises `RuleError`."""
    checked = _check(paths, lexicon)
    if checked.problems:
        raise RuleError(checked.problems)
    return RulePack(
        checked.rules,
        checked.lexicon,
        pack_hash(checked.files, checked.lexicon_path),
        tuple(str(p) for p in checked.files),
    )
