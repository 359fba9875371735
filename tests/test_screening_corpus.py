"""Screening on the labelled corpus (corpus/screen/*.jsonl): the validation split meets the
targets, `screen --eval` reports on any file, and the shipped model is what the data trains."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.services.screen_corpus import Evaluation, Record, corpus_files, evaluate, read_records
from bot.services.screen_corpus import split as split_records
from bot.services.screen_model import ScreenModel, load_packaged, packaged_path
from bot.services.screening import Screener
from tests.conftest import ROOT, shipped_content

CORPUS = ROOT / "corpus" / "screen"


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return read_records(corpus_files(CORPUS))


@pytest.fixture(scope="module")
def validation(records: list[Record]) -> Evaluation:
    _, held_out = split_records(records)
    return evaluate(Screener.from_content(shipped_content()), held_out)


def test_the_corpus_is_big_and_covers_every_category(records: list[Record]) -> None:
    categories = {c.id for c in shipped_content().safeguarding.categories}

    assert len(records) >= 3000
    assert {r.category for r in records if r.disclosure} == categories
    assert all(r.theme for r in records)


def test_the_split_follows_the_readme_rule(records: list[Record]) -> None:
    train, held_out = split_records(records)

    assert 0.15 < len(held_out) / (len(train) + len(held_out)) < 0.23
    assert not {r.text for r in train} & {r.text for r in held_out}
    assert all(r.validation for r in held_out)


def test_validation_figures_are_printed(
    validation: Evaluation, capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        print("\nvalidation split:\n" + validation.report())  # noqa: T201 -- the report


# Strict: when a figure reaches its target, the marker must come off (the test then guards it).
BELOW_TARGET = pytest.mark.xfail(
    strict=True, reason="below the issue 11 target on the validation split; docs/screening.md"
)


@BELOW_TARGET
def test_validation_disclosures_are_caught(validation: Evaluation) -> None:
    assert validation.recall >= 0.98


def test_validation_disclosures_caught_do_not_fall_below_what_was_measured(
    validation: Evaluation,
) -> None:
    # The floor under the figure measured when this was last raised (95.5 %), so it cannot decay.
    assert validation.recall >= 0.95


def test_validation_ordinary_messages_rarely_raise_urgent(validation: Evaluation) -> None:
    assert validation.ordinary_urgent_rate <= 0.05


def test_validation_ordinary_messages_rarely_raise_any_alert(validation: Evaluation) -> None:
    assert validation.ordinary_alert_rate <= 0.15


@BELOW_TARGET
def test_validation_theme_top1(validation: Evaluation) -> None:
    assert validation.theme_top1 >= 0.85


def test_validation_theme_top1_does_not_fall_below_what_was_measured(
    validation: Evaluation,
) -> None:
    # Measured 76.9 % when the theme model learnt everyday themes from ordinary messages and the
    # harm's theme was weighed in by P(disclosure); without that weighing it falls well below.
    # 79.6 % after the round on everyday risk words (letter groups seen twice, more corpus).
    assert validation.theme_top1 >= 0.78


def test_validation_redaction(validation: Evaluation) -> None:
    assert validation.redaction_rate == 1.0


def test_screen_eval_prints_the_figures_for_any_labelled_file(tmp_path: Path) -> None:
    labelled = tmp_path / "mine.jsonl"
    rows = [
        {
            "text": "i want to kill myself",
            "kind": "disclosure",
            "category": "suicide_self_harm",
            "level": "urgent",
            "theme": "health",
            "redact": [],
            "keep": [],
        },
        {
            "text": "can i get a bus pass, ring 07700 900123",
            "kind": "ordinary",
            "category": None,
            "level": "none",
            "theme": "money",
            "redact": ["07700 900123"],
            "keep": [],
        },
    ]
    labelled.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "bot", "screen", "--eval", str(labelled)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )

    out = " ".join(result.stdout.split())
    assert "suicide_self_harm 1/1 100.0%" in out
    assert "recall overall (urgent or check) 100.0%" in out
    assert "ordinary raising check or urgent 0.0%" in out
    assert "redaction passed (1 cases) 100.0%" in out


# ---------------------------------------------------------------------------------------------
# The shipped model is the data's


def test_the_shipped_model_was_trained_on_the_current_corpus(records: list[Record]) -> None:
    from bot.services.screen_train import data_digest

    model = load_packaged()
    train, _ = split_records(records)

    assert model is not None, "run: python -m bot train-screen"
    assert model.about["data_sha256"] == data_digest(train), (
        "the corpus changed since the model was trained: run python -m bot train-screen"
    )


@pytest.mark.timeout(900)
def test_retraining_gives_the_shipped_model(records: list[Record], tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from bot.services.screen_train import train

    shipped = load_packaged()
    assert shipped is not None
    training, held_out = split_records(records)

    again = train(Screener.from_content(shipped_content(), model=None), training)
    again.save(tmp_path / "again.json.gz")
    reloaded = ScreenModel.from_bytes((tmp_path / "again.json.gz").read_bytes())

    assert reloaded.thresholds == shipped.thresholds
    for name in ("level", "theme", "category"):
        mine, theirs = getattr(reloaded, name), getattr(shipped, name)
        assert mine.classes == theirs.classes
        assert mine.index == theirs.index
        assert np.allclose(np.array(mine.weights), np.array(theirs.weights), atol=1e-3)
        assert mine.idf is not None  # tf-idf: a block without idf would score differently
        assert mine.idf == theirs.idf
    screener_a = Screener.from_content(shipped_content(), model=shipped)
    screener_b = Screener.from_content(shipped_content(), model=reloaded)
    for record in held_out[::4]:
        a, b = screener_a.screen(record.text), screener_b.screen(record.text)
        assert (a.level, a.themes[:1]) == (b.level, b.themes[:1]), record.text


def test_the_model_file_is_small_and_packaged() -> None:
    path = packaged_path()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")

    assert path.stat().st_size < 1_000_000
    assert "models/*.json.gz" in pyproject


def test_a_weaker_sign_the_model_is_sure_of_can_make_a_message_urgent() -> None:
    # A short message is never urgent on the model's word alone, so the weaker-sign route must
    # stay open: training chooses it with the model's own threshold, never "never".
    model = load_packaged()

    assert model is not None
    assert model.thresholds.weak < 1.0
