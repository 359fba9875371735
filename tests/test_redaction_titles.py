"""A surname after a title, in any case: "mrs patel" is a person, "dr appointment" is not.

Judgement calls: after a title only a word that is no English goes ("the coach said", "Mr Men",
"dr appointment" stay); a capitalised English surname after Mr or Mrs is found elsewhere ("Mrs
White"). "miss" is a title only where it cannot be the verb ("i miss lagos" stays).
"""

from __future__ import annotations

import pytest

from bot.services.redaction import redact


@pytest.mark.parametrize(
    ("text", "surname"),
    [
        ("miss okafor my form tutor is nice", "okafor"),
        ("Ms Nwachukwu the IRO said no", "Nwachukwu"),
        ("mr mcgregor is my pe teacher", "mcgregor"),
        ("the judge was Judge Harrington", "Harrington"),
        ("Professor Mensah came to talk at uni", "Mensah"),
        ("i asked mrs adeyemi about my pep", "adeyemi"),
        ("Many thanks, Rev. Gareth Hughes, foster carer", "Hughes"),
        ("Professor Kwabena Mensah came to talk", "Mensah"),  # with the surname after it
    ],
)
def test_a_surname_after_a_title_goes(text: str, surname: str) -> None:
    assert surname not in redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "i miss lagos so much",
        "gonna miss jollof at christmas",
        "dr appointment tomorrow",
        "the dr said its fine",
        "the coach said well done",
        "i used to love Mr Men books",
        "mrs brown's boys is funny",
        "prof at uni was nice",
    ],
)
def test_a_word_after_a_title_that_is_not_a_surname_stays(text: str) -> None:
    assert redact(text) == text
