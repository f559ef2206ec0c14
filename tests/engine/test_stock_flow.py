"""A stock-flow textbook model run by the engine: Godley and Lavoie's model SIM, with a pack
counted in years (``period: 1y``), money that accumulates within the year (``integrate``
with lag 0) and the zero-lag loop Y -> N -> WB -> T -> YD -> C -> Y solved each year.

Reference: W. Godley and M. Lavoie, *Monetary Economics* (Palgrave Macmillan, 2007),
chapter 3, model SIM (equations 3.1 to 3.11; table 3.4 gives the first periods after
government spending starts at 20 with every stock at zero).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from jsonschema import Draft7Validator  # type: ignore[import-untyped]
from msgspec.structs import replace

from macrograph.graph.engine import steps as engine
from macrograph.graph.engine.compile import compile_pack
from macrograph.graph.engine.runs import Keep
from macrograph.graph.engine.steps import Injection, simulate_worlds
from macrograph.graph.errors import DivergenceError, HorizonError
from macrograph.graph.options import RunOptions
from macrograph.graph.periods import advance, periods_between
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack
from macrograph.rules.models import Magnitude
from macrograph.rules.pack import Pack
from macrograph.rules.reading.reader import load_text
from tests.packfactory import Cli

SIM = Path(__file__).parents[1] / "packs" / "sim"
G, THETA, ALPHA1, ALPHA2 = 20.0, 0.2, 0.6, 0.4
PERIODS = (1, 2, 3, 4, 5, 10, 20, 50, 100)  # the book counts periods from 1


@pytest.fixture(scope="module")
def sim() -> Pack:
    return load_pack(SIM)


def closed_form(periods: int) -> list[dict[str, float]]:
    """Model SIM solved period by period (Godley and Lavoie 2007, section 3.5):
    Y = (G + alpha2 H(-1)) / (1 - alpha1 (1 - theta)), T = theta Y, YD = Y - T,
    C = alpha1 YD + alpha2 H(-1), H = H(-1) + YD - C."""
    h, found = 0.0, []
    for _ in range(periods):
        y = (G + ALPHA2 * h) / (1 - ALPHA1 * (1 - THETA))
        t = THETA * y
        yd = y - t
        c = ALPHA1 * yd + ALPHA2 * h
        h = h + yd - c
        found.append({"y": y, "t": t, "yd": yd, "c": c, "h": h, "saving": yd - c})
    return found


def horizon(period: int) -> str:
    """The horizon reading the book's period ``period`` (period 1 is the shock's year)."""
    return f"{period - 1}y"


def run(pack: Pack) -> dict[str, dict[str, float]]:
    result = propagate(
        pack, "spending-starts", RunOptions(horizons=tuple(horizon(p) for p in PERIODS), draws=0)
    )
    return {node: result.nodes[node].delta for node in result.nodes}


def test_sim_reproduces_the_model_to_3_decimals_at_every_period_tested(sim: Pack) -> None:
    moves, reference = run(sim), closed_form(max(PERIODS))
    for period in PERIODS:
        for node, expected in reference[period - 1].items():
            got = moves[node][horizon(period)]
            assert round(got, 3) == round(expected, 3), (node, period)
            assert got == pytest.approx(expected, abs=1e-9), (node, period)


def test_sim_matches_the_books_published_values(sim: Pack) -> None:
    """Table 3.4's first periods, and the steady state Y* = G / theta = 100, H* = 80."""
    moves = run(sim)
    published = {
        1: {"y": 38.462, "t": 7.692, "yd": 30.769, "c": 18.462, "h": 12.308},
        2: {"y": 47.929, "t": 9.586, "yd": 38.343, "c": 27.929, "h": 22.722},
        3: {"y": 55.940},
    }
    for period, values in published.items():
        for node, value in values.items():
            assert round(moves[node][horizon(period)], 3) == value, (node, period)
    assert moves["y"][horizon(100)] == pytest.approx(100.0, abs=1e-3)
    assert moves["h"][horizon(100)] == pytest.approx(80.0, abs=1e-3)


def test_money_held_equals_money_issued_every_period(sim: Pack) -> None:
    """SIM's redundant equation: the households' money (their saving, accumulated) equals
    the government's deficits, accumulated; neither equation implies it alone."""
    moves = run(sim)
    for period in PERIODS:
        h = horizon(period)
        assert moves["h"][h] == pytest.approx(moves["hs"][h], abs=1e-9)
        assert moves["n"][h] == pytest.approx(moves["y"][h], abs=1e-12)


def test_a_yearly_pack_dates_its_horizons_a_year_apart(sim: Pack) -> None:
    result = propagate(
        sim, "spending-starts", RunOptions(horizons=("0y", "1y", "8q", "10y", "36m"), draws=0)
    )
    assert result.dates == {
        "0y": date(1958, 1, 1),
        "1y": date(1959, 1, 1),
        "8q": date(1960, 1, 1),
        "10y": date(1968, 1, 1),
        "36m": date(1961, 1, 1),
    }
    assert result.nodes["y"].delta["8q"] == pytest.approx(closed_form(3)[2]["y"])


def test_calendar_periods_advance_by_calendar_months() -> None:
    assert advance(date(2025, 1, 31), 1, "1m") == date(2025, 2, 28)
    assert advance(date(2024, 1, 31), 1, "1m") == date(2024, 2, 29)
    assert advance(date(2025, 11, 15), 1, "1q") == date(2026, 2, 15)
    assert periods_between(date(2025, 1, 31), date(2025, 2, 27), "1m") == 0
    assert periods_between(date(2025, 1, 31), date(2025, 2, 28), "1m") == 1
    assert periods_between(date(2025, 1, 1), date(2025, 12, 31), "1q") == 3
    assert periods_between(date(2025, 1, 6), date(2025, 1, 19), "1w") == 1


def test_a_horizon_off_the_period_is_refused(sim: Pack, cli: Cli) -> None:
    with pytest.raises(HorizonError) as caught:
        propagate(sim, "spending-starts", RunOptions(horizons=("6m",), draws=0))
    assert (caught.value.text, caught.value.period) == ("6m", "1y")
    out = cli("whatif", "spending-starts", "--pack", str(SIM), "--horizons", "1y,30d")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        "macrograph: not a horizon: '30d' is not a whole number of the pack's periods (1y); "
        "the nearest is 1y\n"
    )


def test_the_sim_pack_lints_clean_and_answers_a_whatif(cli: Cli) -> None:
    out = cli("lint", str(SIM))
    assert (out.code, out.stdout) == (0, f"{SIM}: 0 errors, 0 warnings\n")
    out = cli("whatif", "spending-starts", "--pack", str(SIM), "--format", "json", "--draws", "0")
    assert out.code == 0, out.stderr
    found = json.loads(out.stdout)
    assert round(found["nodes"]["y"]["delta"]["1y"], 3) == 47.929  # the book's period 2
    assert round(found["nodes"]["h"]["delta"]["50y"], 3) == round(closed_form(51)[50]["h"], 3)
    assert found["dates"]["1y"] == "1959-01-01"


def test_lint_names_a_lag_that_is_not_a_whole_number_of_periods(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "sim"
    folder.mkdir()
    for file in SIM.iterdir():
        text = file.read_text(encoding="utf-8")
        (folder / file.name).write_text(text.replace("lag: 1y", "lag: 6m"), encoding="utf-8")
    out = cli("lint", str(folder))
    lines = out.stdout.replace(str(folder), "PACK").splitlines()
    assert (out.code, lines[0]) == (
        1,
        "PACK/rules.yaml:93: error: id 'wealth_is_spent', field 'lag': "
        "lag 6m is not a whole number of the pack's periods (1y)",
    )


def test_the_schema_has_period_and_decay_and_the_sim_files_validate(cli: Cli) -> None:
    out = cli("schema")
    schema = json.loads(out.stdout)
    found = schema["definitions"]
    assert found["PackInfo"]["properties"]["period"]["enum"] == ["1d", "1w", "2w", "1m", "1q", "1y"]
    assert found["PackInfo"]["properties"]["period"]["default"] == "1d"
    decay = found["LinearRule"]["properties"]["decay"]["anyOf"][0]
    assert decay == {"pattern": "^[0-9]{1,6}[dwmqy]$", "type": "string"}
    validator = Draft7Validator(schema)
    for file in sorted(SIM.glob("*.yaml")):
        tree = json.loads(json.dumps(load_text(file.read_text("utf-8"))))
        assert [e.message for e in validator.iter_errors(tree)] == [], file.name


def test_the_linear_zero_lag_loop_is_solved_without_iterating(
    sim: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One iteration could not settle the loop (gain 0.48): with iteration capped at one and
    the fallback solve forbidden, SIM still runs exactly, additive and draw by draw."""

    def forbidden(*args: object) -> None:
        raise AssertionError("the loop was iterated to the cap")

    monkeypatch.setattr(engine, "MAX_ITERATIONS", 1)
    monkeypatch.setattr(engine._Stepper, "_direct", forbidden)
    reference = closed_form(30)
    comp = compile_pack(sim)
    shock = [Injection(comp.index["g"], 0, -1, G)]
    weights = np.repeat(comp.edges.weight[:, None], 3, axis=1)
    (kept,) = simulate_worlds(comp, [shock], 30, Keep([0, 29]), weights).kept
    assert kept[:, comp.index["y"], :] == pytest.approx(
        np.array([[reference[0]["y"]] * 3, [reference[29]["y"]] * 3]), abs=1e-9
    )
    assert run(sim)["y"][horizon(20)] == pytest.approx(reference[19]["y"], abs=1e-9)


def test_a_runaway_zero_lag_loop_is_still_named(sim: Pack) -> None:
    """alpha1 = 1.25: a move round the loop comes back whole (1.25 x (1 - 0.2) = 1)."""
    rules = dict(sim.rules)
    rules["income_is_spent"] = rules["income_is_spent"].model_copy(
        update={"magnitude": Magnitude(elasticity=1.25, units="usd_bn/usd_bn")}
    )
    with pytest.raises(DivergenceError) as caught:
        propagate(
            replace(sim, rules=rules), "spending-starts", RunOptions(horizons=("1y",), draws=0)
        )
    assert caught.value.nodes == ["c", "n", "t", "wb", "y", "yd"]
    assert caught.value.gain >= 1.0
