"""Kill -9 safety (F-03): the real bot killed at random moments loses nothing it acknowledged,
stores nothing twice and keeps an intact database. `pytest --kills N` for a longer run."""

from __future__ import annotations

import pytest

from tests.kill_harness import run
from tests.kill_harness_pg import run as run_on_postgresql
from tests.pg import Cluster


@pytest.mark.timeout(1800)  # each kill restarts a real process; a busy machine is slower
def test_random_sigkills_lose_nothing_acknowledged_and_store_nothing_twice(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    kills = int(request.config.getoption("--kills"))

    figures = run(kills)

    with capsys.disabled():
        print(  # noqa: T201 -- the figures this test exists to give
            f"\nkill -9 harness: {figures.kills} kills, {figures.submissions} submissions, "
            f"{figures.acknowledged} acknowledged, {figures.stored_without_ack} times an item "
            f"was stored but killed before its code went out, {figures.never_acknowledged} "
            f"never acknowledged, {figures.seconds} s"
        )
    assert figures.problems == []
    # Every submission was stored once and every child got their code in the end, even those
    # whose first acknowledgement died with the process.
    assert figures.acknowledged == figures.submissions
    assert figures.never_acknowledged == 0


@pytest.mark.timeout(1800)
def test_three_processes_on_postgresql_killed_at_random_lose_nothing(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str], pg_cluster: Cluster
) -> None:
    """Issue 17: three bots on one PostgreSQL, each killed at random every round."""
    rounds = int(request.config.getoption("--pg-rounds"))

    outcome = run_on_postgresql(pg_cluster.new_database(), rounds)

    with capsys.disabled():
        print(  # noqa: T201 -- the figures this test exists to give
            f"\nkill -9 on PostgreSQL: {outcome.processes} processes, {outcome.kills} kills, "
            f"{outcome.submissions} submissions, {outcome.acknowledged} acknowledged, "
            f"{outcome.stored_without_ack} times stored before the code went out, "
            f"{outcome.alerted} alerted ({outcome.alerted_twice} twice), "
            f"{outcome.still_queued} alerts still queued, {outcome.seconds} s"
        )
    assert outcome.problems == []
    assert outcome.acknowledged == outcome.submissions
