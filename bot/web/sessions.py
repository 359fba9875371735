"""Web visitors' sessions: an opaque id in one cookie, the journey state in memory only.

Nothing here reaches disk. A session ends an hour after it was last used, on Exit this page,
or when the process stops; what someone was writing goes with it, as on Telegram after a
restart. There is a ceiling on how many are kept, so a flood of new visitors cannot fill memory.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import re
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.domain import Clock
from bot.screens import Screen

COOKIE = "hys_session"
_ID = re.compile(r"[A-Za-z0-9_-]{43}")
IDLE = timedelta(hours=1)
MAX_SESSIONS = 5_000


@dataclass
class WebSession:
    """One visitor: their journey state, the screens to show next, and their form token."""

    id: str
    last_used: datetime
    csrf: str
    data: dict[Any, Any] = field(default_factory=dict)
    # Who they are for per-person limits (how many messages an hour, urgent floods): this
    # session, never their address, which a whole care home may share.
    person: int = field(default_factory=lambda: secrets.randbits(56))
    # Stands for their "chat" where a journey needs one (a contact request's keyed owner): a
    # random number below any Telegram chat id, never anything about them.
    chat: int = field(default_factory=lambda: -secrets.randbelow(2**61) - 2**61)
    screens: list[Screen] = field(default_factory=list)
    # What they typed when their form could not be taken (a stale form): shown back to them.
    kept_text: str = ""
    # One request at a time per visitor, like one update at a time per Telegram chat.
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Sessions:
    """Every visitor's session, in memory, oldest first.

    Reading a page keeps nothing: it gets a cookie id and a form token made from that id with a
    key held in memory. A session is kept only when a form comes back with a matching token, so
    a flood of page views (or of requests with made-up cookies) holds no memory, and a form
    whose session has ended (or was never kept) is still taken, as a new session."""

    def __init__(self, clock: Clock, *, limit: int = MAX_SESSIONS) -> None:
        self._clock = clock
        self._limit = limit
        self._by_id: OrderedDict[str, WebSession] = OrderedDict()
        self._key = secrets.token_bytes(32)

    def csrf_for(self, session_id: str) -> str:
        digest = hmac.new(self._key, session_id.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode()

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, session_id: str | None) -> WebSession | None:
        if not session_id:
            return None
        session = self._by_id.get(session_id)
        now = self._clock()
        if session is None or now - session.last_used > IDLE:
            self._by_id.pop(session_id, None)
            return None
        session.last_used = now
        self._by_id.move_to_end(session_id)
        return session

    def pending(self, session_id: str | None = None) -> WebSession:
        """A session not kept (yet): the cookie's id if it is one of ours in shape, else new."""
        if session_id is None or not _ID.fullmatch(session_id):
            session_id = secrets.token_urlsafe(32)
        return WebSession(session_id, self._clock(), self.csrf_for(session_id))

    def keep(self, session: WebSession) -> None:
        self._sweep()
        session.last_used = self._clock()
        self._by_id[session.id] = session

    def end(self, session_id: str | None) -> None:
        if session_id:
            self._by_id.pop(session_id, None)

    def _sweep(self) -> None:
        """Drop sessions idle for over an hour (oldest first), and the oldest past the ceiling."""
        now = self._clock()
        while self._by_id:
            oldest = next(iter(self._by_id.values()))
            if now - oldest.last_used <= IDLE and len(self._by_id) < self._limit:
                break
            self._by_id.popitem(last=False)


class VisitorKeys:
    """A visitor, for per-visitor limits only: a keyed hash of their address, under a key made
    at random each day and kept in memory. The address itself is never kept or logged."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._day: date | None = None
        self._key = b""

    def person(self, address: str) -> int:
        today = self._clock().date()
        if today != self._day:
            self._day, self._key = today, secrets.token_bytes(32)
        digest = hmac.new(self._key, address.encode(), hashlib.sha256).digest()
        return int.from_bytes(digest[:7], "big")


def same(a: str, b: str) -> bool:
    """Two form tokens are the same (in constant time)."""
    return bool(a) and hmac.compare_digest(a.encode(), b.encode())
