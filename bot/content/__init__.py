"""Content: loads the officer-edited files in content/ strictly and validates them.

Every value is read as text (no surprise booleans or octal numbers) and checked by pydantic; each
problem comes back as one plain line naming the file, the line and the field.
"""

from __future__ import annotations

from bot.content.fields import (
    Day,
    Link,
    Phone,
    ServiceNumber,
    Slug,
    Text,
    Time,
    Worded,
    Wording,
    check_placeholders,
    unique_ids,
)
from bot.content.loader import (
    CONTENT_FILES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_VALUES,
    Content,
    ContentError,
    load_content,
)
from bot.content.models import (
    MONTHS,
    WEEKDAYS,
    WEEKS,
    Contact,
    Council,
    DatedMeeting,
    HelpNumber,
    LanguageLexicon,
    LocalOffer,
    Meetings,
    OfferArea,
    OfferItem,
    OutOfHours,
    Pledge,
    Promise,
    RecurringMeeting,
    RiskCategory,
    Safeguarding,
    Theme,
    Themes,
)
from bot.content.texts import (
    Texts,
)

__all__ = [
    "CONTENT_FILES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_VALUES",
    "MONTHS",
    "WEEKDAYS",
    "WEEKS",
    "Contact",
    "Content",
    "ContentError",
    "Council",
    "DatedMeeting",
    "Day",
    "HelpNumber",
    "LanguageLexicon",
    "Link",
    "LocalOffer",
    "Meetings",
    "OfferArea",
    "OfferItem",
    "OutOfHours",
    "Phone",
    "Pledge",
    "Promise",
    "RecurringMeeting",
    "RiskCategory",
    "Safeguarding",
    "ServiceNumber",
    "Slug",
    "Text",
    "Texts",
    "Theme",
    "Themes",
    "Time",
    "Worded",
    "Wording",
    "check_placeholders",
    "load_content",
    "unique_ids",
]
