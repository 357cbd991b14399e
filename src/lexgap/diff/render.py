"""A diff for people and machines: terminal text, Markdown, JSON, and HTML side by side.

All four are built from the same `DiffReport` and list the same changes in the same order (the new
edition's document order). Text and Markdown show, per changed article, the changed parts with
their word diff (long unchanged runs cut to a few words each side); HTML shows every article that
changed with the old and new text in two columns, word by word marked ``<del>``/``<ins>``; JSON
(`lexgap.diff/1`, see docs/diff.md) lists each changed provision and each finding. Nothing depends
on the time or the machine: the same inputs give the same bytes.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lexgap import __version__
from lexgap.diff import CodeDiff, FindingChange, ProvisionChange, word_diff
from lexgap.diff.align import folded, text_key
from lexgap.model import CONTAINER_KINDS, AmendmentNote, Code, Kind, Provision

FORMAT = "lexgap.diff/1"
_TOKEN = re.compile(r"\n|[^\s]+")  # words and paragraph breaks, as `word_diff` cuts them
CONTEXT_WORDS = 6  # unchanged words kept on each side of a change in text and Markdown

_LABEL = {
    "added": "added", "repealed": "repealed", "removed": "removed", "moved": "moved",
    "renumbered": "renumbered", "text_changed": "text changed", "unchanged": "unchanged",
}
_MARK = {"added": "+", "repealed": "x", "removed": "-", "moved": ">", "renumbered": "#", "text_changed": "~", "unchanged": " "}
_FATE = ("added", "repealed", "removed")  # changes that the provisions below share with their head


@dataclass(frozen=True)
class DiffReport:
    """A code diff and, when rules were run, what it does to the findings."""

    diff: CodeDiff
    findings: tuple[FindingChange, ...] = ()
    rules_run: bool = False


# --- shared -------------------------------------------------------------------------------------


def cite(code: Code, provision_id: str) -> str:
    """"art. 65, part 1, item 1" or "chapter 52"."""
    from lexgap.match.texts import pinpoint

    node = code.index[provision_id]
    if node.kind in CONTAINER_KINDS:
        return f"{node.kind.value} {node.num}".strip()
    return pinpoint(code, provision_id)


def where(report: DiffReport, change: ProvisionChange) -> str:
    """The provision's citation in the new edition, "old -> new" when it was renumbered."""
    diff = report.diff
    if change.new_id is None:
        assert change.old_id is not None
        return cite(diff.old, change.old_id)
    new = cite(diff.new, change.new_id)
    if change.old_id is not None and change.old_id != change.new_id:
        return f"{cite(diff.old, change.old_id)} -> {new}"
    return new


def law_name(note: AmendmentNote) -> str:
    """"Law No. 210-VIII of 16.07.2025"."""
    when = f" of {note.law_date.strftime('%d.%m.%Y')}" if note.law_date else ""
    return f"Law No. {note.law_number}{when}"


def heads(report: DiffReport) -> list[tuple[ProvisionChange, list[ProvisionChange]]]:
    """Each changed article or container with the changed provisions below it; what lies below an
    added, repealed or removed article shares its fate and is not listed again."""
    groups: list[tuple[ProvisionChange, list[ProvisionChange]]] = []
    by_head: dict[str, tuple[ProvisionChange, list[ProvisionChange]]] = {}
    for change in report.diff.changed:
        if change.kind is Kind.ARTICLE or change.kind in CONTAINER_KINDS:
            groups.append((change, []))
            by_head[change.id] = groups[-1]
            continue
        group = by_head.get(change.article)
        if group is None:
            groups.append((change, []))  # a part whose article did not change: cannot happen, shown anyway
        elif group[0].change not in _FATE:
            group[1].append(change)
    return groups


def leaves(changes: Sequence[ProvisionChange]) -> list[ProvisionChange]:
    """The changes with no changed provision below them, and none sharing the fate of one above."""
    ids = [c.id for c in changes]
    out = []
    for change in changes:
        if any(other.startswith(change.id + "__") for other in ids):
            continue
        if any(change.id.startswith(c.id + "__") and c.change in _FATE for c in changes):
            continue
        out.append(change)
    return out


def details(report: DiffReport, head: ProvisionChange, below: list[ProvisionChange]) -> list[ProvisionChange]:
    """What to show under a head: its changed leaves; the head itself when its own text changed
    (beyond the heading, shown apart); nothing under an added, repealed or removed one."""
    if head.change in _FATE:
        return []
    if below:
        return leaves(below)
    if head.old_id is None or head.new_id is None or head.kind in CONTAINER_KINDS:
        return []
    old, new = report.diff.old.index[head.old_id], report.diff.new.index[head.new_id]
    return [head] if text_key(old.full_text) != text_key(new.full_text) else []


def _preview(change: ProvisionChange, limit: int = 160) -> str:
    """The first words of an added, repealed or removed provision, marked as in the word diff."""
    text = _plain(change.word_diff)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def heading_diff(report: DiffReport, change: ProvisionChange) -> tuple[tuple[str, str], ...]:
    """The word diff of an article's or container's heading when it changed, else ()."""
    if change.old_id is None or change.new_id is None:
        return ()
    old, new = report.diff.old.index[change.old_id].heading, report.diff.new.index[change.new_id].heading
    ops = word_diff(old, new)
    return ops if any(op != "=" for op, _ in ops) else ()


def trimmed(ops: Sequence[tuple[str, str]], context: int = CONTEXT_WORDS) -> list[tuple[str, str]]:
    """Long unchanged runs cut to `context` words next to each change, "…" standing for the rest."""
    out: list[tuple[str, str]] = []
    for index, (op, text) in enumerate(ops):
        if op != "=":
            out.append((op, text))
            continue
        words = text.split()
        first, last = index == 0, index == len(ops) - 1
        keep_head = [] if first else words[:context]
        keep_tail = [] if last else words[-context:]
        if len(words) <= len(keep_head) + len(keep_tail) + 1 and not (first and last):
            out.append((op, " ".join(words)))
        else:
            out.append((op, " ".join(part for part in (" ".join(keep_head), "…", " ".join(keep_tail)) if part)))
    return out


def _laws(change: ProvisionChange) -> str:
    return ", ".join(law_name(n) for n in change.amending_laws)


def _edition(code: Code) -> str:
    return code.edition_date.isoformat() if code.edition_date else "edition unknown"


# --- text ---------------------------------------------------------------------------------------


def to_text(report: DiffReport) -> str:
    """For the terminal: a summary, then each changed article with its changed parts (git's
    --word-diff=plain markers: [-removed-] {+added+})."""
    diff = report.diff
    lines = [
        f"diff: {diff.new.title or diff.old.title}",
        f"  old: {diff.old.source} ({_edition(diff.old)})",
        f"  new: {diff.new.source} ({_edition(diff.new)})",
        f"  scope: {_scope(diff)}",
        "  " + _counts(diff),
        "",
    ]
    for head, below in heads(report):
        laws = _laws(head)
        lines.append(f"{_MARK[head.change]} {where(report, head)}  {_LABEL[head.change]}" + (f"  [{laws}]" if laws else ""))
        if (ops := heading_diff(report, head)):
            lines.append(f"    heading: {_plain(trimmed(ops))}")
        if head.change in _FATE:
            lines.append(f"    {_preview(head)}")
        for change in details(report, head, below):
            label = where(report, change) if change is not head else "text"
            lines.append(f"    {_MARK[change.change]} {label}: {_plain(trimmed(change.word_diff))}")
    if report.rules_run:
        lines += ["", _findings_title(diff)]
        lines += _findings_rows(report.findings)
    return "\n".join(lines).rstrip() + "\n"


def _plain(ops: Sequence[tuple[str, str]]) -> str:
    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return " ".join(marks[op].format(text) for op, text in ops).replace("\n", " ¶ ")


def _scope(diff: CodeDiff) -> str:
    if diff.scope.restricted:
        return f"{diff.scope.description}: the part both inputs cover (the rest of the larger input is left out)"
    return diff.scope.description


def _counts(diff: CodeDiff) -> str:
    return ", ".join(f"{n} {_LABEL[change]}" for change, n in diff.counts.items()) + " (provisions of every level)"


def _findings_title(diff: CodeDiff) -> str:
    which = "the common part of both editions" if diff.scope.restricted else "both editions"
    return f"findings (the rules run on {which}):"


def _cause_label(f: FindingChange) -> str:
    """An unchanged verdict has nothing to explain: its changed provisions are amended evidence."""
    return "evidence amended" if f.change == "unchanged" else "caused by"


def _causes(f: FindingChange) -> str:
    if not f.caused_by:
        return ""
    joined = ", ".join(f.caused_by)
    return f"(evidence amended: {joined})" if f.change == "unchanged" else joined


def _findings_rows(findings: Sequence[FindingChange]) -> list[str]:
    if not findings:
        return ["  (no rule applies to this code)"]
    width = max(len(f.rule) for f in findings)
    rows = []
    for f in findings:
        moved = f"{f.old_status or '-'} -> {f.new_status or '-'}"
        cause = f"  {_cause_label(f)}: {', '.join(f.caused_by)}" if f.caused_by else ""
        rows.append(f"  {f.rule:{width}}  {moved:22}  {f.change}{cause}")
    return rows


# --- Markdown -----------------------------------------------------------------------------------


def to_markdown(report: DiffReport) -> str:
    """The same content as the text form, as Markdown: ~~removed~~ and **added** words."""
    diff = report.diff
    lines = [
        f"# Diff: {_md(diff.new.title or diff.old.title)}",
        "",
        "| | old | new |",
        "|---|---|---|",
        f"| source | `{_md(diff.old.source)}` | `{_md(diff.new.source)}` |",
        f"| edition | {_edition(diff.old)} | {_edition(diff.new)} |",
        f"| URI | `{diff.old.uri}` | `{diff.new.uri}` |",
        "",
        f"Scope: {_md(_scope(diff))}.",
        "",
        "| change | provisions |",
        "|---|---|",
    ]
    lines += [f"| {_LABEL[change]} | {n} |" for change, n in diff.counts.items()]
    lines += ["", "## Changes", ""]
    if not diff.changed:
        lines.append("No changes.")
    for head, below in heads(report):
        laws = _laws(head)
        lines.append(f"### {_md(where(report, head))}: {_LABEL[head.change]}" + (f" ({laws})" if laws else ""))
        lines.append("")
        if (ops := heading_diff(report, head)):
            lines.append(f"- heading: {_md_ops(trimmed(ops))}")
        if head.change in _FATE:
            lines.append(f"- {_md_ops(head.word_diff)}")
        for change in details(report, head, below):
            label = _md(where(report, change)) if change is not head else "text"
            lines.append(f"- {label} ({_LABEL[change.change]}): {_md_ops(trimmed(change.word_diff))}")
        lines.append("")
    if report.rules_run:
        lines += ["## Findings", "", _md(_findings_title(diff).rstrip(":")) + ".", ""]
        lines += ["| rule | old | new | change | caused by |", "|---|---|---|---|---|"]
        for f in report.findings:
            lines.append(f"| {f.rule} | {f.old_status or '–'} | {f.new_status or '–'} | {f.change} | {_causes(f)} |")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_ops(ops: Sequence[tuple[str, str]]) -> str:
    out = []
    for op, text in ops:
        text = _md(text.replace("*", "\\*").replace("~", "\\~"))
        out.append(text if op == "=" else f"~~{text}~~" if op == "-" else f"**{text}**")
    return " ".join(out)


# --- JSON ---------------------------------------------------------------------------------------


def to_dict(report: DiffReport) -> dict[str, Any]:
    """The JSON form (docs/diff.md): changed provisions in report order, findings by rule."""
    diff = report.diff
    return {
        "format": FORMAT,
        "generator": f"lexgap {__version__}",
        "old": _code(diff.old),
        "new": _code(diff.new),
        "scope": {"restricted": diff.scope.restricted, "description": diff.scope.description},
        "summary": {"provisions": diff.counts, "findings": _finding_counts(report.findings) if report.rules_run else None},
        "provisions": [_provision(c) for c in diff.changed],
        "findings": [_finding(f) for f in report.findings] if report.rules_run else None,
    }


def to_json(report: DiffReport) -> bytes:
    return (json.dumps(to_dict(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _code(code: Code) -> dict[str, Any]:
    return {
        "title": code.title,
        "source": code.source,
        "sha256": code.sha256,
        "uri": code.uri,
        "edition_date": code.edition_date.isoformat() if code.edition_date else None,
        "fragment": code.fragment,
    }


def _provision(change: ProvisionChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "old_id": change.old_id,
        "new_id": change.new_id,
        "change": change.change,
        "kind": change.kind.value,
        "similarity": change.similarity,
        "amending_laws": [
            {"law_number": n.law_number, "law_date": n.law_date.isoformat() if n.law_date else None, "action": n.action, "footnote": n.text}
            for n in change.amending_laws
        ],
        "old_span": [change.old_span.line, change.old_span.start, change.old_span.end] if change.old_span else None,
        "new_span": [change.new_span.line, change.new_span.start, change.new_span.end] if change.new_span else None,
        "word_diff": [[op, text] for op, text in change.word_diff],
    }


def _finding(f: FindingChange) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "code": f.code,
        "old_status": f.old_status or None,
        "new_status": f.new_status or None,
        "change": f.change,
        "caused_by": list(f.caused_by),
    }


def _finding_counts(findings: Sequence[FindingChange]) -> dict[str, int]:
    from lexgap.diff import FINDING_CHANGES

    return {name: sum(1 for f in findings if f.change == name) for name in FINDING_CHANGES}


# --- HTML ---------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;line-height:1.45}
h1{font-size:1.4em}h2{font-size:1.2em;margin-top:2em}h3{font-size:1.05em;margin:1.6em 0 .4em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
table.sbs{width:100%;table-layout:fixed}table.sbs td{white-space:pre-wrap}
.num{width:4em;color:#666;white-space:nowrap}tr.same td{color:#777}
del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}
.law{font-weight:normal;color:#555;font-size:.9em}.tag{font-size:.8em;padding:0 .4em;border-radius:.3em;background:#eee}
.added{background:#dfd}.repealed,.removed{background:#fdd}.renumbered,.moved{background:#ddf}.text_changed{background:#ffd}
"""


def to_html(report: DiffReport) -> bytes:
    """A self-contained page: per changed article, old and new text side by side, word by word."""
    diff = report.diff
    e = html.escape
    title = f"Diff: {diff.new.title or diff.old.title}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_html_lang(diff.new.language)}"><head><meta charset="utf-8">',
        f"<title>{e(title)}</title><style>{_CSS.strip()}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        "<table><tr><th></th><th>old</th><th>new</th></tr>",
        f"<tr><th>source</th><td>{e(diff.old.source)}</td><td>{e(diff.new.source)}</td></tr>",
        f"<tr><th>edition</th><td>{_edition(diff.old)}</td><td>{_edition(diff.new)}</td></tr>",
        f"<tr><th>URI</th><td>{e(diff.old.uri)}</td><td>{e(diff.new.uri)}</td></tr></table>",
        f"<p>Scope: {e(_scope(diff))}.</p>",
        "<p>" + e(_counts(diff)) + "</p>",
        "<h2>Changes</h2>",
    ]
    if not diff.changed:
        out.append("<p>No changes.</p>")
    for head, _below in heads(report):
        laws = _laws(head)
        out.append(
            f'<h3 id="{e(head.id)}">{e(where(report, head))} <span class="tag {head.change}">{_LABEL[head.change]}</span>'
            + (f' <span class="law">{e(laws)}</span>' if laws else "")
            + "</h3>"
        )
        out.append('<table class="sbs"><tr><th class="num"></th>'
                   f"<th>old ({_edition(diff.old)})</th><th class=\"num\"></th><th>new ({_edition(diff.new)})</th></tr>")
        out.extend(_rows(report, head))
        out.append("</table>")
    if report.rules_run:
        out.append(f"<h2>Findings</h2><p>{e(_findings_title(diff).rstrip(':'))}.</p>")
        out.append("<table><tr><th>rule</th><th>old</th><th>new</th><th>change</th><th>caused by</th></tr>")
        for f in report.findings:
            out.append(
                f"<tr><td>{e(f.rule)}</td><td>{e(f.old_status or '–')}</td><td>{e(f.new_status or '–')}</td>"
                f"<td>{e(f.change)}</td><td>{e(_causes(f))}</td></tr>"
            )
        out.append("</table>")
    out.append("</body></html>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _html_lang(language: str) -> str:
    return {"rus": "ru", "kaz": "kk", "eng": "en"}.get(language, "und")


def _rows(report: DiffReport, head: ProvisionChange) -> list[str]:
    """One row per provision of the article (heading first), old and new own text side by side."""
    diff = report.diff
    members = [c for c in diff.provisions if c.id == head.id or (head.kind is Kind.ARTICLE and c.article == head.id and c.id != head.id)]
    if head.kind is not Kind.ARTICLE:
        members = [head]
    rows = []
    for change in members:
        old = diff.old.index[change.old_id] if change.old_id is not None else None
        new = diff.new.index[change.new_id] if change.new_id is not None else None
        is_head = change.id == head.id
        left, right, differs = _columns(_own(old, is_head), _own(new, is_head))
        if not left and not right:
            continue
        cls = change.change if differs or (change.change != "unchanged" and not is_head) else "same"
        rows.append(
            f'<tr class="{cls}"><td class="num">{html.escape(_number(old, is_head))}</td><td>{left}</td>'
            f'<td class="num">{html.escape(_number(new, is_head))}</td><td>{right}</td></tr>'
        )
    return rows


def _own(provision: Provision | None, is_head: bool) -> str:
    """What a row shows: the heading for the article or container, else the provision's own text."""
    if provision is None:
        return ""
    if is_head:
        own = provision.heading
        if provision.kind is Kind.ARTICLE and provision.text:
            own = f"{own}\n{provision.text}" if own else provision.text
        return own
    return "\n".join(t for t in (provision.text, provision.wrap_up) if t)


def _number(provision: Provision | None, is_head: bool) -> str:
    if provision is None:
        return ""
    if is_head:
        return f"{provision.num}." if provision.kind is Kind.ARTICLE else provision.num
    return {Kind.PARAGRAPH: f"{provision.num}.", Kind.POINT: f"{provision.num})"}.get(provision.kind, provision.num or "")


def _columns(old_text: str, new_text: str) -> tuple[str, str, bool]:
    """The two columns of a row: each side's own words, the other's left out, changes marked
    (<del> on the left, <ins> on the right); words compared normalised as in `word_diff`."""
    a, b = _TOKEN.findall(old_text), _TOKEN.findall(new_text)
    matcher = difflib.SequenceMatcher(None, [folded(t) for t in a], [folded(t) for t in b], autojunk=False)
    left: list[str] = []
    right: list[str] = []
    differs = False
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(_words(a[i1:i2]))
            right.append(_words(b[j1:j2]))
            continue
        differs = True
        if i2 > i1:
            left.append(f"<del>{_words(a[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{_words(b[j1:j2])}</ins>")
    return _glue(left), _glue(right), differs


def _words(tokens: Sequence[str]) -> str:
    return html.escape(" ".join(tokens))


def _glue(parts: Sequence[str]) -> str:
    return re.sub(r" ?\n ?", "\n", " ".join(p for p in parts if p))
