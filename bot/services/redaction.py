"""Redaction service: removes what identifies a child from a message before an officer quotes it.

Every regular expression below is linear in the length of the text: each repeat is bounded
(`{m,n}`), or is a single character class that cannot overlap what follows it, and no repeat
contains another repeat of unbounded length, so the work at each starting position has a constant
ceiling. Runs of phone-number pieces are scanned once, left to right, in Python; each start looks
at no more than `_MAX_DIGITS` digits ahead. `bench/redaction.py` times 1k and 10k characters of
hostile input for each pattern.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

import phonenumbers

from bot.content import Content
from bot.domain import NATIONAL_HELPLINES

REDACTION_MARKS = {
    "email": "[email]",
    "url": "[link]",
    "handle": "[username]",
    "phone": "[phone number]",
    "postcode": "[postcode]",
    "address": "[address]",
    "name": "[name]",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Everyday words that follow "my carer", "my snap is" or a house number without being a name, a
# username or a street. Kept short on purpose: anything not listed is treated as identifying, so a
# gap costs a word of the message, never a child's privacy.
COMMON_WORDS = _words(
    """
    a about above after again against ago all almost alone already also always am an and angry
    annoying another any anymore anyone anything are around as asap ask asked asking at away
    awful back bad basically be because been before being best better between big bit blocked
    both bored boring broke broken brother busy but by came can cant can't care cares caring
    cos coz could couldnt couldn't dad day days dead deleted did didnt didn't do does doesnt
    doesn't doing done dont don't down during each else even ever every everyone everything
    fine first for from full gave get gets getting give gives go goes going gone good got great
    had hacked hardly has hasnt hasn't hate hates have havent haven't having he her here hers
    him his home honestly how i idk if im i'm in into is isnt isn't it its it's just keep keeps
    kind know knows last later least left less let lets like likes literally lol lot lots love
    loves made make makes many maybe me mean mine more most much mum must my myself nan need
    needs never new next nice no nobody none not nothing now of off often ok okay old on once
    one only or other our out over own people please pls plz private proper properly quite
    rather really right said same saw say says see sees seems she should shouted shouts since
    so some someone something sometimes soon sorry still stop such sure take takes taken tbh
    tbf tell tells than thank thanks that the their them then there these they thing things
    think thinks this those though thought through till to today told tomorrow too took totally
    tried tries try trying u ur under until up upset us use used usually very want wants was
    wasnt wasn't way we week weeks well went were what when where which while who whole why
    will with without wont won't would wouldnt wouldn't ya yeah yes yet you your yours youre
    you're account name names username handle id tag page profile again yet innit dm dms
    message messages msg text texts call calls ring rings add follow followed minute minutes
    min mins hour hours second seconds mile miles year years month months time times morning
    night evening afternoon weekend tho whenever wen wenever rn tmrw tmr 2moz l8r lata sometime
    anytime bk x xx xxx babes hunny ye yh k kk idc lmk btw ngl fr 2nite tonite tonight asap
    soon shook hit hits grabbed slapped punched kicked pushed screamed yelled swore laughed
    cried helped helps help says said told tells shouts shouted smacked threatened touched took
    """
)

# Common first names in the UK, for names typed without a capital ("my foster carer sharon").
# A lower-case word after "my carer" is redacted only if it is listed here: everyday words that
# are also names (will, mark, grace, hope, rob, may) are left out on purpose.
FIRST_NAMES = _words(
    """
    aaliyah aaron abdul abdullah abi abigail adam adrian ahmed aidan aiden aisha alan alex
    alexa alexander alfie ali alice alicia alisha amaan amanda amara amelia amir amy ana andrea
    andrew andy angela anna annie anthony antony archie arjun arthur ashley aston ayaan ayesha
    bailey becky bella ben benjamin bethany beth bev beverley billy blessing bobby bradley
    brandon brooke bryony callum cameron carl carla carly caroline casey cassie catherine
    charlie charlotte chelsea chloe chris christine christopher ciara claire clare connor
    courtney craig daisy dale damien dan daniel danielle danny darren dave david dawid declan
    demi denise dennis derek dexter dominic donna dylan ebony eddie edward eleanor elijah ellie
    elliot ellis emily emma eric erin ethan eve evie faisal fatima fiona finley finn freddie
    freya gary gavin gemma george georgia graham hannah harley harriet harrison harry harvey
    hassan hayden hayley heather helen henry holly hussain ian imogen isaac isabel isabella
    isla ismail jacob jade jake james jamie jan janet jasmine jason jay jayden jenny jess
    jessica jim jimmy joanne jodie joe joel john jordan joseph josh joshua julie justin kacper
    kai karen kate katie kayden kayla kayleigh keira kelly kerry kev kevin khadija kian kieran
    kim kyle lacey laura lauren layla leah lee leo leon lewis liam lily lisa logan lola louis
    louise lucas lucy luke lydia maddie maisie mandy maria marie marley martin mason matt
    matthew megan mia michael michelle mike millie mohammed mohammad muhammad molly nadia naomi
    natalie nathan neil nicola niamh noah oliver olivia omar oscar owen paige patrick paul
    pete peter phoebe poppy priya rachel rebecca reece rhys riley robert robbie rory ryan sadie
    sally sam samantha samuel sara sarah scarlett scott sean shane shannon sharon shauna shelby
    sian simon sophie stacey stephen steve steven stuart susan tanya taylor terry theo thomas
    tia tiffany tom tommy toni tony tracy tyler tyrone vicky victoria wayne yasmin yusuf zac
    zach zain zainab zara zoe abbie abdi abdirahman abigayle adeel adele adnan aimee aisling
    alana alanna alesha alfie-james aliyah alisha alyssa amber-rose amelie amina amirah anais
    aneesa anika anisa anya arlo aryan asad asha ashton aurora ava ayden aylin azra bartek
    becca bianca billie bilal blake bradley brodie bronwen caitlin caleb callie carmen carys
    casper cerys chantelle chanel chardonnay charley chidi chantel ciaran cody colin corey
    dakota dalia damian danika dante darcy darcey darius dawud deborah deja delilah demi-leigh
    deshawn desiree dina divya ebonie eden eilidh elif eliza ella ellis-jay elsie elyse emeka
    emilia emre esme ethan-james evan ezra fabian farah fatma felix filip francesca frankie
    gabriel gabriella gabby gareth gethin gracie-mae grayson haider haleema hamza hanna harlow
    harper hassan-ali hollie hugo ibrahim idris ifeoma ifeanyi ilyas imran inaya iqra isaiah
    isobel ivan izzy jace jacek jack-james jaden jakub jamal jameela janelle jaxon jaylen
    jaylon jeevan jenna jerome jodie-leigh jolene jonah jonathan josie jovan kaden kacey kadeem
    kai-lee kamal kamran karim karolina kasia kayleigh-ann kaylee keeley keegan kelsey kemi
    kenzie kenny keon khalid kiera kirsty kofi krystal kwame lacey-mae lamar lana larissa
    leanne leigh leila lennon lenny lexi lexie liam-james lilly lina lorna lottie luca lukas
    maci macy madison mahnoor maja malachi malik manon maryam marcus mateusz matilda maxine
    maya mckenzie mehmet melissa mercedes mikayla mila milan milo mirza mitchell mohamed morgan
    nadine nasir natasha nathaniel nia nikita nina noor nyla obi oisin olamide oleksandr oliwia
    ollie orla otis parveen peyton priyanka rafael raheem rahul raj rania rashid rayan rayyan
    reggie reuben rhianna rhiannon ricky rihanna roisin ronan ronnie rosie rowan ruben rubi
    ryley safa saffron sahil saima sakina salma sami samira sana santino saoirse sasha savannah
    seren shakira shay shayla sienna skye sofia sonny stanley stella sultan sumaya tahmina
    tamara tami tariq tegan terri thea tiana tilly tobias toby tommy-lee travis tristan
    tyler-jay tymon umar usman valentina vanessa veronica vinnie wiktoria xavier yahya yara
    yasmine yousef yusra zak zakaria zane zayn zayne zeynep ziggy zuzanna aled alys bethan
    catrin cai dafydd dewi elin ffion gwen hywel ieuan iwan lowri mali megan-rose nia osian
    rhodri rhys-jay sioned tomos
    """
)


# Everyday words that are names when capitalised after "my carer" ("my carer Will").
WORDS_THAT_ARE_NAMES = _words(
    """
    will mark grace hope rob may june april faith joy dawn summer bill frank jack max ray rose
    ruby amber jade holly ivy daisy penny sandy pat sue nick dean drew chase hunter sky
    precious destiny paris india violet willow dom jude
    """
)

# Capitalised words that follow "my carer" or "called" without being a person's name.
NOT_NAMES = _words(
    """
    i im i'm ive i've ill i'll id i'd a an the he she they we you it this that is was and but
    so or if when who what why how said says told tells has had have keeps never always just
    only also really mum mam mom dad nan nana nanna gran granny grandad grandma grandpa auntie
    aunty aunt uncle sis bro babe hun sir miss monday tuesday wednesday thursday friday
    saturday sunday january february march july august september october november december
    christmas easter eid ramadan diwali god jesus allah omg lol tbh pls please thanks thank hi
    hiya hey hello yes no ok okay english british today tomorrow yesterday tonight there here
    which where everyone someone nobody anyone everything nothing mine yours then now because
    cos coz can could would should does did do please plus since after before until while even
    still sometimes honestly basically apparently recently last next every dear sorry ugh oh
    idk
    """
)

# A name-shaped phrase containing one of these is an institution, a service or a helpline; it is
# kept whole ("called Childline", "named St Mary's Academy", "my PA from the Leaving Care Team").
INSTITUTION_WORDS = _words(
    """
    emergency ambulance fire team teams council councils school schools academy college
    colleges university uni service services centre center unit hospital clinic surgery
    practice trust nhs camhs cahms gp a&e childline samaritans shout nspcc barnardo barnardos
    kooth mind papyrus youngminds minds coram become catch22 police court courts church mosque
    temple gurdwara synagogue project club group network foundation charity society association
    agency department dept office house home homes hub voices care leaving virtual primary
    secondary grammar junior infant infants nursery sixth st saint youth federation partnership
    board cicc iro ofsted department authority city county borough district government gov ltd
    limited plc greggs tesco asda aldi lidl mcdonalds mcdonald's kfc nandos nando's primark
    sainsbury's sainsburys morrisons costa subway
    """
)

_KEEP_IN_NAMES = INSTITUTION_WORDS
_ANY_NAME = FIRST_NAMES | WORDS_THAT_ARE_NAMES
# First names that are also months, places, teams, drugs or brands: after "to" or "by" they are
# more often those ("by jan", "to chelsea", "support jordan"); only "with" makes them people.
_NAMES_AND_THINGS = _words(
    """
    jan chelsea jordan georgia milan victoria kerry shannon florence austin lincoln devon sterling
    molly bobby eve holly mercedes harley taylor
    """
)

# Things, not people, that can be "called" something ("a game called Fortnite").
_THINGS_CALLED = _words(
    """
    game games show app apps film movie song songs band book series programme program channel
    website site page server drink dog cat pet puppy kitten hamster rabbit horse fish snake
    bird street road town village area estate shop cafe café restaurant place club group thing
    something course youtuber rapper singer artist character anime film tiktoker
    """
)

# --------------------------------------------------------------------------------------------
# Links, emails and handles

# "name at example dot com", "name(at)gmail(dot)com", "name [at] outlook [dot] co [dot] uk".
# Linear: each separator is a fixed word between bounded runs of spaces or one bracket, the
# labels are bounded and the lookbehind is a single character.
_AT = r"(?:\s{0,3}[(\[{<]\s{0,2}(?:at|@)\s{0,2}[)\]}>]\s{0,3}|\s{1,3}at\s{1,3}|\s{1,3}@\s{1,3})"
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
_SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.+'\u2019-])[\w+-]{{1,64}}(?i:{_DOT}[\w+-]{{1,64}}){{0,3}}(?i:{_AT}(?:[\w-]{{1,63}}{_DOT}){{1,3}}{_TLD}\b"
    rf"|{_AT}{_PROVIDER}\b)"
)

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>]{1,2000}", re.IGNORECASE)
# A bare "linkedin.com/in/name": known top-level domain, then an optional path. Linear: bounded
# labels and one bounded run of non-space characters.
_BARE_URL = re.compile(
    r"(?<![\w@.-])(?:[a-z0-9-]{1,63}\.){1,4}(?:com|co\.uk|org\.uk|org|net|io|me|uk|tv|gg|ly)\b"
    r"(?:/[^\s<>]{0,2000})?",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,32}[A-Za-z0-9_]")

# --------------------------------------------------------------------------------------------
# Bare usernames after a platform: "add me on snap jess_x22", "my insta is jess", "sc: jess".

_SOCIAL = (
    r"(?:(?:snap\s{0,2}chat|snap|sc|insta\s{0,2}gram|insta|ig|tik\s{0,2}tok|tt|discord|twitch"
    r"|kik)\b|\U0001f47b)"
)
_ONE_PLATFORM = rf"(?:{_SOCIAL}|(?:psn|xbox|steam|playstation|gamertag)\b)"
# "snap/insta", "snap and tiktok": at most two platforms.
_PLATFORM = (
    rf"(?:{_ONE_PLATFORM}(?:\s{{0,2}}[/&+]\s{{0,2}}{_ONE_PLATFORM}"
    rf"|\s{{1,3}}(?:and|or|n)\s{{1,3}}{_ONE_PLATFORM})?)"
)
_TIED = r"(?:name|username|user|handle|id|tag|gamertag|@)"
_ASK = r"(?:add|follow|message|msg|dm|find|text|chat\s{1,3}to|talk\s{1,3}to|search)"
_IS = r"(?:\s{0,3}(?:is\b|=|:|-)|['\u2019]?s\b)"
# Linear: each trigger is a choice of fixed words with bounded gaps, the gap before the username
# is bounded and the username is one bounded character class. A "strong" trigger says a name
# follows ("my snap is", "add me on insta", "sc:"), so any word that is not everyday English is
# taken; after a "weak" one ("snap me", "called") only a handle-shaped word is.
_USERNAME = re.compile(
    r"(?i:(?<![\w@])(?:(?P<strong>"
    rf"my\s{{1,3}}{_PLATFORM}(?:\s{{1,3}}{_TIED})?{_IS}"
    rf"|{_ASK}\s{{1,3}}my\s{{1,3}}{_PLATFORM}"
    rf"|(?:{_ASK}\s{{1,3}}me|hmu|hit\s{{1,3}}me\s{{1,3}}up)\s{{1,3}}(?:on|at)\s{{1,3}}{_PLATFORM}"
    r"(?:\s{0,3}(?:[:=-]|its|it's|it\u2019s|is|as))?"
    rf"|{_PLATFORM}(?:\s{{1,3}}{_TIED})?\s{{0,3}}[:=-]"
    r"|(?:user\s{0,2}name|handle|gamertag)\s{0,3}[:=]"
    r"|(?:my|his|her|their|the)\s{1,3}(?:user\s{0,2}name|handle|gamertag|@)\s{1,3}(?:is|=|:)"
    rf"|my\s{{1,3}}@(?:\s{{1,3}}on\s{{1,3}}\w{{1,12}})?{_IS}"
    rf"|{_TIED}\s{{1,3}}on\s{{1,3}}(?:there|here|it|{_PLATFORM}){_IS}"
    rf"|{_PLATFORM}\s{{1,3}}(?:account\s{{1,3}})?(?:called|named)"
    rf"|{_SOCIAL}(?:\s{{1,3}}{_TIED})?{_IS}|{_PLATFORM}\s{{1,3}}{_TIED}{_IS}"
    r")|(?P<weak>"
    rf"my\s{{1,3}}{_PLATFORM}"
    rf"|{_PLATFORM}(?:\s{{1,3}}(?:{_TIED}|me|me\s{{1,3}}on|me\s{{1,3}}at))?"
    r"|(?:new|other|main|spam|second|2nd|priv|private|finsta|backup|real)\s{1,3}"
    rf"(?:one|acc|account|page|profile|{_TIED}){_IS}"
    r"|called|named"
    r")))[\s,>\u2192\u27a1\u2b95\ufe0f(-]{0,4}['\"\u201c\u2018]?(?P<user>[\w.][\w.-]{1,31}(?:#\d{4})?)"
)

# "jess_x22 on snap": a handle-shaped word before a platform. Linear: one bounded class, then
# fixed words with bounded gaps.
_USERNAME_BEFORE = re.compile(
    rf"(?<![\w@.#-])(?P<user>[\w.][\w.-]{{1,31}}(?:#\d{{4}})?)\s{{1,3}}(?i:on|at)\s{{1,3}}"
    rf"(?i:{_PLATFORM})"
)

# --------------------------------------------------------------------------------------------
# Postal details

_POSTCODE = re.compile(
    r"\b[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE
)
# Linear: every repeat is bounded and the street words are separated by a single space.
_STREET = re.compile(
    r"\b(?:flat \d{1,4}[a-z]?,? (?:[A-Za-z'-]{2,20} ){0,2}(?:house|court|lodge)?,? ?)?"
    r"\d{1,4}[a-z]?,? (?P<words>(?:[A-Za-z'-]{2,20} ){1,3})"
    r"(?P<suffix>street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|crescent|court|ct"
    r"|place|pl|gardens|grove|terrace|square|hill|walk|mews|park|row|view)\b\.?"
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

_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME_WORD = rf"[{_UPPER}][\w'\u2019-]{{0,30}}"
_LOWER_NAME_WORD = r"[a-z][a-z'\u2019-]{2,20}"
_LOWER_TITLE = r"(?:mr|mrs|ms|mx|dr)\.?"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "mr.", "mrs.", "ms.", "mx.", "dr."})
_PERSON = (
    r"(?:foster\s{1,3})?(?:carers?|mum|mam|mom|dad|parents?|mother|father|son|daughter|child"
    r"|kid)|social\s{0,3}workers?|sw|pa|iro|key\s{0,3}workers?|personal\s{1,3}advis[eo]r"
    r"|advocate|support\s{1,3}worker|mentor|tutor|teacher|worker|manager|nurse|therapist"
    r"|counsellor|doctor|boyfriend|girlfriend|bf|gf|partner|brother|sister|bro|sis|cousin"
    r"|friend|mate|m8|nan|gran|grandad|grandma|auntie|aunty|aunt|uncle|stepdad|stepmum"
)
_ADJECTIVE = (
    r"(?:new|old|current|last|previous|ex|former|other|main|birth|bio|step|little|big|older"
    r"|younger|best|designated|school|camhs|foster|lead|named|real)"
)
# Linear: the trigger is a choice of fixed words with bounded gaps; the name is at most a title
# and two bounded words; every repeat is bounded.
_NAME = re.compile(
    r"(?<![\w'\u2019])(?P<trigger>(?i:"
    rf"(?P<owner>my|our|his|her|their|me|ma|the)\s{{1,3}}(?:{_ADJECTIVE}\s{{1,3}}){{0,2}}"
    rf"(?:{_PERSON})(?:\s{{0,2}}[,:-])?(?:\s{{1,3}}(?:is|was|=|'s|\u2019s))?"
    r"(?:\s{1,3}(?P<also_called>called|named))?"
    r"|(?P<called>called|named)"
    r"|(?P<name_is>name\s{1,3}is|name'?s|name\u2019s)"
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
    rf"(?:[\w'\u2019-]{{1,20}}\s{{1,3}}){{0,3}}(?i:{_PERSON})\b"
)
# "Jess and Tom", "from Jessica to Jay": a capitalised word joined to a name already redacted.
_NAME_AFTER_NAME = re.compile(
    r"\[name\](?:\s{0,2},|\s{1,3}(?:and|&|or|to|n))\s{1,3}"
    rf"(?P<name>(?:{_TITLE}\s{{1,2}})?{_NAME_WORD}(?:\s{{1,2}}{_NAME_WORD})?)"
)
# "name is changing from Jessica": a new or old name.
# "staying with jan and pete", "go by jay": a known first name after a word that often comes
# before a person. Linear: fixed words, bounded gaps, one bounded word.
_KNOWN_NAME = re.compile(
    r"(?<![\w'\u2019])(?P<trigger>(?i:with|and|by|to|for|from|told|tell|ask|asked|texted"
    r"|messaged|rang|phoned|saw|see|seeing|meet|met|love|miss|missed))\s{1,3}"
    r"(?P<name>[A-Za-z][a-z'\u2019-]{1,20})(?![\w'\u2019-])"
)
_NAME_CHANGE = re.compile(
    r"(?i:name\s{1,3}(?:is\s{1,3})?(?:changing|changed|change)\s{1,3}(?:from|to)"
    r"|change\s{1,3}(?:my|his|her|their)\s{1,3}name\s{1,3}to)\s{1,3}"
    rf"(?P<name>{_NAME_WORD}(?:\s{{1,2}}{_NAME_WORD})?)"
)
_NAME_TOKEN = re.compile(r"[\w'\u2019-]{1,64}")
_CAPITALISED_AFTER = re.compile(
    rf"(?:[\s,]{{1,3}}(?:of|the|and|for|&)?\s{{0,2}}{_NAME_WORD}){{0,4}}"
)
_WORD_BEFORE = re.compile(r"([\w'\u2019-]{1,30})\W{1,5}(?:(?:is|was|'s|\u2019s|s)\W{1,3})?$")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def redact(text: str, *, keep: frozenset[str] = frozenset()) -> str:
    """Replace phone numbers, emails, links, usernames, addresses and people's names.

    `keep` adds words that mark a name as the council's own, as from `words_to_keep(content)`.
    """
    text = _EMAIL.sub(REDACTION_MARKS["email"], text)
    text = _SPOKEN_EMAIL.sub(REDACTION_MARKS["email"], text)
    text = _URL.sub(REDACTION_MARKS["url"], text)
    text = _BARE_URL.sub(REDACTION_MARKS["url"], text)
    text = _HANDLE.sub(REDACTION_MARKS["handle"], text)
    text = _USERNAME.sub(_username_or_not, text)
    text = _USERNAME_BEFORE.sub(_handle_before_platform, text)
    text = _redact_phones(text)
    text = _STREET.sub(_street_or_not, text)
    stop = _KEEP_IN_NAMES | keep
    text = _NAMED_STREET.sub(partial(_named_street, keep=stop), text)
    text = _POSTCODE.sub(REDACTION_MARKS["postcode"], text)
    names: set[str] = set()
    text = _replace_names(text, _NAME, partial(_name_words, keep=stop), names)
    text = _replace_names(text, _TITLED, partial(_titled_words, keep=stop), names)
    text = _replace_names(text, _NAME_BEFORE, partial(_name_before_words, keep=stop), names)
    text = _replace_names(text, _NAME_CHANGE, partial(_capitalised_words, keep=stop), names)
    text = _replace_names(text, _KNOWN_NAME, _known_first_name, names)
    text = _replace_names(
        text, _NAME_AFTER_NAME, partial(_titled_or_capitalised_words, keep=stop), names
    )
    return _propagate(text, names)


_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'\u2019-]{1,30}(?: [A-Z][\w'\u2019-]{1,30}){1,5}")


def words_to_keep(content: Content) -> frozenset[str]:
    """Words of the council's own names in content/: "called Northbridge Active" is kept.

    Taken from the council's names, the help numbers, and runs of capitalised words in the local
    offer that start with the council's short name or hold an institution word. First names are
    never kept, so an officer's name in the content cannot shield a child's carer of that name.
    """
    council = content.council
    names = [
        council.name,
        council.short_name,
        council.cicc_name,
        council.out_of_hours.name,
        *(number.name for number in content.safeguarding.help_numbers),
    ]
    short = _plain(council.short_name)
    for area in content.offer.areas:
        for item in area.items:
            for text in [item.title, item.who, *item.what.variants(), *item.how.variants()]:
                for run in _CAPITALISED_RUN.findall(text):
                    words = [_plain(w) for w in run.split()]
                    if words[0] == short or any(w in INSTITUTION_WORDS for w in words):
                        names.append(run)
    found = {
        _POSSESSIVE.sub("", _plain(w)) for name in names for w in re.findall(r"[\w&'-]+", name)
    }
    return frozenset(found - COMMON_WORDS - _ANY_NAME - NOT_NAMES)


def _handle_shaped(word: str) -> bool:
    """jess_x22, kayla.bxo, k1ng_d4ve, zaynplays#4421, but not 999, b4 or 2nite."""
    letters = sum(c.isalpha() for c in word)
    if len(word) < 4 or letters < 2:
        return False
    return any(c in "_.#" for c in word) or (any(c.isdigit() for c in word) and letters >= 3)


def _username_or_not(match: re.Match[str]) -> str:
    user = match.group("user").rstrip(".-")
    if match.group("strong") is not None:
        taken = _handle_shaped(user) or (_plain(user) not in COMMON_WORDS and len(user) >= 3)
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
    if whole.islower() and (match.group("suffix") in _PLACES or whole[:2] in ("2 ", "4 ")):
        return whole
    return REDACTION_MARKS["address"]


def _named_street(match: re.Match[str], keep: frozenset[str]) -> str:
    whole = match.group()
    group = "street" if match.group("street") is not None else "lower_street"
    words = match.group(group).lower().split()
    if _is_institution(words, keep) or any(w in COMMON_WORDS for w in words[:-1]):
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


def _propagate(text: str, names: set[str]) -> str:
    """Redact every other mention of a name already found: "that's what Kev does"."""
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
    if plain in NOT_NAMES:
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
    if len(words) > 1 and _not_a_name(words[-1]):
        words = words[:-1]
    if _is_institution(words + _capitalised_after(match), keep):
        return 0
    return _length_without_possessive(name, words)


def _known_first_name(match: re.Match[str]) -> int:
    name = match.group("name")
    bare = _POSSESSIVE.sub("", _plain(name))
    # "due by jan" is a month; "staying with jan" is a person.
    if bare not in FIRST_NAMES or (
        bare in _NAMES_AND_THINGS and _plain(match.group("trigger")) != "with"
    ):
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


def _plain(word: str) -> str:
    return word.lower().replace("\u2019", "'")


def _is_institution(words: list[str], keep: frozenset[str]) -> bool:
    return any(_POSSESSIVE.sub("", _plain(w)) in keep for w in words)


def _name_words(match: re.Match[str], keep: frozenset[str]) -> int:
    """How much of the name group is a person's name (0: none of it)."""
    name = match.group("name")
    words = name.split()
    # In "My Sw Is Useless" every word has a capital, so a capital says nothing about a name.
    trigger = match.group("trigger").split()
    title_case = len(trigger) > 1 and all(w[:1].isupper() for w in trigger if w[:1].isalpha())
    if match.group("lower") is not None or title_case:
        # A lower-case word is a name only if it is a common first name that is not also an
        # everyday word; after "her name is" or "mrs" any word that is not everyday English is.
        titled = _plain(words[0]).rstrip(".") in _TITLES
        strong = match.group("name_is") is not None or titled
        kept = words[:1] if titled else []
        # After "called" or "named" a person is being named, so names that are also everyday
        # words count too ("some guy called dean").
        naming = bool(match.group("called") or match.group("also_called"))
        for word in words[len(kept) :]:
            bare = _POSSESSIVE.sub("", _plain(word))
            known = _ANY_NAME if title_case or naming else FIRST_NAMES
            if bare not in known and not (strong and _unusual(bare, keep)):
                break
            kept.append(word)
        words = kept if len(kept) > titled else []
    else:
        # "called Big Mo": a capitalised everyday word before a name is part of the name.
        if _not_a_name(words[0]) and (
            len(words) < 2 or _plain(words[0]) in NOT_NAMES or _not_a_name(words[1])
        ):
            return 0
        if len(words) > 1 and _not_a_name(words[-1]):
            words = words[:-1]
    if not words or _is_institution(words + _capitalised_after(match), keep):
        return 0
    called = match.group("called") or match.group("also_called")
    if called and _called_a_thing(match.string[: match.start()]):
        return 0
    return _length_without_possessive(name, words)


def _titled_words(match: re.Match[str], keep: frozenset[str]) -> int:
    name = match.group("name")
    words = name.split()
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


def _called_a_thing(before: str) -> bool:
    found = _WORD_BEFORE.search(before[-40:])
    return found is not None and found.group(1).lower() in _THINGS_CALLED


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
_REPEAT_WORDS = {"double": 2, "triple": 3, "treble": 3}
_JOINERS = frozenset("-.,()\u2013")
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
_HELPLINES = frozenset(re.sub(r"\D", "", n) for n in NATIONAL_HELPLINES.values())


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    digits: str  # empty for a joiner such as "-" or "("
    word: str


def _redact_phones(text: str) -> str:
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
    if not any(c.isdecimal() for c in word):
        return None
    out = []
    for char in word:
        if char in "oO":
            out.append("0")
        elif char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
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
        if word.lower() in _REPEAT_WORDS and repeat == 1:
            repeat, repeat_start = _REPEAT_WORDS[word.lower()], start
            continue
        digits = _digits_of(word)
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
        elif word in _JOINERS and repeat == 1 and _joiners_at_end(run) < _MAX_JOINERS:
            # A run may open with "(" as in "(01632) 960123"; other joiners only join.
            if run or word == "(":
                run.append(_Piece(start, end, "", word))
        else:
            close()
            repeat = 1
    close()
    return runs


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
    if digits.startswith("+"):
        if not 8 <= len(digits) - 1 <= 15:
            return False
        region = None
    elif digits.startswith("0") and digits[1:2] != "0":
        if len(digits) not in (10, 11) or digits in _HELPLINES:
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
