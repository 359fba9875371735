"""Screens a 12-year-old takes in at a glance (issue 12): every young-person screen of every
journey, for every audience, fits one phone screen, offers help one tap away, says nothing
twice and lists nothing both as words and as buttons; officer screens name things in words."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from functools import cache

from bot.callback_data import ScreenButton
from bot.domain import Audience, Place
from bot.screens import BlockKind, Screen, browse, feedback, officer, reminders, start, status
from bot.screens.catalogue import Entry, every_screen, officer_screens
from bot.screens.model import heading, para, screen
from bot.screens.text import phone_lines, sentences, text_lines
from tests.conftest import ROOT, shipped_content

MAX_LINES = 10
MAX_LINES_FULL_HELP = 16  # the screens whose point is the full list of help numbers
MAX_BUTTONS = 8
TODAY = date(2026, 12, 1)
HELP = ScreenButton(Place.HELP).pack()


@cache
def young_person_entries() -> tuple[Entry, ...]:
    return tuple(every_screen(shipped_content(), list(Audience), TODAY, officers=False))


def label(entry: Entry) -> str:
    return f"{entry.journey}/{entry.screen.name} ({entry.audience})"


def shows_full_help(entry: Entry) -> bool:
    content = shipped_content()
    shown = "\n".join(text_lines(entry.screen))
    return all(n.number in shown for n in content.safeguarding.help_numbers)


def too_long(entry: Entry) -> str | None:
    limit = MAX_LINES_FULL_HELP if entry.full_help else MAX_LINES
    lines = phone_lines(entry.screen)
    return f"{label(entry)}: {lines} lines > {limit}" if lines > limit else None


def test_the_catalogue_has_every_screen_of_every_journey() -> None:
    names = {e.screen.name for e in young_person_entries()}
    officer_names = {e.screen.name for e in officer_screens(shipped_content(), TODAY)}
    built_by_modules = {
        name.removesuffix("_view")
        for module in (browse, feedback, officer, reminders, start, status)
        for name, value in vars(module).items()
        if name.endswith("_view") and callable(value)
    }

    assert built_by_modules - names - officer_names == set()
    assert {e.audience for e in young_person_entries()} == set(Audience)


def test_every_young_person_screen_fits_one_phone_screen() -> None:
    assert [p for e in young_person_entries() if (p := too_long(e))] == []


def test_the_length_check_counts_wrapped_and_blank_lines() -> None:
    words = " ".join(["word"] * 20)  # 99 characters: three lines at 38
    built = screen(heading("Title"), para(words), para("one", "two"))

    assert phone_lines(built) == 1 + 1 + 3 + 1 + 2


def test_every_young_person_screen_has_at_most_eight_buttons() -> None:
    over = [
        f"{label(e)}: {len(e.screen.all_actions())}"
        for e in young_person_entries()
        if len(e.screen.all_actions()) > MAX_BUTTONS
    ]
    assert over == []


def test_help_is_one_tap_away_on_every_young_person_screen() -> None:
    missing = [
        label(e)
        for e in young_person_entries()
        if not shows_full_help(e) and HELP not in {a.value for a in e.screen.all_actions()}
    ]
    assert missing == []


def test_the_full_help_numbers_appear_only_where_they_are_the_point() -> None:
    shown_in_full = {e.screen.name for e in young_person_entries() if shows_full_help(e)}

    # /start, Get help now, before the first message box, and every crisis reply.
    assert shown_in_full == {
        "start",
        "help",
        "feedback_notice",
        "crisis",
        "safety_check",
        "crisis_saved",
    }


def test_no_screen_says_a_sentence_twice() -> None:
    repeated = []
    for entry in young_person_entries():
        said = sentences(entry.screen)
        repeated += [f"{label(entry)}: {s!r}" for s in set(said) if said.count(s) > 1]
    assert repeated == []


def _plain(text: str) -> str:
    return re.sub(r"^\W+|\W+$", "", re.sub(r"^\d+\.\s*", "", text)).lower()


def listed_twice(built: Screen) -> list[str]:
    labels = {_plain(a.label) for a in built.all_actions()}
    return [line for line in text_lines(built) if line and _plain(line) in labels]


def test_nothing_is_listed_both_as_words_and_as_buttons() -> None:
    twice = [f"{label(e)}: {listed_twice(e.screen)}" for e in young_person_entries()]
    assert [t for t in twice if not t.endswith(": []")] == []


def test_the_checks_would_catch_a_crowded_screen() -> None:
    entry = next(e for e in young_person_entries() if e.screen.name == "promise")
    crowded = Entry(
        entry.journey,
        screen(
            *(para(f"Line {n} is here.") for n in range(6)),
            para("Our promise"),
            para("Our promise"),
            actions=[entry.screen.actions[0]] * 9,
        ),
        entry.audience,
    )

    assert too_long(crowded) is not None
    assert len(crowded.screen.all_actions()) > MAX_BUTTONS
    assert not shows_full_help(crowded)
    assert HELP not in {a.value for a in crowded.screen.all_actions()}
    assert listed_twice(screen(para("1. Go"), actions=[[feedback.button("1. Go", "x")]]))


# --------------------------------------------------------------------------------------------
# Officer screens: words, never ids; the next step is always a button


def test_officer_screens_name_things_in_words_not_ids() -> None:
    content = shipped_content()
    ids = {c.id for c in content.safeguarding.categories if "_" in c.id}
    ids |= {"for_board", "not_for_board", "no_action", "in_care", "care_leaver"}
    shown = [
        (e.screen.name, "\n".join(text_lines(e.screen)) + str(e.screen.all_actions()))
        for e in officer_screens(content, TODAY)
    ]

    assert [(name, i) for name, text in shown for i in ids if i in text] == []


def officer_entries(name: str) -> list[Screen]:
    return [e.screen for e in officer_screens(shipped_content(), TODAY) if e.screen.name == name]


def test_every_officer_action_offers_its_next_step_as_a_button() -> None:
    t = shipped_content().texts
    items = officer_entries("officer_item")
    question = [s for s in items if "question" in text_lines(s)[0]]
    feedback_ = [s for s in items if "feedback" in text_lines(s)[0]]

    assert question
    assert feedback_
    assert all(t.officer_button_answer in {a.label for a in s.all_actions()} for s in question)
    assert all(
        t.officer_button_answer not in {a.label for a in s.all_actions()} for s in feedback_
    )
    for chosen in officer_entries("officer_theme_set"):  # after a theme: the board decision
        assert {a.label for a in chosen.all_actions()} == {
            t.officer_button_board,
            t.officer_button_not_board,
        }
    for alert in officer_entries("officer_alert"):
        assert [a.label for a in alert.all_actions()] == [t.officer_button_view]
    queues = officer_entries("officer_queue")
    assert [bool(q.actions) for q in queues] == [True, False]  # nothing waiting: nothing to do


# --------------------------------------------------------------------------------------------
# The catalogue command


def test_the_screen_catalogue_command_writes_every_screen_with_counts() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "screens", "--audience", "carer"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    headers = [line for line in done.stdout.splitlines() if line.startswith("=== ")]

    assert len(headers) >= 60
    assert all(re.search(r"\(carer\) · \d+ lines · \d+ buttons$", h) for h in headers)
    assert "=== start / start (carer)" in done.stdout
    assert "(officer)" not in done.stdout


def test_carers_are_spoken_to_as_carers() -> None:
    child_only = re.compile(r"\b(your (social worker|carer|foster carer)|you are in care)\b", re.I)
    found = [
        f"{label(e)}: {line}"
        for e in young_person_entries()
        if e.audience is Audience.CARER
        for line in text_lines(e.screen) + [a.label for a in e.screen.all_actions()]
        if child_only.search(line)
    ]
    assert found == []


# --------------------------------------------------------------------------------------------
# Plain words: three terms say what they mean the first time a screen uses them

TERMS = ("participation team", "personal adviser", "advocate")
EXPLAINED = re.compile(r"s?\s*\(([^)]+)\)|s?:\s*([^.\n]+)[.\n]")


def bot_words(built: Screen) -> str:
    """The bot's own words on a screen (not a quoted message, which is someone else's)."""
    own = screen(*(b for b in built.blocks if b.kind is not BlockKind.QUOTE), title=built.title)
    return "\n".join(text_lines(own)) + "\n"


def unexplained(words: str) -> list[str]:
    missing = []
    for term in TERMS:
        at = words.lower().find(term)
        if at < 0:
            continue
        said = EXPLAINED.match(words, at + len(term))
        if said is None or len((said.group(1) or said.group(2)).split()) > 5:
            missing.append(term)
    return missing


def test_hard_terms_say_what_they_mean_at_first_use_on_every_screen() -> None:
    found = [
        f"{label(e)}: {terms}"
        for e in young_person_entries()
        if (terms := unexplained(bot_words(e.screen)))
    ]
    assert found == []


def test_the_term_check_tells_explained_from_bare() -> None:
    assert unexplained("Only the participation team (staff who listen) reads it.\n") == []
    assert unexplained("Ask your personal adviser (your leaving care worker).\n") == []
    assert unexplained("Ask your personal adviser.\n") == ["personal adviser"]
    assert unexplained("An advocate can help.\n") == ["advocate"]


def test_carer_titles_speak_about_the_young_person() -> None:
    titles = {
        e.screen.title
        for e in young_person_entries()
        if e.audience is Audience.CARER and e.screen.title
    }

    assert "Our promise to young people" in titles
    assert "Their health history" in titles
    assert not [t for t in titles if re.search(r"\b(your|you)\b", t, re.I)]
