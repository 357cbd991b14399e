"""The report formats `lexgap check --format` can write: name -> (file suffix, writer).

A writer takes a `Report` and returns the file's bytes. Writers are imported when first called, so
listing the formats (for `--help` and argument checking) costs nothing, and a format whose library
is heavy (python-docx) loads it only when asked for. To add a format, add one line:

    "csv": (".csv", lazy("lexgap.report.csv", "to_csv")),
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lexgap.report import Report

Writer = Callable[["Report"], bytes]


def lazy(module: str, function: str) -> Writer:
    """A writer that imports `module` and calls its `function` on first use."""

    def write(report: Report) -> bytes:
        writer: Writer = getattr(import_module(module), function)
        return writer(report)

    write.__qualname__ = write.__name__ = f"{module}.{function}"
    return write


FORMATS: dict[str, tuple[str, Writer]] = {
    "json": (".json", lazy("lexgap.report.json", "to_json")),
    "md": (".md", lazy("lexgap.report.markdown", "to_markdown")),
    "html": (".html", lazy("lexgap.report.html", "to_html")),
    "docx": (".docx", lazy("lexgap.report.docx", "to_docx")),
    "csv": (".csv", lazy("lexgap.report.csv", "to_csv")),
    "sarif": (".sarif", lazy("lexgap.report.sarif", "to_sarif")),
}
"""Every format by the name `--format` takes, in the order `--help` lists them."""
