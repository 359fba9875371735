"""Health service: a heartbeat file the container health check reads to see the loop is alive."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from bot.domain import Clock

HEARTBEAT_EVERY = timedelta(seconds=60)
STALE_AFTER = timedelta(seconds=180)


class HeartbeatService:
    """Writes the time of the last beat; a stale or missing file means the bot is not healthy."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self._path = path
        self._clock = clock

    @property
    def path(self) -> Path:
        return self._path

    def beat(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._path.with_suffix(".tmp")
        tmp.write_text(self._clock().isoformat(), encoding="utf-8")
        tmp.replace(self._path)

    def is_fresh(self) -> bool:
        try:
            last = datetime.fromisoformat(self._path.read_text(encoding="utf-8").strip())
        except (FileNotFoundError, ValueError):
            return False
        age = self._clock() - last
        return timedelta(0) <= age <= STALE_AFTER
