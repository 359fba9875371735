"""Redaction: what identifies a child is removed; services, schools, dates and prices are kept."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.redaction import REDACTION_MARKS, redact, words_to_keep
from tests.conftest import shipped_content

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "screen"


def test_every_kind_of_detail_has_a_mark() -> None:
    assert REDACTION_MARKS == {
        "email": "[email]",
        "url": "[link]",
        "handle": "[username]",
        "phone": "[phone number]",
        "postcode": "[postcode]",
        "address": "[address]",
        "name": "[name]",
        "id_number": "[ID number]",
        "birth_date": "[date of birth]",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("add me on snap jess_x22", "add me on snap [username]"),
        ("add me on snap jessxo", "add me on snap [username]"),
        ("my snap is kayleigh.b", "my snap is [username]"),
        ("my snapchat username is jessxo", "my snapchat username is [username]"),
        ("snap: brandonx_99 if u want", "snap: [username] if u want"),
        ("sc jess_x22", "sc [username]"),
        ("insta is lilz.xo", "insta is [username]"),
        ("my insta's lilzxo", "my insta's [username]"),
        ("follow me on instagram: tay.j", "follow me on instagram: [username]"),
        ("ig - mo_b_22", "ig - [username]"),
        ("my tiktok is dancequeen_07", "my tiktok is [username]"),
        ("tt: jayzz", "tt: [username]"),
        ("my discord is zaynplays#4421", "my discord is [username]"),
        ("message me on discord its gamerboi99", "message me on discord its [username]"),
        ("my @ is jess_x22", "my @ is [username]"),
        ("a man on snapchat called k1ng_d4ve", "a man on snapchat called [username]"),
        ("his name on there is lil_t4yl0rr", "his name on there is [username]"),
        ("new one is kayla.bxo", "new one is [username]"),
        ("add me @zeddy_q on there", "add me [username] on there"),
        ("add me on snap, jessxo", "add me on snap, [username]"),
        ("my snap/insta is jessxo", "my snap/insta is [username]"),
        ("\U0001f47b jess_x22", "\U0001f47b [username]"),
        ("username: jessxo", "username: [username]"),
        ("add my snap jessxo", "add my snap [username]"),
        ("its jess_x22 on snap", "its [username] on snap"),
        ("hmu on snap jessxo", "hmu on snap [username]"),
        ("find me on tiktok as jessxo", "find me on tiktok as [username]"),
        ("snapchat \u27a1\ufe0f jess_x22", "snapchat \u27a1\ufe0f [username]"),
    ],
)
def test_usernames_are_redacted_with_or_without_an_at_sign(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email me at zed.q+care@example.co.uk", "email me at [email]"),
        ("email me jess at example dot com", "email me [email]"),
        ("its ruby.h(at)gmail(dot)com", "its [email]"),
        ("sam [at] outlook [dot] co [dot] uk thanks", "[email] thanks"),
        ("tyler2010 at hotmail dot co dot uk", "[email]"),
        ("JESS AT EXAMPLE DOT COM", "[email]"),
        ("kez {at} example {dot} org", "[email]"),
        ("email is danny at gmail", "email is [email]"),
        ("jess dot smith at gmail dot com", "[email]"),
        ("email me on jess@gmail", "email me on [email]"),
        ("jess @ gmail . com", "[email]"),
        ("jess[at]example[.]com", "[email]"),
    ],
)
def test_emails_are_redacted_however_they_are_written(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring me on 07700 900123", "ring me on [phone number]"),
        ("ring me on 07700 900 123", "ring me on [phone number]"),
        ("text 0 7 7 0 0 9 0 0 1 2 3 pls", "text [phone number] pls"),
        ("text 07700.900.123", "text [phone number]"),
        ("my number 07700 . 900 . 481 ok", "my number [phone number] ok"),
        ("call +44 (0)7700-900123", "call [phone number]"),
        ("call +44 7700 900456 please", "call [phone number] please"),
        ("07700-900-145", "[phone number]"),
        ("landline 01632 960123", "landline [phone number]"),
        ("(01632) 960123", "[phone number]"),
        ("07700900993 after 4", "[phone number] after 4"),
        ("oh seven seven double oh 900 123", "[phone number]"),
        ("its oh seven seven double oh nine double oh one two three", "its [phone number]"),
        ("zero seven seven zero zero nine zero zero one two three", "[phone number]"),
        ("O77OO 9OO123", "[phone number]"),
        (
            "is it oh seven seven double oh 900 663 (07700 900663)",
            "is it [phone number] ([phone number])",
        ),
        ("07700 900123 or 07700 900124", "[phone number] or [phone number]"),
        ("zero seven seven zero zero, nine zero zero, one two three", "[phone number]"),
        ("text me on 447700900123", "text me on [phone number]"),
        ("0044 7700 900123", "[phone number]"),
        ("my uncle in kabul +93 70 123 4567", "my uncle in kabul [phone number]"),
        (
            "رقمي \u0660\u0667\u0667\u0660\u0660 \u0669\u0660\u0660\u0661\u0662\u0663",
            "رقمي [phone number]",
        ),
    ],
)
def test_phone_numbers_are_redacted_with_spaces_dots_dashes_brackets_or_words(
    text: str, expected: str
) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my carer Janet won't let me", "my carer [name] won't let me"),
        ("my foster carer sharon shook me", "my foster carer [name] shook me"),
        ("my foster mum Tia-Mae Robinson", "my foster mum [name]"),
        ("my foster dad Kevin said no", "my foster dad [name] said no"),
        ("my social worker Tom Hughes came", "my social worker [name] came"),
        ("our SW is Priya Shah but", "our SW is [name] but"),
        ("my sw Dave never rings", "my sw [name] never rings"),
        ("my PA Marcus said", "my PA [name] said"),
        ("my IRO is called Graham Leigh and", "my IRO is called [name] and"),
        ("my key worker Jordan is sound", "my key worker [name] is sound"),
        ("a lady called Helen Morris at the vets", "a lady called [name] at the vets"),
        ("lad i live with named Connor", "lad i live with named [name]"),
        ("his name is Kyle", "his name is [name]"),
        ("her name is Ellie Simpson.", "her name is [name]."),
        ("the designated teacher Ms Cole", "the designated teacher [name]"),
        ("my CAMHS worker is called Dr Lisa Grant", "my CAMHS worker is called [name]"),
        ("I told Mrs Okafor at school", "I told [name] at school"),
        ("my carer Jess's dog", "my carer [name]'s dog"),
        ("my carers Jess and Tom", "my carers [name] and [name]"),
        (
            "Kev is his birth mum's partner, Kev shouts",
            "[name] is his birth mum's partner, [name] shouts",
        ),
        ("name is changing from Jessica to Jay", "name is changing from [name] to [name]"),
        ("her name is jaylah", "her name is [name]"),
        ("a lad called tyler", "a lad called [name]"),
        ("my social worker (Jess) said", "my social worker ([name]) said"),
        ("Jess my carer hit me", "[name] my carer hit me"),
        ("Sarah is my social worker", "[name] is my social worker"),
        ("my carer mrs jones is mean", "my carer [name] is mean"),
        ("my carer Will is nice", "my carer [name] is nice"),
        ("my sw JESS", "my sw [name]"),
        ("a guy called Big Mo gave me a phone", "a guy called [name] gave me a phone"),
        ("My Carer Jess Is Nice", "My Carer [name] Is Nice"),
        ("i miss jess", "i miss [name]"),
        ("staying with jan and pete till im 18", "staying with [name] and [name] till im 18"),
        ("want to go by jay at school", "want to go by [name] at school"),
        ("Hi My Name Is Jess", "Hi My Name Is [name]"),
    ],
)
def test_names_after_a_word_for_who_they_are_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live at 12 Acacia Avenue", "I live at [address]"),
        ("flat 3, 27 Mill Lane now", "[address] now"),
        ("Flat 12, Kingsway House, 7 Orchard Road NB1 6TY", "[address] [postcode]"),
        ("5 Birch Court, Hollins Way NB7 1RX", "[address] [postcode]"),
        ("a 15 year old on Elm Grove and", "a 15 year old on [address] and"),
        ("i live on elm grove now", "i live on [address] now"),
        ("live at 3 the crescent", "live at [address]"),
        ("postcode NB1 2AB", "postcode [postcode]"),
        ("see https://example.com/my/page?x=1", "see [link]"),
        ("linkedin.com/in/reece-marsh-22 lol", "[link] lol"),
    ],
)
def test_addresses_postcodes_and_links_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my social worker from the Leaving Care Team never rings",
        "I called Childline last night",
        "my school is named St Mary's Academy",
        "my PA Northbridge Leaving Care Team",
        "my carer called Samaritans for me",
        "my social worker CAMHS referral",
        "a club called Northbridge Voices",
        "my key worker at Oakfield House",
        "my advocate from Always Heard",
        "the Virtual School helped me",
        "I go to Northbridge College",
        "Northbridge City Council should listen",
        "my IRO I think is new",
        "my carer Mum says hi",
        "called Mind and they helped",
        "a game called Fortnite",
        "named Barnardo's",
        "called the NSPCC",
        "I go to St Joseph's Catholic High School",
        "call Childline on 0800 1111 or Samaritans on 116 123",
        "Always Heard is 0808 800 5792",
    ],
)
def test_council_services_schools_and_helplines_are_kept(text: str) -> None:
    assert redact(text) == text


def test_the_councils_own_names_in_content_are_kept() -> None:
    content = shipped_content()
    keep = words_to_keep(content)
    council = content.council
    names = [
        council.name,
        council.short_name,
        council.out_of_hours.name,
        *(number.name for number in content.safeguarding.help_numbers),
        "Northbridge Active",
        "Northbridge Mentoring Project",
    ]

    for name in names:
        for text in (f"called {name}", f"named {name} and", f"my carer {name}"):
            assert redact(text, keep=keep) == text


def test_a_first_name_in_content_never_shields_a_childs_carer() -> None:
    keep = words_to_keep(shipped_content())

    assert redact("my PA Sam said", keep=keep) == "my PA [name] said"
    assert redact("my carer Okafor said", keep=keep) == "my carer [name] said"


@pytest.mark.parametrize(
    "text",
    [
        "I got 7 GCSEs and a 9 in maths",
        "I'm in year 10 and I'm 15",
        "the meeting on 2026-11-22 or 22/11/2026 at 10:30",
        "the review is 01.12.2026 10.30 in the town hall",
        "the bus at 7.45am then home by 9pm",
        "up to £1,200 a year, £12.50 a week",
        "I got 9 8 7 6 in my exams",
        "from 2019 2020 2021 2022 I moved 3 times",
        "I'm 15 and I've moved 3 times in a row",
        "a 5 minute walk from the park",
        "I was 2 hours in the Park",
        "cn we hav a trip 2 thorpe park this summr pls",
        "going 2 the park later",
        "I went 2 the Park",
        "the form is due by jan and we support chelsea",
        "My Sw Is Useless And My Carer Screams At Me",
        "My Social Worker Visited Me Yesterday",
        "see you b4 9am",
        "my snap got hacked and my snap streaks are gone",
        "leak my snap vid and ig shes right",
        "my carer threw a plate at me",
        "my social worker is useless and my sw talks to my carer instead of me",
        "I called 999 and then 111",
        "Today, my carer hit me",
        "Yesterday my carer hit me",
        "Can my carer take me",
        "Anyway, my carer left and Sadly my sw did too",
        "I called Grandad last night",
        "my carer DOESNT care",
        "r@d1cal1s3d? they keep sending me b0mb m@king stuff",
        "oh no, one or two of us",
        "room 101 and 1 2 3 4 5 6 7",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


@settings(max_examples=500, deadline=None)
@given(
    st.text(max_size=300)
    | st.lists(
        st.sampled_from(
            [
                "my carer ",
                "Jess ",
                "sharon ",
                "called ",
                "snap ",
                "is ",
                "jess_x22 ",
                "07700 ",
                "900 ",
                "123 ",
                "oh ",
                "double ",
                "seven ",
                "(0)",
                "+44 ",
                " at ",
                " dot ",
                "com ",
                "12 ",
                "Mill ",
                "Lane ",
                "NB1 2AB ",
                "Mrs ",
                "and ",
                "Team ",
                "[name] ",
                "@",
                ".",
                "-",
                "'s ",
                "\u0660\u0667\u0667 ",
                "\uff10\uff17 ",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_redaction_never_raises_and_redacting_twice_changes_nothing(text: str) -> None:
    once = redact(text)

    assert redact(once) == once


@pytest.mark.parametrize("text", ["[name] and MR", "ask Mrs", "Mr"])
def test_a_title_with_no_name_after_it_is_left_alone(text: str) -> None:
    # Found by the property test above: a title at the very end raised IndexError.
    assert redact(text) == text


def _in_validation(text: str) -> bool:
    return hashlib.sha256(text.encode()).hexdigest()[-1] in "012"


def _redaction_records() -> list[dict[str, object]]:
    records = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if record.get("redact") or record.get("keep"):
                    records.append(record)
    return records


def _redacted_correctly(record: dict[str, object]) -> bool:
    text = record["text"]
    assert isinstance(text, str)
    out = redact(text)
    must_go = record.get("redact") or []
    must_stay = record.get("keep") or []
    assert isinstance(must_go, list)
    assert isinstance(must_stay, list)
    return all(item not in out for item in must_go) and all(item in out for item in must_stay)


def test_every_detail_in_the_validation_split_of_the_corpus_is_redacted() -> None:
    records = _redaction_records()
    validation = [r for r in records if _in_validation(str(r["text"]))]
    assert len(validation) >= 10, "the corpus should label redaction in its validation split"

    failed = sum(not _redacted_correctly(r) for r in validation)

    # The count only, never the text: nothing is tuned on single validation examples.
    assert failed == 0, f"{failed} of {len(validation)} validation records redacted wrongly"


@pytest.mark.parametrize(
    ("text", "name"),
    [("a lad called jack keeps messaging me", "jack"), ("a girl named rose is nice", "rose")],
)
def test_a_name_that_is_also_a_word_is_redacted_after_called_or_named(
    text: str, name: str
) -> None:
    assert name not in redact(text).split()
