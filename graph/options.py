"""How a question is run: one frozen set of options for the library and the command line.

The command line builds one :class:`RunOptions` from its shared options and passes it down;
a Python user builds one the same way. Every function that runs the engine for a reader
(``propagate``, the fans, the charts, the brief, the lesson) takes it, so the default
number of draws, the seed and the comparison are decided in one place.

Examples
--------
>>> options = RunOptions(draws=0)
>>> options.draws, options.seed, options.against
(0, 0, 'auto')
>>> RunOptions().draws == DRAWS
True
>>> options.exact().draws, RunOptions(draws=50, seed=3).exact().seed
(0, 3)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from macrograph.graph.errors import OptionError

if TYPE_CHECKING:  # pragma: no cover
    from macrograph.graph.specs import ScenarioSpec

AUTO = "auto"
"""The comparison, or the overlay compared with, chosen from the question itself."""

DRAWS = 1000
"""Monte Carlo draws by default, in the library as on the command line."""


class RunOptions(Struct, frozen=True):
    """How to run a question.

    Attributes
    ----------
    against : str, ScenarioSpec or None
        The comparison: ``AUTO`` (the scenario's own), a scenario, or None (no shocks).
    horizons : tuple of str or None
        The horizons to report; None for the pack's.
    draws : int
        Monte Carlo draws over the rules' ranges (0: none).
    seed : int
        The random seed of the draws.
    model_only : bool
        Draws without market noise: the rules' parameter uncertainty alone.
    focus : str or None
        The horizon a document centres on (None: the pack's own choice); a run adds it to
        its horizons when it is not among them.
    overlay : str or None
        The overlay a document compares the evidence view with (``AUTO``: found beside
        the pack; None: none).
    """

    against: str | ScenarioSpec | None = AUTO
    horizons: tuple[str, ...] | None = None
    draws: int = DRAWS
    seed: int = 0
    model_only: bool = False
    focus: str | None = None
    overlay: str | None = AUTO

    def __post_init__(self) -> None:
        if self.draws < 0:
            raise OptionError("draws", self.draws, "draws are 0 (none) or more")
        if not 0 <= self.seed < 2**32:
            raise OptionError("seed", self.seed, "a seed is from 0 to 4294967295")
        if self.horizons is not None and not self.horizons:
            raise OptionError("horizons", self.horizons, "None for the pack's, or at least one")

    def exact(self) -> RunOptions:
        """The same question without draws: the central path alone.

        Examples
        --------
        >>> RunOptions(draws=200).exact() == RunOptions(draws=0)
        True
        """
        return replace(self, draws=0)
