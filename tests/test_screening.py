"""Screening: every disclosure in the v2 corpus is caught; false alarms and theme accuracy are
reported; hidden characters, look-alike letters, spaced letters, misspellings and text-speak are
seen through; the screen command's level and urgent agree; details are redacted."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.screen_model import Thresholds
from bot.services.screening import (
    Level,
    Screener,
    hidden_characters,
    normalise,
    redact,
    show_hidden,
)
from tests.conftest import ROOT, shipped_content
from tests.corpus.screening import BENIGN, DISCLOSURES


def test_the_corpus_is_big_enough() -> None:
    assert len(DISCLOSURES) + len(BENIGN) >= 60
    assert len({c for _, c in DISCLOSURES}) >= 8


@pytest.mark.parametrize(
    ("message", "category"), DISCLOSURES, ids=[m[:30] for m, _ in DISCLOSURES]
)
def test_every_disclosure_is_caught(screener: Screener, message: str, category: str) -> None:
    result = screener.screen(message)

    assert result.urgent
    assert category in result.categories


def test_false_alarm_rate_and_theme_accuracy_are_reported(
    screener: Screener, capsys: pytest.CaptureFixture[str]
) -> None:
    caught = sum(1 for text, _ in DISCLOSURES if screener.screen(text).urgent)
    results = [(screener.screen(text), theme) for text, theme in BENIGN]
    false_alarms = [text for (r, _), (text, _) in zip(results, BENIGN, strict=True) if r.urgent]
    top_two = sum(1 for r, theme in results if theme in r.themes[:2])
    rate = len(false_alarms) / len(BENIGN)
    accuracy = top_two / len(BENIGN)

    with capsys.disabled():
        print(  # noqa: T201 -- the report this test exists to give
            f"\nscreening corpus v1: disclosures caught {caught}/{len(DISCLOSURES)}; "
            f"false alarms {len(false_alarms)}/{len(BENIGN)} ({rate:.0%}): {false_alarms}; "
            f"theme in top two {top_two}/{len(BENIGN)} ({accuracy:.0%})"
        )
    # Recall is absolute (above); these bounds only stop precision and themes quietly decaying.
    assert rate <= 0.15
    assert accuracy >= 0.6


def test_benign_uses_of_kill_and_die_are_not_alarms(screener: Screener) -> None:
    for text in (
        "this homework is killing me lol",
        "I killed it at football today",
        "my phone died again",
        "I'd die for a pizza",
    ):
        assert not screener.screen(text).urgent, text


def test_a_few_everyday_words_never_ask_if_a_child_is_safe(screener: Screener) -> None:
    # Two or three known words must not lean on the model as hard as a paragraph does: "again"
    # and "sorry" are common in disclosures, and alone they mean nothing.
    everyday = ("hello again", "hi", "thanks", "ok", "yes", "sorry", "im bored", "again", "test")
    raised = [text for text in everyday if screener.screen(text).level is not Level.NONE]
    assert raised == []


@pytest.mark.parametrize(
    "disguised",
    [
        "kill\u200bmyself",
        "k\u200bi\u200bl\u200bl my\u00adself",
        "\u2066kill myself\u2069",
        "\u202eflesym llik\u202c",
        "".join(chr(ord(c) + 0xFEE0) for c in "kill myself").replace("\uff00", " "),  # full width
        "KiLlLlL MySeLf!!!",
        "k!ll my$elf",
        "su1c1d3",
        "kill_myself",
        "want.to.die",
    ],
)
def test_hidden_characters_leetspeak_and_repeats_are_seen_through(
    screener: Screener, disguised: str
) -> None:
    assert screener.screen(disguised).urgent


def test_hidden_characters_are_named_and_shown_to_officers() -> None:
    text = "kill\u200bmy\u202eself"

    assert hidden_characters(text) == ["RIGHT-TO-LEFT OVERRIDE", "ZERO WIDTH SPACE"]
    assert show_hidden(text) == "kill⟦U+200B⟧my⟦U+202E⟧self"


def test_normalising_keeps_words_comparable() -> None:
    assert normalise("Killing MYSELF!!") == normalise("kill myself")
    assert normalise("help!") == ["help"]


def test_themes_are_suggested_most_likely_first(screener: Screener) -> None:
    result = screener.screen("my social worker never calls and my placement is rubbish")

    assert result.themes[0] == "workers"
    assert screener.screen("a career in nursing, is there an apprenticeship").themes[0] == (
        "work_training"
    )


def test_the_category_theme_leads_when_a_message_is_urgent(screener: Screener) -> None:
    result = screener.screen("my foster dad hits me and i hate living in this house")

    assert result.urgent
    assert result.themes[0] == "safety"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring me on 07700 900123", "ring me on [phone number]"),
        ("call +44 7700 900456 please", "call [phone number] please"),
        ("landline 01632 960123", "landline [phone number]"),
        ("email me at zed.q+care@example.co.uk", "email me at [email]"),
        ("see https://example.com/my/page?x=1", "see [link]"),
        ("add me @zeddy_q on there", "add me [username] on there"),
        ("I live at 12 Acacia Avenue", "I live at [address]"),
        ("flat 3, 27 Mill Lane now", "[address] now"),
        ("postcode NB1 2AB", "postcode [postcode]"),
        ("I'm 15 and I've moved 3 times", "I'm 15 and I've moved 3 times"),
        ("the meeting on 2026-11-22 or 22/11/2026", "the meeting on 2026-11-22 or 22/11/2026"),
        ("I got 9 8 7 6 in my exams", "I got 9 8 7 6 in my exams"),
        ("up to £1,200 a year", "up to £1,200 a year"),
    ],
)
def test_identifying_details_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


_ANY_TEXT_SCREENER: list[Screener] = []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_screening_never_crashes_on_any_text(text: str) -> None:
    if not _ANY_TEXT_SCREENER:
        _ANY_TEXT_SCREENER.append(Screener.from_content(shipped_content()))
    result = _ANY_TEXT_SCREENER[0].screen(text)

    assert isinstance(result.redacted, str)
    assert result.urgent == (result.level is Level.URGENT)
    assert (result.level is Level.NONE) <= (result.categories == ())


def screen_command(lines: str) -> list[dict[str, Any]]:
    """`python -m bot screen` on these lines: one JSON object back per line."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "screen"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_screen_command_writes_one_json_object_per_line() -> None:
    lines = "I want to k1ll myself\nmy social worker never rings, call 07700 900123\nhello\n"

    records = screen_command(lines)
    assert [r["urgent"] for r in records] == [True, False, False]
    assert [r["level"] for r in records] == ["urgent", "none", "none"]
    assert records[0]["categories"] == ["suicide_self_harm"]
    assert records[1]["themes"][0] == "workers"
    assert records[1]["redacted"] == "my social worker never rings, call [phone number]"
    assert set(records[2]) == {"urgent", "level", "categories", "themes", "redacted"}


def test_screen_command_urgent_is_true_exactly_when_the_level_is_urgent() -> None:
    lines = "\n".join(
        [
            "i used to self harm but im ok now",  # check
            "my carer grabbed me by the neck",  # urgent
            "أريد أن أموت",  # urgent (Arabic risk words)
            "pryd mae'r cyfarfod nesaf o'r bwrdd os gwelwch yn dda",  # check (Welsh)
            "can i get help with my bus pass",  # none
        ]
    )

    records = screen_command(lines + "\n")
    assert [r["level"] for r in records] == ["check", "urgent", "urgent", "check", "none"]
    assert all(r["urgent"] == (r["level"] == "urgent") for r in records)


def test_the_urgent_regression_alone_can_ask_a_person_to_check() -> None:
    screener = Screener.from_content(shipped_content(), model=None)
    analysis = screener.analyse("i just cant anymore")
    opinion = {"risk": 0.2, "urgent": 0.55}
    limits = Thresholds(check=0.3, urgent=0.9, weak=0.9, weak_check=0.9, urgent_check=0.5)

    assert screener.level_of(analysis, opinion, limits) == 1  # CHECK
    assert screener.level_of(analysis, opinion, Thresholds(check=0.3)) == 0
    assert screener.decide(analysis, opinion, limits)[0] is Level.CHECK
