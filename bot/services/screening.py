"""Screening service: reads a message for disclosures of harm, suggests themes, redacts details.

Detection runs on a normalised copy (NFKC, case, hidden characters, leetspeak, stemming, repeated
letters); the original text is what gets stored. Matching is by word sequences looked up in a
dictionary, so it takes time in proportion to the message length, whatever the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import phonenumbers
import snowballstemmer

from bot.content import RiskCategory, Theme

# Zero-width, joiners, soft hyphen, word joiners, BOM and the bidi controls (Trojan Source).
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_LEET_ANYWHERE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_LEET_START = str.maketrans({"@": "a", "$": "s"})
_LEET_INSIDE = str.maketrans({"!": "i", "|": "l", "@": "a", "$": "s", "8": "b", "9": "g"})
_TOKEN = re.compile(r"[\w@$!|]+|[^\w\s]", re.UNICODE)
_WORDISH = re.compile(r"[a-z]")
_REPEATS = re.compile(r"(.)\1+")
_LONG_REPEATS = re.compile(r"(.)\1{2,}")
# Right-to-left overrides/embeddings/isolates display the text that follows them reversed.
_REVERSED_RUN = re.compile("[\u202e\u202b\u2067]([^\u202c\u2069]*)")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _normal_token(token: str, squash_all: bool) -> str:
    if _WORDISH.search(token):  # a word, perhaps in leetspeak: "k1ll", "d13", "$elf"
        token = token.strip("!|").translate(_LEET_ANYWHERE) or token
        # "!" and "|" stand for letters only inside a word: "k!ll" yes, "help!" no.
        first = token[0].translate(_LEET_START)
        inner = token[1:-1].translate(_LEET_INSIDE)
        last = token[-1] if len(token) > 1 else ""
        token = "".join(ch for ch in first + inner + last if ch.isalnum())
    if not token:
        return ""
    # Risk words squash every repeat ("kiiilll" = "kill"); themes only long runs, so that
    # "career" and "carer" stay apart.
    repeats, single = (_REPEATS, r"\1") if squash_all else (_LONG_REPEATS, r"\1\1")
    return repeats.sub(single, _STEMMER.stemWord(token))


def normalise(text: str, *, squash_all: bool = True) -> list[str]:
    """The message as a list of comparable words (and emoji), for detection only."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).casefold()
    text = text.replace("'", "").replace("\u2019", "")
    tokens = (_normal_token(t, squash_all) for t in _TOKEN.findall(text))
    return [t for t in tokens if t and (t[0].isalnum() or unicodedata.category(t[0]) == "So")]


def as_displayed(text: str) -> str:
    """What a reader sees when right-to-left overrides reverse part of the text."""
    return _REVERSED_RUN.sub(lambda m: m.group(1)[::-1], text)


def hidden_characters(text: str) -> list[str]:
    """Names of the invisible characters in a text, so an officer can be shown them."""
    return sorted({unicodedata.name(ch, f"U+{ord(ch):04X}") for ch in INVISIBLE.findall(text)})


def show_hidden(text: str) -> str:
    """The text with each invisible character made visible as ⟦U+200B⟧."""
    return INVISIBLE.sub(lambda m: f"⟦U+{ord(m.group()):04X}⟧", text)


class PhraseIndex:
    """Word-sequence phrases indexed by their first word; lookups cost O(words in the text)."""

    def __init__(self, phrases: Iterable[tuple[str, str]], *, squash_all: bool = True) -> None:
        self.squash_all = squash_all
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        self._joined: list[tuple[str, str]] = []
        for phrase, label in phrases:
            words = tuple(normalise(phrase, squash_all=squash_all))
            if not words:
                continue
            self._by_first[words[0]].append((words, label))
            joined = "".join(words)
            # Long multi-word phrases are also found with the spaces taken out ("killmyself").
            if len(words) > 1 and len(joined) >= 8:
                self._joined.append((joined, label))

    def find(self, words: Sequence[str]) -> list[str]:
        """Labels found, each once per match, in the order they appear."""
        found: list[str] = []
        for index, word in enumerate(words):
            for phrase, label in self._by_first.get(word, ()):
                if tuple(words[index : index + len(phrase)]) == phrase:
                    found.append(label)
        squashed = "".join(words)
        found += [label for joined, label in self._joined if joined in squashed]
        return found


class Level(StrEnum):
    URGENT = "urgent"
    CHECK = "check"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class ScreenResult:
    urgent: bool
    categories: tuple[str, ...]
    themes: tuple[str, ...]
    redacted: str
    level: Level = Level.NONE
    language: str = "en"
    not_english: bool = False


class Screener:
    """Safeguarding phrases and theme keywords from content, compiled once at start-up."""

    def __init__(self, categories: Sequence[RiskCategory], themes: Sequence[Theme]) -> None:
        self._category_order = [c.id for c in categories]
        self._risks = PhraseIndex((p, c.id) for c in categories for p in c.phrases)
        self._theme_order = [t.id for t in themes]
        self._themes = PhraseIndex(
            ((k, t.id) for t in themes for k in t.keywords), squash_all=False
        )

    def screen(self, text: str) -> ScreenResult:
        categories = self.risk_categories(text)
        return ScreenResult(
            level=Level.URGENT if categories else Level.NONE,
            urgent=bool(categories),
            categories=categories,
            themes=self._rank_themes(normalise(text, squash_all=False)),
            redacted=redact(text),
        )

    def level(self, text: str) -> Level:
        return Level.URGENT if self.risk_categories(text) else Level.NONE

    def risk_categories(self, text: str) -> tuple[str, ...]:
        """Safeguarding categories found, in content order; empty when nothing was found."""
        risks = set(self._risks.find(normalise(text)))
        displayed = as_displayed(text)
        if displayed != text:
            risks |= set(self._risks.find(normalise(displayed)))
        return tuple(c for c in self._category_order if c in risks)

    def _rank_themes(self, words: Sequence[str]) -> tuple[str, ...]:
        counts: dict[str, int] = defaultdict(int)
        for theme in self._themes.find(words):
            counts[theme] += 1
        order = {theme: n for n, theme in enumerate(self._theme_order)}
        return tuple(sorted(counts, key=lambda t: (-counts[t], order[t])))


# --------------------------------------------------------------------------------------------
# Redaction: what an officer sees as a suggested quote. Each pattern is linear (no nested
# quantifiers); phone numbers use Google's libphonenumber at POSSIBLE leniency.

_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>]{1,2000}", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{3,32}\b")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)
_STREET = re.compile(
    r"\b(?:flat \d{1,4}[a-z]?,? )?\d{1,4}[a-z]? (?:[A-Za-z'-]{2,20} ){1,3}"
    r"(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|crescent|court|ct|place|pl|"
    r"gardens|grove|terrace|square|hill|walk|mews|park|row|view)\b\.?",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_PHONE_SHAPE = re.compile(r"(?<![\w+])(?:\+|\(\+?)?\d[\d ().-]{5,18}\d(?![\w])")

REDACTION_MARKS = {
    "email": "[email]",
    "url": "[link]",
    "handle": "[username]",
    "phone": "[phone number]",
    "postcode": "[postcode]",
    "address": "[address]",
}


def redact(text: str) -> str:
    """Replace phone numbers, emails, links, @handles, postcodes and street addresses."""
    text = _EMAIL.sub(REDACTION_MARKS["email"], text)
    text = _URL.sub(REDACTION_MARKS["url"], text)
    text = _HANDLE.sub(REDACTION_MARKS["handle"], text)
    text = _redact_phones(text)
    text = _STREET.sub(REDACTION_MARKS["address"], text)
    return _POSTCODE.sub(REDACTION_MARKS["postcode"], text)


def _redact_phones(text: str) -> str:
    # Find phone-shaped runs with a cheap linear pattern, then let libphonenumber decide each.
    return _PHONE_SHAPE.sub(_phone_or_not, text)


def _phone_or_not(match: re.Match[str]) -> str:
    candidate = match.group()
    if len(_DIGIT.findall(candidate)) < 7 or _ISO_DATE.fullmatch(candidate):
        return candidate
    # The library's own matcher knows dates, times and page ranges are not phone numbers.
    found = phonenumbers.PhoneNumberMatcher(
        candidate, "GB", leniency=phonenumbers.Leniency.POSSIBLE
    )
    spans = [(m.start, m.end) for m in found]
    for start, end in reversed(spans):
        candidate = candidate[:start] + REDACTION_MARKS["phone"] + candidate[end:]
    return candidate
