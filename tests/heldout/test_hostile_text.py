"""Pack text is data everywhere: no markup in DOT, SVG, HTML, Markdown or Mermaid, and no
control or bidirectional character sent to a terminal (issue 9, item 2).

The fixture ``tests/hostile_markup_pack`` carries the strings seen to break out:
``<x> URL="javascript:alert(document.domain)" z=<y>`` (once an HTML-like DOT label
whose attribute became an SVG link), ``"]; evil [label="x`` (a quote that ends its
string), escString sequences (``\\N \\G \\E \\T \\H \\L \\l``), Markdown and Mermaid
links and directives, ESC sequences (``ESC[2J``, ``ESC[6n``, OSC 8), BEL, NUL, DEL,
C1 controls and bidirectional overrides.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from macrograph.explain.diagram import style as st
from macrograph.explain.diagram.build import chain_diagram, diff_diagram, map_diagram, step_frames
from macrograph.explain.export import to_mermaid
from macrograph.explain.messages.layers import issue_line
from macrograph.explain.render import render
from macrograph.explain.terminal import one_line, visible
from macrograph.explain.textfilters import md
from macrograph.graph.options import RunOptions
from macrograph.graph.propagate import propagate
from macrograph.rules import load_pack
from macrograph.rules.errors import PackIssue
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.pack import Pack
from tests.conftest import Outcome
from tests.documents.test_diagram_dot import display, parse

Cli = Callable[..., Outcome]
HOSTILE = Path(__file__).parents[1] / "hostile_markup_pack"
INJECTION = '<x> URL="javascript:alert(document.domain)" z=<y>'
BREAKOUT = '"]; evil [label="x'
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
HTML_LABEL = re.compile(r"<<TABLE.*</TABLE>>")  # our legend table (no pack text)
ATTRS = r'(?:\w+=(?:""|<>|[\w.#,:-]+) ?)*'
# A DOT line once quoted strings are emptied: a statement of ours, attributes of ours.
DOT_LINE = re.compile(
    rf"digraph \w+ \{{|\t*subgraph \w+ \{{|\t*\}}|\t*{ATTRS}"
    rf"|\t*\w+(?: -> \w+)?(?: \[{ATTRS}\])?"
)


@pytest.fixture(scope="module")
def hostile() -> Pack:
    return load_pack(HOSTILE)


def graphs(pack: Pack) -> list[Any]:
    """Every diagram of the pack: the map, and each scenario's chain, map, diff and frames."""
    found: list[Any] = [map_diagram(pack)]
    for scenario in sorted(pack.scenarios):
        result = propagate(pack, scenario, RunOptions(draws=0))
        found += [chain_diagram(pack, result), map_diagram(pack, result)]
        found += [diff_diagram(pack, result), *step_frames(pack, result)]
    return found


def test_the_fixture_loads_and_holds_the_hostile_strings(hostile: Pack) -> None:
    assert hostile.nodes["policy_rate"].label == INJECTION
    assert hostile.nodes["rate_path"].label == BREAKOUT
    assert "\\N \\G \\E \\T \\H \\L \\l" in hostile.nodes["bond_yield"].label
    assert "\x1b[2J" in hostile.nodes["foreign_yield"].label
    assert "\u202e" in hostile.nodes["gap"].label and "\x9b" in hostile.nodes["gap"].description


# DOT ------------------------------------------------------------------------------------


def test_pack_text_reaches_dot_only_inside_quoted_strings(hostile: Pack) -> None:
    for graph in graphs(hostile):
        source = str(graph.source)
        outside = QUOTED.sub('""', HTML_LABEL.sub("<>", source))
        # With every quoted string emptied, no pack text is left: no attribute of its own.
        for word in ("URL", "href", "javascript", "evil", "alert", "<x>", "\\N"):
            assert word not in outside, (word, outside)
        for line in outside.splitlines():
            assert DOT_LINE.fullmatch(line), line
        for literal in QUOTED.findall(source):
            body = literal[1:-1]
            assert not re.search(r'[<>"]', body), literal  # never HTML-like, never a quote
            for escape in re.findall(r"\\(.)", body):
                assert escape in ("\\", "n", "l"), literal  # no \N, \G, \E, \T, \H, \L, \"


def test_dot_labels_show_the_pack_text_literally(hostile: Pack) -> None:
    dot = parse(str(map_diagram(hostile).source))
    shown = [display(attrs.get("label", "")).replace("\n", " ") for attrs in dot.nodes.values()]
    assert any(text.startswith(INJECTION[:20]) for text in shown), shown
    assert any(text.startswith(BREAKOUT) for text in shown), shown
    assert any(text.startswith('Yield \\N \\G \\E \\T \\H \\L \\l \\" end\\') for text in shown)
    assert not any(RAW.search(text) for text in shown)


def test_dot_text_and_label_keep_no_markup() -> None:
    assert (
        st.dot_text(INJECTION)
        == "&lt;x&gt; URL=&quot;javascript:alert(document.domain)&quot; z=&lt;y&gt;"
    )
    assert st.dot_text(BREAKOUT) == "&quot;]; evil [label=&quot;x"
    assert st.dot_text("\\N\\G end\\") == "\\\\N\\\\G end\\\\"
    assert st.dot_text("a\x1b[2J\u202eb\x00") == "a [2J b"
    label = st.dot_label([INJECTION])
    assert type(label).__name__ == "NoHtml"  # the graphviz package quotes it
    import graphviz

    graph = graphviz.Digraph()
    graph.node("n0", label, tooltip=st.tooltip("C:\\temp\\N " + INJECTION))
    line = str(graph.source).splitlines()[1]
    assert line == (
        '\tn0 [label="&lt;x&gt; URL=&quot;javascript:alert(document.domain)&quot; z=&lt;y&gt;" '
        'tooltip="C:\u29f5temp\u29f5N &lt;x&gt; URL=&quot;javascript:alert(document.domain)&quot; '
        'z=&lt;y&gt;"]'
    )


# SVG ------------------------------------------------------------------------------------


def svg_texts(svg: bytes) -> tuple[ET.Element, list[str]]:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    return root, ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.slow
def test_every_diagram_renders_to_svg_without_links_or_scripts(
    hostile: Pack, needs_dot: None
) -> None:
    seen: list[str] = []
    for graph in graphs(hostile):
        svg = render(graph, "svg")
        assert b"javascript:" not in svg.lower()
        assert not RAW.search(svg.decode("utf-8"))
        root, texts = svg_texts(svg)
        for element in root.iter():
            tag = element.tag.split("}")[-1]
            assert tag not in ("script", "foreignObject", "image", "iframe"), tag
            for name in element.attrib:
                assert name.split("}")[-1] not in ("href", "src") and not name.startswith("on")
        seen += texts
    text = " ".join(seen)
    assert 'URL="javascript:alert(do' in text  # shown literally, & read back as ":"
    assert "Yield \\N \\G \\E \\T \\H" in text and '\\" end\\' in text
    assert '"]; evil [label="x' in text


def test_the_svg_file_written_by_the_cli_is_clean(
    cli: Cli, tmp_path: Path, needs_dot: None
) -> None:
    for view in ("chain", "map", "diff"):
        target = tmp_path / f"{view}.svg"
        out = cli(
            "diagram", "bank holds", "--pack", str(HOSTILE), "--view", view, "-o", str(target)
        )
        assert out.code == 0, out.stderr
        data = target.read_bytes()
        assert b"javascript:" not in data
        root, _ = svg_texts(data)
        names = {name.split("}")[-1] for element in root.iter() for name in element.attrib}
        assert not names & {"href", "src", "onload", "onclick"}, names


# HTML, Markdown, Mermaid ----------------------------------------------------------------

TAGS = re.compile(r"<(x|y|script|img|b|i|TABLE|TD)[\s>/]")  # ours are lower case


@pytest.mark.slow  # a brief
def test_html_brief_and_whatif_carry_no_tag_or_script_url(
    cli: Cli, tmp_path: Path, needs_dot: None
) -> None:
    out = cli(
        "brief", "hold", "--pack", str(HOSTILE), "--draws", "0", "-o", str(tmp_path / "n.html")
    )
    assert out.code == 0, out.stderr
    html = (tmp_path / "n.html").read_text(encoding="utf-8")
    whatif = cli("whatif", "bank holds", "--pack", str(HOSTILE), "--draws", "0", "--format", "html")
    assert whatif.code == 0, whatif.stderr
    for page in (html, whatif.stdout):
        assert "javascript:" not in page.lower()
        assert not TAGS.search(page), TAGS.search(page)
        assert set(re.findall(r"<a ([\w:-]+)=", page)) <= {"class", "xlink:title"}
        assert all(link.startswith("#") for link in re.findall(r'\shref="([^"]*)"', page))
        assert not RAW.search(page)
        assert "&lt;x&gt; URL=&#34;javascript&#58;alert(document.domain)&#34;" in page
        assert "\\x1b[2J" in page  # shown, not sent


@pytest.mark.slow  # every Markdown output
def test_markdown_outputs_make_no_link_tag_or_script_url(
    cli: Cli, tmp_path: Path, needs_dot: None
) -> None:
    out = cli("brief", "hold", "--pack", str(HOSTILE), "--draws", "0", "-o", str(tmp_path / "n.md"))
    assert out.code == 0, out.stderr
    note = (tmp_path / "n.md").read_text(encoding="utf-8")
    whatif = cli("whatif", "bank holds", "--pack", str(HOSTILE), "--draws", "0", "--format", "md")
    for page in (note, whatif.stdout):
        assert "javascript:" not in page.lower()
        assert not re.search(r"(?<!\\)<[a-zA-Z/!]", page.replace("<br/>", ""))  # no raw tag
        links = re.findall(r"(?<!\\)\]\(([^)]*)\)", page)
        # only the note's own diagram and charts
        assert set(links) <= {"n.svg", "n-moves.svg", "n-fan.svg"}, links
        assert not RAW.search(page)
        assert "\\[click\\](javascript\\:alert(1))" in page or "\\[x\\](javascript\\:" in page


def test_md_filter_escapes_links_tags_code_and_hidden_characters() -> None:
    assert md("[a](javascript:x) <img src=x> `c`\x1b") == (
        "\\[a\\](javascript\\:x) &lt;img src=x&gt; \\`c\\`\\\\x1b"  # \\x1b, as Markdown
    )


def test_mermaid_labels_cannot_start_statements(hostile: Pack) -> None:
    for text in (
        to_mermaid(hostile),
        to_mermaid(hostile, propagate(hostile, "hold", RunOptions(draws=0))),
    ):
        assert "javascript:" not in text and not RAW.search(text)
        for line in text.splitlines()[2:]:
            # Each line is one statement of ours; labels sit inside "..." with no quote.
            assert re.fullmatch(
                r'\s*(?:\w+(?:\S*"[^"]*"\S*)?(?: -\.?->(?:\|"[^"]*"\|)? \w+)?'
                r"|subgraph \w+_box\[\"[^\"]*\"\]|end|classDef .*|class \w+ \w+|linkStyle .*)",
                line,
            ), line
            assert not line.lstrip().startswith(("click", "%%{", "style", "call"))
            assert not re.search(r"<(?!br/>)", line), line


# Terminal -------------------------------------------------------------------------------

ESCAPED = ("\\x1b[2J", "\\u202e")


@pytest.mark.parametrize(
    "args",
    [
        ("whatif", "bank holds", "--draws", "20"),
        ("explain", "gap", "--scenario", "hold", "--draws", "0"),
        ("explain", "foreign_yield", "--scenario", "hold", "--draws", "0"),
        ("list", "nodes"),
        ("list", "rules"),
        ("list", "scenarios"),
        ("lint",),
    ],
)
def test_text_outputs_show_hidden_characters_escaped(cli: Cli, args: tuple[str, ...]) -> None:
    pack = ["--pack", str(HOSTILE)] if args[0] != "lint" else [str(HOSTILE)]
    out = cli(*args, *pack)
    assert out.code == 0, out.stderr
    assert not RAW.search(out.stdout + out.stderr), RAW.search(out.stdout)
    if args[:2] in (("list", "nodes"), ("list", "scenarios"), ("whatif", "bank holds")):
        assert all(escaped in out.stdout for escaped in ESCAPED), out.stdout
    if args[:2] == ("list", "nodes"):
        assert "Foreign \\x1b[2J\\x1b[6n yield\\x07" in out.stdout
        assert "Gap \\u202eevil\\u202c \\u061c \\u2066x\\u2069 \\u200e\\u200f \\ufeff" in out.stdout
        assert 'Positions click n1 href "javascript:alert(1)"' in out.stdout  # newline -> space


def test_lint_warns_about_each_field_with_hidden_characters(cli: Cli) -> None:
    out = cli("lint", str(HOSTILE))
    assert out.code == 0
    label = str(HOSTILE)
    assert (
        f"{label}/nodes.yaml:23: warning: id 'foreign_yield', field 'label': hidden control "
        "or bidirectional characters \\x1b, \\x07 in the text"
    ) in out.stdout.splitlines()
    assert (
        f"{label}/scenarios.yaml:13: warning: id 'hold', field 'shocks.0.label': hidden "
        "control or bidirectional characters \\x1b, \\u202e in the text"
    ) in out.stdout.splitlines()
    assert (
        f"{label}/rules.yaml:32: warning: id 'foreign_enters_gap', field 'because': hidden "
        "control or bidirectional characters \\x1b, \\x07, \\x00, \\x9b, \\x7f in the text"
    ) in out.stdout.splitlines()
    assert out.stdout.splitlines()[-1] == f"{label}: 0 errors, 13 warnings"


@pytest.mark.slow
def test_lint_finds_no_hidden_characters_in_the_bundled_pack(pack: Pack) -> None:
    assert not [f for f in lint_pack(pack) if f.code == "hidden-character"]


def test_error_messages_show_hidden_characters_escaped(cli: Cli) -> None:
    out = cli("whatif", "\x1b[2J\u202eBoJ\x07", "--pack", str(HOSTILE))
    assert out.code == 2
    assert not RAW.search(out.stderr)
    assert out.stderr.splitlines()[0] == "macrograph: no scenario matches '\\x1b[2J\\u202eBoJ\\x07'"
    issue = PackIssue("nodes.yaml", 4, "gap", "unit", "unknown unit '\x1b]8;;x\x07\u202e'")
    assert issue_line(issue, "p") == (
        "p/nodes.yaml:4: error: id 'gap', field 'unit': unknown unit '\\x1b]8;;x\\x07\\u202e'"
    )


def test_visible_escapes_every_hidden_character_once() -> None:
    text = "a\x1b[6n\x07\x00\x7f\x9b\u202e\u061c\u200b\u2066\ufeff\U000e0041\r\nb\tc"
    assert visible(text) == (
        "a\\x1b[6n\\x07\\x00\\x7f\\x9b\\u202e\\u061c\\u200b\\u2066\\ufeff\\U000e0041\nb\tc"
    )
    assert visible(visible(text)) == visible(text)
    assert one_line("a\nb\rc") == "a b\\x0dc"
