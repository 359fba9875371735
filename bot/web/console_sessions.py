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
MAX_SESSIONS = 2_000  # signed out first, oldest first, past this


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
        self._sessions: OrderedDict[str, ConsoleSession] = OrderedDict()

    def __len__(self) -> int:
        return len(self._sessions)

    def get(self, cookie: str | None) -> ConsoleSession | None:
        """The live session for this cookie (seen now), or None if unknown or expired."""
        if not cookie:
            return None
        found = self._sessions.get(cookie)
        if found is None:
            return None
        now = self._clock()
        if now - found.seen > IDLE or now - found.started > AT_MOST:
            del self._sessions[cookie]
            return None
        found.seen = now
        self._sessions.move_to_end(cookie)
        return found

    def new(self) -> ConsoleSession:
        """A signed-out session (for the sign-in and set-up forms' tokens)."""
        now = self._clock()
        made = ConsoleSession(secrets.token_urlsafe(32), secrets.token_urlsafe(32), now, now)
        self._sessions[made.id] = made
        while len(self._sessions) > MAX_SESSIONS:
            self._sessions.popitem(last=False)
        return made

    def sign_in(self, old: ConsoleSession, account: Account) -> ConsoleSession:
        """Signed in: a new id and token; the old session is gone."""
        self._sessions.pop(old.id, None)
        made = self.new()
        made.account_id, made.name, made.role = account.id, account.name, account.role
        return made

    def end(self, session_id: str) -> None:
        self._sessions.pop(session_id, None)

    def end_all(self, account_id: int) -> None:
        for key in [k for k, s in self._sessions.items() if s.account_id == account_id]:
            del self._sessions[key]


def set_console_cookie(response: Response, session: ConsoleSession, *, https: bool) -> None:
    response.set_cookie(
        COOKIE, session.id, path="/console", secure=https, httponly=True, samesite="strict"
    )


def end_console_cookie(response: Response, *, https: bool) -> None:
    response.delete_cookie(COOKIE, path="/console", secure=https, httponly=True, samesite="strict")
