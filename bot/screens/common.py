"""Parts many screens share: the way back, help numbers, plain labels."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.callback_data import ChoiceButton, PageButton, ScreenButton
from bot.content import Content, HelpNumber, Wording
from bot.domain import Audience, Item, Place, Reply
from bot.screens.model import Action, Block, Line, Span, heading, para, quote, say
from bot.services.screen_language import UNDETERMINED


def button(label: str, value: str) -> Action:
    return Action(label, value)


def choice(label: str, question: str, answer: str) -> Action:
    return Action(label, ChoiceButton(question, answer).pack())


def nav_row(content: Content, *, menu: bool = True, help_: bool = True) -> tuple[Action, ...]:
    t = content.texts
    actions = []
    if menu:
        actions.append(Action(t.button_menu, ScreenButton(Place.MENU).pack()))
    if help_:
        actions.append(Action(t.button_help, ScreenButton(Place.HELP).pack()))
    return tuple(actions)


def audience_labels(content: Content) -> dict[Audience, str]:
    """ "I'm in care" / "I'm a care leaver" / "I'm a carer"."""
    t = content.texts
    return {
        Audience.IN_CARE: t.button_in_care,
        Audience.CARE_LEAVER: t.button_care_leaver,
        Audience.CARER: t.button_carer,
    }


def cancel_row(content: Content) -> tuple[Action, ...]:
    cancel = choice(content.texts.button_cancel, "draft", "cancel")
    return (cancel, *nav_row(content, menu=False))


# --------------------------------------------------------------------------------------------
# Help numbers: on /start, on the help screen, before the first message box, in crisis replies.


def help_lines(content: Content, audience: Audience, *, bold: bool = False) -> list[Line]:
    """One short line per number: the national helplines, then the council's out-of-hours
    team; each number marked so a channel can make it a call or text link."""
    t = content.texts
    lines = [
        dialled(help_line(content, n, audience), n.number, _dial(n), bold=bold)
        for n in content.safeguarding.help_numbers
    ]
    out_of_hours = content.council.out_of_hours
    line = say(t.help_line_call, audience, name=out_of_hours.name, number=out_of_hours.number)
    lines.append(
        dialled(line, out_of_hours.number, f"tel:{_digits(out_of_hours.number)}", bold=bold)
    )
    return lines


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit() or c == "+")


def _dial(number: HelpNumber) -> str:
    if number.how == "text":
        keyword = f"?&body={number.keyword}" if number.keyword else ""
        return f"sms:{_digits(number.number)}{keyword}"
    return f"tel:{_digits(number.number)}"


def dialled(text: str, number: str, dial: str, *, bold: bool = False) -> Line:
    """A line whose phone number can be called or texted with one tap."""
    before, found, after = text.partition(number)
    if not found:
        return (Span(text, bold=bold),)
    spans = (Span(before, bold=bold), Span(number, bold=bold, dial=dial), Span(after, bold=bold))
    return tuple(s for s in spans if s.text)


def help_line(content: Content, number: HelpNumber, audience: Audience) -> str:
    t = content.texts
    if number.how == "text":
        return say(
            t.help_line_text,
            audience,
            name=number.name,
            number=number.number,
            keyword=number.keyword or "",
        )
    return say(t.help_line_call, audience, name=number.name, number=number.number)


def conversation(
    content: Content,
    audience: Audience,
    replies: Sequence[Reply],
    *,
    team: Wording,
    them: Wording,
) -> list[Block]:
    """A conversation kept under a receipt code: who wrote, when, and their words."""
    blocks: list[Block] = []
    for reply in replies:
        said = say(team if reply.from_team else them, audience, date=short_day(reply.created_on))
        blocks += [para(Span(said, bold=True)), quote(reply.text)]
    return blocks


def short_day(day: date) -> str:
    return f"{day.day} {day:%B}"


def help_block(content: Content, audience: Audience) -> Block:
    heading_ = heading(content.texts.help_heading.for_(audience))
    return para(*heading_.lines, *help_lines(content, audience))


# --------------------------------------------------------------------------------------------
# Plain labels (officers never see an id)


def theme_labels(content: Content) -> dict[str, str]:
    return content.themes.labels()


def words(value: str) -> str:
    return value.replace("_", " ")


def risk_labels(content: Content, categories: Sequence[str]) -> str:
    """The plain labels officers see for safeguarding categories (never an id)."""
    labels = {c.id: c.label for c in content.safeguarding.categories}
    return ", ".join(labels.get(c, words(c)) for c in categories)


def language_name(content: Content, item: Item) -> str:
    """The language code officers see, or "language not known" when none could be named."""
    if item.language == UNDETERMINED:
        return content.texts.officer_language_unknown.for_(Audience.IN_CARE)
    return item.language or ""


# --------------------------------------------------------------------------------------------
# Lists too long for one screen

MAX_BUTTONS = 8  # a phone shows about this many buttons without scrolling


def paged(
    content: Content, actions: Sequence[Action], page: int, *, fixed: int, list_id: str
) -> tuple[list[Action], Action | None]:
    """The actions for one page of a list, and a "More" (or "Back to the start") button when
    the list is split: `fixed` buttons (Menu, Help...) share the screen with the list."""
    room = MAX_BUTTONS - fixed
    if len(actions) <= room:
        return list(actions), None
    per_page = room - 1
    pages = -(-len(actions) // per_page)
    page = min(max(page, 0), pages - 1)
    shown = list(actions[page * per_page : (page + 1) * per_page])
    t = content.texts
    if page < pages - 1:
        return shown, Action(t.button_more, PageButton(list_id, page + 1).pack())
    return shown, Action(t.button_first_page, PageButton(list_id, 0).pack())


def help_hint(content: Content, audience: Audience) -> Block:
    """Where the full numbers are not shown: they are one tap away."""
    return para(content.texts.help_hint.for_(audience))
