"""Context: the typed PTB context every handler receives, with the services container."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast

from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain import Audience
from bot.journeys.session import Session
from bot.services import Services

if TYPE_CHECKING:
    from bot.telegram.crisis_lane import CrisisLane
    from bot.telegram.delivery import DeliveryWorker

# In webhook mode, a handler that could not save something sets this so the request answers
# 503 and Telegram delivers the update again (in polling mode nobody is listening).
RETRY_WANTED: ContextVar[list[bool] | None] = ContextVar("hys_retry_wanted", default=None)

SERVICES_KEY = "services"
DELIVERY_KEY = "delivery"
CRISIS_KEY = "crisis_lane"


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Adds typed access to the services and to the in-memory audience choice."""

    @property
    def services(self) -> Services:
        return cast(Services, self.bot_data[SERVICES_KEY])

    @property
    def delivery(self) -> DeliveryWorker | None:
        """The outbox worker (absent only in unit tests that build services alone)."""
        return cast("DeliveryWorker | None", self.bot_data.get(DELIVERY_KEY))

    @property
    def crisis(self) -> CrisisLane:
        """The crisis lane: help numbers go out on it, never behind anything else."""
        return cast("CrisisLane", self.bot_data[CRISIS_KEY])

    def ask_telegram_to_retry(self) -> None:
        wanted = RETRY_WANTED.get()
        if wanted is not None:
            wanted.append(True)

    def wake_delivery(self) -> None:
        if self.delivery is not None:
            self.delivery.wake()

    @property
    def audience(self) -> Audience:
        """Who they said they are, from their journey state (user_data, in memory only: no
        persistence is configured, so nothing reaches disk)."""
        return Session(self.user_data).audience


HeysApp = Application[Any, BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any]


def services_of(app: HeysApp) -> Services:
    return cast(Services, app.bot_data[SERVICES_KEY])
