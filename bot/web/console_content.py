"""The officer console's content check: whether the content files on disk are valid now (as
`python -m bot check-content` says), and every screen a young person can see (as `python -m bot
screens` writes them), for review. Editing the content stays in the files."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.content import ContentError, load_content
from bot.domain import Audience
from bot.screens.catalogue import catalogue

if TYPE_CHECKING:
    from bot.web.console import Console

AUDIENCES = {"in_care": "In care", "care_leaver": "Care leavers", "carer": "Carers"}


def content_routes(console: Console) -> list[BaseRoute]:
    services = console.services

    async def page(request: Request) -> Response:
        session = await console.signed_in(request)
        if session is None:
            return console.to_sign_in()
        chosen = request.query_params.get("audience", "in_care")
        audience = Audience(chosen) if chosen in AUDIENCES else Audience.IN_CARE
        problems: list[str] = []
        checked = console.content_dir is not None
        if console.content_dir is not None:
            try:
                await asyncio.to_thread(load_content, console.content_dir)
            except ContentError as error:
                problems = list(error.problems)
        today = services.accounts.today()
        screens = await asyncio.to_thread(
            catalogue, services.content, [audience], today, officers=False
        )
        return console.page(
            "console_content.html",
            session,
            heading="Content check",
            checked=checked,
            content_problems=problems,
            audiences=AUDIENCES,
            audience=audience.value,
            screens=screens,
        )

    return [Route("/console/content", page)]
