"""Reading codes: sniff the format, decode, parse into the provision tree, attach metadata.

`read_code(path)` is the entry point. The format is chosen from the content (a DOCX is a ZIP with
``word/document.xml``, Akoma Ntoso has an ``akomaNtoso`` root, HTML has HTML tags, anything else is
text); `ReadOptions.format` overrides it. DOCX and HTML are turned into text lines and go through the
same text reader as Markdown exports.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO
from pathlib import Path

from lexgap.corpus import CodeEntry, load_manifest
from lexgap.model import LANGUAGES, Code, CodeKind, Kind
from lexgap.normalize import norm
from lexgap.read import grammar, text
from lexgap.read.decode import DecodeError, decode, detect_encoding

FORMATS = ("text", "akn", "docx", "html")


class ReadError(Exception):
    """The input cannot be read as a code; the message says why, for the user."""


@dataclass(frozen=True)
class ReadOptions:
    """What the user knows better than the text: any field left None is detected."""

    format: str | None = None
    lang: str | None = None  # "ru", "kk", "en" or "rus", "kaz", "eng"
    kind: CodeKind | None = None
    jurisdiction: str | None = None
    title: str | None = None
    number: str | None = None
    adopted: date | None = None
    edition_date: date | None = None


def read_code(path: str | Path, options: ReadOptions = ReadOptions()) -> Code:
    """Read the code in `path` (never modified) into a `Code`."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ReadError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return read_bytes(data, str(path), options)


def read_bytes(data: bytes, source: str, options: ReadOptions = ReadOptions()) -> Code:
    """Read a code from bytes; `source` names it in messages and in the model."""
    try:
        fmt = options.format or sniff(data)
    except ReadError as exc:
        raise ReadError(f"{source}: {exc}") from exc
    if fmt not in FORMATS:
        raise ReadError(f"{source}: unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    sha256 = hashlib.sha256(data).hexdigest()
    if fmt == "akn":
        from lexgap.read.akn import read_akn

        try:
            code = read_akn(data, source=source, sha256=sha256)
        except ValueError as exc:
            raise ReadError(f"{source}: not a readable Akoma Ntoso document: {exc}") from exc
        except RecursionError as exc:
            raise ReadError(f"{source}: Akoma Ntoso elements nested too deeply to read") from exc
        return _override(code, options)
    extract: Callable[[bytes], str] = _EXTRACTORS[fmt]
    try:
        content = extract(data)
    except DecodeError as exc:
        raise ReadError(f"{source}: {exc}") from exc
    except (ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ReadError(f"{source}: not a readable {fmt.upper()} file: {exc}") from exc
    return read_text(content, source=source, sha256=sha256, options=options)


def sniff(data: bytes) -> str:
    """Guess the format from the first bytes (see the module docstring)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile as exc:
            raise ReadError(f"a damaged ZIP archive (a DOCX cut short?): {exc}") from exc
        raise ReadError("a ZIP archive that is not a Word (DOCX) document")
    if data.startswith(b"%PDF"):
        raise ReadError("PDF is not supported: export the text (TXT, DOCX or HTML) from the source")
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.count(0) > len(head) // 4:
        try:  # UTF-16 (Windows "Unicode" exports): look at the characters, not the bytes
            head = head.decode(detect_encoding(head), errors="ignore").encode("utf-8")
        except DecodeError:
            pass
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<akomantoso") or b"<akomantoso" in head:
        if b"akomantoso" in data[:65536].lower():
            return "akn"
    if head.startswith((b"<!doctype html", b"<html")) or re.search(rb"<(?:html|body|p|div|h[1-6])[\s>]", head):
        return "html"
    return "text"


def _docx_text(data: bytes) -> str:
    from lexgap.read.docx import docx_text

    return docx_text(data)


def _html_text(data: bytes) -> str:
    from lexgap.read.html import html_text

    return html_text(data)


_EXTRACTORS: dict[str, Callable[[bytes], str]] = {"text": decode, "docx": _docx_text, "html": _html_text}


def read_text(content: str, *, source: str, sha256: str, options: ReadOptions = ReadOptions()) -> Code:
    """Parse decoded text (Markdown or plain) into a `Code`."""
    lines = text.split_lines(content)
    if not lines:
        raise ReadError(f"{source}: the file holds no text")
    language = _language(options.lang, lines)
    parsed = text.parse_lines(lines, grammar.GRAMMARS[language])
    if not any(p.kind is Kind.ARTICLE for top in parsed.body for p in top.walk()):
        raise ReadError(
            f"{source}: no article headings found (looked for {_EXAMPLE_HEADINGS[language]}); "
            "is this a legal code, and is --lang right?"
        )
    front = text.front_matter(content)
    code = Code(
        title=options.title or parsed.title,
        kind=CodeKind.OTHER,
        language=language,
        jurisdiction="",
        source=source,
        sha256=sha256,
        body=parsed.body,
        amendments=parsed.preface_footnotes,
        preface=parsed.preface,
        fragment=bool(front.get("part_of")) or not parsed.title,
    )
    return _complete(code, options, front, content)


_EXAMPLE_HEADINGS = {"rus": '"Статья 1."', "kaz": '"1-бап."', "eng": '"Article 1."'}


def _language(requested: str | None, lines: list[text.Line]) -> str:
    """The language asked for, else the one whose article headings occur most often."""
    if requested:
        lang = LANGUAGES.get(requested, requested)
        if lang not in grammar.GRAMMARS:
            raise ReadError(f"unknown language {requested!r}: use ru, kk or en")
        return lang
    counts = {
        lang: sum(1 for line in lines if gram.article.match(line.normal))
        for lang, gram in grammar.GRAMMARS.items()
    }
    return max(counts, key=lambda lang: (counts[lang], lang == "rus"))


_KIND_WORDS: tuple[tuple[CodeKind, re.Pattern[str]], ...] = (
    (CodeKind.CRIMINAL_PROCEDURE, re.compile(r"уголовно-процессуальн|қылмыстық-процест|criminal\s+procedure", re.I)),
    (CodeKind.CIVIL_PROCEDURE, re.compile(r"гражданск\w*\s+процессуальн|азаматтық\s+процест|civil\s+procedure", re.I)),
    (CodeKind.ADMINISTRATIVE_OFFENCES, re.compile(r"административных\s+правонарушени|әкімшілік\s+құқық\s+бұзушылық|administrative\s+offen", re.I)),
    (CodeKind.CRIMINAL, re.compile(r"уголовный\s+кодекс|қылмыстық\s+кодекс|criminal\s+code", re.I)),
)

_JURISDICTION_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("kz", re.compile(r"Республики\s+Казахстан|Қазақстан\s+Республикасы|Republic\s+of\s+Kazakhstan|zan\.gov\.kz|adilet")),
    ("ru", re.compile(r"Российской\s+Федерации|Russian\s+Federation")),
)

_ADILET_SOURCE = re.compile(r"/doc/(?P<doc>\d+)/(?P<lang>[a-z]{3})/(?P<date>\d{2}\.\d{2}\.\d{4})")


def _complete(code: Code, options: ReadOptions, front: dict[str, str], content: str) -> Code:
    """Kind, jurisdiction, number, dates: from the options, else the text, else the manifest."""
    title_norm = norm(code.title)
    source_match = _ADILET_SOURCE.search(front.get("source", ""))
    jurisdiction = options.jurisdiction or _jurisdiction(title_norm + "\n" + content[:200_000], front)
    manifest = load_manifest(jurisdiction) if jurisdiction else None
    entry: CodeEntry | None = manifest.by_adilet(source_match.group("doc")) if manifest and source_match else None
    kind = options.kind or _kind(title_norm) or (entry.kind if entry else CodeKind.OTHER)
    if entry is None and manifest is not None and kind is not CodeKind.OTHER:
        entry = manifest.by_kind(kind)
    edition = options.edition_date or (
        text.parse_dotted_date(source_match.group("date")) if source_match
        else _front_edition(front.get("edition", "")) or _latest_law(code)
    )
    return replace(
        code,
        kind=kind,
        jurisdiction=jurisdiction,
        title=code.title or (entry.title(code.language) if entry else ""),
        number=options.number or (entry.number if entry else ""),
        adopted=options.adopted or (entry.adopted if entry else None),
        edition_date=edition,
    )


def _front_edition(value: str) -> date | None:
    """The `edition: YYYY-MM-DD` of a front-matter block (lexgap's text export writes it), if valid."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _kind(title: str) -> CodeKind | None:
    return next((kind for kind, pattern in _KIND_WORDS if pattern.search(title)), None)


def _jurisdiction(sample: str, front: dict[str, str]) -> str:
    haystack = sample + "\n" + front.get("source", "")
    counts = {code: len(pattern.findall(haystack)) for code, pattern in _JURISDICTION_WORDS}
    best = max(counts, key=lambda code: counts[code])
    return best if counts[best] else ""


def _latest_law(code: Code) -> date | None:
    """The edition a text reflects: the date of the latest amending law its footnotes cite."""
    notes = [*code.amendments, *(n for p in code.walk() for n in p.amendments)]
    dates = [n.law_date for n in notes if n.law_date and n.action != "court_ruling"]
    return max(dates, default=None)


def _override(code: Code, options: ReadOptions) -> Code:
    """Apply what the user stated to a code read from a format that carries its own metadata."""
    return replace(
        code,
        kind=options.kind or code.kind,
        jurisdiction=options.jurisdiction or code.jurisdiction,
        title=options.title or code.title,
        number=options.number or code.number,
        adopted=options.adopted or code.adopted,
        edition_date=options.edition_date or code.edition_date,
    )
