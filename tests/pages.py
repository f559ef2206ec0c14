"""Browser pages a test module keeps open: one page per way of seeing (JavaScript on or off,
motion, screen or print), set to each test's window size while blank and each test's
document loaded into it afresh.

Opening a context and its page costs Chromium a new renderer (about 0.45 s a page here);
loading a document into a page that is already open costs about 0.25 s. A test gets the page
back as a new context would give it: the page first goes to ``about:blank`` (so the next
load is a new navigation, not a reload that would restore a scroll position), the mouse is
moved off every element, and the previous test's routes and listeners are removed. A context
keeps cookies and storage between its documents; the documents tested here (a lesson, a
brief, a what-if) store nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.conftest import BROWSER_HANG

Size = tuple[int, int]


class Pages:
    """Pages of one ``browser`` kept for a module, keyed by how they see a document; the
    window size is set on the blank page, before the document loads, as a new context would
    have it."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self._kept: dict[tuple[Any, ...], Any] = {}
        self._undo: list[Callable[[], None]] = []

    def page(self, size: Size, javascript: bool = True, still: bool = True, media: str = "") -> Any:
        """A blank page at ``size`` (with JavaScript or not; without motion when ``still``;
        in ``media`` such as print when given), ready to be sent to a document."""
        key = (javascript, still, media)
        page = self._kept.get(key)
        if page is None:
            context = self.browser.new_context(
                java_script_enabled=javascript,
                viewport={"width": size[0], "height": size[1]},
                reduced_motion="reduce" if still else "no-preference",
            )
            page = context.new_page()
            page.set_default_timeout(BROWSER_HANG)
            if media:
                page.emulate_media(media=media)
            self._kept[key] = page
        self.release()
        page.goto("about:blank")
        if page.viewport_size != {"width": size[0], "height": size[1]}:
            page.set_viewport_size({"width": size[0], "height": size[1]})
        page.mouse.move(0, 0)
        return page

    def on(self, page: Any, event: str, handler: Callable[..., Any]) -> None:
        """Listen to ``event`` of ``page`` until the page is next handed out."""
        page.on(event, handler)
        self._undo.append(lambda: page.remove_listener(event, handler))

    def route(self, page: Any, handler: Callable[..., Any]) -> None:
        """Route every request of ``page`` to ``handler`` until the page is next handed out."""
        page.route("**/*", handler)
        self._undo.append(lambda: page.unroute("**/*"))

    def release(self) -> None:
        """Remove the listeners and routes set since the last page was handed out."""
        while self._undo:
            self._undo.pop()()

    def close(self) -> None:
        """Close every kept page's context."""
        self.release()
        for page in self._kept.values():
            page.context.close()
        self._kept.clear()
