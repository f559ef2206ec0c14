"""Rebuild pack models from their own JSON dump without running pydantic's validators.

The validated-pack cache reads back only entries whose keyed digest proves they were
written by this code for this user (see :mod:`macrograph.rules.reading.cache`), so the values
were validated when they were written. Building pydantic's validators costs a what-if's
cold start about 85 ms; this walk of the type annotations costs a few. It still checks
the shape and the leaf types (text, numbers, dates, fixed choices), so anything
unexpected raises ``ValueError`` instead of reaching the engine.
"""

from __future__ import annotations

import functools
import math
import types
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import AliasChoices, BaseModel
from pydantic.fields import FieldInfo

Builder = Callable[[Any], Any]


def build(annotation: Any, value: Any) -> Any:
    """``value`` (plain JSON data) as an instance of ``annotation``.

    Raises
    ------
    ValueError
        When the data does not fit the annotation.

    Examples
    --------
    >>> from macrograph.rules.models import Citation
    >>> build(Citation, {"basis": "seed", "claims": ["C01"]})
    Citation(basis='seed', claims=('C01',), sources=(), rationale=None)
    >>> build(Citation, {"basis": "hearsay"})
    Traceback (most recent call last):
    ValueError: 'hearsay' is not one of ('seed', 'literature', 'assumption', 'observed')
    """
    return builder(annotation)(value)


@functools.cache
def builder(annotation: Any) -> Builder:
    """A function building ``annotation`` from JSON data (made once per annotation).

    Examples
    --------
    >>> dates = builder(tuple[date, ...])
    >>> dates(["2025-01-06"]), builder(tuple[date, ...]) is dates
    ((datetime.date(2025, 1, 6),), True)
    """
    origin = get_origin(annotation)
    if origin is Annotated:
        return builder(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return _union(get_args(annotation))
    if origin is Literal:
        return functools.partial(_choice, get_args(annotation))
    if origin in (tuple, list, dict):
        return _collection(origin, get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    leaves: dict[Any, Builder] = {date: _date, float: _float, int: _int, str: _str, bool: _bool}
    if annotation in leaves:
        return leaves[annotation]
    raise TypeError(f"cannot rebuild {annotation!r}")  # a model field of a new kind


def _union(options: tuple[Any, ...]) -> Builder:
    optional = type(None) in options
    rest = [option for option in options if option is not type(None)]
    if len(rest) == 1:
        inner = builder(rest[0])
        return lambda value: None if value is None and optional else inner(value)
    kinds = {get_args(option.model_fields["kind"].annotation)[0]: option for option in rest}

    def tagged(value: Any) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, dict) or value.get("kind") not in kinds:
            raise ValueError("no kind of the union fits")
        return builder(kinds[value["kind"]])(value)

    return tagged


def _collection(origin: Any, args: tuple[Any, ...]) -> Builder:
    if origin is dict:
        item = builder(args[1])
        return lambda value: {_str(k): item(v) for k, v in _of(dict, value).items()}
    if origin is list:
        item = builder(args[0])
        return lambda value: [item(v) for v in _of(list, value)]
    if len(args) == 2 and args[1] is Ellipsis:
        item = builder(args[0])
        return lambda value: tuple([item(v) for v in _of(list, value)])
    items = [builder(arg) for arg in args]

    def fixed(value: Any) -> tuple[Any, ...]:
        if len(_of(list, value)) != len(items):
            raise ValueError(f"expected {len(items)} items")
        return tuple([make(v) for make, v in zip(items, value, strict=True)])

    return fixed


def _model(model: type[BaseModel]) -> Builder:
    fields = {name: builder(_annotation(f.annotation)) for name, f in model.model_fields.items()}
    required = {name for name, f in model.model_fields.items() if f.is_required()}
    if not _plain(model):
        return functools.partial(_constructed, model, fields, required)
    order = tuple(fields.items())
    constant, varying = _defaults(model)
    new, put = model.__new__, object.__setattr__

    def construct(value: Any) -> BaseModel:
        given = _given(model, value, required, fields)
        values = _filled(order, given, constant, varying)
        made = new(model)
        put(made, "__dict__", values)
        put(made, "__pydantic_fields_set__", set(given))
        put(made, "__pydantic_extra__", None)
        put(made, "__pydantic_private__", None)
        return made

    return construct


def _filled(
    order: tuple[tuple[str, Builder], ...],
    given: dict[str, Any],
    constant: dict[str, Any],
    varying: dict[str, FieldInfo],
) -> dict[str, Any]:
    """A model's field values as ``model_construct`` orders them (the model's order) for a
    model without aliases, hooks or extra fields: each built from ``given``, else its default
    (those pydantic would not copy made once, the others as pydantic makes them)."""
    values: dict[str, Any] = {}
    for name, make in order:
        if name in given:
            values[name] = make(given[name])
        elif name in constant:
            values[name] = constant[name]
        elif name in varying:
            values[name] = varying[name].get_default(
                call_default_factory=True, validated_data=values
            )
    return values


def _constructed(
    model: type[BaseModel], fields: dict[str, Builder], required: set[str], value: Any
) -> BaseModel:
    """``value`` built field by field and passed to pydantic's ``model_construct``."""
    given = _given(model, value, required, fields)
    return model.model_construct(**{k: fields[k](v) for k, v in given.items()})


def _given(
    model: type[BaseModel], value: Any, required: set[str], fields: dict[str, Builder]
) -> dict[str, Any]:
    """``value`` as a model's fields: a dict with every required field and no unknown one."""
    given: dict[str, Any] = _of(dict, value)
    if not required <= given.keys() <= fields.keys():
        raise ValueError(f"fields of {model.__name__} missing or unknown")
    return given


def _plain(model: type[BaseModel]) -> bool:
    """Whether ``model_construct`` on ``model`` only orders its fields and fills defaults:
    no root model, no post-init hook (nor private attributes, which bring one), no extra
    fields kept, and no alias that could take the value given under a field's name."""
    if model.__pydantic_root_model__ or model.__pydantic_post_init__:
        return False
    if model.model_config.get("extra") == "allow":
        return False
    names = set(model.model_fields)
    for f in model.model_fields.values():
        options = (
            f.validation_alias.choices
            if isinstance(f.validation_alias, AliasChoices)
            else [f.validation_alias]
        )
        if not all(
            o is None or (isinstance(o, str) and o not in names) for o in [f.alias, *options]
        ):
            return False
    return True


def _defaults(model: type[BaseModel]) -> tuple[dict[str, Any], dict[str, FieldInfo]]:
    """The defaults of ``model``'s optional fields: those pydantic hands out as they are
    (immutable values: the copy it makes of them is the value itself), and the others,
    made anew for each instance as pydantic makes them."""
    constant: dict[str, Any] = {}
    varying: dict[str, FieldInfo] = {}
    for name, f in model.model_fields.items():
        if f.is_required():
            continue
        if f.default_factory is None and f.get_default(call_default_factory=False) is f.default:
            constant[name] = f.default
        else:
            varying[name] = f
    return constant, varying


def _annotation(annotation: Any) -> Any:
    if annotation is None:
        raise TypeError("a model field without an annotation")
    return annotation


def _of(kind: type, value: Any) -> Any:
    if not isinstance(value, kind):
        raise ValueError(f"expected a {kind.__name__}")
    return value


def _choice(options: tuple[Any, ...], value: Any) -> Any:
    if value not in options:
        raise ValueError(f"{value!r} is not one of {options}")
    return value


def _date(value: Any) -> date:
    return date.fromisoformat(_of(str, value))


def _float(value: Any) -> float:
    if type(value) is float and math.isfinite(value):
        return value  # the common case, first: what float() would give
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("expected a finite number")
    return float(value)


def _int(value: Any) -> int:
    if type(value) is int:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("expected a whole number")
    return value


def _str(value: Any) -> str:
    if type(value) is str:
        return value  # the common case, first: what str() would give
    return str(_of(str, value))


def _bool(value: Any) -> bool:
    return bool(_of(bool, value))
