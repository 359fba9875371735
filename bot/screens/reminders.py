"""Board meeting reminders: the offer to remind, and the reminders themselves."""

from __future__ import annotations

from bot.callback_data import RemindButton
from bot.content import Content
from bot.domain import Audience, Meeting
from bot.formatting import nice_date, nice_time
from bot.screens.common import button, nav_row
from bot.screens.model import Screen, named, para, say, screen


@named
def remind_view(content: Content, audience: Audience, opted_in: bool) -> Screen:
    """Equal weight: both choices on one row, the same style."""
    t = content.texts
    offer = para(say(t.remind_offer, audience, days=content.council.reminder_opt_in_days))
    if opted_in:  # say so, and offer Stop / Keep: never "would you like a reminder?"
        answers = (
            button(t.button_remind_stop, RemindButton("no").pack()),
            button(t.button_remind_keep, RemindButton("keep").pack()),
        )
        return screen(para(t.remind_on.for_(audience)), actions=[answers, nav_row(content)])
    answers = (
        button(t.button_remind_yes, RemindButton("yes").pack()),
        button(t.button_no_thanks, RemindButton("no").pack()),
    )
    return screen(offer, actions=[answers, nav_row(content)])


@named
def reminder_view(content: Content, audience: Audience, kind: str, meeting: Meeting) -> Screen:
    t = content.texts
    if kind == "views":
        text = say(
            t.reminder_views,
            audience,
            board=content.meetings.board_name,
            date=nice_date(meeting.day),
            views_by=nice_date(meeting.views_by),
        )
    else:
        text = say(
            t.reminder_meeting,
            audience,
            board=content.meetings.board_name,
            date=nice_date(meeting.day),
            time=nice_time(meeting.start),
        )
    return screen(para(text), actions=[nav_row(content)])
