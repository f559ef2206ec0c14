"""Questions a user of another field types in their own words, read against held-out packs.

An epidemiologist (tests/packs/heldout_outbreak), a grid operator (tests/packs/heldout_grid),
a UK economist (tests/packs/uk) and a modeller (tests/packs/sim) ask as they would; the
reader knows none of their words but what each pack declares, and English. Each row is a
question the reader got wrong: it must now set exactly these shocks, or refuse saying so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from macrograph.graph.scenarios import resolve_text
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack

PACKS = Path(__file__).parent / "packs"
Shock = tuple[str, str, float | None, float | None]


def _pack(name: str) -> Pack:
    return load_pack(PACKS / name)


def _set(pack: Pack, text: str) -> list[Shock]:
    """The shocks ``text`` sets beyond the default scenario's: (node, date, change, level)."""
    base = resolve_text(pack, pack.info.default_scenario)
    spec = resolve_text(pack, text)
    return [
        (s.node, s.date.isoformat(), s.change, s.level)
        for s in spec.shocks
        if s not in set(base.shocks)
    ]


# (pack, question, the shocks it sets beyond the default scenario's)
READS: list[tuple[str, str, list[Shock]]] = [
    # a pack's verb said of a plural subject ('surges' declared, 'cases surge' typed)
    ("heldout_outbreak", "cases surge 500 a day", [("new_infections", "2021-06-01", 500.0, None)]),
    (
        "heldout_outbreak",
        "cases spike by 300 a day",
        [("new_infections", "2021-06-01", 300.0, None)],
    ),
    ("heldout_grid", "gas prices soar €10/MWh", [("gas_price", "2026-01-12", 10.0, None)]),
    (
        "heldout_outbreak",
        "restrictions ease 10 points",
        [
            ("lockdown_stringency", "2021-06-01", -10.0, None),
        ],
    ),
    # a clause's move never reaches back past 'and' for a node of the clause before: this read
    # 'cold' (an alias of temperature) dropping 60 GWh, and refused the unit
    (
        "heldout_grid",
        "cold snap and the wind drops 60 GWh",
        [
            ("wind_output", "2026-01-12", -60.0, None),
        ],
    ),
    ("heldout_grid", "cold snap and gas up €10/MWh", [("gas_price", "2026-01-12", 10.0, None)]),
]


@pytest.mark.parametrize(("name", "text", "shocks"), READS, ids=[r[1] for r in READS])
def test_a_question_in_the_fields_own_words_sets(name: str, text: str, shocks: list[Shock]) -> None:
    assert _set(_pack(name), text) == shocks
