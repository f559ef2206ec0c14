"""``backtest`` and ``calibrate`` as documents: words, Markdown, HTML and typed JSON.

:mod:`.report` renders them, :mod:`.json_models` types the JSON (its schema is exported
from it), and :mod:`.fitted_pack` writes a calibration's estimates into the pack's rules.
"""
