"""Redaction patterns: linear regular expressions for links, usernames, addresses and names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# --------------------------------------------------------------------------------------------
# Links, emails and handles

# "name at example dot com", "name(at)gmail(dot)com", "name [at] outlook [dot] co [dot] uk".
# Linear: each separator is a fixed word between bounded runs of spaces or one bracket, the
# labels are bounded and the lookbehind is a single character.
_AT = r"(?:\s{0,3}[(\[{<]\s{0,2}(?:at|@)\s{0,2}[)\]}>]\s{0,3}|\s{1,3}at\s{1,3}|\s{0,3}@\s{0,3})"
_DOT = (
    r"(?:\s{0,3}[(\[{<]\s{0,2}(?:dot|\.)\s{0,2}[)\]}>]\s{0,3}|\s{1,3}dot\s{1,3}"
    r"|\s{0,2}\.\s{0,2})"
)
_TLD = r"(?:com|co|uk|org|net|io|me|ac|gov|edu|info|biz|ie|us|eu|xyz)"
_PROVIDER = (
    r"(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|aol|btinternet|protonmail|proton|msn"
    r"|ymail)"
)
# Linear: a bounded class run, then bounded labels; nothing repeats a repeat without a bound.
_EMAIL = re.compile(
    r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"
    # "jess@gmail": no top-level domain, but a known provider (not "m@king", leetspeak for a).
    rf"|(?<![\w.+-])[\w.+-]{{1,64}}@(?i:{_PROVIDER})\b"
)
# The runs of word characters are possessive (`+`): what follows each run (a space, a bracket, a
# dot or "@") is never a word character, so giving characters back could never make a match; it
# only cost time at every word.
_SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.+'\u2019-])[\w+-]{{1,64}}+(?i:{_DOT}[\w+-]{{1,64}}+){{0,3}}(?i:{_AT}(?:[\w-]{{1,63}}+{_DOT}){{1,3}}{_TLD}\b"
    rf"|{_AT}{_PROVIDER}\b)"
)

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>]{1,2000}", re.IGNORECASE)
# A bare "linkedin.com/in/name": known top-level domain, then an optional path. Linear: bounded
# labels and one bounded run of non-space characters.
_BARE_URL = re.compile(
    r"(?<![\w@.-])(?:[a-z0-9-]{1,63}\.){1,4}(?:com|co\.uk|org\.uk|org|net|io|me|uk|tv|gg|ly)\b"
    r"(?:/[^\s<>]{0,2000})?"
    # "linktr.ee/name", "t.co/abc": any short top-level domain, when a path follows.
    r"|(?<![\w@.-])(?:[a-z0-9-]{1,63}\.){1,4}[a-z]{2,6}/\w[^\s<>]{0,2000}",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,32}[A-Za-z0-9_]")

# --------------------------------------------------------------------------------------------
# Bare usernames after a platform: "add me on snap jess_x22", "my insta is jess", "sc: jess".

_SOCIAL = (
    r"(?:(?:snap\s{0,2}chat|snap|sc|insta\s{0,2}gram|insta|ig|tik\s{0,2}tok|tt|discord|twitch"
    r"|kik|telegram|whats\s{0,2}app)\b|\U0001f47b)"
)
# Games and other sites where people add each other ("psn is x", "add me on roblox its X").
_ONE_PLATFORM = (
    rf"(?:{_SOCIAL}|(?:psn|xbox|steam|playstation|gamertag|gt|roblox|fortnite|epic\s{{0,2}}games"
    r"|youtube|yt|facebook|fb|twitter|reddit|bereal|pinterest|skype|ps4|ps5|spotify|linkedin"
    r"|yubo|depop|vinted)\b)"
)
# "snap/insta", "snap and tiktok": at most two platforms.
_PLATFORM = (
    rf"(?:{_ONE_PLATFORM}(?:\s{{0,2}}[/&+]\s{{0,2}}{_ONE_PLATFORM}"
    rf"|\s{{1,3}}(?:and|or|n)\s{{1,3}}{_ONE_PLATFORM})?)"
)
_TIED = r"(?:name|username|user|handle|id|tag|gamertag|@|account|acc|page|profile)"
_ASK = r"(?:add|follow|message|msg|dm|find|text|chat\s{1,3}to|talk\s{1,3}to|search)"
_IS = r"(?:\s{0,3}(?:is\b|are\b|=|:|-)|['\u2019]?s\b)"
# Little words between the trigger and the name: "my snap is still jess_x", "add me on snap x its".
_FILLER = (
    r"(?:[\s,]{1,3}(?:still|now|just|literally|actually|both|x{1,3}|lol|tho|btw|pls|plz"
    r"|obviously|obvs|deffo|prob|probably|its|it's|it\u2019s)\b){0,2}"
)
# How every trigger below starts (prefixes: "acc" for account, "the" for their): looked ahead for
# first, so the many triggers are tried only where one of these starts. Keep in step with the
# triggers and with _ONE_PLATFORM (tests/test_redaction_more6.py starts a handle with each).
_USERNAME_FIRST = (
    "my|his|her|the|on|add|follow|message|msg|dm|find|text|chat|talk|search|hmu|hit|user|handle"
    "|gamertag|name|id|tag|@|acc|page|profile|new|other|main|spam|second|2nd|priv|finsta|backup"
    "|real|called|named|snap|sc|insta|ig|tik|tt|discord|twitch|kik|telegram|whats|\U0001f47b|psn"
    "|xbox|steam|playstation|gt|roblox|fortnite|epic|youtube|yt|facebook|fb|twitter|reddit"
    "|bereal|pinterest|skype|ps4|ps5|spotify|linkedin|yubo|depop|vinted"
)


def _trie(words: Iterable[str]) -> str:
    """A regular expression for exactly these words, each shared beginning written once
    ("m(?:ain|essage|sg|y)"): the engine tries a few letters at each place, not every word."""
    tree: dict[str, dict[str, Any]] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict[str, Any]) -> str:
        parts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(tree)


# Linear: each trigger is a choice of fixed words with bounded gaps, the gap before the username
# is bounded and the username is one bounded character class. A "strong" trigger says a name
# follows ("my snap is", "add me on insta", "sc:"), so any word that is not everyday English is
# taken; after a "weak" one ("snap me", "called") only a handle-shaped word is.
_USERNAME = re.compile(
    rf"(?i:(?<![\w@])(?={_trie(_USERNAME_FIRST.split('|'))})(?:(?P<strong>"
    rf"my\s{{1,3}}{_PLATFORM}(?:\s{{1,3}}{_TIED})?{_IS}"
    rf"|{_ASK}\s{{1,3}}my\s{{1,3}}{_PLATFORM}"
    rf"|(?:{_ASK}\s{{1,3}}me|hmu|hit\s{{1,3}}me\s{{1,3}}up)\s{{1,3}}(?:on|at)\s{{1,3}}{_PLATFORM}"
    rf"{_FILLER}(?:[\s,]{{0,3}}(?:[:=-]|its|it's|it\u2019s|is|as))?"
    rf"|on\s{{1,3}}{_PLATFORM}\s{{1,3}}(?:as|im|i'm|i\u2019m|i\s{{1,3}}am)"
    # "wats ur snap? mine is tilly.b"
    rf"|{_PLATFORM}[\s?!.,]{{1,4}}(?:mine|mines)(?:{_IS})?"
    rf"|{_PLATFORM}(?:\s{{1,3}}{_TIED})?\s{{0,3}}[:=-]"
    r"|(?:user(?:\s{0,2}name)?|handle|gamertag)\s{0,3}[:=]"
    r"|(?:my|his|her|their|the)\s{1,3}(?:user(?:\s{0,2}name)?|handle|gamertag|@)\s{1,3}(?:is|=|:)"
    rf"|my\s{{1,3}}@(?:\s{{1,3}}on\s{{1,3}}\w{{1,12}})?{_IS}"
    rf"|{_TIED}\s{{1,3}}on\s{{1,3}}(?:there|here|it|{_PLATFORM}){_IS}"
    rf"|{_PLATFORM}\s{{1,3}}(?:account\s{{1,3}})?(?:called|named)"
    rf"|{_SOCIAL}(?:\s{{1,3}}{_TIED})?{_IS}|{_PLATFORM}\s{{1,3}}{_TIED}{_IS}"
    r")|(?P<weak>"
    rf"my\s{{1,3}}{_PLATFORM}"
    rf"|{_PLATFORM}(?:\s{{1,3}}(?:{_TIED}|me\s{{1,3}}on|me\s{{1,3}}at|me|at))?(?:{_IS})?"
    r"|(?:new|other|main|spam|second|2nd|priv|private|finsta|backup|real)\s{1,3}"
    rf"(?:one|acc|account|page|profile|{_TIED}){_IS}"
    r"|called|named"
    rf"|(?:add|follow)\s{{1,3}}me(?!\s{{1,3}}(?:(?:on|at)\s{{1,3}})?{_PLATFORM})"
    rf")){_FILLER})[\s,:=>\u2192\u27a1\u2b95\ufe0f\U0001f449\U0001f447\u2b07(-]{{0,4}}['\"\u201c\u2018]?"
    r"(?P<user>[\w.][\w.-]{1,31}(?:#\d{4})?)"
)

# "jess_x22 on snap": a handle-shaped word before a platform. Linear: one bounded class, then
# fixed words with bounded gaps.
_USERNAME_BEFORE = re.compile(
    rf"(?<![\w@.#-])(?P<user>[\w.][\w.-]{{1,31}}(?:#\d{{4}})?)\s{{1,3}}(?i:on|at)\s{{1,3}}"
    rf"(?i:{_PLATFORM})"
)

# --------------------------------------------------------------------------------------------
# Numbers that identify a person: an NHS number after "nhs", a National Insurance number, a date
# of birth after "dob" or "born on". Linear: fixed words and bounded digit groups.

_NHS_NUMBER = re.compile(
    r"(?i:\bnhs(?:\s{1,3}(?:no|num|number))?\.?\s{0,3}(?:is\s{1,3})?[:#=-]?\s{0,3})"
    r"(?P<number>\d{3}[\s-]{0,2}\d{3}[\s-]{0,2}\d{4})\b"
)
# In capitals anywhere ("QQ 12 34 56 C"); in any case after "ni" or "national insurance".
_NI_SHAPE = r"[A-CEGHJ-TW-Z][A-CEGHJ-NP-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]"
_NI_NUMBER = re.compile(
    rf"\b(?:(?P<number>{_NI_SHAPE})|(?i:(?:ni|national\s{{1,3}}insurance)(?:\s{{1,3}}(?:no|num"
    rf"|number))?\.?\s{{0,3}}(?:is\s{{1,3}})?[:#=-]?\s{{0,3}})(?P<spoken>(?i:{_NI_SHAPE})))\b"
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
_BIRTH_DATE = re.compile(
    r"(?i:\b(?:dob|d\.o\.b\.?|date\s{1,3}of\s{1,3}birth|born\s{1,3}on|(?:my\s{1,3})?"
    r"(?:birthday|bday|b-day)\s{1,3}is)\s{0,3}(?:is\s{1,3})?[:=-]?\s{0,3}(?:the\s{1,3})?)"
    r"(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    rf"|(?i:\d{{1,2}}(?:st|nd|rd|th)?\s{{1,3}}(?:of\s{{1,3}})?{_MONTH}(?:,?\s{{1,3}}\d{{4}})?"
    rf"|{_MONTH}\s{{1,3}}\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s{{1,3}}\d{{4}})?))"
)

# --------------------------------------------------------------------------------------------
# Postal details

_POSTCODE = re.compile(
    r"\b[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]? {0,2}(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
# "m8 2nd time", "b4 2nd period", "ps5 2nd hand": a lower-case ordinal is not an inward code.
_ORDINAL = re.compile(r"1st|2nd|3rd|[04-9]th")
# Linear: every repeat is bounded and the street words are separated by a single space.
_STREET = re.compile(
    r"\b(?:(?:flat|apartment|apt) \d{1,4}[a-z]?,? (?:[A-Za-z'-]{2,20} ){0,2}"
    r"(?:house|court|lodge)?,? ?)?"
    r"\d{1,4}[a-z]?,? (?P<words>(?:[A-Za-z'-]{2,20} ){1,3})"
    r"(?P<suffix>street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|crescent|court|ct"
    r"|place|pl|gardens|grove|terrace|square|hill|walk|mews|park|row|view|green|parade|rise"
    r"|vale|wharf|quay|croft|heights|boulevard|parkway|approach|chase|meadows|fields)\b\.?"
    r"(?:,? [A-Z][a-z]{1,20} (?:street|road|avenue|lane|close|drive|way|crescent|court|place|"
    r"gardens|grove|terrace|square|hill|walk|mews|park|row|view)\b)?",
    re.IGNORECASE,
)

_PLACES = frozenset({"park", "hill", "view", "walk", "row", "way", "court", "place", "square"})
# "on Elm Grove": a capitalised street name without a number. Linear: at most two bounded words.
_NAMED_STREET = re.compile(
    r"\b(?i:on|at|in|off|near|from|to)\s{1,3}"
    r"(?P<street>(?:[A-Z][a-z'-]{1,20}\s{1,2}){1,2}(?:Street|Road|Avenue|Lane|Close|Drive|Way"
    r"|Crescent|Place|Gardens|Grove|Terrace|Square|Walk|Mews|Row)\b)"
    # Typed in lower case, only after living somewhere: "i live on elm grove".
    r"|\b(?i:live|living|lives|stay|staying|stays|moved|moving)\s{1,3}(?i:on|at|in|to)\s{1,3}"
    r"(?P<lower_street>(?:[a-z'-]{2,20}\s{1,2}){1,2}(?:street|road|avenue|lane|close|drive|way"
    r"|crescent|place|gardens|grove|terrace|square|walk|mews|row)\b)"
)

# --------------------------------------------------------------------------------------------
# People's names after a word for who they are.

# Latin-1 capitals, and Latin Extended-A and Additional ("Łukasz", "Şükrü", "Nguyễn"), whose
# capitals and small letters alternate (a word starting with a small one of these is rare).
_UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u017f\u1e00-\u1eff"
_NAME_WORD = rf"[{_UPPER}][\w'\u2019-]{{0,30}}"
_LOWER_NAME_WORD = r"[a-z][a-z'\u2019-]{2,20}"
_LOWER_TITLE = r"(?:mr|mrs|ms|mx|dr)\.?"
# Typed in lower case too ("my carer mrs Patel"), but not "miss", which is mostly a verb.
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|MR|MRS|MS|MISS|DR|mr|mrs|ms|mx|dr)\.?"
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "mr.", "mrs.", "ms.", "mx.", "dr."})
# What a child calls a carer or relative before their name ("my carer Auntie Sue").
_FAMILY_TITLES = frozenset(
    {"auntie", "aunty", "aunt", "uncle", "nan", "nana", "nanna", "gran", "granny", "grandad"}
    | {"grandpa", "grandma", "nanny"}
)
_PERSON = (
    r"(?:foster\s{1,3})?(?:carers?|mum|mam|mom|dad|parents?|mother|father|son|daughter|child"
    r"|kid)|social\s{0,3}workers?|sw|pa|iro|key\s{0,3}workers?|personal\s{1,3}advis[eo]r"
    r"|advocate|support\s{1,3}worker|mentor|tutor|teacher|worker|manager|nurse|therapist"
    r"|counsellor|doctor|boyfriend|girlfriend|bf|gf|partner|brother|sister|bro|sis|cousin"
    r"|friend|mate|m8|nan|gran|grandad|grandma|auntie|aunty|aunt|uncle|stepdad|stepmum"
    r"|s/w|visitor|husband|wife|hubby|fianc[eé]e?|neighbou?r|landlord|landlady|boss|coach"
    r"|stepbrother|stepsister|nephew|niece|bestie|bff|pal|ex"
)
# "this lad Reece", "some guy Tariq", "a fella going by Dex": someone not yet known by a name.
_SOMEONE = (
    r"(?:this|that|a|an|some|one|the|dis|dat)\s{1,3}(?:(?:older|young|random|weird|creepy|old"
    r"|new|big|little)\s{1,3}){0,2}(?-i:lad|lass|guy|bloke|man|woman|girl|boy|fella|fellow|dude"
    r"|geezer|chap|kid|lady|gal)(?:\s{1,3}(?:going|goes|who\s{1,3}goes)\s{1,3}by)?"
)
_ADJECTIVE = (
    r"(?:new|old|current|last|previous|ex|former|other|main|birth|bio|step|little|big|older"
    r"|younger|best|designated|school|camhs|foster|lead|named|real|leaving\s{1,3}care|care"
    r"|residential|youth|independent|family|support|link|respite|supervising|fostering|half)"
)
# Linear: the trigger is a choice of fixed words with bounded gaps; the name is at most a title
# and two bounded words; every repeat is bounded.
_NAME = re.compile(
    r"(?<![\w'\u2019])(?P<trigger>(?i:"
    # "the Leaving Care Team manager, Sarah": a service's capitalised name may come first.
    rf"(?P<owner>my|our|his|her|their|me|ma|the)\s{{1,3}}"
    rf"(?:(?:{_ADJECTIVE}|(?-i:[A-Z][\w'\u2019-]{{0,20}}))(?:\s{{1,3}}|-)){{0,4}}"
    rf"(?:{_PERSON})(?:\s{{1,3}}(?:and|n|&)\s{{1,3}}(?:{_PERSON}))?"
    # "my carer's son Dwayne", "my mum's boyfriend Lee": the person someone else has.
    rf"(?:['\u2019]s\s{{1,3}}(?:(?:{_ADJECTIVE})\s{{1,3}}){{0,2}}(?:{_PERSON}))?"
    r"(?:\s{0,2}[,:-])?(?:\s{1,3}(?:is|was|are|were|=|'s|\u2019s))?"
    r"(?:\s{1,3}(?P<also_called>called|named))?"
    rf"|(?P<someone>{_SOMEONE})"
    r"|(?P<called>called|named)(?!\s{1,3}(?i:(?:him|her|them|my|your|our|their)sel(?:f|ves))\b)"
    r"|(?P<name_is>(?:nick\s{0,2})?name\s{1,3}is|(?:nick\s{0,2})?name'?s|name\u2019s"
    r"|(?:(?:full|first|nick)\s{0,2})?name\s{0,2}[:=-])"
    r"))\s{1,3}\(?"
    rf"(?P<name>(?:{_TITLE}\s{{1,2}})?{_NAME_WORD}(?:\s{{1,2}}{_NAME_WORD})?"
    rf"|(?P<lower>(?:{_LOWER_TITLE}\s{{1,2}})?{_LOWER_NAME_WORD}(?:\s{{1,2}}{_LOWER_NAME_WORD})?))"
)
# A title before a capitalised word is a name wherever it appears ("the teacher Ms Cole").
_TITLED = re.compile(
    rf"(?<![\w'\u2019])(?P<name>{_TITLE}\s{{1,2}}{_NAME_WORD}(?:\s{{1,2}}{_NAME_WORD})?)"
)
# "Kev is his birth mum's partner": a name before a word for who they are. Linear: the words in
# between are at most three bounded words.
_NAME_BEFORE = re.compile(
    rf"(?<![\w'\u2019])(?P<name>{_NAME_WORD}(?:\s{{1,2}}{_NAME_WORD})?)"
    r"(?:\s{1,3}(?P<is>(?i:is|was|=))|\s{0,2}[,(-])?\s{1,3}(?i:my|our|his|her|their|me|the)\s{1,3}"
    r"(?:(?!(?i:my|our|his|her|their|the)\b)[\w'\u2019-]{1,20}\s{1,3}){0,3}"
    rf"(?i:{_PERSON})\b"
)
# "Jess and Tom", "from Jessica to Jay": a capitalised word joined to a name already redacted.
_NAME_AFTER_NAME = re.compile(
    r"\[name\](?:\s{0,2},|\s{1,3}(?:and|&|or|to|n))\s{1,3}"
    rf"(?:(?i:(?:my|his|her|their|our)\s{{1,3}})?(?i:(?:{_ADJECTIVE})\s{{1,3}}){{0,2}}"
    rf"(?i:{_PERSON})\s{{1,3}})?"
    rf"(?P<name>(?:{_TITLE}\s{{1,2}})?{_NAME_WORD}(?:\s{{1,2}}{_NAME_WORD})?)"
)
# A known first name, capitalised, anywhere: "Kayla said no", "cheers Kayla for the lift".
_CAPITALISED_FIRST_NAME = re.compile(
    r"(?<![\w'\u2019.-])(?P<name>[A-Z][a-z'\u2019]{1,20}(?:-[A-Z][a-z'\u2019]{1,20})?)"
    r"(?![\w-])"
)
# A capitalised word straight after a first name is its surname ("i'm Kayla Brown").
# Its shapes: "O'Neil", "McDonald", "MacDonald", "Brown-Smith", "De Souza".
_SURNAME_AFTER = re.compile(
    r"[ \t]{1,2}(?P<surname>(?:(?:De|Da|Di|Du|Van|Von)[ \t])?(?:Mc|Mac|O['\u2019]|D['\u2019])?"
    r"[A-Z][a-z'\u2019]{1,30}(?:-[A-Z][a-z'\u2019]{1,30})?)(?![\w-])"
)
# "Sarah from the Leaving Care Team": a first name before a service's capitalised name. Linear:
# bounded words with bounded gaps.
_NAME_AT_SERVICE = re.compile(
    rf"(?<![\w'\u2019])(?P<name>{_NAME_WORD})\s{{1,3}}(?P<at>(?i:from|at|in|of))\s{{1,3}}"
    r"(?:(?i:the)\s{1,3})?(?P<service>(?:[A-Z][\w'\u2019&-]{0,20}\s{1,2}){0,3}"
    r"[A-Z][\w'\u2019&-]{0,20})"
)
# "name is changing from Jessica": a new or old name.
# "staying with jan and pete", "go by jay": a known first name after a word that often comes
# before a person. Linear: fixed words, bounded gaps, one bounded word.
_KNOWN_NAME = re.compile(
    r"(?<![\w'\u2019])(?P<trigger>(?i:i\s{1,3}am|i['\u2019]?m|this\s{1,3}is|it['\u2019]?s"
    r"|with|and|n|&|@|by|to|for|from|told|tell|ask|asked|texted"
    r"|messaged|rang|phoned|saw|see|seeing|meet|met|love|miss|missed))\s{1,3}"
    r"(?P<name>[A-Za-z][a-z'\u2019]{1,20}(?:-[A-Za-z][a-z'\u2019]{0,20}){0,2})"
    r"(?![\w'\u2019-])"
)
_NAME_CHANGE = re.compile(
    r"(?i:name\s{1,3}(?:is\s{1,3})?(?:changing|changed|change)\s{1,3}(?:from|to)"
    r"|change\s{1,3}(?:my|his|her|their)\s{1,3}name\s{1,3}to"
    # "a man who calls himself Tomas", "they call him Big T": the name someone goes by.
    r"|(?:calls?|called|calling)\s{1,3}(?:him|her|them|my|your|our|their)sel(?:f|ves)"
    r"|(?:calls?|called|calling)\s{1,3}(?:him|her|them|me)"
    # "he goes by Dex", "a fella going by Dex", "she goes by the name of Jaz".
    r"|(?:i|he|she|they|who|u|you|lad|guy|man|woman|girl|boy|fella|bloke|someone|kid|dude)"
    r"\s{1,3}(?:go|goes|going)\s{1,3}by(?:\s{1,3}the\s{1,3}name(?:\s{1,3}of)?)?)\s{1,3}"
    rf"(?P<name>{_NAME_WORD}(?:\s{{1,2}}{_NAME_WORD})?)"
)
_NAME_TOKEN = re.compile(r"[\w'\u2019-]{1,64}")
_CAPITALISED_AFTER = re.compile(
    rf"(?:[\s,]{{1,3}}(?:of|the|and|for|&)?\s{{0,2}}{_NAME_WORD}){{0,4}}"
)
_WORD_BEFORE = re.compile(r"([\w'\u2019-]{1,30})\W{1,5}(?:(?:is|was|'s|\u2019s|s)\W{1,3})?$")
# "a girl in my class called Lily": a person at a place, then "called", names the person; so
# does a person who does "it" ("the guy who runs it is called Smokey"), where "the woman who
# runs the group called Young Carers" names the group.
# Linear: searched only in the last 80 characters before "called"; every repeat is bounded.
_PERSON_AT_PLACE = re.compile(
    r"\b(?i:someone|somebody|girl|boy|lad|lass|guy|bloke|man|woman|kid|person|teacher|friend"
    r"|mate|student|pupil|fella|dude|staff|worker)\s{1,3}(?:(?i:in|at|from|on|off|near)\s{1,3}"
    r"|(?i:who|that)\s{1,3}(?=(?:[\w'\u2019-]{1,12}\s{1,3}){0,3}(?i:it)\W))"
    r"(?:[\w'\u2019-]{1,12}\s{1,3}){0,2}[\w'\u2019-]{1,30}\W{1,5}(?:(?:is|was)\W{1,3})?$"
)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
