"""The officer console's "You said, we did" editor: what the council did about a theme, with
its status and the messages it answers; theme labels, never ids."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.domain import ActionStatus, NoSuchItem, NotAllowedHere, Officer

if TYPE_CHECKING:
    from bot.web.console import Console

STATUS_LABELS = {
    ActionStatus.PLANNED: "Planned",
    ActionStatus.IN_PROGRESS: "Happening now",
    ActionStatus.DONE: "Done",
}
_NUMBERS = re.compile(r"#?(\d{1,12})")


def we_did_routes(console: Console) -> list[BaseRoute]:
    services = console.services

    async def page(request: Request) -> Response:
        session = await console.signed_in(request)
        if session is None:
            return console.to_sign_in()
        labels = services.content.themes.labels()
        actions = await services.officers.actions()
        return console.page(
            "console_we_did.html",
            session,
            heading="You said, we did",
            actions=[(a, labels.get(a.theme, a.theme), STATUS_LABELS[a.status]) for a in actions],
            themes=sorted(labels.items(), key=lambda pair: pair[1]),
            statuses=list(STATUS_LABELS.items()),
            done=request.query_params.get("done") == "1",
        )

    async def save(request: Request) -> Response:
        session = await console.signed_in(request)
        if session is None:
            return console.to_sign_in()
        form = await console.form_of(request, session)
        if form is None:
            return console.refused(session)
        officer = Officer(user_id=0, name=session.name)
        try:
            status = ActionStatus(form.get("status", ""))
            if form.get("action"):
                await services.officers.update_action(officer, int(form["action"]), status)
            else:
                what = form.get("what", "").strip()
                if not what:
                    raise NotAllowedHere("say what was done")
                items = tuple(int(n) for n in _NUMBERS.findall(form.get("items", "")))
                await services.officers.we_did(officer, form.get("theme", ""), status, what, items)
        except (ValueError, NotAllowedHere, NoSuchItem) as why:
            return console.message(
                session,
                "Not saved",
                f"That could not be saved ({why}). Nothing was changed.",
                status=400,
                link="/console/we-did",
                link_text="Back to You said, we did",
            )
        return RedirectResponse("/console/we-did?done=1", status_code=303)

    return [
        Route("/console/we-did", page),
        Route("/console/we-did", save, methods=["POST"]),
    ]
