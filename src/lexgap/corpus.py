"""Jurisdiction manifests, the corpus search path, and fetching the official texts.

The manifests ship with lexgap (``lexgap/data/<jurisdiction>.yaml``): each code's kind, number,
adoption date, and the official database's URL per language. Readers use them to complete metadata
that exported texts leave out; `locate` finds the texts of a jurisdiction's codes on the search path
(``--corpora`` directories, then ``LEXGAP_CORPORA``, then the user cache); `fetch` downloads them.
A text is named ``<file>.<language>.<edition>.<ext>`` (``criminal-code.rus.2019-12-27.md``), in a
search directory or in its ``<jurisdiction>/`` subdirectory; the latest edition per language wins.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from lexgap.model import CodeKind

TEXT_SUFFIXES = (".md", ".txt", ".html", ".htm", ".docx", ".xml")
FETCH_TIMEOUT = 60.0  # seconds per request; the official database is slow but answers within it


@dataclass(frozen=True)
class CodeEntry:
    """One code of a jurisdiction as the manifest describes it."""

    jurisdiction: str
    key: str
    kind: CodeKind
    number: str
    adopted: date
    adilet: str
    file: str  # file-name stem of its texts on the search path
    titles: tuple[tuple[str, str], ...]  # (language, title)
    urls: tuple[tuple[str, str], ...]  # (language, URL of the official text)

    def title(self, language: str) -> str:
        return dict(self.titles).get(language) or dict(self.titles).get("eng", self.key)

    def url(self, language: str) -> str:
        return dict(self.urls).get(language, "")


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
    if not re.fullmatch(r"[a-z]{2,3}", jurisdiction):
        return None
    resource = resources.files("lexgap") / "data" / f"{jurisdiction}.yaml"
    if not resource.is_file():
        return None
    return parse_manifest(resource.read_text(encoding="utf-8"))


def parse_manifest(text: str) -> Manifest:
    raw = yaml.safe_load(text)
    codes = tuple(
        CodeEntry(
            jurisdiction=raw["jurisdiction"],
            key=entry["key"],
            kind=CodeKind(entry["kind"]),
            number=str(entry["number"]),
            adopted=entry["adopted"],
            adilet=str(entry.get("adilet", "")),
            file=entry.get("file", entry["key"]),
            titles=tuple(sorted(entry.get("titles", {}).items())),
            urls=tuple(sorted(entry.get("urls", {}).items())),
        )
        for entry in raw["codes"]
    )
    return Manifest(raw["jurisdiction"], raw.get("name", raw["jurisdiction"]), codes)


def cache_dir() -> Path:
    """Where `fetch` saves texts: $XDG_CACHE_HOME/lexgap/corpora (default ~/.cache/lexgap/corpora)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lexgap" / "corpora"


def search_path(explicit: Sequence[str | Path] = ()) -> tuple[Path, ...]:
    """``--corpora`` directories, then those in LEXGAP_CORPORA (os.pathsep-separated), then the cache."""
    env = [p for p in os.environ.get("LEXGAP_CORPORA", "").split(os.pathsep) if p]
    return tuple(Path(p) for p in [*explicit, *env, cache_dir()])


@dataclass(frozen=True)
class Located:
    """What `locate` found for one code and language: a file, or where to get one."""

    entry: CodeEntry
    language: str
    path: Path | None


def locate(manifest: Manifest, dirs: Iterable[Path], languages: Sequence[str] = ()) -> list[Located]:
    """The latest text of every code per language; a code with no text at all is reported missing
    once per language the manifest has a URL for (or per language asked for)."""
    found: list[Located] = []
    dirs = [d for d in dirs if d.is_dir()]
    for entry in manifest.codes:
        wanted = list(languages) or [lang for lang, _ in entry.urls]
        by_language = _texts_of(entry, manifest.jurisdiction, dirs)
        hits = [lang for lang in wanted if lang in by_language] or [
            lang for lang in sorted(by_language) if not languages
        ]
        for lang in hits:
            found.append(Located(entry, lang, by_language[lang]))
        if not hits:
            found.append(Located(entry, _first_language(languages, entry), None))
    return found


def _first_language(languages: Sequence[str], entry: CodeEntry) -> str:
    """The language to report a missing code in: the one asked for, else Russian, else any."""
    if languages:
        return languages[0]
    return "rus" if entry.url("rus") or not entry.urls else entry.urls[0][0]


def _texts_of(entry: CodeEntry, jurisdiction: str, dirs: Sequence[Path]) -> dict[str, Path]:
    """Language -> the file of the latest edition, first directory on the path winning ties."""
    pattern = re.compile(rf"^{re.escape(entry.file)}\.(?P<lang>[a-z]{{3}})\.(?P<edition>[^.]+)\.[a-z]+$")
    best: dict[str, tuple[str, Path]] = {}  # language -> (edition key, file)
    for directory in dirs:
        for folder in (directory / jurisdiction, directory):
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                match = pattern.match(path.name)
                if not match or path.suffix not in TEXT_SUFFIXES:
                    continue
                lang, edition = match.group("lang"), _edition_key(match.group("edition"))
                if lang not in best or edition > best[lang][0]:
                    best[lang] = (edition, path)
    return {lang: path for lang, (_, path) in best.items()}


def _edition_key(edition: str) -> str:
    """Dated editions ("2019-12-27") sort by date; anything else ("undated") before every date."""
    return edition if re.fullmatch(r"\d{4}-\d{2}-\d{2}", edition) else ""


def where_to_get(item: Located, dirs: Sequence[Path]) -> str:
    """One line telling the user how to obtain a missing text."""
    entry = item.entry
    url = entry.url(item.language) or "(no official URL known)"
    target = (dirs[0] if dirs else cache_dir()) / entry.jurisdiction / f"{entry.file}.{item.language}.<edition>.html"
    return (
        f"missing: {entry.title('eng')} No. {entry.number} [{item.language}]: save {url} as {target}, "
        f"or run `lexgap fetch {entry.jurisdiction}`"
    )


Opener = Callable[[str, float], bytes]


def _download(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "lexgap (legal text analysis)"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (URLs come from the manifest)
        return bytes(response.read())


@dataclass(frozen=True)
class Fetched:
    entry: CodeEntry
    language: str
    path: Path | None
    error: str = ""


def fetch(
    manifest: Manifest,
    dest: Path,
    languages: Sequence[str] = ("rus",),
    opener: Opener = _download,
    progress: Callable[[str], None] | None = None,
) -> list[Fetched]:
    """Download each code's official text into `dest/<jurisdiction>/`, named by its edition.

    The edition is read from the downloaded text (its latest amending law); a text that cannot be
    read as a code is not saved, and the failure is returned, never raised, so one bad download does
    not stop the others.
    """
    from lexgap.output import write_atomic
    from lexgap.read import ReadError, read_bytes

    results: list[Fetched] = []
    for entry in manifest.codes:
        for lang in languages:
            url = entry.url(lang)
            if not url:
                results.append(Fetched(entry, lang, None, "no URL in the manifest"))
                continue
            if progress:
                progress(f"fetching {url}")
            try:
                data = opener(url, FETCH_TIMEOUT)
                code = read_bytes(data, url)
            except (urllib.error.URLError, OSError, ReadError) as exc:
                results.append(Fetched(entry, lang, None, _failure(url, exc)))
                continue
            edition = code.edition_date.isoformat() if code.edition_date else "undated"
            path = dest / manifest.jurisdiction / f"{entry.file}.{lang}.{edition}{_suffix(data)}"
            write_atomic(path, data)
            results.append(Fetched(entry, lang, path))
    return results


def _failure(url: str, exc: Exception) -> str:
    """"HTTP 404 File not found: <url>" rather than an exception's repr."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}: {url}"
    if isinstance(exc, urllib.error.URLError):
        return f"{exc.reason}: {url}"
    return str(exc)


def _suffix(data: bytes) -> str:
    from lexgap.read import sniff

    return {"html": ".html", "docx": ".docx", "akn": ".xml"}.get(sniff(data), ".txt")
