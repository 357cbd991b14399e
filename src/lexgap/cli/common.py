"""What every command shares: exit codes, errors, reading codes, the corpus, progress.

Exit codes follow linters: 0 success, 1 findings (gaps, lint problems), 2 usage or input error.
Errors are one line on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TextIO

from lexgap.model import Code, CodeKind
from lexgap.read import FORMATS, ReadOptions, read_code
from lexgap.rules.schema import RulePack

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with what the user asked for; printed as one line."""


def date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def add_read_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input-format", choices=FORMATS, help="skip format sniffing")
    parser.add_argument("--lang", help="language of the text: ru, kk or en (default: detected)")
    parser.add_argument("--kind", choices=[k.value for k in CodeKind], help="what the code governs (default: from its title)")
    parser.add_argument("--jurisdiction", metavar="CC", help="ISO country code, e.g. kz (default: detected)")
    parser.add_argument("--edition", type=date_arg, metavar="DATE", help="edition date, when the footnotes do not tell")


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


def shipped_rules() -> Path:
    """The rule pack that ships with lexgap."""
    from importlib import resources

    return Path(str(resources.files("lexgap") / "data" / "rules"))


def distinct_codes(codes: Sequence[Code]) -> list[Code]:
    """Each text once: a file named twice (or found twice) is read once; two different texts that
    claim the same expression (one code, language and edition) are an error, since findings are
    keyed by it."""
    kept: dict[str, Code] = {}
    for code in codes:
        first = kept.get(code.uri)
        if first is None:
            kept[code.uri] = code
        elif first.sha256 != code.sha256:
            raise UsageError(
                f"{first.source} and {code.source} are different texts of the same edition ({code.uri}); "
                "give one, or set --edition to tell them apart"
            )
        else:
            print(f"lexgap: note: {code.source} is the same text as {first.source}; read once", file=sys.stderr)
    return list(kept.values())


def load_pack(rule_dirs: Sequence[str] | None) -> RulePack:
    """The rules given (the shipped pack by default); bad rules print file:line:col and stop the command."""
    from lexgap.rules import RuleError, format_problem, load_rules

    try:
        return load_rules(rule_dirs or [shipped_rules()])
    except RuleError as exc:
        for problem in exc.problems:
            print(format_problem(problem), file=sys.stderr)
        raise UsageError("the rules have problems (see above); `lexgap rules lint` lists them") from exc


def corpus_name(corpus: Sequence[str]) -> str:
    """The stem reports are named after: the jurisdiction, directory or file (with its language and
    edition: "criminal-code.rus.2019-12-27"), or "check" for several."""
    if len(corpus) == 1:
        return Path(corpus[0].rstrip("/")).name.rsplit(".", 1)[0] or "check"
    return "check"


def corpus_files(corpus: Sequence[str], corpora: Sequence[str], languages: str | None) -> list[str]:
    """Files named, files in directories named, and the texts of jurisdictions on the search path."""
    from lexgap.corpus import (
        TEXT_SUFFIXES,
        load_manifest,
        locate,
        search_path,
        where_to_get,
    )

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


def progress(message: str) -> None:
    """Progress on a terminal only: quiet when standard error is piped or redirected."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


class ProgressBar:
    """A one-line bar on a terminal ("[######------] 12/30 rule threat-of-torture"), redrawn in place.

    Each call advances it by one step; `close` clears the line. Used only when standard error is a
    terminal: piped output and CI logs get nothing.
    """

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream

    def __call__(self, message: str) -> None:
        self.done = min(self.done + 1, self.total)
        width = shutil.get_terminal_size((80, 20)).columns
        filled = round(20 * self.done / self.total)
        line = f"[{'#' * filled}{'-' * (20 - filled)}] {self.done}/{self.total} {message}"
        self.stream.write("\r" + line[: width - 1].ljust(width - 1))
        self.stream.flush()

    def close(self) -> None:
        width = shutil.get_terminal_size((80, 20)).columns
        self.stream.write("\r" + " " * (width - 1) + "\r")
        self.stream.flush()


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar of `total` steps on a terminal, or a callable that does nothing when piped."""
    if not sys.stderr.isatty():
        yield lambda message: None
        return
    bar = ProgressBar(total, sys.stderr)
    try:
        yield bar
    finally:
        bar.close()
