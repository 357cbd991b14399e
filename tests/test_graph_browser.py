"""The HTML view in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.

The page is opened from a file:// URL with the network features of Chromium switched off; it must
draw the nodes without console errors or requests, find articles with the search box, show a
node's text and findings when clicked, and hide nodes with the status filter. The same view as a
fragment inside another page (the gap report's use) must work too. Skips when Chromium or
Playwright is not installed (.ci/run installs both).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_graph import Corpus, _corpus, _corpus_files

from lexgap.graph.build import provision_node
from lexgap.graph.export import html_fragment, html_page, view_data

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=ARGS, viewport={"width": 1400, "height": 900})
        yield context
        context.close()


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    _corpus_files()
    return _corpus()


class Opened:
    """A page loaded from a file, with what it printed to the console and every URL it requested."""

    def __init__(self, context: Any, path: Path, element_id: str) -> None:
        self.page = context.new_page()
        self.messages: list[tuple[str, str]] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.messages.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.messages.append(("pageerror", str(e))))
        self.page.on("request", lambda r: self.requests.append(r.url))
        started = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector(f"#{element_id}[data-ready='1']", timeout=60_000)
        self.seconds = time.perf_counter() - started
        self.root = f"#{element_id}"

    def problems(self) -> list[tuple[str, str]]:
        return [m for m in self.messages if m[0] in ("error", "pageerror", "warning")]

    def visible_nodes(self, element_id: str) -> int:
        return int(self.page.evaluate(f"window.lexgapGraphs[{element_id!r}].cy.nodes().not('.lxg-hidden').length"))


def _expected_matches(view: dict, query: str) -> int:  # type: ignore[type-arg]
    q = query.lower()
    return sum(1 for n in view["nodes"] if any(q in str(n.get(k, "")).lower() for k in ("label", "gid", "heading")))


def test_page_draws_searches_shows_and_filters(browser: Any, corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    path.write_text(html_page(corpus.graph, "kz"), encoding="utf-8")
    view = view_data(corpus.graph)
    opened = Opened(browser, path, "lexgap-graph")
    page = opened.page
    print(f"page ready in {opened.seconds:.2f} s")
    assert opened.problems() == []
    assert {url for url in opened.requests} == {path.as_uri()}, "nothing but the file itself is loaded"
    assert page.get_attribute("#lexgap-graph", "data-nodes") == str(len(view["nodes"]))
    assert page.locator("#lexgap-graph .lxg-canvas canvas").count() > 0

    page.fill("#lexgap-graph .lxg-search", "art_146")
    page.press("#lexgap-graph .lxg-search", "Enter")
    expected = _expected_matches(view, "art_146")
    assert expected >= 2, "CC art. 146 and CPC art. 146"
    assert page.inner_text("#lexgap-graph .lxg-count") == f"{expected} matches"

    target = provision_node(next(c.uri for c in corpus.codes if c.kind.value == "criminal"), "art_146")
    x, y = page.evaluate(
        """gid => { const g = window.lexgapGraphs['lexgap-graph'];
                    const node = g.cy.nodes().filter(n => n.data('gid') === gid)[0];
                    g.cy.zoom(1.5); g.cy.center(node);
                    const p = node.renderedPosition(), box = g.cy.container().getBoundingClientRect();
                    return [box.left + p.x, box.top + p.y]; }""", target)
    page.mouse.click(x, y)
    page.wait_for_selector(f"#lexgap-graph[data-selected='{target}']", timeout=5_000)
    panel = page.inner_text("#lexgap-graph .lxg-panel")
    assert "Пытки" in panel and "1. Умышленное причинение физических" in panel
    assert "torture-exclusion-lawful-sanctions" in panel and "conflicts_with" in panel

    page.click("#lexgap-graph .lxg-v-none input")
    always = {"code", "standard"}
    shown = sum(1 for n in view["nodes"] if n["kind"] in always or n.get("v"))
    assert opened.visible_nodes("lexgap-graph") == shown < len(view["nodes"])
    assert opened.problems() == []
    page.close()


def test_fragment_works_inside_another_page(browser: Any, corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gap report</title>"
        "<style>body { margin: 2em; }</style></head><body><h1>Gap report</h1><p>Findings first.</p>\n"
        + html_fragment(corpus.graph, "report-graph", detail="findings")
        + "<p>After the graph.</p></body></html>\n", encoding="utf-8")
    view = view_data(corpus.graph, "findings")
    opened = Opened(browser, path, "report-graph")
    print(f"fragment ready in {opened.seconds:.2f} s")
    assert opened.problems() == []
    assert opened.page.get_attribute("#report-graph", "data-nodes") == str(len(view["nodes"]))
    assert opened.page.evaluate("gid => window.lexgapGraphs['report-graph'].select(gid)", "rule:threat-of-torture")
    panel = opened.page.inner_text("#report-graph .lxg-panel")
    assert "threat-of-torture" in panel and "missing" in panel and "CAT art. 4(1)" in panel
    opened.page.close()
