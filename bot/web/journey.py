"""What a web visitor's button does: the same journeys as Telegram's buttons, routed by the
same allow-listed action values (anything else gets a kind note and the menu)."""

from __future__ import annotations

from bot import screens
from bot.callback_data import (
    AreaButton,
    AudienceButton,
    ChoiceButton,
    ContactButton,
    OfferHowButton,
    OfferItemButton,
    PageButton,
    PromiseButton,
    RemindButton,
    ScreenButton,
    SendButton,
    StartButton,
    TopicButton,
)
from bot.domain import Channel
from bot.journeys import browse, choices, contact, writing
from bot.journeys.session import Session
from bot.screens import Screen
from bot.services import Services
from bot.web.outlet import WebOutlet


async def act(services: Services, session: Session, out: WebOutlet, value: str) -> None:
    """One button press."""
    if await _browse(services, session, out, value):
        return
    if StartButton.matches(value):
        await writing.start(services, session, out, StartButton.unpack(value).kind)
    elif TopicButton.matches(value):
        await writing.topic(services, session, out, TopicButton.unpack(value).theme)
    elif PageButton.matches(value):  # the topic picker's More / Back to the start
        await writing.topics_page(services, session, out, PageButton.unpack(value).page)
    elif ChoiceButton.matches(value):
        button = ChoiceButton.unpack(value)
        await choices.choose(services, session, out, button.question, button.answer)
    elif SendButton.matches(value):
        await writing.send(services, session, out, SendButton.unpack(value).token)
    elif ContactButton.matches(value):
        pressed = ContactButton.unpack(value)
        await contact.contact_for_code(services, session, out, pressed.answer, pressed.code)
    elif AudienceButton.matches(value):
        await writing.choose_audience(
            services, session, out, AudienceButton.unpack(value).audience
        )
    elif RemindButton.matches(value):  # reminders are sent on Telegram only: say so
        await out.show(writing.note(services, session, lambda t: t.web_reminders))
    else:
        await out.show(browse.stale(services, session.audience))


async def _browse(services: Services, session: Session, out: WebOutlet, value: str) -> bool:
    """The information journey; False if the button is not one of its own."""
    content, audience = services.content, session.audience
    view: Screen | None
    if ScreenButton.matches(value):
        place = ScreenButton.unpack(value).screen
        view = await browse.place_screen(services, audience, place, Channel.WEB)
    elif PromiseButton.matches(value):
        view = screens.promise_view(content, audience, PromiseButton.unpack(value).promise)
    elif AreaButton.matches(value):
        view = screens.area_view(content, audience, AreaButton.unpack(value).area)
    elif OfferItemButton.matches(value):
        button = OfferItemButton.unpack(value)
        view = screens.item_view(content, audience, button.area, button.item)
    elif OfferHowButton.matches(value):
        how = OfferHowButton.unpack(value)
        view = screens.item_how_view(content, audience, how.area, how.item)
    elif PageButton.matches(value) and PageButton.unpack(value).list != "topics":
        page = PageButton.unpack(value)
        view = await browse.page_screen(services, audience, page.list, page.page)
    else:
        return False
    await out.show(view or browse.stale(services, audience))
    return True
