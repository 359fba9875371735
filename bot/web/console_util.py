"""Small things every console page shares: who a message is from, and dates in queries."""

from __future__ import annotations

from datetime import date

AUDIENCE = {"in_care": "In care", "care_leaver": "Care leaver", "carer": "Carer"}


def day_of(text: str | None) -> date | None:
    """A YYYY-MM-DD from a query, or None (missing or not a date)."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
