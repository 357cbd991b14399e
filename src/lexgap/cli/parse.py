"""`lexgap parse`: read codes into the provision tree, summarise them, write them out."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lexgap.cli.common import (
    EXIT_OK,
    UsageError,
    add_read_options,
    load_codes,
    progress,
    read_options,
)
from lexgap.model import Code
from lexgap.output import write_atomic


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parse = commands.add_parser("parse", help="read codes into the provision tree and summarise them")
    parse.add_argument("files", nargs="+", metavar="FILE", help="code texts: Markdown/plain text, Akoma Ntoso, DOCX, HTML")
    parse.add_argument("--format", choices=("json", "akn", "text", "tree"), default="json", help="output form (default json)")
    parse.add_argument("-o", "--output", metavar="PATH", help="file (one input), directory (several), or - for standard output")
    add_read_options(parse)
    parse.set_defaults(run=run)


def _writers() -> dict[str, tuple[str, Callable[[Code], bytes]]]:
    from lexgap.write.json import to_json
    from lexgap.write.outline import to_text, to_tree

    def akn(code: Code) -> bytes:
        from lexgap.write.akn import to_akn

        return to_akn(code)

    return {"json": (".json", to_json), "akn": (".akn.xml", akn), "text": (".md", to_text), "tree": (".tree.txt", to_tree)}


def run(args: argparse.Namespace) -> int:
    suffix, writer = _writers()[args.format]
    codes = load_codes(args.files, read_options(args), progress)
    targets = _output_targets(args.output, args.files, suffix)
    for code, target in zip(codes, targets, strict=True):
        print(_summary_line(code), file=sys.stderr if target == "-" else sys.stdout)
        if target == "-":
            sys.stdout.buffer.write(writer(code))
        elif target:
            write_atomic(target, writer(code))
    return EXIT_OK


def _output_targets(output: str | None, files: Sequence[str], suffix: str) -> list[str | None]:
    if output is None:
        return [None] * len(files)
    if output == "-" or len(files) == 1 and not Path(output).is_dir():
        if output == "-" and len(files) > 1:
            raise UsageError("-o - takes one input; give a directory for several")
        return [output] * len(files)
    stems = [Path(name).name.rsplit(".", 1)[0] for name in files]
    if len(set(stems)) < len(stems):
        raise UsageError("two inputs have the same file name; write them one at a time")
    return [str(Path(output) / f"{stem}{suffix}") for stem in stems]


def _summary_line(code: Code) -> str:
    from lexgap.write.json import summary

    s = summary(code)
    edition = code.edition_date.isoformat() if code.edition_date else "edition unknown"
    return (
        f"{code.source}: {code.title or '(untitled)'} [{code.kind.value}, {code.language}, {edition}] "
        f"articles {s['articles']} ({s['articles_in_force']} in force, {s['articles_repealed']} repealed), "
        f"parts {s['paragraphs']}, items {s['points']}, notes {s['notes']}, "
        f"references {s['references_resolved']}/{s['references']} resolved, {s['references_dangling']} dangling"
    )
