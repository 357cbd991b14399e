"""Find the references a code makes in its provisions, and resolve them to provision ids.

`find_references(code)` reads every provision's own text and wrap-up (never its children's, so a
reference belongs to the deepest provision holding it) and returns one `Reference` per target, in
document order. `resolve(codes)` fills `Code.references` and resolves references to other codes
when the named code is among those loaded (by `Code.key`, e.g. ``kz/criminal_procedure``).

Patterns run on normalised text (see `lexgap.normalize`): "–" is a range, "-" joins the parts of a
number ("65-1"), look-alike letters are fixed. Spans and quotes map back to the original text.

A reference is read as a *chain* of levels. Russian and English name the smallest unit first
("пунктом 3) части первой статьи 64", "paragraph 3) of part 1 of Article 64"); Kazakh names the
article first ("64-баптың бірінші бөлігінің 3) тармағы"). Each level holds a list ("частями первой и
второй", "статьями 189, 190 и 195") or a range ("статьями 110–112"), and an article may carry its
parts in brackets ("статьями 189 (пунктом 2) части третьей), 190"); the chain stands for every
combination. Bracketed comments ("(в части …)", an article's title) are passed over. Chains joined
by "и", "или", "," form a group; the words after it (Russian, English) or before it (Kazakh) say
which act the group cites: "настоящего Кодекса" / "осы Кодекстің" (this code), a code's name
(another code), a law or the Constitution (not a code: skipped), "настоящей статьи" / "осы баптың"
(the source's own article). A chain that leaves out its article takes it from the next chain of
the group ("пунктами 1), 2), а также подпунктом 6) части первой статьи 424": all in part one of
article 424); with no such chain it is read in the source's own article or part, as lawyers read
it, and when that target does not exist, in the article and part the paragraph named last.

Lenient on one drafting habit: "подпунктом 7) статьи 272", when article 272 keeps its items in its
only numbered part, resolves to ``art_272__para_1__point_7``.

Left out: antecedents ("частью первой этой статьи", "указанной статьи" are skipped), lists of bare
article numbers with no word before them ("в статьях: 188 – …; 189, 190 – …" gives the first list
only, unless a number carries bracketed parts), "абзац" (the reference goes to the unit holding it),
and mentions of a whole code without an article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from lexgap.model import Code, Kind, Provision, Reference, Span, component
from lexgap.normalize import Normalized, normalize
from lexgap.refs.common import Base, Cite, Context, Finder, Path, expand_range
from lexgap.refs.english import find_eng
from lexgap.refs.kazakh import find_kaz
from lexgap.refs.russian import find_rus

__all__ = ["Cite", "Context", "expand_range", "find_eng", "find_kaz", "find_references", "find_rus", "resolve", "target_id"]

FINDERS: dict[str, Finder] = {"rus": find_rus, "kaz": find_kaz, "eng": find_eng}

# --- ids ----------------------------------------------------------------------------------------

_BASE_KINDS: dict[Base, tuple[Kind, ...]] = {
    Base.SECTION: (Kind.SECTION,),
    Base.CHAPTER: (Kind.CHAPTER,),
    Base.ARTICLE: (Kind.ARTICLE,),
    Base.PARAGRAPH: (Kind.PARAGRAPH, Kind.ARTICLE),
    Base.POINT: (Kind.POINT, Kind.PARAGRAPH, Kind.ARTICLE),
}


def _ancestor(code: Code, source: str, kinds: tuple[Kind, ...]) -> str | None:
    """The nearest provision of one of `kinds` at or above `source` (the first kind listed wins)."""
    chain: list[Provision] = []
    node: str | None = source
    while node is not None:
        chain.append(code.index[node])
        node = code.parents.get(node)
    for kind in kinds:
        found = next((p.id for p in chain if p.kind is kind), None)
        if found is not None:
            return found
    return None


def target_id(path: Path, base: Base, source: str, code: Code) -> str | None:
    """The id a path points at (``art_64__para_1__point_3``); relative paths hang from the source."""
    parts = [component(kind, num) for kind, num in path]
    if base is Base.CODE:
        return "__".join(parts) if parts else None
    root = _ancestor(code, source, _BASE_KINDS[base])
    return "__".join([root, *parts]) if root is not None else None


def lenient(target: str, code: Code) -> str | None:
    """ "подпунктом 7) статьи 272" when article 272 holds its items in one numbered part only: the
    item there (``art_272__para_1__point_7``), else None."""
    article, _, rest = target.partition("__")
    provision = code.index.get(article)
    if provision is None or not rest.startswith("point_") or "__" in rest:
        return None
    holders = [c.id for c in provision.children if c.kind is Kind.PARAGRAPH and f"{c.id}__{rest}" in code.index]
    return f"{holders[0]}__{rest}" if len(holders) == 1 else None


def _internal_target(cite: Cite, index: int, source: str, code: Code) -> str | None:
    """The id an internal path points at, trying the fallback and the lenient reading when needed."""
    target = target_id(cite.paths[index], cite.base, source, code)
    if target is not None and target in code.index:
        return target
    if cite.fallback is not None:
        base, paths = cite.fallback
        other = target_id(paths[index], base, source, code)
        if other is not None and other in code.index:
            return other
    return (lenient(target, code) if target else None) or target


# --- the public API -------------------------------------------------------------------------------


def find_references(code: Code, others: Sequence[Code] = ()) -> tuple[Reference, ...]:
    """Every reference in `code`, in document order; internal ones resolved against `code`.

    References to another code carry its key (``kz/criminal_procedure``) and stay unresolved until
    `resolve` sees that code. `others` fills ranges of another code ("статьями 110–112 Уголовного
    кодекса") with that code's articles instead of plain numbers.
    """
    finder = FINDERS.get(code.language, find_rus)
    ctx = Context.of(code)
    other_ctx = {o.kind.value: Context.of(o) for o in others if o.jurisdiction == code.jurisdiction}
    refs: list[Reference] = []
    for provision in code.walk():
        for paragraph, span in unquoted(paragraphs(provision)):
            refs.extend(_references_in(paragraph, span, provision.id, code, finder, ctx, other_ctx))
    # A provision's wrap-up follows its children in the text; a stable sort keeps a list's targets together.
    return tuple(sorted(refs, key=lambda ref: ref.span.start))


def paragraphs(provision: Provision) -> Iterator[tuple[str, Span]]:
    """The provision's own paragraphs (text, then wrap-up), each with its source span."""
    lines = (provision.text.split("\n") if provision.text else []) + (
        provision.wrap_up.split("\n") if provision.wrap_up else []
    )
    yield from zip(lines, provision.text_spans)


_QUOTE_OPEN = re.compile(r'\s*["«„“]')
_QUOTE_CLOSE = re.compile(r'["»“”]\s*[.;,]?\s*$')
_CLOSERS = {'"': '"', "«": "»", "„": "“", "“": "”"}


def unquoted(items: Iterator[tuple[str, Span]]) -> Iterator[tuple[str, Span]]:
    """Paragraphs outside quoted blocks. A block restating another act's article (the criminal code's
    article 467 quotes article 51 of the 1997 code) cites that act, not this code: "статьей 193
    настоящего Кодекса" there is the old code's article 193. A block opens with a quote that the
    paragraph does not close ("«Статья 51. …") and ends with the paragraph that ends in a quote.
    """
    inside = False
    for paragraph, span in items:
        if inside:
            inside = not _QUOTE_CLOSE.search(paragraph)
            continue
        opening = _QUOTE_OPEN.match(paragraph)
        if opening and _CLOSERS[paragraph[opening.end() - 1]] not in paragraph[opening.end() :]:
            inside = True
            continue
        yield paragraph, span


# A paragraph without any of these cannot hold a reference; it is not normalised at all.
_TRIGGER = re.compile(r"\d|настоящ|данн|част|пункт|осы\s|бөлі|this\s|part", re.IGNORECASE)


def _references_in(
    paragraph: str,
    span: Span,
    source: str,
    code: Code,
    finder: Finder,
    ctx: Context,
    others: Mapping[str, Context],
) -> Iterator[Reference]:
    """The references of one paragraph, with spans in the source file."""
    if not _TRIGGER.search(paragraph):
        return
    normal = normalize(paragraph)
    for cite in finder(normal.text, ctx, others):
        start, end = _original(normal, cite.start, cite.end)
        where = Span(span.line, span.start + start, span.start + end)
        target_code = f"{code.jurisdiction or 'xx'}/{cite.code}" if cite.code else None
        internal = target_code is None or target_code == code.key  # a code may name itself
        seen: set[str | None] = set()
        for index, path in enumerate(cite.paths):
            if internal:
                target = _internal_target(cite, index, source, code)
            else:
                target = target_id(path, cite.base, source, code)
            if target in seen:
                continue
            seen.add(target)
            resolved = internal and target is not None and target in code.index
            yield Reference(source, paragraph[start:end], where, target, None if internal else target_code, resolved)


def _original(normal: Normalized, start: int, end: int) -> tuple[int, int]:
    """A normalised span mapped back to the original, trailing blanks left out of the quote."""
    while end > start and normal.text[end - 1].isspace():
        end -= 1
    return normal.to_original(start, end)


def resolve(codes: Sequence[Code]) -> tuple[Code, ...]:
    """`codes` with their references found and resolved, across codes when the cited one is loaded."""
    by_key = {code.key: code for code in codes}
    out: list[Code] = []
    for code in codes:
        others = [other for other in codes if other is not code]
        refs = find_references(code, others)
        out.append(replace(code, references=tuple(_resolve_external(ref, by_key) for ref in refs)))
    return tuple(out)


def _resolve_external(ref: Reference, by_key: Mapping[str, Code]) -> Reference:
    """A reference to another code resolves when that code is loaded and holds the target."""
    if ref.target_code is None or ref.target is None:
        return ref
    other = by_key.get(ref.target_code)
    if other is None:
        return ref
    target = ref.target if ref.target in other.index else lenient(ref.target, other) or ref.target
    return replace(ref, target=target, resolved=target in other.index)

