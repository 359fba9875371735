"""Hyperbole, games and harm told as over, in the ways people write them, and a number before a
unit of time read as a number. Each kind was seen in a blind set written by others; these are
sentences of our own in the same kinds, run on the rules alone (so each proves its rule), and on
the whole screen where the learned layer also has its say."""

from __future__ import annotations

import pytest

from bot.services.screen_text import words
from bot.services.screening import Level, Screener


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("been clean 3 years", ["been", "clean", "3", "years"]),
        ("out of it 2 years now", ["out", "of", "it", "2", "years", "now"]),
        ("4 weeks ago", ["4", "weeks", "ago"]),
        # Text-speak stays text-speak before anything else.
        ("i want 2 die", ["i", "want", "to", "die"]),
        ("4 real", ["for", "real"]),
    ],
)
def test_a_number_before_a_unit_of_time_is_a_number(typed: str, read: list[str]) -> None:
    assert words(typed) == read


@pytest.mark.parametrize(
    "game",
    [
        "my guy got shot in warzone and i lost all my loot",
        "got stabbed in fortnite by a 9 year old, embarrassing",
        "my avatar got killed twice, this new map is hard",
    ],
)
def test_harm_to_a_game_character_is_not_a_threat(rules_only: Screener, game: str) -> None:
    rules = rules_only.analyse(game).rules
    assert rules.idiom
    assert not rules.urgent
    assert rules_only.screen(game).level is not Level.URGENT


@pytest.mark.parametrize(
    "real",
    [
        "he stabbed me after we played fortnite",
        "i got stabbed in the park by a lad from the estate",
        "my character in the play got stabbed, then the lad playing him stabbed me for real",
    ],
)
def test_harm_to_a_person_near_a_game_word_stays_urgent(rules_only: Screener, real: str) -> None:
    assert rules_only.screen(real).urgent, real


@pytest.mark.parametrize(
    "laughing",
    [
        "swear im going to kill my brother he ate all my crisps lol",
        "gonna kill my carer for waking me up at 7 on a saturday 😂",
        "my science teacher set 3 essays in one week, i will kill her haha",
    ],
)
def test_laughing_about_ending_an_annoying_person_is_checked_not_urgent(
    rules_only: Screener, screener: Screener, laughing: str
) -> None:
    assert rules_only.screen(laughing).level is Level.CHECK, laughing
    assert screener.screen(laughing).level is not Level.URGENT, laughing


@pytest.mark.parametrize(
    "threat",
    [
        "im going to kill my stepdad",
        "im going to kill him tonight",
        "im going to kill my stepdad lol he said hed hit me again",
        "im going to kill him i have a knife lol",
        "he is going to kill my mum lol",
    ],
)
def test_a_threat_without_laughter_or_with_a_weapon_or_a_report_stays_urgent(
    rules_only: Screener, threat: str
) -> None:
    assert rules_only.screen(threat).urgent, threat


@pytest.mark.parametrize(
    "dull",
    [
        "that meeting was so boring i wanted to die",
        "my review went on so long i literally wanted to die",
        "the assembly was so embarrassing that i wanted to die",
    ],
)
def test_something_dull_that_made_you_want_to_die_is_checked(
    rules_only: Screener, dull: str
) -> None:
    assert rules_only.screen(dull).level is Level.CHECK, dull


@pytest.mark.parametrize(
    "meant",
    ["i feel so alone i want to die", "everything is so hard i want to die", "i want to die"],
)
def test_wanting_to_die_for_what_life_is_like_stays_urgent(
    rules_only: Screener, meant: str
) -> None:
    assert rules_only.screen(meant).urgent, meant


@pytest.mark.parametrize(
    "past",
    [
        "i was in a gang selling for olders when i was 14, been out 3 years and i want to talk "
        "to young people in schools about it",
        "i used to self harm, been clean 2 years now and want to tell other kids it gets better",
        "a man groomed me online when i was 13, im 19 now and i want to warn younger girls",
    ],
)
def test_harm_told_as_over_with_a_wish_to_warn_others_is_checked(
    rules_only: Screener, past: str
) -> None:
    assert rules_only.screen(past).level is Level.CHECK, past


def test_wanting_to_talk_to_someone_now_is_not_taken_for_the_past(rules_only: Screener) -> None:
    assert rules_only.screen("i used to self harm and i want to cut again tonight").urgent


@pytest.mark.parametrize(
    "cry",
    [
        "help",
        "Help me!!",
        "please help",
        "cant cope",
        "i cant cope anymore x",
        "im so scared",
        "i need help",
        "can someone help me",
        "im not ok",
    ],
)
def test_a_short_cry_for_help_with_no_risk_words_is_checked(
    rules_only: Screener, screener: Screener, cry: str
) -> None:
    assert rules_only.analyse(cry).rules.cry, cry
    assert rules_only.screen(cry).level is not Level.NONE, cry
    assert screener.screen(cry).level is not Level.NONE, cry


@pytest.mark.parametrize(
    "ordinary",
    [
        "help me with my cv",
        "can you help me find the local offer",
        "i need help with my pep",
        "hello",
        "i was scared of the dark when i was little but i love the new nightlight",
    ],
)
def test_asking_for_help_with_something_is_not_a_cry_for_help(
    rules_only: Screener, ordinary: str
) -> None:
    assert not rules_only.analyse(ordinary).rules.cry, ordinary


@pytest.mark.parametrize(
    "harm",
    [
        "bruises where he kicked me at footy",
        "i cut my own arm last night",
        "my dad grabbed me at training",
        "my coach hit me after training",
    ],
)
def test_harm_beside_sport_or_a_haircut_is_caught(rules_only: Screener, harm: str) -> None:
    assert rules_only.screen(harm).level is not Level.NONE, harm
    if " me " in f" {harm} ":  # someone's harm done to the writer: urgent, never masked
        assert rules_only.screen(harm).urgent, harm


@pytest.mark.parametrize(
    "practice", ["my dad grabbed me at training", "my coach hit me after training"]
)
def test_sports_training_is_not_a_talk_about_a_topic(rules_only: Screener, practice: str) -> None:
    assert not rules_only.analyse(practice).rules.topic, practice
    assert rules_only.screen(practice).urgent, practice


def test_safeguarding_training_is_still_a_topic(rules_only: Screener) -> None:
    assert rules_only.analyse("we had safeguarding training about county lines").rules.topic


# Kind acts and a hobby, found by writing new ordinary messages; and the disclosures a stranger
# wrote against the first version of these fixes, which must stay urgent.
@pytest.mark.parametrize(
    "kind",
    [
        "my mum had a new baby, hes so tiny. i held him for ages at contact",
        "he held her hand the whole way round the zoo",
        "saw my grandad, feels like a bit of me came back",
        "sunday phone call with my sister is the best bit of my week",
        "i was scared of the high ropes but i did the whole course",
        "my keyworker is showing me the ropes at my new job",
        "my carer held my hair back when i was sick, she was so kind",
    ],
)
def test_a_kind_act_or_a_hobby_is_not_read_as_harm(rules_only: Screener, kind: str) -> None:
    assert not rules_only.analyse(kind).rules.urgent, kind


@pytest.mark.parametrize(
    "harm",
    [
        "my carer held me against the wall",
        "my stepdad held me down by my neck",
        "my stepdad held me and wouldnt let me go",
        "he held me hostage in the flat",
        "my stepdad held my hand on the cooker",
        "my dad held my head under the water",
        "my boyfriend held me in place and bit me",
        "my brother first bit me then ran off",
        "my dad bit me",
        "my dad gave me a slap across the face",
        "the lad that punched me in the face is back at my school",
        "im scared of my carer",
        "im scared of my carers son",
        "im scared of my carers dog he sets it on me",
        "i put the skipping rope round my neck last night",
        "i've got rope burn on my neck from last night",
        "my friend packed her bag and has been missing for 3 days",
        "got a rope and im going to the woods tonight",
        "he held me back by my hair",
        "he held my hair and dragged me across the room",
        "he held my hair back when i was sick and then hit me",
    ],
)
def test_being_held_bitten_scared_of_a_carer_or_a_rope_stays_urgent(
    rules_only: Screener, harm: str
) -> None:
    assert rules_only.analyse(harm).rules.urgent, harm


def test_a_cut_told_as_shaving_but_done_on_purpose_is_still_seen(rules_only: Screener) -> None:
    said = "i tell people i cut my legs shaving but i did it on purpose"
    assert rules_only.screen(said).level is not Level.NONE


# A joke about dying, then said to be meant: new sentences of our own in the kind a helper wrote
# when asked for warning signs told without the usual words.
@pytest.mark.parametrize(
    "taken_back",
    [
        "double science again, kill me now lol. i kinda mean it tho",
        "im dead 😭 jk. actually not jk",
        "being dead would be peaceful. half joking",
        "ugh i could just disappear haha. not joking really",
        "i mean it. i dont want to be alive",
    ],
)
def test_a_joke_about_dying_said_to_be_meant_is_checked(
    rules_only: Screener, taken_back: str
) -> None:
    assert rules_only.analyse(taken_back).rules.meant, taken_back
    assert rules_only.screen(taken_back).level is not Level.NONE, taken_back


@pytest.mark.parametrize(
    "emphasis",
    [
        "this homework is killing me, not even joking",
        "house meeting tonight about the tv remote. not joking",
        "i mean it, best pizza in town",
        "the film was so good i am not joking",
    ],
)
def test_not_joking_without_dying_or_as_emphasis_is_not_taken_back(
    rules_only: Screener, emphasis: str
) -> None:
    assert not rules_only.analyse(emphasis).rules.meant, emphasis


@pytest.mark.parametrize(
    "no_future",
    [
        "can i finish my bit of the survey before im gone",
        "who gets my xbox when im gone",
        "what happens to my savings if i die",
        "they would all be fine if i wasnt here",
        "coming to the party to say bye to everyone",
    ],
)
def test_talk_of_being_gone_or_saying_bye_is_a_sign_to_weigh(
    rules_only: Screener, no_future: str
) -> None:
    assert "suicide_self_harm" in rules_only.analyse(no_future).rules.weak, no_future


# Learner English drops the little words: "i want die", "i want kill self". Found by a stranger
# attacking the receipt codes ("Robin kill self" read as nothing at all).
@pytest.mark.parametrize(
    "plain",
    ["i want die", "i want kill self", "sometimes i want be dead", "i am killing self slowly"],
)
def test_a_disclosure_without_its_little_words_is_urgent(rules_only: Screener, plain: str) -> None:
    assert rules_only.analyse(plain).rules.urgent == {"suicide_self_harm"}, plain
