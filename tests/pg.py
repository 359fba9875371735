"""A throw-away PostgreSQL cluster for the tests: Debian's `postgresql` (installed by .ci/run),
started with initdb + pg_ctl in a temporary folder on a free port, stopped and deleted at the
end. Never mocked: the store's SQL runs on the real server."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bot.telegram.fakebot import free_port

SUPERUSER = "hys"  # made by initdb; sees every council's rows (bypasses row-level security)
USER = "hys_app"  # what the bot connects as: owns its tables, walled in by their policies
TEMPLATE = "hys_template"


def offline_settings(database: str) -> Any:
    """Settings for a bot in its own process: `database` is a SQLite file or a postgresql://
    URL (one of several processes sharing it)."""
    from bot.config import Settings

    if database.startswith("postgresql://"):
        return Settings(database_url=database, officer_chat_id=-100, officer_ids=[1])
    return Settings(database=Path(database), officer_chat_id=-100, officer_ids=[1])


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not candidates:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: run .ci/run (apt postgresql)")
    return str(candidates[-1])


def _as_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: when we are root, run its tools as `postgres`."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class Cluster:
    """One server for the whole test session; a fresh database per test."""

    def __init__(self, *, durable: bool = False) -> None:
        # Tests need no fsync (the server is never killed, the bots are); a benchmark of
        # durable submissions does.
        self.durable = durable
        self.folder = Path(tempfile.mkdtemp(prefix="hys-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        self._started = False

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            _as_owner(
                [
                    _bin("initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    SUPERUSER,
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                    "--no-instructions",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c max_connections=300"
        )
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off"
        subprocess.run(
            _as_owner(
                [
                    _bin("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.folder / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        self._started = True
        self.sql(f"CREATE ROLE {USER} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS")

    def stop(self) -> None:
        if self._started:
            subprocess.run(
                _as_owner([_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                check=False,
                capture_output=True,
            )
            self._started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = USER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database, SUPERUSER), autocommit=True) as db:
            db.execute(statement)

    def connect(self, url: str, council: str = "default") -> Any:
        """A connection as the bot's role, belonging to `council` (it sees only its rows)."""
        import psycopg

        db = psycopg.connect(url, autocommit=True)
        db.execute("SELECT set_config('hys.council', %s, false)", (council,))
        return db

    def drop_database(self, url: str) -> None:
        """Drop a database new_database made (FORCE: a connection a test left open goes too)."""
        name = url.rsplit("/", 1)[1]
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def new_database(self, template: str = "template0") -> str:
        """A new, empty (or copied from `template`) database; its URL."""
        name = f"t{next(self._names)}"
        self.sql(f'CREATE DATABASE "{name}" OWNER {USER} TEMPLATE "{template}" STRATEGY FILE_COPY')
        return self.url(name)
