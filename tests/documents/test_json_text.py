"""Every command's JSON is json.dumps's indented text, byte for byte, however it is made."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from macrograph.explain.files import json_text

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


@pytest.mark.slow
@settings(max_examples=100, derandomize=True, database=None)
@given(VALUES)
def test_json_is_what_json_dumps_indents(value: Any) -> None:
    assert json_text(value) == json.dumps(value, indent=2, sort_keys=True, allow_nan=False)


def test_edges_of_the_json_read_as_json_dumps_writes_them() -> None:
    edges = {"e": {}, "l": [], "n": [[], {}], "x": [2.5e-05, 1e16, -0.0, 1e-300], "t": "é\u202e\n"}
    assert json_text(edges) == json.dumps(edges, indent=2, sort_keys=True)
    assert '"t": "\\u00e9\\u202e\\n"' in json_text(edges)  # ASCII: no control reaches a terminal
