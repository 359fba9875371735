"""Benchmark (issue 17): durable submissions per second on SQLite, and on PostgreSQL with 1, 2
and 4 bot processes sharing one database, with p99, in the same run.

Each process is the real app (`build_application`) in its own Python process, with its own
young people (a sticky proxy keeps each chat on one process). Drafts are written first, untimed;
then every process is told to go at once and times its Send presses: the screen, one
transaction (item + officer alert + processed update) committed durably (SQLite: WAL with
synchronous=FULL; PostgreSQL: fsync on, synchronous_commit on), the acknowledgement. The rate
is all submissions over the wall time from the first start to the last finish. Afterwards the
database is counted: a rate is refused if any timed submission is not stored exactly once.

    .venv/bin/python -m bench.processes [--n 400]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from telegram import Update

from bench.intake import percentile
from bot.app import build_application, offline
from bot.content import load_content
from bot.telegram.fakebot import FakeBotApi, Person, UpdateFactory
from tests.pg import offline_settings

ROOT = Path(__file__).resolve().parent.parent


async def child(database: str, first_user: int, n: int) -> None:
    """One bot process: prepare n drafts, say "ready", wait for "go", time n Send presses."""
    app = build_application(
        offline_settings(database),
        load_content(ROOT / "content"),
        request=FakeBotApi(),
        rate_limit=False,
        jobs=False,
    )
    ids = itertools.count(first_user * 10)
    sends = []
    async with offline(app):
        for i in range(n):
            factory = UpdateFactory(
                person=Person(user_id=first_user + i, username=f"u{first_user + i}"), _ids=ids
            )
            for step in (
                factory.button("aud:in_care"),
                factory.button("fb:feedback"),
                factory.button("tp:home"),
                factory.text(f"The wifi in my placement is slow, number {first_user + i}"),
            ):
                await app.process_update(Update.de_json(step, app.bot))
            sends.append(Update.de_json(factory.button("ch:draft:send"), app.bot))
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        latencies = []
        start = time.time()
        for update in sends:
            began = time.perf_counter()
            await app.process_update(update)
            latencies.append((time.perf_counter() - began) * 1000)
        end = time.time()
    print(json.dumps({"start": start, "end": end, "latencies": latencies}), flush=True)


def run(database: str, processes: int, per_process: int, first_user: int) -> dict[str, float]:
    children = [
        subprocess.Popen(  # noqa: S603 -- this module, with our own arguments
            [
                sys.executable,
                "-m",
                "bench.processes",
                "--child",
                database,
                str(first_user + p * per_process),
                str(per_process),
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for p in range(processes)
    ]
    results = []
    try:
        for c in children:
            assert c.stdout is not None
            if c.stdout.readline().strip() != "ready":
                raise RuntimeError("a bot process did not start")
        for c in children:  # go, all at once
            assert c.stdin is not None
            c.stdin.write("go\n")
            c.stdin.flush()
        for c in children:
            out, _ = c.communicate(timeout=1800)
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for c in children:
            if c.poll() is None:
                c.kill()
                c.wait()
    elapsed = max(r["end"] for r in results) - min(r["start"] for r in results)
    latencies = [ms for r in results for ms in r["latencies"]]
    return {
        "per_s": processes * per_process / elapsed,
        "p50_ms": statistics.median(latencies),
        "p99_ms": percentile(latencies, 0.99),
    }


def stored(database: str) -> int:
    if database.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(database) as db:
            db.execute("SELECT set_config('hys.council', 'default', false)")
            row = db.execute("SELECT COUNT(*) FROM items").fetchone()
            return int(row[0]) if row else 0
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])


def main(n: int = 400, rounds: int = 3) -> dict[str, object]:
    """`n` submissions per configuration and round; configurations interleaved each round."""
    from tests.pg import Cluster

    cluster = Cluster(durable=True)
    cluster.start()
    figures: dict[str, list[dict[str, float]]] = {}
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for r in range(rounds):
                configurations = [("sqlite_1_process", str(Path(scratch) / f"r{r}.sqlite3"), 1)]
                configurations += [
                    (f"postgresql_{p}_processes", cluster.new_database(), p) for p in (1, 2, 4)
                ]
                for name, database, processes in configurations:
                    result = run(database, processes, n // processes, 10_000 + r * 100_000)
                    if stored(database) != processes * (n // processes):
                        raise RuntimeError(f"{name}: not every timed submission was stored")
                    figures.setdefault(name, []).append(result)
    finally:
        cluster.stop()
    summary: dict[str, object] = {
        name: {
            "submissions_per_s": statistics.median(r["per_s"] for r in results),
            "range_per_s": [
                round(min(r["per_s"] for r in results), 1),
                round(max(r["per_s"] for r in results), 1),
            ],
            "p50_ms": round(statistics.median(r["p50_ms"] for r in results), 2),
            "p99_ms": round(statistics.median(r["p99_ms"] for r in results), 2),
        }
        for name, results in figures.items()
    }
    for entry in summary.values():
        assert isinstance(entry, dict)
        entry["submissions_per_s"] = round(entry["submissions_per_s"], 1)
    one = statistics.median(r["per_s"] for r in figures["postgresql_1_processes"])
    four = statistics.median(r["per_s"] for r in figures["postgresql_4_processes"])
    return {
        "benchmark": "processes",
        "submissions_per_configuration": n,
        "rounds": rounds,
        "durability": "SQLite WAL synchronous=FULL; PostgreSQL fsync and synchronous_commit on",
        **summary,
        "postgresql_4_over_1_processes": round(four / one, 2),
        "goal_4_over_1": 2.0,
        "nothing_lost": True,  # checked above: every timed submission stored once
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=3, metavar=("DATABASE", "FIRST_USER", "N"))
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.child:
        asyncio.run(child(args.child[0], int(args.child[1]), int(args.child[2])))
    else:
        print(json.dumps(main(args.n, args.rounds), indent=2))
