"""Feedback journey on Telegram: Have your say / Ask a question, contact choices, and the
safeguarding reply to disclosures. Each handler reads the update and calls the channel-neutral
journey (bot.journeys), which keeps the draft in memory until Send and stores durably only then.
"""

from __future__ import annotations

from dataclasses import replace

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot.callback_data import (
    AnswerButton,
    ChoiceButton,
    ContactButton,
    PageButton,
    SendButton,
    StartButton,
    TopicButton,
)
from bot.journeys import choices, contact, safety, writing
from bot.services.receipts import ReceiptCodes
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers import status
from bot.telegram.handlers.common import OFFICER_COMMANDS, PRIVATE, ButtonHandler, button_data
from bot.telegram.outlet import TelegramOutlet, session_of


async def start_feedback(update: Update, context: BotContext) -> None:
    """The "Have your say" or "Ask a question" button: the notice, then pick a topic."""
    kind = StartButton.unpack(button_data(update)).kind
    if out := TelegramOutlet.of(update, context):
        await writing.start(context.services, session_of(context), out, kind)


async def on_topics_page(update: Update, context: BotContext) -> None:
    """More topics / Back to the start, under the topic picker."""
    page = PageButton.unpack(button_data(update)).page
    if out := TelegramOutlet.of(update, context):
        await writing.topics_page(context.services, session_of(context), out, page)


def _is_topics_page(data: object) -> bool:
    return PageButton.matches(data) and PageButton.unpack(data).list == "topics"


async def pick_topic(update: Update, context: BotContext) -> None:
    """A topic button: carers are asked whose view it is; everyone else can type now."""
    theme = TopicButton.unpack(button_data(update)).theme
    if out := TelegramOutlet.of(update, context):
        await writing.topic(context.services, session_of(context), out, theme)


async def on_text(update: Update, context: BotContext) -> None:
    """Any typed message in a private chat: a disclosure, a draft, contact details, or stray."""
    message = update.effective_message
    text = message.text if message and message.text else ""
    if message is not None and (out := TelegramOutlet.of(update, context)):
        session = session_of(context)
        if safety.only_a_code(session, text) and await status.status_if_code(
            update, context, text
        ):
            return  # a receipt code on its own: what happened to that message
        await safety.typed(context.services, session, out, text)
        draft = session.draft
        if draft is not None and draft.text == text:  # its words: an edit of it changes them
            draft.source = _source(message.message_id)


def _source(message_id: int) -> str:
    return f"telegram:{message_id}"


async def cancel_draft(update: Update, context: BotContext) -> None:
    """/cancel: forget what was being written; nothing is sent."""
    if out := TelegramOutlet.of(update, context):
        await writing.cancel(context.services, session_of(context), out)


async def on_choice_button(update: Update, context: BotContext) -> None:
    """A choice button in the feedback journey, routed by the question it answers."""
    button = ChoiceButton.unpack(button_data(update))
    out = TelegramOutlet.of(update, context)
    if out is None:
        return
    await choices.choose(
        context.services, session_of(context), out, button.question, button.answer
    )


async def send_draft(update: Update, context: BotContext) -> None:
    """The Send button under a preview: store it, then show the code (once, however often)."""
    token = SendButton.unpack(button_data(update)).token
    if out := TelegramOutlet.of(update, context):
        await writing.send(context.services, session_of(context), out, token)


async def on_contact_button(update: Update, context: BotContext) -> None:
    """A contact choice under a "saved as urgent" reply (it names its item by receipt code)."""
    button = ContactButton.unpack(button_data(update))
    if out := TelegramOutlet.of(update, context):
        await contact.contact_for_code(
            context.services, session_of(context), out, button.answer, button.code
        )


async def on_answer_button(update: Update, context: BotContext) -> None:
    """ "Yes, tell me" / "No, thank you" under a question's receipt (it names it by code)."""
    button = AnswerButton.unpack(button_data(update))
    if out := TelegramOutlet.of(update, context):
        await contact.answer_for_code(
            context.services, session_of(context), out, button.answer == "yes", button.code
        )


def _their_words(message: Message) -> tuple[str, bool]:
    """The words they typed with media, a command (without receipt codes: random letters could
    read as a risk word or another language) or a poll; and whether an unsure screen asks "Are
    you safe right now?" now (not before a command: it must not stop /status or /delete, so
    ask_after_command asks once the command has run)."""
    if message.poll is not None:  # a poll's question and options are typed words too
        return "\n".join([message.poll.question, *(o.text for o in message.poll.options)]), True
    if message.text and message.text.startswith("/"):
        _, *after = message.text.split(maxsplit=1)
        return ReceiptCodes.words_besides_codes(after[0] if after else ""), False
    return message.caption or message.text or "", True


async def screen_everything(update: Update, context: BotContext) -> None:
    """Captions, text after a command, polls and edited messages: screened like any message, so a
    disclosure anywhere gets the help numbers at once (media itself is never downloaded)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or context.services.access.is_officer_id(user.id):
        return
    text, ask = _their_words(message)
    out = TelegramOutlet.of(update, context)
    if out is None:
        return
    session = session_of(context)
    if update.edited_message is not None and message.text and not message.text.startswith("/"):
        # An edit of the words waiting to be sent changes them (and shows them again).
        source = _source(message.message_id)
        if await safety.edited(context.services, session, out, message.text, source):
            if (draft := session.draft) is not None and draft.text == message.text:
                draft.source = source
            raise ApplicationHandlerStop
    if await safety.screened_elsewhere(context.services, session, out, text, ask=ask) and ask:
        raise ApplicationHandlerStop  # after a command's words, the command still runs


async def ask_after_command(update: Update, context: BotContext) -> None:
    """Words beside a command that the screen is unsure about: once the command has run (the
    status shown, the message deleted), "Are you safe right now?" is asked about them. A
    disclosure there got the help numbers before the command (screen_everything); a deep link's
    word after /start, and an officer's command (refused to anyone else), are never asked about."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or context.services.access.is_officer_id(user.id):
        return
    text, _ = _their_words(message)
    command = (message.text or "/").split(maxsplit=1)[0][1:].split("@")[0].lower()
    if command == "start" or command in OFFICER_COMMANDS:
        return
    if out := TelegramOutlet.of(update, context):
        session = session_of(context)
        await safety.screened_elsewhere(
            context.services, session, out, text, note=True, urgent=False
        )
        if command == "forget" and session.worry is not None:  # kept only until answered
            session.worry = replace(session.worry, keep=False)


# Group -1 (a gate): these would otherwise reach a command, the media refusal, or nothing.
UNSCREENED = filters.ChatType.PRIVATE & (
    filters.UpdateType.EDITED_MESSAGE | filters.CAPTION | filters.COMMAND | filters.POLL
)


def register(app: HeysApp) -> None:
    app.add_handler(MessageHandler(UNSCREENED, screen_everything), group=-1)
    commands = filters.ChatType.PRIVATE & filters.COMMAND
    app.add_handler(MessageHandler(commands, ask_after_command), group=1)
    app.add_handler(ButtonHandler(start_feedback, pattern=StartButton.matches))
    app.add_handler(ButtonHandler(pick_topic, pattern=TopicButton.matches))
    app.add_handler(ButtonHandler(on_topics_page, pattern=_is_topics_page))
    app.add_handler(ButtonHandler(on_choice_button, pattern=ChoiceButton.matches))
    app.add_handler(ButtonHandler(send_draft, pattern=SendButton.matches))
    app.add_handler(ButtonHandler(on_contact_button, pattern=ContactButton.matches))
    app.add_handler(ButtonHandler(on_answer_button, pattern=AnswerButton.matches))
    app.add_handler(CommandHandler("cancel", cancel_draft, filters=PRIVATE))
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, on_text))
