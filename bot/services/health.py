"""Health service: the container health check: a fresh heartbeat and a usable database."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from bot.domain import Clock
from bot.store import StoreError, probe_file

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
        return self.problem() is None

    def problem(self) -> str | None:
        """None when the loop beat recently; otherwise one plain line saying what is wrong."""
        try:
            last = datetime.fromisoformat(self._path.read_text(encoding="utf-8").strip())
        except FileNotFoundError:
            return f"{self._path}: no heartbeat yet; is the bot running?"
        except (OSError, ValueError):
            return f"{self._path}: the heartbeat file cannot be read"
        age = self._clock() - last
        if not timedelta(0) <= age <= STALE_AFTER:
            return (
                f"{self._path}: the last heartbeat was {int(age.total_seconds())} seconds ago; "
                "the bot may have stopped"
            )
        return None


def health_problem(
    heartbeat: HeartbeatService,
    database: Path,
    clock: Clock,
    busy_timeout_ms: int,
    database_url: str | None = None,
    council: str = "default",
) -> str | None:
    """None when healthy; otherwise one plain line. The database is checked first (read and
    written for real) because a bot whose database is broken may still be beating."""
    try:
        if database_url is not None:
            from bot.store.pg import probe_server

            probe_server(
                database_url,
                stamp=clock().isoformat(),
                council=council,
                busy_timeout_ms=busy_timeout_ms,
            )
        else:
            probe_file(database, busy_timeout_ms=busy_timeout_ms, stamp=clock().isoformat())
    except StoreError as error:
        return str(error)
    return heartbeat.problem()
