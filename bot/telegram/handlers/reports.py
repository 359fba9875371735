"""Reports journey: /report [FROM] [TO] in the officer chat, and the pre-meeting report."""

from __future__ import annotations

import asyncio
import logging
from datetime import date

from telegram import InputFile, Update
from telegram.ext import CommandHandler, ExtBot

from bot import screens
from bot.services import Services
from bot.services.report_pdf import render_pdf
from bot.services.report_render import render_html, words_for
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.common import send_view
from bot.telegram.handlers.officer import NEW_MESSAGES, officer_or_refuse

log = logging.getLogger(__name__)

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


async def send_report(
    bot: ExtBot[None], chat_id: int, services: Services, first: date | None, last: date | None
) -> None:
    """Build the report once and send it as HTML and PDF, protected from forwarding."""
    report = await services.reports.build(first, last)
    words = words_for(report, services.content)
    name = f"voice-of-the-child-{report.first}-to-{report.last}"
    caption = f"{words.w['title']}. {words.w['period']}."
    pdf = await asyncio.to_thread(render_pdf, words)  # printing takes a moment: off the loop
    for data, suffix in ((render_html(words).encode("utf-8"), "html"), (pdf, "pdf")):
        await bot.send_document(
            chat_id,
            InputFile(data, filename=f"{name}.{suffix}"),
            caption=caption,
            protect_content=True,
        )


async def report_command(update: Update, context: BotContext) -> None:
    """/report [FROM] [TO]: the board report now (default: since the last board meeting)."""
    if await officer_or_refuse(update, context, "report") is None:
        return
    chat = update.effective_chat
    if chat is None:
        return
    args = context.args or []
    first = _day(args[0]) if args else None
    last = _day(args[1]) if len(args) > 1 else None
    if not _sensible(args, first, last):
        note = screens.officer_note(
            context.services.content, context.services.content.texts.officer_report_dates
        )
        await send_view(context.bot, chat.id, note)
        return
    await send_report(context.bot, chat.id, context.services, first, last)


def _sensible(args: list[str], first: date | None, last: date | None) -> bool:
    """Dates that were typed must read as dates, in order, within a century of now."""
    if len(args) > 2 or (args and first is None) or (len(args) > 1 and last is None):
        return False
    days = [d for d in (first, last) if d is not None]
    if any(not EARLIEST_YEAR <= d.year <= LATEST_YEAR for d in days):
        return False
    return not (first and last and first > last)


def register(app: HeysApp) -> None:
    app.add_handler(CommandHandler("report", report_command, filters=NEW_MESSAGES))
