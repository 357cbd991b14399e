"""Jurisdiction manifests: which codes a jurisdiction has, their numbers, dates and official URLs.

The manifests ship with lexgap (``lexgap/data/<jurisdiction>.yaml``). Readers use them to complete a
code's metadata that exported texts leave out (number, adoption date); the corpus search path and
`fetch` of later stages use the URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import yaml

from lexgap.model import CodeKind


@dataclass(frozen=True)
class CodeEntry:
    """One code of a jurisdiction as the manifest describes it."""

    jurisdiction: str
    key: str
    kind: CodeKind
    number: str
    adopted: date
    adilet: str
    titles: tuple[tuple[str, str], ...]  # (language, title)
    urls: tuple[tuple[str, str], ...]  # (language, URL of the official text)

    def title(self, language: str) -> str:
        return dict(self.titles).get(language) or dict(self.titles).get("eng", self.key)


@dataclass(frozen=True)
class Manifest:
    jurisdiction: str
    name: str
    codes: tuple[CodeEntry, ...]

    def by_kind(self, kind: CodeKind) -> CodeEntry | None:
        return next((c for c in self.codes if c.kind is kind), None)

    def by_adilet(self, doc_id: str) -> CodeEntry | None:
        return next((c for c in self.codes if c.adilet == doc_id), None)


@cache
def load_manifest(jurisdiction: str) -> Manifest | None:
    """The shipped manifest of `jurisdiction`, or None when lexgap has none."""
    resource = resources.files("lexgap") / "data" / f"{jurisdiction}.yaml"
    if not resource.is_file():
        return None
    raw = yaml.safe_load(resource.read_text(encoding="utf-8"))
    codes = tuple(
        CodeEntry(
            jurisdiction=raw["jurisdiction"],
            key=entry["key"],
            kind=CodeKind(entry["kind"]),
            number=str(entry["number"]),
            adopted=entry["adopted"],
            adilet=str(entry.get("adilet", "")),
            titles=tuple(sorted(entry.get("titles", {}).items())),
            urls=tuple(sorted(entry.get("urls", {}).items())),
        )
        for entry in raw["codes"]
    )
    return Manifest(raw["jurisdiction"], raw.get("name", jurisdiction), codes)
