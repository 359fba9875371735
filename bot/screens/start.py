"""Start, the menu, help and privacy: the screens around every journey."""

from __future__ import annotations

from bot.callback_data import AudienceButton, ScreenButton, StartButton
from bot.content import Content
from bot.domain import Audience, Channel, ItemKind, Place
from bot.screens.common import audience_labels, button, help_block, help_lines, nav_row
from bot.screens.model import (
    Action,
    Line,
    Screen,
    Span,
    cached,
    heading,
    named,
    pairs,
    para,
    say,
    screen,
)


@cached
def start_view(content: Content, audience: Audience) -> Screen:
    """A two-line welcome, the privacy summary, the help numbers, and one question."""
    t, council = content.texts, content.council
    return screen(
        para(say(t.welcome, audience, council=council.name, cicc=council.cicc_name)),
        para(say(t.privacy_summary, audience, retention_days=council.retention_days)),
        help_block(content, audience),
        heading(t.who_are_you.for_(audience)),
        actions=audience_actions(content),
    )


def audience_actions(content: Content) -> list[tuple[Action, ...]]:
    labels = audience_labels(content)
    rows = [(button(labels[a], AudienceButton(a).pack()),) for a in Audience]
    return [*rows, nav_row(content, menu=False)]


@cached
def audience_view(content: Content, audience: Audience) -> Screen:
    return screen(
        heading(content.texts.who_are_you.for_(audience)), actions=audience_actions(content)
    )


@named
def audience_first_view(content: Content) -> Screen:
    """Before writing, when we don't know who someone is: ask, never guess."""
    t, a = content.texts, Audience.IN_CARE
    return screen(
        para(t.audience_before_writing.for_(a)),
        heading(t.who_are_you.for_(a)),
        actions=audience_actions(content),
    )


@cached
def menu_view(content: Content, audience: Audience) -> Screen:
    t = content.texts
    say_row = (
        button(t.button_say, StartButton(ItemKind.FEEDBACK).pack()),
        button(t.button_ask, StartButton(ItemKind.QUESTION).pack()),
    )
    destinations = [
        (t.button_pledge, Place.PLEDGE),
        (t.button_offer, Place.OFFER),
        (t.button_meetings, Place.MEETINGS),
        (t.button_we_did, Place.WE_DID),
        (t.button_privacy, Place.PRIVACY),
    ]
    places = [button(label, ScreenButton(place).pack()) for label, place in destinations]
    places.append(button(t.button_help, ScreenButton(Place.HELP).pack()))
    rows = [say_row, *pairs(places)]
    return screen(para(t.menu_intro.for_(audience)), actions=rows)


@named
def notice_view(content: Content, audience: Audience, note: str) -> Screen:
    """A short kind note (unknown input, media, errors, stale buttons) with the menu below."""
    return menu_view(content, audience).with_note(note)


@cached
def help_view(content: Content, audience: Audience) -> Screen:
    """Get help now: every number, with a few words on each."""
    t = content.texts
    numbers = help_lines(content, audience, bold=True)
    lines: list[Line] = []
    for number, line in zip(content.safeguarding.help_numbers, numbers, strict=False):
        lines += [line, (Span(number.about.for_(audience)),)]
    lines += [numbers[-1], (Span(say(t.help_out_of_hours, audience)),)]
    return screen(
        para(t.help_intro.for_(audience)),
        para(*lines),
        actions=[nav_row(content, help_=False)],
    )


@cached
def privacy_view(content: Content, audience: Audience) -> Screen:
    t, council = content.texts, content.council
    return screen(
        para(
            say(
                t.privacy_full,
                audience,
                retention_days=council.retention_days,
                reading_hours=council.reading_hours,
                council=council.name,
                officer_email=council.officer.email,
                privacy_url=council.privacy_notice_url,
            )
        ),
        actions=[
            (button(t.button_privacy_more, ScreenButton(Place.PRIVACY_MORE).pack()),),
            (button(t.button_change_audience, ScreenButton(Place.AUDIENCE).pack()),),
            nav_row(content),
        ],
    )


@cached
def privacy_more_view(
    content: Content, audience: Audience, channel: Channel = Channel.TELEGRAM
) -> Screen:
    t, council = content.texts, content.council
    more = say(
        t.web_privacy_more if channel is Channel.WEB else t.privacy_more,
        audience,
        officer_email=council.officer.email,
        privacy_url=council.privacy_notice_url,
    )
    back = button(t.button_back, ScreenButton(Place.PRIVACY).pack())
    link = Span(t.privacy_notice_link.for_(audience), link=council.privacy_notice_url)
    return screen(
        para(more, link),
        para(council.minimum_age_notice) if channel is Channel.TELEGRAM else None,
        actions=[(back,), nav_row(content)],
    )


@cached
def help_command_view(content: Content, audience: Audience) -> Screen:
    """/help: what the bot can do, how to reach a person; the menu's buttons below."""
    t, council = content.texts, content.council
    return screen(
        para(say(t.help_command, audience, reading_hours=council.reading_hours)),
        para(
            say(
                t.limits_note,
                audience,
                per_hour=council.messages_per_hour,
                per_day=council.messages_per_day,
            )
        ),
        para(
            say(
                t.contact_officer,
                audience,
                name=council.officer.name,
                email=council.officer.email,
                phone=council.officer.phone,
            )
        ),
        actions=menu_view(content, audience).actions,
    )
