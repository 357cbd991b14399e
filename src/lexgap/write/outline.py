"""Human-readable forms of a code: `tree` (an outline of ids and headings) and `text` (the text back).

`text` writes the code as Markdown in the shape lexgap reads, so reading it again gives the same ids,
the same edition date and the same fragment flag: a chapter or section (`Code.fragment`), or a code
whose edition date is not the date of the latest law its footnotes cite, gets a YAML front-matter
block as the corpus's editions files have it (`part_of:`, `edition: YYYY-MM-DD`).
"""

from __future__ import annotations

from lexgap.model import CONTAINER_KINDS, Code, Kind, Provision, Status
from lexgap.read import _latest_law

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
    out: list[str] = front_matter(code)
    out += [f"# {code.title}"] if code.title else []
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


def front_matter(code: Code) -> list[str]:
    """The front-matter block the text needs to read back as `code` (one paragraph), or none.

    The reader takes a code's edition from the latest amending law its footnotes cite; a chapter's
    footnotes cite only the laws that touched it, and an edition may be dated otherwise (the source's
    date, `--date`), so such a date is written out. A fragment names the code it is part of.
    """
    pairs: list[str] = []
    if code.fragment:
        pairs.append(f"part_of: {code.title or code.key}")
    if code.edition_date is not None and code.edition_date != _latest_law(code):
        pairs.append(f"edition: {code.edition_date.isoformat()}")
    return ["\n".join(["---", *pairs, "---"])] if pairs else []


def _paragraphs(out: list[str], text: str, first_prefix: str = "") -> None:
    lines = text.split("\n") if text else ([""] if first_prefix else [])
    for index, line in enumerate(lines):
        out.append((first_prefix if index == 0 else "") + line)
