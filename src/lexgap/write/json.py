"""The JSON form of a code: lexgap's documented machine interface (docs/provisions-json.md).

Keys come in a fixed order and provisions in document order, so the same code always gives the same
bytes. Only here does the model become dictionaries.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from typing import Any

from lexgap import __version__
from lexgap.model import AmendmentNote, Code, Kind, Provision, Reference, Status

FORMAT = "lexgap.code/1"


def code_to_dict(code: Code) -> dict[str, Any]:
    """The whole document: metadata, provisions, references, amendment notes on the whole code."""
    parents = code.parents
    return {
        "format": FORMAT,
        "generator": f"lexgap {__version__}",
        "code": code_meta(code),
        "summary": summary(code),
        "amendments": [_amendment(n) for n in code.amendments],
        "provisions": [_provision(p, parents[p.id]) for p in code.walk()],
        "references": [_reference(r) for r in code.references],
    }


def code_meta(code: Code) -> dict[str, Any]:
    return {
        "title": code.title,
        "kind": code.kind.value,
        "language": code.language,
        "jurisdiction": code.jurisdiction,
        "number": code.number,
        "adopted": _date(code.adopted),
        "edition_date": _date(code.edition_date),
        "uri": code.uri,
        "sha256": code.sha256,
        "source": code.source,
        "fragment": code.fragment,
    }


def summary(code: Code) -> dict[str, int]:
    """The counts `lexgap parse` prints: articles by status, parts, items, notes, references."""
    kinds = Counter(p.kind for p in code.walk())
    articles = code.articles()
    internal = [r for r in code.references if r.target_code is None]
    return {
        "articles": len(articles),
        "articles_in_force": sum(1 for a in articles if a.status is Status.IN_FORCE),
        "articles_repealed": sum(1 for a in articles if a.status is Status.REPEALED),
        "chapters": kinds[Kind.CHAPTER],
        "paragraphs": kinds[Kind.PARAGRAPH],
        "points": kinds[Kind.POINT],
        "notes": kinds[Kind.NOTE],
        "references": len(code.references),
        "references_internal": len(internal),
        "references_resolved": sum(1 for r in code.references if r.resolved),
        "references_dangling": sum(1 for r in internal if not r.resolved),
        "references_external": len(code.references) - len(internal),
    }


def _provision(p: Provision, parent: str | None) -> dict[str, Any]:
    return {
        "id": p.id,
        "kind": p.kind.value,
        "num": p.num,
        "heading": p.heading,
        "text": p.text,
        "wrap_up": p.wrap_up,
        "status": p.status.value,
        "parent": parent,
        "line": p.span.line,
        "span": [p.span.start, p.span.end],
        "text_spans": [[s.start, s.end] for s in p.text_spans],
        "amendments": [_amendment(n) for n in p.amendments],
    }


def _amendment(n: AmendmentNote) -> dict[str, Any]:
    return {
        "law_number": n.law_number,
        "law_date": _date(n.law_date),
        "action": n.action,
        "line": n.span.line,
    }


def _reference(r: Reference) -> dict[str, Any]:
    return {
        "source": r.source,
        "text": r.text,
        "target": r.target,
        "target_code": r.target_code,
        "resolved": r.resolved,
        "line": r.span.line,
        "span": [r.span.start, r.span.end],
    }


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_json(code: Code) -> bytes:
    """UTF-8 JSON, two-space indented, non-ASCII kept readable, ending in a newline."""
    return (json.dumps(code_to_dict(code), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
