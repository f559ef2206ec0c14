"""Monte Carlo draws in which a loop runs away: left out of the bands, and said so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from macrograph.explain.messages.questions import graph_error_lines
from macrograph.graph.engine.compile import compile_pack
from macrograph.graph.errors import DivergenceError
from macrograph.graph.montecarlo import draw_parameters
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.scenarios import ScenarioSpec, ShockSpec
from macrograph.graph.synthetic import pack_of, rule
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from tests.packfactory import Cli, extra_rule, write_pack

DAY0 = date(2025, 1, 6)


def wobbly_loop() -> Pack:
    """s -> a, then a and b feed each other at once: a zero-lag loop of gain sqrt(0.8 x 0.9).

    Synthetic rules are drawn from half to one and a half times their elasticity, so
    the loop's gain reaches 1 in about a fifth of the draws.
    """
    return pack_of(
        [
            rule("s_feeds_a", "s", "a", 1.0),
            rule("a_to_b", "a", "b", 0.8),
            rule("b_to_a", "b", "a", 0.9),
        ]
    )


def step_in_s() -> ScenarioSpec:
    shock = ShockSpec("s", DAY0, "s steps up by 1", 1.0)
    return ScenarioSpec("step", "A step in s", "A step in s", (shock,), None, DAY0)


def drawn(pack: Pack, draws: int, seed: int) -> dict[str, np.ndarray]:
    """Each rule's draws of its elasticity, as the Monte Carlo makes them."""
    comp = compile_pack(pack)
    weights = draw_parameters(comp, draws, seed)[0]
    return dict(zip(comp.edges.rule_ids, weights, strict=True))


def loop_gain(w: dict[str, np.ndarray]) -> np.ndarray:
    return np.asarray(np.sqrt(w["a_to_b"] * w["b_to_a"]))


def test_draws_where_a_loop_runs_away_are_counted_and_left_out_of_the_bands() -> None:
    pack = wobbly_loop()
    result = propagate(
        pack, step_in_s(), RunOptions(against=None, horizons=("1d", "1w"), draws=400, seed=3)
    )
    w = drawn(pack, 400, 3)
    away = loop_gain(w) >= 1.0 - 1e-9
    (left,) = result.diverged
    assert (left.loop, left.draws, left.date) == (("a", "b"), int(away.sum()), DAY0)
    assert 20 < left.draws < 150
    assert left.gain == pytest.approx(float(loop_gain(w)[away].max()))
    # in every other draw the loop settles at once at s_feeds_a / (1 - its gain squared)
    settled = (w["s_feeds_a"] / (1.0 - loop_gain(w) ** 2))[~away]
    band = result.nodes["a"].band
    assert band is not None
    expected = np.percentile(settled, [5, 50, 95])
    assert [band["1w"].p5, band["1w"].p50, band["1w"].p95] == pytest.approx(expected, rel=1e-9)
    assert result.to_dict()["diverged"] == [
        {
            "loop": ["a", "b"],
            "draws": left.draws,
            "gain": float(f"{left.gain:.10g}"),
            "date": "2025-01-06",
            "kind": "instant",
        }
    ]


def test_a_loop_that_runs_away_in_every_draw_is_a_named_divergence() -> None:
    pack = wobbly_loop()
    seed = next(s for s in range(1000) if (loop_gain(drawn(pack, 2, s)) >= 1).all())
    gain = float(loop_gain(drawn(pack, 2, seed)).max())
    with pytest.raises(DivergenceError) as caught:
        propagate(pack, step_in_s(), RunOptions(against=None, horizons=("1d",), draws=2, seed=seed))
    assert (caught.value.nodes, caught.value.draws, caught.value.period) == (["a", "b"], 2, 0)
    assert caught.value.gain == pytest.approx(gain)
    assert str(caught.value) == f"loop a -> b diverges (gain {gain:.3g}) in all 2 Monte Carlo draws"


def test_the_message_for_a_loop_that_diverges_in_every_draw_says_what_to_change() -> None:
    assert graph_error_lines(DivergenceError(["a", "b"], 1.25, 3, draws=1)) == [
        "the loop a -> b -> a diverges in the one Monte Carlo draw (loop gain 1.25, the spectral "
        "radius of its rules; 1 or more grows without bound) at period 3: narrow the range of "
        "one of its elasticities or give one of its rules a lag"
    ]


@pytest.mark.slow  # what-ifs with their draws
def test_the_what_if_says_which_draws_it_left_out_and_why(tmp_path: Path, cli: Cli) -> None:
    """The tiny pack's yield and currency, made into a loop: gain 0.6, drawn up to 1.5."""
    loop = extra_rule(
        source="currency",
        target="bond_yield",
        magnitude="{elasticity: 0.2, range: [0.05, 0.3], units: pct/pct_change}",
    )
    folder = write_pack(tmp_path, {"extra.yaml": loop})
    (left,) = propagate(load_pack(folder), "hold", RunOptions(draws=300, seed=0)).diverged
    assert 0 < left.draws < 300
    said = cli("whatif", "hold", "--draws", "300", "--pack", str(folder))
    assert said.code == 0, said.stderr
    # a set of zero-lag rules: named as a set, with its gain within a period
    assert left.kind == "instant"
    said_so = (
        f"({left.draws} left out: in them the bond yield and currency feed back on each other "
        f"within a day with a gain of 1 or more, up to {left.gain:.2f}, and run away from "
        "19 Dec 2025)"
    )
    assert f"300 Monte Carlo draws, seed 0 {said_so}." in " ".join(said.stdout.split())
    for fmt in ("md", "html"):
        out = cli("whatif", "hold", "--draws", "300", "--pack", str(folder), "--format", fmt)
        assert said_so in " ".join(out.stdout.split())
    note = cli("brief", "hold", "--draws", "300", "--pack", str(folder), "-o", "-")
    assert said_so in " ".join(note.stdout.split())
