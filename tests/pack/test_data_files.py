"""The bundled pack's market series: committed as recorded, well formed, and in line with
the market record (shared/evidence/market-record.md beside the project, sections 1.2 and 2.3)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from bisect import bisect_left
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "rules" / "packs" / "december-2025"
SCRIPT = ROOT / "scripts" / "data" / "rebuild.py"
FIRST_TRADING_DAY_2012 = {"US": date(2012, 1, 3), "JP": date(2012, 1, 4)}


def _script() -> ModuleType:
    # the script imports its sibling module (series_rows.py) as it would, run from its folder
    if str(SCRIPT.parent) not in sys.path:
        sys.path.insert(0, str(SCRIPT.parent))
    spec = importlib.util.spec_from_file_location("macrograph_data_rebuild", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


rebuild = _script()


def _entries() -> list[dict[str, object]]:
    return yaml.safe_load((PACK / "series.yaml").read_text(encoding="utf-8"))["series"]


def _series(name: str) -> dict[date, Decimal]:
    lines = (PACK / "data" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[1:]
    return {date.fromisoformat(d): Decimal(v) for d, v in (line.split(",") for line in lines)}


def test_every_committed_csv_matches_its_sha256_and_form() -> None:
    assert rebuild.check(PACK) == []


def test_the_script_exits_0_on_the_committed_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert rebuild.main(["check"]) == 0
    assert capsys.readouterr().out == ""


def test_every_series_measures_a_pack_node_and_says_its_coverage() -> None:
    nodes = {n["id"] for n in yaml.safe_load((PACK / "nodes.yaml").read_text())["nodes"]}
    entries = _entries()
    assert {e["node"] for e in entries} <= nodes
    assert {e["id"] for e in entries} == set(rebuild.RECIPES)
    assert {e["coverage"] for e in entries} <= {"full", "event-windows"}


def test_full_series_start_on_the_first_trading_day_of_2012() -> None:
    full = [e for e in _entries() if e["coverage"] == "full"]
    assert {e["id"] for e in full} == {"usd_jpy", "ust_2y", "ust_10y", "jgb_2y", "jgb_10y"}
    for entry in full:
        days = sorted(_series(str(entry["id"])))
        market = "JP" if str(entry["id"]).startswith("jgb") else "US"
        assert days[0] <= FIRST_TRADING_DAY_2012[market], entry["id"]
        assert days[-1] >= date(2026, 1, 30), entry["id"]  # past the pack's last episode
        assert len(days) > 250 * 14, entry["id"]  # about 250 trading days a year


def test_no_csv_has_a_duplicate_or_unsorted_date() -> None:
    for entry in _entries():
        path = PACK / str(entry["file"])
        days = [line.split(",")[0] for line in path.read_text().splitlines()[1:]]
        assert days == sorted(set(days)), entry["id"]


def test_event_windows_cover_every_event_of_the_pack() -> None:
    """Each excerpt holds, for every dated event inside its span, 5 closes before the
    event and a close within a week of it: a calendar or episode date added without a
    rebuild fails here."""
    events = [day for day, _ in rebuild.event_dates(PACK)]
    assert date(2025, 12, 19) in events and len(events) > 20
    for entry in _entries():
        if entry["coverage"] != "event-windows":
            continue
        days = sorted(_series(str(entry["id"])))
        for day in (d for d in events if days[5] <= d <= days[-1]):
            at = bisect_left(days, day)
            assert at >= 5 and days[at] - day <= timedelta(days=7), (entry["id"], day)


@pytest.mark.parametrize(
    ("name", "day", "low", "high"),
    [
        ("ust_10y", date(2024, 8, 5), "3.73", "3.83"),  # about 3.765% late on 5 Aug 2024
        ("ust_10y", date(2024, 8, 2), "3.74", "3.84"),  # 3.792% close, lowest since Dec 2023
        ("ust_10y", date(2025, 12, 10), "4.10", "4.20"),  # 4.15% after the December cut
        ("ust_2y", date(2025, 12, 10), "3.50", "3.60"),  # 2y down 7.7bp to 3.55%
        ("usd_jpy", date(2024, 8, 5), "141", "147"),  # low 141.7, about 146 the next day
        ("usd_jpy", date(2025, 12, 19), "155.5", "157.6"),  # 155.6 before, 157.5 after BoJ
        ("jgb_10y", date(2025, 12, 19), "1.98", "2.06"),  # about 2.015% on the BoJ hike
        ("jgb_2y", date(2025, 12, 1), "0.98", "1.05"),  # about 1.01%, highest since 2008
        ("vix", date(2024, 8, 5), "38.5", "38.7"),  # close about 38.6
        ("vix", date(2024, 8, 1), "18.59", "18.59"),  # 18.59 close
        ("sp500", date(2024, 7, 31), "5522.30", "5522.30"),
        ("sp500", date(2024, 8, 2), "5346.56", "5346.56"),
        ("sp500", date(2025, 12, 10), "6886.68", "6886.68"),
        ("nasdaq", date(2024, 8, 2), "16776.16", "16776.16"),
        ("nasdaq", date(2025, 12, 10), "23654.16", "23654.16"),
        ("nikkei", date(2024, 8, 5), "31458.42", "31458.42"),
        ("nikkei", date(2025, 12, 19), "49507.21", "49507.21"),
        ("bitcoin", date(2024, 8, 5), "49000", "58300"),  # low about 49.1k, from about 58.3k
    ],
)
def test_levels_agree_with_the_market_record(name: str, day: date, low: str, high: str) -> None:
    assert Decimal(low) <= _series(name)[day] <= Decimal(high)


@pytest.mark.parametrize(
    ("name", "before", "after", "sign"),
    [
        ("nikkei", date(2024, 8, 2), date(2024, 8, 5), -1),  # -12.4%
        ("usd_jpy", date(2025, 12, 18), date(2025, 12, 19), 1),  # the yen fell on the hike
        ("ust_2y", date(2025, 12, 9), date(2025, 12, 10), -1),
        ("sp500", date(2025, 12, 9), date(2025, 12, 10), 1),  # +0.67%
    ],
)
def test_moves_have_the_recorded_sign(name: str, before: date, after: date, sign: int) -> None:
    values = _series(name)
    assert (values[after] - values[before]) * sign > 0


def test_a_blank_value_or_unsorted_date_is_reported_with_its_line(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    path = pack / "data" / "vix.csv"
    lines = path.read_text().splitlines(keepends=True)
    lines[3] = lines[3].split(",")[0] + ",\n"
    lines[5], lines[6] = lines[6], lines[5]
    path.write_text("".join(lines))
    problems = rebuild.check(pack)
    assert any("vix: data/vix.csv has sha256" in p for p in problems)
    assert any("line 4: not an ISO date and a decimal value" in p for p in problems)
    assert any(
        p.startswith("vix: data/vix.csv line 7:") and "does not come after" in p for p in problems
    )


def test_era_dates_and_the_finance_ministry_missing_mark() -> None:
    raw = "国債金利情報\n基準日,2年,10年\nH31.4.26,-0.153,-0.045\nR1.5.7,-0.156,-\n"
    recipe = rebuild.RECIPES["jgb_10y"]
    rows = rebuild.read_rows(raw.encode("cp932"), recipe)
    assert rows == [(date(2019, 4, 26), "-0.045")]  # no row for the day without a yield


def test_windows_keep_two_trading_days_before_and_seven_after() -> None:
    rows = [(date(2024, 1, d), str(d)) for d in (2, 3, 4, 5, 8, 9, 10, 11, 12, 15, 16, 17)]
    rows += [(date(2024, 1, d), str(d)) for d in (18, 19, 22, 23, 24, 25, 26, 29, 30, 31)]
    kept = rebuild.in_windows(rows, [(date(2024, 1, 13), 0)])  # a Saturday: from the 15th
    assert [v for _, v in kept] == [
        *("11", "12"),
        "15",
        *("16", "17", "18", "19", "22", "23", "24"),
    ]
    reach = rebuild.in_windows(rows, [(date(2024, 1, 15), 16)])  # an observed 16d window
    assert reach[-1] == (date(2024, 1, 31), "31")
    assert rebuild.in_windows(rows, [(date(2023, 12, 29), 0)]) == []  # before the series
