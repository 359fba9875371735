"""Membership: the bot leaves any group that is not the officer chat (A-05)."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import OFFICER_CHAT_ID
from tests.fakes import Harness

# The same journeys on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

STRANGER_GROUP = -1009999999999


async def test_added_to_an_unknown_group_it_leaves_at_once(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)

    await bot.feed(bot.updates.added_to_group(STRANGER_GROUP))

    leaves = bot.api.calls_to("leaveChat")
    assert [c.chat_id for c in leaves] == [STRANGER_GROUP]
    assert bot.api.calls_to("sendMessage") == []
    assert any("Left a supergroup chat" in r.getMessage() for r in caplog.records)
    assert str(STRANGER_GROUP) not in caplog.text


async def test_added_to_the_officer_chat_it_stays(bot: Harness) -> None:
    await bot.feed(bot.updates.added_to_group(OFFICER_CHAT_ID, title="Officers"))

    assert bot.api.calls_to("leaveChat") == []


async def test_a_message_in_an_unknown_group_makes_it_leave_without_replying(
    bot: Harness,
) -> None:
    await bot.feed(bot.updates.group_text(STRANGER_GROUP, "/start"))

    assert [c.chat_id for c in bot.api.calls_to("leaveChat")] == [STRANGER_GROUP]
    assert bot.api.messages() == []


async def test_messages_in_the_officer_chat_do_not_get_child_screens(bot: Harness) -> None:
    await bot.feed(bot.updates.group_text(OFFICER_CHAT_ID, "/start"))

    assert bot.api.calls_to("leaveChat") == []
    assert bot.api.messages() == []
