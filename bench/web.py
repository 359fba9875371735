"""Benchmark: the web chat over real HTTP, against a bare Starlette "hello" in the same run.

Each server runs in its own process (uvicorn, as in production); the clients here keep their
connections open. Rounds are interleaved (hello, menu, submissions; again ...) because the
machine is shared; figures are the median over the rounds, with the range.
- menu: GET /go/menu per second, 20 clients at once (content only: no database);
- submissions: whole journeys per second, 50 clients at once (first page, who are you, Have
  your say, Not sure, type, Send: 11 requests each, with the redirects), and the latency of the
  Send press (its post, the durable write, and the page after it) at p50 and p99 (goal:
  p99 < 50 ms). The run counts the stored items and refuses to report a rate if they differ.

    .venv/bin/python -m bench.web [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from bench.intake import percentile

ROOT = Path(__file__).resolve().parent.parent
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_KEY = re.compile(r'name="key" value="([^"]+)"')
_SEND = re.compile(r'name="do" value="(sd:[^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def serving(kind: str, database: Path) -> AsyncIterator[str]:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.web_server", kind, str(port), str(database), cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(600):
                try:
                    if (await client.get(base + "/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    await asyncio.sleep(0.05)
        yield base
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=30)


async def gets(base: str, path: str, clients: int, each: int) -> float:
    async def one() -> None:
        async with httpx.AsyncClient(base_url=base) as client:
            for _ in range(each):
                response = await client.get(path)
                assert response.status_code == 200

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(clients)))
    return clients * each / (time.perf_counter() - start)


async def journey(base: str, number: int, sends_ms: list[float]) -> None:
    async with httpx.AsyncClient(base_url=base, follow_redirects=True) as client:
        page = (await client.get("/")).text
        csrf = _CSRF.search(page)
        assert csrf is not None
        token = csrf.group(1)
        for action in ("aud:in_care", "fb:feedback", "tp:unsure"):
            page = (await client.post("/act", data={"csrf": token, "do": action})).text
        key = _KEY.search(page)
        assert key is not None
        text = f"Visitor {number} would like the youth club open later on Fridays, please."
        page = (
            await client.post("/say", data={"csrf": token, "key": key.group(1), "text": text})
        ).text
        send = _SEND.search(page)
        assert send is not None, "no Send button: the preview was not shown"
        start = time.perf_counter()
        done = await client.post("/act", data={"csrf": token, "do": send.group(1)})
        sends_ms.append((time.perf_counter() - start) * 1000)
        assert "Your code is" in done.text


async def submissions(
    base: str, database: Path, clients: int, first: int
) -> tuple[float, list[float]]:
    sends: list[float] = []
    before = stored(database)
    start = time.perf_counter()
    await asyncio.gather(*(journey(base, first + i, sends) for i in range(clients)))
    rate = clients / (time.perf_counter() - start)
    if stored(database) - before != clients:
        raise RuntimeError("the stored items differ from the journeys timed")
    return rate, sends


def stored(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute("SELECT COUNT(*) FROM items").fetchone()[0])


def spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 1),
        "min": round(min(values), 1),
        "max": round(max(values), 1),
    }


async def main(rounds: int = 5, clients: int = 50) -> dict[str, object]:
    hello, menu, journeys, sends = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="hys-bench-web-") as scratch:
        database = Path(scratch) / "web.sqlite3"
        async with (
            serving("hello", Path(scratch) / "hello") as bare,
            serving("hys", database) as site,
        ):
            for r in range(rounds):
                hello.append(await gets(bare, "/", 20, 50))
                menu.append(await gets(site, "/go/menu", 20, 50))
                rate, latencies = await submissions(site, database, clients, r * clients)
                journeys.append(rate)
                sends.extend(latencies)
    menu_ratio = [m / h for m, h in zip(menu, hello, strict=True)]
    return {
        "benchmark": "web",
        "rounds": rounds,
        "hello_requests_per_s": spread(hello),
        "menu_requests_per_s": spread(menu),
        "menu_ratio_to_hello": round(statistics.median(menu_ratio), 3),
        "journeys_per_s_50_clients": spread(journeys),
        "journey_requests_per_s": round(statistics.median(journeys) * 11, 1),
        "send_ms_p50": round(percentile(sends, 0.5), 1),
        "send_ms_p99": round(percentile(sends, 0.99), 1),
        "send_goal": "p99 < 50 ms with 50 clients",
        "note": (
            "the clients are Python (httpx) on the same machine, sharing its two cores with the "
            "server: hello's rate is mostly theirs; Send waits behind the other 49 journeys"
        ),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.rounds)), indent=2))
