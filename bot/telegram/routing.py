"""Several bot processes behind one webhook: each person's updates are handled by one process.

A journey's draft lives only in the memory of the process that took the person's updates (it is
never stored before Send), so with several processes every update of a person must reach the
same one. Telegram posts every update to one address and a load balancer cannot read who sent
it, so any process may receive any update: the one that receives it passes it, unchanged and
with the same secret, to the process that owns the person (`HYS_PEERS[id % len(HYS_PEERS)]`)
and answers Telegram with that process's answer. If the owner cannot be reached, the receiving
process handles the update itself (the owner's drafts went with it; the message does not).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)

# Where a process takes updates passed on by another (never passed on again).
PEER_SUFFIX = "/peer"
# The parts of an update that say who sent it (Telegram's update types the bot accepts).
_SENT_BY = (
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "chat_member",
    "chat_join_request",
)


def person_of(update: dict[str, Any]) -> int | None:
    """The id of the person (or, failing that, the chat) an update comes from."""
    for kind in _SENT_BY:
        part = update.get(kind)
        if isinstance(part, dict):
            sender = part.get("from")
            if isinstance(sender, dict) and isinstance(sender.get("id"), int):
                return int(sender["id"])
            chat = part.get("chat")
            if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                return int(chat["id"])
    return None


class Router:
    """Which process owns a person, and passing an update to it."""

    def __init__(self, peers: list[str], me: int, path: str, secret: str) -> None:
        self._peers = [peer.rstrip("/") for peer in peers]
        self._me = me
        self._path = path.rstrip("/")
        self._secret = secret
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(50.0, connect=3.0))

    def owner(self, update: dict[str, Any]) -> int:
        person = person_of(update)
        return self._me if person is None else abs(person) % len(self._peers)

    def mine(self, update: dict[str, Any]) -> bool:
        return self.owner(update) == self._me

    async def pass_on(self, update: dict[str, Any], body: bytes) -> int | None:
        """The owner's answer (200, or 503 to have Telegram send it again), or None if the
        owner cannot be reached (this process then handles it)."""
        from bot.telegram.webhook import SECRET_HEADER

        owner = self.owner(update)
        try:
            answer = await self._client.post(
                f"{self._peers[owner]}{self._path}{PEER_SUFFIX}",
                content=body,
                headers={SECRET_HEADER: self._secret, "Content-Type": "application/json"},
            )
        except httpx.HTTPError as error:
            log.warning(
                "Process %d could not be reached (%s); handling its update here",
                owner,
                type(error).__name__,
            )
            return None
        if answer.status_code in {200, 503}:
            return answer.status_code
        log.warning("Process %d answered %d; handling its update here", owner, answer.status_code)
        return None

    async def close(self) -> None:
        await self._client.aclose()
