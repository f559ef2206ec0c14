"""The bundled pack encodes the whole seed reading: every claim cited, every figure held,
and no sentence of the article pasted in."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from macrograph.rules import bundled_pack_dir, load_pack
from macrograph.rules.coverage import uncited_claims
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.pack import Pack
from macrograph.rules.reading.reader import load_text
from tests.packfactory import BASE_FILES, write_pack

# The claim ids of the seed reading (../shared/seed/claims.md).
SEED_CLAIMS = [
    *(f"E{i}" for i in range(1, 5)),
    *(f"C{i:02d}" for i in range(1, 23)),
    "K1",
    "K2",
    "W1",
    "W2",
    "W3",
]
# The "Facts" list of claims.md: (what, value, unit as the pack states it).
SEED_FIGURES = [
    ("Fed balance sheet", 6.6, "usd_tn"),
    ("Fed balance sheet peak", 9.0, "usd_tn"),
    ("Fed balance sheet above its pre-pandemic size", 2.5, "usd_tn"),
    ("US M2", 22.3, "usd_tn"),
    ("US M2 change on the month", 0.13, "usd_tn"),
    ("US M2 growth on the year", 1.4, "pct"),
    ("BoJ policy rate before the hike", 0.5, "pct"),
    ("10y JGB yield", 1.91, "pct"),
    ("10y UST yield", 3.72, "pct"),
    ("US-Japan 10y spread", 1.81, "pp"),
    ("yen carry trade", 5.0, "usd_tn"),
    ("Japanese holdings of Treasuries", 1.189, "usd_tn"),
    ("Japan government debt", 229.6, "pct_gdp"),
    ("Tokyo core CPI", 3.0, "pct"),
    ("Japanese wage growth", 5.0, "pct"),
    ("Japan Q3 GDP, annualised", -1.8, "pct"),
    ("ISM manufacturing", 47.8, "index"),
    ("US core PCE", 2.8, "pct"),
    ("US federal debt", 38.0, "usd_tn"),
    ("S&P 500 return on equity", 18.7, "pct"),
    ("S&P 500 Q3 earnings growth", 7.3, "pct"),
    ("Bitcoin over a month", -23.0, "pct_change"),
    ("Bitcoin ETF net flows in November", -3.45, "usd_bn"),
    ("priced probability of a BoJ hike", 0.85, "prob"),
]
TO_BASE_UNIT = {"usd_tn": ("usd_bn", 1000.0)}
SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seed"
RUN = 8  # words in a row that would count as pasted


def test_pack_lists_exactly_the_seed_claims(pack: Pack) -> None:
    assert sorted(pack.claims) == sorted(SEED_CLAIMS)


def test_every_claim_is_cited(pack: Pack) -> None:
    assert uncited_claims(pack) == []


def test_coverage_counts_every_kind_of_citation(tmp_path: Path) -> None:
    claims = "".join(f'  - {{id: C0{i}, text: "Claim {i}."}}\n' for i in range(3, 8))
    cite = "cites: {basis: seed, claims: [%s]}"
    files = {
        "pack.yaml": BASE_FILES["pack.yaml"].replace("sources:", claims + "sources:"),
        "scenarios.yaml": BASE_FILES["scenarios.yaml"].replace(
            "    summary: A 25bp hike, half priced.\n",
            f"    summary: A 25bp hike, half priced.\n    {cite % 'C03'}\n",
        ),
        "facts.yaml": "facts:\n  - {id: f, text: A figure, value: 1, unit: pct, as_of: 2025-12-01, "
        + cite % "C04"
        + "}\n",
        "signals.yaml": "signals:\n  - {id: s, title: Watch, hawkish: Up, dovish: Down, "
        + cite % "C05"
        + "}\n",
        "nodes2.yaml": "nodes:\n  - {id: n, label: N, kind: indicator, region: US, unit: pct, "
        "description: A level., baseline: {value: 1, as_of: 2025-12-01, " + cite % "C06" + "}}\n",
    }
    assert uncited_claims(load_pack(write_pack(tmp_path, files))) == ["C07"]


def _drop_claim(text: str, claim: str) -> tuple[str, int]:
    """``text`` with ``claim`` taken out of every ``claims: [...]`` list, and how many went."""
    count = 0

    def without(match: re.Match[str]) -> str:
        nonlocal count
        items = [item.strip() for item in match.group(1).split(",") if item.strip()]
        kept = [item for item in items if item != claim]
        count += len(items) - len(kept)
        return f"claims: [{', '.join(kept)}]"

    return re.sub(r"claims: \[([^\]]*)\]", without, text), count


def test_coverage_reports_a_claim_whose_citations_are_removed(tmp_path: Path) -> None:
    copy = tmp_path / "december-2025"
    shutil.copytree(bundled_pack_dir(), copy)
    removed = 0
    for file in sorted(copy.glob("*.yaml")):
        text, count = _drop_claim(file.read_text(encoding="utf-8"), "C09")
        file.write_text(text, encoding="utf-8")
        removed += count
    assert removed >= 5  # C09 (the carry unwind) is cited across rules, facts and scenarios
    damaged = load_pack(copy)
    assert "C09" in damaged.claims
    assert uncited_claims(damaged) == ["C09"]
    uncited = [(f.obj_id, f.severity) for f in lint_pack(damaged) if f.code == "uncited"]
    assert ("C09", "warning") in uncited


def _figures(pack: Pack) -> set[tuple[float, str]]:
    """Every node baseline and fact value, in its unit, rounded to absorb float noise."""
    found = {(n.baseline.value, n.unit) for n in pack.nodes.values() if n.baseline is not None}
    found |= {(f.value, f.unit) for f in pack.facts.values()}
    return {_base(value, unit) for value, unit in found}


def _base(value: float, unit: str) -> tuple[float, str]:
    base, factor = TO_BASE_UNIT.get(unit, (unit, 1.0))
    return round(value * factor, 6), base


def test_every_seed_figure_is_a_baseline_or_fact(pack: Pack) -> None:
    held = _figures(pack)
    missing = [
        f"{what}: {value} {unit}"
        for what, value, unit in SEED_FIGURES
        if _base(value, unit) not in held
    ]
    assert missing == []


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:['.,][a-z0-9]+)*", text.lower())


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _pack_texts() -> Iterator[tuple[str, str]]:
    """(where, text): every string of every pack file, and each file whole (its comments)."""
    for file in sorted(bundled_pack_dir().glob("*.yaml")):
        raw = file.read_text(encoding="utf-8")
        yield file.name, raw
        for text in _strings(load_text(raw)):
            yield file.name, text


def test_no_run_of_the_article_is_pasted_into_the_pack() -> None:
    articles = sorted(SEED_DIR.glob("000_*.txt")) if SEED_DIR.is_dir() else []
    if not articles:
        pytest.skip(f"the seed article is not beside the repository ({SEED_DIR})")
    article = _runs(_words(articles[0].read_text(encoding="utf-8")))
    pasted = sorted(
        f"{where}: {' '.join(run)}"
        for where, text in _pack_texts()
        for run in _runs(_words(text)) & article
    )
    assert pasted == []


def test_the_paste_check_catches_a_pasted_run() -> None:
    articles = sorted(SEED_DIR.glob("000_*.txt")) if SEED_DIR.is_dir() else []
    if not articles:
        pytest.skip(f"the seed article is not beside the repository ({SEED_DIR})")
    words = _words(articles[0].read_text(encoding="utf-8"))
    sentence = "Analysts wrote: " + " ".join(words[100 : 100 + RUN]) + "."
    assert _runs(_words(sentence)) & _runs(words)
