"""Redaction cues: a name no list knows, found by the words around it.

"me and Tadhg", "ask Ngozi", "Oluwaseun said", "Ahmed (12)", "hiya, Fionnuala here",
"xx love u all, Temi", "Amani and [name]". A capitalised word here is a name when it is a known
first name, or is no everyday English (english.py), or is a name that is also a word ("Grace",
"Will") with a strong cue. Every pattern is linear: fixed words with bounded gaps and one or two
bounded name words; no repeat holds another unbounded repeat.
"""

from __future__ import annotations

import re

from bot.services.redaction.english import BRANDS, ordinary, unknown_word
from bot.services.redaction.names import (
    _is_institution,
    _length_without_possessive,
    _not_a_name,
    _plain,
    with_surname,
)
from bot.services.redaction.patterns import _CAPITALISED_AFTER, _NAME_WORD, _POSSESSIVE, _TITLES
from bot.services.redaction.people import _DETERMINER_BEFORE, _role
from bot.services.redaction.words import (
    _ANY_NAME,
    _NAMES_AND_THINGS,
    _PLACE_AFTER,
    FIRST_NAMES,
    REDACTION_MARKS,
    WORDS_THAT_ARE_NAMES,
    _words,
)

_LOWER_WORD = r"[a-z][a-z'\u2019-]{2,20}"
_I_AM = r"i['\u2019]?m|i\s{1,3}am"

# Before a person: "me and Tadhg", "ask Ngozi", "cheers Rose", "a letter from Bronagh".
_CUE_BEFORE = re.compile(
    r"(?<![\w'\u2019])(?P<trigger>(?i:me\s{1,3}(?:and|n|nd|&)|with|ask|asked|tell|told"
    r"|(?:talk|talked|speak|spoke|spoken)\s{1,3}to"
    r"|thanks(?:\s{1,3}to)?|thank\s{1,3}you|cheers|shout\s{0,2}out(?:\s{1,3}to)?|big\s{1,3}up"
    r"|(?:letter|message|text|call|email|card|visit)\s{1,3}from|written\s{1,3}by))"
    rf"\s{{1,3}}(?P<name>{_NAME_WORD}|{_LOWER_WORD})(?![\w'\u2019-])"
)
# A surname after a title, in any case: "mrs patel", "Ms Nwachukwu the IRO", "Judge
# Harrington", "Professor Mensah"; "miss" only where it cannot be the verb ("i miss lagos").
_TITLED_SURNAME = re.compile(
    r"(?<![\w'\u2019])(?P<title>(?i:mrs|mr|ms|mx|dr|miss|judge|professor|prof|coach|imam"
    r"|reverend|rev))\.?\s{1,2}"
    rf"(?P<name>{_NAME_WORD}|{_LOWER_WORD})(?![\w'\u2019-])"
)
_MISS_THE_VERB = re.compile(
    r"(?i:\b(?:i|we|you|u|ya|they|he|she|so|really|do|dont|don't|will|ll|gonna|to|still|always"
    r"|must|would|i'll|i\u2019ll|never|already))\s{1,3}$"
)
# After a person: "Oluwaseun said", "Frank keeps texting", "Destiny took my charger".
_CUE_AFTER = re.compile(
    rf"(?<![\w'\u2019@#.-])(?P<name>{_NAME_WORD})\s{{1,3}}"
    r"(?:(?:just|then|also|never|always|still|literally)\s{1,3})?"
    r"(?:said|says|told|tells|asked|asks|texted|texts|messaged|rang|rings|keeps|kept|reckons"
    r"|(?:took|takes|stole|nicked)\s{1,3}my)\b"
)
# "Ahmed (12)", "- Shanice (17)": an age in brackets.
_AGED = re.compile(
    rf"(?<![\w'\u2019@#.-])(?P<name>{_NAME_WORD})\s{{0,2}}\(\s{{0,2}}\d{{1,2}}\s{{0,2}}\)"
)
# Someone saying who they are: "hiya, Fionnuala here", "Im Ngozi and...", "yo its Ty",
# "hi im rose and im 14", "im Will, 16".
_INTRODUCED = {
    "here": re.compile(
        r"(?<![\w'\u2019])(?i:hi+|hiya|hey+|heya|hello|yo|morning|evening)[\s,!.]{1,4}"
        rf"(?P<name>{_NAME_WORD}|{_LOWER_WORD})\s{{1,3}}(?i:here)\b"
    ),
    "aged": re.compile(
        rf"(?<![\w'\u2019])(?i:{_I_AM})\s{{1,3}}(?P<name>{_NAME_WORD}|{_LOWER_WORD})"
        rf"(?=\s{{0,2}},\s{{0,2}}\d{{1,2}}\b|\s{{1,3}}(?i:and)\s{{1,3}}(?i:{_I_AM})\s{{1,3}}\d{{1,2}}\b)"
    ),
    "am": re.compile(rf"(?<![\w'\u2019])(?i:{_I_AM})\s{{1,3}}(?P<name>{_NAME_WORD})"),
    "its": re.compile(
        rf"(?<![\w'\u2019])(?i:it['\u2019]?s|this\s{{1,3}}is)\s{{1,3}}(?P<name>{_NAME_WORD})"
        r"(?=\s{0,3}(?:[.!,)\n]|x{1,3}\b|\Z))"
    ),
}
# The last words of a message, signed: "xx love u all, Temi", "Thanks so much — Nkechi",
# "peace out ✌️ Dami", "Thanks, K. Nowak". The name ends the message, but for kisses,
# an age or a few marks.
_LAST_NAME = re.compile(
    rf"(?<![\w'\u2019@#.-])(?P<name>(?:[A-Z]\.\s{{0,2}})?{_NAME_WORD}"
    rf"(?:[ \t]{{1,2}}{_NAME_WORD})?)(?:\s{{0,2}}\(\s{{0,2}}\d{{1,2}}\s{{0,2}}\))?"
    r"(?:[\s.!]|x{1,3}\b|[^\w\s]){0,12}\Z"
)
_CLOSING = re.compile(
    r"(?i:(?:^|[.!?\n]|x)\s{0,3}(?:lots\s{1,3}of\s{1,3})?lo+ve?\b|\blove\s{1,3}(?:u|you|ya)\b"
    r"|\b(?:thanks|thank\s{1,3}you|thx|cheers|regards|wishes|peace\s{1,3}out|bye+|laters"
    r"|take\s{1,3}care|signed)\b|(?:^|[.!?\n])\s{0,3}from\b)"
)
_DASH_LINE = re.compile(r"(?:^|\n)[ \t]{0,3}[-\u2013\u2014~][ \t]{0,3}$")
# "Amani and [name]", "Maureen & [name]": a word joined to a name already found.
_BEFORE_NAME = re.compile(
    rf"(?<![\w'\u2019@#.-])(?P<name>{_NAME_WORD})\s{{1,3}}(?:and|&|n)\s{{1,3}}"
    + re.escape(REDACTION_MARKS["name"])
)

# "nana june", "Nanny Pat": what a child calls a relative, then the name, in any case.
_FAMILY = re.compile(
    r"(?<![\w'\u2019])(?P<title>(?i:nan|nana|nanna|nanny|gran|granny|grandma|grandad|grandpa"
    r"|auntie|aunty|aunt|uncle))\s{1,2}"
    rf"(?P<name>{_NAME_WORD}|{_LOWER_WORD})(?![\w'\u2019-])"
)
# Names that are also words, but not verbs or months a relative "may" or "will" do.
_RELATIVE_NAMES = WORDS_THAT_ARE_NAMES - _words(
    """
    will mark hope rob may drew chase hunter sky paris india max
    """
)

# Days people mark and places a child names as they would a person ("its Halloween").
_NOT_PEOPLE = _words(
    """
    halloween hanukkah valentines xmas pride santa london manchester birmingham leeds liverpool
    newcastle sunderland gateshead glasgow edinburgh cardiff bristol sheffield nottingham
    leicester coventry bradford hull york durham middlesbrough blackpool brighton arsenal
    everton spurs villa toon
    """
)
_STRONG = ("me", "ask", "asked", "tell", "told", "with")


def _bare(word: str) -> str:
    return _POSSESSIVE.sub("", _plain(word)).rstrip(".")


def _a_name(word: str, keep: frozenset[str], *, also_words: bool) -> bool:
    """A capitalised word is a person's name: a known first name, no English, or (when
    `also_words`, after a strong cue) a name that is also a word ("Grace", "Will")."""
    bare = _bare(word)
    if bare in keep or bare in BRANDS or bare in _NOT_PEOPLE or bare in _TITLES or _role([word]):
        return False
    if word.isupper() and len(word) > 1 and bare not in FIRST_NAMES:
        return False  # "with CAMHS", "ask NYAS": an acronym, unless a known name
    if bare in FIRST_NAMES:
        return True
    if bare in WORDS_THAT_ARE_NAMES:
        return also_words
    if _not_a_name(word) or not bare.replace("-", "").isalpha():
        return False
    return not ordinary(bare)


def _taken(match: re.Match[str], keep: frozenset[str]) -> int:
    """The name's length with any surname after it, unless a place or service starts there."""
    name = match.group("name")
    following = _CAPITALISED_AFTER.match(match.string, match.end("name"))
    after = following.group().split() if following else []
    if after and (_bare(after[0]) in _PLACE_AFTER or _is_institution(after, keep)):
        return 0
    bare = _bare(name)
    if (
        after
        and bare in WORDS_THAT_ARE_NAMES
        and bare not in FIRST_NAMES
        and ordinary(_bare(after[0]))
    ):
        return 0  # "me and Sky Sports", "with Will Power": a title, not a person
    return with_surname(match, _length_without_possessive(name, [name]), keep)


def cue_before(match: re.Match[str], keep: frozenset[str]) -> int:
    name = match.group("name")
    bare = _bare(name)
    trigger = _plain(match.group("trigger")).split()[0]
    if name[:1].islower():
        # "me n keisha", "cheers kayla": a known first name; after "me and", any word no
        # English has ("me nd shay").
        if bare in keep or bare in _NAMES_AND_THINGS:
            return 0
        if bare in FIRST_NAMES or (trigger == "me" and unknown_word(bare, match.string)):
            return _length_without_possessive(name, [name])
        return 0
    if bare in _NAMES_AND_THINGS and trigger not in _STRONG:
        return 0  # "big up Chelsea", "thanks to Victoria"
    title = bare not in FIRST_NAMES and match.group("trigger")[:1].isupper()
    if title and (_title_case(match) or not _starts_sentence(match.string, match.start())):
        return 0  # "Thanks To Everyone At...", "i called Talk to Frank": a title
    return _taken(match, keep) if _a_name(name, keep, also_words=True) else 0


def _starts_sentence(text: str, start: int) -> bool:
    """Whether only a few marks stand between `start` and the start of a sentence."""
    i = start
    while i > 0 and start - i < 6 and not text[i - 1].isalnum() and text[i - 1] not in ".!?\n":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n"


def _title_case(match: re.Match[str]) -> bool:
    """Every word capitalised from the trigger on ("Big Up Tunde" is a heading or a shout)."""
    words = match.string[match.start() : match.end() + 20].split()[:4]
    return len(words) >= 3 and all(w[:1].isupper() for w in words)


def cue_after(match: re.Match[str], keep: frozenset[str]) -> int:
    name = match.group("name")
    before = match.string[max(0, match.start() - 12) : match.start()]
    if _DETERMINER_BEFORE.search(before):
        return 0  # "the Tesco said", "my Mum says"
    return _taken(match, keep) if _a_name(name, keep, also_words=True) else 0


def aged(match: re.Match[str], keep: frozenset[str]) -> int:
    name = match.group("name")
    return _taken(match, keep) if _a_name(name, keep, also_words=True) else 0


def introduced(match: re.Match[str], keep: frozenset[str], group: str) -> int:
    name = match.group("name")
    bare = _bare(name)
    if name[:1].islower():
        # "hi im rose and im 14": with an age, any name; "hiya, kayla here": a known one.
        with_age = group == "aged"
        taken = (
            with_age and (bare in _ANY_NAME or unknown_word(bare, match.string))
        ) or bare in FIRST_NAMES
        return _length_without_possessive(name, [name]) if taken and bare not in keep else 0
    # "I'm Will, 16" and "hiya, Grace here" say a name; "im Sure" or "its Frank" may not.
    also_words = group in ("here", "aged") or (group == "am" and _ends_sentence(match))
    return _taken(match, keep) if _a_name(name, keep, also_words=also_words) else 0


def _ends_sentence(match: re.Match[str]) -> bool:
    rest = match.string[match.end() : match.end() + 3].lstrip(" \t")
    return rest == "" or rest[:1] in ".!,\n"


def last_name(match: re.Match[str], keep: frozenset[str]) -> int:
    """A name that ends a message after a closing word: "Thanks so much — Nkechi"."""
    name = match.group("name")
    words = name.split()
    before = match.string[max(0, match.start() - 60) : match.start()]
    if not (_CLOSING.search(before) or _DASH_LINE.search(before)):
        return 0
    first = words[0]
    if len(first) == 2 and first.endswith("."):  # "K. Nowak": an initial and a surname
        if len(words) < 2 or _bare(words[1]) in _TITLES:
            return 0
        surname = words[1]
        return len(name) if not ordinary(_bare(surname)) and _bare(surname) not in keep else 0
    if not _a_name(first, keep, also_words=False):
        return 0
    if len(words) > 1 and not _a_name(words[1], keep, also_words=False):
        return _length_without_possessive(name, words[:1])
    return _length_without_possessive(name, words)


def before_name(match: re.Match[str], keep: frozenset[str]) -> int:
    name = match.group("name")
    if _DETERMINER_BEFORE.search(match.string[max(0, match.start() - 12) : match.start()]):
        return 0
    return _length_without_possessive(name, [name]) if _a_name(name, keep, also_words=False) else 0


def family(match: re.Match[str], keep: frozenset[str]) -> int:
    """ "i live with nana june", "Nanny Pat bought me trainers"; not "Gran Turismo"."""
    name = match.group("name")
    bare = _bare(name)
    if bare in keep or (_not_a_name(name) and bare not in _ANY_NAME):
        return 0
    if name[:1].isupper():
        if _plain(match.group("title")) not in ("gran", "granny", "nanny"):
            return 0  # people.py's _FAMILY_NAME has decided
        return _taken(match, keep) if bare in _ANY_NAME else 0
    if bare in FIRST_NAMES or bare in _RELATIVE_NAMES or unknown_word(bare, match.string):
        return _length_without_possessive(name, [name])
    return 0


def titled_surname(match: re.Match[str], keep: frozenset[str]) -> int:
    """A word after a title that is no English ("patel", "Okafor"): the surname goes."""
    name, title = match.group("name"), _plain(match.group("title"))
    bare = _bare(name)
    if bare in keep or bare in BRANDS or bare in _TITLES:
        return 0
    # Only a word that is no English ("dr appointment", "Mr Men", "the coach said"); a
    # capitalised English surname after Mr or Mrs is found in names.py ("Mrs White").
    if not unknown_word(bare, match.string):
        return 0
    before = match.string[max(0, match.start() - 12) : match.start()]
    if title == "miss" and _MISS_THE_VERB.search(before):
        return 0  # "i miss lagos", "gonna miss jollof": the verb
    return with_surname(match, _length_without_possessive(name, [name]), keep)
