"""The markup audit: pack text never becomes markup, in any output of any command.

A pack is generated from the bundled one with ``<script>``, a ``javascript:`` link and an
``onload=`` handler appended to every text field of every file (labels, descriptions,
aliases, because, rationale, titles, summaries, phrases, claims, sources, facts, signals,
episodes' notes, the overlay's words, regions, group headings, stance labels) and with a
unit whose symbol and suffixes are tags. Every command is run in every format it has, and
each output is read as what it is:

- **HTML, SVG and GraphML** (markup a browser or an XML tool parses) are parsed: no
  element or attribute may come from pack text (no ``script`` element but our own JSON
  data, no ``img``/``iframe``/``object``/``embed``, no ``on...`` attribute, no URL
  attribute with a script scheme), and ``javascript:`` appears nowhere, not even as
  escaped text (its colon is written as a character reference, or ``\\u003a`` in JSON
  data inside the page).
- **Markdown, and Mermaid** (whose labels a renderer may read as HTML): no tag but our own
  ``<br/>`` (the pack's ``<`` is ``&lt;``), and no ``javascript:`` (its colon is ``\\:``).
- **DOT** is Graphviz's input, not a document: pack text stays inside quoted strings
  (``tests/heldout/test_hostile_text.py`` checks the grammar), no ``URL`` or ``href`` attribute
  carries a script scheme, and the SVG Graphviz draws from it is checked as SVG.
- **Text and JSON** are plain text and data: the strings may appear as they are (control
  characters are shown escaped in text; ``tests/heldout/test_hostile_text.py``).

Each markup output must also carry the payload in its escaped form, so that the audit
cannot pass on an output that left the pack's text out.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from macrograph.rules import episodes, fields, models, overlay, volatility
from macrograph.rules import info as pack_info
from macrograph.rules.pack import bundled_pack_dir
from tests.packfactory import Cli

PAYLOAD = (
    ' <script>alert(1)</script> <a href="javascript:alert(2)">x</a> <img src=x onload=alert(3)>'
)
SCRIPT_URL = re.compile(r"(?i)(?:java|vb)script:")
URL_ATTRIBUTES = {"href", "xlink:href", "src", "action", "formaction", "data", "poster", "srcdoc"}
EMBEDDING = {"img", "iframe", "object", "embed"}
MARKDOWN_TAG = re.compile(r"<(?!br/>)[A-Za-z/!?]")
DOT_URL = re.compile(r'(?i)\b(?:URL|href)="[^"]*script:')
DRAWS = ("--draws", "40", "--seed", "1")
# a written episode and one from the calendar: every kind of episode text, without fitting
# and scoring the whole event base in each format
EPISODES = ("boj-hike-dec-2025", "boj-2013-01-22")


def text_fields() -> set[str]:
    """The names of the pack language's free-text fields (typed ``Text``), in every model."""
    text, other = set(), set()
    for module in (fields, models, pack_info, volatility, episodes, overlay):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel) and value is not BaseModel:
                for name, info in value.model_fields.items():
                    typed = repr(info.annotation) + repr(info.metadata)
                    (text if "max_length=20000" in typed else other).add(name)
    # 'name' is a region's name (text) and a branch's name (a word): only regions' is text.
    assert text & other == {"name"}, "a field name is text in one model and not in another"
    return text - {"name"}


def _poison(tree: Any, fields: set[str], key: str | None = None, parent: str | None = None) -> None:
    if isinstance(tree, dict):
        for k in list(tree):
            textual = k in fields or (k == "name" and parent == "regions")
            if isinstance(tree[k], str) and textual:
                tree[k] += PAYLOAD
            else:
                _poison(tree[k], fields, k, key)
    elif isinstance(tree, list):
        for i, item in enumerate(tree):
            if isinstance(item, str) and key in fields:
                tree[i] = item + PAYLOAD
            else:
                _poison(item, fields, key, parent)


def hostile_pack(folder: Path) -> Path:
    """The bundled pack with the payload in every text field, written into ``folder``."""
    shutil.copytree(bundled_pack_dir(), folder)
    fields, node_ids = text_fields(), []
    for file in sorted(folder.rglob("*.yaml")):
        # libyaml's C loader and dumper: the same data as a round trip through ruamel, which
        # keeps the layout too but takes ten times as long
        tree = yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        _poison(tree, fields)
        node_ids += [n["id"] for n in tree.get("nodes") or []]
        for rule in tree.get("rules") or []:
            if rule["kind"] == "classify":
                rule["labels"] = [w + PAYLOAD for w in ("easing", "neutral", "tightening")]
        if file.name == "pack.yaml":
            info = tree["pack"]
            info["regions"] = [{"id": r, "name": r + PAYLOAD} for r in ("JP", "US", "global")]
            info["groups"] = [{"heading": "All" + PAYLOAD, "nodes": sorted(node_ids)}]
            units = {u["id"]: u for u in info.get("units") or []}  # the pack's own, and one
            units["usd_bn"] = {
                "id": "usd_bn",
                "symbol": "<script>",
                "suffix": "<b>",
                "thousand": "tn<i>",
            }
            info["units"] = list(units.values())
        with file.open("w", encoding="utf-8") as out:
            yaml.dump(
                tree, out, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=10**6
            )
    return folder


@pytest.fixture(scope="module")
def audit_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_pack(tmp_path_factory.mktemp("audit") / "pack")


def commands(out: Path) -> list[tuple[str, ...]]:
    """Every command in every format it has, each writing into ``out``."""
    runs: list[tuple[str, ...]] = []
    for fmt in ("text", "md", "html", "json"):
        runs += [
            ("whatif", "boj-skips", *DRAWS, "--format", fmt, "-o", f"{out}/whatif.{fmt}"),
            (
                "whatif",
                "december-2025",
                "--weighted",
                *DRAWS,
                "-o",
                f"{out}/weighted.{fmt}",
                "--format",
                fmt,
            ),
            (
                "whatif",
                "boj-skips",
                "--against-overlay",
                "article",
                *DRAWS,
                "--format",
                fmt,
                "-o",
                f"{out}/views.{fmt}",
            ),
            (
                "explain",
                "usd_jpy",
                "--scenario",
                "boj-skips",
                *DRAWS,
                "--format",
                fmt,
                "-o",
                f"{out}/explain.{fmt}",
            ),
            ("backtest", *EPISODES, *DRAWS, "--format", fmt, "-o", f"{out}/backtest.{fmt}"),
        ]
    runs += [("brief", *DRAWS, "-o", f"{out}/brief.{fmt}") for fmt in ("md", "html")]
    for view in ("chain", "map", "diff"):
        runs += [
            ("diagram", "boj-skips", "--view", view, "-o", f"{out}/{view}.{f}")
            for f in ("dot", "svg")
        ]
    runs.append(("diagram", "boj-skips", "--steps", f"{out}/steps", "-o", f"{out}/frames.svg"))
    runs.append(("lesson", "boj-skips", *DRAWS, "-o", f"{out}/lesson.html"))
    for fmt in ("mermaid", "graphml", "json", "dot"):
        runs.append(("export", "--format", fmt, "-o", f"{out}/export.{fmt}"))
        runs.append(("export", "boj-skips", "--format", fmt, "-o", f"{out}/export-s.{fmt}"))
    runs += [
        ("chart", "boj-skips", *DRAWS, "--kind", k, "-o", f"{out}/chart-{k}.svg")
        for k in ("fan", "moves")
    ]
    runs += [
        ("calibrate", *EPISODES, "--draws", "0", "--format", f, "-o", f"{out}/fit-{f}.yaml")
        for f in ("text", "md")
    ]
    for what in ("nodes", "rules", "scenarios"):
        runs += [("list", what), ("list", what, "--format", "json")]
    runs += [("lint",), ("lint", "--format", "json"), ("loops",), ("loops", "--format", "json")]
    runs += [
        ("paths", "boj_policy_rate", "usd_jpy"),
        ("paths", "boj_policy_rate", "usd_jpy", "--format", "json"),
    ]
    return runs


class _Markup(HTMLParser):
    """What in a page could run: elements and attributes that pack text must never make."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value and SCRIPT_URL.search(value):
                self.found.append(f"<{tag} {name}={value[:30]}>")
        if tag in EMBEDDING:
            self.found.append(f"<{tag}>")
        if tag == "script":
            self.script = dict(attrs).get("type") or "text/javascript"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.script not in (None, "application/json") and "alert(" in data:
            self.found.append("a script with pack text")


def markup_found(path: Path, text: str) -> list[str]:
    """What in ``text`` (the output at ``path``) could execute, as the format reads it."""
    found = [f"raw {m.group(0)}" for m in SCRIPT_URL.finditer(text)]
    if path.suffix in (".html", ".svg", ".graphml"):
        parser = _Markup()
        parser.feed(text)
        parser.close()
        return found + parser.found
    if path.suffix in (".md", ".mermaid"):
        return found + [
            f"tag {text[m.start() : m.start() + 12]}" for m in MARKDOWN_TAG.finditer(text)
        ]
    if path.suffix == ".dot":
        return [f"link {m.group(0)[:40]}" for m in DOT_URL.finditer(text)]
    return []


@pytest.mark.slow
def test_no_pack_text_becomes_markup_in_any_output(
    cli: Cli, audit_pack: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    suffixes = {"md": ".md", "html": ".html", "json": ".json"}
    for number, args in enumerate(commands(out)):
        run = cli(*args, "--pack", str(audit_pack))
        assert run.code == 0, f"{' '.join(args)}: {run.stderr}"
        fmt = args[args.index("--format") + 1] if "--format" in args else "text"
        name = f"stdout-{number:02d}-{args[0]}{suffixes.get(fmt, '.txt')}"
        (out / name).write_text(run.stdout, encoding="utf-8")  # calibrate reports here
    outputs = sorted(p for p in out.rglob("*") if p.is_file())
    markup = [
        p
        for p in outputs
        if p.suffix in (".html", ".svg", ".graphml", ".md", ".mermaid")
        and not p.name.startswith("stdout-")
    ]
    assert {p.suffix for p in outputs} >= {".html", ".svg", ".graphml", ".md", ".mermaid", ".dot"}
    problems = {}
    for path in outputs:
        text = path.read_text(encoding="utf-8")
        found = markup_found(path, text)
        if found:
            problems[str(path.relative_to(out))] = sorted(set(found))[:5]
    assert problems == {}
    for path in markup:  # the payload reached each of them, escaped
        text = path.read_text(encoding="utf-8")
        assert "alert(1)" in text or "alert(3)" in text, f"{path.name} holds no pack text"


@pytest.mark.slow  # writes the audit pack (the bundled pack, every file poisoned)
def test_the_audit_pack_carries_the_payload_in_every_text_field(audit_pack: Path) -> None:
    from macrograph.rules import load_pack
    from macrograph.rules.overlay import pack_overlays

    pack = load_pack(audit_pack)
    assert all(n.label.endswith(PAYLOAD) for n in pack.nodes.values())
    assert all(r.because.endswith(PAYLOAD) for r in pack.rules.values())
    assert all(a.endswith(PAYLOAD) for n in pack.nodes.values() for a in n.aliases)
    assert all(c.text.endswith(PAYLOAD) for c in pack.claims.values())
    assert all(s.title.endswith(PAYLOAD) for s in pack.sources.values())
    assert all(s.summary.endswith(PAYLOAD) for s in pack.scenarios.values())
    assert all(e.title.endswith(PAYLOAD) for e in pack.episodes.values())
    assert all(g.heading.endswith(PAYLOAD) for g in pack.info.groups)
    [(_, article)] = pack_overlays(pack)
    assert article.overlay.title.endswith(PAYLOAD) and (article.overlay.label or "").endswith(
        PAYLOAD
    )
