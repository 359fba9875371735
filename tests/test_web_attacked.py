"""The web chat and the officer side attacked as real users walk them (each test failed before
its fix): a stale "For the board" refused as already decided that still rewrites the
board's words, two officers answering one question at once, a disabled officer's open console
session, and a disclosure typed into the web chat's "Check a message" box."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest

from bot.domain import Audience, ItemKind
from tests.test_console import Console, account, console, csrf
from tests.test_console_decisions import TELEGRAM_OFFICER, decide, web_visitor_sends
from tests.test_web import Web, in_care, web
from tests.webclient import Visitor

pytestmark = pytest.mark.both_stores

__all__ = ["console", "web"]


async def two_officers(console: Console, a: httpx.AsyncClient, b: httpx.AsyncClient) -> None:
    await account(console, a, "Ann Officer")
    console.clock.advance(timedelta(seconds=31))  # a fresh authenticator code for the second
    await account(console, b, "Bob Officer")


async def test_a_for_the_board_refused_as_already_decided_leaves_the_boards_words_alone(
    console: Console,
) -> None:
    """Ann approves with the child's name and home taken out. Bob had the same message open
    and presses For the board with his own wording: he is told "already decided ... Nothing
    was changed", yet his words replace Ann's and are what the board will read."""
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK,
        audience=Audience.IN_CARE,
        text="Sam at Oak House says the bus to school is always late",
    )
    async with console.client() as ann, console.client() as bob:
        await two_officers(console, ann, bob)
        bobs_page = await bob.get(f"/console/item/{receipt.item_id}")
        approved = await decide(
            ann, receipt.item_id, "board", "A young person says the bus to school is late"
        )
        assert "Saved: for the board." in approved.text
        late = await decide(
            bob,
            receipt.item_id,
            "board",
            "Sam says the bus to school is always late",
            page=bobs_page,
        )
        assert late.status_code == 409
        assert "Nothing was changed" in late.text
    assert console.rows("SELECT status, board_text FROM items") == [
        ("for_board", "A young person says the bus to school is late")
    ]


async def test_the_wording_given_with_for_the_board_replaces_wording_saved_before(
    console: Console,
) -> None:
    """Wording saved earlier (on Telegram, say) and then new wording typed with For the board
    in the console: the board reads the new wording, saved in the same step as the approval."""
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="Sam at Oak House wants a bike"
    )
    await console.services.officers.redact(TELEGRAM_OFFICER, receipt.item_id, "Sam wants a bike")
    async with console.client() as ann:
        await account(console, ann, "Ann Officer")
        done = await decide(ann, receipt.item_id, "board", "A young person wants a bike")
    assert "Saved: for the board." in done.text
    assert console.rows("SELECT status, board_text FROM items") == [
        ("for_board", "A young person wants a bike")
    ]


async def test_two_officers_answering_one_question_at_once_are_not_both_told_saved(
    console: Console,
) -> None:
    """Two officers answer the same web question at the same moment: both are told "Saved:
    the answer", the young person sees only one of them, and the other officer's answer is
    silently lost (a second answer is otherwise refused as already answered)."""
    await web_visitor_sends(console, "When can I get my passport sorted for the trip?", ask=True)
    item_id = int(str(console.rows("SELECT id FROM items")[0][0]))
    async with console.client() as ann, console.client() as bob:
        await two_officers(console, ann, bob)
        anns_page = await ann.get(f"/console/item/{item_id}")
        bobs_page = await bob.get(f"/console/item/{item_id}")
        answers = await asyncio.gather(
            decide(ann, item_id, "answer", "Your worker books it.", page=anns_page),
            decide(bob, item_id, "answer", "Ask the Virtual School.", page=bobs_page),
        )
    told_saved = [a for a in answers if "Saved: the answer" in a.text]
    assert len(told_saved) == 1, "both officers were told their answer was saved"
    assert console.rows("SELECT COUNT(*) FROM audit_log WHERE action = 'answered'") == [(1,)]


async def test_a_disabled_officer_can_no_longer_read_a_childs_words_in_an_open_session(
    console: Console,
) -> None:
    """An admin disables an officer (they left, or their laptop went missing). The console
    session they already had open still lists the queue and opens a child's words."""
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="my key worker shouts at me"
    )
    async with console.client() as client:
        await account(console, client, "Sam Jones")
        page = await client.get(f"/console/item/{receipt.item_id}")
        assert page.status_code == 200
        assert await console.services.accounts.disable("Sam Jones")
        queue = await client.get("/console")
        opened = await client.post(
            f"/console/item/{receipt.item_id}/open", data={"csrf": csrf(page)}
        )
    assert queue.status_code == 303  # back to sign-in
    assert "shouts at me" not in opened.text
    assert console.rows("SELECT COUNT(*) FROM audit_log WHERE action = 'viewed'") == [(0,)]


async def test_a_disclosure_typed_in_the_check_a_message_box_gets_help_and_reaches_an_officer(
    web: Web,
) -> None:
    """A young person opens Check a message and types what is happening into the code box
    (on Telegram, words after /status are screened and get the help numbers). The web chat
    says only "I couldn't find a message with that code": no help numbers, nothing kept,
    no officer alerted, and it counts as a wrong code."""
    visitor: Visitor = web.visitor()
    await in_care(visitor)
    page = await visitor.open("/check")
    form = page.forms[-1]
    shown = await visitor.post(
        "/check",
        {
            **form.fields,
            "code": "my stepdad hits me every night and i want to kill myself",
            "do": "status",
        },
    )
    assert "crisis" in shown.sections, shown.text[:300]
    assert web.rows("SELECT urgent FROM items") == [(1,)]


async def test_an_empty_write_back_is_not_a_wrong_code_and_keeps_the_box(web: Web) -> None:
    """Tapping Send under "Write back" with nothing in the box (or only spaces) said "That
    button is from before" and counted as a wrong code: a few taps locked out the real one."""
    from tests.test_web import check, team_wrote

    visitor = web.visitor()
    code = await team_wrote(web, visitor, "Can the bus pass cover weekends?", "We're asking.")
    page = await check(visitor, code)
    form = page.text_form()
    for empty in ("", "   ", "\u200b", "") * 4:
        page = await visitor.post("/check", {**form.fields, "text": empty})
        assert "looks empty" in page.text
        assert page.text_form().fields["code"] == code  # the box is still there, for words
    sent = await visitor.post("/check", {**page.text_form().fields, "text": "thank you"})
    assert "Sent. The team will read it" in sent.text
    assert web.rows("SELECT text FROM replies WHERE from_team = 0") == [("thank you",)]
