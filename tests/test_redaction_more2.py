"""Second round of redaction cases (see tests/test_redaction_more.py for the judgement calls).

Written after the first round passed, to probe the same rules in other shapes: platform words
with ":" "=" "@", handles after fillers, emails and numbers in every separator, kisses after a
number, names after "are", "I'm", "a girl in my class called", and things that are "called".
"""

from __future__ import annotations

import pytest

from bot.services.redaction import redact

CASES: list[tuple[str, list[str]]] = [
    ("snap - jess.b_x", ["jess.b_x"]),
    ("sc = tayla_b", ["tayla_b"]),
    ("my snapchat is: @kiera.xo", ["kiera.xo"]),
    ("add me snap jamesyy_", ["jamesyy_"]),
    ("add me on snap jake", ["jake"]),
    ("add my snap jake_b2", ["jake_b2"]),
    ("my snap @ is lols_22", ["lols_22"]),
    ("my snap name is rubyyy", ["rubyyy"]),
    ("ig- lils_x", ["lils_x"]),
    ("follow me on tiktok @ jess.dance", ["jess.dance"]),
    ("find me on tiktok as jessdances", ["jessdances"]),
    ("gt is Blaze_Runner7", ["Blaze_Runner7"]),
    ("my psn is blazerunner", ["blazerunner"]),
    ("my roblox username is BloxyBen", ["BloxyBen"]),
    ("my youtube is jesscooks", ["jesscooks"]),
    ("my @ on insta is @poppyxo", ["poppyxo"]),
    ("wats ur snap? mine is tilly.b", ["tilly.b"]),
    ("insta is tilly.b07 btw", ["tilly.b07"]),
    ("jess_b at gmail", ["jess_b"]),
    ("jessb AT gmail DOT co DOT uk", ["jessb"]),
    ("jess.b(@)gmail(.)com", ["jess.b"]),
    ("jess dot b at outlook dot com", ["outlook"]),
    ("jess.b [at] gmail [.] com", ["jess.b"]),
    ("my whatsapp is 07700 900 111", ["07700", "900 111"]),
    ("0770 090 0111", ["0770 090 0111"]),
    ("+44-7700-900-111", ["7700-900-111"]),
    ("07700 nine hundred one one one", ["07700 nine"]),
    ("o77oo 9oo111", ["o77oo 9oo111"]),
    ("seven seven oh oh nine oh oh one one one", ["seven seven oh oh nine"]),
    ("(0121) 4960000", ["4960000"]),
    ("02079460000", ["02079460000"]),
    ("07700 900111x", ["900111"]),
    ("i live at 3 elm rd", ["elm rd"]),
    ("at number 9 Oak Close", ["Oak Close"]),
    ("flat 4b 12 High Street", ["High Street"]),
    ("i live on Elm Road", ["Elm Road"]),
    ("m11ae", ["m11ae"]),
    ("W1A 0AX", ["W1A 0AX"]),
    ("my carers are Sharon and Pete", ["Sharon", "Pete"]),
    ("my sw is Miss Jones", ["Jones"]),
    ("my social worker mr khan", ["khan"]),
    ("my PA - Tom", ["Tom"]),
    ("a girl in my class called Lily", ["Lily"]),
    ("a lad from my old school called Kai", ["Kai"]),
    ("someone at school called Leah", ["Leah"]),
    ("im Jess and im 15", ["Jess"]),
    ("his names Josh", ["Josh"]),
    ("my carer's name is Jo", ["Jo"]),
    ("my social worker's called Dean", ["Dean"]),
    ("my sws name is Kelly", ["Kelly"]),
]

KEEPS: list[str] = [
    "a school called Westfield",
    "my school is called Oakwood",
    "my childrens home is called Oaklands",
    "my mate goes to a school called Westfield",
    "the unit is called Willow Ward",
    "the charity is called Become",
    "a game called Fortnite",
    "an app called TikTok",
    "a show called Love Island",
    "my cat is called Luna",
    "my sw is Brazilian",
    "my foster mum is Ukrainian",
    "i am Scottish",
    "im 15",
    "my xbox is broken",
    "xbox is sick",
    "my roblox is glitching",
    "ring the council on 0300 123 4567",
    "text SHOUT to 85258",
    "i support Man United",
    "my carer took me to Primark",
    "i've moved 11 times in 4 years",
    "between 2018 2019 2020",
    "my snap streak",
    "add me back",
    "my @ got deleted",
]


@pytest.mark.parametrize(("text", "must_go"), CASES)
def test_identifying_details_go(text: str, must_go: list[str]) -> None:
    out = redact(text)
    for gone in must_go:
        assert gone not in out, f"{gone!r} left in {out!r}"


@pytest.mark.parametrize("text", KEEPS)
def test_ordinary_messages_come_back_whole(text: str) -> None:
    assert redact(text) == text
