"""The real bot in a child process for the kill -9 harnesses: updates in (one JSON per line),
every message the bot sends out (one JSON per line). Killed at random.

    python -m tests.crash_child DB [--deliver]   one bot, on stdin and stdout
    python -m tests.crash_child --zygote FD      the harnesses' zygote (tests/zygote.py)

The zygote does what every start of the bot repeats and what touches no database, no file lock
and no event loop (the imports, the content, the packaged screening model) once, then forks a
fresh bot for each request that comes on the socket FD: the child builds the application,
opens the database and starts its own event loop, as `crash_child DB` does, on the two pipe
ends that came with the request.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import socket
import sqlite3
import sys
import threading
import traceback
from asyncio import AbstractEventLoop
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from telegram import Update

from bot.app import build_application, offline
from bot.content import Content, load_content
from bot.telegram.fakebot import Call, FakeBotApi
from tests.pg import offline_settings

ROOT = Path(__file__).resolve().parent.parent


def emitter(out: TextIO) -> Callable[[Call], None]:
    def emit(call: Call) -> None:
        if call.method == "sendMessage":
            # The item an officer alert opens (its View button), to count alerts per item.
            opens = [data for label, data in call.buttons() if label.startswith("View")]
            line = {"chat": call.chat_id, "text": call.text, "opens": opens}
            out.write(json.dumps(line) + "\n")
            out.flush()

    return emit


async def main(
    database: str,
    deliver: bool,
    content: Content | None = None,
    updates: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
) -> None:
    """`database`: a SQLite file, or a postgresql:// URL (one of several processes)."""
    app = build_application(
        offline_settings(database),
        content or load_content(ROOT / "content"),
        request=FakeBotApi(listener=emitter(out)),
        rate_limit=False,
        jobs=False,
    )
    async with offline(app):
        worker = app.bot_data["delivery"]
        # With several processes the leader delivers the officers' alerts as it would in
        # production (20 a minute to the officers' chat); it is killed at random too.
        delivering = asyncio.create_task(worker.run(tick=0.05)) if deliver else None
        out.write(json.dumps({"ready": True}) + "\n")
        out.flush()
        while line := await asyncio.to_thread(updates.readline):
            await app.process_update(Update.de_json(json.loads(line), app.bot))
        if delivering is not None:
            delivering.cancel()


def warm_up() -> Content:
    """Once, in the zygote: the content, the imports a start makes late, the English word list
    and the packaged screening model, which every child would read from the same bytes."""
    import certifi  # noqa: F401 -- the children's HTTP clients import these on start
    import confusable_homoglyphs.confusables  # noqa: F401
    import httpcore  # noqa: F401

    from bot.services import screening
    from bot.services.screen_text import english_words

    english_words()
    model = screening.load_packaged()
    screening.load_packaged = lambda: model
    return load_content(ROOT / "content")


def serve(control: socket.socket) -> None:
    """The zygote's loop. Requests, one datagram each: {"database", "deliver"} with the child's
    stdin and stdout pipe ends attached (answered with {"pid"}), or {"wait": pid} (answered
    with {"status"} once that child has exited and been reaped)."""
    content = warm_up()
    # Nothing a bot must own alone is made before the forks: no database connection, no
    # event loop (each child opens and starts its own).
    shared = [o for o in gc.get_objects() if isinstance(o, sqlite3.Connection | AbstractEventLoop)]
    assert shared == [], shared
    while True:
        message, fds, _, _ = socket.recv_fds(control, 4096, 2)
        if not message:
            break  # the harness has closed its end
        request = json.loads(message)
        if "wait" in request:
            _, status = os.waitpid(request["wait"], 0)
            control.send(json.dumps({"status": os.waitstatus_to_exitcode(status)}).encode())
            continue
        # Only this thread crosses the fork: no event loop, no database, no other thread.
        assert threading.active_count() == 1, threading.enumerate()
        pid = os.fork()
        if pid == 0:
            control.close()
            os._exit(child(request, fds, content))
        for fd in fds:  # the child's now; a later child must not hold them open
            os.close(fd)
        control.send(json.dumps({"pid": pid}).encode())
    with contextlib.suppress(ChildProcessError):
        while True:  # reap whatever is left, so that no zombie outlives the zygote
            os.waitpid(-1, 0)


def child(request: dict[str, Any], fds: list[int], content: Content) -> int:
    """A forked bot: the exit status for os._exit (never returns to the zygote's loop)."""
    try:
        with (
            os.fdopen(fds[0], encoding="utf-8") as updates,
            os.fdopen(fds[1], "w", encoding="utf-8") as out,
        ):
            asyncio.run(main(request["database"], request["deliver"], content, updates, out))
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        return 1
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--zygote":
        with socket.socket(fileno=int(sys.argv[2])) as control_socket:
            serve(control_socket)
    else:
        asyncio.run(main(sys.argv[1], deliver="--deliver" in sys.argv))
