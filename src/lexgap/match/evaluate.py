"""From conditions to verdicts: elements found or not, evidence quoted, near misses, the finding.

Verdict (docs/rules.md): a conflict check that matches -> conflict; otherwise the share of required
element weight found: at or above the rule's threshold -> satisfied, above zero -> partial, zero ->
missing. Evidence quotes the sentence around the hits, verbatim, with its span in the source file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lexgap.match.conditions import Hit, Matcher
from lexgap.match.findings import ElementResult, Evidence, Finding, NearMiss
from lexgap.match.texts import BODY, HEADING, Candidate, CodeTexts, pinpoint, text_id
from lexgap.model import Code, CodeKind, Kind, Span
from lexgap.rules.schema import Condition, Example, Lang, Place, Rule, RulePack, Verdict

MAX_EVIDENCE = 5  # per element: enough to show where a standard is met, few enough to read
MAX_NEAR_MISSES = 3
MAX_QUOTES_PER_ARTICLE = 3  # paragraphs quoted from one article: a part's opening, its item, a note
MAX_QUOTE = 400  # characters; a longer sentence is quoted around its hits

Progress = Callable[[str], None]


@dataclass(frozen=True)
class _Scope:
    """One code's matcher and the candidates a rule may look at in it."""

    texts: CodeTexts
    matcher: Matcher
    candidates: tuple[Candidate, ...]


def check(codes: Sequence[Code], pack: RulePack, progress: Progress | None = None) -> tuple[Finding, ...]:
    """Every rule of `pack` on every code it applies to (corpus-wide rules once, on all codes)."""
    prepared: list[tuple[CodeTexts, Matcher]] = []
    for code in codes:
        if progress:
            progress(f"indexing {code.source}")
        texts = CodeTexts(code)
        prepared.append((texts, Matcher(texts, pack.lexicon)))
    findings: list[Finding] = []
    for rule in pack.rules:
        if progress:
            progress(f"rule {rule.id}")
        if rule.applies_to.corpus:
            scopes = [_scope(texts, matcher, rule.applies_to.place) for texts, matcher in prepared]
            if scopes:
                findings.append(_finding(rule, "corpus", scopes))
            continue
        for texts, matcher in prepared:
            if texts.code.kind in rule.applies_to.kinds:
                findings.append(_finding(rule, texts.code.uri, [_scope(texts, matcher, rule.applies_to.place)]))
    return tuple(findings)


def check_example(rule: Rule, example: Example, pack: RulePack) -> Finding:
    """Run a rule on one of its examples: the snippet becomes a one-article code in its language."""
    from lexgap.read import ReadOptions, read_text

    heading_line = {Lang.RU: "Статья 1. {}", Lang.KK: "1-бап. {}", Lang.EN: "Article 1. {}"}[example.lang]
    source = heading_line.format(example.heading or "-") + "\n\n" + example.text.strip() + "\n"
    kind = rule.applies_to.kinds[0] if rule.applies_to.kinds else CodeKind.OTHER
    code = read_text(source, source=f"example:{example.name}", sha256="0" * 64,
                     options=ReadOptions(lang=example.lang.value, kind=kind))
    texts = CodeTexts(code)
    return _finding(rule, code.uri, [_scope(texts, Matcher(texts, pack.lexicon), Place())])


def _scope(texts: CodeTexts, matcher: Matcher, place: Place) -> _Scope:
    return _Scope(texts, matcher, tuple(c for c in texts.candidates if _in_place(c, place, matcher)))


def _in_place(candidate: Candidate, place: Place, matcher: Matcher) -> bool:
    """Whether an article lies where the rule looks: part of the code, chapters, container headings."""
    parts = [c.num for c in candidate.containers if c.kind is Kind.PART]
    if place.part is not None and parts and place.part.value not in parts:
        return False  # (a chapter taken out of a code has no part above it: the part is unknown, kept)
    if place.chapters and not any(c.kind is Kind.CHAPTER and c.num in place.chapters for c in candidate.containers):
        return False
    if place.heading_any:
        tids = [text_id(c.id, HEADING) for c in candidate.containers]
        return any(matcher.hits(cond, tids) for cond in place.heading_any)
    return True


def _finding(rule: Rule, code_label: str, scopes: Sequence[_Scope]) -> Finding:
    elements = tuple(
        _result(e.id, e.description, e.required, e.condition, scopes) for e in rule.elements
    )
    conflicts = tuple(_result(c.id, c.description, True, c.condition, scopes) for c in rule.conflicts)
    required = [(e, r) for e, r in zip(rule.elements, elements, strict=True) if e.required]
    total = sum(e.weight for e, _ in required)
    score = sum(e.weight for e, r in required if r.found) / total if total else 0.0
    if any(r.found for r in conflicts):
        status = Verdict.CONFLICT
    elif score >= rule.outcome.threshold:
        status = Verdict.SATISFIED
    elif score > 0:
        status = Verdict.PARTIAL
    else:
        status = Verdict.MISSING
    return Finding(
        rule=rule.id,
        rule_title=rule.title,
        code=code_label,
        codes=tuple(s.texts.ref for s in scopes),
        status=status,
        score=round(score, 4),
        elements=elements,
        conflicts=conflicts,
    )


def _result(ident: str, description: str, required: bool, cond: Condition, scopes: Sequence[_Scope]) -> ElementResult:
    evidence: list[Evidence] = []
    misses: list[tuple[float, float, int, NearMiss]] = []
    order = 0
    for scope in scopes:
        for candidate in scope.candidates:
            tids = (text_id(candidate.id, HEADING), text_id(candidate.id, BODY))
            hits = scope.matcher.hits(cond, tids)
            if hits:
                if len(evidence) < MAX_EVIDENCE:
                    evidence.extend(_evidence(scope.texts, candidate, hits))
                continue
            if evidence:
                continue
            score = scope.matcher.score(cond, tids)
            if score > 0:
                order += 1
                similar = scope.matcher.heading_similarity(cond, tids[0])
                misses.append((-score, -similar, order, _near_miss(scope, candidate, cond, tids, score)))
    found = bool(evidence)
    ranked = sorted(misses, key=lambda m: m[:3])  # share of words found, then heading similarity, then order
    near = () if found else tuple(m[3] for m in ranked[:MAX_NEAR_MISSES])
    return ElementResult(ident, description, required, found, tuple(evidence), near)


def _evidence(texts: CodeTexts, candidate: Candidate, hits: Sequence[Hit]) -> list[Evidence]:
    """One quote per paragraph the hits fall in (the opening words of a part and the item that
    completes them are both cited), or the heading when only the heading matched."""
    body = sorted(h for h in hits if h.placed and h.tid.endswith(BODY))
    if not body:  # the heading matched, or the condition held by absence ("not …")
        return [_heading_evidence(texts, candidate)]
    by_segment: dict[int, list[Hit]] = {}
    for hit in body:
        segment = texts.segment_at(hit.tid, hit.start)
        assert segment is not None
        by_segment.setdefault(segment.start, []).append(hit)
    out = []
    for group in list(by_segment.values())[:MAX_QUOTES_PER_ARTICLE]:
        provision, start, end = _quote_bounds(texts, group)
        code = texts.code
        out.append(Evidence(code.uri, provision, pinpoint(code, provision), texts.citation(provision),
                            texts.texts[group[0].tid][start:end], texts.source_span(group[0].tid, start, end)))
    return out


def _heading_evidence(texts: CodeTexts, candidate: Candidate) -> Evidence:
    article = candidate.article
    span = article.heading_span or Span(article.span.line, 0, 0)
    return Evidence(texts.code.uri, article.id, pinpoint(texts.code, article.id), texts.citation(article.id),
                    article.heading, span)


_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[«\"(]?[А-ЯЁӘҒҚҢӨҰҮҺІA-Z0-9])")


def _quote_bounds(texts: CodeTexts, hits: Sequence[Hit]) -> tuple[str, int, int]:
    """The provision and the sentence (in its paragraph) around the first hit and the hits beside it."""
    first = min(hits, key=lambda h: h.start)
    tid = first.tid
    segment = texts.segment_at(tid, first.start)
    assert segment is not None
    same = [h for h in hits if h.tid == tid and segment.start <= h.start < segment.end]
    lo, hi = first.start, max(h.end for h in same)
    paragraph = texts.texts[tid][segment.start : segment.end]
    rel_lo, rel_hi = lo - segment.start, min(hi, segment.end) - segment.start
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(paragraph) if m.end() <= rel_lo]
    ends = [m.start() for m in _SENTENCE_END.finditer(paragraph) if m.start() >= rel_hi] + [len(paragraph)]
    q_lo, q_hi = max(starts), min(ends)
    if q_hi - q_lo > MAX_QUOTE:  # a long sentence: the words around the hits, cut at spaces
        q_lo = max(q_lo, paragraph.rfind(" ", 0, max(rel_lo - 120, 0)) + 1) if rel_lo > 120 else q_lo
        cut = paragraph.find(" ", min(rel_hi + 120, len(paragraph)))
        q_hi = min(q_hi, cut if cut != -1 else len(paragraph))
    return segment.provision, segment.start + q_lo, segment.start + q_hi


def _near_miss(scope: _Scope, candidate: Candidate, cond: Condition, tids: Sequence[str], score: float) -> NearMiss:
    from lexgap.rules.schema import leaves

    hits = [h for leaf in leaves(cond) for h in scope.matcher.hits(leaf, tids) if h.placed]
    body = [h for h in hits if h.tid.endswith(BODY)]
    if body:
        provision, start, end = _quote_bounds(scope.texts, body)
        quote = scope.texts.texts[body[0].tid][start:end]
    else:
        provision, quote = candidate.id, candidate.article.heading
    code = scope.texts.code
    return NearMiss(code.uri, provision, pinpoint(code, provision), scope.texts.citation(provision), round(score, 4), quote)
