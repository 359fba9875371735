"""After Send or a disclosure: "tell me the answer", and the equal-weight "contact me"."""

from __future__ import annotations

from bot import screens
from bot.domain import Channel, ContactState, Item, RateLimited, StoreUnavailable
from bot.journeys import writing
from bot.journeys.outlet import Outlet
from bot.journeys.session import Session
from bot.screens import Screen
from bot.screens.model import say
from bot.services import Services

MAX_CONTACT_CHARS = 200


async def chosen_or_nothing(services: Services, session: Session, out: Outlet) -> None:
    """A choice tapped again (a double tap, or redelivered): the screen it led to, again —
    never "nothing to send" over the words that said what happens next."""
    chosen = session.chosen
    if chosen is not None:
        await out.show(chosen)
        return
    await out.show(writing.note(services, session, lambda t: t.nothing_to_send))


async def _show_chosen(session: Session, out: Outlet, screen: Screen) -> None:
    session.chosen = screen
    await out.show(screen)


async def answer_opt_in(services: Services, session: Session, out: Outlet, yes: bool) -> None:
    """ "Tell me when there's an answer": the chat is kept for that alone, or not at all."""
    item_id = session.last_item
    if item_id is None or out.channel is Channel.WEB:  # the web shows answers by code instead
        await chosen_or_nothing(services, session, out)
        return
    session.last_item = None
    await _answer_opt_in(services, session, out, item_id, yes)


async def answer_for_code(
    services: Services, session: Session, out: Outlet, yes: bool, code: str
) -> None:
    """ "Tell me" under a question's receipt, which names the question by its code: kept for
    that question, however many messages came after it."""
    item = await _item_for_code(services, session, out, code)
    if item is None or out.channel is Channel.WEB:
        await chosen_or_nothing(services, session, out)
        return
    if session.last_item == item.id:
        session.last_item = None
    await _answer_opt_in(services, session, out, item.id, yes)


async def _answer_opt_in(
    services: Services, session: Session, out: Outlet, item_id: int, yes: bool
) -> None:
    if yes and not await services.optins.want_answer(out.chat, item_id):
        gone = writing.note(services, session, lambda t: t.answer_optin_gone)
        await _show_chosen(session, out, gone)
    elif yes:
        saved = writing.note(services, session, lambda t: t.answer_optin_saved)
        await _show_chosen(session, out, saved)
    else:
        declined = writing.note(services, session, lambda t: t.answer_optin_declined)
        await _show_chosen(session, out, declined)


async def contact_choice(services: Services, session: Session, out: Outlet, yes: bool) -> None:
    """Contact me / No, thank you, on a reply that did not name its item (or on the screen
    asking how to contact them: changing their mind there is fine too)."""
    if not yes and session.contact_item is not None:
        session.contact_item = None
        session.last_item = None
        declined = writing.with_help(services, session, lambda t: t.contact_declined)
        await _show_chosen(session, out, declined)
        return
    if session.last_item is None:
        await chosen_or_nothing(services, session, out)
        return
    if yes and out.channel is Channel.WEB:
        session.contact_item = session.last_item
        await out.show(screens.contact_other_view(services.content, session.audience))
        return
    if yes:
        await out.show(screens.contact_how_view(services.content, session.audience))
        return
    session.last_item = None
    declined = writing.with_help(services, session, lambda t: t.contact_declined)
    await _show_chosen(session, out, declined)


async def contact_for_code(
    services: Services, session: Session, out: Outlet, answer: str, code: str
) -> None:
    """A contact choice under a "saved as urgent" reply. The button names its item by the
    receipt code in the same message, so this works after a restart, on an older reply too,
    and never attaches the request to a different message."""
    item = await _item_for_code(services, session, out, code)
    if item is None:
        await chosen_or_nothing(services, session, out)
        return
    content, audience = services.content, session.audience
    if answer == "here" and out.channel is Channel.WEB:  # no chat to message: check back
        await check_back(services, session, out, item.id)
        return
    if answer == "yes":
        await out.show(screens.contact_how_view(content, audience, code, out.channel))
    elif answer == "no":
        declined = writing.with_help(services, session, lambda t: t.contact_declined)
        await _show_chosen(session, out, declined)
    elif answer == "other":
        session.contact_item = item.id
        await out.show(screens.contact_other_view(content, audience))
    elif item.contact is ContactState.REQUESTED:  # tapped again: already with the officers
        await out.show(screens.contact_saved_view(content, audience, here=True))
    else:
        await save(services, session, out, item.id, here=True)


async def _item_for_code(
    services: Services, session: Session, out: Outlet, code: str
) -> Item | None:
    """The item a button's receipt code names, or None (deleted, forged, or too many guesses).
    A code not from their own reply in this session (an older reply, after a restart, or a
    forged button) counts like a typed code; their own buttons are never limited."""
    item = await services.status.item_for_code(code)
    if item is None or item.id not in session.own_items:
        try:
            services.code_guesses.check(out.person)
        except RateLimited:
            return None
    if item is None:  # deleted meanwhile, or a forged button
        services.code_guesses.record(out.person)
    return item


async def check_back(services: Services, session: Session, out: Outlet, item_id: int) -> None:
    """The web chat's "contact me": the team's reply is kept under their receipt code, and
    they read it (and write back) by checking with the code."""
    how = services.content.texts.web_check_back_how.format(number=item_id)  # for the officers
    await save(services, session, out, item_id, here=False, how=how, check_back=True)


async def contact_how(services: Services, session: Session, out: Outlet, answer: str) -> None:
    """Message me here / Another way, on a reply that did not name its item."""
    item_id = session.last_item
    if item_id is None:
        await chosen_or_nothing(services, session, out)
        return
    if answer == "other" or out.channel is Channel.WEB:  # the web has no "message me here"
        session.contact_item = item_id
        await out.show(screens.contact_other_view(services.content, session.audience))
        return
    session.last_item = None
    await save(services, session, out, item_id, here=True)


async def save_details(services: Services, session: Session, out: Outlet, text: str) -> None:
    """The way to contact them, as they typed it (kept only until someone has been in touch)."""
    item_id = session.contact_item
    if item_id is None:
        return
    if not writing.visible(text):
        await out.show(screens.contact_other_view(services.content, session.audience))
        return
    if len(text) > MAX_CONTACT_CHARS:
        # Said plainly, so they know why it was not taken (their words are just above).
        long = say(
            services.content.texts.contact_too_long, session.audience, max_chars=MAX_CONTACT_CHARS
        )
        await out.show(
            screens.contact_other_view(services.content, session.audience).with_note(long)
        )
        return
    session.contact_item = None
    session.last_item = None
    await save(services, session, out, item_id, here=False, how=text.strip())


async def save(
    services: Services,
    session: Session,
    out: Outlet,
    item_id: int,
    *,
    here: bool,
    how: str | None = None,
    check_back: bool = False,
) -> None:
    audience = session.audience
    try:
        saved = await services.optins.want_contact(
            item_id, asker=out.chat, audience=audience, here=here, how=how
        )
    except StoreUnavailable:
        saved = False
    if not saved:
        await out.show(writing.with_help(services, session, lambda t: t.contact_not_saved))
        return
    out.wake_delivery()
    shown = screens.contact_saved_view(
        services.content, audience, here=here, check_back=check_back
    )
    await _show_chosen(session, out, shown)
