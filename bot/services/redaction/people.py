"""Redaction people: names met without a word for who the person is.

"Marcus keeps messaging me", "Tyler's mum", "Niamh and me", "uncle Mo", "it's Shannon here",
"Kind regards, Denise Okafor". Every pattern is linear: fixed words with bounded gaps and at
most two bounded name words; no repeat holds another unbounded repeat.
"""

from __future__ import annotations

import re

from bot.services.redaction.names import (
    _capitalised_after,
    _capitalised_words,
    _is_institution,
    _length_without_possessive,
    _not_a_name,
    _plain,
    with_surname,
)
from bot.services.redaction.patterns import (
    _ADJECTIVE,
    _FAMILY_TITLES,
    _NAME_WORD,
    _PERSON,
    _POSSESSIVE,
)
from bot.services.redaction.words import (
    _ANY_NAME,
    _NAMES_AND_THINGS,
    _PLACE_AFTER,
    FIRST_NAMES,
    NOT_NAMES,
)

# Words for people in groups or roles: never a name, whatever their capital ("Staff hit me").
_ROLE = re.compile(
    rf"(?:(?:{_PERSON})s?|(?:{_ADJECTIVE})|staff|security|management|residents?|bull(?:y|ies)"
    r"|others|people|kids|boys|girls|lads|students?|pupils?|teachers|police|everyone|they)",
    re.IGNORECASE,
)

# "Tyler's mum", "Jess's foster carer": a capitalised word owning a person. Not "St Mary's".
_NAME_OWNS = re.compile(
    rf"(?<![\w'\u2019])(?<!St )(?<!St\. )(?<!Saint )(?P<name>{_NAME_WORD})['\u2019]s\s{{1,3}}"
    rf"(?i:(?:(?:{_ADJECTIVE})\s{{1,3}}){{0,2}}(?:{_PERSON}))\b"
)
# "Niamh and me are best friends", "Dex n me".
_NAME_AND_ME = re.compile(
    rf"(?:^|(?<=[.!?]))[ \t]{{0,3}}(?P<name>{_NAME_WORD})\s{{1,3}}(?:and|n|&)\s{{1,3}}(?i:me)\b",
    re.MULTILINE,
)
# "uncle Mo", "Auntie Shazia", "Nana Joan": what a child calls a relative, before the name.
# Without "my", not "gran", "granny" or "nanny" ("Gran Turismo", "Nanny McPhee").
_RELATIVES = sorted((_FAMILY_TITLES - {"gran", "granny", "nanny"}) | {"granda", "cousin"})
_FAMILY_NAME = re.compile(
    rf"(?<![\w'\u2019])(?i:{'|'.join(_RELATIVES)})\s{{1,2}}(?P<name>{_NAME_WORD})"
)
# "it's Shannon here", "this is Grace writing": someone saying who they are.
_INTRO = re.compile(
    r"(?<![\w'\u2019])(?i:it['\u2019]?s|this\s{1,3}is|i['\u2019]?m|i\s{1,3}am)\s{1,3}"
    rf"(?P<name>{_NAME_WORD}|[a-z][a-z'\u2019-]{{1,20}})\s{{0,2}}[,-]?\s{{0,2}}"
    r"(?i:here|writing|speaking)\b"
)
# "Kind regards, Denise Okafor", "thanks, Rhys", "Love, Layla x": a name signing off. "love",
# "from", "best" and "ta" only at the start of a line or sentence ("i love Fortnite" is not).
_SIGN_OFF = re.compile(
    r"(?:(?<![\w'\u2019])(?i:(?:kind|best|warm|many)\s{1,3}(?:regards|wishes|thanks)|regards"
    r"|thanks|thank\s{1,3}you|thx|cheers|sincerely|yours\s{1,3}(?:sincerely|faithfully|truly))"
    r"|(?:^|(?<=[.!?]))[ \t]{0,3}(?i:love|from|best|ta))"
    rf"\s{{0,3}}[,.!]?\s{{1,4}}(?P<name>{_NAME_WORD}(?:[ \t]{{1,2}}{_NAME_WORD})?)"
    r"(?=[ \t]{0,3}(?:\(|x{1,3}\b|[.!]{0,3}[ \t]{0,3}$))",
    re.MULTILINE,
)

# What a person does to someone: "Marcus keeps messaging me", "Connor hit me".
_CONTACT = (
    r"messag(?:e|es|ed|ing)|text(?:s|ed|ing)?|r(?:ing|ings|ang|inging)|call(?:s|ed|ing)?"
    r"|phon(?:e|es|ed|ing)|dm(?:s|ed|'d|ing)?|snap(?:s|ped|ping|chatted)|facetim(?:e|es|ed|ing)"
    r"|contact(?:s|ed|ing)?|send(?:s|ing)?|sent|add(?:s|ed)?"
)
# Harm that only a person does to someone ("Depression hit me" is not a person).
_HARM_BY_PEOPLE = (
    r"punch(?:es|ed|ing)?|slap(?:s|ped|ping)?|shov(?:e|es|ed|ing)|grab(?:s|bed|bing)?"
    r"|touch(?:es|ed|ing)|threat(?:en|ens|ened|ening)|bull(?:y|ies|ied|ying)|stabb?(?:s|ed|ing)?"
    r"|strangl(?:e|es|ed|ing)|groom(?:s|ed|ing)|harass(?:es|ed|ing)?|rap(?:e|es|ed)"
    r"|assault(?:s|ed)?|mugged|spat|spits|swore|swears|shout(?:s|ed|ing)|scream(?:s|ed|ing)"
    r"|yell(?:s|ed|ing)|stalk(?:s|ed|ing)?"
)
_HARM = (
    rf"{_HARM_BY_PEOPLE}|hit(?:s|ting)?|push(?:es|ed|ing)?|hurt(?:s|ing)?|attack(?:s|ed|ing)"
    r"|batter(?:s|ed|ing)|beat(?:s|ing)?|chok(?:e|es|ed|ing)|abus(?:e|es|ed|ing)"
    r"|chas(?:e|es|ed|ing)|robb?(?:s|ed)?|scar(?:e|es|ed|ing)|follow(?:s|ed|ing)"
)
_ONLY_PEOPLE = re.compile(rf"(?i:{_HARM_BY_PEOPLE})")
_NAME_DOES = re.compile(
    rf"(?<![\w'\u2019@#])(?P<name>{_NAME_WORD}(?:[ \t]{{1,2}}{_NAME_WORD})?)\s{{1,3}}"
    r"(?:(?i:keeps|kept|keep|has|had|have|been|just|always|never|then|also|still|constantly"
    r"|literally|even|is|was|on)\s{1,3}){0,3}"
    rf"(?P<verb>(?i:{_CONTACT}|{_HARM}))\s{{1,3}}(?:(?i:at|to|up|on)\s{{1,3}})?"
    r"(?P<object>(?i:me|us|my|him|her|them|mine))\b"
)
_DETERMINER_BEFORE = re.compile(
    r"(?i:\b(?:the|a|an|my|our|his|her|their|your|ur|this|that|these|those)\s{1,3})$"
)


def _role(words: list[str]) -> bool:
    return any(_ROLE.fullmatch(_POSSESSIVE.sub("", _plain(w))) for w in words)


def _person_words(match: re.Match[str], keep: frozenset[str]) -> int:
    """A capitalised name that is not an everyday word, a role or an institution."""
    length = _capitalised_words(match, keep)
    if length == 0 or _role(match.group("name")[:length].split()):
        return 0
    return length


def _known_or_person(match: re.Match[str], keep: frozenset[str]) -> int:
    """As _person_words, and a lower-case word only if it is a common first name."""
    name = match.group("name")
    if name[:1].islower():
        bare = _POSSESSIVE.sub("", _plain(name))
        return len(name) if bare in _ANY_NAME and bare not in _NAMES_AND_THINGS else 0
    return _person_words(match, keep)


def _known_name(match: re.Match[str], keep: frozenset[str]) -> int:
    """ "Niamh and me": only a known first name ("Fortnite and me dont get on")."""
    if _POSSESSIVE.sub("", _plain(match.group("name"))) not in _ANY_NAME:
        return 0
    return _person_words(match, keep)


def _name_does(match: re.Match[str], keep: frozenset[str]) -> int:
    """ "Marcus keeps messaging me": a known first name, or any name that hurts someone."""
    if _DETERMINER_BEFORE.search(match.string[max(0, match.start() - 12) : match.start()]):
        return 0
    words = match.group("name").split()
    first = _plain(words[0])
    if words[0].isupper() and len(words[0]) > 1 and first not in FIRST_NAMES:
        return 0  # "the YOT rang me": capitals are an acronym unless a known name
    length = _person_words(match, keep)
    if length == 0:
        return 0
    us = _plain(match.group("object")) == "us"
    if first in FIRST_NAMES and (first not in _NAMES_AND_THINGS or not us):
        return length
    # "Chelsea beat us", "Xbox messaged me", "Will text me?": a name that is also a thing or a
    # word, or an unknown word, only when it does what only a person does to one person.
    verb = match.group("verb")
    if us or not _ONLY_PEOPLE.fullmatch(verb) or verb[:1].isupper():
        return 0
    return length


def _gone_by(match: re.Match[str], keep: frozenset[str]) -> int:
    """ "calls himself Big T": an everyday word before a name is part of the name."""
    name = match.group("name")
    words = name.split()
    if (
        len(words) == 2
        and _not_a_name(words[0])
        and _plain(words[0]) not in NOT_NAMES
        and not _not_a_name(words[1])
        and not _is_institution(words, keep)
    ):
        return _length_without_possessive(name, words)
    return _capitalised_words(match, keep)


def _intro(match: re.Match[str], keep: frozenset[str]) -> int:
    """ "it's Shannon here"; in "I'm Stuck Here", capitals everywhere say nothing."""
    if match.group("name")[:1].isupper() and match.group().split()[-1][:1].isupper():
        bare = _POSSESSIVE.sub("", _plain(match.group("name")))
        return _person_words(match, keep) if bare in _ANY_NAME else 0
    return _known_or_person(match, keep)


_CALLED_BEFORE = re.compile(r"(?i:\b(?:called|named)\s{1,3})$")
# Before a name, these make it a place or a thing: "St Mary's", "Lake Victoria", "Port Talbot".
_PLACE_BEFORE = re.compile(
    r"(?i:\b(?:st|saint|lake|port|mount|mt|fort|cape|king|queen)\.?\s{1,3})$"
)


def _capitalised_first_name(match: re.Match[str], keep: frozenset[str]) -> int:
    """A capitalised known first name with no cue before it ("Kayla said no"): a person, unless
    it is also a place or a thing ("Jordan", "Chelsea"), or starts a place or a service's name
    ("Victoria Park", "Grace Academy", "St Mary's")."""
    name = match.group("name")
    bare = _POSSESSIVE.sub("", _plain(name))
    first = bare.split("-")[0]
    if first not in FIRST_NAMES or first in _NAMES_AND_THINGS or first in NOT_NAMES:
        return 0
    after = _capitalised_after(match)
    if after and (_plain(after[0]) in _PLACE_AFTER or _is_institution(after, keep)):
        return 0
    before = match.string[max(0, match.start() - 12) : match.start()]
    if _PLACE_BEFORE.search(before) or _CALLED_BEFORE.search(before):
        return 0  # after "called", the passes for naming have decided ("a dog called Bella")
    return with_surname(match, _length_without_possessive(name, [name]), keep)
