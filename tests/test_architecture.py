"""Architecture and static promises: layers, no forwarding, no location requests, no secrets."""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

BOT = ROOT / "bot"
# The Telegram channel and the wiring that starts it. Everything else in bot/ is plain Python,
# testable without a bot, and usable by any channel (the web chat calls the same layers).
TELEGRAM_SIDE = {BOT / "telegram", BOT / "app.py", BOT / "__main__.py", BOT / "demo.py"}


def python_files(*roots: Path) -> list[Path]:
    files: list[Path] = []
    for root in roots:
        files += [root] if root.is_file() else sorted(root.rglob("*.py"))
    return files


def telegram_free_files() -> list[Path]:
    return [
        path
        for path in python_files(BOT)
        if not any(path == side or side in path.parents for side in TELEGRAM_SIDE)
    ]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def channel_imports(path: Path) -> list[str]:
    return [
        f"{path.name} imports {module}"
        for module in sorted(imported_modules(path))
        if module == "telegram"
        or module.startswith(("telegram.", "bot.telegram", "bot.app", "bot.demo"))
    ]


def test_nothing_outside_the_telegram_channel_imports_telegram() -> None:
    files = telegram_free_files()

    assert BOT / "screens" / "model.py" in files
    assert BOT / "services" / "intake.py" in files
    assert [o for path in files for o in channel_imports(path)] == []


WEB_FRAMEWORK = ("starlette", "uvicorn", "h11")


def web_framework_imports(path: Path) -> list[str]:
    return [
        f"{path.name} imports {module}"
        for module in sorted(imported_modules(path))
        if module.split(".")[0] in WEB_FRAMEWORK
    ]


def test_only_the_web_channel_imports_the_web_framework() -> None:
    web = BOT / "web"
    files = [path for path in python_files(BOT) if web not in path.parents]

    assert BOT / "app.py" in files
    assert [o for path in files for o in web_framework_imports(path)] == []
    assert web_framework_imports(web / "app.py")  # the check does see an import


def test_the_layer_check_would_catch_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from telegram import Bot\nfrom bot.telegram import render\n", encoding="utf-8")

    assert channel_imports(bad) == [
        "bad.py imports bot.telegram",
        "bad.py imports bot.telegram.render",
        "bad.py imports telegram",
        "bad.py imports telegram.Bot",
    ]


MAX_MODULE_LINES = 400


def test_no_module_is_over_four_hundred_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in python_files(BOT)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_journeys_are_channel_neutral_and_shared() -> None:
    journeys = python_files(BOT / "journeys")
    free = telegram_free_files()

    assert {p.name for p in journeys} >= {"session.py", "writing.py", "safety.py", "contact.py"}
    assert all(p in free for p in journeys)
    assert [o for p in journeys for o in channel_imports(p) + html_in(p)] == []


# A handler only translates an update into a journey or service call and shows the result.
MAX_HANDLER_LINES = 25


def long_functions(path: Path, limit: int) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.name}:{node.name} {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > limit
    ]


def test_handlers_are_thin() -> None:
    handlers = python_files(BOT / "telegram" / "handlers")

    assert len(handlers) >= 10
    assert [f for path in handlers for f in long_functions(path, MAX_HANDLER_LINES)] == []


def test_the_size_checks_would_catch_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{n} = {n}" for n in range(30))
    long = tmp_path / "long.py"
    long.write_text(f"def f() -> None:\n{body}\n", encoding="utf-8")

    assert long_functions(long, MAX_HANDLER_LINES) == ["long.py:f 31 lines"]


# Screens are channel-neutral: no markup of any channel, no escaping (each renderer escapes).
HTML_LITERAL = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&(?:lt|gt|amp|quot|nbsp);")
HTML_HELPERS = {
    "html",
    "bot.formatting.esc",
    "bot.formatting.fill",
    "bot.formatting.html_to_plain",
}


def html_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{path.name}:{node.lineno} {node.value[:30]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and HTML_LITERAL.search(node.value)
    ]
    found += [f"{path.name} imports {m}" for m in imported_modules(path) & HTML_HELPERS]
    return found


def test_screens_hold_no_html_and_no_telegram() -> None:
    files = python_files(BOT / "screens")

    assert len(files) >= 7  # a module per journey, the model and the plain-text renderer
    assert [o for path in files for o in channel_imports(path) + html_in(path)] == []


def test_the_html_check_would_catch_markup(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        'from bot.formatting import esc\nX = f"<b>{1}</b>"\nY = "&amp;"\n', encoding="utf-8"
    )

    assert len(html_in(bad)) == 4  # <b>, </b>, &amp; and the escaping helper


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
    for path in python_files(BOT / "services", BOT / "store", BOT / "domain.py"):
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


def test_every_test_the_readme_cites_for_the_trust_checklist_exists() -> None:
    """The README's checklist table names a test for each promise: a renamed or removed test
    must not leave it pointing at nothing."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## The trust checklist") : text.index("## Performance")]
    cited = re.findall(r"(test_\w+)::(test_\w+)", table)
    missing = []
    for module, name in cited:
        path = ROOT / "tests" / f"{module}.py"
        tree = ast.parse(path.read_text(encoding="utf-8") if path.exists() else "")
        defined = {
            n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        if name not in defined:
            missing.append(f"{module}::{name}")
    assert len(cited) > 150
    assert missing == []
