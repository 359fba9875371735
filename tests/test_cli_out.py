"""`report --out` and `export --out`: never the database; an existing file only with --force."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.store import Store
from tests.conftest import CONTENT_DIR

Run = Callable[..., tuple[int, str]]


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "have-your-say.sqlite3"

    async def create() -> None:
        store = await Store.open(path)
        await store.close()

    asyncio.run(create())
    monkeypatch.setenv("HYS_DATABASE", str(path))
    monkeypatch.setenv("HYS_CONTENT_DIR", str(CONTENT_DIR))
    return path


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run_cli(*args: str) -> tuple[int, str]:
        code = main(list(args))
        return code, capsys.readouterr().err

    return run_cli


COMMANDS = [("report", "--format", "html"), ("report", "--format", "pdf"), ("export",)]
IDS = ["report html", "report pdf", "export"]


def refused(code: int, err: str) -> str:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_out_refuses_the_database_itself_even_with_force(
    database: Path, run: Run, command: tuple[str, ...]
) -> None:
    before = database.read_bytes()

    for extra in ((), ("--force",)):
        line = refused(*run(*command, "--out", str(database), *extra))

        assert "is the bot's database" in line
    assert database.read_bytes() == before


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_out_refuses_the_database_through_a_symlink_or_another_spelling(
    database: Path, tmp_path: Path, run: Run, command: tuple[str, ...]
) -> None:
    before = database.read_bytes()
    link = tmp_path / "report.html"
    link.symlink_to(database)
    hard = tmp_path / "copy.sqlite3"
    os.link(database, hard)
    spelt = tmp_path / "data" / ".." / "data" / database.name

    for out in (link, hard, spelt):
        line = refused(*run(*command, "--out", str(out), "--force"))

        assert line == f"--out {out} is the bot's database; write to a new file somewhere else"
    assert database.read_bytes() == before


def test_out_refuses_the_database_s_write_ahead_log(database: Path, run: Run) -> None:
    wal = database.with_name(database.name + "-wal")

    line = refused(*run("export", "--out", str(wal), "--force"))

    assert "is the bot's database" in line
    assert not wal.exists()


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_out_keeps_an_existing_file_unless_force_is_given(
    database: Path, tmp_path: Path, run: Run, command: tuple[str, ...]
) -> None:
    out = tmp_path / "last-year.out"
    out.write_text("last year's report", encoding="utf-8")

    line = refused(*run(*command, "--out", str(out)))

    assert line == (f"--out {out} already exists; choose a new name, or add --force to replace it")
    assert out.read_text(encoding="utf-8") == "last year's report"

    code, err = run(*command, "--out", str(out), "--force")

    assert code == 0, err
    assert out.read_bytes() != b"last year's report"


@pytest.mark.parametrize("command", COMMANDS, ids=IDS)
def test_out_writes_a_new_file_without_force(
    database: Path, tmp_path: Path, run: Run, command: tuple[str, ...]
) -> None:
    out = tmp_path / "new.out"

    code, err = run(*command, "--out", str(out))

    assert code == 0, err
    assert out.stat().st_size > 0


def test_out_in_a_missing_folder_or_on_a_folder_is_one_plain_line(
    database: Path, tmp_path: Path, run: Run
) -> None:
    missing = refused(*run("report", "--out", str(tmp_path / "nowhere" / "report.html")))
    folder = refused(*run("export", "--out", str(tmp_path)))

    assert "does not exist" in missing
    assert "is a folder" in folder
