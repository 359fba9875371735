"""Serving the web chat with uvicorn, in the event loop it is given: on its own
(`python -m bot web`, no Telegram token needed), beside the Telegram bot (`run --web`), or
offline on the shipped content (`demo --web`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Generator
from datetime import date
from typing import TextIO

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot.config import Settings
from bot.content import Content
from bot.domain import Role, StoreUnavailable, utc_now
from bot.services import Services
from bot.web.app import PostDeleter, WebChat, build_web_app
from bot.web.http import HEADERS, NO_STORE, READ_TIMEOUT
from bot.wiring import build_services

log = logging.getLogger(__name__)

DEFAULT_PORT = 8000
HOUSEKEEPING_EVERY = 60.0  # seconds
SHUTDOWN_WITHIN = 30  # seconds


class HeadersOnTime(H11Protocol):
    """uvicorn waits for ever for a new request's headers, so a client that opens connections
    and never finishes them (slowloris) could hold every one. Here a connection must send a
    request's headers within READ_TIMEOUT of opening, or of its last answer, or is closed.
    (A body that stalls is cut off by the app: see http.read_form.)"""

    read_timeout = READ_TIMEOUT
    _due: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._headers_due()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._headers_due()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._due is not None:
            self._due.cancel()
        super().connection_lost(exc)

    def _headers_due(self) -> None:
        if self._due is not None:
            self._due.cancel()
        self._due = self.loop.call_later(self.read_timeout, self._close_if_waiting)

    def send_400_response(self, msg: str) -> None:
        """uvicorn's own answer to a request it cannot parse, with the same security headers
        as every other response (its own has none)."""
        headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"connection", b"close"),
            (b"cache-control", NO_STORE.encode()),
            *((k.encode(), v.encode()) for k, v in HEADERS.items()),
        ]
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers)))
        self.transport.write(self.conn.send(h11.Data(data=msg.encode("ascii"))))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()

    def _close_if_waiting(self) -> None:
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            self.transport.close()


class QuietServer(uvicorn.Server):
    """uvicorn without its own signal handlers: whoever runs the loop decides when to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def web_chat(
    settings: Settings,
    services: Services,
    *,
    wake: Callable[[], None] | None = None,
    delete_posts: PostDeleter | None = None,
) -> WebChat:
    chat = WebChat(
        services,
        https=settings.web_https,
        exit_url=settings.web_exit_url,
        content_dir=settings.content_dir,
    )
    if wake is not None:
        chat.wake = wake
    if delete_posts is not None:
        chat.delete_posts = delete_posts
    return chat


class WebServers:
    """The web chat's server and, when the console has its own port, the console's: started,
    stopped and waited for together."""

    def __init__(self, servers: list[QuietServer]) -> None:
        self.servers = servers

    @property
    def config(self) -> uvicorn.Config:
        return self.servers[0].config  # the web chat's (the webhook joins it)

    @property
    def started(self) -> bool:
        return all(s.started for s in self.servers)

    @property
    def should_exit(self) -> bool:
        return all(s.should_exit for s in self.servers)

    @should_exit.setter
    def should_exit(self, value: bool) -> None:
        for each in self.servers:
            each.should_exit = value

    async def serve(self) -> None:
        await asyncio.gather(*(s.serve() for s in self.servers))


def web_servers(chat: WebChat, settings: Settings) -> WebServers:
    """The web chat with the console at /console, or, with HYS_CONSOLE_PORT, the console only
    on its own address (for example the council's internal network)."""
    if settings.console_port is None:
        return WebServers([server(chat, settings)])
    return WebServers(
        [
            server(chat, settings, console=False),
            server(
                chat,
                settings,
                port=settings.console_port,
                host=settings.console_listen,
                chat_pages=False,
            ),
        ]
    )


def server(
    chat: WebChat,
    settings: Settings,
    *,
    port: int | None = None,
    host: str | None = None,
    chat_pages: bool = True,
    console: bool = True,
) -> QuietServer:
    """The server, not started. No access log: it would hold addresses and paths."""
    config = uvicorn.Config(
        build_web_app(chat, chat_pages=chat_pages, console=console),
        host=host or settings.web_listen,
        port=port if port is not None else (settings.web_port or DEFAULT_PORT),
        access_log=False,
        log_config=None,
        log_level="warning",
        proxy_headers=True,  # the council's https proxy says who the visitor is (for limits)
        forwarded_allow_ips=settings.web_proxies,
        server_header=False,
        date_header=False,
        timeout_keep_alive=5,
        limit_concurrency=1000,
        h11_max_incomplete_event_size=16 * 1024,
        lifespan="off",
        http=HeadersOnTime,
        # On SIGTERM, requests in flight get this long to finish (a stalled one is cut off).
        timeout_graceful_shutdown=SHUTDOWN_WITHIN,
    )
    return QuietServer(config)


async def housekeeping(services: Services, *, every: float = HOUSEKEEPING_EVERY) -> None:
    """Without the Telegram bot's scheduler: the heartbeat, and each day's retention purge."""
    purged: date | None = None
    while True:
        services.heartbeat.beat()
        with contextlib.suppress(StoreUnavailable):
            await services.officers.tick_waits()
        today = services.officers.today()
        if purged != today:
            items, opt_ins = await services.store.purge_expired(today)
            if items or opt_ins:
                log.info("Retention: deleted %d expired item(s) and %d opt-in(s)", items, opt_ins)
            purged = today
        await asyncio.sleep(every)


async def serve_alone(server_: QuietServer | WebServers, services: Services) -> None:
    """The web chat on its own, until the process is stopped."""
    keeper = asyncio.create_task(housekeeping(services))
    try:
        await server_.serve()
    finally:
        keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeper


async def run_web(
    settings: Settings,
    content: Content,
    *,
    announce: TextIO | None = None,
    demo_officer: bool = False,
) -> None:
    """`python -m bot web` (and `demo --web`): the web chat alone, until SIGTERM or Ctrl-C.
    `demo_officer`: a throw-away officer account, whose set-up link is printed."""
    services = await build_services(settings, content, utc_now)
    web_server = web_servers(web_chat(settings, services), settings)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, lambda: setattr(web_server, "should_exit", True))
    try:
        await asyncio.to_thread(services.intake.warm_up)
        if announce is not None:
            port = web_server.config.port
            announce.write(f"The web chat is at http://{settings.web_listen}:{port}/\n")
            if settings.console_port is not None:
                where = f"http://{settings.console_listen}:{settings.console_port}/console"
            else:
                where = f"http://{settings.web_listen}:{port}/console"
            announce.write(f"The officer console is at {where}\n")
            if demo_officer:
                token = await services.accounts.add("Demo Officer", Role.ADMIN)
                announce.write(f"To try it, set up a demo officer here: {where}/setup/{token}\n")
            announce.write("Press Ctrl-C to stop.\n")
            announce.flush()
        await serve_alone(web_server, services)
    finally:
        await services.store.close()
