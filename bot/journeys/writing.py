"""Have your say / Ask a question: notice, topic, whose view, type, preview, Send."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from bot import screens
from bot.content import Texts, Wording
from bot.domain import (
    Audience,
    DuplicateUpdate,
    ItemKind,
    RateLimited,
    Receipt,
    StoreUnavailable,
    TooLong,
)
from bot.journeys.outlet import Outlet
from bot.journeys.session import Draft, Session, Stage, Worry
from bot.screens import Screen
from bot.services import Services
from bot.services.intake import MAX_MESSAGE_UNITS
from bot.services.screen_text import INVISIBLE
from bot.services.screening import ScreenResult


def visible(text: str) -> bool:
    """Whether a message has anything in it once spaces and invisible characters go."""
    return bool(INVISIBLE.sub("", text).strip())


def note(services: Services, session: Session, pick: Callable[[Texts], Wording]) -> Screen:
    """A short kind note with the menu below."""
    text = pick(services.content.texts).for_(session.audience)
    return screens.notice_view(services.content, session.audience, text)


def with_help(services: Services, session: Session, pick: Callable[[Texts], Wording]) -> Screen:
    """A short note, and help one tap away."""
    text = pick(services.content.texts).for_(session.audience)
    return screens.with_help_view(services.content, session.audience, text)


async def unknown(services: Services, session: Session, out: Outlet) -> None:
    """A command no journey was waiting for: a kind pointer to the menu."""
    await out.show(note(services, session, lambda t: t.unknown))


async def keep_typed(services: Services, session: Session, out: Outlet, text: str) -> None:
    """Words typed when no question was waiting: kept (in memory), ready to send if they tap
    Have your say or Ask a question; never dropped."""
    session.typed = text
    await out.show(note(services, session, lambda t: t.typed_kept))


async def start(services: Services, session: Session, out: Outlet, kind: ItemKind) -> None:
    """ "Have your say" or "Ask a question": the notice, then pick a topic. If we don't know
    who they are (after a restart, or a deep link), ask first: never guess."""
    session.contact_item = None  # a new message now: what they type is not contact details
    if not session.audience_known:
        session.after_audience = kind
        await out.show(screens.audience_first_view(services.content))
        return
    await begin(services, session, out, kind)


async def choose_audience(
    services: Services, session: Session, out: Outlet, audience: Audience
) -> None:
    """ "I'm in care / a care leaver / a carer": kept in memory only; then whatever they were
    on their way to do, or the menu."""
    session.audience = audience
    pending = session.after_audience
    session.after_audience = None
    if isinstance(pending, ItemKind):  # they were on their way to write something
        await begin(services, session, out, pending)
        return
    if isinstance(pending, Worry):  # words they said they were OK about, not yet sent
        await offer_to_send(services, session, out, pending)
        return
    saved = services.content.texts.audience_saved.for_(audience)
    await out.show(screens.notice_view(services.content, audience, saved))


async def begin(services: Services, session: Session, out: Outlet, kind: ItemKind) -> None:
    draft = session.draft
    if draft is not None and draft.writing and draft.text:
        # They left a message they had written (for Get help now, say): it is still here.
        waiting = services.content.texts.draft_waiting.for_(session.audience)
        preview = screens.preview_view(
            services.content, session.audience, draft.text, token=draft.token, note=waiting
        )
        draft.stage = Stage.PREVIEW
        await out.show(preview)
        return
    session.draft = Draft(kind=kind, text=session.typed or "")
    session.typed = None
    order = await services.intake.popular_themes()
    await out.show(screens.feedback_notice_view(services.content, session.audience, kind, order))


async def topics_page(services: Services, session: Session, out: Outlet, page: int) -> None:
    """More topics / Back to the start, under the topic picker."""
    draft = session.draft
    if draft is None or draft.stage is not Stage.TOPIC:
        await out.show(note(services, session, lambda t: t.nothing_to_send))
        return
    content, audience = services.content, session.audience
    order = await services.intake.popular_themes()
    if page == 0:
        await out.show(screens.feedback_notice_view(content, audience, draft.kind, order))
    else:
        await out.show(screens.topics_view(content, audience, page, order))


async def topic(services: Services, session: Session, out: Outlet, theme: str) -> None:
    """A topic: carers are asked whose view it is; everyone else can type now."""
    draft = session.draft
    if draft is None or draft.stage is not Stage.TOPIC:
        await out.show(note(services, session, lambda t: t.nothing_to_send))
        return
    known = {t.id for t in services.content.themes.themes}
    draft.theme = theme if theme in known else None
    if session.audience is Audience.CARER:
        draft.stage = Stage.BEHALF
        await out.show(screens.on_behalf_view(services.content, session.audience))
        return
    await ask_to_type(services, session, out, draft)


async def behalf(services: Services, session: Session, out: Outlet, yes: bool) -> None:
    """A carer's answer: a young person's view, or their own."""
    draft = session.draft
    if draft is None or draft.stage is not Stage.BEHALF:
        await out.show(note(services, session, lambda t: t.nothing_to_send))
        return
    draft.on_behalf = yes
    await ask_to_type(services, session, out, draft)


async def ask_to_type(services: Services, session: Session, out: Outlet, draft: Draft) -> None:
    draft.stage = Stage.TYPING
    if draft.text:  # typed while the buttons were waiting: kept, so no need to type it again
        await take_text(services, session, out, draft.text, draft.screened)
        return
    prompt = screens.type_prompt_view(
        services.content, session.audience, draft.kind, MAX_MESSAGE_UNITS
    )
    await out.show(prompt)


async def take_text(
    services: Services,
    session: Session,
    out: Outlet,
    text: str,
    screened: ScreenResult | None = None,
) -> None:
    """Ordinary words: the draft's message (then the preview), or a pointer to the menu."""
    draft, content, audience = session.draft, services.content, session.audience
    if draft is not None and draft.stage in {Stage.TOPIC, Stage.BEHALF}:
        # Typed while a question with buttons was waiting: keep the words as the draft.
        draft.text, draft.screened = text, screened
        kept = content.texts.kept_draft.for_(audience)
        if draft.stage is Stage.TOPIC:
            order = await services.intake.popular_themes()
            step = screens.topics_view(content, audience, 0, order)
        else:
            step = screens.on_behalf_view(content, audience)
        await out.show(step.with_note(kept))
        return
    if draft is None or not draft.writing:
        await keep_typed(services, session, out, text)
        return
    if not visible(text):
        prompt = screens.type_prompt_view(
            content, audience, draft.kind, MAX_MESSAGE_UNITS
        ).with_note(content.texts.empty_message.for_(audience))
        await out.show(prompt)
        return
    try:
        services.intake.check_length(text)
    except TooLong as error:
        # Kept, and shown back so it can be copied and shortened rather than typed again.
        draft.text, draft.stage = "", Stage.TYPING
        await out.show(screens.too_long_view(content, audience, error.length, error.limit, text))
        return
    if draft.previewed and text != draft.text:
        # Changed after a preview: a new Send, so the old preview's button (in another tab,
        # or further up the chat) can never send words it did not show.
        draft.token = secrets.token_urlsafe(12)
    draft.text, draft.stage, draft.screened = text, Stage.PREVIEW, screened
    draft.previewed = True
    await out.show(screens.preview_view(content, audience, text, token=draft.token))


async def resume(
    services: Services, session: Session, out: Outlet, pick: Callable[[Texts], Wording]
) -> None:
    """A short note, then what they were writing where they left it (its preview, so Send is
    at hand, or the box to type in); the menu if they were writing nothing."""
    draft, content, audience = session.draft, services.content, session.audience
    text = pick(content.texts).for_(audience)
    if draft is not None and draft.stage is Stage.PREVIEW and draft.text:
        preview = screens.preview_view(content, audience, draft.text, token=draft.token)
        await out.show(preview.with_note(text))
    elif draft is not None and draft.stage is Stage.TYPING:
        prompt = screens.type_prompt_view(content, audience, draft.kind, MAX_MESSAGE_UNITS)
        await out.show(prompt.with_note(text))
    else:
        await out.show(note(services, session, pick))


async def offer_to_send(services: Services, session: Session, out: Outlet, worry: Worry) -> None:
    """Words they said they were OK with: ready to send if they want (as the question or
    the topic they had started on, if they had)."""
    draft = session.draft
    if draft is None or draft.stage not in {Stage.TOPIC, Stage.BEHALF}:
        session.draft = Draft(kind=ItemKind.FEEDBACK, stage=Stage.TYPING)
    await take_text(services, session, out, worry.text)


async def cancel(services: Services, session: Session, out: Outlet) -> None:
    """Cancel or /cancel: forget what was being written; nothing is sent."""
    if session.draft is not None:
        session.cancelled = session.draft.token
    session.draft = None
    session.contact_item = None
    await out.show(note(services, session, lambda t: t.cancelled))


async def draft_choice(services: Services, session: Session, out: Outlet, answer: str) -> None:
    """Change / Cancel (or an old Send) under a preview."""
    draft = session.draft
    if draft is None and session.cancelled is not None:
        # Under the preview they cancelled (a second tap, or after /cancel): never "sent".
        await out.show(note(services, session, lambda t: t.cancelled_send))
        return
    if draft is None and session.last_item is not None:
        # Change or Cancel under a preview that was already sent: say so, never "not sent".
        await out.show(note(services, session, lambda t: t.already_sent))
        return
    if answer == "cancel":
        await cancel(services, session, out)
        return
    if draft is None or draft.stage is not Stage.PREVIEW:
        await out.show(note(services, session, lambda t: t.nothing_to_send))
        return
    if answer == "send":  # a preview shown before Send carried its token
        await _send(services, session, out, draft)
        return
    draft.stage = Stage.TYPING
    await out.show(screens.change_prompt_view(services.content, session.audience))


async def send(services: Services, session: Session, out: Outlet, token: str) -> None:
    """Send under a preview: store it, then show the code. The same Send again (a second
    tap, or redelivered) shows the same code and stores nothing more."""
    draft = session.draft
    if draft is not None and draft.token == token and draft.stage is Stage.PREVIEW:
        await _send(services, session, out, draft)
        return
    receipt = await services.intake.receipt_again(f"draft:{token}")
    if receipt is None and draft is not None and draft.stage is Stage.PREVIEW:
        # Send under an older version of this message: show the latest, to send if they want.
        older = services.content.texts.older_preview.for_(session.audience)
        await out.show(
            screens.preview_view(
                services.content, session.audience, draft.text, token=draft.token, note=older
            )
        )
        return
    if receipt is None:
        cancelled = session.cancelled == token
        await out.show(
            note(services, session, lambda t: t.cancelled_send if cancelled else t.nothing_to_send)
        )
        return
    await acknowledge(services, session, out, receipt)


async def _send(services: Services, session: Session, out: Outlet, draft: Draft) -> None:
    audience = session.audience
    try:
        services.limiter.check(out.person)
    except RateLimited:
        await out.show(screens.rate_limited_view(services.content, audience))
        return
    token = f"draft:{draft.token}"
    try:
        receipt: Receipt | None = await services.intake.submit(
            kind=draft.kind,
            audience=audience,
            text=draft.text,
            token=token,
            theme=draft.theme,
            on_behalf=draft.on_behalf,
            screened=draft.screened,
        )
    except DuplicateUpdate:  # tapped twice at once: stored once, the same code for both
        receipt = await services.intake.receipt_again(token)
    except StoreUnavailable:
        out.retry_later()
        not_saved = services.content.texts.not_saved.for_(audience)
        await out.show(
            screens.preview_view(
                services.content, audience, draft.text, note=not_saved, token=draft.token
            )
        )
        return
    if receipt is None:
        return
    services.limiter.record(out.person)
    out.wake_delivery()
    session.draft = None
    session.cancelled = None  # the latest message was sent, not cancelled
    await acknowledge(services, session, out, receipt)


async def acknowledge(services: Services, session: Session, out: Outlet, receipt: Receipt) -> None:
    session.last_item = receipt.item_id
    session.stored(receipt.item_id)
    meeting = services.meetings.next_for_views()
    await out.show(
        screens.ack_view(services.content, session.audience, receipt, meeting, out.channel)
    )
