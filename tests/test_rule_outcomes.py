"""The shipped rule pack on the real codes: each outcome as the text of that edition reads.

Each row names the article read to decide the expected outcome (by hand, in the corpus file), and
the provision the evidence must point at when the rule finds something. "-" means nothing is found
there: the row then names the article read to establish the absence.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from conftest import FULL_CODES, KAZAKH_CRIMINAL, corpus_path, parsed
from lexgap.match import Finding, check, check_example
from lexgap.rules import load_rules
from lexgap.rules.schema import RulePack

RULES = Path(__file__).resolve().parents[1] / "rules"
CC, CPC, CIVPC, AOC, CCKK = "criminal", "criminal_procedure", "civil_procedure", "administrative_offences", "kk"
FILES = {**FULL_CODES, CCKK: KAZAKH_CRIMINAL}

# rule, code, expected status, evidence provision (or "-"), article read to decide (file line)
OUTCOMES = [
    ("threat-of-torture", CC, "missing", "-", "CC art. 146 (l. 3483) punishes infliction only; art. 115 (l. 2801) is a general threat"),
    ("threat-of-torture", CCKK, "missing", "-", "146-бап (l. 2525); қорқыту there is the purpose to intimidate"),
    ("cidt-criminalised", CC, "missing", "-", "art. 146 needs a purpose; CIDT words only in art. 9(3) (l. 1195, extradition)"),
    ("cidt-criminalised", CCKK, "missing", "-", "9-бап 3-бөлік (l. 195) only"),
    ("torture-definition", CC, "partial", "art_146__para_1", "art. 146(1) (l. 3485): officials only, no 'official capacity'"),
    ("torture-definition", CCKK, "partial", "art_146__para_1", "146-бап 1-бөлік (l. 2527)"),
    ("torture-exclusion-lawful-sanctions", CC, "conflict", "art_146__note_1", "note to art. 146 (l. 3505): 'законных действий должностных лиц'"),
    ("torture-exclusion-lawful-sanctions", CCKK, "conflict", "art_146__note_1", "146-бап ескертуі (l. 2547)"),
    ("torture-penalties", CC, "partial", "art_146__para_1", "art. 146(1) sanction (l. 3487): a fine as an alternative; parts 2-3 up to 7 and 12 years"),
    ("torture-penalties", CCKK, "partial", "art_146__para_1", "146-бап 1-бөлік (l. 2529): айыппұл"),
    ("torture-no-limitation", CC, "satisfied", "art_71__para_6", "art. 71(6) (l. 2085): 'Сроки давности не применяются … пытки'"),
    ("torture-no-limitation", CCKK, "satisfied", "art_71__para_6", "71-бап 6-бөлік (l. 1089)"),
    ("torture-no-amnesty", CC, "satisfied", "art_78__para_2", "art. 78(2) (l. 2221): 'Акт об амнистии не распространяется … пытки'"),
    ("torture-no-amnesty", CCKK, "satisfied", "art_78__para_2", "78-бап 2-бөлік (l. 1241)"),
    ("torture-no-suspended-sentence", CC, "missing", "-", "art. 63(6) (l. 1949): torture not listed; art. 146 never especially grave"),
    ("torture-no-suspended-sentence", CCKK, "missing", "-", "63-бап 6-бөлік (l. 953)"),
    ("torture-superior-orders", CC, "partial", "art_38__para_1", "art. 38 (l. 1439-1441): general rule, nothing on torture"),
    ("torture-superior-orders", CCKK, "partial", "art_38__para_1", "38-бап (l. 445-447)"),
    ("torture-evidence-exclusion", CPC, "satisfied", "art_112__para_1", "CPC art. 112(1)(1) (l. 2647): 'с применением пыток'"),
    ("torture-evidence-exclusion", CIVPC, "partial", "art_66__para_1", "CivPC art. 66(1)(1) (l. 995): violence and threats, torture not named"),
    ("torture-evidence-exclusion", AOC, "partial", "art_765__para_3", "AOC art. 765(3)(1) (l. 15231): violence and threats only"),
    ("torture-independent-investigation", CPC, "partial", "art_56__para_5", "CPC art. 193(1-1) (l. 4485), 56(5) (l. 1041); no independence guarantee"),
    ("silence-suspect", CPC, "satisfied", "art_64__para_9", "CPC art. 64(9)(8) (l. 1339): 'отказаться от дачи показаний'"),
    ("silence-witness-with-defence", CPC, "satisfied", "art_65-1__para_2", "CPC art. 65-1(2)(5) (l. 1473): the right to refuse (seed claim 3 does not hold here)"),
    ("witness-privilege", CPC, "satisfied", "art_28__para_1", "CPC art. 28(1) (l. 393)"),
    ("witness-privilege", CIVPC, "satisfied", "art_17__para_1", "CivPC art. 17(1) (l. 181)"),
    ("witness-privilege", AOC, "satisfied", "art_19__para_1", "AOC art. 19(1) (l. 2337)"),
    ("presumption-of-innocence-right", CPC, "partial", "art_19__para_1", "CPC art. 19(1) (l. 293): 'считается невиновным', a principle (ch. 2)"),
    ("review-after-un-views", CPC, "missing", "-", "CPC art. 499(2) (l. 9207-9221): closed list, no international body"),
    ("review-after-un-views", CIVPC, "missing", "-", "CivPC art. 455(2)-(3) (l. 5983-5999)"),
    ("review-after-un-views", AOC, "missing", "-", "AOC art. 852(2) (l. 17337-17347), 851(5) (l. 17317)"),
    ("access-to-court-incapacitated", CIVPC, "conflict", "art_45__para_3", "CivPC art. 45(3) (l. 613): only through legal representatives"),
    ("access-to-court-children", CIVPC, "partial", "art_45__para_4", "CivPC art. 45(4) (l. 615): from 14 only; under 14 through representatives"),
    ("access-to-court-judges", CIVPC, "missing", "-", "CivPC arts. 8 (l. 83), 23 (l. 249); ch. 29 repealed (l. 4185)"),
]
CORPUS_OUTCOMES = [
    ("hrd-protection-law", "missing", "no 'правозащит' in any code; CC art. 435 (l. 8557) protects defence in a case"),
    ("npm-military-units", "missing", "AOC arts. 507-508 (l. 11419), CPC art. 78(2)(7) (l. 1927): nothing on military units"),
]


@cache
def pack() -> RulePack:
    return load_rules(RULES)


@cache
def findings() -> dict[tuple[str, str], Finding]:
    codes = {key: parsed(relative) for key, relative in FILES.items()}
    uri_to_key = {code.uri: key for key, code in codes.items()}
    return {(f.rule, uri_to_key.get(f.code, f.code)): f for f in check(list(codes.values()), pack())}


@pytest.mark.corpus
@pytest.mark.parametrize(("rule", "code", "status", "provision", "read"), OUTCOMES, ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None)
def test_outcome_matches_the_text(rule: str, code: str, status: str, provision: str, read: str) -> None:
    for relative in FILES.values():
        corpus_path(relative)
    finding = findings()[(rule, code)]
    assert finding.status.value == status, read
    cited = [e.provision for e in finding.evidence]
    if provision == "-":
        assert not [r for r in finding.elements if r.required and r.found]
    else:
        assert provision in cited, f"{read}; evidence at {cited}"


@pytest.mark.corpus
@pytest.mark.parametrize(("rule", "status", "read"), CORPUS_OUTCOMES, ids=[r[0] for r in CORPUS_OUTCOMES])
def test_corpus_wide_outcome(rule: str, status: str, read: str) -> None:
    finding = findings()[(rule, "corpus")]
    assert finding.status.value == status, read
    assert len(finding.codes) == len(FILES)


@pytest.mark.corpus
@pytest.mark.parametrize("rule", sorted({r for r, code, *_ in OUTCOMES if code == CCKK}))
def test_russian_and_kazakh_texts_give_the_same_outcome(rule: str) -> None:
    assert findings()[(rule, CC)].status == findings()[(rule, CCKK)].status


@pytest.mark.corpus
def test_every_quote_is_verbatim_at_its_span() -> None:
    sources = {parsed(r).uri: corpus_path(r).read_text(encoding="utf-8") for r in FILES.values()}
    checked = 0
    for finding in findings().values():
        assert all(ref.sha256 and ref.edition_date for ref in finding.codes)
        for evidence in finding.evidence:
            source = sources[evidence.code]
            assert source[evidence.span.start : evidence.span.end] == evidence.quote
            checked += 1
    assert checked > 40


def test_every_rule_has_sources_and_examples() -> None:
    for rule in pack().rules:
        assert rule.sources and rule.examples, rule.id


EXAMPLES = [(rule, example) for rule in pack().rules for example in rule.examples]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES, ids=[f"{r.id}:{e.name}" for r, e in EXAMPLES])
def test_rule_example(rule, example) -> None:  # type: ignore[no-untyped-def]
    finding = check_example(rule, example, pack())
    if example.expect is not None:
        assert finding.status == example.expect
    found = {r.id: r.found for r in finding.elements + finding.conflicts}
    for element, expected in example.found:
        assert found[element] is expected, element


# For a gap, the nearest misses show where lexgap looked; these are the articles a lawyer would read.
NEAR_MISSES = [
    ("threat-of-torture", CC, ("art_115", "art_146__para_1")),
    ("threat-of-torture", CCKK, ("art_115", "art_146__para_1")),
    ("torture-no-suspended-sentence", CC, ("art_63",)),
    ("review-after-un-views", CIVPC, ("art_455__para_1",)),
    ("review-after-un-views", AOC, ("art_852__para_1",)),
    ("npm-military-units", "corpus", ("art_507",)),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("rule", "code", "expected"), NEAR_MISSES, ids=[f"{r}-{c}" for r, c, _ in NEAR_MISSES])
def test_near_misses_point_at_the_articles_to_read(rule: str, code: str, expected: tuple[str, ...]) -> None:
    misses = [m.provision for m in findings()[(rule, code)].near_misses]
    for wanted in expected:  # an article id stands for any of its parts
        assert any(m == wanted or m.startswith(wanted + "__") for m in misses), misses
