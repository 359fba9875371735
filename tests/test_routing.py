"""Several bot processes behind one webhook address (issue 17): whichever process Telegram's
request reaches, each person's updates are handled by the one process that owns them, so a
journey's draft (kept only in that process's memory) is never split; if the owner is gone,
the update is handled where it arrived and nothing is lost."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.telegram.fakebot import Call, free_port
from bot.telegram.routing import Router, person_of
from bot.telegram.webhook import WebhookCounts, make_server, peer_route, webhook_route
from bot.web.webhook import GuardedServer, app_of
from tests.fakes import Harness
from tests.test_feedback import plain
from tests.test_processes import processes  # noqa: F401 -- the two processes, as a fixture
from tests.test_service import SECRET, post

# The same behaviour on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores

PATH = "/hook"


@dataclass
class Served:
    urls: list[str]
    servers: list[GuardedServer]
    routers: list[Router]
    harnesses: list[Harness]


@pytest.fixture
async def served(processes: list[Harness]) -> AsyncIterator[Served]:  # noqa: F811
    """Each process's webhook on its own port, each knowing every process's address."""
    ports = [free_port() for _ in processes]
    peers = [f"http://127.0.0.1:{port}" for port in ports]
    servers, routers = [], []
    for index, harness in enumerate(processes):
        router = Router(peers, index, PATH, SECRET)
        counts = WebhookCounts()
        server = make_server(
            app_of(
                webhook_route(harness.app, SECRET, PATH, counts, router=router),
                peer_route(harness.app, SECRET, PATH, counts, 10.0),
            )
        )
        server.listen(ports[index], "127.0.0.1")
        servers.append(server)
        routers.append(router)
    try:
        yield Served([peer + PATH for peer in peers], servers, routers, processes)
    finally:
        for server in servers:
            await server.close()
        for router in routers:
            await router.close()


async def tell(url: str, update: dict[str, Any]) -> int:
    return (await post(url, json.dumps(update).encode(), SECRET)).status_code


async def press(url: str, owner: Harness, label: str) -> Call:
    last = owner.api.last_message()
    data = dict(last.buttons())[label]
    assert await tell(url, owner.updates.button(data, on_message=last.as_message())) == 200
    return owner.api.last_message()


async def test_a_whole_journey_sent_to_the_other_process_is_handled_by_its_owner(
    served: Served,
) -> None:
    """Person 1 (owned by process 1) writes and sends a message, every update reaching
    process 0 (as a round-robin proxy might send them): the draft stays whole."""
    first, second = served.harnesses
    arrives_at = served.urls[0]
    assert served.routers[0].owner(second.updates.text("hi")) == 1

    assert await tell(arrives_at, second.updates.text("/menu")) == 200
    await press(arrives_at, second, "Have your say")
    if "Before you write" in plain(second.api.last_message()):
        await press(arrives_at, second, "I'm in care")
    while "Where I live" not in [label for label, _ in second.api.last_message().buttons()]:
        await press(arrives_at, second, "More topics")
    await press(arrives_at, second, "Where I live")
    assert await tell(arrives_at, second.updates.text("The heating is broken again")) == 200
    if "Are you safe right now?" in plain(second.api.last_message()):
        await press(arrives_at, second, "I'm OK")
    ack = await press(arrives_at, second, "Send")

    assert "Your code is" in plain(ack)
    assert first.api.messages() == []  # process 0 only passed the updates on
    store = first.app.bot_data["services"].store
    (item,) = [await store.get_item(1)]
    assert item is not None
    assert item.text == "The heating is broken again"


async def test_each_process_keeps_its_own_people(served: Served) -> None:
    first, second = served.harnesses

    for url in served.urls:  # whichever process the proxy picks
        assert await tell(url, first.updates.text("/start")) == 200
        assert await tell(url, second.updates.text("/start")) == 200

    assert len(first.api.messages()) == 2
    assert len(second.api.messages()) == 2
    assert {c.chat_id for c in first.api.messages()} == {first.updates.person.user_id}
    assert {c.chat_id for c in second.api.messages()} == {second.updates.person.user_id}


async def test_when_the_owner_is_gone_the_update_is_handled_where_it_arrived(
    served: Served,
) -> None:
    first, second = served.harnesses
    await served.servers[1].close()  # process 1 stops

    assert await tell(served.urls[0], second.updates.text("/start")) == 200

    assert second.api.messages() == []
    assert [c.chat_id for c in first.api.messages()] == [second.updates.person.user_id]


@pytest.mark.parametrize(
    ("update", "person"),
    [
        ({"update_id": 1, "message": {"from": {"id": 42}, "chat": {"id": 42}}}, 42),
        ({"update_id": 2, "callback_query": {"from": {"id": 7}, "id": "x"}}, 7),
        ({"update_id": 3, "my_chat_member": {"from": {"id": 9}, "chat": {"id": -100}}}, 9),
        ({"update_id": 4, "message": {"chat": {"id": -55}}}, -55),  # no sender: the chat
        ({"update_id": 5}, None),
    ],
)
def test_the_person_an_update_comes_from(update: dict[str, Any], person: int | None) -> None:
    assert person_of(update) == person


@pytest.mark.parametrize("index", [None, 2])
def test_peers_without_a_valid_index_of_this_process_are_refused(index: int | None) -> None:
    from bot.config import ConfigError, Settings
    from tests.conftest import TEST_TOKEN

    settings = Settings(
        bot_token=TEST_TOKEN,
        officer_chat_id=-100,
        officer_ids=[1],
        webhook_url="https://bot.example.org/hook",
        webhook_secret=SECRET,
        peers=["http://10.0.0.1:8080", "http://10.0.0.2:8080"],
        peer_index=index,
    )

    with pytest.raises(ConfigError, match="HYS_PEER_INDEX must say which of the 2 HYS_PEERS"):
        settings.require_for_webhook()


@pytest.mark.parametrize(("copies", "per_second", "limit"), [(1, 29.5, 30), (4, 7.375, 7)])
def test_several_processes_of_one_bot_each_keep_to_their_share_of_telegrams_limit(
    copies: int, per_second: float, limit: int
) -> None:
    from bot.app import smooth_rate_limiter

    clock = smooth_rate_limiter(copies).clock

    assert clock.interval == pytest.approx(1 / per_second)
    assert clock.limit == limit
