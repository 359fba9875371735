"""Fourth round of redaction cases: capitalised words after "my carer" that are not names.

Some young people capitalise words at random ("my carer Locked me in", "my sw NEVER listens").
A capitalised everyday verb or adverb after a word for a person stays, and so does a word with
an object after it ("Ignores me"). Judgement calls as in tests/test_redaction_more.py.
"""

from __future__ import annotations

import pytest

from bot.services.redaction import redact

CASES: list[tuple[str, list[str]]] = [
    ("my carer Sharon Locked me in", ["Sharon"]),
    ("my sw Kelly Never listens", ["Kelly"]),
    ("my carer is Sharon and she Ignores me", ["Sharon"]),
]

KEEPS: list[str] = [
    "my carer Said no",
    "my sw Keeps cancelling",
    "my carer Took my phone",
    "my PA Helped me",
    "my sw NEVER listens",
    "my carer AGAIN shouted",
    "my sw Literally ignored me",
    "my carer Honestly",
    "my carer Tho",
    "my carer Lol",
    "my sw Tbh",
    "my carer Jokes",
    "my carer Pls help",
    "my carer Sunday",
    "my sw Today",
    "my sw Yesterday",
    "my sw Last week",
    "my PA Apparently",
    "my carer Who",
    "my sw Because",
    "my sw Since may",
    "my carer Has gone",
    "my carer Did it",
    "my sw Doesn't care",
    "my sw Didnt come",
    "my carer Swore at me",
    "my carer Hit me",
    "my carer Grabbed me",
    "my carer Locked me in",
    "my carer Refuses",
    "my carer Won't",
    "my carer Makes me",
    "my carer Wants",
    "my carer Thinks",
    "my carer Knows",
    "my carer Lets me",
    "my carer Buys",
    "my carer Cooks",
    "my sw Visits",
    "my sw Rang",
    "my sw Emailed",
    "my sw Texted",
    "my sw Came",
    "my sw Left",
    "my sw Moved",
    "my sw Quit",
    "my sw Changed",
    "my carer Smokes",
    "my carer Drinks",
    "my carer Works nights",
    "my carer Shouts",
    "my carer Screams",
    "my carer Ignores me",
    "my carer Blames me",
    "my carer Punishes me",
    "my carer Treats me",
    "my carer Gave me",
    "my carer Got me",
    "my carer Told me",
    "my carer Asked",
    "my carer Wouldn't",
    "my carer Couldn't",
    "my carer Should",
    "my carer Might",
    "my carer Always",
    "my carer Sometimes",
    "my carer Usually",
    "my carer Often",
    "my carer Rarely",
    "my carer Everyday",
    "my carer Every day",
    "my carer Still",
    "my carer Also",
    "my carer Even",
    "my carer Only",
    "my carer Just",
    "my carer Actually",
    "my carer Basically",
    "my carer Probably",
    "my carer Definitely",
    "MY CARER HIT ME",
    "MY SW NEVER CALLS",
    "My Carer Hit Me",
    "My Sw Never Calls",
    "My Social Worker Doesnt Care",
    "my sw x",
    "my carer :(",
    "my carer 😡",
    "my carer Auntie Sue",
    "my sw Sir",
]


@pytest.mark.parametrize(("text", "must_go"), CASES)
def test_identifying_details_go(text: str, must_go: list[str]) -> None:
    out = redact(text)
    for gone in must_go:
        assert gone not in out, f"{gone!r} left in {out!r}"


@pytest.mark.parametrize("text", KEEPS)
def test_ordinary_messages_come_back_whole(text: str) -> None:
    assert redact(text) == text
