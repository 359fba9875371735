"""Several councils in one process (issue 17): councils.yaml gives each council its own bot,
content folder, officer chat and officers; one real `python -m bot run` serves them all on one
PostgreSQL database, each council's messages reaching only its own officers and rows."""

from __future__ import annotations

import asyncio
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from bot.config import ConfigError, Settings
from bot.councils import council_settings, settings_for
from bot.formatting import html_to_plain
from bot.telegram.fakebot import FakeTelegramServer, Person, UpdateFactory, free_port
from bot.telegram.webhook import SECRET_HEADER
from tests.conftest import CONTENT_DIR, ROOT, real_bot_env
from tests.pg import SUPERUSER, Cluster
from tests.test_web import disclose
from tests.test_webhook import wait_until
from tests.webclient import Visitor

NORTH_TOKEN = "111111111:north-council-token-aaaaaaaaaaaa"
SOUTH_TOKEN = "222222222:south-council-token-bbbbbbbbbbbb"
NORTH_CHAT, SOUTH_CHAT = -1001111111111, -1002222222222
NORTH_OFFICER, SOUTH_OFFICER = 7001, 7002
NORTH_SECRET = "north-webhook-secret-0123456789"
SOUTH_SECRET = "south-webhook-secret-0123456789"
# The south council's own out-of-hours number, in its own content folder.
SOUTH_NUMBER = "01632 960 555"
URL = "postgresql://hys@127.0.0.1:5432/hys"

COUNCILS_YAML = f"""\
# Two councils served by one process.
councils:
  north:
    content: north
    bot_token_env: NORTH_BOT_TOKEN
    officer_chat_id: {NORTH_CHAT}
    officer_ids: [{NORTH_OFFICER}]
    webhook_secret_env: NORTH_WEBHOOK_SECRET
  south:
    content: south
    bot_token_env: SOUTH_BOT_TOKEN
    officer_chat_id: {SOUTH_CHAT}
    officer_ids:
      - {SOUTH_OFFICER}
    webhook_secret_env: SOUTH_WEBHOOK_SECRET
"""

SECRETS = {
    "NORTH_BOT_TOKEN": NORTH_TOKEN,
    "SOUTH_BOT_TOKEN": SOUTH_TOKEN,
    "NORTH_WEBHOOK_SECRET": NORTH_SECRET,
    "SOUTH_WEBHOOK_SECRET": SOUTH_SECRET,
}


def two_councils(folder: Path, text: str = COUNCILS_YAML) -> Path:
    """councils.yaml and two content folders beside it; the south's has its own number."""
    shutil.copytree(CONTENT_DIR, folder / "north")
    shutil.copytree(CONTENT_DIR, folder / "south")
    council = folder / "south" / "council.yaml"
    north_number = "01632 960 999"
    assert north_number in council.read_text()
    council.write_text(council.read_text().replace(north_number, SOUTH_NUMBER))
    path = folder / "councils.yaml"
    path.write_text(text)
    return path


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)


# --------------------------------------------------------------------------------------------
# Reading councils.yaml


@pytest.mark.usefixtures("secrets")
def test_each_council_gets_its_own_bot_content_chat_officers_and_webhook(tmp_path: Path) -> None:
    path = two_councils(tmp_path)
    base = Settings(
        councils=path,
        database_url=URL,
        timezone="Europe/London",
        webhook_url="https://hys.example/hook",
        webhook_port=8443,
    )

    north, south = council_settings(base)

    assert (north.council, south.council) == ("north", "south")
    assert north.bot_token is not None
    assert south.bot_token is not None
    assert north.bot_token.get_secret_value() == NORTH_TOKEN
    assert south.bot_token.get_secret_value() == SOUTH_TOKEN
    assert (north.content_dir, south.content_dir) == (tmp_path / "north", tmp_path / "south")
    assert (north.officer_chat_id, south.officer_chat_id) == (NORTH_CHAT, SOUTH_CHAT)
    assert (north.officer_ids, south.officer_ids) == ([NORTH_OFFICER], [SOUTH_OFFICER])
    assert north.webhook_url == "https://hys.example/hook/north"
    assert south.webhook_url == "https://hys.example/hook/south"
    assert south.webhook_secret is not None
    assert south.webhook_secret.get_secret_value() == SOUTH_SECRET
    for one in (north, south):  # shared from the environment
        assert one.database_url == base.database_url
        assert one.webhook_port == 8443
        assert one.councils is None


@pytest.mark.usefixtures("secrets")
def test_a_command_about_one_council_is_for_the_council_hys_council_names(
    tmp_path: Path,
) -> None:
    path = two_councils(tmp_path)
    base = Settings(councils=path, database_url=URL, council="south")
    every = council_settings(base)

    assert settings_for(base, every).content_dir == tmp_path / "south"
    unnamed = Settings(councils=path, database_url=URL)
    with pytest.raises(ConfigError, match=r"HYS_COUNCIL: .*one of: north, south"):
        settings_for(unnamed, council_settings(unnamed))


def test_without_councils_yaml_the_environment_is_the_one_council() -> None:
    base = Settings(council="derby")
    assert council_settings(base) == [base]
    assert settings_for(base, [base]) is base


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("SOUTH_BOT_TOKEN", "NO_SUCH_VARIABLE"), "councils.south.bot_token_env: the variable"),
        (("SOUTH_BOT_TOKEN", "NORTH_BOT_TOKEN"), "north and south have the same bot token"),
        ((f"{SOUTH_CHAT}", f"{NORTH_CHAT}"), "north and south have the same officer chat"),
        (("  south:", "  South Vale:"), "councils.South Vale: HYS_COUNCIL: String should match"),
        (("    content: south", "    content: south\n    colour: red"), "Extra inputs"),
        (("officer_ids: [7001]", "officer_ids: []"), "councils.north.officer_ids"),
        (("officer_chat_id: -1001111111111", "officer_chat_id: lots"), "valid integer"),
        (("councils:", "councils: [oops"), "not valid YAML"),
    ],
)
@pytest.mark.usefixtures("secrets")
def test_a_wrong_councils_file_is_one_plain_line_that_never_shows_a_secret(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    text = COUNCILS_YAML.replace(*change)
    assert text != COUNCILS_YAML
    path = two_councils(tmp_path, text)

    with pytest.raises(ConfigError) as raised:
        council_settings(Settings(councils=path, database_url=URL))

    message = str(raised.value)
    assert expected in message
    assert "\n" not in message
    for secret in SECRETS.values():
        assert secret not in message


@pytest.mark.usefixtures("secrets")
def test_several_councils_need_postgresql(tmp_path: Path) -> None:
    path = two_councils(tmp_path)
    with pytest.raises(ConfigError, match="several councils need PostgreSQL"):
        council_settings(Settings(councils=path, database=tmp_path / "one.sqlite3"))


def bot_command(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` in its own process, with exactly `env`."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_command_line_says_what_is_wrong_with_the_file_and_exits(tmp_path: Path) -> None:
    path = two_councils(tmp_path)
    env = real_bot_env(tmp_path / "x.sqlite3", "http://127.0.0.1:9/bot") | {
        "HYS_COUNCILS": str(path),
        "HYS_DATABASE_URL": URL,
    }  # the token variables are not set
    done = bot_command(env, "run")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "councils.north.bot_token_env: the variable NORTH_BOT_TOKEN is not set (it holds a secret)"
    )


# --------------------------------------------------------------------------------------------
# One real process serving both councils


@dataclass
class Served:
    telegram: FakeTelegramServer
    process: asyncio.subprocess.Process
    port: int
    log: Path
    south_web: int  # the south council's web chat port

    def said(self, bot: int, chat: int) -> list[str]:
        return [
            html_to_plain(c.text)
            for c in self.telegram.api.calls_to("sendMessage")
            if c.bot_id == bot and c.chat_id == chat
        ]

    def to_chat(self, chat: int) -> list[int | None]:
        """Which bots sent anything to `chat`."""
        return [c.bot_id for c in self.telegram.api.calls_to("sendMessage") if c.chat_id == chat]


@pytest.fixture(params=["polling", "webhook"])
async def served(
    request: pytest.FixtureRequest, tmp_path: Path, pg_url: str
) -> AsyncIterator[Served]:
    telegram = FakeTelegramServer()
    await telegram.start()
    port, south_web = free_port(), free_port()
    councils = two_councils(tmp_path, f"{COUNCILS_YAML}    web_port: {south_web}\n")
    env = real_bot_env(tmp_path / "unused.sqlite3", telegram.base_url) | SECRETS
    env |= {"HYS_COUNCILS": str(councils), "HYS_DATABASE_URL": pg_url}
    command = [sys.executable, "-m", "bot", "run"]
    if request.param == "webhook":
        command.append("--webhook")
        env |= {
            "HYS_WEBHOOK_URL": "https://hys.example/hook",
            "HYS_WEBHOOK_LISTEN": "127.0.0.1",
            "HYS_WEBHOOK_PORT": str(port),
        }
    log = tmp_path / "bot.log"
    with log.open("wb") as stderr:
        process = await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=stderr
        )
        bot = Served(telegram, process, port, log, south_web)

        def ready() -> set[int | None]:
            if request.param == "webhook":
                return {c.bot_id for c in telegram.api.calls_to("setWebhook")}
            return telegram.polled_by

        try:
            try:
                await wait_until(
                    lambda: ready() == {NORTH, SOUTH} or process.returncode is not None,
                    60,
                )
            except TimeoutError:
                raise AssertionError(log.read_text()[-3000:]) from None
            assert process.returncode is None, log.read_text()[-2000:]
            yield bot
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), timeout=60)
            await telegram.stop()
        assert code == 0, log.read_text()[-2000:]


NORTH, SOUTH = 111111111, 222222222
PATHS = {NORTH: "/hook/north", SOUTH: "/hook/south"}


def webhook_mode(served: Served) -> bool:
    return bool(served.telegram.api.calls_to("setWebhook"))


async def post(served: Served, path: str, update: dict[str, Any], secret: str) -> int:
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            f"http://127.0.0.1:{served.port}{path}",
            json=update,
            headers={SECRET_HEADER: secret},
            timeout=30,
        )
    return answer.status_code


async def tell(served: Served, bot: int, update: dict[str, Any], secret: str) -> None:
    """An update for one council's bot: by getUpdates, or posted to its own webhook path."""
    if webhook_mode(served):
        assert await post(served, PATHS[bot], update, secret) == 200
    else:
        served.telegram.add_update(update, bot_id=bot)


async def test_one_process_serves_each_council_with_its_own_bot_content_and_officers(
    served: Served, pg_cluster: Cluster, pg_url: str
) -> None:
    north, south = NORTH, SOUTH
    child_north, child_south = (
        UpdateFactory(Person(user_id=901)),
        UpdateFactory(Person(user_id=902)),
    )

    await tell(served, north, child_north.text("my foster dad hits me"), NORTH_SECRET)
    await tell(served, south, child_south.text("my foster dad hits me"), SOUTH_SECRET)
    await wait_until(lambda: bool(served.said(north, NORTH_CHAT)), 30)
    await wait_until(lambda: bool(served.said(south, SOUTH_CHAT)), 30)

    # Each child heard their own council's crisis reply, with its own out-of-hours number.
    heard_north = "\n".join(served.said(north, 901))
    heard_south = "\n".join(served.said(south, 902))
    assert "Thank you for telling us" in heard_north
    assert "Thank you for telling us" in heard_south
    assert "01632 960 999" in heard_north
    assert SOUTH_NUMBER not in heard_north
    assert SOUTH_NUMBER in heard_south
    assert "01632 960 999" not in heard_south
    # Each council's alert went to its own officers, from its own bot, and nowhere else.
    assert set(served.to_chat(NORTH_CHAT)) == {north}
    assert set(served.to_chat(SOUTH_CHAT)) == {south}
    assert served.said(north, 902) == served.said(south, 901) == []
    # The south council's web chat, on its own port, is the south's: its number, its officers.
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{served.south_web}", follow_redirects=True
    ) as client:
        page = await disclose(Visitor(client))
    assert page.sections[0] == "crisis"
    assert SOUTH_NUMBER in page.text
    await wait_until(lambda: len(served.said(south, SOUTH_CHAT)) >= 2, 30)
    assert set(served.to_chat(NORTH_CHAT)) == {north}
    assert set(served.to_chat(SOUTH_CHAT)) == {south}
    # Each council's items are its own rows in the one database, walled off from the other.
    rows = await asyncio.to_thread(_councils_of_items, pg_cluster.url(_name(pg_url), SUPERUSER))
    assert rows == [("north", 1), ("south", 1), ("south", 1)]


@pytest.mark.parametrize("served", ["webhook"], indirect=True)
async def test_each_councils_webhook_has_its_own_path_and_secret(served: Served) -> None:
    hooks = {c.bot_id: c.params for c in served.telegram.api.calls_to("setWebhook")}
    assert hooks[NORTH]["url"] == "https://hys.example/hook/north"
    assert hooks[SOUTH]["url"] == "https://hys.example/hook/south"
    assert hooks[NORTH]["secret_token"] == NORTH_SECRET
    assert hooks[SOUTH]["secret_token"] == SOUTH_SECRET
    # One council's secret opens only its own path.
    update = UpdateFactory(Person(user_id=903)).text("/start")
    assert await post(served, "/hook/south", update, NORTH_SECRET) == 403
    assert await post(served, "/hook/north", update, SOUTH_SECRET) == 403
    assert served.said(SOUTH, 903) == served.said(NORTH, 903) == []
    assert await post(served, "/hook/south", update, SOUTH_SECRET) == 200
    assert served.said(SOUTH, 903)
    assert served.said(NORTH, 903) == []


def _name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def _councils_of_items(url: str) -> list[tuple[str, int]]:
    with psycopg.connect(url) as db:
        return list(db.execute("SELECT council, urgent FROM items ORDER BY council").fetchall())


def test_the_example_councils_file_in_deploy_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """deploy/councils.example.yaml (README) is a working file, not a sketch."""
    for name in ("DERBY_BOT_TOKEN", "NOTTS_BOT_TOKEN", "DERBY_WEBHOOK_SECRET"):
        value = NORTH_TOKEN if name == "DERBY_BOT_TOKEN" else SOUTH_TOKEN
        monkeypatch.setenv(name, NORTH_SECRET if "SECRET" in name else value)
    example = ROOT / "deploy" / "councils.example.yaml"
    base = Settings(
        councils=example,
        database_url=URL,
        webhook_url="https://hys.example/hook",
        webhook_secret=SOUTH_SECRET,
    )

    derby, notts = council_settings(base)

    assert (derby.council, notts.council) == ("derby", "nottingham")
    assert derby.content_dir == ROOT / "deploy" / "derby"
    assert derby.web_port == 8101
    assert notts.web_port is None
    assert notts.webhook_url == "https://hys.example/hook/nottingham"
    assert derby.webhook_secret is not None
    assert derby.webhook_secret.get_secret_value() == NORTH_SECRET
    assert notts.webhook_secret == base.webhook_secret
    assert notts.officer_ids == [333333333]
    assert not re.search(r"\d{6,}:[\w-]{20,}", example.read_text())  # no token in the file


def test_a_one_council_command_acts_only_on_the_council_hys_council_names(
    tmp_path: Path, pg_url: str
) -> None:
    """`python -m bot officer add` for the south council: the south sees the account, the
    north does not (one database, the council chosen by HYS_COUNCIL from councils.yaml)."""
    env = real_bot_env(tmp_path / "unused.sqlite3", "http://127.0.0.1:9/bot") | SECRETS
    env |= {
        "HYS_COUNCILS": str(two_councils(tmp_path)),
        "HYS_DATABASE_URL": pg_url,
        "HYS_WEB_BASE_URL": "https://hys.example",
    }

    def officer(council: str, *args: str) -> subprocess.CompletedProcess[str]:
        return bot_command(env | {"HYS_COUNCIL": council}, "officer", *args)

    added = officer("south", "add", "Priya Shah")
    assert added.returncode == 0, added.stderr
    south, north = officer("south", "list"), officer("north", "list")
    assert south.returncode == north.returncode == 0
    assert "Priya Shah" in south.stdout
    assert "Priya Shah" not in north.stdout
    unknown = officer("east", "list")
    assert unknown.returncode == 2
    assert "one of: north, south" in unknown.stderr
