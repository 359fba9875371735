"""Redaction names: deciding whether a match is a username, a street or a person's name."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.services.redaction.english import ordinary, unknown_word
from bot.services.redaction.patterns import (
    _CAPITALISED_AFTER,
    _FAMILY_TITLES,
    _NAME_TOKEN,
    _ORDINAL,
    _PERSON_AT_PLACE,
    _PLACES,
    _POSSESSIVE,
    _SURNAME_AFTER,
    _TITLES,
    _WORD_BEFORE,
)
from bot.services.redaction.words import (
    _ANY_NAME,
    _NAMES_AND_THINGS,
    _PEOPLE_CALLED,
    _PLACE_AFTER,
    _THINGS_CALLED,
    COMMON_WORDS,
    DESCRIPTIONS,
    FIRST_NAMES,
    NOT_NAMES,
    REDACTION_MARKS,
)


def _handle_shaped(word: str) -> bool:
    """jess_x22, kayla.bxo, k1ng_d4ve, zaynplays#4421, but not 999, b4 or 2nite."""
    letters = sum(c.isalpha() for c in word)
    if len(word) < 4 or letters < 2:
        return False
    return any(c in "_.#" for c in word) or (any(c.isdigit() for c in word) and letters >= 3)


def _username_or_not(match: re.Match[str]) -> str:
    user = match.group("user").rstrip(".-")
    if not any(c.isalpha() for c in user):  # "my whatsapp is 07700 900111": a phone number
        return match.group()
    if match.group("strong") is not None:
        # "my tiktok is blowing up": an everyday word form is a username only if shaped like one.
        taken = _handle_shaped(user) or (len(user) >= 3 and _unusual(_plain(user), frozenset()))
    else:
        taken = _handle_shaped(user)
    if not taken:
        return match.group()
    start = match.start("user") - match.start()
    whole = match.group()
    return whole[:start] + REDACTION_MARKS["handle"] + whole[start + len(user) :]


def _handle_before_platform(match: re.Match[str]) -> str:
    user = match.group("user").rstrip(".-")
    if not _handle_shaped(user):
        return match.group()
    return REDACTION_MARKS["handle"] + match.group()[len(user) :]


def _street_or_not(match: re.Match[str]) -> str:
    # "3 times in a row" or "a 5 minute walk" are not addresses; nor is "a trip 2 thorpe park".
    words = match.group("words").lower().split()
    whole = match.group()
    # "3 The Crescent" is an address; "2 the park" is text-speak for "to the park".
    if words != ["the"] and any(w in COMMON_WORDS for w in words):
        return whole
    if words == ["the"] and (
        match.group("suffix").lower() in _PLACES or whole[:2] in ("2 ", "4 ")
    ):
        return whole
    if whole.islower() and whole[:2] in ("2 ", "4 "):
        return whole
    return REDACTION_MARKS["address"]


def _postcode_or_not(match: re.Match[str]) -> str:
    if _ORDINAL.fullmatch(match.group("inward")):
        return match.group()
    return REDACTION_MARKS["postcode"]


# A public place before "on": "the Tesco on Hawthorn Road", "the chippy on Mill Lane" says where
# a shop is, not where a person lives.
_PUBLIC_PLACE_BEFORE = re.compile(
    # A capitalised name ("the Tesco", "the Odeon"), but not a family ("the Smiths on Elm Road").
    r"\b(?i:the|a|that|this)\s{1,3}(?:[A-Z][\w'\u2019&-]{0,19}(?<![sS])|Greggs|Sainsburys|"
    r"Sainsbury's|Morrisons|Boots|Nandos|Wetherspoons|(?i:shop|shops|station|library|"
    r"park|school|college|chippy|cafe|caf\u00e9|pub|church|mosque|temple|gurdwara|gym|garage|"
    r"centre|center|surgery|stop|store|supermarket|cinema|hospital|pharmacy|chemist|bank|"
    r"takeaway|barbers|salon|offices?|leisure centre|youth club|bus stop|petrol station|"
    r"corner shop|retail park|car park|roundabout|lights|bridge|underpass))"
    r"\s{1,3}$"
)


def _named_street(match: re.Match[str], keep: frozenset[str]) -> str:
    whole = match.group()
    group = "street" if match.group("street") is not None else "lower_street"
    words = match.group(group).lower().split()
    if _is_institution(words, keep) or any(w in COMMON_WORDS for w in words[:-1]):
        return whole
    before = match.string[max(0, match.start() - 40) : match.start()]
    if group == "street" and _PUBLIC_PLACE_BEFORE.search(before):
        return whole
    start = match.start(group) - match.start()
    return whole[:start] + REDACTION_MARKS["address"]


def _replace_names(
    text: str, pattern: re.Pattern[str], choose: Callable[[re.Match[str]], int], names: set[str]
) -> str:
    """Replace the first `choose(match)` characters of each match's "name" group with [name].

    Searching resumes just after a kept trigger, so "my IRO is called Graham" is still seen
    through "called" when "my IRO is" finds no name; each search starts further on: linear.
    """
    out: list[str] = []
    position = 0
    while (match := pattern.search(text, position)) is not None:
        length = choose(match)
        if length == 0:
            resume = max(match.start("name"), match.start() + 1)
            out.append(text[position:resume])
            position = resume
            continue
        start = match.start("name")
        names.update(_name_parts(text[start : start + length]))
        out.append(text[position:start])
        out.append(REDACTION_MARKS["name"])
        position = start + length
    out.append(text[position:])
    return "".join(out)


def _name_parts(name: str) -> list[str]:
    return [w for w in name.split() if w[:1].isupper() and len(w) > 2 and _plain(w) not in _TITLES]


# "She goes by [name], not Samantha": a known first name given as the other name she has; not
# the first word of a place ("or Victoria Park leisure centre", "not Grace Academy").
_ALTERNATIVE = re.compile(
    re.escape(REDACTION_MARKS["name"])
    + r",?\s{1,3}\(?(?i:not|or|nor|aka|a\.k\.a\.?|formerly)\s{1,3}"
    + r"(?P<name>[A-Z][a-z'\u2019-]{1,30})(?:\s{1,3}(?P<surname>[A-Z][a-z'\u2019-]{1,30}))?"
    + r"(?![\w'\u2019-])"
)


def _propagate(text: str, names: set[str]) -> str:
    """Redact every other mention of a name already found: "that's what Kev does"; and a known
    first name given as another name for the same person ("goes by Sam, not Samantha")."""
    for match in _ALTERNATIVE.finditer(text):
        surname = match.group("surname")
        if _plain(match.group("name")) not in FIRST_NAMES:
            continue
        if surname is not None and _plain(surname) in _PLACE_AFTER:
            continue
        names.update(n for n in (match.group("name"), surname) if n is not None)
    if not names:
        return text

    def one(match: re.Match[str]) -> str:
        word = match.group()
        bare = _POSSESSIVE.sub("", word)
        if bare in names:
            return REDACTION_MARKS["name"] + word[len(bare) :]
        return word

    return _NAME_TOKEN.sub(one, text)


def _not_a_name(word: str) -> bool:
    """Capitalised words that are not names: "I", "Mum", "Monday", shouted "NEVER" or "DOESNT"."""
    plain = _POSSESSIVE.sub("", _plain(word)).rstrip(".")
    if plain in NOT_NAMES or plain in DESCRIPTIONS:
        return True
    return plain in COMMON_WORDS and plain not in _ANY_NAME


def _name_before_words(match: re.Match[str], keep: frozenset[str]) -> int:
    # Without "is" ("Jess my carer hit me", "Today, my carer...") only a known first name counts.
    if match.group("is") is None and _plain(match.group("name").split()[0]) not in FIRST_NAMES:
        return 0
    return _capitalised_words(match, keep)


def _capitalised_words(match: re.Match[str], keep: frozenset[str]) -> int:
    name = match.group("name")
    words = name.split()
    if _not_a_name(words[0]):
        return 0
    if len(words) > 1 and _not_a_name(words[-1]) and not _is_title(words[0]):
        words = words[:-1]
    if _is_institution(words + _capitalised_after(match), keep):
        return 0
    return _length_without_possessive(name, words)


def _known_first_name(match: re.Match[str], keep: frozenset[str]) -> int:
    name = match.group("name")
    bare = _POSSESSIVE.sub("", _plain(name))
    # "Kerry-Ann", "Sophie-Leigh": a double-barrelled name starting with a known one.
    parts = name.split("-")
    capitals = len(parts) > 1 and all(p[:1].isupper() for p in parts)
    double = parts[0].lower() if capitals else ""
    # "due by jan" is a month; "staying with jan" or "@ Jordan" is a person.
    if (bare not in FIRST_NAMES and double not in FIRST_NAMES) or (
        bare in _NAMES_AND_THINGS and _plain(match.group("trigger")) not in ("with", "@")
    ):
        return 0
    after = _capitalised_after(match)
    if after and _POSSESSIVE.sub("", _plain(after[0])) in _PLACE_AFTER:
        return 0  # "next to Edward Park": the first word of a place
    return with_surname(match, _length_without_possessive(name, [name]), keep)


def with_surname(match: re.Match[str], length: int, keep: frozenset[str]) -> int:
    """`length` of a first name found by `match`, taking the surname after it ("Kayla Brown"),
    unless that word is a place, a service or no name ("Jess Road", "Sam Polish food")."""
    start = match.start("name")
    after = _SURNAME_AFTER.match(match.string, start + length)
    if after is None:
        return length
    word = after.group("surname")
    bare = _POSSESSIVE.sub("", _plain(word))
    if bare in NOT_NAMES or bare in DESCRIPTIONS or bare in keep:
        return length
    return after.start("surname") - start + _length_without_possessive(word, [word])


def _name_at_service(match: re.Match[str], keep: frozenset[str]) -> int:
    name = match.group("name")
    bare = _POSSESSIVE.sub("", _plain(name))
    # "Will from the Leaving Care Team": after "from", a name that is also a word, or none.
    person = bare in FIRST_NAMES or (
        _plain(match.group("at")) == "from"
        and (bare in _ANY_NAME or not (_not_a_name(name) or ordinary(bare)))
    )
    if not person or not _is_institution(match.group("service").split(), keep):
        return 0
    return _length_without_possessive(name, [name])


def _titled_or_capitalised_words(match: re.Match[str], keep: frozenset[str]) -> int:
    if _plain(match.group("name").split()[0]).rstrip(".") in _TITLES:
        return _titled_words(match, keep)
    return _capitalised_words(match, keep)


def _unusual(word: str, keep: frozenset[str]) -> bool:
    if word in COMMON_WORDS or word in NOT_NAMES or word in keep:
        return False
    return not (word.endswith(("ing", "ed", "ly", "n't", "nt")) and len(word) > 4)


def _is_title(word: str) -> bool:
    """ "Mrs White", "Mr French": after a title an everyday word is a surname."""
    return _plain(word).rstrip(".") in _TITLES


def _plain(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def _is_institution(words: list[str], keep: frozenset[str]) -> bool:
    return any(_POSSESSIVE.sub("", _plain(w)) in keep for w in words)


def _name_words(match: re.Match[str], keep: frozenset[str]) -> int:
    """How much of the name group is a person's name (0: none of it)."""
    name = match.group("name")
    words = name.split()
    # In "My Sw Is Useless" every word has a capital, so a capital says nothing about a name.
    trigger_text = match.group("trigger")
    trigger = trigger_text.split()
    title_case = len(trigger) > 1 and all(w[:1].isupper() for w in trigger if w[:1].isalpha())
    if match.group("lower") is not None or title_case:
        # A lower-case word is a name only if it is a common first name that is not also an
        # everyday word; after "her name is" or "mrs" any word that is not everyday English is.
        titled = _plain(words[0]).rstrip(".") in _TITLES
        # After "called" or "named" a person is being named, so names that are also everyday
        # words count too ("some guy called dean"); after "my carer is called" or "a girl called"
        # any word that is not everyday English is a name ("a girl called tanisha").
        naming = bool(match.group("called") or match.group("also_called"))
        strong = (
            match.group("name_is") is not None
            or titled
            or (match.group("also_called") is not None and _IS_NAMING.search(trigger_text))
            or (naming and _called_a_person(match.string[: match.start()]))
        )
        kept = words[:1] if titled else []
        # "my sw nasra said no": after "my carer" a first word that is no English is a name.
        # Not after "my carers" ("my carers paracetamol": what is theirs, not who).
        role = match.group("owner") is not None and not naming and not _PLURAL.search(trigger_text)
        for word in words[len(kept) :]:
            bare = _POSSESSIVE.sub("", _plain(word))
            known = _ANY_NAME if title_case or naming else FIRST_NAMES
            unknown = role and not kept and bare not in keep and unknown_word(bare, match.string)
            if bare not in known and not (strong and _unusual(bare, keep)) and not unknown:
                break
            kept.append(word)
        words = kept if len(kept) > titled else []
    elif _plain(words[0]) in _FAMILY_TITLES:
        # "my carer Auntie Sue": the name after what the child calls them goes.
        if len(words) < 2 or _not_a_name(words[1]):
            return 0
    else:
        # "called Big Mo": a capitalised everyday word before a name is part of the name.
        if _not_a_name(words[0]) and (
            len(words) < 2 or _plain(words[0]) in NOT_NAMES or _not_a_name(words[1])
        ):
            return 0
        if len(words) > 1 and _not_a_name(words[-1]) and not _is_title(words[0]):
            words = words[:-1]
        # "my carer Locked me in": a word with an object after it is what they did.
        if (
            len(words) == 1
            and not _is_title(words[0])
            and match.group("called") is None
            and match.group("also_called") is None
            and match.group("name_is") is None
            and _OBJECT_AFTER.match(match.string, match.start("name") + len(words[0]))
        ):
            return 0
    if not words or _is_institution(words + _capitalised_after(match), keep):
        return 0
    called = match.group("called") or match.group("also_called")
    before = match.string[: match.start()]
    if called and _called_a_thing(before):
        return 0
    # "I called Shelter", "we called Dominos": someone phoned; only a known first name is taken.
    if (
        match.group("called") is not None
        and _PHONED.search(before[-40:])
        and not any(_POSSESSIVE.sub("", _plain(w)) in _ANY_NAME for w in words)
    ):
        return 0
    return _length_without_possessive(name, words)


def _titled_words(match: re.Match[str], keep: frozenset[str]) -> int:
    name = match.group("name")
    words = name.split()
    if len(words) < 2:  # a title with no name after it ("... and MR")
        return 0
    if words[1].lower() in NOT_NAMES or _is_institution(
        words[1:] + _capitalised_after(match), keep
    ):
        return 0
    return _length_without_possessive(name, words)


def _capitalised_after(match: re.Match[str]) -> list[str]:
    following = _CAPITALISED_AFTER.match(match.string, match.end())
    return following.group().split() if following else []


def _length_without_possessive(name: str, words: list[str]) -> int:
    end = 0
    for word in words:
        end = name.index(word, end) + len(word)
    possessive = _POSSESSIVE.search(name[:end])
    return possessive.start() if possessive else end


# A word for people ending in "s" ("carers", "sons"), but not "sis", "boss", "is" or "was".
_PLURAL = re.compile(
    r"(?i:(?<!\bsi)(?<!\bbo)(?<!\bi)(?<!\bwa)s\s{0,2}[,:-]?(?:\s{1,3}(?:is|was|are|were|=))?)$"
)
_OBJECT_AFTER = re.compile(r"\s{1,3}(?i:me|us|him|them|myself)\b")
_PHONED = re.compile(
    r"(?i:\b(?:i|we|they|he|she|you|u|i['\u2019]?ve|we['\u2019]?ve|they['\u2019]?ve|just|then"
    r"|already|also|finally|even)\s{1,3})$"
)
# "my sister is called amber" names her; "my mate called round" is something he did.
_IS_NAMING = re.compile(r"(?i:\b(?:is|was|are|were)\s{1,3}(?:called|named)|named)$")


def _called_a_person(before: str) -> bool:
    found = _WORD_BEFORE.search(before[-40:])
    return found is not None and found.group(1).lower() in _PEOPLE_CALLED


def _called_a_thing(before: str) -> bool:
    found = _WORD_BEFORE.search(before[-40:])
    if found is None or found.group(1).lower() not in _THINGS_CALLED:
        return False
    return _PERSON_AT_PLACE.search(before[-80:]) is None
