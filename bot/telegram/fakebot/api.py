"""Fake Bot API: answers and records every Bot API call the way Telegram would."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from bot.formatting import MAX_MESSAGE_UNITS, html_to_plain, utf16_units

BOT_ID = 7000000001
BOT_USERNAME = "HaveYourSayDemoBot"

_ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
}
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>\s[^<>]*)?>"
    r"|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);"
    r"|(?P<stray>[<>&])"
)


def bot_user() -> dict[str, Any]:
    return {
        "id": BOT_ID,
        "is_bot": True,
        "first_name": "Have Your Say",
        "username": BOT_USERNAME,
        "can_join_groups": False,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


class HtmlError(ValueError):
    """The text would make Telegram answer "Bad Request: can't parse entities"."""


def check_telegram_html(text: str) -> None:
    """Raise HtmlError if Telegram's HTML parse mode would refuse this text."""
    stack: list[str] = []
    for match in _TOKEN.finditer(text):
        if match["stray"]:
            raise HtmlError(f"unescaped {match['stray']!r} at offset {match.start()}")
        tag = match["tag"]
        if tag is None:
            continue
        tag = tag.lower()
        if tag not in _ALLOWED_TAGS:
            raise HtmlError(f"unsupported start tag {tag!r}")
        if match["close"]:
            if not stack or stack.pop() != tag:
                raise HtmlError(f"unmatched end tag {tag!r}")
        else:
            stack.append(tag)
    if stack:
        raise HtmlError(f"unclosed tag {stack[-1]!r}")


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API request as the bot made it."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    # What the fake answered (for a message: its message_id), filled in after the call.
    result: dict[str, Any] = field(default_factory=dict)
    # Which bot made it (the number before the token's colon), where the fake serves several.
    bot_id: int | None = None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    def as_message(self, chat: dict[str, Any] | None = None) -> dict[str, Any]:
        """The message this call put in the chat, as an incoming update would carry it (for a
        button pressed under it, or a reply to it)."""
        markup = self.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        message: dict[str, Any] = {
            "message_id": int(self.result.get("message_id") or self.params.get("message_id") or 1),
            "date": 0,
            "chat": chat or {"id": self.chat_id, "type": "private"},
            "from": bot_user(),
            "text": html_to_plain(self.text) or "…",
        }
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) for every inline button, in reading order."""
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = markup.get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None
    timeout: bool = False
    migrate_to_chat_id: int | None = None
    after: int = 0  # let this many calls through first


class FakeBotApi(BaseRequest):
    """Answers Bot API calls offline, records them, and can inject failures."""

    def __init__(self, listener: Callable[[Call], None] | None = None) -> None:
        self.calls: list[Call] = []
        self.updates: deque[dict[str, Any]] = deque()
        self.on_get_updates: Callable[[], None] | None = None
        self._listener = listener
        self._failures: dict[str, deque[Failure]] = defaultdict(deque)
        self._message_ids = itertools.count(1000)

    # -- BaseRequest -------------------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files: dict[str, bytes] = {}
        if request_data is not None and request_data.contains_files:
            for name, part in request_data.multipart_data.items():
                content = part[1]
                files[name] = content if isinstance(content, bytes) else content.read()
        call = Call(api_method, params, files)
        self.calls.append(call)
        queued = self._failures.get(api_method)
        if queued and queued[0].after > 0:
            queued[0].after -= 1
        elif queued:
            failure = queued.popleft()
            if failure.timeout:
                raise TimedOut("fake timeout")
            return self._error(
                failure.status,
                failure.description,
                failure.retry_after,
                failure.migrate_to_chat_id,
            )
        if api_method == "getUpdates" and not self.updates:
            await asyncio.sleep(0.05)  # like a long poll with nothing new: let other tasks run
        try:
            result = self._answer(api_method, params)
        except HtmlError as error:
            return self._error(400, f"Bad Request: can't parse entities: {error}")
        except _TooLong:
            return self._error(400, "Bad Request: message is too long")
        if isinstance(result, dict):
            call.result.update(result)
        if self._listener is not None:
            self._listener(call)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # -- test controls -------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 500,
        description: str = "Internal Server Error",
        *,
        retry_after: int | None = None,
        timeout: bool = False,
        times: int = 1,
        migrate_to_chat_id: int | None = None,
        after: int = 0,
    ) -> None:
        """Make the next call(s) to `method` fail; with `after`, only once that many more calls
        have succeeded."""
        for _ in range(times):
            self._failures[method].append(
                Failure(status, description, retry_after, timeout, migrate_to_chat_id, after)
            )

    def calls_to(self, *methods: str) -> list[Call]:
        return [c for c in self.calls if c.method in methods]

    def messages(self, chat_id: int | None = None) -> list[Call]:
        """Every message shown to a user: sent or edited into place."""
        shown = self.calls_to("sendMessage", "editMessageText")
        return [c for c in shown if chat_id is None or c.chat_id == chat_id]

    def last_message(self) -> Call:
        shown = self.messages()
        if not shown:
            raise AssertionError("the bot has not sent any message")
        return shown[-1]

    def clear(self) -> None:
        self.calls.clear()

    # -- answers -------------------------------------------------------------------------------

    @staticmethod
    def _error(
        status: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> tuple[int, bytes]:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        parameters: dict[str, int] = {}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = migrate_to_chat_id
        if parameters:
            body["parameters"] = parameters
        return status, json.dumps(body).encode()

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return bot_user()
        if method == "getUpdates":
            if self.on_get_updates is not None:
                self.on_get_updates()
            batch = list(self.updates)
            self.updates.clear()
            return batch
        if method in {"sendMessage", "editMessageText"}:
            return self._message(params)
        if method == "sendDocument":
            return self._message({**params, "text": params.get("caption") or "document"})
        return True

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        text = str(params.get("text", ""))
        plain = text
        if params.get("parse_mode") == "HTML":
            check_telegram_html(text)
            plain = html_to_plain(text)
        if not plain.strip() or utf16_units(plain) > MAX_MESSAGE_UNITS:
            raise _TooLong
        chat_id = int(params["chat_id"]) if "chat_id" in params else 0
        message_id = params.get("message_id") or next(self._message_ids)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
            "from": bot_user(),
            "text": plain,
        }
        markup = params.get("reply_markup")
        markup = json.loads(markup) if isinstance(markup, str) else markup
        if markup and "inline_keyboard" in markup:  # Telegram echoes only inline keyboards
            message["reply_markup"] = markup
        return message


class _TooLong(Exception):
    pass
