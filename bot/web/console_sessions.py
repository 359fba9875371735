"""Officer console sessions: server-side, in memory, an opaque id in a cookie. 30 minutes idle,
8 hours at most, a new id at sign-in (so a planted id is worth nothing), sign-out everywhere.
A restart signs everyone out."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from starlette.responses import Response

from bot.domain import Account, Clock, Role

COOKIE = "hys_console"
IDLE = timedelta(minutes=30)
AT_MOST = timedelta(hours=8)
MAX_SESSIONS = 2_000  # of each kind; past this the oldest goes


@dataclass
class ConsoleSession:
    id: str
    csrf: str
    started: datetime
    seen: datetime
    account_id: int | None = None
    name: str = ""
    role: Role | None = None
    # Set-up in progress: the authenticator secret shown, by set-up token hash (never in a form).
    enrolling: dict[bytes, str] = field(default_factory=dict)

    @property
    def signed_in(self) -> bool:
        return self.account_id is not None


class ConsoleSessions:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        # Signed-out sessions (anyone can make one by opening the sign-in page) are kept apart,
        # so a flood of them can never push a signed-in officer out.
        self._pending: OrderedDict[str, ConsoleSession] = OrderedDict()
        self._signed: OrderedDict[str, ConsoleSession] = OrderedDict()

    def __len__(self) -> int:
        return len(self._pending) + len(self._signed)

    def get(self, cookie: str | None) -> ConsoleSession | None:
        """The live session for this cookie (seen now), or None if unknown or expired."""
        if not cookie:
            return None
        for kept in (self._signed, self._pending):
            found = kept.get(cookie)
            if found is None:
                continue
            now = self._clock()
            if now - found.seen > IDLE or now - found.started > AT_MOST:
                del kept[cookie]
                return None
            found.seen = now
            kept.move_to_end(cookie)
            return found
        return None

    def new(self) -> ConsoleSession:
        """A signed-out session (for the sign-in and set-up forms' tokens)."""
        made = self._made()
        _keep(self._pending, made)
        return made

    def _made(self) -> ConsoleSession:
        now = self._clock()
        return ConsoleSession(secrets.token_urlsafe(32), secrets.token_urlsafe(32), now, now)

    def sign_in(self, old: ConsoleSession, account: Account) -> ConsoleSession:
        """Signed in: a new id and token; the old session is gone."""
        self.end(old.id)
        made = self._made()
        made.account_id, made.name, made.role = account.id, account.name, account.role
        _keep(self._signed, made)
        return made

    def end(self, session_id: str) -> None:
        self._pending.pop(session_id, None)
        self._signed.pop(session_id, None)

    def end_all(self, account_id: int) -> None:
        for key in [k for k, s in self._signed.items() if s.account_id == account_id]:
            del self._signed[key]


def _keep(kept: OrderedDict[str, ConsoleSession], session: ConsoleSession) -> None:
    kept[session.id] = session
    while len(kept) > MAX_SESSIONS:
        kept.popitem(last=False)


def set_console_cookie(response: Response, session: ConsoleSession, *, https: bool) -> None:
    response.set_cookie(
        COOKIE, session.id, path="/console", secure=https, httponly=True, samesite="strict"
    )


def end_console_cookie(response: Response, *, https: bool) -> None:
    response.delete_cookie(COOKIE, path="/console", secure=https, httponly=True, samesite="strict")
