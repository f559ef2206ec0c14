"""The lesson in a real browser: Playwright for Python driving Debian's chromium.

The page opens from ``file://``; stepping lights one link per step, in order, with its
caption, and brings that link into view at 1280x800 and on a 390x844 phone, in the chain,
the map and the diff; the smallest text of every view reads (10px, 8px on the phone: the
rendered font size times the SVG's current scale); every node is a tab stop whose details
Enter shows; hovering explains a node; the details close when the view changes; views and
horizons switch; nothing is fetched (every request is routed and recorded) and nothing is
logged as an error. Without JavaScript the chain and the captions show.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.pages import Pages
from tests.shared import built

pytestmark = pytest.mark.slow  # a browser
DESK, PHONE = (1280, 800), (390, 844)
LEAST = {DESK: 10.0, PHONE: 8.0}  # px: the smallest text each viewport must show
SETTLED = "!document.getElementById('stage').dataset.moving"


@pytest.fixture(scope="module")
def lesson_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from macrograph.explain.cli import main

    def write(target: Path) -> None:
        args = ["lesson", "boj-skips", "--draws", "20", "-o", str(target)]
        done = CliRunner().invoke(main, args)
        assert done.exit_code == 0, done.output

    # written once in a run for every worker (see tests/shared.py)
    return built(tmp_path_factory, "lesson-boj-skips.html", write)


@pytest.fixture(scope="module")
def pages(browser: Any) -> Iterator[Pages]:
    """The module's pages, one per window size and setting, each test's lesson loaded afresh
    into them (see tests/pages.py)."""
    kept = Pages(browser)
    yield kept
    kept.close()


class Watched:
    """A page with its console errors, page errors and requests recorded; every request
    but the page's own file is routed to a refusal, so a fetch could not even succeed."""

    def __init__(self, pages: Pages, page: Any, own: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        pages.on(
            page, "console", lambda m: self.errors.append(m.text) if m.type == "error" else None
        )
        pages.on(page, "pageerror", lambda e: self.errors.append(str(e)))
        pages.on(page, "request", lambda r: self.requests.append(r.url))
        pages.route(
            page, lambda route: route.continue_() if route.request.url == own else route.abort()
        )


Opener = Callable[..., Watched]


@pytest.fixture
def opened(pages: Pages, lesson_file: Path) -> Opener:
    def open_page(
        javascript: bool = True, size: tuple[int, int] = DESK, still: bool = True
    ) -> Watched:
        # Without motion the camera jumps to each step; the stepping test keeps the motion.
        page = pages.page(size, javascript, still)
        watched = Watched(pages, page, lesson_file.as_uri())
        page.goto(lesson_file.as_uri())
        return watched

    return open_page


def _data(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("JSON.parse(document.getElementById('lesson-data').textContent)"))


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


def test_stepping_lights_one_link_per_step_in_order(opened: Opener, lesson_file: Path) -> None:
    watched = opened(True, DESK, still=False)
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
        page.wait_for_function(SETTLED)  # the camera glides to the step's link
        assert _in_view(page, page.evaluate(ANCHOR, ["c3-", "chain", steps[n - 1]]))
    assert page.is_disabled("#next")
    page.click("#prev")
    assert page.text_content("#progress") == f"Step {len(steps) - 1} of {len(steps)}"
    assert watched.errors == []
    assert watched.requests == [lesson_file.as_uri()]


def test_hovering_a_node_shows_its_move_and_causes(opened: Opener) -> None:
    watched = opened(True)
    page = watched.page
    assert page.is_hidden("#info")
    dot_ids = page.evaluate(
        "() => JSON.parse(document.getElementById('lesson-data').textContent).nodes"
    )
    target = next(i for i, node in dot_ids.items() if node == "boj_policy_rate")
    page.focus(f"#c3-{target}")  # brings it into view (and shows its details, as hover does)
    page.wait_for_function(SETTLED)
    page.click("#info-close")
    assert page.is_hidden("#info")
    page.hover(f"#c3-{target}")
    assert page.is_visible("#info")
    title = page.text_content("#info-title")
    lines = page.eval_on_selector_all("#info-lines li", "els => els.map(e => e.textContent)")
    assert title == "BoJ policy rate"
    assert lines[0] == "Move at 3m: -25bp"
    assert any(line.startswith("Band (5th to 95th percentile of 20 draws)") for line in lines)
    assert "Cause: -25bp from the shock (the scenario's shock)" in lines
    link = next(k for k, rule in _data(page)["chain_rules"]["3m"].items() if rule)
    page.focus(f"#c3-{link}")
    page.hover(f"#c3-{link}")  # a link's label: the rule's reason, size, lag, confidence, sources
    lines = page.eval_on_selector_all("#info-lines li", "els => els.map(e => e.textContent)")
    assert lines[0].startswith("Reason: ") and any(x.startswith("Confidence: ") for x in lines)
    assert any(x.startswith("Sources: ") for x in lines)
    assert watched.errors == []


def test_views_and_horizons_switch(opened: Opener, lesson_file: Path) -> None:
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


def test_without_javascript_the_chain_and_captions_show(opened: Opener, lesson_file: Path) -> None:
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


def test_hostile_pack_text_is_shown_as_text_and_never_run(pages: Pages, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from macrograph.explain.cli import main

    target = tmp_path / "hostile.html"
    pack = str(Path(__file__).parents[1] / "hostile_pack")
    done = CliRunner().invoke(
        main, ["lesson", "hold", "--pack", pack, "--draws", "10", "-o", str(target)]
    )
    assert done.exit_code == 0, done.output
    page = pages.page((1280, 900), still=False)
    watched = Watched(pages, page, target.as_uri())
    dialogs: list[str] = []
    pages.on(page, "dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(target.as_uri())
    steps = _steps(page, "3m")
    for n in range(1, len(steps) + 1):
        page.click("#next")
        assert page.text_content("#caption") == steps[n - 1]["caption"]
    nodes = page.evaluate(
        "() => JSON.parse(document.getElementById('lesson-data').textContent).nodes"
    )
    rate_path = next(i for i, node in nodes.items() if node == "rate_path")
    page.wait_for_function(SETTLED)  # the last step's pan has ended
    page.focus(f"#c3-{rate_path}")
    page.keyboard.press("Enter")  # the node's details, as hover shows them
    assert page.text_content("#info-title") == 'Priced path: <script>alert("x")</script>'
    assert page.evaluate("document.querySelectorAll('#info script, #caption *').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    assert dialogs == [] and watched.errors == []
    assert watched.requests == [target.as_uri()]


VIEWS = ("chain", "map", "diff")
PREFIX = {"chain": "c3-", "map": "m-", "diff": "d3-"}
SMALLEST = """() => {
  const panel = Array.from(document.querySelectorAll('figure.panel')).find(p => !p.hidden);
  let svg = Infinity, html = Infinity;
  panel.querySelectorAll('text').forEach(t => {
    svg = Math.min(svg, parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a);
  });
  document.querySelectorAll('header *, #controls *, #info *').forEach(e => {
    const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (own && e.getClientRects().length) {
      html = Math.min(html, parseFloat(getComputedStyle(e).fontSize));
    }
  });
  return [svg, html];
}"""


def _centre_in_view(page: Any, rect: dict[str, float]) -> bool:
    """True when the middle of ``rect`` is inside the stage (a node wider than a phone's
    stage at a readable size cannot be inside it whole)."""
    x, y = rect["left"] + rect["width"] / 2, rect["top"] + rect["height"] / 2
    return _in_view(page, {"left": x, "right": x, "top": y, "bottom": y, "width": 1, "height": 1})


# What must be in view after a step: the link's label in the chain; its arrowhead in the
# map and the diff (the node it reaches when the view draws no edge for it).
ANCHOR = """([prefix, view, step]) => {
  const el = id => document.getElementById(prefix + id);
  let found = null;
  if (view === 'chain') {
    found = el(step.chain[0]);
  } else {
    const edge = step.map.map(el).find(e => e);
    const heads = edge ? edge.querySelectorAll('polygon, ellipse') : [];
    const head = heads.length ? heads[heads.length - 1] : edge;
    found = edge ? head : step.targets.map(el).find(e => e);
  }
  return found ? found.getBoundingClientRect().toJSON() : null;
}"""


def _in_view(page: Any, rect: dict[str, float] | None) -> bool:
    """True when ``rect`` is drawn, inside the stage and inside the window."""
    stage = page.evaluate("document.getElementById('stage').getBoundingClientRect().toJSON()")
    size = page.viewport_size
    return bool(
        rect
        and rect["width"] > 0
        and rect["height"] > 0
        and rect["left"] >= max(0, stage["left"]) - 0.5
        and rect["top"] >= max(0, stage["top"]) - 0.5
        and rect["right"] <= min(size["width"], stage["right"]) + 0.5
        and rect["bottom"] <= min(size["height"], stage["bottom"]) + 0.5
    )


def test_before_the_first_step_the_chain_shows_its_title_whole(opened: Opener) -> None:
    # The camera starts on the shocks: the title above them was cut at the stage's edge.
    page = opened(True, DESK).page
    page.wait_for_function(SETTLED)
    lines = page.evaluate(
        "Array.from(document.querySelectorAll('#panel-chain-3 svg > g.graph > text'))"
        ".map(t => t.getBoundingClientRect().toJSON())"
    )
    assert len(lines) >= 2
    assert all(_in_view(page, rect) for rect in lines), lines


def test_before_the_first_step_a_node_wider_than_its_shock_is_not_cut(
    pages: Pages, tmp_path: Path
) -> None:
    # The supply chain's first node is wider than the shock above it: framed on the title
    # and the shock alone, it ran off the stage's right edge before the first step.
    from click.testing import CliRunner

    from macrograph.explain.cli import main

    target = tmp_path / "supply.html"
    pack = str(Path(__file__).parents[1] / "packs" / "heldout_supply")
    args = ["lesson", "orders-step", "--pack", pack, "--draws", "0", "-o", str(target)]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    page = pages.page(DESK)  # 1280x800, without motion
    page.goto(target.as_uri())
    page.wait_for_function(SETTLED)
    horizon = page.get_attribute("button[data-horizon][aria-pressed=true]", "data-horizon")
    first = _steps(page, horizon)[0]
    prefix = f"c{_data(page)['horizons'].index(horizon)}-"
    rects = page.evaluate(
        "([p, ids]) => ids.map(i => document.getElementById(p + i))"
        ".filter(e => e).map(e => e.getBoundingClientRect().toJSON())",
        [prefix, first["nodes"]],
    )
    assert rects and all(_in_view(page, r) for r in rects), rects


def test_on_a_phone_the_diagrams_title_is_left_to_the_masthead(opened: Opener) -> None:
    # Wider than a phone, the title was cut at the stage's left edge; the masthead says it.
    page = opened(True, PHONE).page
    page.wait_for_function(SETTLED)
    shown = page.evaluate(
        "Array.from(document.querySelectorAll('#panel-chain-3 svg > g.graph > text'))"
        ".filter(t => getComputedStyle(t).display !== 'none').length"
    )
    assert shown == 0
    assert page.text_content("h1") and page.is_visible("h1")


@pytest.mark.parametrize("size", [DESK, PHONE], ids=["1280x800", "390x844"])
@pytest.mark.parametrize("view", VIEWS)
def test_each_step_brings_its_link_into_view_in_readable_text(
    opened: Opener, lesson_file: Path, size: tuple[int, int], view: str
) -> None:
    watched = opened(True, size)
    page = watched.page
    page.click(f"button[data-view={view}]")
    page.wait_for_function(SETTLED)
    smallest = page.evaluate(SMALLEST)
    assert min(smallest) >= LEAST[size], (view, smallest)
    steps = _steps(page, "3m")
    for step in steps:
        page.click("#next")
        page.wait_for_function(SETTLED)
        rect = page.evaluate(ANCHOR, [PREFIX[view], view, step])
        assert _in_view(page, rect), (view, step["n"], rect)
        svg, _ = page.evaluate(SMALLEST)
        assert svg >= LEAST[size], (view, step["n"], svg)
    assert watched.errors == []
    assert watched.requests == [lesson_file.as_uri()]


@pytest.mark.parametrize(
    ("size", "view"), [(DESK, "chain"), (PHONE, "chain"), (DESK, "map")], ids=str
)
def test_every_node_is_a_tab_stop_whose_details_enter_shows(
    opened: Opener, lesson_file: Path, size: tuple[int, int], view: str
) -> None:
    watched = opened(True, size)
    page = watched.page
    page.click(f"button[data-view={view}]")
    data = _data(page)
    prefix = PREFIX[view]
    panel = "#panel-map" if view == "map" else f"#panel-{view}-3"
    nodes = page.eval_on_selector_all(f"{panel} g.node", "gs => gs.map(g => g.id)")
    wanted = {i for i in nodes if re.fullmatch(rf"{prefix}[ns]\d+", i)}
    assert len(wanted) > 10
    page.focus("#zoom-all")
    reached: set[str] = set()
    for _ in range(2000):
        page.keyboard.press("Tab")
        here = page.evaluate("document.activeElement.id")
        if not here.startswith(prefix):
            break
        page.keyboard.press("Enter")
        own = here.removeprefix(prefix)
        if own in data["nodes"]:
            assert page.is_visible("#info"), here
            title = data["node_info"]["3m"][data["nodes"][own]]["title"]
            assert page.text_content("#info-title") == title
            page.wait_for_function(SETTLED)
            rect = page.evaluate(
                f"document.getElementById('{here}').getBoundingClientRect().toJSON()"
            )
            assert _centre_in_view(page, rect), here  # focus brings the node into view
        reached.add(here)
    assert wanted <= reached, sorted(wanted - reached)
    assert watched.errors == []
    assert watched.requests == [lesson_file.as_uri()]


def test_the_details_close_when_the_view_or_horizon_changes(opened: Opener) -> None:
    watched = opened(True)
    page = watched.page
    for button in ("button[data-view=map]", "button[data-horizon='1w']"):
        page.focus("#panel-chain-3 g.node[tabindex]")
        page.keyboard.press("Enter")
        assert page.is_visible("#info")
        page.click(button)
        assert page.is_hidden("#info")
        page.click("button[data-view=chain]")
        page.click("button[data-horizon='3m']")
    assert watched.errors == []
