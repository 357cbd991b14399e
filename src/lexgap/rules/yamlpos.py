"""YAML that remembers where every key and value was written, and a collector of located problems.

`yaml.safe_load` returns plain values and forgets positions, so a validation error could only say
"rule X: bad key". Here the text is composed with the SafeLoader (the same resolution of ``true``,
numbers and strings as `safe_load`) and turned into a small tree of `YScalar`, `YSeq` and `YMap`,
each with its 1-based line and column. Things `safe_load` accepts silently but a rule author never
means are reported instead: a key given twice in one mapping, merge keys, custom tags, non-string keys.

`Checker` holds the typed accessors the rule and lexicon builders share ("this key must be a
non-empty string", "one of these values"), so every message has the same wording and a location.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

E = TypeVar("E", bound=StrEnum)

_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


@dataclass(frozen=True)
class Y:
    """A YAML node: where it starts and where it ends (1-based line and column)."""

    line: int
    col: int
    end: tuple[int, int]


@dataclass(frozen=True)
class YScalar(Y):
    """A scalar, resolved as `safe_load` resolves it: str, int, float, bool, None or a date."""

    value: object


@dataclass(frozen=True)
class YSeq(Y):
    items: tuple[Y, ...]


@dataclass(frozen=True)
class YEntry:
    """A mapping entry: the key's position (for "unknown key") and the value node."""

    key: str
    line: int
    col: int
    value: Y


@dataclass(frozen=True)
class YMap(Y):
    """A mapping; a key given twice keeps its first entry (the second is reported as a duplicate)."""

    entries: dict[str, YEntry]
    merged: bool = False  # held a merge key (<<): its keys are missing, so do not report them

    def get(self, key: str) -> Y | None:
        entry = self.entries.get(key)
        return entry.value if entry else None


Found = tuple[int, int, str]
"""A problem before the file and rule are attached: line, column, message."""


def _start(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _end(node: Node) -> tuple[int, int]:
    return node.end_mark.line + 1, node.end_mark.column + 1


@dataclass
class _Converter:
    """Turns composed nodes into the Y tree, noting what `safe_load` would have let through."""

    found: list[Found] = field(default_factory=list)
    constructor: SafeConstructor = field(default_factory=SafeConstructor)
    active: set[int] = field(default_factory=set)  # ids of nodes being converted: catches recursion
    done: dict[int, Y] = field(default_factory=dict)  # an aliased node is converted once ("billion laughs")

    def convert(self, node: Node) -> Y:
        if id(node) in self.done:
            return self.done[id(node)]
        line, col = _start(node)
        if id(node) in self.active:
            self.found.append((line, col, "recursive YAML alias"))
            return YScalar(line, col, _end(node), None)
        if not isinstance(node, ScalarNode) and node.tag not in _STANDARD_TAGS:
            self.found.append((line, col, f'unsupported YAML tag "{node.tag}"'))  # !!set, !!omap
        self.active.add(id(node))
        try:
            converted: Y
            if isinstance(node, MappingNode):
                converted = self._mapping(node)
            elif isinstance(node, SequenceNode):
                converted = YSeq(line, col, _end(node), tuple(self.convert(item) for item in node.value))
            else:
                converted = self._scalar(node)
            self.done[id(node)] = converted
            return converted
        finally:
            self.active.discard(id(node))

    def _scalar(self, node: Node) -> YScalar:
        """The resolved value; a scalar with a custom tag keeps its text, so one mistake is one problem."""
        line, col = _start(node)
        if node.tag not in _STANDARD_TAGS:
            self.found.append((line, col, f'unsupported YAML tag "{node.tag}"'))
            return YScalar(line, col, _end(node), node.value)
        try:
            value = self.constructor.construct_object(node)
        except ConstructorError as err:
            self.found.append((line, col, f"invalid value: {err.problem}"))
            value = None
        return YScalar(line, col, _end(node), value)

    def _mapping(self, node: MappingNode) -> YMap:
        entries: dict[str, YEntry] = {}
        merged = False
        for key_node, value_node in node.value:
            line, col = _start(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.found.append((line, col, "merge keys (<<) are not supported; write the keys out"))
                merged = True
                continue
            scalar = self._scalar(key_node) if isinstance(key_node, ScalarNode) else None
            if scalar is None or not isinstance(scalar.value, str):
                shown = f'"{key_node.value}" reads as {describe(scalar)}' if scalar else "is a collection"
                self.found.append((line, col, f"a key must be a string; {shown} (quote it)"))
                continue
            key = scalar.value
            if key in entries:
                first = entries[key]
                self.found.append((line, col, f'duplicate key "{key}" (first at line {first.line})'))
                continue
            entries[key] = YEntry(key, line, col, self.convert(value_node))
        line, col = _start(node)
        return YMap(line, col, _end(node), entries, merged)


def parse_yaml(text: str) -> tuple[Y | None, list[Found]]:
    """Parse one YAML document into a located tree; syntax errors come back as problems, not raised."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"invalid YAML: {err.problem or err.context}"
        if err.context and err.context_mark and err.problem:  # e.g. where an unclosed quote opened
            started = err.context_mark
            message += f" ({err.context} at line {started.line + 1}, column {started.column + 1})"
        return None, [(line, col, message)]
    except yaml.YAMLError as err:
        return None, [(1, 1, f"invalid YAML: {err}")]
    if root is None:
        return None, [(1, 1, "the file is empty")]
    converter = _Converter()
    tree = converter.convert(root)
    return tree, converter.found


def describe(node: Y) -> str:
    """How a value reads in a message: 'the string "yes"', 'the number 3', 'a list'."""
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    assert isinstance(node, YScalar)
    value = node.value
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the string "{value}"'
    return f"the value {value}"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` most likely misspells, if any is close enough (difflib's default 0.6)."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "x"?)' for a close match, else ''; the hint that turns a typo into a fix."""
    close = closest(word, choices)
    return f' (did you mean "{close}"?)' if close else ""


@dataclass
class Checker:
    """Collects located problems and reads typed fields out of a `YMap`, reporting what is wrong.

    Accessors return None (or the default) after reporting, so a builder can check every field of
    an object before giving up on it: all problems of a file are collected, not just the first.
    """

    found: list[Found] = field(default_factory=list)

    def at(self, node: Y | YEntry, message: str) -> None:
        self.found.append((node.line, node.col, message))

    def as_map(self, node: Y, what: str) -> YMap | None:
        if isinstance(node, YMap):
            return node
        self.at(node, f"{what} must be a mapping, not {describe(node)}")
        return None

    def as_list(self, node: Y, what: str, *, min_items: int = 0, noun: str = "item") -> YSeq | None:
        """A list of at least `min_items`; an empty value (``all:``) counts as an empty list."""
        empty = isinstance(node, YScalar) and node.value is None and min_items > 0
        if not (isinstance(node, YSeq) or empty):
            self.at(node, f"{what} must be a list, not {describe(node)}")
            return None
        if (len(node.items) if isinstance(node, YSeq) else 0) < min_items:
            need = f"at least one {noun}" if min_items == 1 else f"at least {min_items} {noun}s"
            self.at(node, f"{what} must list {need}")
            return None
        return node if isinstance(node, YSeq) else None

    def keys(self, m: YMap, allowed: Collection[str], required: Collection[str], what: str) -> None:
        """Report unknown keys (with a suggestion) and missing required keys of `m`.

        A missing key that an unknown key looks like is not reported again: "idd" is one mistake.
        """
        meant: set[str] = set()
        for key, entry in m.entries.items():
            if key in allowed:
                continue
            close = closest(key, allowed)
            if close:
                meant.add(close)
                hint = f' (did you mean "{close}"?)'
            else:
                hint = f" ({what} takes: {', '.join(allowed)})"
            self.at(entry, f'unknown key "{key}"{hint}')
        for key in required:
            if key not in m.entries and key not in meant and not m.merged:
                self.at(m, f'{what} is missing required key "{key}"')

    def text(self, m: YMap, key: str) -> str | None:
        """A non-empty string; None when absent (`keys` reports missing required keys) or wrong."""
        node = m.get(key)
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, str):
            if node.value.strip():
                return node.value.strip()
            self.at(node, f'"{key}" must not be empty')
            return None
        self.at(node, f'"{key}" must be a string, not {describe(node)}')
        return None

    def flag(self, m: YMap, key: str, default: bool) -> bool:
        node = m.get(key)
        if node is None:
            return default
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.at(node, f'"{key}" must be true or false, not {describe(node)}')
        return default

    def number(self, m: YMap, key: str, default: float, low: float, high: float) -> float:
        """A number in (low, high]: weights and thresholds are positive and bounded."""
        node = m.get(key)
        if node is None:
            return default
        value = node.value if isinstance(node, YScalar) else None
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.at(node, f'"{key}" must be a number, not {describe(node)}')
            return default
        if not low < value <= high:
            self.at(node, f'"{key}" must be greater than {low:g} and at most {high:g}, not {value:g}')
            return default
        return float(value)

    def integer(self, m: YMap, key: str, low: int, high: int) -> int | None:
        node = m.get(key)
        if node is None:
            return None
        value = node.value if isinstance(node, YScalar) else None
        if not isinstance(value, int) or isinstance(value, bool):
            self.at(node, f'"{key}" must be a whole number, not {describe(node)}')
            return None
        if not low <= value <= high:
            self.at(node, f'"{key}" must be between {low} and {high}, not {value}')
            return None
        return value

    def choice(self, m: YMap, key: str, enum: type[E]) -> E | None:
        node = m.get(key)
        return None if node is None else self.enum_value(node, key, enum)

    def enum_value(self, node: Y, key: str, enum: type[E]) -> E | None:
        """One value of `enum`, with the allowed values and a suggestion when it is not."""
        names = [e.value for e in enum]
        value = node.value if isinstance(node, YScalar) else None
        if isinstance(value, str) and value in names:
            return enum(value)
        shown = f'"{value}"' if isinstance(value, str) else describe(node)
        hint = suggest(value, names) if isinstance(value, str) else ""
        self.at(node, f'"{key}" must be one of {", ".join(names)}, not {shown}{hint}')
        return None

    def texts(self, m: YMap, key: str) -> tuple[str, ...]:
        """A list of non-empty strings (numbers are taken as written: chapter 3 is "3")."""
        node = m.get(key)
        if node is None:
            return ()
        seq = self.as_list(node, f'"{key}"')
        if seq is None:
            return ()
        out: list[str] = []
        for item in seq.items:
            value = item.value if isinstance(item, YScalar) else None
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if isinstance(value, str) and value.strip():
                out.append(value.strip())
            else:
                self.at(item, f'items of "{key}" must be non-empty strings, not {describe(item)}')
        return tuple(out)
