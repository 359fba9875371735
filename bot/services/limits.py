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

    def _key(self, chat: int) -> bytes:
        return hmac.new(self._secret, str(chat).encode(), hashlib.sha256).digest()[:16]

    def recently_sent(self, chat: int) -> bool:
        """True if a crisis reply reached this chat within the window."""
        last = self._last.get(self._key(chat))
        return last is not None and self._clock().timestamp() - last < self._window

    def mark_sent(self, chat: int) -> None:
        """Only after a reply was delivered: a failed one must never silence the next."""
        now = self._clock().timestamp()
        self._last[self._key(chat)] = now
        if len(self._last) > _MAX_PEOPLE:
            self._last = {k: t for k, t in self._last.items() if now - t < self._window}

    def should_send(self, chat: int) -> bool:
        """Check and mark at once (for callers that send synchronously)."""
        if self.recently_sent(chat):
            return False
        self.mark_sent(chat)
        return True


class UrgentFlood:
    """Urgent messages count toward a per-person limit too: past `per_hour` urgent items from
    one person, further ones fold into their latest urgent item (one item, one alert, no word
    lost). The crisis reply itself is never limited. Memory only, keyed by a keyed hash."""

    def __init__(self, per_hour: int, clock: Clock) -> None:
        self._per_hour = per_hour
        self._clock = clock
        self._secret = secrets.token_bytes(32)
        self._items: dict[bytes, deque[tuple[float, int]]] = {}

    def _key(self, person: int) -> bytes:
        return hmac.new(self._secret, str(person).encode(), hashlib.sha256).digest()[:16]

    def fold_into(self, person: int) -> int | None:
        """The item to add to, if this person has reached the limit; else None."""
        recent = self._recent(self._key(person))
        return recent[-1][1] if len(recent) >= self._per_hour else None

    def record(self, person: int, item_id: int) -> None:
        key = self._key(person)
        recent = self._recent(key)
        recent.append((self._clock().timestamp(), item_id))
        self._items[key] = recent
        if len(self._items) > _MAX_PEOPLE:
            cutoff = self._clock().timestamp() - HOUR.total_seconds()
            self._items = {k: v for k, v in self._items.items() if v and v[-1][0] > cutoff}

    def _recent(self, key: bytes) -> deque[tuple[float, int]]:
        recent = self._items.get(key, deque())
        cutoff = self._clock().timestamp() - HOUR.total_seconds()
        while recent and recent[0][0] <= cutoff:
            recent.popleft()
        return recent
