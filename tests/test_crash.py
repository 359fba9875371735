"""Kill -9 safety (F-03): the real bot killed at random moments loses nothing it acknowledged,
stores nothing twice and keeps an intact database. `pytest --kills N` for a longer run."""

from __future__ import annotations

import pytest

from tests.kill_harness import run


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
