"""Kill -9 harness (checklist F-03): drive submissions into the real bot in a child process,
SIGKILL it at random moments, restart it, and check that nothing acknowledged was lost, nothing
was stored twice and the database is intact.

    .venv/bin/python -m tests.kill_harness --kills 1000

Telegram redelivers an update until the bot has taken it, so after each kill every update that
was not acknowledged is sent again, as Telegram would.

Each bot is its own OS process, forked from a zygote that did the imports and read the content
once (tests/zygote.py): the bot opens the database itself, after the fork, and is SIGKILLed by
its pid; the next one opens the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import itertools
import json
import random
import re
import sqlite3
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.telegram.fakebot import Person, UpdateFactory
from tests.zygote import Zygote

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"Your code is <code>([A-Z]+-[0-9A-Z]{4}-[0-9A-Z]{4})</code>")


@dataclass
class Figures:
    kills: int = 0
    submissions: int = 0
    acknowledged: int = 0
    # Summed over the kills: items in the database whose code had not reached the child when
    # the process died (measured by reading the database after each kill, not computed).
    stored_without_ack: int = 0
    never_acknowledged: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def make_updates(count: int) -> list[dict[str, Any]]:
    updates = []
    ids = itertools.count(1)
    for n in range(count):
        person = Person(user_id=50_000 + n, username=f"child{n}")
        updates.append(UpdateFactory(person=person, _ids=ids).text(f"i want to die {n}"))
    return updates


def run_child(
    zygote: Zygote, database: Path, updates: list[dict[str, Any]], kill_after: float | None
) -> dict[int, str]:
    """Start a bot (its own process, forked by the zygote) and feed it updates; SIGKILL it
    `kill_after` seconds after it is ready (None: let it finish). Returns chat id → receipt code
    for every acknowledgement that got out."""
    bot = zygote.spawn(str(database))
    if kill_after is None:
        out = bot.finish(updates)
        assert bot.status == 0, f"the last bot ended with status {bot.status}"
    else:
        bot.send(updates)
        time.sleep(kill_after)
        bot.kill()
        out = bot.collect()  # once it is dead and reaped
    codes: dict[int, str] = {}
    for line in out.splitlines():
        message = json.loads(line)
        match = CODE.search(message.get("text", ""))
        if match:
            codes[int(message["chat"])] = match.group(1)
    return codes


def _hashes(database: Path) -> tuple[bytes, set[bytes]]:
    with closing(sqlite3.connect(database)) as db:
        key = bytes(db.execute("SELECT value FROM meta WHERE key = 'receipt_key'").fetchone()[0])
        stored = {bytes(r[0]) for r in db.execute("SELECT receipt_hash FROM items")}
    return key, stored


def _digest(key: bytes, code: str) -> bytes:
    return hmac.new(key, code.encode(), hashlib.sha256).digest()


def unacknowledged(database: Path, acked: dict[int, str]) -> int:
    """Items stored whose receipt code never came out of the bot (so far)."""
    if not database.exists():
        return 0
    key, stored = _hashes(database)
    return len(stored - {_digest(key, code) for code in acked.values()})


def check(
    database: Path, updates: list[dict[str, Any]], acked: dict[int, str], figures: Figures
) -> None:
    with closing(sqlite3.connect(database)) as db:
        if db.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            figures.problems.append("integrity_check failed")
        key = bytes(db.execute("SELECT value FROM meta WHERE key = 'receipt_key'").fetchone()[0])
        for chat, code in acked.items():
            found = db.execute(
                "SELECT COUNT(*) FROM items WHERE receipt_hash = ?", (_digest(key, code),)
            )
            if found.fetchone()[0] != 1:
                figures.problems.append(f"acknowledged code for chat {chat} is not stored once")
        items = db.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        processed = db.execute("SELECT COUNT(*) FROM processed_updates").fetchone()[0]
        outbox = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    if items != len(updates):
        figures.problems.append(f"{items} items stored for {len(updates)} submissions")
    if processed != len(updates):
        figures.problems.append("not every submission was taken exactly once")
    if outbox != items:
        figures.problems.append(f"{outbox} officer alerts queued for {items} items")
    # Redelivery after a crash shows the same code again: every stored item is acknowledged.
    figures.never_acknowledged = unacknowledged(database, acked)
    if figures.never_acknowledged:
        figures.problems.append(f"{figures.never_acknowledged} stored items never acknowledged")


def run(kills: int, per_round: int = 20, seed: int = 7) -> Figures:
    rng = random.Random(seed)
    figures = Figures(kills=kills)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hys-kill-") as scratch, Zygote() as zygote:
        database = Path(scratch) / "hys.sqlite3"
        updates = make_updates(kills * per_round // 2 + per_round)
        figures.submissions = len(updates)
        acked: dict[int, str] = {}
        sent = 0
        for _ in range(kills):
            # Telegram resends anything not yet taken; plus a few new ones each round.
            sent = min(len(updates), sent + per_round // 2)
            waiting = [u for u in updates[:sent] if _chat(u) not in acked]
            # Each update takes a millisecond or two: this lands kills mid-write.
            acked |= run_child(zygote, database, waiting, kill_after=rng.uniform(0.0, 0.04))
            figures.stored_without_ack += unacknowledged(database, acked)
        # Finally let it finish; updates stored but never acknowledged are taken, not stored again.
        waiting = [u for u in updates if _chat(u) not in acked]
        acked |= run_child(zygote, database, waiting, kill_after=None)
        figures.acknowledged = len(acked)
        check(database, updates, acked, figures)
    figures.seconds = round(time.perf_counter() - began, 1)
    return figures


def _chat(update: dict[str, Any]) -> int:
    return int(update["message"]["chat"]["id"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description="kill -9 the bot at random; check nothing is lost"
    )
    parser.add_argument("--kills", type=int, default=200)
    args = parser.parse_args()
    result = run(args.kills)
    print(json.dumps(result.__dict__, indent=2))  # noqa: T201
    raise SystemExit(1 if result.problems else 0)
