"""/status: where a message has got to, its answer and what was done."""

from __future__ import annotations

from bot.content import Content
from bot.domain import Audience, ItemStatus, Meeting
from bot.screens.browse import action_status, short_date
from bot.screens.common import conversation, nav_row
from bot.screens.model import Block, Screen, heading, named, para, say, screen, span
from bot.services.status import StatusReport

MAX_ACTIONS = 2  # the rest are in "You said, we did"


@named
def status_view(
    content: Content, audience: Audience, report: StatusReport, meeting: Meeting | None
) -> Screen:
    t = content.texts
    item = report.item
    sentences = {
        ItemStatus.RECEIVED: t.status_received,
        ItemStatus.READ: t.status_read,
        ItemStatus.FOR_BOARD: t.status_for_board,
        ItemStatus.NOT_FOR_BOARD: t.status_not_for_board,
        ItemStatus.TAKEN_TO_BOARD: t.status_taken_to_board,
        ItemStatus.ANSWERED: t.status_answered,
        ItemStatus.REFERRED: t.status_referred,
        ItemStatus.NO_ACTION: t.status_no_action,
    }
    blocks: list[Block | None] = [
        heading(say(t.status_heading, audience, date=short_date(item.created_on))),
        para(sentences[item.status].for_(audience)),
    ]
    if item.answer:
        if item.board_text:  # the question it answers, as the board saw it
            asked = say(t.answer_push_question, audience, question=item.board_text)
            blocks.append(para(span(asked, italic=True)))
        blocks.append(para(span(t.status_answer.for_(audience), bold=True), item.answer))
    if report.actions:
        done = [
            f"• {a.what} ({action_status(content, audience, a.status)})"
            for a in report.actions[:MAX_ACTIONS]
        ]
        blocks.append(para(span(t.status_actions.for_(audience), bold=True), *done))
    team, them = t.web_replies_team, t.web_replies_you
    blocks += conversation(content, audience, report.replies, team=team, them=them)
    if item.urgent and item.status is ItemStatus.RECEIVED:
        blocks.append(para(t.status_urgent.for_(audience)))
    if meeting is not None and item.status is ItemStatus.RECEIVED:
        blocks.append(para(say(t.status_board, audience, date=short_date(meeting.day))))
    return screen(*blocks, actions=[nav_row(content)])
