"""Handlers: the one ordered registration list of every journey.

Groups: -1 gates (leave unknown groups); 0 journeys, with the fallback last so it only sees what
nothing else claimed; 1 post-processing (none yet).
"""

from __future__ import annotations

from bot.context import HeysApp
from bot.handlers import browse, errors, fallback, feedback, membership, start, status

JOURNEYS = (membership, start, browse, feedback, status, fallback)


def register(app: HeysApp) -> None:
    for journey in JOURNEYS:
        journey.register(app)
    errors.register(app)
