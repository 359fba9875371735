"""The web chat: the same journeys, screens, screening and store as the Telegram bot, as plain
HTML forms (JavaScript only adds the quick exit's Shift key and stops double clicks).

Each button posts its action; the answer is kept in the visitor's in-memory session and shown
at "/" (post, then redirect, then get: going back or reloading never sends anything twice).
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot import screens
from bot.content import Content
from bot.domain import Channel, Place
from bot.journeys import browse, safety
from bot.journeys.session import Session
from bot.screens import Screen
from bot.services import Services
from bot.services.receipts import ReceiptCodes
from bot.web import check, render
from bot.web.console import Console, console_routes
from bot.web.http import SecurityHeaders, TooBig, TooSlow, end_cookie, read_form, set_cookie
from bot.web.journey import act
from bot.web.outlet import WebOutlet
from bot.web.sessions import COOKIE, Sessions, VisitorKeys, WebSession, same

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
# The quick exit's neutral page (GOV.UK's pattern uses a weather or search page).
DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"
_KEY = re.compile(r"[A-Za-z0-9_-]{16}")
PostDeleter = Callable[[list[tuple[int, int]]], Awaitable[None]]


async def _no_posts(posts: list[tuple[int, int]]) -> None:
    if posts:
        log.warning("%d officer post(s) of a deleted message wait for the bot", len(posts))


@dataclass
class WebChat:
    """What the web chat needs: the services, and how it reaches the rest of the process."""

    services: Services
    https: bool = False
    exit_url: str = DEFAULT_EXIT_URL
    wake: Callable[[], None] = lambda: None
    delete_posts: PostDeleter = _no_posts
    content_dir: Path | None = None  # for the console's content check
    sessions: Sessions = field(init=False)
    visitors: VisitorKeys = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = Sessions(self.services.clock)
        self.visitors = VisitorKeys(self.services.clock)


class Visit:
    """One request from one visitor: their session (kept, or not yet: see Sessions) and, for
    guessing receipt codes only, a keyed hash of their address (never the address)."""

    def __init__(self, chat: WebChat, request: Request) -> None:
        self.chat = chat
        self.request = request
        cookie = request.cookies.get(COOKIE)
        found = chat.sessions.get(cookie)
        self.kept = found is not None
        self.web: WebSession = found or chat.sessions.pending(cookie)
        self.session = Session(self.web.data)
        address = request.client.host if request.client else ""
        self.address = chat.visitors.person(address)

    @property
    def form(self) -> render.Form:
        return render.Form(self.web.csrf)

    def keep(self) -> None:
        if not self.kept:
            self.chat.sessions.keep(self.web)
            self.kept = True

    @property
    def content(self) -> Content:
        return self.chat.services.content

    def outlet(self, key: str = "") -> WebOutlet:
        key = key if _KEY.fullmatch(key) else secrets.token_urlsafe(12)
        return WebOutlet(self.web.person, self.web.chat, key, self.chat.wake)

    def page(
        self,
        shown: list[Screen],
        *,
        status: int = 200,
        extra: Markup | None = None,
        heading: str | None = None,
    ) -> Response:
        html = render.page(
            self.content,
            self.session.audience,
            shown,
            self.form,
            kept_text=self.web.kept_text,
            extra=extra,
            heading=heading,
            exit_url=self.chat.exit_url,
        )
        self.web.kept_text = ""
        response = HTMLResponse(html, status_code=status)
        set_cookie(response, self.web.id, https=self.chat.https)
        return response

    def next_page(self, out: WebOutlet) -> Response:
        """Post, redirect, get: the page is kept in the session and shown at "/"."""
        self.web.screens = out.page()
        response = RedirectResponse("/", status_code=303)
        set_cookie(response, self.web.id, https=self.chat.https)
        return response

    def not_found(self) -> Response:
        sorry = self.content.texts.web_not_found.for_(self.session.audience)
        return self.page([self.note(sorry)], status=404)

    def note(self, text: str) -> Screen:
        return screens.notice_view(self.content, self.session.audience, text)


Handler = Callable[[Visit, dict[str, str]], Awaitable[Response]]


def build_web_app(chat: WebChat, *, chat_pages: bool = True, console: bool = True) -> Starlette:
    """The web chat's routes and the officer console's (either can be left out, to serve them
    on different addresses), wrapped in the security headers."""
    services = chat.services
    texts = services.content.texts

    async def home(request: Request) -> Response:
        visit = Visit(chat, request)
        async with visit.web.lock:
            return visit.page(visit.web.screens or [_start(visit)])

    async def go(request: Request) -> Response:
        visit = Visit(chat, request)
        try:
            place = Place(request.path_params["place"])
        except ValueError:
            return visit.page(
                [visit.note(texts.web_not_found.for_(visit.session.audience))], status=404
            )
        async with visit.web.lock:
            shown = await browse.place_screen(services, visit.session.audience, place, Channel.WEB)
            return visit.page([shown])

    async def posted(request: Request, handle: Handler) -> Response:
        visit = Visit(chat, request)
        audience = visit.session.audience
        try:
            form = await read_form(request)
        except TooBig:  # unread: so the help numbers too, in case it said they needed them
            too_big = visit.note(texts.web_too_big.for_(audience))
            helped = screens.help_view(services.content, audience)
            return visit.page([too_big, helped], status=413)
        except TooSlow:
            return visit.page([visit.note(texts.web_too_slow.for_(audience))], status=408)
        if not same(form.get("csrf", ""), visit.web.csrf):
            return await _stale_form(visit, form)
        visit.keep()
        async with visit.web.lock:
            return await handle(visit, form)

    async def do_act(visit: Visit, form: dict[str, str]) -> Response:
        out = visit.outlet()
        await act(services, visit.session, out, form.get("do", ""))
        draft = visit.session.draft
        if draft is not None and any(s.name == "change_prompt" for s in out.screens):
            visit.web.kept_text = draft.text  # Change: their words, in the box, to change
        return visit.next_page(out)

    async def do_say(visit: Visit, form: dict[str, str]) -> Response:
        text = form.get("text", "")
        out = visit.outlet(form.get("key", ""))
        await safety.typed(services, visit.session, out, text)
        if out.not_saved or any(s.name == "too_long" for s in out.screens):
            visit.web.kept_text = text  # not taken: their words stay in the box
        return visit.next_page(out)

    async def do_check(visit: Visit, form: dict[str, str]) -> Response:
        code, do = form.get("code", ""), form.get("do")
        if do == "reply":
            return await check.write_back(chat, visit, code, form)
        # Words typed in the code box are screened like any others (as after /status): a
        # disclosure gets the help numbers and reaches an officer, never "code not found".
        out = visit.outlet(form.get("key", ""))
        # A note beside the code is not asked about (that would stop the check); a disclosure
        # gets the help numbers. The code itself is left out: its random letters could read as
        # a risk word ("KMS4").
        words = ReceiptCodes.words_besides_codes(code)
        if await safety.screened_elsewhere(services, visit.session, out, words, ask=False):
            return visit.next_page(out)
        if do == "delete" and code.strip():  # for good: asked once more, never by one slip
            sure = render.delete_form(visit.content, visit.session.audience, code, visit.form)
            return visit.page([], extra=sure, heading=texts.web_check_heading)
        shown, report = await check.check(chat, visit, code, delete=do == "delete_sure")
        extra = check.check_form(visit)
        if check.team_wrote(report):  # they can write back, under the same code
            extra = render.write_back_form(visit.content, code, visit.form)
        return visit.page([shown], extra=extra, heading=texts.web_check_heading)

    async def check_page(request: Request) -> Response:
        visit = Visit(chat, request)
        return visit.page([], extra=check.check_form(visit), heading=texts.web_check_heading)

    async def leave(request: Request) -> Response:
        """Exit this page: forget the session (and its draft) and go to a neutral site. The
        script posts here (a beacon) as it leaves; without it, the link comes here."""
        chat.sessions.end(request.cookies.get(COOKIE))
        if request.method == "POST":
            response: Response = Response(status_code=204)
        else:
            response = RedirectResponse(chat.exit_url, status_code=303)
        end_cookie(response, https=chat.https)
        response.headers["clear-site-data"] = '"cache", "cookies", "storage"'
        return response

    async def to_console(request: Request) -> Response:
        return RedirectResponse("/console", status_code=303)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def not_found(request: Request, exc: Exception) -> Response:
        visit = Visit(chat, request)
        return visit.page(
            [visit.note(texts.web_not_found.for_(visit.session.audience))], status=404
        )

    async def act_route(request: Request) -> Response:
        return await posted(request, do_act)

    async def say_route(request: Request) -> Response:
        return await posted(request, do_say)

    async def check_route(request: Request) -> Response:
        return await posted(request, do_check)

    officers = Console(
        services, https=chat.https, content_dir=chat.content_dir, wake=lambda: chat.wake()
    )
    chat_routes = [
        Route("/", home),
        Route("/go/{place}", go),
        Route("/act", act_route, methods=["POST"]),
        Route("/say", say_route, methods=["POST"]),
        Route("/check", check_page),
        Route("/check", check_route, methods=["POST"]),
        Route("/exit", leave, methods=["GET", "POST"]),
    ]
    app = Starlette(
        routes=[
            *(console_routes(officers) if console else []),
            *(chat_routes if chat_pages else [Route("/", to_console)]),
            Route("/healthz", healthz),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers={404: not_found, 405: not_found},
    )
    app.add_middleware(SecurityHeaders, https=chat.https)
    return app


def _start(visit: Visit) -> Screen:
    if visit.session.audience_known:
        return screens.menu_view(visit.content, visit.session.audience)
    return screens.start_view(visit.content, visit.session.audience)


async def _stale_form(visit: Visit, form: dict[str, str]) -> Response:
    """A form without a token that fits its cookie (from before a restart, or sent from
    elsewhere): a kind "please try again" that keeps what they typed. Words that disclose harm
    are never sent back to be tried again: the help numbers, and they are kept as urgent now."""
    services, audience = visit.chat.services, visit.session.audience
    t = services.content.texts
    text = form.get("text", "")
    if not text.strip():
        return visit.page([visit.note(t.old_button.for_(audience))])
    if services.intake.is_urgent(text):
        visit.keep()
        out = visit.outlet(form.get("key", ""))
        async with visit.web.lock:
            await safety.disclosure(services, visit.session, out, text)
        return visit.next_page(out)
    visit.web.kept_text = text
    shown: list[Screen] = []
    again = visit.note(t.web_try_again.for_(audience))
    shown.append(Screen(blocks=again.blocks[:1], prompt=t.web_message_label, name="try_again"))
    return visit.page(shown)
