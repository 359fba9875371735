"""UI: turns content and service results into message text (safe HTML) and inline keyboards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callback_data import (
    AreaButton,
    AudienceButton,
    OfferItemButton,
    PromiseButton,
    ScreenButton,
)
from bot.content import Content, HelpNumber, OfferItem
from bot.domain import Audience, Meeting, Screen
from bot.formatting import esc, fill, nice_date, nice_time


@dataclass(frozen=True, slots=True)
class View:
    """One screen: HTML text (every content string escaped) and its buttons."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _nav_row(
    content: Content, *, menu: bool = True, help_: bool = True
) -> list[InlineKeyboardButton]:
    t = content.texts
    row = []
    if menu:
        row.append(_button(t.button_menu, ScreenButton(Screen.MENU).pack()))
    if help_:
        row.append(_button(t.button_help, ScreenButton(Screen.HELP).pack()))
    return row


def _pairs(buttons: Sequence[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + 2]) for i in range(0, len(buttons), 2)]


def _keyboard(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([row for row in rows if row])


def _bold(text: str) -> str:
    return f"<b>{esc(text)}</b>"


# --------------------------------------------------------------------------------------------
# Help numbers: on /start, on the help screen and (later) before every message box.


def help_lines(content: Content, audience: Audience) -> list[str]:
    """One short line per number: the national helplines, then the council's out-of-hours team."""
    t = content.texts
    lines = [_help_line(content, number, audience) for number in content.safeguarding.help_numbers]
    out_of_hours = content.council.out_of_hours
    lines.append(
        fill(t.help_line_call, audience, name=out_of_hours.name, number=out_of_hours.number)
    )
    return lines


def _help_line(content: Content, number: HelpNumber, audience: Audience) -> str:
    t = content.texts
    if number.how == "text":
        return fill(
            t.help_line_text,
            audience,
            name=number.name,
            number=number.number,
            keyword=number.keyword or "",
        )
    return fill(t.help_line_call, audience, name=number.name, number=number.number)


def help_block(content: Content, audience: Audience) -> str:
    heading = _bold(content.texts.help_heading.for_(audience))
    return "\n".join([heading, *help_lines(content, audience)])


# --------------------------------------------------------------------------------------------
# Start, menu, help, privacy


def start_view(content: Content, audience: Audience) -> View:
    t, council = content.texts, content.council
    text = "\n\n".join(
        [
            fill(t.welcome, audience, council=council.name, cicc=council.cicc_name),
            fill(
                t.privacy_summary,
                audience,
                retention_days=council.retention_days,
                reading_hours=council.reading_hours,
            ),
            fill(
                t.not_watched,
                audience,
                reading_hours=council.reading_hours,
                response_time=council.response_time,
            ),
            help_block(content, audience),
            _bold(t.who_are_you.for_(audience)),
        ]
    )
    return View(text, audience_keyboard(content))


def audience_keyboard(content: Content) -> InlineKeyboardMarkup:
    t = content.texts
    labels = {
        Audience.IN_CARE: t.button_in_care,
        Audience.CARE_LEAVER: t.button_care_leaver,
        Audience.CARER: t.button_carer,
    }
    rows = [[_button(labels[a], AudienceButton(a).pack())] for a in Audience]
    return _keyboard([*rows, _nav_row(content, menu=False)])


def audience_view(content: Content, audience: Audience) -> View:
    return View(_bold(content.texts.who_are_you.for_(audience)), audience_keyboard(content))


def menu_view(content: Content, audience: Audience, *, note: str | None = None) -> View:
    t = content.texts
    destinations = [
        (t.button_pledge, Screen.PLEDGE),
        (t.button_offer, Screen.OFFER),
        (t.button_meetings, Screen.MEETINGS),
        (t.button_privacy, Screen.PRIVACY),
    ]
    buttons = [_button(label, ScreenButton(screen).pack()) for label, screen in destinations]
    rows = [
        *_pairs(buttons),
        [_button(t.button_help, ScreenButton(Screen.HELP).pack())],
        [_button(t.button_change_audience, ScreenButton(Screen.AUDIENCE).pack())],
    ]
    intro = esc(t.menu_intro.for_(audience))
    text = f"{esc(note)}\n\n{intro}" if note else intro
    return View(text, _keyboard(rows))


def help_view(content: Content, audience: Audience) -> View:
    t = content.texts
    parts = [esc(t.help_intro.for_(audience))]
    for number in content.safeguarding.help_numbers:
        line = _help_line(content, number, audience)
        parts.append(f"<b>{line}</b>\n{esc(number.about.for_(audience))} ({esc(number.when)})")
    out_of_hours = content.council.out_of_hours
    parts.append(
        fill(t.help_out_of_hours, audience, name=out_of_hours.name, number=out_of_hours.number)
    )
    parts.append(_bold(t.help_after.for_(audience)))
    return View("\n\n".join(parts), _keyboard([_nav_row(content, help_=False)]))


def privacy_view(content: Content, audience: Audience) -> View:
    t, council = content.texts, content.council
    text = "\n\n".join(
        [
            fill(
                t.privacy_full,
                audience,
                retention_days=council.retention_days,
                reading_hours=council.reading_hours,
                council=council.name,
                officer_email=council.officer.email,
                privacy_url=council.privacy_notice_url,
            ),
            esc(council.minimum_age_notice),
        ]
    )
    return View(text, _keyboard([_nav_row(content)]))


def help_command_view(content: Content, audience: Audience) -> View:
    t, council = content.texts, content.council
    text = "\n\n".join(
        [
            fill(t.help_command, audience, reading_hours=council.reading_hours),
            fill(
                t.contact_officer,
                audience,
                name=council.officer.name,
                email=council.officer.email,
                phone=council.officer.phone,
            ),
            help_block(content, audience),
        ]
    )
    return View(text, menu_view(content, audience).keyboard)


def notice_view(content: Content, audience: Audience, note: str) -> View:
    """A short kind note (unknown input, media, errors, stale buttons) with the menu below."""
    return menu_view(content, audience, note=note)


# --------------------------------------------------------------------------------------------
# The pledge


def pledge_view(content: Content, audience: Audience) -> View:
    pledge = content.pledge
    lines = [f"{n}. {esc(p.title.for_(audience))}" for n, p in enumerate(pledge.promises, start=1)]
    text = "\n\n".join(
        [
            _bold(pledge.title),
            esc(pledge.intro.for_(audience)),
            "\n".join(lines),
            esc(content.texts.pledge_pick.for_(audience)),
        ]
    )
    buttons = [
        _button(f"{n}. {p.title.for_(audience)}", PromiseButton(p.id).pack())
        for n, p in enumerate(pledge.promises, start=1)
    ]
    return View(text, _keyboard([*([b] for b in buttons), _nav_row(content)]))


def promise_view(content: Content, audience: Audience, promise_id: str) -> View | None:
    promise = next((p for p in content.pledge.promises if p.id == promise_id), None)
    if promise is None:
        return None
    text = f"{_bold(promise.title.for_(audience))}\n\n{esc(promise.text.for_(audience))}"
    back = _button(content.texts.button_back, ScreenButton(Screen.PLEDGE).pack())
    return View(text, _keyboard([[back], _nav_row(content)]))


# --------------------------------------------------------------------------------------------
# The local offer


def offer_view(content: Content, audience: Audience) -> View:
    offer = content.offer
    text = "\n\n".join(
        [
            _bold(offer.title),
            esc(offer.intro.for_(audience)),
            esc(content.texts.offer_pick_area.for_(audience)),
        ]
    )
    buttons = [_button(area.title, AreaButton(area.id).pack()) for area in offer.areas]
    return View(text, _keyboard([*([b] for b in buttons), _nav_row(content)]))


def area_view(content: Content, audience: Audience, area_id: str) -> View | None:
    area = content.offer.area(area_id)
    if area is None:
        return None
    text = "\n\n".join(
        [
            _bold(area.title),
            esc(area.intro.for_(audience)),
            esc(content.texts.offer_pick_item.for_(audience)),
        ]
    )
    buttons = [
        _button(item.title, OfferItemButton(area.id, item.id).pack())
        for item in area.items_for(audience)
    ]
    back = _button(content.texts.button_all_areas, ScreenButton(Screen.OFFER).pack())
    return View(text, _keyboard([*([b] for b in buttons), [back], _nav_row(content)]))


def item_view(content: Content, audience: Audience, area_id: str, item_id: str) -> View | None:
    area = content.offer.area(area_id)
    item = area.item(item_id) if area else None
    if area is None or item is None:
        return None
    t = content.texts
    parts = [
        _bold(item.title),
        f"{_bold(t.offer_what.for_(audience))}\n{esc(item.what.for_(audience))}",
        f"{_bold(t.offer_who.for_(audience))}\n{esc(item.who)}{_ages(content, audience, item)}",
        f"{_bold(t.offer_how.for_(audience))}\n{esc(item.how.for_(audience))}",
    ]
    if item.link:
        parts.append(f"{esc(t.offer_link.for_(audience))}: {esc(item.link)}")
    rows = [
        [_button(t.button_back, AreaButton(area.id).pack())],
        [_button(t.button_all_areas, ScreenButton(Screen.OFFER).pack())],
        _nav_row(content),
    ]
    return View("\n\n".join(parts), _keyboard(rows))


def _ages(content: Content, audience: Audience, item: OfferItem) -> str:
    t = content.texts
    if item.min_age is not None and item.max_age is not None:
        ages = fill(t.offer_ages, audience, min_age=item.min_age, max_age=item.max_age)
    elif item.min_age is not None:
        ages = fill(t.offer_age_from, audience, min_age=item.min_age)
    elif item.max_age is not None:
        ages = fill(t.offer_age_up_to, audience, max_age=item.max_age)
    else:
        return ""
    return f", {ages}"


# --------------------------------------------------------------------------------------------
# Board meetings


def meetings_view(content: Content, audience: Audience, meetings: Sequence[Meeting]) -> View:
    t = content.texts
    intro = fill(t.meetings_intro, audience, board=content.meetings.board_name)
    if not meetings:
        body = [esc(t.meetings_none.for_(audience))]
        take_part = content.meetings.how_to_take_part.for_(audience)
    else:
        body = [_meeting(content, audience, m) for m in meetings]
        take_part = meetings[0].take_part(audience)
    parts = [intro, *body, f"{_bold(t.meetings_take_part.for_(audience))}\n{esc(take_part)}"]
    return View("\n\n".join(parts), _keyboard([_nav_row(content)]))


def _meeting(content: Content, audience: Audience, meeting: Meeting) -> str:
    t = content.texts
    lines = [
        "<b>"
        + fill(
            t.meeting_when, audience, date=nice_date(meeting.day), time=nice_time(meeting.start)
        )
        + "</b>",
        fill(t.meeting_where, audience, venue=meeting.venue),
        fill(t.meeting_views_by, audience, date=nice_date(meeting.views_by)),
    ]
    if meeting.topics:
        lines.append(fill(t.meeting_topics, audience, topics="; ".join(meeting.topics)))
    return "\n".join(lines)
