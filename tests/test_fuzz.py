"""Fuzzing (I-10): arbitrary update JSON through Update.de_json, every handler and renderer.

The checklist suggests atheris; Hypothesis does the same job here with the tools already in the
suite, runs in CI on every push for a fixed number of examples, and shrinks any failure."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import offline
from bot.config import Settings
from tests.conftest import OFFICER_CHAT_ID, OFFICER_ID, make_harness, shipped_content

texts = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        ["/start", "/menu", "/status", "/delete x", "/queue", "/answer 1 hi", "/wedid"]
    ),
    st.builds(
        lambda c, t: f"/{c} {t}",
        st.sampled_from(["start", "status", "report", "view"]),
        st.text(max_size=30),
    ),
)
chats = st.sampled_from(
    [
        {"id": 424242, "type": "private", "first_name": "A"},
        {"id": OFFICER_CHAT_ID, "type": "supergroup", "title": "Officers"},
        {"id": -100777, "type": "group", "title": "Other"},
        {"id": -100888, "type": "channel", "title": "Chan"},
    ]
)
senders = st.sampled_from([424242, OFFICER_ID, 1087968824, 777000])


@st.composite
def updates(draw: st.DrawFn) -> dict[str, Any]:
    update_id = draw(st.integers(1, 2**31))
    chat = draw(chats)
    sender = {"id": draw(senders), "is_bot": False, "first_name": draw(st.text(max_size=10))}
    kind = draw(st.sampled_from(["message", "callback_query", "edited_message", "channel_post"]))
    if kind == "callback_query":
        return {
            "update_id": update_id,
            "callback_query": {
                "id": "1",
                "from": sender,
                "chat_instance": "x",
                "data": draw(
                    st.one_of(
                        st.text(max_size=64),
                        st.from_regex(
                            r"(nav|pl|of|oi|fb|tp|ch|op|ot|rm|aud):[a-z0-9_:]{0,20}",
                            fullmatch=True,
                        ),
                    )
                ),
                "message": {"message_id": 5, "date": 0, "chat": chat, "text": "x"},
            },
        }
    message: dict[str, Any] = {
        "message_id": draw(st.integers(1, 10**6)),
        "date": 0,
        "chat": chat,
        "from": sender,
    }
    text = draw(texts)
    message["text"] = text
    if text.startswith("/"):
        message["entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(text.split(" ")[0])}
        ]
    if draw(st.booleans()):
        message["reply_to_message"] = {"message_id": 3, "date": 0, "chat": chat, "text": "prompt"}
    return {"update_id": update_id, kind: message}


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=st.lists(updates(), min_size=1, max_size=6))
def test_any_updates_are_handled_without_an_uncaught_error(
    tmp_path_factory: Any, batch: list[dict[str, Any]]
) -> None:
    database = tmp_path_factory.mktemp("fuzz") / "hys.sqlite3"
    settings_ = Settings(
        database=database, officer_chat_id=OFFICER_CHAT_ID, officer_ids=[OFFICER_ID]
    )

    async def scenario() -> list[BaseException]:
        harness, errors = await make_harness(settings_, shipped_content())
        async with offline(harness.app):
            for update in batch:
                await harness.feed(update)
        return errors

    assert asyncio.run(scenario()) == []
