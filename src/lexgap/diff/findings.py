"""What an edition change does to the gaps: findings of the same rules on two editions, compared.

Running the rules on a chapter and on a full code compares different things (the full code has
articles the chapter lacks, so a rule can be satisfied by one and missing in the other whatever
the amendments). So a restricted diff runs the rules on the two *scoped* codes (`scoped_codes`):
each edition cut down to the provisions in the diff's scope, containers above the scope left out
on both sides so both have the same shape. The findings then say what the common part
establishes, not the whole code; a rule whose evidence lies elsewhere in the full code is missing
in both and reported unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from lexgap.match.findings import Finding
from lexgap.model import Code, Provision

if TYPE_CHECKING:
    from lexgap.diff import CodeDiff, ProvisionChange

FINDING_CHANGES = (
    "gap_closed", "gap_opened", "conflict_introduced", "conflict_removed", "status_changed",
    "unchanged_evidence_moved", "unchanged",
)


@dataclass(frozen=True)
class FindingChange:
    """How the verdict of one rule on the code moved between the editions."""

    rule: str
    code: str  # the new edition's URI (the old one's when only the old run has the finding)
    old_status: str  # "" when the old run has no finding for the rule
    new_status: str
    change: str  # one of FINDING_CHANGES
    caused_by: tuple[str, ...] = ()  # ids of changed provisions (ProvisionChange.id) among the evidence and near misses
    old: Finding | None = field(default=None, repr=False, compare=False)
    new: Finding | None = field(default=None, repr=False, compare=False)


def scoped_codes(diff: CodeDiff) -> tuple[Code, Code]:
    """The two editions cut down to the diff's scope (each unchanged when the scope is everything)."""
    if not diff.scope.restricted:
        return diff.old, diff.new
    return _prune(diff.old, diff.scope.old_ids), _prune(diff.new, diff.scope.new_ids)


def _prune(code: Code, keep: frozenset[str]) -> Code:
    """The code with only the provisions in `keep`; one outside whose descendants are kept is
    replaced by them (the full code's "Общая часть" around a chapter)."""

    def visit(nodes: Iterable[Provision]) -> list[Provision]:
        out: list[Provision] = []
        for node in nodes:
            if node.id in keep:
                out.append(replace(node, children=tuple(visit(node.children))))
            else:
                out.extend(visit(node.children))
        return out

    return replace(
        code,
        body=tuple(visit(code.body)),
        references=tuple(r for r in code.references if r.source in keep),
        fragment=True,
    )


def diff_findings(old_findings: Sequence[Finding], new_findings: Sequence[Finding], code_diff: CodeDiff) -> tuple[FindingChange, ...]:
    """Pair the findings by rule and code (the old edition's URI standing for the new one's) and
    say what changed and which changed provisions explain it; ordered by rule, then code."""
    rename = {code_diff.old.uri: code_diff.new.uri}
    old_by_key = {(f.rule, rename.get(f.code, f.code)): f for f in old_findings}
    new_by_key = {(f.rule, f.code): f for f in new_findings}
    by_old, by_new = code_diff.by_old_id(), code_diff.by_new_id()
    position = {p.id: i for i, p in enumerate(code_diff.provisions)}
    out = []
    for key in sorted(set(old_by_key) | set(new_by_key)):
        old, new = old_by_key.get(key), new_by_key.get(key)
        causes = _causes(old, by_old, code_diff.old.uri) | _causes(new, by_new, code_diff.new.uri)
        caused_by = tuple(sorted(causes, key=lambda pid: (position.get(pid, -1), pid)))
        out.append(
            FindingChange(
                rule=key[0],
                code=key[1] if new is not None else (old.code if old is not None else key[1]),
                old_status=old.status.value if old is not None else "",
                new_status=new.status.value if new is not None else "",
                change=_change(old, new, by_old),
                caused_by=caused_by,
                old=old,
                new=new,
            )
        )
    return tuple(out)


def _cited(finding: Finding | None, uri: str) -> list[str]:
    """Provision ids the finding rests on or came close to, in this code."""
    if finding is None:
        return []
    ids = [e.provision for e in finding.evidence if e.code == uri]
    ids += [m.provision for m in finding.near_misses if m.code == uri]
    return ids


def _causes(finding: Finding | None, changes: dict[str, ProvisionChange], uri: str) -> set[str]:
    """The changed provisions among those a finding cites."""
    out = set()
    for pid in _cited(finding, uri):
        change = changes.get(pid)
        if change is not None and change.change != "unchanged":
            out.add(change.id)
    return out


def _change(old: Finding | None, new: Finding | None, by_old: dict[str, ProvisionChange]) -> str:
    """Name the move between two verdicts (see FINDING_CHANGES)."""
    old_status = old.status.value if old is not None else ""
    new_status = new.status.value if new is not None else ""
    if old_status == new_status:
        moved = _evidence_ids(old, by_old, True) != _evidence_ids(new, by_old, False)
        return "unchanged_evidence_moved" if moved else "unchanged"
    if new_status == "conflict":
        return "conflict_introduced"
    if old_status == "conflict":
        return "conflict_removed"
    if new_status == "satisfied" and old_status in ("partial", "missing"):
        return "gap_closed"
    if old_status == "satisfied" and new_status in ("partial", "missing"):
        return "gap_opened"
    return "status_changed"


def _evidence_ids(finding: Finding | None, by_old: dict[str, ProvisionChange], translate: bool) -> frozenset[str]:
    """The provisions a finding's evidence cites, old ids translated to what they became."""
    if finding is None:
        return frozenset()
    ids = {e.provision for e in finding.evidence}
    if not translate:
        return frozenset(ids)
    out = set()
    for pid in ids:
        change = by_old.get(pid)
        out.add(change.new_id if change is not None and change.new_id is not None else pid)
    return frozenset(out)
