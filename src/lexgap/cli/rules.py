"""`lexgap rules lint`: validate rule files, problems as file:line:col."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lexgap.cli.common import EXIT_FINDINGS, EXIT_OK, UsageError, shipped_rules


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rules = commands.add_parser("rules", help="work with rule files")
    rules_commands = rules.add_subparsers(dest="rules_command", required=True)
    lint = rules_commands.add_parser("lint", help="validate rule files; problems as file:line:col")
    lint.add_argument("paths", nargs="*", metavar="PATH", help="rule files or directories (default: the shipped rules)")
    lint.set_defaults(run=lint_command)


def lint_command(args: argparse.Namespace) -> int:
    from lexgap.rules import format_problem, lint

    paths = args.paths or [shipped_rules()]
    missing = [str(path) for path in paths if not Path(path).exists()]
    if missing:
        raise UsageError(f"no such rule file or directory: {', '.join(missing)}")
    problems = lint(paths)
    for problem in problems:
        print(format_problem(problem))
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return EXIT_FINDINGS
    print("rules: no problems")
    return EXIT_OK
