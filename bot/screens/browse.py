"""Reading: the pledge, the local offer, board meetings and "You said, we did"."""

from __future__ import annotations

from collections.abc import Sequence

from bot.callback_data import (
    AreaButton,
    OfferItemButton,
    PromiseButton,
    RemindButton,
    ScreenButton,
)
from bot.content import Content, OfferItem
from bot.domain import Action as DoneAction
from bot.domain import ActionStatus, Audience, Item, Meeting, Place
from bot.formatting import nice_date, nice_time
from bot.screens.common import button, nav_row, theme_labels
from bot.screens.model import Block, Screen, Span, cached, heading, named, para, say, screen, span


@cached
def pledge_view(content: Content, audience: Audience) -> Screen:
    pledge = content.pledge
    lines = [f"{n}. {p.title.for_(audience)}" for n, p in enumerate(pledge.promises, start=1)]
    buttons = [
        button(f"{n}. {p.title.for_(audience)}", PromiseButton(p.id).pack())
        for n, p in enumerate(pledge.promises, start=1)
    ]
    return screen(
        para(pledge.intro.for_(audience)),
        para(*lines),
        para(content.texts.pledge_pick.for_(audience)),
        title=pledge.title,
        actions=[*((b,) for b in buttons), nav_row(content)],
    )


@cached
def promise_view(content: Content, audience: Audience, promise_id: str) -> Screen | None:
    promise = next((p for p in content.pledge.promises if p.id == promise_id), None)
    if promise is None:
        return None
    back = button(content.texts.button_back, ScreenButton(Place.PLEDGE).pack())
    return screen(
        para(promise.text.for_(audience)),
        title=promise.title.for_(audience),
        actions=[(back,), nav_row(content)],
    )


@cached
def offer_view(content: Content, audience: Audience) -> Screen:
    offer = content.offer
    buttons = [button(area.title, AreaButton(area.id).pack()) for area in offer.areas]
    return screen(
        para(offer.intro.for_(audience)),
        para(content.texts.offer_pick_area.for_(audience)),
        title=offer.title,
        actions=[*((b,) for b in buttons), nav_row(content)],
    )


@cached
def area_view(content: Content, audience: Audience, area_id: str) -> Screen | None:
    area = content.offer.area(area_id)
    if area is None:
        return None
    buttons = [
        button(item.title, OfferItemButton(area.id, item.id).pack())
        for item in area.items_for(audience)
    ]
    back = button(content.texts.button_all_areas, ScreenButton(Place.OFFER).pack())
    return screen(
        para(area.intro.for_(audience)),
        para(content.texts.offer_pick_item.for_(audience)),
        title=area.title,
        actions=[*((b,) for b in buttons), (back,), nav_row(content)],
    )


@cached
def item_view(content: Content, audience: Audience, area_id: str, item_id: str) -> Screen | None:
    area = content.offer.area(area_id)
    item = area.item(item_id) if area else None
    if area is None or item is None:
        return None
    t = content.texts
    link = para(f"{t.offer_link.for_(audience)}: {item.link}") if item.link else None
    return screen(
        para(span(t.offer_what.for_(audience), bold=True), item.what.for_(audience)),
        para(
            span(t.offer_who.for_(audience), bold=True), item.who + _ages(content, audience, item)
        ),
        para(span(t.offer_how.for_(audience), bold=True), item.how.for_(audience)),
        link,
        title=item.title,
        actions=[
            (button(t.button_back, AreaButton(area.id).pack()),),
            (button(t.button_all_areas, ScreenButton(Place.OFFER).pack()),),
            nav_row(content),
        ],
    )


def _ages(content: Content, audience: Audience, item: OfferItem) -> str:
    t = content.texts
    if item.min_age is not None and item.max_age is not None:
        ages = say(t.offer_ages, audience, min_age=item.min_age, max_age=item.max_age)
    elif item.min_age is not None:
        ages = say(t.offer_age_from, audience, min_age=item.min_age)
    elif item.max_age is not None:
        ages = say(t.offer_age_up_to, audience, max_age=item.max_age)
    else:
        return ""
    return f", {ages}"


@named
def meetings_view(content: Content, audience: Audience, meetings: Sequence[Meeting]) -> Screen:
    t = content.texts
    intro = para(say(t.meetings_intro, audience, board=content.meetings.board_name))
    if not meetings:
        body = [para(t.meetings_none.for_(audience))]
        take_part = content.meetings.how_to_take_part.for_(audience)
    else:
        body = [_meeting(content, audience, m) for m in meetings]
        take_part = meetings[0].take_part(audience)
    remind = (button(t.button_remind, RemindButton("ask").pack()),)
    return screen(
        intro,
        *body,
        para(span(t.meetings_take_part.for_(audience), bold=True), take_part),
        actions=[remind, nav_row(content)],
    )


def _meeting(content: Content, audience: Audience, meeting: Meeting) -> Block:
    t = content.texts
    lines: list[str | Span] = [
        span(
            say(
                t.meeting_when,
                audience,
                date=nice_date(meeting.day),
                time=nice_time(meeting.start),
            ),
            bold=True,
        ),
        say(t.meeting_where, audience, venue=meeting.venue),
        say(t.meeting_views_by, audience, date=nice_date(meeting.views_by)),
    ]
    if meeting.topics:
        lines.append(say(t.meeting_topics, audience, topics="; ".join(meeting.topics)))
    return para(*lines)


@named
def we_did_view(
    content: Content, audience: Audience, actions: Sequence[DoneAction], answered: Sequence[Item]
) -> Screen:
    t = content.texts
    labels = theme_labels(content)
    if not actions and not answered:
        return screen(para(t.we_did_none.for_(audience)), actions=[nav_row(content)])
    blocks = [heading(t.we_did_intro.for_(audience))]
    for done in actions:
        status = action_status(content, audience, done.status)
        theme = labels.get(done.theme, done.theme)
        blocks.append(para((span(theme, bold=True), span(f" ({status})")), done.what))
    if answered:
        blocks.append(heading(t.we_did_answers.for_(audience)))
        for item in answered:
            question = item.board_text or t.we_did_question_about.for_(audience).format(
                theme=labels.get(item.theme or "", "").lower() or "something"
            )
            blocks.append(para(span(question, italic=True), item.answer or ""))
    return screen(*blocks, actions=[nav_row(content)])


def action_status(content: Content, audience: Audience, status: ActionStatus) -> str:
    t = content.texts
    wording = {
        ActionStatus.PLANNED: t.we_did_planned,
        ActionStatus.IN_PROGRESS: t.we_did_in_progress,
        ActionStatus.DONE: t.we_did_done,
    }[status]
    return wording.for_(audience)
