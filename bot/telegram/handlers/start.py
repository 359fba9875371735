"""Start journey: /start (and deep links), /menu, /help, /privacy, the "who are you?" choice."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import screens
from bot.callback_data import AudienceButton
from bot.domain import DEEP_LINKS
from bot.journeys import writing
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.browse import render_screen
from bot.telegram.handlers.common import PRIVATE, ButtonHandler, button_data, show
from bot.telegram.outlet import TelegramOutlet, session_of


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
    if out := TelegramOutlet.of(update, context):
        await writing.choose_audience(context.services, session_of(context), out, choice)


def register(app: HeysApp) -> None:
    app.add_handler(CommandHandler("start", show_start, filters=PRIVATE))
    app.add_handler(CommandHandler("menu", show_menu, filters=PRIVATE))
    app.add_handler(CommandHandler("help", show_help, filters=PRIVATE))
    app.add_handler(CommandHandler("privacy", show_privacy, filters=PRIVATE))
    app.add_handler(ButtonHandler(on_audience_button, pattern=AudienceButton.matches))
