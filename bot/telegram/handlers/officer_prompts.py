"""Officers' replies to the bot's prompts (Redact, Answer, a decision's reason): which prompt a
reply answers, kept in memory (after a restart the officer just presses the button again)."""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram import Message
from telegram.ext import filters

from bot.telegram.context import BotContext

PROMPTS_KEY = "officer_prompts"


@dataclass
class Prompts:
    """Messages we asked officers to reply to: (chat, message id) → (action, item number).

    Memory only: after a restart the officer just presses the button again."""

    waiting: dict[tuple[int, int], tuple[str, int]] = field(default_factory=dict)

    def expect(self, message: Message, action: str, item_id: int) -> None:
        self.waiting[(message.chat_id, message.message_id)] = (action, item_id)
        if len(self.waiting) > 500:  # forget the oldest; officers rarely leave many open
            self.waiting.pop(next(iter(self.waiting)))

    def take(self, message: Message) -> tuple[str, int] | None:
        replied = message.reply_to_message
        if replied is None:
            return None
        return self.waiting.pop((replied.chat_id, replied.message_id), None)

    def is_reply_to_prompt(self, message: Message) -> bool:
        replied = message.reply_to_message
        return replied is not None and (replied.chat_id, replied.message_id) in self.waiting


class RepliesToTheBot(filters.MessageFilter):
    """A reply to one of the bot's own messages (in the officer's work, a prompt, a View)."""

    def __init__(self) -> None:
        super().__init__(name="officer_reply_to_bot")

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.is_bot)


class PromptReply(filters.MessageFilter):
    """Only replies to one of our prompts reach the officer reply handler."""

    def __init__(self, prompts: Prompts) -> None:
        super().__init__(name="officer_prompt_reply")
        self._prompts = prompts

    def filter(self, message: Message) -> bool:
        return self._prompts.is_reply_to_prompt(message)


def prompts_of(context: BotContext) -> Prompts:
    prompts = context.bot_data.get(PROMPTS_KEY)
    assert isinstance(prompts, Prompts)  # noqa: S101 -- set in register()
    return prompts
