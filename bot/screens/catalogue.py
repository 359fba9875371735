"""The screen catalogue: every screen of every journey, built from the content with sample
values, so officers can review the whole bot's wording in one file and the tests can hold
every screen to the limits a young person needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.content import Content
from bot.domain import (
    Action,
    ActionStatus,
    Audience,
    ContactState,
    Item,
    ItemKind,
    ItemStatus,
    Meeting,
    Receipt,
)
from bot.screens import browse, feedback, officer, reminders, start, status
from bot.screens.model import Screen
from bot.screens.text import phone_lines, plain
from bot.services.meetings import MeetingsService
from bot.services.officers import ItemForOfficer
from bot.services.status import StatusReport

# Screens whose point includes the full list of help numbers (they may run longer).
FULL_HELP = frozenset(
    {"start", "help", "feedback_notice", "crisis", "safety_check", "crisis_saved"}
)
SAMPLE_CODE = "KITE-7F3Q-X9MA"
SAMPLE_DRAFT = (
    "The wifi in our house goes off at 10pm and I need it for homework. "
    "Can it stay on until 11 on school nights?"
)
MAX_CHARS = 2000
SAMPLE_DRAFT_KEY = "sample-draft-001"  # the shape of a Send button's random key


@dataclass(frozen=True, slots=True)
class Entry:
    journey: str
    screen: Screen
    audience: Audience | None  # None: an officer screen

    @property
    def full_help(self) -> bool:
        return self.screen.name in FULL_HELP


def sample_meetings(content: Content, today: date) -> list[Meeting]:
    service = MeetingsService(
        content.meetings, lambda: datetime.combine(today, time(9), tzinfo=UTC), ZoneInfo("UTC")
    )
    return service.upcoming()


def sample_item(
    content: Content,
    today: date,
    *,
    status_: ItemStatus = ItemStatus.RECEIVED,
    urgent: bool = False,
    kind: ItemKind = ItemKind.FEEDBACK,
    audience: Audience = Audience.IN_CARE,
    answer: str | None = None,
    contact: ContactState | None = None,
) -> Item:
    theme = content.themes.themes[0].id
    return Item(
        id=42,
        kind=kind,
        audience=audience,
        text=SAMPLE_DRAFT,
        theme=theme,
        on_behalf=audience is Audience.CARER,
        urgent=urgent,
        risk_categories=(content.safeguarding.categories[0].id,) if urgent else (),
        suggested_themes=(theme,),
        status=status_,
        created_on=today - timedelta(days=3),
        expires_on=today + timedelta(days=365),
        answer=answer,
        contact=contact,
    )


def young_person_screens(content: Content, audience: Audience, today: date) -> list[Entry]:
    t = content.texts
    meetings = sample_meetings(content, today)
    meeting = meetings[0] if meetings else None
    theme = content.themes.themes[0].id
    done = [
        Action(
            1,
            theme,
            "The wifi now stays on until 11pm on school nights.",
            ActionStatus.DONE,
            today,
        ),
        Action(
            2,
            theme,
            "New carers will meet you before you move in.",
            ActionStatus.IN_PROGRESS,
            today,
        ),
        Action(
            3, theme, "Every home has a lock on the bedroom door.", ActionStatus.PLANNED, today
        ),
    ]
    answered = sample_item(
        content,
        today,
        kind=ItemKind.QUESTION,
        status_=ItemStatus.ANSWERED,
        answer="Yes. Bus passes are free for everyone in care, up to age 18.",
    )
    answered = replace(answered, board_text="Can I have a bus pass?")
    a = audience

    def entries(journey: str, screens: Iterable[Screen | None]) -> list[Entry]:
        return [Entry(journey, s, a) for s in screens if s is not None]

    out = entries(
        "start",
        [
            start.start_view(content, a),
            start.audience_view(content, a),
            start.audience_first_view(content),
            start.menu_view(content, a),
            start.notice_view(content, a, t.unknown.for_(a)),
            start.help_view(content, a),
            start.help_command_view(content, a),
            start.privacy_view(content, a),
            start.privacy_more_view(content, a),
        ],
    )
    out += entries(
        "browse",
        [
            browse.pledge_view(content, a),
            browse.pledge_view(content, a, 1),
            *(browse.promise_view(content, a, p.id) for p in content.pledge.promises),
            browse.offer_view(content, a),
            browse.offer_view(content, a, 1),
            *(browse.area_view(content, a, area.id) for area in content.offer.areas),
            *(
                browse.item_view(content, a, area.id, item.id)
                for area in content.offer.areas
                for item in area.items_for(a)
            ),
            *(
                browse.item_how_view(content, a, area.id, item.id)
                for area in content.offer.areas
                for item in area.items_for(a)
            ),
            browse.meetings_view(content, a, meetings, today),
            browse.meetings_view(content, a, meetings, meetings[0].views_by + timedelta(days=1))
            if meetings
            else None,
            browse.meetings_view(content, a, [], today),
            browse.board_view(content, a),
            browse.we_did_view(content, a, done, [answered]),
            browse.we_did_view(content, a, done, [answered], 1),
            browse.we_did_view(content, a, [], []),
        ],
    )
    out += entries("feedback", _feedback_screens(content, a, meeting))
    out += entries(
        "status",
        [
            status.status_view(
                content,
                a,
                StatusReport(
                    sample_item(
                        content,
                        today,
                        status_=s,
                        answer=answered.answer if s is ItemStatus.ANSWERED else None,
                        audience=a,
                    ),
                    SAMPLE_CODE,
                    tuple(done) if s in {ItemStatus.FOR_BOARD, ItemStatus.TAKEN_TO_BOARD} else (),
                ),
                meeting,
            )
            for s in ItemStatus
        ],
    )
    reminder_screens: list[Screen | None] = [
        reminders.remind_view(content, a, opted_in=False),
        reminders.remind_view(content, a, opted_in=True),
    ]
    if meeting is not None:
        reminder_screens += [
            reminders.reminder_view(content, a, "views", meeting),
            reminders.reminder_view(content, a, "meeting", meeting),
        ]
    out += entries("reminders", reminder_screens)
    out += entries(
        "replies",
        [
            officer.answer_push_view(content, a, answered),
            officer.answer_push_view(content, a, replace(answered, board_text=None)),
            officer.officer_reply_push_view(
                content, a, "Hi, it's Sam from the participation team. Thanks for your message."
            ),
        ],
    )
    return out


def _feedback_screens(
    content: Content, a: Audience, meeting: Meeting | None
) -> list[Screen | None]:
    t = content.texts
    screens: list[Screen | None] = []
    for kind in ItemKind:
        screens += [
            feedback.feedback_notice_view(content, a, kind),
            feedback.type_prompt_view(content, a, kind, MAX_CHARS),
            feedback.ack_view(content, a, Receipt(42, SAMPLE_CODE, False, kind), meeting),
        ]
    if a is Audience.CARER:
        screens.append(feedback.on_behalf_view(content, a))
    screens += [
        feedback.topics_view(content, a, 1),
        feedback.topics_view(content, a, 2),
        feedback.change_prompt_view(content, a),
        feedback.too_long_view(content, a, 2150, MAX_CHARS),
        feedback.preview_view(content, a, SAMPLE_DRAFT, token=SAMPLE_DRAFT_KEY),
        feedback.crisis_view(content, a),
        feedback.safety_check_view(content, a),
        feedback.crisis_saved_view(content, a, SAMPLE_CODE),
        feedback.crisis_saved_view(content, a, SAMPLE_CODE, numbers=False),
        feedback.contact_how_view(content, a, SAMPLE_CODE),
        feedback.contact_other_view(content, a),
        feedback.contact_saved_view(content, a, here=True),
        feedback.contact_saved_view(content, a, here=False),
        feedback.rate_limited_view(content, a),
        feedback.with_help_view(content, a, t.contact_declined.for_(a)),
    ]
    return screens


def officer_screens(content: Content, today: date) -> list[Entry]:
    item = sample_item(content, today)
    question = sample_item(content, today, kind=ItemKind.QUESTION)
    urgent = sample_item(content, today, urgent=True, contact=ContactState.REQUESTED)
    shown = ItemForOfficer(item, item.text, item.text, (), False, None)
    shown_urgent = ItemForOfficer(urgent, urgent.text, urgent.text, (), True, None)
    screens = [
        officer.officer_alert_view(content, item),
        officer.officer_alert_view(content, urgent),
        officer.officer_alert_view(content, urgent, realert=True),
        officer.officer_alert_view(content, urgent, contact=True),
        officer.officer_digest_view(content, [item, item]),
        officer.officer_queue_view(content, {ItemStatus.RECEIVED: 3}, 1, 1, urgent),
        officer.officer_queue_view(content, {}, 0, 0, None),
        officer.officer_item_view(content, shown),
        officer.officer_item_view(content, shown_urgent),
        officer.officer_item_view(content, ItemForOfficer(question, question.text, "", ())),
        officer.officer_theme_set_view(content, item, content.themes.themes[0].label),
        officer.officer_theme_view(content, item.id),
        officer.officer_marked_view(content, item.id, "missed"),
        officer.officer_item_view(
            content, ItemForOfficer(replace(item, screen_mark="missed"), item.text, "", ())
        ),
        officer.officer_daily_view(content, 5, {item.theme or "": 5}, 1, {"missed": 1}),
    ]
    return [Entry("officer", s, None) for s in screens]


def every_screen(
    content: Content, audiences: Sequence[Audience], today: date, *, officers: bool = True
) -> list[Entry]:
    out = [e for a in audiences for e in young_person_screens(content, a, today)]
    return out + (officer_screens(content, today) if officers else [])


def catalogue(
    content: Content, audiences: Sequence[Audience], today: date, *, officers: bool = True
) -> str:
    """Every screen as text, each with its line and button counts."""
    parts = []
    for entry in every_screen(content, audiences, today, officers=officers):
        who = entry.audience.value.replace("_", " ") if entry.audience else "officer"
        buttons = len(entry.screen.all_actions())
        lines = phone_lines(entry.screen)
        parts.append(
            f"=== {entry.journey} / {entry.screen.name} ({who}) · "
            f"{lines} lines · {buttons} buttons\n{plain(entry.screen)}"
        )
    return "\n\n".join(parts) + "\n"
