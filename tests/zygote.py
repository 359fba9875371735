"""The kill -9 harnesses' side of the zygote (`python -m tests.crash_child --zygote`).

Starting the bot in a new interpreter costs seconds of imports and content loading, and the
harnesses start it hundreds of times. The zygote does that once and forks each bot from it:
every bot is still its own OS process, which builds the application, opens the database (after
the fork: no connection or event loop is shared) and is SIGKILLed by pid here, as before.

    with Zygote() as zygote:
        bot = zygote.spawn(database)
        ...
        bot.send(updates)
        time.sleep(delay)
        bot.kill()
        out = bot.collect()   # or, to let it finish: out = bot.finish(updates)
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
# The longest the harness waits for the zygote to answer: to fork a bot, or to reap one whose
# stdout has ended (the zygote's own start, imports and content, comes before its first answer).
ANSWER_TIMEOUT = 120.0


class ZygoteError(RuntimeError):
    pass


@dataclass
class ForkedBot:
    """One forked bot: `stdin` takes updates (one JSON per line), `stdout` gives what it sent."""

    zygote: Zygote
    pid: int
    stdin: TextIO
    stdout: TextIO
    status: int | None = None

    def send(self, updates: list[dict[str, Any]], *, last: bool = False) -> None:
        """Write the updates; keep stdin open (the bot waits for more until it is killed) unless
        they are the `last` (the bot ends once it has taken them). A dead bot takes none."""
        with contextlib.suppress(BrokenPipeError):
            self.stdin.write("".join(json.dumps(u) + "\n" for u in updates))
            self.stdin.flush()
            if last:
                self.stdin.close()

    def finish(self, updates: list[dict[str, Any]]) -> str:
        """Write the updates, close stdin and read everything the bot sends until it exits."""

        def write() -> None:
            with contextlib.suppress(BrokenPipeError), self.stdin:
                self.stdin.write("".join(json.dumps(u) + "\n" for u in updates))

        # From a thread, so that a long input and a long output cannot block each other.
        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        out = self.stdout.read()
        writer.join()
        self.wait()
        return out

    def kill(self) -> None:
        """SIGKILL: still ours to kill, as the pid is not reaped (so not reused) until wait()."""
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)

    def collect(self) -> str:
        """Everything it sent (read until its stdout ends), once it has exited and been reaped."""
        out = self.stdout.read()
        self.wait()
        return out

    def wait(self) -> int:
        """Until the process has exited (and the zygote has reaped it): its exit status."""
        if self.status is None:
            self.status = self.zygote.wait(self.pid)
        for pipe in (self.stdin, self.stdout):
            with contextlib.suppress(BrokenPipeError):
                pipe.close()
        return self.status


class Zygote:
    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "tests.crash_child", "--zygote", str(theirs.fileno())],
                cwd=ROOT,
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        ours.settimeout(ANSWER_TIMEOUT)
        self._control = ours
        self._bots: list[ForkedBot] = []

    def __enter__(self) -> Zygote:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def spawn(self, database: str, *, deliver: bool = False) -> ForkedBot:
        """A fresh bot on `database`, started and ready (its first line read)."""
        child_stdin, to_child = os.pipe()
        from_child, child_stdout = os.pipe()
        try:
            request = json.dumps({"database": database, "deliver": deliver}).encode()
            socket.send_fds(self._control, [request], [child_stdin, child_stdout])
        finally:  # the child's ends: once the child is gone, its stdout reads as ended
            os.close(child_stdin)
            os.close(child_stdout)
        bot = ForkedBot(
            self,
            int(self._answer()["pid"]),
            os.fdopen(to_child, "w", encoding="utf-8"),
            os.fdopen(from_child, encoding="utf-8"),
        )
        self._bots.append(bot)
        ready = bot.stdout.readline()
        if "ready" not in ready:
            raise ZygoteError(f"the bot did not start: {ready!r}")
        return bot

    def wait(self, pid: int) -> int:
        self._control.send(json.dumps({"wait": pid}).encode())
        return int(self._answer()["status"])

    def _answer(self) -> dict[str, Any]:
        answer = self._control.recv(4096)
        if not answer:
            raise ZygoteError(f"the zygote has ended (exit status {self._process.poll()})")
        return dict(json.loads(answer))

    def close(self) -> None:
        """Kill and reap any bot still running, then end the zygote (it reaps what is left)."""
        try:
            for bot in self._bots:
                if bot.status is None:
                    with contextlib.suppress(ProcessLookupError):
                        bot.kill()
                    with contextlib.suppress(OSError, ZygoteError):
                        bot.wait()
        finally:
            self._control.close()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
