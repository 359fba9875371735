"""Browse journey: the pledge, the local offer, board meetings, help and privacy screens."""

from __future__ import annotations

from telegram import Update

from bot import screens
from bot.callback_data import (
    AreaButton,
    OfferHowButton,
    OfferItemButton,
    PageButton,
    PromiseButton,
    ScreenButton,
)
from bot.domain import Place
from bot.journeys import browse
from bot.screens import Screen
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.common import ButtonHandler, button_data, show


async def render_screen(context: BotContext, screen: Place) -> Screen:
    """A screen of the information journey. Reading only: nothing is ever written here."""
    return await browse.place_screen(context.services, context.audience, screen)


def _stale(context: BotContext) -> Screen:
    return browse.stale(context.services, context.audience)


async def on_screen_button(update: Update, context: BotContext) -> None:
    """A menu button (pledge, offer, meetings, help, privacy, menu, change who I am)."""
    screen = ScreenButton.unpack(button_data(update)).screen
    await show(update, context, await render_screen(context, screen))


async def on_promise_button(update: Update, context: BotContext) -> None:
    """A promise in the pledge list."""
    promise = PromiseButton.unpack(button_data(update)).promise
    view = screens.promise_view(context.services.content, context.audience, promise)
    await show(update, context, view or _stale(context))


async def on_area_button(update: Update, context: BotContext) -> None:
    """An area of the local offer (health, housing, money ...)."""
    area = AreaButton.unpack(button_data(update)).area
    view = screens.area_view(context.services.content, context.audience, area)
    await show(update, context, view or _stale(context))


async def on_offer_item_button(update: Update, context: BotContext) -> None:
    """One thing you can get, within an area of the local offer."""
    button = OfferItemButton.unpack(button_data(update))
    view = screens.item_view(context.services.content, context.audience, button.area, button.item)
    await show(update, context, view or _stale(context))


async def on_how_button(update: Update, context: BotContext) -> None:
    """How to get one thing in the local offer."""
    button = OfferHowButton.unpack(button_data(update))
    view = screens.item_how_view(
        context.services.content, context.audience, button.area, button.item
    )
    await show(update, context, view or _stale(context))


async def on_page_button(update: Update, context: BotContext) -> None:
    """ "More" / "Back to the start" on the pledge, the offer or "You said, we did"."""
    button = PageButton.unpack(button_data(update))
    view = await browse.page_screen(context.services, context.audience, button.list, button.page)
    await show(update, context, view)


def is_browse_page(data: object) -> bool:
    return PageButton.matches(data) and PageButton.unpack(data).list != "topics"


def register(app: HeysApp) -> None:
    app.add_handler(ButtonHandler(on_how_button, pattern=OfferHowButton.matches))
    app.add_handler(ButtonHandler(on_page_button, pattern=is_browse_page))
    app.add_handler(ButtonHandler(on_screen_button, pattern=ScreenButton.matches))
    app.add_handler(ButtonHandler(on_promise_button, pattern=PromiseButton.matches))
    app.add_handler(ButtonHandler(on_area_button, pattern=AreaButton.matches))
    app.add_handler(ButtonHandler(on_offer_item_button, pattern=OfferItemButton.matches))
