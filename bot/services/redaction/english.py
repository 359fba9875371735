"""Redaction English: whether a word is everyday English, so cannot be taken for a name.

The screen's dictionary (Webster's list from the `english-words` package) is read with its
capitals, so "pauline" and "bridget" (listed only as "Pauline", "Bridget") are names, not words;
its inflections ("lives", "stopped") and the screen's texting words count as English too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.services.redaction.patterns import _ADJECTIVE, _PERSON
from bot.services.redaction.words import (
    COMMON_WORDS,
    DESCRIPTIONS,
    FIRST_NAMES,
    INSTITUTION_WORDS,
    NOT_NAMES,
    REDACTION_MARKS,
    _words,
)
from bot.services.screen_text import inflection_bases
from bot.services.screen_words import SLANG, TEXT_SPEAK

# Apps, shops, games and stars a child may be "with", "ask" or thank: never a person's name here.
BRANDS = _words(
    """
    google siri alexa chatgpt netflix spotify youtube tiktok snapchat instagram insta facebook
    whatsapp discord roblox fortnite minecraft xbox playstation nintendo fifa apple samsung
    iphone android nike adidas jd primark greggs tesco asda aldi lidl morrisons sainsburys
    waitrose coop co-op iceland boots superdrug argos currys ikea maccies mcdonalds kfc nandos
    subway costa starbucks dominos deliveroo uber bolt vinted depop shein asos zara pandora
    lush hmrc dwp ucas ofsted camhs kooth childline barnardos nspcc samaritans shelter
    wetherspoons spoons odeon vue cineworld metrocentre quayside
    """
)
# Words newer than the dictionary, and texting it lacks: "my carer sed", "her mum wil".
_NEWER = _words(
    """
    email emails emailed emailing online offline website internet laptop app apps texting
    googled facetimed selfies sed sez sayz sayd wil wiv wid av hav cud wud shud dun gud sum
    sumone sumthin nuffin nothin wen wat wot evry ere dat dis dem dey der fink fing bin gota
    tryna lemme gimme kno knw dno dunno nvm cuz tho thru bcoz bcos bcuz ppl smth sth sumfin
    sumting luv gna wnt
    """
)

# Past forms the dictionary lists only under the verb ("held" under "hold"), and words a
# misspelling is most often of ("boyfrend", "tuches", "strangeld").
_IRREGULAR = _words(
    """
    held told took gave came went kept left felt found made sent spent stood taught thought
    brought bought caught fought slept meant bent built dealt drew drove fed fled fell forgot
    froze grew hid hung knew laid led lit lost met paid ran rang rode rose sang sank sat saw
    shook shot shut sold spoke stole stuck struck swam swore threw tore woke wore won wrote
    broke chose bit began blew bled burnt dug ate flew got gotten hurt knelt learnt quit read
    seen shone spat spun split spread stank sworn taken thrown understood woken worn written
    beaten bitten broken chosen driven eaten fallen forgotten frozen given grown hidden known
    shaken spoken stolen torn drawn flown
    """
)
_TYPED_FOR = _words(
    """
    boyfriend girlfriend partner brother sister cousin friend parents carer carers mother
    father social worker touch touches touching touched strangled strangles choked chokes
    slapped slaps punched punches kicked kicks pushes pushed grabs grabbed shouts screams
    hits hitting hurts threatens threatened because really always never everything
    """
)

# Laughter and kisses typed any length: "haha", "hehehe", "lool", "lmaooo", "xoxo".
_LAUGHTER = re.compile(
    r"[ah]{3,20}|(?:he){2,10}h?|(?:hi){2,10}|lo{1,9}l{1,9}|lmf?a{1,9}o{1,9}|(?:xo){1,9}x?"
)

_PERSON_WORD = re.compile(rf"(?:{_PERSON})s?|{_ADJECTIVE}", re.IGNORECASE)
_STRETCHED = re.compile(r"(.)\1\1")


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """Words the dictionary lists in small letters: everyday words, not names."""
    from english_words import get_english_words_set

    listed = get_english_words_set(["web2"], lower=False, alpha=True)
    return frozenset(w for w in listed if w.islower())


def _known_english(word: str) -> bool:
    dictionary = _dictionary()
    if word in dictionary:
        return True
    # British spellings of an American dictionary: "organising", "colour", "centre".
    american = word.replace("is", "iz").replace("our", "or").replace("tre", "ter")
    if american != word and _known_english(american):
        return True
    return any(base in dictionary for base in inflection_bases(word))


def ordinary(word: str) -> bool:
    """An everyday word, a texting word, a service or a brand: "said", "lives", "innit", "Tesco".
    A listed first name never is ("ade", "sophia"); `word` is lower case, without "'s"."""
    if word in FIRST_NAMES:
        return False
    if (
        word in COMMON_WORDS
        or word in NOT_NAMES
        or word in DESCRIPTIONS
        or word in INSTITUTION_WORDS
        or word in BRANDS
        or word in _NEWER
        or word in SLANG
        or word in TEXT_SPEAK
    ):
        return True
    if _LAUGHTER.fullmatch(word) or word in _IRREGULAR or _PERSON_WORD.fullmatch(word):
        return True
    parts = [p for p in word.replace("'", "-").split("-") if p]
    return any(_known_english(p) or _compound(p) for p in parts)


def _compound(word: str) -> bool:
    """Two dictionary words run together: "grandkids", "online"."""
    dictionary = _dictionary()
    return any(
        word[:i] in dictionary and _known_english(word[i:]) for i in range(4, len(word) - 3)
    )


_VOWELS = frozenset("aeiouy")


def unknown_word(word: str, text: str) -> bool:
    """A lower-case word that is no English and may be a name: "nasra", "oksana", "pauline".

    Not texting without vowels ("jst", "bc"), nor a common word mistyped by one letter or two
    swapped ("dosent", "aswel"), nor a word with digits, nor any word in a `text` mostly not
    English."""
    if len(word) < 3 or not word.replace("-", "").replace("'", "").isalpha():
        return False
    if word in FIRST_NAMES:
        return True
    if not _VOWELS.intersection(word) or ordinary(word):
        return False
    if _STRETCHED.search(word):  # "sooo", "pleeease": no name holds a letter three times
        return False
    return not (len(word) >= 5 and _near_common(word)) and not foreign(text)


def _near_common(word: str) -> bool:
    """One letter more, fewer, changed or two swapped from an everyday word."""
    from rapidfuzz.distance import OSA
    from rapidfuzz.process import extractOne

    return extractOne(word, _COMMON, scorer=OSA.distance, score_cutoff=1) is not None


_COMMON = sorted(
    w
    for w in COMMON_WORDS | SLANG | frozenset(TEXT_SPEAK) | _IRREGULAR | _TYPED_FOR
    if len(w) >= 4 and w.isalpha()
)


@lru_cache(maxsize=4)
def foreign(text: str) -> bool:
    """Mostly not English ("nan shpa da khob zai na laram"): there, a lower-case word no
    dictionary knows says nothing about a name. Three or more such words, a third of all."""
    found = [w for w in _LOWER_WORDS.findall(text) if len(w) >= 3]
    unknown = sum(1 for w in found if w not in FIRST_NAMES and not ordinary(w))
    # A mark counts as an unknown word, so redacting never makes a text less foreign and
    # redacting twice finds what once did.
    marks = sum(text.count(mark) for mark in REDACTION_MARKS.values())
    unknown += marks
    return unknown >= 3 and unknown * 3 >= len(found) + marks


# Words of letters alone: not the letters of a mark ("[name]"), an email or a link.
_LOWER_WORDS = re.compile(r"(?<![\w'@./\[])[a-z]{1,30}(?![\w'@/\]]|\.\w)")
