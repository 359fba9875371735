"""Screening model rows: the model's opinions found as rows (screen_rows) are those found from
the features as strings, for ordinary messages, disclosures and disguise."""

from __future__ import annotations

import pytest

from bot.services.screen_model import (
    _with_letter_groups,
    level_opinion,
    word_features,
)
from bot.services.screening import Screener

MESSAGES = [
    "hello",
    "",
    "my foster carer hit me and i have bruises on my arm",
    "i want to kill myself tonight, i have been saving my pills",
    "can someone help me find a barber near my placement that does afro hair",
    "k i l l  m y s e l f 💊🔪 im 15 and hes 23 room 115",
    "the the the the the the the the the the",
]


@pytest.mark.parametrize("message", MESSAGES)
def test_rows_give_the_same_opinions_as_the_features(screener: Screener, message: str) -> None:
    model = screener.model
    assert model is not None
    analysis = screener.analyse(message)
    signals = analysis.signals()
    found = word_features(analysis.tokens)
    expected = (
        level_opinion(model.level, found | signals),
        model.theme.probabilities(_with_letter_groups(set(found), analysis.tokens)),
        model.category.probabilities(found),
    )

    for _ in range(2):  # the second time from the rows kept
        got = model.opinions(analysis.tokens, signals)
        for mine, theirs in zip(got, expected, strict=True):
            assert mine.keys() == theirs.keys()
            for key, value in theirs.items():
                assert mine[key] == pytest.approx(value, abs=1e-12)
