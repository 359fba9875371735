"""Screening rules and normalisation: disguise is undone without inventing risk words; someone + a
harm is caught; idiom, hyperbole and harm told as past go to "check"; other languages are at least
"check" and their risk words urgent. Rule tests run without the learned model, so each one proves
the rule itself."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.services.screen_rules import PhraseIndex
from bot.services.screen_text import Vocabulary, fold_table, words
from bot.services.screening import Level, Screener

# ---------------------------------------------------------------------------------------------
# Disguise


@pytest.mark.parametrize(
    "disguised",
    [
        "i want to kіll mysеlf",  # Cyrillic і and е
        "i want to κill myself",  # Greek kappa
        "𝐤𝐢𝐥𝐥 𝐦𝐲𝐬𝐞𝐥𝐟",  # mathematical bold
        "ｋｉｌｌ ｍｙｓｅｌｆ",  # full width
        "kíll mýsélf",  # accents
        "k\u0336i\u0336l\u0336l\u0336 myself",  # combining strokes
        "ɪ ᴡᴀɴɴᴀ ᴋɪʟʟ ᴍʏsᴇʟғ",  # small capitals, as "fancy text" generators write them
        "🅺🅸🅻🅻 🅼🆈🆂🅴🅻🅵",  # letters in black squares
        "i want to ᴋɪʟʟ ᴍʏꜱᴇʟꜰ",  # small capitals outside the IPA block
        "i want to kiII myseIf",  # capital I for l
    ],
)
def test_look_alike_letters_and_accents_are_folded(rules_only: Screener, disguised: str) -> None:
    assert rules_only.screen(disguised).urgent


@pytest.mark.parametrize(
    "disguised",
    [
        "k i l l  m y s e l f",
        "i want to k i l l myself",
        "s.u.i.c.i.d.e",
        "k-i-l-l myself",
        "k*ll myself",
        "thinking about sui cide",
        "going to hurt my self",
    ],
)
def test_spaced_and_punctuated_letters_are_rejoined(rules_only: Screener, disguised: str) -> None:
    assert rules_only.screen(disguised).urgent


def test_spelt_out_letters_become_one_word() -> None:
    # Letters one space apart and words two: the words stay apart, so the model reads them.
    assert words("k i l l  m y s e l f") == ["kill", "myself"]
    assert words("n o  f o o d  a g a i n") == ["no", "food", "again"]
    assert words("k  i  l  l  m e") == ["killme"]  # mostly single letters: one word
    assert words("s.u.i.c.i.d.e") == ["suicide"]
    assert words("u r a legend") == ["you", "are", "a", "legend"]  # text-speak, not a word


def test_a_phrase_is_found_across_moved_spaces_but_only_from_word_to_word_end() -> None:
    index = PhraseIndex([(("kill", "myself"), "suicide_self_harm")])

    assert index.find(["kill", "my", "self"]) == [("suicide_self_harm", 0)]
    assert index.find(["killmyself"]) == [("suicide_self_harm", 0)]
    assert index.find(["i", "skill", "myself"]) == []
    assert index.find(["kill", "myselfie"]) == []


@pytest.mark.parametrize(
    "misspelt",
    ["i keep thinking about sucide", "feeling sucidal", "im going to ovrdose", "i feel suicidel"],
)
def test_misspelt_risk_words_are_repaired(rules_only: Screener, misspelt: str) -> None:
    assert rules_only.screen(misspelt).urgent


@pytest.mark.parametrize(
    "textspeak",
    [
        "idw 2 b here ne more",
        "i wanna die",
        "im gonna kms",
        "i dont wanna live",
        "cant do this any more tbh",
        "my carer hitz me",  # z for s
        "mi carer hits mi",  # mi for me
    ],
)
def test_text_speak_and_contractions_are_read(rules_only: Screener, textspeak: str) -> None:
    assert rules_only.screen(textspeak).level is not Level.NONE


def test_ordinary_words_are_never_turned_into_risk_words(content: Content) -> None:
    vocabulary = Screener.from_content(content, model=None).vocabulary
    ordinary = "decide filled skilled killer deciding herself shelf seriously decided outside"

    assert words(ordinary, vocabulary) == ordinary.split()
    assert vocabulary.repair("sucide") == "suicide"
    assert vocabulary.repair("decide") == "decide"  # an English word, however close
    # z for s only where the word is unknown as it is and known with an s.
    assert words("the kidz hitz jazz quiz pizza", vocabulary) == [
        "the",
        "kids",
        "hits",
        "jazz",
        "quiz",
        "pizza",
    ]


def test_spelling_repair_only_leads_to_risk_words() -> None:
    vocabulary = Vocabulary(["suicide", "overdose"])

    assert vocabulary.repair("overdsoe") == "overdose"
    assert vocabulary.repair("placment") == "placment"  # no risk word is near it
    assert vocabulary.repair("suic") == "suic"  # too short to guess


def test_the_confusables_table_folds_cyrillic_and_greek_to_latin() -> None:
    table = fold_table()

    assert "кіllmуѕеlf".translate(table) == "killmyself"
    assert "αοκτ".translate(table) == "aokt"
    assert ord("ا") not in table  # Arabic is a language here, never a disguise


# ---------------------------------------------------------------------------------------------
# Beyond phrase lists


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("my carer grabbed me by the neck", "physical_abuse"),
        ("staff held me against the wall", "physical_abuse"),
        ("my foster dad whacked me with his belt", "physical_abuse"),
        ("my boyfriend shoved me into the door last night", "domestic_abuse"),
        ("she punched my little sister in the face", "physical_abuse"),
    ],
)
def test_someone_and_a_harm_within_a_few_words_is_urgent(
    rules_only: Screener, message: str, category: str
) -> None:
    result = rules_only.screen(message)

    assert result.urgent
    assert category in result.categories


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("he buys me vapes and says its our secret, hes 24", "sexual_abuse_grooming"),
        ("i owe the olders for the package that got took", "criminal_exploitation"),
        ("been saving my tablets, i think ive got enough now", "overdose_substances"),
        ("the man has my passport and says i owe him for the journey", "trafficking_slavery"),
    ],
)
def test_risky_combinations_are_urgent(rules_only: Screener, message: str, category: str) -> None:
    result = rules_only.screen(message)

    assert result.urgent
    assert category in result.categories


def test_a_harm_to_a_thing_is_not_someone_hurting_a_person(rules_only: Screener) -> None:
    assert rules_only.screen("he hit the ball over the fence at cricket").level is Level.NONE


def test_third_person_and_carer_reports_count(rules_only: Screener) -> None:
    assert rules_only.screen("my mate says her stepdad hits her").urgent
    assert rules_only.screen("the boy placed with us said his uncle punched him").urgent


@pytest.mark.parametrize(
    "idiom",
    [
        "this homework is killing me lol",
        "i killed it at football today",
        "im dying to see the new film",
        "my feet are killing me after my shift",
        "nearly died laughing at that",
    ],
)
def test_idiom_and_hyperbole_raise_no_urgent_alarm(rules_only: Screener, idiom: str) -> None:
    assert not rules_only.screen(idiom).urgent


def test_a_risk_phrase_inside_idiom_is_lowered_to_check_not_to_nothing(
    rules_only: Screener,
) -> None:
    # Without the model, a risk phrase the idiom guard covers still asks a person to check.
    result = rules_only.screen("overdosed on selection boxes at christmas lol")

    assert result.level is Level.CHECK


@pytest.mark.parametrize(
    "ordinary", ["the wifi at my home keeps cutting out at night", "the heating keeps cutting off"]
)
def test_a_weaker_sign_inside_an_idiom_is_no_sign(
    screener: Screener, rules_only: Screener, ordinary: str
) -> None:
    # Found walking the web chat: "cutting" (a weaker sign) made the wifi an urgent alarm.
    assert screener.screen(ordinary).level is Level.NONE
    assert rules_only.screen(ordinary).level is Level.NONE


def test_the_same_weaker_sign_outside_an_idiom_still_counts(
    screener: Screener, rules_only: Screener
) -> None:
    assert screener.screen("i keep cutting").level is not Level.NONE
    assert rules_only.screen("i keep cutting").level is not Level.NONE


@pytest.mark.parametrize(
    "past",
    [
        "i used to self harm but im ok now",
        "when i was 12 my old foster carer hit me, its fine now",
        "years ago i took an overdose",
        # Wanting to help others with what they went through is not wanting it again.
        "i used to self harm but im doing really well now and i want to help others",
        "i was groomed into selling when i was 13, i want to give back and mentor younger kids",
    ],
)
def test_harm_told_as_past_goes_to_check(
    rules_only: Screener, screener: Screener, past: str
) -> None:
    assert rules_only.screen(past).level is Level.CHECK
    assert screener.screen(past).level is Level.CHECK


@pytest.mark.parametrize(
    "now",
    [
        "i used to self harm and now ive started again",
        "i used to self harm and i want to do it again",
        "i used to self harm, i want to cut tonight",
    ],
)
def test_the_past_with_something_said_of_now_stays_urgent(rules_only: Screener, now: str) -> None:
    assert rules_only.screen(now).urgent


@pytest.mark.parametrize(
    "harmless",
    [
        "my room at the new place is boss, got a double bed and my own telly",
        "staff said the shower and my room get cleaned on fridays",
    ],
)
def test_a_bed_or_a_shower_beside_a_person_is_not_a_sexual_harm(
    rules_only: Screener, harmless: str
) -> None:
    """ "bed and my own telly": a word between them breaks the link to the person."""
    assert rules_only.screen(harmless).level is Level.NONE


@pytest.mark.parametrize(
    "disclosure",
    ["he gets in bed with me at night", "my carer touched my leg", "he got in the shower with me"],
)
def test_a_sexual_harm_done_to_a_person_is_urgent(rules_only: Screener, disclosure: str) -> None:
    assert rules_only.screen(disclosure).urgent


def test_a_handle_is_a_name_not_words(screener: Screener) -> None:
    """ "@kiaa.x" read as "akiaa x" (a kiss) made an art-club invitation urgent."""
    assert words("my insta is @kiaa.x") == ["my", "insta", "is"]
    assert words("add me @jay_b2 on snap") == ["add", "me", "on", "snap"]
    assert words("i suffer @buse.") == ["i", "suffer", "abuse"]  # a disguise is still read
    invite = "who wants to do the art project with me? my insta is"
    assert screener.screen(f"{invite} @kiaa.x").level is screener.screen(invite).level


# ---------------------------------------------------------------------------------------------
# Other languages


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("pryd mae'r cyfarfod nesaf o'r bwrdd os gwelwch yn dda", "cy"),
        ("Kiedy jest następne spotkanie rady? Chciałbym przyjść", "pl"),
        ("مرحبا، متى الاجتماع القادم؟", "ar"),
        ("Khi nào có cuộc họp tiếp theo vậy ạ?", "vi"),
    ],
)
def test_a_message_not_in_english_is_at_least_check(
    screener: Screener, message: str, language: str
) -> None:
    result = screener.screen(message)

    assert result.not_english
    assert result.language == language
    assert result.level is not Level.NONE


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("أريد أن أموت", "ar"),
        ("dw i eisiau marw", "cy"),
        ("chcę umrzeć, nie mogę już", "pl"),
        ("vreau să mor", "ro"),
        ("em muốn chết", "vi"),
        ("ez dixwazim bimirim", "ku"),
        ("መሞት እፈልጋለሁ", "am"),
        ("میخواهم بمیرم", "fa"),
    ],
)
def test_a_risk_word_in_another_language_is_urgent(
    rules_only: Screener, message: str, language: str
) -> None:
    result = rules_only.screen(message)

    assert result.urgent
    assert result.not_english
    assert result.language == language


@pytest.mark.parametrize(
    "english",
    [
        "wagwan bruv hows it going",
        "lol ngl resi food is peak",
        "ok",
        "can u ask my sw to ring me",
        "my PA is sound tbh",
        "innit",
    ],
)
def test_short_english_slang_is_english(screener: Screener, english: str) -> None:
    result = screener.screen(english)

    assert not result.not_english
    assert result.language == "en"


def test_help_replies_are_there_for_every_lexicon_language(content: Content) -> None:
    safeguarding = content.safeguarding
    codes = {lang.code for lang in safeguarding.languages}

    assert codes >= {"cy", "ar", "ps", "fa", "ku", "ti", "am", "sq", "vi", "pl", "ro"}
    for code in codes:
        reply = safeguarding.help_reply(code)
        assert reply is not None
        assert "999" in reply
        assert "0800 1111" in reply
    assert safeguarding.help_reply("AR") == safeguarding.help_reply("ar")
    assert safeguarding.help_reply("en") is None
    assert all("interpreter" in lang.checked for lang in safeguarding.languages)


def test_every_category_has_a_label_and_a_theme_that_exists(content: Content) -> None:
    themes = {t.id for t in content.themes.themes}
    ids = [c.id for c in content.safeguarding.categories]

    assert len(ids) == 16
    assert all(c.theme in themes for c in content.safeguarding.categories)
    assert content.safeguarding.labels()["fgm"] == "FGM (cutting)"


@pytest.mark.parametrize(
    "romanised",
    [
        "mujhe apni behen se milna hai kab",  # Urdu in English letters
        "dige nemikham inja bemoonam",  # Farsi in English letters
        "wallah ma 3andi shi ya3ni",  # Arabic in English letters
        "hame chi tamoom shode, dige nemitoonam edame bedam",  # Farsi: "hame", "shode" in Webster
    ],
)
def test_a_language_the_model_cannot_place_is_still_not_english(
    screener: Screener, romanised: str
) -> None:
    result = screener.screen(romanised)

    assert result.not_english
    assert result.level is not Level.NONE  # a person who reads the language should look


@pytest.mark.parametrize(
    "disguised_english", ["h3 h1ts m3 3v3ry d4y", "st@ff sh0ut @t m3", "n o  f o o d  t o d a y"]
)
def test_disguised_english_is_still_english(screener: Screener, disguised_english: str) -> None:
    assert screener.screen(disguised_english).language == "en"


@pytest.mark.parametrize("no_words", ["😀" * 50, "❤️🙏😂😂 👍👍👍", "07700 900123 12 34 56"])
def test_emoji_and_numbers_belong_to_no_language(screener: Screener, no_words: str) -> None:
    assert screener.screen(no_words).language == "en"


@pytest.mark.parametrize(
    "unsure",
    [
        "my sister is gonna kill me, i spilt nail varnish on her top",
        "i broke the telly and my foster dad is going to kill me",
    ],
)
def test_likely_hyperbole_is_lowered_to_check_never_to_nothing(
    rules_only: Screener, unsure: str
) -> None:
    # A threat told beside a mishap is most likely hyperbole, but not surely: a person asks.
    assert rules_only.screen(unsure).level is Level.CHECK


def test_likely_hyperbole_is_check_with_the_shipped_model_too(screener: Screener) -> None:
    # Rules alone turn any weak sign into "check"; with the model a weak sign can be nothing,
    # so the hyperbole route must say "check" itself.
    for unsure in (
        "my sister is gonna kill me, i spilt nail varnish on her top",
        "i broke the telly and my foster dad is going to kill me",
        "my nan will kill me i lost my keys again",  # a weaker sign ("will kill me") as well
        "i dropped her phone down the toilet, my sister would kill me",
    ):
        assert screener.screen(unsure).level is Level.CHECK, unsure


def test_a_threat_said_as_will_or_would_is_never_nothing(screener: Screener) -> None:
    for threat in ("he will kill me if i tell anyone", "my dad would kill me if he found me"):
        assert screener.screen(threat).level is not Level.NONE, threat


def test_the_same_threat_without_a_mishap_stays_urgent(rules_only: Screener) -> None:
    assert rules_only.screen("my foster dad is going to kill me").urgent


@pytest.mark.parametrize(
    "ordinary",
    [
        "my pe bag has gone missing again",
        "got hit in the face with a ball at netball",
        "the school tablet is cracked",
        "the puppy bit my hand when we played",
    ],
)
def test_everyday_mishaps_are_idiom_not_urgent(rules_only: Screener, ordinary: str) -> None:
    assert not rules_only.screen(ordinary).urgent


def test_a_person_going_missing_is_still_urgent(rules_only: Screener) -> None:
    assert rules_only.screen("my little sister has gone missing").urgent


@pytest.mark.parametrize(
    "threat",
    [
        "i lost my phone and he said hes going to kill me",
        "my mum is gonna kill me, i broke her vase and she has a knife",
    ],
)
def test_a_reported_threat_a_weapon_or_pills_are_not_taken_for_hyperbole(
    rules_only: Screener, threat: str
) -> None:
    assert rules_only.screen(threat).urgent


def test_pills_are_not_taken_for_a_broken_tablet_computer(rules_only: Screener) -> None:
    assert not rules_only.analyse("i took all my tablets cos im broken").rules.idiom
    assert rules_only.analyse("the tablet for school is broken").rules.idiom


@pytest.mark.parametrize(
    "joined_up",
    ["iwanttokillmyself", "#iwanttodie", "honestly imgonnaendittonight", "#killmyselfnow"],
)
def test_words_typed_with_no_spaces_are_read_and_a_person_checks(
    screener: Screener, rules_only: Screener, joined_up: str
) -> None:
    assert screener.screen(joined_up).level is not Level.NONE, joined_up
    assert "suicide_self_harm" in rules_only.analyse(joined_up).rules.categories()


@pytest.mark.parametrize(
    "ordinary", ["#throwbackthursday to the cicc trip", "skillsbootcamp applications open?"]
)
def test_ordinary_run_together_words_stay_ordinary(rules_only: Screener, ordinary: str) -> None:
    assert rules_only.screen(ordinary).level is Level.NONE
