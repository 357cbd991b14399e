"""Citable report formats (Markdown, HTML, DOCX) and the findings JSON schema, on the real codes.

One check run over the four full codes and the Kazakh Criminal Code is shared by every test (see
`full_report`); the golden Markdown comes from the Kazakh Criminal Code alone.

Regenerate the golden file after a deliberate change (rules, wording) with
    LEXGAP_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_reports.py -k golden
then read the diff: every quote must stand at the article it is cited to.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from dataclasses import replace
from datetime import datetime
from functools import cache
from pathlib import Path

import docx
import jsonschema
import pytest
from conftest import CORPORA, FULL_CODES, GOLDEN, KAZAKH_CRIMINAL, corpus_path, parsed

from lexgap import __version__
from lexgap.cli import main
from lexgap.cli.common import shipped_rules
from lexgap.match import check
from lexgap.match.findings import Evidence
from lexgap.model import Span
from lexgap.refs import resolve
from lexgap.report import Report, make_report
from lexgap.report.docx import EPOCH, to_docx
from lexgap.report.formats import FORMATS
from lexgap.report.html import GRAPH_ID, to_html
from lexgap.report.json import to_json
from lexgap.report.markdown import escape, to_markdown
from lexgap.report.text import GAPS, document, merge_quotes
from lexgap.rules import load_rules

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "schema" / "findings.schema.json").read_text())
GOLDEN_REPORT = GOLDEN / "report.md"
CITABLE = {"md": to_markdown, "html": to_html, "docx": to_docx}


@cache
def _report(relatives: tuple[str, ...]) -> Report:
    codes = resolve([parsed(r) for r in relatives])
    pack = load_rules([shipped_rules()])
    return replace(make_report(check(codes, pack), pack, reproducible=True), codes=tuple(codes), generated_at="")


def full_report() -> Report:
    """The four full codes and the Kazakh Criminal Code, checked once per session."""
    return _report((*FULL_CODES.values(), KAZAKH_CRIMINAL))


def kazakh_report() -> Report:
    """The Kazakh Criminal Code alone: the golden report."""
    return _report((KAZAKH_CRIMINAL,))


def gaps(report: Report) -> list:  # type: ignore[type-arg]
    return [f for f in report.findings if f.status in GAPS]


# --- every format ------------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize("name", list(FORMATS), ids=list(FORMATS))
def test_every_format_writes_the_full_report_deterministically(name: str) -> None:
    report = full_report()
    writer = FORMATS[name][1]
    first = writer(report)
    assert first and isinstance(first, bytes)
    assert writer(report) == first


@pytest.mark.corpus
@pytest.mark.parametrize("name", list(CITABLE), ids=list(CITABLE))
def test_a_fresh_check_gives_the_same_bytes(name: str) -> None:
    """A second matcher run on the same codes: same findings, same bytes (no set or dict order leaks)."""
    report = full_report()
    again = replace(make_report(check(report.codes, report.pack), report.pack, reproducible=True), codes=report.codes,
                    generated_at="")
    assert CITABLE[name](again) == CITABLE[name](report)


# --- JSON schema -------------------------------------------------------------------------------


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.corpus
@pytest.mark.parametrize("which", ["full", "kazakh"])
def test_findings_json_matches_schema(which: str) -> None:
    report = full_report() if which == "full" else kazakh_report()
    jsonschema.validate(json.loads(to_json(report)), SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.corpus
@pytest.mark.parametrize(("path", "value"), [
    (("findings", 0, "status"), "unknown"),
    (("findings", 0, "elements", 0, "found"), "yes"),
    (("provenance", "rule_pack_sha256"), "abc"),
    (("summary", "extra"), 1),
], ids=["bad-status", "found-not-boolean", "short-hash", "unknown-summary-key"])
def test_schema_rejects_broken_reports(path: tuple, value: object) -> None:  # type: ignore[type-arg]
    data = json.loads(to_json(kazakh_report()))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


@pytest.mark.corpus
def test_schema_ties_found_to_evidence() -> None:
    data = json.loads(to_json(kazakh_report()))
    element = next(e for f in data["findings"] for e in f["elements"] if not e["found"])
    element["found"] = True
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


# --- Markdown ----------------------------------------------------------------------------------

_PARAGRAPH = re.compile(r"^(\d+)\. \*\*(.+?)\*\* \(rule ([a-z0-9-]+), status (\w+)\)", re.MULTILINE)


@pytest.mark.corpus
def test_markdown_has_one_numbered_paragraph_per_gap() -> None:
    report = full_report()
    text = to_markdown(report).decode("utf-8")
    paragraphs = _PARAGRAPH.findall(text)
    expected = gaps(report)
    assert [int(n) for n, *_ in paragraphs] == list(range(1, len(expected) + 1))
    assert [(rule, status) for _, _, rule, status in paragraphs] == [(f.rule, f.status.value) for f in expected]
    assert all(title == escape(f.rule_title) for (_, title, _, _), f in zip(paragraphs, expected))


@pytest.mark.corpus
def test_markdown_cites_and_quotes_every_piece_of_evidence() -> None:
    """Each gap paragraph gives the citation and the verbatim quote of each piece of its evidence."""
    report = full_report()
    text = to_markdown(report).decode("utf-8")
    chunks = re.split(r"^\d+\. \*\*", text, flags=re.MULTILINE)[1:]
    for chunk, finding in zip(chunks, gaps(report)):
        for evidence in finding.evidence:
            assert escape(evidence.citation) + ":" in chunk, evidence.citation
            quoted = " ".join(line.strip()[2:] for line in chunk.split("\n") if line.strip().startswith("> "))
            assert escape(evidence.quote) in quoted, (finding.rule, evidence.citation)
        for miss in finding.near_misses:
            assert escape(miss.pinpoint) in chunk
        rule = report.pack[finding.rule]
        assert escape(rule.recommendation) in chunk
        assert all(escape(s.instrument) in chunk and escape(s.pinpoint) in chunk for s in rule.sources)


@pytest.mark.corpus
def test_markdown_annex_is_rule_by_code() -> None:
    report = full_report()
    text = to_markdown(report).decode("utf-8")
    annex = text.split("## Annex", 1)[1]
    rows = [line for line in annex.split("\n") if line.startswith("| `")]
    rules = list(dict.fromkeys(f.rule for f in report.findings))
    assert [re.match(r"\| `([^`]+)`", row).group(1) for row in rows] == rules  # type: ignore[union-attr]
    header = next(line for line in annex.split("\n") if line.startswith("| rule"))
    assert header.count("|") - 1 == 2 + len(report.inputs) + 1  # rule, title, each code, all codes
    cells = [cell.strip() for row in rows for cell in row.strip("|").split("|")[2:] if cell.strip()]
    assert len(cells) == len(report.findings)
    satisfied = sum(1 for f in report.findings if f.status.value == "satisfied")
    assert sum(cell == "satisfied" for cell in cells) == satisfied


@pytest.mark.corpus
def test_satisfied_findings_appear_in_the_annex_only() -> None:
    report = full_report()
    text = to_markdown(report).decode("utf-8")
    body = text.split("## Gaps", 1)[1].split("## Annex", 1)[0]
    gap_rules = {f.rule for f in gaps(report)}
    for finding in report.findings:
        if finding.status.value == "satisfied" and finding.rule not in gap_rules:
            assert f"rule {finding.rule}," not in body


@pytest.mark.corpus
def test_markdown_provenance_names_every_input() -> None:
    report = full_report()
    text = to_markdown(report).decode("utf-8")
    provenance = text.split("## Provenance", 1)[1].split("## Gaps", 1)[0]
    assert f"`{report.pack.sha256}`" in provenance
    for ref in report.inputs:
        assert f"`{ref.sha256}`" in provenance and f"`{ref.uri}`" in provenance
        assert ref.edition_date in provenance and escape(ref.citation_title) in provenance
    assert "Generated at" not in provenance
    stamped = to_markdown(replace(report, generated_at="2024-05-01T12:00:00Z")).decode("utf-8")
    assert "- Generated at: 2024-05-01T12:00:00Z" in stamped


@pytest.mark.corpus
def test_golden_markdown() -> None:
    """The Kazakh Criminal Code's report, byte for byte (regenerate: LEXGAP_REGENERATE_GOLDEN=1)."""
    corpus_path(KAZAKH_CRIMINAL)
    produced = to_markdown(kazakh_report())
    if os.environ.get("LEXGAP_REGENERATE_GOLDEN") == "1":
        GOLDEN_REPORT.write_bytes(produced)
    assert produced == GOLDEN_REPORT.read_bytes(), "report changed; LEXGAP_REGENERATE_GOLDEN=1 rewrites tests/golden/report.md"


@pytest.mark.corpus
def test_golden_quotes_stand_in_the_cited_provisions() -> None:
    """Every quote of the golden report is in the text of the provision its citation names."""
    report = kazakh_report()
    code = report.codes[0]
    by_citation = {e.citation: e.provision for f in report.findings for e in f.evidence}
    source = Path(code.source).read_text(encoding="utf-8")
    checked = 0
    for paragraph in document(report).paragraphs:
        for item in paragraph.quoted:
            provision = code.index[by_citation[item.citation]]
            text = f"{provision.heading}\n{provision.full_text}"
            for quote in item.quotes:
                assert quote in text and quote in source, (item.citation, quote[:60])
                checked += 1
    assert checked > 0


@pytest.mark.parametrize(("text", "block", "expected"), [
    ("art. 146 | note", False, "art. 146 \\| note"),
    ("*emphasis* and _under_", False, "\\*emphasis\\* and \\_under\\_"),
    ("<b>[link](x)</b>", False, "\\<b\\>\\[link\\](x)\\</b\\>"),
    ("1. a numbered line", True, "1\\. a numbered line"),
    ("1. not at a line start", False, "1. not at a line start"),
    ("# heading\n- item", True, "\\# heading\n\\- item"),
    ("Статья 146. Пытки", True, "Статья 146. Пытки"),
], ids=["pipe", "emphasis", "html-and-link", "ordered-list", "inline-number", "heading-and-bullet", "cyrillic-untouched"])
def test_markdown_escape(text: str, block: bool, expected: str) -> None:
    assert escape(text, block=block) == expected


# --- quotes ------------------------------------------------------------------------------------

_SOURCE = "Статья 146. Пытки. Умышленное причинение физических и (или) психических страданий – наказывается"


def _ev(start: int, end: int, quote: str | None = None) -> Evidence:
    text = _SOURCE[start:end] if quote is None else quote
    return Evidence("/akn/x", "art_146", "art. 146", "X, art. 146", text, Span(1, start, end))


@pytest.mark.parametrize(("items", "expected"), [
    ([_ev(19, 40), _ev(30, 60)], (_SOURCE[19:60],)),
    ([_ev(30, 60), _ev(19, 40)], (_SOURCE[19:60],)),
    ([_ev(19, 80), _ev(30, 40)], (_SOURCE[19:80],)),
    ([_ev(0, 10), _ev(19, 40)], (_SOURCE[0:10], _SOURCE[19:40])),
    ([_ev(19, 40), _ev(19, 40)], (_SOURCE[19:40],)),
    ([_ev(19, 40), _ev(30, 60, "a quote that is not its span")], (_SOURCE[19:40], "a quote that is not its span")),
], ids=["overlap", "overlap-reversed", "contained", "disjoint", "identical", "inexact-span-kept-apart"])
def test_merge_quotes_joins_only_what_the_source_proves(items: list[Evidence], expected: tuple[str, ...]) -> None:
    assert merge_quotes(items) == expected


# --- HTML --------------------------------------------------------------------------------------

_RESOURCE = re.compile(r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)\s*(?:https?:)?//""", re.IGNORECASE)


def _without_allowed(page: str) -> str:
    """The page minus what may mention a URL: inline scripts (the embedded library's licence
    comments), quoted law text and the provenance section."""
    page = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.DOTALL | re.IGNORECASE)
    page = re.sub(r"<blockquote\b.*?</blockquote>", "", page, flags=re.DOTALL)
    return re.sub(r'<section id="provenance">.*?</section>', "", page, flags=re.DOTALL)


@pytest.mark.corpus
def test_html_is_self_contained() -> None:
    page = to_html(full_report()).decode("utf-8")
    assert not _RESOURCE.search(page), _RESOURCE.search(page)
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", page, re.IGNORECASE)
    rest = _without_allowed(page)
    assert "http://" not in rest and "https://" not in rest
    assert "@media print" in page


@pytest.mark.corpus
def test_html_holds_the_same_paragraphs_and_the_graph() -> None:
    report = full_report()
    page = to_html(report).decode("utf-8")
    anchors = re.findall(r'<li id="para-(\d+)" value="\1"', page)
    assert [int(n) for n in anchors] == list(range(1, len(gaps(report)) + 1))
    links = set(re.findall(r'href="#para-(\d+)"', page))
    assert links == set(anchors)  # the annex links every gap
    assert f'id="{GRAPH_ID}"' in page and f'id="{GRAPH_ID}-data"' in page
    assert page.count("<section id=\"graph\"") == 1
    without_codes = to_html(replace(report, codes=())).decode("utf-8")
    assert GRAPH_ID not in without_codes and "<script" not in without_codes


@pytest.mark.corpus
def test_html_quotes_carry_their_language() -> None:
    page = to_html(full_report()).decode("utf-8")
    languages = set(re.findall(r'<blockquote lang="([a-z-]+)">', page))
    assert languages == {"ru", "kk"}


# --- DOCX --------------------------------------------------------------------------------------


@pytest.mark.corpus
def test_docx_opens_and_holds_the_findings() -> None:
    report = full_report()
    word = docx.Document(io.BytesIO(to_docx(report)))
    texts = [p.text for p in word.paragraphs]
    numbered = [t for t in texts if re.match(r"\d+\.\t", t)]
    assert len(numbered) == len(gaps(report))
    quotes = [p.text for p in word.paragraphs if p.style.name == "Quote"]
    for number, finding in enumerate(gaps(report), 1):
        assert numbered[number - 1].startswith(f"{number}.\t{finding.rule_title} (rule {finding.rule},")
        for evidence in finding.evidence:
            assert any(evidence.quote in q for q in quotes), (finding.rule, evidence.citation)
    table = word.tables[0]
    assert len(table.rows) == 1 + len({f.rule for f in report.findings})
    assert len(table.columns) == 2 + len(report.inputs) + 1
    statuses = [c.text.split(" ")[0] for row in table.rows[1:] for c in row.cells[2:] if c.text]
    assert len(statuses) == len(report.findings)


@pytest.mark.corpus
@pytest.mark.parametrize("stamp", ["", "2024-05-01T12:00:00Z"], ids=["reproducible", "timestamped"])
def test_docx_dates_are_pinned(stamp: str) -> None:
    report = replace(kazakh_report(), generated_at=stamp)
    data = to_docx(report)
    moment = datetime.fromisoformat(stamp) if stamp else EPOCH
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {moment.timetuple()[:6]}
        assert "docProps/thumbnail.jpeg" not in archive.namelist()
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.created == props.modified == moment
    assert props.last_printed is None  # a report was never printed
    assert props.author.startswith("lexgap ")


@pytest.mark.corpus
def test_docx_names_lexgap_as_its_application() -> None:
    report = kazakh_report()
    data = to_docx(report)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        app = archive.read("docProps/app.xml").decode("utf-8")
    assert f"<Application>lexgap {__version__}</Application>" in app
    assert "Microsoft" not in app and "<Pages>" not in app and "<Words>" not in app
    assert docx.Document(io.BytesIO(data)).core_properties.last_printed is None
    assert to_docx(report) == data


def _with_quote(report: Report, quote: str) -> Report:
    """The report with its first piece of evidence quoting `quote` instead."""
    index, finding = next((i, f) for i, f in enumerate(report.findings) if f.status in GAPS and f.evidence)
    slot = next(i for i, e in enumerate(finding.elements) if e.found and e.evidence)
    element = finding.elements[slot]
    evidence = (replace(element.evidence[0], quote=quote), *element.evidence[1:])
    elements = (*finding.elements[:slot], replace(element, evidence=evidence), *finding.elements[slot + 1 :])
    findings = list(report.findings)
    findings[index] = replace(finding, elements=elements)
    return replace(report, findings=tuple(findings))


@pytest.mark.corpus
@pytest.mark.parametrize(("quote", "shown"), [
    ("первая строка\x0bвторая строка", "первая строка\nвторая строка"),
    ("до разрыва страницы\x0cпосле", "до разрыва страницы\nпосле"),
    ("управляющий\x01символ\x1f", "управляющий\ufffdсимвол\ufffd"),
], ids=["vertical-tab", "form-feed", "other-control"])
def test_docx_writes_quotes_with_xml_illegal_characters(quote: str, shown: str) -> None:
    data = to_docx(_with_quote(kazakh_report(), quote))
    word = docx.Document(io.BytesIO(data))
    quotes = [p for p in word.paragraphs if p.style.name == "Quote"]
    match = next(p for p in quotes if p.text == shown)
    assert ("\n" in shown) == bool(match._p.xpath(".//w:br"))  # Word's line break, not a lost character


# --- the command -------------------------------------------------------------------------------


@pytest.mark.corpus
def test_check_writes_several_formats_byte_identical_on_rerun(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = str(corpus_path(KAZAKH_CRIMINAL))
    for run in ("a", "b"):
        code = main(["check", source, "--reproducible", "--format", "md,html", "--format", "docx", "--format", "json",
                     "-o", str(tmp_path / run)])
        assert code == 1
    err = capsys.readouterr().err
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(f"criminal-code.kaz.2022-11-05-findings{FORMATS[n][0]}" for n in ("md", "html", "docx", "json"))
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert f"report: {tmp_path / 'a' / name}" in err
    jsonschema.validate(json.loads((tmp_path / "a" / "criminal-code.kaz.2022-11-05-findings.json").read_text(encoding="utf-8")), SCHEMA)
    markdown = (tmp_path / "a" / "criminal-code.kaz.2022-11-05-findings.md").read_bytes()
    assert markdown == to_markdown(kazakh_report())  # the command and the library agree


@pytest.mark.parametrize(("argv", "message"), [
    (["--format", "pdf"], "unknown format pdf"),
    (["--format", "md,pdf"], "unknown format pdf"),
    (["--format", ","], "unknown format"),
], ids=["unknown", "unknown-in-list", "empty-list"])
def test_check_rejects_unknown_formats(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "kz", *argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and ", ".join(FORMATS) in err


def test_several_formats_need_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = tmp_path / "report.json"
    existing.write_text("{}", encoding="utf-8")
    code = main(["check", "kz", "--corpora", str(CORPORA), "--format", "json,md", "-o", str(existing)])
    assert code == 2 and "need a directory" in capsys.readouterr().err
