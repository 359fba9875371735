"""Screening rules: risk phrases, someone-plus-harm patterns, and guards for idiom and the past.

Rules are the robust core of the screen: they work on the normalised words (screen_text), so a
phrase written once in safeguarding.yaml also catches its disguised, misspelt and text-speak forms.
Every lookup is by dictionary, so the time taken grows with the length of the message only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.services.screen_text import Vocabulary, stem

URGENT = 2
CHECK = 1


class PhraseIndex:
    """Word-sequence phrases, found whole or with the spaces between their words moved or gone.

    A phrase matches as a sequence of words ("kill myself"), or as the same letters running across
    word boundaries ("kill my self", "sui cide", "killmyself"), as long as it starts at the start
    of a word and ends at the end of one, so "skill myself" is never "kill myself".
    """

    _KEY = 4
    _WITHIN = 8  # letters a phrase needs before it is looked for inside a run-together word

    def __init__(self, phrases: Iterable[tuple[Sequence[str], str]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        self._by_prefix: dict[str, list[tuple[str, str]]] = defaultdict(list)
        # Phrases of several words, for words typed with no spaces at all ("iwanttokillmyself").
        self._within: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for phrase_words, label in phrases:
            phrase = tuple(phrase_words)
            if not phrase:
                continue
            self._by_first[phrase[0]].append((phrase, label))
            joined = "".join(phrase)
            if len(joined) > self._KEY:
                self._by_prefix[joined[: self._KEY]].append((joined, label))
                if len(phrase) > 1 and len(joined) >= self._WITHIN:
                    self._within[joined[: self._KEY]].append((joined, label))

    def find(self, words: Sequence[str]) -> list[tuple[str, int]]:
        """(label, index of the first word) for every match, in the order they appear."""
        found: list[tuple[str, int]] = []
        for index, word in enumerate(words):
            for phrase, label in self._by_first.get(word, ()):
                if tuple(words[index : index + len(phrase)]) == phrase:
                    found.append((label, index))
        squashed = "".join(words)
        starts: dict[int, int] = {}
        ends: set[int] = set()
        offset = 0
        for index, word in enumerate(words):
            starts[offset] = index
            offset += len(word)
            ends.add(offset)
        for start, index in starts.items():
            for joined, label in self._by_prefix.get(squashed[start : start + self._KEY], ()):
                if squashed.startswith(joined, start) and start + len(joined) in ends:
                    found.append((label, index))
        return found

    def within(self, words: Sequence[str], run_together: Iterable[int]) -> list[tuple[str, int]]:
        """(label, index) for phrases of several words found anywhere inside the words at
        `run_together`: several words typed with no spaces ("iwanttodie", a hashtag)."""
        found: list[tuple[str, int]] = []
        for index in run_together:
            word = words[index]
            for start in range(len(word) - self._WITHIN + 1):
                for joined, label in self._within.get(word[start : start + self._KEY], ()):
                    if word.startswith(joined, start):
                        found.append((label, index))
        return found


# ---------------------------------------------------------------------------------------------
# Someone + a harm, within a few words. Words are stemmed, as the message's words are.


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


ACTORS = _stems(
    """carer carers staff foster dad mum stepbrother agent boss stepdad stepmum mother father
    parent parents boyfriend
    girlfriend partner ex husband wife uncle auntie aunt cousin brother sister nan grandad
    grandma he she they them someone somebody man men guy guys lad lads boys worker workers
    keyworker manager teacher coach landlord neighbour olders older gang"""
)
PARTNERS = _stems("boyfriend girlfriend partner ex husband wife")
HARMS = _stems(
    """grab grabbed grabs hit hits hitting punch punched punches slap slapped slaps kick kicked
    kicks choke choked chokes strangle strangled strangles push pushed pushes shove shoved
    drag dragged burn burned burnt beat beats beaten smack smacked smacks whack whacked
    batter battered restrain restrained pin pinned headbutt headbutted throttle throttled
    bite bit bites hurt hurts hurting bruise bruised bruises twist twisted scratch
    scratched spat slam slammed slams broke rough held holds drown drowned"""
)
HARM_PLACES = _stems(
    "neck throat wall floor belt stairs hair wrist wrists arm face head down water finger ribs"
)
SEXUAL = _stems(
    """touch touches touched touching kiss kissed kisses undress undressed grope groped
    gropes feel feels felt bed shower naked privates private"""
)
OBJECTS = _stems("me us my her him them kid kids child children girl boy baby sister brother")


@dataclass
class RuleHits:
    """What the rules found, by how sure they are, and which guards applied.

    `urgent`: a risk phrase or pattern, said plainly. `check`: one told as harm now over (the past
    guard lowers it to check, never to nothing). `weak`: a weaker sign (a knife, a painkiller), or
    a risk phrase inside idiom or a talk about a topic ("a workshop on county lines"): the learned
    model decides whether it is ordinary, check or (unless `capped`) urgent.
    """

    urgent: set[str] = field(default_factory=set)
    check: set[str] = field(default_factory=set)
    weak: set[str] = field(default_factory=set)
    idiom: bool = False
    topic: bool = False
    past: bool = False

    @property
    def capped(self) -> bool:
        """A guard applied: the model alone may not make this message urgent."""
        return self.idiom or self.topic or self.past

    @property
    def level(self) -> int:
        if self.urgent:
            return URGENT
        return CHECK if self.check else 0

    def categories(self) -> set[str]:
        return self.urgent | self.check | self.weak


def actor_harm(words: Sequence[str], window: int = 5) -> list[tuple[str, int]]:
    """(category, index) where someone is followed by a harm done to a person within `window`."""
    found: list[tuple[str, int]] = []
    for index, word in enumerate(words):
        if word not in ACTORS:
            continue
        near = words[index + 1 : index + 1 + window]
        for offset, harm in enumerate(near):
            after = words[index + 2 + offset : index + 5 + offset]
            if harm in HARMS and (
                any(w in OBJECTS for w in after) or any(w in HARM_PLACES for w in after)
            ):
                category = "domestic_abuse" if word in PARTNERS else "physical_abuse"
                found.append((category, index))
                break
            if harm in SEXUAL and _done_to(after):
                found.append(("sexual_abuse_grooming", index))
                break
    return found


# A sexual harm is done to a person: "touched me", "in my bed", "kissed her"; not "got a double
# bed and my own telly" (a word like "and" between them breaks the link).
_TO = _stems("with in into on onto under near next to at up")


def _done_to(after: Sequence[str]) -> bool:
    if after and after[0] in OBJECTS:
        return True
    return len(after) > 1 and after[0] in _TO and after[1] in OBJECTS


# Combinations anywhere in a message: both sets of words present → the category, urgent.
_COMBINATIONS: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    (
        "sexual_abuse_grooming",
        _stems("secret secrets"),
        _stems(
            """gift gifts present presents bought buys buying money phone trainers vape vapes
            weed older years age"""
        ),
    ),
    (
        "criminal_exploitation",
        _stems("owe owes owed owing debt debts"),
        _stems("olders line lines trap country ot package packages shotting bag food work"),
    ),
    (
        "overdose_substances",
        _stems("pills tablets meds medication paracetamol ibuprofen sertraline tabs"),
        _stems("saving saved stockpiling enough whole packet packets"),
    ),
    (
        "trafficking_slavery",
        _stems("passport passports documents papers"),
        _stems("owe owing owed working debt debts journey smuggler agent"),
    ),
)
_KEEP_FROM = _stems("anyone anybody nobody your ur carer carers social mum dad teacher police")


def combinations(words: Sequence[str]) -> set[str]:
    present = set(words)
    found = {
        category
        for category, first, second in _COMBINATIONS
        if present & first and present & second
    }
    # "do not tell anyone / your carer" + a gift or an age gap is grooming's secrecy too.
    _, _, gifts = _COMBINATIONS[0]
    for index in range(len(words) - 2):
        if (
            words[index] == "not"
            and words[index + 1] == "tell"
            and words[index + 2] in _KEEP_FROM
            and present & gifts
        ):
            found.add("sexual_abuse_grooming")
    return found


# ---------------------------------------------------------------------------------------------
# Guards, on the normalised words (unstemmed) joined by spaces.

_IDIOM = re.compile(
    r"\b(?:"
    r"kill(?:s|ed|ing)? it\b|"
    r"kill(?:s|ed|ing)? (?:the (?:game|vibe|mood|boss)|time|zombies?|bosses)|"
    r"(?:homework|school|work|exams?|this|that|maths?|revision|lessons?|teachers?|shifts?|"
    r"feet|legs?|back|head|tooth|wifi|queue|wait|bus|heat|cold|song|film|show|assignments?|"
    r"coursework|it|he|she|they|you|joke|jokes|week|day|college|uni|job|training)"
    r" (?:is |are |was |were |has been |)(?:literally |actually |so |honestly |proper |)"
    r"(?:kill|murder)(?:s|ing|ed)? me|"
    r"dying (?:to|for) (?!real|good|you|me|him|her|them|it)|die for (?:a|some|one)|"
    r"(?<!want )(?<!wanna )(?<!going )(?<!gonna )(?<!ready )to die for (?!real|good|you|me)|"
    r"would die for (?:a|some|one|it|that|those|these)|"
    r"(?:nearly |almost |literally |)(?:died|dying|die|dead) (?:laughing|of embarrassment|"
    r"of boredom|of shame|from embarrassment)|"
    r"i am (?:literally |actually |)dead(?! serious)(?: lol| lmao| haha|$)|"
    r"dead (?:funny|good|nice|easy|boring|hard|jealous)|"
    r"could (?:kill|murder) (?:a|for|some)|murder a|"
    r"overdos\w* on (?:sweets|chocolate|sugar|selection|caffeine|coffee|netflix|crisps|cake|"
    r"pizza|haribo|energy|red ?bull|monster|tv|games?|anime|revision|christmas)|"
    r"bath bombs?|the bomb|photo ?shoots?|shoot (?:hoops|a video|a film|some hoops)|"
    r"attack on titan|"
    r"(?:fifa|games?|fortnite|cod|call of duty|roblox|minecraft|gta)\b.{0,30}"
    r"\b(?:kill|killed|killing|shoot|shooting|shot|guns?|knife|stab)\b|"
    # Said the other way round: "got stabbed in gta", "my character got shot".
    r"\b(?:killed|stabbed|shot|knifed|murdered|blown up) (?:\w+ ){0,3}(?:in|on|playing) (?:fifa|"
    r"gta|fortnite|cod|call of duty|roblox|minecraft|warzone|apex|valorant|rust|the game)\b|"
    r"\bmy (?:character|avatar|sim|skin|player|guy|man) (?:\w+ ){0,2}(?:killed|stabbed|shot|"
    r"died|dead|murdered)|"
    r"bored to death|scared to death of (?:spiders?|dogs?|exams?|heights)|"
    r"(?:run|ran|running) away from (?:the|a|my) (?:meeting|lesson|class|spiders?|dogs?|"
    r"wasps?|bees?|goose|geese)|"
    r"bruises? (?:from|at|in|playing) (?:rugby|football|footy|sport|pe|training|boxing|"
    r"the match|netball|hockey)|"
    r"beat(?:s|en)? (?:me|us|him|her|them) (?:at|in)\b|"
    r"(?:going to|gonna) kill (?:me|us)\b.{0,60}(?:lol|lmao|haha|😂|🤣|💀|when (?:she|he|they) "
    r"(?:sees|finds out|hears)|if i (?:do not|lose|forget|am late)|for (?:losing|forgetting))|"
    r"(?:going to|gonna) kill (?:me|us) (?:when|if) (?:she|he|they) (?:sees|finds out|hears)|"
    r"shot (?:myself|yourself|ourselves) in the foot|bomb site|shot up|bombed (?:my|the|it)|"
    r"little terror|going missing from (?:the )?(?:group ?chat|chat|socials|insta|snap)|"
    r"(?:dog|cat|pet|hamster|rabbit|charger|phone|keys|stuff|things|socks|coat|jacket|bag|"
    r"shoes?|trainers|hoodie|wallet|purse|bike|homework|kit|headphones|airpods|controller|"
    r"glasses|books?|lunch|parcel|post|letter|card|pass|remote|tablet|laptop|ipad|watch)\b.{0,20}"
    r"(?:went missing|gone missing|going missing|go missing|ran away|run away)|"
    r"ran away with (?:the|it|a)|kicked out of (?:the |)(?:club|class|lesson|party|house party|"
    r"maccies|mcdonalds|shop|game|chess club|chat|group)|"
    r"help me (?:with|find|get|to|understand|sort|out|fill|apply|choose|pick|write|do|learn|"
    r"know|decide|plan|pay|buy|move|make|set|look|check|save|budget)\b|"
    r"(?:dog|cat|puppy|kitten|hamster|rabbit|horse|parrot|goose)s? (?:\w+ ){0,3}(?:bit|bites|"
    r"scratched|scratches|nipped)\b|got hit (?:\w+ ){0,4}(?:with|by) (?:a|the) (?:ball|football|"
    r"cricket ball|hockey (?:ball|stick)|shuttlecock|frisbee|door|snowball|pillow|branch)|"
    r"(?:ipad|laptop|chromebook|kindle|drawing|graphics|school) tablet\b|(?:the|my|his|her|our) "
    r"tablet (?:\w+ ){0,3}(?:cracked|smashed|charger|charge|charging|screen|battery|apps?|wifi|"
    r"frozen|is broken|has broken|broke)|"
    r"knife and fork|butter knife|(?:cut|cutting|cuts) (?:my |the |his |her |)(?:hair|fringe|"
    r"grass|cake|pizza|budget|costs|funding)|"
    r"(?:wifi|wi fi|internet|signal|phone|tv|telly|sound|heating|power|electric|electricity|"
    r"connection|call|calls|engine|music|audio|mic|video|screen|router|broadband|data|line)"
    r" (?:\w+ ){0,4}(?:cut|cutting|cuts) (?:out|off)"
    r")"
)
# Hyperbole that is likely but not sure ("my sister is gonna kill me, i spilt her nail varnish"):
# a risk phrase inside it is lowered to check (a person asks), never to nothing.
_MISHAP = (
    r"(?:spilt|spilled|broke|lost|ate|forgot|ruined|borrowed|crashed|dropped|smashed|scratched|"
    r"stained|nicked|burnt|burned|dyed|failed|wrecked)"
)
_LAUGH = r"(?:lol|lmao|lmfao|haha\w*|😂|🤣|💀)"
_UNSURE = re.compile(
    r"\b(?:going to|gonna|will|would) (?:kill|murder) (?:me|us)\b.{0,50}\b(?:i|we|cos i|because i)"
    rf" (?:\w+ ){{0,2}}{_MISHAP}\b|\b{_MISHAP}\b.{{0,50}}\b(?:going to|gonna|will|would) "
    r"(?:kill|murder) (?:me|us)\b|"
    # Laughing about wanting to end an annoying person: "im gonna kill my manager lol".
    r"(?:^|\bi (?:am )?)(?:going to|gonna|will|could|would|wanna|want to) "
    rf"(?:kill|murder|strangle) (?:my|him|her|them|that|this|the) (?:\w+ ){{0,12}}?{_LAUGH}|"
    # Something dull or embarrassing "made me want to die": "so long i wanted to die".
    r"\bso (?:long|boring|cringe|cringey|embarrassing|awkward|dull|slow|tedious) (?:that )?i "
    r"(?:literally |actually |nearly |almost |)(?:wanted to|could have|could|thought i would) "
    r"(?:die|have died)\b"
)
# A threat someone said or sent, or beside a weapon, is not hyperbole: "he said he'd kill me".
_REPORTED = re.compile(
    r"\b(?:said|says|saying|told|tells|threat\w*|messag\w*|text\w*|sent|knife|knives|blade|gun|"
    r"weapon|machete)\b"
)
# Talking about a subject, not a person: training, a lesson, the news, what the council does.
_TOPIC = re.compile(
    r"\b(?:training|workshop|workshops|session|sessions|assembly|talks? (?:on|about)|"
    r"lessons? (?:on|about)|projects? (?:on|about)|course on|debate|awareness|leaflets?|"
    r"campaign|prevention|dissertation|documentary|on the news|the news|article|research|"
    r"essay|pshe|citizenship|sociology|criminology|history|first aid|"
    r"(?:learned|learnt|learning|talked|taught us) about|what does the council do|"
    r"does the council (?:do|help|have)|how does the council|knife crime|signs of|"
    r"young people who|kids who|people who have|volunteer|what happens if|"
    r"(?:worried|scared) about (?:becoming|being|ending up)|a care leaver becomes|"
    r"book (?:is )?about|should know|should teach|should get training)\b"
)
_PAST = re.compile(
    r"\b(?:used to|when i was (?:younger|little|small|a kid|a child|\d+)|years ago|year ago|"
    r"in the past|back then|no longer|not any more|do not any more|clean for|"
    r"(?:i am|feel|feeling|doing) (?:ok|okay|fine|better|good|alright|safe) now|"
    r"recovered|recovery|in recovery|got help|have not .{0,30} since|been \w+ (?:years?|months?)|"
    r"before i came into care|my old (?:placement|foster|home|school)|last year|"
    r"when i lived with|at my last)"
)
_PRESENT = re.compile(
    r"\b(?:again|tonight|right now|still|today|started|relapsed|relapse|going to|"
    # Wanting to help others with what they went through is not wanting it now.
    r"want to(?! (?:help|support|share|mentor|volunteer|give back|get involved|warn|"
    r"(?:talk|speak) (?:to|at|with) (?:other|others|younger|kids|young people|groups|schools)|"
    r"tell (?:other|others|younger|kids|young people)))|"
    r"planning|plan to|keep|keeps|every day|this week|at the moment|currently)\b"
)


def idiom_spans(joined: str) -> list[tuple[int, int]]:
    """Spans (in characters) of hyperbole and idiom: "homework is killing me", "dying to"."""
    return [m.span() for m in _IDIOM.finditer(joined)]


def unsure_spans(joined: str) -> list[tuple[int, int]]:
    """Spans of likely but unsure hyperbole: their risk phrases are lowered to check."""
    return [
        m.span()
        for m in _UNSURE.finditer(joined)
        if not _REPORTED.search(joined, max(0, m.start() - 40))
    ]


def about_a_topic(joined: str) -> bool:
    """A message about a subject ("a workshop on county lines"), not about a person's harm."""
    return bool(_TOPIC.search(joined))


def recovered_past(joined: str) -> bool:
    """Told as harm now over ("i used to self harm but im ok now"), with nothing said of now."""
    return bool(_PAST.search(joined)) and not _PRESENT.search(joined)


def masked_tokens(tokens: Sequence[str], joined: str, spans: list[tuple[int, int]]) -> list[str]:
    """The tokens with those inside the character spans of `joined` blanked out."""
    masked = list(tokens)
    for start, end in spans:
        first = joined.count(" ", 0, start)
        last = joined.count(" ", 0, end)
        for index in range(first, min(last + 1, len(masked))):
            masked[index] = "\x00"
    return masked


# A word this long that is no English word may be several typed with no spaces.
RUN_TOGETHER = 9


def run_together(found: Sequence[str], vocabulary: Vocabulary) -> list[int]:
    """Indexes of words typed with no spaces between them ("iwanttodie", a hashtag)."""
    return [
        i
        for i, word in enumerate(found)
        if len(word) >= RUN_TOGETHER and word.isalpha() and not vocabulary.known(word)
    ]
