"""The officer console's queue and items: the reading queue (never the words), an item whose
words open only on request (audited), and every decision the officer chat has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.domain import (
    AlreadyDecided,
    ContactState,
    Item,
    ItemKind,
    NoSuchItem,
    NotAllowedHere,
    Officer,
)
from bot.services.officers import OPEN_STATUSES, ItemForOfficer
from bot.web.console_sessions import ConsoleSession
from bot.web.console_util import AUDIENCE, day_of

if TYPE_CHECKING:
    from bot.web.console import Console

# What a decision's confirmation says (never anything the officer typed).
DONE = {
    "board": "Saved: for the board.",
    "not_board": "Saved: not for the board.",
    "referred": "Saved: referred.",
    "no_action": "Saved: no action.",
    "theme": "Saved: the theme.",
    "answer": "Saved: the answer. They will see it when they check, or get it if they asked.",
    "reply": "Saved: your reply. They will see it when they check with their code, or the bot "
    "sends it to them if they asked to be messaged in Telegram.",
    "contacted": "Saved: contacted. How to reach them has been deleted.",
    "unreachable": "Saved: could not reach them. How to reach them has been deleted.",
    "missed": "Saved: the screen missed this one.",
    "false_alarm": "Saved: a false alarm.",
}
NEEDS_WORDS = {"not_board", "no_action", "answer", "reply"}
STATUSES = {
    "open": "Waiting to be read or decided",
    "all": "All",
    "for_board": "For the board",
    "not_for_board": "Not for the board",
    "taken_to_board": "Taken to the board",
    "answered": "Answered",
    "referred": "Referred",
    "no_action": "No action",
}


def item_routes(console: Console) -> list[BaseRoute]:
    services = console.services

    # -- the queue and items -------------------------------------------------------------------

    async def queue(request: Request) -> Response:
        session = await console.signed_in(request)
        if session is None:
            return console.to_sign_in()
        asked = request.query_params
        labels = services.content.themes.labels()
        status = asked.get("status", "open")
        status = status if status in STATUSES else "open"
        theme = asked.get("theme", "")
        theme = theme if theme in labels else ""
        audience = asked.get("audience", "")
        audience = audience if audience in AUDIENCE else ""
        first, last = day_of(asked.get("from")), day_of(asked.get("to"))
        items = await services.store.list_open(
            status="" if status == "all" else status,
            theme=theme,
            audience=audience,
            first=first,
            last=last,
        )
        rows = [console.row(item) for item in items]
        return console.page(
            "console_queue.html",
            session,
            heading="Messages to read" if status == "open" else "Messages",
            rows=rows,
            open_by={row.id: console.open_by(row.id, session.name) for row in rows},
            urgent=await services.store.count_open_urgent(),
            contacts=await services.store.count_open_contacts(),
            promise=services.content.council.response_time,
            statuses=STATUSES.items(),
            chosen=status,
            themes=sorted(labels.items(), key=lambda pair: pair[1]),
            theme=theme,
            audiences=AUDIENCE.items(),
            audience=audience,
            first=first.isoformat() if first else "",
            last=last.isoformat() if last else "",
        )

    async def item(request: Request) -> Response:
        session = await console.signed_in(request)
        if session is None:
            return console.to_sign_in()
        found = await _item(request)
        if found is None:
            return console.not_found(session)
        return await item_page(session, found, done=DONE.get(request.query_params.get("done", "")))

    async def item_page(
        session: ConsoleSession,
        found: Item,
        *,
        shown: ItemForOfficer | None = None,
        done: str | None = None,
    ) -> Response:
        """The item's facts, its words when opened, and the decisions that fit it now."""
        is_open = found.status in OPEN_STATUSES
        decided_by = None if is_open else await services.store.last_actor(found.id)
        contact_web = False
        if found.contact is ContactState.REQUESTED:
            chat, _, _ = await services.store.get_contact_request(found.id)
            contact_web = chat is None
        labels = services.content.themes.labels()
        return console.page(
            "console_item.html",
            session,
            heading=f"Message #{found.id}",
            row=console.row(found),
            shown=shown,
            hidden=", ".join(shown.hidden) if shown else "",
            done=done,
            is_open=is_open,
            decided_by=decided_by,
            urgent=found.urgent,
            missed=found.missed,  # it can be referred now
            question=found.kind is ItemKind.QUESTION and found.answer is None,
            answer=found.answer,
            contact=found.contact is ContactState.REQUESTED,
            contact_web=contact_web,
            themes=sorted(labels.items(), key=lambda pair: pair[1]),
            theme=found.theme,
            suggestion=shown.suggestion if shown else "",
        )

    async def open_item(request: Request) -> Response:
        session = await console.signed_in(request)
        if session is None:
            return console.to_sign_in()
        form = await console.form_of(request, session)
        if form is None:
            return console.refused(session)
        found = await _item(request)
        if found is None:
            return console.not_found(session)
        officer = Officer(user_id=0, name=session.name)
        console.opened(found.id, session.name)
        try:
            shown: ItemForOfficer = await services.officers.view(officer, found.id)
        except NoSuchItem:
            return console.not_found(session)
        return await item_page(session, shown.item, shown=shown)

    async def _item(request: Request) -> Item | None:
        number = request.path_params["number"]
        if not number.isdigit() or len(number) > 12:
            return None
        return await services.store.get_item(int(number))

    async def decide(request: Request) -> Response:
        session = await console.signed_in(request)
        if session is None:
            return console.to_sign_in()
        form = await console.form_of(request, session)
        if form is None:
            return console.refused(session)
        found = await _item(request)
        if found is None:
            return console.not_found(session)
        do, words = form.get("do", ""), form.get("text", "").strip()
        if do not in DONE:
            return console.message(
                session, "Not done", "That is not something the console does.", status=400
            )

        def not_done(heading: str, text: str, status: int) -> Response:
            link = f"/console/item/{found.id}"
            return console.message(
                session, heading, text, status=status, link=link, link_text="Back to the message"
            )

        if do in NEEDS_WORDS and not words:
            return not_done(
                "Not done", "Please write something in the box first. Nothing was changed.", 400
            )
        officer = Officer(user_id=0, name=session.name)
        try:
            await _act(officer, found, do, words, form)
        except AlreadyDecided as decided:
            return not_done(
                "Already decided",
                f"This message was already decided ({decided.status.value.replace('_', ' ')}) "
                f"by {decided.by}. Nothing was changed.",
                409,
            )
        except NotAllowedHere as why:
            return not_done(
                "Not done", f"That does not fit this message: {why}. Nothing was changed.", 400
            )
        except NoSuchItem:
            return console.not_found(session)
        return RedirectResponse(f"/console/item/{found.id}?done={do}", status_code=303)

    async def _act(
        officer: Officer, item: Item, do: str, words: str, form: dict[str, str]
    ) -> None:
        officers = services.officers
        if do == "board":  # their wording and the approval in one step: both, or neither
            await officers.for_the_board(officer, item.id, words or None)
        elif do == "not_board":
            await officers.not_for_the_board(officer, item.id, words)
        elif do == "referred":
            await officers.referred(officer, item.id, words or None)
        elif do == "no_action":
            await officers.no_action(officer, item.id, words)
        elif do == "theme":
            await officers.set_theme(officer, item.id, form.get("theme", ""))
        elif do == "answer":
            await officers.answer(officer, item.id, words)
        elif do == "reply":
            chat, _ = await officers.reply_target(officer, item.id)
            if chat is None:  # the web chat: kept under their code, for when they check
                await officers.reply_by_code(officer, item.id, words)
            else:  # Telegram: sent by the bot, once
                await officers.reply_through_the_bot(officer, item.id, words)
                console.wake()
        elif do in {"contacted", "unreachable"}:
            await officers.close_contact(officer, item.id, ContactState(do))
        else:
            await officers.mark_screen(officer, item.id, do)

    return [
        Route("/console", queue),
        Route("/console/item/{number}", item),
        Route("/console/item/{number}/open", open_item, methods=["POST"]),
        Route("/console/item/{number}/decide", decide, methods=["POST"]),
    ]
