"""Screening model rows: a message's features as the rows of the model's blocks that know them.

The same features as screen_model's word_features() (words and word pairs) for the level and
category blocks, and all_features() (with letter groups) for the theme block, found without
building them: each word's rows, and its letter groups' rows, are worked out once and kept, so
screening a message costs a set of numbers rather than hundreds of strings looked up.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence

KEPT = 65536  # words whose rows are kept; hostile input empties the store, so memory is bounded
_NONE = -1  # a block does not know the feature


class KnownRows:
    """Finds (level rows, category rows, theme rows) of a message's (shaped) tokens."""

    def __init__(
        self,
        level: Mapping[str, int],
        category: Mapping[str, int],
        theme: Mapping[str, int],
        letter_groups: Callable[[str], Iterable[str]],
    ) -> None:
        self._level, self._category, self._theme = level, category, theme
        self._letter_groups = letter_groups
        self._kept: dict[str, tuple[int, int, int, tuple[int, ...]]] = {}

    def _word(self, token: str) -> tuple[int, int, int, tuple[int, ...]]:
        rows = self._kept.get(token)
        if rows is None:
            word, theme = f"w {token}", self._theme
            rows = (
                self._level.get(word, _NONE),
                self._category.get(word, _NONE),
                theme.get(word, _NONE),
                tuple(r for r in map(theme.get, self._letter_groups(token)) if r is not None),
            )
            if len(self._kept) >= KEPT:
                self._kept.clear()
            self._kept[token] = rows
        return rows

    def __call__(self, tokens: Sequence[str]) -> tuple[set[int], set[int], set[int]]:
        level: set[int] = set()
        category: set[int] = set()
        theme: set[int] = set()
        for token in set(tokens):
            in_level, in_category, in_theme, groups = self._word(token)
            level.add(in_level)
            category.add(in_category)
            theme.add(in_theme)
            theme.update(groups)
        for a, b in itertools.pairwise(tokens):
            pair = f"b {a} {b}"
            level.add(self._level.get(pair, _NONE))
            category.add(self._category.get(pair, _NONE))
            theme.add(self._theme.get(pair, _NONE))
        for rows in (level, category, theme):
            rows.discard(_NONE)
        return level, category, theme
