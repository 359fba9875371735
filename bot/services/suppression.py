"""Small-number suppression for the board report: no count below five is printed, and no hidden
count can be worked out from the figures that are printed.

The reader's view (the one `safe` checks, and the one the property test attacks by brute force):
a group of counts is printed beside its total. A cell printed "fewer than 5" is somewhere from 0
to 4; a cell printed "not shown" could be any number; every other cell is exact. A hidden count
is *worked out* when only one value fits what is printed. Primary suppression hides every count
below five; secondary suppression then hides the smallest printed counts ("not shown") until no
hidden count can be worked out. If nothing is left to hide and one still could be (every count
small, all at an edge: 4 and 4 beside a total of 8), every hidden count becomes "not shown".
A count hidden to protect others may print the least it can be ("at least 141"), when the
printed figures already say so.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

SMALL_NUMBER = 5
MOST_FOR_SMALL = SMALL_NUMBER - 1

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Shown:
    """A count as the board may see it: the number, "fewer than 5", or (when it would let a
    small number be worked out by subtraction) "not shown"."""

    value: int
    hidden: bool
    protecting: bool = False
    # For a count hidden to protect others: the least it can be, worked out from the printed
    # figures alone (the total less the most the other hidden counts can be), so printing it
    # tells no one anything new. 0 when that says nothing.
    floor: int = 0

    def as_text(self, fewer_than: str, not_shown: str, at_least: str = "") -> str:
        if self.protecting:
            if at_least and self.floor >= SMALL_NUMBER:
                return at_least.format(n=self.floor)
            return not_shown
        return fewer_than if self.hidden else str(self.value)


def shown(value: int) -> Shown:
    return Shown(value, value < SMALL_NUMBER)


def suppress(group: Mapping[K, int]) -> dict[K, Shown]:
    """Hide counts below SMALL_NUMBER, then as few more as it takes so that none of them can be
    worked out from the group's total (which is printed whenever it is five or more)."""
    small = {key for key, value in group.items() if value < SMALL_NUMBER}
    protecting: set[K] = set()
    if small and sum(group.values()) >= SMALL_NUMBER:
        while not safe(group, small, protecting):
            visible = sorted(
                (value, str(key), key)
                for key, value in group.items()
                if key not in small and key not in protecting
            )
            if not visible:
                protecting |= small
                break
            protecting.add(visible[0][2])
    rest = sum(v for k, v in group.items() if k in small or k in protecting)
    most = {k: rest if k in protecting else MOST_FOR_SMALL for k in group}
    hidden_most = sum(most[k] for k in group if k in small or k in protecting)
    return {
        key: Shown(
            value,
            key in small or key in protecting,
            key in protecting,
            max(0, rest - (hidden_most - most[key])) if key in protecting else 0,
        )
        for key, value in group.items()
    }


def safe(group: Mapping[K, int], small: set[K], protecting: set[K]) -> bool:
    """True when every hidden count still has at least two values that fit what is printed."""
    hidden = [key for key in group if key in small or key in protecting]
    if not hidden:
        return True
    rest = sum(value for key, value in group.items() if key in small or key in protecting)
    highest = {key: (rest if key in protecting else MOST_FOR_SMALL) for key in hidden}
    top = sum(highest.values())
    for key in hidden:
        low = max(0, rest - (top - highest[key]))
        high = min(highest[key], rest)
        if low == high:
            return False
    return True
