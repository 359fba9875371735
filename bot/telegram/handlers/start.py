"""Start journey: /start (and deep links), /menu, /help, /privacy, the "who are you?" choice."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import screens
from bot.callback_data import AudienceButton
from bot.domain import DEEP_LINKS, ItemKind
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.browse import render_screen
from bot.telegram.handlers.common import PRIVATE, ButtonHandler, button_data, show
from bot.telegram.handlers.feedback import AFTER_AUDIENCE, Worry, begin_writing, offer_to_send


async def show_start(update: Update, context: BotContext) -> None:
    """/start, or /start <offer|meetings|help|pledge|privacy> from a QR poster."""
    payload = context.args[0].lower() if context.args else ""
    screen = DEEP_LINKS.get(payload)
    if screen is not None:
        await show(update, context, await render_screen(context, screen))
        return
    await show(update, context, screens.start_view(context.services.content, context.audience))


async def show_menu(update: Update, context: BotContext) -> None:
    """/menu: the main menu, always reachable."""
    await show(update, context, screens.menu_view(context.services.content, context.audience))


async def show_help(update: Update, context: BotContext) -> None:
    """/help: what the bot can do, who to contact, and the help numbers."""
    await show(
        update, context, screens.help_command_view(context.services.content, context.audience)
    )


async def show_privacy(update: Update, context: BotContext) -> None:
    """/privacy: what we keep, for how long, and what Telegram can see."""
    await show(update, context, screens.privacy_view(context.services.content, context.audience))


async def on_audience_button(update: Update, context: BotContext) -> None:
    """An "I'm in care / care leaver / carer" button: remember it in memory only, show the menu."""
    choice = AudienceButton.unpack(button_data(update)).audience
    context.remember_audience(choice)
    pending = context.user_data.pop(AFTER_AUDIENCE, None) if context.user_data else None
    if isinstance(pending, ItemKind):  # they were on their way to write something
        await begin_writing(update, context, pending)
        return
    if isinstance(pending, Worry):  # words they said they were OK about, not yet sent
        await offer_to_send(update, context, pending)
        return
    content = context.services.content
    note = content.texts.audience_saved.for_(choice)
    await show(update, context, screens.notice_view(content, choice, note))


def register(app: HeysApp) -> None:
    app.add_handler(CommandHandler("start", show_start, filters=PRIVATE))
    app.add_handler(CommandHandler("menu", show_menu, filters=PRIVATE))
    app.add_handler(CommandHandler("help", show_help, filters=PRIVATE))
    app.add_handler(CommandHandler("privacy", show_privacy, filters=PRIVATE))
    app.add_handler(ButtonHandler(on_audience_button, pattern=AudienceButton.matches))
