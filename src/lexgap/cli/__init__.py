"""The `lexgap` command: one module per subcommand, each with `register(commands)`; this module
builds the parser, runs the chosen command, and turns errors into one line and an exit code."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from lexgap import __version__
from lexgap.cli import amend, check, compare, diff, fetch, graph, parse, rules
from lexgap.cli.common import EXIT_ERROR, UsageError
from lexgap.read import ReadError

COMMANDS = (check, compare, diff, amend, parse, rules, fetch, graph)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lexgap", description="Find where legal codes fall short of human-rights standards.")
    parser.add_argument("--version", action="version", version=f"lexgap {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(commands)
    return parser


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
    except Exception as exc:  # a defect of lexgap: still one line and exit 2, never "gaps found"
        if os.environ.get("LEXGAP_DEBUG"):
            raise
        print(f"lexgap: internal error: {type(exc).__name__}: {exc} (set LEXGAP_DEBUG=1 for the traceback; "
              "please report it)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
