"""Redaction phones: one linear pass over number pieces, and libphonenumber to decide."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from bot.domain import NATIONAL_HELPLINES
from bot.services.redaction.words import REDACTION_MARKS

# --------------------------------------------------------------------------------------------
# Phone numbers: digits written with spaces, dots, dashes, brackets or words ("oh seven seven
# double oh 900 123"). One linear pass finds runs of number pieces; libphonenumber decides.

_DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "nought": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_SPELLED = sorted((w for w in _DIGIT_WORDS if len(w) > 1), key=len, reverse=True)
_REPEAT_WORDS = {"double": 2, "triple": 3, "treble": 3}
# "nine hundred": zeros after a digit, never on their own ("a hundred times").
_ZEROS_WORDS = {"hundred": "00", "thousand": "000"}
_JOINERS = frozenset("-.,()/\u2013")
# Words that may stand for digits or repeat them; any other word of letters only ends a run.
_DIGITISH = frozenset(_DIGIT_WORDS) | frozenset(_REPEAT_WORDS) | frozenset(_ZEROS_WORDS)
# Dates, times and prices are never phone numbers; they break a run. Linear: bounded repeats.
_NOT_PHONE = re.compile(
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}[:.]\d{2}\b|[£$€]\s?\d{1,9}(?:[.,]\d{1,3}){0,4}"
)
# Linear: each alternative is one greedy run of a single class, and finditer resumes after it.
_PIECE = re.compile(r"\w+|[^\w\s]")
_MAX_GAP = 3
_MAX_DIGITS = 16
_MIN_DIGITS = 9
_MAX_JOINERS = 3
_SERVICES = ("080", "03")
_HELPLINES = frozenset(re.sub(r"\D", "", n) for n in NATIONAL_HELPLINES.values())


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    digits: str  # empty for a joiner such as "-" or "("
    word: str


# What could be a digit, found by two linear scans: a whole word that may stand for digits
# ("oh", "double", "hundred": at most three each), and any word with a digit in it (each of its
# characters at most one: "07seven00"). Fewer than _MIN_DIGITS in all: no phone number can be
# there, and most messages skip the word-by-word pass below.
_ANY_DIGIT_WORD = "|".join([*_DIGIT_WORDS, *_REPEAT_WORDS, *_ZEROS_WORDS])
_DIGIT_WORD = re.compile(rf"\b(?:{_ANY_DIGIT_WORD})\b", re.IGNORECASE)
_WITH_DIGIT = re.compile(r"\b[^\W\d]*+\d\w*+")


def _could_hold_phone(text: str) -> bool:
    most = text.count("+") + 3 * len(_DIGIT_WORD.findall(text))
    if most >= _MIN_DIGITS:
        return True
    return most + sum(map(len, _WITH_DIGIT.findall(text))) >= _MIN_DIGITS


def _redact_phones(text: str) -> str:
    if not _could_hold_phone(text):
        return text
    spans: list[tuple[int, int]] = []
    for run in _runs(text):
        spans.extend(_phones_in(run))
    out: list[str] = []
    position = 0
    for start, end in spans:
        out += [text[position:start], REDACTION_MARKS["phone"]]
        position = end
    out.append(text[position:])
    return "".join(out)


def _digits_of(word: str) -> str | None:
    if word.isascii() and word.isdigit():
        return word
    lower = word.lower()
    if lower in _DIGIT_WORDS:
        return _DIGIT_WORDS[lower]
    # "07700 900111x": a kiss typed straight after the last digit.
    bare = lower.rstrip("x")
    if bare != lower and bare.isascii() and bare.isdigit() and len(lower) - len(bare) <= 3:
        return bare
    if lower in _DIGIT_WORDS:
        return _DIGIT_WORDS[lower]
    if not any(c.isdecimal() for c in word):
        return None
    # "07seven00", "oh7700": digits and digit words run together. Each position tries a
    # fixed list of short words, so the scan is linear in the word's length.
    out = []
    index = 0
    while index < len(word):
        char = word[index]
        spelled = next((w for w in _SPELLED if lower.startswith(w, index)), None)
        if spelled is not None:
            out.append(_DIGIT_WORDS[spelled])
            index += len(spelled)
        elif char in "oO":
            out.append("0")
            index += 1
        elif char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
            index += 1
        else:
            return None
    return "".join(out)


def _runs(text: str) -> list[list[_Piece]]:
    """Split the text into runs of number pieces separated by at most a few spaces or joiners."""
    blocked = [m.span() for m in _NOT_PHONE.finditer(text)]
    runs: list[list[_Piece]] = []
    run: list[_Piece] = []
    repeat = 1
    repeat_start = -1
    block = 0
    last_end = -1

    def close() -> None:
        nonlocal run
        while run and not run[-1].digits:
            run.pop()
        if any(p.digits for p in run):
            runs.append(run)
        run = []

    for match in _PIECE.finditer(text):
        start, end, word = match.start(), match.end(), match.group()
        while block < len(blocked) and blocked[block][1] <= start:
            block += 1
        if run and start - last_end > _MAX_GAP:
            close()
            repeat = 1
        last_end = end
        if block < len(blocked) and blocked[block][0] < end:
            close()
            repeat = 1
            continue
        if word.isalpha() and word.lower() not in _DIGITISH:  # a plain word ends a run
            if run:
                close()
            repeat = 1
            continue
        if word.lower() in _REPEAT_WORDS and repeat == 1:
            repeat, repeat_start = _REPEAT_WORDS[word.lower()], start
            continue
        digits = _digits_of(word)
        if (
            digits is None
            and word.lower() in _ZEROS_WORDS
            and run
            and run[-1].digits[-1:].isdigit()
        ):
            digits = _ZEROS_WORDS[word.lower()]
        if digits is not None:
            if repeat > 1:
                digits = digits[0] * repeat + digits[1:]
                start, repeat = repeat_start, 1
            if run and run[-1].digits.endswith("+") and run[-1].end == start:
                plus = run.pop()
                start, digits = plus.start, "+" + digits
            run.append(_Piece(start, end, digits, word))
        elif word == "+":
            close()
            run.append(_Piece(start, end, "+", word))
        elif (
            (word in _JOINERS or _is_emoji(word))
            and repeat == 1
            and _joiners_at_end(run) < _MAX_JOINERS
        ):
            # A run may open with "(" as in "(01632) 960123"; other joiners only join.
            if run or word == "(":
                run.append(_Piece(start, end, "", word))
        else:
            close()
            repeat = 1
    close()
    return runs


def _is_emoji(char: str) -> bool:
    """ "077009 📱 00666", keycaps "0️⃣7️⃣": a symbol or its modifier between digits joins them."""
    return len(char) == 1 and unicodedata.category(char) in ("So", "Sk", "Mn", "Me")


def _joiners_at_end(run: list[_Piece]) -> int:
    count = 0
    for piece in reversed(run[-_MAX_JOINERS:]):
        if piece.digits:
            break
        count += 1
    return count


def _phones_in(run: list[_Piece]) -> list[tuple[int, int]]:
    """Greedy, left to right: the longest stretch from each piece that is a possible number."""
    found: list[tuple[int, int]] = []
    first = 0
    while first < len(run):
        if not run[first].digits or run[first].digits == "+":
            first += 1
            continue
        digits, best = "", -1
        if run[first].digits[0] in "+074":
            for last in range(first, len(run)):
                if not run[last].digits:
                    continue
                digits += run[last].digits
                if len(digits) > _MAX_DIGITS:
                    break
                if len(digits) >= _MIN_DIGITS and _is_phone_number(digits):
                    best = last
        if best < 0:
            first += 1
            continue
        start, end = run[first].start, run[best].end
        if first > 0 and run[first - 1].digits == "" and run[first - 1].end == start:
            opener = run[first - 1]
            if opener.word == "(" and any(p.word == ")" for p in run[first : best + 1]):
                start = opener.start
        found.append((start, end))
        first = best + 1
    return found


@lru_cache(maxsize=4096)
def _is_phone_number(digits: str) -> bool:
    if digits.startswith("+44") and digits[3:4] == "0":
        digits = "+44" + digits[4:]
    if digits.startswith("44") and len(digits) in (12, 13):
        digits = "+" + digits
    if digits.startswith("+44") and digits[3:4] == "0":
        digits = "+44" + digits[4:]
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+44") and (digits[3:5] == "80" or digits[3:4] == "3"):
        return False
    if digits.startswith("+"):
        if not 8 <= len(digits) - 1 <= 15:
            return False
        region = None
    elif digits.startswith("0") and digits[1:2] != "0":
        # Freephone (080) and non-geographic (03) numbers belong to services and helplines
        # ("NSPCC 0808 800 5000", "the council on 0300 ..."), never to a child or a carer.
        if len(digits) not in (10, 11) or digits in _HELPLINES or digits.startswith(_SERVICES):
            return False
        region = "GB"
    elif digits.startswith("7") and len(digits) == 10:
        region = "GB"
        digits = "0" + digits
    else:
        return False
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(number))
