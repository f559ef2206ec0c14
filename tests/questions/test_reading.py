"""The JSON answer says how the question was read: the scenario name it matched, or each
clause of plain words and each ``--shock`` with the shocks it set."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.graph.scenarios import resolve
from macrograph.rules.pack import Pack
from tests.packfactory import other_side

Cli = Callable[..., Any]


def whatif_json(cli: Cli, *args: str) -> dict[str, Any]:
    out = cli("whatif", *args, "--draws", "0", "--format", "json")
    assert out.code == 0, out.stderr
    body: dict[str, Any] = json.loads(out.stdout)
    schema = json.loads(cli("schema", "--output", "whatif").stdout)
    jsonschema.Draft7Validator(schema).validate(body)
    return body


def test_a_scenario_id_is_read_as_the_id(cli: Cli) -> None:
    reading = whatif_json(cli, "boj-skips")["reading"]
    assert reading == {"text": "boj-skips", "how": "id", "phrase": "boj-skips", "parts": []}


@pytest.mark.parametrize("asked", ["BoJ skips", "What if the BoJ skips?"])
def test_a_phrase_is_read_as_the_packs_phrase_it_matched(cli: Cli, pack: Pack, asked: str) -> None:
    body = whatif_json(cli, asked)
    reading = body["reading"]
    assert (reading["text"], reading["how"], reading["parts"]) == (asked, "phrase", [])
    assert body["scenario"] == "boj-skips"
    assert reading["phrase"] in pack.scenarios["boj-skips"].phrases


def test_plain_words_say_what_each_clause_set(cli: Cli, pack: Pack) -> None:
    body = whatif_json(cli, "the yen weakens 3% and the Fed holds")
    reading = body["reading"]
    assert (reading["how"], reading["phrase"]) == ("words", None)
    yen, fed = reading["parts"]
    assert yen["words"] == "yen weakens 3%" and yen["scenario"] is None
    assert [k.split("@")[0] for k in yen["shocks"]] == ["usd_jpy"]
    assert fed["words"] == "fed holds" and fed["scenario"] == "fed-holds"
    assert fed["title"] == pack.scenarios["fed-holds"].title
    keys = {s["key"] for s in body["shocks"]}
    assert set(yen["shocks"]) | set(fed["shocks"]) <= keys  # each names a shock of the answer
    (yen_shock,) = [s for s in body["shocks"] if s["key"] == yen["shocks"][0]]
    assert yen_shock["change"] == pytest.approx(other_side(-3.0))  # the pair rises 3.09%


def test_a_shock_is_read_with_the_words_it_was_given_in(cli: Cli) -> None:
    body = whatif_json(cli, "BoJ skips", "--shock", "jgb_10y=+20bp")
    reading = body["reading"]
    assert (reading["how"], reading["phrase"]) == ("phrase", "boj skips")
    (part,) = reading["parts"]
    assert part["words"] == "jgb_10y=+20bp" and part["scenario"] is None
    (shock,) = [s for s in body["shocks"] if s["key"] == part["shocks"][0]]
    assert shock["node"] == "jgb_10y" and shock["change"] == pytest.approx(0.2)


def test_a_scenario_given_as_data_says_so(pack: Pack) -> None:
    assert propagate(pack, resolve(pack, "boj-skips"), RunOptions(draws=0)).reading is None
    reading = propagate(pack, "BoJ skips", RunOptions(draws=0)).reading
    assert reading is not None and reading.how == "phrase"
