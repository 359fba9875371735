"""Wording: every sentence a young person reads is plain (S-03), and fixed where it must be."""

from __future__ import annotations

import re

import pyphen
import pytest

from bot.content import Wording
from tests.conftest import shipped_content

_DICTIONARY = pyphen.Pyphen(lang="en_GB")
# Flesch-Kincaid grade 8 is roughly age 13-14; the safety-critical texts must be simpler still.
MAX_GRADE = 8.0
MAX_GRADE_SAFETY = 6.5
SAFETY_TEXTS = {
    "say_notice",
    "ask_notice",
    "crisis_reply",
    "crisis_privacy",
    "crisis_saved",
    "contact_question",
    "privacy_summary",
    "not_watched",
    "help_intro",
    "delete_kept_for_safety",
}


def syllables(word: str) -> int:
    return max(1, len(_DICTIONARY.positions(word)) + 1)


def flesch_kincaid_grade(text: str) -> float:
    # A line break or bullet ends a sentence as surely as a full stop does.
    sentences = [s for s in re.split(r"[.!?:]\s|\n+|•", text) if re.search(r"[A-Za-z]", s)]
    words = re.findall(r"[A-Za-z']+", text)
    if not words:
        return 0.0
    syllable_count = sum(syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllable_count / len(words) - 15.59


# Officer-facing texts and the board report are read by council staff and councillors, not young
# people (except the refusal, which a young person who types an officer command may see).
STAFF_ONLY = re.compile(r"officer_(?!refused)|report_")
# Flesch-Kincaid means little under six words ("Happening now" scores as hard).
MIN_WORDS = 6


def texts_with_names() -> list[tuple[str, str]]:
    texts = shipped_content().texts
    found = []
    for name in type(texts).model_fields:
        if STAFF_ONLY.match(name):
            continue
        value = getattr(texts, name)
        if isinstance(value, Wording):
            for variant in value.variants():
                found.append((name, re.sub(r"\{[a-z_]+\}", "this", variant)))
    return found


def test_the_grade_formula_tells_plain_from_hard() -> None:
    plain = "We read your message. We will tell you what we did."
    hard = (
        "Notwithstanding the aforementioned considerations, institutional accountability "
        "necessitates comprehensive organisational documentation."
    )

    assert flesch_kincaid_grade(plain) < 4
    assert flesch_kincaid_grade(hard) > 15


@pytest.mark.parametrize(("name", "text"), texts_with_names(), ids=lambda v: str(v)[:30])
def test_every_text_is_plain_english(name: str, text: str) -> None:
    limit = MAX_GRADE_SAFETY if name in SAFETY_TEXTS else MAX_GRADE
    if len(text.split()) < MIN_WORDS:
        assert len(max(text.split(), key=len, default="")) <= 12, text
        return

    assert flesch_kincaid_grade(text) <= limit, f"{name}: {text}"


def test_no_text_blames_the_reader() -> None:
    blaming = re.compile(
        r"\b(you failed|your fault|invalid|illegal|error:|you must|wrong input)\b", re.I
    )
    for name, text in texts_with_names():
        assert not blaming.search(text), name
