"""Series in the pack language: loading, coverage, moves read from data by one window rule,
lint against hand-typed moves, gaps reported rather than filled, and the ``data`` command.

The bundled pack's figures are computed here by hand from its CSV files; the test pack
``tests/packs/markets`` (a small economy with synthetic data) checks the machinery on a pack
that knows nothing of the bundled one.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from macrograph.rules import load_pack
from macrograph.rules.errors import DataError
from macrograph.rules.observations import observations, series_data
from macrograph.rules.pack import bundled_pack_dir
from macrograph.rules.series import SeriesData, Timing, parse_series, window_change
from tests.packfactory import Cli

MARKETS = Path(__file__).parents[1] / "packs" / "markets"


def closes(name: str, pack_dir: Path | None = None) -> dict[date, float]:
    """A series' CSV read by hand: date -> value."""
    folder = pack_dir or bundled_pack_dir()
    lines = (folder / "data" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[1:]
    return {date.fromisoformat(d): float(v) for d, v in (line.split(",") for line in lines)}


def moved(pack_id: str, episode: str, node: str, window: str) -> float:
    pack = load_pack() if pack_id == "bundled" else load_pack(MARKETS)
    found = [
        o
        for o in observations(pack, pack.episodes[episode])
        if (o.node, o.window) == (node, window)
    ]
    assert len(found) == 1 and found[0].value is not None
    return found[0].value


def test_a_series_loads_with_its_coverage(pack: object) -> None:
    data = series_data(load_pack(), load_pack().series["ust_10y"])
    by_hand = closes("ust_10y")
    assert data.dates[0] == min(by_hand) <= date(2012, 1, 3)
    assert len(data) == len(by_hand) > 3_500
    assert data.values[data.dates.index(date(2024, 8, 5))] == by_hand[date(2024, 8, 5)]


def test_data_lists_every_series_with_its_coverage(cli: Cli) -> None:
    out = cli("data", "--format", "json")
    assert out.code == 0
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    assert set(rows) >= {"usd_jpy", "ust_2y", "ust_10y", "jgb_2y", "jgb_10y", "vix", "sp500"}
    assert rows["ust_10y"]["first"] == "2012-01-03" and rows["ust_10y"]["coverage"] == "full"
    assert rows["sp500"]["coverage"] == "event-windows"
    assert rows["usd_jpy"]["rows"] == len(closes("usd_jpy"))
    text = cli("data").stdout
    assert text.splitlines()[0].split()[:4] == ["series", "node", "first", "last"]
    assert "ust_10y" in text and "2012-01-03" in text


# A Fed decision at 14:00 New York: the 2y and 10y close at 15:30, so the day's closes count;
# the noon fixing of USD/JPY comes before it, so its window ends at the next day's fixing.
def test_a_fed_day_reads_the_yields_of_the_day_and_the_fixing_of_the_next() -> None:
    ust = closes("ust_10y")
    expected = ust[date(2025, 12, 10)] - ust[date(2025, 12, 9)]
    assert moved("bundled", "fed-cut-dec-2025", "ust_10y", "0d") == pytest.approx(expected)
    fx = closes("usd_jpy")
    expected = 100 * (fx[date(2025, 12, 11)] / fx[date(2025, 12, 10)] - 1)
    assert moved("bundled", "fed-cut-dec-2025", "usd_jpy", "0d") == pytest.approx(expected)


# Ueda spoke on Monday 1 December 2025 in the Tokyo morning: the last New York close before
# it was Friday 28 November (the 29th and 30th are a weekend, the 27th Thanksgiving).
def test_an_event_after_a_weekend_starts_from_the_last_close_before_it() -> None:
    spx = closes("sp500")
    assert date(2025, 11, 29) not in spx and date(2025, 11, 30) not in spx
    expected = 100 * (spx[date(2025, 12, 1)] / spx[date(2025, 11, 28)] - 1)
    assert moved("bundled", "ueda-signal-dec-2025", "sp500", "0d") == pytest.approx(expected)


# A window that ends on a weekend is read at the next close: three days from Friday 19
# December 2025 is Monday 22 December for the 10y JGB (the BoJ announced before Tokyo's close).
def test_a_window_ending_on_a_holiday_or_weekend_is_read_at_the_next_close() -> None:
    jgb = closes("jgb_10y")
    expected = jgb[date(2025, 12, 22)] - jgb[date(2025, 12, 18)]
    assert moved("bundled", "boj-hike-dec-2025", "jgb_10y", "3d") == pytest.approx(expected)
    data = SeriesData("x", (date(2024, 1, 5), date(2024, 1, 8)), (100.0, 103.0))
    saturday = window_change(data, Timing(date(2024, 1, 6)), 0, percent=True)
    assert (saturday.base_date, saturday.end_date) == (date(2024, 1, 5), date(2024, 1, 8))
    assert saturday.value == pytest.approx(3.0)


def test_a_missing_stretch_is_reported_never_filled() -> None:
    data = SeriesData("x", (date(2024, 1, 9), date(2024, 1, 20)), (1.0, 2.0))
    with pytest.raises(DataError) as err:
        window_change(data, Timing(date(2024, 1, 10)), 0, percent=False)
    assert err.value.message == "no close from 2024-01-10 to 2024-01-17"
    pack = load_pack(MARKETS)
    lacking = [o for o in observations(pack, pack.episodes["nb-2025-04-09"]) if o.value is None]
    assert [(o.node, o.window) for o in lacking] == [
        ("stocks", "0d"),
        ("stocks", "1d"),
        ("stocks", "5d"),
    ]
    assert all(
        o.missing == "no close from 2025-04-02 to before the event on 2025-04-09" for o in lacking
    )


def test_data_show_prints_only_the_closes_there_are(cli: Cli) -> None:
    out = cli(
        "data",
        "show",
        "stocks",
        "--from",
        "2025-03-31",
        "--to",
        "2025-04-15",
        "--pack",
        str(MARKETS),
    )
    assert out.code == 0
    days = [line.split()[0] for line in out.stdout.splitlines()[1:]]
    assert days == ["2025-03-31", "2025-04-14", "2025-04-15"]  # 1-11 April are not in the file


def test_data_show_charts_and_refuses_what_it_cannot_show(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "ust.svg"
    out = cli(
        "data", "show", "ust_10y", "--from", "2024-07-01", "--to", "2024-08-30", "-o", str(target)
    )
    assert out.code == 0 and target.read_text().startswith("<?xml")
    assert "Treasury" in target.read_text()
    out = cli("data", "show", "boj_stance", "--from", "2024-01-01", "--to", "2024-02-01")
    assert out.code == 2 and "no series of the pack measures 'boj_stance'" in out.stderr
    out = cli("data", "show", "ust_10y", "--from", "2024-02-01", "--to", "2024-01-01")
    assert out.code == 2 and "--to 2024-01-01 comes before --from 2024-02-01" in out.stderr


def test_lint_flags_a_hand_typed_move_that_contradicts_the_data(cli: Cli) -> None:
    out = cli("lint", str(MARKETS))
    krona = closes("currency", MARKETS)
    gives = 100 * (krona[date(2025, 2, 13)] / krona[date(2025, 2, 12)] - 1)
    expected = (
        "warning: id 'hike-feb-2025', field 'observed.1.change': krona over 1d is typed as -3; "
        f"series 'krona' gives {gives:+.4g} (10.4891 on 2025-02-12 to 10.4824 on 2025-02-13)"
    )
    assert expected in out.stdout


def test_a_malformed_csv_is_one_message_naming_file_line_and_series(
    cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "markets"
    shutil.copytree(MARKETS, folder)
    path = folder / "data" / "bond_2y.csv"
    lines = path.read_text().splitlines()
    lines[3] = "2025-01-06,n/a"
    path.write_text("\n".join(lines) + "\n")
    out = cli(
        "data",
        "show",
        "bond_2y",
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--pack",
        str(folder),
    )
    assert out.code == 2
    pack_lines = (folder / "pack.yaml").read_text().splitlines()
    line = pack_lines.index("series:") + 2  # the series' entry, "- id: bond_2y"
    assert pack_lines[line - 1] == "  - id: bond_2y"
    assert out.stderr.strip() == (
        f"macrograph: {folder}/pack.yaml:{line}: error: id 'bond_2y', field 'file': "
        "data/bond_2y.csv:4: 'n/a' is not a number"
    )
    assert cli("data", "--pack", str(folder)).code == 2
    lint = cli("lint", str(folder))
    assert "field 'file': data/bond_2y.csv:4: 'n/a' is not a number" in lint.stdout
    with pytest.raises(DataError, match="does not come after"):
        parse_series("date,value\n2024-01-03,1\n2024-01-03,2\n", "x", "x.csv")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "date,value\n2024-01-02,1.5\r2024-01-03,1.6\n",
            "x.csv:2: x: the line holds a carriage return alone",
        ),
        (
            "date,value\n2024-01-02,1\n2024-01-03," + "1" * 200_000 + "\n",
            "x.csv:3: x: the line holds a cell of more than 131,072 characters",
        ),
    ],
    ids=["lone-carriage-return", "huge-cell"],
)
def test_a_line_the_csv_reader_cannot_read_is_a_data_error_naming_it(
    text: str, message: str
) -> None:
    """It was csv's own exception, a traceback in every command that reads the series."""
    with pytest.raises(DataError) as caught:
        parse_series(text, "x", "x.csv")
    assert str(caught.value) == message


def test_observations_typed_by_hand_or_from_data_say_which() -> None:
    pack = load_pack(MARKETS)
    found = {(o.node, o.window): o for o in observations(pack, pack.episodes["hike-feb-2025"])}
    assert found[("krona", "1d")].series is None and found[("krona", "1d")].value == -3.0
    bond = closes("bond_2y", MARKETS)
    data = found[("bond_2y", "0d")]
    assert data.series == "bond_2y" and data.cites.sources == ("synthetic-markets",)
    assert data.value == pytest.approx(bond[date(2025, 2, 12)] - bond[date(2025, 2, 11)])


ROWS = [
    "2024-01-02,1.5",
    "2024-01-03,-2",
    "2024-01-04,1e12",
    "2024-01-05,+.5",
    "2024-01-06,1.e5",
]
"""Rows every reading takes; the cases below break one of them."""
BROKEN = [
    "2024-01-06,1e12.5",  # not a number
    "2024-01-06,1000000000000.1",  # past the limit
    "2024-01-06,1e400",  # not finite
    "2024-01-06,nan",
    "2024-01-06, 7",  # a space: read by the careful reading
    "2025-02-30,7",  # no such day
    "20240106,7",
    "2024-01-05,7",  # not after the row before
    "2024-01-06;7",
    "2024-01-06,7,8",
    "",
    "2024-01-06,١",  # a digit of another script
]


@pytest.mark.parametrize("broken", [None, *BROKEN])
@pytest.mark.parametrize("end", ["\n", "", "\r\n", "\n\n"])
def test_a_plain_table_reads_as_the_row_by_row_reading_does(
    monkeypatch: pytest.MonkeyPatch, broken: str | None, end: str
) -> None:
    """The quick reading of a well-made table gives what reading it row by row gives, and
    anything else falls to the row-by-row reading and its message."""
    from macrograph.rules import series

    rows = ROWS if broken is None else [*ROWS[:3], broken, *ROWS[3:]]
    text = "date,value\n" + ("\r\n" if end == "\r\n" else "\n").join(rows) + end
    taken = series._plain_table(text, "x", None) is not None
    assert taken == (broken is None and end in ("\n", ""))

    def read() -> object:
        try:
            return parse_series(text, "x", "x.csv")
        except DataError as err:
            return str(err)

    quick = read()
    monkeypatch.setattr(series, "_plain_table", lambda *args: None)
    assert quick == read()


def test_data_show_writes_each_level_in_its_unit(cli: Cli) -> None:
    # a yield in percent reads '1.961%', as the tables write its level; a level whose unit
    # has neither symbol nor suffix (yen per dollar, read in percent changes) stays a number
    out = cli("data", "show", "jgb_10y", "--from", "2025-12-15", "--to", "2025-12-17")
    assert out.code == 0
    assert out.stdout.splitlines()[1:] == [
        "2025-12-15  1.961%",
        "2025-12-16  1.957%",
        "2025-12-17  1.980%",
    ]
    out = cli("data", "show", "usd_jpy", "--from", "2025-12-15", "--to", "2025-12-16")
    assert out.stdout.splitlines()[1:] == ["2025-12-15  155.29", "2025-12-16  154.80"]
