"""Small-number suppression for the board report: no count below five is printed, and no hidden
count can be worked out from the figures that are printed.

The reader's view (the one `safe` checks, and the one the property test attacks by brute force)
is the strongest the printed words allow: a group of counts is printed beside its total; "fewer
than 5" is 0 to 4; a count hidden to protect others reads "at least N" (N is 5 or more, and no
more than the printed figures already tell); "not shown" could be any number; every other count
is exact. Anything else the report lists (three quotes about a theme, two answered questions)
is a lower bound the reader also knows (`known`). A hidden count is *worked out* when only one
value fits all of that. Primary suppression hides every count below five; then the smallest
printed counts are hidden ("at least N") until none can be worked out. If nothing is left to hide
and one still could be (every count small and at an edge: 4 and 4 beside a total of 8), the
whole group reads "not shown".
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
    """A count as the board may see it: the number, "fewer than 5", "at least N" (hidden so a
    small number cannot be worked out by subtraction) or "not shown" (a group too small to
    break down at all)."""

    value: int
    hidden: bool
    protecting: bool = False
    # For a count hidden to protect others: the least it can be, from the printed figures alone
    # (5, or the total less the most the other hidden counts can be), so it tells nothing new.
    floor: int = 0
    withheld: bool = False

    def as_text(self, fewer_than: str, not_shown: str, at_least: str = "") -> str:
        if self.withheld or (self.protecting and not at_least):
            return not_shown
        if self.protecting:
            return at_least.format(n=self.floor)
        return fewer_than if self.hidden else str(self.value)


def shown(value: int) -> Shown:
    return Shown(value, value < SMALL_NUMBER)


def suppress(group: Mapping[K, int], known: Mapping[K, int] | None = None) -> dict[K, Shown]:
    """Hide counts below SMALL_NUMBER, then as few more as it takes so that none of them can be
    worked out from the group's total (printed whenever it is five or more) and from `known`
    lower bounds the report prints elsewhere (quotes or questions it lists)."""
    known = known or {}
    small = {key for key, value in group.items() if value < SMALL_NUMBER}
    protecting: set[K] = set()
    withheld = False
    if small and sum(group.values()) >= SMALL_NUMBER:
        while not safe(group, small, protecting, known):
            visible = sorted(
                (value, str(key), key)
                for key, value in group.items()
                if key not in small and key not in protecting
            )
            if not visible:
                withheld = True
                break
            protecting.add(visible[0][2])
    bounds = _bounds(group, small, protecting, known, withheld=withheld)
    rest = sum(v for k, v in group.items() if k in small or k in protecting)
    top = sum(high for _, high in bounds.values())
    return {
        key: Shown(
            value,
            withheld or key in small or key in protecting,
            key in protecting and not withheld,
            max(bounds[key][0], rest - (top - bounds[key][1])) if key in protecting else 0,
            withheld,
        )
        for key, value in group.items()
    }


def listable(group: Mapping[K, int], listed: Mapping[K, int]) -> dict[K, int]:
    """How many of the listed things (quotes about a theme, answered questions) the report may
    show: as many as it can while no hidden count can be worked out from the list and the
    figures together (in a very small period, fewer than it has)."""
    allowed = {key: min(n, group.get(key, 0)) for key, n in listed.items()}
    while True:
        result = suppress(group, allowed)
        hidden = {k for k, v in result.items() if v.hidden and not v.protecting}
        shielding = {k for k, v in result.items() if v.protecting}
        withheld = any(v.withheld for v in result.values())
        small_total = sum(group.values()) < SMALL_NUMBER
        if small_total or safe(group, hidden, shielding, allowed, withheld=withheld):
            return allowed
        largest = max(allowed, key=lambda k: (allowed[k], str(k)))
        if allowed[largest] == 0:
            return allowed
        allowed[largest] -= 1


def safe(
    group: Mapping[K, int],
    small: set[K],
    protecting: set[K],
    known: Mapping[K, int] | None = None,
    *,
    withheld: bool = False,
) -> bool:
    """True when every hidden count still has at least two values that fit what is printed."""
    bounds = _bounds(group, small, protecting, known or {}, withheld=withheld)
    if not bounds:
        return True
    rest = sum(group[key] for key in bounds)
    lowest = sum(low for low, _ in bounds.values())
    top = sum(high for _, high in bounds.values())
    for low, high in bounds.values():
        least = max(low, rest - (top - high))
        most = min(high, rest - (lowest - low))
        if least >= most:
            return False
    return True


def _bounds(
    group: Mapping[K, int],
    small: set[K],
    protecting: set[K],
    known: Mapping[K, int],
    *,
    withheld: bool = False,
) -> dict[K, tuple[int, int]]:
    """What a reader knows of each hidden count: (least, most). A withheld group says only
    what is listed elsewhere."""
    rest = sum(value for key, value in group.items() if key in small or key in protecting)
    if withheld:
        return {key: (known.get(key, 0), rest) for key in group}
    return {
        key: (
            max(known.get(key, 0), SMALL_NUMBER if key in protecting else 0),
            rest if key in protecting else MOST_FOR_SMALL,
        )
        for key in group
        if key in small or key in protecting
    }
