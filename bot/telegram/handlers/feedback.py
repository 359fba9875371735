"""Feedback journey: Have your say / Ask a question, and the safeguarding reply to disclosures.

The draft (topic, text) is UI state kept in memory until Send; on Send the intake service stores
it durably and only then is the receipt code shown. Any typed message that sounds like a child
may not be safe gets the help numbers at once, before any database work, and is kept as urgent.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot import screens
from bot.callback_data import (
    ChoiceButton,
    ContactButton,
    PageButton,
    SendButton,
    StartButton,
    TopicButton,
)
from bot.content import Texts, Wording
from bot.domain import (
    Audience,
    ContactState,
    DuplicateUpdate,
    ItemKind,
    RateLimited,
    Receipt,
    StoreUnavailable,
    TooLong,
)
from bot.screens import Screen
from bot.services.intake import MAX_MESSAGE_UNITS
from bot.services.receipts import ReceiptCodes
from bot.services.screening import Level, ScreenResult
from bot.telegram.context import BotContext, HeysApp
from bot.telegram.handlers.common import PRIVATE, ButtonHandler, button_data, send_view, show
from bot.telegram.handlers.fallback import point_to_menu

log = logging.getLogger(__name__)

# Keys in user_data (memory only, never persisted): UI state, nothing durable.
_DRAFT = "draft"
_LAST_ITEM = "last_item"
_CONTACT_ITEM = "contact_item"
_CHECK = "safety_check"  # words waiting for the answer to "are you safe right now?"
_CHOSEN = "chosen"  # the screen shown after a contact / answer choice, shown again on a 2nd tap
_CHECK_ANSWERED = "safety_check_answered"  # the token of the last worry answered "not safe"
AFTER_AUDIENCE = "after_audience"  # Have your say / Ask a question, waiting for "who are you?"
MAX_CONTACT_CHARS = 200


class Stage(StrEnum):
    TOPIC = "topic"
    BEHALF = "behalf"
    TYPING = "typing"
    PREVIEW = "preview"


@dataclass(frozen=True)
class Worry:
    """A message the screen was unsure about, kept in memory until the young person answers."""

    text: str
    token: str


@dataclass
class Draft:
    """What someone is writing, before they press Send."""

    kind: ItemKind
    stage: Stage = Stage.TOPIC
    theme: str | None = None
    on_behalf: bool = False
    text: str = ""
    # Names this submission: it rides on the Send button, and the receipt code is derived from
    # it, so Send pressed twice, or redelivered after a crash, stores once and shows one code.
    token: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    # The screen's reading of `text`, taken when it was typed, so Send does not read it again.
    screened: ScreenResult | None = None


def _get(context: BotContext, key: str) -> object:
    return context.user_data.get(key) if context.user_data is not None else None


def _put(context: BotContext, key: str, value: object) -> None:
    if context.user_data is None:
        return
    if value is None:
        context.user_data.pop(key, None)
    else:
        context.user_data[key] = value


def _draft(context: BotContext) -> Draft | None:
    draft = _get(context, _DRAFT)
    return draft if isinstance(draft, Draft) else None


def _texts(context: BotContext) -> Texts:
    return context.services.content.texts


def _note(context: BotContext, pick: Callable[[Texts], Wording]) -> Screen:
    text = pick(_texts(context)).for_(context.audience)
    return screens.notice_view(context.services.content, context.audience, text)


def _with_help(context: BotContext, pick: Callable[[Texts], Wording]) -> Screen:
    text = pick(_texts(context)).for_(context.audience)
    return screens.with_help_view(context.services.content, context.audience, text)


# ---------------------------------------------------------------------------------------------
# Writing a message


async def start_feedback(update: Update, context: BotContext) -> None:
    """The "Have your say" or "Ask a question" button: the notice, then pick a topic."""
    kind = StartButton.unpack(button_data(update)).kind
    content = context.services.content
    if not context.audience_known:  # after a restart or a deep link: ask, never guess
        _put(context, AFTER_AUDIENCE, kind)
        await show(update, context, screens.audience_first_view(content))
        return
    await begin_writing(update, context, kind)


async def begin_writing(update: Update, context: BotContext, kind: ItemKind) -> None:
    _put(context, _DRAFT, Draft(kind=kind))
    content = context.services.content
    await show(update, context, screens.feedback_notice_view(content, context.audience, kind))


async def on_topics_page(update: Update, context: BotContext) -> None:
    """More topics / Back to the start, under the topic picker."""
    page = PageButton.unpack(button_data(update)).page
    draft = _draft(context)
    if draft is None or draft.stage is not Stage.TOPIC:
        await show(update, context, _note(context, lambda t: t.nothing_to_send))
        return
    content = context.services.content
    if page == 0:
        view = screens.feedback_notice_view(content, context.audience, draft.kind)
    else:
        view = screens.topics_view(content, context.audience, page)
    await show(update, context, view)


def _is_topics_page(data: object) -> bool:
    return PageButton.matches(data) and PageButton.unpack(data).list == "topics"


async def pick_topic(update: Update, context: BotContext) -> None:
    """A topic button: carers are asked whose view it is; everyone else can type now."""
    draft = _draft(context)
    if draft is None or draft.stage is not Stage.TOPIC:
        await show(update, context, _note(context, lambda t: t.nothing_to_send))
        return
    theme = TopicButton.unpack(button_data(update)).theme
    known = {t.id for t in context.services.content.themes.themes}
    draft.theme = theme if theme in known else None
    if context.audience is Audience.CARER:
        draft.stage = Stage.BEHALF
        await show(
            update, context, screens.on_behalf_view(context.services.content, context.audience)
        )
        return
    await _ask_to_type(update, context, draft)


async def _ask_to_type(update: Update, context: BotContext, draft: Draft) -> None:
    draft.stage = Stage.TYPING
    if draft.text:  # typed while the buttons were waiting: kept, so no need to type it again
        await _take_text(update, context, draft.text, draft.screened)
        return
    content = context.services.content
    view = screens.type_prompt_view(content, context.audience, draft.kind, MAX_MESSAGE_UNITS)
    await show(update, context, view)


async def on_text(update: Update, context: BotContext) -> None:
    """Any typed message in a private chat: a disclosure, a draft, contact details, or stray."""
    message = update.effective_message
    text = message.text if message and message.text else ""
    services = context.services
    screened = services.intake.screen(text)
    level = screened.level
    if level is Level.URGENT:
        await handle_disclosure(update, context, text)
        if _get(context, _CONTACT_ITEM) is not None:
            # They were typing how to contact them: these words answer that too, so they are
            # kept as the details (and the next, ordinary message is not taken for them).
            await _save_contact_details(update, context, text)
        return
    if _get(context, _CONTACT_ITEM) is not None:
        await _save_contact_details(update, context, text)
        return
    if level is Level.CHECK and message is not None:
        # Worrying but unclear (or not in English): ask, with the help numbers, before anything.
        _put(context, _CHECK, Worry(text, f"update:{update.update_id}:{message.message_id}"))
        view = screens.safety_check_view(services.content, context.audience, screened.language)
        await show(update, context, view)
        return
    await _take_text(update, context, text, screened)


async def _take_text(
    update: Update, context: BotContext, text: str, screened: ScreenResult | None = None
) -> None:
    """Ordinary words: the draft's message (then the preview), or a pointer to the menu."""
    services = context.services
    draft = _draft(context)
    if draft is not None and draft.stage in {Stage.TOPIC, Stage.BEHALF}:
        # Typed while a question with buttons was waiting: keep the words as the draft.
        draft.text, draft.screened = text, screened
        note = _texts(context).kept_draft.for_(context.audience)
        content, audience = services.content, context.audience
        if draft.stage is Stage.TOPIC:
            step = screens.topics_view(content, audience, 0).with_note(note)
        else:
            step = screens.on_behalf_view(content, audience).with_note(note)
        await show(update, context, step)
        return
    if draft is None or draft.stage not in {Stage.TYPING, Stage.PREVIEW}:
        await point_to_menu(update, context)
        return
    try:
        services.intake.check_length(text)
    except TooLong as error:
        # Kept, and shown back so it can be copied and shortened rather than typed again.
        draft.text, draft.stage = "", Stage.TYPING
        view = screens.too_long_view(
            services.content, context.audience, error.length, error.limit, text
        )
        await show(update, context, view)
        return
    draft.text, draft.stage, draft.screened = text, Stage.PREVIEW, screened
    view = screens.preview_view(services.content, context.audience, text, token=draft.token)
    await show(update, context, view)


async def cancel_draft(update: Update, context: BotContext) -> None:
    """/cancel: forget what was being written; nothing is sent."""
    for key in (_DRAFT, _CONTACT_ITEM):
        _put(context, key, None)
    await show(update, context, _note(context, lambda t: t.cancelled))


# ---------------------------------------------------------------------------------------------
# A message that sounds like someone may not be safe


async def handle_disclosure(
    update: Update,
    context: BotContext,
    text: str,
    *,
    token: str | None = None,
    said_unsafe: bool = False,
) -> None:
    """Help numbers at once on the crisis lane, then keep the words as urgent (one item and one
    alert per flood), then the code and the equal-weight contact choice. `said_unsafe`: the
    screen was unsure, and the young person said they are not safe (or not sure)."""
    services, audience = context.services, context.audience
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None or message is None:
        return
    # First the help numbers: no database, no rate limit, nothing queued ahead of it.
    await context.crisis.send(chat.id, screens.crisis_view(services.content, audience))
    draft = _draft(context)
    writing = draft is not None and draft.stage in {Stage.TYPING, Stage.PREVIEW}
    fold = services.urgent_flood.fold_into(user.id)
    token = token or f"update:{update.update_id}:{message.message_id}"
    try:
        # A redelivered update, or a second tap, was stored already: never fold it in twice;
        # it goes on below to show the same code again.
        if fold is not None and await services.intake.receipt_again(token) is not None:
            fold = None
        if fold is not None and await services.intake.add_to_urgent(fold, text):
            await send_view(context.bot, chat.id, _with_help(context, lambda t: t.crisis_added))
            return
        try:
            receipt: Receipt | None = await services.intake.submit(
                kind=draft.kind if draft and writing else ItemKind.FEEDBACK,
                audience=audience,
                text=text,
                token=token,
                theme=draft.theme if draft and writing else None,
                on_behalf=draft.on_behalf if draft and writing else False,
                urgent=said_unsafe,
            )
        except DuplicateUpdate:  # redelivered after a crash: show the same code again
            receipt = await services.intake.receipt_again(token)
    except StoreUnavailable:
        log.error("Could not store an urgent message: the database is unavailable")
        context.ask_telegram_to_retry()
        await send_view(context.bot, chat.id, _with_help(context, lambda t: t.crisis_not_saved))
        return
    if receipt is None:
        return
    services.urgent_flood.record(user.id, receipt.item_id)
    if writing:
        _put(context, _DRAFT, None)
    _put(context, _LAST_ITEM, receipt.item_id)
    context.wake_delivery()
    saved = screens.crisis_saved_view(services.content, audience, receipt.code)
    await context.crisis.send(chat.id, saved, once_per_window=False)


# ---------------------------------------------------------------------------------------------
# Buttons: whose view, send/change/cancel, tell me the answer, contact me


async def on_choice_button(update: Update, context: BotContext) -> None:
    """A choice button in the feedback journey, routed by the question it answers."""
    button = ChoiceButton.unpack(button_data(update))
    routes: dict[str, Callable[[Update, BotContext, str], Awaitable[None]]] = {
        "behalf": _on_behalf,
        "draft": _on_draft,
        "answer": _on_answer_opt_in,
        "contact": _on_contact,
        "how": _on_contact_how,
        "safe": _on_safe,
    }
    await routes[button.question](update, context, button.answer)


async def _on_safe(update: Update, context: BotContext, answer: str) -> None:
    """ "Are you safe right now?" — not safe, or not sure, makes it urgent at once; OK keeps
    it ordinary (and, if they weren't writing, offers to send it)."""
    worry = _get(context, _CHECK)
    if not isinstance(worry, Worry):
        answered = _get(context, _CHECK_ANSWERED)
        if answer in {"unsafe", "unsure"} and isinstance(answered, str):
            # Tapped again (or redelivered): the same code and help, never "nothing to send".
            receipt = await context.services.intake.receipt_again(answered)
            if receipt is not None:
                saved = screens.crisis_saved_view(
                    context.services.content, context.audience, receipt.code
                )
                await show(update, context, saved)
                return
        await show(update, context, _note(context, lambda t: t.nothing_to_send))
        return
    _put(context, _CHECK, None)
    if answer in {"unsafe", "unsure"}:
        _put(context, _CHECK_ANSWERED, worry.token)
        await handle_disclosure(update, context, worry.text, token=worry.token, said_unsafe=True)
        return
    draft = _draft(context)
    if draft is None or draft.stage not in {Stage.TYPING, Stage.PREVIEW}:
        if not context.audience_known:  # ask who they are before it can be sent: never guess
            _put(context, AFTER_AUDIENCE, worry)
            await show(update, context, screens.audience_first_view(context.services.content))
            return
        _put(context, _DRAFT, Draft(kind=ItemKind.FEEDBACK, stage=Stage.TYPING))
    await _take_text(update, context, worry.text)


async def offer_to_send(update: Update, context: BotContext, worry: Worry) -> None:
    """After "who are you?": the words they were OK with, ready to send if they want."""
    _put(context, _DRAFT, Draft(kind=ItemKind.FEEDBACK, stage=Stage.TYPING))
    await _take_text(update, context, worry.text)


async def _on_behalf(update: Update, context: BotContext, answer: str) -> None:
    draft = _draft(context)
    if draft is None or draft.stage is not Stage.BEHALF:
        await show(update, context, _note(context, lambda t: t.nothing_to_send))
        return
    draft.on_behalf = answer == "yes"
    await _ask_to_type(update, context, draft)


async def _on_draft(update: Update, context: BotContext, answer: str) -> None:
    draft = _draft(context)
    if draft is None and _get(context, _LAST_ITEM) is not None:
        # Change or Cancel under a preview that was already sent: say so, never "not sent".
        await show(update, context, _note(context, lambda t: t.already_sent))
        return
    if answer == "cancel":
        await cancel_draft(update, context)
        return
    if draft is None or draft.stage is not Stage.PREVIEW:
        await show(update, context, _note(context, lambda t: t.nothing_to_send))
        return
    if answer == "send":  # a preview shown before Send carried its token
        await _send(update, context, draft)
        return
    draft.stage = Stage.TYPING
    content = context.services.content
    await show(update, context, screens.change_prompt_view(content, context.audience))


async def send_draft(update: Update, context: BotContext) -> None:
    """The Send button under a preview: store it, then show the code. The same Send again
    (a second tap, or Telegram redelivering it) shows the same code and stores nothing more."""
    token = SendButton.unpack(button_data(update)).token
    draft = _draft(context)
    if draft is not None and draft.token == token and draft.stage is Stage.PREVIEW:
        await _send(update, context, draft)
        return
    receipt = await context.services.intake.receipt_again(f"draft:{token}")
    if receipt is None:
        await show(update, context, _note(context, lambda t: t.nothing_to_send))
        return
    await _acknowledge(update, context, receipt)


async def _send(update: Update, context: BotContext, draft: Draft) -> None:
    services, user = context.services, update.effective_user
    if user is None:
        return
    try:
        services.limiter.check(user.id)
    except RateLimited:
        await show(update, context, screens.rate_limited_view(services.content, context.audience))
        return
    token = f"draft:{draft.token}"
    try:
        receipt: Receipt | None = await services.intake.submit(
            kind=draft.kind,
            audience=context.audience,
            text=draft.text,
            token=token,
            theme=draft.theme,
            on_behalf=draft.on_behalf,
            screened=draft.screened,
        )
    except DuplicateUpdate:  # tapped twice at once: stored once, the same code for both
        receipt = await services.intake.receipt_again(token)
    except StoreUnavailable:
        context.ask_telegram_to_retry()
        note = _texts(context).not_saved.for_(context.audience)
        view = screens.preview_view(
            services.content, context.audience, draft.text, note=note, token=draft.token
        )
        await show(update, context, view)
        return
    if receipt is None:
        return
    services.limiter.record(user.id)
    context.wake_delivery()
    _put(context, _DRAFT, None)
    await _acknowledge(update, context, receipt)


async def _acknowledge(update: Update, context: BotContext, receipt: Receipt) -> None:
    services = context.services
    _put(context, _LAST_ITEM, receipt.item_id)
    meeting = services.meetings.next_for_views()
    await show(
        update, context, screens.ack_view(services.content, context.audience, receipt, meeting)
    )


async def _chosen_or_nothing(update: Update, context: BotContext) -> None:
    """A choice tapped again (a double tap, or redelivered): the screen it led to, again —
    never "nothing to send" over the words that said what happens next."""
    chosen = _get(context, _CHOSEN)
    if isinstance(chosen, Screen):
        await show(update, context, chosen)
        return
    await show(update, context, _note(context, lambda t: t.nothing_to_send))


async def _show_chosen(update: Update, context: BotContext, view: Screen) -> None:
    _put(context, _CHOSEN, view)
    await show(update, context, view)


async def _on_answer_opt_in(update: Update, context: BotContext, answer: str) -> None:
    item_id, chat = _get(context, _LAST_ITEM), update.effective_chat
    if not isinstance(item_id, int) or chat is None:
        await _chosen_or_nothing(update, context)
        return
    _put(context, _LAST_ITEM, None)
    if answer == "yes":
        await context.services.optins.want_answer(chat.id, item_id)
        await _show_chosen(update, context, _note(context, lambda t: t.answer_optin_saved))
    else:
        await _show_chosen(update, context, _note(context, lambda t: t.answer_optin_declined))


async def _on_contact(update: Update, context: BotContext, answer: str) -> None:
    if not isinstance(_get(context, _LAST_ITEM), int):
        await _chosen_or_nothing(update, context)
        return
    if answer == "yes":
        content = context.services.content
        await show(update, context, screens.contact_how_view(content, context.audience))
        return
    _put(context, _LAST_ITEM, None)
    await _show_chosen(update, context, _with_help(context, lambda t: t.contact_declined))


async def on_contact_button(update: Update, context: BotContext) -> None:
    """A contact choice under a "saved as urgent" reply. The button names its item by the
    receipt code in the same message, so this works after a restart, on an older reply too,
    and never attaches the request to a different message."""
    button = ContactButton.unpack(button_data(update))
    services, user = context.services, update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return
    try:
        services.code_guesses.check(user.id)
    except RateLimited:
        await _chosen_or_nothing(update, context)
        return
    item = await services.status.item_for_code(button.code)
    if item is None:  # deleted meanwhile, or a forged button
        services.code_guesses.record(user.id)
        await _chosen_or_nothing(update, context)
        return
    content = context.services.content
    if button.answer == "yes":
        await show(
            update, context, screens.contact_how_view(content, context.audience, button.code)
        )
    elif button.answer == "no":
        await _show_chosen(update, context, _with_help(context, lambda t: t.contact_declined))
    elif button.answer == "other":
        _put(context, _CONTACT_ITEM, item.id)
        await show(update, context, screens.contact_other_view(content, context.audience))
    elif item.contact is ContactState.REQUESTED:  # tapped again: already with the officers
        await show(
            update, context, screens.contact_saved_view(content, context.audience, here=True)
        )
    else:
        await _save_contact(update, context, item.id, chat.id, here=True)


async def _on_contact_how(update: Update, context: BotContext, answer: str) -> None:
    item_id, chat = _get(context, _LAST_ITEM), update.effective_chat
    if not isinstance(item_id, int) or chat is None:
        await _chosen_or_nothing(update, context)
        return
    content = context.services.content
    if answer == "other":
        _put(context, _CONTACT_ITEM, item_id)
        await show(update, context, screens.contact_other_view(content, context.audience))
        return
    _put(context, _LAST_ITEM, None)
    await _save_contact(update, context, item_id, chat.id, here=True)


async def _save_contact_details(update: Update, context: BotContext, text: str) -> None:
    item_id, chat = _get(context, _CONTACT_ITEM), update.effective_chat
    content = context.services.content
    if not isinstance(item_id, int) or chat is None:
        return
    if len(text) > MAX_CONTACT_CHARS or not text.strip():
        await show(update, context, screens.contact_other_view(content, context.audience))
        return
    for key in (_CONTACT_ITEM, _LAST_ITEM):
        _put(context, key, None)
    await _save_contact(update, context, item_id, chat.id, here=False, how=text.strip())


async def _save_contact(
    update: Update,
    context: BotContext,
    item_id: int,
    chat_id: int,
    *,
    here: bool,
    how: str | None = None,
) -> None:
    services, audience = context.services, context.audience
    try:
        saved = await services.optins.want_contact(
            item_id, asker=chat_id, audience=audience, here=here, how=how
        )
    except StoreUnavailable:
        saved = False
    if not saved:
        await show(update, context, _with_help(context, lambda t: t.contact_not_saved))
        return
    context.wake_delivery()
    await _show_chosen(
        update, context, screens.contact_saved_view(services.content, audience, here=here)
    )


async def screen_everything(update: Update, context: BotContext) -> None:
    """Captions, text after a command, polls and edited messages: screened like any message, so a
    disclosure anywhere gets the help numbers at once (media itself is never downloaded)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or context.services.access.is_officer_id(user.id):
        return
    text = message.caption or message.text or ""
    if message.text and message.text.startswith("/"):
        # A receipt code after /status or /delete is random letters, not words: leave it out.
        text = " ".join(w for w in text.split() if ReceiptCodes.normalise(w) is None)
    if message.poll is not None:  # a poll's question and options are typed words too
        text = "\n".join([message.poll.question, *(o.text for o in message.poll.options)])
    if text and context.services.intake.is_urgent(text):
        await handle_disclosure(update, context, text)
        raise ApplicationHandlerStop


# Group -1 (a gate): these would otherwise reach a command, the media refusal, or nothing.
UNSCREENED = filters.ChatType.PRIVATE & (
    filters.UpdateType.EDITED_MESSAGE | filters.CAPTION | filters.COMMAND | filters.POLL
)


def register(app: HeysApp) -> None:
    app.add_handler(MessageHandler(UNSCREENED, screen_everything), group=-1)
    app.add_handler(ButtonHandler(start_feedback, pattern=StartButton.matches))
    app.add_handler(ButtonHandler(pick_topic, pattern=TopicButton.matches))
    app.add_handler(ButtonHandler(on_topics_page, pattern=_is_topics_page))
    app.add_handler(ButtonHandler(on_choice_button, pattern=ChoiceButton.matches))
    app.add_handler(ButtonHandler(send_draft, pattern=SendButton.matches))
    app.add_handler(ButtonHandler(on_contact_button, pattern=ContactButton.matches))
    app.add_handler(CommandHandler("cancel", cancel_draft, filters=PRIVATE))
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, on_text))
