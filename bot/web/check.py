"""The check page: a message's status by its code, delete (asked once more), and writing
back to the team under the same code."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from markupsafe import Markup
from starlette.responses import Response

from bot import screens
from bot.domain import RateLimited, StoreUnavailable, TooLong
from bot.journeys import writing
from bot.screens import Screen
from bot.screens.model import say
from bot.services.status import DeleteOutcome, StatusReport
from bot.web import render

if TYPE_CHECKING:
    from bot.web.app import Visit, WebChat

log = logging.getLogger(__name__)


async def check(
    chat: WebChat, visit: Visit, typed: str, *, delete: bool
) -> tuple[Screen, StatusReport | None]:
    """Check or delete a message by its code (with what was found, when checked); wrong codes
    are limited per visitor."""
    services, audience = chat.services, visit.session.audience
    content, t = services.content, services.content.texts
    if not typed.strip():
        return screens.notice_view(content, audience, t.web_check_intro.for_(audience)), None
    try:
        services.code_guesses.check(visit.address)
    except RateLimited:
        return screens.notice_view(content, audience, t.status_too_many.for_(audience)), None
    if not delete:
        report = await services.status.status(typed)
        if report is None:
            services.code_guesses.record(visit.address)
            return screens.notice_view(content, audience, t.status_not_found.for_(audience)), None
        meeting = services.meetings.next_for_views()
        return screens.status_view(content, audience, report, meeting), report
    outcome, posts = await services.status.delete(typed)
    await chat.delete_posts(posts)  # the officers' copy of the words goes too
    if outcome is DeleteOutcome.DELETED:
        return screens.notice_view(content, audience, t.deleted.for_(audience)), None
    if outcome is DeleteOutcome.KEPT_FOR_SAFETY:
        kept = t.delete_kept_for_safety.for_(audience)
        return screens.with_help_view(content, audience, kept), None
    services.code_guesses.record(visit.address)
    return screens.notice_view(content, audience, t.status_not_found.for_(audience)), None


def team_wrote(report: StatusReport | None) -> bool:
    """The team has written under this code: they can write back."""
    return report is not None and any(r.from_team for r in report.replies)


def check_form(visit: Visit) -> Markup:
    return render.check_form(visit.content, visit.session.audience, visit.form)


async def write_back(chat: WebChat, visit: Visit, code: str, form: dict[str, str]) -> Response:
    """Their answer to the team, under the same code. Screened like every message: a
    disclosure gets the help numbers at once and makes the message urgent again (its words
    kept once, in the conversation). Words that could not be sent stay in the box. Wrong
    codes count towards the same limit as Check a message."""
    services, session = chat.services, visit.session
    content, audience = services.content, session.audience
    text = form.get("text", "")
    out = visit.outlet(form.get("key", ""))

    def kept(note: Screen) -> Response:
        """Not sent: say why, with their words back in the box to send again."""
        out.screens.append(note)
        extra = render.write_back_form(content, code, visit.form, kept=text)
        return visit.page(out.page(), extra=extra, heading=content.texts.web_check_heading)

    if not writing.visible(text):  # nothing written: not a guess at a code, just say so
        return kept(visit.note(content.texts.empty_message.for_(audience)))
    try:
        services.code_guesses.check(visit.address)
    except RateLimited:
        out.screens.append(visit.note(content.texts.status_too_many.for_(audience)))
        return visit.next_page(out)
    try:
        services.limiter.check(visit.web.person)
        services.intake.check_length(text)
    except RateLimited:
        return kept(screens.rate_limited_view(content, audience))
    except TooLong as error:
        return kept(screens.too_long_view(content, audience, error.length, error.limit, text))

    def unavailable(urgent: bool) -> Response:
        log.error("Could not keep a reply: the database is unavailable")
        down = content.texts.crisis_not_saved if urgent else content.texts.not_saved
        return kept(visit.note(down.for_(audience)))

    try:
        report = await services.status.status(code)
    except StoreUnavailable:  # not even looked up (a database server gone): kept all the same
        urgent = services.intake.screen(text).urgent
        if urgent:
            await out.crisis(screens.crisis_view(content, audience))
        return unavailable(urgent)
    if report is None:
        services.code_guesses.record(visit.address)
    if report is None or not team_wrote(report):
        out.screens.append(visit.note(content.texts.nothing_to_send.for_(audience)))
        return visit.next_page(out)
    screened = services.intake.screen(text)
    if screened.urgent:  # the help numbers first, before any database work
        await out.crisis(screens.crisis_view(content, audience))
    theirs = [r for r in report.replies if not r.from_team]
    said_already = bool(theirs) and theirs[-1].text == text  # sent twice: kept once
    try:
        if not said_already:
            await services.status.write_back(
                code, text, urgent=screened.urgent, categories=screened.categories
            )
    except StoreUnavailable:
        return unavailable(screened.urgent)
    services.limiter.record(visit.web.person)
    chat.wake()
    if screened.urgent:
        sent = content.texts.web_reply_urgent.for_(audience)
    else:
        sent = say(
            content.texts.web_reply_sent, audience, reading_hours=content.council.reading_hours
        )
    out.screens.append(visit.note(sent))
    return visit.next_page(out)
