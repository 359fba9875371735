"""Screening text: turns a message into comparable words, seeing through disguise.

Steps, each linear in the length of the message: right-to-left overrides shown as displayed,
invisible characters dropped, NFKC (full-width and mathematical letters), look-alike letters
folded with the Unicode confusables table (the `confusable_homoglyphs` package ships it), accents
and other combining marks stripped, letters split by spaces or punctuation rejoined ("k i l l",
"s.u.i.c.i.d.e"),
leetspeak and text-speak read ("idw 2 b here ne more"), misspelt risk words repaired with a bounded
edit distance (`rapidfuzz`; only unknown words of five letters or more, only towards risk words,
never from a real English word), then each word stemmed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.services.screen_words import SLANG, TEXT_SPEAK, UNITS

# Zero-width, joiners, soft hyphen, word joiners, BOM and the bidi controls (Trojan Source).
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\u3164\ufe00-\ufe0e\ufeff\uffa0]"
)
# Right-to-left overrides/embeddings/isolates display the text that follows them reversed.
_REVERSED_RUN = re.compile("[\u202e\u202b\u2067]([^\u202c\u2069]*)")
_LEET_ANYWHERE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_LEET_START = str.maketrans({"@": "a", "$": "s"})
_LEET_INSIDE = str.maketrans({"!": "i", "|": "l", "@": "a", "$": "s", "8": "b", "9": "g"})
_TOKEN = re.compile(r"[\w@$!|]+|[^\w\s]", re.UNICODE)
_WORDISH = re.compile(r"[a-z]")
_REPEATS = re.compile(r"(.)\1+")
_LONG_REPEATS = re.compile(r"(.)\1{2,}")
# Masks inside a word ("k*ll", "kill_myself") are removed; "." and "-" between words are spaces.
_MASK_INSIDE = re.compile(r"(?<=[a-z0-9])[_~^]+(?=[a-z0-9])")
# A handle ("@kiaa.x", "@jay_b") is a name, not words: its "@" is no "a", nor its ".x" a kiss.
# Only with a dot or underscore inside it, so a disguise like "@buse" is still read as "abuse".
_HANDLE = re.compile(r"(?<![\w@$!|])@(?=[a-z0-9_.]{0,29}[._][a-z0-9])[a-z0-9_.]{2,30}")
# A star standing for a letter: "k*ll", "s*icide".
_STARRED = re.compile(r"[a-z]{0,20}(?:[a-z]\*{1,2}|\*{1,2}[a-z])[a-z*]{0,20}")
# A chain of three or more single characters split by spaces or punctuation: "k i l l", "k-i-l-l".
_CHAIN = re.compile(
    r"(?<![\w@$!|])(?:[a-z0-9@$!|][ .\-_*,~+/\\]{1,3}){2,}[a-z0-9@$!|](?![\w@$!|])"
)
_CHAIN_GAP = re.compile(r"[ .\-_*,~+/\\]+")
_STEMMER = snowballstemmer.stemmer("english")


def as_displayed(text: str) -> str:
    """What a reader sees when right-to-left overrides reverse part of the text."""
    return _REVERSED_RUN.sub(lambda m: m.group(1)[::-1], text)


# Scripts whose letters are used as disguise for Latin ones. Arabic, Ethiopic and the rest are
# left alone: they are real languages here, and the language check needs them intact.
_FOLD_SCRIPTS = (
    "LATIN",
    "CYRILLIC",
    "GREEK",
    "ARMENIAN",
    "CHEROKEE",
    "COPTIC",
    "MATHEMATICAL",
    "MODIFIER LETTER",
    "SMALL CAPITAL",
    "CIRCLED",
    "PARENTHESIZED",
    "SQUARED",
    "NEGATIVE",
    "DOUBLE-STRUCK",
    "SCRIPT",
    "BLACK-LETTER",
    "TURNED",
    "LISU",
    "DESERET",
    "OLD ITALIC",
)
# Where the confusables table leads to a small capital rather than the letter people read.
_FOLD_OVERRIDES = {
    "η": "n",
    "ω": "w",
    "μ": "u",
    "и": "u",
    "п": "n",
    "ℓ": "l",
    "ɑ": "a",
    "ғ": "f",
    "є": "e",
    "∂": "d",
}


_LETTERLIKE_BLOCKS = (
    (0x0250, 0x0300),
    (0x1D00, 0x1DC0),
    (0x2090, 0x20A0),
    (0xA720, 0xA800),
    (0x1F100, 0x1F200),
)
_LETTERLIKE_NAME = re.compile(
    r"(?:LATIN LETTER SMALL CAPITAL|(?:NEGATIVE )?(?:SQUARED|CIRCLED) LATIN CAPITAL LETTER"
    r"|REGIONAL INDICATOR SYMBOL LETTER|LATIN SUBSCRIPT SMALL LETTER) ([A-Z])"
)


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """Look-alike letter → the ASCII letter or digit it is mistaken for (Unicode confusables)."""
    from confusable_homoglyphs import confusables

    data: dict[str, list[dict[str, str]]] = confusables.confusables_data

    def ascii_for(ch: str) -> str | None:
        for entry in data.get(ch, ()):
            c = entry["c"]
            if len(c) == 1 and c.isascii() and c.isalnum():
                return c.lower()
        return None

    table: dict[int, str] = {}
    for ch in data:
        if len(ch) != 1 or ch.isascii():
            continue
        name = unicodedata.name(ch, "")
        if not name.startswith(_FOLD_SCRIPTS):
            continue
        target = _FOLD_OVERRIDES.get(ch) or ascii_for(ch)
        if target is None:
            for variant in {ch.upper(), ch.lower()} - {ch}:
                if len(variant) == 1:
                    target = ascii_for(variant) or (
                        variant.lower() if variant.isascii() and variant.isalpha() else None
                    )
                if target:
                    break
        if target:
            table[ord(ch)] = target
    for ch, target in _FOLD_OVERRIDES.items():
        table[ord(ch)] = target
    # Letters the confusables table does not lead to ASCII: small capitals ("ᴅɪᴇ"), letters in
    # black squares or circles ("🅺🅸🅻🅻"), regional indicator letters; named for the letter.
    for start, end in _LETTERLIKE_BLOCKS:
        for code in range(start, end):
            if code not in table:
                found = _LETTERLIKE_NAME.fullmatch(unicodedata.name(chr(code), ""))
                if found:
                    table[code] = found.group(1).lower()
    return table


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed.isascii():
        return decomposed
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


# A capital I inside a word of small letters may stand for an l ("kiII myseIf", "aIIowed"): read
# so when that makes an English word and reading it as an i does not ("hIt" stays "hit").
_MIXED_WORD = re.compile(r"[A-Za-z]{2,}")  # letters only: no backtracking, linear


def _capital_i_as_l(match: re.Match[str]) -> str:
    word = match.group()
    if "I" not in word[1:] or word.isupper():
        return word
    as_l = word[0] + word[1:].replace("I", "l")
    known = english_words()
    if word.lower() not in known and as_l.lower() in known:
        return as_l
    return word


# Cached: one screen cleans the same message for its words, its spelt-out letters and its language.
@lru_cache(maxsize=16)
def clean(text: str) -> str:
    """Displayed order, no invisible characters, NFKC, folded look-alikes, no accents, small."""
    text = INVISIBLE.sub("", as_displayed(text))
    text = unicodedata.normalize("NFKC", text).translate(fold_table())
    if "I" in text:
        text = _MIXED_WORD.sub(_capital_i_as_l, text)
    return _strip_marks(text).casefold().replace("'", "").replace("\u2019", "").replace("`", "")


_WORD_GAP = re.compile(r"  +")  # letters one space apart, words two: "n o  f o o d"


def _join_chain(match: re.Match[str]) -> str:
    chain = match.group()
    gaps = _CHAIN_GAP.findall(chain)
    if any(_WORD_GAP.fullmatch(g) for g in gaps) and not all(_WORD_GAP.fullmatch(g) for g in gaps):
        parts = [_CHAIN_GAP.sub("", part) for part in _WORD_GAP.split(chain)]
        if 2 * sum(len(part) == 1 for part in parts) <= len(parts):
            return " " + " ".join(parts) + " "
    joined = _CHAIN_GAP.sub("", chain)
    # "u r a" stays text-speak; four or more single letters are a spelt-out word.
    if len(joined) >= 4 or joined in {"kms", "kys", "ctb", "fgm"}:
        return f" {joined} "
    return match.group()


def _leet(token: str) -> str:
    if token.isalpha() or not _WORDISH.search(token):  # letters only: nothing to read as leet
        return token
    token = token.strip("!|").translate(_LEET_ANYWHERE) or token
    # "!" and "|" stand for letters only inside a word: "k!ll" yes, "help!" no.
    first = token[0].translate(_LEET_START)
    inner = token[1:-1].translate(_LEET_INSIDE)
    last = token[-1] if len(token) > 1 else ""
    return "".join(ch for ch in first + inner + last if ch.isalnum())


class Vocabulary:
    """The risk words spelling repair may lead to, and the English words it must never touch."""

    def __init__(self, risk_words: Iterable[str]) -> None:
        english = english_words()
        every = {w for w in risk_words if w.isalpha()}
        self.every_risk = frozenset(every)
        self.risk = sorted(w for w in every if len(w) >= 5)
        self._risk_set = frozenset(self.risk)
        self._english = english

    def repair(self, word: str) -> str:
        """The risk word a misspelling stands for, or the word unchanged."""
        if len(word) < 5 or not word.isalpha() or word in self._risk_set or self.known(word):
            return word
        limit = 1 if len(word) < 8 else 2
        found = process.extractOne(word, self.risk, scorer=OSA.distance, score_cutoff=limit)
        if found is None:
            return word
        choice: str = found[0]
        # Same first letter, and a length close enough: "sucide" → suicide, not "decide".
        if choice[0] != word[0] or abs(len(choice) - len(word)) > limit:
            return word
        return choice

    def plural_z(self, word: str) -> str:
        """Text-speak's z for s at the end of a word: "hitz" → "hits", "kidz" → "kids"
        (only when the word is not known as it is and is known with an s)."""
        if len(word) < 3 or word[-1] != "z" or not word.isalpha() or self.known(word):
            return word
        with_s = word[:-1] + "s"
        return with_s if self.known(with_s) or with_s in self.every_risk else word

    def unstar(self, word: str) -> str:
        """ "k*ll" → "kill" when a vowel in place of the star makes a risk word."""
        if "*" not in word:
            return word
        for vowel in "aeiouy":
            guess = word.replace("*", vowel)
            if guess in self.every_risk:
                return guess
        return word.replace("*", "")

    def known(self, word: str) -> bool:
        """An English word, or an inflection of one ("showed", "stopping", "parties")."""
        if word in self._english or word in SLANG or word in TEXT_SPEAK:
            return True
        return any(base in self._english for base in inflection_bases(word))


def inflection_bases(word: str) -> list[str]:
    """What an inflected word may come from: the dictionary lists "show", not "showed"."""
    bases: list[str] = []
    for suffix, replacements in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem_ = word[: -len(suffix)]
            bases.extend(stem_ + r for r in replacements)
            if len(stem_) >= 4 and stem_[-1] == stem_[-2]:  # "stopped" → "stop"
                bases.append(stem_[:-1])
    return bases


_SUFFIXES = (
    ("ies", ("y",)),
    ("ied", ("y",)),
    ("ing", ("", "e")),
    ("ed", ("", "e")),
    ("es", ("", "e")),
    ("s", ("",)),
    ("er", ("", "e")),
    ("est", ("", "e")),
    ("ly", ("",)),
    ("d", ("",)),
    ("in", ("", "e")),  # "shottin", "sleepin"
)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Webster's word list (the `english-words` package) plus its common inflections."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2"], lower=True, alpha=True))


def _expand(token: str) -> list[str]:
    expansion = TEXT_SPEAK.get(token)
    return expansion.split() if expansion else [token]


def _spell_chain(match: re.Match[str]) -> str:
    return " " + " ".join(_CHAIN_GAP.sub("", match.group())) + "\x1f "


def spelled_out(text: str) -> bool:
    """Whether the message has letters split by spaces or punctuation ("h o m e l e s s")."""
    return bool(_CHAIN.search(clean(text)))


def words(text: str, vocabulary: Vocabulary | None = None, *, spelled: bool = False) -> list[str]:
    """The message as unstemmed words: disguise removed, text-speak read, misspellings repaired.

    `spelled`: letters split by spaces stay one letter to a word and are not read as text-speak,
    so the rules can find a phrase that runs across them ("h o m e l e s s  a s  o f").
    """
    text = clean(text)
    if "@" in text:
        text = _HANDLE.sub(" ", text)
    text = _MASK_INSIDE.sub("", text)
    if "*" in text:
        text = _STARRED.sub(
            lambda m: vocabulary.unstar(m.group()) if vocabulary else m.group().replace("*", ""),
            text,
        )
    text = _CHAIN.sub(_spell_chain if spelled else _join_chain, text)
    out: list[str] = []
    raws = _TOKEN.findall(text)
    for index, raw in enumerate(raws):
        if spelled and len(raw) == 1 and raw.isalnum():
            out.append(raw)
            continue
        if raw.isdigit() and index + 1 < len(raws) and raws[index + 1] in UNITS:
            out.append(raw)  # "out 2 years", "4 weeks": a number, not "to" or "for"
            continue
        out.extend(_read_token(raw, vocabulary))
    return out


# Cached: the same tokens come back in message after message, and spelling repair is the slow part.
@lru_cache(maxsize=65536)
def _read_token(raw: str, vocabulary: Vocabulary | None) -> tuple[str, ...]:
    """One token's words: text-speak read, leetspeak undone, misspellings repaired."""
    out: list[str] = []
    for token in _expand(raw):
        plain = _leet(token)
        if not plain:
            continue
        for word in _expand(plain):
            first = word[0]
            if not (first.isalnum() or unicodedata.category(first) == "So"):
                continue
            if vocabulary is not None:
                word = vocabulary.repair(vocabulary.plural_z(word))
            out.append(word)
    return tuple(out)


@lru_cache(maxsize=65536)
def stem(word: str, squash_all: bool = True) -> str:
    # Risk words squash every repeat ("kiiilll" = "kill"); themes only long runs, so that
    # "career" and "carer" stay apart.
    repeats, single = (_REPEATS, r"\1") if squash_all else (_LONG_REPEATS, r"\1\1")
    return repeats.sub(single, _STEMMER.stemWord(_LONG_REPEATS.sub(r"\1\1", word)))


def normalise(
    text: str, *, squash_all: bool = True, vocabulary: Vocabulary | None = None
) -> list[str]:
    """The message as a list of comparable (stemmed) words and emoji, for detection only."""
    return [stem(w, squash_all) for w in words(text, vocabulary)]


def hidden_characters(text: str) -> list[str]:
    """Names of the invisible characters in a text, so an officer can be shown them."""
    return sorted({unicodedata.name(ch, f"U+{ord(ch):04X}") for ch in INVISIBLE.findall(text)})


def show_hidden(text: str) -> str:
    """The text with each invisible character made visible as ⟦U+200B⟧."""
    return INVISIBLE.sub(lambda m: f"⟦U+{ord(m.group()):04X}⟧", text)
