"""Charts drawn with matplotlib: the backtest, the moves and the fans.

From the data to the page: :mod:`~.figures` works out what the charts show from a result
(a :class:`~.figures.ChartPlan`: bars, panels, titles, and :mod:`~.words` their moves in
words for a screen reader) and draws it; :mod:`~.moves` and :mod:`~.drawing` are the
drawing itself (matplotlib loads on first use); :mod:`~.beside` draws them in a process
forked before the run they chart; :mod:`~.shown` is what a document shows of them and
:mod:`~.placed` puts them on the page, inline in HTML or in files beside a Markdown note.
"""
