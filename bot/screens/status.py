"""/status: where a message has got to, its answer and what was done."""

from __future__ import annotations

from bot.content import Content
from bot.domain import Audience, ItemStatus, Meeting
from bot.formatting import nice_date
from bot.screens.browse import action_status
from bot.screens.common import nav_row
from bot.screens.model import Block, Screen, bullets, heading, named, para, say, screen, span
from bot.services.status import StatusReport


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
        heading(say(t.status_heading, audience, date=nice_date(item.created_on))),
        para(sentences[item.status].for_(audience)),
    ]
    if item.answer:
        blocks.append(para(span(t.status_answer.for_(audience), bold=True), item.answer))
    if report.actions:
        blocks.append(heading(t.status_actions.for_(audience)))
        blocks.append(
            bullets(
                f"{a.what} ({action_status(content, audience, a.status)})" for a in report.actions
            )
        )
    if item.urgent and item.status is ItemStatus.RECEIVED:
        blocks.append(para(t.status_urgent.for_(audience)))
    if meeting is not None and item.status in {ItemStatus.RECEIVED, ItemStatus.FOR_BOARD}:
        blocks.append(para(say(t.status_board, audience, date=nice_date(meeting.day))))
    return screen(*blocks, actions=[nav_row(content)])
