"""A pack from another field speaks the neutral built-in vocabulary where it declares none:
tables grouped by node kind, no heading, region or unit of the bundled pack, and a brief with
no empty section and no market column (what was priced, the surprise) it has nothing for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macrograph.explain.contexts.base import group_order, node_groups
from macrograph.rules import load_pack
from macrograph.rules.vocabulary import KIND_HEADINGS, vocabulary_for
from tests.heldout.test_uk_pack import bundled_words, empty_sections
from tests.packfactory import Cli

PACKS = Path(__file__).parents[1] / "packs"


def bundled_only() -> set[str]:
    """The bundled pack's words that are not also a node kind's heading ('Assets' is both)."""
    return set(bundled_words()) - set(KIND_HEADINGS.values())


def test_a_pack_without_groups_is_grouped_by_node_kind() -> None:
    sim = load_pack(PACKS / "sim")
    assert not sim.info.groups
    groups = node_groups(sim)
    assert {groups[n.id] for n in sim.nodes.values()} == {
        KIND_HEADINGS[n.kind] for n in sim.nodes.values()
    }
    assert groups["c"] == "Flows" and groups["h"] == "Assets" and groups["y"] == "Indicators"
    assert group_order(sim) == tuple(KIND_HEADINGS.values())


@pytest.mark.slow
def test_the_built_in_vocabulary_holds_none_of_the_bundled_packs_words() -> None:
    builtin = vocabulary_for(load_pack(PACKS / "oscillator").info)
    words = bundled_only()
    assert not words & {*builtin.regions.values(), *builtin.units, *builtin.headings()}
    assert not set(load_pack().info.channels) & set(builtin.channels)


def test_a_whatif_of_a_pack_without_groups_heads_its_tables_by_kind(cli: Cli) -> None:
    out = cli("whatif", "spending-starts", "--pack", str(PACKS / "sim"), "--draws", "0")
    assert out.code == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "Flows" in lines and "Indicators" in lines
    assert sorted(w for w in bundled_only() if w in out.stdout and len(w) > 3) == []


def test_an_ecology_brief_has_a_calendar_without_market_columns(cli: Cli, tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    asked = ("--draws", "0", "--horizon", "1y", "-o", str(note))  # the last: the drought faded
    out = cli("brief", "--pack", str(PACKS / "predator_prey"), *asked)
    assert out.code == 0, out.stderr
    text = note.read_text(encoding="utf-8")
    assert empty_sections(text) == []
    assert "## Calendar\n\n| Date | Event | Change |\n|---|---|---:|\n" in text
    assert "Policy calendar" not in text and "Priced beforehand" not in text
    assert "### Animals" in text  # its declared group
    # Predator and prey damp a route the loops take back: told alone, "this should lower
    # hares by 182 head" would stand beside hares 0.19 head higher; the rest is told too
    story = next(line for line in text.splitlines() if line.startswith("- **Hares: "))
    route = re.search(r"this should lower hares by \*\*([\d,.]+) head\*\*", story)
    loops = re.search(r"Feedback loops add \+([\d,.]+) head[ .]", story)
    assert route and loops, story
    net = float(re.search(r"Hares: ([\d.]+) head higher", story).group(1))  # type: ignore[union-attr]
    told = -float(route.group(1).replace(",", "")) + float(loops.group(1).replace(",", ""))
    assert told == pytest.approx(net, abs=1.0)  # to the precision the sentence prints
