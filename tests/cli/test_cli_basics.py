"""The command line's basics: version, help with examples, ``list`` and ``schema``."""

from __future__ import annotations

import configparser
import json
from pathlib import Path
from typing import Any

import click
import pytest
from jsonschema import Draft7Validator  # type: ignore[import-untyped]

from macrograph.explain.cli import main
from macrograph.rules import bundled_pack_dir
from macrograph.rules.pack import Pack
from macrograph.rules.reading.reader import load_text
from tests.packfactory import BASE_FILES, Cli

REPO = Path(__file__).resolve().parents[2]
COMMANDS = main.list_commands(click.Context(main))
"""Every command's name; most are loaded when looked up (see ``COMMAND_MODULES``)."""
SCENARIOS = [
    "august-2024-surprise",
    "boj-dovish-guidance",
    "boj-hawkish-guidance",
    "boj-hikes-50",
    "boj-skips",
    "december-2025",
    "fed-holds",
    "mof-intervenes",
    "spread-1-5",
    "spread-1-5-jgb",
    "us-data-scare",
]


def first_column(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines()]


def test_version_is_the_package_version(cli: Cli) -> None:
    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg", encoding="utf-8")
    out = cli("--version")
    assert (out.code, out.stdout) == (0, f"macrograph, version {setup['metadata']['version']}\n")


def test_group_help_lists_commands_and_examples(cli: Cli) -> None:
    out = cli("--help")
    assert out.code == 0
    assert "Examples:" in out.stdout
    assert '  macrograph whatif "BoJ skips"' in out.stdout
    for name in COMMANDS:
        assert f"  {name} " in out.stdout, name
    assert cli("-h").stdout == out.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_commands_examples_say_they_are_the_bundled_packs(cli: Cli, command: str) -> None:
    # the examples name the bundled pack's scenarios and nodes: read with --pack, they
    # would read as another pack's, so each help says so under its examples
    out = cli(command, "--help")
    assert "Examples:" in out.stdout, command  # every command shows how it is run
    examples = out.stdout.split("Examples:")[-1].rstrip().splitlines()
    assert examples[-1].strip() == (
        "(on the bundled pack; macrograph list nodes --pack DIR names another's)"
    ), command


def test_every_lazily_loaded_command_is_listed_with_its_module() -> None:
    # the group imports a command's module when the command is looked up: a command added
    # to a module's COMMANDS and not to COMMAND_MODULES would never be found
    import importlib

    from macrograph.explain.cli.app import COMMAND_MODULES, SHORT_HELP

    listed: dict[str, str] = {}
    for module in sorted(set(COMMAND_MODULES.values())):
        found = importlib.import_module(f"macrograph.explain.cli.{module}")
        listed.update({str(c.name): module for c in found.COMMANDS})
    assert listed == COMMAND_MODULES
    assert set(SHORT_HELP) <= set(COMMANDS)
    assert sorted(COMMANDS) == COMMANDS
    ctx = click.Context(main)
    for name, sentence in SHORT_HELP.items():
        assert main.get_command(ctx, name).short_help == sentence, name  # type: ignore[union-attr]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_help_shows_an_example_of_itself(cli: Cli, name: str) -> None:
    out = cli(name, "--help")
    assert out.code == 0
    assert f"Usage: main {name}" in out.stdout
    assert "Example" in out.stdout, f"'{name} --help' shows no example"
    examples = out.stdout.split("Example")[-1]
    assert f"  macrograph {name}" in examples, f"'{name} --help' has no example of '{name}'"


@pytest.mark.slow
def test_list_nodes_shows_every_node_in_id_order(cli: Cli, pack: Pack) -> None:
    out = cli("list", "nodes")
    assert out.code == 0
    assert first_column(out.stdout) == sorted(pack.nodes)
    usd_jpy = next(line for line in out.stdout.splitlines() if line.startswith("usd_jpy "))
    assert usd_jpy.split() == ["usd_jpy", "asset", "global", "pct_change", "USD/JPY"]


def test_list_nodes_by_kind(cli: Cli, pack: Pack) -> None:
    ids = first_column(cli("list", "nodes", "--kind", "rate").stdout)
    assert {"jgb_10y", "ust_10y", "us_jp_spread_10y", "boj_rate_expectations"} <= set(ids)
    assert "usd_jpy" not in ids
    assert ids == sorted(n.id for n in pack.nodes.values() if n.kind == "rate")


def test_list_nodes_by_region_ignores_case(cli: Cli, pack: Pack) -> None:
    ids = first_column(cli("list", "nodes", "--region", "jp").stdout)
    assert {"boj_policy_rate", "jgb_10y", "tokyo_core_cpi", "boj_stance"} <= set(ids)
    assert not {"usd_jpy", "fed_funds_rate", "nasdaq"} & set(ids)
    assert ids == sorted(n.id for n in pack.nodes.values() if n.region == "JP")
    upper = cli("list", "nodes", "--region", "JP").stdout
    assert upper == cli("list", "nodes", "--region", "jp").stdout


def test_list_rules_by_channel(cli: Cli) -> None:
    out = cli("list", "rules", "--channel", "identity")
    assert out.code == 0
    assert out.stdout.splitlines() == [
        "jgb_2y_enters_gap                  jgb_2y ---> us_jp_short_spread  [identity, linear]",
        "jgb_enters_spread                  jgb_10y ---> us_jp_spread_10y  [identity, linear]",
        "term_premium_lifts_jgb             jgb_term_premium -+-> jgb_10y  [identity, linear]",
        "ust_2y_enters_gap                  ust_2y -+-> us_jp_short_spread  [identity, linear]",
        "ust_enters_spread                  ust_10y -+-> us_jp_spread_10y  [identity, linear]",
    ]


def test_list_rules_by_kind(cli: Cli) -> None:
    ids = first_column(cli("list", "rules", "--kind", "threshold").stdout)
    assert ids == ["weak_yen_brings_intervention"]


def test_list_rules_filters_combine(cli: Cli, pack: Pack) -> None:
    ids = first_column(cli("list", "rules", "--kind", "linear", "--channel", "carry").stdout)
    assert "carry_sells_yen" in ids
    assert "yen_squeeze_unwinds_carry" in ids
    assert "carry_positions_accumulate" not in ids  # an integrate rule
    expected = [r.id for r in pack.rules.values() if (r.kind, r.channel) == ("linear", "carry")]
    assert ids == sorted(expected)


def test_list_scenarios(cli: Cli) -> None:
    out = cli("list", "scenarios")
    assert first_column(out.stdout) == SCENARIOS
    assert "boj-skips              The BoJ skips the December hike  (vs december-2025)" in (
        out.stdout.splitlines()
    )


def test_list_json(cli: Cli, pack: Pack) -> None:
    nodes = json.loads(cli("list", "nodes", "--region", "US", "--format", "json").stdout)
    assert [n["id"] for n in nodes] == sorted(n.id for n in pack.nodes.values() if n.region == "US")
    fed = next(n for n in nodes if n["id"] == "fed_funds_rate")
    assert (fed["unit"], fed["kind"], fed["expectations"]) == (
        "pct",
        "policy_action",
        "fed_rate_expectations",
    )
    scenarios = json.loads(cli("list", "scenarios", "--format", "json").stdout)
    assert [s["id"] for s in scenarios] == SCENARIOS
    skips = next(s for s in scenarios if s["id"] == "boj-skips")
    assert "what if the boj holds" in skips["phrases"]
    assert skips["shocks"][0]["priced"] == {"probability": 0.85, "change": 0.25}
    rules = json.loads(cli("list", "rules", "--kind", "threshold", "--format", "json").stdout)
    assert [r["crosses"] for r in rules] == [{"above": 160.0, "below": None}]


def _schema(cli: Cli) -> dict[str, Any]:
    out = cli("schema")
    assert out.code == 0
    schema: dict[str, Any] = json.loads(out.stdout)
    return schema


def _as_json(text: str) -> Any:
    """A pack file as the JSON an editor would validate (dates stay text)."""
    return json.loads(json.dumps(load_text(text)))


def test_schema_is_draft_07(cli: Cli) -> None:
    schema = _schema(cli)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    assert sorted(schema["properties"]) == sorted(
        [
            "pack",
            "claims",
            "sources",
            "nodes",
            "rules",
            "scenarios",
            "facts",
            "signals",
            "episodes",
            "series",
            "institutions",
            "calendar",
            "regimes",
        ]
    )
    assert "$defs" not in json.dumps(schema) and "prefixItems" not in json.dumps(schema)


@pytest.mark.parametrize("name", sorted(p.name for p in bundled_pack_dir().glob("*.yaml")))
def test_every_bundled_file_validates_against_the_schema(cli: Cli, name: str) -> None:
    validator = Draft7Validator(_schema(cli))
    text = (bundled_pack_dir() / name).read_text(encoding="utf-8")
    assert [e.message for e in validator.iter_errors(_as_json(text))] == []


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("nodes.yaml", "label: Policy rate", "lable: Policy rate"),
        ("nodes.yaml", "unit: pct_change", "unit: per cent"),
        ("nodes.yaml", "value: 0.5", 'value: "0.5"'),
        ("rules.yaml", "    confidence: high\n", ""),
        ("rules.yaml", "kind: linear\n    source: bond", "kind: linar\n    source: bond"),
        ("rules.yaml", "rules:", "rule:"),
        (
            "scenarios.yaml",
            "probability: 0.5, change: 0.25}\n        label: The bank hikes",
            "probability: 2, change: 0.25}\n        label: The bank hikes",
        ),
    ],
)
def test_malformed_file_fails_the_schema(cli: Cli, name: str, old: str, new: str) -> None:
    validator = Draft7Validator(_schema(cli))
    assert list(validator.iter_errors(_as_json(BASE_FILES[name]))) == []
    broken = BASE_FILES[name].replace(old, new, 1)
    assert broken != BASE_FILES[name]
    assert list(validator.iter_errors(_as_json(broken))) != []


def test_list_filter_choices_are_the_rule_language(cli) -> None:
    from macrograph.rules import vocabulary

    out = cli("list", "--help").stdout
    for word in (*vocabulary.NODE_KINDS, *vocabulary.RULE_KINDS, *vocabulary.CHANNELS):
        assert word in out


def test_help_does_not_import_pydantic() -> None:
    import subprocess
    import sys

    code = "import sys; from macrograph.explain.cli import main; print('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_unknown_list_filter_is_refused(cli) -> None:
    out = cli("list", "rules", "--channel", "carrry")
    assert out.code == 2
    assert "Invalid value for '--channel'" in out.stderr and "Traceback" not in out.stderr


def test_whatif_without_a_question_answers_the_default_scenario(cli: Cli, pack: Pack) -> None:
    # as brief, lesson and diagram do; it was a usage error
    out = cli("whatif", "--draws", "0")
    assert out.code == 0, out.stderr
    title = pack.scenarios[pack.info.default_scenario].title
    assert out.stdout.splitlines()[0] == title


def test_a_shock_alone_is_answered_as_the_same_question_in_plain_words(cli: Cli) -> None:
    # a refusal's hint "state the move itself: --shock NODE=CHANGE" runs as it is written, and
    # means what the plain-words question means: the move on top of the default, against it
    alone = cli("whatif", "--shock", "jgb_10y=+20bp", "--draws", "0", "--format", "json")
    said = cli("whatif", "10y JGB rises 20bp", "--draws", "0", "--format", "json")
    assert alone.code == said.code == 0, alone.stderr + said.stderr
    ours, theirs = json.loads(alone.stdout), json.loads(said.stdout)
    assert ours["title"] == theirs["title"] == "10y JGB yield +20bp"
    assert ours["against"] == theirs["against"]
    assert ours["nodes"]["ust_10y"]["delta"] == theirs["nodes"]["ust_10y"]["delta"]


UNNEEDED = (
    "networkx",
    "scipy",
    "matplotlib",
    "rapidfuzz",
    "subprocess",
    "numpy.polynomial",
    "threadpoolctl",
    "macrograph.graph.words.plainwords",
    "macrograph.explain.chart.figures",
    "macrograph.explain.cli.diagram",
    "macrograph.explain.cli.narrative",
)
"""What a text what-if of a scenario's phrase runs without: the graph queries (networkx), the
charts, plain words and their fuzzy matching, ``dot``, the other commands' modules,
numpy's polynomial families (the stability check multiplies its few polynomials itself),
and threadpoolctl (the command line starts OpenBLAS on one thread: nothing to limit)."""


@pytest.mark.slow  # two fresh interpreters, each running a what-if
def test_a_text_whatif_loads_nothing_it_does_not_need() -> None:
    # the cold start a user waits for, the pack read from its cache (a miss lints it, with
    # networkx): a base module of the explainer once imported the graph queries for a type,
    # and with them networkx (80 ms of every what-if); the what-if imported the charts'
    # modules for a function it calls only when it charts, and rapidfuzz with plain words
    import os
    import subprocess
    import sys

    code = (
        "import sys; from macrograph.explain.cli import main\n"
        "try:\n    main(['whatif', 'BoJ skips', '--draws', '20'])\n"
        "except SystemExit:\n    pass\n"
        f"print(sorted(m for m in {UNNEEDED!r} if m in sys.modules), file=sys.stderr)"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}  # left unset
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env)  # cache
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"
