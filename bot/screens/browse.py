"""Reading: the pledge, the local offer, board meetings and "You said, we did"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.callback_data import (
    AreaButton,
    OfferHowButton,
    OfferItemButton,
    PageButton,
    PromiseButton,
    RemindButton,
    ScreenButton,
)
from bot.content import Content, OfferItem
from bot.domain import Action as DoneAction
from bot.domain import ActionStatus, Audience, Channel, Item, Meeting, Place
from bot.formatting import nice_date, nice_time
from bot.screens.common import button, nav_row, paged
from bot.screens.model import Block, Screen, Span, cached, named, para, say, screen, span


@cached
def pledge_view(content: Content, audience: Audience, page: int = 0) -> Screen:
    """The promises as buttons (never listed twice), a page at a time."""
    pledge = content.pledge
    promises = [
        button(f"{n}. {p.title.for_(audience)}", PromiseButton(p.id).pack())
        for n, p in enumerate(pledge.promises, start=1)
    ]
    nav = nav_row(content)
    shown, more = paged(content, promises, page, fixed=len(nav), list_id="pledge")
    return screen(
        para(pledge.intro.for_(audience)),
        para(content.texts.pledge_pick.for_(audience)) if page == 0 else None,
        title=pledge.title.for_(audience),
        actions=[*((b,) for b in shown), (more,) if more else (), nav],
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
def offer_view(content: Content, audience: Audience, page: int = 0) -> Screen:
    offer = content.offer
    areas = [button(area.title.for_(audience), AreaButton(area.id).pack()) for area in offer.areas]
    nav = nav_row(content)
    shown, more = paged(content, areas, page, fixed=len(nav), list_id="offer")
    return screen(
        para(offer.intro.for_(audience)),
        para(content.texts.offer_pick_area.for_(audience)) if page == 0 else None,
        title=offer.title.for_(audience),
        actions=[*((b,) for b in shown), (more,) if more else (), nav],
    )


@cached
def area_view(content: Content, audience: Audience, area_id: str) -> Screen | None:
    area = content.offer.area(area_id)
    if area is None:
        return None
    items = [
        button(item.title.for_(audience), OfferItemButton(area.id, item.id).pack())
        for item in area.items_for(audience)
    ]
    back = button(content.texts.button_all_areas, ScreenButton(Place.OFFER).pack())
    return screen(
        para(area.intro.for_(audience)),
        para(content.texts.offer_pick_item.for_(audience)),
        title=area.title.for_(audience),
        actions=[*((b,) for b in items), (back,), nav_row(content)],
    )


@cached
def item_view(content: Content, audience: Audience, area_id: str, item_id: str) -> Screen | None:
    """What you get and who can get it; how to get it is one tap on."""
    area = content.offer.area(area_id)
    item = area.item(item_id) if area else None
    if area is None or item is None:
        return None
    t = content.texts
    who = item.who + _ages(content, audience, item)
    return screen(
        para(item.what.for_(audience)),
        para((span(t.offer_who.for_(audience) + ": ", bold=True), Span(who))),
        title=item.title.for_(audience),
        actions=[
            (button(t.button_how_to_get, OfferHowButton(area.id, item.id).pack()),),
            (button(t.button_back, AreaButton(area.id).pack()),),
            nav_row(content),
        ],
    )


@cached
def item_how_view(
    content: Content, audience: Audience, area_id: str, item_id: str
) -> Screen | None:
    area = content.offer.area(area_id)
    item = area.item(item_id) if area else None
    if area is None or item is None:
        return None
    t = content.texts
    link = para(f"{t.offer_link.for_(audience)}: {item.link}") if item.link else None
    return screen(
        para(span(t.offer_how.for_(audience), bold=True), item.how.for_(audience)),
        link,
        title=item.title.for_(audience),
        actions=[
            (button(t.button_back, OfferItemButton(area.id, item.id).pack()),),
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


def short_date(day: date, *, weekday: bool = False) -> str:
    """ "8 December" (or "Tuesday 8 December"): the year goes without saying this close."""
    return f"{day:%A} {day.day} {day:%B}" if weekday else f"{day.day} {day:%B}"


@named
def meetings_view(
    content: Content,
    audience: Audience,
    meetings: Sequence[Meeting],
    today: date,
    channel: Channel = Channel.TELEGRAM,
) -> Screen:
    """The next meeting in full, the later ones by date. A "views by" date that has passed is
    never offered: the screen says the views will go to the meeting after. Reminders are sent
    on Telegram only, so the web chat does not offer them."""
    t = content.texts
    about = button(t.button_about_board, ScreenButton(Place.BOARD).pack())
    remind = button(t.button_remind, RemindButton("ask").pack())
    nav = [(about,) if channel is Channel.WEB else (remind, about), nav_row(content)]
    if not meetings:
        return screen(
            para(t.meetings_none.for_(audience)), title=t.meetings_next.for_(audience), actions=nav
        )
    first, later = meetings[0], meetings[1:]
    blocks = [_meeting(content, audience, first, later[0] if later else None, today)]
    if later:
        dates = ", ".join(short_date(m.day) for m in later)
        blocks.append(para(say(t.meetings_later, audience, dates=dates)))
    return screen(*blocks, actions=nav)


def _meeting(
    content: Content, audience: Audience, meeting: Meeting, after: Meeting | None, today: date
) -> Block:
    t = content.texts
    lines: list[str | Span] = [
        span(
            say(
                t.meeting_when,
                audience,
                date=short_date(meeting.day, weekday=True),
                time=nice_time(meeting.start),
            ),
            bold=True,
        ),
        say(t.meeting_where, audience, venue=meeting.venue),
    ]
    if meeting.views_by >= today:
        lines.append(say(t.meeting_views_by, audience, date=nice_date(meeting.views_by)))
    elif after is not None:
        lines.append(say(t.meeting_too_late, audience, date=short_date(after.day)))
    if meeting.topics:
        lines.append(say(t.meeting_topics, audience, topics="; ".join(meeting.topics)))
    return para(*lines)


@cached
def board_view(content: Content, audience: Audience) -> Screen:
    """What the board is, and how to take part."""
    t = content.texts
    back = button(t.button_back, ScreenButton(Place.MEETINGS).pack())
    return screen(
        para(say(t.meetings_intro, audience, board=content.meetings.board_name)),
        para(
            span(t.meetings_take_part.for_(audience), bold=True),
            content.meetings.how_to_take_part.for_(audience),
        ),
        actions=[(back,), nav_row(content)],
    )


WE_DID_PER_PAGE = 2


@named
def we_did_view(
    content: Content,
    audience: Audience,
    actions: Sequence[DoneAction],
    answered: Sequence[Item],
    page: int = 0,
) -> Screen:
    t = content.texts
    if not actions and not answered:
        return screen(para(t.we_did_none.for_(audience)), actions=[nav_row(content)])
    labels = {th.id: th.label_for(audience) for th in content.themes.themes}
    entries: list[Block] = []
    for done in actions:
        status = action_status(content, audience, done.status)
        theme = labels.get(done.theme, done.theme)
        entries.append(para((span(theme, bold=True), span(f" ({status})")), done.what))
    for item in answered:
        question = item.board_text or t.we_did_question_about.for_(audience).format(
            theme=labels.get(item.theme or "", "").lower() or "something"
        )
        entries.append(para(span(question, italic=True), item.answer or ""))
    pages = -(-len(entries) // WE_DID_PER_PAGE)
    page = min(max(page, 0), pages - 1)
    more = None
    if pages > 1:
        label = t.button_more if page < pages - 1 else t.button_first_page
        target = page + 1 if page < pages - 1 else 0
        more = button(label, PageButton("wedid", target).pack())
    shown = entries[page * WE_DID_PER_PAGE : (page + 1) * WE_DID_PER_PAGE]
    return screen(
        *shown,
        title=t.we_did_intro.for_(audience) if page == 0 else None,
        actions=[(more,) if more else (), nav_row(content)],
    )


def action_status(content: Content, audience: Audience, status: ActionStatus) -> str:
    t = content.texts
    wording = {
        ActionStatus.PLANNED: t.we_did_planned,
        ActionStatus.IN_PROGRESS: t.we_did_in_progress,
        ActionStatus.DONE: t.we_did_done,
    }[status]
    return wording.for_(audience)
