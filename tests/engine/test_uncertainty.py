"""Market noise, laws of the elasticity ranges, rules of uncertain sign, stability checks."""

from __future__ import annotations

import importlib
import json
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import numpy as np
import pytest
from pydantic import ValidationError

from macrograph.graph import montecarlo
from macrograph.graph.engine import runs as runs_module
from macrograph.graph.engine import stability
from macrograph.graph.engine.compile import compile_pack
from macrograph.graph.montecarlo import Sampling, draw_parameters, laws_of
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import observe, propagate
from macrograph.graph.scenarios import ScenarioSpec, ShockSpec
from macrograph.graph.synthetic import pack_of, rule
from macrograph.rules import load_pack
from macrograph.rules.errors import PackError
from macrograph.rules.lint.core import require_clean
from macrograph.rules.models import TRADING_DAYS, Citation, ClassifyRule, LinearRule, Volatility
from macrograph.rules.pack import Pack
from tests.packfactory import NODES, Cli, extra_rule, write_pack

DAY0 = date(2025, 1, 6)
CITE = Citation(basis="assumption", rationale="a test's volatility")
DAYS = ("1d", "4d", "16d", "64d")


def fixed(
    rule_id: str,
    source: str,
    target: str,
    elasticity: float,
    effect: str = "+",
    lag: str = "0d",
    **magnitude: object,
) -> LinearRule:
    """A linear rule of this elasticity; ``magnitude`` adds fields (range, law)."""
    return LinearRule.model_validate(
        {
            "id": rule_id,
            "kind": "linear",
            "source": source,
            "target": target,
            "channel": "pass_through",
            "effect": effect,
            "lag": lag,
            "confidence": "medium",
            "because": "a test rule",
            "magnitude": {"elasticity": elasticity, "units": "index/index", **magnitude},
        }
    )


def with_volatility(pack: Pack, sds: dict[str, float], extra: tuple[str, ...] = ()) -> Pack:
    """``pack`` with these nodes' daily volatilities, of markets that trade on weekdays
    (``extra`` nodes added, without rules)."""
    nodes = dict(pack.nodes)
    for node_id in extra:
        nodes[node_id] = next(iter(nodes.values())).model_copy(update={"id": node_id})
    for node_id, sd in sds.items():
        volatility = Volatility(value=sd, trades="weekdays", cites=CITE)
        nodes[node_id] = nodes[node_id].model_copy(update={"volatility": volatility})
    return msgspec.structs.replace(pack, nodes=dict(sorted(nodes.items())))


def step_in(node: str) -> ScenarioSpec:
    shock = ShockSpec(node, DAY0, f"{node} steps up by 1", 1.0)
    return ScenarioSpec("step", "A step", "A step", (shock,), None, DAY0)


def width(result: object, node: str, h: str) -> float:
    band = result.nodes[node].band[h]  # type: ignore[attr-defined]
    return float(band.p95 - band.p5)


# --- market noise ---------------------------------------------------------------------


def noisy_pair() -> Pack:
    """a lifts b by exactly 0.5; a has a daily volatility of 0.4, z (no rules) of 0.3."""
    return with_volatility(
        pack_of([fixed("a_lifts_b", "a", "b", 0.5)]), {"a": 0.4, "z": 0.3}, ("z",)
    )


def trading(days: int) -> float:
    """The trading days in the event's own day and ``days`` calendar days after it, for a
    market that trades on weekdays."""
    return 1 + days * TRADING_DAYS / 365


def test_noise_bands_widen_like_the_square_root_of_the_trading_days_since_the_event() -> None:
    seen = observe(noisy_pair(), step_in("a"), None, DAYS, Sampling(20_000, 5))
    # the event's own day is a trading day; of the calendar days after it, 252 in 365 trade
    for h, days in zip(DAYS, (1, 4, 16, 64), strict=True):
        expected = 2 * montecarlo.Z90 * 0.3 * trading(days) ** 0.5
        assert width(seen, "z", h) == pytest.approx(expected, rel=0.03)
        assert seen.nodes["z"].band["1d"].p50 == pytest.approx(0.0, abs=0.01)
    assert seen.noise == ("a", "z")


def test_noise_on_an_upstream_node_reaches_downstream_scaled_by_the_elasticity() -> None:
    seen = observe(noisy_pair(), step_in("a"), None, DAYS, Sampling(2_000, 1))
    for h in DAYS:
        assert width(seen, "b", h) == pytest.approx(0.5 * width(seen, "a", h), rel=1e-9)
    expected = 2 * montecarlo.Z90 * 0.4 * trading(16) ** 0.5
    assert width(seen, "a", "16d") == pytest.approx(expected, rel=0.1)
    # the central move still reads the model alone
    assert seen.nodes["b"].delta["64d"] == pytest.approx(0.5)


def test_noise_shared_by_scenario_and_comparison_cancels_in_a_linear_pack() -> None:
    quiet = pack_of([rule("a_lifts_b", "a", "b", 0.5)])
    noisy = with_volatility(quiet, {"a": 0.05, "b": 0.1})
    alone = propagate(
        noisy,
        step_in("a"),
        RunOptions(against=None, horizons=DAYS, draws=500, seed=2, model_only=True),
    )
    before = propagate(
        quiet, step_in("a"), RunOptions(against=None, horizons=DAYS, draws=500, seed=2)
    )
    assert alone.to_dict()["nodes"] == before.to_dict()["nodes"] and alone.noise == ()
    # the band measures the shock's effect: the same numbers with the noise on
    mixed = propagate(
        noisy, step_in("a"), RunOptions(against=None, horizons=DAYS, draws=500, seed=2)
    )
    assert mixed.to_dict()["nodes"] == alone.to_dict()["nodes"] and mixed.noise == ("a", "b")
    # what an observer sees carries the noise: a move of 0.5 against noise of sd 0.69
    # after 64 days (b's own 0.1 a trading day and half of a's 0.05) is up in about 77%
    seen = observe(noisy, step_in("a"), None, DAYS, Sampling(4000, 2))
    assert width(seen, "b", "64d") > 4 * width(alone, "b", "64d")
    assert 0.72 < seen.nodes["b"].p_positive["64d"] < 0.82
    assert alone.nodes["b"].p_positive["64d"] == 1.0


def test_noise_does_not_depend_on_chunks_or_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    pack = with_volatility(pack_of([rule("a_lifts_b", "a", "b", 0.5, lag=2)]), {"a": 0.4})
    sampling = Sampling(700, 9)
    whole = observe(pack, step_in("a"), None, DAYS, sampling).to_dict()
    monkeypatch.setattr(runs_module, "CHUNK", 100)
    assert observe(pack, step_in("a"), None, DAYS, sampling).to_dict() == whole
    monkeypatch.setattr(runs_module, "CHUNK", 333)
    monkeypatch.setattr(montecarlo, "KEPT_BYTES", 1)  # one horizon per pass
    assert observe(pack, step_in("a"), None, DAYS, sampling).to_dict() == whole


VOLATILE = NODES.replace(
    "    description: The 10-year yield.\n",
    "    description: The 10-year yield.\n"
    "    volatility: {value: 0.05, cites: {basis: assumption, rationale: typical daily move}}\n",
).replace(
    "    description: The exchange rate; up is a weaker home currency.\n",
    "    description: The exchange rate; up is a weaker home currency.\n"
    "    volatility: {value: 0.6, cites: {basis: assumption, rationale: typical daily move}}\n",
)


@pytest.mark.slow  # a what-if per format
def test_every_format_says_the_bands_include_market_noise(tmp_path: Path, cli: Cli) -> None:
    folder = write_pack(tmp_path, {"nodes.yaml": VOLATILE})
    require_clean(load_pack(folder))
    args = ("--draws", "300", "--pack", str(folder))
    said = "300 Monte Carlo draws, seed 0, with random noise on 2 nodes"
    for fmt in ("text", "md", "html"):
        out = cli("whatif", "hold", *args, "--format", fmt)
        assert out.code == 0, out.stderr
        assert said in " ".join(out.stdout.split())
    explained = cli("explain", "currency", "--scenario", "hold", *args)
    assert said in " ".join(explained.stdout.split())
    note = cli("brief", "hold", *args, "-o", "-")
    assert said in " ".join(note.stdout.split())
    data = json.loads(cli("whatif", "hold", *args, "--format", "json").stdout)
    assert data["market_noise"] == ["bond_yield", "currency"]
    alone = cli("whatif", "hold", *args, "--model-only")
    assert "300 Monte Carlo draws, seed 0, parameter uncertainty only (no random noise)" in (
        " ".join(alone.stdout.split())
    )
    data = json.loads(cli("whatif", "hold", *args, "--model-only", "--format", "json").stdout)
    assert data["market_noise"] == []


# --- laws -----------------------------------------------------------------------------


def drawn_by(law: str, draws: int = 4000) -> np.ndarray:
    pack = pack_of([fixed("a_lifts_b", "a", "b", 0.3, range=(0.2, 0.8), law=law)])
    comp = compile_pack(pack)
    return draw_parameters(comp, draws, 3, laws_of(pack, comp))[0][0]


@pytest.fixture(scope="module")
def stats() -> ModuleType:
    """scipy.stats, for the two tests of the laws' shapes: imported at the top of the module,
    it took every worker about 1.5 s at collection, whichever tests the worker ran."""
    return importlib.import_module("scipy.stats")


@pytest.mark.slow
def test_a_uniform_law_gives_uniform_draws(stats: ModuleType) -> None:
    uniform = stats.uniform(loc=0.2, scale=0.6).cdf
    assert stats.kstest(drawn_by("uniform"), uniform).pvalue > 0.01
    assert stats.kstest(drawn_by("triangular"), uniform).pvalue < 1e-6  # the test can tell


def test_a_normal_law_is_truncated_to_the_range_with_a_90_percent_reading(
    stats: ModuleType,
) -> None:
    x = drawn_by("normal")
    sd = 0.6 / (2 * montecarlo.Z90)
    a, b = (0.2 - 0.3) / sd, (0.8 - 0.3) / sd
    assert x.min() >= 0.2 and x.max() <= 0.8
    assert stats.kstest(x, stats.truncnorm(a, b, loc=0.3, scale=sd).cdf).pvalue > 0.01


def test_triangular_stays_the_default_and_draws_as_before() -> None:
    pack = pack_of([rule("a_lifts_b", "a", "b", 0.5)])
    comp = compile_pack(pack)
    ours = draw_parameters(comp, 50, 4, laws_of(pack, comp))[0]
    rng = np.random.default_rng(4)
    assert (ours == rng.triangular(0.25, 0.5, 0.75, size=(1, 50))).all()


# --- uncertain sign -------------------------------------------------------------------

UNCERTAIN = extra_rule(
    rule_id="path_moves_currency",
    effect="?",
    magnitude="{elasticity: 0.5, range: [-2, 3], law: uniform, units: pct_change/pct}",
)


def test_a_rule_of_uncertain_sign_is_ambiguous_in_sign_mode_and_in_the_draws(
    tmp_path: Path, cli: Cli
) -> None:
    folder = write_pack(tmp_path, {"extra.yaml": UNCERTAIN})
    pack = require_clean(load_pack(folder))
    result = propagate(pack, "hold", RunOptions(draws=2000, seed=0))
    currency = result.nodes["currency"]
    assert currency.qualitative.sign == "?" and currency.qualitative.uncertain_paths == 1
    assert 0.2 < currency.p_positive["1m"] < 0.8 and 0.2 < currency.p_negative["1m"] < 0.8
    out = cli("explain", "currency", "--scenario", "hold", "--pack", str(folder))
    assert out.code == 0, out.stderr
    assert "this may raise or lower currency [2]" in " ".join(out.stdout.split())
    paths = cli("paths", "rate_path", "currency", "--pack", str(folder))
    assert any(line.startswith("?") for line in paths.stdout.splitlines()), paths.stdout


def test_a_sized_effect_must_not_be_negative_and_only_flows_may_be_uncertain(
    tmp_path: Path,
) -> None:
    negative = extra_rule(magnitude="{elasticity: 1, range: [-1, 2], units: pct_change/pct}")
    with pytest.raises(PackError) as caught:
        load_pack(write_pack(tmp_path, {"extra.yaml": negative}))
    (issue,) = caught.value.issues
    line = 1 + next(i for i, t in enumerate(negative.splitlines()) if "magnitude" in t)
    assert (issue.file, issue.line, issue.obj_id, issue.field) == (
        "extra.yaml",
        line,
        "extra_rule",
        "magnitude",
    )
    assert "write effect '?' for a rule whose sign is uncertain" in issue.message
    assert fixed("r", "a", "b", -0.5, effect="?", range=(-1.0, 0.5)).sign == 0
    with pytest.raises(ValidationError, match="only linear and integrate rules"):
        ClassifyRule.model_validate(
            {
                "id": "k",
                "kind": "classify",
                "source": "a",
                "target": "b",
                "channel": "stance",
                "effect": "?",
                "confidence": "high",
                "because": "x",
                "neutral": (1.0, 2.0),
            }
        )


# --- stability ------------------------------------------------------------------------


def lagged_loop(low: float, high: float) -> Pack:
    """s -> a; a -> b one day later (gain drawn uniformly in [low, high]); b -> a at once."""
    middle = (low + high) / 2
    return pack_of(
        [
            fixed("s_feeds_a", "s", "a", 1.0),
            fixed("a_to_b", "a", "b", middle, lag="1d", range=(low, high), law="uniform"),
            fixed("b_to_a", "b", "a", 1.0),
        ]
    )


def test_a_slowly_exploding_draw_is_dropped_before_it_runs_and_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pack = lagged_loop(0.95, 1.05)
    comp = compile_pack(pack)
    edge = comp.edges.rule_ids.index("a_to_b")
    gain = draw_parameters(comp, 400, 6, laws_of(pack, comp))[0][edge]
    ran: list[np.ndarray] = []
    real = montecarlo.simulate_worlds

    def spy(*args: Any) -> Any:
        ran.append(args[4])
        return real(*args)

    monkeypatch.setattr(montecarlo, "simulate_worlds", spy)
    result = propagate(
        pack, step_in("s"), RunOptions(against=None, horizons=("1d", "3m"), draws=400, seed=6)
    )
    unstable = gain > stability.GROWTH
    assert 50 < unstable.sum() < 350
    (left,) = result.diverged
    assert (left.loop, left.draws, left.date) == (("a", "b"), int(unstable.sum()), DAY0)
    assert left.gain == pytest.approx(float(gain.max()), rel=1e-5)
    weights = np.concatenate(ran, axis=1)
    assert not weights[:, unstable].any()  # they never ran with their own elasticities
    # the 3-month band keeps only draws that settle or grow no faster than GROWTH per day
    assert result.nodes["a"].band["3m"].p95 <= 1 + 90 * 1.01  # 1.05 ** 90 would be 80


def companion_radius(w1: float, w2: float) -> float:
    """a -> b two days later (w1); b accumulates into a's stock one day later (w2)."""
    # state [a(t-1), a(t-2), b(t-1), S(t-1)]:
    # S(t) = S(t-1) + w2 b(t-1), a(t) = S(t), b(t) = w1 a(t-2)
    matrix = np.array([[0, 0, w2, 1], [1, 0, 0, 0], [0, w1, 0, 0], [0, 0, w2, 1]], dtype=float)
    return float(np.abs(np.linalg.eigvals(matrix)).max())


def test_the_growth_of_lagged_and_stock_loops_matches_the_companion_matrix() -> None:
    pack = pack_of(
        [rule("a_to_b", "a", "b", 1.0, lag=2), rule("b_to_a", "b", "a", 1.0, lag=1, integrate=True)]
    )
    comp = compile_pack(pack)
    rng = np.random.default_rng(0)
    weights = rng.uniform(-1.5, 1.5, size=(2, 300))
    order = [comp.edges.rule_ids.index(r) for r in ("a_to_b", "b_to_a")]
    w = np.zeros_like(weights)
    w[order] = weights
    found = stability.unstable_draws(comp, w, {comp.index["a"]: 0})
    dead = {c for u in found for c in u.columns}
    for d in range(300):
        radius = companion_radius(weights[0, d], weights[1, d])
        assert (d in dead) == (radius > stability.GROWTH), (d, radius)
    if found:
        worst = max(companion_radius(*weights[:, d]) for d in dead)
        assert found[0].gain == pytest.approx(worst, rel=1e-4)


def test_the_schema_and_lint_know_the_new_fields(tmp_path: Path, cli: Cli) -> None:
    schema = json.loads(cli("schema").stdout)["definitions"]
    assert "volatility" in schema["Node"]["properties"]
    assert schema["Volatility"]["required"] == ["value", "cites"]
    assert schema["Magnitude"]["properties"]["law"]["enum"] == ["triangular", "uniform", "normal"]
    assert schema["LinearRule"]["properties"]["effect"]["enum"] == ["+", "-", "?"]
    unknown = VOLATILE.replace(
        "{basis: assumption, rationale: typical daily move}}",
        "{basis: seed, sources: [x]}}",
        1,
    )
    folder = write_pack(tmp_path, {"nodes.yaml": unknown})
    out = cli("lint", str(folder))
    assert out.code == 1, out.stdout + out.stderr
    assert (
        f"{folder}/nodes.yaml:16: error: id 'bond_yield', field 'volatility.cites.sources': "
        "unknown source 'x'"
    ) in out.stdout.splitlines()
