"""Content fields: value types with plain-English errors, wordings, ids, phones, placeholders."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from datetime import date, time
from typing import Annotated, Any

import phonenumbers
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from bot.domain import Audience

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
