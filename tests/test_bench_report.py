"""The report benchmark measures a quarter inside a year of items (issue 13 found an older one
that put every item in the period), and reports the same figures the README quotes."""

from __future__ import annotations

from bench import report


async def test_the_report_benchmark_times_one_quarter_of_a_year_of_items() -> None:
    result = await report.measure(4000)

    assert result["items"] == 4000
    in_period = result["items_in_period"]
    assert isinstance(in_period, int)
    assert 800 < in_period < 1200  # about a quarter of the year's items, not all of them
    for figure in ("build_ms", "html_total_ms"):
        timing = result[figure]
        assert isinstance(timing, dict)
        assert 0 < timing["min"] <= timing["median"] <= timing["max"]
    assert isinstance(result["pdf_bytes"], int)
    assert result["pdf_bytes"] > 10_000
