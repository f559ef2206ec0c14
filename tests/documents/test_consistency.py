"""One answer, the same numbers in every format: from one propagation (the same draws and
seed, and with none), every number the text, Markdown and HTML what-ifs show for a node (the
table's moves at each horizon, its band and sign columns, the headline's consequences, the
prose's moves, bands and "how sure") is the JSON's value written as the unit's one rule of
decimals writes it (``explain.filters``), with the same sign and unit; for the bundled pack
and held-out packs of other periods and scales."""

from __future__ import annotations

import functools
import html
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from macrograph.explain.cli import main
from macrograph.explain.filters import band, level, move, percent, size
from macrograph.explain.filters import horizon as horizon_words
from macrograph.rules import load_pack
from macrograph.rules.pack import Pack
from macrograph.rules.vocabulary import speaking, vocabulary_for

PACKS = Path(__file__).parent.parent / "packs"
CASES = [  # (pack folder or None for the bundled pack, scenario)
    (None, "boj-skips"),
    ("heldout_coffee", "geada-2026"),  # quarterly, currencies and cents
    ("heldout_service", "bad-deploy"),  # millions, thousandths
    ("heldout_hospital", "flu-wave"),  # weekly
    ("uk", "boe-cuts"),
]


@functools.cache
def run(folder: str | None, *args: str) -> str:
    """``macrograph ARGS`` (on the pack in ``folder``), its stdout; it must succeed.

    Run once per test process for the same arguments: the tests read the same what-if's
    JSON and Markdown again (a command that writes a file is given a path of its own test,
    so it runs each time)."""
    extra = [] if folder is None else ["--pack", str(PACKS / folder)]
    result = CliRunner(env={"COLUMNS": "400"}).invoke(main, [*args, *extra])
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def cells_md(
    text: str, heading: str = "## Outcomes against", skip: int = 1
) -> dict[str, list[str]]:
    """Label -> the cells of its row in a Markdown table after ``heading`` (``skip`` columns
    after the label dropped: the what-if's channel)."""
    table = text.split(heading, 1)[1].split("\n\n", 2)[1]
    rows = [line.strip("|").split(" | ") for line in table.splitlines()[2:]]
    return {r[0].strip().replace("\\", ""): [c.strip() for c in r[1 + skip :]] for r in rows}


def key_heading(note: str) -> str:
    """The brief's heading of its key figures (the pack's word for them), after the bottom
    line."""
    return "\n## " + note.split("\n## ")[2].split("\n")[0] + "\n"


def cells_html(text: str) -> dict[str, list[str]]:
    """Label -> the cells of its row in the HTML outcomes table."""
    table = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = {}
    for row in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row[1])
        found[html.unescape(row[0])] = [  # a sign kept to its number by a word joiner
            html.unescape(re.sub("<[^>]+>", "", c)).replace("\u2060", "") for c in cells
        ]
    return found


def cells_text(text: str) -> dict[str, list[str]]:
    """Label -> the cells of its row in the text outcomes table (one line a row: wide)."""
    table = text.split("Outcomes against", 1)[1].split("\n\n", 1)[0]
    found = {}
    for line in table.splitlines()[2:]:
        if line.startswith("  "):
            label, *cells = re.split(r"\s{2,}", line.strip())
            found[label] = cells
    return found


def check_table(
    found: dict[str, list[str]], body: dict[str, Any], where: str, problems: list[str]
) -> None:
    """Every row's moves, band and sign against the JSON."""
    horizons, at = body["horizons"], body["prose_at"]
    by_label = {n["label"]: n for n in body["nodes"].values()}
    for label, cells in found.items():
        node = by_label[label]
        unit = node["unit"]
        want = [move(node["delta"][h], unit) for h in horizons]
        if cells[: len(horizons)] != want:
            problems.append(f"{where} {label}: {cells[: len(horizons)]} != {want}")
        rest = cells[len(horizons) + 1 :]  # after the level
        if body["draws"] and rest:
            b = node["band"][at]
            want_band = band(_Band(b["p5"], b["p95"]), unit)
            if rest[0] != want_band:
                problems.append(f"{where} {label} band: {rest[0]!r} != {want_band!r}")
            sign = re.search(r"(\d+)%", rest[1]) if len(rest) > 1 else None
            if sign:
                delta = node["delta"][at]
                p = node["p_positive"][at] if delta > 0 else node["p_negative"][at]
                if sign.group() != percent(p):  # "99% lower", "lower in 99%: ..."
                    problems.append(f"{where} {label} sign: {rest[1]!r} != {percent(p)}")


class _Band:
    """A band as the filters read it."""

    def __init__(self, p5: float, p95: float) -> None:
        self.p5, self.p95 = p5, p95


def names(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A node's name as a sentence writes it (lower-cased, with or without 'the') -> node."""
    found = {}
    for n in body["nodes"].values():
        found[n["label"].lower()] = n
        found["the " + n["label"].lower()] = n
    return found


def check_prose(text: str, body: dict[str, Any], problems: list[str]) -> int:
    """The headline's consequences and the prose's moves, bands and how sure (Markdown);
    how many sentences it read."""
    read = 0
    plain = text.replace("**", "").replace("*", "")
    when = {horizon_words(h): h for h in body["horizons"]}
    by_name = names(body)
    for words, told in re.findall(
        r"After (\d+ \w+) the biggest consequences?: ([^\n]*?)\.(?:\s|$)", plain
    ):
        h = when[words]
        for part in told.split("; "):
            m = re.match(r"(.+?) ends? (.+?) (\w+)(?: ?\[\d+\])*$", part.strip())
            if m is None or m.group(1).lower() not in by_name:
                continue
            node = by_name[m.group(1).lower()]
            want, read = size(node["delta"][h], node["unit"]), read + 1
            if m.group(2) != want:
                problems.append(f"headline {m.group(1)}: {m.group(2)!r} != {want!r}")
    at = body["prose_at"]
    by_label = {n["label"]: n for n in body["nodes"].values()}
    for line in plain.splitlines():
        m = re.match(
            r"(.+?): (.+?) (\w+), at .*?; p5 to p95 (.+?) to (.+?); \w+ in (\d+%) of", line
        )
        if m is None or m.group(1) not in by_label:
            continue
        node = by_label[m.group(1)]
        unit, b, read = node["unit"], node["band"][at], read + 1
        for shown, want in [
            (m.group(2), size(node["delta"][at], unit)),
            (f"{m.group(4)} to {m.group(5)}", band(_Band(b["p5"], b["p95"]), unit)),
        ]:
            if shown != want:
                problems.append(f"prose {m.group(1)}: {shown!r} != {want!r}")
        p = node["p_positive"][at] if node["delta"][at] > 0 else node["p_negative"][at]
        if m.group(6) != percent(p):
            problems.append(f"prose {m.group(1)} how sure: {m.group(6)!r} != {percent(p)!r}")
    return read


@pytest.mark.slow
@pytest.mark.parametrize("draws", ["200", "0"])
@pytest.mark.parametrize(("folder", "scenario"), CASES)
def test_every_format_shows_the_json_numbers(folder: str | None, scenario: str, draws: str) -> None:
    args = ("whatif", scenario, "--draws", draws, "--seed", "3")
    body = json.loads(run(folder, *args, "--format", "json"))
    pack: Pack = load_pack(None if folder is None else PACKS / folder)
    problems: list[str] = []
    md = run(folder, *args, "--format", "md")
    body["prose_at"] = re.search(r"prose at (\w+)", md).group(1)  # type: ignore[union-attr]
    with speaking(vocabulary_for(pack.info)):
        check_table(cells_md(md), body, "md", problems)
        check_table(cells_html(run(folder, *args, "--format", "html")), body, "html", problems)
        check_table(cells_text(run(folder, *args)), body, "text", problems)
        read = check_prose(md, body, problems)
    assert read >= (3 if draws != "0" else 1)
    assert not problems, "\n".join(problems)


def check_diagram(dot: str, body: dict[str, Any], problems: list[str]) -> int:
    """Each node of the chain diagram: its move and level at the prose's horizon."""
    at, read = body["prose_at"], 0
    by_label = {n["label"]: n for n in body["nodes"].values()}
    for label in re.findall(r'label="([^"]*)"', dot):
        *name, last = label.split("\\n")
        node = by_label.get(" ".join(name))
        shown = re.fullmatch(r"(\S.*?)(?: \(to (.*)\))?", last)
        if node is None or shown is None or node["unit"] == "stance":
            continue
        read += 1
        want = move(node["delta"][at], node["unit"])
        if shown.group(1) != want:
            problems.append(f"diagram {node['label']}: {shown.group(1)!r} != {want!r}")
        if shown.group(2) and shown.group(2) != level(node["level"][at], node["unit"]):
            want = level(node["level"][at], node["unit"])
            problems.append(f"diagram {node['label']} level: {shown.group(2)!r} != {want!r}")
    return read


def check_mermaid(text: str, body: dict[str, Any], problems: list[str]) -> int:
    """Each node of the brief's Mermaid chain: its move at the prose's horizon."""
    at, read = body["prose_at"], 0
    by_label = {n["label"]: n for n in body["nodes"].values()}
    for label, shown in re.findall(r'"([^"<]*)<br/>([^"<]*)"', text):
        node = by_label.get(label)
        if node is None:
            continue
        read += 1
        want = move(node["delta"][at], node["unit"])
        if shown != want:
            problems.append(f"mermaid {label}: {shown!r} != {want!r}")
    told = set()  # each shock's size and surprise as the calendar and the headline write them
    for shock in body["shocks"]:
        unit = body["nodes"][shock["node"]]["unit"]
        told |= {move(shock[k], unit, 2) for k in ("change", "surprise") if shock[k] is not None}
    for shown in re.findall(r'-->\|"shock ([^"]*)"\|', text):
        read += 1
        if shown not in told:
            problems.append(f"mermaid shock link: {shown!r} not in {sorted(told)}")
    return read


def check_bars(page: str, body: dict[str, Any], problems: list[str]) -> int:
    """The moves chart's text alternative: each bar's move and band at the prose's horizon."""
    at, read = body["prose_at"], 0
    by_label = {n["label"]: n for n in body["nodes"].values()}
    desc = html.unescape(re.findall(r"<desc>(Bar chart[^<]*)</desc>", page)[0])
    for bar in desc.split(": ", 1)[1].rstrip(".").split("; "):
        m = re.fullmatch(r"(.+) (\S+?)(?: \(5th to 95th percentile (\S+) to (\S+)\))?", bar)
        if m is None or m.group(1) not in by_label:
            continue
        node, read = by_label[m.group(1)], read + 1
        want = [move(node["delta"][at], node["unit"])]
        if m.group(3):
            b = node["band"][at]
            want += [move(b["p5"], node["unit"]), move(b["p95"], node["unit"])]
        if [g for g in m.groups()[1:] if g] != want:
            problems.append(f"bar chart {m.group(1)}: {m.groups()[1:]} != {want}")
    return read


def check_fans(page: str, body: dict[str, Any], problems: list[str]) -> int:
    """The fan chart's text alternative: each panel's median at each horizon and its band at
    the last, as the JSON's p50, p5 and p95 there."""
    read, last = 0, body["horizons"][-1]
    when = {horizon_words(h): h for h in body["horizons"]}
    by_label = {n["label"]: n for n in body["nodes"].values()}
    found = re.findall(r"<desc>(Line charts[^<]*)</desc>", page)
    told_all = html.unescape(found[0]).split(": ", 1)[1].rstrip(".") if found else ""
    for panel in re.split(r"\)?; (?=[^;:]+: )", told_all) if told_all else []:
        label, told = panel.split(": ", 1)
        node = by_label.get(label)
        if node is None:
            continue
        unit = node["unit"]
        for item in told.split(" (5th", 1)[0].split(", "):
            shown, words = item.rsplit(" after ", 1)
            read += 1
            mid = node["band"][when[words]]["p50"] if node["band"] else node["delta"][when[words]]
            want = move(mid, unit)
            if shown != want:
                problems.append(f"fan {label} after {words}: {shown!r} != {want!r}")
        b = node["band"][last] if node["band"] else {"p5": 0.0, "p95": 0.0}
        ends = re.search(r"percentile after [^:]+: (.+)\)?$", told)
        want_band = band(_Band(b["p5"], b["p95"]), unit)
        if ends and ends.group(1).rstrip(")") != want_band:
            problems.append(f"fan {label} band: {ends.group(1)!r} != {want_band!r}")
    return read


def check_explain(text: str, body: dict[str, Any], problems: list[str]) -> int:
    """``explain NODE`` (Markdown): its own sentence, as the prose's, and each cause's move
    at the horizon it reads."""
    read = check_prose(text, body, problems)
    at = body["prose_at"]
    by_name = names(body)
    for name, shown in re.findall(r"\*\*\S+\*\* (.+?) (\S+), via `", text):
        node = by_name.get(name.lower())
        if node is None:
            continue
        read += 1
        want = move(node["delta"][at], node["unit"])
        if shown != want:
            problems.append(f"explain cause {name}: {shown!r} != {want!r}")
    return read


@functools.cache
def chain_dot(folder: str | None, scenario: str) -> str:
    """The chain diagram ``macrograph diagram SCENARIO -o chain.dot`` writes (it takes no
    draws: both runs of a case read the same one)."""
    with tempfile.TemporaryDirectory() as where:
        target = Path(where) / "chain.dot"
        run.__wrapped__(folder, "diagram", scenario, "-o", str(target))
        return target.read_text()


@pytest.mark.slow
@pytest.mark.parametrize("draws", ["200", "0"])
@pytest.mark.parametrize(("folder", "scenario"), CASES)
def test_the_brief_and_the_diagram_show_the_json_numbers(
    folder: str | None, scenario: str, draws: str, tmp_path: Path
) -> None:
    args = (scenario, "--draws", draws, "--seed", "3")
    body = json.loads(run(folder, "whatif", *args, "--format", "json"))
    pack: Pack = load_pack(None if folder is None else PACKS / folder)
    problems: list[str] = []
    # the Markdown note on stdout: the note a file gets without the paragraphs that link
    # its chart and chain files, which a file's note has drawn beside it and none of these
    # checks reads (the HTML note's charts, inline, are read)
    note = run(folder, "brief", *args, "-o", "-", "--format", "md")
    run(folder, "brief", *args, "-o", str(tmp_path / "note.html"))
    body["prose_at"] = re.search(r"prose at (\w+)", note).group(1)  # type: ignore[union-attr]
    with speaking(vocabulary_for(pack.info)):
        check_table(cells_md(note, key_heading(note), 0), body, "brief", problems)
        page = (tmp_path / "note.html").read_text()
        check_table(cells_html(page), body, "brief html", problems)
        read = check_prose(note, body, problems)
        read += check_mermaid(note, body, problems)
        read += check_bars(page, body, problems)
        read += check_fans(page, body, problems)
        read += check_diagram(chain_dot(folder, scenario), body, problems)
    assert read >= (8 if draws != "0" else 4)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("folder", "scenario"), CASES)
def test_explain_shows_the_json_numbers(folder: str | None, scenario: str) -> None:
    args = ("--draws", "200", "--seed", "3")
    body = json.loads(run(folder, "whatif", scenario, *args, "--format", "json"))
    pack: Pack = load_pack(None if folder is None else PACKS / folder)
    md = run(folder, "whatif", scenario, *args, "--format", "md")
    body["prose_at"] = re.search(r"prose at (\w+)", md).group(1)  # type: ignore[union-attr]
    told = re.findall(r"^\*\*(.+?): ", md.split("## How it happens", 1)[1], re.M)
    labels = {n["label"]: node for node, n in body["nodes"].items()}
    problems: list[str] = []
    read = 0
    with speaking(vocabulary_for(pack.info)):
        for label in told[:3]:
            text = run(
                folder, "explain", labels[label], "--scenario", scenario, *args,
                "--horizon", body["prose_at"], "--format", "md",
            )  # fmt: skip
            read += check_explain(text, body, problems)
    assert read >= 3
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("folder", "question"), [(None, "BoJ skips"), ("uk", "boe-holds")])
def test_the_weighted_view_shows_the_json_numbers(folder: str | None, question: str) -> None:
    """Each branch's move and band, and the weighted one's, at each horizon (Markdown)."""
    args = ("whatif", question, "--weighted", "--draws", "200", "--seed", "3")
    body = json.loads(run(folder, *args, "--format", "json"))
    md = run(folder, *args, "--format", "md")
    pack: Pack = load_pack(None if folder is None else PACKS / folder)
    labels = {n.label: n for n in pack.nodes.values()}
    branches = [*body["per_branch"], "weighted"]
    problems, read = [], 0
    with speaking(vocabulary_for(pack.info)):
        when = {horizon_words(h): h for h in body["horizons"]}
        for section in md.split("\n## After ")[1:]:
            h = when[section.split(" (")[0]]
            for line in section.splitlines():
                cells = [c.strip() for c in line.strip("|").split(" | ")]
                node = labels.get(cells[0])
                for branch, cell in zip(branches, cells[1:], strict=True) if node else ():
                    weighted = branch == "weighted"
                    value = body["expected"] if weighted else body["per_branch"][branch]
                    b = body["expected_bands"] if weighted else body["bands"][branch]
                    b = b[node.id][h]
                    spread = band(_Band(b["p5"], b["p95"]), node.unit)
                    want = f"{move(value[node.id][h], node.unit)} ({spread})"
                    read += 1
                    if cell != want:
                        problems.append(f"weighted {cells[0]} {branch} {h}: {cell!r} != {want!r}")
    assert read >= 20
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("folder", "question", "number"),
    [("heldout_coffee", "the retail price rises €12.5/kg", r"12\.50?")],
)
def test_a_money_move_reads_to_the_cent_everywhere(folder: str, question: str, number: str) -> None:
    """A price's move is money: whole units or to the hundredth in the title, the shock's
    line, the table and the chain alike (it read '€12.50/kg' in the title and the shock's
    line and '+€12.5/kg' in the table and the chain)."""
    md = run(folder, "whatif", question, "--draws", "0", "--format", "md")
    forms = set(re.findall(rf"\S*{number}\S*", md.replace("*", "")))
    assert len({re.sub(r"^[+-]|[:;,.]$", "", f) for f in forms}) == 1, forms


@pytest.mark.parametrize(("folder", "scenario"), [(None, "december-2025"), ("uk", "boe-cuts")])
def test_a_shock_s_size_reads_as_its_line_says_in_the_routes(
    folder: str | None, scenario: str
) -> None:
    """A route that starts from a shock tells the shock's size as the headline's line does
    ('the market-implied path +8.75bp', then 'rises 8.75bp', not 'rises 8.8bp')."""
    args = ("whatif", scenario, "--draws", "0", "--against", "none")
    body = json.loads(run(folder, *args, "--format", "json"))
    md = run(folder, *args, "--format", "md").replace("*", "")
    pack: Pack = load_pack(None if folder is None else PACKS / folder)
    problems = []
    with speaking(vocabulary_for(pack.info)):
        for shock in body["shocks"]:
            unit = body["nodes"][shock["node"]]["unit"]
            for key in ("change", "surprise"):
                if shock[key] is None or size(shock[key], unit, 2) == size(shock[key], unit):
                    continue
                rounded = re.escape(size(shock[key], unit))
                if re.search(rf"(?:rises|falls|rise|fall) {rounded}[;,]", md):
                    problems.append(f"{shock['key']}: {size(shock[key], unit)} in a route")
    assert not problems, "\n".join(problems)
