"""Benchmark: the screen's validation figures, its speed, its size, and that it stays linear.

Prints the validation split's figures (corpus/README.md rule), messages a second and the
p50/p99 time to screen realistic 200- and 500-character messages (goal p99 < 5 ms at 500), the
model file's size, and for each adversarial pattern the milliseconds on 1,000 and 10,000
characters with their ratio (linear ≈ 10; quadratic ≈ 100).

    .venv/bin/python -m bench.screening
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from bot.content import load_content
from bot.services.screen_corpus import corpus_files, evaluate, read_records, split
from bot.services.screen_model import packaged_path
from bot.services.screening import Screener

ROOT = Path(__file__).resolve().parent.parent

PATTERNS = {
    "repeated risk word": "kill ",
    "one long word": "a",
    "words with no spaces": "iwanttodiekillmyself",
    "spaced letters": "k i l l ",
    "dotted letters": "s.u.i.",
    "stars": "k*l*",
    "misspelt unknown words": "sucidde overdosse ",
    "digits (phone matcher)": "0123456789 ",
    "leetspeak": "k1ll m3 ",
    "emoji": "💊🔪😀",
    "at signs and dots": "@a.",
    "hidden characters": "k\u200bi\u202el\u2066l ",
    "look-alike letters": "кіll mуѕеlf ",
    "arabic": "أريد أن أموت ",
    "address-like": "12 Mill Lane ",
    "email-like": "a.b+c@d.",
    "first names and surnames": "Kayla Brown ",
    "form labels": "Name: ",
    "nhs, insurance, birth dates": "nhs 943 QQ 12 dob 1/2/2009 ",
    "handles on platforms": "ps4: insta at ",
    "receipt-code-like words": "fox KITE7F3QX9MA ",
}


def best_ms(screener: Screener, text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        screener.screen(text)
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def linearity(screener: Screener) -> dict[str, dict[str, float]]:
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
    return results


def message_times(screener: Screener, texts: list[str], size: int = 500) -> dict[str, float]:
    """Screen time of `size`-character messages made from corpus texts (each measured once),
    and how many such messages one core screens a second."""
    rng = random.Random(7)
    times = []
    for _ in range(400):
        message = ""
        while len(message) < size:
            message += rng.choice(texts) + " "
        message = message[:size]
        start = time.perf_counter()
        screener.screen(message)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "messages_per_s": round(1000 * len(times) / sum(times), 1),
        "p50_ms": round(times[len(times) // 2], 2),
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 2),
        "goal_p99_ms": 5,
    }


def main() -> dict[str, object]:
    content = load_content(ROOT / "content")
    screener = Screener.from_content(content)
    records = read_records(corpus_files(ROOT / "corpus" / "screen"))
    train, validation = split(records)
    evaluation = evaluate(screener, validation)
    screener.warm_up()
    return {
        "benchmark": "screening",
        "validation": {"messages": len(validation), **evaluation.figures()},
        "targets": {
            "recall": ">= 0.98",
            "ordinary_urgent_rate": "<= 0.05",
            "ordinary_alert_rate": "<= 0.15",
            "theme_top1": ">= 0.85",
            "redaction_pass_rate": "1.0",
        },
        "speed_200_characters": message_times(screener, [r.text for r in train], 200),
        "speed_500_characters": message_times(screener, [r.text for r in train]),
        "model_file_bytes": packaged_path().stat().st_size,
        "training_messages": len(train),
        "linearity": linearity(screener),
    }


if __name__ == "__main__":
    print(json.dumps(main(), indent=2, ensure_ascii=False))
