"""Fake Bot API: the JSON of incoming updates (people, chats, messages, buttons)."""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bot.formatting import utf16_units
from bot.telegram.fakebot.api import bot_user

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
        fields.update(_command_entity(text))
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
            "edited_message": {
                **self._message(text=text, **_command_entity(text)),
                "edit_date": self._now(),
            },
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


def _command_entity(text: str) -> dict[str, Any]:
    """A leading /command's bot_command entity, as Telegram sends it (new or edited)."""
    command = re.match(r"/[A-Za-z0-9_]+(?:@\w+)?", text)
    if not command:
        return {}
    return {"entities": [{"type": "bot_command", "offset": 0, "length": utf16_units(command[0])}]}
