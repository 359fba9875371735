"""Handler flows: every screen and button of the information journey, through process_update."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.content import Content
from bot.domain import NATIONAL_HELPLINES
from bot.formatting import html_to_plain
from tests.fakes import Harness

# The same journeys on SQLite and on PostgreSQL (issue 17).
pytestmark = pytest.mark.both_stores


PHONE_SCREEN_CHARS = 1200


def plain(call_text: str) -> str:
    return html_to_plain(call_text)


def assert_all_help_numbers(text: str, content: Content) -> None:
    for number in NATIONAL_HELPLINES.values():
        assert number in text
    assert "text SHOUT to 85258" in text
    assert content.council.out_of_hours.number in text


async def test_start_welcomes_with_privacy_help_numbers_and_who_are_you(
    bot: Harness, content: Content
) -> None:
    reply = await bot.send("/start")

    text = plain(reply.text)
    assert "welcome" in text.lower()
    assert f"We keep a message for {content.council.retention_days} days" in text
    assert "We're not always here. Need help now?" in text
    assert_all_help_numbers(text, content)
    assert bot.labels()[:3] == ["I'm in care", "I'm a care leaver", "I'm a carer"]
    assert "🆘 Get help now" in bot.labels()
    assert reply.params["parse_mode"] == "HTML"


async def test_choosing_an_audience_shows_the_menu_and_is_kept_in_memory_only(
    bot: Harness,
) -> None:
    await bot.send("/start")

    reply = await bot.press("I'm a care leaver")

    assert "care leaver things first" in plain(reply.text)
    assert reply.method == "editMessageText"
    assert bot.labels() == [
        "Have your say",
        "Ask a question",
        "Our promise",
        "What you can get",
        "Board meetings",
        "You said, we did",
        "Privacy",
        "🆘 Get help now",
    ]  # eight: "Change who I am" is under Privacy, and /start asks again
    user_data = bot.app.user_data[bot.updates.person.user_id]
    assert dict(user_data) == {"audience": "care_leaver"}
    assert bot.app.persistence is None


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("I'm in care", "Young people in care wrote them with us."),
        ("I'm a care leaver", "they don't stop when you leave care"),
        ("I'm a carer", "the children and young people you care for"),
    ],
)
async def test_pledge_wording_adapts_to_the_chosen_audience(
    bot: Harness, audience: str, expected: str
) -> None:
    await bot.send("/start")
    await bot.press(audience)

    reply = await bot.press("Our promise")

    assert expected in plain(reply.text)


async def test_every_promise_opens_and_goes_back(bot: Harness, content: Content) -> None:
    await bot.send("/menu")
    await bot.press("Our promise")
    promises = content.pledge.promises
    # Five promises a page, then More (or Back to the start), Menu and Help: eight buttons.
    assert len(bot.labels()) == 8
    assert bot.labels()[5:] == ["More", "Menu", "🆘 Get help now"]
    listed = bot.labels()[:5]
    await bot.press("More")
    listed += bot.labels()[:5]
    assert bot.labels()[5:] == ["Back to the start", "Menu", "🆘 Get help now"]
    assert listed == [f"{n}. {p.title.in_care}" for n, p in enumerate(promises, start=1)]
    await bot.press("Back to the start")

    for number, promise in enumerate(promises, start=1):
        if f"{number}. {promise.title.in_care}" not in bot.labels():
            await bot.press("More")
        reply = await bot.press(f"{number}. {promise.title.in_care}")
        assert promise.text.in_care in plain(reply.text)
        back = await bot.press("Back")
        assert content.pledge.title.in_care in plain(back.text)


async def test_every_local_offer_item_shows_what_who_and_how(
    bot: Harness, content: Content
) -> None:
    await bot.send("/menu")
    await bot.press("What you can get")
    seen = 0
    for area in content.offer.areas:
        if area.title.in_care not in bot.labels():
            await bot.press("More")
        area_reply = await bot.press(area.title.in_care)
        assert area.intro.in_care in plain(area_reply.text)
        for item in area.items:
            reply = await bot.press(item.title.in_care)
            text = plain(reply.text)
            assert item.what.in_care in text
            assert item.who in text
            assert {"How to get it", "Back", "Menu", "🆘 Get help now"} <= set(bot.labels())
            how = await bot.press("How to get it")  # one tap on: a screen each, never crowded
            assert item.how.in_care in plain(how.text)
            assert item.title.in_care in plain(how.text)
            await bot.press("Back")
            await bot.press("Back")
            seen += 1
        await bot.press("All areas")
    assert seen == sum(len(a.items) for a in content.offer.areas)


async def test_offer_item_shows_its_age_limits(bot: Harness) -> None:
    await bot.send("/start offer")
    await bot.press("Health and wellbeing")

    reply = await bot.press("Free prescriptions")

    assert "Care leavers, aged 18 to 25" in plain(reply.text)


async def test_care_leavers_see_care_leaver_items_first(bot: Harness) -> None:
    await bot.send("/start")
    await bot.press("I'm in care")
    await bot.press("What you can get")
    await bot.press("Health and wellbeing")
    in_care_order = bot.labels()
    await bot.send("/start")
    await bot.press("I'm a care leaver")
    await bot.press("What you can get")
    await bot.press("Health and wellbeing")

    care_leaver_order = bot.labels()

    assert care_leaver_order[0] == "Your health history"
    assert care_leaver_order.index("Free prescriptions") < in_care_order.index(
        "Free prescriptions"
    )
    assert sorted(care_leaver_order) == sorted(in_care_order)  # reordered, nothing hidden


async def test_meetings_show_the_next_three_with_views_deadline_and_how_to_take_part(
    bot: Harness,
) -> None:
    await bot.send("/menu")

    reply = await bot.press("Board meetings")

    text = plain(reply.text)
    # The clock says 22 November 2026: the dated December meeting in full, then the recurring
    # ones by date.
    assert "Next: Tuesday 8 December, 5pm" in text
    assert "Send your views by Tuesday 24 November 2026" in text
    assert "Later meetings: 19 January, 20 April" in text
    assert "July" not in text
    board = await bot.press("What is the board?")
    assert "How to take part" in plain(board.text)
    assert "Northbridge Corporate Parenting Board is a group of councillors" in plain(board.text)


async def test_get_help_now_lists_every_number_from_every_screen(
    bot: Harness, content: Content
) -> None:
    await bot.send("/menu")
    for screen in ("Our promise", "What you can get", "Board meetings", "Privacy"):
        await bot.press(screen)
        assert "🆘 Get help now" in bot.labels(), screen

        reply = await bot.press("🆘 Get help now")

        assert_all_help_numbers(plain(reply.text), content)
        assert "Always Heard" in plain(reply.text)
        await bot.press("Menu")


async def test_help_command_explains_the_bot_and_puts_help_one_tap_away(
    bot: Harness, content: Content
) -> None:
    reply = await bot.send("/help")

    text = plain(reply.text)
    assert "/menu" in text
    assert content.council.officer.email in text
    # The numbers are one tap away (in full only on /start, Get help now, before the first
    # message box and in crisis replies).
    assert "🆘 Get help now" in bot.labels()
    assert content.council.out_of_hours.number not in text


async def test_privacy_screen_states_what_the_configuration_does(
    bot: Harness, content: Content
) -> None:
    reply = await bot.send("/privacy")

    text = plain(reply.text)
    assert f"We keep a message for {content.council.retention_days} days" in text
    assert "We don't ask your name or save who you are" in text
    more = plain((await bot.press("More about privacy")).text)
    assert "Telegram can see that you use this chat" in more
    assert content.council.officer.email in more
    assert content.council.minimum_age_notice in more
    link = bot.api.last_message().text
    assert f'<a href="{content.council.privacy_notice_url}">' in link


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("offer", "What you can get"),
        ("meetings", "Next: "),
        ("help", "These people will listen"),
        ("pledge", "Our promise to you"),
        ("privacy", "We don't ask your name or save who you are"),
    ],
)
async def test_deep_links_open_their_screen(bot: Harness, payload: str, expected: str) -> None:
    reply = await bot.send(f"/start {payload}")

    assert expected in plain(reply.text)


async def test_unknown_deep_link_gives_the_normal_welcome(bot: Harness) -> None:
    reply = await bot.send("/start <b>nonsense")

    assert "welcome" in plain(reply.text).lower()


@pytest.mark.parametrize("typed", ["/nosuchcommand", "/menuu please"])
async def test_unknown_commands_point_kindly_to_the_menu(bot: Harness, typed: str) -> None:
    reply = await bot.send(typed)

    assert "Sorry, I didn't understand that" in plain(reply.text)
    assert "Our promise" in bot.labels()
    assert typed not in reply.text  # nothing the user typed is echoed back


@pytest.mark.parametrize("typed", ["hello?", "Can I get a bus pass?"])
async def test_words_typed_at_the_menu_are_kept_to_send(
    bot: Harness, typed: str, settings: Settings
) -> None:
    await bot.send("/start")
    await bot.press("I'm in care")

    reply = await bot.send(typed)

    assert "I've kept what you typed" in plain(reply.text)
    assert typed not in reply.text  # not echoed back
    assert "Have your say" in bot.labels()
    await bot.press("Ask a question")
    preview = await bot.press("Not sure")
    assert typed in plain(preview.text)  # no need to type it again
    await bot.press("Send")
    store = bot.app.bot_data["services"].store
    assert [tuple(r) for r in await store._read("SELECT text FROM items")] == [(typed,)]


@pytest.mark.parametrize(
    "kind",
    [
        "photo",
        "voice",
        "audio",
        "video",
        "video_note",
        "sticker",
        "document",
        "location",
        "contact",
    ],
)
async def test_media_gets_a_polite_reply_and_nothing_is_downloaded(
    bot: Harness, kind: str
) -> None:
    await bot.feed(bot.updates.media(kind))

    reply = bot.api.last_message()
    assert "I can only read typed messages" in plain(reply.text)
    assert bot.api.calls_to("getFile") == []


@pytest.mark.parametrize("kind", ["edited", "channel_post", "poll", "reaction", "inline_query"])
async def test_unsupported_update_types_are_ignored(bot: Harness, kind: str) -> None:
    factory = bot.updates
    update = {
        "edited": lambda: factory.edited("/start"),
        "channel_post": lambda: factory.channel_post("/start"),
        "poll": factory.poll,
        "reaction": factory.reaction,
        "inline_query": lambda: factory.inline_query("pledge"),
    }[kind]()
    bot.api.clear()

    await bot.feed(update)

    assert bot.api.calls == []


async def test_forged_or_stale_buttons_are_refused_with_the_menu(bot: Harness) -> None:
    for data in ["nav:admin", "pl:no_such_promise", "oi:health:nope", "x" * 64, "aud:ceo"]:
        reply = await bot.press_data(data)
        assert "That button is out of date" in plain(reply.text)
        assert "Our promise" in bot.labels()


async def test_double_tap_on_the_same_screen_is_harmless(bot: Harness) -> None:
    await bot.send("/menu")
    menu = bot.api.last_message()
    data = dict(menu.buttons())["Our promise"]
    await bot.press_data(data, menu)
    bot.api.fail_next("editMessageText", 400, "Bad Request: message is not modified")

    await bot.press_data(data, menu)

    assert bot.api.calls[-1].method == "editMessageText"


async def test_commands_are_set_at_start_up(bot: Harness) -> None:
    calls = bot.api.calls_to("setMyCommands")

    assert len(calls) == 1
    commands = [c["command"] for c in calls[0].params["commands"]]
    assert commands == [
        "start",
        "menu",
        "help",
        "privacy",
        "cancel",
        "status",
        "delete",
        "remind",
        "forget",
    ]
    assert calls[0].params["scope"] == {"type": "all_private_chats"}


async def test_every_screen_fits_on_a_phone(bot: Harness, content: Content) -> None:
    await bot.send("/start")
    screens = [bot.api.last_message()]
    await bot.press("I'm in care")
    for label in ("Our promise", "What you can get", "Board meetings", "Privacy"):
        screens.append(await bot.press(label))
        await bot.press("Menu")
    screens.append(await bot.press("🆘 Get help now"))

    for screen in screens:
        assert len(plain(screen.text)) <= PHONE_SCREEN_CHARS, plain(screen.text)[:80]
