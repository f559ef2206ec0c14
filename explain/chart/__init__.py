"""Charts drawn with matplotlib: the backtest, the moves and the fans."""
