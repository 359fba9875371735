"""The screen's word lists: text-speak it expands, and slang that counts as English."""

from __future__ import annotations

# Text-speak and apostrophe-less contractions, read before and after leetspeak.
TEXT_SPEAK: dict[str, str] = {
    "2": "to",
    "4": "for",
    "b": "be",
    "u": "you",
    "mi": "me",
    "ya": "you",
    "yu": "you",
    "r": "are",
    "ur": "your",
    "urself": "yourself",
    "n": "and",
    "ne": "any",
    "nemore": "any more",
    "anymore": "any more",
    "no1": "no one",
    "noone": "no one",
    "nobody": "no one",
    "every1": "everyone",
    "some1": "someone",
    "any1": "anyone",
    "idw": "i do not want",
    "idwt": "i do not want to",
    "idk": "i do not know",
    "idc": "i do not care",
    "dw": "do not worry",
    "wanna": "want to",
    "wana": "want to",
    "wnna": "want to",
    "wnt": "want",
    "gonna": "going to",
    "gna": "going to",
    "gunna": "going to",
    "finna": "going to",
    "gotta": "got to",
    "hafta": "have to",
    "cba": "can not be bothered",
    "im": "i am",
    "ima": "i am going to",
    "imma": "i am going to",
    "ive": "i have",
    "dont": "do not",
    "dnt": "do not",
    "don": "do not",
    "cant": "can not",
    "cnt": "can not",
    "cannot": "can not",
    "wont": "will not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "aint": "is not",
    "wasnt": "was not",
    "werent": "were not",
    "arent": "are not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "shouldnt": "should not",
    "couldnt": "could not",
    "wouldnt": "would not",
    "youre": "you are",
    "theyre": "they are",
    "hes": "he is",
    "shes": "she is",
    "thats": "that is",
    "whats": "what is",
    "theres": "there is",
    "rn": "right now",
    "atm": "at the moment",
    "tn": "tonight",
    "2nite": "tonight",
    "2night": "tonight",
    "tonite": "tonight",
    "2day": "today",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "pls": "please",
    "plz": "please",
    "ppl": "people",
    "bc": "because",
    "cos": "because",
    "coz": "because",
    "cuz": "because",
    "wiv": "with",
    "w": "with",
    "wid": "with",
    "kil": "kill",
    "myslef": "myself",
    "mysef": "myself",
    "m8": "mate",
    "m8s": "mates",
    "gf": "girlfriend",
    "bf": "boyfriend",
    "sw": "social worker",
    "fosta": "foster",
    # Dropped letters and sound-spellings seen throughout the corpus's text-speak.
    "hav": "have",
    "bein": "being",
    "dis": "this",
    "dat": "that",
    "tht": "that",
    "tho": "though",
    "thru": "through",
    "wud": "would",
    "cud": "could",
    "shud": "should",
    "wen": "when",
    "wat": "what",
    "wot": "what",
    "kno": "know",
    "knw": "know",
    "dunno": "do not know",
    "tryna": "trying to",
    "bout": "about",
    "ova": "over",
    "ovr": "over",
    "nothin": "nothing",
    "nuthin": "nothing",
    "nuffin": "nothing",
    "sumthin": "something",
    "sum1": "someone",
    "evry1": "everyone",
    "evryone": "everyone",
    "yday": "yesterday",
    "ded": "dead",
    "luv": "love",
}


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words of texting and youth slang that are English even though a dictionary lacks them.
SLANG = _word_set(
    """lol lmao omg tbh ngl fr idk idc ikr smh rn pls plz ppl bc cos coz cuz innit bruv fam
    mandem gyaldem wagwan peng bare peak allow ting wasteman roadman opp opps ends lowkey
    highkey deffo proper mint skint yeah yh ye yea nah naw wot wat wen hw hwk gd soz bday uni
    ucas camhs iro pep pa resi selfie insta snap snapchat tiktok discord whatsapp ok okay xbox
    ps5 fifa wifi vape vaping vapes mates mate hun babe bestie bff kms kys ctb unalive
    unalived unaliving sewerslide olders ot trapping cuckooing mum mums nan grandad stepdad
    stepmum youtube netflix spotify fortnite roblox minecraft pizza chippy maccies nandos uber
    selfharm keyworker keyworkers carers placement placements"""
)

# What a number counts ("2 years", "4 days"): before one, "2" and "4" are numbers, not text-speak.
UNITS = _word_set(
    """year years yr yrs month months week weeks wk wks day days night nights hour hours hr hrs
    min mins minute minutes sec secs second seconds times stone kg pounds quid miles"""
)
