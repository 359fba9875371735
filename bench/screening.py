"""Benchmark: screening stays linear on hostile input (checklist I-07).

For each adversarial pattern, times screen() on 1,000 and 10,000 characters and prints the
milliseconds and the growth ratio (linear ≈ 10; quadratic would be ≈ 100).

    .venv/bin/python -m bench.screening
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from bot.content import load_content
from bot.services.screening import Screener

ROOT = Path(__file__).resolve().parent.parent

PATTERNS = {
    "repeated risk word": "kill ",
    "one long word": "a",
    "digits (phone matcher)": "0123456789 ",
    "leetspeak": "k1ll m3 ",
    "emoji": "💊🔪😀",
    "at signs and dots": "@a.",
    "hidden characters": "k\u200bi\u202el\u2066l ",
    "address-like": "12 Mill Lane ",
    "email-like": "a.b+c@d.",
}


def best_ms(screener: Screener, text: str, repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        screener.screen(text)
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def main() -> dict[str, object]:
    content = load_content(ROOT / "content")
    screener = Screener(content.safeguarding.categories, content.themes.themes)
    results = {}
    for name, unit in PATTERNS.items():
        small = (unit * 10_000)[:1_000]
        large = (unit * 10_000)[:10_000]
        small_ms, large_ms = best_ms(screener, small), best_ms(screener, large)
        results[name] = {
            "ms_1k": round(small_ms, 2),
            "ms_10k": round(large_ms, 2),
            "growth_10x_input": round(large_ms / max(small_ms, 1e-6), 1),
        }
    worst = max(r["ms_10k"] for r in results.values())
    return {
        "benchmark": "screening",
        "goal_ms_10k": 50,
        "worst_ms_10k": worst,
        "patterns": results,
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
