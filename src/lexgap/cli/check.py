"""`lexgap check`: run the rules on codes, print the table, write the report."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from lexgap.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_read_options,
    corpus_files,
    corpus_name,
    distinct_codes,
    load_codes,
    load_pack,
    progress_bar,
    read_options,
)
from lexgap.output import write_atomic
from lexgap.report.formats import FORMATS


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    check = commands.add_parser("check", help="run the rules on codes and report the gaps")
    check.add_argument("corpus", nargs="+", metavar="CORPUS",
                       help="code files, directories of them, or a jurisdiction (kz) found on the corpus search path")
    check.add_argument("--rules", metavar="DIR", action="append", help="rule files or directories (default: the rules shipped with lexgap)")
    check.add_argument("--corpora", metavar="DIR", action="append", default=[], help="where to look for a jurisdiction's texts (before LEXGAP_CORPORA and the cache)")
    check.add_argument("--languages", metavar="L,L", help="languages to read for a jurisdiction, e.g. rus,kaz (default: every one found)")
    check.add_argument("--format", action="append", type=_formats, metavar="FORMAT[,FORMAT...]",
                       help=f"report formats to write, repeatable or comma-separated: {', '.join(FORMATS)} (default json)")
    check.add_argument("-o", "--output", metavar="PATH",
                       help="the report file for one format; the directory for several (default reports/<corpus>-findings.<suffix>)")
    check.add_argument("--fail-on", metavar="LIST", default="partial,missing,conflict",
                       help="statuses that make the exit code 1 (default partial,missing,conflict)")
    check.add_argument("--reproducible", action="store_true", help="leave the timestamp out, so reruns are byte-identical")
    add_read_options(check)
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lexgap.match import check
    from lexgap.report import make_report
    from lexgap.report.table import to_table

    fail_on = _verdicts(args.fail_on)
    targets = _targets(args.format or [["json"]], args.output, corpus_name(args.corpus))
    pack = load_pack(args.rules)
    files = corpus_files(args.corpus, args.corpora, args.languages)
    with progress_bar(2 * len(files) + len(pack.rules)) as step:  # read, index, then each rule
        codes = distinct_codes(load_codes(files, read_options(args), step))
        findings = check(codes, pack, step)
    for code in codes:
        if not any(code.kind in rule.applies_to.kinds for rule in pack.rules):
            print(f"lexgap: warning: {code.source}: no rule applies to a code of kind {code.kind.value!r} "
                  "(only corpus-wide rules read it); give --kind if lexgap misread it", file=sys.stderr)
    report = replace(make_report(findings, pack, reproducible=args.reproducible), codes=tuple(codes))  # codes: the HTML graph
    rendered = [(target, FORMATS[name][1](report)) for name, target in targets]  # all built, then written
    if rendered and rendered[0][0] == STDOUT:
        sys.stdout.buffer.write(rendered[0][1])
        sys.stderr.write(to_table(report))
    else:
        for target, data in rendered:
            write_atomic(target, data)
        sys.stdout.write(to_table(report))
        for target, _ in rendered:
            print(f"report: {target}", file=sys.stderr)
    gaps = [f for f in report.findings if f.status in fail_on]
    return EXIT_FINDINGS if gaps else EXIT_OK


def _formats(text: str) -> list[str]:
    """"md,html" -> ["md", "html"], each a name in the registry."""
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or repr(text)}; choose among {', '.join(FORMATS)}")
    return names


STDOUT = Path("-")


def _targets(groups: list[list[str]], output: str | None, corpus: str) -> list[tuple[str, Path]]:
    """Each format with its file: `-o` itself for one format (`-` for standard output, the table then
    goes to standard error), `<corpus>-findings.<suffix>` in a directory (an existing one, or a path
    ending in "/") otherwise."""
    names = list(dict.fromkeys(name for group in groups for name in group))
    if output == "-":
        if len(names) > 1:
            raise UsageError("-o - takes one format")
        return [(names[0], STDOUT)]
    is_directory = output is not None and (output.endswith(("/", "\\")) or Path(output).is_dir())
    if output and len(names) == 1 and not is_directory:
        return [(names[0], Path(output))]
    directory = Path(output) if output else Path("reports")
    if directory.is_file():
        raise UsageError(f"-o {output}: several formats need a directory, and this is a file")
    return [(name, directory / f"{corpus}-findings{FORMATS[name][0]}") for name in names]


def _verdicts(text: str) -> frozenset:  # type: ignore[type-arg]
    from lexgap.rules.schema import Verdict

    names = [part.strip() for part in text.split(",") if part.strip()]
    try:
        return frozenset(Verdict(name) for name in names)
    except ValueError as exc:
        raise UsageError(f"--fail-on takes statuses among {', '.join(v.value for v in Verdict)}: {text!r}") from exc
