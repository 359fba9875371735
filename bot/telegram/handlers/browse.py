"""Browse journey: the pledge, the local offer, board meetings, help and privacy screens."""

from __future__ import annotations

from collections.abc import Callable

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
from bot.content import Content
from bot.domain import Audience, Place
from bot.screens import Screen
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.common import ButtonHandler, button_data, show

_SIMPLE: dict[Place, Callable[[Content, Audience], Screen]] = {
    Place.MENU: screens.menu_view,
    Place.PLEDGE: screens.pledge_view,
    Place.OFFER: screens.offer_view,
    Place.HELP: screens.help_view,
    Place.PRIVACY: screens.privacy_view,
    Place.PRIVACY_MORE: screens.privacy_more_view,
    Place.BOARD: screens.board_view,
    Place.AUDIENCE: screens.audience_view,
}


async def render_screen(context: BotContext, screen: Place) -> Screen:
    """A screen of the information journey. Reading only: nothing is ever written here."""
    content, audience = context.services.content, context.audience
    if screen is Place.MEETINGS:
        meetings = context.services.meetings
        return screens.meetings_view(content, audience, meetings.upcoming(), meetings.today())
    if screen is Place.WE_DID:
        actions, answered = await context.services.officers.we_did_screen()
        return screens.we_did_view(content, audience, actions, answered)
    return _SIMPLE[screen](content, audience)


def _stale(context: BotContext) -> Screen:
    content = context.services.content
    note = content.texts.old_button.for_(context.audience)
    return screens.notice_view(content, context.audience, note)


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
    content, audience = context.services.content, context.audience
    if button.list == "pledge":
        view = screens.pledge_view(content, audience, button.page)
    elif button.list == "offer":
        view = screens.offer_view(content, audience, button.page)
    else:
        actions, answered = await context.services.officers.we_did_screen()
        view = screens.we_did_view(content, audience, actions, answered, button.page)
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
