"""The lesson page as HTML text: content, data, escaping of hostile pack text, same bytes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from macrograph.explain.diagram.chain import select_chain
from macrograph.explain.lesson import lesson_data, ordered_links, propagate_for, script_json
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack

HOSTILE = Path(__file__).parent / "hostile_pack"
Cli = Callable[..., object]
DATA = re.compile(r'<script type="application/json" id="lesson-data">(.*?)</script>', re.DOTALL)


def _write(cli: Callable[..., object], tmp_path: Path, *args: str) -> str:
    target = tmp_path / "lesson.html"
    out = cli("lesson", *args, "-o", str(target))
    assert out.code == 0, out.stderr  # type: ignore[attr-defined]
    assert out.stdout == ""  # type: ignore[attr-defined]
    return target.read_text(encoding="utf-8")


def _data(html: str) -> dict[str, object]:
    found = DATA.search(html)
    assert found is not None
    return dict(json.loads(found.group(1)))


def test_lesson_holds_every_view_the_steps_and_the_result(
    cli: Cli, tmp_path: Path, needs_dot: None
) -> None:
    html = _write(cli, tmp_path, "BoJ skips", "--draws", "20")
    data = _data(html)
    horizons = ["1d", "1w", "1m", "3m"]
    assert data["horizons"] == horizons
    result = data["result"]
    assert isinstance(result, dict) and result["scenario"] == "boj-skips" and result["draws"] == 20
    for i in range(4):
        assert f'id="panel-chain-{i}"' in html and f'id="panel-diff-{i}"' in html
    assert 'id="panel-map"' in html and html.count("<svg") == 9
    # Only the chain at the last horizon is visible before the script runs.
    figures = re.findall(r'<figure class="panel[^"]*" id="panel-([a-z0-9-]+)"([^>]*)>', html)
    assert len(figures) == 9
    assert [key for key, rest in figures if not rest.endswith(" hidden")] == ["chain-3"]
    steps = data["steps"]["3m"]  # type: ignore[index]
    captions = re.findall(r'<li value="(\d+)">([^<]*)</li>', html)
    assert [int(n) for n, _ in captions] == list(range(1, len(steps) + 1))
    assert captions[0][1].startswith("The shock: The BoJ holds at 0.50%.")
    assert any("Confidence: " in text and "Source: " in text for _, text in captions)
    # Every id a step lights exists in the chain's SVG, prefixed for its panel.
    for step in steps:
        for svg_id in [*step["chain"], *step["nodes"]]:
            assert f'id="c3-{svg_id}"' in html, svg_id
    assert "http://" not in html.replace('"http://www.w3.org/2000/svg"', "").replace(
        '"http://www.w3.org/1999/xlink"', ""
    )
    assert "https://" not in html and '<link rel="stylesheet"' not in html


def test_steps_follow_the_chain_hop_by_hop(pack: Pack) -> None:
    result = propagate_for(pack, "boj-skips", draws=0)
    data = lesson_data(pack, result)
    for h in result.horizons:
        chain = select_chain(pack, result, h)
        steps = data["steps"][h]
        assert len(steps) == len(chain.links)
        hops = [s["hop"] for s in steps]
        assert hops == sorted(hops) and hops[0] == 1
        assert [s["rule"] for s in steps] == [link.rule for _, link in ordered_links(chain)]


def test_script_json_cannot_end_its_script_element() -> None:
    hostile = {"x": "</script><script>alert(1)</script><!-- & -->", "y": "\u2028"}
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == hostile


def test_hostile_pack_text_stays_data(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    html = _write(cli, tmp_path, "hold", "--pack", str(HOSTILE), "--draws", "10")
    # Our two script elements and nothing else can open or close a script.
    assert html.lower().count("<script") == 2 and html.lower().count("</script") == 2
    assert "<!--" not in html.split("<main>", 1)[1]
    assert "<b>bold</b>" not in html and "<i>bank</i>" not in html
    data = _data(html)
    hostile = load_pack(HOSTILE)
    titles = {info["title"] for info in data["node_info"]["3m"].values()}  # type: ignore[index]
    assert 'Priced path: <script>alert("x")</script>' in titles
    assert hostile.nodes["rate_path"].label in titles


@pytest.mark.slow  # the lesson twice
def test_same_scenario_same_bytes(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    first = _write(cli, tmp_path, "boj-skips", "--draws", "20")
    second = _write(cli, tmp_path, "boj-skips", "--draws", "20")
    assert first == second


def test_lesson_without_dot_writes_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = cli("lesson", "boj-skips", "--draws", "0", "-o", str(tmp_path / "lesson.html"))
    assert out.code == 2  # type: ignore[attr-defined]
    assert out.stderr == (  # type: ignore[attr-defined]
        "macrograph: Graphviz 'dot' is not installed, so svg output cannot be made; "
        "install it with 'apt-get install graphviz' (or write .dot output instead)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_unknown_scenario_is_one_message(cli: Cli, tmp_path: Path) -> None:
    out = cli("lesson", "no-such-thing", "-o", str(tmp_path / "lesson.html"))
    assert out.code == 2  # type: ignore[attr-defined]
    assert out.stderr.startswith("macrograph: ")  # type: ignore[attr-defined]
    assert "Traceback" not in out.stderr  # type: ignore[attr-defined]
    assert list(tmp_path.iterdir()) == []


def test_the_page_data_is_the_json_whatif_writes(cli: Cli, tmp_path: Path, needs_dot: None) -> None:
    html = _write(cli, tmp_path, "boj-skips", "--draws", "20", "--seed", "3")
    out = cli("whatif", "boj-skips", "--format", "json", "--draws", "20", "--seed", "3")
    assert out.code == 0  # type: ignore[attr-defined]
    assert _data(html)["result"] == json.loads(out.stdout)  # type: ignore[attr-defined]
