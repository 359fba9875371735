"""Every decision the officer chat has, made from the console; each reaches the young person
(the web chat's check page) and shows "already decided by" across the two places."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest

from bot.domain import Audience, ItemKind, Officer
from tests.test_console import Console, account, console, csrf
from tests.webclient import Visitor

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

__all__ = ["console"]

TELEGRAM_OFFICER = Officer(user_id=5550001, name="Alex in Telegram")


async def signed_in(console: Console, client: httpx.AsyncClient) -> None:
    await account(console, client, "Sam Jones")


async def decide(
    client: httpx.AsyncClient,
    item_id: int,
    do: str,
    text: str = "",
    *,
    page: httpx.Response | None = None,
    **more: str,
) -> httpx.Response:
    """Press `do` on the item's page (`page`: one an officer opened earlier)."""
    page = page or await client.get(f"/console/item/{item_id}")
    return await client.post(
        f"/console/item/{item_id}/decide",
        data={"csrf": csrf(page), "do": do, "text": text, **more},
        follow_redirects=True,
    )


async def web_visitor_sends(
    console: Console, text: str, *, ask: bool = False
) -> tuple[Visitor, str]:
    """A young person on the web chat (same services) sends `text`; they and their code."""
    visitor = Visitor(
        httpx.AsyncClient(
            transport=console.transport, base_url="http://testserver", follow_redirects=True
        )
    )
    page = await visitor.open("/")
    if "I'm in care" in page.buttons():
        await visitor.press("I'm in care")
    await visitor.press("Ask a question" if ask else "Have your say")
    await visitor.press("Not sure")
    ack = await visitor.type(text)
    if "Send" in ack.buttons():  # a disclosure is kept at once, without a preview
        ack = await visitor.press("Send")
    code = ack.html.split('<code class="code">')[1].split("</code>")[0]
    return visitor, code


async def check(visitor: Visitor, code: str) -> str:
    page = await visitor.open("/check")
    form = page.forms[-1]
    return (await visitor.post("/check", {**form.fields, "code": code, "do": "status"})).text


async def test_for_the_board_with_the_officers_wording_then_already_decided(
    console: Console,
) -> None:
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK,
        audience=Audience.IN_CARE,
        text="Sam at Oak House says the bus is late",
    )
    async with console.client() as client:
        await signed_in(console, client)
        done = await decide(
            client, receipt.item_id, "board", "A young person says the bus is late"
        )
        assert "Saved: for the board." in done.text
        assert "(by Sam Jones)" in done.text
        again = await decide(client, receipt.item_id, "not_board", "changed my mind")
        assert again.status_code == 409
        assert "already decided (for board) by Sam Jones" in again.text
    assert console.rows("SELECT status, board_text FROM items") == [
        ("for_board", "A young person says the bus is late")
    ]


async def test_a_reason_is_needed_and_urgent_items_are_referred_not_sent_to_the_board(
    console: Console,
) -> None:
    ordinary = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="More pizza nights"
    )
    urgent = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="my carer hit me", urgent=True
    )
    async with console.client() as client:
        await signed_in(console, client)
        empty = await decide(client, ordinary.item_id, "not_board", "")
        assert empty.status_code == 400
        page = await client.get(f"/console/item/{urgent.item_id}")
        assert 'value="board"' not in page.text  # not offered
        forged = await decide(client, urgent.item_id, "board")
        assert forged.status_code == 400
        assert "Nothing was changed" in forged.text
        referred = await decide(client, urgent.item_id, "referred", "MASH ref 1234")
        assert "Saved: referred." in referred.text
        marked = await decide(client, urgent.item_id, "false_alarm")
        assert "Saved: a false alarm." in marked.text
    assert console.rows("SELECT id, status FROM items ORDER BY id") == [
        (ordinary.item_id, "received"),
        (urgent.item_id, "referred"),
    ]
    assert console.rows("SELECT screen_mark FROM items WHERE urgent = 1") == [("false_alarm",)]


async def test_an_answer_from_the_console_reaches_the_young_person(console: Console) -> None:
    visitor, code = await web_visitor_sends(
        console, "Can I get help with driving lessons?", ask=True
    )
    item_id = int(console.rows("SELECT id FROM items")[0][0])  # type: ignore[call-overload]
    async with console.client() as client:
        await signed_in(console, client)
        done = await decide(client, item_id, "answer", "Yes: up to £500, ask your PA.")
        assert "Saved: the answer." in done.text
    shown = await check(visitor, code)
    assert "up to £500, ask your PA." in shown
    await visitor.client.aclose()


async def test_a_reply_from_the_console_reaches_someone_who_checks_back_with_their_code(
    console: Console,
) -> None:
    visitor, code = await web_visitor_sends(console, "my foster carer hits me with a belt")
    await visitor.press("Yes, contact me")
    await visitor.press("Check back with my code")
    item_id = int(console.rows("SELECT id FROM items")[0][0])  # type: ignore[call-overload]
    async with console.client() as client:
        await signed_in(console, client)
        page = await client.get(f"/console/item/{item_id}")
        assert "Contact me" in page.text
        done = await decide(client, item_id, "reply", "Hi, it's Sam. Are you safe right now?")
        assert "Saved: your reply." in done.text
        shown = await check(visitor, code)
        assert "Hi, it&#39;s Sam. Are you safe right now?" in shown or "Hi, it's Sam" in shown
        closed = await decide(client, item_id, "contacted")
        assert "Saved: contacted." in closed.text
    assert console.rows("SELECT contact FROM items") == [("contacted",)]
    assert console.rows("SELECT COUNT(*) FROM opt_ins") == [(0,)]  # how to reach them: gone
    await visitor.client.aclose()


async def test_a_decision_made_in_telegram_shows_in_the_console(console: Console) -> None:
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.CARER, text="Respite weekends please"
    )
    await console.services.officers.not_for_the_board(
        TELEGRAM_OFFICER, receipt.item_id, "already raised last month"
    )
    async with console.client() as client:
        await signed_in(console, client)
        page = await client.get(f"/console/item/{receipt.item_id}")
        assert "not for board (by Alex in Telegram)" in page.text
        late = await decide(client, receipt.item_id, "board")
        assert late.status_code == 409
        assert "by Alex in Telegram" in late.text
        queue = await client.get("/console")
        assert f"#{receipt.item_id}<" not in queue.text  # decided: out of the queue


async def test_the_theme_and_a_missed_mark_are_saved(console: Console) -> None:
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="nobody listens at my review"
    )
    async with console.client() as client:
        await signed_in(console, client)
        themed = await decide(client, receipt.item_id, "theme", theme="having_a_say")
        assert "Saved: the theme." in themed.text
        bogus = await decide(client, receipt.item_id, "theme", theme="<b>nope</b>")
        assert bogus.status_code == 400
        missed = await decide(client, receipt.item_id, "missed")
        assert "Saved: the screen missed this one." in missed.text
        unknown = await decide(client, receipt.item_id, "delete_everything")
        assert unknown.status_code == 400
    assert console.rows("SELECT theme, screen_mark FROM items") == [("having_a_say", "missed")]
    assert re.search(r"screen_missed", str(console.rows("SELECT action FROM audit_log")))


async def test_a_message_the_screen_missed_can_be_referred_from_the_console(
    console: Console,
) -> None:
    receipt = await console.services.intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="nobody asks where i go at night"
    )
    async with console.client() as client:
        await signed_in(console, client)
        before = await client.get(f"/console/item/{receipt.item_id}")
        assert 'value="referred"' not in before.text
        await decide(client, receipt.item_id, "missed")
        after = await client.get(f"/console/item/{receipt.item_id}")
        assert 'value="referred"' in after.text
        referred = await decide(client, receipt.item_id, "referred", "MASH", page=after)
        assert "Saved: referred." in referred.text
    assert console.rows("SELECT status, screen_mark FROM items") == [("referred", "missed")]


async def test_the_queue_filters_and_says_who_has_a_message_open(console: Console) -> None:
    intake = console.services.intake
    carer = await intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.CARER, text="Respite please", theme="home"
    )
    child = await intake.submit(
        kind=ItemKind.QUESTION, audience=Audience.IN_CARE, text="When is PEP?", theme="education"
    )
    urgent = await intake.submit(
        kind=ItemKind.FEEDBACK, audience=Audience.IN_CARE, text="he hit me", urgent=True
    )
    await console.services.officers.not_for_the_board(TELEGRAM_OFFICER, carer.item_id, "done")

    def shown(page: httpx.Response) -> list[int]:
        return [int(n) for n in re.findall(r'href="/console/item/(\d+)"', page.text)]

    async with console.client() as sam, console.client() as pat:
        await signed_in(console, sam)
        queue = await sam.get("/console")
        assert shown(queue) == [urgent.item_id, child.item_id]  # urgent first; decided gone
        everything = await sam.get("/console", params={"status": "all"})
        assert sorted(shown(everything)) == [carer.item_id, child.item_id, urgent.item_id]
        decided = await sam.get("/console", params={"status": "not_for_board"})
        assert shown(decided) == [carer.item_id]
        carers = await sam.get("/console", params={"status": "all", "audience": "carer"})
        assert shown(carers) == [carer.item_id]
        school = await sam.get("/console", params={"status": "all", "theme": "education"})
        assert shown(school) == [child.item_id]
        later = await sam.get("/console", params={"status": "all", "from": "2099-01-01"})
        assert shown(later) == []
        assert "No messages match." in later.text
        bogus = await sam.get("/console", params={"status": "<x>", "theme": "nope"})
        assert shown(bogus) == [urgent.item_id, child.item_id]  # unknown filters: ignored
        # Sam opens the urgent one: Pat's queue says so.
        page = await sam.get(f"/console/item/{urgent.item_id}")
        await sam.post(f"/console/item/{urgent.item_id}/open", data={"csrf": csrf(page)})
        console.clock.advance(timedelta(seconds=31))
        await account(console, pat, "Pat Doe")
        assert "open by Sam Jones" in (await pat.get("/console")).text
        assert "open by" not in (await sam.get("/console")).text  # not about yourself
        console.clock.advance(timedelta(minutes=16))
        assert "open by" not in (await pat.get("/console")).text
