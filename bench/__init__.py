"""Benchmarks: each prints its figures beside its baseline in the same run (make bench)."""

from __future__ import annotations

import statistics


def spread(values: list[float], digits: int = 1) -> dict[str, float]:
    """Median and range of a benchmark's rounds, as every benchmark prints them."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }
