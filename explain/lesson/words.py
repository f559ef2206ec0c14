"""A lesson's words: each step as a caption in plain words, from the pack's own text.

A caption says which way the cause moved and which way the link pushes its target,
worked out from the signs (the amount the link carried and the rule's effect), so a fall
is told as a fall whichever direction the rule's ``because`` is written for; sizes read
in the units' display forms ("-0.04% per bp"); sources read as the pack titles them, a
year added only when the title lacks it, never a day the pack did not state. A priced
decision's surprise is the what-if's figure (the difference from the comparison, where
one is shown, is called that).

Examples
--------
>>> from datetime import date
>>> from msgspec.structs import replace
>>> from macrograph.graph.synthetic import units_pack
>>> from macrograph.rules.info import Source
>>> from macrograph.rules.models import Citation
>>> study = Source(id="smith", title="Smith on gauges", kind="research", date=date(2022, 5, 1))
>>> pack = replace(units_pack(), sources={"smith": study})
>>> size_text(pack, pack.rules["rate_moves_price"])  # a price's move per bp of a rate
'-0.01% per bp (from -0.005% to -0.015%)'
>>> cites = Citation(basis="literature", sources=("smith",))
>>> citation_text(pack, pack.rules["rate_moves_price"].model_copy(update={"cites": cites}))
'Smith on gauges (2022)'
"""

from __future__ import annotations

from macrograph.explain.contexts.bands import when_reads
from macrograph.explain.contexts.base import (
    UNPRICED,
    comparison_alone,
    is_plural,
    move_words,
    node_name,
)
from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.chain import NEGLIGIBLE, Chain, Link
from macrograph.explain.diagram.views import move_text
from macrograph.explain.filters import horizon, move, percent, shows, size, written
from macrograph.explain.lesson.steps import FOLD_SHARE, Step
from macrograph.explain.textfilters import capfirst
from macrograph.explain.wording.grammar import MOVE_WORDS, MoveWords, agree, article
from macrograph.explain.wording.unit_words import fading_text, rule_size_words
from macrograph.graph.result import Result, ShockInfo
from macrograph.rules.english.forms import attributive
from macrograph.rules.fields import period_noun
from macrograph.rules.models import AnyRule, ClassifyRule, IntegrateRule, ThresholdRule
from macrograph.rules.pack import Pack

NAME_LIMIT = 80  # a name in a caption; the full text is in the diagram's tooltip
REASON_LIMIT = 400  # a rule's reason in a caption or a hover panel
SURPRISE_DIGITS = 2  # the what-if prints a surprise to 2 decimals of its unit (-21.25bp)
BASIS_WORDS = {
    "seed": "the source text the pack reads",
    "literature": "the literature (no source named)",
    "assumption": "an assumption of the pack (no source)",
    "observed": "observed data (no source named)",
}


def size_text(pack: Pack, rule: AnyRule) -> str:
    """A rule's size in the units' display forms: ``-0.03% per bp`` (with its range).

    A threshold rule's size is its jump; a stance has no size.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> size_text(pack, pack.rules["a_to_b"])
    '+0.5 pts per 1 pt (from +0.25 pts to +0.75 pts)'
    """
    if isinstance(rule, ClassifyRule):
        return "none: it sets a stance"
    if isinstance(rule, ThresholdRule):
        return f"{rule_size_words(pack, rule, rule.jump.elasticity, None)} when it fires"
    if rule.magnitude is None:
        return "none given: the rule claims a sign only"
    # the pack's own figures, as it writes them: 14.4 minutes a point is not 14
    magnitude = rule.magnitude
    text = rule_size_words(pack, rule, magnitude.elasticity, magnitude.range, written=True)
    if isinstance(rule, IntegrateRule):
        text += f", added up every {period_noun(pack.info.period)}"
    return text + fading_text([rule])


def _year_text(title: str, year: int) -> str:
    return title if str(year) in title else f"{title} ({year})"


def citation_text(pack: Pack, rule: AnyRule) -> str:
    """The rule's sources as the pack titles them, with the year when the title lacks it;
    else the claims it encodes, quoted; else what it rests on, in words.

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> from macrograph.rules.models import Citation
    >>> rule = slump_pack().rules["a_to_b"]
    >>> citation_text(slump_pack(), rule)
    'none given'
    >>> citation_text(slump_pack(), rule.model_copy(update={"cites": Citation(basis="assumption")}))
    'an assumption of the pack (no source)'
    """
    if rule.cites is None:
        return "none given"
    found = []
    for source_id in rule.cites.sources:
        source = pack.sources.get(source_id)
        if source is not None:
            title = st.plain(source.title)
            found.append(title if source.date is None else _year_text(title, source.date.year))
    if not found:
        found = [
            f"claim {c}, \u201c{st.shorten(pack.claims[c].text, REASON_LIMIT).rstrip('.')}\u201d"
            for c in rule.cites.claims
            if c in pack.claims
        ]
    return "; ".join(found) if found else BASIS_WORDS[rule.cites.basis]


def name_of(pack: Pack, result: Result, endpoint: str) -> str:
    """A node's label, or a shock's, shortened for a caption.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> name_of(pack, result, "b"), name_of(pack, result, "a@2025-01-06")
    ('b', 'a slumps')
    """
    if endpoint in pack.nodes:
        return st.shorten(pack.nodes[endpoint].label, NAME_LIMIT)
    info = shock_info(result, endpoint)
    return st.shorten(info.label, NAME_LIMIT) if info is not None else endpoint


def _phrase_of(pack: Pack, result: Result, endpoint: str) -> str:
    """A node as it reads mid-sentence ('the reservoir level', as the prose names it), or a
    shock's label, shortened for a caption."""
    if endpoint in pack.nodes:
        return st.shorten(node_name(pack, endpoint), NAME_LIMIT)
    return name_of(pack, result, endpoint)


def _plural_of(pack: Pack, endpoint: str) -> bool:
    """True when a node's name takes a plural verb (a shock's label never does)."""
    return endpoint in pack.nodes and is_plural(pack, endpoint)


def _words_of(pack: Pack, endpoint: str) -> MoveWords:
    """How a node's move reads (a shock's as a level's)."""
    return move_words(pack, endpoint) if endpoint in pack.nodes else MOVE_WORDS["rise"]


def shock_info(result: Result, key: str) -> ShockInfo | None:
    """The scenario's shock with this key, else the comparison's.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> info = shock_info(result, "a@2025-01-06")
    >>> info.label, info.change, shock_info(result, "b@2025-01-06")
    ('a slumps', -1.0, None)
    """
    return next((s for s in (*result.shocks, *result.against_shocks) if s.key == key), None)


def against_surprise(result: Result, info: ShockInfo) -> float | None:
    """The comparison's surprise for the same decision, if it has one.

    Examples
    --------
    >>> from datetime import date
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import pack_of, rule
    >>> from macrograph.rules.models import Priced, Scenario, Shock
    >>> odds = Priced(probability=0.85, change=0.25)  # an 85%-priced hike of 0.25 that happens
    >>> hike = Shock(node="a", date=date(2025, 1, 6), change=0.25, priced=odds, label="a hike")
    >>> said = Scenario(id="hike", title="Hike", summary="Hike", shocks=(hike,))
    >>> pack = pack_of([rule("a_to_b", "a", "b", 0.5)], scenarios=[said])
    >>> result = propagate(pack, "hike", RunOptions(draws=0, against="hike"))
    >>> round(against_surprise(result, result.shocks[0]), 4)  # 0.25 - 0.85 * 0.25
    0.0375
    """
    found = (s.surprise for s in result.against_shocks if s.key == info.key)
    return next((x for x in found if x is not None), None)


def surprise_words(result: Result, info: ShockInfo) -> str:
    """A priced decision's surprise as the what-if tells it.

    Examples
    --------
    >>> from macrograph import propagate, RunOptions
    >>> from macrograph.graph.synthetic import rate_skip, units_pack
    >>> result = propagate(units_pack(), rate_skip(), RunOptions(draws=0))
    >>> surprise_words(result, result.shocks[0])  # an 85%-priced 25bp hike of 'rate', skipped
    'a dovish surprise of -21.25bp against an 85%-priced 25bp hike'
    """
    unit = result.nodes[info.node].unit
    value, change = info.surprise or 0.0, info.priced_change or 0.0
    if not shows(value, unit):
        words = "no surprise"
    else:
        tone = "hawkish" if value > 0 else "dovish"
        words = f"a {tone} surprise of {move(value, unit, SURPRISE_DIGITS)}"
    if info.unpriced:
        return f"{words} ({UNPRICED})"
    odds = percent(info.priced_probability or 0.0)
    action = "hike" if change > 0 else ("cut" if change < 0 else "hold")
    sized = attributive(size(change, unit, 2))  # 'a 50 basis point hike'
    return f"{words} against {article(odds)} {odds}-priced {sized} {action}"


def _versus(result: Result) -> str:
    return " against the comparison" if result.against_title else ""


def _shock_caption(pack: Pack, result: Result, chain: Chain, link: Link) -> str:
    """A shock's own link: the decision or move itself, or its surprise reaching the priced path."""
    info = shock_info(result, link.source)
    target = _phrase_of(pack, result, link.target)
    amount = st.shock_text(link.amount, result.nodes[link.target].unit)
    if info is None:
        return f"The shock moves {target} by {amount} at {chain.horizon}{_versus(result)}."
    head = f"The shock: {st.plain(info.label)} on {st.date_text(info.date)}"
    if result.shocked_in_comparison_alone(info.key):  # its absence moves the scenario
        head = f"{head}, only in the comparison"
    if link.target == info.node or info.surprise is None:
        rest = _with_the_rest(pack, result, chain, link, amount)
        if rest and abs(link.amount) > NEGLIGIBLE:  # other links move it too: this shock's own
            verb = _words_of(pack, link.target).transitive(link.amount > 0)
            size = st.shock_text(abs(link.amount), result.nodes[link.target].unit).lstrip("+")
            return f"{head}. By itself it {verb} {target} by {size} at {chain.horizon}{rest}."
        return f"{head}. {capfirst(target)} {_moved(pack, result, chain, link)}."
    before = against_surprise(result, info)
    unit = result.nodes[info.node].unit
    tail = (
        f", whose own surprise was {move(before, unit, SURPRISE_DIGITS)}"
        if before is not None
        else ""
    )
    return (
        f"{head}: {surprise_words(result, info)}. Markets move on the surprise, so it reaches "
        f"{target}: {amount} at {chain.horizon}{_versus(result)}{tail}"
        f"{_with_the_rest(pack, result, chain, link, amount)}."
    )


def _moved(pack: Pack, result: Result, chain: Chain, link: Link) -> str:
    """How a shocked node moved: 'falls by 25 bp at 3m', or against a comparison 'ends
    25 bp lower at 3m than in the comparison' (not 'moves by -25 bp')."""
    plural, unit = _plural_of(pack, link.target), result.nodes[link.target].unit
    if abs(link.amount) <= NEGLIGIBLE:
        return f"{agree('moves', plural)} by {st.amount_text(0.0, unit)} at {chain.horizon}"
    words, up = _words_of(pack, link.target), link.amount > 0
    size = st.amount_text(abs(link.amount), unit).lstrip("+")
    if result.against_title:
        ends = f"{agree('ends', plural)} {size} {words.comparative(up)}"
        return f"{ends} at {chain.horizon} than in the comparison"
    return f"{words.intransitive(up, plural)} by {size} at {chain.horizon}"


def _with_the_rest(pack: Pack, result: Result, chain: Chain, link: Link, amount: str) -> str:
    """Where the target's move ends once every other link into it is counted, when that
    reads differently from the shock's own amount (a caption and the node's box then agree)."""
    node = result.nodes[link.target]
    total = st.amount_text(node.delta[chain.horizon], node.unit)
    if total == amount:
        return ""
    plural = _plural_of(pack, link.target)
    into, whose = ("them", "their") if plural else ("it", "its")
    others = {c.shock for c in node.contributions if c.kind == "shock" and c.shock != link.source}
    what = "shocks and links" if others else "links"  # a later shock may take it back
    # 'its move ends at', not 'it ends at': '-46.1k boardings/day' and '0 doses a day' are
    # changes, and read after 'it ends at' as levels (no riders at all)
    return f"; with the other {what} into {into}, {whose} move ends at {total}"


def _earlier(pack: Pack, result: Result, rule: AnyRule, cause: tuple[str, str], up: bool) -> str:
    """When a rule that adds up its cause or lets its effect fade carries a move its cause
    no longer makes at the horizon, when the cause made it: a stock fed by front-loaded
    orders that are back above where they started still holds what their fall took out
    ('lower in the weeks before'); a fading effect follows the cause's latest moves
    ('higher than in the weeks before'). '' for any other rule, or a cause that still moves
    that way. ``cause`` is the cause's node and the horizon read."""
    fades = getattr(rule, "decay", None) is not None
    if not (fades or isinstance(rule, IntegrateRule)):
        return ""
    moved = result.nodes[cause[0]].delta.get(cause[1], 0.0)
    if moved != 0.0 and (moved > 0) == up:
        return ""
    weeks = f"{period_noun(pack.info.period)}s"
    return f" than in the {weeks} before" if fades else f" in the {weeks} before"


def _direction(rule: AnyRule, amount: float) -> int:
    """Which way the cause moved (+1 up, -1 down) for the link to carry ``amount``."""
    magnitude = getattr(rule, "magnitude", None)
    sign = rule.sign or (1 if magnitude is None or magnitude.elasticity >= 0 else -1)
    return sign * (1 if amount > 0 else -1)


def _why(rule: AnyRule, falling: bool) -> str:
    """The rule's reason; a rule's reasons are told of a rise ('a higher path lifts
    yields'), so a link whose cause fell says the rule works both ways."""
    reason = st.shorten(rule.because, REASON_LIMIT).rstrip(" .")
    if isinstance(rule, ThresholdRule):
        return f"Why (a threshold rule: it fires once): {reason}."
    if isinstance(rule, ClassifyRule) or not falling:
        return f"Why: {reason}."
    return f"Why (the rule works both ways): {reason}."


def _only_while(pack: Pack, rule: AnyRule) -> str:
    """A rule's ``when`` as a sentence after its move, in the words the what-if tells its
    switches with: ' It works only while the price is above 45.00.'; '' without one (a
    lesson of two rules under opposite conditions tells which works when)."""
    when = getattr(rule, "when", None)
    if when is None:
        return ""
    unit = pack.nodes[when.node].unit
    side, low, high = when_reads(pack, when)
    where = f"{side} {written(low, unit)}"
    if side == "between":
        where = f"between {written(low, unit)} and {written(high, unit)}"
    name, verb = node_name(pack, when.node), agree("is", is_plural(pack, when.node))
    return f" It works only while {name} {verb} {where}."


def _rule_caption(pack: Pack, result: Result, chain: Chain, link: Link) -> str:
    """A rule's link: which way its cause moved, what it pushed, why, how much, on whose word."""
    rule = pack.rules[link.rule]
    source, target = _phrase_of(pack, result, link.source), _phrase_of(pack, result, link.target)
    unit = result.nodes[link.target].unit
    plural = _plural_of(pack, link.target)
    lag = f", after a lag of {horizon(rule.lag)}" if rule.lag_days > 0 else ""
    if isinstance(rule, ClassifyRule):
        reads = f"{agree('reads', plural)} {move_text(result, link.target, chain.horizon)}"
        what = f"{capfirst(target)} {reads} at {chain.horizon}."
    elif abs(link.amount) <= NEGLIGIBLE or not shows(link.amount, unit):
        # a move too small to read is none ('pushes mortality up by 0 pp'): a fading rule's
        # push is gone by then
        gone = ": its push has faded" if getattr(rule, "decay", None) is not None else ""
        what = f"This link carries no move to {target} at {chain.horizon}{gone}."
    else:
        way = _words_of(pack, link.target).push(link.amount > 0)
        carried = st.amount_text(abs(link.amount), unit).lstrip("+")
        up = _direction(rule, link.amount) > 0
        higher = _words_of(pack, link.source).comparative(up)
        higher += _earlier(pack, result, rule, (link.source, chain.horizon), up)
        alone = comparison_alone(result, rule.id)
        cause = (
            f"With {source} past {agree('its', _plural_of(pack, link.source))} threshold{alone}"
            if isinstance(rule, ThresholdRule)
            else f"With {source} {higher}"
        )
        what = (
            f"{cause}, this link pushes {target} {way} by {carried} at {chain.horizon}"
            f"{lag}: {link.share:.0%} of what moved {'them' if plural else 'it'}."
        )
    heading = f"{name_of(pack, result, link.source)} \u2192 {name_of(pack, result, link.target)}"
    return (
        f"{heading}. {what}{_only_while(pack, rule)} "
        f"{_why(rule, _direction(rule, link.amount) < 0)} "
        f"Size: {size_text(pack, rule)}. "
        f"Confidence: {rule.confidence}. Source: {citation_text(pack, rule)}."
    )


def caption_text(pack: Pack, result: Result, chain: Chain, link: Link) -> str:
    """One link in words (a shock's own link or a rule's).

    Examples
    --------
    >>> from macrograph.explain.diagram.chain import select_chain
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> chain = select_chain(pack, result)
    >>> print(caption_text(pack, result, chain, chain.links[0]))  # doctest: +NORMALIZE_WHITESPACE
    The shock: a slumps on 6 Jan 2025. A falls by 1 pt at 3m.
    >>> print(caption_text(pack, result, chain, chain.links[1]))  # doctest: +ELLIPSIS
    a → b. With a lower, this link pushes b down by 0.50 pts at 3m: 100% of what moved it. ...
    """
    if not link.rule:
        return _shock_caption(pack, result, chain, link)
    return _rule_caption(pack, result, chain, link)


def _folded_caption(
    pack: Pack, result: Result, chain: Chain, links: list[Link], share: float
) -> str:
    """The step that lights the smaller links together, named one by one."""
    names = [
        f"{name_of(pack, result, x.source)} \u2192 {name_of(pack, result, x.target)}" for x in links
    ]
    return (
        f"Smaller links, each carrying under {share:.0%} of every key outcome's move at "
        f"{chain.horizon}: {'; '.join(names)}."
    )


def step_caption(pack: Pack, result: Result, chain: Chain, step: Step) -> str:
    """A lesson step's caption: its link's, or the list of the smaller links it folds.

    Examples
    --------
    >>> from macrograph.explain.diagram.chain import select_chain
    >>> from macrograph.explain.lesson.steps import teaching_steps
    >>> from macrograph.graph.synthetic.runs import slump_answer
    >>> pack, result = slump_answer()
    >>> chain = select_chain(pack, result)
    >>> [step] = teaching_steps(pack, result, chain)[1:]
    >>> print(step_caption(pack, result, chain, step))  # doctest: +ELLIPSIS
    a → b. With a lower, this link pushes b down by 0.50 pts at 3m: ... Source: none given.
    """
    links = [chain.links[i] for i in step.links]
    if step.folded:
        return _folded_caption(pack, result, chain, links, FOLD_SHARE)
    return caption_text(pack, result, chain, links[0])
