"""Demo: `python -m bot demo` scripted through stdin shows the real screens, offline."""

from __future__ import annotations

import io
import os
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


def test_scripted_demo_walks_the_menu_from_the_command_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYS_")}

    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo"],
        input=SCRIPT,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )

    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Hi, and welcome to Have Your Say" in out
    assert "[1] I'm in care" in out
    assert "Our promise to you" in out
    assert "We will ask what you think before we make decisions" in out  # promise 1
    assert "A copy of your health history" in out  # a local-offer item
    assert "Here are the next meetings" in out
    assert "Send your views by" in out
    for number in ("999", "0800 1111", "116 123", "85258", "0808 800 5792", "01632 960 999"):
        assert number in out
    assert "Sorry, I didn't understand that" in out
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
