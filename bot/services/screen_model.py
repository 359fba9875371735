"""Screening model: the learned layer's features and weights, read without scikit-learn.

`python -m bot train-screen` (bot/services/screen_train.py) fits logistic regressions with
scikit-learn on corpus/screen/*.jsonl and writes their weights here as a small gzip file: a JSON
header, 8-bit weights and each feature's idf. Scoring is the same sum the regression computes:
the message's known features (words, word pairs and letter groups of the normalised text), each
weighted by its idf (how rare it was in training) and scaled so the message has length one, times
their weights, plus the bias; one regression per class against the rest, their sigmoids normalised
to sum to one. (A block without idf counts each feature 1 over the square root of their number,
at least MIN_NORM.)
"""

from __future__ import annotations

import base64
import gzip
import itertools
import json
import math
import sys
from array import array
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from bot.services.screen_rows import KnownRows

ARTEFACT = "screen_model.json.gz"
FORMAT = 2  # 1: 16-bit weights, one scale a block
LEVELS = ("none", "check", "urgent")
_MAX_GRAM_WORD = 24
# Rows are divided by the square root of their feature count, but never of fewer than this: a
# two-word message ("hi there") must not lean as hard on two weights as a paragraph does on all.
MIN_NORM = 16  # letter groups from the first 24 letters of a word: hostile input stays cheap


def _shape(tokens: Sequence[str]) -> list[str]:
    """Numbers as one word: "15" is no more a sign of harm than "16" (ages in disclosures made
    "im 15" and "room 115" look like one); the rules read what numbers say (an age gap)."""
    return [NUMBER if t.isdigit() else t for t in tokens]


NUMBER = "#"


def word_features(tokens: Sequence[str]) -> set[str]:
    """Words and word pairs (used by every model)."""
    tokens = _shape(tokens)
    found = {f"w {t}" for t in tokens}
    found.update(f"b {a} {b}" for a, b in itertools.pairwise(tokens))
    return found


def level_features(tokens: Sequence[str], signals: set[str]) -> set[str]:
    """For the level model: words, word pairs and the rules' signals (cross-validation found
    letter groups added nothing once disguise is undone, and they make the model ten times larger).
    """
    return word_features(tokens) | signals


def all_features(tokens: Sequence[str]) -> set[str]:
    """Words, word pairs, and groups of 3 to 5 letters within each word (for disguise)."""
    return _with_letter_groups(word_features(tokens), tokens)


def _with_letter_groups(found: set[str], tokens: Sequence[str]) -> set[str]:
    """`found` (the tokens' word_features) with their letter groups added, in place."""
    for token in set(_shape(tokens)):
        found.update(_letter_groups(token[:_MAX_GRAM_WORD]))
    return found


@lru_cache(maxsize=65536)
def _letter_groups(token: str) -> frozenset[str]:
    padded = f" {token} "
    return frozenset(
        "c" + padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)
    )


EVIDENCE_MARGIN = 0.15
MIN_EVIDENCE = 6  # known features below which a message is short on evidence


def level_opinion(block: Block, features: set[str]) -> dict[str, float]:
    """P(disclosure) and P(urgent), and the least of each that counts as evidence.

    A message with nothing the model knows ("hello") scores the bias alone; the corpus is half
    disclosures, so that is near one half. The floors make the model say nothing until a message
    scores clearly above an empty one.
    """
    return known_opinion(block, block.known(features), features)


def known_opinion(
    block: Block, known: Collection[int], features: set[str] | None = None
) -> dict[str, float]:
    """level_opinion() from the rows of the features the block knows (`features` is needed only
    by a block without idf)."""
    each = block.each(features or set(), known)
    opinion = {"risk": 1.0 - each.get("none", 1.0), "urgent": each.get("urgent", 0.0)}
    if len(known) < MIN_EVIDENCE:
        empty = block.empty
        opinion["risk_floor"] = 1.0 - empty.get("none", 1.0) + EVIDENCE_MARGIN
        opinion["urgent_floor"] = 1.01  # and never urgent on the model's word alone
    return opinion


# With idf, a message's length is never taken as less than this (squared): a message of two or
# three known words ("hello again") must not lean on them as hard as a paragraph does on all of
# its words. About a dozen words' worth; measured on cross-validation, it costs no recall.
MIN_IDF_LENGTH_SQUARED = 300.0


def idf_norm(rarities: Iterable[float]) -> float:
    return idf_length(sum(r * r for r in rarities))


def idf_length(squares: float) -> float:
    """A message's length from the sum of its known features' squared idf."""
    return math.sqrt(max(squares, MIN_IDF_LENGTH_SQUARED))


def row_norm(count: int) -> float:
    return math.sqrt(max(count, MIN_NORM))


def _sigmoid(score: float) -> float:
    if score >= 0:
        return 1.0 / (1.0 + math.exp(-score))
    e = math.exp(score)
    return e / (1.0 + e)


@dataclass(frozen=True)
class Block:
    """One set of logistic regressions: classes, a weight row per feature, a bias per class.

    Stored as plain lists (what the file holds); scored with numpy (_matrix).
    """

    classes: tuple[str, ...]
    index: dict[str, int]
    weights: list[tuple[float, ...]]  # one row per feature, one column per fitted class
    bias: tuple[float, ...]
    # With idf, a message is its known features weighted by how rare they were in training
    # (tf-idf), scaled to length one; without, each feature counts 1 over row_norm().
    idf: tuple[float, ...] | None = None

    @cached_property
    def _matrix(self) -> Any:
        """The weights as one array, each row times its idf, worked out once: a long message has
        hundreds of known features, and numpy sums their rows far quicker than Python can."""
        import numpy as np

        width = max(1, len(self.bias))
        matrix = np.array(self.weights, dtype=np.float64).reshape(-1, width)
        if self.idf is not None:
            matrix = matrix * np.array(self.idf, dtype=np.float64)[:, None]
        return matrix

    @cached_property
    def _idf_squared(self) -> Any:
        import numpy as np

        return np.array(self.idf or (), dtype=np.float64) ** 2

    def known(self, features: set[str]) -> list[int]:
        """The rows of the features this block knows, in the order the set gives them."""
        return [i for i in map(self.index.get, features) if i is not None]

    def _scores(self, features: set[str], found: Collection[int] | None = None) -> list[float]:
        if found is None:
            found = self.known(features)
        if not found:
            return list(self.bias)
        import numpy as np

        rows = np.fromiter(found, dtype=np.intp, count=len(found))  # once for both look-ups
        total = self._matrix.take(rows, axis=0).sum(axis=0)
        if self.idf is None:
            norm = row_norm(len(features))
        else:
            norm = idf_length(float(self._idf_squared.take(rows).sum()))
        return [b + float(t) / norm for b, t in zip(self.bias, total, strict=True)]

    def each(self, features: set[str], found: Collection[int] | None = None) -> dict[str, float]:
        """Each class's own regression against the rest (not normalised); `found`: known()."""
        scores = self._scores(features, found)
        return {c: _sigmoid(s) for c, s in zip(self.classes, scores, strict=False)}

    @cached_property
    def empty(self) -> dict[str, float]:
        """each() of a message with no features: the bias alone."""
        return self.each(set())

    def probabilities(
        self, features: set[str], found: Collection[int] | None = None
    ) -> dict[str, float]:
        """`found`: known(features), when already worked out."""
        scores = self._scores(features, found)
        if len(self.classes) == 1:
            return {self.classes[0]: 1.0}
        if len(scores) == 1:  # binary: one column, for the second class
            p = _sigmoid(scores[0])
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        # One regression per class against the rest, normalised to sum to one.
        each = [_sigmoid(s) for s in scores]
        total = sum(each) or 1.0
        return {c: p / total for c, p in zip(self.classes, each, strict=True)}

    def to_json(self) -> dict[str, Any]:
        features = sorted(self.index, key=self.index.__getitem__)
        rows = [self.weights[self.index[f]] for f in features]
        # 8 bits a weight, scaled per class: each class's largest weight is ±127. Measured on
        # 12,525 messages, 17 change level against 16 bits (either way); the file is half the size.
        scales = [
            (max((abs(row[c]) for row in rows), default=0.0) / 127) or 1.0
            for c in range(max(1, len(self.bias)))
        ]
        quantised = array(
            "b", (round(w / s) for row in rows for w, s in zip(row, scales, strict=True))
        )
        document: dict[str, Any] = {
            "classes": list(self.classes),
            "features": features,
            "scale": scales,
            "weights": base64.b64encode(quantised.tobytes()).decode("ascii"),
            "bias": list(self.bias),
        }
        if self.idf is not None:
            # idf ≥ 1 and small: two decimals are plenty, as hundredths in 16 bits.
            rare = array("H", (round(self.idf[self.index[f]] * 100) for f in features))
            if sys.byteorder != "little":
                rare.byteswap()
            document["idf"] = base64.b64encode(rare.tobytes()).decode("ascii")
        return document

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Block:
        features: list[str] = data["features"]
        bias = tuple(float(b) for b in data["bias"])
        raw = array("b")
        raw.frombytes(base64.b64decode(data["weights"]))
        scales = [float(scale) for scale in data["scale"]]
        width = max(1, len(bias))
        if len(raw) != len(features) * width or len(scales) != width:
            raise ValueError("the screening model is damaged: features and weights differ")
        weights = [
            tuple(raw[start + c] * scales[c] for c in range(width))
            for start in range(0, len(raw), width)
        ]
        idf: tuple[float, ...] | None = None
        if "idf" in data:
            rare = array("H")
            rare.frombytes(base64.b64decode(data["idf"]))
            if sys.byteorder != "little":
                rare.byteswap()
            if len(rare) != len(features):
                raise ValueError("the screening model is damaged: features and idf differ")
            idf = tuple(n / 100 for n in rare)
        return cls(
            classes=tuple(data["classes"]),
            index={f: i for i, f in enumerate(features)},
            weights=weights,
            bias=bias,
            idf=idf,
        )


@dataclass(frozen=True)
class Thresholds:
    """Chosen by cross-validation on the training split (see screen_train.py)."""

    check: float = 0.5  # P(disclosure) at or above which a message is at least "check"
    urgent: float = 0.8  # P(urgent) at or above which the model alone makes it urgent
    weak: float = 0.5  # P(disclosure) that makes a weaker sign ("knife") urgent
    weak_check: float = 0.2  # P(disclosure) that makes a weaker sign "check"
    # P(urgent) at or above which the model alone makes a message "check": the urgent regression
    # sees some disclosures the ordinary one does not (never, in model files from before it).
    urgent_check: float = 1.01


@dataclass(frozen=True)
class ScreenModel:
    """The learned layer: level (none/check/urgent), theme, and category of a disclosure."""

    level: Block
    theme: Block
    category: Block
    thresholds: Thresholds
    about: dict[str, Any]

    def scores(
        self, tokens: Sequence[str], signals: set[str]
    ) -> tuple[dict[str, float], dict[str, float]]:
        """({"risk": P(disclosure), "urgent": P(urgent)}, theme probabilities).

        `signals` are what the rules saw. Risk is the none-against-the-rest regression turned
        round; urgent is the urgent-against-the-rest one.
        """
        return (
            level_opinion(self.level, level_features(tokens, signals)),
            self.theme.probabilities(all_features(tokens)),
        )

    def category_of(self, tokens: Sequence[str]) -> dict[str, float]:
        return self.category.probabilities(word_features(tokens))

    def opinions(
        self, tokens: Sequence[str], signals: set[str]
    ) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
        """scores() and category_of() together, finding the words and word pairs once.

        Each block sees the features scores() and category_of() give it, found as the rows it
        knows (screen_rows); a block without idf needs them all, so it is given the strings.
        """
        if self.level.idf is None or self.category.idf is None or self.theme.idf is None:
            found = word_features(tokens)
            level = level_opinion(self.level, found | signals)
            category = self.category.probabilities(found)
            theme = self.theme.probabilities(_with_letter_groups(found, tokens))
            return level, theme, category
        level_rows, category_rows, theme_rows = self._rows(_shape(tokens))
        level_index = self.level.index
        level_rows.update(r for r in map(level_index.get, signals) if r is not None)
        return (
            known_opinion(self.level, level_rows),
            self.theme.probabilities(set(), theme_rows),
            self.category.probabilities(set(), category_rows),
        )

    @cached_property
    def _rows(self) -> KnownRows:
        return KnownRows(
            self.level.index,
            self.category.index,
            self.theme.index,
            lambda token: _letter_groups(token[:_MAX_GRAM_WORD]),
        )

    def to_bytes(self) -> bytes:
        document = {
            "format": FORMAT,
            "about": self.about,
            "thresholds": vars(self.thresholds),
            "level": self.level.to_json(),
            "theme": self.theme.to_json(),
            "category": self.category.to_json(),
        }
        text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)

    @classmethod
    def from_bytes(cls, data: bytes) -> ScreenModel:
        document = json.loads(gzip.decompress(data).decode("utf-8"))
        if document.get("format") != FORMAT:
            raise ValueError("the screening model was written by another version; retrain it")
        return cls(
            level=Block.from_json(document["level"]),
            theme=Block.from_json(document["theme"]),
            category=Block.from_json(document["category"]),
            thresholds=Thresholds(**document["thresholds"]),
            about=document["about"],
        )

    def save(self, path: Path) -> None:
        path.write_bytes(self.to_bytes())


def packaged_path() -> Path:
    return Path(str(resources.files("bot").joinpath("models", ARTEFACT)))


def load_packaged() -> ScreenModel | None:
    """The model shipped with the bot, or None if it has not been trained yet."""
    path = packaged_path()
    if not path.exists():
        return None
    return ScreenModel.from_bytes(path.read_bytes())
