"""The terminal table `lexgap check` prints: one row per rule and code, with the first evidence."""

from __future__ import annotations

from lexgap.report import Report

_MARK = {"satisfied": "ok", "partial": "PARTIAL", "missing": "MISSING", "conflict": "CONFLICT"}


def to_table(report: Report) -> str:
    """Rows sorted as the findings are; the last column cites the first piece of evidence or near miss."""
    titles = {ref.uri: ref.citation_title for ref in report.inputs}
    rows = []
    for f in report.findings:
        code = "all codes" if f.code == "corpus" else _short(titles.get(f.code, f.code), f.code)
        first = f.evidence[:1] or f.near_misses[:1]
        where = first[0].pinpoint if first else ""
        if first and f.code == "corpus":  # a corpus-wide rule: say in which code
            where = f"{_short(titles.get(first[0].code, first[0].code), first[0].code)}, {where}"
        if not f.evidence and first:
            where = f"nearest: {where}"
        rows.append((f.rule, code, _MARK[f.status.value], where))
    widths = [max([len(r[i]) for r in rows] + [len(h)]) for i, h in enumerate(("rule", "code", "status", ""))]
    lines = [f"{'rule':{widths[0]}}  {'code':{widths[1]}}  {'status':{widths[2]}}  evidence"]
    for rule, code, status, where in rows:
        lines.append(f"{rule:{widths[0]}}  {code:{widths[1]}}  {status:{widths[2]}}  {where}".rstrip())
    counts = report.counts
    lines.append("")
    lines.append(", ".join(f"{n} {status}" for status, n in counts.items()))
    return "\n".join(lines) + "\n"


def _short(title: str, uri: str) -> str:
    """"Criminal Code rus@2019-12-27": the language and edition tell two texts of one code apart."""
    name = title.split(" No. ")[0].replace(" of the Republic of Kazakhstan", "")
    return f"{name} {uri.rsplit('/', 1)[-1]}"
