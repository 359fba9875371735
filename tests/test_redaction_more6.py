"""Redaction, round six: kinds a stranger found by writing 534 new messages against the redactor.

Every detail is made up: NHS and National Insurance numbers in the shapes the NHS and HMRC use
for examples, names common enough to be anyone's.
"""

from __future__ import annotations

import pytest

from bot.services.redaction import redact

# (message, substrings that must not survive redaction)
GONE: list[tuple[str, list[str]]] = [
    # a surname straight after a name that was found
    ("i'm Kayla Brown and i live in the resi", ["Kayla", "Brown"]),
    ("from Kayla Adeyemi, foster carer", ["Kayla", "Adeyemi"]),
    ("my sw is Hannah Green", ["Hannah", "Green"]),
    ("my social worker Jade Roberts's office is shut", ["Jade", "Roberts"]),
    # a known first name, capitalised, with no cue before it
    ("Kayla said no", ["Kayla"]),
    ("then Jayden came round and started on me", ["Jayden"]),
    ("cheers Kayla for the lift", ["Kayla"]),
    ("Jayden, Reece and Mercy came round", ["Jayden", "Reece"]),
    ("i stayed at Kayla's house", ["Kayla"]),
    ("Kayla Brown keeps messaging me", ["Kayla", "Brown"]),
    # a form-style label
    ("Name: Kayla Brown", ["Kayla", "Brown"]),
    ("name: Kayla", ["Kayla"]),
    ("full name - Ewa Nowak", ["Ewa", "Nowak"]),
    # handles on more platforms and in looser wording
    ("my ps4 is NightOwl_21", ["NightOwl_21"]),
    ("my spotify is kayden.b", ["kayden.b"]),
    ("add me its xx_kayla", ["xx_kayla"]),
    ("insta at kam.ali", ["kam.ali"]),
    ("on xbox im GhostRider247", ["GhostRider247"]),
    *((f"{platform}: kayla_b22", ["kayla_b22"]) for platform in ("ps4", "ps5", "spotify")),
    *((f"{platform} kayla_b22", ["kayla_b22"]) for platform in ("linkedin", "yubo", "depop")),
    ("vinted - kayla_b22", ["kayla_b22"]),
    # numbers and dates that say who someone is
    ("dob 14/03/2008", ["14/03/2008"]),
    ("my date of birth is 3rd of March 2009", ["3rd of March 2009"]),
    ("born on 12.05.2007 in Leeds", ["12.05.2007"]),
    ("my birthday is june 5th so can i have the day off", ["june 5th"]),
    ("nhs 943 476 5919", ["943 476 5919"]),
    ("my NHS number is 9434765919", ["9434765919"]),
    ("QQ 12 34 56 C", ["QQ 12 34 56 C"]),
    ("my ni number is qq123456c", ["qq123456c"]),
]

KEPT = [
    "we went to Victoria Park on saturday",
    "St Mary's Academy is great",
    "Chelsea won again",
    "my little brother got into Grace Academy",
    "we have a dog called Bella",
    "we go to St Helen's church on sunday",
    "the youth club is next to Edward Park",
    "my ps4 is broken",
    "on snap im bored lol",
    "my review is on 14/03/2027",
    "the bus at 12 34 56 a",
    "my birthday is soon",
    "the nhs app is down again",
]

# A name's next word stays when it is no surname: a nationality, a word that is never a name.
AFTER_A_NAME = [
    ("my carer Sam Polish food is the best", "my carer [name] Polish food is the best"),
    ("I told my carer Sam I was ok", "I told my carer [name] I was ok"),
    ("I messaged my carer Sam Monday morning", "I messaged my carer [name] Monday morning"),
    ("I told Kayla Polish food is the best", "I told [name] Polish food is the best"),
]


@pytest.mark.parametrize(("text", "must_go"), GONE)
def test_personal_details_are_removed(text: str, must_go: list[str]) -> None:
    out = redact(text)
    for piece in must_go:
        assert piece not in out, (text, out)


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_messages_are_unchanged(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(("text", "expected"), AFTER_A_NAME)
def test_the_word_after_a_name_stays_when_it_is_no_surname(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_the_kind_of_number_is_named_and_the_words_around_it_stay() -> None:
    assert redact("my nhs number is 943 476 5919 if u need it") == (
        "my nhs number is [ID number] if u need it"
    )
    assert redact("dob: 1/2/2009") == "dob: [date of birth]"
