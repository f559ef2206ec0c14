"""The lesson in a real browser: Playwright for Python driving Debian's chromium.

The page opens from ``file://``; stepping lights one link per step, in order, with its
caption; hovering explains a node; views and horizons switch; nothing is fetched and
nothing is logged as an error. Without JavaScript the chain and the captions show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HANG = 30_000  # ms: a bound that only catches a hang
pytestmark = pytest.mark.slow  # a browser


@pytest.fixture(scope="module")
def lesson_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from macrograph.explain.cli import main

    target = tmp_path_factory.mktemp("lesson") / "lesson.html"
    done = CliRunner().invoke(main, ["lesson", "boj-skips", "--draws", "20", "-o", str(target)])
    assert done.exit_code == 0, done.output
    return target


@pytest.fixture(scope="module")
def browser(needs_chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=needs_chromium, args=ARGS, timeout=HANG)
        yield launched
        launched.close()


class Watched:
    """A page with its console errors, page errors and requests recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))


@pytest.fixture
def opened(browser: Any, lesson_file: Path) -> Callable[[bool], Watched]:
    contexts: list[Any] = []

    def open_page(javascript: bool = True) -> Watched:
        context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(HANG)
        watched = Watched(page)
        page.goto(lesson_file.as_uri())
        return watched

    yield open_page  # type: ignore[misc]
    for context in contexts:
        context.close()


def _steps(page: Any, horizon: str) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            "h => JSON.parse(document.getElementById('lesson-data').textContent).steps[h]", horizon
        )
    )


def _lit(page: Any, prefix: str) -> set[str]:
    ids = page.evaluate(
        "p => Array.from(document.querySelectorAll('#panel-chain-3 .lit')).map(g => g.id)", prefix
    )
    return {i.removeprefix(prefix) for i in ids}


def test_stepping_lights_one_link_per_step_in_order(
    opened: Callable[[bool], Watched], lesson_file: Path
) -> None:
    watched = opened(True)
    page = watched.page
    steps = _steps(page, "3m")
    assert len(steps) > 5
    assert page.text_content("#progress") == f"Step 0 of {len(steps)}"
    edges = {i for s in steps for i in s["chain"]}
    assert not _lit(page, "c3-") & edges
    for n in range(1, len(steps) + 1):
        (page.keyboard.press("ArrowRight") if n % 2 else page.click("#next"))
        assert page.text_content("#progress") == f"Step {n} of {len(steps)}"
        assert page.text_content("#caption") == steps[n - 1]["caption"]
        lit = _lit(page, "c3-") & edges
        assert lit == {i for s in steps[:n] for i in s["chain"]}
        current = page.evaluate(
            "() => Array.from(document.querySelectorAll('#panel-chain-3 .current')).map(g => g.id)"
        )
        assert {f"c3-{i}" for i in steps[n - 1]["chain"]} <= set(current)
    assert page.is_disabled("#next")
    page.click("#prev")
    assert page.text_content("#progress") == f"Step {len(steps) - 1} of {len(steps)}"
    assert watched.errors == []
    assert watched.requests == [lesson_file.as_uri()]


def test_hovering_a_node_shows_its_move_and_causes(opened: Callable[[bool], Watched]) -> None:
    watched = opened(True)
    page = watched.page
    assert page.is_hidden("#info")
    dot_ids = page.evaluate(
        "() => JSON.parse(document.getElementById('lesson-data').textContent).nodes"
    )
    target = next(i for i, node in dot_ids.items() if node == "boj_policy_rate")
    page.hover(f"#c3-{target}")
    assert page.is_visible("#info")
    title = page.text_content("#info-title")
    lines = page.eval_on_selector_all("#info-lines li", "els => els.map(e => e.textContent)")
    assert title == "BoJ policy rate"
    assert lines[0] == "Move at 3m: -25 bp"
    assert any(line.startswith("Band (5th to 95th percentile of 20 draws)") for line in lines)
    assert "Cause: -25 bp from the shock (the scenario's shock)" in lines
    page.hover("#c3-e1")  # an edge's label: the rule's reason, size, lag, confidence, sources
    lines = page.eval_on_selector_all("#info-lines li", "els => els.map(e => e.textContent)")
    assert lines[0].startswith("Reason: ") and any(x.startswith("Confidence: ") for x in lines)
    assert any(x.startswith("Sources: ") for x in lines)
    assert watched.errors == []


def test_views_and_horizons_switch(opened: Callable[[bool], Watched], lesson_file: Path) -> None:
    watched = opened(True)
    page = watched.page
    assert page.is_visible("#panel-chain-3") and page.is_hidden("#panel-map")
    page.click("button[data-view=map]")
    assert page.is_visible("#panel-map") and page.is_hidden("#panel-chain-3")
    steps = _steps(page, "3m")
    n, ruled = next((n, s) for n, s in enumerate(steps, 1) if s["map"])
    lit = "id => document.getElementById('m-' + id).classList.contains('lit')"
    assert not page.evaluate(lit, ruled["map"][0])
    for _ in range(n):
        page.click("#next")
    assert page.evaluate(lit, ruled["map"][0])
    page.click("button[data-view=diff]")
    assert page.is_visible("#panel-diff-3") and page.is_hidden("#panel-map")
    page.click("button[data-horizon='1d']")
    assert page.is_visible("#panel-diff-0") and page.is_hidden("#panel-diff-3")
    page.click("button[data-view=chain]")
    assert page.is_visible("#panel-chain-0")
    assert page.get_attribute("button[data-horizon='1d']", "aria-pressed") == "true"
    short = _steps(page, "1d")
    assert page.text_content("#progress") == f"Step {min(n, len(short))} of {len(short)}"
    assert page.text_content("#captions-horizon") == "1d"
    items = page.eval_on_selector_all("#captions li", "els => els.map(e => e.textContent)")
    assert items == [s["caption"] for s in short]
    assert watched.errors == []
    assert watched.requests == [lesson_file.as_uri()]


def test_without_javascript_the_chain_and_captions_show(
    opened: Callable[[bool], Watched], lesson_file: Path
) -> None:
    watched = opened(False)
    page = watched.page
    assert page.is_visible("#panel-chain-3 svg")
    assert page.is_hidden("#controls") and page.is_hidden("#panel-map")
    steps = _steps_from_list(page)
    assert len(steps) > 5 and steps[0].startswith("The shock: ")
    assert page.evaluate("document.querySelectorAll('#panel-chain-3 g.edge').length") > 10
    assert watched.requests == [lesson_file.as_uri()]


def _steps_from_list(page: Any) -> list[str]:
    assert page.is_visible("#captions")
    return list(page.eval_on_selector_all("#captions li", "els => els.map(e => e.textContent)"))


def test_hostile_pack_text_is_shown_as_text_and_never_run(browser: Any, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from macrograph.explain.cli import main

    target = tmp_path / "hostile.html"
    pack = str(Path(__file__).parent / "hostile_pack")
    done = CliRunner().invoke(
        main, ["lesson", "hold", "--pack", pack, "--draws", "10", "-o", str(target)]
    )
    assert done.exit_code == 0, done.output
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(HANG)
        watched = Watched(page)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(target.as_uri())
        steps = _steps(page, "3m")
        for n in range(1, len(steps) + 1):
            page.click("#next")
            assert page.text_content("#caption") == steps[n - 1]["caption"]
        nodes = page.evaluate(
            "() => JSON.parse(document.getElementById('lesson-data').textContent).nodes"
        )
        rate_path = next(i for i, node in nodes.items() if node == "rate_path")
        page.hover(f"#c3-{rate_path}")
        assert page.text_content("#info-title") == 'Priced path: <script>alert("x")</script>'
        assert page.evaluate("document.querySelectorAll('#info script, #caption *').length") == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 2
        assert dialogs == [] and watched.errors == []
        assert watched.requests == [target.as_uri()]
    finally:
        context.close()
