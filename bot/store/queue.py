"""Store queue: items as the officer console lists them, in reading order, with filters."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.domain import Item
from bot.store.base import StoreCore
from bot.store.items import _FIRST, _ITEM_SELECT, _item


class QueueMixin(StoreCore):
    async def list_open(
        self,
        limit: int = 200,
        *,
        status: str = "open",
        theme: str = "",
        audience: str = "",
        first: date | None = None,
        last: date | None = None,
    ) -> list[Item]:
        """Items in reading order (urgent and contact requests first, then oldest): the open
        ones, or those with one status ("" for all), narrowed by theme, audience and day."""
        where: list[str] = []
        params: list[Any] = []
        if status == "open":
            where.append("(status IN ('received', 'read') OR contact = 'requested')")
        elif status:
            where.append("status = ?")
            params.append(status)
        if theme:
            where.append("theme = ?")
            params.append(theme)
        if audience:
            where.append("audience = ?")
            params.append(audience)
        if first is not None:
            where.append("created_on >= ?")
            params.append(first.isoformat())
        if last is not None:
            where.append("created_on <= ?")
            params.append(last.isoformat())
        rows = await self._read(
            _ITEM_SELECT
            + ("WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {_FIRST} DESC, id LIMIT ?",
            (*params, limit),
        )
        return [_item(r) for r in rows]
