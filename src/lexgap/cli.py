"""The `lexgap` command: parses arguments, wires the pipeline stages, prints, sets the exit code.

Exit codes follow linters: 0 success, 1 findings (gap reports, once they exist), 2 usage or input error.
Errors are one line on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from lexgap import __version__
from lexgap.model import Code, CodeKind
from lexgap.output import write_atomic
from lexgap.read import FORMATS, ReadError, ReadOptions, read_code

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with what the user asked for; printed as one line."""


def _writers() -> dict[str, tuple[str, Callable[[Code], bytes]]]:
    from lexgap.write.json import to_json
    from lexgap.write.outline import to_text, to_tree

    def akn(code: Code) -> bytes:
        from lexgap.write.akn import to_akn

        return to_akn(code)

    return {"json": (".json", to_json), "akn": (".akn.xml", akn), "text": (".md", to_text), "tree": (".tree.txt", to_tree)}


def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lexgap", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"lexgap {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    parse = commands.add_parser("parse", help="read codes into the provision tree and summarise them")
    parse.add_argument("files", nargs="+", metavar="FILE", help="code texts: Markdown/plain text, Akoma Ntoso, DOCX, HTML")
    parse.add_argument("--format", choices=("json", "akn", "text", "tree"), default="json", help="output form (default json)")
    parse.add_argument("-o", "--output", metavar="PATH", help="file (one input), directory (several), or - for standard output")
    _add_read_options(parse)
    parse.set_defaults(run=cmd_parse)

    check = commands.add_parser("check", help="run the rules on codes and report the gaps")
    check.add_argument("corpus", nargs="+", metavar="CORPUS",
                       help="code files, directories of them, or a jurisdiction (kz) found on the corpus search path")
    check.add_argument("--rules", metavar="DIR", action="append", help="rule files or directories (default: the rules shipped with lexgap)")
    check.add_argument("--corpora", metavar="DIR", action="append", default=[], help="where to look for a jurisdiction's texts (before LEXGAP_CORPORA and the cache)")
    check.add_argument("--languages", metavar="L,L", help="languages to read for a jurisdiction, e.g. rus,kaz (default: every one found)")
    check.add_argument("--format", choices=("json",), default="json", help="report format written to -o (default json)")
    check.add_argument("-o", "--output", metavar="PATH", help="report file (default reports/<corpus>-findings.json)")
    check.add_argument("--fail-on", metavar="LIST", default="partial,missing,conflict",
                       help="statuses that make the exit code 1 (default partial,missing,conflict)")
    check.add_argument("--reproducible", action="store_true", help="leave the timestamp out, so reruns are byte-identical")
    _add_read_options(check)
    check.set_defaults(run=cmd_check)

    rules = commands.add_parser("rules", help="work with rule files")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True)
    lint = rules_commands.add_parser("lint", help="validate rule files; problems as file:line:col")
    lint.add_argument("paths", nargs="*", metavar="PATH", help="rule files or directories (default: the shipped rules)")
    lint.set_defaults(run=cmd_rules_lint)

    fetch = commands.add_parser("fetch", help="download a jurisdiction's official texts into the cache")
    fetch.add_argument("jurisdiction", metavar="JURISDICTION", help="e.g. kz")
    fetch.add_argument("--languages", metavar="L,L", default="rus", help="languages to fetch (default rus)")
    fetch.add_argument("--dest", metavar="DIR", help="where to save (default: the user cache)")
    fetch.set_defaults(run=cmd_fetch)
    return parser


def shipped_rules() -> Path:
    """The rule pack that ships with lexgap."""
    from importlib import resources

    return Path(str(resources.files("lexgap") / "data" / "rules"))


def cmd_rules_lint(args: argparse.Namespace) -> int:
    from lexgap.rules import format_problem, lint

    paths = args.paths or [shipped_rules()]
    problems = lint(paths)
    for problem in problems:
        print(format_problem(problem))
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return EXIT_FINDINGS
    print("rules: no problems")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from lexgap.match import check
    from lexgap.report import make_report
    from lexgap.report.json import to_json
    from lexgap.report.table import to_table
    from lexgap.rules import RuleError, format_problem, load_rules

    fail_on = _verdicts(args.fail_on)
    try:
        pack = load_rules(args.rules or [shipped_rules()])
    except RuleError as exc:
        for problem in exc.problems:
            print(format_problem(problem), file=sys.stderr)
        raise UsageError("the rules have problems (see above); `lexgap rules lint` lists them") from exc
    files = _corpus_files(args.corpus, args.corpora, args.languages)
    codes = load_codes(files, read_options(args), _progress)
    report = make_report(check(codes, pack, _progress), pack, reproducible=args.reproducible)
    target = args.output or str(Path("reports") / f"{_corpus_name(args.corpus)}-findings.json")
    write_atomic(target, to_json(report))
    sys.stdout.write(to_table(report))
    print(f"report: {target}", file=sys.stderr)
    gaps = [f for f in report.findings if f.status in fail_on]
    return EXIT_FINDINGS if gaps else EXIT_OK


def _verdicts(text: str) -> frozenset:  # type: ignore[type-arg]
    from lexgap.rules.schema import Verdict

    names = [part.strip() for part in text.split(",") if part.strip()]
    try:
        return frozenset(Verdict(name) for name in names)
    except ValueError as exc:
        raise UsageError(f"--fail-on takes statuses among {', '.join(v.value for v in Verdict)}: {text!r}") from exc


def _corpus_name(corpus: Sequence[str]) -> str:
    if len(corpus) == 1:
        return Path(corpus[0]).name.split(".", 1)[0] or "check"
    return "check"


def _corpus_files(corpus: Sequence[str], corpora: Sequence[str], languages: str | None) -> list[str]:
    """Files named, files in directories named, and the texts of jurisdictions on the search path."""
    from lexgap.corpus import TEXT_SUFFIXES, load_manifest, locate, search_path, where_to_get

    files: list[str] = []
    for item in corpus:
        path = Path(item)
        if path.is_file():
            files.append(item)
        elif path.is_dir():
            found = sorted(str(p) for p in path.iterdir() if p.is_file() and p.suffix in TEXT_SUFFIXES)
            if not found:
                raise UsageError(f"{item}: no code texts in this directory ({', '.join(TEXT_SUFFIXES)})")
            files.extend(found)
        elif (manifest := load_manifest(item)) is not None:
            dirs = search_path(corpora)
            wanted = [lang.strip() for lang in languages.split(",")] if languages else []
            located = locate(manifest, dirs, wanted)
            for missing in (x for x in located if x.path is None):
                print(where_to_get(missing, dirs), file=sys.stderr)
            present = [str(x.path) for x in located if x.path is not None]
            if not present:
                searched = ", ".join(str(d) for d in dirs)
                raise UsageError(f"no texts of {manifest.name} found (searched {searched})")
            files.extend(present)
        else:
            raise UsageError(f"{item}: not a file, a directory or a known jurisdiction")
    return files


def cmd_fetch(args: argparse.Namespace) -> int:
    from lexgap.corpus import cache_dir, fetch, load_manifest

    manifest = load_manifest(args.jurisdiction)
    if manifest is None:
        raise UsageError(f"unknown jurisdiction {args.jurisdiction!r}")
    dest = Path(args.dest) if args.dest else cache_dir()
    results = fetch(manifest, dest, [lang.strip() for lang in args.languages.split(",")], progress=_progress)
    for result in results:
        title = f"{result.entry.title('eng')} [{result.language}]"
        print(f"{title}: {result.path}" if result.path else f"{title}: failed: {result.error}")
    return EXIT_OK if all(r.path for r in results) else EXIT_ERROR


def _add_read_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input-format", choices=FORMATS, help="skip format sniffing")
    parser.add_argument("--lang", help="language of the text: ru, kk or en (default: detected)")
    parser.add_argument("--kind", choices=[k.value for k in CodeKind], help="what the code governs (default: from its title)")
    parser.add_argument("--jurisdiction", metavar="CC", help="ISO country code, e.g. kz (default: detected)")
    parser.add_argument("--edition", type=_date_arg, metavar="DATE", help="edition date, when the footnotes do not tell")


def read_options(args: argparse.Namespace) -> ReadOptions:
    return ReadOptions(
        format=args.input_format,
        lang=args.lang,
        kind=CodeKind(args.kind) if args.kind else None,
        jurisdiction=args.jurisdiction,
        edition_date=args.edition,
    )


def load_codes(files: Sequence[str], options: ReadOptions, progress: Callable[[str], None]) -> list[Code]:
    """Read every file, then resolve references across all of them (a code may cite another)."""
    from lexgap.refs import resolve

    codes = []
    for index, name in enumerate(files, 1):
        progress(f"[{index}/{len(files)}] reading {name}")
        codes.append(read_code(name, options))
    return list(resolve(codes))


def cmd_parse(args: argparse.Namespace) -> int:
    suffix, writer = _writers()[args.format]
    codes = load_codes(args.files, read_options(args), _progress)
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


def _progress(message: str) -> None:
    """Progress on a terminal only: quiet when standard error is piped or redirected."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (ReadError, UsageError) as exc:
        print(f"lexgap: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        print(f"lexgap: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
