"""A stranger's attack on the mends to the walked journeys (check-level captions and edits,
codes typed alone or pasted in a sentence, first-name and surname redaction).

Each test is marked in a comment:
  FOUND    - failed when written (a promise broken, or a regression); the bot was then mended;
  COVERAGE - passed when written; kept as coverage of a path that looked fragile.
(Its timing checks became patterns in bench/: speed is measured there, never as a pass/fail.)
"""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.services.receipts import ReceiptCodes
from bot.services.redaction import redact
from tests.fakes import Harness
from tests.test_feedback import begin, code_in, rows, submit
from tests.test_journeys_walked import ASKED, CRISIS, plain, texts, with_caption
from tests.test_web import Web, in_care, web
from tests.webclient import Visitor

__all__ = ["web"]

STATUS = "Your message from 22 November"


# A disclosure that starts with a first name which begins with one of the 64 receipt-code words
# (OLIVE-r, ROBIN, POPPY, JADE, STAR ...). ReceiptCodes.normalise squashed out every space and
# its _SHAPE regex let "[A-Z]+" swallow any letters before the last eight, so the whole
# sentence "was" a code. The screen itself reads every one of these as URGENT.
NAME_DISCLOSURES = [
    "Oliver hurts me",
    "Oliver touched me",
    "Robin beat me up",
    "Poppy hits me",
    "Jade beat me up",
    "Olivers dad hit me",
]


# ============================================================================================
# 1. A child's words swallowed as a "code"


# FOUND (critical): a plain message at rest that starts with a name like Oliver / Robin / Poppy
# is taken by safety.only_a_code for a receipt code (feedback.on_text checks it BEFORE
# safety.typed), so the child gets "I couldn't find a message with that code" - no help
# numbers, nothing stored, no officer alerted, and it counts as a wrong code guess.
@pytest.mark.parametrize("text", NAME_DISCLOSURES)
async def test_a_disclosure_starting_with_a_name_is_not_swallowed_as_a_receipt_code(
    bot: Harness, settings: Settings, text: str
) -> None:
    assert bot.app.bot_data["services"].intake.level(text).value == "urgent"

    await bot.send(text)

    shown = "\n".join(texts(bot))
    assert "couldn't find a message with that code" not in shown, shown
    assert CRISIS in shown, shown
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]


# Words with a code's very shape (a code word, then two groups of four) are screened before
# they are taken for a code: a worrying one is asked about, a disclosure gets help.
@pytest.mark.parametrize(
    ("text", "expected"), [("Jade hits them", ASKED), ("star rape kids", CRISIS)]
)
async def test_words_shaped_like_a_code_are_screened_before_they_are_looked_up(
    bot: Harness, text: str, expected: str
) -> None:
    assert ReceiptCodes.normalise(text) is not None  # the shape of a code

    await bot.send(text)

    shown = "\n".join(texts(bot))
    assert "couldn't find a message with that code" not in shown, shown
    assert expected in shown, shown


# FOUND: the same at the topic picker (a draft exists but is not "writing"): the words are a
# disclosure, not a status check.
async def test_a_name_disclosure_typed_at_the_topic_picker_gets_help(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("/menu")
    shown = await bot.press("Have your say")
    if "Before you write" in plain(shown):
        await bot.press("I'm in care")

    await bot.send("Poppy hits me")

    assert any(CRISIS in t for t in texts(bot)), texts(bot)
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]


# FOUND: ordinary sentences are swallowed too ("Tigers are cool" -> TIGER-SARE-C001): not a
# safety problem, but the child's words vanish into "code not found" and a wrong-guess count.
@pytest.mark.parametrize("text", ["Tigers are cool", "Island hopping", "Anchors away mate"])
def test_an_ordinary_sentence_is_no_receipt_code(text: str) -> None:
    assert ReceiptCodes.normalise(text) is None, ReceiptCodes.normalise(text)


# FOUND (pre-existing, now reachable from every plain message): normalise accepts shapes that
# are not codes at all - seven characters, or ten - and returns a "code" of the wrong length.
@pytest.mark.parametrize("typed", ["KITE-7F3Q-X9M", "OLIVERT0VCHEDME", "kite kite kite"])
def test_normalise_accepts_only_a_word_and_eight_characters(typed: str) -> None:
    code = ReceiptCodes.normalise(typed)
    assert code is None or len(code.split("-")[1] + code.split("-")[2]) == 8, code


# ============================================================================================
# 2. Words after a command


# FOUND (regression): words_besides_codes now deletes runs of up to three words that make a
# "code", so after a command a disclosure loses its meaning ("Oliver hurts me" -> "me";
# "Poppy hits me" -> "") and is never screened. Before today only single words were dropped
# and each of these got the help numbers.
@pytest.mark.parametrize("command", ["/status", "/delete", "/help"])
@pytest.mark.parametrize("text", ["Poppy hits me", "Oliver hurts me"])
async def test_a_disclosure_after_a_command_still_gets_help(
    bot: Harness, settings: Settings, command: str, text: str
) -> None:
    await bot.send(f"{command} {text}")

    shown = "\n".join(texts(bot))
    assert CRISIS in shown, shown
    assert rows(settings, "SELECT urgent FROM items") == [(1,)]


@pytest.mark.parametrize("text", NAME_DISCLOSURES)
def test_words_besides_codes_keeps_a_sentence_that_only_looks_like_a_code(text: str) -> None:
    # FOUND: the unit under the regression above.
    assert ReceiptCodes.words_besides_codes(text) == text


# FOUND (regression): ordinary words after /status or /delete that the screen is unsure about
# now stop the command: "Are you safe right now?" is asked and the status is never shown /
# the message never deleted. Tapping "I'm OK" then offers to SEND their words ("i want it
# gone") to the team as new feedback - the opposite of what /delete asked for.
async def test_status_with_a_worried_sounding_note_still_shows_the_status(bot: Harness) -> None:
    code = code_in(await submit(bot, "please fix the heating in my room"))
    bot.api.clear()

    await bot.send(f"/status {code} i'm not sure it went through")

    shown = "\n".join(texts(bot))
    assert STATUS in shown, shown


async def test_delete_with_a_worried_sounding_note_still_deletes_and_never_offers_to_send(
    bot: Harness, settings: Settings
) -> None:
    code = code_in(await submit(bot, "please fix the heating in my room"))
    bot.api.clear()

    await bot.send(f"/delete {code} i want it gone")
    if ASKED in plain(bot.api.last_message()):
        preview = await bot.press("I'm OK")
        assert "i want it gone" not in plain(preview), plain(preview)

    shown = "\n".join(texts(bot))
    assert "deleted for good" in shown, shown
    assert rows(settings, "SELECT COUNT(*) FROM items") == [(0,)]


# COVERAGE: an ordinary note after the code is no reason to ask (not asked, status shown).
async def test_status_with_an_ordinary_note_shows_the_status(bot: Harness) -> None:
    code = code_in(await submit(bot, "please fix the heating in my room"))

    reply = await bot.send(f"/status {code} has anyone read it yet")

    assert STATUS in plain(reply)


# COVERAGE: a deep link's one word after /start is not asked about.
async def test_start_with_one_deep_link_word_is_not_asked(bot: Harness) -> None:
    await bot.send("/start help")
    assert not any(ASKED in t for t in texts(bot))


# ============================================================================================
# 3. A caption or an edit while a draft is open


# FOUND: a check-level caption while a preview is open asks "Are you safe right now?" with the
# caption as the waiting words; "I'm OK" then runs writing.take_text(caption), which REPLACES
# the draft's text. The message they wrote (and saw in the preview) is gone; Send sends only
# the caption.
async def test_a_check_level_caption_while_a_preview_waits_does_not_replace_the_draft(
    bot: Harness, settings: Settings
) -> None:
    await begin(bot)
    preview = await bot.send("My window has been broken for a month")
    assert "My window has been broken for a month" in plain(preview)

    await bot.feed(with_caption(bot, "photo", "who can have my xbox when i'm not around anymore"))
    assert ASKED in plain(bot.api.last_message())
    await bot.press("I'm OK")
    await bot.press("Send")

    stored = " ".join(t for (t,) in rows(settings, "SELECT text FROM items"))
    assert "My window has been broken for a month" in stored, stored


# FOUND: the same with an edit of an older message (not the draft's own) while a preview waits.
async def test_a_check_level_edit_of_an_old_message_does_not_replace_the_draft(
    bot: Harness, settings: Settings
) -> None:
    await bot.send("hello")  # an older message (id 1) they can edit later
    await begin(bot)
    await bot.send("My window has been broken for a month")

    edit = bot.updates.edited("who can have my xbox when i'm not around anymore")
    edit["edited_message"]["message_id"] = 1
    await bot.feed(edit)
    if ASKED in plain(bot.api.last_message()):
        await bot.press("I'm OK")
    await bot.press("Send")

    stored = " ".join(t for (t,) in rows(settings, "SELECT text FROM items"))
    assert "My window has been broken for a month" in stored, stored


# ============================================================================================
# 4. The web chat's "Check a message" box


# FOUND (regression, web): a disclosure typed in the code box that looks like a code is
# stripped by words_besides_codes and answered "I couldn't find a message with that code".
async def test_a_name_disclosure_in_the_web_code_box_gets_help(web: Web) -> None:
    visitor: Visitor = web.visitor()
    await in_care(visitor)
    page = await visitor.open("/check")
    form = page.forms[-1]
    shown = await visitor.post("/check", {**form.fields, "code": "Poppy hits me", "do": "status"})
    assert "crisis" in shown.sections, shown.text[:300]
    assert web.rows("SELECT urgent FROM items") == [(1,)]


# COVERAGE: the code itself is never screened: "BRIDGE-..." reads as urgent to the screen, and
# a mistyped code is only "not found", never the crisis reply or an urgent item.
async def test_a_code_word_that_reads_as_risk_in_the_web_code_box_is_not_screened(
    web: Web,
) -> None:
    code = "BRIDGE-3DZV-MXXQ"
    assert web.services.intake.level(code).value == "urgent"  # the premise
    visitor: Visitor = web.visitor()
    await in_care(visitor)
    page = await visitor.open("/check")
    form = page.forms[-1]
    shown = await visitor.post("/check", {**form.fields, "code": code, "do": "status"})
    assert "crisis" not in shown.sections, shown.text[:300]
    assert "couldn't find a message with that code" in shown.text, shown.text[:300]
    assert web.rows("SELECT COUNT(*) FROM items") == [(0,)]


# A worried-sounding note beside a code in the web code box is no reason to stop the check.
async def test_a_worried_note_beside_a_code_in_the_web_box_still_shows_the_status(
    web: Web,
) -> None:
    from tests.test_web import check, write

    visitor: Visitor = web.visitor()
    await write(visitor, "Please can the youth club open on Sundays as well")
    code = (await visitor.press("Send")).html.split('<code class="code">')[1].split("<")[0]

    shown = await check(visitor, f"{code} im not sure it went through")

    assert ASKED not in shown.text, shown.text[:300]
    assert STATUS in shown.text, shown.text[:300]


# ============================================================================================
# 5. Redaction


# FOUND: "the surname after a first name goes with it" - but only a surname of one capital and
# lower-case letters. O'Neil, McDonald, MacDonald, a double-barrelled Brown-Smith and the
# last word of "De Souza" all stay beside the [name], naming the child to the board.
@pytest.mark.parametrize(
    ("text", "surname"),
    [
        ("I'm Kayla O'Neil", "O'Neil"),
        ("I'm Kayla McDonald", "McDonald"),
        ("I'm Kayla MacDonald", "MacDonald"),
        ("i'm Kayla Brown-Smith", "Brown-Smith"),
        ("I'm Kayla De Souza", "Souza"),
    ],
)
def test_a_surname_of_any_common_shape_goes_with_the_first_name(text: str, surname: str) -> None:
    out = redact(text)
    assert surname not in out, out


# FOUND: redacting twice changes the text, and the first pass leaves a first name behind:
# "Edward Green" is kept as a place ("Green"), then "Green" is propagated as a name, leaving
# "Edward [name]"; a second pass (an officer's suggested quote redacted again) takes "Edward".
@pytest.mark.parametrize(
    "text",
    [
        "there's a lad called Green in my class, Edward Green",
    ],
)
def test_redacting_twice_changes_nothing(text: str) -> None:
    once = redact(text)
    assert redact(once) == once, (once, redact(once))


def test_a_first_name_is_not_left_beside_a_redacted_surname() -> None:
    out = redact("there's a lad called Green in my class, Edward Green")
    assert "Edward" not in out, out


# COVERAGE: council services, schools and places with first names in them are kept.
@pytest.mark.parametrize(
    "text",
    [
        "I go to Grace Academy",
        "we went to Florence Park",
        "Sophie Taylor Centre was shut",
        "St Anne's school is ok",
        "King Edward school",
        "Queen Elizabeth Hospital",
        "Prince William School",
        "Ruby Lodge is my home",
        "Jasmine House children's home",
        "Charlotte Street Hub",
        "Joseph Chamberlain College",
        "Nelson Mandela school",
        "the Virtual School helped me",
        "Duke of Edinburgh award was fun",
        "the Jack Petchey Foundation gave me an award",
    ],
)
def test_services_schools_and_places_are_kept(text: str) -> None:
    assert redact(text) == text
