"""The `lexgap` command end to end: parse, check, rules lint, fetch; exit codes and messages."""

from __future__ import annotations

import json
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import CORPORA, FULL_CODES, corpus_path
from lexgap.cli import main
from lexgap.corpus import Manifest, fetch, load_manifest, locate


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_prints_a_summary_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = corpus_path("kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md")
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, "parse", str(source), "-o", str(target))
    assert code == 0
    assert "articles 15 (15 in force, 0 repealed)" in out
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["code"]["uri"] == "/akn/kz/act/code/2014-07-04/231-V/rus@2025-09-16"
    assert any(p["id"] == "art_65-1__para_2__point_5" for p in data["provisions"])


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.7 ...", "PDF is not supported"),
    (b"just some words\n", "no article headings found"),
    (b"\x00\x01\x02binary", "binary data"),
], ids=["pdf", "no-articles", "binary"])
def test_unreadable_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str) -> None:
    bad = tmp_path / "input.bin"
    bad.write_bytes(content)
    code, _, err = run(capsys, "parse", str(bad))
    assert code == 2
    assert err.startswith(f"lexgap: error: {bad}") and message in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_parse_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "parse", "no/such/file.md")
    assert code == 2 and "no/such/file.md" in err


@pytest.mark.corpus
def test_check_kazakhstan_from_the_search_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for relative in FULL_CODES.values():
        corpus_path(relative)
    report = tmp_path / "kz.json"
    code, out, err = run(capsys, "check", "kz", "--corpora", str(CORPORA), "--reproducible", "-o", str(report))
    assert code == 1, err  # gaps were found
    assert "threat-of-torture" in out and "MISSING" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"]["missing"] > 0
    rows = {(f["rule"], f["code"]) for f in data["findings"]}
    assert ("threat-of-torture", "/akn/kz/act/code/2014-07-03/226-V/kaz@2022-11-05") in rows
    assert ("silence-witness-with-defence", "/akn/kz/act/code/2014-07-04/231-V/rus@2022-12-30") in rows
    assert {i["sha256"] for i in data["provenance"]["inputs"]} and data["provenance"]["generated_at"] is None


@pytest.mark.corpus
def test_two_runs_are_byte_identical_and_fail_on_selects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(corpus_path("kz/criminal-code.kaz.2022-11-05.md"))
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert run(capsys, "check", source, "--reproducible", "-o", str(first))[0] == 1
    assert run(capsys, "check", source, "--reproducible", "-o", str(second), "--fail-on", "conflict")[0] == 1
    assert first.read_bytes() == second.read_bytes()
    code, _, _ = run(capsys, "check", source, "--reproducible", "-o", str(second), "--fail-on", "satisfied")
    assert code == 1  # the Kazakh text satisfies two rules
    code, _, err = run(capsys, "check", source, "-o", str(second), "--fail-on", "bogus")
    assert code == 2 and "--fail-on" in err


def test_check_tells_what_is_missing_and_where_to_get_it(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("LEXGAP_CORPORA", raising=False)
    code, _, err = run(capsys, "check", "kz", "--corpora", str(tmp_path / "empty"))
    assert code == 2
    assert "missing: Criminal Code of the Republic of Kazakhstan No. 226-V [rus]: save https://adilet.zan.kz/rus/docs/K1400000226" in err
    assert "lexgap fetch kz" in err and "no texts of Republic of Kazakhstan found" in err


def test_check_runs_on_what_is_there_and_lists_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = corpus_path("kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md")
    shutil.copy(source, tmp_path / "criminal-procedure-code.rus.2025-09-16.md")
    code, out, err = run(capsys, "check", "kz", "--corpora", str(tmp_path), "-o", str(tmp_path / "r.json"))
    assert code == 1 and "silence-witness-with-defence" in out
    assert err.count("missing: ") == 3  # criminal, administrative offences, civil procedure


def test_rules_lint_reports_file_line_col(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "rules" / "lexicon.yaml", rules / "lexicon.yaml")
    (rules / "bad.yaml").write_text(
        "rules:\n  - id: broken\n    title: t\n    treshold: 1\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "rules", "lint", str(rules))
    assert code == 1
    assert f"{rules / 'bad.yaml'}:4:5: rule broken: unknown key \"treshold\"" in out
    assert run(capsys, "rules", "lint")[0] == 0


def test_fetch_downloads_from_a_local_server_and_check_finds_it(tmp_path: Path) -> None:
    """`fetch` against a local HTTP server standing in for the official database."""
    site = tmp_path / "site"
    site.mkdir()
    text = corpus_path("kz/editions/civil-procedure-code.ch55.rus.2019-12-26.md").read_text(encoding="utf-8")
    html = "<html><body>" + "".join(f"<p>{line.lstrip('#> ')}</p>" for line in text.split("\n")[5:] if line.strip()) + "</body></html>"
    (site / "civil.html").write_text(html, encoding="utf-8")
    handler = partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        shipped = load_manifest("kz")
        assert shipped is not None
        civil = next(c for c in shipped.codes if c.key == "civil_procedure")
        criminal = next(c for c in shipped.codes if c.key == "criminal")
        manifest = Manifest("kz", "test", (
            civil.__class__(**{**civil.__dict__, "urls": (("rus", f"{base}/civil.html"),)}),
            criminal.__class__(**{**criminal.__dict__, "urls": (("rus", f"{base}/absent.html"),)}),
        ))
        results = fetch(manifest, tmp_path / "cache")
    finally:
        server.shutdown()
        thread.join()
    saved = {r.entry.key: r for r in results}
    assert saved["civil_procedure"].path is not None
    # named by the latest amending law its footnotes cite (the served page has no front matter)
    assert saved["civil_procedure"].path.name == "civil-procedure-code.rus.2019-01-21.html"
    assert saved["criminal"].path is None and "404" in saved["criminal"].error
    found = [x for x in locate(manifest, [tmp_path / "cache"]) if x.path]
    assert [x.entry.key for x in found] == ["civil_procedure"]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def test_progress_bar_draws_in_place_and_clears() -> None:
    import io

    from lexgap.cli.common import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(4, stream)
    bar("reading a")
    bar("rule b")
    bar.close()
    drawn = stream.getvalue().split("\r")
    assert drawn[1].startswith("[#####---------------] 1/4 reading a")
    assert drawn[2].startswith("[##########----------] 2/4 rule b")
    assert drawn[-1] == ""  # the line is cleared at the end


def test_no_progress_output_when_piped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = corpus_path("kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md")
    code, _, err = run(capsys, "check", str(source), "-o", str(tmp_path / "r.json"), "--reproducible")
    assert code == 1
    assert "[" not in err and err.strip() == f"report: {tmp_path / 'r.json'}"


def test_warns_when_no_rule_applies_to_the_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Статья 1. Общие положения\n\n1. Настоящий закон регулирует отношения.\n"
    source = tmp_path / "untitled.md"
    source.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "check", str(source), "-o", str(tmp_path / "r.json"), "--reproducible")
    assert "no rule applies to a code of kind 'other'" in err and "--kind" in err
    assert code == 1  # the corpus-wide rules still find their gaps


def test_deeply_nested_akoma_ntoso_is_a_read_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ns = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    deep = "<b>" * 1500 + "x" + "</b>" * 1500
    xml = (f'<akomaNtoso xmlns="{ns}"><act><body><article eId="art_1"><num>1</num>'
           f"<content><p>{deep}</p></content></article></body></act></akomaNtoso>")
    source = tmp_path / "deep.xml"
    source.write_text(xml, encoding="utf-8")
    code, _, err = run(capsys, "parse", str(source))
    assert code == 2 and "Traceback" not in err


def test_a_dated_edition_is_preferred_to_an_undated_one(tmp_path: Path) -> None:
    manifest = load_manifest("kz")
    assert manifest is not None
    folder = tmp_path / "kz"
    folder.mkdir()
    (folder / "criminal-code.rus.2019-12-27.md").write_text("x", encoding="utf-8")
    (folder / "criminal-code.rus.undated.md").write_text("x", encoding="utf-8")
    found = [x for x in locate(manifest, [tmp_path]) if x.path and x.entry.key == "criminal"]
    assert [x.path.name for x in found] == ["criminal-code.rus.2019-12-27.md"]


def test_the_same_text_given_twice_is_read_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(corpus_path("kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md"))
    code, _, err = run(capsys, "check", source, source, "--format", "sarif", "-o", str(tmp_path / "r.sarif"), "--reproducible")
    assert code == 1 and "read once" in err
    data = json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    assert len(data["runs"][0]["artifacts"]) == 1


def test_two_texts_claiming_one_edition_are_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = corpus_path("kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md")
    changed = tmp_path / "copy.md"
    changed.write_text(source.read_text(encoding="utf-8").replace("Подозреваемый", "Подозреваемый лицо", 1), encoding="utf-8")
    code, _, err = run(capsys, "check", str(source), str(changed), "-o", str(tmp_path / "r.json"))
    assert code == 2 and "different texts of the same edition" in err


def test_an_internal_error_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import lexgap.cli.rules as rules_command

    def broken(args: object) -> int:
        raise KeyError("boom")

    monkeypatch.setattr(rules_command, "lint_command", broken)
    monkeypatch.delenv("LEXGAP_DEBUG", raising=False)
    code, _, err = run(capsys, "rules", "lint")
    assert code == 2 and err.startswith("lexgap: internal error: KeyError") and "Traceback" not in err


@pytest.mark.parametrize("how", ["existing-directory", "trailing-slash"])
def test_output_directory_for_one_format(tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str) -> None:
    source = corpus_path("kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md")
    target = tmp_path / "out"
    if how == "existing-directory":
        target.mkdir()
    code, _, _ = run(capsys, "check", str(source), "-o", str(target) + ("/" if how == "trailing-slash" else ""))
    assert code == 1
    assert (target / "criminal-procedure-code.ch09.rus.2025-09-16-findings.json").is_file()


def test_report_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = corpus_path("kz/editions/criminal-procedure-code.ch09.rus.2025-09-16.md")
    code, out, err = run(capsys, "check", str(source), "-o", "-", "--reproducible")
    assert code == 1 and json.loads(out)["format"] == "lexgap.findings/1" and "silence-suspect" in err


def test_excerpts_are_flagged_in_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = corpus_path("kz/editions/criminal-code.ch03.rus.2015-11-13.md")
    run(capsys, "check", str(source), "--format", "json,md", "-o", str(tmp_path), "--reproducible")
    data = json.loads((tmp_path / "criminal-code.ch03.rus.2015-11-13-findings.json").read_text(encoding="utf-8"))
    assert data["provenance"]["inputs"][0]["fragment"] is True
    markdown = (tmp_path / "criminal-code.ch03.rus.2015-11-13-findings.md").read_text(encoding="utf-8")
    assert "excerpt, not the whole code" in markdown and "Only an excerpt of the code was read" in markdown


def test_lint_of_a_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "rules", "lint", "no/such/rules")
    assert code == 2 and "no such rule file or directory" in err


def test_graph_top_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:  # argparse refuses it before any work
        main(["graph", "x.md", "--top", "0"])
    assert stop.value.code == 2 and "must be 1 or more" in capsys.readouterr().err
