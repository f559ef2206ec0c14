"""Exceptions of the explain layer. They carry facts; the CLI turns them into words."""

from __future__ import annotations


class ExplainError(Exception):
    """Base of the explain layer's errors."""


class DotMissingError(ExplainError):
    """Graphviz's ``dot`` is not installed, so ``fmt`` (svg, png, pdf) cannot be made."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        super().__init__(f"Graphviz 'dot' is needed for {fmt} output")


class DotFailedError(ExplainError):
    """``dot`` ran but failed or timed out; ``detail`` is its last error line."""

    def __init__(self, fmt: str, detail: str, timed_out: bool = False) -> None:
        self.fmt, self.detail, self.timed_out = fmt, detail, timed_out
        super().__init__(f"dot failed making {fmt}: {detail}")


class UnknownFormatError(ExplainError):
    """An output format that cannot be inferred or is not supported; ``what`` names the
    choice (``format``, or ``view`` for a diagram's view), ``allowed`` its values."""

    def __init__(self, given: str, allowed: tuple[str, ...], what: str = "format") -> None:
        self.given, self.allowed, self.what = given, allowed, what
        super().__init__(f"unknown {what} {given!r}")


class FormatConflictError(ExplainError):
    """An output file whose suffix names one format while ``--format`` asks for another."""

    def __init__(self, output: str, named: str, given: str) -> None:
        self.output, self.named, self.given = output, named, given
        super().__init__(f"{output} is {named} but the format asked is {given}")


class TemplateProblem(ExplainError):
    """A template that is missing, broken, or uses a value the context does not have."""

    def __init__(self, template: str, detail: str, line: int = 0) -> None:
        self.template, self.detail, self.line = template, detail, line
        super().__init__(f"template {template}: {detail}")


class OutputError(ExplainError):
    """An output that cannot be written; ``path`` is exactly as the user gave it.

    ``problem`` says what is wrong: ``is_folder``, ``no_folder``, ``not_folder``,
    ``folder_read_only``, ``read_only``, ``not_a_folder`` (a frames folder that is a
    file), ``twice`` (two outputs onto one file; ``folder`` is then the other path),
    ``also_folder`` (an output named as a file and as the folder to write others into),
    ``empty``, ``pack_file`` (a file of the pack being read; ``folder`` is the pack's), or
    ``failed`` (``detail`` is the system's reason, e.g. "No space left
    on device"). ``folder`` is the folder to blame, as the user wrote it.
    """

    def __init__(self, path: str, problem: str, detail: str = "", folder: str = "") -> None:
        self.path, self.problem, self.detail, self.folder = path, problem, detail, folder
        super().__init__(f"cannot write {path}: {problem} {folder} {detail}".rstrip())


class PackWriteError(ExplainError):
    """A rule a calibration cannot write its estimate into: ``file``, ``line`` and ``rule``
    say which, ``detail`` what to change."""

    def __init__(self, file: str, line: int, rule: str, detail: str) -> None:
        self.file, self.line, self.rule, self.detail = file, line, rule, detail
        super().__init__(f"{file}:{line}: rule {rule}: {detail}")


class BrowserMissingError(ExplainError):
    """A PDF needs what is not installed: ``missing`` is ``chromium`` (the browser that
    prints it) or ``playwright`` (the library that drives it); ``looked`` lists where the
    browser was looked for."""

    def __init__(self, missing: str, looked: tuple[str, ...] = ()) -> None:
        self.missing, self.looked = missing, looked
        super().__init__(f"a PDF needs {missing}")


class PdfFailedError(ExplainError):
    """The browser started (or tried to) but did not print; ``detail`` is its first line."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"printing the PDF failed: {detail}")


class NothingToChartError(ExplainError):
    """A chart of ``scenario`` would be empty: none of the nodes it draws moves."""

    def __init__(self, scenario: str) -> None:
        self.scenario = scenario
        super().__init__(f"nothing to chart: no key outcome of {scenario} moves")
