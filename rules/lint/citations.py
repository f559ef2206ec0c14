"""Lint checks of the citations: what a citation names exists, every rule cites a claim or
a source, a figure on no seed claim says why it holds, and every claim is cited by something.
"""

from __future__ import annotations

from macrograph.rules.coverage import citations, uncited_claims
from macrograph.rules.english.suggest import unknown
from macrograph.rules.errors import PackIssue
from macrograph.rules.lint.found import error_at, warning_at
from macrograph.rules.pack import Pack


def check_citations(pack: Pack) -> list[PackIssue]:
    """Cited claims and sources must exist; non-seed citations need a rationale.

    Examples
    --------
    >>> from macrograph.graph.synthetic.runs import slump_changed
    >>> from macrograph.rules.models import Citation
    >>> cites = Citation(basis="seed", claims=("C9",))
    >>> [(f.field, f.code) for f in check_citations(slump_changed("rules", "a_to_b", cites=cites))]
    [('cites.claims', 'unknown-claim')]
    """
    found = []
    for section, obj, field, cite in citations(pack):
        for claim in cite.claims:
            if claim not in pack.claims:
                msg = unknown("claim id", claim, pack.claims)
                found.append(error_at(pack, section, obj, f"{field}.claims", msg, "unknown-claim"))
        for source in cite.sources:
            if source not in pack.sources:
                msg = unknown("source", source, pack.sources)
                found.append(
                    error_at(pack, section, obj, f"{field}.sources", msg, "unknown-source")
                )
        if cite.basis == "seed" and not cite.claims:
            msg = "basis 'seed' must cite at least one claim id"
            found.append(error_at(pack, section, obj, f"{field}.claims", msg, "uncited"))
        if cite.basis not in ("seed", "observed") and cite.rationale is None:
            what = "rule holds" if section == "rules" else "figure holds"  # a shock's, a fact's
            msg = f"basis '{cite.basis}' needs a 'rationale' saying why the {what}"
            found.append(warning_at(pack, section, obj, f"{field}.rationale", msg, "no-rationale"))
    return found


def check_rule_citations(pack: Pack) -> list[PackIssue]:
    """Every rule cites a claim or a source (the message says whether all of it is missing).

    Examples
    --------
    >>> from macrograph.graph.synthetic import slump_pack
    >>> pack = slump_pack()
    >>> [(f.obj_id, f.message) for f in check_rule_citations(pack)]
    [('a_to_b', 'rule has no citation')]
    """
    bare = "cites no claim or source (a basis and a rationale are not enough)"
    uncited = [
        r for r in pack.rules.values() if not (r.cites and (r.cites.claims or r.cites.sources))
    ]
    why = {r.id: bare if r.cites else "rule has no citation" for r in uncited}
    return [error_at(pack, "rules", r.id, "cites", why[r.id], "uncited") for r in uncited]


def check_claim_coverage(pack: Pack) -> list[PackIssue]:
    """Warn about claims that nothing in the pack cites.

    Examples
    --------
    >>> from msgspec.structs import replace
    >>> from macrograph.graph.synthetic import slump_pack
    >>> from macrograph.rules.info import Claim
    >>> pack = replace(slump_pack(), claims={"C1": Claim(id="C1", text="a lifts b")})
    >>> [(f.obj_id, f.code, f.severity) for f in check_claim_coverage(pack)]
    [('C1', 'uncited', 'warning')]
    """
    msg = "no rule, baseline, fact, scenario or signal cites this claim"
    return [warning_at(pack, "claims", c, "id", msg, "uncited") for c in uncited_claims(pack)]
