"""Content: loads the officer-edited files in content/ strictly and validates them.

Every value is read as text (no surprise booleans or octal numbers) and checked by pydantic; each
problem comes back as one plain line naming the file, the line and the field.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, TypeVar

import phonenumbers
import strictyaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from strictyaml.ruamel.comments import CommentedMap, CommentedSeq
from strictyaml.ruamel.error import MarkedYAMLError, YAMLError
from strictyaml.ruamel.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from strictyaml.ruamel.loader import BaseLoader
from strictyaml.ruamel.main import parse as parse_events

from bot.domain import NATIONAL_HELPLINES, Audience

CONTENT_FILES = (
    "council.yaml",
    "pledge.yaml",
    "local_offer.yaml",
    "meetings.yaml",
    "themes.yaml",
    "safeguarding.yaml",
    "texts.yaml",
)


class ContentError(Exception):
    """Content could not be loaded; `problems` holds one plain line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


# ---------------------------------------------------------------------------------------------
# Small value types with plain-English errors


_SLUG = re.compile(r"[a-z][a-z0-9_]{0,23}")


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f'"{value}" should be a short name in small letters, numbers and _ '
            "(like leaving_care), at most 24 characters"
        )
    return value


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("is empty; please write something here")
    return value


def _parse_time(value: Any) -> Any:
    if isinstance(value, str):
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
        if not match:
            raise ValueError(f'"{value}" is not a time like 19:00')
        return time(int(match[1]), int(match[2]))
    return value


def _parse_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f'"{value}" is not a date like 2027-01-19') from None
    return value


def _language_code(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}", value):
        raise ValueError(f'"{value}" should be a language code in small letters, like cy or ar')
    return value


def _https(value: str) -> str:
    if not re.fullmatch(r"https://[^\s<>\"]+", value):
        raise ValueError(f'"{value}" should be a web address starting with https://')
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Text = Annotated[str, AfterValidator(_text)]
Time = Annotated[time, BeforeValidator(_parse_time)]
Day = Annotated[date, BeforeValidator(_parse_date)]
Link = Annotated[str, AfterValidator(_https)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Wording(_Model):
    """A sentence with optional care-leaver and carer versions; plain text means one for all."""

    in_care: Text
    care_leaver: Text | None = None
    carer: Text | None = None

    def for_(self, audience: Audience) -> str:
        if audience is Audience.CARE_LEAVER and self.care_leaver:
            return self.care_leaver
        if audience is Audience.CARER and self.carer:
            return self.carer
        return self.in_care

    def variants(self) -> list[str]:
        return [v for v in (self.in_care, self.care_leaver, self.carer) if v]


def _to_wording(value: Any) -> Any:
    return {"in_care": value} if isinstance(value, str) else value


Worded = Annotated[Wording, BeforeValidator(_to_wording)]

_ModelT = TypeVar("_ModelT", bound=BaseModel)


def _unique_ids(items: Iterable[Any], what: str) -> None:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in first:
            # The loader turns the indexes into the lines of both uses.
            raise PydanticCustomError(
                "duplicate_id",
                'the {what} id "{id}" is used twice; each one needs its own',
                {"what": what, "id": item.id, "index": index, "first": first[item.id]},
            )
        first[item.id] = index


def unique_ids(what: str) -> AfterValidator:
    """A list whose entries' ids must all differ (buttons find entries by id)."""

    def check(items: list[Any]) -> list[Any]:
        _unique_ids(items, what)
        return items

    return AfterValidator(check)


# ---------------------------------------------------------------------------------------------
# council.yaml


# Ofcom keeps these ranges for drama and examples: the shipped example council uses them, and
# they are never anyone's real number.
_EXAMPLE_NUMBER = re.compile(r"(?:1632960|7700900|8081570|9098790|3069990)\d{3}")


def _uk_number(value: str, *, short_code: bool) -> str:
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and number.country_code == 44:
        if phonenumbers.is_valid_number(number):
            return value
        if _EXAMPLE_NUMBER.fullmatch(str(number.national_number)):
            return value
        if short_code and phonenumbers.is_valid_short_number_for_region(number, "GB"):
            return value
    if short_code:
        raise ValueError(
            f'"{value}" is not a UK phone number or short code; write it in full with its '
            "area code, like 01632 960 999, or a short code like 111"
        )
    raise ValueError(
        f'"{value}" is not a UK phone number; write it in full with its area code, '
        "like 01632 960 123"
    )


def _phone(value: str) -> str:
    return _uk_number(value, short_code=False)


def _phone_or_short_code(value: str) -> str:
    return _uk_number(value, short_code=True)


# A person's number must be a full number; a service's may be a short code (like 111).
Phone = Annotated[str, AfterValidator(_text), AfterValidator(_phone)]
ServiceNumber = Annotated[str, AfterValidator(_text), AfterValidator(_phone_or_short_code)]


class Contact(_Model):
    name: Text
    email: Text
    phone: Phone


class OutOfHours(_Model):
    name: Text
    number: ServiceNumber


class Council(_Model):
    name: Text
    short_name: Text
    cicc_name: Text
    officer: Contact
    reading_hours: Text
    response_time: Text
    out_of_hours: OutOfHours
    retention_days: int = Field(ge=30, le=3650)
    messages_per_hour: int = Field(default=5, ge=1, le=100)
    messages_per_day: int = Field(default=20, ge=1, le=500)
    answer_opt_in_days: int = Field(default=120, ge=1, le=365)
    contact_opt_in_days: int = Field(default=30, ge=1, le=90)
    urgent_realert_hours: int = Field(default=2, ge=1, le=72)
    reminder_opt_in_days: int = Field(default=365, ge=1, le=730)
    report_days_before: int = Field(default=7, ge=1, le=60)
    minimum_age_notice: Text
    privacy_notice_url: Link


# ---------------------------------------------------------------------------------------------
# pledge.yaml


class Promise(_Model):
    id: Slug
    title: Worded
    text: Worded


class Pledge(_Model):
    title: Text
    intro: Worded
    promises: Annotated[list[Promise], unique_ids("promise")] = Field(min_length=1)


# ---------------------------------------------------------------------------------------------
# local_offer.yaml


class OfferItem(_Model):
    id: Slug
    title: Text
    what: Worded
    who: Text
    min_age: int | None = Field(default=None, ge=0, le=30)
    max_age: int | None = Field(default=None, ge=0, le=30)
    how: Worded
    link: Link | None = None
    audiences: list[Audience] = Field(default_factory=lambda: list(Audience), min_length=1)

    @model_validator(mode="after")
    def _ages(self) -> OfferItem:
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError(
                f"min_age {self.min_age} is more than max_age {self.max_age}; "
                "please swap them round"
            )
        return self


class OfferArea(_Model):
    id: Slug
    title: Text
    intro: Worded
    items: Annotated[list[OfferItem], unique_ids("item")] = Field(min_length=1)

    def items_for(self, audience: Audience) -> list[OfferItem]:
        """Items for this audience first, then the rest: nothing is hidden, only reordered."""
        return sorted(self.items, key=lambda item: audience not in item.audiences)

    def item(self, item_id: str) -> OfferItem | None:
        return next((i for i in self.items if i.id == item_id), None)


class LocalOffer(_Model):
    title: Text
    intro: Worded
    areas: Annotated[list[OfferArea], unique_ids("area")] = Field(min_length=1)

    def area(self, area_id: str) -> OfferArea | None:
        return next((a for a in self.areas if a.id == area_id), None)


# ---------------------------------------------------------------------------------------------
# meetings.yaml

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKS = ("first", "second", "third", "fourth", "last")


def _one_of(choices: Sequence[str], what: str) -> Any:
    def check(value: str) -> str:
        low = value.strip().lower()
        if low not in choices:
            raise ValueError(f'"{value}" is not {what} ({", ".join(choices)})')
        return low

    return AfterValidator(check)


class DatedMeeting(_Model):
    date: Day
    time: Time
    venue: Text
    topics: list[Text] = Field(default_factory=list)
    views_by: Day | None = None
    how_to_take_part: Worded | None = None

    @model_validator(mode="after")
    def _deadline(self) -> DatedMeeting:
        if self.views_by is not None and self.views_by > self.date:
            raise ValueError(
                f"views_by {self.views_by.isoformat()} is after the meeting on "
                f"{self.date.isoformat()}; views must arrive before the meeting"
            )
        return self


class RecurringMeeting(_Model):
    week: Annotated[str, _one_of(WEEKS, "a week of the month")]
    day: Annotated[str, _one_of(WEEKDAYS, "a day of the week")]
    months: list[Annotated[str, _one_of(MONTHS, "a month")]] = Field(min_length=1)
    time: Time
    venue: Text
    topics: list[Text] = Field(default_factory=list)


class Meetings(_Model):
    board_name: Text
    views_days_before: int = Field(default=14, ge=1, le=90)
    how_to_take_part: Worded
    dated: list[DatedMeeting] = Field(default_factory=list)
    recurring: list[RecurringMeeting] = Field(default_factory=list)

    @model_validator(mode="after")
    def _some(self) -> Meetings:
        if not self.dated and not self.recurring:
            raise ValueError("there are no meetings; add some under dated or recurring")
        return self


# ---------------------------------------------------------------------------------------------
# themes.yaml


class Theme(_Model):
    id: Slug
    label: Text
    # Carers write about a young person, not themselves: "Where they live", not "Where I live".
    carer_label: Text | None = None
    keywords: list[Text] = Field(min_length=1)

    def label_for(self, audience: Audience) -> str:
        if audience is Audience.CARER and self.carer_label:
            return self.carer_label
        return self.label


class Themes(_Model):
    themes: Annotated[list[Theme], unique_ids("theme")] = Field(min_length=1)

    def labels(self) -> dict[str, str]:
        return {theme.id: theme.label for theme in self.themes}


# ---------------------------------------------------------------------------------------------
# safeguarding.yaml


class HelpNumber(_Model):
    id: Slug
    name: Text
    number: Text
    how: Literal["call", "text", "call or text"]
    keyword: Text | None = None
    when: Text
    about: Worded

    @model_validator(mode="after")
    def _real_number(self) -> HelpNumber:
        real = NATIONAL_HELPLINES.get(self.id)
        if real is not None and self.number != real:
            raise ValueError(
                f'the number for "{self.id}" is "{self.number}" but the real number is '
                f'"{real}"; a wrong number could stop a child getting help'
            )
        return self


class RiskCategory(_Model):
    """A kind of harm: the label officers see, its theme, and the phrases that mean it.

    `phrases` make a message urgent; `check_phrases` are weaker signs (a knife, a painkiller)
    that make it "check" unless the rest of the message says it is urgent.
    """

    id: Slug
    label: Text
    theme: Slug
    phrases: list[Text] = Field(min_length=1)
    check_phrases: list[Text] = Field(default_factory=list)


class LanguageLexicon(_Model):
    """Risk words and a short help reply in one language other than English."""

    code: Annotated[str, AfterValidator(_language_code)]
    name: Text
    checked: Text
    phrases: list[Text] = Field(min_length=1)
    help_reply: Text


class Safeguarding(_Model):
    help_numbers: list[HelpNumber] = Field(min_length=1)
    categories: Annotated[list[RiskCategory], unique_ids("category")] = Field(min_length=1)
    languages: list[LanguageLexicon] = Field(default_factory=list)

    def category(self, category_id: str) -> RiskCategory | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def labels(self) -> dict[str, str]:
        """Category id → the plain label officers see."""
        return {c.id: c.label for c in self.categories}

    def help_reply(self, language: str) -> str | None:
        """The short help reply in this language (ISO 639-1 code), or None if there is none."""
        code = language.strip().lower().split("-")[0]
        return next((lang.help_reply for lang in self.languages if lang.code == code), None)

    @field_validator("languages")
    @classmethod
    def _one_per_language(cls, languages: list[LanguageLexicon]) -> list[LanguageLexicon]:
        seen: set[str] = set()
        for language in languages:
            if language.code in seen:
                raise ValueError(f'the language "{language.code}" is listed twice')
            seen.add(language.code)
        return languages

    @field_validator("help_numbers")
    @classmethod
    def _national(cls, numbers: list[HelpNumber]) -> list[HelpNumber]:
        _unique_ids(numbers, "help number")
        present = {n.id for n in numbers}
        for key, number in NATIONAL_HELPLINES.items():
            if key not in present:
                raise ValueError(f'the national help number "{key}" ({number}) is missing')
        return numbers


# ---------------------------------------------------------------------------------------------
# texts.yaml


class Texts(_Model):
    """Every sentence the bot says. Fields in {braces} are filled in by the bot."""

    PLACEHOLDERS: ClassVar[dict[str, frozenset[str]]] = {
        "welcome": frozenset({"council", "cicc"}),
        "privacy_more": frozenset({"officer_email", "privacy_url"}),
        "meetings_later": frozenset({"dates"}),
        "meeting_too_late": frozenset({"date"}),
        "answer_push_question": frozenset({"question"}),
        "answer_push_about": frozenset({"date", "theme"}),
        "privacy_summary": frozenset({"retention_days", "reading_hours"}),
        "not_watched": frozenset({"reading_hours", "response_time"}),
        "privacy_full": frozenset(
            {"retention_days", "reading_hours", "council", "officer_email", "privacy_url"}
        ),
        "meeting_when": frozenset({"date", "time"}),
        "meeting_where": frozenset({"venue"}),
        "meeting_views_by": frozenset({"date"}),
        "meeting_topics": frozenset({"topics"}),
        "meetings_intro": frozenset({"board"}),
        "offer_ages": frozenset({"min_age", "max_age"}),
        "offer_age_from": frozenset({"min_age"}),
        "offer_age_up_to": frozenset({"max_age"}),
        "help_out_of_hours": frozenset({"name", "number"}),
        "help_line_call": frozenset({"name", "number"}),
        "help_line_text": frozenset({"name", "number", "keyword"}),
        "help_command": frozenset({"reading_hours"}),
        "contact_officer": frozenset({"name", "email", "phone"}),
        "say_notice": frozenset({"reading_hours", "response_time"}),
        "ask_notice": frozenset({"reading_hours", "response_time"}),
        "type_message": frozenset({"max_chars"}),
        "type_question": frozenset({"max_chars"}),
        "too_long": frozenset({"length", "max_chars"}),
        "ack_code": frozenset({"code"}),
        "ack_next": frozenset({"reading_hours", "response_time"}),
        "ack_board": frozenset({"date", "views_by"}),
        "answer_optin_question": frozenset({"days", "response_time"}),
        "rate_limited": frozenset({"per_hour", "per_day"}),
        "limits_note": frozenset({"per_hour", "per_day"}),
        "crisis_reply": frozenset({"reading_hours"}),
        "crisis_saved": frozenset({"code"}),
        "contact_other_prompt": frozenset({"days"}),
        "contact_saved": frozenset({"reading_hours", "days"}),
        "contact_saved_here": frozenset({"reading_hours", "days"}),
        "officer_queue_contacts": frozenset({"count"}),
        "officer_not_english": frozenset({"language"}),
        "officer_alert_contact": frozenset({"number"}),
        "officer_contact_here": frozenset({"number"}),
        "officer_contact_other": frozenset({"how"}),
        "officer_contact_closed": frozenset({"outcome"}),
        "officer_contact_closed_done": frozenset({"number"}),
        "officer_published": frozenset({"number"}),
        "officer_screen_marked": frozenset({"number"}),
        "officer_digest_marks": frozenset({"missed", "false_alarms"}),
        "officer_open_private_chat": frozenset({"number"}),
        "officer_reply_sent": frozenset({"number"}),
        "officer_reply_failed": frozenset({"number"}),
        "status_heading": frozenset({"date"}),
        "status_board": frozenset({"date"}),
        "delete_usage": frozenset({"officer_email"}),
        "we_did_question_about": frozenset({"theme"}),
        "officer_alert": frozenset({"kind", "number", "theme", "audience", "behalf"}),
        "officer_alert_urgent": frozenset({"kind", "number", "categories", "audience"}),
        "officer_realert": frozenset({"number"}),
        "officer_digest": frozenset({"count", "items"}),
        "officer_queue": frozenset(
            {"open", "urgent", "for_board", "not_for_board", "answered", "referred", "no_action"}
        ),
        "officer_item": frozenset({"number", "kind", "status", "theme", "audience", "day"}),
        "officer_hidden": frozenset({"names"}),
        "officer_risk": frozenset({"categories"}),
        "officer_reason": frozenset({"reason"}),
        "officer_answer": frozenset({"answer"}),
        "officer_redact_prompt": frozenset({"number"}),
        "officer_reason_prompt": frozenset({"number"}),
        "officer_answer_prompt": frozenset({"number"}),
        "officer_pick_theme": frozenset({"number"}),
        "officer_done": frozenset({"number", "status"}),
        "officer_theme_set": frozenset({"number", "theme"}),
        "officer_redacted": frozenset({"number"}),
        "officer_already_decided": frozenset({"number", "status", "by"}),
        "officer_no_item": frozenset({"number"}),
        "officer_not_allowed": frozenset({"number", "why"}),
        "officer_answered": frozenset({"number"}),
        "officer_wedid_saved": frozenset({"number"}),
        "officer_wedid_updated": frozenset({"number", "status"}),
        "officer_export_caption": frozenset({"count"}),
        "officer_migrated": frozenset({"new"}),
        "report_subtitle": frozenset({"council", "board"}),
        "report_period": frozenset({"first", "last"}),
        "report_made": frozenset({"date"}),
        "report_chart_description": frozenset({"first", "last"}),
        "report_safeguarding_count": frozenset({"count", "decided"}),
        "report_decided_some": frozenset({"same_day", "later", "waiting"}),
        "report_read_some": frozenset({"read", "unread"}),
        "report_method_text": frozenset({"small", "read"}),
        "report_screen_marks": frozenset({"missed", "false_alarms"}),
        "report_fewer_than": frozenset({"small"}),
        "report_change_up": frozenset({"n"}),
        "report_change_down": frozenset({"n"}),
        "remind_offer": frozenset({"days"}),
        "reminder_views": frozenset({"board", "date", "views_by"}),
        "reminder_meeting": frozenset({"board", "date", "time"}),
        "officer_digest_daily": frozenset({"count", "themes", "urgent"}),
    }

    welcome: Worded
    privacy_summary: Worded
    not_watched: Worded
    help_heading: Worded
    who_are_you: Worded
    audience_saved: Worded
    menu_intro: Worded
    pledge_pick: Worded
    offer_pick_area: Worded
    offer_pick_item: Worded
    offer_what: Worded
    offer_who: Worded
    offer_how: Worded
    offer_ages: Worded
    offer_age_from: Worded
    offer_age_up_to: Worded
    offer_link: Worded
    meetings_intro: Worded
    meetings_none: Worded
    meeting_when: Worded
    meeting_where: Worded
    meeting_topics: Worded
    meeting_views_by: Worded
    meetings_take_part: Worded
    help_intro: Worded
    help_line_call: Worded
    help_line_text: Worded
    help_out_of_hours: Worded
    help_after: Worded
    privacy_full: Worded
    privacy_more: Worded
    privacy_notice_link: Worded
    button_privacy_more: Text
    help_hint: Worded
    button_more: Text
    button_first_page: Text
    pick_more_topics: Worded
    button_more_topics: Text
    kept_draft: Worded
    already_sent: Worded
    contact_officer: Worded
    help_command: Worded
    unknown: Worded
    media_only_text: Worded
    error_generic: Worded
    old_button: Worded
    say_notice: Worded
    ask_notice: Worded
    pick_topic: Worded
    on_behalf_question: Worded
    type_message: Worded
    type_question: Worded
    too_long: Worded
    preview_heading: Worded
    preview_check: Worded
    change_prompt: Worded
    cancelled: Worded
    nothing_to_send: Worded
    not_saved: Worded
    ack_thanks: Worded
    ack_question_thanks: Worded
    ack_code: Worded
    ack_next: Worded
    ack_board: Worded
    answer_optin_question: Worded
    answer_optin_saved: Worded
    answer_optin_declined: Worded
    rate_limited: Worded
    limits_note: Worded
    crisis_reply: Worded
    crisis_privacy: Worded
    crisis_saved: Worded
    crisis_not_saved: Worded
    contact_question: Worded
    check_intro: Worded
    check_question: Worded
    contact_how_question: Worded
    contact_other_prompt: Worded
    contact_saved: Worded
    contact_saved_here: Worded
    audience_before_writing: Worded
    contact_not_saved: Worded
    crisis_added: Worded
    reply_push_intro: Worded
    reply_push_outro: Worded
    contact_declined: Worded
    status_too_many: Worded
    status_usage: Worded
    status_not_found: Worded
    status_heading: Worded
    status_received: Worded
    status_read: Worded
    status_for_board: Worded
    status_not_for_board: Worded
    status_taken_to_board: Worded
    status_answered: Worded
    status_referred: Worded
    status_board: Worded
    status_urgent: Worded
    delete_usage: Worded
    deleted: Worded
    delete_kept_for_safety: Worded
    forget_done: Worded
    forget_nothing: Worded
    we_did_intro: Worded
    we_did_none: Worded
    we_did_planned: Worded
    we_did_in_progress: Worded
    we_did_done: Worded
    we_did_answers: Worded
    we_did_question_about: Worded
    status_answer: Worded
    status_actions: Worded
    status_no_action: Worded
    answer_push: Worded
    answer_push_after: Worded
    officer_alert: Worded
    officer_alert_urgent: Worded
    officer_realert: Worded
    officer_digest: Worded
    officer_on_behalf: Worded
    officer_queue: Worded
    officer_queue_empty: Worded
    officer_item: Worded
    officer_hidden: Worded
    officer_risk: Worded
    officer_suggestion: Worded
    officer_reason: Worded
    officer_answer: Worded
    officer_redact_prompt: Worded
    officer_reason_prompt: Worded
    officer_pick_theme: Worded
    officer_done: Worded
    officer_theme_set: Worded
    officer_redacted: Worded
    officer_already_decided: Worded
    officer_refused: Worded
    officer_no_item: Worded
    officer_not_allowed: Worded
    officer_answer_usage: Worded
    officer_answered: Worded
    officer_wedid_usage: Worded
    officer_wedid_saved: Worded
    officer_wedid_updated: Worded
    officer_export_caption: Worded
    officer_export_empty: Worded
    officer_migrated: Worded
    officer_queue_contacts: Worded
    officer_not_english: Worded
    officer_language_unknown: Worded
    officer_alert_contact: Worded
    officer_contact_here: Worded
    officer_contact_other: Worded
    officer_contact_closed: Worded
    officer_contact_closed_done: Worded
    officer_published: Worded
    officer_screen_marked: Worded
    officer_digest_marks: Worded
    officer_open_private_chat: Worded
    officer_reply_usage: Worded
    officer_reply_sent: Worded
    officer_reply_failed: Worded
    officer_error: Worded
    officer_report_dates: Worded
    button_we_did: Text
    button_how_to_get: Text
    meetings_next: Worded
    meetings_later: Worded
    meeting_too_late: Worded
    button_about_board: Text
    answer_push_question: Worded
    answer_push_about: Worded
    officer_button_view: Text
    officer_button_answer: Text
    officer_answer_prompt: Worded
    officer_button_contacted: Text
    officer_button_unreachable: Text
    officer_button_publish: Text
    officer_button_missed: Text
    officer_button_false_alarm: Text
    officer_button_board: Text
    officer_button_redact: Text
    officer_button_theme: Text
    officer_button_not_board: Text
    officer_button_referred: Text
    officer_button_no_action: Text
    officer_button_next: Text
    report_title: Worded
    report_subtitle: Worded
    report_period: Worded
    report_made: Worded
    report_headline: Worded
    report_total: Worded
    report_feedback: Worded
    report_questions_count: Worded
    report_in_care: Worded
    report_care_leaver: Worded
    report_carer: Worded
    report_on_behalf: Worded
    report_themes: Worded
    report_theme_column: Worded
    report_now_column: Worded
    report_before_column: Worded
    report_change_column: Worded
    report_chart_title: Worded
    report_chart_description: Worded
    report_quotes: Worded
    report_no_quotes: Worded
    report_questions: Worded
    report_no_questions: Worded
    report_safeguarding: Worded
    report_safeguarding_count: Worded
    report_decided_all: Worded
    report_decided_some: Worded
    report_we_did: Worded
    report_no_actions: Worded
    report_method: Worded
    report_method_text: Worded
    report_screen_marks: Worded
    report_read_all: Worded
    report_read_some: Worded
    report_fewer_than: Worded
    report_change_up: Worded
    report_change_down: Worded
    report_change_same: Worded
    report_change_hidden: Worded
    report_not_sure: Worded
    report_empty: Worded
    remind_offer: Worded
    remind_on: Worded
    button_remind_keep: Text
    remind_kept: Worded
    remind_saved: Worded
    remind_stopped: Worded
    remind_declined: Worded
    reminder_views: Worded
    reminder_meeting: Worded
    officer_digest_daily: Worded
    button_say: Text
    button_ask: Text
    button_not_sure: Text
    button_own_view: Text
    button_childs_view: Text
    button_send: Text
    button_change: Text
    button_cancel: Text
    button_tell_me: Text
    button_no_thanks: Text
    button_not_safe: Text
    button_unsure_safe: Text
    button_safe_ok: Text
    button_contact_me: Text
    button_contact_here: Text
    button_contact_other: Text
    command_cancel: Text
    command_remind: Text
    button_remind: Text
    button_remind_yes: Text
    button_remind_stop: Text
    command_status: Text
    command_delete: Text
    command_forget: Text
    button_in_care: Text
    button_care_leaver: Text
    button_carer: Text
    button_pledge: Text
    button_offer: Text
    button_meetings: Text
    button_help: Text
    button_privacy: Text
    button_menu: Text
    button_back: Text
    button_all_areas: Text
    button_change_audience: Text
    command_start: Text
    command_menu: Text
    command_help: Text
    command_privacy: Text

    @field_validator("*", mode="after")
    @classmethod
    def _placeholders(cls, value: Any, info: ValidationInfo) -> Any:
        allowed = cls.PLACEHOLDERS.get(info.field_name or "", frozenset())
        variants = value.variants() if isinstance(value, Wording) else [value]
        try:
            for text in variants:
                check_placeholders(text, allowed)
        except ValueError as error:
            raise ValueError(f"{info.field_name} {error}") from None
        return value


def check_placeholders(text: str, allowed: frozenset[str]) -> None:
    """Only the {names} the bot fills in may appear; a stray brace would crash a reply."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise ValueError(
            "has a { or } on its own; use them only around a name the bot fills in"
        ) from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            can = ", ".join("{" + a + "}" for a in sorted(allowed)) or "no {names} at all"
            raise ValueError(f'uses "{{{name}}}" but this text can only use {can}')


# ---------------------------------------------------------------------------------------------
# The whole content folder


@dataclass(frozen=True, slots=True)
class Content:
    council: Council
    pledge: Pledge
    offer: LocalOffer
    meetings: Meetings
    themes: Themes
    safeguarding: Safeguarding
    texts: Texts


def load_content(directory: Path) -> Content:
    """Load and validate every content file; raise ContentError listing every problem found."""
    problems: list[str] = []
    models: list[Any] = [
        _load_file(directory / name, model, problems)
        for name, model in zip(
            CONTENT_FILES,
            (Council, Pledge, LocalOffer, Meetings, Themes, Safeguarding, Texts),
            strict=True,
        )
    ]
    if problems:
        raise ContentError(problems)
    content = Content(*models)
    problems.extend(_cross_file_problems(content))
    if problems:
        raise ContentError(problems)
    return content


def _cross_file_problems(content: Content) -> list[str]:
    """Checks that need two files: every safeguarding category's theme is in themes.yaml."""
    themes = {theme.id for theme in content.themes.themes}
    return [
        f'safeguarding.yaml: the category "{category.id}" has the theme "{category.theme}", '
        f"which is not in themes.yaml ({', '.join(sorted(themes))})"
        for category in content.safeguarding.categories
        if category.theme not in themes
    ]


# Content files are a few pages of text; anything bigger is the wrong file (or an attack on the
# loader), and nothing an officer writes needs more levels than this.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 20
# strictyaml's time grows with the square of a file's values (1,000 in one list took 15 s on a
# busy machine; the largest shipped file has under 500), so a cap keeps start-up bounded.
MAX_VALUES = 3000
# The characters YAML refuses (the same set as the YAML reader's): control characters and NUL.
_NOT_TEXT = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _load_file(path: Path, model: type[_ModelT], problems: list[str]) -> _ModelT | None:
    name = path.name
    raw = _read_text(path, problems)
    if raw is None:
        return None
    shape = _shape_problem(raw)
    if shape is not None:
        problems.append(f"{name} {shape}")
        return None
    try:
        document = strictyaml.load(raw, label=name)
    except MarkedYAMLError as error:
        problems.append(_yaml_problem(name, error))
        return None
    except (YAMLError, RecursionError):
        problems.append(f"{name}: the file could not be read as 'name: value' lines")
        return None
    if not document.is_mapping():
        problems.append(f"{name} line 1: the file should be made of 'name: value' lines")
        return None
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        problems.extend(_pydantic_problem(name, document, e) for e in error.errors())
        return None


def _read_text(path: Path, problems: list[str]) -> str | None:
    """The file as text, or None with one plain line saying why it cannot be used."""
    name = path.name
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        problems.append(f"{name}: the file is missing from {path.parent}")
        return None
    except IsADirectoryError:
        problems.append(f"{name}: this is a folder, not a file")
        return None
    except OSError as error:
        problems.append(f"{name}: the file cannot be opened ({error.strerror or error})")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.append(
            f"{name}: the file is bigger than 1 MB; content files are a few pages of text, "
            "so check this is the right file"
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            f"{name} line {line}: the file is not saved as UTF-8 text; "
            "save it again choosing UTF-8 as the encoding"
        )
        return None
    text = text.removeprefix("\ufeff")  # a byte-order mark from Notepad is harmless
    hidden = _NOT_TEXT.search(text)
    if hidden is not None:
        line = text.count("\n", 0, hidden.start()) + 1
        what = "a NUL character" if hidden[0] == "\x00" else "a hidden control character"
        problems.append(
            f"{name} line {line}: there is {what} (U+{ord(hidden[0]):04X}) here; "
            "delete it, or copy the text into a fresh file"
        )
        return None
    return text


def _could_be_too_big(text: str) -> bool:
    """A cheap look first (every content file is parsed on every start). strictyaml refuses
    [ ] and { } lists, so nesting needs indentation: a block nested d deep starts at column
    d - 2 or more. And a line holds at most two values (a name and its value)."""
    lines = 0
    for line in text.splitlines():
        body = line.lstrip(" -")
        if body and not body.startswith("#"):
            lines += 1
            if len(line) - len(body) >= MAX_DEPTH - 3:
                return True
    return lines * 2 > MAX_VALUES


def _shape_problem(text: str) -> str | None:
    """'line N: ...' when the layout goes deeper than MAX_DEPTH or holds more than MAX_VALUES
    values. Reads parser events one by one, so even a very deep file cannot exhaust Python's
    recursion limit, and stops at the first problem."""
    if not _could_be_too_big(text):
        return None
    depth = values = 0
    try:
        for event in parse_events(text, Loader=BaseLoader):
            if isinstance(event, MappingStartEvent | SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return (
                        f"line {event.start_mark.line + 1}: the layout goes more than "
                        f"{MAX_DEPTH} levels deep here; check the spaces at the start of each line"
                    )
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1
            elif isinstance(event, ScalarEvent):
                values += 1
                if values > MAX_VALUES:
                    return (
                        f"line {event.start_mark.line + 1}: the file has more than {MAX_VALUES} "
                        "values by here; content files are much smaller, so check it is the "
                        "right file"
                    )
    except YAMLError:
        return None  # a layout mistake: strictyaml reports it with its line
    return None


_YAML_PROBLEMS = {
    "DuplicateKeysDisallowed": "the same name appears twice in one place",
    "FlowMappingDisallowed": (
        "{ } and [ ] lists are not allowed; put one item per line starting with '- ', "
        "or put the text in quotes"
    ),
    "AnchorTokenDisallowed": "a value cannot start with & ; put the text in quotes",
    "TagTokenDisallowed": "a value cannot start with ! ; put the text in quotes",
}


def _yaml_problem(name: str, error: MarkedYAMLError) -> str:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 1
    plain = _YAML_PROBLEMS.get(
        type(error).__name__,
        "the layout is not right here; check the spaces at the start of the line, "
        "and that a value with a colon in it is in quotes",
    )
    return f"{name} line {line}: {plain}"


def _walk(document: Any, loc: tuple[int | str, ...]) -> tuple[int, bool, int]:
    """Follow an error location into the parsed YAML.

    Returns the 1-based line of the deepest part found, whether that part is a single value, and
    how many parts of the location were found. (strictyaml's own line numbers are worked out by
    re-printing the file and drift after comments, so we read ruamel's positions underneath it.)
    """
    node = document._chunk._ruamelparsed
    line = 0
    for found, part in enumerate(loc):
        if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
            line = node.lc.key(part)[0]
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0]
            node = node[part]
        else:
            # A plain text where the model has parts (a wording given as one sentence) is that
            # text's own problem; anything else (a missing name) is about the whole location.
            scalar = found > 0 and not isinstance(node, CommentedMap | CommentedSeq)
            return line + 1, scalar, found if scalar else len(loc)
    return line + 1, not isinstance(node, CommentedMap | CommentedSeq), len(loc)


def _field_name(loc: tuple[int | str, ...]) -> str:
    """The name as the officer wrote it: with its parent's when nested ("officer phone")."""
    parts = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
    if not parts or not isinstance(parts[-1], str):
        named = [str(p) for p in parts if isinstance(p, str)]
        return named[-1] if named else "this file"
    if len(parts) >= 2 and isinstance(parts[-2], str):
        return f"{parts[-2]} {parts[-1]}"
    return parts[-1]


def _pydantic_problem(name: str, document: Any, error: Any) -> str:
    loc = tuple(error["loc"])
    line, leaf, found = _walk(document, loc)
    field = _field_name(loc[:found])
    given = error.get("input")
    kind = error["type"]
    if kind == "duplicate_id":
        ctx = error["ctx"]
        line = _walk(document, (*loc, ctx["index"], "id"))[0]
        first = _walk(document, (*loc, ctx["first"], "id"))[0]
        plain = (
            f'the {ctx["what"]} id "{ctx["id"]}" is used twice (first on line {first}); '
            "each one needs its own"
        )
    elif kind == "missing":
        plain = f"{field} is missing"
    elif kind == "extra_forbidden":
        plain = f'"{loc[-1]}" is not something I know here; check the spelling'
    elif kind == "int_parsing":
        plain = f'{field} "{given}" is not a whole number'
    elif kind == "string_type":
        plain = f"{field} should be text"
    elif kind == "list_type":
        plain = f"{field} should be a list, one item per line starting with '- '"
    elif kind in {"model_type", "dict_type", "model_attributes_type"}:
        plain = f"{field} should be a set of 'name: value' lines"
    elif kind == "enum":
        choices = ", ".join(a.value for a in Audience)
        plain = f'{field} "{given}" should be one of: {choices}'
    elif kind == "literal_error":
        plain = f'{field} "{given}" should be {error["ctx"]["expected"]}'
    elif kind == "too_short":
        plain = f"{field} needs at least one entry"
    elif kind in {"greater_than_equal", "less_than_equal"}:
        plain = f'{field} "{given}" {error["msg"].lower()}'
    elif kind == "value_error":
        message = str(error["ctx"]["error"])
        # Field checks read "time "7pm" is not ..."; whole-entry checks carry their own subject.
        prefix = leaf and not message.startswith(field)
        plain = f"{field} {message}" if prefix else message
    else:
        plain = f"{field}: {error['msg']}"
    return f"{name} line {line}: {plain}"
