"""Numbers and options: absurd sizes, seeds, horizons and dates end in one line, exit 2.

An elasticity range up to 1e308, a shock of 1e34bp or a shock dated 9999-12-31 used to
end in a LinAlgError, a self-contradicting loop-gain message or an OverflowError; lint
now warns about absurd sizes, and runs name the rule or shock to blame.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packfactory import Cli, Outcome, edit, extra_rule, write_pack

OVERFLOW = "the run's values would pass 1e+12 or stop being finite"


def pack_with(tmp_path: Path, files: dict[str, str]) -> str:
    return str(write_pack(tmp_path, files))


@pytest.fixture
def wide_range(tmp_path: Path) -> str:
    """A pack whose currency rule's range reaches 1e308 (no loop)."""
    return pack_with(tmp_path, edit("rules.yaml", "range: [1, 5]", "range: [1, 1e308]"))


@pytest.fixture
def wide_loop(tmp_path: Path) -> str:
    """A zero-lag loop of gain 0.12 whose new rule's range reaches 1e308."""
    magnitude = "{elasticity: 0.1, range: [0.05, 1e308], units: pct/pct_change}"
    rule = extra_rule("back", source="currency", target="rate_path", magnitude=magnitude)
    return pack_with(tmp_path, {"extra.yaml": rule})


def test_a_range_up_to_1e308_names_the_rule(cli: Cli, wide_range: str) -> None:
    out = cli("whatif", "base", "--pack", wide_range, "--draws", "200")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == (
        "macrograph: rule 'yield_moves_currency' (into currency), field 'magnitude.range': "
        f"1e+308 is too large: {OVERFLOW}; narrow it\n"
    )


def test_a_range_up_to_1e308_in_a_loop_names_the_rule_not_a_linalg_error(
    cli: Cli, wide_loop: str
) -> None:
    out = cli("whatif", "base", "--pack", wide_loop, "--draws", "200")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: rule 'back' (into rate_path), field 'magnitude.range': "
        f"1e+308 is too large: {OVERFLOW}; narrow it\n",
    )


def test_a_range_that_overflows_some_draws_names_the_rule(cli: Cli, tmp_path: Path) -> None:
    # Before: "95 left out: in them the loop Currency -> Currency has a gain of 1 or more,
    # up to 0.00"
    pack = pack_with(tmp_path, edit("rules.yaml", "range: [1, 5]", "range: [1, 1e15]"))
    out = cli("whatif", "base", "--pack", pack, "--draws", "100")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: rule 'yield_moves_currency' (into currency), field 'magnitude.range': "
        f"1e+15 is too large: {OVERFLOW}; narrow it\n",
    )


def test_the_same_range_runs_without_draws(cli: Cli, wide_loop: str) -> None:
    out = cli("whatif", "base", "--pack", wide_loop, "--draws", "0")
    assert (out.code, out.stderr) == (0, "")


def test_an_elasticity_of_1e308_names_the_rule_and_period(cli: Cli, tmp_path: Path) -> None:
    pack = pack_with(
        tmp_path, edit("rules.yaml", "elasticity: 3, range: [1, 5]", "elasticity: 1e308")
    )
    out = cli("whatif", "base", "--pack", pack, "--draws", "0")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: rule 'yield_moves_currency' (into currency), field "
        f"'magnitude.elasticity': 1e+308 is too large: {OVERFLOW} at period 0; narrow it\n",
    )


@pytest.mark.parametrize("draws", ["0", "100"])
def test_a_shock_of_1e34bp_names_the_shock_not_a_loop(cli: Cli, draws: str) -> None:
    shock = "jgb_10y=+1" + "0" * 34 + "bp"
    out = cli("whatif", "december-2025", "--shock", shock, "--draws", draws)
    assert out.code == 2
    assert out.stderr.startswith(
        "macrograph: the shock on jgb_10y, field 'change': 1e+32 is too large: "
        f"{OVERFLOW} at period "
    )
    assert out.stderr.endswith("; give it a smaller size\n") and "loop gain" not in out.stderr


def test_lint_warns_about_absurd_sizes(cli: Cli, wide_loop: str, tmp_path: Path) -> None:
    out = cli("lint", wide_loop)
    assert out.code == 0
    assert (
        f"{wide_loop}/extra.yaml:2: warning: id 'back', field 'magnitude.range': range up to "
        "1e+308 is absurd (above 1e+06): a run would overflow\n"
    ) in out.stdout


def test_lint_warns_about_an_absurd_elasticity_and_a_range_far_wider_than_it(
    cli: Cli, tmp_path: Path
) -> None:
    files = {
        **edit("rules.yaml", "elasticity: 3, range: [1, 5]", "elasticity: 2e6"),
        "extra.yaml": extra_rule(
            magnitude="{elasticity: 0.5, range: [0.1, 900], units: pct_change/pct}"
        ),
    }
    pack = pack_with(tmp_path, files)
    out = cli("lint", pack)
    assert out.code == 0
    assert out.stdout.splitlines()[-3:] == [
        f"{pack}/extra.yaml:2: warning: id 'extra_rule', field 'magnitude.range': range up to "
        "900 is more than 1000 times the elasticity 0.5: a typo rather than uncertainty?",
        f"{pack}/rules.yaml:12: warning: id 'yield_moves_currency', field "
        "'magnitude.elasticity': elasticity 2e+06 is absurd (above 1e+06): a run would overflow",
        f"{pack}: 0 errors, 2 warnings",
    ]


def test_the_bundled_pack_has_no_absurd_sizes(bundled_lint: Outcome) -> None:
    out = bundled_lint
    assert "absurd" not in out.stdout and "typo" not in out.stdout


@pytest.mark.parametrize(
    ("command", "value"),
    [
        ("whatif", "-1"),
        ("whatif", "4294967296"),
        ("explain", "-1"),
        ("brief", "-1"),
        ("lesson", "-1"),
        ("lesson", "4294967296"),
    ],
)
def test_seed_out_of_range_is_a_usage_error(cli: Cli, command: str, value: str) -> None:
    first = {
        "whatif": ["BoJ skips"],
        "explain": ["usd_jpy"],
        "brief": ["-o", "-"],
        "lesson": ["BoJ skips", "-o", "-"],
    }[command]
    out = cli(command, *first, "--seed", value)
    assert out.code == 2
    assert out.stderr.endswith(
        f"Error: Invalid value for '--seed': {value} is not in the range 0<=x<=4294967295.\n"
    )


def test_every_command_with_draws_uses_the_shared_options() -> None:
    """--draws, --seed and --model-only mean the same on every command that has them."""
    import click

    from macrograph.explain.cli import main
    from macrograph.explain.cli.common import SEED

    ctx = click.Context(main)  # the group loads most of its commands when looked up
    commands = {name: main.get_command(ctx, name) for name in main.list_commands(ctx)}
    with_draws = []
    for name, command in sorted(commands.items()):
        assert command is not None, name
        params = {p.name: p for p in command.params}
        if "draws" not in params:
            continue
        with_draws.append(name)
        seed, draws = params["seed"], params["draws"]
        assert (seed.type, seed.default) == (SEED, 0), name
        assert (draws.type.min, draws.type.max, draws.default) == (0, 100_000, 1000), name  # type: ignore[attr-defined]
    assert {"whatif", "explain", "brief", "chart", "lesson"} <= set(with_draws)
    for name in ("whatif", "explain", "brief", "chart", "lesson"):
        assert "model_only" in {p.name for p in commands[name].params}, name  # type: ignore[union-attr]


def test_the_largest_seed_is_accepted(cli: Cli) -> None:
    out = cli("whatif", "BoJ skips", "--seed", "4294967295", "--draws", "50", "--format", "json")
    assert (out.code, out.stderr) == (0, "")


@pytest.mark.slow  # a brief
def test_brief_reads_a_horizon_the_pack_lacks(cli: Cli, tmp_path: Path) -> None:
    out = cli("brief", "-o", "-", "--draws", "0", "--horizon", "2w")
    assert (out.code, out.stderr) == (0, "")
    assert "2w" in out.stdout


def test_brief_names_what_a_horizon_looks_like(cli: Cli) -> None:
    out = cli("brief", "-o", "-", "--draws", "0", "--horizon", "2x")
    assert (out.code, out.stderr) == (
        2,
        "macrograph: not a horizon: '2x' (use durations such as 1d,1w,1m,3m)\n",
    )


def test_a_shock_dated_9999_12_31_is_one_line(cli: Cli, tmp_path: Path) -> None:
    late = "date: 9999-12-31\n        change: 0.25"
    pack = pack_with(
        tmp_path, edit("scenarios.yaml", "date: 2025-12-19\n        change: 0.25", late)
    )
    for args in (["whatif", "base"], ["whatif", "base", "--horizons", "1d"], ["diagram", "base"]):
        out = cli(*args, "--pack", pack)
        assert (out.code, out.stdout) == (2, ""), args
        # the pack's dates are bounded before any date arithmetic could overflow
        assert out.stderr == (
            f"macrograph: {pack}/scenarios.yaml:7: error: id 'base', field 'shocks.0.date': "
            "9999-12-31 is outside the calendar: dates run from 1900-01-01 to 2200-12-31\n"
        )
