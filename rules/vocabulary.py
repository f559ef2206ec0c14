"""The rule language's closed vocabularies, with nothing to import (the CLI's options use them).

Examples
--------
>>> "carry" in CHANNELS and "pct_change" in UNITS
True
"""

NODE_KINDS = ("policy_action", "rate", "flow", "asset", "indicator", "stance")
REGIONS = ("US", "JP", "global")
UNITS = (
    "pct",  # a level in percent; its changes are in percentage points
    "bp",
    "pp",
    "usd_bn",
    "usd_tn",
    "jpy_tn",
    "pct_change",  # a price: changes are percent changes from the baseline
    "pct_gdp",
    "index",
    "prob",
    "stance",
)
CHANNELS = (
    "policy",
    "pass_through",
    "identity",
    "expectations",
    "liquidity",
    "portfolio",
    "carry",
    "fx",
    "valuation",
    "risk_appetite",
    "inflation",
    "fiscal",
    "reaction",
    "stance",
)
RULE_KINDS = ("linear", "integrate", "threshold", "classify")

__all__ = ["CHANNELS", "NODE_KINDS", "REGIONS", "RULE_KINDS", "UNITS"]
