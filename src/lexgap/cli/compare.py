"""`lexgap compare`: the same rules over several codes side by side (editions, languages, States)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from lexgap.cli.common import (
    EXIT_OK,
    UsageError,
    add_read_options,
    corpus_files,
    load_pack,
    progress,
    read_options,
)
from lexgap.model import Code, CodeKind
from lexgap.output import write_atomic
from lexgap.rules.schema import RulePack

SETTABLE = ("lang", "kind", "jurisdiction", "edition", "title", "number")
"""What `--set` may state for one input: the `ReadOptions` a foreign text's headings cannot tell."""


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from lexgap.report.compare import WRITERS

    compare = commands.add_parser(
        "compare", help="run the rules over several codes and show them side by side",
        description="Rows are rules, columns the codes given (in that order); a cell is the status and the "
                    "pinpoint of the first evidence. Exit 0 on success, 2 on an error.")
    compare.add_argument("corpus", nargs="+", metavar="CORPUS",
                         help="code files, directories of them, or a jurisdiction (kz) found on the corpus search path")
    compare.add_argument("--rules", metavar="DIR", action="append", help="rule files or directories (default: the shipped rules)")
    compare.add_argument("--rule", metavar="ID", action="append", default=[],
                         help="compare only this rule (repeat, or separate ids by commas; default: every per-code rule)")
    compare.add_argument("--format", choices=sorted(WRITERS), help="md, text, json or html (default: from the -o suffix, else text)")
    compare.add_argument("-o", "--output", metavar="PATH", help="write here instead of standard output ('-' is standard output)")
    compare.add_argument("--corpora", metavar="DIR", action="append", default=[], help="where to look for a jurisdiction's texts")
    compare.add_argument("--languages", metavar="L,L", help="languages to read for a jurisdiction, e.g. rus,kaz")
    compare.add_argument("--set", nargs=2, action="append", default=[], dest="settings", metavar=("FILE", "KEY=VALUE,..."),
                         help=f"state what lexgap cannot detect for one input ({', '.join(SETTABLE)}), e.g. "
                              "--set ge-criminal-code.md lang=en,kind=criminal,jurisdiction=ge,edition=2024-05-01")
    add_read_options(compare)
    compare.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lexgap.match import check
    from lexgap.read import read_code
    from lexgap.refs import resolve
    from lexgap.report.compare import (
        WRITERS,
        ComparisonError,
        comparison,
        require_distinct,
    )

    pack = _pack(args.rules, args.rule)
    files = corpus_files(args.corpus, args.corpora, args.languages)
    overrides = _overrides(args.settings, files)
    base = read_options(args)
    codes: list[Code] = []
    for index, name in enumerate(files, 1):
        progress(f"[{index}/{len(files)}] reading {name}")
        codes.append(read_code(name, replace(base, **overrides.get(_key(name), {}))))
    try:
        require_distinct(codes)
    except ComparisonError as exc:
        raise UsageError(str(exc)) from exc
    codes = list(resolve(codes))
    table = comparison(codes, check(codes, pack, progress), pack)
    if not table.rows:
        raise UsageError("no rule of the pack reads these kinds of code (corpus-wide rules are not compared)")
    fmt = args.format or _format_from_suffix(args.output) or "text"
    data = WRITERS[fmt][1](table)
    if args.output and args.output != "-":
        write_atomic(args.output, data)
        print(f"comparison: {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return EXIT_OK


def _pack(rule_dirs: list[str] | None, wanted: list[str]) -> RulePack:
    """The rule pack, narrowed to the rules asked for; corpus-wide rules cannot be compared code by code."""

    pack = load_pack(rule_dirs)
    ids = [part.strip() for item in wanted for part in item.split(",") if part.strip()]
    if not ids:
        return pack
    unknown = [i for i in ids if i not in pack.index]
    if unknown:
        raise UsageError(f"unknown rule {', '.join(unknown)}; the pack has {', '.join(r.id for r in pack.rules)}")
    corpus_wide = [i for i in ids if pack[i].applies_to.corpus]
    if corpus_wide:
        raise UsageError(f"{', '.join(corpus_wide)} read(s) the whole corpus at once and cannot be compared code by code")
    chosen = set(ids)
    return replace(pack, rules=tuple(r for r in pack.rules if r.id in chosen))


def _key(path: str) -> str:
    return str(Path(path).resolve())


def _overrides(settings: list[list[str]], files: list[str]) -> dict[str, dict[str, Any]]:
    """Per-file `ReadOptions` fields from `--set FILE KEY=VALUE,...`; FILE must be one of the inputs.

    They override the command-wide options (--lang, --kind, ...) for that file only, so a foreign
    text can be labelled without relabelling the codes lexgap recognises by itself.
    """
    known = {_key(f) for f in files}
    out: dict[str, dict[str, Any]] = {}
    for path, text in settings:
        if _key(path) not in known:
            raise UsageError(f"--set {path}: not one of the inputs ({', '.join(files)})")
        out.setdefault(_key(path), {}).update(_fields(text, path))
    return out


def _fields(text: str, path: str) -> dict[str, Any]:
    """"lang=en,kind=criminal,jurisdiction=ge,edition=2024-05-01" as `ReadOptions` fields."""
    fields: dict[str, Any] = {}
    for pair in (p for p in text.split(",") if p.strip()):
        key, sep, value = (part.strip() for part in pair.partition("="))
        if not sep or key not in SETTABLE or not value:
            raise UsageError(f"--set {path}: expected KEY=VALUE with KEY among {', '.join(SETTABLE)}, got {pair!r}")
        try:
            if key == "kind":
                fields["kind"] = CodeKind(value)
            elif key == "edition":
                fields["edition_date"] = date.fromisoformat(value)
            elif key == "jurisdiction":
                fields["jurisdiction"] = value.lower()
            else:
                fields[key] = value
        except ValueError as exc:
            raise UsageError(f"--set {path}: {key}={value!r}: {exc}") from exc
    return fields


def _format_from_suffix(output: str | None) -> str | None:
    from lexgap.report.compare import WRITERS

    if not output or output == "-":
        return None
    suffix = Path(output).suffix.lower()
    return next((name for name, (ext, _) in WRITERS.items() if ext == suffix), None)
