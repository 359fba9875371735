"""Screening languages: is a message in English, and does it use a risk word in another language?

The language is told by the letters' script first (Arabic, Ethiopic, ... are never English),
then, for Latin letters, by how many of the words are English (a dictionary plus texting slang),
and only then by py3langid (it ships its model), which alone mistakes short slang for Kurdish or
Swahili. Risk words in other languages come from safeguarding.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.services.screen_text import INVISIBLE, clean, english_words
from bot.services.screen_words import SLANG, TEXT_SPEAK


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# py3langid's codes → the ones used here (Dari is written as Farsi; Kurdish has several codes).
_ALIASES = {"sdh": "ku", "ckb": "ku", "kmr": "ku", "prs": "fa", "arz": "ar", "ary": "ar"}
_MIN_LETTERS = 4
# Short words count as English only from this list: the dictionary also holds "em", "ho", "ma"
# and "tra", which are Vietnamese, Welsh or Romanian far more often in these messages.
COMMON_SHORT = _word_set(
    """a i am an as at be by do go he if in is it me my no of oh ok on or so to up us we ye yo ya
    u ur r n b c k x y all and any are ask bad bed big bit boy but bye can cos day did dog dad
    mum nan eat end far few for fun get got had has her hey him his how its job let lot man
    may men new nor not now off old one our out own pay put ran run sad saw say see she sit
    six son ten the too top try two use was way who why yes yet you car cat cry cut die fag
    gym hit kid law met mad mix net odd pet pub sat set shy sir sun tea ten toy van war wet
    win won bro sis lad fam uni app bus oil eye ear arm leg gut hot pal fit pls plz idk lol
    omg tbh ngl wtf hmm ugh aye nah yeh yea yep wat wot dat dis dem pa iro pep gp sw ppl thx
    ty btw rn tmr tn fr smh ikr asap etc ex"""
)
ENGLISH_SHARE = 0.6
LANGID_CONFIDENCE = 0.8
# Messages the language model cannot place (Arabic, Urdu or Farsi written in English letters,
# Romanian without its accents): when fewer than this share of the screen's normalised words are
# English, the message is not English, language undetermined. Chosen on the training split:
# at 0.3 it caught 20 of 38 such messages that were taken for English (18 at 0.25; 0.34 flips
# "eid mubarak everyone"), and flipped no ordinary English one (disguise is undone first, so
# "h3 h1ts m3" counts as English words). Webster's list knows "hame", "shode" and "mout".
FOREIGN_SHARE = 0.3
FOREIGN_MIN_WORDS = 3
UNDETERMINED = "und"  # ISO 639-2: language not identified


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _script(ch: str) -> str:
    if ch.isascii() and ch.isalpha():  # most letters: no name lookup
        return "LATIN"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    english: bool


def _guess(text: str) -> str:
    code, _probability = _identifier().classify(text)
    return _ALIASES.get(str(code), str(code))


def detect(text: str) -> Language:
    """The message's language (ISO 639-1 where there is one) and whether it is English."""
    folded = clean(text)
    letters = [ch for ch in folded if ch.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return Language("en", english=True)
    scripts: dict[str, int] = {}
    ascii_letters = sum(1 for ch in letters if ch.isascii())
    for ch in letters if ascii_letters < len(letters) / 2 else ():  # mostly ASCII: Latin
        script = _script(ch)
        scripts[script] = scripts.get(script, 0) + 1
    latin = scripts.get("LATIN", 0) if scripts else ascii_letters
    if latin < len(letters) / 2:
        main = max(scripts, key=scripts.__getitem__)
        if main == "ETHIOPIC":
            # py3langid knows Amharic but not Tigrinya, which writes ኣ where Amharic writes አ.
            return Language("ti" if "ኣ" in text else "am", english=False)
        return Language(_guess(INVISIBLE.sub("", text)), english=False)
    words = _WORD.findall(folded)
    if not words:
        return Language("en", english=True)
    original = unicodedata.normalize("NFKC", INVISIBLE.sub("", text)).lower()
    accented = 0
    if not original.isascii():
        accented = sum(
            1 for ch in original if ch.isalpha() and not ch.isascii() and _script(ch) == "LATIN"
        )
    dictionary = english_words()
    known = sum(1 for w in words if _english(w, dictionary))
    share = known / len(words)
    # Accents are rare in English and everywhere in Vietnamese, Polish, Romanian and Albanian.
    if share >= ENGLISH_SHARE and accented < 2:
        return Language("en", english=True)
    code, probability = _identifier().classify(original)
    code = _ALIASES.get(str(code), str(code))
    # Short messages and half-English ones need more certainty before we call them foreign.
    needed = LANGID_CONFIDENCE if len(words) >= 3 else 0.9
    if accented >= 2:
        needed = 0.5
    if code != "en" and probability >= needed and (share < 0.5 or accented >= 2):
        return Language(code, english=False)
    return Language("en", english=True)


def mostly_not_english(words: Sequence[str]) -> bool:
    """Whether so few of these (normalised) words are English that the message is not.
    Only words with letters count: emoji and numbers belong to no language."""
    words = [w for w in words if any(ch.isalpha() for ch in w)]
    if len(words) < FOREIGN_MIN_WORDS:
        return False
    dictionary = english_words()
    known = sum(1 for w in words if _english(w, dictionary))
    return known / len(words) < FOREIGN_SHARE


def _english(word: str, dictionary: frozenset[str]) -> bool:
    if word in SLANG or word in TEXT_SPEAK or word in COMMON_SHORT:
        return True
    return len(word) > 3 and word in dictionary


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", INVISIBLE.sub("", text)).casefold()


def _no_marks(text: str) -> str:
    if text.isascii():
        return text
    return "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
    )


class Lexicon:
    """Risk phrases in other languages: Latin-script ones as whole words, others anywhere."""

    def __init__(self, languages: Sequence[tuple[str, Sequence[str]]]) -> None:
        self._latin: list[tuple[str, str, bool, bool]] = []
        self._other: list[tuple[str, str]] = []
        for code, phrases in languages:
            for phrase in phrases:
                plain = " ".join(_WORD.findall(_plain(phrase)))
                if not plain:
                    continue
                if all(_script(ch) == "LATIN" for ch in plain if ch.isalpha()):
                    marked = _no_marks(plain) != plain
                    self._latin.append((code, f" {plain} ", marked, " " in plain))
                else:
                    bare = " ".join(_WORD.findall(_no_marks(_plain(phrase))))
                    self._other.append((code, bare))

    def find(self, text: str, *, english: bool) -> list[str]:
        """Codes of the languages whose risk phrases the text uses.

        In a message taken for English, a single Latin-script word ("viol", "ajutor") is not
        enough: it must be a phrase of two or more words, or in another script.
        """
        plain = _plain(text)
        spaced = " " + " ".join(_WORD.findall(plain)) + " "
        stripped = " " + " ".join(_WORD.findall(_no_marks(plain))) + " "
        found: list[str] = []
        for code, phrase, marked, several in self._latin:
            if english and not several:
                continue
            if phrase in (spaced if marked else stripped):
                found.append(code)
        found.extend(code for code, phrase in self._other if phrase in stripped)
        return found
