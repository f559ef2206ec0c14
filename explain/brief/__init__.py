"""The briefing note: its context, its policy calendar and its comparison table."""
