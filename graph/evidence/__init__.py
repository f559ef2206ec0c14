"""The pack against the record: backtests, calibration, expectations, two views."""
