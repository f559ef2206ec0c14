"""The one Jinja environment every narrative, explanation and briefing note is written with.

- ``StrictUndefined``: a template that uses a value its context does not have fails loudly;
  printing ``None`` fails too (``finalize``), so a missing value never reads as "None".
- Autoescaping for every HTML template (``*.html``, ``*.html.j2``, ``*.htm``, ``*.xml``,
  ``*.svg``): pack text such as labels and ``because`` phrases is data, never markup.
  Markdown templates escape pack text with the ``md`` filter; the number filters
  (``move``, ``level``...) escape their text themselves there, as it carries the unit's
  symbol and suffixes, which a pack may declare.
- Control characters and bidirectional overrides in printed values are shown escaped
  (``\\x1b``, ``\\u202e``), never sent as they are.
- Sandboxed: templates, including a user's own, cannot reach Python internals, and stop
  with one line when they take longer than 10 s or produce more than 50 MB
  (:mod:`macrograph.explain.sandbox`).
- A user's ``--templates DIR`` is searched first, so its files override the bundled ones
  (package ``macrograph.templates``) by name; partials it does not override still come
  from the bundle. The bundled ones run from the code the build compiled them to
  (:mod:`macrograph.explain.compiled`); a user's are compiled when they are rendered.

Examples
--------
>>> env = make_environment()
>>> env.get_template("whatif.html.j2").environment.autoescape("whatif.html.j2")
True
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from macrograph.explain.errors import TemplateProblem, UnknownFormatError
from macrograph.explain.filters import FILTERS, band, band_ends
from macrograph.explain.formats import WORDS
from macrograph.explain.terminal import visible
from macrograph.explain.textfilters import html_text, md, wrap_uncited
from macrograph.rules.english.forms import attributive

if TYPE_CHECKING:
    import jinja2

ESCAPED_SUFFIXES = (".html", ".htm", ".xml", ".svg")
# the filters whose text carries a unit's symbol (and ``band``, set apart below)
UNIT_FILTERS = ("distance", "gap", "level", "level_beside", "move", "size")
TEMPLATE_PACKAGE = "macrograph.templates"


def escapes(name: str | None) -> bool:
    """True for templates whose output is HTML or XML (``.j2`` suffixes are looked through).

    Examples
    --------
    >>> escapes("brief.html.j2"), escapes("partials/prose.html.j2"), escapes("whatif.md.j2")
    (True, True, False)
    """
    if name is None:
        return False
    stem = name.removesuffix(".j2").removesuffix(".jinja")
    return stem.lower().endswith(ESCAPED_SUFFIXES)


def writes_markdown(name: str | None) -> bool:
    """True for templates whose output is Markdown (``.j2`` suffixes are looked through).

    Examples
    --------
    >>> writes_markdown("partials/prose.md.j2"), writes_markdown("whatif.txt.j2")
    (True, False)
    """
    if name is None:
        return False
    stem = name.removesuffix(".j2").removesuffix(".jinja")
    return stem.lower().endswith((".md", ".markdown"))


# A sign that opens a word and stands before a symbol ("+€27.3/MWh"): a browser may break
# the line between the two (both are prefixes to Unicode's line breaking), so a narrow table
# cell would show "+" alone above "€27.3/MWh".
SIGN_BEFORE_SYMBOL = re.compile(r"(?<![^\s(])([+\-\u2212])(?=[^\s\d.,&])")


def _escaped_in_markdown(number_filter: Any) -> Any:
    """``number_filter`` whose text is escaped (:func:`~macrograph.explain.textfilters.md`) in
    a Markdown template, and in an HTML one escaped with a sign joined to the symbol after
    it (a word joiner).

    A number's text carries its unit's symbol and suffixes, which a pack declares; HTML
    templates would escape it on printing, Markdown ones need it done here.
    """
    import jinja2

    @jinja2.pass_context
    def filtered(context: Any, *args: Any, **kwargs: Any) -> Any:
        text = number_filter(*args, **kwargs)
        if writes_markdown(context.name):
            return md(text)
        if context.eval_ctx.autoescape and SIGN_BEFORE_SYMBOL.search(text):
            from markupsafe import Markup  # loads only where HTML is made

            return Markup(joined(html_text(text)))
        return text

    return filtered


def _band_in_pieces() -> Any:
    """The ``band`` filter: in an HTML template each end of the band is a figure kept on
    one line (a ``span.ends``, the second with its 'to'), so that a narrow cell wraps between
    the ends, never inside one ('-3.0k visits' / 'a week'); escaped as the other unit
    filters are elsewhere."""
    import jinja2

    plain = _escaped_in_markdown(band)

    @jinja2.pass_context
    def filtered(context: Any, value: Any, unit: str) -> Any:
        if writes_markdown(context.name) or not context.eval_ctx.autoescape:
            return plain(context, value, unit)
        from markupsafe import Markup  # loads only where HTML is made

        low, high = (joined(html_text(e)) for e in band_ends(value, unit))
        return Markup(f'<span class="ends">{low}</span> <span class="ends">to {high}</span>')

    return filtered


def joined(escaped: str) -> str:
    """HTML ``escaped`` with a word joiner after a sign that stands before a symbol.

    Examples
    --------
    >>> joined("-€0.15/MWh to +€22.9/MWh")
    '-&#8288;€0.15/MWh to +&#8288;€22.9/MWh'
    >>> joined("-2.2 pp, well-known")
    '-2.2 pp, well-known'
    """
    return SIGN_BEFORE_SYMBOL.sub(r"\1&#8288;", escaped)


def _finalize(eval_ctx: Any, value: Any) -> Any:
    """Refuse to print None; show hidden characters escaped (``\\x1b``, ``\\u202e``).

    In HTML templates, text is escaped here, with script-scheme colons as ``&#58;``
    (:func:`macrograph.explain.textfilters.html_text`); Markup is kept as it is.
    """
    if value is None:
        raise ValueError("a value printed by the template is None")
    if isinstance(value, str):
        from markupsafe import Markup

        if isinstance(value, Markup):
            return Markup(visible(value))
        return Markup(html_text(value)) if eval_ctx.autoescape else visible(value)
    return value


def make_environment(templates_dir: Path | None = None, cited: bool = True) -> jinja2.Environment:
    """The sandboxed, strict environment with the bundled templates and the filters.

    Parameters
    ----------
    templates_dir : Path, optional
        A folder whose templates override the bundled ones of the same name.
    cited : bool
        False: prose is wrapped without its citation marks (a short answer, which lists
        no citations).

    Raises
    ------
    TemplateProblem
        When ``templates_dir`` is not a folder.

    Examples
    --------
    >>> make_environment().from_string("{{ 0.25 | move('pct') }} {{ text }}").render(text="a\x1b")
    '+25bp a\\\\x1b'
    """
    import jinja2  # jinja2, the sandbox and the loader built on it load when a template is rendered

    from macrograph.explain.compiled import BundledLoader, OverrideLoader
    from macrograph.explain.sandbox import LimitedSandbox

    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        if not Path(templates_dir).is_dir():
            raise TemplateProblem(str(templates_dir), "no such templates folder")
        loaders.append(OverrideLoader(Path(templates_dir)))
    loaders.append(BundledLoader(TEMPLATE_PACKAGE))
    env = LimitedSandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=escapes,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=jinja2.pass_eval_context(_finalize),
    )
    env.filters.update(FILTERS)
    env.filters["attributive"] = attributive  # a size before its noun: 'a 50 basis point hike'
    env.filters.update({name: _escaped_in_markdown(FILTERS[name]) for name in UNIT_FILTERS})
    env.filters["band"] = _band_in_pieces()
    if not cited:
        env.filters["wrap"] = wrap_uncited
    return env


def warm(templates_dir: Path | None = None) -> None:
    """Load what rendering will need (Jinja, the sandbox, the templates' loaders), so that a
    document rendered later starts at once: a command calls it while its draws run in
    another process.

    Examples
    --------
    >>> warm()
    """
    import jinja2.exceptions  # noqa: F401  (render's, imported here ahead of it)

    make_environment(templates_dir)


def compile_templates(into: Path | None = None) -> list[Path]:
    """Compile the bundled templates for this environment into the package's
    ``templates/compiled/`` folder, which the build ships (:mod:`macrograph.explain.compiled`),
    or into the folder ``into`` (emptied first).

    Returns
    -------
    list of Path
        The modules written, one per template.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:  # the package's own: make install
    ...     written = compile_templates(Path(tmp) / "compiled")
    ...     len(written) > 30, written[0].name.startswith("tmpl_"), written[0].parent.name
    (True, True, 'compiled')
    """
    from macrograph.explain.compiled import BundledLoader, compile_bundled

    loader = BundledLoader(TEMPLATE_PACKAGE)
    if into is not None:
        loader.compiled = into
    return compile_bundled(make_environment(), loader)


def template_name(kind: str, fmt: str) -> str:
    """The bundled name of a document kind in a format: ``whatif`` + ``md`` -> ``whatif.md.j2``.

    Examples
    --------
    >>> template_name("brief", "html")
    'brief.html.j2'
    """
    return f"{kind}.{fmt}.j2"


SUFFIX = {"text": "txt", "md": "md", "html": "html"}


def words_template(kind: str, fmt: str) -> str:
    """The template of a document in words (``text``, ``md`` or ``html``).

    Examples
    --------
    >>> words_template("explain", "text")
    'explain.txt.j2'
    """
    if fmt not in WORDS:
        raise UnknownFormatError(fmt, WORDS)
    return template_name(kind, SUFFIX[fmt])


def render(env: jinja2.Environment, name: str, context: object) -> str:
    """Render template ``name`` with the fields of the record ``context`` as its variables,
    and those of its ``header`` (:class:`~macrograph.explain.contexts.header.Header`) too.

    Raises
    ------
    TemplateProblem
        The template is missing or broken, uses a value the context does not have,
        or prints a missing value; it names the template and, when known, the line.

    Examples
    --------
    >>> import tempfile
    >>> from msgspec import defstruct
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "hi.txt.j2").write_text("{{ name }} moves {{ by | move('pct') }}")
    ...     env = make_environment(Path(folder))
    ...     render(env, "hi.txt.j2", defstruct("Hi", ["name", "by"])("a rate", 0.25))
    'a rate moves +25bp'
    """
    import jinja2
    from jinja2.exceptions import SecurityError

    from macrograph.explain.sandbox import LimitedSandbox, TemplateLimit, render_limited

    if not isinstance(context, Struct):
        raise TypeError("a template context is a Struct instance")
    variables = _variables(context)
    try:
        template = env.get_template(name)
        if isinstance(env, LimitedSandbox):
            return render_limited(env, template, variables)
        return template.render(variables)
    except jinja2.TemplateNotFound as err:
        raise TemplateProblem(name, f"template not found: {err.name}") from None
    except jinja2.TemplateSyntaxError as err:
        raise TemplateProblem(err.name or name, err.message or "syntax error", err.lineno) from None
    except (jinja2.UndefinedError, SecurityError, ValueError, TypeError, TemplateLimit) as err:
        where, line = _where(err, name)
        raise TemplateProblem(where, str(err), line) from None
    except RecursionError:
        raise TemplateProblem(name, "calls itself too deeply (a macro or include loop)") from None
    except (MemoryError, OverflowError) as err:
        where, line = _where(err, name)
        raise TemplateProblem(
            where, f"needs more memory than there is ({err or 'no memory'})", line
        ) from None


def _variables(context: Any) -> dict[str, Any]:
    """The fields of ``context``, and of its ``header`` when it has one, by name.

    Examples
    --------
    >>> from msgspec import defstruct
    >>> Top, Doc = defstruct("Top", ["draws"]), defstruct("Doc", ["header", "rows"])
    >>> sorted(_variables(Doc(Top(1000), ())).items())
    [('draws', 1000), ('header', Top(draws=1000)), ('rows', ())]
    """
    variables = {name: getattr(context, name) for name in context.__struct_fields__}
    top = variables.get("header")
    if isinstance(top, Struct):
        for name in top.__struct_fields__:
            if name in variables:
                raise TypeError(f"the context and its header both have {name!r}")
            variables[name] = getattr(top, name)
    return variables


def _where(error: Exception, name: str) -> tuple[str, int]:
    """The template (possibly a partial) and line an error was raised on, from the traceback
    Jinja rewrites to point into templates."""
    where, line = name, 0
    tb = error.__traceback__
    while tb is not None:
        path = tb.tb_frame.f_code.co_filename
        if path.endswith((".j2", ".jinja", ".html", ".txt", ".md")):
            where = path.split("/templates/")[-1] if "/templates/" in path else Path(path).name
            line = tb.tb_lineno
        tb = tb.tb_next
    return where, line
