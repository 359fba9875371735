"""The officer console, under /console on the web chat's server: sign-in with a password and
an authenticator code, the reading queue (never the words), and an item whose words are shown
only when the officer asks, each time recorded in the audit log like View in Telegram."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.domain import Account, ContactState, Item, RateLimited
from bot.services import Services
from bot.services.accounts import SignInRefused, token_hash
from bot.web.console_content import content_routes
from bot.web.console_items import item_routes
from bot.web.console_reports import report_routes
from bot.web.console_sessions import (
    COOKIE,
    ConsoleSession,
    ConsoleSessions,
    end_console_cookie,
    set_console_cookie,
)
from bot.web.console_util import AUDIENCE
from bot.web.console_we_did import we_did_routes
from bot.web.http import TooBig, TooSlow, read_form
from bot.web.render import TEMPLATES
from bot.web.sessions import VisitorKeys, same

log = logging.getLogger(__name__)
_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    auto_reload=False,
)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
OPEN_FOR = timedelta(minutes=15)
MAX_OPENED = 1_000
_KIND = {"feedback": "Feedback", "question": "Question"}


@dataclass(frozen=True, slots=True)
class Row:
    """One item as the queue shows it: never its words."""

    id: int
    kind: str
    theme: str
    audience: str
    level: str
    status: str
    arrived: date
    age: str
    lateness: str  # "", "due" or "late"


class Console:
    def __init__(
        self,
        services: Services,
        *,
        https: bool,
        content_dir: Path | None = None,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self.services = services
        self.wake = wake  # the bot's outbox worker, when the bot runs in this process
        self.https = https
        self.content_dir = content_dir
        self.sessions = ConsoleSessions(services.clock)
        self.visitors = VisitorKeys(services.clock)
        # Who opened which message's words lately (name, when): "who has it open" in the queue.
        self._opened: dict[int, tuple[str, datetime]] = {}
        found = re.search(r"\d+", services.content.council.response_time)
        self.days_to_read = int(found.group()) if found else 3

    def opened(self, item_id: int, name: str) -> None:
        self._opened[item_id] = (name, self.services.clock())
        if len(self._opened) > MAX_OPENED:
            self._opened.pop(next(iter(self._opened)))

    def open_by(self, item_id: int, me: str) -> str:
        """Who else opened this message in the last OPEN_FOR minutes ("" if nobody)."""
        found = self._opened.get(item_id)
        if found is None or found[0] == me or self.services.clock() - found[1] > OPEN_FOR:
            return ""
        return found[0]

    # -- pages ---------------------------------------------------------------------------------

    def page(
        self,
        template: str,
        session: ConsoleSession | None,
        *,
        status: int = 200,
        problems: list[tuple[str, str]] | None = None,
        **values: Any,
    ) -> Response:
        html = _env.get_template(template).render(
            council=self.services.content.council.short_name,
            session=session,
            problems=problems or [],
            **values,
        )
        response = HTMLResponse(html, status_code=status)
        if session is not None:
            set_console_cookie(response, session, https=self.https)
        return response

    def row(self, item: Item) -> Row:
        labels = self.services.content.themes.labels()
        today = self.services.accounts.today()
        days = (today - item.created_on).days
        age = "today" if days <= 0 else "1 day" if days == 1 else f"{days} days"
        first = item.urgent or item.contact is ContactState.REQUESTED
        late = days >= 1 if first else days > self.days_to_read
        due = not late and (days >= self.days_to_read - 1 if not first else False)
        asked = item.contact is ContactState.REQUESTED
        level = ", ".join(w for w, on in (("Urgent", item.urgent), ("Contact me", asked)) if on)
        return Row(
            id=item.id,
            kind=_KIND.get(item.kind.value, item.kind.value),
            theme=labels.get(item.theme or "", "No theme yet"),
            audience=AUDIENCE.get(item.audience.value, item.audience.value),
            level=level,
            status=item.status.value.replace("_", " "),
            arrived=item.created_on,
            age=age,
            lateness="late" if late else "due" if due else "",
        )

    # -- who is asking -------------------------------------------------------------------------

    def session_of(self, request: Request) -> ConsoleSession | None:
        return self.sessions.get(request.cookies.get(COOKIE))

    async def signed_in(self, request: Request) -> ConsoleSession | None:
        """The signed-in session, if its account can still sign in: an account disabled or
        reset since (perhaps from the command line, in another process) ends its sessions at
        their next request."""
        found = self.session_of(request)
        if found is None or found.account_id is None:
            return None
        account = await self.services.accounts.account(found.account_id)
        if account is None or not account.ready:
            self.sessions.end_all(found.account_id)
            return None
        return found

    def source(self, request: Request) -> int:
        return self.visitors.person(request.client.host if request.client else "")

    @staticmethod
    def to_sign_in() -> Response:
        return RedirectResponse("/console/sign-in", status_code=303)

    @staticmethod
    async def form_of(request: Request, session: ConsoleSession | None) -> dict[str, str] | None:
        """The form, if it is within size and carries this session's token."""
        try:
            form = await read_form(request)
        except (TooBig, TooSlow):
            return None
        if session is None or not same(form.get("csrf", ""), session.csrf):
            return None
        return form

    def refused(self, session: ConsoleSession | None) -> Response:
        return self.message(
            session,
            "Please try again",
            "That form was out of date (or had been open too long). Nothing was changed.",
            status=403,
        )

    def not_found(self, session: ConsoleSession) -> Response:
        return self.message(
            session,
            "Not found",
            "There is no message with that number (it may have been deleted).",
            status=404,
            link_text="Back to the queue",
        )

    def message(
        self,
        session: ConsoleSession | None,
        heading: str,
        text: str,
        *,
        status: int = 200,
        link: str = "/console",
        link_text: str = "Go to the console",
    ) -> Response:
        return self.page(
            "console_message.html",
            session,
            status=status,
            heading=heading,
            message=text,
            link=link,
            link_text=link_text,
        )


def console_routes(console: Console) -> list[BaseRoute]:
    services = console.services

    # -- sign-in -------------------------------------------------------------------------------

    async def sign_in_page(request: Request) -> Response:
        session = console.session_of(request) or console.sessions.new()
        if session.signed_in:
            return RedirectResponse("/console", status_code=303)
        return console.page(
            "console_sign_in.html", session, heading="Sign in", csrf=session.csrf, name=""
        )

    async def sign_in(request: Request) -> Response:
        session = console.session_of(request)
        form = await console.form_of(request, session)
        if form is None or session is None:
            return console.refused(session)
        name = form.get("name", "")[:40]
        again = console.sessions.new()  # a fresh token for the next try

        def problem(text: str, status: int) -> Response:
            console.sessions.end(session.id)
            return console.page(
                "console_sign_in.html",
                again,
                status=status,
                heading="Sign in",
                problems=[("name", text)],
                csrf=again.csrf,
                name=name,
            )

        source = console.source(request)
        try:
            services.sign_in_guesses.check(source)
        except RateLimited:
            return problem("Too many failed sign-ins from here. Please wait an hour.", 429)
        outcome = await services.accounts.sign_in(
            name, form.get("password", ""), form.get("code", "")
        )
        if isinstance(outcome, SignInRefused):
            services.sign_in_guesses.record(source)
            if outcome is SignInRefused.LOCKED:
                return problem(
                    "This account is locked for 15 minutes after 5 failed sign-ins.", 403
                )
            return problem("The name, password or code is not right.", 403)
        console.sessions.end(again.id)
        fresh = console.sessions.sign_in(session, outcome)
        response = RedirectResponse("/console", status_code=303)
        set_console_cookie(response, fresh, https=console.https)
        return response

    async def sign_out(request: Request) -> Response:
        session = console.session_of(request)
        form = await console.form_of(request, session)
        if form is None or session is None:
            return console.refused(session)
        if session.account_id is not None and form.get("everywhere") == "yes":
            console.sessions.end_all(session.account_id)
        console.sessions.end(session.id)
        response = console.to_sign_in()
        end_console_cookie(response, https=console.https)
        return response

    # -- set-up --------------------------------------------------------------------------------

    async def setup_page(request: Request) -> Response:
        token = request.path_params["token"]
        account = await services.accounts.setting_up(token) if _TOKEN.fullmatch(token) else None
        if account is None:
            return expired_link()
        session = console.session_of(request) or console.sessions.new()
        secret = session.enrolling.get(token_hash(token))
        if secret is None:
            secret = services.accounts.new_secret(account).secret
            session.enrolling[token_hash(token)] = secret
        return setup_form(session, token, account, secret)

    def setup_form(
        session: ConsoleSession,
        token: str,
        account: Account,
        secret: str,
        problems: list[tuple[str, str]] | None = None,
    ) -> Response:
        uri = services.accounts.uri(account, secret)
        return console.page(
            "console_setup.html",
            session,
            status=400 if problems else 200,
            problems=problems,
            heading="Set up your account",
            name=account.name,
            token=token,
            csrf=session.csrf,
            qr=_qr_svg(uri),
            secret_groups=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        )

    def expired_link() -> Response:
        return console.page(
            "console_message.html",
            None,
            status=404,
            heading="This link does not work",
            message="This set-up link has expired or has been used. Ask an admin for a new one.",
            link="/console/sign-in",
            link_text="Sign in",
        )

    async def setup(request: Request) -> Response:
        token = request.path_params["token"]
        session = console.session_of(request)
        form = await console.form_of(request, session)
        if form is None or session is None:
            return console.refused(session)
        account = await services.accounts.setting_up(token) if _TOKEN.fullmatch(token) else None
        secret = session.enrolling.get(token_hash(token))
        if account is None or secret is None:
            return expired_link()
        problem = await services.accounts.finish_setup(
            token, form.get("password", ""), form.get("confirm", ""), secret, form.get("code", "")
        )
        if problem is not None:
            field = "code" if "code" in problem else "password"
            return setup_form(session, token, account, secret, [(field, problem)])
        session.enrolling.clear()
        return console.page(
            "console_message.html",
            session,
            heading="You are set up",
            message="Your password and authenticator app are ready. Sign in with both.",
            link="/console/sign-in",
            link_text="Sign in",
        )

    return [
        Route("/console/sign-in", sign_in_page),
        Route("/console/sign-in", sign_in, methods=["POST"]),
        Route("/console/sign-out", sign_out, methods=["POST"]),
        Route("/console/setup/{token}", setup_page),
        Route("/console/setup/{token}", setup, methods=["POST"]),
        *item_routes(console),
        *report_routes(console),
        *we_did_routes(console),
        *content_routes(console),
    ]


def _qr_svg(uri: str) -> Markup:
    """The authenticator link as a QR code, drawn in the page (no image from anywhere)."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(
        out, kind="svg", xmldecl=False, svgns=True, scale=5, title="QR code for your app"
    )
    return Markup(out.getvalue().decode("utf-8"))  # noqa: S704 -- segno's own SVG, no input
