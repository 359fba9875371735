"""Access service: which chats the bot may stay in (and, later, who counts as an officer)."""

from __future__ import annotations


class AccessService:
    """The bot lives in private chats and in the one officer chat; every other group is left."""

    def __init__(self, officer_chat_id: int | None, officer_ids: frozenset[int]) -> None:
        self._officer_chat_id = officer_chat_id
        self._officer_ids = officer_ids

    @property
    def officer_chat_id(self) -> int | None:
        return self._officer_chat_id

    def is_officer_id(self, user_id: int) -> bool:
        return user_id in self._officer_ids

    def may_stay_in_group(self, chat_id: int) -> bool:
        return self._officer_chat_id is not None and chat_id == self._officer_chat_id

    def follow_migration(self, old_chat_id: int, new_chat_id: int) -> bool:
        """The officer group became a supergroup with a new id; True if it was ours."""
        if old_chat_id != self._officer_chat_id:
            return False
        self._officer_chat_id = new_chat_id
        return True
