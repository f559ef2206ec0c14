"""Reading a cache entry back: its bytes no further than the bound, msgspec's strict JSON
refusing every non-finite number that ``json`` and the rebuild refused together, and the
rebuild's own ``model_construct`` giving the models pydantic's would."""

from __future__ import annotations

import json
import math
import os
import re
import struct
from functools import cache
from pathlib import Path
from typing import Any

import msgspec
import pytest
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from macrograph.rules import bundled_pack_dir
from macrograph.rules.errors import PackIssue
from macrograph.rules.lint.core import lint_pack
from macrograph.rules.pack import Pack
from macrograph.rules.reading import cache as cache_module
from macrograph.rules.reading import construct, loader
from macrograph.rules.reading.cache import _Entry, from_json, to_json

NON_FINITE = [b"NaN", b"Infinity", b"-Infinity", b"1e999", b"-1e999"]
PLACES = {  # a number of each part of an entry: built at load, or when first read
    "rules": b'"elasticity":',
    "episodes": b'"level":',
    "calendar": b'"change":',
}


@cache
def bundled() -> tuple[Pack, bytes]:
    pack = loader.load_pack(bundled_pack_dir())
    return pack, to_json(pack, [])


def planted(section: str, token: bytes) -> bytes:
    """The bundled pack's entry, the first number of a field of ``section`` made ``token``."""
    whole = bundled()[1]
    number = re.compile(re.escape(PLACES[section]) + rb"-?[0-9][0-9.eE+-]*")
    found = number.search(whole, whole.index(b'"%s":{' % section.encode()))
    assert found is not None
    return whole[: found.start()] + PLACES[section] + token + whole[found.end() :]


def floats(value: Any) -> list[float]:
    """Every float in ``value``: models, mappings and sequences walked."""
    if isinstance(value, float):
        return [value]
    if isinstance(value, BaseModel):
        value = dict(value)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [f for item in value for f in floats(item)]
    return []


@pytest.mark.parametrize("token", NON_FINITE, ids=lambda t: t.decode())
@pytest.mark.parametrize("section", list(PLACES))
def test_a_non_finite_number_is_refused_as_json_and_the_rebuild_refused_it(
    section: str, token: bytes
) -> None:
    """``json.loads`` took NaN, Infinity and overflowing numbers as floats and the rebuild
    refused them (a float must be finite); msgspec refuses NaN and Infinity as not JSON,
    and the rebuild still refuses an overflowing number, which msgspec will not decode.
    Refused in a section built at load, the entry is not read (a miss); in a section built
    when first read, that section is read from the pack's own files."""
    pack = bundled()[0]
    payload = planted(section, token)
    old = json.loads(payload)  # what the old reading decoded: a non-finite float
    assert not all(math.isfinite(f) for f in floats(old[section]))
    with pytest.raises(ValueError):
        construct.build(_Entry, old)  # ... and refused
    if section == "rules" or token in (b"NaN", b"Infinity", b"-Infinity"):
        with pytest.raises(ValueError):
            from_json(payload, pack.root)
        return
    again, _ = from_json(payload, pack.root)  # 1e999 in a late section: skipped at load
    late = getattr(again, section)
    assert dict(late) == dict(getattr(pack, section))  # read from the pack
    assert all(math.isfinite(f) for f in floats(dict(late)))


def test_an_entry_with_a_section_too_many_or_too_few_is_refused() -> None:
    data = json.loads(bundled()[1])
    for changed in ({**data, "extra": {}}, {k: v for k, v in data.items() if k != "where"}):
        with pytest.raises(ValueError):
            from_json(json.dumps(changed).encode(), bundled()[0].root)


def deep_same(a: Any, b: Any, path: str = "$") -> None:
    assert type(a) is type(b), path
    if isinstance(a, BaseModel):
        assert list(a.__dict__) == list(b.__dict__), path  # the order a dump and repr follow
        assert a.model_fields_set == b.model_fields_set, path
        assert (a.__pydantic_extra__, a.__pydantic_private__) == (
            b.__pydantic_extra__,
            b.__pydantic_private__,
        ), path
        a, b = a.__dict__, b.__dict__
    if isinstance(a, dict):
        assert list(a) == list(b), path
        for key in a:
            deep_same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            deep_same(x, y, f"{path}[{i}]")
    else:
        assert a == b, path


@pytest.mark.parametrize("folder", ["", "hostile_pack", "hostile_narrative_pack"])
def test_msgspec_decodes_an_entry_to_the_data_json_did(folder: str) -> None:
    """The same values of the same types, each float to the bit: what the rebuild is given
    has not changed with the decoder."""
    root = Path(__file__).parents[1] / folder if folder else bundled_pack_dir()
    pack = loader.load_pack(root)
    payload = to_json(pack, lint_pack(pack))
    deep_same(msgspec.json.decode(payload), json.loads(payload))
    floats_of = [struct.pack("<d", f) for f in floats(json.loads(payload))]
    assert [struct.pack("<d", f) for f in floats(msgspec.json.decode(payload))] == floats_of


def test_the_rebuild_makes_the_models_model_construct_makes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = json.loads(bundled()[1])
    fast = construct.build(_Entry, data)
    construct.builder.cache_clear()
    try:
        monkeypatch.setattr(construct, "_plain", lambda model: False)
        slow = construct.build(_Entry, data)
    finally:
        monkeypatch.undo()
        construct.builder.cache_clear()
    deep_same(fast, slow)
    assert fast == slow


class Plain(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    tags: tuple[str, ...] = ()
    notes: list[str] = []
    extra: dict[str, int] = Field(default_factory=dict)
    size: float = 1.0


class Aliased(BaseModel):
    from_: str | None = Field(default=None, alias="from")
    name: str = "x"


class Crossed(BaseModel):
    """A value given under ``name`` is ``model_construct``'s ``label``."""

    label: str = Field(default="", alias="name")
    name: str = ""


class Private(BaseModel):
    name: str
    _seen: int = PrivateAttr(default=0)


def test_models_model_construct_treats_otherwise_are_left_to_it() -> None:
    assert construct._plain(Plain) and construct._plain(Aliased)  # no alias is a field's name
    assert not construct._plain(Crossed) and not construct._plain(Private)
    for model, given in ((Aliased, {"from_": "a"}), (Crossed, {"name": "a"})):
        deep_same(construct.build(model, given), model.model_construct(**given))
    made = construct.build(Private, {"name": "a"})
    assert made == Private.model_construct(name="a") and made._seen == 0


def test_defaults_are_shared_only_where_pydantic_shares_them() -> None:
    one, two = (construct.build(Plain, {"name": "a"}) for _ in range(2))
    model = Plain.model_construct(name="a")
    assert one == two == model
    assert list(one.__dict__) == list(model.__dict__) == list(Plain.model_fields)
    assert one.model_fields_set == model.model_fields_set == {"name"}
    assert one.tags is two.tags  # a tuple: pydantic hands it out as it is
    assert one.notes is not two.notes and one.extra is not two.extra  # copied, made: each anew
    given = construct.build(Plain, {"size": 2.0, "name": "b"})
    assert list(given.__dict__) == list(Plain.model_fields)  # the model's order, not the data's
    assert given.model_fields_set == {"name", "size"}


def test_an_entry_that_grew_after_fstat_is_read_on_to_the_bound_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read asks for the size fstat gave and a byte more; a file that grew since (fstat
    says 10 bytes here) is read on, whole when it fits the bound, and is a miss when not."""
    entry = tmp_path / "entry.json"
    entry.write_bytes(b"x" * 1000)
    entry.chmod(0o600)
    real = os.fstat

    def stale(fd: int) -> os.stat_result:
        info = real(fd)
        return os.stat_result((*info[:6], 10, *info[7:10]))  # st_size is the seventh

    monkeypatch.setattr(os, "fstat", stale)
    assert cache_module._read_entry(entry) == b"x" * 1000
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", 999)
    assert cache_module._read_entry(entry) is None
    monkeypatch.setattr(cache_module, "MAX_ENTRY_BYTES", 1000)
    assert cache_module._read_entry(entry) == b"x" * 1000


FINDING = ["rules.yaml", 3, "r1", "lag", "a message", "warning", "W001"]


@pytest.mark.parametrize(
    ("section", "item"),
    [
        ("where", ["rules", "r1", "rules.yaml", True]),
        ("where", ["rules", "r1", "rules.yaml", 3.0]),
        ("where", ["rules", "r1", "rules.yaml"]),
        ("where", ["rules", "r1", "rules.yaml", 3, 4]),
        ("where", ["rules", 1, "rules.yaml", 3]),
        ("findings", [*FINDING[:1], "3", *FINDING[2:]]),
        ("findings", FINDING[:-1]),
    ],
)
def test_a_place_or_finding_of_another_shape_is_refused_as_the_rebuild_refused_it(
    section: str, item: list[Any]
) -> None:
    """Where the pack's objects are and the lint findings are decoded by msgspec to their
    types, not rebuilt: a bool or float for a line, a number for a text, or a tuple too
    short or long, is refused as the rebuild refuses it."""
    data = json.loads(bundled()[1])
    data[section] = [*data[section], item]
    with pytest.raises(ValueError):
        construct.build(_Entry, data)
    with pytest.raises(ValueError):
        from_json(json.dumps(data).encode(), bundled()[0].root)
    data[section] = [FINDING] if section == "findings" else data[section][:-1]
    _, findings = from_json(json.dumps(data).encode(), bundled()[0].root)
    assert findings == [PackIssue(*f) for f in data["findings"]]
