"""Kill -9 harness on PostgreSQL with several processes (issue 17): three copies of the real
bot share one database, each taking the chats a sticky proxy would send it, and each is killed
at random, again and again. Checked on the server afterwards: nothing acknowledged was lost,
nothing was stored twice, every update was taken once, and no officer alert was lost (each item
was alerted, or its alert is still waiting in the outbox), with how many alerts went out twice
(only a leader killed between Telegram's answer and the outbox delete can do that).

    .venv/bin/python -m tests.kill_harness_pg --kills 100
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import psycopg

from tests.kill_harness import CODE, _chat, _digest, make_updates
from tests.zygote import Zygote


@dataclass
class Outcome:
    rounds: int = 0
    processes: int = 0
    kills: int = 0
    submissions: int = 0
    acknowledged: int = 0
    # Summed over the rounds: items on the server whose code had not reached the child when
    # its process died (read from the database after each round: the kills land mid-write).
    stored_without_ack: int = 0
    alerted: int = 0
    alerted_twice: int = 0
    still_queued: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def run_children(
    zygote: Zygote, url: str, parts: list[list[dict[str, Any]]], kill_after: list[float | None]
) -> tuple[dict[int, str], list[str]]:
    """One bot per part, all running at once (each its own process, forked by the zygote);
    each killed after its own delay (None: let it finish). Returns chat → receipt code for
    every acknowledgement that got out, and the item each officer alert opened."""
    bots = [zygote.spawn(url, deliver=True) for _ in parts]
    for bot, part, delay in zip(bots, parts, kill_after, strict=True):
        bot.send(part, last=delay is None)
    began = time.perf_counter()
    for bot, delay in sorted(zip(bots, kill_after, strict=True), key=lambda pair: pair[1] or 0.0):
        if delay is not None:
            time.sleep(max(0.0, delay - (time.perf_counter() - began)))
            bot.kill()
    outputs = [bot.collect() for bot in bots]  # each read to its end, dead and reaped
    for bot, delay in zip(bots, kill_after, strict=True):
        assert delay is not None or bot.status == 0, f"a bot ended with status {bot.status}"
    codes: dict[int, str] = {}
    alerts: list[str] = []
    for out in outputs:
        for line in out.splitlines():
            message = json.loads(line)
            match = CODE.search(message.get("text", ""))
            if match:
                codes[int(message["chat"])] = match.group(1)
            alerts += message.get("opens", [])
    return codes, alerts


def check(
    url: str, updates: list[dict[str, Any]], acked: dict[int, str], alerts: list[str]
) -> Outcome:
    outcome = Outcome(submissions=len(updates), acknowledged=len(acked))
    with psycopg.connect(url) as db:
        db.execute("SELECT set_config('hys.council', 'default', false)")
        key = bytes(db.execute("SELECT value FROM meta WHERE key = 'receipt_key'").fetchone()[0])  # type: ignore[index]
        stored = {bytes(r[0]): int(r[1]) for r in db.execute("SELECT receipt_hash, id FROM items")}
        processed = db.execute("SELECT COUNT(*) FROM processed_updates").fetchone()[0]  # type: ignore[index]
        queued = {int(r[0]) for r in db.execute("SELECT item_id FROM outbox")}
    for chat, code in acked.items():
        if _digest(key, code) not in stored:
            outcome.problems.append(f"acknowledged code for chat {chat} is not stored")
    if len(stored) != len(updates):
        outcome.problems.append(f"{len(stored)} items stored for {len(updates)} submissions")
    if processed != len(updates):
        outcome.problems.append("not every submission was taken exactly once")
    per_item = Counter(int(data.rsplit(":", 1)[1]) for data in alerts)
    lost = [i for i in stored.values() if per_item[i] == 0 and i not in queued]
    if lost:
        outcome.problems.append(f"{len(lost)} officer alerts lost (neither sent nor queued)")
    outcome.alerted = sum(1 for i in stored.values() if per_item[i])
    outcome.alerted_twice = sum(1 for n in per_item.values() if n > 1)
    outcome.still_queued = len(queued)
    return outcome


def unacknowledged(url: str, acked: dict[int, str]) -> int:
    with psycopg.connect(url) as db:
        db.execute("SELECT set_config('hys.council', 'default', false)")
        found = db.execute("SELECT value FROM meta WHERE key = 'receipt_key'").fetchone()
        if found is None:
            return 0
        stored = {bytes(r[0]) for r in db.execute("SELECT receipt_hash FROM items")}
    return len(stored - {_digest(bytes(found[0]), code) for code in acked.values()})


def run(url: str, rounds: int, processes: int = 3, per_round: int = 24, seed: int = 11) -> Outcome:
    rng = random.Random(seed)
    began = time.perf_counter()
    updates = make_updates(rounds * per_round // 2 + per_round)
    acked: dict[int, str] = {}
    alerts: list[str] = []
    sent = 0
    kills = without_ack = 0

    def parts(waiting: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        # A sticky proxy: each chat always goes to the same process.
        return [[u for u in waiting if _chat(u) % processes == n] for n in range(processes)]

    with Zygote() as zygote:
        for _ in range(rounds):
            sent = min(len(updates), sent + per_round // 2)
            waiting = [u for u in updates[:sent] if _chat(u) not in acked]
            delays: list[float | None] = [rng.uniform(0.0, 0.2) for _ in range(processes)]
            codes, sent_alerts = run_children(zygote, url, parts(waiting), delays)
            acked |= codes
            alerts += sent_alerts
            kills += processes
            without_ack += unacknowledged(url, acked)
        waiting = [u for u in updates if _chat(u) not in acked]
        codes, sent_alerts = run_children(zygote, url, parts(waiting), [None] * processes)
        acked |= codes
        alerts += sent_alerts
    outcome = check(url, updates, acked, alerts)
    outcome.rounds, outcome.processes, outcome.kills = rounds, processes, kills
    outcome.stored_without_ack = without_ack
    outcome.seconds = round(time.perf_counter() - began, 1)
    if outcome.acknowledged != outcome.submissions:
        outcome.problems.append(f"{outcome.submissions - outcome.acknowledged} never acknowledged")
    return outcome


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="kill -9 three bots on one PostgreSQL")
    parser.add_argument("url", help="postgresql://… of an empty database")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    result = run(args.url, args.rounds)
    print(json.dumps(result.__dict__, indent=2))  # noqa: T201
    raise SystemExit(1 if result.problems else 0)
