"""Redaction service: removes what identifies a child from a message before an officer quotes it.

Every regular expression below is linear in the length of the text: each repeat is bounded
(`{m,n}`), or is a single character class that cannot overlap what follows it, and no repeat
contains another repeat of unbounded length, so the work at each starting position has a constant
ceiling. Runs of phone-number pieces are scanned once, left to right, in Python; each start looks
at no more than `_MAX_DIGITS` digits ahead. tests/test_redaction_cases.py and
tests/test_redaction_more.py run 10,000 characters of hostile input through every pattern.
"""

from __future__ import annotations

import re
from functools import partial

from bot.content import Content
from bot.services.redaction.cues import (
    _AGED,
    _BEFORE_NAME,
    _CUE_AFTER,
    _CUE_BEFORE,
    _FAMILY,
    _INTRODUCED,
    _LAST_NAME,
    _TITLED_SURNAME,
    aged,
    before_name,
    cue_after,
    cue_before,
    family,
    introduced,
    last_name,
    titled_surname,
)
from bot.services.redaction.names import (
    _handle_before_platform,
    _known_first_name,
    _name_at_service,
    _name_before_words,
    _name_words,
    _named_street,
    _plain,
    _postcode_or_not,
    _propagate,
    _replace_names,
    _street_or_not,
    _titled_or_capitalised_words,
    _titled_words,
    _username_or_not,
)
from bot.services.redaction.patterns import (
    _BARE_URL,
    _BIRTH_DATE,
    _CAPITALISED_FIRST_NAME,
    _EMAIL,
    _HANDLE,
    _KNOWN_NAME,
    _NAME,
    _NAME_AFTER_NAME,
    _NAME_AT_SERVICE,
    _NAME_BEFORE,
    _NAME_CHANGE,
    _NAMED_STREET,
    _NHS_NUMBER,
    _NI_NUMBER,
    _POSSESSIVE,
    _POSTCODE,
    _SPOKEN_EMAIL,
    _STREET,
    _TITLED,
    _URL,
    _USERNAME,
    _USERNAME_BEFORE,
)
from bot.services.redaction.people import (
    _FAMILY_NAME,
    _INTRO,
    _NAME_AND_ME,
    _NAME_DOES,
    _NAME_OWNS,
    _SIGN_OFF,
    _capitalised_first_name,
    _gone_by,
    _intro,
    _known_name,
    _name_does,
    _person_words,
)
from bot.services.redaction.phones import _redact_phones
from bot.services.redaction.words import (
    _ANY_NAME,
    _KEEP_IN_NAMES,
    COMMON_WORDS,
    FIRST_NAMES,
    INSTITUTION_WORDS,
    NOT_NAMES,
    REDACTION_MARKS,
    WORDS_THAT_ARE_NAMES,
)

__all__ = [
    "COMMON_WORDS",
    "FIRST_NAMES",
    "INSTITUTION_WORDS",
    "NOT_NAMES",
    "REDACTION_MARKS",
    "WORDS_THAT_ARE_NAMES",
    "redact",
    "words_to_keep",
]


def redact(text: str, *, keep: frozenset[str] = frozenset()) -> str:
    """Replace phone numbers, emails, links, usernames, addresses and people's names.

    `keep` adds words that mark a name as the council's own, as from `words_to_keep(content)`.
    """
    if "@" in text:  # both patterns need an "@": skip the scan when there is none
        text = _EMAIL.sub(REDACTION_MARKS["email"], text)
    text = _SPOKEN_EMAIL.sub(REDACTION_MARKS["email"], text)
    text = _URL.sub(REDACTION_MARKS["url"], text)
    text = _BARE_URL.sub(REDACTION_MARKS["url"], text)
    if "@" in text:
        text = _HANDLE.sub(REDACTION_MARKS["handle"], text)
    text = _USERNAME.sub(_username_or_not, text)
    text = _USERNAME_BEFORE.sub(_handle_before_platform, text)
    text = _NHS_NUMBER.sub(partial(_marked, "number", "id_number"), text)
    text = _NI_NUMBER.sub(_ni_number, text)
    text = _BIRTH_DATE.sub(partial(_marked, "date", "birth_date"), text)
    text = _redact_phones(text)
    text = _STREET.sub(_street_or_not, text)
    stop = _KEEP_IN_NAMES | keep
    text = _NAMED_STREET.sub(partial(_named_street, keep=stop), text)
    text = _POSTCODE.sub(_postcode_or_not, text)
    names: set[str] = set()
    text = _replace_names(text, _NAME, partial(_name_words, keep=stop), names)
    text = _replace_names(text, _TITLED, partial(_titled_words, keep=stop), names)
    text = _replace_names(text, _NAME_BEFORE, partial(_name_before_words, keep=stop), names)
    if _may_change_name(text):
        text = _replace_names(text, _NAME_CHANGE, partial(_gone_by, keep=stop), names)
    text = _replace_names(text, _KNOWN_NAME, partial(_known_first_name, keep=stop), names)
    text = _replace_names(text, _NAME_AT_SERVICE, partial(_name_at_service, keep=stop), names)
    people = partial(_person_words, keep=stop)
    text = _replace_names(text, _NAME_OWNS, people, names)
    text = _replace_names(text, _NAME_AND_ME, partial(_known_name, keep=stop), names)
    text = _replace_names(text, _FAMILY_NAME, people, names)
    text = _replace_names(text, _INTRO, partial(_intro, keep=stop), names)
    text = _replace_names(text, _SIGN_OFF, people, names)
    text = _replace_names(text, _NAME_DOES, partial(_name_does, keep=stop), names)
    text = _by_cues(text, stop, names)
    text = _joined_names(text, stop, names)
    # Names found so far go everywhere first ("a lad called Green ... Edward Green"), so a
    # first name is never judged beside a surname that is about to go; then any capitalised
    # known first name, and the names listed after it.
    text = _propagate(text, names)
    text = _replace_names(
        text, _CAPITALISED_FIRST_NAME, partial(_capitalised_first_name, keep=stop), names
    )
    text = _joined_names(text, stop, names)
    return _propagate(text, names)


def _by_cues(text: str, stop: frozenset[str], names: set[str]) -> str:
    """Names no list knows, found by the words around them (cues.py)."""
    text = _replace_names(text, _CUE_BEFORE, partial(cue_before, keep=stop), names)
    text = _replace_names(text, _CUE_AFTER, partial(cue_after, keep=stop), names)
    text = _replace_names(text, _AGED, partial(aged, keep=stop), names)
    text = _replace_names(text, _FAMILY, partial(family, keep=stop), names)
    for kind, pattern in _INTRODUCED.items():
        text = _replace_names(text, pattern, partial(introduced, keep=stop, group=kind), names)
    text = _replace_names(text, _TITLED_SURNAME, partial(titled_surname, keep=stop), names)
    return _replace_names(text, _LAST_NAME, partial(last_name, keep=stop), names)


def _joined_names(text: str, stop: frozenset[str], names: set[str]) -> str:
    """ "Fatuma, Abdiaziz, Najma and me", "Amani and Leon": names joined to a name found, each
    pass reaching one further along the list (a bounded number of linear passes)."""
    after = partial(_titled_or_capitalised_words, keep=stop)
    for _ in range(_MOST_JOINED):
        joined = _replace_names(text, _NAME_AFTER_NAME, after, names)
        joined = _replace_names(joined, _BEFORE_NAME, partial(before_name, keep=stop), names)
        if joined == text:
            break
        text = joined
    return text


_MOST_JOINED = 6


def _ni_number(match: re.Match[str]) -> str:
    return _marked("number" if match.group("number") else "spoken", "id_number", match)


def _marked(group: str, kind: str, match: re.Match[str]) -> str:
    """The match with only its `group` replaced by the mark: "dob [date of birth]"."""
    start, end = match.span(group)
    whole = match.group()
    return whole[: start - match.start()] + REDACTION_MARKS[kind] + whole[end - match.start() :]


def _may_change_name(text: str) -> bool:
    """Whether _NAME_CHANGE can match: each of its triggers says "name", "call..." or "go(es)
    by". (Its ignore-case also matches dotless i and long s, U+0131 and U+017F, for i and s;
    these words have neither letter, so a plain lower() finds every case.)"""
    lowered = text.lower()
    return "name" in lowered or "call" in lowered or ("go" in lowered and "by" in lowered)


_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'\u2019-]{1,30}(?: [A-Z][\w'\u2019-]{1,30}){1,5}")


def words_to_keep(content: Content) -> frozenset[str]:
    """Words of the council's own names in content/: "called Northbridge Active" is kept.

    Taken from the council's names, the help numbers, and runs of capitalised words in the local
    offer that start with the council's short name or hold an institution word. First names are
    never kept, so an officer's name in the content cannot shield a child's carer of that name.
    """
    council = content.council
    names = [
        council.name,
        council.short_name,
        council.cicc_name,
        council.out_of_hours.name,
        *(number.name for number in content.safeguarding.help_numbers),
    ]
    short = _plain(council.short_name)
    for area in content.offer.areas:
        for item in area.items:
            for text in [
                *item.title.variants(),
                item.who,
                *item.what.variants(),
                *item.how.variants(),
            ]:
                for run in _CAPITALISED_RUN.findall(text):
                    words = [_plain(w) for w in run.split()]
                    if words[0] == short or any(w in INSTITUTION_WORDS for w in words):
                        names.append(run)
    found = {
        _POSSESSIVE.sub("", _plain(w)) for name in names for w in re.findall(r"[\w&'-]+", name)
    }
    return frozenset(found - COMMON_WORDS - _ANY_NAME - NOT_NAMES)
