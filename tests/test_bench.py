"""The benchmarks measure the real work: a timed submission that was not stored, or whose officer
alert was not delivered, would make the figure a lie (issue 13: the old intake benchmark timed
999 duplicate presses that stored nothing)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench import intake
from tests.pg import Cluster


async def test_every_timed_submission_is_stored_once_and_its_alert_delivered(
    tmp_path: Path,
) -> None:
    result = await intake.submissions(12, tmp_path / "bench.sqlite3")

    assert result.timed == 12
    assert result.stored == 12
    assert result.alerts_delivered == 12
    assert len(result.latencies_ms) == 12
    with sqlite3.connect(tmp_path / "bench.sqlite3") as db:
        texts = {row[0] for row in db.execute("SELECT text FROM items")}
        pending = db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    assert len(texts) == 12  # twelve different messages, not one stored twelve times
    assert pending == 0


async def test_the_report_refuses_a_rate_when_counts_do_not_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = intake.submissions

    async def drops_one(n: int, database: Path, first_user: int = 10_000) -> intake.Submitted:
        done = await real(n, database, first_user)
        return intake.Submitted(
            done.per_s, done.latencies_ms, done.timed, done.stored - 1, done.alerts_delivered
        )

    monkeypatch.setattr(intake, "submissions", drops_one)
    with pytest.raises(RuntimeError, match="stored"):
        await intake.main(4, rounds=2)


def test_the_raw_sqlite3_baseline_commits_every_submission(tmp_path: Path) -> None:
    rate = intake.raw_sqlite(25, tmp_path / "raw.sqlite3")

    assert rate > 0
    with sqlite3.connect(tmp_path / "raw.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 25
        assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 25
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_the_web_benchmark_times_real_stored_submissions(tmp_path: Path) -> None:
    from bench import web

    database = tmp_path / "web.sqlite3"
    async with web.serving("hys", database) as base:
        rate, sends = await web.submissions(base, database, 3, 0)
        menu = await web.gets(base, "/go/menu", 2, 3)
    assert rate > 0
    assert menu > 0
    assert len(sends) == 3
    with sqlite3.connect(database) as db:
        texts = {row[0] for row in db.execute("SELECT text FROM items")}
    assert len(texts) == 3  # three journeys, three different messages, each stored once


async def test_the_scale_benchmark_times_answered_queries_on_the_database_it_built(
    tmp_path: Path,
) -> None:
    from bench import scale

    result = await scale.main(2000, rounds=2, scratch=tmp_path)

    assert result["items"] == 2000
    timed = [
        "process_start_ms",
        "store_open_ms",
        "app_start_ms",
        "queue_update_ms",
        "queue_service_ms",
        "console_list_open_ms",
        "status_update_ms",
        "status_service_ms",
    ]
    for name in timed:
        spread = result[name]
        assert isinstance(spread, dict)
        assert 0 < spread["min"] <= spread["median"] <= spread["max"], name
    assert result["goal_queue_ms"] == 20.0
    assert result["goal_status_ms"] == 5.0


async def test_the_scale_benchmark_refuses_a_queue_that_was_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench import scale
    from bot.config import Settings

    def nobody_is_an_officer(**fields: object) -> Settings:
        return Settings(**(fields | {"officer_ids": [999]}))  # type: ignore[arg-type]

    monkeypatch.setattr(scale, "Settings", nobody_is_an_officer)
    monkeypatch.setattr(scale.process, "start_up", fake_start_up)
    with pytest.raises(RuntimeError, match="did not get its answer"):
        await scale.main(300, rounds=1, scratch=tmp_path)


async def fake_start_up(database: Path, rounds: int) -> dict[str, float]:
    return {"median": 1.0, "min": 1.0, "max": 1.0}


async def test_the_process_benchmark_reads_the_bots_own_memory_after_stored_journeys() -> None:
    from bench import process

    result = await process.main(5, rounds=1)

    assert result["journeys_stored"] == 5
    idle, loaded = result["rss_idle_mib"], result["rss_loaded_mib"]
    assert isinstance(idle, float)
    assert isinstance(loaded, float)
    assert 20 < idle <= loaded  # a Python process with the bot loaded, not a stub
    start = result["start_up_to_first_poll_s"]
    assert isinstance(start, dict)
    assert start["min"] > 0


def test_the_broadcast_benchmark_finds_the_busiest_second() -> None:
    from bench.broadcast import most_in_one_second

    assert most_in_one_second([0.0, 0.5, 0.99, 1.0, 1.2, 1.98, 3.5]) == 4  # 0.99 .. 1.98
    assert most_in_one_second([0.0, 1.0, 2.0]) == 1


def test_the_broadcast_benchmarks_neighbours_spin_while_it_runs_and_stop_after() -> None:
    import multiprocessing

    from bench.broadcast import neighbours

    with neighbours(2):
        spinning = [p for p in multiprocessing.active_children() if p.is_alive()]
        assert len(spinning) == 2
    assert not [p for p in spinning if p.is_alive()]


async def test_the_broadcast_benchmark_sends_to_every_subscriber_through_the_bots_limiter() -> (
    None
):
    from bench.broadcast import broadcast

    result = await broadcast(12, "clock")
    baseline = await broadcast(3, "bucket")

    assert result["sent"] == 12
    assert result["limiter_class"] == "ClockRateLimiter"
    assert baseline["limiter_class"] == "AIORateLimiter"
    assert isinstance(result["most_in_one_second"], int)
    assert 1 <= result["most_in_one_second"] <= 12


async def test_the_bare_two_call_baseline_makes_a_browse_press_calls_with_html_checked() -> None:
    from bench import browse
    from bot.telegram.fakebot import FakeBotApi

    api = FakeBotApi()
    await browse.button_baseline(3, api)

    pressed = [c for c in api.calls if c.method in ("answerCallbackQuery", "editMessageText")]
    assert [c.method for c in pressed] == ["answerCallbackQuery", "editMessageText"] * 3
    assert {c.params.get("parse_mode") for c in pressed[1::2]} == {"HTML"}  # validated as ours


async def test_the_browse_benchmark_prints_the_ratio_its_goal_names() -> None:
    from bench import browse

    result = await browse.main(12, rounds=2)

    assert result["goal_ratio_to_bare_two_call_handler"] == 0.9
    ours, bare = result["browse_updates_per_s"], result["bare_two_call_handler_updates_per_s"]
    assert isinstance(ours, dict)
    assert isinstance(bare, dict)
    ratio = result["ratio_to_bare_two_call_handler"]
    assert isinstance(ratio, float)
    assert ours["min"] / bare["max"] - 0.01 <= ratio <= ours["max"] / bare["min"] + 0.01


def test_the_processes_benchmark_times_submissions_every_process_stored(
    pg_cluster: Cluster,
) -> None:
    from bench import processes

    url = pg_cluster.new_database()
    result = processes.run(url, 2, 4, first_user=70_000)

    assert processes.stored(url) == 8  # both processes' timed Sends, each stored once
    assert result["per_s"] > 0
    assert result["p99_ms"] >= result["p50_ms"] > 0
