"""Officer journey: /queue, View, the review buttons, and replies with redactions, reasons
and answers (the typed commands are in officer_commands).

Every command and button asks the officer service to authorise the sender first; handler
filters only narrow what arrives. Item text is sent only on View, with protect_content.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable

from telegram import ForceReply, Message, Update
from telegram.error import Forbidden
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot import screens
from bot.callback_data import OfficerButton, OfficerThemeButton
from bot.content import Texts, Wording
from bot.domain import (
    Actor,
    AlreadyDecided,
    ContactState,
    Item,
    NoSuchItem,
    NotAllowedHere,
    NotAnOfficer,
    Officer,
)
from bot.services.officer_text import UnusableWords
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.common import ButtonHandler, button_data, delete_posts_of, send_view
from bot.telegram.handlers.officer_prompts import (
    PROMPTS_KEY,
    PromptReply,
    Prompts,
    RepliesToTheBot,
    prompts_of,
)

log = logging.getLogger(__name__)

NEW_MESSAGES = filters.UpdateType.MESSAGE


def actor_of(update: Update) -> Actor:
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    from_button = update.callback_query is not None
    return Actor(
        user_id=user.id if user else None,
        chat_id=chat.id if chat else None,
        chat_type=chat.type if chat else "",
        name=user.first_name if user else "",
        sender_chat=bool(message and message.sender_chat and not from_button),
        forwarded=bool(message and message.forward_origin and not from_button),
        edited=update.edited_message is not None,
    )


async def on_stray_reply(update: Update, context: BotContext) -> None:
    """An officer's reply the bot was not waiting for: a prompt forgotten in a restart, or a
    reply to the item instead of the prompt under it. Their words are theirs, never a young
    person's message: they are told nothing changed and how to do it again. An edit of a reply
    already used is never taken either (it would act twice, or on words not seen)."""
    user = update.effective_user
    if user is None or not context.services.access.is_officer_id(user.id):
        return
    await _say(update, context, _texts(context).officer_reply_not_used)
    raise ApplicationHandlerStop


def _texts(context: BotContext) -> Texts:
    return context.services.content.texts


async def _say(update: Update, context: BotContext, wording: Wording, **values: object) -> None:
    chat = update.effective_chat
    if chat is not None:
        await send_view(
            context.bot, chat.id, screens.officer_note(context.services.content, wording, **values)
        )


async def officer_or_refuse(update: Update, context: BotContext, what: str) -> Officer | None:
    """The authorised officer, or None after a generic refusal."""
    try:
        return await context.services.officers.authorise(actor_of(update), what)
    except NotAnOfficer:
        refusal = _texts(context).officer_refused.for_(context.audience)
        if update.callback_query is not None:
            await update.callback_query.answer(refusal, show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(refusal)
        return None


async def _guarded(
    update: Update, context: BotContext, item_id: int, act: Callable[[], Awaitable[None]]
) -> None:
    """Run an officer action, turning domain refusals into plain notes."""
    t = _texts(context)
    try:
        await act()
    except NoSuchItem:
        await _say(update, context, t.officer_no_item, number=item_id)
    except AlreadyDecided as error:
        await _say(
            update,
            context,
            t.officer_already_decided,
            number=item_id,
            status=error.status.value.replace("_", " "),
            by=error.by,
        )
    except NotAllowedHere as error:
        await _say(update, context, t.officer_not_allowed, number=item_id, why=str(error))


# ---------------------------------------------------------------------------------------------
# /queue and /view


async def show_queue(update: Update, context: BotContext) -> None:
    """/queue: counts by status and the next item to read (urgent first, then oldest)."""
    if await officer_or_refuse(update, context, "queue") is None:
        return
    await _send_queue(update, context, after_id=0)


async def _send_queue(update: Update, context: BotContext, after_id: int) -> None:
    officers = context.services.officers
    counts, urgent, contacts = await officers.summary()
    next_item = await officers.next_open(after_id)
    view = screens.officer_queue_view(
        context.services.content, counts, urgent, contacts, next_item
    )
    chat = update.effective_chat
    if chat is not None:
        await send_view(context.bot, chat.id, view)


def _number(text: str) -> int | None:
    # ASCII digits only: "²".isdigit() is True but int("²") fails.
    text = text.lstrip("#")
    return int(text) if re.fullmatch(r"[0-9]{1,12}", text) else None


async def view_command(update: Update, context: BotContext) -> None:
    """/view NUMBER: the text of one item, protected from forwarding."""
    officer = await officer_or_refuse(update, context, "view")
    if officer is None:
        return
    number = _number(context.args[0] if context.args else "")
    if number is None:
        await _say(update, context, _texts(context).officer_view_usage)
        return
    await _guarded(update, context, number, lambda: _send_item(update, context, officer, number))


async def _send_item(update: Update, context: BotContext, officer: Officer, item_id: int) -> None:
    """The child's words go to the officer's own private chat with the bot, never to the group:
    group members who are not on the allow-list must never see them."""
    shown = await context.services.officers.look(item_id)
    view = screens.officer_item_view(context.services.content, shown)
    try:
        sent = await send_view(context.bot, officer.user_id, view, protect=True)
    except Forbidden:  # the officer has not opened a private chat with the bot yet
        # Not read: an urgent item keeps being re-alerted until someone has it in front of them.
        await _say(update, context, _texts(context).officer_open_private_chat, number=item_id)
        return
    await context.services.officers.seen(officer, item_id)
    # Telegram lets a bot delete its messages for 48 hours: remember them to do so, and to
    # delete them at once if the young person deletes the item.
    for message in sent:
        await context.services.officers.remember_post(officer.user_id, message.message_id, item_id)


# ---------------------------------------------------------------------------------------------
# Buttons


# Each button action: (update, context, officer, item number, action) → the officer's next step.
ButtonAction = Callable[[Update, BotContext, Officer, int, str], Awaitable[None]]


async def _decided(update: Update, context: BotContext, item: Item) -> None:
    status = item.status.value.replace("_", " ")
    await _say(update, context, _texts(context).officer_done, number=item.id, status=status)


async def _view(update: Update, context: BotContext, officer: Officer, n: int, _: str) -> None:
    await _send_item(update, context, officer, n)


async def _next(update: Update, context: BotContext, officer: Officer, n: int, _: str) -> None:
    await _send_queue(update, context, after_id=n)


async def _board(update: Update, context: BotContext, officer: Officer, n: int, _: str) -> None:
    await _decided(update, context, await context.services.officers.for_the_board(officer, n))


async def _referred(update: Update, context: BotContext, officer: Officer, n: int, _: str) -> None:
    await _decided(update, context, await context.services.officers.referred(officer, n))


async def _contact(update: Update, context: BotContext, officer: Officer, n: int, a: str) -> None:
    await context.services.officers.close_contact(officer, n, ContactState(a))
    await delete_posts_of(context, [n])  # they showed how to reach them
    await _say(update, context, _texts(context).officer_contact_closed_done, number=n)


async def _mark(update: Update, context: BotContext, officer: Officer, n: int, a: str) -> None:
    await context.services.officers.mark_screen(officer, n, MARKS[a])
    chat = update.effective_chat
    if chat is not None:
        view = screens.officer_marked_view(context.services.content, n, MARKS[a])
        await send_view(context.bot, chat.id, view)


async def _publish(update: Update, context: BotContext, officer: Officer, n: int, _: str) -> None:
    await context.services.officers.publish(officer, n)
    await _say(update, context, _texts(context).officer_published, number=n)


async def _themes(update: Update, context: BotContext, officer: Officer, n: int, _: str) -> None:
    chat = update.effective_chat
    if chat is not None:
        view = screens.officer_theme_view(context.services.content, n)
        await send_view(context.bot, chat.id, view)


async def _ask(update: Update, context: BotContext, officer: Officer, n: int, a: str) -> None:
    await _ask_for_reply(update, context, a, n)  # redact, answer, notboard, noaction


MARKS = {"missed": "missed", "falsealarm": "false_alarm"}
BUTTON_ACTIONS: dict[str, ButtonAction] = {
    "view": _view,
    "next": _next,
    "board": _board,
    "referred": _referred,
    "contacted": _contact,
    "unreachable": _contact,
    "missed": _mark,
    "falsealarm": _mark,
    "publish": _publish,
    "theme": _themes,
}


async def on_officer_button(update: Update, context: BotContext) -> None:
    """View / For the board / Not for the board / Referred / No action / Redact / Theme / Next."""
    button = OfficerButton.unpack(button_data(update))
    officer = await officer_or_refuse(update, context, button.action)
    if officer is None:
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    act = BUTTON_ACTIONS.get(button.action, _ask)
    number, action = button.item, button.action
    await _guarded(update, context, number, lambda: act(update, context, officer, number, action))


async def _ask_for_reply(update: Update, context: BotContext, action: str, item_id: int) -> None:
    t = _texts(context)
    wording = {
        "redact": t.officer_redact_prompt,
        "answer": t.officer_answer_prompt,
    }.get(action, t.officer_reason_prompt)
    chat = update.effective_chat
    if chat is None:
        return
    view = screens.officer_note(context.services.content, wording, number=item_id)
    sent = await send_view(context.bot, chat.id, view, markup=ForceReply(selective=True))
    if sent:
        prompts_of(context).expect(sent[-1], action, item_id)


async def on_theme_button(update: Update, context: BotContext) -> None:
    """A theme chosen for an item."""
    button = OfficerThemeButton.unpack(button_data(update))
    officer = await officer_or_refuse(update, context, "theme")
    if officer is None:
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    labels = screens.theme_labels(context.services.content)

    async def act() -> None:
        item = await context.services.officers.set_theme(officer, button.item, button.theme)
        chat = update.effective_chat
        if chat is not None:
            theme = labels.get(button.theme, button.theme)
            view = screens.officer_theme_set_view(context.services.content, item, theme)
            await send_view(context.bot, chat.id, view)

    await _guarded(update, context, button.item, act)


async def _reply_acts(
    update: Update, context: BotContext, officer: Officer, number: int, action: str, text: str
) -> None:
    officers, t = context.services.officers, _texts(context)
    if action == "redact":
        await officers.redact(officer, number, text)
        await _say(update, context, t.officer_redacted, number=number)
    elif action == "answer":
        await officers.answer(officer, number, text)
        context.wake_delivery()
        await _say(update, context, t.officer_answered, number=number)
    elif action == "notboard":
        await _decided(update, context, await officers.not_for_the_board(officer, number, text))
    else:
        await _decided(update, context, await officers.no_action(officer, number, text))


async def on_prompt_reply(update: Update, context: BotContext) -> None:
    """A reply to one of our prompts: the redacted text, an answer, or a decision's reason."""
    message = update.effective_message
    if message is None or not message.text or message.reply_to_message is None:
        return
    officer = await officer_or_refuse(update, context, "reply")
    if officer is None:
        return
    pending = prompts_of(context).take(message)
    if pending is None:
        return
    prompt, text = message.reply_to_message, message.text
    await _guarded(
        update,
        context,
        pending[1],
        lambda: _reply_or_wait(update, context, officer, prompt, pending, text),
    )


async def _reply_or_wait(
    update: Update,
    context: BotContext,
    officer: Officer,
    prompt: Message,
    pending: tuple[str, int],
    text: str,
) -> None:
    """Act on a prompt's reply; words it cannot use (blank, too long) leave the same prompt
    waiting. Any other refusal (only questions are answered) is final, as for a button."""
    action, number = pending
    try:
        await _reply_acts(update, context, officer, number, action, text)
    except UnusableWords as refused:
        prompts_of(context).expect(prompt, action, number)
        t = _texts(context)
        await _say(update, context, t.officer_reply_refused, number=number, why=str(refused))


def register(app: HeysApp) -> None:
    prompts = Prompts()
    app.bot_data[PROMPTS_KEY] = prompts
    for name, callback in (("queue", show_queue), ("view", view_command)):
        app.add_handler(CommandHandler(name, callback, filters=NEW_MESSAGES))
    app.add_handler(ButtonHandler(on_officer_button, pattern=OfficerButton.matches))
    app.add_handler(ButtonHandler(on_theme_button, pattern=OfficerThemeButton.matches))
    app.add_handler(
        MessageHandler(NEW_MESSAGES & filters.TEXT & PromptReply(prompts), on_prompt_reply)
    )
    # Before the young person's journeys (and their screen): an officer's stray reply to the
    # bot, or an edit of one, is the officer's own work.
    stray = filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & RepliesToTheBot()
    stray = stray & ~(NEW_MESSAGES & PromptReply(prompts))
    app.add_handler(MessageHandler(stray, on_stray_reply), group=-2)
