"""Fake Bot API: an offline stand-in for Telegram used by the demo and the tests.

It answers every Bot API call the way Telegram would, records each call, checks HTML messages
the way Telegram does (unknown tags, unescaped < > &, over-long text are refused with 400), and
can be told to fail a call (429, 403, 5xx, timeouts) so fault handling can be proven. It also
builds the JSON of incoming updates.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
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


# -- incoming updates ---------------------------------------------------------------------------


@dataclass
class Person:
    """Someone talking to the bot. The distinctive defaults let tests grep for leaks."""

    user_id: int = 4242424242
    first_name: str = "Zephyrine"
    last_name: str = "Quillfeather"
    username: str = "zephyrine_q_4242"

    def as_user(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "is_bot": False,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "username": self.username,
            "language_code": "en",
        }

    def private_chat(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "type": "private",
            "first_name": self.first_name,
            "username": self.username,
        }


def unrepeated_update_ids() -> itertools.count[int]:
    """Update ids no earlier run can have used: they start at the time in microseconds, so a
    demo kept on one database (HYS_DATABASE) never meets the duplicate guard with a new Send."""
    return itertools.count(time.time_ns() // 1000)


@dataclass
class UpdateFactory:
    """Builds update JSON the way Telegram sends it."""

    person: Person = field(default_factory=Person)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _now(self) -> int:
        return int(datetime.now(UTC).timestamp())

    def _message(self, chat: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": self._now(),
            "chat": chat or self.person.private_chat(),
            "from": self.person.as_user(),
            **fields,
        }

    def text(
        self,
        text: str,
        chat: dict[str, Any] | None = None,
        *,
        reply_to: dict[str, Any] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A typed message; a leading /command gets its bot_command entity like Telegram's."""
        fields: dict[str, Any] = {"text": text, **extra}
        if reply_to is not None:
            fields["reply_to_message"] = reply_to
        command = re.match(r"/[A-Za-z0-9_]+(?:@\w+)?", text)
        if command:
            fields["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_units(command[0])}
            ]
        return {"update_id": next(self._ids), "message": self._message(chat, **fields)}

    def media(self, kind: str) -> dict[str, Any]:
        """A photo, voice note, sticker, document, location, contact, video or audio message."""
        file = {"file_id": "AgACAgQAAxkBAAIB", "file_unique_id": "AQADm7E"}
        payloads: dict[str, Any] = {
            "photo": [{**file, "width": 90, "height": 90}],
            "voice": {**file, "duration": 3},
            "audio": {**file, "duration": 3},
            "video": {**file, "width": 90, "height": 90, "duration": 3},
            "video_note": {**file, "length": 90, "duration": 3},
            "sticker": {
                **file,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            },
            "document": {**file, "file_name": "letter.pdf"},
            "location": {"latitude": 52.9, "longitude": -1.47},
            "contact": {"phone_number": "+447700900123", "first_name": "Zephyrine"},
        }
        return {"update_id": next(self._ids), "message": self._message(**{kind: payloads[kind]})}

    def button(
        self,
        data: str,
        on_message: dict[str, Any] | None = None,
        chat: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A press of an inline button under a message the bot sent."""
        message = on_message or {
            "message_id": next(self._message_ids),
            "date": self._now(),
            "chat": chat or self.person.private_chat(),
            "from": bot_user(),
            "text": "…",
        }
        return {
            "update_id": next(self._ids),
            "callback_query": {
                "id": str(next(self._ids)),
                "from": self.person.as_user(),
                "chat_instance": "-1234567890",
                "message": message,
                "data": data,
            },
        }

    def edited(self, text: str) -> dict[str, Any]:
        return {
            "update_id": next(self._ids),
            "edited_message": {**self._message(text=text), "edit_date": self._now()},
        }

    def channel_post(self, text: str) -> dict[str, Any]:
        chat = {"id": -1009876543210, "type": "channel", "title": "Some channel"}
        post = {"message_id": next(self._message_ids), "date": self._now(), "chat": chat}
        return {"update_id": next(self._ids), "channel_post": {**post, "text": text}}

    def poll(self) -> dict[str, Any]:
        return {
            "update_id": next(self._ids),
            "poll": {
                "id": "5",
                "question": "Pizza?",
                "options": [
                    {"text": "Yes", "voter_count": 1, "persistent_id": "a"},
                    {"text": "No", "voter_count": 0, "persistent_id": "b"},
                ],
                "total_voter_count": 1,
                "is_closed": False,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
                "allows_revoting": False,
                "members_only": False,
            },
        }

    def reaction(self) -> dict[str, Any]:
        return {
            "update_id": next(self._ids),
            "message_reaction": {
                "chat": self.person.private_chat(),
                "message_id": 1,
                "user": self.person.as_user(),
                "date": self._now(),
                "old_reaction": [],
                "new_reaction": [{"type": "emoji", "emoji": "👍"}],
            },
        }

    def inline_query(self, text: str) -> dict[str, Any]:
        return {
            "update_id": next(self._ids),
            "inline_query": {
                "id": "77",
                "from": self.person.as_user(),
                "query": text,
                "offset": "",
            },
        }

    def added_to_group(self, chat_id: int, title: str = "Random group") -> dict[str, Any]:
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        member = {"user": bot_user()}
        return {
            "update_id": next(self._ids),
            "my_chat_member": {
                "chat": chat,
                "from": self.person.as_user(),
                "date": self._now(),
                "old_chat_member": {**member, "status": "left"},
                "new_chat_member": {**member, "status": "member"},
            },
        }

    def group_text(self, chat_id: int, text: str, **extra: Any) -> dict[str, Any]:
        return self.text(text, chat=group_chat(chat_id), **extra)

    def migration(self, old_chat_id: int, new_chat_id: int, *, in_new: bool) -> dict[str, Any]:
        """Telegram's service message when a group becomes a supergroup."""
        if in_new:
            chat = group_chat(new_chat_id)
            fields: dict[str, Any] = {"migrate_from_chat_id": old_chat_id}
        else:
            chat = {"id": old_chat_id, "type": "group", "title": "Officers"}
            fields = {"migrate_to_chat_id": new_chat_id}
        return {"update_id": next(self._ids), "message": self._message(chat, **fields)}


def group_chat(chat_id: int, title: str = "Some group") -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": title}


# -- the same fake, over real HTTP ---------------------------------------------------------------


def free_port() -> int:
    """A port on this machine that nothing is listening on (for the HTTP fakes in tests)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeTelegramServer:
    """The fake Bot API behind a real HTTP port: for a bot in another process (set
    HYS_TELEGRAM_BASE_URL to http://127.0.0.1:PORT/bot) or for measuring real request rates.

    getUpdates follows Telegram's offset rules: an update is delivered again until a later call
    confirms it with a higher offset, so a bot that stops uncleanly sees it again. With
    `max_per_second`, more sendMessage calls than that in any one second get 429 RetryAfter,
    as Telegram's flood control would."""

    def __init__(
        self,
        *,
        max_per_second: int | None = None,
        poll_wait: float = 0.5,
        send_delay: float = 0.0,
        batch: int = 100,
        poll_delay: float = 0.0,
    ) -> None:
        self.api = FakeBotApi()
        self.send_delay = send_delay
        self.batch = batch
        self.poll_delay = poll_delay
        self.pending: list[dict[str, Any]] = []
        self.max_per_second = max_per_second
        self.poll_wait = poll_wait
        self.sent_at: list[float] = []
        self.too_many = 0
        self._window: deque[float] = deque()
        self._server: Any = None
        self.port = 0

    def add_update(self, update: dict[str, Any]) -> None:
        self.pending.append(update)

    async def start(self) -> int:
        import tornado.httpserver
        import tornado.web

        owner = self

        class Endpoint(tornado.web.RequestHandler):
            def check_xsrf_cookie(self) -> None:
                return None

            async def post(self, method: str) -> None:
                # PTB posts form fields whose values are JSON (objects, lists, numbers, text).
                params: dict[str, Any] = {}
                for name, values in self.request.body_arguments.items():
                    raw = values[-1].decode()
                    try:
                        params[name] = json.loads(raw)
                    except ValueError:
                        params[name] = raw
                if not params and self.request.body.strip().startswith(b"{"):
                    params = json.loads(self.request.body)
                status, payload = await owner.answer(method, params)
                self.set_status(status)
                self.set_header("Content-Type", "application/json")
                self.write(payload)

        self.port = free_port()
        app = tornado.web.Application([(r"/bot[^/]+/(\w+)", Endpoint)])
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.listen(self.port, "127.0.0.1")
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def answer(self, method: str, params: dict[str, Any]) -> tuple[int, bytes]:
        loop = asyncio.get_running_loop()
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
            if self.poll_delay:
                await asyncio.sleep(self.poll_delay)
            if not self.pending:
                await asyncio.sleep(min(float(params.get("timeout") or 0), self.poll_wait))
            limit = min(int(params.get("limit") or 100), self.batch)
            return 200, json.dumps({"ok": True, "result": self.pending[:limit]}).encode()
        if method == "sendMessage" and self.max_per_second is not None:
            now = loop.time()
            while self._window and now - self._window[0] >= 1.0:
                self._window.popleft()
            if len(self._window) >= self.max_per_second:
                self.too_many += 1
                return FakeBotApi._error(429, "Too Many Requests: retry after 1", retry_after=1)
            self._window.append(now)
        if method == "sendMessage" and self.send_delay:
            await asyncio.sleep(self.send_delay)  # a slow network, so work is in flight
        call = Call(method, params)
        self.api.calls.append(call)
        try:
            result = self.api._answer(method, params)
        except HtmlError as error:
            return FakeBotApi._error(400, f"Bad Request: can't parse entities: {error}")
        except _TooLong:
            return FakeBotApi._error(400, "Bad Request: message is too long")
        if isinstance(result, dict):
            call.result.update(result)
        if method == "sendMessage":
            self.sent_at.append(loop.time())
        return 200, json.dumps({"ok": True, "result": result}).encode()
