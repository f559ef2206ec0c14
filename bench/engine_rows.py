"""Benchmark rows of the engine: propagation on synthetic packs against scipy.sparse, Monte
Carlo with 10,000 draws on the bundled pack, and the stock-flow model SIM over 10 years of
daily periods."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from timing import Row, medians

from macrograph.graph.engine.compile import Compiled, compile_pack
from macrograph.graph.engine.steps import Injection, simulate
from macrograph.graph.options import RunOptions
from macrograph.graph.synthetic import Shape, synthetic_pack

PERIODS = 90
SHOCKS = 3
DRAWS = 10_000


# --- propagation on synthetic packs ------------------------------------------------


def shocks_of(comp: Compiled, nodes: Sequence[str]) -> list[Injection]:
    """One shock per column, on consecutive periods."""
    return [Injection(comp.index[n], k, k, 1.0 + 0.1 * k) for k, n in enumerate(nodes)]


def reference(comp: Compiled, injections: list[Injection], periods: int) -> np.ndarray:
    """Plain scipy.sparse: x_t = exo_t + stocks_t + sum_L A_L x_(t-L), then solve (I - A0)."""
    from scipy import sparse
    from scipy.sparse.linalg import splu

    e, n, columns = comp.edges, comp.size, len(injections)

    def matrix(mask: np.ndarray) -> Any:
        return sparse.csr_matrix((e.weight[mask], (e.tgt[mask], e.src[mask])), shape=(n, n))

    linear = ~e.integrate
    lagged = [
        (lag, matrix(linear & (e.lag == lag)))
        for lag in sorted(set(e.lag[linear & (e.lag > 0)].tolist()))
    ]
    stocks = [
        (lag, matrix(e.integrate & (e.lag == lag)))
        for lag in sorted(set(e.lag[e.integrate & (e.lag > 0)].tolist()))
    ]
    settle = matrix(e.integrate & (e.lag == 0))  # stocks taking in their own period's flow
    solve = splu(sparse.identity(n, format="csc") - matrix(e.lag == 0).tocsc()).solve
    x = np.zeros((periods, n, columns))
    exo, stock = np.zeros((n, columns)), np.zeros((n, columns))
    for t in range(periods):
        for inj in injections:
            if inj.period == t:
                exo[inj.node, inj.column] += inj.amount
        for lag, b in stocks:
            if t >= lag:
                stock += b @ x[t - lag]
        rhs = exo + stock
        for lag, a in lagged:
            if t >= lag:
                rhs += a @ x[t - lag]
        x[t] = solve(rhs)
        stock += settle @ x[t]
    return x


def one_size(rules: int, repeat: int) -> tuple[Row, dict[str, Any]]:
    """Engine against the scipy reference on one synthetic pack (same shocks, same periods)."""
    pack = synthetic_pack(rules, seed=1, shape=Shape(shocks=SHOCKS))
    comp = compile_pack(pack)
    injections = shocks_of(comp, [s.node for s in pack.scenarios["synthetic"].shocks])

    def ours() -> np.ndarray:
        comp.cache.clear()  # plans and matrices are built again every run
        return simulate(comp, injections, PERIODS, SHOCKS).history

    def theirs() -> np.ndarray:
        return reference(comp, injections, PERIODS)

    gap = float(np.abs(ours() - theirs()).max())
    found = medians({"ours": ours, "scipy": theirs}, repeat)
    name = f"propagate {rules:,} rules ({comp.size:,} nodes) x {PERIODS} periods"
    met = found["ours"] <= 2 * found["scipy"]
    row = Row(name, found["ours"], "scipy.sparse", found["scipy"], "<= 2x", met)
    return row, {"rules": rules, "nodes": comp.size, "max_abs_difference": gap, **found}


def propagation_rows(sizes: Sequence[int], repeat: int) -> tuple[list[Row], dict[str, Any]]:
    rows, details = [], []
    for rules in sizes:
        row, detail = one_size(rules, repeat)
        rows.append(row)
        details.append(detail)
    logs = np.log(np.array(sizes, dtype=float))
    slopes = {
        key: float(np.polyfit(logs, np.log([d[key] for d in details]), 1)[0])
        for key in ("ours", "scipy")
        if len(sizes) > 1
    }
    return rows, {"sizes": details, "scaling_exponent": slopes}


# --- Monte Carlo on the bundled pack ------------------------------------------------


def one_process(action: Callable[[], Any]) -> Any:
    """``action`` with the Monte Carlo's draws run in this process only (no fork)."""
    before = os.environ.get("MACROGRAPH_PROCESSES")
    os.environ["MACROGRAPH_PROCESSES"] = "1"
    try:
        return action()
    finally:
        if before is None:
            del os.environ["MACROGRAPH_PROCESSES"]
        else:
            os.environ["MACROGRAPH_PROCESSES"] = before


def monte_carlo_rows(repeat: int) -> tuple[list[Row], dict[str, Any]]:
    from macrograph.graph.montecarlo import draw_parameters, ensembles
    from macrograph.graph.propagate import calendar_for, compiled, propagate
    from macrograph.graph.scenarios import resolve_text
    from macrograph.rules import load_pack

    pack = load_pack()
    spec = resolve_text(pack, "boj-skips")
    base = resolve_text(pack, spec.against or "december-2025")
    cal = calendar_for(pack, [spec, base], pack.info.horizons)
    comp = compiled(pack)
    params = draw_parameters(comp, DRAWS, 1)
    at = [cal.at(h) for h in cal.horizons]
    found = medians(
        {
            "one ensemble": lambda: ensembles(pack, comp, [spec], cal, params, at),
            "what-if with draws": lambda: propagate(
                pack, "boj-skips", RunOptions(draws=DRAWS, seed=1)
            ),
            "what-if with draws, one process": lambda: one_process(
                lambda: propagate(pack, "boj-skips", RunOptions(draws=DRAWS, seed=1))
            ),
            "what-if without draws": lambda: propagate(pack, "boj-skips", RunOptions(draws=0)),
        },
        repeat,
    )
    periods = f"{cal.periods} daily periods"
    rows = [
        Row(
            f"Monte Carlo {DRAWS:,} draws, one ensemble ({periods})",
            found["one ensemble"],
            "",
            None,
            "< 1 s",
            found["one ensemble"] < 1,
        ),
        Row(
            f"whatif boj-skips with {DRAWS:,} draws (scenario and comparison)",
            found["what-if with draws"],
            "same in one process",
            found["what-if with draws, one process"],
            "< 1 s",
            found["what-if with draws"] < 1,
        ),
        Row(
            "  the same without draws",
            found["what-if without draws"],
            "",
            None,
            "(for reference)",
            None,
        ),
    ]
    return rows, {"draws": DRAWS, "periods": cal.periods, "nodes": comp.size, **found}


def blas_rows(repeat: int) -> tuple[list[Row], dict[str, Any]]:
    """1,000 draws on a synthetic pack of 10^3 rules as the engine runs them, BLAS on one
    thread, against the same with BLAS's threads left free (the engine's limit lifted)."""
    from contextlib import nullcontext

    from macrograph.graph.engine import steps as engine
    from macrograph.graph.propagate import propagate

    pack = synthetic_pack(1_000, seed=1, shape=Shape(shocks=SHOCKS))

    def ours() -> Any:
        return propagate(pack, "synthetic", RunOptions(draws=1_000, seed=1))

    def free() -> Any:
        limit = engine.one_blas_thread
        engine.one_blas_thread = nullcontext  # type: ignore[assignment]
        try:
            return ours()
        finally:
            engine.one_blas_thread = limit

    found = medians({"one thread": ours, "threads free": free}, repeat)
    row = Row(
        "Monte Carlo 1,000 draws, synthetic 10^3 rules, BLAS on one thread",
        found["one thread"],
        "same, BLAS threads free",
        found["threads free"],
        "< 1x",
        found["one thread"] < found["threads free"],
    )
    return [row], found


# --- a stock-flow model with a zero-lag loop, over 10 years of daily periods --------------
# (3,650 periods is the longest horizon a daily pack may ask for; counted in years, as the
# model is written, its 99-year horizon is 99 periods.)

SIM = Path(__file__).parent.parent / "tests" / "packs" / "sim"
SIM_DAYS = 10 * 365


def daily_sim() -> Any:
    """Model SIM (ten nodes, the zero-lag loop Y -> ... -> C -> Y) counted in days: its one
    lagged rule (wealth, one year) lags one day, so 10 years are 3,650 periods."""
    from msgspec.structs import replace

    from macrograph.rules import load_pack

    pack = load_pack(SIM)
    rules = {
        k: r.model_copy(update={"lag": "0d" if r.lag == "0y" else "1d"})
        for k, r in pack.rules.items()
    }
    info = pack.info.model_copy(update={"period": "1d", "horizons": (f"{SIM_DAYS}d",)})
    return replace(pack, info=info, rules=rules)


def stock_flow_rows(repeat: int) -> tuple[list[Row], dict[str, Any]]:
    from macrograph.graph.propagate import calendar_for, compiled, injections_for, propagate
    from macrograph.graph.scenarios import resolve_text

    pack = daily_sim()
    spec = resolve_text(pack, "spending-starts")
    cal = calendar_for(pack, [spec], pack.info.horizons)
    comp = compiled(pack)
    injections = injections_for(comp, pack, spec, cal)

    def ours() -> Any:
        return propagate(pack, spec, RunOptions(against=None, draws=0))

    def theirs() -> np.ndarray:
        return reference(comp, injections, cal.periods)

    y = comp.index["y"]
    gap = abs(ours().nodes["y"].delta[f"{SIM_DAYS}d"] - float(theirs()[-1, y].sum()))
    found = medians({"ours": ours, "scipy": theirs}, max(1, repeat // 2))
    row = Row(
        f"what-if on model SIM (10 nodes, zero-lag loop), 10 years of days ({cal.periods:,}"
        " periods)",
        found["ours"],
        "scipy.sparse loop, same model",
        found["scipy"],
        "< 2 s",
        found["ours"] < 2,
    )
    return [row], {"periods": cal.periods, "nodes": comp.size, "y_difference": gap, **found}
