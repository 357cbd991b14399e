"""`lexgap diff`: what changed between two editions of a code, and what that does to the gaps."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lexgap.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_read_options,
    date_arg,
    load_pack,
    progress,
    read_options,
)
from lexgap.model import Code
from lexgap.output import write_atomic

if TYPE_CHECKING:
    from lexgap.diff import CodeDiff, FindingChange
    from lexgap.diff.render import DiffReport

FORMATS = ("text", "md", "json", "html")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    diff = commands.add_parser(
        "diff",
        help="compare two editions of a code: provisions changed, amending laws, findings changed",
        description=(
            "Compare OLD and NEW, two editions of one code (or a chapter of one). With --as-of, the "
            "files are editions of one code and the dates pick them: two dates pick the edition in "
            "force on each; one date picks the edition in force then and compares it with the latest. "
            "Exit 0 when nothing changed, 1 when something did, 2 on an error."
        ),
    )
    diff.add_argument("files", nargs="+", metavar="FILE", help="OLD NEW, or with --as-of the editions to pick from")
    diff.add_argument("--as-of", metavar="DATE", type=date_arg, action="append", default=[],
                      help="pick the edition in force on DATE (YYYY-MM-DD); give it once or twice")
    diff.add_argument("--scope", choices=("auto", "all"), default="auto",
                      help="auto (default): when one input is a chapter or section, compare only what both cover; all: everything")
    diff.add_argument("--rules", metavar="DIR", action="append", help="rule files or directories (default: the rules shipped with lexgap)")
    diff.add_argument("--no-rules", action="store_true", help="compare the texts only, do not run the rules")
    diff.add_argument("--format", choices=FORMATS, default="text", help="output form (default text)")
    diff.add_argument("-o", "--output", metavar="PATH", help="write to PATH (default: standard output)")
    add_read_options(diff)
    diff.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lexgap.diff import EditionError, check_same_code, diff_codes, pick_pair
    from lexgap.diff.render import DiffReport

    if len(args.as_of) > 2:
        raise UsageError("--as-of takes one or two dates")
    if not args.as_of and len(args.files) != 2:
        raise UsageError(f"give OLD and NEW (two files), or editions with --as-of; got {len(args.files)} files")
    codes = _read(args.files, args)
    try:
        check_same_code(codes)
        old, new = pick_pair(codes, args.as_of) if args.as_of else (codes[0], codes[1])
    except EditionError as exc:
        raise UsageError(str(exc)) from exc
    if args.as_of:
        print(f"old: {old.source} ({_edition(old)}); new: {new.source} ({_edition(new)})", file=sys.stderr)
    progress("comparing")
    diff = diff_codes(old, new, args.scope)
    findings = () if args.no_rules else _findings(diff, args.rules)
    report = DiffReport(diff, findings, rules_run=not args.no_rules)
    data = _render(report, args.format)
    if args.output and args.output != "-":
        write_atomic(args.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    changed = bool(diff.changed) or any(f.change != "unchanged" for f in findings)
    return EXIT_FINDINGS if changed else EXIT_OK


def _read(files: Sequence[str], args: argparse.Namespace) -> list[Code]:
    """Read each file. References are not resolved: neither the diff nor the rules use them, and
    two editions of one code must not be taken for codes citing each other."""
    from lexgap.read import read_code

    options = read_options(args)
    codes = []
    for index, name in enumerate(files, 1):
        progress(f"[{index}/{len(files)}] reading {name}")
        codes.append(read_code(name, options))
    return codes


def _findings(diff: CodeDiff, rule_dirs: list[str] | None) -> tuple[FindingChange, ...]:
    """The rules on both editions, cut to the diff's scope (see lexgap.diff.findings), compared."""
    from lexgap.diff import diff_findings, scoped_codes
    from lexgap.match import check

    pack = load_pack(rule_dirs)
    old, new = scoped_codes(diff)
    return diff_findings(check([old], pack, progress), check([new], pack, progress), diff)


def _render(report: DiffReport, fmt: str) -> bytes:
    from lexgap.diff import render

    if fmt == "json":
        return render.to_json(report)
    if fmt == "html":
        return render.to_html(report)
    if fmt == "md":
        return render.to_markdown(report).encode("utf-8")
    return render.to_text(report).encode("utf-8")


def _edition(code: Code) -> str:
    return code.edition_date.isoformat() if code.edition_date else "edition unknown"
