"""The interactive lesson: one self-contained HTML page that steps through a transmission.

:mod:`.page` builds the page, :mod:`.steps` orders its steps and :mod:`.words` writes each
step's caption.
"""
