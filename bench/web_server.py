"""A web chat server in its own process, for bench/web.py (as production runs it: uvicorn,
one process, the real store on disk). `hello` serves a bare Starlette "hello" instead.

    .venv/bin/python -m bench.web_server hys|hello PORT DATABASE
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.config import Settings
from bot.content import load_content
from bot.domain import utc_now
from bot.services.limits import SubmissionLimiter
from bot.web.serve import server, web_chat
from bot.wiring import build_services

ROOT = Path(__file__).resolve().parent.parent
UNLIMITED = 10**9


async def hello(request: Request) -> Response:
    return PlainTextResponse("hello")


async def run(kind: str, port: int, database: Path) -> None:
    settings = Settings(database=database, content_dir=ROOT / "content", web_port=port)
    if kind == "hello":
        import uvicorn

        app = Starlette(routes=[Route("/", hello), Route("/healthz", hello)])
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, access_log=False, log_level="warning"
        )
        await uvicorn.Server(config).serve()
        return
    services = await build_services(settings, load_content(settings.content_dir), utc_now)
    # Every request comes from this machine's one address: lift the per-visitor limits.
    services = dataclasses.replace(
        services, limiter=SubmissionLimiter(UNLIMITED, UNLIMITED, services.clock)
    )
    services.intake.warm_up()
    try:
        await server(web_chat(settings, services), settings).serve()
    finally:
        await services.store.close()


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])))
