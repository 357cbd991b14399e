"""`lexgap compare` on the real codes: editions, languages and a second (made-up) State side by side.

Expected statuses come from the project's outcome table (tests/test_rule_outcomes.py), decided by
reading each article; a comparison must show the same statuses as the per-code checks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FULL_CODES, KAZAKH_CRIMINAL, corpus_path, parsed
from lexgap.cli import main
from lexgap.cli.common import EXIT_ERROR, EXIT_OK
from lexgap.match import Finding, check
from lexgap.model import Code, CodeKind
from lexgap.read import ReadOptions, read_text
from lexgap.report.compare import NOT_APPLICABLE, WRITERS, Comparison, ComparisonError, comparison
from lexgap.rules import load_rules
from lexgap.rules.schema import RulePack
from test_rule_outcomes import CC, CCKK, CPC, OUTCOMES

RULES = Path(__file__).resolve().parents[1] / "rules"
CHAPTER_9 = "kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md"

OTHER_STATE = """# Criminal Code of the Other State

## General Part

### Chapter 1. General provisions

#### Article 1. The criminal law

1. Only this Code defines which acts are crimes and which penalties they carry.

## Special Part

### Chapter 2. Crimes against human rights

#### Article 144-1. Torture

1. Torture committed by an official shall be punished by imprisonment for a term of seven to ten years.

#### Article 144-2. Threat of torture

1. The threat of torture shall be punished by imprisonment for a term of two to five years.
"""
"""A made-up State's criminal code in English (no second State's code is available offline): article
144-2 makes the threat of torture an offence of its own, which Kazakhstan's code does not."""
OTHER_STATE_OPTIONS = ReadOptions(lang="en", kind=CodeKind.CRIMINAL, jurisdiction="ge", edition_date=date(2024, 5, 1))


@cache
def pack() -> RulePack:
    return load_rules(RULES)


@cache
def other_state() -> Code:
    return read_text(OTHER_STATE, source="other-state.criminal-code.eng.md",
                     sha256=hashlib.sha256(OTHER_STATE.encode()).hexdigest(), options=OTHER_STATE_OPTIONS)


def compared(*codes: Code) -> Comparison:
    return comparison(codes, check(codes, pack()), pack())


@cache
def criminal_codes() -> Comparison:
    return compared(parsed(FULL_CODES[CC]), parsed(KAZAKH_CRIMINAL))


@cache
def procedure_editions() -> Comparison:
    return compared(parsed(CHAPTER_9), parsed(FULL_CODES[CPC]))


@cache
def two_states() -> Comparison:
    return compared(parsed(FULL_CODES[CC]), other_state())


@cache
def code_findings(relative: str) -> dict[str, Finding]:
    """The per-code check of one text, to hold the comparison's cells against."""
    return {f.rule: f for f in check([parsed(relative)], pack())}


@cache
def two_states_again() -> Comparison:
    """The same comparison built a second time, from a fresh check."""
    return compared(parsed(FULL_CODES[CC]), other_state())


def cell(table: Comparison, rule: str, column: int):  # type: ignore[no-untyped-def]
    row = next(r for r in table.rows if r.rule == rule)
    return row.cells[column]


CRIMINAL_ROWS = [row for row in OUTCOMES if row[1] in (CC, CCKK)]


@pytest.mark.corpus
@pytest.mark.parametrize(("rule", "code", "status", "provision", "read"), CRIMINAL_ROWS,
                         ids=[f"{r[0]}@{r[1]}" for r in CRIMINAL_ROWS])
def test_russian_2019_and_kazakh_2022_columns_match_the_outcome_table(rule: str, code: str, status: str, provision: str, read: str) -> None:
    corpus_path(FULL_CODES[CC]), corpus_path(KAZAKH_CRIMINAL)
    table = criminal_codes()
    found = cell(table, rule, 0 if code == CC else 1)
    assert found.status.value == status, read
    finding = code_findings(FULL_CODES[CC] if code == CC else KAZAKH_CRIMINAL)[rule]
    if provision != "-":  # the cell shows the first evidence, as the per-code check orders it
        assert (found.pinpoint, found.citation) == (finding.evidence[0].pinpoint, finding.evidence[0].citation)
        assert found.text == f"{status} — {found.pinpoint}"
    else:
        assert found.text == status and not found.pinpoint


@pytest.mark.corpus
def test_criminal_code_headers_name_jurisdiction_code_language_edition() -> None:
    corpus_path(FULL_CODES[CC]), corpus_path(KAZAKH_CRIMINAL)
    headers = [c.header for c in criminal_codes().columns]
    assert headers == ["KZ Criminal Code (rus, 2019-12-27)", "KZ Criminal Code (kaz, 2022-11-05)"]
    assert [r.rule for r in criminal_codes().rows] == [r.id for r in pack().rules if "criminal" in r.applies_to.kinds]


PROCEDURE_ROWS = [  # rule, status in the 2025 chapter 9, status in the full 2022 CPC, what was read
    ("silence-witness-with-defence", "satisfied", "satisfied",
     "art. 65-1(2)(5) in both: 'отказаться от дачи показаний' (2025 ch. 9 l. 202; 2022 l. 1473)"),
    ("silence-suspect", "satisfied", "satisfied", "art. 64(9)(8) in both (2025 ch. 9 l. 58)"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("rule", "status_2025", "status_2022", "read"), PROCEDURE_ROWS, ids=[r[0] for r in PROCEDURE_ROWS])
def test_cpc_chapter_9_of_2025_against_the_full_2022_code(rule: str, status_2025: str, status_2022: str, read: str) -> None:
    corpus_path(CHAPTER_9), corpus_path(FULL_CODES[CPC])
    table = procedure_editions()
    chapter, full = cell(table, rule, 0), cell(table, rule, 1)
    assert (chapter.status.value, full.status.value) == (status_2025, status_2022), read
    expected_2022 = next(row[2] for row in OUTCOMES if row[0] == rule and row[1] == CPC)
    assert full.status.value == expected_2022
    assert chapter.pinpoint == full.pinpoint  # the same article, two editions
    assert "2025-09-16" in chapter.citation or "16.09.2025" in chapter.citation


@pytest.mark.corpus
def test_an_excerpt_says_so_in_its_header() -> None:
    corpus_path(CHAPTER_9), corpus_path(FULL_CODES[CPC])
    columns = procedure_editions().columns
    assert [c.header for c in columns] == ["KZ Criminal Procedure Code, excerpt (rus, 2025-09-16)",
                                           "KZ Criminal Procedure Code (rus, 2022-12-30)"]
    assert [c.excerpt for c in columns] == [True, False]


@pytest.mark.corpus
def test_kazakhstan_and_another_state_on_the_threat_of_torture() -> None:
    corpus_path(FULL_CODES[CC])
    table = two_states()
    assert [c.header for c in table.columns] == ["KZ Criminal Code (rus, 2019-12-27)", "GE Criminal Code (eng, 2024-05-01)"]
    kazakhstan, other = cell(table, "threat-of-torture", 0), cell(table, "threat-of-torture", 1)
    assert kazakhstan.text == "missing"
    assert other.text == "satisfied — art. 144-2, part 1"
    assert [c.status.value for c in (kazakhstan, other)] == ["missing", "satisfied"]


def test_rules_for_other_kinds_of_code_are_not_applicable() -> None:
    procedure = read_text(OTHER_STATE.replace("Criminal Code", "Criminal Procedure Code"), source="other-cpc.eng.md",
                          sha256="0" * 64, options=ReadOptions(lang="en", kind=CodeKind.CRIMINAL_PROCEDURE, jurisdiction="ge"))
    table = compared(other_state(), procedure)
    threat = cell(table, "threat-of-torture", 1)
    assert threat.status is None and threat.text == NOT_APPLICABLE
    assert cell(table, "silence-suspect", 0).text == NOT_APPLICABLE
    assert not any(pack()[r.rule].applies_to.corpus for r in table.rows)  # corpus-wide rules are left out
    assert table.columns[1].header == "GE Criminal Procedure Code (eng, edition unknown)"


def test_the_same_text_twice_is_refused() -> None:
    with pytest.raises(ComparisonError, match="same text"):
        compared(other_state(), other_state())


# --- writers -----------------------------------------------------------------------------------


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [v or "" for k, v in attrs if k in ("src", "href")]
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._text is not None:
            self.rows[-1].append("".join(self._text))
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


@pytest.mark.corpus
@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_is_deterministic_and_carries_every_cell(fmt: str) -> None:
    corpus_path(FULL_CODES[CC])
    table = two_states()
    data = WRITERS[fmt][1](table)
    assert data == WRITERS[fmt][1](two_states_again())
    text = data.decode("utf-8")
    for row in table.rows:
        assert row.rule in text
    assert "art. 144-2, part 1" in text and "GE Criminal Code (eng, 2024-05-01)" in text
    assert table.rule_pack_sha256 in text


@pytest.mark.corpus
def test_markdown_is_a_pipe_table_with_one_line_per_rule() -> None:
    corpus_path(FULL_CODES[CC])
    table = two_states()
    lines = WRITERS["md"][1](table).decode("utf-8").split("\n")
    body = [line for line in lines if line.startswith("|")]
    assert len(body) == 2 + len(table.rows)
    assert all(line.count(" | ") == 1 + len(table.columns) for line in body if not line.startswith("|-"))
    assert body[0] == "| rule | title | KZ Criminal Code (rus, 2019-12-27) | GE Criminal Code (eng, 2024-05-01) |"


@pytest.mark.corpus
def test_json_has_columns_and_cells() -> None:
    corpus_path(FULL_CODES[CC])
    table = two_states()
    data = json.loads(WRITERS["json"][1](table))
    assert [c["header"] for c in data["columns"]] == [c.header for c in table.columns]
    assert [c["code"] for c in data["columns"]] == [parsed(FULL_CODES[CC]).uri, other_state().uri]
    row = next(r for r in data["rows"] if r["rule"] == "threat-of-torture")
    assert [c["status"] for c in row["cells"]] == ["missing", "satisfied"]
    assert row["cells"][1]["pinpoint"] == "art. 144-2, part 1" and "art. 144-2, part 1" in row["cells"][1]["citation"]
    assert all(set(c) == {"status", "pinpoint", "citation"} for r in data["rows"] for c in r["cells"])


@pytest.mark.corpus
def test_html_is_one_self_contained_table() -> None:
    corpus_path(FULL_CODES[CC])
    table = two_states()
    parser = _Cells()
    parser.feed(WRITERS["html"][1](table).decode("utf-8"))
    assert parser.links == []  # no external resources
    assert len(parser.rows) == 1 + len(table.rows)
    assert all(len(row) == 1 + len(table.columns) for row in parser.rows)
    threat = next(r for r in parser.rows if r[0].startswith("threat-of-torture"))
    assert threat[1:] == ["missing", "satisfied — art. 144-2, part 1"]


def test_markdown_and_html_escape_what_they_print() -> None:
    table = compared(other_state())
    tricky = replace(table, rows=(replace(table.rows[0], title="a <b> | & *c*"),))
    markdown = WRITERS["md"][1](tricky).decode()
    assert "| a \\<b\\> \\| & \\*c\\* |" in markdown
    assert "a &lt;b&gt; | &amp; *c*" in WRITERS["html"][1](tricky).decode()


# --- the command -------------------------------------------------------------------------------


@pytest.mark.corpus
def test_cli_compares_kazakhstan_and_another_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    criminal = str(corpus_path(FULL_CODES[CC]))
    other = tmp_path / "other-state.criminal-code.eng.md"
    other.write_text(OTHER_STATE, encoding="utf-8")
    out = tmp_path / "compare.md"
    code = main(["compare", criminal, str(other), "--set", str(other), "lang=en,kind=criminal,jurisdiction=ge,edition=2024-05-01",
                 "--rule", "threat-of-torture,torture-no-amnesty", "-o", str(out)])
    assert code == EXIT_OK
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "| rule | title | KZ Criminal Code (rus, 2019-12-27) | GE Criminal Code (eng, 2024-05-01) |"
    assert [line.split(" | ")[0] for line in lines[2:4]] == ["| `threat-of-torture`", "| `torture-no-amnesty`"]
    assert lines[2].endswith("| missing | satisfied — art. 144-2, part 1 |")


@pytest.mark.corpus
def test_cli_writes_json_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    chapter = str(corpus_path(CHAPTER_9))
    assert main(["compare", chapter, "--rule", "silence-witness-with-defence", "--format", "json"]) == EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert [r["rule"] for r in data["rows"]] == ["silence-witness-with-defence"]
    assert data["rows"][0]["cells"][0]["status"] == "satisfied"


ERRORS = [
    ("unknown-rule", ["--rule", "no-such-rule"], "unknown rule no-such-rule"),
    ("corpus-wide-rule", ["--rule", "hrd-protection-law"], "whole corpus"),
    ("set-on-a-file-not-given", ["--set", "elsewhere.md", "lang=en"], "not one of the inputs"),
    ("set-with-a-bad-key", ["--set", "{chapter}", "colour=red"], "KEY=VALUE"),
    ("set-with-a-bad-date", ["--set", "{chapter}", "edition=2024-13-01"], "edition"),
    ("same-text-twice", ["{chapter}"], "same text of one code"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("extra", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_cli_errors_are_one_line_and_exit_2(extra: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    chapter = str(corpus_path(CHAPTER_9))
    argv = ["compare", chapter, *(a.format(chapter=chapter) for a in extra)]
    assert main(argv) == EXIT_ERROR
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
