"""Content: the shipped files load, and each kind of mistake gives a plain file:line message."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.content import CONTENT_FILES, ContentError, load_content
from bot.domain import NATIONAL_HELPLINES, Audience
from tests.conftest import CONTENT_DIR, ROOT, shipped_content

STATUTORY_AREAS = {
    "Health and wellbeing",
    "Relationships",
    "Education and training",
    "Work",
    "Somewhere to live",
    "Having your say and joining in",
    "Money and money skills",
}
DEFAULT_THEMES = [
    "home",
    "family_friends",
    "education",
    "health",
    "workers",
    "leaving_care",
    "money",
    "work_training",
    "activities",
    "having_a_say",
    "identity",
    "safety",
]


def test_shipped_content_is_complete() -> None:
    content = shipped_content()

    assert content.council.name == "Northbridge City Council"
    assert len(content.pledge.promises) >= 8
    assert any(p.text.care_leaver for p in content.pledge.promises)
    assert any(p.text.carer for p in content.pledge.promises)
    assert {a.title.in_care for a in content.offer.areas} == STATUTORY_AREAS
    items = [i for a in content.offer.areas for i in a.items]
    assert len(items) >= 20
    assert all(i.what and i.who and i.how for i in items)
    assert sum(1 for i in items if i.min_age is not None or i.max_age is not None) >= 15
    assert content.meetings.dated
    assert content.meetings.recurring
    assert [t.id for t in content.themes.themes] == DEFAULT_THEMES
    assert len(content.safeguarding.categories) >= 7


def test_shipped_help_numbers_are_the_real_national_numbers() -> None:
    numbers = {n.id: n.number for n in shipped_content().safeguarding.help_numbers}

    assert numbers["emergency"] == "999"
    assert numbers["childline"] == "0800 1111"
    assert numbers["samaritans"] == "116 123"
    assert numbers["shout"] == "85258"
    assert numbers["always_heard"] == "0808 800 5792"
    assert {k: numbers[k] for k in NATIONAL_HELPLINES} == NATIONAL_HELPLINES


def test_values_stay_text_with_no_surprise_booleans_or_octal(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    edit(folder / "council.yaml", "short_name: Northbridge", "short_name: yes")
    edit(folder / "council.yaml", "01632 960 123", "01632960123")

    content = load_content(folder)

    assert content.council.short_name == "yes"
    assert content.council.officer.phone == "01632960123"  # not the number 1632960123


def copy_content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path.name}")


Breakage = Callable[[Path], tuple[str, str]]


def bad_time(folder: Path) -> tuple[str, str]:
    edit(folder / "meetings.yaml", 'time: "17:00"', "time: 7pm")
    line = line_of(folder / "meetings.yaml", "time: 7pm")
    return "meetings.yaml", f'meetings.yaml line {line}: time "7pm" is not a time like 19:00'


def bad_date(folder: Path) -> tuple[str, str]:
    edit(folder / "meetings.yaml", "date: 2026-12-08", "date: 8th December")
    line = line_of(folder / "meetings.yaml", "8th December")
    return "meetings.yaml", (
        f'meetings.yaml line {line}: date "8th December" is not a date like 2027-01-19'
    )


def views_after_meeting(folder: Path) -> tuple[str, str]:
    edit(folder / "meetings.yaml", "views_by: 2026-11-24", "views_by: 2026-12-24")
    return "meetings.yaml", "views_by 2026-12-24 is after the meeting on 2026-12-08"


def bad_id(folder: Path) -> tuple[str, str]:
    edit(folder / "pledge.yaml", "id: listen", "id: Listen Up")
    line = line_of(folder / "pledge.yaml", "Listen Up")
    return "pledge.yaml", f'pledge.yaml line {line}: id "Listen Up" should be a short name'


def uses_of(path: Path, line_text: str) -> list[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if line.strip() == line_text]


def duplicate_id(folder: Path) -> tuple[str, str]:
    edit(folder / "pledge.yaml", "id: worker", "id: listen")
    first, second = uses_of(folder / "pledge.yaml", "- id: listen")
    return "pledge.yaml", (
        f'pledge.yaml line {second}: the promise id "listen" is used twice (first on line '
        f"{first}); each one needs its own"
    )


def duplicate_theme_id(folder: Path) -> tuple[str, str]:
    edit(folder / "themes.yaml", "id: money", "id: home")
    first, second = uses_of(folder / "themes.yaml", "- id: home")
    return "themes.yaml", (
        f'themes.yaml line {second}: the theme id "home" is used twice (first on line {first})'
    )


def wrong_childline(folder: Path) -> tuple[str, str]:
    edit(folder / "safeguarding.yaml", "number: 0800 1111", "number: 0800 1112")
    line = line_of(folder / "safeguarding.yaml", "id: childline")
    return "safeguarding.yaml", (
        f'safeguarding.yaml line {line}: the number for "childline" is "0800 1112" '
        'but the real number is "0800 1111"'
    )


def missing_samaritans(folder: Path) -> tuple[str, str]:
    edit(folder / "safeguarding.yaml", "id: samaritans", "id: samaritans_local")
    return "safeguarding.yaml", 'the national help number "samaritans" (116 123) is missing'


def not_a_number(folder: Path) -> tuple[str, str]:
    edit(folder / "council.yaml", "retention_days: 365", "retention_days: a year")
    line = line_of(folder / "council.yaml", "retention_days")
    return (
        "council.yaml",
        f'council.yaml line {line}: retention_days "a year" is not a whole number',
    )


def misspelt_key(folder: Path) -> tuple[str, str]:
    edit(folder / "texts.yaml", "\nunknown:", "\nunknwn:")
    line = line_of(folder / "texts.yaml", "unknwn:")
    return "texts.yaml", f'texts.yaml line {line}: "unknwn" is not something I know here'


def missing_text(folder: Path) -> tuple[str, str]:
    edit(folder / "texts.yaml", "\nunknown:", "\n# unknown:")
    return "texts.yaml", "texts.yaml line 1: unknown is missing"


def wrong_placeholder(folder: Path) -> tuple[str, str]:
    edit(folder / "texts.yaml", "{retention_days} days, then", "{retention} days, then")
    line = line_of(folder / "texts.yaml", "{retention} days")
    return "texts.yaml", (
        f'texts.yaml line {line}: privacy_summary uses "{{retention}}" but this text can only '
        "use {reading_hours}, {retention_days}"
    )


def stray_brace(folder: Path) -> tuple[str, str]:
    edit(
        folder / "texts.yaml",
        "pledge_pick: Tap a promise to read it.",
        "pledge_pick: '{Tap a promise'",
    )
    return "texts.yaml", "pledge_pick has a { or } on its own"


def duplicate_key(folder: Path) -> tuple[str, str]:
    edit(folder / "council.yaml", "short_name: Northbridge\n", "short_name: N\nshort_name: M\n")
    line = line_of(folder / "council.yaml", "short_name: M")
    return "council.yaml", f"council.yaml line {line}: the same name appears twice"


def flow_list(folder: Path) -> tuple[str, str]:
    edit(folder / "themes.yaml", "    keywords:\n      - home\n", "    keywords: [home, house]\n")
    line = line_of(folder / "themes.yaml", "[home, house]")
    return "themes.yaml", f"themes.yaml line {line}: {{ }} and [ ] lists are not allowed"


def bad_indent(folder: Path) -> tuple[str, str]:
    edit(folder / "council.yaml", "  email: participation", " email: participation")
    return "council.yaml", "the layout is not right here"


def ages_swapped(folder: Path) -> tuple[str, str]:
    edit(
        folder / "local_offer.yaml",
        "min_age: 18\n        max_age: 25",
        "min_age: 25\n        max_age: 18",
    )
    return "local_offer.yaml", "min_age 25 is more than max_age 18; please swap them round"


def wrong_audience(folder: Path) -> tuple[str, str]:
    edit(folder / "local_offer.yaml", "          - care_leaver\n", "          - careleaver\n")
    return "local_offer.yaml", '"careleaver" should be one of: in_care, care_leaver, carer'


def missing_file(folder: Path) -> tuple[str, str]:
    (folder / "themes.yaml").unlink()
    return "themes.yaml", "themes.yaml: the file is missing"


def not_utf8(folder: Path) -> tuple[str, str]:
    (folder / "pledge.yaml").write_bytes("# notes\n\ntitle: caf\xe9\n".encode("latin-1"))
    return "pledge.yaml", "pledge.yaml line 3: the file is not saved as UTF-8 text"


def nul_byte(folder: Path) -> tuple[str, str]:
    edit(folder / "meetings.yaml", "venue:", "ven\x00ue:")
    line = line_of(folder / "meetings.yaml", "ven\x00ue:")
    return "meetings.yaml", f"meetings.yaml line {line}: there is a NUL character (U+0000) here"


def control_character(folder: Path) -> tuple[str, str]:
    edit(folder / "texts.yaml", "pledge_pick: Tap", "pledge_pick: \x1bTap")
    line = line_of(folder / "texts.yaml", "pledge_pick:")
    return "texts.yaml", (
        f"texts.yaml line {line}: there is a hidden control character (U+001B) here"
    )


def too_big(folder: Path) -> tuple[str, str]:
    with (folder / "council.yaml").open("a", encoding="utf-8") as file:
        file.write("# a very long note\n" * 60_000)
    return "council.yaml", "council.yaml: the file is bigger than 1 MB"


def too_deep(folder: Path) -> tuple[str, str]:
    start = len((folder / "themes.yaml").read_text(encoding="utf-8").splitlines()) + 1
    with (folder / "themes.yaml").open("a", encoding="utf-8") as file:
        file.write("".join("  " * depth + f"level{depth}:\n" for depth in range(30)))
        file.write("  " * 30 + "end: here\n")
    # The file's own mapping is level 1, so level 21 starts on the 21st added line.
    return "themes.yaml", f"themes.yaml line {start + 20}: the layout goes more than 20 levels"


def too_deep_in_brackets(folder: Path) -> tuple[str, str]:
    with (folder / "themes.yaml").open("a", encoding="utf-8") as file:
        file.write("deep: " + "[" * 200_000 + "]" * 200_000 + "\n")
    line = line_of(folder / "themes.yaml", "deep: [")
    # strictyaml refuses bracket lists as soon as it meets one, however deep they go.
    return "themes.yaml", f"themes.yaml line {line}: {{ }} and [ ] lists are not allowed"


def too_many_values(folder: Path) -> tuple[str, str]:
    # "themes" is value 1 and word n is value n + 2 on line n + 2: value 3001 is on line 3001.
    words = "".join(f"  - word {n}\n" for n in range(3000))
    (folder / "themes.yaml").write_text("themes:\n" + words, encoding="utf-8")
    return "themes.yaml", "themes.yaml line 3001: the file has more than 3000 values by here"


def empty_wording(folder: Path) -> tuple[str, str]:
    edit(folder / "texts.yaml", "pledge_pick: Tap a promise to read it.", "pledge_pick: ''")
    line = line_of(folder / "texts.yaml", "pledge_pick:")
    return "texts.yaml", f"texts.yaml line {line}: pledge_pick is empty; please write something"


def empty_wording_version(folder: Path) -> tuple[str, str]:
    text = (folder / "texts.yaml").read_text(encoding="utf-8")
    start = text.index("\nwelcome:\n")
    carer = text.index("  carer:", start)
    end = text.index("\n", carer)
    (folder / "texts.yaml").write_text(text[:carer] + "  carer: ''" + text[end:], encoding="utf-8")
    line = text[:carer].count("\n") + 1
    return "texts.yaml", f"texts.yaml line {line}: welcome carer is empty"


def empty_promise_title(folder: Path) -> tuple[str, str]:
    edit(folder / "pledge.yaml", "in_care: We will listen to you", "in_care: ' '")
    line = line_of(folder / "pledge.yaml", "in_care: ' '")
    return "pledge.yaml", f"pledge.yaml line {line}: title in_care is empty"


def empty_officer_name(folder: Path) -> tuple[str, str]:
    edit(folder / "council.yaml", "  name: Sam Okafor, Participation Officer", "  name:")
    line = line_of(folder / "council.yaml", "  name:")
    return "council.yaml", f"council.yaml line {line}: officer name is empty"


def bad_officer_phone(folder: Path) -> tuple[str, str]:
    edit(folder / "council.yaml", "phone: 01632 960 123", "phone: 0123")
    line = line_of(folder / "council.yaml", "phone: 0123")
    return "council.yaml", (
        f'council.yaml line {line}: officer phone "0123" is not a UK phone number; write it '
        "in full with its area code"
    )


def short_code_for_the_officer(folder: Path) -> tuple[str, str]:
    edit(folder / "council.yaml", "phone: 01632 960 123", "phone: 111")
    line = line_of(folder / "council.yaml", "phone: 111")
    return "council.yaml", f'council.yaml line {line}: officer phone "111" is not a UK phone'


def bad_out_of_hours_number(folder: Path) -> tuple[str, str]:
    edit(folder / "council.yaml", "number: 01632 960 999", "number: 01632 960")
    line = line_of(folder / "council.yaml", "number: 01632 960")
    return "council.yaml", (
        f'council.yaml line {line}: out_of_hours number "01632 960" is not a UK phone number '
        "or short code"
    )


def foreign_out_of_hours_number(folder: Path) -> tuple[str, str]:
    edit(folder / "council.yaml", "number: 01632 960 999", "number: +1 212 555 0100")
    return "council.yaml", 'out_of_hours number "+1 212 555 0100" is not a UK phone number'


def empty_value(folder: Path) -> tuple[str, str]:
    edit(
        folder / "council.yaml",
        "cicc_name: Northbridge Voices, our Children in Care Council",
        "cicc_name: ''",
    )
    return "council.yaml", "cicc_name is empty; please write something here"


def bad_link(folder: Path) -> tuple[str, str]:
    edit(folder / "council.yaml", "privacy_notice_url: https://", "privacy_notice_url: http://")
    return "council.yaml", "should be a web address starting with https://"


def bad_week(folder: Path) -> tuple[str, str]:
    edit(folder / "meetings.yaml", "week: third", "week: 3rd")
    return "meetings.yaml", '"3rd" is not a week of the month (first, second, third, fourth, last)'


BREAKAGES: list[Breakage] = [
    bad_time,
    bad_date,
    views_after_meeting,
    bad_id,
    duplicate_id,
    wrong_childline,
    missing_samaritans,
    not_a_number,
    misspelt_key,
    missing_text,
    wrong_placeholder,
    stray_brace,
    duplicate_key,
    flow_list,
    bad_indent,
    ages_swapped,
    wrong_audience,
    missing_file,
    not_utf8,
    nul_byte,
    control_character,
    too_big,
    too_deep,
    too_deep_in_brackets,
    too_many_values,
    empty_wording,
    empty_wording_version,
    empty_promise_title,
    empty_officer_name,
    bad_officer_phone,
    short_code_for_the_officer,
    bad_out_of_hours_number,
    foreign_out_of_hours_number,
    duplicate_theme_id,
    empty_value,
    bad_link,
    bad_week,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.__name__)
def test_each_kind_of_mistake_names_file_line_and_field(
    tmp_path: Path, breakage: Breakage
) -> None:
    folder = copy_content(tmp_path)
    file_name, expected = breakage(folder)

    with pytest.raises(ContentError) as caught:
        load_content(folder)

    problems = caught.value.problems
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(CONTENT_FILES) for p in problems), problems
    assert any(p.startswith(file_name) for p in problems)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    bad_time(folder)
    wrong_childline(folder)
    misspelt_key(folder)

    with pytest.raises(ContentError) as caught:
        load_content(folder)

    files = {p.split(" ")[0] for p in caught.value.problems}
    assert files == {"meetings.yaml", "safeguarding.yaml", "texts.yaml"}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_check_content_exits_0_for_the_shipped_content() -> None:
    result = run_cli("check-content")

    assert result.returncode == 0, result.stderr
    assert "all 7 files are fine" in result.stdout


def test_check_content_exits_1_with_file_line_messages(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    _, expected = bad_time(folder)

    result = run_cli("check-content", str(folder))

    assert result.returncode == 1
    assert expected in result.stderr.splitlines()


def test_wording_falls_back_to_the_in_care_version() -> None:
    promise = next(p for p in shipped_content().pledge.promises if p.id == "belongings")

    assert promise.text.care_leaver is None
    assert promise.text.for_(Audience.CARE_LEAVER) == promise.text.in_care
    assert promise.text.for_(Audience.CARER) == promise.text.carer


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "out_of_hours:\n  name: Council out of hours\n  number: 01632 960 999\n",
            "",
        ),
        ("  phone: 01632 960 123\n", ""),
    ],
    ids=["no out-of-hours number", "no officer phone"],
)
def test_the_bot_will_not_start_without_its_safeguarding_contacts(
    tmp_path: Path, old: str, new: str
) -> None:
    folder = copy_content(tmp_path)
    edit(folder / "council.yaml", old, new)

    result = run_cli("check-content", str(folder))

    assert result.returncode == 1
    assert "is missing" in result.stderr


def test_the_published_retention_schedule_matches_the_configuration() -> None:
    schedule = (ROOT / "docs" / "privacy-and-safeguarding.md").read_text(encoding="utf-8")
    council = shipped_content().council

    assert f"({council.retention_days} by default)" in schedule
    assert f"`answer_opt_in_days` ({council.answer_opt_in_days})" in schedule
    assert f"`contact_opt_in_days` ({council.contact_opt_in_days})" in schedule
    assert f"`reminder_opt_in_days` ({council.reminder_opt_in_days})" in schedule
    assert "Data Protection Impact Assessment" in schedule


@pytest.mark.parametrize(
    ("officer", "out_of_hours"),
    [
        ("01632 960 123", "01632 960 999"),  # Ofcom's numbers for examples, as shipped
        ("0161 496 0000", "0300 123 4567"),
        ("+44 20 7946 0000", "111"),  # a service can be a short code
        ("07700 900123", "116 123"),
    ],
)
def test_the_council_s_own_numbers_accept_uk_numbers_and_service_short_codes(
    tmp_path: Path, officer: str, out_of_hours: str
) -> None:
    folder = copy_content(tmp_path)
    edit(folder / "council.yaml", "phone: 01632 960 123", f"phone: {officer}")
    edit(folder / "council.yaml", "number: 01632 960 999", f"number: {out_of_hours}")

    council = load_content(folder).council

    assert (council.officer.phone, council.out_of_hours.number) == (officer, out_of_hours)


def test_a_byte_order_mark_from_notepad_is_fine(tmp_path: Path) -> None:
    folder = copy_content(tmp_path)
    path = folder / "council.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    assert load_content(folder).council.name == "Northbridge City Council"


@pytest.mark.parametrize(
    "breakage",
    [not_utf8, nul_byte, too_big, too_deep, too_deep_in_brackets, duplicate_id, bad_officer_phone],
    ids=lambda b: b.__name__,
)
def test_check_content_gives_one_plain_line_and_exit_1_never_a_traceback(
    tmp_path: Path, breakage: Breakage
) -> None:
    folder = copy_content(tmp_path)
    _, expected = breakage(folder)

    result = run_cli("check-content", str(folder))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
