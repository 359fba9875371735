"""Demo: `python -m bot demo` scripted through stdin shows the real screens, offline."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from bot.config import Settings
from bot.content import Content
from bot.demo import run_demo
from tests.conftest import ROOT

# /start, I'm in care, Our promise, promise 1, Menu, What you can get, Health and wellbeing,
# the first item, Menu, Board meetings, Get help now, a stray message, then /quit.
SCRIPT = "\n".join(
    [
        "/start",
        "I'm in care",
        "Our promise",
        "1",
        "Menu",
        "What you can get",
        "Health and wellbeing",
        "1",
        "Menu",
        "Board meetings",
        "🆘 Get help now",
        "hello there",
        "/quit",
        "this line is never read",
    ]
)


def test_scripted_demo_walks_the_menu_from_the_command_line() -> None:
    out = run_demo_script(SCRIPT.splitlines(), database=None)

    assert "Welcome! See what the council promised you" in out
    assert "[1] I'm in care" in out
    assert "Our promise to you" in out
    assert "We will ask what you think before we make decisions" in out  # promise 1
    assert "A copy of your health history" in out  # a local-offer item
    assert "Next: " in out
    # The demo runs on today's date: the next meeting's views date is shown, or, once it has
    # passed, where the views will go instead.
    assert "Send your views by" in out or "Too late for this one" in out
    for number in ("999", "0800 1111", "116 123", "85258", "0808 800 5792", "01632 960 999"):
        assert number in out
    assert "I've kept what you typed" in out  # the stray message, kept to send
    assert "never read" not in out
    assert "<b>" not in out  # shown as a person would read it
    assert not (ROOT / "data").exists() or not any((ROOT / "data").glob("demo*"))


async def test_demo_runs_in_process_and_leaves_no_files_behind(
    tmp_path: Path, content: Content
) -> None:
    out = io.StringIO()
    settings = Settings(content_dir=ROOT / "content")

    await run_demo(settings, content, stdin=io.StringIO("/start\n2\n"), out=out)

    assert "care leaver things first" in out.getvalue()
    assert "database" not in settings.model_fields_set
    assert not (ROOT / "data" / "have-your-say.sqlite3").exists()


def run_demo_script(lines: list[str], database: Path | None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")}
    if database is not None:
        env["HYS_DATABASE"] = str(database)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def codes_in(out: str) -> list[str]:
    return re.findall(r"Your code is ([A-Z]+-[0-9A-Z]{4}-[0-9A-Z]{4})", out)


def test_demo_sends_feedback_and_a_question_checks_deletes_and_handles_a_disclosure(
    tmp_path: Path,
) -> None:
    database = tmp_path / "demo.sqlite3"
    first = run_demo_script(
        [
            "/start",
            "I'm in care",
            "Have your say",
            "Where I live",
            "My room is too small",
            "Send",
            "/menu",
            "Ask a question",
            "More topics",
            "Money",
            "How much is the setting up home allowance?",
            "Send",
            "Yes, tell me",
            "I want to kill myself",
            "No, thank you",
        ],
        database,
    )
    feedback, question, urgent = codes_in(first)
    assert "We've got your message" in first
    assert "We've got your question" in first
    assert "Thank you for telling us" in first
    assert "saved your message as urgent" in first

    # HYS_DATABASE was set, so the same database is still there for a second session.
    second = run_demo_script([f"/status {question}", f"/delete {feedback}"], database)

    assert "Your message from" in second
    assert "deleted for good" in second
    assert urgent not in second


def test_demo_switches_to_the_officer_who_reviews_answers_and_refuses_strangers(
    tmp_path: Path,
) -> None:
    secret = "The wifi at my placement never works, ring me on 07700 900123"
    out = run_demo_script(
        [
            "/start",
            "I'm in care",
            "Have your say",
            "Where I live",
            secret,
            "Send",
            "/menu",
            "Ask a question",
            "More topics",
            "Money",
            "Can I get help with driving lessons?",
            "Send",
            "Yes, tell me",
            "/queue",  # a young person trying an officer command
            "/officer",
            "/view 1",
            "Redact",
            "The wifi at my placement never works",
            "Theme",
            "Things to do",
            "/view 1",
            "For the board",
            "/answer 2 Yes: we pay for 10 lessons and your theory test.",
            "/view 2",
            'Show in "You said, we did"',
            "/officer",
            "/menu",
            "You said, we did",
        ],
        database=tmp_path / "demo.sqlite3",
    )

    alerts = [block for block in out.split("Bot → officer chat:") if "New feedback #1" in block]
    assert alerts
    assert secret not in alerts[0]  # the alert carries no text
    assert "only the council's team can use that" in out
    assert "the board will see the new text" in out
    assert "#1 theme: Things to do" in out
    assert "#1 is now: for board" in out
    assert "There's an answer to your question" in out
    assert "we pay for 10 lessons" in out.split("You said, we did")[-1]
    question_code = codes_in(out)[1]
    status = run_demo_script([f"/status {question_code}"], database=tmp_path / "demo.sqlite3")
    assert "It has been answered" in status
    assert "we pay for 10 lessons" in status


def test_a_second_demo_run_on_a_kept_database_stores_and_acknowledges_its_send(
    tmp_path: Path,
) -> None:
    database = tmp_path / "demo.sqlite3"
    send = ["/start", "I'm in care", "Have your say", "Where I live", "My room is too small"]

    first = run_demo_script([*send, "Send"], database)
    second = run_demo_script([*send, "Send"], database)

    assert len(codes_in(first)) == 1
    assert len(codes_in(second)) == 1, second[-600:]
    assert codes_in(first) != codes_in(second)
    assert "New feedback #2" in second  # stored, and the officers were told
    third = run_demo_script([f"/status {codes_in(second)[0]}"], database)
    assert "Your message from" in third
