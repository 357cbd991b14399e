"""Human-readable forms of a code: `tree` (an outline of ids and headings) and `text` (the text back).

`text` writes the code as Markdown in the shape lexgap reads, so reading it again gives the same ids.
"""

from __future__ import annotations

from lexgap.model import CONTAINER_KINDS, Code, Kind, Provision, Status

_HEADING_WORDS = {
    "rus": {Kind.SECTION: "Раздел {}.", Kind.CHAPTER: "Глава {}.", Kind.SUBCHAPTER: "Параграф {}.", Kind.ARTICLE: "Статья {}."},
    "kaz": {Kind.SECTION: "{}-бөлім.", Kind.CHAPTER: "{}-тарау.", Kind.SUBCHAPTER: "{}-параграф.", Kind.ARTICLE: "{}-бап."},
    "eng": {Kind.SECTION: "Section {}.", Kind.CHAPTER: "Chapter {}.", Kind.SUBCHAPTER: "Paragraph {}.", Kind.ARTICLE: "Article {}."},
}
_NOTE_WORD = {"rus": "Примечание.", "kaz": "Ескерту.", "eng": "Note."}


def to_tree(code: Code) -> bytes:
    """One line per provision: indentation by depth, id, status when repealed, heading or text start."""
    lines = [f"{code.title} [{code.uri}]"]

    def visit(p: Provision, depth: int) -> None:
        label = p.heading or p.text.split("\n", 1)[0]
        flag = " (repealed)" if p.status is Status.REPEALED else ""
        lines.append(f"{'  ' * depth}{p.id}{flag}  {label[:80]}")
        for child in p.children:
            visit(child, depth + 1)

    for top in code.body:
        visit(top, 1)
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_text(code: Code) -> bytes:
    """The code as Markdown that `lexgap.read` reads back into the same tree."""
    words = _HEADING_WORDS.get(code.language, _HEADING_WORDS["eng"])
    out: list[str] = [f"# {code.title}"] if code.title else []
    _paragraphs(out, code.preface)

    def visit(p: Provision, depth: int) -> None:
        if p.kind in CONTAINER_KINDS or p.kind is Kind.ARTICLE:
            if p.kind is Kind.PART:
                out.append(f"{'#' * min(depth + 1, 6)} {p.heading}")
            else:
                head = words[p.kind].format(p.num)
                out.append(f"{'#' * min(depth + 1, 6)} {head} {p.heading}".rstrip())
            _paragraphs(out, p.text)
        elif p.kind is Kind.NOTE:
            prefix = f"{_NOTE_WORD.get(code.language, 'Note.')} " + (f"{p.num}. " if p.num else "")
            _paragraphs(out, p.text, prefix)
        else:
            marker = f"{p.num}." if p.kind is Kind.PARAGRAPH else f"{p.num})"
            _paragraphs(out, p.text, f"{marker} ")
        # the wrap-up (a sanction) follows the last part or item; notes after it stay after it
        last = max((i for i, c in enumerate(p.children) if c.kind is not Kind.NOTE), default=-1)
        for child in p.children[: last + 1]:
            visit(child, depth + 1)
        _paragraphs(out, p.wrap_up)
        for child in p.children[last + 1 :]:
            visit(child, depth + 1)
        out.extend(dict.fromkeys(note.text for note in p.amendments))  # footnotes, each once

    for top in code.body:
        visit(top, 1)
    return ("\n\n".join(out) + "\n").encode("utf-8")


def _paragraphs(out: list[str], text: str, first_prefix: str = "") -> None:
    lines = text.split("\n") if text else ([""] if first_prefix else [])
    for index, line in enumerate(lines):
        out.append((first_prefix if index == 0 else "") + line)
