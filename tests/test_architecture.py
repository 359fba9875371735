"""Architecture and static promises: layers, no forwarding, no location requests, no secrets."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

BOT = ROOT / "bot"
# Layers below the handlers: plain Python, testable without a bot.
TELEGRAM_FREE = [
    BOT / "services",
    BOT / "content.py",
    BOT / "domain.py",
    BOT / "config.py",
    BOT / "formatting.py",
    BOT / "callback_data.py",
]


def python_files(*roots: Path) -> list[Path]:
    files: list[Path] = []
    for root in roots:
        files += [root] if root.is_file() else sorted(root.rglob("*.py"))
    return files


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_nothing_below_the_handlers_imports_telegram() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in python_files(*TELEGRAM_FREE)
        for module in imported_modules(path)
        if module == "telegram"
        or module.startswith("telegram.")
        or module.startswith(("bot.handlers", "bot.ui", "bot.app", "bot.context"))
    ]
    assert offenders == []


def test_the_layer_check_would_catch_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from telegram import Bot\n", encoding="utf-8")

    assert "telegram" in imported_modules(bad)


def code_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in python_files(BOT))


def test_no_forwarding_and_no_location_or_contact_requests() -> None:
    code = code_text()

    for banned in (
        "forward_message",
        "forwardMessage",
        "copy_message",
        "request_location",
        "request_contact",
        "get_file(",
        "getFile",
        "get_chat_member",
        "get_chat(",
    ):
        assert banned not in code, banned


def test_pending_updates_are_never_dropped() -> None:
    assert "drop_pending_updates=True" not in code_text()


def test_no_durable_data_in_ptb_persistence() -> None:
    code = code_text()

    assert "Persistence" not in code
    assert ".persistence(" not in code


TOKEN_SHAPE = re.compile(r"\b\d{8,10}:[A-Za-z0-9_-]{35}\b")


def test_no_bot_token_is_committed_anywhere() -> None:
    tracked = (
        subprocess.run(
            ["git", "ls-files", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    hits = []
    for name in filter(None, tracked):
        path = ROOT / name
        if path.is_file() and path.suffix not in {".png", ".pdf", ".ttf"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            hits += [f"{name}: {m[:12]}…" for m in TOKEN_SHAPE.findall(text)]
    assert hits == []


def test_the_secret_scan_recognises_a_real_token_shape() -> None:
    # Built at run time so this file does not itself hold a token-shaped string.
    fake = "123456789:" + "AAEhBOweik6ad9r_QXMENQjcrGbqCr4K-w9"[:35]
    assert TOKEN_SHAPE.search(f"HYS_BOT_TOKEN={fake}")


def test_every_module_says_what_its_layer_does() -> None:
    for path in python_files(BOT):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert docstring, f"{path.relative_to(ROOT)} has no module docstring"


def test_nothing_durable_lives_in_ptb_user_or_bot_data() -> None:
    # F-11: feedback, outbox and receipts go through the store; user_data is only UI state.
    for path in python_files(BOT / "services", BOT / "store.py", BOT / "domain.py"):
        text = path.read_text(encoding="utf-8")
        assert "user_data" not in text, path.name
        assert "bot_data" not in text, path.name


def test_the_feedback_service_is_never_given_who_sent_a_message() -> None:
    intake = (BOT / "services" / "intake.py").read_text(encoding="utf-8")
    domain_item = (BOT / "domain.py").read_text(encoding="utf-8")

    for word in ("user_id", "chat_id", "username", "first_name"):
        assert word not in intake
    new_item = domain_item.split("class NewItem")[1].split("class ")[0]
    for word in ("user", "chat", "name"):
        assert word not in new_item.lower()


def test_tests_cannot_reach_the_internet() -> None:
    import socket

    with socket.socket() as sock, pytest.raises(ConnectionRefusedError, match="may not connect"):
        sock.connect(("149.154.167.220", 443))  # api.telegram.org
