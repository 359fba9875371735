"""Formatting: escaping for Telegram HTML and splitting long messages (I-01, I-03)."""

from __future__ import annotations

from datetime import date, time

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content import Wording
from bot.domain import Audience
from bot.formatting import (
    MAX_MESSAGE_UNITS,
    esc,
    fill,
    html_to_plain,
    nice_date,
    nice_time,
    split_message,
    utf16_units,
)
from bot.telegram.fakebot import HtmlError, check_telegram_html

HOSTILE = "<b>&amp; <script>alert(1)</script> *_[]()~`>#+-=|{}.! & < >"


def test_escaped_hostile_text_is_valid_telegram_html_and_reads_the_same() -> None:
    escaped = esc(HOSTILE)

    check_telegram_html(escaped)
    assert html_to_plain(escaped) == HOSTILE


def test_the_validator_refuses_what_telegram_refuses() -> None:
    for bad in [
        "a < b",
        "fish & chips",
        "<script>x</script>",
        "<b>open",
        "</i>",
        "<b><i>x</b></i>",
    ]:
        try:
            check_telegram_html(bad)
        except HtmlError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def test_fill_escapes_values_but_keeps_the_template() -> None:
    wording = Wording(in_care="Hi {name} & welcome", carer="Hello {name}")

    assert fill(wording, Audience.IN_CARE, name="<Zed>") == "Hi &lt;Zed&gt; &amp; welcome"
    assert fill(wording, Audience.CARER, name="A&B") == "Hello A&amp;B"


@given(st.text())
def test_any_text_escapes_to_valid_html(text: str) -> None:
    check_telegram_html(esc(text))


def test_short_text_is_one_chunk() -> None:
    assert split_message("hello") == ["hello"]
    assert split_message("") == [""]


def test_long_text_splits_at_a_paragraph_break() -> None:
    first = "a" * 3000
    second = "b" * 3000
    text = f"{first}\n\n{second}"

    chunks = split_message(text)

    assert chunks == [f"{first}\n\n", second]


def test_astral_emoji_count_as_two_units() -> None:
    text = "😀" * 3000  # 6000 UTF-16 units, 3000 Python characters

    chunks = split_message(text)

    assert len(chunks) == 2
    assert all(utf16_units(c) <= MAX_MESSAGE_UNITS for c in chunks)
    assert "".join(chunks) == text


def test_a_cut_never_lands_inside_a_tag_or_entity() -> None:
    text = "x" * 4090 + "<b>&amp;</b>" + "y" * 100

    chunks = split_message(text)

    assert len(chunks) == 2
    for chunk in chunks:
        assert chunk.rfind("<") <= chunk.rfind(">")
        assert chunk.rfind("&") <= chunk.rfind(";")
    assert "".join(chunks) == text


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=300),
    st.sampled_from(["blockquote", "b", "i", "code"]),
    st.integers(4100, 9000),
)
def test_a_long_quote_splits_into_chunks_telegram_accepts(
    piece: str, element: str, size: int
) -> None:
    """Their words shown back in a quote, longer than one message: every chunk is valid on its
    own (the quote is closed at a cut and opened again), and nothing is lost or added."""
    words = (piece * (size // len(piece) + 1))[:size]
    text = f"<b>Your words are below.</b>\n\n<{element}>{esc(words)}</{element}>\nThanks"

    chunks = split_message(text)

    assert len(chunks) > 1
    for chunk in chunks:
        check_telegram_html(chunk)
        assert utf16_units(chunk) <= MAX_MESSAGE_UNITS
    assert "".join(html_to_plain(c) for c in chunks) == html_to_plain(text)


paragraphs = st.lists(
    st.text(
        alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="<>&"),
        max_size=3000,
    ),
    max_size=8,
).map("\n\n".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(paragraphs, st.text(max_size=20000)))
def test_every_chunk_fits_and_the_chunks_join_to_the_original(text: str) -> None:
    chunks = split_message(text)

    assert "".join(chunks) == text
    assert all(utf16_units(c) <= MAX_MESSAGE_UNITS for c in chunks)
    assert all(chunks) or chunks == [""]


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="😀é\u0301 \n ab", min_size=1, max_size=40), st.integers(100, 600))
def test_emoji_and_combining_characters_split_safely(piece: str, times: int) -> None:
    text = piece * times
    chunks = split_message(text)

    assert "".join(chunks) == text
    assert all(utf16_units(c) <= MAX_MESSAGE_UNITS for c in chunks)


def test_dates_and_times_read_naturally() -> None:
    assert nice_date(date(2027, 1, 19)) == "Tuesday 19 January 2027"
    assert nice_time(time(17, 0)) == "5pm"
    assert nice_time(time(9, 30)) == "9:30am"
    assert nice_time(time(12, 0)) == "12pm"
    assert nice_time(time(0, 15)) == "12:15am"
