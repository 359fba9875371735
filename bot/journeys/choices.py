"""A choice in the feedback journey (a yes/no, Send/Change/Cancel, "are you safe?"), routed by
the question it answers: the same for every channel."""

from __future__ import annotations

from bot.journeys import contact, safety, writing
from bot.journeys.outlet import Outlet
from bot.journeys.session import Session
from bot.services import Services


async def choose(
    services: Services, session: Session, out: Outlet, question: str, answer: str
) -> None:
    match question:
        case "behalf":
            await writing.behalf(services, session, out, answer == "yes")
        case "draft":
            await writing.draft_choice(services, session, out, answer)
        case "answer":
            await contact.answer_opt_in(services, session, out, answer == "yes")
        case "contact":
            await contact.contact_choice(services, session, out, answer == "yes")
        case "how":
            await contact.contact_how(services, session, out, answer)
        case _:  # "safe": the answer to "are you safe right now?"
            await safety.answer_check(services, session, out, answer)
