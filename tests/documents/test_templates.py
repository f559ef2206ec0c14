"""The one Jinja environment: escaping, strictness, the sandbox, user overrides, the filters,
and a pack whose text is markup and template syntax."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from macrograph.explain.environment import escapes, make_environment, render
from macrograph.explain.errors import TemplateProblem
from macrograph.explain.filters import band, level, move, size
from macrograph.explain.textfilters import md
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.result import Band
from macrograph.rules.pack import Pack
from tests.packfactory import Cli

HOSTILE = "tests/hostile_narrative_pack"
NO_MC = ("--draws", "0")


def template_dir(tmp_path: Path, files: dict[str, str]) -> str:
    folder = tmp_path / "templates"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return str(folder)


# --- the environment --------------------------------------------------------------------------


def test_html_templates_and_partials_are_escaped_others_not() -> None:
    assert escapes("brief.html.j2") and escapes("partials/prose.html.j2") and escapes("x.svg")
    assert not escapes("whatif.md.j2") and not escapes("whatif.txt.j2") and not escapes(None)
    env = make_environment()
    assert env.get_template("partials/prose.html.j2").module is not None
    assert env.undefined.__name__ == "StrictUndefined"
    assert env.trim_blocks and env.lstrip_blocks


def test_a_user_template_overrides_the_bundled_one_by_name(cli: Cli, tmp_path: Path) -> None:
    text = "{{ title }}: {{ headline.surprises[0].surprise|move('pct', 2) }}\n"
    folder = template_dir(tmp_path, {"whatif.txt.j2": text})
    out = cli("whatif", "BoJ skips", "--templates", folder, *NO_MC)
    assert out.code == 0, out.stderr
    assert out.stdout == "The BoJ skips the December hike: -21.25bp\n"


def test_an_overridden_base_layout_is_used_by_bundled_templates(cli: Cli, tmp_path: Path) -> None:
    base = "MY NOTE {{ title }}\n{% block body %}{% endblock %}\nEND {{ citations|length }}\n"
    folder = template_dir(tmp_path, {"base.txt.j2": base})
    out = cli("explain", "bitcoin", "--templates", folder, *NO_MC)
    assert out.stdout.startswith("MY NOTE Why Bitcoin moved\n")
    assert re.search(r"\nEND \d+$", out.stdout.rstrip())
    assert "Causes, strongest first" in out.stdout


@pytest.mark.slow
def test_an_overridden_partial_is_used(cli: Cli, tmp_path: Path) -> None:
    folder = template_dir(tmp_path, {"partials/style.html.j2": "<style>body{color:teal}</style>"})
    out = cli("whatif", "BoJ skips", "--format", "html", "--templates", folder, *NO_MC)
    assert "<style>body{color:teal}</style>" in out.stdout
    assert "--ink" not in out.stdout


def test_a_missing_variable_fails_with_the_template_and_line(cli: Cli, tmp_path: Path) -> None:
    folder = template_dir(tmp_path, {"whatif.txt.j2": "{{ title }}\n{{ headline.nope }}\n"})
    out = cli("whatif", "BoJ skips", "--templates", folder, *NO_MC)
    assert out.code == 2
    assert out.stderr == (
        "macrograph: template whatif.txt.j2:2: "
        "'macrograph.explain.contexts.whatif.Headline object' has no attribute 'nope'\n"
    )


def test_a_missing_top_level_variable_fails(tmp_path: Path, pack: Pack) -> None:
    from macrograph.explain.contexts.whatif import build_whatif
    from macrograph.graph.propagate import propagate

    env = make_environment(Path(template_dir(tmp_path, {"whatif.txt.j2": "{{ nothing }}"})))
    with pytest.raises(TemplateProblem) as caught:
        render(
            env,
            "whatif.txt.j2",
            build_whatif(pack, propagate(pack, "boj-skips", RunOptions(draws=0))),
        )
    assert (caught.value.template, caught.value.detail) == (
        "whatif.txt.j2",
        "'nothing' is undefined",
    )


def test_printing_a_missing_value_fails(tmp_path: Path, cli: Cli, pack: Pack) -> None:
    # key outcomes: the 2y and 10y JGB yields (levels), the 10y Treasury yield, USD/JPY, then
    # the Nikkei (no level)
    result = propagate(pack, "boj-skips", RunOptions(draws=0))
    shown = level(result.nodes["jgb_10y"].level[result.horizons[-1]], "pct")
    text = "{{ key[1].label }}: {{ key[1].level|level('pct') }}\n"
    folder = template_dir(tmp_path, {"whatif.txt.j2": text})
    out = cli("whatif", "BoJ skips", "--templates", folder, *NO_MC)
    assert out.stdout == f"10y JGB yield: {shown}\n" and shown.endswith("%")
    folder = template_dir(tmp_path, {"whatif.txt.j2": "{{ key[4].label }} {{ key[4].level }}\n"})
    out = cli("whatif", "BoJ skips", "--templates", folder, *NO_MC)
    assert out.code == 2
    assert out.stderr == (
        "macrograph: template whatif.txt.j2:1: a value printed by the template is None\n"
    )


def test_user_templates_are_sandboxed(cli: Cli, tmp_path: Path) -> None:
    folder = template_dir(tmp_path, {"whatif.txt.j2": "{{ title.__class__.__mro__ }}"})
    out = cli("whatif", "BoJ skips", "--templates", folder, *NO_MC)
    assert out.code == 2
    assert "access to attribute '__class__' of 'str' object is unsafe" in out.stderr


def test_a_broken_template_names_file_and_line(cli: Cli, tmp_path: Path) -> None:
    folder = template_dir(tmp_path, {"whatif.txt.j2": "ok\n{% if %}\n"})
    out = cli("whatif", "BoJ skips", "--templates", folder, *NO_MC)
    assert out.code == 2
    assert out.stderr.startswith("macrograph: template whatif.txt.j2:2: ")
    assert "Traceback" not in out.stderr


def test_a_missing_templates_folder_is_an_error(cli: Cli, tmp_path: Path) -> None:
    out = cli("whatif", "BoJ skips", "--templates", str(tmp_path / "nope"), *NO_MC)
    assert out.code == 2
    assert out.stderr == f"macrograph: template {tmp_path / 'nope'}: no such templates folder\n"


SLOW = pytest.mark.slow  # each format again: the text format alone runs in make check


@pytest.mark.slow  # every scenario in every format
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_bundled_scenario_renders_in_every_format(cli: Cli, pack: Pack, fmt: str) -> None:
    for scenario in pack.scenarios:
        out = cli("whatif", scenario, "--format", fmt, "--draws", "50")
        assert out.code == 0, (scenario, out.stderr)


@pytest.mark.usefixtures("bundled_words")
def test_a_fired_threshold_is_told_with_its_date_and_jumps(cli: Cli, pack: Pack) -> None:
    # the JGB sell-off takes USD/JPY past 160 on its first day: the one threshold rule fires
    rule = pack.rules["weak_yen_brings_intervention"]
    assert rule.crosses is not None and rule.jump is not None
    result = propagate(pack, "spread-1-5-jgb", RunOptions(draws=0))
    (event,) = result.events
    assert (event.rule, event.world, event.date) == (rule.id, "scenario", date(2025, 12, 22))
    assert event.jump == rule.jump.elasticity
    assert not any(e.world == "against" for e in result.events)
    out = " ".join(cli("whatif", "spread-1-5-jgb", *NO_MC).stdout.split())
    assert (
        f"On 22 Dec 2025 USD/JPY reaches its trigger (at or above {rule.crosses.above:g}): "
        f"weak_yen_brings_intervention moves finance-ministry yen buying by "
        f"{move(event.jump, 'jpy_tn')} [" in out
    )
    assert "It does not fire in the comparison." in out
    assert "finance-ministry yen buying by +¥5.0tn" in out  # the pack's jump, in its unit


# --- the filters ------------------------------------------------------------------------------


def test_rate_and_spread_changes_read_in_basis_points() -> None:
    assert [move(x, "pct") for x in (-0.2125, 0.0635, -0.1, 0.0, 0.00004)] == [
        "-21bp", "+6.3bp", "-10bp", "0bp", "0bp",
    ]  # fmt: skip
    assert move(-0.2125, "pct", 2) == "-21.25bp" and size(-0.0806, "pp") == "8.1bp"


@pytest.mark.usefixtures("bundled_words")  # the pack declares $ and ¥ units
def test_prices_flows_and_levels_carry_their_units() -> None:
    assert move(7.1176, "pct_change") == "+7.1%" and move(0.17, "pct_change") == "+0.17%"
    assert move(-19.05, "usd_bn") == "-$19.1bn" and move(1200, "usd_bn") == "+$1.2tn"
    assert move(-8.0, "jpy_tn") == "-¥8.0tn" and move(4.85, "index") == "+4.8 pts"
    assert level(0.5, "pct") == "0.50%" and level(1.81, "pp") == "1.81pp"
    assert level(1189, "usd_bn") == "$1.19tn" and level(0.85, "prob") == "85%"
    assert band(Band(-0.12, -0.08, -0.047), "pct") == "-12bp to -4.7bp"


def test_markdown_escaping_keeps_pack_text_literal() -> None:
    assert md("<script>|*x*_[y]") == "&lt;script&gt;\\|\\*x\\*\\_\\[y\\]"
    assert md("{{ 7*7 }}") == "{{ 7\\*7 }}"


# --- a hostile pack ------------------------------------------------------------------------------

MARKUP = ("<script", "<img", "<b>", "<i>", "<em>weakens", "</td></tr></table>", "<!-- comment")


def test_hostile_text_is_escaped_in_html(cli: Cli) -> None:
    for args in (
        ("whatif", "hold", "--format", "html"),
        ("explain", "currency", "--scenario", "hold", "--format", "html"),
        ("explain", "positions", "--scenario", "hold", "--format", "html"),
    ):
        out = cli(*args, "--pack", HOSTILE, "--draws", "100")
        assert out.code == 0, out.stderr
        lowered = out.stdout.lower()
        assert not [m for m in MARKUP if m in lowered], args
        assert "&lt;script&gt;" in out.stdout
        assert "{{ 7*7 }}" in out.stdout and "{% if" in out.stdout


def test_hostile_text_is_literal_in_markdown_and_text(cli: Cli) -> None:
    md_out = cli("whatif", "hold", "--format", "md", "--pack", HOSTILE, *NO_MC).stdout
    assert "&lt;script&gt;alert('because')&lt;/script&gt; path {{ 7\\*7 }} lifts yields" in md_out
    assert not re.search(r"(?<!\\)<[a-z/!]", md_out)
    text = cli("whatif", "hold", "--pack", HOSTILE, *NO_MC).stdout
    assert "The bank holds <b>bold</b> 'q' \"dq\" on 19 Dec 2025" in text
    assert "{{ 7*7 }}" in text and "{% if 1 %}yes{% endif %}" in " ".join(text.split())
    assert " 49" not in text and " 42" not in text


@pytest.mark.slow
@pytest.mark.parametrize(
    "fmt", ["text", pytest.param("md", marks=SLOW), pytest.param("html", marks=SLOW)]
)
def test_explain_renders_in_every_format(cli: Cli, fmt: str) -> None:
    for node in ("bitcoin", "yen_carry_positions", "boj_stance", "sp500_earnings_growth"):
        out = cli("explain", node, "--format", fmt, "--draws", "50")
        assert out.code == 0, (node, out.stderr)
    out = cli("explain", "positions", "--scenario", "hold", "--format", fmt, "--pack", HOSTILE)
    assert out.code == 0 and "gap_unwinds_positions" in out.stdout


SHARED_HOSTILE = "tests/hostile_pack"  # newlines, control characters, a 10,000-character label
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_the_shared_hostile_pack_renders_literally(cli: Cli, fmt: str) -> None:
    for args in (("whatif", "hold"), ("explain", "carry_stock", "--scenario", "hold")):
        out = cli(*args, "--format", fmt, "--pack", SHARED_HOSTILE, "--draws", "50")
        assert out.code == 0, out.stderr
        assert not CONTROL.search(out.stdout), args
        if fmt == "html":
            assert not re.search(r"<script|<b>|<i>|<TABLE>", out.stdout), args
            assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in out.stdout
        if fmt == "md":
            assert not re.search(r"(?<!\\)<[a-zA-Z/!]", out.stdout), args
            table = [row for row in out.stdout.splitlines() if row.startswith("| ")]
            assert all(row.endswith("|") for row in table)
        if fmt == "text":
            assert "Bond yield {% if %} line two line three" in out.stdout
            assert "{{ x }}" in out.stdout and "<script>z</script>" in out.stdout


def test_the_shared_hostile_pack_brief_is_escaped(
    cli: Cli, tmp_path: Path, needs_dot: None
) -> None:
    out = cli("brief", "hold", "--pack", SHARED_HOSTILE, "-o", str(tmp_path / "n.html"))
    assert out.code == 0, out.stderr
    html = (tmp_path / "n.html").read_text(encoding="utf-8")
    assert not re.search(r"<script|<b>|<i>|<img|<TABLE>", html)
    assert not CONTROL.search(html)
