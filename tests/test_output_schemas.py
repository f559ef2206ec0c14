"""``macrograph schema --output NAME`` describes each JSON output, and every output fits it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

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
