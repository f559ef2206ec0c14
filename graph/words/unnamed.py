"""A decision said with less than its node: its actor left out ('a 50 basis point hike', 'cut
25bp': in a pack with one policy node that decides against a priced path, that node's
decision), or the thing it decides named in words no node has ('the board cuts fees by
50bp': :func:`without_thing`).

Examples
--------
>>> from macrograph.graph.synthetic import units_pack
>>> sole_decision(units_pack(), "a 50 bp hike") is None  # no node with a priced path
True
"""

from __future__ import annotations

import re

from macrograph.graph.decisions import decision_step
from macrograph.graph.words.changewords import unit_choices
from macrograph.graph.words.levels.sizes import LEVELS
from macrograph.graph.words.naming import name_index, subject, words
from macrograph.graph.words.rewording import ARTICLES, verb_at
from macrograph.graph.words.units.unitwords import Size, pack_units, read_size
from macrograph.graph.words.verbs import decides, lexicon
from macrograph.rules.pack import Pack

LINKS = frozenset(["a", "an", "the", "of", "by"])
"""Words a decision said as a noun may take around its size ('a hike of 50bp')."""


def decisions_said_alone(pack: Pack, clause: str) -> list[tuple[str, str, int]]:
    """Each way to read ``clause`` as a decision whose actor is left out ('a 25 bp cut'): for
    each node that decides against a priced path, in id order, its id, the clause with the
    node's name before its decision word and size, and the decision's direction; a node is
    left out where the clause holds more than a decision word of the lexicon, a size, words
    of that node's names and a few links.

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> decisions_said_alone(policy_pack(), "a 25 bp cut")
    [('rate', 'rate cut 25 bp', -1)]
    >>> decisions_said_alone(policy_pack(), "a 25 bp cut in oil")
    []
    """
    decisions = lexicon(pack).decisions
    found = []
    for node in sorted((n for n in pack.nodes.values() if n.expectations), key=lambda n: n.id):
        names = [name for name, (nid, _) in name_index(pack).names.items() if nid == node.id]
        named = {w for name in names for w in name.split()}
        tokens = clause.split()
        verbs = [t for t in tokens if t in decisions]
        rest = [t for t in tokens if t not in decisions and t not in LINKS and t not in named]
        size = " ".join(rest)
        if not names or len(verbs) != 1 or (size and read_size(size, pack_units(pack)) is None):
            continue
        name = words(node.label) if words(node.label) in names else max(names, key=len)
        reading = f"{name} {verbs[0]} {size}".strip()
        found.append((node.id, reading, decisions[verbs[0]]))
    return found


def sole_decision(pack: Pack, clause: str) -> str | None:
    """``clause`` with the name of the pack's one decision node before its decision word
    and size ('overnight rate hike 50 bp'), where the clause holds nothing but a decision
    word of the lexicon, a size, words of that node's names and a few links; None
    otherwise (no such node, or several: an actor left out is then no one in particular,
    and the refusal offers each, :func:`decisions_said_alone`).

    Examples
    --------
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> sole_decision(policy_pack(), "a 25 bp cut")
    'rate cut 25 bp'
    >>> sole_decision(policy_pack(), "a 25 bp cut in oil") is None
    True
    """
    if sum(n.expectations is not None for n in pack.nodes.values()) != 1:
        return None
    found = decisions_said_alone(pack, clause)
    return found[0][1] if found else None


THING_WORDS = 2
"""The most words a decision's thing may take between its verb and its size ('cuts interest
rates by 50bp')."""


def without_thing(pack: Pack, sized: str) -> str:
    """What a decision's verb is followed by, without the thing it decides when its words
    name no node and a size or a level comes after them ('the board cuts fees by 50bp':
    '50bp'; 'raises fees to 5%': 'to 5%'); ``sized`` as it is otherwise.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> without_thing(units_pack(), "fees by 50bp"), without_thing(units_pack(), "flow by 5")
    ('50bp', 'flow by 5')
    >>> without_thing(units_pack(), "to 3%")
    'to 3%'
    """
    tokens, units = sized.split(), pack_units(pack)
    if verb_at(sized, (*LEVELS, "from")) or read_size(sized, units):
        return sized  # 'to 3%', 'from 4% to 3.5%', '50bp': no thing said
    for take in range(1, min(THING_WORDS, len(tokens) - 1) + 1):
        thing, rest = " ".join(tokens[:take]), " ".join(tokens[take:])
        if any(c.isdigit() for c in thing) or subject(name_index(pack), thing)[0]:
            return sized  # a size, or a node's name: no thing of the decision's own
        rest = re.sub(r"^(?:by|of)\s+", "", rest)
        if verb_at(rest, LEVELS) or rest.startswith("from ") or read_size(rest, units):
            return rest
    return sized


def noun_sized(pack: Pack, rest: str, sign: int) -> str:
    """What a verb is followed by, as its size alone, when it names its move again as a noun
    with an article and the size before it, the same way ('approves a 20% rise', 'grants a
    6% increase': '20%', '6%'); ``rest`` as it is otherwise (a noun of the other way, or
    none).

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> noun_sized(units_pack(), "a 5% rise", 1), noun_sized(units_pack(), "a 5% fall", 1)
    ('5%', 'a 5% fall')
    """
    lex, units = lexicon(pack), pack_units(pack)
    said = re.fullmatch(rf"(?:{'|'.join(ARTICLES)})\s+(.+?)\s+(\S+(?:\s\S+)?)", rest)
    if said is None or read_size(said[1], units) is None:
        return rest
    way = lex.moves.get(said[2], lex.decisions.get(said[2]))
    return said[1] if sign and way == sign else rest


ACTOR_WORDS = 2
"""The most words after a node's whole name that may end the name of one who decides ('the
wage board', of a node named 'wage')."""


def decided_past(pack: Pack, rest: str) -> str:
    """A decision said by one whose name starts with a node's whole name and ends with up to
    :data:`ACTOR_WORDS` words that name nothing, ``rest`` what follows that node's name ('the
    wage board raises the minimum wage to 9', with 'wage' a name: 'board raises the minimum
    wage to 9'): the decided node's own move ('minimum wage raises to 9'); '' where no verb of
    a decision follows those words or no decided node follows the verb.

    Examples
    --------
    >>> from macrograph.graph.synthetic import labelled
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = labelled(policy_pack(), {"price": "Board"})  # 'board' a whole name
    >>> decided_past(pack, "members raise rate to 1%"), decided_past(pack, "members rise 2%")
    ('rate raise to 1%', '')
    """
    index, tokens = name_index(pack), rest.split()
    decisions = lexicon(pack).decisions
    for take in range(1, min(ACTOR_WORDS, len(tokens) - 1) + 1):
        said = verb_at(" ".join(tokens[take:]), decisions)
        if not said or any(subject(index, w)[0] for w in tokens[:take]):
            continue
        after = " ".join(tokens[take:])[len(said) :].split()
        after = after[1:] if after[:1] and after[0] in ARTICLES else after
        name, tail = subject(index, " ".join(after))
        if name and decides(pack, index.names[name][0]):
            return f"{name} {said} {tail}".strip()
    return ""


def stepped(pack: Pack, node: str, sign: int, units: tuple[str, ...]) -> Size | None:
    """The size of a decision said with its way and no size ('the service declares a
    critical incident'): the step the pack's own thresholds decide ``node`` by that way
    (:func:`~macrograph.graph.decisions.decision_step`), in its unit; None for none.

    Examples
    --------
    >>> from macrograph.graph.synthetic import units_pack
    >>> stepped(units_pack(), "rate", 1, ()) is None  # no threshold decides the rate
    True
    """
    step = decision_step(pack, node, sign) if sign else None
    return read_size(unit_choices(pack, node, step)[0].lstrip("+-"), units) if step else None


def decided_by(pack: Pack, clause: str, owner: str, words: str, said: str) -> str:
    """A decision said after one who takes it whose ``words`` are only part of another
    node's name, ``owner`` ('the co-op raises treatment to 100%', with 'co-op' a word of "the
    co-op's colonies"): the decided node's own move ('treatment raises to 100%'), ``said``
    its verb; '' where ``words`` are a whole name, the verb no decision's or what follows it
    no decided node.

    Examples
    --------
    >>> from macrograph.graph.synthetic import labelled
    >>> from macrograph.graph.synthetic.policy import policy_pack
    >>> pack = labelled(policy_pack(), {"price": "Board price"})  # 'board' starts a name
    >>> decided_by(pack, "board raises rate to 1%", "board price", "board", "raises")
    'rate raises to 1%'
    >>> decided_by(pack, "price raises rate to 1%", "price", "price", "raises")  # a whole name
    ''
    """
    if not owner or words == owner or said not in lexicon(pack).decisions:
        return ""
    index = name_index(pack)
    rest = clause[len(words) :].strip()[len(said) :].split()
    rest = rest[1:] if rest[:1] and rest[0] in ARTICLES else rest
    name, tail = subject(index, " ".join(rest))
    if not name or not decides(pack, index.names[name][0]):
        return ""
    return f"{name} {said} {tail}".strip()
