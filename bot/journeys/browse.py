"""Browsing: the pledge, the local offer, board meetings, help, privacy and "You said, we did".
Reading only: nothing is ever written here. Every channel shows the same screens."""

from __future__ import annotations

from collections.abc import Callable

from bot import screens
from bot.content import Content
from bot.domain import Audience, Channel, Place
from bot.screens import Screen
from bot.services import Services

_SIMPLE: dict[Place, Callable[[Content, Audience], Screen]] = {
    Place.MENU: screens.menu_view,
    Place.PLEDGE: screens.pledge_view,
    Place.OFFER: screens.offer_view,
    Place.HELP: screens.help_view,
    Place.PRIVACY: screens.privacy_view,
    Place.BOARD: screens.board_view,
    Place.AUDIENCE: screens.audience_view,
}


async def place_screen(
    services: Services, audience: Audience, place: Place, channel: Channel = Channel.TELEGRAM
) -> Screen:
    """A screen of the information journey."""
    content = services.content
    if place is Place.PRIVACY_MORE:
        return screens.privacy_more_view(content, audience, channel)
    if place is Place.MEETINGS:
        meetings = services.meetings
        upcoming, today = meetings.upcoming(), meetings.today()
        return screens.meetings_view(content, audience, upcoming, today, channel)
    if place is Place.WE_DID:
        actions, answered = await services.officers.we_did_screen()
        return screens.we_did_view(content, audience, actions, answered)
    return _SIMPLE[place](content, audience)


async def page_screen(services: Services, audience: Audience, listed: str, page: int) -> Screen:
    """ "More" / "Back to the start" on the pledge, the offer or "You said, we did"."""
    content = services.content
    if listed == "pledge":
        return screens.pledge_view(content, audience, page)
    if listed == "offer":
        return screens.offer_view(content, audience, page)
    actions, answered = await services.officers.we_did_screen()
    return screens.we_did_view(content, audience, actions, answered, page)


def stale(services: Services, audience: Audience) -> Screen:
    """A button for something the content no longer has: a kind note and the menu."""
    content = services.content
    return screens.notice_view(content, audience, content.texts.old_button.for_(audience))
