"""Screening themes: a message's everyday theme and its harm's theme, weighed by how likely it is
a disclosure (bot/services/screen_themes.py)."""

from __future__ import annotations

import pytest

from bot.services.screen_themes import harm_themes, theme_scores
from bot.services.screening import Screener
from tests.conftest import shipped_content

CATEGORY_THEME = {"suicide_self_harm": "health", "physical_abuse": "safety", "missing": "safety"}


def _top(scores: dict[str, float]) -> str:
    return max(scores, key=scores.__getitem__)


def test_a_likely_disclosure_is_filed_under_its_harms_theme() -> None:
    scores = theme_scores({"education": 0.7, "home": 0.3}, {"safety": 1.0}, risk=0.8)

    assert _top(scores) == "safety"
    assert scores["safety"] == pytest.approx(0.8)
    assert scores["education"] == pytest.approx(0.2 * 0.7)


def test_an_unlikely_disclosure_keeps_its_everyday_theme() -> None:
    scores = theme_scores({"education": 0.7, "home": 0.3}, {"safety": 1.0}, risk=0.1)

    assert _top(scores) == "education"
    assert scores["safety"] == pytest.approx(0.1)


def test_the_weights_stay_between_nothing_and_everything() -> None:
    everyday, harm = {"money": 1.0}, {"health": 1.0}

    assert theme_scores(everyday, harm, risk=1.7) == {"money": 0.0, "health": 1.0}
    assert theme_scores(everyday, harm, risk=-0.2) == {"money": 1.0, "health": 0.0}


def test_harm_themes_follow_the_rules_categories_weighed_by_the_model() -> None:
    guess = {"suicide_self_harm": 0.6, "physical_abuse": 0.3, "missing": 0.1}

    found = harm_themes(["physical_abuse", "missing"], guess, CATEGORY_THEME)

    assert found == {"safety": pytest.approx(1.0)}


def test_harm_themes_fall_back_to_the_models_guess_when_no_rule_fired() -> None:
    guess = {"suicide_self_harm": 0.6, "physical_abuse": 0.3, "missing": 0.1}

    found = harm_themes([], guess, CATEGORY_THEME)

    assert found == {"health": pytest.approx(0.6), "safety": pytest.approx(0.4)}


def test_harm_themes_count_rule_categories_equally_when_the_model_has_no_opinion() -> None:
    found = harm_themes(["suicide_self_harm", "physical_abuse"], {}, CATEGORY_THEME)

    assert found == {"health": pytest.approx(0.5), "safety": pytest.approx(0.5)}


def test_harm_themes_ignore_categories_the_content_does_not_know() -> None:
    assert harm_themes([], {"retired_category": 1.0}, CATEGORY_THEME) == {}


def test_without_a_model_theme_keywords_decide() -> None:
    screener = Screener.from_content(shipped_content(), model=None)

    assert screener.screen("can i get a bursary for college").themes[:2] == (
        "education",
        "money",
    )
