"""How a question was read: the scenario name it matched, or each clause and the shocks it set.

Plain data carried from :func:`macrograph.graph.scenarios.resolve_text` to the
:class:`~macrograph.graph.result.Result` (and its JSON), so that a reader can check that the
words were understood as meant. Nothing here renders text. The JSON Schema of the outputs
reads them as it reads the result's records (see :mod:`macrograph.graph.records`).

Examples
--------
>>> from macrograph.graph.scenarios import resolve_text
>>> from macrograph.graph.synthetic.names import river_pack
>>> pack = river_pack()
>>> reading = resolve_text(pack, "Dry spell").reading
>>> reading.how, reading.phrase
('phrase', 'dry spell')
>>> parts = resolve_text(pack, "the lake rises 3pts and retention rises 2pts").reading.parts
>>> [(part.words, part.shocks) for part in parts]
[('lake rises 3pts', ('reservoir@2025-01-06',)), ('retention rises 2pts', ('outflow@2025-01-06',))]
"""

from __future__ import annotations

from msgspec import Struct

HOW = ("id", "phrase", "words", "given")
"""How a question is read: a scenario's id, one of its phrases, plain words, or a scenario
given as data (no text)."""


class ReadPart(Struct, frozen=True):
    """A part of a question (a clause of plain words, or a ``--shock``) and what it became."""

    words: str
    """The words read: a clause of the question in lower case with single spaces, or a
    ``--shock`` as typed."""
    title: str
    """What the words were read as, in the pack's words (a scenario's title, a shock's
    label)."""
    scenario: str | None
    """The scenario the words name, when they are one of its names; null otherwise."""
    shocks: tuple[str, ...]
    """The keys (``node@date``) of the shocks the words set, beyond the comparison's."""


class Reading(Struct, frozen=True):
    """How the question was read."""

    text: str
    """The question as asked (the scenario's id when it was given as data)."""
    how: str
    """``id`` (a scenario's id), ``phrase`` (one of its phrases), ``title`` (its title),
    ``words`` (plain words read clause by clause) or ``given`` (a scenario given as data)."""
    phrase: str | None
    """For ``id`` and ``phrase``: the id or phrase that matched, as the pack writes it; for
    ``title``, the question as asked."""
    parts: tuple[ReadPart, ...] = ()
    """For ``words``, each clause and what it set; then each ``--shock``, in the order
    given."""


def asked_words(reading: Reading | None) -> str:
    """The question as typed where it was read in plain words (no scenario of its pack), or
    "" for a scenario named by its id, one of its phrases or title, or given as data.

    Examples
    --------
    >>> from macrograph.graph.scenarios import resolve_text
    >>> from macrograph.graph.synthetic.names import river_pack
    >>> pack = river_pack()
    >>> asked_words(resolve_text(pack, "the lake rises 3pts").reading)
    'the lake rises 3pts'
    >>> asked_words(resolve_text(pack, "Dry spell").reading), asked_words(None)
    ('', '')
    """
    return reading.text if reading is not None and reading.how == "words" else ""
