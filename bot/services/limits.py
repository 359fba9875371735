"""Rate limits: per-person sliding windows, kept in memory only and keyed by a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import deque
from datetime import timedelta

from bot.domain import Clock, RateLimited

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
# Forget people who have been quiet for a day, so memory stays bounded.
_MAX_PEOPLE = 100_000


class SubmissionLimiter:
    """At most `per_hour` and `per_day` messages each. Never written to disk; the key is an
    HMAC with a secret made fresh at every start, so even memory holds no Telegram id."""

    def __init__(self, per_hour: int, per_day: int, clock: Clock) -> None:
        self._per_hour = per_hour
        self._per_day = per_day
        self._clock = clock
        self._secret = secrets.token_bytes(32)
        self._sent: dict[bytes, deque[float]] = {}

    def _key(self, person: int) -> bytes:
        return hmac.new(self._secret, str(person).encode(), hashlib.sha256).digest()[:16]

    def check(self, person: int) -> None:
        """Raise RateLimited if this person has reached a limit; records nothing."""
        times = self._recent(self._key(person))
        now = self._clock().timestamp()
        in_hour = sum(1 for t in times if now - t < HOUR.total_seconds())
        if in_hour >= self._per_hour or len(times) >= self._per_day:
            raise RateLimited

    def record(self, person: int) -> None:
        key = self._key(person)
        times = self._recent(key)
        times.append(self._clock().timestamp())
        self._sent[key] = times
        if len(self._sent) > _MAX_PEOPLE:
            self._forget_quiet()

    def _recent(self, key: bytes) -> deque[float]:
        times = self._sent.get(key, deque())
        cutoff = self._clock().timestamp() - DAY.total_seconds()
        while times and times[0] <= cutoff:
            times.popleft()
        return times

    def _forget_quiet(self) -> None:
        cutoff = self._clock().timestamp() - DAY.total_seconds()
        self._sent = {k: v for k, v in self._sent.items() if v and v[-1] > cutoff}


class CrisisReplyGuard:
    """Crisis replies are never rate limited, but the same one is not repeated to the same chat
    within a short window (ten worried messages in ten seconds get one reply, not ten)."""

    def __init__(self, clock: Clock, window: timedelta = timedelta(seconds=30)) -> None:
        self._clock = clock
        self._window = window.total_seconds()
        self._secret = secrets.token_bytes(32)
        self._last: dict[bytes, float] = {}

    def should_send(self, chat: int) -> bool:
        key = hmac.new(self._secret, str(chat).encode(), hashlib.sha256).digest()[:16]
        now = self._clock().timestamp()
        last = self._last.get(key)
        if last is not None and now - last < self._window:
            return False
        self._last[key] = now
        if len(self._last) > _MAX_PEOPLE:
            self._last = {k: t for k, t in self._last.items() if now - t < self._window}
        return True
