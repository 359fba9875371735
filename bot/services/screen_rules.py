"""Screening rules: risk phrases, someone-plus-harm patterns, and guards for idiom and the past.

Rules are the robust core of the screen: they work on the normalised words (screen_text), so a
phrase written once in safeguarding.yaml also catches its disguised, misspelt and text-speak forms.
Every lookup is by dictionary, so the time taken grows with the length of the message only.
"""

from __future__ import annotations

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
        # First word → second word (None for a phrase of one word) → (place in the list, phrase,
        # label): a common first word ("i", "my") starts hundreds of phrases, and the second
        # word narrows them to a few before any is compared whole.
        self._by_first: dict[str, dict[str | None, list[tuple[int, tuple[str, ...], str]]]] = {}
        self._by_prefix: dict[str, list[tuple[str, str]]] = defaultdict(list)
        # Phrases of several words, for words typed with no spaces at all ("iwanttokillmyself").
        self._within: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for place, (phrase_words, label) in enumerate(phrases):
            phrase = tuple(phrase_words)
            if not phrase:
                continue
            second = phrase[1] if len(phrase) > 1 else None
            after = self._by_first.setdefault(phrase[0], {})
            after.setdefault(second, []).append((place, phrase, label))
            joined = "".join(phrase)
            if len(joined) > self._KEY:
                self._by_prefix[joined[: self._KEY]].append((joined, label))
                if len(phrase) > 1 and len(joined) >= self._WITHIN:
                    self._within[joined[: self._KEY]].append((joined, label))

    def find(self, words: Sequence[str]) -> list[tuple[str, int]]:
        """(label, index of the first word) for every match, in the order they appear."""
        found: list[tuple[str, int]] = []
        last = len(words) - 1
        for index, word in enumerate(words):
            after = self._by_first.get(word)
            if after is None:
                continue
            candidates = after.get(None, [])
            if index < last and (longer := after.get(words[index + 1])):
                # In the order the phrases were given, as when all were tried in turn.
                candidates = sorted(candidates + longer) if candidates else longer
            for _, phrase, label in candidates:
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
    cry: bool = False  # the whole message is a short cry for help: a person checks
    meant: bool = False  # a joke about dying said to be meant ("kill me now lol. i mean it")

    @property
    def capped(self) -> bool:
        """A guard applied: the model alone may not make this message urgent."""
        return self.idiom or self.topic or self.past

    @property
    def level(self) -> int:
        if self.urgent:
            return URGENT
        return CHECK if self.check or self.cry or self.meant else 0

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
            before = words[index + offset]  # the word just before the harm
            if _harm_done(harm, before, after):
                category = "domestic_abuse" if word in PARTNERS else "physical_abuse"
                found.append((category, index))
                break
            if harm in SEXUAL and _done_to(after):
                found.append(("sexual_abuse_grooming", index))
                break
    return found


# After "a", "the" or "best", "bit" is a noun ("a bit of me", "the best bit of my week"), where
# "gave me a slap across the face", "the lad that punched me" and "he first bit me" stay harm.
BIT = stem("bit")
_A = _stems("a the best")


def _harm_done(harm: str, before: str, after: Sequence[str]) -> bool:
    """`after`: the three words after the harm: a person or a place (the neck, the wall)."""
    if harm not in HARMS or (harm == BIT and before in _A):
        return False
    return any(w in OBJECTS or w in HARM_PLACES for w in after)


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
