"""Lint of the rule language, driven by YAML cases in tests/rule_cases/ (one test id per case).

A case file holds ``cases:``, each with a `name` (the pytest id), the rule file text under `rules`
(or a mapping of file name to text, for problems that span files), optionally a `lexicon` text
(else rule_cases/lexicon.yaml; null for none at all), and the `problems` lint must report, exactly, as
``"line:col: text"`` — `text` must occur in ``rule X: message`` of the problem at that place in
case.yaml — or ``"file.yaml:line:col: text"`` for another file. ``problems: []`` means valid.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from lexgap.model import CodeKind
from lexgap.rules import (
    All,
    Concept,
    Gap,
    Near,
    Not,
    Part,
    Phrase,
    Pos,
    Problem,
    Regex,
    Rule,
    RuleError,
    SamePart,
    SameSentence,
    Scope,
    Verdict,
    format_problem,
    lint,
    load_rules,
)

HERE = Path(__file__).parent
CASES_DIR = HERE / "rule_cases"
REPO = HERE.parent
DEFAULT_FILE = "case.yaml"

EXPECTED = re.compile(
    r"""^(?:(?P<file>[\w.-]+\.ya?ml):)?   # the file, when not case.yaml
        (?P<line>\d+):(?P<col>\d+):\s     # 1-based line and column
        (?P<text>.+)$                     # text that must occur in "rule X: message"
    """,
    re.VERBOSE,
)


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str]
    lexicon: str | None
    problems: tuple[str, ...]


def _cases() -> list[Case]:
    default_lexicon = (CASES_DIR / "lexicon.yaml").read_text(encoding="utf-8")
    cases: list[Case] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        if path.name == "lexicon.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for raw in data["cases"]:
            files = raw["rules"] if isinstance(raw["rules"], dict) else {DEFAULT_FILE: raw["rules"]}
            lexicon = raw.get("lexicon", data.get("lexicon", default_lexicon))
            cases.append(Case(raw["name"], files, lexicon, tuple(raw["problems"])))
    return cases


CASES = _cases()


def _write(case: Case, root: Path) -> Path:
    rules = root / "rules"
    rules.mkdir()
    for name, text in case.files.items():
        (rules / name).write_text(text, encoding="utf-8")
    if case.lexicon is not None:
        (rules / "lexicon.yaml").write_text(case.lexicon, encoding="utf-8")
    return rules


def _where(problem: Problem) -> str:
    return f"{Path(problem.path).name}:{problem.line}:{problem.col}"


def _body(problem: Problem) -> str:
    """The formatted problem without its location: ``rule X: message``."""
    return format_problem(problem).split(": ", 1)[1]


def test_case_names_are_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_lint_case(case: Case, tmp_path: Path) -> None:
    problems = lint(_write(case, tmp_path))
    unmatched = list(problems)
    missing = []
    for expected in case.problems:
        m = EXPECTED.match(expected)
        assert m, f"malformed expected problem {expected!r}"
        where = f"{m['file'] or DEFAULT_FILE}:{m['line']}:{m['col']}"
        hit = next((p for p in unmatched if _where(p) == where and m["text"] in _body(p)), None)
        if hit is None:
            missing.append(expected)
        else:
            unmatched.remove(hit)
    report = "\n".join(f"  {_where(p)}: {_body(p)}" for p in problems)
    assert not missing and not unmatched, (
        f"missing: {missing}\nunexpected: {[f'{_where(p)}: {_body(p)}' for p in unmatched]}\n"
        f"all problems:\n{report}"
    )


def _valid_pack(tmp_path: Path) -> Path:
    case = next(c for c in CASES if c.name == "valid-full")
    return _write(case, tmp_path)


def test_load_rules_gives_frozen_rules_with_condition_objects(tmp_path: Path) -> None:
    rules = _valid_pack(tmp_path)
    pack = load_rules(rules)
    rule = pack["threat-of-torture"]
    assert isinstance(rule, Rule)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.id = "other"  # type: ignore[misc]
    assert rule.applies_to.kinds == (CodeKind.CRIMINAL, CodeKind.ADMINISTRATIVE_OFFENCES)
    assert rule.applies_to.place.part is Part.SPECIAL
    near = rule.elements[0].condition
    assert near == Near((Concept("threat"), Concept("torture")), within=4)
    assert near.pos == Pos(str(rules / DEFAULT_FILE), 22, 11)  # the mapping under "condition:"
    heading = rule.elements[1].condition
    assert isinstance(heading, All) and not rule.elements[1].required
    assert heading.items == (Concept("threat", Scope.HEADING), Concept("torture", Scope.HEADING))
    conflict = rule.conflicts[0].condition
    assert conflict == All((Concept("torture", negated=True), Concept("threat", negated=None),
                            Not(Concept("amnesty"))))
    assert rule.examples[0].expect is Verdict.SATISFIED
    assert dict(rule.examples[0].found) == {"offence": True, "named-in-heading": True,
                                            "threat-exempted": False}

    kk = pack["threat-of-torture-kk"]
    assert kk.applies_to.corpus and kk.applies_to.place.chapters == ("2", "2-1")
    assert kk.outcome.threshold == 0.5
    phrase, regex, sentence, part = kk.elements[0].condition.items  # type: ignore[union-attr]
    assert isinstance(phrase, Phrase) and phrase.pattern.tokens == ("азаптау", Gap(3), "қорқыт")
    assert isinstance(regex, Regex) and regex.scope is Scope.BODY
    assert regex.compiled.search("АЗАПТАУМЕН ҚОРҚЫТУ")
    assert isinstance(sentence, SameSentence) and isinstance(part, SamePart)
    assert all(c.scope is Scope.BODY for c in part.items)  # "in: body" on same_part reaches its leaves
    assert len(pack.sha256) == 64 and pack.lexicon["torture"].ru[0].tokens == ("пытка",)


def test_pack_hash_follows_the_files(tmp_path: Path) -> None:
    rules = _valid_pack(tmp_path)
    before = load_rules(rules).sha256
    assert load_rules(rules).sha256 == before
    path = rules / DEFAULT_FILE
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert load_rules(rules).sha256 != before


def test_load_rules_raises_with_every_problem(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "many-problems-in-one-file")
    with pytest.raises(RuleError) as raised:
        load_rules(_write(case, tmp_path))
    assert len(raised.value.problems) == len(case.problems) > 1
    assert str(raised.value).splitlines()[0].startswith(str(tmp_path / "rules" / DEFAULT_FILE))


def test_format_problem() -> None:
    problem = Problem("rules/x.yaml", 14, 5, "threat-of-torture",
                      'unknown key "treshold" (did you mean "threshold"?)')
    assert format_problem(problem) == (
        'rules/x.yaml:14:5: rule threat-of-torture: unknown key "treshold" (did you mean "threshold"?)'
    )
    assert format_problem(Problem("rules/x.yaml", 1, 1, "", "the file is empty")) == (
        "rules/x.yaml:1:1: the file is empty"
    )


def test_repository_rules_lint_clean() -> None:
    """The shipped pack (rules/*.yaml and rules/lexicon.yaml) must always load."""
    assert [format_problem(p) for p in lint(REPO / "rules")] == []


def _doc_rule_files() -> list[str]:
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    return [block for block in re.findall(r"```yaml\n(.*?)```", text, re.S) if block.startswith("rules:")]


@pytest.mark.parametrize("index", range(len(_doc_rule_files())))
def test_docs_examples_lint_clean(index: int, tmp_path: Path) -> None:
    """Every complete rule file shown in docs/rules.md lints clean against rules/lexicon.yaml."""
    path = tmp_path / "doc.yaml"
    path.write_text(_doc_rule_files()[index], encoding="utf-8")
    assert [format_problem(p) for p in lint(path, lexicon=REPO / "rules" / "lexicon.yaml")] == []


def test_alias_fan_out_is_converted_once(tmp_path: Path) -> None:
    """Seven anchors each used ten times by the next ("billion laughs") must not expand 10**7 times."""
    import shutil
    import time

    shutil.copy(Path(__file__).resolve().parents[1] / "rules" / "lexicon.yaml", tmp_path / "lexicon.yaml")
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\nrules: *a7\n", encoding="utf-8")
    started = time.perf_counter()
    problems = lint(tmp_path)
    assert problems and time.perf_counter() - started < 5
