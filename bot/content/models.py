"""Content models: council, pledge, local offer, meetings, themes and safeguarding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from bot.content.fields import (
    Day,
    Link,
    Phone,
    ServiceNumber,
    Slug,
    Text,
    Time,
    Worded,
    _language_code,
    _Model,
    _unique_ids,
    unique_ids,
)
from bot.domain import NATIONAL_HELPLINES, Audience

# ---------------------------------------------------------------------------------------------
# council.yaml


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
    # The protective marking printed at the foot of every page of the board report.
    report_marking: Text = "OFFICIAL-SENSITIVE"
    minimum_age_notice: Text
    privacy_notice_url: Link


# ---------------------------------------------------------------------------------------------
# pledge.yaml


class Promise(_Model):
    id: Slug
    title: Worded
    text: Worded


class Pledge(_Model):
    title: Worded
    intro: Worded
    promises: Annotated[list[Promise], unique_ids("promise")] = Field(min_length=1)


# ---------------------------------------------------------------------------------------------
# local_offer.yaml


class OfferItem(_Model):
    id: Slug
    title: Worded
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
    title: Worded
    intro: Worded
    items: Annotated[list[OfferItem], unique_ids("item")] = Field(min_length=1)

    def items_for(self, audience: Audience) -> list[OfferItem]:
        """Items for this audience first, then the rest: nothing is hidden, only reordered."""
        return sorted(self.items, key=lambda item: audience not in item.audiences)

    def item(self, item_id: str) -> OfferItem | None:
        return next((i for i in self.items if i.id == item_id), None)


class LocalOffer(_Model):
    title: Worded
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
