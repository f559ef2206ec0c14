"""Reading a cache entry back: the rebuild's own ``model_construct`` gives the models
pydantic's would."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from macrograph.rules import bundled_pack_dir
from macrograph.rules.pack import Pack
from macrograph.rules.reading import construct, loader
from macrograph.rules.reading.cache import _Entry, to_json


@cache
def bundled() -> tuple[Pack, bytes]:
    pack = loader.load_pack(bundled_pack_dir())
    return pack, to_json(pack, [])


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
