"""Officer service: who may act as a participation officer, and the review of items.

Every officer command and button comes through `authorise`, which fails closed: the user must be
allow-listed AND be in the officer chat or their own private chat, and must not be an anonymous
admin, a channel, a forward or an edit. Filters on handlers are a convenience; this is the check.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.domain import (
    OPEN_STATUSES,
    Actor,
    AlreadyDecided,
    Audience,
    Clock,
    ContactState,
    Item,
    ItemKind,
    ItemStatus,
    NoSuchItem,
    NotAllowedHere,
    NotAnOfficer,
    Officer,
    Reply,
    local_today,
)
from bot.services.access import AccessService
from bot.services.officer_text import MAX_BOARD_TEXT, officer_words
from bot.services.officer_text import reason as optional_reason
from bot.services.officer_we_did import FieldMarksMixin, WeDidMixin
from bot.services.screening import hidden_characters, redact, show_hidden
from bot.store import Store

log = logging.getLogger(__name__)

# Telegram's stand-in accounts: anonymous group admins, linked channels, the channel bot.
GROUP_ANONYMOUS_BOT = 1087968824
SERVICE_ACCOUNTS = frozenset({GROUP_ANONYMOUS_BOT, 777000, 136817688})


@dataclass(frozen=True, slots=True)
class ItemForOfficer:
    """What an officer sees on View: the text with hidden characters made visible, the
    automatic redaction suggestion, and which hidden characters were found."""

    item: Item
    shown_text: str
    suggestion: str
    hidden: tuple[str, ...]
    contact_here: bool = False  # "message me here": reply with /reply, never see who it is
    contact_how: str | None = None  # "another way": what the young person typed
    replies: tuple[Reply, ...] = ()  # a conversation kept under their receipt code
    declined: bool = False  # set aside as not for the board once: never published


class OfficerService(FieldMarksMixin, WeDidMixin):
    def __init__(
        self, store: Store, access: AccessService, clock: Clock, zone: ZoneInfo, themes: set[str]
    ) -> None:
        self._store = store
        self._access = access
        self._clock = clock
        self._zone = zone
        self._themes = themes

    def today(self) -> date:
        return local_today(self._clock, self._zone)

    # -- who may act -----------------------------------------------------------------------

    async def authorise(self, actor: Actor, what: str) -> Officer:
        """The officer, or NotAnOfficer (audited, with no id of whoever tried)."""
        if not self._is_officer(actor) or actor.user_id is None:
            await self._store.add_audit(self.today(), "unknown", "refused", None, what)
            log.warning("Refused an officer action (%s) from someone not allowed", what)
            raise NotAnOfficer(what)
        # Their console name, when their console account names this Telegram account: the
        # same person is recorded the same way in both places.
        named = await self._store.name_for_telegram(actor.user_id)
        return Officer(user_id=actor.user_id, name=named or actor.name or "an officer")

    def _is_officer(self, actor: Actor) -> bool:
        if actor.sender_chat or actor.forwarded or actor.edited:
            return False
        if actor.user_id is None or actor.user_id in SERVICE_ACCOUNTS:
            return False
        if not self._access.is_officer_id(actor.user_id) or actor.chat_id is None:
            return False
        if actor.chat_id == self._access.officer_chat_id:
            return True
        return actor.chat_type == "private" and actor.chat_id == actor.user_id

    # -- the queue -------------------------------------------------------------------------

    async def summary(self) -> tuple[dict[ItemStatus, int], int, int]:
        """Counts by status, how many urgent items are still open, and open contact requests."""
        return (
            await self._store.count_by_status(),
            await self._store.count_open_urgent(),
            await self._store.count_open_contacts(),
        )

    async def next_open(self, after_id: int = 0) -> Item | None:
        return await self._store.next_open_item(after_id)

    async def _item(self, item_id: int) -> Item:
        item = await self._store.get_item(item_id)
        if item is None:
            raise NoSuchItem(str(item_id))
        return item

    async def view(self, officer: Officer, item_id: int) -> ItemForOfficer:
        """Open an item: marks it read and stops urgent re-alerts; audited without the text."""
        await self._item(item_id)
        await self.seen(officer, item_id)
        return await self.look(item_id)

    async def seen(self, officer: Officer, item_id: int) -> None:
        """The officer has the item in front of them: read, and urgent re-alerts stop. Only
        once it reached them (a View that could not be delivered leaves it unread)."""
        await self._store.acknowledge(item_id, on_day=self.today(), actor=officer.name)

    async def look(self, item_id: int) -> ItemForOfficer:
        """What View shows, without marking it read (see `seen`)."""
        item = await self._item(item_id)
        chat, how = None, None
        if item.contact is ContactState.REQUESTED:
            chat, how, _ = await self._store.get_contact_request(item_id)
        return ItemForOfficer(
            item=item,
            shown_text=show_hidden(item.text),
            suggestion=item.board_text or redact(item.text),
            hidden=tuple(hidden_characters(item.text)),
            contact_here=chat is not None,
            contact_how=how,
            replies=tuple(await self._store.list_replies(item_id)),
            declined=await self._store.was_declined(item_id),
        )

    async def _decide(
        self,
        officer: Officer,
        item: Item,
        status: ItemStatus,
        *,
        reason: str | None = None,
        board_text: str | None = None,
        board_fallback: str | None = None,
    ) -> Item:
        if item.status not in OPEN_STATUSES:
            by = await self._store.last_actor(item.id) or "another officer"
            raise AlreadyDecided(item.status, by)
        decided = await self._store.decide(
            item.id,
            status,
            on_day=self.today(),
            actor=officer.name,
            reason=reason,
            board_text=board_text,
            board_fallback=board_fallback,
            now=self._clock(),
        )
        if not decided:  # another officer got there between our read and our write
            by = await self._store.last_actor(item.id) or "another officer"
            raise AlreadyDecided((await self._item(item.id)).status, by)
        return await self._item(item.id)

    async def for_the_board(
        self, officer: Officer, item_id: int, board_text: str | None = None
    ) -> Item:
        """Approve for the board, with `board_text` (the officer's wording, saved in the same
        step, so a refused approval changes nothing), or the wording saved before, or else the
        automatic redaction."""
        item = await self._item(item_id)
        if item.urgent:
            raise NotAllowedHere("urgent items are referred or closed, not sent to the board")
        typed = board_text is not None and board_text.strip()  # an empty box: none typed
        words = officer_words(board_text, MAX_BOARD_TEXT) if typed else None
        return await self._decide(
            officer,
            item,
            ItemStatus.FOR_BOARD,
            board_text=words,
            board_fallback=redact(item.text),  # only if no wording is saved when it is decided
        )

    async def not_for_the_board(self, officer: Officer, item_id: int, reason: str) -> Item:
        return await self._decide(
            officer,
            await self._item(item_id),
            ItemStatus.NOT_FOR_BOARD,
            reason=officer_words(reason),  # the board's report says each was closed with one
        )

    async def referred(self, officer: Officer, item_id: int, reason: str | None = None) -> Item:
        item = await self._item(item_id)
        if not item.urgent and not item.missed:
            raise NotAllowedHere("only urgent items, or those marked Missed, are referred")
        return await self._decide(
            officer, item, ItemStatus.REFERRED, reason=optional_reason(reason)
        )

    async def no_action(self, officer: Officer, item_id: int, reason: str) -> Item:
        item = await self._item(item_id)
        if not item.urgent and not item.missed:
            raise NotAllowedHere("only urgent items, or those marked Missed, are closed this way")
        return await self._decide(
            officer, item, ItemStatus.NO_ACTION, reason=officer_words(reason)
        )

    async def redact(self, officer: Officer, item_id: int, board_text: str) -> Item:
        item = await self._item(item_id)
        if item.status not in OPEN_STATUSES | {ItemStatus.FOR_BOARD}:
            by = await self._store.last_actor(item.id) or "another officer"
            raise AlreadyDecided(item.status, by)
        await self._store.set_board_text(
            item_id,
            officer_words(board_text, MAX_BOARD_TEXT),
            on_day=self.today(),
            actor=officer.name,
        )
        return await self._item(item_id)

    async def set_theme(self, officer: Officer, item_id: int, theme: str) -> Item:
        if theme not in self._themes:
            raise NotAllowedHere(f"unknown theme {theme}")
        await self._item(item_id)
        await self._store.set_theme(item_id, theme, on_day=self.today(), actor=officer.name)
        return await self._item(item_id)

    # -- answers and actions -----------------------------------------------------------------

    async def answer(self, officer: Officer, item_id: int, text: str) -> Item:
        item = await self._item(item_id)
        if item.kind is not ItemKind.QUESTION:
            raise NotAllowedHere("only questions are answered")
        if item.urgent and item.status in OPEN_STATUSES:
            raise NotAllowedHere(
                "this is an urgent item: press Referred or No action first, then answer"
            )
        if item.answer is not None:
            raise AlreadyDecided(ItemStatus.ANSWERED, await self._store.last_actor(item_id) or "")
        answered = await self._store.set_answer(
            item_id, officer_words(text), on_day=self.today(), actor=officer.name
        )
        if not answered:  # another officer answered between our read and our write
            raise AlreadyDecided(ItemStatus.ANSWERED, await self._store.last_actor(item_id) or "")
        return await self._item(item_id)

    # -- contact requests ----------------------------------------------------------------------

    async def reply_target(self, officer: Officer, item_id: int) -> tuple[int | None, Audience]:
        """Where a /reply goes: the chat of a "message me here" request (only the bot uses
        it; it is never shown to the officer), or None when they cannot be messaged (the web
        chat): then the reply is kept under their receipt code, for when they check."""
        item = await self._item(item_id)
        if item.contact is not ContactState.REQUESTED:
            raise NotAllowedHere("nobody asked to be messaged here about this item")
        chat, _, audience = await self._store.get_contact_request(item_id)
        return chat, audience

    async def reply_by_code(self, officer: Officer, item_id: int, text: str) -> None:
        """Keep a reply for someone who checks back with their code; audited without text."""
        if not await self._store.add_reply(
            item_id, officer_words(text), from_team=True, on_day=self.today()
        ):
            raise NotAllowedHere("that item is gone")
        await self.replied(officer, item_id)

    async def reply_through_the_bot(self, officer: Officer, item_id: int, text: str) -> None:
        """From the console to someone who chose "message me here" in Telegram: kept under
        the item (deleted with it) and sent by the outbox worker; audited without text."""
        if not await self._store.add_reply(
            item_id, officer_words(text), from_team=True, on_day=self.today(), push=True
        ):
            raise NotAllowedHere("that item is gone")
        await self.replied(officer, item_id)

    async def replied(self, officer: Officer, item_id: int) -> None:
        """Audit a reply through the bot, without its text."""
        await self._store.add_audit(self.today(), officer.name, "contact_replied", item_id)

    async def close_contact(self, officer: Officer, item_id: int, outcome: ContactState) -> Item:
        """Contacted / Could not reach: recorded, and how to reach them is deleted now."""
        await self._item(item_id)
        if not await self._store.close_contact(
            item_id, outcome, on_day=self.today(), actor=officer.name
        ):
            raise NotAllowedHere("there is no open contact request on this item")
        return await self._item(item_id)

    async def remember_post(self, chat_id: int, message_id: int, item_id: int) -> None:
        """A post showing a young person's words, to be deleted before Telegram's 48 hours."""
        await self._store.add_officer_post(chat_id, message_id, self._clock().isoformat(), item_id)

    async def tick_waits(self) -> None:
        """Every minute: count the time undecided urgent messages have waited (no time of day
        is stored; see bot/store/heard.py)."""
        await self._store.tick_waits(self._clock())

    async def posts_to_delete(self, older_than: timedelta) -> list[tuple[int, int, int]]:
        cutoff = (self._clock() - older_than).isoformat()
        return await self._store.officer_posts_before(cutoff)

    async def take_posts_of(self, item_id: int) -> list[tuple[int, int]]:
        """The (chat, message) posts showing an item, forgotten here for the caller to delete
        from Telegram: when how to reach the young person is deleted, so are posts showing it."""
        posts = await self._store.officer_posts_of(item_id)
        for post_id, _, _ in posts:
            await self._store.delete_officer_post(post_id)
        return [(chat, post) for _, chat, post in posts]

    async def forget_post(self, post_id: int) -> None:
        await self._store.delete_officer_post(post_id)

    async def claim_daily_digest(self) -> bool:
        """True once a day: a restart that runs the morning job again sends nothing twice."""
        key = f"digest_sent:{self.today().isoformat()}"
        return await self._store.claim_meta(key, "yes")

    async def daily_summary(self) -> tuple[int, dict[str, int], int]:
        """Yesterday's new items (urgent ones apart) by theme, and urgent items not yet opened."""
        yesterday = self.today() - timedelta(days=1)
        rows = await self._store.count_items(yesterday, yesterday)
        by_theme: dict[str, int] = {}
        for row in rows:
            if not row.urgent:
                key = row.theme or ""
                by_theme[key] = by_theme.get(key, 0) + row.count
        unopened = len(await self._store.list_unacknowledged_urgent())
        return sum(r.count for r in rows), by_theme, unopened

    async def queue_realerts(self) -> int:
        """Queue one more alert for every urgent item no officer has opened yet."""
        item_ids = await self._store.list_unacknowledged_urgent()
        for item_id in item_ids:
            await self._store.add_outbox(item_id, "realert", urgent=True)
        return len(item_ids)
