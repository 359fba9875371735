"""Handlers: the one ordered registration list of every journey.

Groups: -2 following the officer group to a new supergroup id; -1 gates (leave unknown
groups); 0 journeys, with the fallback last so it only sees what
nothing else claimed; 1 post-processing (none yet).
"""

from __future__ import annotations

from bot.telegram.context import HeysApp
from bot.telegram.handlers import (
    browse,
    errors,
    fallback,
    feedback,
    membership,
    officer,
    officer_commands,
    reminders,
    reports,
    start,
    status,
)

# officer comes before feedback: an officer's reply to a prompt in a private chat is theirs.
JOURNEYS = (
    membership,
    start,
    browse,
    officer,
    officer_commands,
    reports,
    feedback,
    status,
    reminders,
    fallback,
)


def register(app: HeysApp) -> None:
    for journey in JOURNEYS:
        journey.register(app)
    errors.register(app)
