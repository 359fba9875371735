"""Run every benchmark and print one JSON document: `make bench` or `python -m bench`."""

from __future__ import annotations

import asyncio
import json

from bench import broadcast, browse, intake, process, processes, report, scale, screening, web


def main() -> None:
    results = {
        "browse": asyncio.run(browse.main(3000)),
        "intake": asyncio.run(intake.main(1000)),
        # Durable submissions on SQLite and on PostgreSQL with 1, 2 and 4 bot processes.
        "processes": processes.main(400),
        "screening": screening.main(),
        "web": asyncio.run(web.main()),
        # The board report over a year of items, for one quarter, at 10k, 100k and 1M.
        "report": asyncio.run(report.main([10_000, 100_000, 1_000_000])),
        # /queue, /status and start-up on a million items (about four minutes with the build).
        "scale": asyncio.run(scale.main(1_000_000)),
        # python -m bot run in its own process: start-up and memory idle and loaded.
        "process": asyncio.run(process.main(300)),
        # Four broadcasts to 1,500 subscribers (quiet and busy, clock and bucket) at Telegram's
        # 30 a second take about three and a half minutes.
        "broadcast": asyncio.run(broadcast.main(1500)),
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
