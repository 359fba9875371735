"""A Hypothesis state machine over the whole bot: submit, duplicate delivery, status, delete,
officer review, retention purge and restart — with the promises checked after every step."""

from __future__ import annotations

import asyncio
import itertools
import shutil
import sqlite3
import tempfile
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bot.config import Settings
from bot.domain import Officer
from bot.formatting import html_to_plain
from bot.services.receipts import ReceiptCodes
from tests.conftest import OFFICER_CHAT_ID, OFFICER_ID, make_harness, shipped_content
from tests.fakes import Call, Harness, MovableClock, Person, UpdateFactory

WORDS = st.sampled_from(
    ["the food", "my room", "school", "bus pass", "the wifi", "bold", "🙂", "'); DROP --"]
)
SAM = Officer(user_id=OFFICER_ID, name="Sam")


class BotMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.scratch = Path(tempfile.mkdtemp(prefix="hys-state-"))
        self.settings = Settings(
            database=self.scratch / "hys.sqlite3",
            officer_chat_id=OFFICER_CHAT_ID,
            officer_ids=[OFFICER_ID],
        )
        self.loop = asyncio.new_event_loop()
        self.clock = MovableClock()
        self.people = [Person(user_id=8_000_000 + n, username=f"state_user_{n}") for n in range(3)]
        self.live: dict[str, str] = {}  # receipt code → text, for items that should exist
        self.gone: set[str] = set()
        self.last_send: dict[str, Any] | None = None
        self.approved: set[str] = set()
        self.sent_at: dict[int, list[float]] = {n: [] for n in range(len(self.people))}
        self.update_ids = itertools.count(1)  # Telegram's ids keep rising across restarts
        self.harness: Harness = self._start()

    # -- plumbing ----------------------------------------------------------------------------

    def _run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def _start(self) -> Harness:
        harness, errors = self._run(make_harness(self.settings, shipped_content(), self.clock))
        self.errors = errors
        self._run(harness.app.initialize())
        assert harness.app.post_init is not None
        self._run(harness.app.post_init(harness.app))
        return harness

    def _stop(self) -> None:
        app = self.harness.app
        self._run(app.shutdown())
        assert app.post_shutdown is not None
        self._run(app.post_shutdown(app))

    def teardown(self) -> None:
        self._stop()
        self.loop.close()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _feed(self, update: dict[str, Any]) -> None:
        self._run(self.harness.feed(update))

    def _say(self, text: str) -> Call:
        self._feed(UpdateFactory(person=self.people[0], _ids=self.update_ids).text(text))
        return self.harness.api.last_message()

    def _count(self, sql: str) -> int:
        with closing(sqlite3.connect(self.settings.database)) as db:
            return int(db.execute(sql).fetchone()[0])

    # -- rules -------------------------------------------------------------------------------

    @rule(who=st.integers(0, 2), first=WORDS, second=WORDS)
    def submit(self, who: int, first: str, second: str) -> None:
        updates = UpdateFactory(person=self.people[who], _ids=self.update_ids)
        text = f"{first} {second}"
        for update in (
            updates.text("/menu"),
            updates.button("aud:in_care"),
            updates.button("fb:feedback"),
            updates.button("tp:home"),
        ):
            self._feed(update)
        typed_at = len(self.harness.api.calls)
        self._feed(updates.text(text))
        asked = " ".join(html_to_plain(c.text) for c in self.harness.api.calls[typed_at:])
        if "Are you safe right now?" in asked:  # the screen was not sure: the child is OK
            self._feed(updates.button("ch:safe:ok"))
        send = updates.button("ch:draft:send")
        before = len(self.harness.api.calls)
        self._feed(send)
        self.last_send = send
        replies = " ".join(html_to_plain(c.text) for c in self.harness.api.calls[before:])
        now = self.clock.now.timestamp()
        recent = [t for t in self.sent_at[who] if now - t < 86_400]
        if len([t for t in recent if now - t < 3600]) >= 5 or len(recent) >= 20:
            assert "Each person can send" in replies  # the limit, said kindly
            return
        self.sent_at[who].append(now)
        for call in self.harness.api.calls[before:]:
            for word in html_to_plain(call.text).split():
                code = ReceiptCodes.normalise(word)
                if code:
                    self.live[code] = text
                    return
        raise AssertionError("no receipt code after Send")

    @precondition(lambda self: self.last_send is not None)
    @rule()
    def duplicate_delivery(self) -> None:
        before = self._count("SELECT COUNT(*) FROM items")
        assert self.last_send is not None
        self._feed(self.last_send)
        assert self._count("SELECT COUNT(*) FROM items") == before

    @precondition(lambda self: bool(self.live))
    @rule(data=st.data())
    def status(self, data: st.DataObject) -> None:
        code = data.draw(st.sampled_from(sorted(self.live)))
        reply = self._say(f"/status {code}")
        assert "Your message from" in html_to_plain(reply.text)

    @precondition(lambda self: bool(self.live))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        code = data.draw(st.sampled_from(sorted(self.live)))
        reply = self._say(f"/delete {code}")
        assert "deleted for good" in html_to_plain(reply.text)
        self.live.pop(code)
        self.gone.add(code)

    @rule()
    def review(self) -> None:
        officers = self.harness.app.bot_data["services"].officers
        item = self._run(officers.next_open())
        if item is not None:
            approved = self._run(officers.for_the_board(SAM, item.id))
            self.approved.add(approved.board_text)

    @rule()
    def purge(self) -> None:
        self.clock.advance(timedelta(days=400))
        self._run(
            self.harness.app.bot_data["services"].store.purge_expired(
                self.harness.app.bot_data["services"].officers.today()
            )
        )
        self.gone |= set(self.live)
        self.live.clear()

    @rule()
    def an_hour_passes(self) -> None:
        self.clock.advance(timedelta(hours=1, seconds=1))

    @rule()
    def restart(self) -> None:
        self._stop()
        self.harness = self._start()

    # -- promises ----------------------------------------------------------------------------

    @invariant()
    def nobody_is_identifiable_in_the_database(self) -> None:
        """Every value of every row of every table, whatever width SQLite stored it in, and
        the raw files (free pages, WAL) for anything written as text."""
        ids = {person.user_id for person in self.people}
        names = {str(i) for i in ids} | {p.username for p in self.people}
        names |= {n for p in self.people for n in (p.first_name, p.last_name) if n and len(n) > 3}
        for table, value in self._every_value():
            assert not identifies(value, ids, names), (table, value)
        database = self.settings.database
        data = database.read_bytes()
        wal = database.with_name(database.name + "-wal")
        if wal.exists():
            data += wal.read_bytes()
        for name in names:
            assert name.encode() not in data, name

    def _every_value(self) -> list[tuple[str, object]]:
        with closing(sqlite3.connect(self.settings.database)) as db:
            tables = [
                str(r[0])
                for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            return [
                (table, value)
                for table in tables
                for row in db.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (sqlite_master)
                for value in row
            ]

    @invariant()
    def one_item_per_submission(self) -> None:
        assert self._count("SELECT COUNT(*) FROM items") == len(self.live)

    @invariant()
    def deleted_means_gone(self) -> None:
        status = self.harness.app.bot_data["services"].status
        for code in list(self.gone)[-3:]:
            assert self._run(status.status(code)) is None

    @invariant()
    def only_approved_words_reach_the_report(self) -> None:
        services = self.harness.app.bot_data["services"]
        report = self._run(services.reports.build())
        for _label, quotes in report.quotes:
            for quote in quotes:
                assert quote in self.approved

    @invariant()
    def no_handler_failed(self) -> None:
        assert self.errors == []


def identifies(value: object, ids: set[int], names: set[str]) -> bool:
    """A stored value that is, or holds, one of the Telegram ids or names in use."""
    if isinstance(value, int):
        return value in ids or -value in ids
    if isinstance(value, str):
        return any(name in value for name in names)
    if isinstance(value, bytes):
        patterns = {name.encode() for name in names} | {
            i.to_bytes(width, order, signed=True)
            for i in ids
            for width in range(3, 9)
            for order in ("big", "little")
        }
        return any(pattern in value for pattern in patterns)
    return False


def test_the_identity_check_sees_ids_of_every_width_and_type() -> None:
    ids, names = {8_000_000, 123}, {"8000000", "state_user_0"}

    assert identifies(8_000_000, ids, names)  # SQLite keeps this in 3 bytes
    assert identifies(-8_000_000, ids, names)
    assert identifies("chat 8000000", ids, names)
    assert identifies(b"\x00" + (8_000_000).to_bytes(3, "big") + b"\x00", ids, names)
    assert identifies(b"by state_user_0", ids, names)
    assert not identifies(8_000_001, ids, names)
    assert not identifies("the food", ids, names)
    assert not identifies(None, ids, names)


BotMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestBotMachine = BotMachine.TestCase
