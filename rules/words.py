"""Check the words a pack uses (regions, units, channels, grouped nodes) against its vocabulary.

The models accept any well-formed word; once the ``pack:`` section is read, the loader calls
:func:`word_issues` with the pack's vocabulary (built-in plus declared).

Examples
--------
>>> _expected_text(("a", "b", "c"))
"'a', 'b' or 'c'"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from macrograph.rules.english.suggest import did_you_mean, unknown
from macrograph.rules.errors import PackIssue
from macrograph.rules.info import PackInfo
from macrograph.rules.vocabulary import Vocabulary

# (section, field) pairs holding a vocabulary word, and which part of the vocabulary.
WORD_FIELDS = {
    ("nodes", "region"): "region",
    ("nodes", "unit"): "unit",
    ("facts", "unit"): "unit",
    ("rules", "channel"): "channel",
}
WORD_PATTERN = r"^[A-Za-z][A-Za-z0-9_]{0,31}$"


class Word(NamedTuple):
    """One vocabulary word as a pack file gives it: where, on what, in which field."""

    section: str
    obj_id: str
    field: str
    value: str
    file: str
    line: int


def _expected_text(options: Iterable[str]) -> str:
    """Options quoted and joined as in 'a', 'b' or 'c'."""
    quoted = [f"'{o}'" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _options(vocab: Vocabulary, what: str) -> tuple[str, ...]:
    if what == "region":
        return tuple(vocab.regions)
    return tuple(vocab.units) if what == "unit" else vocab.channels


def _unknown(what: str, value: str, options: tuple[str, ...]) -> str:
    hint = did_you_mean(value, options)
    return f"unknown {what} {value!r}{hint} (expected one of {_expected_text(options)})"


def word_issues(vocab: Vocabulary, words: Iterable[Word]) -> list[PackIssue]:
    """One issue per region, unit or channel the vocabulary does not know.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> from macrograph.rules.vocabulary import vocabulary_for
    >>> vocab = vocabulary_for(slump_pack().info)
    >>> words = [Word("nodes", "a", "unit", "pcnt", "nodes.yaml", 3),
    ...          Word("nodes", "b", "unit", "pct", "nodes.yaml", 9)]
    >>> [(i.line, i.field, i.message.split(" (")[0]) for i in word_issues(vocab, words)]
    [(3, 'unit', "unknown unit 'pcnt'; did you mean 'pct'?")]
    """
    found = []
    for w in words:
        what = WORD_FIELDS[(w.section, w.field)]
        options = _options(vocab, what)
        if w.value not in options:
            text = _unknown(what, w.value, options)
            found.append(PackIssue(w.file, w.line, w.obj_id, w.field, text))
    return found


def info_issues(
    info: PackInfo,
    nodes: Mapping[str, Any],
    scenarios: Mapping[str, Any],
    file: str,
    line: int,
) -> list[PackIssue]:
    """Nodes named by the pack's ``groups`` and ``key_outcomes`` must exist (once in the
    groups, once among the key outcomes), and so must its ``brief_scenarios`` (once each).

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> info = pack.info.model_copy(update={"key_outcomes": ("b", "c", "b")})
    >>> issues = info_issues(info, pack.nodes, pack.scenarios, "pack.yaml", 1)
    >>> [(i.field, i.message) for i in issues]
    [('key_outcomes', "unknown node 'c'"), ('key_outcomes.2', "node 'b' is given twice")]
    """
    found = []
    seen: set[str] = set()
    for g in info.groups:
        for node in g.nodes:
            if node not in nodes:
                found.append(PackIssue(file, line, info.id, "groups", unknown("node", node, nodes)))
            elif node in seen:
                text = f"node '{node}' is in two groups"
                found.append(PackIssue(file, line, info.id, "groups", text))
            seen.add(node)
    for index, scenario in enumerate(info.brief_scenarios):
        field = f"brief_scenarios.{index}"
        if scenario not in scenarios:
            text = unknown("scenario", scenario, scenarios)
            found.append(PackIssue(file, line, info.id, "brief_scenarios", text))
        elif scenario in info.brief_scenarios[:index]:
            text = f"scenario '{scenario}' is given twice"
            found.append(PackIssue(file, line, info.id, field, text))
    for index, node in enumerate(info.key_outcomes):
        if node not in nodes:
            text = unknown("node", node, nodes)
            found.append(PackIssue(file, line, info.id, "key_outcomes", text))
        elif node in info.key_outcomes[:index]:
            text = f"node '{node}' is given twice"
            found.append(PackIssue(file, line, info.id, f"key_outcomes.{index}", text))
    return found
