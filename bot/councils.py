"""Several councils in one process: `councils.yaml` (HYS_COUNCILS) lists each council with its
own bot, content folder, officer chat, officers and web address. Every council becomes one
Settings, exactly as if it had been given alone in the environment; everything the file does not
set (the database URL, time zone, webhook port, peers) is shared from the environment.

Secrets never sit in the file: a council names the environment variable that holds its bot token
(and, if it wants its own, its webhook secret). Several councils need PostgreSQL: one SQLite file
holds one council's rows (each council's rows are walled off by row-level security there)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import strictyaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.config import ENV_PREFIX, ConfigError, Settings, _plain, load_settings

COUNCILS_VARIABLE = f"{ENV_PREFIX}COUNCILS"
ENV_NAME = r"^[A-Z][A-Z0-9_]{0,99}$"


class CouncilEntry(BaseModel):
    """One council in councils.yaml. Paths are relative to the file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    content: Path
    bot_token_env: str = Field(pattern=ENV_NAME)
    officer_chat_id: int
    officer_ids: list[int] = Field(min_length=1)
    webhook_url: str | None = None
    webhook_secret_env: str | None = Field(default=None, pattern=ENV_NAME)
    web_port: int | None = Field(default=None, ge=1, le=65535)
    web_base_url: str | None = None
    console_port: int | None = Field(default=None, ge=1, le=65535)
    timezone: str | None = None


class CouncilsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    councils: dict[str, CouncilEntry] = Field(min_length=1)


def read_councils(path: Path) -> CouncilsFile:
    """The file, checked; any problem is one plain ConfigError line naming the place."""
    try:
        # The same YAML as the content files (strictyaml: every value is text, checked below).
        text = path.read_text(encoding="utf-8")
        data = strictyaml.dirty_load(text, allow_flow_style=True).data
    except OSError as error:
        raise ConfigError(
            f"{COUNCILS_VARIABLE}: cannot read {path} ({error.strerror or error})"
        ) from None
    except (strictyaml.YAMLError, UnicodeDecodeError) as error:
        where = getattr(error, "problem_mark", None)
        line = f" near line {where.line + 1}" if where is not None else ""
        raise ConfigError(f"{path}: this is not valid YAML{line}") from None
    try:
        return CouncilsFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"]) or "the file"
        message = str(first.get("ctx", {}).get("error") or first["msg"])
        raise ConfigError(f"{path}: {place}: {_plain(message)}") from None


def council_settings(base: Settings) -> list[Settings]:
    """One Settings per council: the file's entries over the shared environment. Without
    HYS_COUNCILS, the one council the environment describes."""
    if base.councils is None:
        return [base]
    path = base.councils
    entries = read_councils(path).councils
    if len(entries) > 1 and base.database_url is None:
        raise ConfigError(
            f"{COUNCILS_VARIABLE}: several councils need PostgreSQL; set "
            f"{ENV_PREFIX}DATABASE_URL (a SQLite file holds one council)"
        )
    settings = [_one(base, path.parent, council, entry) for council, entry in entries.items()]
    _distinct(settings, path)
    return settings


def settings_for(base: Settings, every: list[Settings]) -> Settings:
    """The council HYS_COUNCIL names, for a command about one council (report, export, officer
    and the rest). Without HYS_COUNCILS, the environment's own council."""
    if base.councils is None:
        return base
    for one in every:
        if one.council == base.council:
            return one
    names = ", ".join(one.council for one in every)
    raise ConfigError(f"{ENV_PREFIX}COUNCIL: say which council this is for (one of: {names})")


def _one(base: Settings, folder: Path, council: str, entry: CouncilEntry) -> Settings:
    token = _from_env(entry.bot_token_env, f"councils.{council}.bot_token_env")
    values: dict[str, Any] = {
        "council": council,
        "bot_token": token,
        "content_dir": folder / entry.content,
        "officer_chat_id": entry.officer_chat_id,
        "officer_ids": entry.officer_ids,
        "web_port": entry.web_port,
        "web_base_url": entry.web_base_url,
        "console_port": entry.console_port,
        "councils": None,
    }
    if entry.timezone is not None:
        values["timezone"] = entry.timezone
    if entry.webhook_secret_env is not None:
        values["webhook_secret"] = _from_env(
            entry.webhook_secret_env, f"councils.{council}.webhook_secret_env"
        )
    if entry.webhook_url is not None:
        values["webhook_url"] = entry.webhook_url
    elif base.webhook_url is not None:  # each council's bot at its own path under the shared URL
        values["webhook_url"] = f"{base.webhook_url.rstrip('/')}/{council}"
    try:
        # Validated as if the environment had said it: the same checks, the same plain errors.
        return load_settings(**(dict(base) | values))
    except ConfigError as error:
        raise ConfigError(f"councils.{council}: {error}") from None


def _from_env(name: str, place: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ConfigError(f"{place}: the variable {name} is not set (it holds a secret)")
    return value


def _distinct(settings: list[Settings], path: Path) -> None:
    """Two councils can never share a bot, an officer chat, a webhook address or a port."""

    def secret(value: Any) -> Any:
        return value.get_secret_value() if hasattr(value, "get_secret_value") else value

    for what, field in (
        ("bot token", "bot_token"),
        ("officer chat", "officer_chat_id"),
        ("webhook address", "webhook_url"),
    ):
        seen: dict[Any, str] = {}
        for one in settings:
            value = secret(getattr(one, field))
            if value is not None and value in seen:
                raise ConfigError(
                    f"{path}: {seen[value]} and {one.council} have the same {what}; "
                    "each council needs its own"
                )
            if value is not None:
                seen[value] = one.council
    ports: dict[int, str] = {}
    for one in settings:
        for port in (one.web_port, one.console_port):
            if port is not None and port in ports:
                raise ConfigError(
                    f"{path}: {ports[port]} and {one.council} use the same port {port}"
                )
            if port is not None:
                ports[port] = one.council
