"""Read the DOT text our diagrams write back into plain data (helpers for the diagram tests).

Only what the tests need: node and edge statements with their attributes, cluster
membership, and the text a label displays. The tests at the end check the reader.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

STATEMENT = re.compile(r"^\t+(?P<a>[a-z]\d+)(?: -> (?P<b>[a-z]\d+))?(?: \[(?P<attrs>.*)\])?$")
ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|<(?:[^<>]|<[^<>]*>)*>|[^ \]]+)')
CLUSTER = re.compile(r"^\t*subgraph (cluster_\w+) \{$")


@dataclass
class Dot:
    """Nodes and edges of a DOT text, with the cluster each node was declared in."""

    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    clusters: dict[str, list[str]] = field(default_factory=dict)
    graph: dict[str, str] = field(default_factory=dict)


def attrs_of(text: str) -> dict[str, str]:
    """``key=value`` pairs; quoted values are unquoted (escapes kept as written)."""
    found = {}
    for key, value in ATTR.findall(text):
        found[key] = value[1:-1] if value.startswith('"') else value
    return found


def parse(source: str) -> Dot:
    """Parse the DOT text written by the graphviz package for our diagrams."""
    dot = Dot()
    stack: list[str] = []
    for line in source.splitlines():
        if not stack and re.match(r"^\t\w+=", line):
            dot.graph.update(attrs_of(line))
        cluster = CLUSTER.match(line)
        if cluster:
            stack.append(cluster.group(1))
            dot.clusters[cluster.group(1)] = []
            continue
        if line.strip().startswith("subgraph "):
            stack.append("")
            continue
        if line.strip() == "}" and stack:
            stack.pop()
            continue
        match = STATEMENT.match(line)
        if match is None:
            continue
        attrs = attrs_of(match.group("attrs") or "")
        if match.group("b"):
            dot.edges.append((match.group("a"), match.group("b"), attrs))
            continue
        dot.nodes.setdefault(match.group("a"), {}).update(attrs)
        named = [c for c in stack if c]
        if named:
            dot.clusters[named[-1]].append(match.group("a"))
    return dot


def display(label: str) -> str:
    r"""The text a (non-HTML) DOT label shows: entities decoded (Graphviz does it first),
    then ``\n``/``\l`` are line breaks and ``\x`` is ``x``."""
    label = html.unescape(label)
    out = []
    i = 0
    while i < len(label):
        char = label[i]
        if char == "\\" and i + 1 < len(label):
            nxt = label[i + 1]
            out.append("\n" if nxt in "nl" else nxt)
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out).strip("\n")


@dataclass(frozen=True)
class DrawnLink:
    """A chain link as drawn: tail, head, its label node's attributes, and its edge attributes."""

    tail: str
    head: str
    label: dict[str, str]
    edge: dict[str, str]

    @property
    def lines(self) -> list[str]:
        """The label's lines."""
        return display(self.label["label"]).split("\n")


def links(dot: Dot) -> list[DrawnLink]:
    """Chain links: each is drawn tail -> label node (``e<i>``) -> head."""
    into = {b: (a, attrs) for a, b, attrs in dot.edges if b.startswith("e")}
    found = []
    for a, b, attrs in dot.edges:
        if a.startswith("e") and a in into:
            tail, _ = into[a]
            found.append(DrawnLink(tail, b, dot.nodes[a], attrs))
    return found


def test_display_turns_dot_escapes_into_text() -> None:
    assert (
        display(r"a \\N b\nline two &amp; \"q\" &quot;&lt;r&gt;") == 'a \\N b\nline two & "q" "<r>'
    )
    assert display(r"left\lleft two\l") == "left\nleft two"


def test_parse_reads_nodes_edges_clusters_and_html_labels() -> None:
    source = (
        "digraph g {\n"
        "\tsubgraph cluster_jp {\n"
        '\t\tn1 [label="A \\"b\\"" shape=ellipse]\n'
        "\t}\n"
        "\tk0 [label=<<TABLE><TR><TD>x</TD></TR></TABLE>> shape=plaintext]\n"
        '\tn1 -> e0 [color="#0072B2"]\n'
        "\te0 -> n2\n"
        '\te0 [label="why\\n+1%"]\n'
        "}\n"
    )
    dot = parse(source)
    assert dot.clusters == {"cluster_jp": ["n1"]}
    assert dot.nodes["n1"]["shape"] == "ellipse"
    assert dot.nodes["k0"]["shape"] == "plaintext"
    assert dot.nodes["k0"]["label"].startswith("<<TABLE>")
    [link] = links(dot)
    assert (link.tail, link.head, link.lines) == ("n1", "n2", ["why", "+1%"])
