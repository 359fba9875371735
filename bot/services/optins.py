"""Opt-in service: the only place a chat id is stored, and only because someone asked."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Audience, Clock, OptInKind, local_today
from bot.store import Store

OWNER_KEY = "opt_in_owner_key"


class OptInService:
    """Answer notifications and contact requests, each with its own expiry; /forget drops all."""

    def __init__(
        self, store: Store, clock: Clock, zone: ZoneInfo, *, answer_days: int, contact_days: int
    ) -> None:
        self._store = store
        self._clock = clock
        self._zone = zone
        self.answer_days = answer_days
        self.contact_days = contact_days
        self._owner_key: bytes | None = None

    def _today(self) -> date:
        return local_today(self._clock, self._zone)

    async def want_answer(self, chat_id: int, item_id: int) -> bool:
        """Keep the chat to send the answer to; False (and nothing kept) if the question was
        deleted meanwhile: no answer will come."""
        if await self._store.get_item(item_id) is None:
            return False
        today = self._today()
        await self._store.add_opt_in(
            OptInKind.ANSWER,
            chat_id=chat_id,
            item_id=item_id,
            created_on=today,
            expires_on=today + timedelta(days=self.answer_days),
        )
        return True

    async def want_contact(
        self,
        item_id: int,
        *,
        asker: int,
        audience: Audience,
        here: bool = False,
        how: str | None = None,
    ) -> bool:
        """ "Message me here" keeps the chat id; "another way" keeps only what they typed, with
        a keyed hash of the chat so /forget can find it. Marks the item and alerts officers.
        False if the item is gone (deleted meanwhile)."""
        today = self._today()
        return await self._store.add_contact_request(
            item_id,
            chat_id=asker if here else None,
            how=None if here else how,
            owner=await self._owner(asker),
            audience=audience,
            created_on=today,
            expires_on=today + timedelta(days=self.contact_days),
        )

    async def _owner(self, chat_id: int) -> bytes:
        if self._owner_key is None:  # read once: it never changes
            self._owner_key = await self._store.get_or_create_secret(OWNER_KEY)
        return hmac.new(self._owner_key, str(chat_id).encode(), hashlib.sha256).digest()

    async def forget(self, chat_id: int) -> tuple[int, list[int]]:
        """Remove every opt-in of this chat: how many, and the items whose contact request
        went with them (officer posts showing how to reach them must go too)."""
        owner = await self._owner(chat_id)
        items = await self._store.contact_items_of(chat_id, owner)
        return await self._store.delete_opt_ins_for_chat(chat_id, owner), items
