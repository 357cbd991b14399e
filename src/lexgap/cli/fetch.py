"""`lexgap fetch`: download a jurisdiction's official texts into the cache."""

from __future__ import annotations

import argparse
from pathlib import Path

from lexgap.cli.common import EXIT_ERROR, EXIT_OK, UsageError, progress


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    fetch = commands.add_parser("fetch", help="download a jurisdiction's official texts into the cache")
    fetch.add_argument("jurisdiction", metavar="JURISDICTION", help="e.g. kz")
    fetch.add_argument("--languages", metavar="L,L", default="rus", help="languages to fetch (default rus)")
    fetch.add_argument("--dest", metavar="DIR", help="where to save (default: the user cache)")
    fetch.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lexgap.corpus import cache_dir, fetch, load_manifest

    manifest = load_manifest(args.jurisdiction)
    if manifest is None:
        raise UsageError(f"unknown jurisdiction {args.jurisdiction!r}")
    dest = Path(args.dest) if args.dest else cache_dir()
    results = fetch(manifest, dest, [lang.strip() for lang in args.languages.split(",")], progress=progress)
    for result in results:
        title = f"{result.entry.title('eng')} [{result.language}]"
        print(f"{title}: {result.path}" if result.path else f"{title}: failed: {result.error}")
    return EXIT_OK if all(r.path for r in results) else EXIT_ERROR
