"""``macrograph schema --output NAME`` describes each JSON output, and every output fits it."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import msgspec
import pytest

from macrograph.explain.output_schema import OUTPUTS as SCHEMAS
from macrograph.explain.output_schema import _as_dataclass

Cli = Callable[..., Any]

OUTPUTS = [
    ("whatif", ("whatif", "BoJ skips", "--draws", "100", "--format", "json")),
    (
        "whatif",
        ("whatif", "december-2025", "--against", "none", "--draws", "0", "--format", "json"),
    ),
    ("weighted", ("whatif", "december-2025", "--weighted", "--draws", "50", "--format", "json")),
    (
        "weighted",
        (
            "whatif",
            "december-2025",
            "--weighted",
            "--draws",
            "0",
            "--format",
            "json",
            "--probabilities",
            "hike=0.6,skip=0.4",
        ),
    ),
    ("views", ("whatif", "BoJ skips", "--against-overlay", "article", "--format", "json")),
    ("explain", ("explain", "usd_jpy", "--draws", "100", "--format", "json")),
    ("explain", ("explain", "yen_carry_positions", "--draws", "0", "--format", "json")),
    ("backtest", ("backtest", "--only", "written", "--draws", "0", "--format", "json")),
    ("export", ("export", "--format", "json")),
    ("export", ("export", "BoJ skips", "--format", "json")),
]


@pytest.mark.slow  # every JSON output made and validated
@pytest.mark.parametrize(
    ("name", "args"), OUTPUTS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else v
)
def test_each_output_fits_its_schema(cli: Cli, name: str, args: tuple[str, ...]) -> None:
    schema_out = cli("schema", "--output", name)
    assert schema_out.code == 0
    schema = json.loads(schema_out.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    out = cli(*args)
    assert out.code == 0, out.stderr
    jsonschema.Draft7Validator(schema).validate(json.loads(out.stdout))


def test_a_schema_refuses_what_does_not_fit(cli: Cli) -> None:
    schema = json.loads(cli("schema", "--output", "whatif").stdout)
    body = json.loads(cli("whatif", "BoJ skips", "--draws", "0", "--format", "json").stdout)
    body["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(body)
    del body["surprise"], body["nodes"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(body)


def undescribed(schema: Any, where: str = "") -> list[str]:
    """Every property, at any depth (definitions included), without a description."""
    found = []
    if isinstance(schema, dict):
        for name, prop in schema.get("properties", {}).items():
            text = prop.get("description", "") if isinstance(prop, dict) else ""
            if len(text.split()) < 2:  # a word or two at least, not an empty string
                found.append(f"{where}.{name}")
        for key, value in schema.items():
            found += undescribed(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            found += undescribed(value, f"{where}[{index}]")
    return found


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_field_of_every_schema_is_described(cli: Cli, name: str) -> None:
    schema = json.loads(cli("schema", "--output", name).stdout)
    properties = json.dumps(schema).count('"properties"')
    assert properties >= 1
    assert undescribed(schema) == []


def test_the_walk_finds_an_undescribed_field_however_deep() -> None:
    nested = {"definitions": {"A": {"properties": {"x": {"type": "integer"}}}}}
    assert undescribed(nested) == ["/definitions/A.x"]


def test_a_record_field_reads_as_its_python_docstring(cli: Cli) -> None:
    schema = json.loads(cli("schema", "--output", "whatif").stdout)
    surprise = schema["definitions"]["ShockInfo"]["properties"]["surprise"]["description"]
    assert "minus what was priced" in surprise
    unit = schema["definitions"]["NodeOut"]["properties"]["unit"]["description"]
    assert "percentage points" in unit


class _Held(msgspec.Struct, frozen=True):
    """A record with a default and a default factory."""

    name: str
    size: int = 3
    parts: tuple[str, ...] = msgspec.field(default_factory=tuple)


def test_a_record_is_read_as_a_dataclass_with_its_defaults_and_factories() -> None:
    made = _as_dataclass(_Held, {})
    assert dataclasses.is_dataclass(made) and made.__name__ == "_Held"
    assert made.__module__ == __name__ and made.__doc__ == _Held.__doc__
    assert made("a") == made("a", 3, ())  # the factory called, not stored as a default
    assert [f.name for f in dataclasses.fields(made)] == ["name", "size", "parts"]
