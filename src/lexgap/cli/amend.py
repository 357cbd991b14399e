"""`lexgap amend`: apply a draft amending law to a code, write the amended edition, diff and check it.

Exit codes: 2 when an instruction cannot be applied (with --keep-going the amended edition is still
written and checked, and the exit code is still 2) or an input cannot be read; with --check, 1 when
a finding gets worse (a gap opened, a conflict introduced, a verdict lowered); 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexgap.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_read_options,
    date_arg,
    load_codes,
    load_pack,
    progress,
    read_options,
)
from lexgap.output import write_atomic

if TYPE_CHECKING:
    from lexgap.amend import AmendingLaw
    from lexgap.amend.apply import Amended
    from lexgap.diff import FindingChange
    from lexgap.diff.render import DiffReport

#: Verdicts from worst to best; a finding that moves left got worse.
_ORDER = ("conflict", "missing", "partial", "satisfied")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    amend = commands.add_parser("amend", help="apply a draft amending law to a code, then diff and check the amended edition")
    amend.add_argument("code", metavar="CODE", help="the code to amend (a file lexgap reads)")
    amend.add_argument("amendment", metavar="AMENDMENT", help="the amending law (Markdown, text or DOCX, in Russian)")
    amend.add_argument("--check", action="store_true", help="diff the editions and run the rules on both; show what the draft changes")
    amend.add_argument("--rules", metavar="DIR", action="append", help="rule files or directories for --check (default: the shipped rules)")
    amend.add_argument("-o", "--output", metavar="AMENDED.md", help="write the amended edition (Markdown) here")
    amend.add_argument("--format", choices=("text", "md", "json"), default="text", help="what is printed (default text)")
    amend.add_argument("--date", type=date_arg, metavar="DATE", help="edition date of the amended code (default: the law's date; none for an undated draft)")
    amend.add_argument("--keep-going", action="store_true", help="write and check the amended edition even when instructions fail")
    add_read_options(amend)
    amend.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lexgap.amend import apply_amendment

    if args.output:
        _refuse_to_overwrite(args.output, {"CODE": args.code, "AMENDMENT": args.amendment})
    law = read_law(args.amendment)  # before the code: reading it is quick, and its errors are the user's
    if not law.instructions:
        raise UsageError(f"{args.amendment}: no amending clauses found (expected e.g. \"1) статью 146 изложить в следующей редакции: …\")")
    codes = load_codes([args.code], read_options(args), progress)
    amended = apply_amendment(codes[0], law, edition=args.date, source=args.output)
    failed = len(amended.failures)
    produced = not failed or args.keep_going  # the edition is written and checked
    check = _check(amended, args.rules) if produced and args.check else None
    if args.output and produced:
        write_atomic(args.output, amended.text)
    sys.stdout.write(_RENDER[args.format](amended, check, args.output if produced else None))
    if failed:
        outcome = ("the amended edition leaves them out" if produced
                   else "the amended edition is not written (--keep-going writes it without them)")
        print(f"lexgap: {failed} instruction(s) cannot be applied; {outcome}", file=sys.stderr)
        return EXIT_ERROR  # with --keep-going too: the edition is not the one the draft asks for
    return EXIT_FINDINGS if check is not None and check.worse else EXIT_OK


def _refuse_to_overwrite(output: str, inputs: dict[str, str]) -> None:
    """-o naming an input would silently replace it (the code's text is the only copy a user may have)."""
    target = Path(output)
    for role, name in inputs.items():
        source = Path(name)
        same = target.resolve() == source.resolve()
        if not same and target.exists() and source.exists():
            same = os.path.samefile(target, source)  # a hard link or another spelling of the same file
        if same:
            raise UsageError(f"-o {output} is the {role} file {name}: write the amended edition elsewhere")


def read_law(path: str) -> AmendingLaw:
    """The amending law in `path`: a Word (DOCX) draft through the DOCX reader, anything else as text.

    A file that is neither (a PDF, a binary file, text in no encoding lexgap knows) is a usage error,
    told in one line.
    """
    from lexgap.amend import parse_amendment
    from lexgap.read import ReadError, sniff
    from lexgap.read.decode import decode
    from lexgap.read.docx import docx_text

    data = Path(path).read_bytes()
    try:
        content = docx_text(data) if sniff(data) == "docx" else decode(data)
    except ReadError as exc:
        raise UsageError(f"{path}: cannot read the amending law: {exc}") from exc
    except ValueError as exc:  # DecodeError, UnicodeDecodeError, a damaged DOCX
        raise UsageError(f"{path}: cannot read the amending law as text: {exc}") from exc
    return parse_amendment(content, source=path)


# --- the check ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """The diff of the code and its amended edition, with what it does to the findings."""

    report: DiffReport

    @property
    def worse(self) -> tuple[FindingChange, ...]:
        """Findings whose verdict went down (satisfied -> partial, anything -> conflict)."""
        return tuple(f for f in self.report.findings if _rank(f.new_status) < _rank(f.old_status))


def _rank(status: str) -> int:
    return _ORDER.index(status) if status in _ORDER else len(_ORDER)


def _check(amended: Amended, rule_dirs: list[str] | None) -> Check:
    """Diff the editions (`lexgap.diff`), run the rules on both, and pair the findings."""
    from lexgap.diff import diff_codes, diff_findings
    from lexgap.diff.render import DiffReport
    from lexgap.match import check
    from lexgap.refs import resolve

    pack = load_pack(rule_dirs)
    (new,) = resolve([amended.new])
    code_diff = diff_codes(amended.old, new)
    findings = diff_findings(check([amended.old], pack), check([new], pack), code_diff)
    return Check(DiffReport(code_diff, findings, rules_run=True))


# --- output ---------------------------------------------------------------------------------------


def _law_line(amended: Amended) -> str:
    law = amended.law
    when = law.date.strftime("%d.%m.%Y") if law.date else "undated"
    number = f"№ {law.number}" if law.number else "draft"
    return f"{law.title or 'amending law'} ({when}, {number})"


def _summary(amended: Amended) -> dict[str, int]:
    counts = {"applied": 0, "failed": 0, "skipped": 0}
    for outcome in amended.outcomes:
        counts[outcome.result.value] += 1
    return counts


def to_text(amended: Amended, check: Check | None, output: str | None) -> str:
    lines = [_law_line(amended), f"{amended.old.uri} -> {amended.new.uri}"]
    lines += [o.line(amended.law.source) for o in amended.outcomes]
    counts = _summary(amended)
    lines.append(f"{len(amended.outcomes)} instructions: {counts['applied']} applied, {counts['failed']} failed, {counts['skipped']} skipped")
    if output:
        lines.append(f"amended edition: {output}")
    if check is not None:
        from lexgap.diff.render import to_text as diff_text

        lines += ["", diff_text(check.report).rstrip("\n")]
    return "\n".join(lines) + "\n"


def to_markdown(amended: Amended, check: Check | None, output: str | None) -> str:
    source = amended.law.source
    lines = [f"# {_law_line(amended)}", "", f"`{amended.old.uri}` → `{amended.new.uri}`", ""]
    lines += ["| where | clause | operation | target | result | message |", "|---|---|---|---|---|---|"]
    for o in amended.outcomes:
        ins = o.instruction
        lines.append(f"| {ins.location.prefix(source)} | {ins.clause} | {ins.op.value} | {ins.target.describe()} | "
                     f"{o.result.value} | {_cell(o.message)} |")
    if output:
        lines += ["", f"Amended edition: `{output}`"]
    if check is not None:
        from lexgap.diff.render import to_markdown as diff_markdown

        lines += ["", diff_markdown(check.report).rstrip("\n")]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_json(amended: Amended, check: Check | None, output: str | None) -> str:
    return json.dumps(as_dict(amended, check, output), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def as_dict(amended: Amended, check: Check | None, output: str | None) -> dict[str, Any]:
    """The JSON form: the law, each instruction's outcome, and the check when run."""
    law = amended.law
    data: dict[str, Any] = {
        "law": {"source": law.source, "title": law.title, "number": law.number,
                "date": law.date.isoformat() if law.date else None, "draft": law.is_draft},
        "code": {"old": amended.old.uri, "new": amended.new.uri, "edition": _iso(amended.new.edition_date)},
        "amended_edition": output,
        "instructions": [
            {
                "clause": o.instruction.clause,
                "op": o.instruction.op.value,
                "target": o.instruction.target.id,
                "location": {"line": o.instruction.location.line, "column": o.instruction.location.column,
                             "start": o.instruction.location.span.start, "end": o.instruction.location.span.end},
                "result": o.result.value,
                "message": o.message,
                "provisions": list(o.provisions),
            }
            for o in amended.outcomes
        ],
        "summary": _summary(amended),
    }
    if check is not None:
        from lexgap.diff.render import to_dict

        data["check"] = to_dict(check.report)
    return data


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


_RENDER = {"text": to_text, "md": to_markdown, "json": to_json}
