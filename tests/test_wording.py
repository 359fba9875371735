"""Wording: every sentence a young person reads is plain (S-03), and fixed where it must be."""

from __future__ import annotations

import re

import pytest
import textstat

from bot.content import Content, Wording
from bot.domain import Audience
from tests.conftest import shipped_content

# Flesch-Kincaid grade 6 is reading age 11-12 (textstat's formula, with the CMU dictionary's
# syllables); the texts read when someone may not be safe must be simpler still.
MAX_GRADE = 6.0
MAX_GRADE_SAFETY = 5.0
SAFETY_TEXTS = {
    "crisis_reply",
    "crisis_privacy",
    "crisis_saved",
    "crisis_not_saved",
    "check_intro",
    "contact_question",
    "contact_how_question",
    "contact_other_prompt",
    "contact_saved",
    "contact_saved_here",
    "contact_declined",
    "delete_kept_for_safety",
    "help_intro",
    "help_heading",
    "help_hint",
}


def flesch_kincaid_grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


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
    assert MAX_GRADE_SAFETY < MAX_GRADE <= 6


def content_texts(content: Content) -> list[tuple[str, str]]:
    """The council's own words a young person reads: the pledge, the local offer, the
    meetings and the help numbers, in every audience's version."""
    found: list[tuple[str, Wording]] = [
        ("pledge.intro", content.pledge.intro),
        ("offer.intro", content.offer.intro),
        ("meetings.how_to_take_part", content.meetings.how_to_take_part),
    ]
    for p in content.pledge.promises:
        found += [(f"pledge.{p.id}.title", p.title), (f"pledge.{p.id}.text", p.text)]
    for area in content.offer.areas:
        found.append((f"offer.{area.id}.intro", area.intro))
        for item in area.items:
            found += [(f"offer.{item.id}.what", item.what), (f"offer.{item.id}.how", item.how)]
    for number in content.safeguarding.help_numbers:
        found.append((f"help.{number.id}", number.about))
    return [(name, w.for_(a)) for name, w in found for a in Audience]


@pytest.mark.parametrize(
    ("name", "text"),
    sorted(set(texts_with_names() + content_texts(shipped_content()))),
    ids=lambda v: str(v)[:30],
)
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
