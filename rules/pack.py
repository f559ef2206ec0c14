"""The validated pack: a plain, read-only container of the models, with where each came from."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from msgspec import Struct, field

from macrograph.rules.calendar import CalendarEvent, Institution, Regime
from macrograph.rules.episodes import Episode
from macrograph.rules.info import Claim, Fact, PackInfo, Signal, Source
from macrograph.rules.limits import MAX_FILE_BYTES
from macrograph.rules.models import AnyRule, Node, Scenario
from macrograph.rules.series import Series

BUNDLED_PACK = "december-2025"
__all__ = ["BUNDLED_PACK", "MAX_FILE_BYTES", "Location", "Pack", "bundled_pack_dir"]


def bundled_pack_dir() -> Path:
    """The folder of the bundled ``december-2025`` pack (inside the installed package).

    Examples
    --------
    >>> bundled_pack_dir().name
    'december-2025'
    """
    # beside this module, where importlib.resources.files would find it (the pack is read
    # from a folder, never from a zip): importing importlib.resources and its readers (and
    # zipfile) cost every command's start more than the rest of this module
    return Path(__file__).parent / "packs" / BUNDLED_PACK


class Location(Struct, frozen=True):
    """The file and 1-based line an object was read from."""

    file: str
    line: int


class Pack(Struct, frozen=True, eq=False, weakref=True):
    """A loaded knowledge pack. Mappings are keyed by id and iterate in id order.

    Examples
    --------
    >>> from macrograph.rules import load_pack
    >>> pack = load_pack()
    >>> pack.rule("boj_path_lifts_jgb").target
    'jgb_10y'
    """

    root: str
    info: PackInfo
    nodes: Mapping[str, Node]
    rules: Mapping[str, AnyRule]
    scenarios: Mapping[str, Scenario]
    sources: Mapping[str, Source] = field(default_factory=dict)
    claims: Mapping[str, Claim] = field(default_factory=dict)
    facts: Mapping[str, Fact] = field(default_factory=dict)
    signals: Mapping[str, Signal] = field(default_factory=dict)
    episodes: Mapping[str, Episode] = field(default_factory=dict)
    series: Mapping[str, Series] = field(default_factory=dict)
    institutions: Mapping[str, Institution] = field(default_factory=dict)
    calendar: Mapping[str, CalendarEvent] = field(default_factory=dict)
    regimes: Mapping[str, Regime] = field(default_factory=dict)
    overlay: str | None = None  # the overlay applied, if any (its id)
    overlay_title: str = ""  # the applied overlay's title, as documents name it
    where: Mapping[tuple[str, str], Location] = field(default_factory=dict)

    def node(self, node_id: str) -> Node:
        """The node with this id (KeyError when absent)."""
        return self.nodes[node_id]

    def rule(self, rule_id: str) -> AnyRule:
        """The rule with this id (KeyError when absent)."""
        return self.rules[rule_id]

    def locate(self, section: str, obj_id: str) -> Location:
        """Where an object was defined; ``Location(root, 0)`` when unknown."""
        return self.where.get((section, obj_id), Location(self.root, 0))
