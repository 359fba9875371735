"""Guards of the screen's rules, on the normalised words (unstemmed) joined by spaces: idiom
and hyperbole ("homework is killing me"), talk about a topic, harm told as over, and a short cry
for help with no risk words ("help me", "cant cope"). Linear: bounded regular expressions."""

from __future__ import annotations

import re

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
    r"held (?:him|her|them|the baby|my (?:baby|little|new) \w+) (?:for (?:ages|a bit|a while|\w+ "
    r"(?:mins|minutes|hours))|in my arms|and (?:he|she) (?:fell asleep|smiled|stopped crying))|"
    r"held (?:his|her|my|their|our) hands?\b(?! (?:on|in|under|against|over))|"
    r"held (?:my|her|his|their) hair back (?:when|while|as|cos|coz|because) (?:i|she|he|they) "
    r"(?:was|were|got) (?:sick|being sick|throwing up|ill)|"
    r"high ropes|ropes course|(?:learn|learning|learnt|learned|knows?|show(?:s|ed|ing|n)? \w+) "
    r"the ropes|"
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
    # Training is a topic ("safeguarding training"), not a sports practice ("at training").
    r"\b(?:(?<!at )(?<!to )(?<!after )(?<!before )(?<!from )(?<!footy )(?<!football )training|"
    r"workshop|workshops|session|sessions|assembly|talks? (?:on|about)|"
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


# A short message that is only a cry for help, with no risk words ("help me", "cant cope",
# "i need help", "im not ok"): a person asks "Are you safe right now?". Longer messages with
# these words ("can you help me with my pathway plan") are for the rules and the model.
SHORT_CRY = 8  # words
_CRY = re.compile(
    r"^(?:please |pls |plz |someone |somebody |can someone |can anyone |)"
    r"(?:help|help me|help us|save me|sos|i need help|need help|i need someone|"
    r"(?:i )?(?:can not|cannot) (?:cope|breathe|do this|take (?:it|this|any more))|"
    r"(?:i am|i feel) (?:so |really |)(?:scared|frightened|terrified|not ok|not okay|not alright|"
    r"not safe|in trouble|unsafe|lost|alone)|"
    r"(?:i am|i feel) (?:so |really |)not (?:ok|okay|alright|safe|good))"
    r"(?: (?:please|pls|plz|now|right now|someone|anyone|again|any more|x{1,3})){0,3}$"
)


def short_cry_for_help(found: list[str] | tuple[str, ...], joined: str) -> bool:
    """The whole message is a short cry for help: "help me", "cant cope", "im scared"."""
    words = [w for w in found if w.isalnum()]
    return 0 < len(words) <= SHORT_CRY and bool(_CRY.match(" ".join(words)))


# A joke about dying, then taken back: "kill me now lol... actually i mean it", "im dead jk. not
# jk really", "imagine being dead, sounds restful. half joking". Whatever guarded the joke, a
# person checks. Both must be there, and "not even joking" is only emphasis.
_DEATH = (
    r"\b(?:die|dies|died|dying|dead|death|kill|kills|killing|killed|suicide|suicidal|gone|"
    r"alive|exist|existing|disappear|stop)\b"
)
_MEANT = (
    r"\b(?:i (?:actually |really |kind of |kinda |sort of |do |)mean it|(?:not|"
    r"kind of not|kinda not) (?:joking|kidding|jk)|half (?:joking|kidding)|"
    r"(?:not|only) (?:really |)(?:joking|kidding|jk) (?:really|tho|though|honestly))\b"
)
_TAKEN_BACK = re.compile(rf"{_DEATH}.{{0,200}}{_MEANT}|{_MEANT}.{{0,60}}{_DEATH}")


def meant_it(joined: str) -> bool:
    """A joke about dying said to be meant, in part or whole: a person checks."""
    return bool(_TAKEN_BACK.search(joined))
