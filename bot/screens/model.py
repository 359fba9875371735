"""The Screen value: what a person sees and can do, in no channel's format.

A screen is a title, short blocks of text and the actions a person can take. Text is marked up
only with a tiny neutral vocabulary (bold, italic, code, links; paragraphs, quotes and lists),
so each channel renders it its own way: the Telegram renderer as escaped HTML and an inline
keyboard, the web chat as HTML forms, the catalogue as plain text. Nothing here knows a channel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import wraps
from typing import Any, ParamSpec, TypeVar, cast

from bot.content import Content, Wording
from bot.domain import Audience


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with at most a little emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    # A phone number to call or text ("tel:08001111", "sms:85258"): the web chat makes it a
    # link; Telegram finds phone numbers itself.
    dial: str | None = None


Line = tuple[Span, ...]


class BlockKind(StrEnum):
    TEXT = "text"  # a paragraph: its lines are shown one under another
    QUOTE = "quote"  # someone's own words (a draft, an answer, an officer's reply)
    LIST = "list"  # one point per line


@dataclass(frozen=True, slots=True)
class Block:
    lines: tuple[Line, ...]
    kind: BlockKind = BlockKind.TEXT


@dataclass(frozen=True, slots=True)
class Action:
    """Something a person can do: a label and the action value (from bot.callback_data)."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Screen:
    """One screen. `actions` are rows of buttons (a channel may lay them out its own way);
    `prompt` labels the text box when the screen asks the person to type."""

    blocks: tuple[Block, ...]
    actions: tuple[tuple[Action, ...], ...] = ()
    title: str | None = None
    prompt: str | None = None
    name: str = ""
    # Built from content alone (no one's words): a channel may keep its rendering.
    reusable: bool = False

    def all_actions(self) -> list[Action]:
        return [action for row in self.actions for action in row]

    def with_note(self, note: str | None) -> Screen:
        """The same screen with a short note first (e.g. "couldn't save, try again")."""
        if not note:
            return self
        return replace(self, blocks=(para(note), *self.blocks), reusable=False)


# --------------------------------------------------------------------------------------------
# Building blocks


def say(wording: Wording, audience: Audience, /, **values: object) -> str:
    """The audience's wording with its {names} filled in (plain text: channels escape it)."""
    text = wording.for_(audience)
    return text.format(**{name: str(value) for name, value in values.items()}) if values else text


def span(text: str, *, bold: bool = False, italic: bool = False) -> Span:
    return Span(text, bold=bold, italic=italic)


def para(*lines: str | Span | Line, bold: bool = False) -> Block:
    """A paragraph of one or more lines; a line is a string, a span or a tuple of spans."""
    return Block(tuple(_line(line, bold) for line in lines))


def heading(text: str) -> Block:
    return para(text, bold=True)


def quote(text: str) -> Block:
    return Block(((Span(text),),), BlockKind.QUOTE)


def bullets(items: Iterable[str | Line]) -> Block:
    return Block(tuple(_line(item, False) for item in items), BlockKind.LIST)


def with_code(text: str, code: str) -> Line:
    """A line where a receipt code stands out (and can be copied)."""
    before, found, after = text.partition(code)
    if not found:
        return (Span(text),)
    return tuple(s for s in (Span(before), Span(code, code=True), Span(after)) if s.text)


def _line(line: str | Span | Line, bold: bool) -> Line:
    if isinstance(line, Span):
        return (line,)
    if isinstance(line, str):
        return (Span(line, bold=bold),)
    return line


def row(*actions: Action) -> tuple[Action, ...]:
    return tuple(actions)


def pairs(actions: Sequence[Action]) -> list[tuple[Action, ...]]:
    return [tuple(actions[i : i + 2]) for i in range(0, len(actions), 2)]


def screen(
    *blocks: Block | None,
    actions: Iterable[Sequence[Action]] = (),
    title: str | None = None,
    prompt: str | None = None,
) -> Screen:
    """A screen from blocks (None is skipped) and rows of actions (empty rows are dropped)."""
    return Screen(
        blocks=tuple(b for b in blocks if b is not None),
        actions=tuple(tuple(r) for r in actions if r),
        title=title,
        prompt=prompt,
    )


# --------------------------------------------------------------------------------------------
# Naming and caching

P = ParamSpec("P")
R = TypeVar("R", Screen, Screen | None)
_CACHE_LIMIT = 2048
_screens: dict[tuple[Any, ...], tuple[Content, Any]] = {}


def named(build: Callable[P, R]) -> Callable[P, R]:
    """Every screen carries the name of the function that built it (for the catalogue)."""
    name = build.__name__.removesuffix("_view")

    @wraps(build)
    def builder(*args: P.args, **kwargs: P.kwargs) -> R:
        built = build(*args, **kwargs)
        if built is None or built.name == name:
            return built
        return replace(built, name=name)

    return builder


def cached(build: Callable[P, R]) -> Callable[P, R]:
    """Screens built only from content are built once per content and arguments: content
    never changes while the bot runs, and building screens is most of the work of browsing."""
    build = named(build)

    @wraps(build)
    def cached_build(*args: P.args, **kwargs: P.kwargs) -> R:
        content = args[0]
        if not isinstance(content, Content):
            return build(*args, **kwargs)
        key = (id(content), build.__name__, *args[1:], *sorted(kwargs.items()))
        hit = _screens.get(key)
        if hit is not None and hit[0] is content:
            return cast(R, hit[1])
        built = build(*args, **kwargs)
        if built is not None:
            built = replace(built, reusable=True)
        if len(_screens) >= _CACHE_LIMIT:
            _screens.clear()
        _screens[key] = (content, built)
        return built

    return cached_build
