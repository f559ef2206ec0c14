"""The template sandbox with a clock and a size limit, for :mod:`macrograph.explain.environment`.

Jinja's sandbox keeps templates away from Python internals but not from spending
without limit: a loop over ``range(10**9)``, ``'x' * 10**10`` or a macro calling
itself. Here every call, attribute and item access, every 1,024 items of a ``range()``
and every piece of output looks at a deadline; ``range()`` is capped in length, ``*``
and ``**`` may not build values over the output limit, and the output is counted as
it is produced. Nothing uses signals or threads, so it works on any thread.

Examples
--------
>>> env = LimitedSandbox()
>>> render_limited(env, env.from_string("{{ 'ab' * 2 }}"), {})
'abab'
>>> try:
...     render_limited(env, env.from_string("{{ 'x' * 10**10 }}"), {})
... except TemplateLimit as err:
...     print(err)
builds a value of 10000000000 items; the limit is 50000000
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from jinja2 import Template
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from macrograph.rules.limits import MAX_TEMPLATE_OUTPUT, MAX_TEMPLATE_RANGE, MAX_TEMPLATE_SECONDS


class TemplateLimit(Exception):
    """A template went over a limit; the message says which, and the limit."""


class _Range:
    """A ``range()`` that looks at the clock every 1,024 items."""

    def __init__(self, env: LimitedSandbox, items: range) -> None:
        self.env, self.items = env, items

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[int]:
        for count, item in enumerate(self.items):
            if not count & 1023:
                self.env.tick()
            yield item


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox whose templates stop at a deadline and at a size."""

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = float("inf")
        self.globals["range"] = self._range

    def start_clock(self) -> None:
        """Give the next render :data:`MAX_TEMPLATE_SECONDS` from now."""
        self.deadline = time.monotonic() + MAX_TEMPLATE_SECONDS

    def tick(self) -> None:
        """Stop the template when its time is up."""
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"took longer than {MAX_TEMPLATE_SECONDS:g} s, the limit")

    def _range(self, *args: int) -> _Range:
        items = range(*args)
        if len(items) > MAX_TEMPLATE_RANGE:
            raise TemplateLimit(f"range() of {len(items)} items; the limit is {MAX_TEMPLATE_RANGE}")
        return _Range(self, items)

    def call(self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        self.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.tick()
        return super().getitem(obj, argument)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.tick()
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
            return left * right
        if _power_bits(left, right) > 4096:
            raise TemplateLimit("** builds a number of more than 4096 bits, the limit")
        return left**right


def _power_bits(base: Any, exponent: Any) -> int:
    """About how many bits ``base ** exponent`` takes (0 when not a whole-number power)."""
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0:
        return exponent * max(abs(base).bit_length() - 1, 0)
    return 0


def _check_repeat(sequence: Any, times: Any) -> None:
    """Refuse ``sequence * times`` when the result would be over the output limit."""
    if isinstance(sequence, str | list | tuple) and isinstance(times, int):
        size = len(sequence) * times
        if size > MAX_TEMPLATE_OUTPUT:
            raise TemplateLimit(
                f"builds a value of {size} items; the limit is {MAX_TEMPLATE_OUTPUT}"
            )


def render_limited(env: LimitedSandbox, template: Template, variables: dict[str, Any]) -> str:
    """Render ``template`` within the time and output limits (:class:`TemplateLimit` if not).

    Examples
    --------
    >>> from macrograph.explain.environment import make_environment
    >>> env = make_environment()
    >>> render_limited(env, env.from_string("{{ n * 2 }} of {{ n }}"), {"n": 21})
    '42 of 21'
    """
    env.start_clock()
    parts, total = [], 0
    try:
        for part in template.generate(variables):
            total += len(part)
            if total > MAX_TEMPLATE_OUTPUT:
                raise TemplateLimit(
                    f"produced more than {MAX_TEMPLATE_OUTPUT} characters, the limit"
                )
            env.tick()
            parts.append(part)
    finally:
        env.deadline = float("inf")
    return "".join(parts)
